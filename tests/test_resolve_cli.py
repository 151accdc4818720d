"""`techties resolve country` on a real slice of the dataesr affiliations (../shared/data)."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from techties.cli import app

runner = CliRunner()
SLICE = 300


@pytest.fixture()
def real_slice(shared_data, tmp_path):
    """The header and first SLICE records of part1, as published (';'-separated)."""
    src = shared_data / "affiliations" / "dataesr_affiliation_country_part1.csv"
    with src.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))[: SLICE + 1]
    path = tmp_path / "slice.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\n").writerows(rows)
    return path, rows


def _read(path, delimiter=";"):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter=delimiter))


def test_copies_every_column_and_adds_country_code(real_slice, tmp_path):
    src, rows = real_slice
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["resolve", "country", "--input", str(src), "--column", "raw_affiliation_string",
                              "--delimiter", ";", "--output", str(out)])
    assert res.exit_code == 0, res.output
    got = _read(out)
    assert got[0] == rows[0] + ["country_code"]
    assert len(got) == len(rows)
    assert [r[:-1] for r in got[1:]] == rows[1:]  # the input is copied unchanged
    gold = rows[0].index("matched_country")
    accuracy = sum(r[-1] == r[gold] for r in got[1:]) / SLICE
    assert accuracy >= 0.93
    assert all(len(r[-1]) in (0, 2) for r in got[1:])


def test_delimiter_is_detected_and_quoting_is_kept(tmp_path):
    src = tmp_path / "comma.csv"
    src.write_text('id,affiliation\n1,"Zhejiang University, Hangzhou, China"\n2,"Say ""hi"", Moscow, Russia"\n'
                   "3,\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["resolve", "country", "-i", str(src), "-c", "affiliation", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert _read(out, ",") == [
        ["id", "affiliation", "country_code"],
        ["1", "Zhejiang University, Hangzhou, China", "CN"],
        ["2", 'Say "hi", Moscow, Russia', "RU"],
        ["3", "", ""],
    ]


def test_explain_adds_the_evidence(real_slice, tmp_path):
    src, _ = real_slice
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["resolve", "country", "--input", str(src), "--column", "raw_affiliation_string",
                              "--output", str(out), "--explain"])
    assert res.exit_code == 0, res.output
    got = _read(out)
    assert got[0][-2:] == ["country_code", "country_evidence"]
    assert got[1][-2:] == ["CN", "country:China"]


def test_missing_file_is_one_line_error(tmp_path):
    res = runner.invoke(app, ["resolve", "country", "--input", str(tmp_path / "nope.csv"), "--column", "x",
                              "--output", str(tmp_path / "o.csv")])
    assert res.exit_code == 4  # an input that cannot be used (README); it was 1, the status of a bug
    assert res.stderr.strip() == f"error: {tmp_path / 'nope.csv'}: no such file"
    assert "Traceback" not in res.output
    assert not (tmp_path / "o.csv").exists()


def test_missing_column_is_one_line_error(real_slice, tmp_path):
    src, _ = real_slice
    res = runner.invoke(app, ["resolve", "country", "--input", str(src), "--column", "affil",
                              "--output", str(tmp_path / "o.csv")])
    assert res.exit_code == 2  # a --column the file does not have: wrong usage (README); it was 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no column 'affil'" in lines[0] and "raw_affiliation_string" in lines[0]
    assert "Traceback" not in res.output


def test_malformed_rows_are_skipped_with_their_lines_and_the_rest_kept(real_slice, tmp_path):
    src, rows = real_slice
    text = src.read_text(encoding="utf-8").splitlines(keepends=True)
    # line 4 loses its fields, line 7 opens a quote it never closes (it would swallow what follows)
    text[3] = "only one field\n"
    text[6] = 'x;"unclosed;y;z\n'
    src.write_text("".join(text), encoding="utf-8")
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["resolve", "country", "--input", str(src), "--column", "raw_affiliation_string",
                              "--output", str(out)])
    assert res.exit_code == 3
    assert "skipped 2 malformed rows (lines 4, 7)" in res.stderr
    assert "Traceback" not in res.output
    got = _read(out)
    kept = [r for i, r in enumerate(rows) if i not in (3, 6)]  # rows[i] is line i + 1
    assert [r[:-1] for r in got] == kept  # everything else is kept, in order


def test_malformed_rows_say_why_at_their_first_file_line(tmp_path):
    """One line per kind of fault, at its first FILE:LINE (it said "malformed rows" and the lines only)."""
    src = tmp_path / "m.csv"
    src.write_text("aff;b;c\n"          # 1 header: 3 cells
                   "Paris;y;z\n"        # 2 fine
                   "only one\n"         # 3 one cell
                   'p;"q"r;s\n'         # 4 text after a closing quote
                   "1;2;3;4\n"          # 5 four cells
                   'u;"unclosed;v\n'    # 6 a quote never closed (it would swallow line 7)
                   "Berlin;w;x\n", encoding="utf-8")  # 7 fine
    res = runner.invoke(app, ["resolve", "country", "-i", str(src), "-c", "aff", "-o", str(tmp_path / "o.csv")])
    assert res.exit_code == 3 and "Traceback" not in res.output
    assert res.stderr.splitlines()[1:] == [
        f"error: {src}: skipped 4 malformed rows (lines 3, 4, 5, 6)",
        f"error: {src}:3: wrong number of cells (1 where the header has 3) (the first of 2 rows with this fault)",
        f"error: {src}:4: bad quoting (';' expected after '\"')",
        f"error: {src}:6: a quote opened on this line is not closed before its end",
    ]
    assert [r[0] for r in _read(tmp_path / "o.csv")] == ["aff", "Paris", "Berlin"]


def test_formula_like_cells_are_neutralised_numbers_are_not(tmp_path):
    src = tmp_path / "f.csv"
    src.write_text("aff;n\n=HYPERLINK(\"http://x\");-3.5\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    res = runner.invoke(app, ["resolve", "country", "-i", str(src), "-c", "aff", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert _read(out)[1] == ["'=HYPERLINK(\"http://x\")", "-3.5", ""]


def _run(src, out, column="raw_affiliation_string"):
    return runner.invoke(app, ["resolve", "country", "--input", str(src), "--column", column, "--output", str(out)])


def test_excel_unicode_text_is_read_as_its_utf8_twin(real_slice, tmp_path):
    """Excel's "Unicode text" is UTF-16 with a byte-order mark and CRLF line ends: the same rows come out,
    with the same country codes, as from the UTF-8 file (it was refused as "not UTF-8 text")."""
    src, rows = real_slice
    twin = tmp_path / "utf16.csv"
    twin.write_bytes(src.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16"))
    assert twin.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    a, b = _run(src, tmp_path / "a.csv"), _run(twin, tmp_path / "b.csv")
    assert (a.exit_code, b.exit_code) == (0, 0), b.output
    got = _read(tmp_path / "b.csv")
    assert got == _read(tmp_path / "a.csv")
    assert [r[:-1] for r in got] == rows  # every input cell as it was, the country code added last


def test_workbook_is_refused_in_one_line(tmp_path):
    src = tmp_path / "affiliations.xlsx"
    src.write_bytes(b"PK\x03\x04" + bytes(60))  # an .xlsx is a zip archive
    res = _run(src, tmp_path / "o.csv", "x")
    assert res.exit_code == 4
    assert res.stderr.strip() == (f"error: {src}: a zip archive (or an .xlsx workbook), not a CSV file: "
                                  "save the sheet as CSV (UTF-8)")
    assert not (tmp_path / "o.csv").exists()


def test_a_line_not_utf8_is_named_by_file_and_line(tmp_path):
    src = tmp_path / "latin1.csv"
    src.write_bytes("aff\nBerlin, Germany\nMünchen, Germany\n".encode("latin-1"))  # ü: one byte (0xfc), the 2nd
    res = _run(src, tmp_path / "o.csv", "aff")
    assert res.exit_code == 4
    assert res.stderr.strip() == (f"error: {src}:3: not UTF-8 text (invalid start byte at byte 2 of the line): "
                                  "save the file as UTF-8")
    assert not (tmp_path / "o.csv").exists() and not (tmp_path / "o.csv.partial").exists()
