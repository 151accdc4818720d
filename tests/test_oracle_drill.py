"""Every figure opens its records: the citation-impact rows and the 18 indicators drill down to the
works, deals and initiatives behind them, and the count a drill-down opens equals the figure. Hand-worked
on the fixture of `tests/oracle_fixture.py` (SYNTHETIC; its table of works W1-W19, deals D1-D8,
initiatives i1-i9), as in tests/test_oracle_research.py and tests/test_oracle_indicators.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from techties.metrics.indicators import indicator_drills
from techties.metrics.pair import compute_pair
from techties.metrics.query import build_query
from techties.metrics.research import MetricTable, ResearchQuery, compute_research
from tests import oracle_fixture
from tests.oracle_fixture import work_id


def ids(*ws: str) -> list[str]:
    return sorted(work_id(w) for w in ws)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return oracle_fixture.build_file(tmp_path_factory.mktemp("drill") / "w.duckdb")


@pytest.fixture(scope="module")
def con(db):
    import duckdb

    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


def test_citation_impact_rows_open_the_works_they_count(con):
    t = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018), top=3),
                         explain=True).table("citation_impact")
    got = {r[0]: w for r, w in zip(t.rows, t.work_ids, strict=True)}
    # every selected work of 2016-2018: W1-W17 and W19 (no country); W18 is 2015
    assert got["all selected works"] == ids(*(f"W{i}" for i in range(1, 18)), "W19")
    # CN: W1-W10 (all with a CN author) and W12, W13, W14; RU: W1-W7, W11, W15, W16
    assert got["CN (all)"] == ids(*(f"W{i}" for i in range(1, 11)), "W12", "W13", "W14")
    assert got["RU (all)"] == ids(*(f"W{i}" for i in range(1, 8)), "W11", "W15", "W16")
    assert got["CN-RU"] == ids(*(f"W{i}" for i in range(1, 8)))
    assert got["CN-US"] == ids("W3", "W8", "W9", "W10")
    assert got["RU-US"] == ids("W3", "W11")
    # the count each row opens is its `works` figure: 18, 13, 10, 7, 4, 2
    assert [len(w) for w in t.work_ids] == [r[1] for r in t.rows] == [18, 13, 10, 7, 4, 2]


def test_indicators_open_their_records(con):
    v = compute_pair(con, build_query("CN", "RU", "US", "2016-2018"))
    d = v.drills
    value = {i.id: i for i in v.indicators}
    # share: its numerator, the 7 CN-RU works W1-W7 (53.85% of CN's 13 works); CN's 13 are warehouse works
    assert (d["pair_share"].works, d["pair_share"].n) == (tuple(ids(*(f"W{i}" for i in range(1, 8)))), 7)
    assert "CN's works in this warehouse" in d["pair_share"].note
    # top 10% of their year: W1 (2016) and W5 (2018), 2 of the 7 = 28.6%
    assert d["citation_impact"].works == tuple(ids("W1", "W5"))
    c = value["citation_impact"]
    assert d["citation_impact"].n == round(c.value * c.denominator / 100) == 2
    assert d["citation_impact"].counts == "the 2 of 7 co-authored works in the top 10% of their year"
    # joint centre W5; listed: W1, W3, W5, W6, W7 (HIT listed from 2017 and its partners)
    assert d["joint_centre_output"].works == (work_id("W5"),)
    assert d["listed_collaborations"].works == tuple(ids("W1", "W3", "W5", "W6", "W7"))
    # state-owned defence companies: deal D4 (Rostec smart-city unit, CETC) and initiative i8, 2 records
    s = d["defence_soe"]
    assert (s.deals, s.initiatives, s.works, s.n) == (("D4",), ("i8-smart-city",), (), 2)
    for i in v.indicators:  # a count opens as many records as it counts
        if i.unit in ("works", "initiatives", "records") and i.value is not None:
            assert d[i.id].n == i.value, i.id


def test_a_denominator_from_openalex_counts_says_it_cannot_be_opened():
    q = ResearchQuery("CN", "RU")
    out = MetricTable("country_output", "", ["country", "year", "works", "source"],
                      [("CN", 2018, 330, "openalex-count"), ("RU", 2018, 120, "openalex-count")])
    summary = MetricTable("summary", "", ["pair", "works"], [("CN-RU", 3)], work_ids=[["w1", "w2", "w3"]])
    ctx = SimpleNamespace(q=q, deals=[], initiatives=[],
                          research=SimpleNamespace(table=lambda n: {"country_output": out, "summary": summary}[n]))
    share = SimpleNamespace(id="pair_share", value=0.91, denominator=330.0, unit="pct", status="computed", needs="",
                            records=(), drill=("w1", "w2", "w3"))
    d = indicator_drills(ctx, [share])["pair_share"]
    assert (d.works, d.n, d.counts) == (("w1", "w2", "w3"), 3, "the 3 co-authored works of the share's numerator")
    assert d.note == ("denominator: CN's output, counted by openalex-count (OpenAlex's counts, not records in this "
                      "warehouse): it cannot be opened")


def test_dashboard_drills_indicators_and_citation_impact(db):
    client = TestClient(create_app_for(db))
    q = {"a": "CN", "b": "RU", "baseline": "US", "years": "2016-2018"}
    res = client.get("/api/research", params=q).json()
    cit = next(t for t in res["tables"] if t["name"] == "citation_impact")
    assert cit["n_ids"] == [18, 13, 10, 7, 4, 2]  # as worked out above
    row = next(i for i, r in enumerate(cit["rows"]) if r[0] == "CN-RU")
    got = client.get("/api/drill", params={**q, "table": "citation_impact", "row": row}).json()
    assert got["n"] == 7 and [w["work_id"] for w in got["works"]] == ids(*(f"W{i}" for i in range(1, 8)))
    n_records = {i["id"]: i["n_records"] for i in res["indicators"]}
    assert (n_records["citation_impact"], n_records["defence_soe"]) == (2, 2)
    top = client.get("/api/drill-indicator", params={**q, "id": "citation_impact"}).json()
    assert top["n"] == 2 and [w["work_id"] for w in top["works"]] == ids("W1", "W5")
    soe = client.get("/api/drill-indicator", params={**q, "id": "defence_soe"}).json()
    assert ([x["deal_id"] for x in soe["deals"]], [x["initiative_id"] for x in soe["initiatives"]]) == (
        ["D4"], ["i8-smart-city"])
    assert client.get("/api/drill-indicator", params={**q, "id": "nope"}).status_code == 404


def create_app_for(db):
    from techties.web.app import create_app

    return create_app(db)


def test_each_drill_says_what_its_records_are_of_the_figure():
    # the words of every kind of figure, written out by hand (a table of them replaced an if-chain)
    from techties.metrics.indicators import Indicator, indicator_drills

    cases = [  # (id, value, denominator, unit, records opened, words)
        ("pair_share", None, 13, "pct", 7, "the 7 co-authored works of the share's numerator"),
        ("citation_impact", 28.6, 7, "pct", 2, "the 2 of 7 co-authored works in the top 10% of their year"),
        ("disclosure", 50.0, 4, "pct", 2, "the 2 of 4 deals with no disclosed value"),
        ("x_usd", 1e6, None, "usd", 3,
         "the 3 deals whose disclosed values are summed (undisclosed ones listed, with no value)"),
        ("x_pct", 10.0, None, "pct", 3, "the 3 deals whose disclosed values are compared"),
        ("named_partnerships", 2.0, 3.0, "count", 2,
         "the 2 deals and initiatives dated after a named partnership's agreement"),
        ("pair_works", 5.0, None, "works", 5, "the 5 records counted"),
    ]

    class Ctx:  # only what the drills read for these figures (pair_share's notes need a value: None here)
        deals, initiatives = (), ()

    for id_, value, den, unit, n, words in cases:
        indicator = Indicator(id_, "x", "research", value, den, unit, drill=tuple(f"r{k}" for k in range(n)))
        assert indicator_drills(Ctx(), [indicator])[id_].counts == words, id_
