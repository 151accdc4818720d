"""A demanding analyst's own files, as her tools mangle them (second QA pass): a header re-saved in
another case or with an extra empty column, tab-separated UTF-16 (Excel's "Unicode text"), two
exports concatenated into one file, a row whose id cell is out of place. Expected values are counted
by hand from the rows written here."""

from __future__ import annotations

import csv
import io

from techties.records import BadRecord, Work
from techties.sources.detect import sniff_lines
from techties.sources.scopus import read_scopus_csv

HEADER = ["Authors", "Title", "Year", "Funding Text 1", "Source", "EID"]
ROWS = [
    ["Li X.", "First work", "2020", "Grant A", "Scopus", "2-s2.0-1"],
    # Scopus writes one Funding Text cell per text: this row has two, one more than the header names
    ["Ivanov I.", "Second work", "2021", "Grant B", "Grant C", "Scopus", "2-s2.0-2"],
]


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _read(tmp_path, text: str, encoding: str = "utf-8") -> tuple[list[Work], list[BadRecord]]:
    path = tmp_path / "scopus.csv"
    path.write_bytes(text.encode(encoding))
    items = [item for _line, item in read_scopus_csv(path)]
    return [i for i in items if isinstance(i, Work)], [i for i in items if isinstance(i, BadRecord)]


def test_extra_empty_column_keeps_a_ragged_rows_cells_in_place(tmp_path):
    # before: the empty header name made the ragged row's EID read from "Source", so work_id "scopus:Scopus"
    works, bad = _read(tmp_path, _csv([[*r, ""] for r in [HEADER, *ROWS]]))
    assert [w.work_id for w in works] == ["scopus:2-s2.0-1", "scopus:2-s2.0-2"] and bad == []


def test_header_in_another_case_is_read_and_detected(tmp_path):
    for header in ([h.upper() for h in HEADER], [h.lower() for h in HEADER]):
        text = _csv([header, *ROWS])
        assert sniff_lines(text.splitlines()) == "scopus-csv"
        works, bad = _read(tmp_path, text)
        assert [(w.work_id, w.title, w.year) for w in works] == [
            ("scopus:2-s2.0-1", "First work", 2020), ("scopus:2-s2.0-2", "Second work", 2021)] and bad == []


def test_tab_separated_utf16_is_read_and_detected(tmp_path):
    text = _csv([HEADER, *ROWS], delimiter="\t")
    assert sniff_lines(text.splitlines()) == "scopus-csv"
    works, bad = _read(tmp_path, "\ufeff" + text, encoding="utf-16-le")
    assert [w.work_id for w in works] == ["scopus:2-s2.0-1", "scopus:2-s2.0-2"] and bad == []


def test_two_exports_concatenated_read_the_second_header_as_no_record(tmp_path):
    one = "\ufeff" + _csv([HEADER, *ROWS])
    works, bad = _read(tmp_path, one + one)
    assert [w.work_id for w in works] == ["scopus:2-s2.0-1", "scopus:2-s2.0-2"] * 2 and bad == []


def test_an_id_cell_out_of_place_is_quarantined_not_merged(tmp_path):
    # cells shifted one to the left: the EID column holds "Scopus" in both rows
    shifted = [["Li X.", "First work", "2020", "Grant A", "x", "Scopus"], ["Li Y.", "Other", "2021", "", "y", "Scopus"]]
    works, bad = _read(tmp_path, _csv([HEADER, *shifted]))
    assert works == [] and [(b.line, "not a Scopus EID" in b.error) for b in bad] == [(2, True), (3, True)]


# -- techties investments: a query that names no deal is refused, not answered with empty tables ----
def _cli(*args: str):
    import subprocess
    import sys

    code = "import sys; from techties.cli import main; sys.argv[0] = 'techties'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          check=False)


def test_investment_years_parse_or_say_why():
    import pytest

    from techties.years import year_set

    assert year_set("2016-2018, 2021") == {2016, 2017, 2018, 2021}
    assert year_set(None) is None
    for text, why in (("2019-2010", "earlier year first: 2010-2019"), ("abc", "write a year or a range"),
                      ("2018-", "write a year or a range")):  # the words research uses (techties.years)
        with pytest.raises(ValueError, match=why):
            year_set(text)


def test_investments_refuses_what_research_refuses():
    for args, line in ((("--years", "2019-2010"), "error: --years 2019-2010: write the earlier year first: 2010-2019"),
                       (("--pair", "CN", "CN"), "error: --pair CN CN: the two countries must differ"),
                       (("--pair", "XX", "RU"),
                        "error: --pair 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US)"),
                       (("--baseline", "ru"),
                        "error: --baseline RU: the baseline must be a third country, not one of the pair CN RU")):
        done = _cli("investments", *args)
        assert (done.returncode, done.stderr.splitlines(), done.stdout) == (2, [line], "")


def test_initiatives_refuse_a_country_or_timeline_no_initiative_can_match():
    # before: `--country XX` listed "0 initiatives" (exit 0); `--timeline bogus` was an unexpected ValueError
    for args, line in ((("--country", "XX"),
                        "error: --country 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US)"),
                       (("--timeline", "bogus"), "error: --timeline 'bogus': one of kind, sector, area, status")):
        done = _cli("initiatives", *args)
        assert (done.returncode, done.stderr.splitlines(), done.stdout) == (2, [line], "")


# -- the dashboard: each pair's total drills down to the works it counts ------------------------------
def test_summary_totals_drill_down_to_the_works_they_count(tmp_path):
    from techties.metrics.research import ResearchQuery, compute_research
    from techties.warehouse import Warehouse
    from tests import oracle_fixture
    from tests.oracle_fixture import work_id

    with Warehouse(tmp_path / "w.duckdb") as wh:
        oracle_fixture.build(wh.con)
        t = compute_research(wh.con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018)),
                             explain=True).table("summary")
    # before: no work ids, so the dashboard's largest figures (7, 4, 2) could not be opened
    # CN-RU 2016-2018: W1-W7 (W18 is 2015); CN-US: W3, W8, W9, W10; RU-US: W3, W11 (oracle_fixture's layout)
    expected = {"CN-RU": ["W1", "W2", "W3", "W4", "W5", "W6", "W7"], "CN-US": ["W10", "W3", "W8", "W9"],
                "RU-US": ["W11", "W3"]}
    got = {row[0]: (row[1], ids) for row, ids in zip(t.rows, t.work_ids or [], strict=True)}
    assert got == {p: (len(ws), sorted(work_id(w) for w in ws)) for p, ws in expected.items()}


def test_investments_state_as_of_data_and_versions():
    """Before: the JSON and the table gave figures with no date, source or version (every other output
    states them)."""
    import json
    import re
    from pathlib import Path

    import techties

    deals_yaml = Path(techties.__file__).parent / "data" / "curated" / "deals.yaml"
    stated = re.search(r"^curated_on: (\S+)", deals_yaml.read_text(encoding="utf-8"), re.M).group(1)
    done = _cli("investments", "--format", "json")
    prov = json.loads(done.stdout)["provenance"]
    assert (prov["as_of"], prov["data"], prov["versions"]["techties"]) == (stated, "curated deals.yaml",
                                                                          techties.__version__)
    n = len(re.findall(r"^  - id:", deals_yaml.read_text(encoding="utf-8"), re.M))  # the deals the file lists
    table = _cli("investments").stdout.splitlines()
    assert table[-1] == f"{n} deals · deals as of {stated} (curated deals.yaml) · techties {techties.__version__}"


def test_initiatives_table_states_its_denominator_and_date():
    """Before: "0 initiatives" for `--since 2030`, with no total it was taken from and no date."""
    import re
    from pathlib import Path

    import techties

    text = (Path(techties.__file__).parent / "data" / "curated" / "initiatives.yaml").read_text(encoding="utf-8")
    total = len(re.findall(r"^  - id:", text, re.M))
    stated = re.search(r"^curated_on: (\S+)", text, re.M).group(1)
    done = _cli("initiatives", "--since", "2030")
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == f"0 of {total} curated initiatives · as of {stated} (initiatives.yaml)"


def test_an_xls_workbook_is_named_as_such(tmp_path):
    """Before: "binary data, not a text export" for a spreadsheet saved as .xls; it says what to do now."""
    from techties.sources.detect import not_text

    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # the OLE2 compound-file signature
    assert not_text(path) == ("an Excel 97-2003 workbook (.xls) or another Office file: save the sheet as CSV and "
                              "give `techties ingest` the CSV")
