"""A research-security officer's first pass (helper qa8): realistic mistakes in `research`, `watch`,
`investments` and `initiatives`, empty results that must say why, and the help texts.

Every expected value is worked out by hand in the comments (SYNTHETIC fixtures: invented deals)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.errors import EXIT_USAGE, UsageError
from techties.metrics.investment import investment_report
from techties.metrics.query import build_query
from techties.sources.crunchbase import DealRecord, InvestorRecord

runner = CliRunner()


# -- country names: refused with the code to use, the same line in every command -----------------
@pytest.mark.parametrize("given, code", [("china", "CN"), ("Russia", "RU"), ("UK", "GB"), ("England", "GB")])
def test_a_country_name_is_refused_with_its_code(given, code):
    # "china" could also mean a wider --china-scope (HK, MO, TW): a name is never taken as a code
    with pytest.raises(UsageError) as e:
        build_query(given, "US")
    assert str(e.value).endswith(f": a country name: use its two-letter code {code}")


def test_a_place_that_is_no_country_gives_no_guess():
    # "Paris" is a city, "Georgia" read as the US state: a code guessed from a place would mislead
    for given in ("Paris", "Georgia", "XX"):
        with pytest.raises(UsageError) as e:
            build_query(given, "US")
        assert "use its two-letter code" not in str(e.value)


@pytest.mark.parametrize("args", [
    ["research", "--pair", "china", "RU", "--db", "{db}"],
    ["watch", "--pair", "china", "RU", "--db", "{db}"],
    ["investments", "--pair", "china", "RU"],
    ["initiatives", "--country", "china"],
])
def test_every_command_gives_the_same_hint(args, tmp_path):
    args = [a.replace("{db}", str(tmp_path / "none.duckdb")) for a in args]
    res = runner.invoke(app, args)
    assert res.exit_code == EXIT_USAGE, res.output
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("error: ")
    assert res.stderr.rstrip().endswith("'china' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US): "
                                        "a country name: use its two-letter code CN")
    assert "Traceback" not in res.output and res.stdout == ""


# -- investments: an empty result says why ------------------------------------------------------------
def _deal(deal_id: str, on: str | None, target_country: str, investor_country: str, ai: bool = True) -> DealRecord:
    return DealRecord(deal_id=deal_id, source="oracle", announced_on=on, target=f"T-{deal_id}",
                      target_country=target_country, round=None, amount=10e6, currency="USD", disclosed=True,
                      ai_related=ai, investors=[InvestorRecord(name=f"I-{deal_id}", country=investor_country)])


# E1 2015 CN->RU, E2 2019 RU->CN, E3 undated CN->RU, E4 2017 DE->FR (not AI)
DEALS = [_deal("E1", "2015-03-01", "RU", "CN"), _deal("E2", "2019", "CN", "RU"), _deal("E3", None, "RU", "CN"),
         _deal("E4", "2017-01-01", "FR", "DE", ai=False)]


def test_no_deal_in_the_years_names_the_years_the_deals_have():
    # 4 deals, 3 dated (2015, 2019, 2017), E3 undated: none in 1990-1995; the dated ones run 2015-2019
    rep = investment_report(DEALS, ("CN", "RU"), "US", years=set(range(1990, 1996)))
    assert rep.rows == []
    assert rep.empty_note == ("EMPTY: none of the 3 dated deals falls in the years 1990–1995 (they run 2015–2019); "
                              "1 more has no date")
    rep = investment_report(DEALS[:2], ("CN", "RU"), None, years={2016, 2018})
    assert rep.empty_note == "EMPTY: none of the 2 dated deals falls in the years 2016, 2018 (they run 2015–2019)"


def test_deals_in_the_years_but_none_between_the_countries():
    # 2017 holds E4 alone (DE->FR): one dated deal in the years, not between CN, RU, US
    rep = investment_report(DEALS, ("CN", "RU"), "US", years={2017})
    assert rep.empty_note == "EMPTY: none of the 1 dated deals in these years is between CN, RU, US; 1 more has no date"
    # --ai-only drops E4: E1 and E2 dated, E3 undated, none between DE and FR
    rep = investment_report(DEALS, ("DE", "FR"), None, ai_only=True)
    assert rep.empty_note == "EMPTY: none of the 2 dated AI-related deals is between DE, FR; 1 more has no date"
    assert investment_report([], ("CN", "RU"), None).empty_note == "EMPTY: no dated deals loaded"
    only_undated = investment_report(DEALS[2:3], ("CN", "RU"), None)
    assert only_undated.empty_note == "EMPTY: no dated deals loaded; 1 more has no date"


def test_rows_mean_no_note():
    # E1 (2015) is CN->RU: one row, nothing to explain
    rep = investment_report(DEALS, ("CN", "RU"), None, years={2015})
    assert [(r.direction, r.year) for r in rep.rows] == [("CN→RU", 2015)] and rep.empty_note == ""


def test_cli_says_why_in_every_format():
    res = runner.invoke(app, ["investments", "--years", "1800-1900"])
    assert res.exit_code == 0 and "EMPTY: none of the " in res.stdout and "falls in the years 1800–1900" in res.stdout
    res = runner.invoke(app, ["investments", "--years", "1800-1900", "--format", "csv"])
    assert res.stdout.count("\n") == 1 and "EMPTY: none of the" in res.stderr  # stdout: the header, data only
    res = runner.invoke(app, ["investments", "--years", "1800-1900", "--format", "json"])
    assert json.loads(res.stdout)["empty_note"].startswith("EMPTY: none of the ")


# -- initiatives: --status reads in any case, as --kind and --sector do -----------------------------
def test_status_in_any_case():
    # the same filter in two cases lists the same initiatives (it was "--status 'Operating': one of …", exit 2)
    lower = runner.invoke(app, ["initiatives", "--status", "operating", "--format", "json"])
    upper = runner.invoke(app, ["initiatives", "--status", "Operating", "--format", "json"])
    assert upper.exit_code == 0 and json.loads(upper.stdout) == json.loads(lower.stdout) != []


# -- help: every option says what it is; --db says its default the one way config resolves it -------
def _options():
    import typer.main

    def walk(cmd, path):
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            yield from walk(sub, [*path, name])
        if not getattr(cmd, "commands", None):
            for p in cmd.params:
                if getattr(p, "param_type_name", "") == "option" and p.name != "help":
                    yield " ".join(path), p

    return list(walk(typer.main.get_command(app), []))


def test_every_option_has_help():
    missing = [f"{cmd} {p.opts[0]}" for cmd, p in _options() if not (p.help or "").strip()]
    assert missing == []


def test_every_warehouse_option_states_the_default_config_uses():
    from techties.config import DB_HELP, DB_HELP_READING

    # investments and network read no warehouse unless named; every other --db falls back as config says
    own = {"investments", "network"}
    wrong = [f"{cmd}: {p.help}" for cmd, p in _options()
             if p.opts[0] == "--db" and cmd not in own and p.help not in (DB_HELP, DB_HELP_READING)
             and not cmd.startswith("demo")]
    assert wrong == []


# -- one query, every face: the same numbers, the same column names --------------------------------
# On test_report_facts' five works (W2, W3 synthetic), CN–RU 2016–2018, no baseline. By hand:
# CN–RU works per year 2016: W1 = 1, 2017: none = 0, 2018: W2, W3 = 2; synthetic per year 0, 0, 2.
# CN's works W1–W4 = 4 and RU's W1, W2, W3, W5 = 4, so each share is 3 of 4 = 75.0%; growth 2 / 1 = 2.0.
BY_HAND_YEARLY = [("CN-RU", 2016, 1), ("CN-RU", 2017, 0), ("CN-RU", 2018, 2)]
BY_HAND_SYNTHETIC = [0, 0, 2]


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    from tests.test_report_facts import build_facts_warehouse

    root = tmp_path_factory.mktemp("qa8-facts")
    return build_facts_warehouse(root / "facts.duckdb"), root


def _csv_rows(path):
    import csv

    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_face_gives_the_hand_worked_counts(facts):
    from fastapi.testclient import TestClient

    from techties.web.app import create_app

    db, root = facts
    query = ["--pair", "CN", "RU", "--years", "2016-2018", "--db", str(db)]
    assert runner.invoke(app, ["report", *query, "--baseline", "", "--out", str(root / "brief")]).exit_code == 0
    assert runner.invoke(app, ["research", *query, "--output", str(root / "out")]).exit_code == 0
    as_json = json.loads(runner.invoke(app, ["research", *query, "--format", "json"]).stdout)
    long_csv = runner.invoke(app, ["research", *query, "--format", "csv"]).stdout.splitlines()
    api = TestClient(create_app(db)).get("/api/research", params={"a": "CN", "b": "RU", "baseline": "",
                                                                 "years": "2016-2018"}).json()

    def from_dicts(rows):
        return [(r["pair"], int(r["year"]), int(r["works"])) for r in rows]

    brief = _csv_rows(root / "brief" / "yearly.csv")
    research = _csv_rows(root / "out" / "yearly.csv")
    assert from_dicts(brief) == from_dicts(research) == BY_HAND_YEARLY
    assert from_dicts(next(t for t in as_json["tables"] if t["name"] == "yearly")["rows"]) == BY_HAND_YEARLY
    assert [tuple(r) for r in next(t for t in api["tables"] if t["name"] == "yearly")["rows"]] == BY_HAND_YEARLY
    cells = [",".join(line.split(",")[:4]) for line in long_csv]
    assert "yearly,3,works,2" in cells and "yearly,1,works,1" in cells
    # the synthetic works behind each row, under one column name in both CSVs
    assert [int(r["synthetic_works"]) for r in brief] == [int(r["synthetic_works"]) for r in research] \
        == BY_HAND_SYNTHETIC
    # the shares: 3 of 4 in every face, with the denominator in the page
    summary = [_csv_rows(root / d / "summary.csv")[0] for d in ("brief", "out")]
    assert {(s["share_of_first_pct"], s["share_of_second_pct"], s["growth_factor"]) for s in summary} \
        == {("75.0", "75.0", "2.0")}
    assert "3 of 4 CN works" in (root / "brief" / "brief.html").read_text(encoding="utf-8")
    # the Parquet file beside the CSV has the same column, with the same counts
    import pyarrow.parquet as pq

    assert pq.read_table(root / "out" / "yearly.parquet").column("synthetic_works").to_pylist() == BY_HAND_SYNTHETIC


def test_research_csv_says_synthetic_and_empty_beside_the_data(facts):
    # defect: `research --format csv` printed the cells and no note at all, so a demo table piped to a file
    # carried no word of its synthetic works. By hand: W2 and W3 of the five are synthetic.
    db, _ = facts
    res = runner.invoke(app, ["research", "--pair", "CN", "RU", "--years", "2016-2018", "--db", str(db),
                              "--format", "csv"])
    assert res.exit_code == 0 and "SYNTHETIC: 2 of these works are synthetic" in res.stderr
    assert "SYNTHETIC" not in res.stdout  # stdout stays the data
    # no work is from 1990-1995: the reason on stderr beside the CSV, and first in the table face
    empty = runner.invoke(app, ["research", "--pair", "CN", "RU", "--years", "1990-1995", "--db", str(db),
                                "--format", "csv"])
    assert "EMPTY: no works match this selection (years 1990–1995" in empty.stderr
    table = runner.invoke(app, ["research", "--pair", "CN", "RU", "--years", "1990-1995", "--db", str(db)])
    assert table.stdout.lstrip().startswith("EMPTY: no works match this selection (years 1990–1995")


def test_watch_on_a_scope_without_works_says_why(facts, tmp_path):
    # defect: `watch --years 1800-1900` (a typo in a cron line) stored and printed a snapshot of zeros with
    # no word that the scope selects nothing. By hand: the five works are of 2016-2018, none in 1990-1995.
    import shutil

    db = tmp_path / "w.duckdb"
    shutil.copy(facts[0], db)
    digest = tmp_path / "digest.md"
    res = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--years", "1990-1995", "--db", str(db),
                              "--markdown", str(digest)])
    said = "EMPTY: no works match this selection (years 1990–1995"
    assert res.exit_code == 0 and said in res.stdout and said in digest.read_text(encoding="utf-8")
    as_json = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--years", "1990-1995", "--db", str(db),
                                  "--format", "json"])
    assert said in as_json.stderr and set(json.loads(as_json.stdout)) == {"indicators", "alerts"}
    # a scope with works says nothing of the kind
    full = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--years", "2016-2018", "--db", str(db)])
    assert full.exit_code == 0 and "EMPTY" not in full.output


def test_help_shows_every_bracket_it_was_given():
    # defect: `research --help` read "pip install 'techties', Java 17+": Rich took "[spark]" (and
    # "[precise]" in classify) for a style tag and dropped it, so the install line in the help did not work
    import re

    from rich.text import Text

    eaten = []
    for cmd, p in _options():
        shown = Text.from_markup(p.help or "").plain
        if shown.count("[") != (p.help or "").replace("\\[", "[").count("["):
            eaten.append(f"{cmd} {p.opts[0]}: {shown}")
    assert eaten == []
    res = runner.invoke(app, ["research", "--help"])
    assert "'techties[spark]'" in re.sub(r"[\s│]+", "", res.stdout)  # the help's lines and frame set aside


def test_a_value_no_deal_discloses_is_empty_not_zero():
    # defect: `investments --format csv/json` gave value_usd 0.0 for a year whose only deal is undisclosed (the
    # table said "undisclosed", the brief's CSV left it empty): 0.0 reads as "no money went".
    # By hand: U1 2016 RU->CN undisclosed; E1 2015 CN->RU USD 10M.
    undisclosed = DealRecord(deal_id="U1", source="oracle", announced_on="2016", target="T-U1", target_country="CN",
                             round=None, amount=None, currency=None, disclosed=False,
                             investors=[InvestorRecord(name="I-U1", country="RU")])
    got = investment_report([DEALS[0], undisclosed], ("CN", "RU"), None).as_dict()
    assert [(r["direction"], r["year"], r["value_usd"], r["n_undisclosed"]) for r in got["rows"]] == [
        ("CN→RU", 2015, 10e6, 0), ("RU→CN", 2016, None, 1)]
    assert got["totals"] == {"CN→RU": {"value_usd": 10e6, "n_disclosed": 1, "n_undisclosed": 0},
                             "RU→CN": {"value_usd": None, "n_disclosed": 0, "n_undisclosed": 1}}


def test_cli_csv_leaves_an_undisclosed_value_empty():
    import csv
    import io

    # deals.yaml: rcif-didi-2014, RCIF (RU) into DiDi (CN) in 2014, amount undisclosed, the only RU->CN deal that year
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["investments", "--format", "csv"]).stdout)))
    didi = next(r for r in rows if r["deal_ids"] == "rcif-didi-2014")
    assert (didi["direction"], didi["year"], didi["value_usd"], didi["n_undisclosed"]) == ("RU→CN", "2014", "", "1")


def test_initiatives_that_match_nothing_say_which_filter_empties_the_list():
    # defect: `initiatives --since 2030` listed "0 initiatives" (and a bare CSV header) with no reason.
    # By hand from techties/data/curated/initiatives.yaml: 83 entries ("- id:" lines), 1 with
    # "status: stalled", none started in 2030 or later.
    said = ("EMPTY: none of the 83 curated initiatives matches every filter "
            "(each alone keeps --since 2030: 0, --status stalled: 1)")
    table = runner.invoke(app, ["initiatives", "--status", "stalled", "--since", "2030"])
    assert table.exit_code == 0 and table.stdout.startswith(said + "\n")
    as_csv = runner.invoke(app, ["initiatives", "--status", "stalled", "--since", "2030", "--format", "csv"])
    assert as_csv.stderr.strip() == said and as_csv.stdout.count("\n") == 1  # the header only: data on stdout
    assert "EMPTY" not in runner.invoke(app, ["initiatives", "--status", "stalled"]).output


def test_initiatives_dir_without_curated_files_is_an_input_error(tmp_path):
    # defect: `initiatives --dir FOLDER` of a folder holding no curated files was "unexpected CuratedDataError",
    # exit 1 (a bug's status); `curated-check` and `ingest-curated` say each missing file, exit 4
    res = runner.invoke(app, ["initiatives", "--dir", str(tmp_path)])
    assert res.exit_code == 4 and "unexpected" not in res.stderr and "Traceback" not in res.output
    assert all(line.startswith("error: ") for line in res.stderr.splitlines())
    assert f"{tmp_path}/sources.yaml" in res.stderr


def test_quarantine_says_why_it_is_empty_and_refuses_an_unknown_run(tmp_path):
    # defect: `quarantine` on a clean warehouse, and `quarantine --run nosuch`, both printed an empty table, exit 0
    from techties.warehouse import Warehouse

    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh:  # two runs, neither sets a line aside
        first = wh.start_run("test", {}, [])
        wh.finish_run(first, "ok", 0, 0, 0)
        wh.finish_run(wh.start_run("test", {}, []), "ok", 0, 0, 0)
    res = runner.invoke(app, ["quarantine", "--db", str(db)])
    assert res.exit_code == 0 and "no line set aside by any of the 2 recorded runs" in res.stderr
    res = runner.invoke(app, ["quarantine", "--db", str(db), "--run", first, "--format", "csv"])
    assert res.stderr.strip() == f"run {first} set aside no line" and res.stdout.count("\n") == 1
    res = runner.invoke(app, ["quarantine", "--db", str(db), "--run", "nosuch"])
    assert res.exit_code == EXIT_USAGE and res.stderr.strip() == (
        "error: --run 'nosuch': no such run in this warehouse (`techties runs` lists them)")


def test_an_area_of_a_taxonomy_the_works_lack_says_so(warehouse):
    # defect: `--area wos-wc:…` on OpenAlex records said only "EMPTY: no works match this selection"; the reason
    # (no WoS categories in the warehouse) was left to guess. The oracle fixture's fields are all wos-wc.
    from tests import oracle_fixture

    oracle_fixture.build(warehouse.con)
    warehouse.con.execute("CHECKPOINT")
    warehouse.close()
    res = runner.invoke(app, ["research", "--pair", "CN", "RU", "--area", "openalex-subfield:Artificial Intelligence",
                              "--db", str(warehouse.path), "--format", "csv"])
    assert res.exit_code == 0
    assert "; the works here carry no openalex-subfield fields (their taxonomies: wos-wc)" in res.stderr
    # a field of the taxonomy they have, that none carries: no such hint (the taxonomy is there)
    res = runner.invoke(app, ["research", "--pair", "CN", "RU", "--area", "wos-wc:Oceanography",
                              "--db", str(warehouse.path), "--format", "csv"])
    assert "EMPTY: no works match" in res.stderr and "carry no" not in res.stderr


def test_brief_of_an_empty_selection_gives_that_reason_under_each_empty_table(facts, tmp_path):
    # defect: the brief of `--years 1990-1995` (no works) said under its empty tables "the selected works carry no
    # field data", "the pair's works carry no institution ids": reasons about works there were none of.
    import html as markup

    db, _ = facts
    res = runner.invoke(app, ["report", "--pair", "CN", "RU", "--years", "1990-1995", "--db", str(db),
                              "--out", str(tmp_path / "b")])
    assert res.exit_code == 0, res.output
    page = markup.unescape((tmp_path / "b" / "brief.html").read_text(encoding="utf-8"))
    assert "No rows: no works match this selection (years 1990–1995, area all, language all)." in page
    assert "carry no field data" not in page and "carry no institution ids" not in page


def test_research_csv_states_its_date_data_and_versions_on_every_row(facts):
    # defect: `research --format csv > file.csv` kept no as-of date or version (they went to stderr), where
    # `investments --format csv` states them on every row. The facts warehouse's works are as of 2026-11-30.
    import csv
    import io

    import techties

    db, _ = facts
    res = runner.invoke(app, ["research", "--pair", "CN", "RU", "--years", "2016-2018", "--db", str(db),
                              "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0])[:4] == ["table", "row", "column", "value"]  # the cells first, unchanged
    assert {(r["as_of"], r["data"], r["techties_version"]) for r in rows} == {
        ("2026-11-30", f"warehouse {db}", techties.__version__)}


@pytest.mark.parametrize("command", ["runs", "quarantine"])
def test_a_negative_limit_is_wrong_usage(command, tmp_path):
    # defect: `runs --limit -1` was "unexpected BinderException", exit 1 (DuckDB refused LIMIT -1)
    from techties.warehouse import Warehouse

    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    res = runner.invoke(app, [command, "--db", str(db), "--limit", "-1"])
    assert res.exit_code == EXIT_USAGE and "unexpected" not in res.output and res.stderr.count("\n") == 1
    assert "--limit" in res.stderr


def test_a_top_too_large_for_the_database_is_wrong_usage():
    # defect: `research --top 100000000000000000000` reached DuckDB: "unexpected ConversionException", exit 1
    with pytest.raises(UsageError) as e:
        build_query("CN", "RU", top=10**20)
    assert str(e.value) == "--top 100000000000000000000: at most 10,000"
    assert build_query("CN", "RU", top=10_000).top == 10_000


def test_a_filter_that_is_no_key_value_is_wrong_usage(tmp_path):
    # defect: `ingest openalex-api --filter x` was "unexpected ValueError", exit 1; nothing is fetched
    res = runner.invoke(app, ["ingest", "openalex-api", "--filter", "x", "--db", str(tmp_path / "w.duckdb"),
                              "--base-url", "http://127.0.0.1:9"])
    assert res.exit_code == EXIT_USAGE and res.stderr.strip() == (
        "error: bad OpenAlex filter term 'x' in 'x': expected key:value, e.g. institutions.country_code:CN")


@pytest.mark.parametrize("args, formats", [
    (["research", "--pair", "CN", "RU"], "table, csv, json"),
    (["investments"], "table, json, csv"),
    (["initiatives"], "table, json, csv"),
    (["watch", "--pair", "CN", "RU"], "table, json"),
])
def test_a_bad_format_is_worded_alike_in_every_command(args, formats, tmp_path):
    # three wordings had grown: "Invalid value: --format must be one of …", "… not 'CSV'", and one with neither
    res = runner.invoke(app, [*args, "--format", "CSV"])
    assert res.exit_code == EXIT_USAGE and res.stderr == f"error: --format must be one of {formats}, not 'CSV'\n"


def test_a_bad_rule_is_worded_alike_in_the_cli_the_brief_and_the_dashboard(facts, tmp_path):
    from fastapi.testclient import TestClient

    from techties.web.app import create_app

    said = "--rule 'half': must be one of whole, equal-split, look-through"
    db, _ = facts
    inv = runner.invoke(app, ["investments", "--rule", "half"])
    rep = runner.invoke(app, ["report", "--pair", "CN", "RU", "--rule", "half", "--db", str(db),
                              "--out", str(tmp_path / "b")])
    api = TestClient(create_app(db)).get("/api/deals", params={"rule": "half"})
    assert (inv.exit_code, rep.exit_code, api.status_code) == (EXIT_USAGE, EXIT_USAGE, 400)
    assert inv.stderr == rep.stderr == f"error: {said}\n" and api.json() == {"detail": said}
