"""A careless analyst's pass (helper qa9): a research-security officer and a journalist follow the
README and type what such users type. Each test was written to fail before its fix; every expected
value is worked out by hand in the comments, never read off techties' own output."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from techties.cli import app

runner = CliRunner()


def _csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- 1. the brief's initiatives.csv has the columns of `techties initiatives --format csv` ----------------
@pytest.fixture(scope="module")
def brief_2016_2018(tmp_path_factory):
    from tests.test_report_facts import build_facts_warehouse

    base = tmp_path_factory.mktemp("brief")
    db = build_facts_warehouse(base / "facts.duckdb")
    out = base / "b"
    res = runner.invoke(app, ["report", "--pair", "CN", "RU", "--years", "2016-2018", "--out", str(out),
                              "--db", str(db)])
    assert res.exit_code == 0, res.output
    return out


def test_brief_initiatives_csv_keeps_its_columns_and_adds_area_countries_currency(brief_2016_2018):
    with open(brief_2016_2018 / "initiatives.csv", encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    # the ten columns the brief always wrote, in their order, then the new ones at the end
    assert header == ["id", "kind", "title", "started_on", "status", "sectors", "parties", "amount_usd",
                      "sources", "summary", "area", "countries", "amount", "currency"]


def test_brief_initiatives_csv_rows_worked_out_from_the_yaml(brief_2016_2018):
    rows = {r["id"]: r for r in _csv(brief_2016_2018 / "initiatives.csv")}
    # initiatives.yaml, russia-china-st-fund-2018: kind fund (area "joint funds" in AREA_OF_KIND), parties
    # leader-mc (organisations.yaml: RU) and szcg (CN), amount 100000000, currency CNY, started 2018-10
    fund = rows["russia-china-st-fund-2018"]
    assert (fund["area"], fund["countries"], float(fund["amount"]), fund["currency"]) == (
        "joint funds", "CN; RU", 100_000_000.0, "CNY")
    assert fund["started_on"] == "2018-10" and fund["kind"] == "fund"
    # innovation-mou-2016: a cooperation agreement ("other cooperation"), most-cn (CN) and mined-ru (RU),
    # no amount and so no currency
    mou = rows["innovation-mou-2016"]
    assert (mou["area"], mou["countries"], mou["amount"], mou["currency"]) == ("other cooperation", "CN; RU", "", "")


# -- 2. a WoS tab-delimited export saved again by Excel ------------------------------------------------
# Excel's "Unicode Text" (UTF-16 LE with a BOM) and "Text (Tab delimited)" (the ANSI code page) wrap a cell
# in double quotes when it holds a double quote, a tab or a line break, and double the quotes inside;
# Excel 2000 also quoted cells holding a comma (both are written below). A line break inside a cell is a
# lone LF, rows end with CRLF; the empty column after UT (WoS ends every row with a tab) is not written.
# The rows are written here from the real savedrecs_01 records, independently of techties.
def _to_tab():
    from tests.test_wos_tab import to_tab

    return to_tab


def _excel_cell(value: str, commas: bool) -> str:
    specials = '"\t\n' + ("," if commas else "")
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in specials) else value


def _excel_tab(records, out, *, commas: bool, encoding: str = "utf-16", edit=None) -> list[str]:
    """The records as Excel saves a WoS tab export it opened: `edit(header, cells)` may change a row's
    cells first (an analyst's edit in a cell). Returns the header."""
    to_tab = _to_tab()
    header = list(to_tab.HEADER) + sorted({t for r in records for t in r} - set(to_tab.HEADER))
    rows = [header]
    for rec in records:
        cells = to_tab.tab_row(rec, header).split("\t")  # the values WoS writes (no tab inside any)
        rows.append(edit(header, cells) if edit else cells)
    text = "\r\n".join("\t".join(_excel_cell(c, commas) for c in row) for row in rows) + "\r\n"
    if encoding == "utf-16":  # "Unicode Text"
        out.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    else:  # "Text (Tab delimited)": Windows-1252, a character outside it becomes "?"
        out.write_bytes(text.encode(encoding, errors="replace"))
    return header


EYES_CLOSED = "WOS:000395465900032"  # savedrecs_01, the 331st record: its title starts with a quoted word


@pytest.fixture(scope="module")
def wos01(shared_data):
    return _to_tab().plain_records(shared_data / "wos" / "savedrecs_01.txt.gz")


def _works(path) -> dict[str, object]:
    from techties.records import Work
    from techties.sources.wos import read_wos_tab

    items = [item for _line, item in read_wos_tab(path)]
    assert all(isinstance(i, Work) for i in items), [i for i in items if not isinstance(i, Work)][:2]
    return {w.work_id: w for w in items}


@pytest.mark.parametrize("commas", [False, True], ids=["quotes-only", "commas-too"])
def test_an_excel_resaved_tab_export_reads_as_the_export_itself(wos01, tmp_path, commas):
    genuine, excel = tmp_path / "savedrecs.txt", tmp_path / "excel.txt"
    _to_tab().write_tab(wos01, genuine)
    _excel_tab(wos01, excel, commas=commas)
    assert '\t"""Eyes-closed"" SSVEP-based BCI' in excel.read_bytes().decode("utf-16")  # written the Excel way
    w = _works(excel)[f"wos:{EYES_CLOSED}"]
    # TI "Eyes-closed" SSVEP-based BCI for Binary Communication of Individuals / with Impaired Oculomotor Function
    assert w.title == ('"Eyes-closed" SSVEP-based BCI for Binary Communication of Individuals with Impaired '
                       'Oculomotor Function')
    # AF Lim, Jeong-Hwan / Hwang, Han-Jeong / Im, Chang-Hwan, all three at "Hanyang Univ, Dept Biomed Engn, Seoul,
    # South Korea."
    assert [a.author_name for a in w.authorships] == ["Lim, Jeong-Hwan", "Hwang, Han-Jeong", "Im, Chang-Hwan"]
    assert {(a.institution_id, a.raw_affiliation) for a in w.authorships} == {
        ("wos-org:HANYANG UNIV", "Hanyang Univ, Dept Biomed Engn, Seoul, South Korea.")}
    assert w.year == 2013 and w.doi is None
    assert _works(excel) == _works(genuine)  # all 500 records, as the export WoS wrote reads them


def test_cells_an_analyst_broke_over_lines_or_tabs_in_excel(wos01, tmp_path):
    # Alt+Enter in the 2nd record's title and a tab pasted into the 3rd one's abstract: Excel quotes both cells,
    # the title's row then runs over two lines (a lone LF inside the quotes)
    to_tab = _to_tab()
    recs = wos01[:4]
    edited = {}

    def edit(header, cells):
        i = len(edited)
        ti, ab = header.index("TI"), header.index("AB")
        if i == 1:
            cells[ti] = "Line one of the title\nline two"
        if i == 2:
            cells[ab] = "Before the tab\tafter it"
        edited[i] = cells
        return cells

    excel = tmp_path / "excel.txt"
    _excel_tab(recs, excel, commas=False, encoding="cp1252", edit=edit)
    from techties.sources.wos import read_wos_tab

    items = list(read_wos_tab(excel))
    # header on line 1, records on 2, 3–4 (the title's line break), 5, 6: each keyed by its last line
    assert [line for line, _w in items] == [2, 4, 5, 6]
    works = [w for _l, w in items]
    assert works[1].title == "Line one of the title line two"
    assert works[2].abstract == "Before the tab after it"
    plain = [w for _l, w in read_wos_tab(_written(to_tab, recs, tmp_path))]
    assert [w.work_id for w in works] == [w.work_id for w in plain]


def _written(to_tab, recs, tmp_path):
    p = tmp_path / "genuine.txt"
    to_tab.write_tab(recs, p)
    return p


def test_a_genuine_export_whose_titles_start_with_a_quote_is_read_as_wos_writes_it(shared_data, tmp_path):
    # savedrecs_05: TI "Adaptive Bayesian Speckle Reduction in the 2D DOST domain using 2D / MC-GARCH-M Model:
    # Preserving Image Edges and Textural Information" / [Digital Signal Processing Volume 154, …, 104649]
    to_tab = _to_tab()
    recs = to_tab.plain_records(shared_data / "wos" / "savedrecs_05.txt.gz")
    # and a title an editor wrapped whole in quotes: WoS writes it as it is, no quote doubled
    recs[0] = {**recs[0], "TI": ['"Smart, safe homes"']}
    p = tmp_path / "savedrecs.txt"
    to_tab.write_tab(recs, p)
    titles = {w.title for w in _works(p).values()}
    assert ('"Adaptive Bayesian Speckle Reduction in the 2D DOST domain using 2D MC-GARCH-M Model: Preserving '
            'Image Edges and Textural Information" [Digital Signal Processing Volume 154, November 2024, 104649]'
            in titles)
    assert '"Smart, safe homes"' in titles


def test_ingest_wos_stores_every_row_of_an_excel_resaved_export(wos01, tmp_path):
    excel = tmp_path / "savedrecs_excel.txt"
    _excel_tab(wos01[320:340], excel, commas=True)
    res = runner.invoke(app, ["ingest", "wos", str(excel), "--db", str(tmp_path / "w.duckdb")])
    assert res.exit_code == 0, res.output
    assert "stored 20, quarantined 0" in " ".join(res.output.split())
    import duckdb

    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        title = con.execute("SELECT title FROM works WHERE work_id = ?", [f"wos:{EYES_CLOSED}"]).fetchone()[0]
        quoted = con.execute("SELECT count(*) FROM authorships WHERE author_name LIKE '\"%'").fetchone()[0]
    assert title.startswith('"Eyes-closed" SSVEP-based BCI') and quoted == 0


# -- 3. a country named, not coded: the same line in every command that takes a country ------------------
# metrics.query.country_code is the one check: "china" → "a country name: use its two-letter code CN",
# "RUS" (alpha-3) → "use its two-letter code RU"
def test_screen_country_gives_the_code_to_use(tmp_path):
    from tests.cli_errors import cli, one_line_error

    line = one_line_error(cli("screen", "Huawei Technologies", "--country", "china"), 2)
    assert line == ("error: --country 'china' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US): "
                    "a country name: use its two-letter code CN")
    line = one_line_error(cli("screen", "Huawei Technologies", "--country", "RUS"), 2)
    assert line.endswith(": use its two-letter code RU")
    line = one_line_error(cli("screen", "Huawei Technologies", "--country", "XX"), 2)
    assert line == "error: --country 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US)"


@pytest.mark.parametrize("args, ending", [
    (["--pair", "china", "RU"], "--pair 'china' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US): "
                                "a country name: use its two-letter code CN"),
    (["--pair", "CN", "cn"], "--pair CN CN: the two countries must differ"),
    (["--baseline", "USA"], "--baseline 'USA' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US): "
                            "use its two-letter code US"),
])
def test_demo_checks_its_pair_before_building(tmp_path, args, ending):
    # before: the whole demo was built (20-40 s), then a "CHINA-RU" table of zeros printed with exit 0
    from tests.cli_errors import cli, one_line_error

    db = tmp_path / "demo.duckdb"
    line = one_line_error(cli("demo", "--db", str(db), *args), 2)
    assert ending in line
    assert not db.exists()


# -- 4. untrusted names in investments and initiatives: never terminal controls -----------------------------
# A Crunchbase export's cells are untrusted: a company name with a bidi override (U+202E, shows
# "Evil…exe.png" reversed), a C1 CSI (U+009B, the one-byte form of ESC [) and an OSC 8 link; a permalink with
# ESC [2J (clears the screen). research, screen, watch print JSON through terminal.json_text and CSV through
# terminal.emit; investments and initiatives printed json.dumps and csv_text straight.
_CB_HEADER = ("company_permalink,company_name,company_category_list,company_country_code,company_state_code,"
              "company_region,company_city,acquirer_permalink,acquirer_name,acquirer_category_list,"
              "acquirer_country_code,acquirer_state_code,acquirer_region,acquirer_city,acquired_at,acquired_month,"
              "price_amount,price_currency_code")
EVIL_NAME = "Evil\u202egnp.exe \u009b2J Corp \x1b]8;;http://evil.example\x07click\x1b]8;;\x07"


def _hostile_crunchbase(tmp_path, currency="USD"):
    p = tmp_path / "crunchbase_acquisitions.csv"
    row = ["/organization/evil\x1b[2J", EVIL_NAME, "Artificial Intelligence", "RUS", "48", "Moscow", "Moscow",
           "/organization/acq", "Acquirer Ltd", "Software", "CHN", "", "Beijing", "Beijing", "2016-07-23",
           "2016-07", "5000000", currency]
    with open(p, "w", encoding="utf-8", newline="") as fh:
        fh.write(_CB_HEADER + "\n")
        csv.writer(fh, lineterminator="\n").writerow(row)
    return p


def test_investments_json_escapes_bidi_and_c1_controls(tmp_path):
    import json

    res = runner.invoke(app, ["investments", "--crunchbase", str(_hostile_crunchbase(tmp_path)), "--years", "2016",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "\u202e" not in res.stdout and "\u009b" not in res.stdout and "\x1b" not in res.stdout
    assert "Evil\\u202egnp.exe \\u009b2J Corp \\u001b]8;;" in res.stdout  # the same JSON value, escaped
    targets = [d["target"] for d in json.loads(res.stdout)["top_deals"]]
    assert targets == [EVIL_NAME]


class _Terminal:
    """stdout as a terminal: what `techties … --format csv` typed at a prompt meets."""

    def __init__(self):
        import io

        self.buf = io.StringIO()

    def write(self, text):
        return self.buf.write(text)

    def flush(self):
        pass

    def isatty(self):
        return True

    def fileno(self):
        raise OSError("no file descriptor")


def _on_a_terminal(monkeypatch, *args: str) -> str:
    import sys

    term = _Terminal()
    monkeypatch.setattr(sys, "stdout", term)
    try:
        app(list(args), standalone_mode=False)
    finally:
        monkeypatch.undo()
    return term.buf.getvalue()


def test_investments_csv_on_a_terminal_shows_controls_escaped(tmp_path, monkeypatch):
    # deal id crunchbase:acq:<company permalink>:<acquirer permalink>:<date>; its ESC shown as \x1b
    text = _on_a_terminal(monkeypatch, "investments", "--crunchbase", str(_hostile_crunchbase(tmp_path)),
                          "--years", "2016", "--format", "csv")
    assert "\x1b" not in text
    assert "crunchbase:acq:/organization/evil\\x1b[2J:/organization/acq:2016-07-23" in text


def test_investments_table_fx_line_shows_the_deal_id_escaped(tmp_path):
    # a deal in euros gets an "FX <deal id>: …" line under the table
    res = runner.invoke(app, ["investments", "--crunchbase", str(_hostile_crunchbase(tmp_path, "EUR")),
                              "--years", "2016"])
    assert res.exit_code == 0, res.output
    assert "FX crunchbase:acq:/organization/evil\\x1b[2J:/organization/acq:2016-07-23" in res.stdout
    assert "\x1b" not in res.stdout and "\u202e" not in res.stdout and "\u009b" not in res.stdout


def _hostile_curated(tmp_path):
    import shutil

    from techties.sources.curated import default_dir

    d = tmp_path / "curated"
    shutil.copytree(default_dir(), d)
    p = d / "initiatives.yaml"
    text = p.read_text(encoding="utf-8")
    old = "title: Memorandum of understanding on launching cooperation in innovation"
    assert old in text
    p.write_text(text.replace(old, 'title: "MoU \\u202egnp.exe \\x9b2J \\e[2J"'), encoding="utf-8")
    return d


def test_initiatives_json_and_csv_escape_controls(tmp_path, monkeypatch):
    import json

    d = _hostile_curated(tmp_path)
    res = runner.invoke(app, ["initiatives", "--dir", str(d), "--format", "json", "--since", "2016-06"])
    assert res.exit_code == 0, res.output
    assert "\u202e" not in res.stdout and "\u009b" not in res.stdout
    rows = {r["id"]: r for r in json.loads(res.stdout)}
    assert rows["innovation-mou-2016"]["title"] == "MoU \u202egnp.exe \u009b2J \x1b[2J"
    text = _on_a_terminal(monkeypatch, "initiatives", "--dir", str(d), "--format", "csv", "--since", "2016-06")
    assert "MoU \\u202egnp.exe \\x9b2J \\x1b[2J" in text and "\x1b" not in text


# -- 5. a folder or a file where the other was wanted ------------------------------------------------------
def _aff_csv(tmp_path):
    p = tmp_path / "affiliations.csv"
    p.write_text("aff\nTsinghua Univ, Beijing, China\n", encoding="utf-8")
    return p


def test_resolve_input_folder_is_said_to_be_a_folder(tmp_path):
    from tests.cli_errors import cli, one_line_error

    line = one_line_error(cli("resolve", "country", "--input", str(tmp_path), "--column", "aff",
                              "--output", str(tmp_path / "o.csv")), 4)
    assert line == f"error: {tmp_path}: a folder, not a file: name the CSV file in it"  # was "no such file"


def test_resolve_output_folder_is_refused_and_leaves_nothing_beside_it(tmp_path):
    # before: it wrote DIR.partial next to the folder, failed with "DIR.partial: Is a directory" (exit 4) and
    # left DIR.partial there
    from tests.cli_errors import cli, one_line_error

    out = tmp_path / "out"
    out.mkdir()
    line = one_line_error(cli("resolve", "country", "--input", str(_aff_csv(tmp_path)), "--column", "aff",
                              "--output", str(out)), 2)
    assert line == f"error: --output {out} is a folder: name the CSV file to write, e.g. {out / 'affiliations.csv'}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["affiliations.csv", "out"]


def test_resolve_output_in_a_missing_folder_names_the_output(tmp_path):
    from tests.cli_errors import cli, one_line_error

    out = tmp_path / "nodir" / "o.csv"
    line = one_line_error(cli("resolve", "country", "--input", str(_aff_csv(tmp_path)), "--column", "aff",
                              "--output", str(out)), 4)
    assert line == f"error: --output {out}: no folder {out.parent} to write it in"  # was "…/o.csv.partial: No such …"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["affiliations.csv"]


def test_research_output_that_is_a_file_is_refused_before_computing(tmp_path):
    # before: the tables were computed and printed on stdout, then "FILE: File exists (a folder was to be
    # created there…)" with exit 4; report refuses the same mistake first, exit 2
    from tests.cli_errors import cli, one_line_error

    f = _aff_csv(tmp_path)
    line = one_line_error(cli("research", "--pair", "CN", "RU", "--output", str(f), "--db",
                              str(tmp_path / "none.duckdb")), 2)
    assert line == (f"error: --output is a folder for the tables' CSV and Parquet files, not a file: {f} "
                    f"(try --output {tmp_path / 'affiliations'})")


# -- 6. an export that came down empty, given to `ingest auto` or `demo --from` ---------------------------
# `ingest wos empty.txt` says "an empty file (0 bytes): nothing to read", exit 0; `ingest auto` said "format not
# recognised from its first lines; name the kind", exit 2, sending the user to look for a wrong format
def test_ingest_auto_of_an_empty_file_says_it_is_empty(tmp_path, shared_data):
    import gzip

    empty, blank = tmp_path / "savedrecs.txt", tmp_path / "part_000.gz"
    empty.write_bytes(b"")
    blank.write_bytes(gzip.compress(b"\n\n   \n"))  # a gzip of blank lines: no record either
    real = shared_data / "openalex" / "works_current_schema_sample.jsonl.gz"  # 3 works
    res = runner.invoke(app, ["ingest", "auto", str(real), str(empty), str(blank), "--db", str(tmp_path / "w.duckdb")])
    assert res.exit_code == 0, res.output
    assert f"{empty}: an empty file (0 bytes): nothing to read" in res.stderr
    assert f"{blank}: read 0, stored 0, quarantined 0" in " ".join(res.stderr.split())
    assert f"{real.name}: read 3, stored 3, quarantined 0" in " ".join(res.stderr.split())


def test_demo_from_an_empty_file_says_it_is_empty(tmp_path):
    from tests.cli_errors import cli, one_line_error

    empty = tmp_path / "savedrecs.txt"
    empty.write_bytes(b"")
    line = one_line_error(cli("demo", "--from", str(empty), "--db", str(tmp_path / "d.duckdb")), 4)
    assert line == f"error: {empty}: an empty file: no records in it"


# -- 7. ingest-crunchbase: what is not an export is said, quarantined rows are named, exit 3 ------------------
def test_ingest_crunchbase_of_a_folder_without_exports(tmp_path):
    # before: "deals=0 deal_investors=0 quarantined=0", exit 0
    from tests.cli_errors import cli, one_line_error

    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "notes.txt").write_text("x\n")
    line = one_line_error(cli("ingest-crunchbase", str(folder), "--db", str(tmp_path / "w.duckdb")), 4)
    assert line == (f"error: {folder}: no Crunchbase export in this folder (files named *acquisitions*.csv, "
                    "or cb_funding_rounds.csv)")


def test_ingest_crunchbase_of_another_csv_or_an_empty_file(tmp_path):
    # before: "deals=0 deal_investors=0 quarantined=1", exit 0, and nothing said which row or why
    from tests.cli_errors import cli, one_line_error

    other = _aff_csv(tmp_path)
    line = one_line_error(cli("ingest-crunchbase", str(other), "--db", str(tmp_path / "w.duckdb")), 2)
    assert line == (f"error: {other}: not a Crunchbase acquisitions or funding-rounds export (its header has no "
                    "acquirer_name, nor funding_round_uuid and raised_amount_usd)")
    empty = tmp_path / "crunchbase_acquisitions.csv"
    empty.write_bytes(b"")
    line = one_line_error(cli("ingest-crunchbase", str(empty), "--db", str(tmp_path / "w.duckdb")), 4)
    assert line == f"error: {empty}: an empty file: no records in it"


def test_ingest_crunchbase_names_quarantined_rows_and_exits_3(tmp_path, shared_data):
    # the header and first 3 rows of the real 2015 export (003.RU by Media Saturn 2012-07-23, …), then a row
    # with acquired_at "20x9-07-23": 3 deals stored, line 5 quarantined
    src = shared_data / "investments" / "crunchbase_acquisitions_2015-12-04.csv"
    lines = src.read_text(encoding="utf-8").splitlines()[:4]
    bad = lines[1].replace("2012-07-23,2012-07", "20x9-07-23,2012-07")
    assert bad != lines[1]
    p = tmp_path / "crunchbase_acquisitions.csv"
    p.write_text("\n".join([*lines, bad]) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["ingest-crunchbase", str(p), "--db", str(tmp_path / "w.duckdb")])
    assert res.exit_code == 3, res.output
    assert f"quarantined {p}:5: acquired_at '20x9-07-23' is not a date" in res.stderr
    assert res.stdout.startswith("deals=3 deal_investors=3 ") and res.stdout.rstrip().endswith("quarantined=1")


def test_investments_crunchbase_of_another_csv_stops_with_the_same_line(tmp_path):
    # before: "affiliations.csv:1: skipped: not a Crunchbase …" on stderr and the figures without it, exit 0
    from tests.cli_errors import cli, one_line_error

    other = _aff_csv(tmp_path)
    line = one_line_error(cli("investments", "--crunchbase", str(other)), 2)
    assert line.startswith(f"error: {other}: not a Crunchbase acquisitions or funding-rounds export")


# -- 8. screen-decide --kind: one of the subjects' kinds ------------------------------------------------------
def test_screen_decide_refuses_an_unknown_kind(tmp_path):
    # before: "confirm: I1 / E1 (1 row)", exit 0, a decision stored under kind "instituion" that no screening
    # run's rows (institution, investor, deal_party, initiative_party) ever meet
    from techties.warehouse import Warehouse
    from tests.cli_errors import cli, one_line_error

    db = tmp_path / "w.duckdb"
    with Warehouse(db):
        pass
    line = one_line_error(cli("screen-decide", "I1", "E1", "confirm", "--kind", "instituion", "--db", str(db)), 2)
    assert line == ("error: --kind must be one of institution, investor, deal_party, initiative_party, "
                    "not 'instituion'")
    with Warehouse(db, read_only=True) as wh:
        assert wh.con.execute("SELECT count(*) FROM screening_hits").fetchone()[0] == 0


# -- 9. --db naming another program's database -----------------------------------------------------------------
# A DuckDB file of another project (one table, sales): `ingest`, `watch` and `screen --warehouse` wrote techties'
# 27 tables into it (exit 0), `research` and `report` failed "unexpected CatalogException" (exit 1), `runs`
# "unexpected InvalidInputException … Python Object 'runs'" (exit 1), `export` wrote its sales table as Parquet.
# An SQLite file: DuckDB tried to download its sqlite extension ("cannot use the warehouse: IO Error: Failed to
# download extension"), and with a network would have attached the file as the warehouse.
def _foreign_duckdb(tmp_path):
    import duckdb

    p = tmp_path / "sales.duckdb"
    with duckdb.connect(str(p)) as con:
        con.execute("CREATE TABLE sales (id INTEGER, amount DOUBLE)")
        con.execute("INSERT INTO sales VALUES (1, 2.0)")
    return p


@pytest.mark.parametrize("args", [
    ["research", "--pair", "CN", "RU"], ["report", "--pair", "CN", "RU", "--out", "{tmp}/brief"], ["runs"],
    ["export", "--out", "{tmp}/export"], ["watch", "--pair", "CN", "RU"], ["screen", "--warehouse"],
    ["ingest", "wos", "{tmp}/savedrecs.txt"], ["ingest-curated"], ["classify", "apply"],
])
def test_a_duckdb_file_of_another_program_is_refused_and_left_alone(tmp_path, args):
    import duckdb

    from tests.cli_errors import cli, one_line_error

    db = _foreign_duckdb(tmp_path)
    (tmp_path / "savedrecs.txt").write_text("FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n", encoding="utf-8")
    line = one_line_error(cli(*[a.replace("{tmp}", str(tmp_path)) for a in args], "--db", str(db)), 4)
    assert line == (f"error: {db}: a DuckDB database but not a techties warehouse (its tables: sales): "
                    "name the warehouse file, or a new file for a new one")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [("sales",)]
    assert not (tmp_path / "export").exists() and not (tmp_path / "brief").exists()


def test_an_sqlite_file_is_no_warehouse(tmp_path):
    import sqlite3

    from tests.cli_errors import cli, one_line_error

    p = tmp_path / "notes.db"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    for args in (["research", "--pair", "CN", "RU"], ["ingest-curated"]):
        line = one_line_error(cli(*args, "--db", str(p)), 4)
        assert line == f"error: {p}: an SQLite database, not a DuckDB warehouse"


# -- 10. --language written as a country code ------------------------------------------------------------------
# `--language cn` (China's country code; Chinese is zh) matched no work: "EMPTY: no works match this selection
# (…, language cn)", exit 0, as if no Chinese-language work existed
@pytest.mark.parametrize("given, message", [
    ("cn", "--language 'cn': CN is a country code; a work's language is an ISO 639-1 code (Chinese: zh)"),
    ("JP", "--language 'JP': JP is a country code; a work's language is an ISO 639-1 code (Japanese: ja)"),
    ("xx", "--language 'xx': not an ISO 639-1 language code: use e.g. en, zh, ru, non-en or all"),
    ("rus", "--language 'rus': works keep the two-letter code: use ru"),
])
def test_a_language_that_is_no_language_code_is_refused(given, message):
    from techties.errors import UsageError
    from techties.metrics.query import build_query

    with pytest.raises(UsageError) as e:
        build_query("CN", "RU", language=given)
    assert str(e.value) == message


def test_language_codes_still_read():
    from techties.metrics.query import build_query

    # zh, ru, en and kr (Kanuri, an ISO 639-1 code) are languages; fil (Filipino) has no two-letter code
    assert [build_query("CN", "RU", language=x).language for x in ("ZH", "ru", "en", "kr", "fil", "non-en")] == [
        "zh", "ru", "en", "kr", "fil", "non-en"]


def test_research_language_cn_is_one_line_exit_2(tmp_path):
    from tests.cli_errors import cli, one_line_error

    line = one_line_error(cli("research", "--pair", "CN", "RU", "--language", "cn", "--db", str(tmp_path / "x")), 2)
    assert line.endswith("(Chinese: zh)")


def test_initiatives_since_an_impossible_day_is_refused():
    # 2019-02-30: February 2019 had 28 days; it listed the initiatives since "2019-02-30" as if it were a date
    from tests.cli_errors import cli, one_line_error

    line = one_line_error(cli("initiatives", "--since", "2019-02-30"), 2)
    assert line == "error: --since '2019-02-30': no such day: write a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2016"
    assert cli("initiatives", "--since", "2020-02-29", "--format", "csv").exit_code == 0  # a leap day


# -- 11. screen given a file of names ----------------------------------------------------------------------
def test_screen_given_a_file_instead_of_names(tmp_path):
    # `techties screen institutions.csv` screened the words "institutions.csv": "0 hit(s)", exit 0, read as a
    # clean list by an officer who meant the names in the file
    from tests.cli_errors import cli, one_line_error

    f = tmp_path / "institutions.csv"
    f.write_text("name\nHarbin Institute of Technology\n", encoding="utf-8")
    line = one_line_error(cli("screen", "Huawei Technologies", str(f)), 2)
    assert line == (f"error: name 2 of 2 is the file {f}, not a name: `techties screen` takes the names themselves "
                    f"(the names of a file: techties screen --names-file {f})")
    # a name that only looks like a file name, with no such file, is screened
    res = cli("screen", "Baidu.com", "--format", "json")
    assert res.exit_code == 0, res.output


# -- 12. a WoS tab export saved by Excel as CSV ("CSV UTF-8", or with ";" in European locales) -------------------
# `ingest wos savedrecs.csv` quarantined every line "not a tagged WoS line" (exit 3, the file then counted as
# ingested); `ingest auto` said "format not recognised". Excel's CSV quotes a cell holding the delimiter, a quote
# or a line break and doubles the quotes inside: what the csv module writes.
def _excel_csv(records, out, delimiter=","):
    to_tab = _to_tab()
    header = list(to_tab.HEADER) + sorted({t for r in records for t in r} - set(to_tab.HEADER))
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:  # "CSV UTF-8" writes a byte-order mark
        w = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(header)
        for rec in records:
            w.writerow(to_tab.tab_row(rec, header).split("\t"))
    return out


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_wos_export_saved_as_csv_reads_as_the_export(shared_data, tmp_path, delimiter):
    to_tab = _to_tab()
    recs = to_tab.plain_records(shared_data / "wos" / "savedrecs_07.txt.gz")[:30]
    genuine = tmp_path / "savedrecs.txt"
    to_tab.write_tab(recs, genuine)
    p = _excel_csv(recs, tmp_path / "savedrecs.csv", delimiter)
    from techties.sources.detect import sniff

    assert sniff(p) == "wos-tab"
    works = _works(p)
    # savedrecs_07, 5th record (as tests/test_wos_tab.py checks it): 4 + 5 + 1 author-address pairs
    w = works["wos:WOS:000468469300007"]
    assert w.title == "Incorporating Hand-crafted Features to Deep Neural Networks for Seizure Prediction"
    assert len(w.authorships) == 10 and w.year == 2018
    assert works == _works(genuine)
    res = runner.invoke(app, ["ingest", "auto", str(p), "--db", str(tmp_path / "w.duckdb")])
    assert res.exit_code == 0, res.output
    assert "read 30, stored 30, quarantined 0" in " ".join(res.stderr.split())


def test_the_dashboard_refuses_another_programs_database(tmp_path):
    import duckdb

    from techties.errors import InputError
    from techties.web.app import create_app

    db = _foreign_duckdb(tmp_path)
    with pytest.raises(InputError) as e:
        create_app(db)
    assert str(e.value).startswith(f"{db}: a DuckDB database but not a techties warehouse (its tables: sales)")
    with duckdb.connect(str(db)) as con:  # closed again: the file is not held
        assert con.execute("SELECT count(*) FROM sales").fetchone() == (1,)


# -- 13. network --out FILE.graphml with a control character in a name --------------------------------------
def test_graphml_with_a_control_character_in_a_name_still_parses(tmp_path):
    # an institution named "Red\x1b[31m Univ" (ESC: a character XML 1.0 cannot hold) made a GraphML file that
    # Gephi and every XML parser refuse ("not well-formed (invalid token)"); it becomes U+FFFD, as in the Atom feed
    import xml.etree.ElementTree as ET

    from techties.metrics.network import Network, write_graphml

    net = Network(nodes={"inst:I\x01": {"label": "Red\x1b[31m Univ", "country": "CN", "type": "education"},
                         "org:rcif": {"label": "RCIF", "country": "RU", "type": "fund"}})
    net.add_edge("inst:I\x01", "org:rcif", "coauthorship", 2)
    p = tmp_path / "n.graphml"
    write_graphml(net, p)
    root = ET.parse(p).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    g = "{http://graphml.graphdrawing.org/xmlns}"
    labels = {n.get("id"): n.find("g:data[@key='label']", ns).text for n in root.iter(f"{g}node")}
    assert labels == {"inst:I\ufffd": "Red\ufffd[31m Univ", "org:rcif": "RCIF"}
    edge = next(root.iter(f"{g}edge"))
    assert (edge.get("source"), edge.get("target")) == ("inst:I\ufffd", "org:rcif")


# -- 14. ingest options a script leaves empty or negative -------------------------------------------------------
@pytest.mark.parametrize("given", ["", "   "])
def test_ingest_openalex_api_refuses_an_empty_filter(tmp_path, given):
    # `--filter "$FILTER"` with the variable unset asked the API for every work in OpenAlex (the run went on
    # until the day's budget was spent, then resumed the next day)
    from tests.cli_errors import cli, one_line_error

    db = tmp_path / "w.duckdb"
    line = one_line_error(cli("ingest", "openalex-api", "--filter", given, "--base-url", "http://127.0.0.1:9",
                              "--db", str(db)), 2)
    assert line == ("error: --filter is empty: it would fetch every work in OpenAlex; name what to fetch, e.g. "
                    "--filter 'institutions.country_code:CN,institutions.country_code:RU,publication_year:2010-2019'")
    assert not db.exists()


def test_ingest_refuses_negative_workers(tmp_path):
    # --workers -3 was taken as "parse in this process"
    from tests.cli_errors import cli, one_line_error

    f = tmp_path / "savedrecs.txt"
    f.write_text("FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n", encoding="utf-8")
    line = one_line_error(cli("ingest", "wos", str(f), "--workers", "-3", "--db", str(tmp_path / "w.duckdb")), 2)
    assert line == "error: --workers -3: a number of processes, 0 or more (0: parse in this process)"
