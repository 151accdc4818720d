"""Oracle: a baseline pair whose records `techties collect` left out (too large for its budget) counts
as its stored series says, with the method and the 95% interval stated, in research, the pair view and
the brief. The hand-made fixture of tests/oracle_fixture.py (SYNTHETIC) plus, written here by hand,
the steps of a collection that fetched CN-RU's and RU-US's records but only counted CN-US, and its series:

    CN-US, all fields (openalex-count): 40, 50, 60 in 2016-2018          = 150
    CN-US, --area ai (sample-estimate): 10.5 (6.0-15.0, n 200), 12.25 (8.0-16.5, n 200),
                                        14.0 (9.5-18.5, n 150)             = 36.75 (23.5-50.0)
    CN output: all 1000, 1100, 1200 (3300); ai 100 each year (300)   (openalex-count)
    US output: all 2000, 2100, 2200 (6300); ai 150 each year (450)   (openalex-count)

The fixture's works of CN and US alone (W8 2016, W9 2017, W10 2018) are dropped: a collection that
fetched CN-RU and RU-US never stores one, and a stored one would be a CN-US record loaded another way
(which ends "left out" for its year: `test_records_loaded_another_way_end_left_out`). So the warehouse
holds of CN-US only W3 (2017, CN RU US), a work of the fetched pairs.
CN-RU 2016-2018: W1 W2, W3 W4, W5 W6 W7 = 7; in --area ai (AI-labelled W1 W2 W3 W5 W7) 2, 1, 2 = 5.
RU-US: W3, W11 (both 2017) = 2; in --area ai W3 = 1.
"""

from __future__ import annotations

import json

import pytest

from techties.metrics.count_series import records_left_out
from techties.metrics.pair import compute_pair
from techties.metrics.query import build_query
from techties.metrics.research import ResearchQuery, compute_research
from techties.report.brief import build_brief
from tests import oracle_fixture

Q = "works?filter=authorships.countries:CN,authorships.countries:US,publication_year:{}"


def step(kind: str, scope_kind: str, scope: str, area: str = "all") -> str:
    return json.dumps({"kind": kind, "scope_kind": scope_kind, "scope": scope, "filter": f"f-{scope}", "area": area,
                       "year": None, "sample": None, "seed": None})


def add_steps(con, collection: str, steps: list[tuple[str, str, str]], done: bool = True) -> None:
    con.executemany("INSERT INTO collect_steps (plan_key, collection, collection_no, step_no, step_key, step_json,"
                    " done, run_id, started, updated) VALUES ('p', ?, 1, ?, ?, ?, ?, ?, '2026-11-01', '')",
                    [[collection, i, f"{k} {s}", step(k, sk, s), done, collection]
                     for i, (k, sk, s) in enumerate(steps)])


def add_series(con, rows: list[tuple]) -> None:
    con.executemany("INSERT INTO count_series (query, scope_kind, scope, area, year, value, low, high, method,"
                    " sample_size, retrieved_on, run_id, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-11-01',"
                    " 'c1', 'http://api.test')", rows)


def drop_works(con, ids: list[str]) -> None:
    for table in ("works", "authorships", "ai_scores", "work_fields", "work_funders"):
        con.execute(f"DELETE FROM {table} WHERE work_id IN (SELECT unnest(?))", [ids])  # noqa: S608 (constants)


def build(path) -> None:
    """The fixture warehouse with the collection's steps and series above, written to `path`."""
    from techties.warehouse import Warehouse

    with Warehouse(path) as wh:
        oracle_fixture.build(wh.con)
        drop_works(wh.con, [oracle_fixture.work_id(w) for w in ("W8", "W9", "W10")])
        add_steps(wh.con, "c1", [("works", "pair", "CN-RU"), ("works", "pair", "RU-US"),
                                 ("counts", "country", "CN"), ("counts", "pair", "CN-RU"), ("counts", "pair", "CN-US"),
                                 ("counts", "pair", "RU-US")])
        count = "openalex-count"
        add_series(wh.con, [
            *[(Q.format(y), "pair", "CN-US", "all", y, v, None, None, count, None) for y, v in
              ((2016, 40), (2017, 50), (2018, 60))],
            *[(Q.format(y) + "&sample", "pair", "CN-US", "ai", y, v, lo, hi, "sample-estimate", n)
              for y, v, lo, hi, n in ((2016, 10.5, 6.0, 15.0, 200), (2017, 12.25, 8.0, 16.5, 200),
                                      (2018, 14.0, 9.5, 18.5, 150))],
            *[("q-cn", "country", "CN", "all", y, v, None, None, count, None) for y, v in
              ((2016, 1000), (2017, 1100), (2018, 1200))],
            *[("q-us", "country", "US", "all", y, v, None, None, count, None) for y, v in
              ((2016, 2000), (2017, 2100), (2018, 2200))],
            *[("q-cn-ai", "country", "CN", "ai", y, 100, None, None, count, None) for y in (2016, 2017, 2018)],
            *[("q-us-ai", "country", "US", "ai", y, 150, None, None, count, None) for y in (2016, 2017, 2018)],
        ])


@pytest.fixture()
def con(tmp_path):
    from techties.warehouse import Warehouse

    build(tmp_path / "w.duckdb")
    wh = Warehouse(tmp_path / "w.duckdb")
    yield wh.con
    wh.close()


def by_pair(t) -> dict[str, dict]:
    return {r["pair"]: r for r in t.as_dicts()}


def test_a_counted_pair_stands_on_openalex_counts(con):
    r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018)), explain=True)
    y = r.table("yearly")
    assert [(p, yr, n) for p, yr, n in y.rows if p == "CN-US"] == [("CN-US", 2016, 40), ("CN-US", 2017, 50),
                                                                   ("CN-US", 2018, 60)]
    # no works behind them in the warehouse; the fetched pairs keep theirs
    assert [ids for (p, *_), ids in zip(y.rows, y.work_ids, strict=True) if p == "CN-US"] == [[], [], []]
    assert [n for p, _, n in y.rows if p == "RU-US"] == [0, 2, 0]
    assert y.note.startswith("CN-US: records not fetched by `techties collect`")
    out = r.table("pair_output")
    assert out.rows == [
        ("CN-US", 2016, 40, "openalex-count", None, None, None, 0, "", Q.format(2016), "2026-11-01"),
        ("CN-US", 2017, 50, "openalex-count", None, None, None, 1, "", Q.format(2017), "2026-11-01"),
        ("CN-US", 2018, 60, "openalex-count", None, None, None, 0, "", Q.format(2018), "2026-11-01")]
    s = by_pair(r.table("summary"))
    # CN-US: 150 works, 40 -> 60 = 1.5; 150 / 3300 = 4.545% -> 4.55; 150 / 6300 = 2.381% -> 2.38; 7 / 150 = 0.047
    assert list(s["CN-US"].values()) == ["CN-US", 150, 40, 60, 1.5, 4.55, 2.38, 0.047]
    # RU-US from the warehouse: 2 works; 7 / 2 = 3.5
    assert (s["RU-US"]["works"], s["RU-US"]["ratio_main_to_pair"]) == (2, 3.5)
    assert r.table("summary").note.endswith(
        "; CN-US: records not fetched by `techties collect` (too large for its budget), its works are OpenAlex's "
        "yearly counts (pair_output)")


def test_an_estimated_pair_keeps_its_interval_and_method(con):
    r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018), area="ai"))
    assert [(yr, n) for p, yr, n in r.table("yearly").rows if p == "CN-US"] == [(2016, 10.5), (2017, 12.25),
                                                                                 (2018, 14)]
    out = [row[:7] for row in r.table("pair_output").rows]
    assert out == [("CN-US", 2016, 10.5, "sample-estimate", 6.0, 15.0, 200),
                   ("CN-US", 2017, 12.25, "sample-estimate", 8.0, 16.5, 200),
                   ("CN-US", 2018, 14, "sample-estimate", 9.5, 18.5, 150)]
    s = by_pair(r.table("summary"))
    # 10.5 + 12.25 + 14 = 36.75; 14 / 10.5 = 1.333 -> 1.33; 36.75 / 300 = 12.25%; 36.75 / 450 = 8.167% -> 8.17;
    # CN-RU's 5 AI works / 36.75 = 0.136
    assert list(s["CN-US"].values()) == ["CN-US", 36.75, 10.5, 14, 1.33, 12.25, 8.17, 0.136]
    # bounds: 6 + 8 + 9.5 = 23.5 .. 15 + 16.5 + 18.5 = 50; ratio 5 / 50 = 0.1 .. 5 / 23.5 = 0.213
    assert r.table("summary").note.endswith(
        "; CN-US: records not fetched by `techties collect` (too large for its budget), its works are estimated "
        "from a sample of 150–200 per year (pair_output), 95% interval 23.5–50 works, ratio 0.1–0.213")
    counts = by_pair(r.table("openalex_counts"))  # the last year of each pair; its bounds and sample size shown
    assert r.table("openalex_counts").columns == ["pair", "year", "works", "low", "high", "area", "method",
                                                  "sample_size", "retrieved_on"]
    assert counts["CN-US"] == {"pair": "CN-US", "year": 2018, "works": 14, "low": 9.5, "high": 18.5, "area": "ai",
                               "method": "sample-estimate", "sample_size": 150, "retrieved_on": "2026-11-01"}


def test_the_pair_view_and_the_brief_state_the_method_and_interval(con):
    view = compute_pair(con, build_query("CN", "RU", "US", "2016-2018", "ai"))
    (p,) = view.pair_works
    assert (p.pair, p.works, p.sources, p.method) == ("CN-US", 36.75, ("sample-estimate",),
                                                      "estimated from a sample of 150–200 per year")
    assert (p.low, p.high, p.ratio, p.ratio_low, p.ratio_high) == (23.5, 50.0, 0.136, 0.1, 0.213)
    shares = {(s.pair, s.country): s for s in view.shares}
    # CN-US's share of CN: 23.5 / 300 = 7.83% .. 50 / 300 = 16.67%; of US: 23.5 / 450 = 5.22% .. 50 / 450 = 11.11%
    cn, us = shares[("CN-US", "CN")], shares[("CN-US", "US")]
    assert (cn.works, cn.share_pct, cn.low, cn.high, cn.share_low, cn.share_high) == (36.75, 12.25, None, None,
                                                                                      7.83, 16.67)
    assert (us.share_pct, us.share_low, us.share_high) == (8.17, 5.22, 11.11)
    assert shares[("CN-RU", "CN")].share_low is None  # counted works over a counted output: no interval
    b = build_brief(con, build_query("CN", "RU", "US", "2016-2018", "ai"), "techties brief", curated=None)
    shown = {r["pair"]: r for r in b.tables["summary"].shown}
    assert shown["CN-US"]["works"] == ("36.75 (estimated from a sample of 150–200 per year; 95% interval 23.5–50 "
                                       "works)")
    assert shown["CN-US"]["ratio_main_to_pair"] == "0.136 (95% interval 0.1–0.213)"
    assert shown["CN-US"]["share_of_first_pct"] == "12.25% (36.75 of 300 CN works; share 95% interval 7.83–16.67%)"
    assert shown["CN-RU"]["works"] == 5  # fetched: as the summary has it
    # all fields: counts, exact, so no interval
    b = build_brief(con, build_query("CN", "RU", "US", "2016-2018"), "techties brief", curated=None)
    shown = {r["pair"]: r for r in b.tables["summary"].shown}
    assert shown["CN-US"]["works"] == "150 (OpenAlex's yearly counts)"
    assert shown["CN-US"]["share_of_first_pct"] == "4.55% (150 of 3,300 CN works)"


def test_a_year_without_a_stored_value_is_unknown_not_the_warehouses(con):
    # 2015: no CN-US series; the warehouse holds no CN-US work that year either
    r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2015, 2016)))
    out = r.table("pair_output").as_dicts()
    assert [(o["year"], o["works"], o["source"]) for o in out] == [(2015, None, "unknown"), (2016, 40,
                                                                                            "openalex-count")]
    assert out[0]["reason"] == ("CN-US's records were not fetched by `techties collect` (too large for its budget) "
                                "and no count of its works in 2015 (area all) is stored")
    s = by_pair(r.table("summary"))["CN-US"]
    assert (s["works"], s["first_year_works"], s["last_year_works"], s["growth_factor"], s["share_of_first_pct"],
            s["ratio_main_to_pair"]) == (None, None, 40, None, None, None)


def test_which_pairs_were_left_out(con):
    pairs = [("CN", "RU"), ("CN", "US"), ("RU", "US")]
    assert records_left_out(con, pairs) == {"CN-US"}
    assert records_left_out(con, [("US", "CN")]) == {"US-CN"}  # either order
    # a later collection (another plan: US-CN as the pair) fetched its records: no longer left out
    add_steps(con, "c2", [("works", "pair", "US-CN"), ("counts", "pair", "US-CN")])
    assert records_left_out(con, pairs) == set()
    r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018)))
    assert "pair_output" not in [t.name for t in r.tables]
    assert [n for p, _, n in r.table("yearly").rows if p == "CN-US"] == [0, 1, 0]  # the warehouse's own: W3


def test_a_works_step_not_yet_done_is_no_fetch(con):
    add_steps(con, "c2", [("works", "pair", "US-CN")], done=False)
    assert records_left_out(con, [("CN", "US")]) == {"CN-US"}
    # a pair whose records a stopped collection has still to fetch was not left out: not yet fetched
    add_steps(con, "c3", [("works", "pair", "DE-FR"), ("counts", "pair", "DE-FR")], done=False)
    assert records_left_out(con, [("DE", "FR")]) == set()


def test_the_dashboard_api_serves_the_method_and_interval(tmp_path):
    from fastapi.testclient import TestClient

    from techties.web.app import create_app

    build(tmp_path / "web.duckdb")
    client = TestClient(create_app(tmp_path / "web.duckdb"))
    got = client.get("/api/research", params={"a": "CN", "b": "RU", "baseline": "US", "years": "2016-2018",
                                              "area": "ai"}).json()
    # as worked out above: 36.75 works within 23.5-50, ratio 0.136 within 0.1-0.213
    assert got["pair_works"] == [{"pair": "CN-US", "works": 36.75, "sources": ["sample-estimate"],
                                  "method": "estimated from a sample of 150–200 per year", "low": 23.5, "high": 50.0,
                                  "ratio": 0.136, "ratio_low": 0.1, "ratio_high": 0.213, "reason": ""}]
    out = next(t for t in got["tables"] if t["name"] == "pair_output")
    assert [r[:7] for r in out["rows"]][0] == ["CN-US", 2016, 10.5, "sample-estimate", 6.0, 15.0, 200]


def test_the_brief_renders_an_unknown_year(con, tmp_path):
    b = build_brief(con, build_query("CN", "RU", "US", "2015-2016"), "techties brief", curated=None)
    shown = {r["pair"]: r for r in b.tables["summary"].shown}
    assert shown["CN-US"]["works"] == (
        "unknown (OpenAlex's yearly counts; unknown in some years: CN-US's records were not fetched by `techties "
        "collect` (too large for its budget) and no count of its works in 2015 (area all) is stored)")
    assert "fig_baselines_yearly" in b.figures  # drawn without the unknown year


def test_query_templates_keep_a_range_query_whole():
    from techties.metrics.count_series import PairCount, query_templates

    def count(year: int, query: str) -> PairCount:
        return PairCount("DE-US", year, 1.0, "all", "openalex-count", query, "2026-12-01", "")

    # one group_by over 2019-2020 answers both years: one query, not "{year}-2020"; a per-year query is a template
    grouped = "works?filter=a,publication_year:2019-2020&group_by=publication_year"
    assert query_templates([count(2019, grouped), count(2020, grouped)]) == [grouped]
    assert query_templates([count(2019, "works?filter=a,publication_year:2019&sample=10"),
                            count(2020, "works?filter=a,publication_year:2020&sample=10")]) == [
        "works?filter=a,publication_year:{year}&sample=10"]


def test_the_dashboard_page_shows_the_method_and_interval(tmp_path):
    """In headless Chromium (skipped without it): the summary's works, ratio and share cells of CN-US."""
    from pathlib import Path

    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium missing")
    from tests.conftest import dashboard
    from tests.test_browser import ARGS

    build(tmp_path / "page.duckdb")
    with dashboard(tmp_path / "page.duckdb") as url, playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        try:
            page = browser.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(url + "/")
            page.wait_for_selector("#cards .card")  # the first query drawn: it no longer refills the form
            page.select_option('select[name="area"]', "ai")
            page.fill('input[name="y1"]', "2016")
            page.fill('input[name="y2"]', "2018")
            page.click('#filters button[type="submit"]')
            row = page.locator('#tables-other table[data-name="summary"] tbody tr', has_text="CN-US").first
            # as worked out above: 36.75 works (23.5-50), ratio 0.136 (0.1-0.213), share of CN 12.25% (7.83-16.67%)
            for text in ("36.75 (estimated from a sample of 150–200 per year; 95% interval 23.5–50 works)",
                         "0.136 (95% interval 0.1–0.213)",
                         "12.25% (36.75 of 300 CN works; openalex-count; 95% share 7.83–16.67%)"):
                playwright.expect(row).to_contain_text(text)  # waits for the page to show this query's
        finally:
            browser.close()
    assert problems == []


def test_a_count_of_all_fields_never_stands_for_an_areas_works(con):
    # CN-US 2019: OpenAlex's count of all fields (70) but no AI estimate: in --area ai that year is unknown
    add_series(con, [(Q.format(2019), "pair", "CN-US", "all", 2019, 70, None, None, "openalex-count", None)])
    r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2018, 2019), area="ai"))
    assert [(o["year"], o["works"], o["source"]) for o in r.table("pair_output").as_dicts()] == [
        (2018, 14, "sample-estimate"), (2019, None, "unknown")]
    every = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2018, 2019)))
    assert [n for p, _, n in every.table("yearly").rows if p == "CN-US"] == [60, 70]


def _openalex_work(wid: str, year: int, countries: list[str]) -> dict:
    """A hand-made OpenAlex record (SYNTHETIC) with one author per country."""
    return {"id": f"https://openalex.org/{wid}", "doi": None, "title": f"Work {wid}", "display_name": f"Work {wid}",
            "publication_year": year, "type": "article", "language": "en", "cited_by_count": 0,
            "updated_date": "2026-11-20T00:00:00",
            "authorships": [{"author_position": "first" if k == 0 else "middle",
                             "author": {"id": f"https://openalex.org/A{wid}{k}", "display_name": f"Author {k}"},
                             "institutions": [{"id": f"https://openalex.org/I{wid}{k}", "display_name": f"Inst {cc}",
                                               "country_code": cc, "type": "education"}],
                             "countries": [cc], "raw_affiliation_strings": [f"Inst, {cc}"]}
                            for k, cc in enumerate(countries)]}


def test_records_loaded_another_way_end_left_out(tmp_path):
    # After the collection, `techties ingest openalex` of a file holding two CN-US works of 2017 (W9001 CN US,
    # W9002 US CN) and one CN-RU-US work of 2018 (W9003: a work of the fetched CN-RU, so no CN-US record of its own)
    from typer.testing import CliRunner

    from techties.cli import app
    from techties.metrics.count_series import left_out_years
    from techties.warehouse import Warehouse

    db = tmp_path / "w.duckdb"
    build(db)
    src = tmp_path / "cn-us.jsonl"
    src.write_text("\n".join(json.dumps(_openalex_work(w, y, c)) for w, y, c in (
        ("W9001", 2017, ["CN", "US"]), ("W9002", 2017, ["US", "CN"]), ("W9003", 2018, ["CN", "RU", "US"]))) + "\n",
        encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", "openalex", str(src), "--db", str(db)])
    assert res.exit_code == 0, res.output
    with Warehouse(db) as wh:
        con = wh.con
        # 2017 now holds CN-US records of its own (W9001, W9002); 2016 none, 2018 only W9003 (shared with CN-RU)
        assert left_out_years(con, [("CN", "US")], [2016, 2017, 2018]) == {"CN-US": (2016, 2018)}
        assert records_left_out(con, [("CN", "US")], [2017]) == set()
        assert records_left_out(con, [("CN", "US")], [2016, 2017]) == {"CN-US"}
        r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018)))
        # 2016 and 2018 as OpenAlex counted them (40, 60); 2017 from the warehouse: W3, W9001, W9002 = 3
        assert [(yr, n) for p, yr, n in r.table("yearly").rows if p == "CN-US"] == [(2016, 40), (2017, 3),
                                                                                     (2018, 60)]
        assert [(o["year"], o["works"]) for o in r.table("pair_output").as_dicts()] == [(2016, 40), (2018, 60)]
        s = by_pair(r.table("summary"))["CN-US"]
        # 40 + 3 + 60 = 103; CN-RU's 7 (+ W9003 of 2018 = 8) / 103 = 0.078
        assert (s["works"], s["ratio_main_to_pair"]) == (103, 0.078)
        assert ("CN-US: records not fetched by `techties collect` (too large for its budget) in 2016, 2018, its "
                "works are OpenAlex's yearly counts (pair_output)") in r.table("summary").note
        assert r.table("yearly").note.startswith("CN-US (2016, 2018): records not fetched")
        # the whole range once 2016 and 2018 hold records of the pair's own too
        con.execute("INSERT INTO works (work_id, source, year) VALUES ('x:1', 'test', 2016), ('x:2', 'test', 2018)")
        con.execute("INSERT INTO authorships (work_id, position, country_code) VALUES ('x:1', 0, 'CN'),"
                    " ('x:1', 1, 'US'), ('x:2', 0, 'US'), ('x:2', 1, 'CN')")
        r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018)))
        assert "pair_output" not in [t.name for t in r.tables]
        # the warehouse's own: x:1; W3 W9001 W9002; W9003 x:2
        assert [n for p, _, n in r.table("yearly").rows if p == "CN-US"] == [1, 3, 2]


def test_a_later_fetch_ends_left_out_for_its_years_only(con):
    from techties.metrics.count_series import left_out_years

    # a later collection of another plan fetched US-CN's records of 2018 alone
    con.execute("INSERT INTO collect_steps (plan_key, collection, collection_no, step_no, step_key, step_json, done,"
                " run_id, started, updated) VALUES ('p2', 'c2', 1, 0, 'works US-CN', ?, TRUE, 'c2', '2026-11-20', '')",
                [json.dumps({"kind": "works", "scope_kind": "pair", "scope": "US-CN", "area": "all", "year": None,
                             "filter": "authorships.countries:US,authorships.countries:CN,publication_year:2018-2018",
                             "sample": None, "seed": None})])
    assert left_out_years(con, [("CN", "US")], range(2015, 2020)) == {"CN-US": (2015, 2016, 2017, 2019)}
    assert records_left_out(con, [("CN", "US")]) == {"CN-US"}  # some year is still left out
    r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018), area="ai"))
    # 2016, 2017 estimated (10.5, 12.25); 2018 from the warehouse: no AI-labelled CN-US work that year = 0
    assert [(yr, n) for p, yr, n in r.table("yearly").rows if p == "CN-US"] == [(2016, 10.5), (2017, 12.25),
                                                                                 (2018, 0)]
    (p,) = compute_pair(con, build_query("CN", "RU", "US", "2016-2018", "ai")).pair_works
    # 22.75 works; bounds: 22.75 - 10.5 + 6 - 12.25 + 8 = 14 .. 22.75 - 10.5 + 15 - 12.25 + 16.5 = 31.5
    assert (p.works, p.low, p.high) == (22.75, 14.0, 31.5)


def test_the_filters_years():
    from techties.metrics.count_series import step_years

    assert step_years("authorships.countries:CN,publication_year:2016-2018") == (2016, 2018)
    assert step_years("authorships.countries:CN,publication_year:2019,primary_topic.subfield.id:1702") == (2019,
                                                                                                            2019)
    assert step_years("authorships.countries:CN") is None


def test_a_widened_china_takes_no_pair_count_of_cn_alone(con):
    # With China scope with-hk-mo the pair CN-US counts HK-US and MO-US works too; the stored counts
    # (40, 50, 60) are of OpenAlex's CN code alone, so each left-out year is unknown, with the reason;
    # warehouse_works as in the mainland case (W3 in 2017).
    r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018), china_scope="with-hk-mo"))
    out = r.table("pair_output")
    assert [(p, y, n, src, wh) for p, y, n, src, _lo, _hi, _n, wh, *_ in out.rows] == [
        ("CN-US", 2016, None, "unknown", 0), ("CN-US", 2017, None, "unknown", 1), ("CN-US", 2018, None, "unknown", 0)]
    assert all("stored counts are of CN alone, while this query counts HK, MO as CN too" in row[8]
               for row in out.rows)
    # the summary then has no works for CN-US (never the warehouse's near-zero count)
    assert by_pair(r.table("summary"))["CN-US"]["works"] is None
