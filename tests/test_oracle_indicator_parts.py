"""Oracle for the small parts every indicator is built from (metrics/indicators.py): halves of a span
of years, trends, formatting, area patterns, the CSV row. Each expected value is worked out by hand
in the comment beside it; nothing here compares techties with itself."""

from __future__ import annotations

import pytest

from techties.metrics.indicators import (
    INDICATOR_COLUMNS,
    Indicator,
    _fmt,
    _span,
    area_pattern,
    bilateral,
    halves,
    indicator_row,
    matches,
    trend,
)


def test_the_csv_row_has_the_issue_columns_in_order():
    i = Indicator("pair_works", "Co-authored works", "research", 3.0, 7.0, trend="up: 1 (2016) -> 2 (2018)",
                  status="small-numbers", needs="more years", note="not in the row")
    row = indicator_row(i)
    assert list(row) == list(INDICATOR_COLUMNS) == ["id", "name", "value", "denominator", "trend", "status", "needs"]
    assert row == {"id": "pair_works", "name": "Co-authored works", "value": 3.0, "denominator": 7.0,
                   "trend": "up: 1 (2016) -> 2 (2018)", "status": "small-numbers", "needs": "more years"}


@pytest.mark.parametrize(("y1", "y2", "want"), [
    (2016, 2018, ((2016, 2016), (2018, 2018))),  # 3 years: 1 each, 2017 in neither
    (2016, 2017, ((2016, 2016), (2017, 2017))),  # 2 years: 1 each
    (2010, 2019, ((2010, 2014), (2015, 2019))),  # 10 years: 5 each
    (2010, 2016, ((2010, 2012), (2014, 2016))),  # 7 years: 3 each, 2013 in neither
    (2016, 2016, None),                          # 1 year: no halves
])
def test_halves(y1, y2, want):
    assert halves(y1, y2) == want


def test_spans_and_numbers_as_an_analyst_reads_them():
    assert (_span((2016, 2016)), _span((2010, 2014))) == ("2016", "2010–2014")
    assert (_fmt(3.0), _fmt(2.5), _fmt(0.333)) == ("3", "2.50", "0.33")
    # dollars in millions with one decimal: 40,000,000 -> $40.0M; 1,050,000 -> 1.05 -> $1.1M
    assert (_fmt(40e6, usd=True), _fmt(1_050_000, usd=True), _fmt(1_234_567_000, usd=True)) == (
        "$40.0M", "$1.1M", "$1,234.6M")


def test_trend_of_counts_over_the_two_halves():
    # 2010-2014: halves 2010-2011 (1 + 2 = 3) and 2013-2014 (5 + 1 = 6); 2012's 100 is in neither
    assert trend({2010: 1, 2011: 2, 2012: 100, 2013: 5, 2014: 1}, (2010, 2014)) == (
        "up", "up: 3 (2010–2011) -> 6 (2013–2014)")
    assert trend({2016: 4, 2018: 1}, (2016, 2018)) == ("down", "down: 4 (2016) -> 1 (2018)")
    assert trend({}, (2016, 2018)) == ("flat", "flat: 0 (2016) -> 0 (2018)")
    assert trend({2016: 40e6, 2018: 120e6}, (2016, 2018), usd=True) == (
        "up", "up: $40.0M (2016) -> $120.0M (2018)")


def test_trend_without_two_years_says_so():
    assert trend({2016: 3}, None) == ("n/a", "n/a: fewer than two years")
    assert trend({2016: 3}, (2016, 2016)) == ("n/a", "n/a: fewer than two years")


def test_trend_of_a_share_or_a_ratio():
    # 2 of 4 (50%) -> 3 of 5 (60%)
    assert trend({2016: 2, 2018: 3}, (2016, 2018), {2016: 4, 2018: 5}, pct=True) == (
        "up", "up: 50% (2016) -> 60% (2018)")
    # without pct a plain ratio: 1/3 = 0.33 -> 2/3 = 0.67
    assert trend({2016: 1, 2018: 2}, (2016, 2018), {2016: 3, 2018: 3}) == ("up", "up: 0.33 (2016) -> 0.67 (2018)")
    # ratios are compared as shown, to 2 decimals: 0.331 and 0.334 are both 0.33, flat
    assert trend({2016: 331, 2018: 334}, (2016, 2018), {2016: 1000, 2018: 1000}) == (
        "flat", "flat: 0.33 (2016) -> 0.33 (2018)")
    # 2010-2013: (1 + 1) / (2 + 2) = 50% -> (3 + 0) / (3 + 3) = 50%
    assert trend({2010: 1, 2011: 1, 2012: 3}, (2010, 2013), {2010: 2, 2011: 2, 2012: 3, 2013: 3}, pct=True) == (
        "flat", "flat: 50% (2010–2011) -> 50% (2012–2013)")


def test_a_share_without_a_denominator_in_a_half_has_no_trend():
    # 2016 has no denominator (missing, or None: unknown)
    assert trend({2016: 1, 2018: 1}, (2016, 2018), {2018: 2}, pct=True) == (
        "n/a", "n/a: no denominator in 2016")
    assert trend({2016: 1, 2018: 1}, (2016, 2018), {2016: None, 2018: 2}, pct=True) == (
        "n/a", "n/a: no denominator in 2016")
    assert trend({2010: 1}, (2010, 2013), {2010: 0, 2011: 0, 2012: 5}) == ("n/a", "n/a: no denominator in 2010–2011")


def test_area_patterns():
    assert area_pattern(None) is None and area_pattern("all") is None and area_pattern("") is None
    # ai-fields reads as ai: the same words
    for area in ("ai", "ai-fields"):
        pat = area_pattern(area)
        assert matches(pat, "a machine learning start-up") and matches(pat, "Deep learning lab")
        assert not matches(pat, "music streaming") and not matches(pat, "said")  # "ai" as a whole word only
    # a taxonomy area: its fields, escaped, as whole words, in any case
    pat = area_pattern("wos-wc:Robotics| Computer Vision |")
    assert pat == r"\b(Robotics|Computer\ Vision)\b"
    assert matches(pat, "computer vision systems") and not matches(pat, "robotic arms")
    assert area_pattern("wos-wc:|") is None
    # the taxonomy ends at the first colon: a field may hold one
    assert area_pattern("wos-wc:Nuclear Science: Physics") == r"\b(Nuclear\ Science:\ Physics)\b"


def test_bilateral_names_both_countries():
    assert bilateral("CN", "RU", "Sino-Russian Institute of Robotics")
    assert bilateral("CN", "RU", "Russia-China Investment Fund")
    assert bilateral("CN", "RU", "中俄联合实验室")
    assert not bilateral("CN", "RU", "Sino-American centre")
    assert not bilateral("CN", "RU", None)
    # a country with no names on file (DE): never bilateral, whatever the text
    assert not bilateral("CN", "DE", "Sino-German centre of China and Germany")
    assert not bilateral("DE", "CN", "Sino-German centre of China and Germany")


# -- the initiative and deal rules, on hand-made records -----------------------------------------------
def _ctx(initiatives=(), deals=(), years=(2016, 2018), area=None):
    from techties.metrics.indicators import Context
    from techties.metrics.research import ResearchQuery

    q = ResearchQuery("CN", "RU", years=years, area=area)
    return Context(q, years, None, {}, [], list(initiatives), list(deals), None)


def _init(iid, kind, title, year, summary="", sectors=(), usd=None, status="established"):
    from techties.metrics.indicators import Initiative

    return Initiative(iid, kind, title, year, status, list(sectors), usd, summary, [("A", "CN"), ("B", "RU")])


def test_status_and_caveat_at_the_small_number_line():
    from techties.metrics.indicators import _caveat, _status

    # SMALL_N is 10: 9 records are small numbers, 10 are not
    assert (_status(9), _status(10), _status(0)) == ("small-numbers", "computed", "small-numbers")
    assert _caveat(1) == "rests on 1 record: read as indicative"
    assert _caveat(3) == "rests on 3 records: read as indicative"
    assert _caveat(10) == ""


def test_initiatives_in_scope_count_the_undated_apart():
    from techties.metrics.indicators import _in_scope

    items = [_init("a", "joint lab", "Lab", 2017), _init("b", "joint lab", "Lab", None),
             _init("c", "joint lab", "Lab", None), _init("d", "joint lab", "Lab", 2020)]
    chosen, undated = _in_scope(_ctx(items), items)
    assert ([i.id for i in chosen], undated) == (["a"], 2)  # d (2020) is outside 2016-2018; b and c undated


def test_joint_ventures_take_academic_agreements_only_when_they_name_a_degree_or_school():
    from techties.metrics.indicators import joint_ventures

    items = [_init("lab", "joint lab", "Joint lab of optics", 2016),
             _init("deg", "academic agreement", "Agreement on a joint master's programme", 2018),
             _init("mou", "academic agreement", "Memorandum on student exchange", 2017),
             _init("mou2", "cooperation agreement", "Joint school of engineering", 2017),
             _init("old", "joint lab", "Lab", None)]
    ind = joint_ventures(_ctx(items))
    # lab (2016) and deg (2018); mou names no degree or school, mou2 is not an academic agreement; old undated
    assert (ind.value, ind.records, ind.trend) == (2, ("lab", "deg"), "flat: 1 (2016) -> 1 (2018)")
    assert ind.note == ("curated joint labs, R&D centres and academic agreements naming a degree, school, institute "
                        "or centre, by start year; 1 without a start date left out; rests on 2 records: read as "
                        "indicative")


def test_funded_agreements_need_an_amount():
    from techties.metrics.indicators import funded_agreements

    items = [_init("a", "joint lab", "Lab", 2016, usd=5e6), _init("b", "joint project", "Project", 2017),
             _init("c", "fund", "Fund", 2017, usd=1e9), _init("d", "R&D centre", "Centre", None, usd=2e6)]
    ind = funded_agreements(_ctx(items))
    # a only: b has no amount, c is a fund, d is undated
    assert (ind.name, ind.kind, ind.unit, ind.value, ind.records) == (
        "Research agreements with designated funding", "research", "initiatives", 1, ("a",))
    assert ind.note == ("curated agreements, joint projects, labs and centres of the pair with a stated amount; "
                        "1 without a start date left out; rests on 1 record: read as indicative")


def test_deals_in_an_area():
    from types import SimpleNamespace

    from techties.metrics.indicators import _in_area

    def deal(ai, sectors, target):
        return SimpleNamespace(ai_related=ai, sectors=sectors, target=target)

    # a deal flagged AI is in the ai areas whatever its sectors; otherwise its sectors or its name decide
    flagged = deal(True, ["payments"], "PayCo")
    assert _in_area(flagged, "ai") and _in_area(flagged, "ai-fields")
    assert not _in_area(deal(False, ["payments"], "PayCo"), "ai")
    assert _in_area(deal(False, [], "Deep learning systems"), "ai")
    assert _in_area(deal(False, ["machine learning"], "X"), "ai")
    assert not _in_area(deal(True, ["payments"], "PayCo"), "wos-wc:Robotics")
    assert _in_area(deal(False, ["payments"], "PayCo"), None) and _in_area(deal(False, [], "X"), "all")


def test_the_pairs_initiatives(tmp_path):
    from techties.metrics.indicators import _initiatives
    from techties.warehouse import Warehouse

    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.con.executemany("INSERT INTO initiatives (initiative_id, kind, title, started_on, status, sectors_json,"
                           " amount_usd, summary) VALUES (?, ?, ?, ?, 'established', ?, NULL, NULL)",
                           [["p1", "joint lab", "Lab of optics", "2017-03", '["optics"]'],
                            ["p2", "joint lab", "Sino-Russian friendship centre", "2018", None],
                            ["p3", "joint lab", "Lab of optics", "2016", None],
                            ["p4", "fund", "Regional fund", None, None]])
        wh.con.executemany("INSERT INTO initiative_parties VALUES (?, ?, ?, 'party')",
                           [["p1", "Tsinghua University", "CN"], ["p1", "MSU", "RU"],
                            ["p3", "Tsinghua University", "CN"], ["p3", "MIT", "US"],
                            ["p4", "Russia-China Investment Fund", "RU"]])
        got = {i.id: i for i in _initiatives(wh.con, "CN", "RU")}
    # p1: both countries among the parties; p2: no parties, its title names both; p3: CN and US only;
    # p4: one party whose name names both
    assert sorted(got) == ["p1", "p2", "p4"]
    assert (got["p1"].year, got["p1"].sectors, got["p2"].sectors, got["p2"].summary, got["p4"].year) == (
        2017, ["optics"], [], "", None)
    assert got["p2"].parties == [] and got["p4"].parties == [("Russia-China Investment Fund", "RU")]


def test_area_patterns_of_the_classifier_areas():
    """Every classifier area has its own sector words (none falls back to 'every deal'), checked on
    hand-picked sector strings: the curated sectors and phrases as deal summaries write them."""
    from techties.classify.areas import AREAS

    assert all(area_pattern(a) for a in AREAS)
    cases = {
        "robotics": (["AI/robotics/big data", "industrial robots", "беспилотные летательные аппараты"],
                     ["telecom", "smart cities", "biotech"]),
        "computer-vision": (["facial recognition cameras", "人脸识别"], ["AI/robotics/big data", "telecom"]),
        "nlp": (["large language models", "speech recognition for Russian", "машинный перевод"],
                ["facial recognition", "general S&T"]),
        "quantum": (["Quantum communication line", "квантовые вычисления"], ["telecom", "aerospace"]),
        "networking": (["telecom", "5G base stations", "связи"], ["neural networks", "AI/robotics/big data"]),
        "q-bio": (["biotech", "genomics platform"], ["AI/robotics/big data", "energy"]),
    }
    for area, (yes, no) in cases.items():
        pat = area_pattern(area)
        assert all(matches(pat, t) for t in yes), (area, [t for t in yes if not matches(pat, t)])
        assert not any(matches(pat, t) for t in no), (area, [t for t in no if matches(pat, t)])
