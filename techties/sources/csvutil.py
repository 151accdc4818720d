"""What the CSV export readers share (Scopus, Lens, Dimensions): rows streamed with their line
numbers, the header found (after a preamble line) and checked, a row's cells looked up by column
name, multi-value cells split. Also `iter_records`, the record cutter of the user's own tables
(`resolve country`, `screen --names-file`): a malformed record loses only its own line.

Why one place: the three formats differ only in their column names and in how a few cells are
read; reading rows, naming bad ones by file:line and the small rules for cells ("" is no value, an
id must be there, "a; b" is two values, a column renamed between export versions) are the same.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from techties.records import BadRecord
from techties.sources.tagged import Draft, Item, file_dates, finish, split_list, text_lines

csv.field_size_limit(min(sys.maxsize, 1 << 30))  # Scopus "References" cells run to hundreds of kB


class Row(dict[str, str]):
    """One CSV row, column name → cell, with the lookups every CSV reader makes. Names are matched
    regardless of case: a spreadsheet or a script may have re-saved the header as "TITLE" or "eid"."""

    def __init__(self, pairs: Mapping[str, str] | Iterable[tuple[str, str]] = ()):
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        super().__init__((name.casefold(), cell) for name, cell in items)

    def text(self, *columns: str) -> str | None:
        """The first of `columns` with a value (older and newer exports name some columns differently),
        stripped; None when none has one."""
        for name in columns:
            value = (self.get(name.casefold()) or "").strip()
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


MAX_ROW_LINES = 100  # lines one row may span: a quoted cell with line breaks (an abstract) runs to a few
HEAD_ROWS = 20  # rows before the header (junk, blank lines) searched past; they are quarantined


class CsvRows:
    """(first line, last line, cells) of each CSV row of a file, or a `BadRecord` for a line that
    cannot begin one.

    The CSV grammar lets a quoted cell run over line breaks, so one unmatched quote in a damaged line
    would take every row after it. The rule: a row that spans lines is kept only when `fits` takes its
    cells, no line after its first is a row that `fits` by itself, and it spans at most
    `MAX_ROW_LINES`; otherwise its first line is quarantined and reading starts again at its second.
    Until `fits` is set (the header is not found yet) no row may span lines: a header is one line."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.fits: Callable[[list[str]], bool] | None = None
        self.delimiter = ","  # ";" once the header is found written so (a spreadsheet's re-save)
        self._lines = text_lines(path)
        self._again: deque[tuple[int, str]] = deque()  # lines to read again after a rejected row

    def __iter__(self) -> Iterator[tuple[int, int, list[str]] | BadRecord]:
        while True:
            taken: list[tuple[int, str]] = []
            try:
                cells = next(csv.reader(self._feed(taken), delimiter=self.delimiter), None)
                error = None if len(taken) < 2 or self._whole(taken, cells or []) else (
                    f"a quoted cell opened here runs on over the next {len(taken) - 1} lines without making a row "
                    "that fits the header (an unmatched quote?); the lines after it are read again")
            except csv.Error as exc:
                cells, error = [], f"not a readable CSV row ({exc})"
            if not taken:
                return
            if error is None:
                yield taken[0][0], taken[-1][0], cells or []
                continue
            self._again.extendleft(reversed(taken[1:]))
            yield BadRecord(file=self.path, line=taken[0][0], error=error, raw_excerpt=taken[0][1][:200])

    def _feed(self, taken: list[tuple[int, str]]) -> Iterator[str]:
        """The lines of one row as the csv module wants them, noted in `taken`; one more than a row may
        span at most, so that a longer one is seen."""
        while len(taken) <= MAX_ROW_LINES:
            line = self._again.popleft() if self._again else next(self._lines, None)
            if line is None:
                return
            taken.append(line)
            yield line[1] + "\n"

    def _whole(self, taken: list[tuple[int, str]], cells: list[str]) -> bool:
        """Whether a row of several lines is one row (see the class's rule)."""
        fits = self.fits
        if fits is None or len(taken) > MAX_ROW_LINES or not fits(cells):
            return False
        return not any(fits(_cells(text, self.delimiter)) for _n, text in taken[1:])


def _cells(text: str, delimiter: str = ",") -> list[str]:
    """One line read as a row by itself, cut at the file's delimiter."""
    try:
        return next(csv.reader([text + "\n"], delimiter=delimiter), [])
    except csv.Error:
        return []


def _trimmed(cells: list[str], width: int) -> list[str]:
    """Without the empty cells past `width`: Scopus ends every row with a comma, one cell more than its header."""
    while len(cells) > width and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def fitted(header: list[str], cells: list[str],
           align: Callable[[list[str], list[str]], list[str] | None] | None) -> list[str] | None:
    """A row's cells, one for each header column; None when they cannot be made so. `align` may repair
    a count that differs."""
    cells = _trimmed(cells, len(header))
    if len(cells) != len(header) and align is not None:
        cells = align(header, cells) or cells
    return cells if len(cells) == len(header) else None


def read_csv_export(path: str | Path, *, skip_lines: int, required: tuple[str, ...],
                    draft: Callable[[Row], Draft], label: str,
                    preamble: str | None = None,
                    align: Callable[[list[str], list[str]], list[str] | None] | None = None) -> Iterator[Item]:
    """Yield (last line of the row, Work or BadRecord) for a CSV export: the header row (after a one-cell
    `preamble` line such as Dimensions' "About the data…"; junk rows before it, up to `HEAD_ROWS`, are
    quarantined), then one record per row. `align` may repair a row whose cell count differs from the
    header's (None: it cannot). Rows are cut by `CsvRows`' rule for quoted cells spanning lines. A later row
    naming the `required` columns is the header of the next export concatenated into the file, and the rows
    after it are read by it (before: by the first one, so an export of another version was all quarantined)."""
    path = str(path)
    as_of, retrieved = file_dates(path)
    rows = CsvRows(path)
    header: list[str] | None = None
    before: list[BadRecord] = []  # rows before the header: quarantined once it is found
    not_header: BadRecord | None = None  # what the first of them lacks, said when no header comes
    for row in rows:
        if header is None:
            if isinstance(row, BadRecord):
                before.append(row)
            elif preamble and len([c for c in row[2] if c.strip()]) <= 1 and row[2] and preamble in row[2][0]:
                as_of = _stated_date(row[2][0]) or as_of
                continue
            elif not any(c.strip() for c in row[2]):
                continue
            else:
                first, _last, cells = row
                missing = _missing(required, cells)
                for delimiter in (";", "\t") if missing else ():
                    split = _split_header(cells, delimiter)
                    if split and not _missing(required, split):
                        # a spreadsheet re-saved the export with ";" (European locales) or tabs (Excel's
                        # "Unicode text"): read it so
                        cells, missing, rows.delimiter = split, [], delimiter
                        break
                if not missing:
                    header = _header(cells)
                    rows.fits = lambda cells, header=header: fitted(header, cells, align) is not None
                    yield from ((bad.line, bad) for bad in before if bad.line > skip_lines)
                    continue
                not_header = not_header or BadRecord(file=path, line=first, error=f"not a {label} CSV header: "
                                                     f"no {missing[0]!r}", raw_excerpt=",".join(cells)[:200])
                before.append(BadRecord(file=path, line=first, error=f"not the {label} CSV header (no "
                                        f"{missing[0]!r}), before it", raw_excerpt=",".join(cells)[:200]))
            if len(before) >= HEAD_ROWS:
                break
            continue
        if isinstance(row, BadRecord):
            if row.line > skip_lines:
                yield row.line, row
            continue
        first, last, cells = row
        if not any(c.strip() for c in cells):
            continue
        if not _missing(required, _header(cells)):  # a header again: exports concatenated into one file
            header = _header(cells)  # of another export version, maybe (Lens' 29 columns, then its 32)
            rows.fits = lambda cells, header=header: fitted(header, cells, align) is not None
            continue
        if last <= skip_lines:
            continue
        whole = fitted(header, cells, align)
        if whole is None:
            yield last, BadRecord(file=path, line=first, error=f"row has {len(_trimmed(cells, len(header)))} cells, "
                                  f"the header {len(header)}", raw_excerpt=",".join(cells)[:200])
            continue
        try:
            d = draft(Row(zip(header, whole, strict=True)))
        except ValueError as exc:
            yield last, BadRecord(file=path, line=first, error=f"invalid {label} record: {exc}")
            continue
        yield finish(d, path=path, line=first, end=last, as_of=as_of, retrieved_at=retrieved, label=label)
    if header is None and before:
        bad = not_header or before[0]
        yield bad.line, bad


def _header(cells: list[str]) -> list[str]:
    """A header row's column names, stripped, without empty names at its end (a spreadsheet's extra
    empty column): rows' empty cells past the header are trimmed (`_trimmed`), so an empty name there
    would shift every cell a ragged row's `align` puts in place."""
    names = [c.strip() for c in cells]
    if names:
        names[0] = names[0].lstrip("\ufeff").strip()  # a second export's byte-order mark, mid-file
    while names and not names[-1]:
        names.pop()
    return names


def _missing(required: tuple[str, ...], cells: list[str]) -> list[str]:
    """The `required` columns that a header row lacks (names compared regardless of case)."""
    names = {c.strip().casefold() for c in cells}
    return [c for c in required if c.casefold() not in names]


def _split_header(cells: list[str], delimiter: str) -> list[str] | None:
    """The header's cells when its line is separated by `delimiter` (read with ",", it split on none or few)."""
    line = ",".join(cells)
    if delimiter not in line:
        return None
    return [c.strip() for c in next(csv.reader([line], delimiter=delimiter), [])]


def _stated_date(text: str) -> str | None:
    """An ISO date stated in a preamble ('Exported on 2024-01-01 …')."""
    m = re.search(r"(\d{4}-\d{2}-\d{2})", text)
    return m.group(1) if m else None


_EXCEL_CELL = re.compile(r'"((?:[^"]|"")*)"')  # a whole cell in Excel's quotes, inner quotes doubled
_EXCEL_OPEN = re.compile(r'"(?:[^"]|"")*')  # its opening part, a line break inside the quotes ending the line


def excel_quoted_tab(lines: Iterable[str]) -> bool:
    """Whether tab-separated lines were written with Excel's quotes ("Unicode Text", "Text (Tab delimited)"):
    a cell holding a double quote, a tab or a line break (in Excel 2000 also a comma) wrapped in quotes,
    the quotes inside doubled. Such a file is read with the csv module; a tab export written by its
    source is not: there a cell may start with a quote as a value does (WoS: `"Eyes-closed" SSVEP…`).

    Counted over the lines: Excel cells that needed the quotes (a doubled quote inside, `"a, b"`, a quote
    left open at the line's end by a line break); cells that open a quote Excel would not have left so
    (`"Eyes-closed" SSVEP…`); cells with a comma and no quotes. The file is Excel's when its quoted cells
    outnumber the unreadable ones and one of them could not be a source's own value (it holds a doubled
    quote or a line break) or, quoted for their commas, they outnumber the bare cells with commas."""
    strong = comma = bare = bad = 0
    for line in lines:
        cells = line.split("\t")
        for k, cell in enumerate(cells):
            if not cell.startswith('"'):
                bare += "," in cell
                continue
            whole = _EXCEL_CELL.fullmatch(cell)
            if whole is not None and len(cell) > 1:
                inner = whole.group(1)
                strong += '""' in inner
                comma += '""' not in inner and "," in inner
            elif k == len(cells) - 1 and _EXCEL_OPEN.fullmatch(cell):
                strong += 1  # a line break inside the quotes: the cell goes on on the next line
            elif not _EXCEL_OPEN.fullmatch(cell):
                bad += 1  # a quote closed and text after it: a value's own quote
    return strong + comma > bad and (strong > 0 or comma > bare)


class _Lines:
    """The file's lines for csv.reader, remembering those of the current record, so that a
    malformed record that swallowed the lines after it (an unclosed quote) can give them back."""

    def __init__(self, fh):
        self._fh = fh
        self._pushed: list[tuple[int, str]] = []
        self._lineno = 0
        self.current: list[tuple[int, str]] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self._pushed:
            item = self._pushed.pop()
        else:
            line = self._fh.readline()
            if not line:
                raise StopIteration
            self._lineno += 1
            item = (self._lineno, line)
        self.current.append(item)
        return item[1]

    def give_back_all_but_first(self) -> None:
        """Read again every line of the current record but its first."""
        self._pushed.extend(reversed(self.current[1:]))


def decoded_lines(stream: BinaryIO, label: str) -> Iterator[tuple[int, str]]:
    """(line number, text ending in "\\n") of each line of a user's table or list, decoded as every reader
    decodes its input (`sources.io`: a byte-order mark set aside, UTF-16 from Excel's "Unicode text"
    transcoded, LF, CRLF or CR ending a line). A line that is not UTF-8 is an InputError naming
    `label`:line, raised when it is reached. A cell holding U+2028 or a form feed stays one line; a line
    break inside a quoted cell comes out as LF whatever the file wrote (CRLF, CR)."""
    from techties.errors import InputError
    from techties.sources.io import stream_lines

    for number, raw in stream_lines(stream):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"{label}:{number}: not UTF-8 text ({e.reason} at byte {e.start + 1} of the line): "
                             "save the file as UTF-8") from None
        yield number, text + "\n"


class LineReader:
    """`decoded_lines` as the file object `iter_records` reads with `readline` ("" at the end)."""

    def __init__(self, lines: Iterator[tuple[int, str]]) -> None:
        self._lines = lines

    def readline(self) -> str:
        return next(self._lines, (0, ""))[1]


def iter_records(fh, delimiter: str, width: int):
    """(first line number, row, None) for each record after the header, or (line, None, (kind, why)) for a
    malformed one: kind "unclosed" (a quote that runs past its line), "quoting" (the csv module's other
    complaints) or "cells" (a wrong number of fields). Only the malformed record's own line is lost."""
    lines = _Lines(fh)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    while True:
        lines.current = []
        error = None
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            row, error = None, str(e)
        if not lines.current:
            return
        start = lines.current[0][0]
        if row is not None and not row:
            continue  # a blank line is not a record
        if row is None or len(row) != width:
            spans = len(lines.current) > 1
            lines.give_back_all_but_first()
            if spans or error == "unexpected end of data":
                yield start, None, ("unclosed", "a quote opened on this line is not closed before its end")
            elif error is not None:
                yield start, None, ("quoting", f"bad quoting ({error})")
            else:  # more cells than the header: most often a delimiter inside a name nobody quoted
                hint = " (a delimiter in a cell not quoted?)" if len(row) > width else ""
                yield start, None, ("cells", f"wrong number of cells ({len(row)} where the header has {width}){hint}")
            continue
        yield start, row, None
