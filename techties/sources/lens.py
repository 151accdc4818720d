"""Lens.org scholarly CSV exports → `Work` records.

Columns as Lens writes them (29 in older exports, 32 now): `Lens ID`, `Title`, `Date Published`,
`Publication Year`, `Publication Type`, `Source Title`, `Author/s` ("Kristine Cerbule; Jacques
Godfroid", unknown given names written "null"), `Abstract`, `Fields of Study`, `Keywords`, `DOI`,
`Citing Works Count`, `Funding` (funder names, ";"-separated)… The scholarly CSV carries no author
affiliations (`Source Country` is the journal's country, not an author's), so Lens works have authors
without a country: they count in a pair only once merged with a record from a source that has
affiliations.

A work's id is `lens:` + its Lens ID.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from techties.sources.csvutil import Row, read_csv_export
from techties.sources.tagged import Draft, Item, clean_doi, int_or_none, year_of

REQUIRED_COLUMNS = ("Lens ID", "Title")
_NULL_GIVEN = re.compile(r"^null\s+", re.IGNORECASE)


def _draft(row: Row) -> Draft:
    return Draft(
        work_id="lens:" + row.required("Lens ID"), source="lens", title=row.text("Title"),
        abstract=row.text("Abstract"), doi=clean_doi(row.text("DOI")),
        year=year_of(row.text("Publication Year")) or year_of(row.text("Date Published")),
        pub_date=row.text("Date Published"), type=row.text("Publication Type"),
        cited_by_count=int_or_none(row.text("Citing Works Count")),
        authors=[(_NULL_GIVEN.sub("", a), []) for a in row.values("Author/s")],
        fields=[("lens-field", f) for f in row.values("Fields of Study")],
        funders=[(f, None) for f in row.values("Funding")],
    )


def read_lens(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """Yield (last line of the row, Work or BadRecord) for a Lens scholarly CSV export."""
    return read_csv_export(path, skip_lines=skip_lines, required=REQUIRED_COLUMNS, draft=_draft, label="Lens")
