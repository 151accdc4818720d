"""Output safety shared by every exporter: untrusted text must never become a spreadsheet formula.

A CSV cell that starts with =, +, - or @ (or a tab / carriage return that some spreadsheets strip
before evaluating) is run as a formula by Excel and LibreOffice ("CSV injection"). We prefix such
cells with a single quote, the convention spreadsheets display as plain text.

Unicode bidi controls (embeddings, overrides, isolates, LRM/RLM) in a name make a spreadsheet or a
terminal show it reversed or reordered ("Trojan Source"). Every CSV cell and every terminal line shows
them as visible escapes (`\\u202e`) through `escape_bidi`, the one place that decides it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BIDI_CONTROLS = "\u200e\u200f\u202a-\u202e\u2066-\u2069"  # a regex character-class body
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def escape_bidi(text: str) -> str:
    """`text` with each bidi control written as a visible `\\uXXXX` escape: the characters can no longer
    reorder what a spreadsheet or terminal shows, and a reader still sees that they were there."""
    return _BIDI.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


# Characters XML 1.0 cannot carry (NUL, ESC and the other C0 controls but tab, LF, CR; lone surrogates; U+FFFE,
# U+FFFF): one of them makes the whole file unreadable to every XML parser, Gephi and feed readers included
_NOT_XML = re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: object) -> str:
    """`text` as an XML file can hold it (GraphML, Atom): each character XML 1.0 forbids becomes U+FFFD;
    the XML writer escapes <, > and & itself."""
    return _NOT_XML.sub("\ufffd", "" if text is None else str(text))


def safe_csv_cell(value: Any) -> Any:
    """Return the value unchanged unless it is text a spreadsheet would evaluate (then quote it) or
    text with bidi controls (then escape them, `escape_bidi`).

    Numbers are left as numbers (a negative amount is data, not a formula); only strings are
    neutralised. None becomes an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        value = escape_bidi(value)
        if value.startswith(_FORMULA_STARTS):
            return "'" + value
    return value


def _rows_out(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Iterable[list[Any]]:
    for row in rows:
        yield [safe_csv_cell(row.get(c)) for c in columns]


def write_csv_to(stream: TextIO, rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> int:
    """Write a header and the rows (dicts) to an open text stream; returns the number of rows."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([safe_csv_cell(c) for c in columns])
    n = 0
    for cells in _rows_out(rows, columns):
        writer.writerow(cells)
        n += 1
    return n


def write_csv(path: str | Path, rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> int:
    """Write rows (dicts) to a UTF-8 CSV file with every text cell neutralised; returns the row count."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        return write_csv_to(fh, rows, columns)


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """The same CSV as a string (for printing to stdout)."""
    buf = io.StringIO()
    write_csv_to(buf, rows, columns)
    return buf.getvalue()
