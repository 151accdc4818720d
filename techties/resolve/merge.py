"""The same paper from different sources → one counted work: matching keys and the richness rule.

Why: analysts hold Web of Science, Scopus, Lens, Dimensions, PubMed, CNKI and OpenAlex exports
of overlapping literatures; a paper loaded from two of them must count once, or every pair count
is inflated by the overlap.

The rule (applied by the warehouse's upsert to each incoming record, see `Warehouse._merge_sources`):
1. **DOI**: records with the same DOI (lower-cased, `https://doi.org/` dropped) are one work.
2. **Title, year, first author** when a side has no DOI: the same normalised title (accents folded,
   case and punctuation dropped, at least `MIN_TITLE_WORDS` words, so "Editorial" never matches),
   the same first-author surname, and years at most one apart (a paper online in December and in
   print in January). Corrections, errata and retraction notices (by document type, or a title that
   starts "Erratum", "Correction"…) repeat the title of the paper they are about: they match by DOI only.
   Two records with different DOIs never match on their title: an erratum or a correction has its own
   DOI, and so does a preprint against its journal article; each of these is a work of its own (a
   preprint and its article are two records of one study, but this observatory counts publications
   as their sources do; OpenAlex already joins the versions it knows). Known miss: a preprint record
   without a DOI matches its article on the title.
3. Only records of *different* sources are merged: two records one source keeps apart are two works
   by that source's judgement.

The counted work keeps the id of the first record stored (stable across re-runs) and takes every
column and child row (authorships, fields, funders) of its **richest** record: the most authorships
with an institution id, then with a country, then the most authorships, then an abstract, then the
most fields; a tie keeps the record already chosen. `work_sources` lists every source record behind
a work (source, record id, retrieval date, snapshot date, how it matched).
"""

from __future__ import annotations

from dataclasses import dataclass

from techties.warehouse.keys import (  # noqa: F401  (re-exported: the rule's keys live below resolve/)
    KEY_SCHEMA,
    MAX_YEAR_GAP,
    MIN_TITLE_WORDS,
    doi_key,
    is_notice,
    normalise_title,
    richness,
    source_family,
    surname,
    title_key,
    work_keys,
)


@dataclass(frozen=True)
class RecordKeys:
    """What the matcher compares about one record (for evaluating the rule on labelled pairs)."""

    source: str
    doi: str | None
    title: str | None
    year: int | None
    first_author: str | None
    type: str | None = None


def same_work(a: RecordKeys, b: RecordKeys) -> tuple[bool, str]:
    """The warehouse's rule for two records, as a pure function: (match?, 'doi' | 'title' | reason)."""
    if source_family(a.source) == source_family(b.source):
        return False, "same source"
    da, db = doi_key(a.doi), doi_key(b.doi)
    if da and db:
        return (da == db), "doi"
    ta, tb = title_key(a.title, a.first_author, a.type), title_key(b.title, b.first_author, b.type)
    if ta is None or tb is None or a.year is None or b.year is None:
        return False, "title too short or no year"
    return (ta == tb and abs(a.year - b.year) <= MAX_YEAR_GAP), "title"
