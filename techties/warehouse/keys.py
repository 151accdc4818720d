"""The keys a work record is stored and matched under, and its richness: pure functions of the record.

Why here, below resolve/: every way works reach the warehouse (ingest, `Warehouse.store_batch`,
`store_prepared`) must record them in `work_sources`, so that a later record of another source merges
with the work; the warehouse computes them when a batch comes without them. The merge rule that uses
them is documented in techties/resolve/merge.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyarrow as pa

MIN_TITLE_WORDS = 3
MAX_YEAR_GAP = 1
KEY_SCHEMA = pa.schema([
    ("work_id", pa.string()), ("source", pa.string()), ("family", pa.string()), ("doi_key", pa.string()),
    ("title_key", pa.string()), ("year", pa.int32()), ("richness", pa.int64()), ("as_of", pa.string()),
    ("retrieved_at", pa.string()),
])
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")
_TAGS = re.compile(r"<[^>]{0,40}>")
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")


def source_family(source: str | None) -> str:
    """`openalex-snapshot` and `openalex-api` are one source; every other source is its own."""
    source = source or ""
    return "openalex" if source.startswith("openalex") else source


def doi_key(doi: str | None) -> str | None:
    """'https://doi.org/10.1/AbC' → '10.1/abc'; None for anything that is not a DOI."""
    if not doi:
        return None
    d = _DOI_PREFIX.sub("", doi.strip()).strip().rstrip(".").lower()
    return d if d.startswith("10.") and "/" in d else None


@lru_cache(maxsize=1 << 16)
def normalise_title(title: str | None) -> str:
    """Accents folded, markup, case and punctuation dropped, spaces single: the form titles are compared in."""
    if not title:
        return ""
    t = unicodedata.normalize("NFKD", _TAGS.sub(" ", title))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return " ".join(_NON_WORD.sub(" ", t).replace("_", " ").split())


def surname(name: str | None) -> str:
    """The family name of an author as any source writes it, folded: 'Zhang, Wei', 'Zhang W.', 'Zhang W',
    'Wei Zhang', 'ZHANG Wei' → 'zhang'. Han names are kept whole (no Latin form to compare with)."""
    name = (name or "").strip()
    if not name:
        return ""
    if "," in name:
        fam = name.split(",", 1)[0]
    else:
        parts = name.split()
        if len(parts) > 1 and _INITIALS.match(parts[-1]):
            fam = " ".join(parts[:-1])  # 'Zhang W.' (Scopus, PubMed AU)
        elif len(parts) > 1 and parts[0].isupper() and not parts[-1].isupper() and not _INITIALS.match(parts[0]):
            fam = parts[0]  # 'ZHANG Wei' (but not 'M. Petrich')
        else:
            fam = parts[-1]  # 'Wei Zhang', 'M. Petrich' (OpenAlex, Lens)
    return normalise_title(fam).replace(" ", "")


_NOTICE = re.compile(r"^\s*(correction|erratum|corrigendum|retraction|addendum|expression of concern)", re.IGNORECASE)


def is_notice(title: str | None, doc_type: str | None) -> bool:
    """A correction, erratum or retraction notice: it repeats the title of the paper it is about."""
    return any(_NOTICE.match(t) for t in (doc_type or "").split(";")) or bool(
        title and _NOTICE.match(normalise_title(title).split(" ", 1)[0]))


def title_key(title: str | None, first_author: str | None, doc_type: str | None = None) -> str | None:
    """'normalised title|surname', or None when the title is too short to identify a paper or the record
    is a notice about another paper (notices are matched by DOI only)."""
    norm = normalise_title(title)
    if len(norm.split()) < MIN_TITLE_WORDS or is_notice(title, doc_type):
        return None
    return f"{norm}|{surname(first_author)}"


def richness(n_with_institution: int, n_with_country: int, n_authorships: int, has_abstract: bool,
             n_fields: int) -> int:
    """One integer that orders records by the documented rule (each part capped so it cannot spill)."""
    cap = 9999
    return (min(n_with_institution, cap) * 10**12 + min(n_with_country, cap) * 10**8
            + min(n_authorships, cap) * 10**4 + (5000 if has_abstract else 0) + min(n_fields, 4999))


def work_keys(tables: dict[str, pa.Table]) -> pa.Table:
    """The matching keys and richness of each work of a flattened batch (after countries are resolved)."""
    works = tables["works"]
    inst: dict[str, int] = defaultdict(int)
    country: dict[str, int] = defaultdict(int)
    n_auth: dict[str, int] = defaultdict(int)
    first: dict[str, tuple[int, str]] = {}
    a = tables["authorships"]
    for wid, pos, name, iid, cc in zip(a["work_id"].to_pylist(), a["position"].to_pylist(),
                                       a["author_name"].to_pylist(), a["institution_id"].to_pylist(),
                                       a["country_code"].to_pylist(), strict=True):
        n_auth[wid] += 1
        inst[wid] += iid is not None
        country[wid] += cc is not None
        if name and (wid not in first or pos < first[wid][0]):
            first[wid] = (pos, name)
    n_fields: dict[str, int] = defaultdict(int)
    for wid in tables["work_fields"]["work_id"].to_pylist():
        n_fields[wid] += 1
    cols = {c: works[c].to_pylist() for c in ("work_id", "source", "doi", "title", "year", "abstract", "as_of",
                                               "retrieved_at", "type")}
    return keys_table(
        (wid, cols["source"][k], cols["doi"][k], cols["title"][k], cols["year"][k], bool(cols["abstract"][k]),
         cols["as_of"][k], cols["retrieved_at"][k], cols["type"][k], first.get(wid, (0, ""))[1], inst[wid],
         country[wid], n_auth[wid], n_fields[wid])
        for k, wid in enumerate(cols["work_id"]))


def keys_table(summaries: Iterable[tuple[Any, ...]]) -> pa.Table:
    """Key rows (KEY_SCHEMA) from per-work summaries: (work_id, source, doi, title, year, has_abstract,
    as_of, retrieved_at, type, first_author, n_with_institution, n_with_country, n_authorships, n_fields).
    A warehouse that already holds the works can count these in SQL and pass them here."""
    rows = [(wid, source, source_family(source), doi_key(doi), title_key(title, first_author or "", doc_type), year,
             richness(n_inst, n_country, n_auth, bool(has_abstract), n_fields), as_of, retrieved_at)
            for (wid, source, doi, title, year, has_abstract, as_of, retrieved_at, doc_type, first_author, n_inst,
                 n_country, n_auth, n_fields) in summaries]
    if not rows:
        return KEY_SCHEMA.empty_table()
    return pa.Table.from_arrays([pa.array(list(c), f.type) for c, f in zip(zip(*rows, strict=True), KEY_SCHEMA,
                                                                              strict=True)], schema=KEY_SCHEMA)
