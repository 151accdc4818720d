"""A file of names to screen (`techties screen --names-file`), read one line or row at a time.

A text file holds one name a line; a .csv (`,` or `;`, told from the header) or .tsv file holds a header
row and a column of names, and may hold a column of ISO country codes. UTF-8 or UTF-16, with or without
a byte-order mark, LF, CRLF or CR (decoded by `sources.io`, as every reader's input); a workbook is
refused. A line that cannot be screened (no letter or digit, a bad country, a row cut into more cells
than its header) is a `BadLine` with its line number and why; the others are `NameLine`s, in file order.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from techties.errors import InputError, UsageError

STDIN = "-"
STDIN_LABEL = "<stdin>"
DELIMITERS = {".csv": (",", ";"), ".tsv": ("\t",)}
STDIN_DELIMITERS = (",", ";", "\t")  # stdin has no extension: with --column, any of these
_TERMINAL_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


@dataclass(frozen=True)
class NameLine:
    """A name to screen, as written in the file (surrounding spaces set aside), and its row's country."""

    line: int
    name: str
    country: str | None = None


@dataclass(frozen=True)
class BadLine:
    """A line or row not screened, and why (the user fixes the file there)."""

    line: int
    why: str


@dataclass(frozen=True)
class Layout:
    """How the file is read: one name a line (`delimiter` None), or delimited rows with the index of the
    names' column and of the countries' (None: no country column) under a header of `width` cells."""

    delimiter: str | None = None
    name_index: int = 0
    country_index: int | None = None
    width: int = 1


def query_text(name: str) -> str:
    """The text matched for a name: as typed, less terminal escape sequences (colour codes pasted from
    a terminal: "\\x1b[1mHarbin…" left "[1m" glued to the first word, and the listed name went unfound).
    Other control and invisible characters are the matcher's to fold; the output shows the name as given."""
    return _TERMINAL_ESCAPE.sub("", name)


def has_word(name: str) -> bool:
    """Whether a name has a letter or digit once terminal codes are set aside: "!!!" or "—" matched nothing
    and printed "0 hit(s)", which reads as a clean result."""
    return any(c.isalnum() for c in query_text(name))


def screened_texts(names: list[str]) -> list[str]:
    """The text each name given is matched as (`query_text`); a UsageError (exit 2) naming the first name that
    is empty (an unset "$NAME") or has no letter or digit: "0 hit(s)" for it read as a clean result. One check
    for `techties screen NAME…` and `techties.api.screen`."""
    texts = [query_text(n) for n in names]
    if blank := [k for k, n in enumerate(texts, 1) if not n.strip()]:
        raise UsageError(f"name {blank[0]} of {len(names)} is empty: nothing to screen")
    if wordless := [k for k, n in enumerate(texts, 1) if not has_word(n)]:
        raise UsageError(f"name {wordless[0]} of {len(names)} has no letter or digit: nothing to screen")
    return texts


class NamesFile:
    """The names of one file, streamed: iterate for `NameLine`s and `BadLine`s in file order. `open_names`
    reads the header first (a missing column is said before the lists load); a line that is not UTF-8
    raises InputError when it is reached."""

    def __init__(self, label: str, stream: BinaryIO, owned: bool, layout: Layout,
                 lines: Iterator[tuple[int, str]], header_line: int = 0) -> None:
        self.label, self.layout = label, layout
        self._stream, self._owned, self._lines, self._header_line = stream, owned, lines, header_line
        self._countries: dict[str, str | BadLine] = {}

    def __enter__(self) -> NamesFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owned:  # stdin is the caller's
            self._stream.close()

    def __iter__(self) -> Iterator[NameLine | BadLine]:
        if self.layout.delimiter is None:
            for number, text in self._lines:
                name = text.strip()
                if name:  # a blank line is no name
                    yield _checked(number, name, None)
        else:
            yield from self._rows()

    def _rows(self) -> Iterator[NameLine | BadLine]:
        """The rows under the header, cut as `techties resolve country` cuts them: a row with a quote left
        open or more or fewer cells than the header is one bad line, and the lines after it are read again."""
        from techties.sources.csvutil import LineReader, iter_records

        layout = self.layout
        for start, row, problem in iter_records(LineReader(self._lines), layout.delimiter, layout.width):
            line = self._header_line + start
            if row is None:
                yield BadLine(line, problem[1])
                continue
            if not any(c.strip() for c in row):
                continue  # a spreadsheet's empty row
            name = row[layout.name_index].strip()
            if not name:
                yield BadLine(line, "the names' column is empty")
                continue
            country = None
            if layout.country_index is not None:
                found = self._country(row[layout.country_index])
                if isinstance(found, BadLine):
                    yield BadLine(line, found.why)
                    continue
                country = found
            yield _checked(line, name, country)

    def _country(self, cell: str) -> str | BadLine | None:
        """A row's country cell as an ISO code (None when empty), or why it is not one, in the words of
        `--country`; cached, as a file of thousands of rows names a few countries."""
        value = cell.strip()
        if not value:
            return None
        if value not in self._countries:
            from techties.metrics.query import country_code

            try:
                self._countries[value] = country_code(value, "country")
            except UsageError as e:
                self._countries[value] = BadLine(0, str(e))
        return self._countries[value]


def _checked(line: int, name: str, country: str | None) -> NameLine | BadLine:
    return NameLine(line, name, country) if has_word(name) else BadLine(line, "no letter or digit: nothing to screen")


def _open(path: str) -> tuple[str, BinaryIO, bool]:
    """(label for messages, binary stream, whether to close it) for a path or `-` (stdin)."""
    if path == STDIN:
        return STDIN_LABEL, sys.stdin.buffer, False
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: a folder, not a file: name the file of names in it")
    if not p.exists():
        raise InputError(f"{path}: no such file")
    from techties.sources.detect import binary_kind

    stream = p.open("rb")
    what = binary_kind(stream.peek(8)[:8]) if hasattr(stream, "peek") else None
    if what:
        stream.close()
        raise InputError(f"{path}: {what}, not a file of names: save the sheet as CSV (UTF-8), or the names one a "
                         "line in a text file")
    return path, stream, True


def _header(text: str, delimiters: tuple[str, ...], column: str | None) -> tuple[str, list[str]]:
    """The delimiter and the header's cells: the delimiter whose cells hold `column`, else the one that
    cuts the header into most cells (the first on a tie)."""
    cut = {d: [c.strip() for c in next(csv.reader([text.rstrip("\r\n")], delimiter=d), [])] for d in delimiters}
    held = [d for d in delimiters if column is not None and _index(cut[d], column) is not None]
    best = held[0] if held else max(delimiters, key=lambda d: len(cut[d]))
    return best, cut[best]


def _index(cells: list[str], column: str) -> int | None:
    """The column's position: its exact name, else the one name that differs only in case."""
    if column in cells:
        return cells.index(column)
    folded = [k for k, c in enumerate(cells) if c.casefold() == column.strip().casefold()]
    return folded[0] if len(folded) == 1 else None


def _columns(cells: list[str]) -> str:
    shown = ", ".join(repr(c) for c in cells[:20])
    return shown + (f", … ({len(cells)} in all)" if len(cells) > 20 else "")


def open_names(path: str, column: str | None = None, country_column: str | None = None) -> NamesFile:
    """The file of names at `path` (`-`: stdin). A .csv or .tsv file (or stdin given --column) has a header
    row: `column` names the names' column (needed when there are several), `country_column` a column of
    ISO country codes. InputError (exit 4): missing, a folder, empty, not UTF-8; UsageError (exit 2): a
    column option for a file of lines, a column the header lacks, several columns and no `column`."""
    label, stream, owned = _open(path)
    try:
        from techties.sources.csvutil import decoded_lines

        lines = decoded_lines(stream, label)
        if path == STDIN:
            delimiters = STDIN_DELIMITERS if column or country_column else None
        else:
            delimiters = DELIMITERS.get(Path(path).suffix.lower())
        if delimiters is None:
            if column or country_column:
                raise UsageError(f"--column and --country-column are for a .csv or .tsv file with a header row "
                                 f"(or - given --column): {label} is read as one name a line")
            return NamesFile(label, stream, owned, Layout(), lines)
        return _table(label, stream, owned, lines, delimiters, column, country_column)
    except BaseException:
        if owned:
            stream.close()
        raise


def _table(label: str, stream: BinaryIO, owned: bool, lines: Iterator[tuple[int, str]],
           delimiters: tuple[str, ...], column: str | None, country_column: str | None) -> NamesFile:
    number, text = next(lines, (0, ""))
    if number == 0:
        raise InputError(f"{label}: empty file: no names to screen")
    if not text.strip():
        raise InputError(f"{label}:1: the header row is empty (a .csv or .tsv file opens with its column names)")
    delimiter, cells = _header(text, delimiters, column)
    if column is None and len(cells) > 1:
        raise UsageError(f"{label} has {len(cells)} columns ({_columns(cells)}): name the one of names with --column")
    name_index = 0 if column is None else _index(cells, column)
    if name_index is None:
        raise UsageError(f"{label}: no column {column!r} (the columns: {_columns(cells)})")
    country_index = None if country_column is None else _index(cells, country_column)
    if country_column is not None and country_index is None:
        raise UsageError(f"{label}: no column {country_column!r} for --country-column (the columns: "
                         f"{_columns(cells)})")
    return NamesFile(label, stream, owned, Layout(delimiter, name_index, country_index, len(cells)), lines, number)
