"""`techties.sources.csvutil`: the cell lookups the CSV export readers share, and how rows are cut
into records. Expected values are written out by hand from the rows given."""

from __future__ import annotations

import pytest

from techties.sources.csvutil import Row


def test_row_text_takes_the_first_column_with_a_value_stripped():
    row = Row({"Source title": "  ", "Source title/Anthology title": " Nature ", "Title": ""})
    assert row.text("Source title", "Source title/Anthology title") == "Nature"  # renamed between versions
    assert row.text("Title") is None and row.text("Missing") is None


def test_row_required_names_the_empty_id_column():
    assert Row({"EID": " 2-s2.0-1 "}).required("EID") == "2-s2.0-1"
    with pytest.raises(ValueError, match="record has no Lens ID"):
        Row({"Lens ID": " "}).required("Lens ID")


def test_row_values_split_a_multi_value_cell():
    row = Row({"Authors": "Smith, John; ;Doe, Jane ;", "Orgs": "", "Orgs new": "A;B"})
    assert row.values("Authors") == ["Smith, John", "Doe, Jane"]
    assert row.values("Orgs", "Orgs new") == ["A", "B"]
    assert Row({"Authors": "Phillips J.C., Braun R."}).values("Authors", sep=",") == ["Phillips J.C.", "Braun R."]


# -- rows cut by the rule for quoted cells spanning lines (CsvRows) ------------------------------
SCOPUS = "formats/scopus/NLeSC__litstudy__scopus.csv"  # 58 records, 3 of them over two lines
LENS = "formats/lens/DrMattG__Salmon_network__lens-export.csv"  # 24 records, one line each


def ingest(tmp_path, kind: str, text: str):
    from techties.ingest import ingest_files
    from techties.warehouse import Warehouse

    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    with Warehouse(tmp_path / "w.duckdb") as wh:
        ingest_files(wh, kind, [path], show_progress=False, workers=0)
        bad = wh.con.execute("SELECT line, error FROM quarantine ORDER BY line").fetchall()
        ids = {r[0] for r in wh.con.execute("SELECT work_id FROM works").fetchall()}
    return bad, ids


def lines_of(shared_data, name: str) -> list[str]:
    return (shared_data / name).read_text(encoding="utf-8-sig").replace("\r\n", "\n").splitlines()


def test_an_unmatched_quote_does_not_take_the_rows_after_it(tmp_path, shared_data):
    """A junk line whose quote never closes, after the header (line 2) and after the 5th line (now 7):
    each junk line is quarantined at its own line, and all 58 records are stored."""
    lines = lines_of(shared_data, SCOPUS)
    junk = 'junk,"this quote is never closed'
    text = "\n".join([lines[0], junk, *lines[1:5], junk, *lines[5:]]) + "\n"
    bad, ids = ingest(tmp_path, "scopus", text)
    assert len(ids) == 58
    assert [line for line, _e in bad] == [2, 7] and all("quoted cell" in e for _l, e in bad)


def test_junk_and_blank_lines_before_the_header_are_passed(tmp_path, shared_data):
    """Two junk lines (2 and 4, one with an open quote) and a blank one before the header at line 5."""
    lines = lines_of(shared_data, LENS)
    text = "\n".join(["", "not a header", "", '"an open quote,', *lines]) + "\n"
    bad, ids = ingest(tmp_path, "lens", text)
    assert len(ids) == 24
    assert [line for line, _e in bad] == [2, 4]


def test_no_header_in_the_first_rows_is_one_located_line(tmp_path, shared_data):
    text = "\n".join(f"row {k},of junk" for k in range(30)) + "\n"
    bad, ids = ingest(tmp_path, "lens", text)
    assert ids == set() and bad == [(1, "not a Lens CSV header: no 'Lens ID'")]


def test_a_quoted_cell_may_span_100_lines_not_101(tmp_path, shared_data):
    """Record 1's abstract given 99 line breaks (its row spans 100 lines: kept) and record 2's given 100
    (101 lines: its first line, 102, is quarantined and the lines after it are read again as rows)."""
    import csv
    import io

    lines = lines_of(shared_data, LENS)
    rows = list(csv.reader(io.StringIO("\n".join(lines[:3]) + "\n")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for row, breaks in ((rows[1], 99), (rows[2], 100)):
        writer.writerow([*row[:10], "\n".join(f"part {k}" for k in range(breaks + 1)), *row[11:]])
    bad, ids = ingest(tmp_path, "lens", out.getvalue() + "\n".join(lines[3:]) + "\n")
    assert f"lens:{rows[1][0]}" in ids and f"lens:{rows[2][0]}" not in ids
    assert len(ids) == 23
    assert bad[0][0] == 102 and "quoted cell" in bad[0][1]
