"""Bidi controls in untrusted text are shown as visible escapes in every CSV and on the terminal (one
mechanism, `techties.safety.escape_bidi`), so a spreadsheet cannot show a name reversed."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.commands.resolve import safe_cell
from techties.safety import csv_text, safe_csv_cell
from techties.terminal import safe

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]


@pytest.mark.parametrize("ch", BIDI)
def test_each_bidi_control_becomes_a_visible_escape_in_csv_and_terminal(ch):
    escaped = f"\\u{ord(ch):04x}"  # e.g. the six characters \u202e
    assert safe_csv_cell(f"Acme{ch}Labs") == f"Acme{escaped}Labs"
    assert safe(f"Acme{ch}Labs") == f"Acme{escaped}Labs"  # the terminal uses the same set and escape
    assert safe_cell(f"Acme{ch}Labs") == f"Acme{escaped}Labs"  # resolve's copy of the input file


def test_bidi_escape_and_formula_quote_together_and_plain_text_untouched():
    assert safe_csv_cell("\u202e=1+1") == "\\u202e=1+1"  # starts with a backslash now: no formula
    assert safe_csv_cell("=1\u202e") == "'=1\\u202e"
    assert safe_csv_cell("Университет Ц\u0410") == "Университет Ц\u0410"  # other non-ASCII text is kept
    assert safe_csv_cell("جامعة") == "جامعة" and safe_csv_cell(-5.0) == -5.0
    rows = list(csv.reader(io.StringIO(csv_text([{"name": "moc.elgoog\u202eevil"}], ["name"]))))
    assert rows == [["name"], ["moc.elgoog\\u202eevil"]]


def test_screen_csv_written_to_a_pipe_escapes_bidi_controls():
    r = CliRunner().invoke(app, ["screen", "Harbin \u202eInstitute of Technology", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert "\u202e" not in r.stdout
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and all(h["query"] == "Harbin \\u202eInstitute of Technology" for h in rows)
