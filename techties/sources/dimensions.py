"""Dimensions publication exports (CSV) → `Work` records.

No real Dimensions export could be had here (those found forbid reuse), so this reader and its
fixture follow the columns other public readers of the format use and Dimensions' own field
names: a one-cell preamble line ("About the data: Exported on 2024-01-01 …"), then `Publication
ID`, `DOI`, `PMID`, `Title`, `Abstract`, `Source title` (`Source title/Anthology title` in older
exports), `PubYear`, `Publication Date`, `Publication Type`, `Authors` ("Smith, John; Doe, Jane"),
`Authors Affiliations - Name of Research organization` and `Authors Affiliations - Country of
Research organization` (";"-separated and paired by position; newer exports name them `Research
Organizations - standardized` and `Country of Research organization`), `Times cited`.

Organisations are listed per document, not per author, so they are stored as loose affiliations
"Organisation, Country", each resolved to its country. A work's id is `dimensions:` + the
Publication ID (`pub.1234567890`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from techties.sources.tagged import (
    Draft,
    Item,
    clean_doi,
    int_or_none,
    read_csv_export,
    split_list,
    year_of,
)

REQUIRED_COLUMNS = ("Publication ID", "Title")
PREAMBLE = "About the data"
ORG_COLUMNS = ("Authors Affiliations - Name of Research organization", "Research Organizations - standardized")
COUNTRY_COLUMNS = ("Authors Affiliations - Country of Research organization", "Country of Research organization")


def _first(row: dict[str, str], names: tuple[str, ...]) -> str:
    for n in names:
        if (row.get(n) or "").strip():
            return row[n]
    return ""


def organisations(row: dict[str, str]) -> list[str]:
    """'Org A; Org B' + 'China; Russia' → ['Org A, China', 'Org B, Russia'] (paired by position)."""
    orgs = split_list(_first(row, ORG_COLUMNS))
    countries = split_list(_first(row, COUNTRY_COLUMNS))
    if len(countries) == len(orgs):
        return [f"{o}, {c}" for o, c in zip(orgs, countries, strict=True)]
    return orgs or countries  # unpaired: the names alone (or the countries alone)


def _draft(row: dict[str, str]) -> Draft:
    pub_id = (row.get("Publication ID") or "").strip()
    if not pub_id:
        raise ValueError("record has no Publication ID")
    return Draft(
        work_id=f"dimensions:{pub_id}", source="dimensions", title=(row.get("Title") or "").strip() or None,
        abstract=(row.get("Abstract") or "").strip() or None, doi=clean_doi(row.get("DOI")),
        year=year_of(row.get("PubYear")) or year_of(row.get("Publication Date")),
        pub_date=(row.get("Publication Date") or "").strip() or None,
        type=(row.get("Publication Type") or row.get("Document Type") or "").strip() or None,
        cited_by_count=int_or_none(row.get("Times cited")),
        authors=[(a, []) for a in split_list(row.get("Authors"))],
        loose=organisations(row),
    )


def read_dimensions(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """Yield (last line of the row, Work or BadRecord) for a Dimensions publications CSV export."""
    return read_csv_export(path, skip_lines=skip_lines, required=REQUIRED_COLUMNS, draft=_draft,
                           label="Dimensions", preamble=PREAMBLE)
