"""OpenAlex work records (snapshot JSON Lines or API results) → `Work` records.

Handles the current schema (primary_location, topics, grants / funders+awards, institution
lineage) and the 2022 schema (host_venue, concepts with scores as strings, no lineage).
Only the fields techties stores are declared: msgspec skips the rest without building
Python objects, which is what makes a 330 GB snapshot readable on a laptop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

import msgspec

from techties.records import Authorship, BadRecord, Institution, Work, WorkField, WorkFunder
from techties.sources.io import iter_lines

OPENALEX_PREFIX = "https://openalex.org/"
SYNTHETIC_MARK = "techties_synthetic"  # top-level key the synthetic generator sets


class _Named(msgspec.Struct, gc=False):
    id: str | None = None
    display_name: str | None = None


class _Institution(msgspec.Struct, gc=False):
    id: str | None = None
    display_name: str | None = None
    ror: str | None = None
    country_code: str | None = None
    type: str | None = None
    lineage: list[str] | None = None


class _Author(msgspec.Struct, gc=False):
    id: str | None = None
    display_name: str | None = None


class _Authorship(msgspec.Struct, gc=False):
    author_position: str | None = None
    author: _Author | None = None
    institutions: list[_Institution] = []
    countries: list[str] = []
    raw_affiliation_string: str | None = None
    raw_affiliation_strings: list[str] = []
    raw_author_name: str | None = None


class _Concept(msgspec.Struct, gc=False):
    id: str | None = None
    display_name: str | None = None
    level: int | None = None
    score: float | None = None


class _Topic(msgspec.Struct, gc=False):
    id: str | None = None
    display_name: str | None = None
    score: float | None = None
    subfield: _Named | None = None
    field: _Named | None = None
    domain: _Named | None = None


class _Grant(msgspec.Struct, gc=False):
    funder: str | None = None
    funder_display_name: str | None = None
    award_id: str | None = None


class _Award(msgspec.Struct, gc=False):
    funder_id: str | None = None
    funder_display_name: str | None = None
    funder_award_id: str | None = None


class _OpenAlexWork(msgspec.Struct, gc=False):
    id: str
    doi: str | None = None
    title: str | None = None
    display_name: str | None = None
    publication_year: int | None = None
    publication_date: str | None = None
    language: str | None = None
    type: str | None = None
    cited_by_count: int | None = None
    updated_date: str | None = None
    authorships: list[_Authorship] = []
    concepts: list[_Concept] = []
    topics: list[_Topic] = []
    grants: list[_Grant] = []
    funders: list[_Named] = []
    awards: list[_Award] = []
    abstract_inverted_index: dict[str, list[int]] | None = None
    techties_synthetic: bool = False


_DECODER = msgspec.json.Decoder(_OpenAlexWork, strict=False)  # strict=False: 2022 scores are strings


def short_id(url: str | None) -> str | None:
    """`https://openalex.org/W123` → `W123`."""
    if not url:
        return None
    return url[len(OPENALEX_PREFIX):] if url.startswith(OPENALEX_PREFIX) else url


def rebuild_abstract(index: dict[str, list[int]] | None) -> str | None:
    """Abstract text from OpenAlex's inverted index (word → positions)."""
    if not index:
        return None
    slots: dict[int, str] = {}
    for word, positions in index.items():
        for pos in positions:
            slots[pos] = word
    return " ".join(slots[i] for i in sorted(slots)) or None


def _doi(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().lower()
    for prefix in ("https://doi.org/", "http://dx.doi.org/", "doi:"):
        if v.startswith(prefix):
            v = v[len(prefix):]
    return v or None


def _institution(inst: _Institution) -> Institution | None:
    iid = short_id(inst.id)
    if not iid:
        return None
    lineage = [short_id(x) or x for x in (inst.lineage or [])]
    return Institution(
        institution_id=f"openalex:{iid}",
        name=inst.display_name or iid,
        ror=inst.ror,
        country_code=(inst.country_code or None),
        type=inst.type,
        lineage=[f"openalex:{x}" for x in lineage],
        source="openalex",
    )


def convert(rec: _OpenAlexWork, *, source: str, as_of: str | None, retrieved_at: str) -> Work:
    """One decoded OpenAlex work → a techties Work (pure)."""
    wid = short_id(rec.id) or rec.id
    authorships: list[Authorship] = []
    institutions: dict[str, Institution] = {}
    for pos, a in enumerate(rec.authorships):
        name = (a.author.display_name if a.author else None) or a.raw_author_name or ""
        author_id = short_id(a.author.id) if a.author else None
        raw = "; ".join(a.raw_affiliation_strings) if a.raw_affiliation_strings else a.raw_affiliation_string
        insts = [i for i in (_institution(x) for x in a.institutions) if i is not None]
        for inst in insts:
            institutions[inst.institution_id] = inst
        if insts:
            for inst in insts:
                authorships.append(Authorship(
                    position=pos, author_name=name, author_id=author_id, institution_id=inst.institution_id,
                    raw_affiliation=raw, country_code=inst.country_code,
                    country_method="institution" if inst.country_code else "none",
                ))
        else:
            countries = [c for c in a.countries if c]
            if countries:
                for c in countries:
                    authorships.append(Authorship(position=pos, author_name=name, author_id=author_id,
                                                  raw_affiliation=raw, country_code=c, country_method="source"))
            else:
                authorships.append(Authorship(position=pos, author_name=name, author_id=author_id,
                                              raw_affiliation=raw))
    fields: list[WorkField] = []
    for c in rec.concepts:
        if c.display_name:
            fields.append(WorkField(taxonomy="openalex-concept", field=c.display_name, score=c.score))
    for i, t in enumerate(rec.topics):
        if t.display_name:
            fields.append(WorkField(taxonomy="openalex-topic", field=t.display_name, score=t.score))
        if i == 0:  # the primary topic's subfield and field describe the work as a whole
            if t.subfield and t.subfield.display_name:
                fields.append(WorkField(taxonomy="openalex-subfield", field=t.subfield.display_name, score=t.score))
            if t.field and t.field.display_name:
                fields.append(WorkField(taxonomy="openalex-field", field=t.field.display_name, score=t.score))
    funders: dict[tuple[str | None, str | None], WorkFunder] = {}
    for g in rec.grants:
        if g.funder_display_name or g.funder:
            key = (short_id(g.funder), g.award_id)
            funders[key] = WorkFunder(funder_name=g.funder_display_name or "", funder_id=short_id(g.funder),
                                      award_id=g.award_id)
    for aw in rec.awards:
        key = (short_id(aw.funder_id), aw.funder_award_id)
        funders.setdefault(key, WorkFunder(funder_name=aw.funder_display_name or "",
                                           funder_id=short_id(aw.funder_id), award_id=aw.funder_award_id))
    seen_funder_ids = {k[0] for k in funders}
    for f in rec.funders:
        fid = short_id(f.id)
        if fid not in seen_funder_ids:
            funders[(fid, None)] = WorkFunder(funder_name=f.display_name or "", funder_id=fid)
    return Work(
        work_id=f"openalex:{wid}",
        source=source,
        title=rec.title or rec.display_name,
        abstract=rebuild_abstract(rec.abstract_inverted_index),
        doi=_doi(rec.doi),
        year=rec.publication_year,
        pub_date=rec.publication_date,
        language=rec.language,
        type=rec.type,
        cited_by_count=rec.cited_by_count,
        version=rec.updated_date,
        as_of=as_of,
        retrieved_at=retrieved_at,
        synthetic=rec.techties_synthetic,
        authorships=authorships,
        fields=fields,
        funders=list(funders.values()),
        institutions=list(institutions.values()),
    )


def decode_work(raw: bytes | str, *, source: str = "openalex-snapshot", as_of: str | None = None,
                retrieved_at: str = "") -> Work:
    """Decode one JSON work (a snapshot line or an API result) into a Work."""
    return convert(_DECODER.decode(raw), source=source, as_of=as_of, retrieved_at=retrieved_at)


def work_from_dict(record: dict, *, source: str = "openalex-api", as_of: str | None = None,
                   retrieved_at: str = "") -> Work:
    """An already-parsed work (an API result) into a Work, without going back through JSON text."""
    return convert(msgspec.convert(record, _OpenAlexWork, strict=False), source=source, as_of=as_of,
                   retrieved_at=retrieved_at)


def snapshot_as_of(path: str | Path) -> str | None:
    """The snapshot date from the path (`updated_date=2024-01-31/part_000.gz`), else the file's mtime."""
    for part in Path(path).parts:
        if part.startswith("updated_date="):
            return part.split("=", 1)[1]
    return dt.date.fromtimestamp(Path(path).stat().st_mtime).isoformat()


def read_snapshot(
    path: str | Path, *, skip_lines: int = 0, lines: Iterable[tuple[int, bytes]] | None = None
) -> Iterator[tuple[int, Work | BadRecord]]:
    """Yield (line number, Work or BadRecord) for each line of an OpenAlex JSON Lines file.

    Lines up to `skip_lines` are decompressed but not parsed (resuming a killed run)."""
    as_of = snapshot_as_of(path)
    retrieved = dt.datetime.now(dt.UTC).date().isoformat()
    for lineno, raw in lines if lines is not None else iter_lines(path):
        if lineno <= skip_lines or not raw.strip():
            continue
        try:
            yield lineno, decode_work(raw, as_of=as_of, retrieved_at=retrieved)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError) as exc:
            yield lineno, BadRecord(file=str(path), line=lineno, error=f"invalid OpenAlex work: {exc}",
                                    raw_excerpt=raw[:300].decode("utf-8", "replace"))
