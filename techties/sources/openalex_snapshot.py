"""OpenAlex work records (snapshot JSON Lines or API results) → `Work` records.

Handles the current schema (primary_location, topics, grants / funders+awards, institution
lineage) and the 2022 schema (host_venue, concepts with scores as strings, no lineage).
Only the fields techties stores are declared: msgspec skips the rest without building
Python objects, which is what makes a 330 GB snapshot readable on a laptop.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import msgspec

from techties.records import BadRecord, Work
from techties.sources.io import decode_error, iter_lines
from techties.warehouse.batch import WorkBatch

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
    slots: list[str | None] = [None] * sum(map(len, index.values()))  # positions are 0..n-1 as a rule
    try:
        for word, positions in index.items():
            for pos in positions:
                slots[pos] = word
    except IndexError:  # gaps in the positions: place the words by sorting them instead
        placed = {pos: word for word, positions in index.items() for pos in positions}
        return " ".join(placed[i] for i in sorted(placed)) or None
    if None in slots:  # a position given twice leaves a slot empty
        return " ".join([w for w in slots if w is not None]) or None
    return " ".join(slots) or None  # type: ignore[arg-type]


def _doi(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().lower()
    for prefix in ("https://doi.org/", "http://dx.doi.org/", "doi:"):
        if v.startswith(prefix):
            v = v[len(prefix):]
    return v or None


def _add_institution(batch: WorkBatch, inst: _Institution) -> tuple[str, str | None] | None:
    """Store an institution row once per batch; its (id, country), or None without an id."""
    iid = short_id(inst.id)
    if not iid:
        return None
    key = f"openalex:{iid}"
    row = batch.institutions.get(key)
    if row is None:
        lineage = [f"openalex:{short_id(x) or x}" for x in inst.lineage] if inst.lineage else None
        row = batch.institutions[key] = (
            key, inst.ror, inst.display_name or iid, None, inst.country_code or None, inst.type, None,
            json.dumps(lineage) if lineage else None, "openalex",
        )
    return key, row[4]


def add_record(batch: WorkBatch, rec: _OpenAlexWork, *, source: str, as_of: str | None, retrieved_at: str) -> None:
    """Append one decoded OpenAlex work to a batch: its works row and its child rows."""
    wid = f"openalex:{(short_id(rec.id) or '').strip()}"  # `"id": ""` gives `openalex:`, which the batch refuses
    batch.add_work((
        wid, source, _doi(rec.doi), rec.title or rec.display_name, rebuild_abstract(rec.abstract_inverted_index),
        rec.publication_year, rec.publication_date, rec.language, rec.type, rec.cited_by_count, rec.updated_date,
        as_of, retrieved_at, rec.techties_synthetic,
    ))
    add_authorship = batch.add_authorship
    seen_institutions = batch.institution_keys  # raw OpenAlex id → (key, country), shared by the batch
    for pos, a in enumerate(rec.authorships):
        author = a.author
        if author is not None:
            name = author.display_name or a.raw_author_name or ""
            author_id = short_id(author.id)
        else:
            name, author_id = a.raw_author_name or "", None
        raw = "; ".join(a.raw_affiliation_strings) if a.raw_affiliation_strings else a.raw_affiliation_string
        placed = False
        for inst in a.institutions:
            found = seen_institutions.get(inst.id) if inst.id else None
            if found is None:
                found = _add_institution(batch, inst)
                if found is None:
                    continue
                seen_institutions[inst.id] = found
            iid, country = found
            add_authorship((wid, pos, author_id, name, iid, raw, country, "institution" if country else "none"))
            placed = True
        if not placed:
            countries = [c for c in a.countries if c]
            if countries:
                for c in countries:
                    add_authorship((wid, pos, author_id, name, None, raw, c, "source"))
            else:
                add_authorship((wid, pos, author_id, name, None, raw, None, "none"))
    fields = batch.fields
    for c in rec.concepts:
        if c.display_name:
            fields.append((wid, "openalex-concept", c.display_name, c.score))
    for i, t in enumerate(rec.topics):
        if t.display_name:
            fields.append((wid, "openalex-topic", t.display_name, t.score))
        if i == 0:  # the primary topic's subfield and field describe the work as a whole
            if t.subfield and t.subfield.display_name:
                fields.append((wid, "openalex-subfield", t.subfield.display_name, t.score))
            if t.field and t.field.display_name:
                fields.append((wid, "openalex-field", t.field.display_name, t.score))
    if rec.grants or rec.awards or rec.funders:
        _add_funders(batch, wid, rec)


def _add_funders(batch: WorkBatch, wid: str, rec: _OpenAlexWork) -> None:
    """Funder rows from the 2022-23 `grants` or the current `awards` + `funders`, once per (funder, award)."""
    funders: dict[tuple[str | None, str | None], tuple[str, str | None, str, str | None]] = {}
    for g in rec.grants:
        if g.funder_display_name or g.funder:
            fid = short_id(g.funder)
            funders[(fid, g.award_id)] = (wid, fid, g.funder_display_name or "", g.award_id)
    for aw in rec.awards:
        fid = short_id(aw.funder_id)
        funders.setdefault((fid, aw.funder_award_id), (wid, fid, aw.funder_display_name or "", aw.funder_award_id))
    seen_funder_ids = {k[0] for k in funders}
    for f in rec.funders:
        fid = short_id(f.id)
        if fid not in seen_funder_ids:
            funders[(fid, None)] = (wid, fid, f.display_name or "", None)
    batch.funders.extend(funders.values())


def decode_work(raw: bytes | str, *, source: str = "openalex-snapshot", as_of: str | None = None,
                retrieved_at: str = "") -> Work:
    """Decode one JSON work into a `Work` record."""
    batch = WorkBatch()
    add_record(batch, _DECODER.decode(raw), source=source, as_of=as_of, retrieved_at=retrieved_at)
    return batch.to_works()[0]


def add_dict(batch: WorkBatch, record: dict, *, source: str = "openalex-api", as_of: str | None = None,
             retrieved_at: str = "") -> None:
    """An already-parsed work (an API result) into a batch, without going back through JSON text."""
    add_record(batch, msgspec.convert(record, _OpenAlexWork, strict=False), source=source, as_of=as_of,
               retrieved_at=retrieved_at)


def work_from_dict(record: dict, *, source: str = "openalex-api", as_of: str | None = None,
                   retrieved_at: str = "") -> Work:
    """An already-parsed work (an API result) into a `Work` record."""
    batch = WorkBatch()
    add_dict(batch, record, source=source, as_of=as_of, retrieved_at=retrieved_at)
    return batch.to_works()[0]


def folder_as_of(path: str | Path) -> str | None:
    """The snapshot date the path names (`updated_date=2024-01-31/part_000.gz`), else None."""
    for part in Path(path).parts:
        if part.startswith("updated_date="):
            return part.split("=", 1)[1]
    return None


def file_date(path: str | Path) -> str:
    """The day the file was last written (its mtime): the last resort for an as-of date."""
    return dt.date.fromtimestamp(Path(path).stat().st_mtime).isoformat()


def snapshot_as_of(path: str | Path) -> str | None:
    """One date for a whole file: the snapshot folder's, else the file's mtime."""
    return folder_as_of(path) or file_date(path)


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only, as DuckDB's and Spark's [0-9]


def record_as_of(updated_date: object, latest: str) -> str | None:
    """The day of a work's own `updated_date` ('2023-12-14T05:39:06.1' -> '2023-12-14') when it is a real
    date no later than `latest` (the file's mtime day: no record was updated after its file was written),
    else None. Why the check: one record's "2099-13-45" became the as-of of every output."""
    if not isinstance(updated_date, str) or not _DAY.match(updated_date):
        return None
    try:
        day = dt.date.fromisoformat(updated_date[:10])
    except ValueError:
        return None
    return updated_date[:10] if day.isoformat() <= latest else None


def work_days(path: str | Path, as_of: str | None = None) -> Callable[[object], str]:
    """A work's as-of date from its `updated_date`, for the works of one file: `as_of` when given, else the
    snapshot folder's date, else the work's own day (`record_as_of`), else the file's mtime. Why the work's
    date before the mtime: a loose file's mtime is when it was copied (a fresh clone of the demo data said
    "as of" today for records last updated in 2021-2023). The native and Spark ingests use the same rule
    (openalex_native.sql, spark_ingest.py)."""
    fixed = as_of if as_of is not None else folder_as_of(path)
    if fixed is not None:
        return lambda _updated: fixed
    latest = file_date(path)  # the file's mtime: the latest a work's own date may be
    return lambda updated: record_as_of(updated, latest) or latest


def parse_lines(path: str, lines: Iterable[tuple[int, bytes | memoryview]], *, as_of: str | None = None,
                retrieved_at: str | None = None) -> tuple[WorkBatch, list[BadRecord]]:
    """Numbered snapshot lines → a batch of rows and the lines that could not be used; each work dated by
    `work_days`."""
    day_of = work_days(path, as_of)
    retrieved = retrieved_at or dt.datetime.now(dt.UTC).date().isoformat()
    batch = WorkBatch()
    bad: list[BadRecord] = []
    for lineno, raw in lines:
        if not raw or raw[0] in _BLANK and not bytes(raw).strip():
            continue
        mark = batch.mark()
        try:
            rec = _DECODER.decode(raw)
            add_record(batch, rec, source="openalex-snapshot", as_of=day_of(rec.updated_date), retrieved_at=retrieved)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError, RecursionError) as exc:
            batch.rollback(mark)
            bad.append(BadRecord(file=str(path), line=lineno, error=f"invalid OpenAlex work: {decode_error(exc)}",
                                 raw_excerpt=bytes(raw[:300]).decode("utf-8", "replace")))
    return batch, bad


_BLANK = frozenset(b" \t\r\n")


def block_lines(first_line: int, block: bytes) -> Iterator[tuple[int, memoryview]]:
    """Numbered lines of a block, as views into it: msgspec decodes them without a copy."""
    view = memoryview(block)
    start, lineno, find = 0, first_line, block.find
    while (end := find(b"\n", start)) >= 0:
        yield lineno, view[start:end]
        start, lineno = end + 1, lineno + 1
    if start < len(block):
        yield lineno, view[start:]


def read_snapshot(
    path: str | Path, *, skip_lines: int = 0, lines: Iterable[tuple[int, bytes]] | None = None
) -> Iterator[tuple[int, Work | BadRecord]]:
    """Yield (line number, Work or BadRecord) for each line of an OpenAlex JSON Lines file, one by one
    (the ingest uses `parse_lines`, which skips the `Work` records).

    Lines up to `skip_lines` are decompressed but not parsed (resuming a killed run)."""
    retrieved = dt.datetime.now(dt.UTC).date().isoformat()
    for lineno, raw in lines if lines is not None else iter_lines(path):
        if lineno <= skip_lines or not raw.strip():
            continue
        batch, bad = parse_lines(str(path), [(lineno, raw)], retrieved_at=retrieved)
        yield lineno, (bad[0] if bad else batch.to_works()[0])
