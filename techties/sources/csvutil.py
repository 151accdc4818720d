"""What the CSV export readers share (Scopus, Lens, Dimensions): rows streamed with their line
numbers, the header found (after a preamble line) and checked, a row's cells looked up by column
name, multi-value cells split.

Why one place: the three formats differ only in their column names and in how a few cells are
read; reading rows, naming bad ones by file:line and the small rules for cells ("" is no value, an
id must be there, "a; b" is two values, a column renamed between export versions) are the same.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from techties.records import BadRecord
from techties.sources.tagged import Draft, Item, file_dates, finish, split_list, text_lines

csv.field_size_limit(min(sys.maxsize, 1 << 30))  # Scopus "References" cells run to hundreds of kB


class Row(dict[str, str]):
    """One CSV row, column name → cell, with the lookups every CSV reader makes."""

    def text(self, *columns: str) -> str | None:
        """The first of `columns` with a value (older and newer exports name some columns differently),
        stripped; None when none has one."""
        for name in columns:
            value = (self.get(name) or "").strip()
            if value:
                return value
        return None

    def required(self, column: str) -> str:
        """The cell of an id column; a ValueError (the record is quarantined) when it is empty."""
        value = self.text(column)
        if value is None:
            raise ValueError(f"record has no {column}")
        return value

    def values(self, *columns: str, sep: str = ";") -> list[str]:
        """A multi-value cell ('Smith, John; Doe, Jane') as its values, from the first column with any."""
        return split_list(self.text(*columns), sep)


def csv_rows(path: str | Path) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each CSV row; quoted cells may span lines."""
    counter = {"n": 0}

    def feed() -> Iterator[str]:
        for lineno, text in text_lines(path):
            counter["n"] = lineno
            yield text + "\n"

    reader = csv.reader(feed())
    start = 1
    try:
        for row in reader:
            yield start, counter["n"], row
            start = counter["n"] + 1
    except csv.Error as exc:
        raise CsvError(counter["n"], f"not a readable CSV row ({exc}); the rest of the file is skipped") from None


class CsvError(ValueError):
    """A CSV row the csv module cannot read (e.g. a NUL byte): where, and why."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line




def read_csv_export(path: str | Path, *, skip_lines: int, required: tuple[str, ...],
                    draft: Callable[[Row], Draft], label: str,
                    preamble: str | None = None,
                    align: Callable[[list[str], list[str]], list[str] | None] | None = None) -> Iterator[Item]:
    """Yield (last line of the row, Work or BadRecord) for a CSV export: header row first (after a
    one-cell `preamble` line such as Dimensions' "About the data…"), one record per row. `align` may
    repair a row whose cell count differs from the header's (None: it cannot)."""
    path = str(path)
    as_of, retrieved = file_dates(path)
    header: list[str] | None = None
    try:
        for first, last, cells in csv_rows(path):
            if header is None:
                if preamble and len([c for c in cells if c.strip()]) <= 1 and cells and preamble in cells[0]:
                    as_of = _stated_date(cells[0]) or as_of
                    continue
                header = [c.strip() for c in cells]
                missing = [c for c in required if c not in header]
                if missing:
                    yield last, BadRecord(file=path, line=first, error=f"not a {label} CSV header: no {missing[0]!r}")
                    return
                continue
            if last <= skip_lines or not any(c.strip() for c in cells):
                continue
            while len(cells) > len(header) and not cells[-1].strip():
                cells = cells[:-1]  # Scopus ends every row with a comma: one empty cell more than the header
            if len(cells) != len(header) and align is not None:
                cells = align(header, cells) or cells
            if len(cells) != len(header):
                yield last, BadRecord(file=path, line=first, error=f"row has {len(cells)} cells, the header "
                                      f"{len(header)}", raw_excerpt=",".join(cells)[:200])
                continue
            try:
                d = draft(Row(zip(header, cells, strict=True)))
            except ValueError as exc:
                yield last, BadRecord(file=path, line=first, error=f"invalid {label} record: {exc}")
                continue
            yield finish(d, path=path, line=first, end=last, as_of=as_of, retrieved_at=retrieved, label=label)
    except CsvError as exc:
        yield exc.line, BadRecord(file=path, line=exc.line, error=str(exc))


def _stated_date(text: str) -> str | None:
    """An ISO date stated in a preamble ('Exported on 2024-01-01 …')."""
    m = re.search(r"(\d{4}-\d{2}-\d{2})", text)
    return m.group(1) if m else None

