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

from techties.sources.csvutil import Row, read_csv_export
from techties.sources.tagged import Draft, Item, clean_doi, int_or_none, year_of

REQUIRED_COLUMNS = ("Publication ID", "Title")
PREAMBLE = "About the data"
ORG_COLUMNS = ("Authors Affiliations - Name of Research organization", "Research Organizations - standardized")
COUNTRY_COLUMNS = ("Authors Affiliations - Country of Research organization", "Country of Research organization")


def organisations(row: Row) -> list[str]:
    """'Org A; Org B' + 'China; Russia' → ['Org A, China', 'Org B, Russia'] (paired by position)."""
    orgs = row.values(*ORG_COLUMNS)
    countries = row.values(*COUNTRY_COLUMNS)
    if len(countries) == len(orgs):
        return [f"{o}, {c}" for o, c in zip(orgs, countries, strict=True)]
    return orgs or countries  # unpaired: the names alone (or the countries alone)


def _draft(row: Row) -> Draft:
    return Draft(
        work_id="dimensions:" + row.required("Publication ID"), source="dimensions", title=row.text("Title"),
        abstract=row.text("Abstract"), doi=clean_doi(row.text("DOI")),
        year=year_of(row.text("PubYear")) or year_of(row.text("Publication Date")),
        pub_date=row.text("Publication Date"), type=row.text("Publication Type", "Document Type"),
        cited_by_count=int_or_none(row.text("Times cited")),
        authors=[(a, []) for a in row.values("Authors")],
        loose=organisations(row),
    )


def read_dimensions(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """Yield (last line of the row, Work or BadRecord) for a Dimensions publications CSV export."""
    return read_csv_export(path, skip_lines=skip_lines, required=REQUIRED_COLUMNS, draft=_draft,
                           label="Dimensions", preamble=PREAMBLE)
