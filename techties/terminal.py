"""Untrusted text on the terminal, made safe in one place, and the consoles commands print with.

Institution names, titles, file names and error messages come from the data or the user. On a
terminal they must stay text: no Rich markup (`[/bold] x` crashes Rich, `[link=…]` makes a
clickable link), no emoji codes, and no control characters (`\\x1b[2J` clears the screen, bidi
overrides reorder what is shown). Every command builds table cells with `cell` and messages with
`safe`, and prints with `out()` (data, stdout) or `err()` (messages, stderr).
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from techties.errors import UsageError
from techties.safety import BIDI_CONTROLS, write_csv_to

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidi controls (safety.BIDI_CONTROLS,
# the set CSV cells escape too)
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_CONTROL_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")  # json.dumps escapes C0 itself
WIDE = 4096  # columns for output that is not a terminal: tables are not squeezed or wrapped


def _visible(match: re.Match[str]) -> str:
    c = match.group(0)
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def safe(value: Any, one_line: bool = True) -> str:
    """`value` as plain text with every control character shown as an escape (`\\x1b`); `one_line`
    also escapes newlines and tabs. The result is still plain text, not Rich markup: print it with
    `markup=False`, in a `Text`, or through `cell`."""
    text = "" if value is None else str(value)
    return (_CONTROL_LINE if one_line else _CONTROL).sub(_visible, text)


def cell(value: Any) -> Text:
    """A table cell Rich will not parse: markup, emoji codes and links stay literal text."""
    return Text(safe(value, one_line=False))


class _Console(Console):
    """Rich's console, except that a closed pipe raises `BrokenPipeError` (Rich exits with 1), which the
    CLI's error boundary turns into a quiet exit 0."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def _console(stderr: bool) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    width = None if tty else int(os.environ.get("COLUMNS") or 0) or WIDE
    return _Console(stderr=stderr, width=width, emoji=False, highlight=False, soft_wrap=not tty)


def out() -> Console:
    """The console for data (tables) on stdout; not squeezed to 80 columns when piped or redirected."""
    return _console(stderr=False)


def err() -> Console:
    """The console for messages, progress and warnings: stderr, so stdout carries only data."""
    return _console(stderr=True)


def message(text: str, *, stderr: bool = True) -> None:
    """Print one message line (stderr by default) as literal text: no markup parsing, control characters
    escaped (`safe` is idempotent, so text already made safe is unchanged)."""
    (err() if stderr else out()).print(Text(safe(text)), soft_wrap=True)


FORMATS = ("table", "csv", "json")


def check_format(fmt: str, formats: Sequence[str] = FORMATS) -> str:
    """`--format` value, or a usage error (exit 2)."""
    if fmt not in formats:
        raise UsageError(f"--format must be one of {', '.join(formats)}, not {safe(fmt)!r}")
    return fmt


def json_text(value: Any) -> str:
    """JSON for stdout: readable non-ASCII text, but C1 controls and bidi overrides written as `\\uXXXX`
    escapes (still the same JSON value), so printing it on a terminal cannot drive the terminal."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def shown_number(value: Any) -> Any:
    """A float as a terminal table shows it: six significant digits, never an exponent (an estimate's
    12345.678901 reads 12345.7; CSV, JSON and Parquet keep every digit); anything else as it is."""
    if not isinstance(value, float) or not math.isfinite(value):
        return value
    if value == 0:
        return "0"
    decimals = max(0, 5 - math.floor(math.log10(abs(value))))
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def rich_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]], **kw: Any) -> Table:
    """A Rich table whose title and cells are literal text (`cell`), never markup; floats shortened
    (`shown_number`)."""
    table = Table(title=cell(title) if title else None, title_justify="left", **kw)
    for c in columns:
        table.add_column(cell(c), overflow="fold")
    for row in rows:
        table.add_row(*[cell("" if v is None else shown_number(v)) for v in row])
    return table


def emit(columns: Sequence[str], rows: Sequence[Mapping[str, Any]], fmt: str, title: str | None = None) -> None:
    """Rows as a table (stdout, escaped), CSV (formula-safe; control characters escaped only when stdout is a
    terminal) or JSON (a list of objects)."""
    if fmt == "json":
        sys.stdout.write(json_text([dict(r) for r in rows]) + "\n")
    elif fmt == "csv":
        tty = sys.stdout.isatty()
        write_csv_to(sys.stdout, ({c: safe(r.get(c), one_line=False) if tty and isinstance(r.get(c), str)
                                   else r.get(c) for c in columns} for r in rows), columns)
    else:
        out().print(rich_table(title, columns, [[r.get(c) for c in columns] for r in rows]))
