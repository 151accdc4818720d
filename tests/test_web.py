"""The dashboard's JSON API (FastAPI TestClient): research tables, drill-down, works, side panels,
read-only warehouse, hostile text returned as JSON text and inserted by the page with textContent."""

from __future__ import annotations

import re

import duckdb
import pytest
from fastapi.testclient import TestClient

from techties.web.app import STATIC, create_app
from tests.test_report_warehouse import EVIL_NAME, EVIL_TITLE, build_test_warehouse


@pytest.fixture(scope="module")
def db(tmp_path_factory, shared_data):
    return build_test_warehouse(shared_data, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


Q = {"a": "CN", "b": "RU", "baseline": "US", "years": "2010-2019"}


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    from tests.test_report_facts import build_facts_warehouse

    return TestClient(create_app(build_facts_warehouse(tmp_path_factory.mktemp("web-facts") / "f.duckdb")))


def test_research_counts_worked_out_by_hand(facts):
    """The five hand-made works of tests/test_report_facts.py: CN-RU 2016: W1, 2017: none, 2018: W2, W3;
    baseline US (the page's default): CN-US none; RU-US 2017: W5."""
    got = facts.get("/api/research", params={"a": "cn", "b": "ru", "years": "2016-2018"}).json()
    yearly = next(t for t in got["tables"] if t["name"] == "yearly")
    assert [tuple(r) for r in yearly["rows"]] == [
        ("CN-RU", 2016, 1), ("CN-RU", 2017, 0), ("CN-RU", 2018, 2), ("CN-US", 2016, 0), ("CN-US", 2017, 0),
        ("CN-US", 2018, 0), ("RU-US", 2016, 0), ("RU-US", 2017, 1), ("RU-US", 2018, 0)]
    assert yearly["n_ids"] == [1, 0, 2, 0, 0, 0, 0, 1, 0]
    d = facts.get("/api/drill", params={"a": "CN", "b": "RU", "years": "2016-2018", "table": "yearly", "row": 2}).json()
    assert [w["work_id"] for w in d["works"]] == ["test:W2", "test:W3"] and all(w["synthetic"] for w in d["works"])
    assert got["indicators"] and {"id", "value", "denominator", "trend", "status", "needs"} <= set(got["indicators"][0])


def test_screening_hit_is_explained_in_words(facts):
    hit = facts.get("/api/screening").json()["hits"][0]
    assert hit["subject"] == "Harbin Institute of Technology" and hit["list_id"] == "test-list"
    assert hit["why"] == {"alias": "HIT (acronym)", "features": "token overlap 1.00, fuzzy 0.97, country agrees",
                          "listed_on": "2010-01-01", "explanation": ""}


def test_network_is_the_pair_institutions(facts):
    net = facts.get("/api/network", params={"a": "CN", "b": "RU", "years": "2016-2018"}).json()
    # W1, W3: Tsinghua–MSU (2 works); W2: HIT–MSU (1 work)
    assert sorted((e["source"], e["target"], e["works"]) for e in net["edges"]) == [
        ("CN:Harbin Institute of Technology", "RU:Lomonosov Moscow State University", 1),
        ("CN:Tsinghua University", "RU:Lomonosov Moscow State University", 2)]
    assert {n["label"]: n["works"] for n in net["nodes"]} == {
        "Tsinghua University": 2, "Harbin Institute of Technology": 1, "Lomonosov Moscow State University": 3}


def test_drill_returns_the_works_behind_a_cell_with_hostile_text_as_json(client):
    res = client.get("/api/research", params=Q).json()
    yearly = next(t for t in res["tables"] if t["name"] == "yearly")
    row = next(i for i, r in enumerate(yearly["rows"]) if r[0] == "CN-RU" and r[1] == 2018)
    d = client.get("/api/drill", params={**Q, "table": "yearly", "row": row}).json()
    assert d["n"] == yearly["rows"][row][2] == len(d["works"])
    evil = next(w for w in d["works"] if w["title"] == EVIL_TITLE)
    assert evil["doi"] == "https://doi.org/10.5555/evil.1"
    assert any(a["institution"] == EVIL_NAME for a in evil["affiliations"])
    assert client.get("/api/drill", params={**Q, "table": "no_such_table", "row": 0}).status_code == 404
    assert client.get("/api/drill", params={**Q, "table": "yearly", "row": 9999}).status_code == 404


def test_works_endpoint_and_bad_input(client):
    w = client.get("/api/works", params={"ids": "openalex:W999999999901,nope"}).json()["works"]
    assert [x["title"] for x in w] == [EVIL_TITLE]
    assert client.get("/api/research", params={**Q, "years": "20x0"}).status_code == 400
    r = client.get("/api/research", params={**Q, "area": "ai"})
    assert r.status_code == 400 and "classify apply" in r.json()["detail"]


@pytest.mark.parametrize("bad", [{"years": "2019-2010"}, {"years": "20x0"}, {"a": "CHINA'; DROP TABLE works;--"},
                                 {"b": "RUS"}, {"baseline": "USA"}, {"b": "XX"}])
def test_web_validates_as_the_cli_does(client, db, bad, tmp_path):
    """One validation (`build_query`): the web refuses what the CLI refuses, with the CLI's one line."""
    from typer.testing import CliRunner

    from techties.cli import app
    q = {**Q, **bad}
    args = ["report", "--pair", q["a"], q["b"], "--baseline", q["baseline"], "--years", q["years"],
            "--out", str(tmp_path / "out"), "--db", str(db)]
    cli = CliRunner().invoke(app, args)
    web = client.get("/api/research", params=q)
    assert (web.status_code == 400) == (cli.exit_code == 2), (web.status_code, cli.output)
    if cli.exit_code == 2:
        assert cli.output.strip() == f"error: {web.json()['detail']}"


@pytest.mark.parametrize("top", ["0", "-5", "20000"])
def test_top_is_refused_as_the_cli_refuses_it(client, db, top):
    """top=0 and top=-5 answered one row, top=20000 100 rows, as if asked; the CLI refuses all three."""
    from typer.testing import CliRunner

    from techties.cli import app

    cli = CliRunner().invoke(app, ["research", "--pair", "CN", "RU", "--top", top, "--db", str(db)])
    web = client.get("/api/research", params={**Q, "top": top})
    assert (cli.exit_code, web.status_code) == (2, 400)
    assert cli.output.strip() == f"error: {web.json()['detail']}" == {
        "0": "error: --top 0: must be at least 1", "-5": "error: --top -5: must be at least 1",
        "20000": "error: --top 20000: at most 10,000"}[top]


def test_top_above_the_dashboards_limit_is_refused_not_cut(client):
    """The dashboard computes at most 100 rows of a top table (the CLI 10,000): 101 is said, not cut to 100."""
    assert client.get("/api/research", params={**Q, "top": 100}).status_code == 200
    for path in ("/api/research", "/api/network"):
        got = client.get(path, params={**Q, "top": 101})
        assert (got.status_code, got.json()["detail"]) == (
            400, "--top 101: the dashboard lists at most 100 (`techties research --top` lists more)")


def test_side_panels(client):
    ini = client.get("/api/initiatives").json()["initiatives"]
    assert ini and all(x["sources"] for x in ini)
    deals = client.get("/api/deals").json()
    assert deals["deals"] and deals["report"]["rule"] == "whole"
    # deals.yaml: the DiDi autonomous-driving round of 2021-01 is CN-RU; a 2010-2019 view leaves it out
    ids = {d["deal_id"] for d in client.get("/api/deals", params={"years": "2010-2019"}).json()["deals"]}
    assert "rcif-didi-autonomous-driving-2021" in {d["deal_id"] for d in deals["deals"]}
    assert ids and "rcif-didi-autonomous-driving-2021" not in ids
    assert client.get("/api/deals", params={"years": "2019-2010"}).status_code == 400
    dates = [d["announced_on"] for d in deals["deals"]]
    assert dates == sorted(dates)  # listed by date
    scoped = client.get("/api/initiatives", params={"years": "2016-2018"}).json()
    started = [x["started_on"] for x in scoped["initiatives"]]
    assert started == sorted(started)
    assert scoped["initiatives"] and all(2016 <= int(x["started_on"][:4]) <= 2018 for x in scoped["initiatives"])
    assert scoped["undated"] and all(x["started_on"] is None for x in scoped["undated"])
    assert client.get("/api/deals", params={"rule": "nope"}).status_code == 400
    assert client.get("/api/screening").json()["hits"] == []
    net = client.get("/api/network", params={"years": "2010-2019"}).json()
    assert net["nodes"] and net["edges"]
    assert any(n["label"] == EVIL_NAME for n in net["nodes"])
    prov = client.get("/api/provenance").json()
    assert prov["read_only"] is True and prov["sources"]


def test_research_notes_state_the_rule_the_page_chose(client):
    """The page sends its Investment rule select to /api/research too: the notes line must name that rule, as
    the deals panel does, not the default whole round (the rule was ignored: "look-through" chosen, notes said
    "Investment: whole round: ..."). A rule the CLI refuses is its one line, 400."""
    def rule_notes(rule: str) -> list[str]:
        got = client.get("/api/research", params={**Q, "rule": rule})
        assert got.status_code == 200
        return [n for n in got.json()["notes"] if n.startswith("Investment:")]

    assert [n.split(":")[1].strip() for n in rule_notes("look-through")] == ["look-through"]
    assert [n.split(":")[1].strip() for n in rule_notes("equal-split")] == ["equal split"]
    assert [n.split(":")[1].strip() for n in rule_notes("whole")] == ["whole round"]
    bad = client.get("/api/research", params={**Q, "rule": "nope"})
    assert (bad.status_code, bad.json()) == (400, {"detail": "--rule 'nope': must be one of whole, equal-split,"
                                                             " look-through"})


@pytest.mark.parametrize(("query", "detail"), [
    ({"pair": ["US", "GB"]}, "unknown parameter 'pair': write the pair as a=CN&b=RU"),
    ({"year": "2015"}, "unknown parameter 'year': this address reads a, b, baseline, area, years, language,"
                       " china_scope, top, rule"),
    ({"a": ["CN", "US"]}, "--a given 2 times: give it once"),
])
def test_a_parameter_the_api_does_not_read_or_a_repeated_one_is_refused(client, query, detail):
    """?pair=US&pair=GB (the CLI's --pair) and ?year=2015 were ignored: 200 with CN-RU over all years, as if
    asked; a=CN&a=US meant US. Now one line, 400; the list is /api/research's own parameters in order."""
    got = client.get("/api/research", params=query)
    assert (got.status_code, got.json()) == (400, {"detail": detail})


def test_the_page_view_keys_pass_every_endpoint_and_others_are_named(client):
    """The page sends its whole view (a, b, baseline, area, years, language, rule) to each endpoint: one that
    does not read a key ignores it; a key outside the view is refused by name, with what the address reads."""
    view = {"a": "CN", "b": "RU", "baseline": "US", "years": "2010-2019", "rule": "whole"}
    assert client.get("/api/network", params=view).status_code == 200  # network reads no baseline, no rule
    assert client.get("/api/initiatives", params=view).status_code == 200  # nor rule
    assert client.get("/api/watch", params=view).status_code == 200  # a and b only
    assert client.get("/api/watch", params={"x": "1"}).json() == {"detail": "unknown parameter 'x': this address"
                                                                           " reads a, b"}
    assert client.get("/api/provenance", params={"x": "1"}).json() == {
        "detail": "unknown parameter 'x': this address reads nothing"}
    assert client.get("/?pair=US").status_code == 200  # the page itself: app.js sends it on, the API answers


def test_table_synthetic_counts_each_table_and_row():
    """By hand: rows {w1, w2}, {w2, w3}, {} with w2, w3 synthetic: 3 distinct works, 2 synthetic; per row 1, 2, 0.
    One work, synthetic: the brief's caption for an all-synthetic table. No synthetic work, or no ids: None."""
    from techties.web.app import table_synthetic

    assert table_synthetic([["w1", "w2"], ["w2", "w3"], []], {"w2", "w3", "w9"}) == {
        "works": 3, "synthetic": 2, "per_row": [1, 2, 0],
        "sentence": "2 of the 3 works behind this table are synthetic."}
    assert table_synthetic([["w1"], ["w1"]], {"w1"}) == {
        "works": 1, "synthetic": 1, "per_row": [1, 1],
        "sentence": "The only work behind this table is synthetic: these are not real figures."}
    assert table_synthetic([["w1"]], {"w2"}) is None
    assert table_synthetic(None, {"w1"}) is None


def test_research_tables_say_which_of_their_works_are_synthetic(facts):
    """tests/test_report_facts.py's five works, 2016-2018, baseline US: CN-RU is W1 (real), W2, W3 (synthetic);
    CN-US none; RU-US W5 (real): the summary rests on 4 works, 2 synthetic, per pair 2, 0, 0. Funders: NSFC on
    W1 (real), DARPA on W2 (synthetic): 1 of 2. The page showed these tables with no word of it."""
    got = facts.get("/api/research", params={"a": "CN", "b": "RU", "years": "2016-2018"}).json()
    tables = {t["name"]: t for t in got["tables"]}
    summary = tables["summary"]
    assert [r[0] for r in summary["rows"]] == ["CN-RU", "CN-US", "RU-US"]
    assert summary["synthetic"] == {"works": 4, "synthetic": 2, "per_row": [2, 0, 0],
                                    "sentence": "2 of the 4 works behind this table are synthetic."}
    funders = tables["top_funders"]
    assert {r[0]: n for r, n in zip(funders["rows"], funders["synthetic"]["per_row"], strict=True)} == {
        "National Natural Science Foundation of China": 0, "Defense Advanced Research Projects Agency": 1}
    assert funders["synthetic"]["sentence"] == "1 of the 2 works behind this table is synthetic."


def test_provenance_states_what_a_pair_work_is(client):
    """The brief's provenance says how works are counted (whole counting); the dashboard's did not."""
    assert client.get("/api/provenance").json()["counting"] == (
        "papers: a work counts for a pair when it has at least one author affiliated in each country (whole"
        " counting; countries from institutions or parsed affiliation strings)")


def test_screening_says_when_it_lists_only_the_first_hits(tmp_path):
    """Three hand-written hits scored 0.9, 0.8, 0.7: with limit 2 the panel lists 0.9 and 0.8 and says they are
    the first 2 of 3 (it listed its first 200 with no word of more); with limit 3, all, and no note."""
    from techties.warehouse import Warehouse

    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.con.executemany("INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score,"
                           " features_json, algorithm, decision) VALUES ('institution', ?, 'E1', 'l', ?, '{}',"
                           " 'test', NULL)", [["I1", 0.8], ["I2", 0.9], ["I3", 0.7]])
    api = TestClient(create_app(tmp_path / "w.duckdb"))
    two = api.get("/api/screening", params={"limit": 2}).json()
    assert ([h["subject_id"] for h in two["hits"]], two["total"], two["note"]) == (
        ["I2", "I1"], 3, "the first 2 of 3 hits, best first")
    every = api.get("/api/screening", params={"limit": 3}).json()
    assert (len(every["hits"]), every["note"]) == (3, "")
    for limit, said in ((0, "--limit 0: must be at least 1"), (2001, "--limit 2001: at most 2,000")):
        got = api.get("/api/screening", params={"limit": limit})  # refused, not cut to 1 or 2,000
        assert (got.status_code, got.json()) == (400, {"detail": said})


def test_warehouse_is_opened_read_only(client):
    with pytest.raises(duckdb.Error):
        client.app.state.con.execute("CREATE TABLE x (a INTEGER)")


def test_page_assets_are_local_and_untrusted_text_uses_text_content(client):
    html = client.get("/").text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    for name in ("app.js", "chart.js"):
        js = (STATIC / name).read_text()
        assert client.get(f"/static/{name}").status_code == 200
        assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
        assert "textContent" in js or "createTextNode" in js


def test_first_view_matches_the_page_defaults_and_warming_caches_it(db):
    """`techties serve` warms FIRST_VIEW; it must be what the page asks for with its default filters."""
    import re
    from urllib.parse import parse_qs, urlsplit

    from techties.web.app import FIRST_VIEW, warm_first_view

    page = (STATIC / "index.html").read_text()
    defaults = dict(re.findall(r'<input name="(\w+)"[^>]*?value="([^"]*)"', page))
    research = next(p for p in FIRST_VIEW if p.startswith("/api/research"))
    query = {k: v[0] for k, v in parse_qs(urlsplit(research).query).items()}
    assert query == {"a": defaults["a"], "b": defaults["b"], "baseline": defaults["baseline"],
                     "years": f"{defaults['y1']}-{defaults['y2']}"}
    app = create_app(db)
    client = TestClient(app)
    asked: list[str] = []

    def get(path: str):
        asked.append(path)
        response = client.get(path)
        assert response.status_code == 200, path
        return response

    assert len(app.state.cache.items) == 0
    warm_first_view(get)
    assert asked == list(FIRST_VIEW)
    cached = {key[1][0] for key in app.state.cache.items if key[0] == "json"}
    assert cached == {"provenance", "research", "network", "screening", "deals", "initiatives"}


def test_research_gives_each_share_its_denominator_source_and_interval(tmp_path):
    """The hand-made oracle fixture (tests/oracle_fixture.py) with CN counted by OpenAlex (100, 110, 120 in
    2016-2018: 330) and RU estimated (50, 60, 70 within 40-60, 45-75, 50-90: 180 within 135-225)."""
    from techties.warehouse import Warehouse
    from tests import oracle_fixture

    with Warehouse(tmp_path / "w.duckdb") as wh:
        oracle_fixture.build(wh.con)
        wh.con.executemany(
            "INSERT INTO count_series (query, scope_kind, scope, area, year, value, low, high, method, retrieved_on,"
            " run_id) VALUES ('q', 'country', ?, 'all', ?, ?, ?, ?, ?, '2026-11-01', 'r1')",
            [["CN", 2016, 100, None, None, "openalex-count"], ["CN", 2017, 110, None, None, "openalex-count"],
             ["CN", 2018, 120, None, None, "openalex-count"], ["RU", 2016, 50, 40, 60, "sample-estimate"],
             ["RU", 2017, 60, 45, 75, "sample-estimate"], ["RU", 2018, 70, 50, 90, "sample-estimate"]])
    client = TestClient(create_app(tmp_path / "w.duckdb"))
    got = client.get("/api/research", params={"a": "CN", "b": "RU", "baseline": "US", "years": "2016-2018"}).json()
    shares = {(s["pair"], s["country"]): s for s in got["shares"]}
    # the 7 CN-RU works: 7 / 330 = 2.12% of CN (counted); 7 / 180 = 3.89% of RU, within 7 / 225 = 3.11% and
    # 7 / 135 = 5.19%; US from the warehouse: the 4 CN-US works of its 6, 66.67%
    assert shares[("CN-RU", "CN")] == {"pair": "CN-RU", "country": "CN", "column": "share_of_first_pct",
                                       "share_pct": 2.12, "works": 7, "denominator": 330.0,
                                       "sources": ["openalex-count"], "low": None, "high": None, "share_low": None,
                                       "share_high": None, "reason": ""}
    ru = shares[("CN-RU", "RU")]
    assert (ru["share_pct"], ru["denominator"], ru["sources"], ru["low"], ru["high"], ru["share_low"],
            ru["share_high"]) == (3.89, 180.0, ["sample-estimate"], 135.0, 225.0, 3.11, 5.19)
    us = shares[("CN-US", "US")]
    assert (us["share_pct"], us["works"], us["denominator"], us["sources"]) == (66.67, 4, 6.0, ["warehouse"])
    # the summary's shares are the same numbers
    summary = next(t for t in got["tables"] if t["name"] == "summary")
    cols = summary["columns"]
    row = next(r for r in summary["rows"] if r[0] == "CN-RU")
    assert (row[cols.index("share_of_first_pct")], row[cols.index("share_of_second_pct")]) == (2.12, 3.89)
