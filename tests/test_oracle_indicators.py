"""Oracle for the 18 indicators on the hand-made fixture (`tests/oracle_fixture.py`, SYNTHETIC):
works W1-W19, deals D1-D8 and initiatives i1-i9. Every value, denominator and trend is worked out
by hand in the comments. Trends compare the earlier half of 2016-2018 (2016) with the later (2018).

Deals (USD; whole-round rule: a deal is between CN and RU when its target is of one country and an
investor of the other):
    D1 2017 Megvii (CN) 300M, facial recognition, AI; RCIF (RU, owned 50/50 by RDIF and CIC), Tencent, a16z
    D2 2018 RoboRu (RU) 120M, robotics, AI; Tencent (CN), Sber
    D3 2018 TalkRu (RU) undisclosed, speech recognition, AI; Tencent
    D4 2016 Rostec smart city unit (RU) 40M, smart cities, AI; CETC (CN)
    D5 2021 BigRu (RU) 1000M; Tencent                    -> outside the years
    D6 2017 Yitu (CN) 50M; a16z (US)                     -> CN-US
    D7 2016 BotCo (US) 150M; Tencent                     -> CN-US
    D8 2018 Music RU (RU) 10M, music streaming, not AI; Tencent
Initiatives (all of the pair: both countries among the parties, or i3 whose party is named
"Russia-China Investment Fund for Regional Development"):
    i1 2017 joint lab, AI/robotics, 5M        i2 2018 academic agreement "Double master's degree in AI"
    i3 2018 fund, digital economy, 300M       i4 undated fund, stalled
    i5 2019 fund                              i6 2020 Dahua-NtechLab joint project
    i7 2017 "Data exchange agreement", AI     i8 2016 smart city pilot, Rostec + CETC, AI, 20M
    i9 2017 joint lab, nuclear, 1M
"""

from __future__ import annotations

import pytest

from techties.metrics.indicators import INDICATORS, compute_indicators, org_match, org_patterns
from techties.metrics.query import build_query
from tests import oracle_fixture
from tests.oracle_fixture import work_id


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """One fixture warehouse for the module: the indicators only read it."""
    from techties.warehouse import Warehouse

    wh = Warehouse(tmp_path_factory.mktemp("oracle") / "w.duckdb")
    oracle_fixture.build(wh.con)
    oracle_fixture.build_investment(wh.con)
    yield wh.con
    wh.close()


def by_id(con, area=None, years="2016-2018"):
    return {i.id: i for i in compute_indicators(con, build_query("CN", "RU", "US", years, area=area))}


def test_all_18_in_order_with_every_field(con):
    got = compute_indicators(con, build_query("CN", "RU", "US", "2016-2018"))
    assert tuple(i.id for i in got) == INDICATORS and len(got) == 18
    assert sum(i.kind == "research" for i in got) == 8 and sum(i.kind == "investment" for i in got) == 10
    for i in got:
        assert i.name and i.trend and i.status in ("computed", "small-numbers", "needs-data")
        assert (i.value is None) == (i.status == "needs-data") and (i.status != "needs-data" or i.needs)


NAMES = {  # what an analyst reads, the kind and the unit of each of the 18 (the brief's conclusion, seed 004)
    "funded_agreements": ("Research agreements with designated funding", "research", "initiatives"),
    "joint_ventures": ("New joint research centres, degree programmes and schools", "research", "initiatives"),
    "pair_share": ("Share of CN–RU works in CN's and RU's output", "research", "pct"),
    "citation_impact": ("Highly cited co-authored works (top 10% of their year)", "research", "pct"),
    "joint_centre_output": ("Output of joint CN–RU centres", "research", "works"),
    "company_centre_output": ("Output of companies' research centres in the partner country (Huawei in Russia)",
                              "research", "works"),
    "listed_collaborations": ("Co-authored works with a listed institution", "research", "works"),
    "defence_research": ("Co-authored works with defence-affiliated research institutions", "research", "works"),
    "pair_investment": ("Disclosed CN–RU investment (both directions)", "investment", "usd"),
    "baseline_share": ("CN–RU investment against CN–US investment", "investment", "pct"),
    "new_joint_funds": ("New joint funds and ventures (on the order of RCIF)", "investment", "initiatives"),
    "disclosure": ("Share of the pair's deals with an undisclosed value", "investment", "pct"),
    "watch_sectors": ("Deals and initiatives in the sectors of concern", "investment", "records"),
    "data_sharing": ("Data-sharing agreements and exceptions to data localisation", "investment", "initiatives"),
    "joint_fund_portfolio": ("Growth of the joint funds' portfolio (RCIF)", "investment", "usd"),
    "dragons_and_facial": ("Facial recognition and partnerships with the AI dragons", "investment", "records"),
    "defence_soe": ("Collaboration involving state-owned defence companies", "investment", "records"),
    "named_partnerships": ("Follow-through on named corporate partnerships", "investment", "count"),
}


def test_names_kinds_and_units(con):
    got = {i.id: (i.name, i.kind, i.unit) for i in compute_indicators(con, build_query("CN", "RU", "US", "2016-2018",
                                                                                      area="ai"))}
    assert got == NAMES


def test_research_indicators(con):
    ind = by_id(con)
    # funded agreements: agreements/labs/centres with a stated amount: i1 (2017), i8 (2016), i9 (2017) = 3;
    # 2016: 1 -> 2018: 0
    f = ind["funded_agreements"]
    assert (f.value, f.records, f.trend) == (3, ("i1-robotics-lab", "i8-smart-city", "i9-reactor-lab"),
                                             "down: 1 (2016) -> 0 (2018)")
    assert f.status == "small-numbers" and "end dates" in f.needs  # multi-year: the data cannot tell
    # joint centres, degrees, schools: joint labs i1, i9 and the master's degree i2 = 3; 2016: 0 -> 2018: 1 (i2)
    j = ind["joint_ventures"]
    assert (j.value, j.records, j.trend) == (3, ("i1-robotics-lab", "i2-masters", "i9-reactor-lab"),
                                             "up: 0 (2016) -> 1 (2018)")
    # share: 7 CN-RU works of CN's 13 = 53.85%; RU 7/10 = 70%; 2016: 2/4 = 50% -> 2018: 3/5 = 60%
    s = ind["pair_share"]
    assert (s.value, s.denominator, s.trend) == (53.85, 13, "up: 50% (2016) -> 60% (2018)")
    assert s.note.startswith("CN: 53.85% of 13 works; RU: 70.0%") and s.status == "small-numbers"
    # top 10% of their year: W1 and W5 of the 7 works = 28.6%; 2016: W1 of W1, W2 = 50%;
    # 2018: W5 of W5, W6, W7 = 33.33%; mean 52/7 = 7.43 against 161/18 = 8.94: 7.43/8.94 = 0.83
    c = ind["citation_impact"]
    assert (c.value, c.denominator, c.trend) == (28.6, 7, "down: 50% (2016) -> 33.33% (2018)")
    assert "0.83×" in c.note
    # joint centre: W5's "Sino-Russian Institute of Robotics" (2018): 1 of 7
    jc = ind["joint_centre_output"]
    assert (jc.value, jc.denominator, jc.records, jc.trend) == (1, 7, (work_id("W5"),), "up: 0 (2016) -> 1 (2018)")
    assert jc.note.endswith("(data/country_names.yaml); rests on 1 record: read as indicative")
    # Huawei in Russia: W11's RU author at "Huawei Russian Research Institute" (2017); W4's and W7's Huawei
    # authors are in CN. Out of RU's 10 works; 2016: 0, 2018: 0
    h = ind["company_centre_output"]
    assert (h.value, h.denominator, h.records, h.trend) == (1, 10, (work_id("W11"),), "flat: 0 (2016) -> 0 (2018)")
    # listed: W1, W3, W5, W7 (RAS), W5 (HIT from 2017), W6 (Yandex) = 5 distinct of 7; W2 predates HIT's listing;
    # 2016: W1 = 1 -> 2018: W5, W6, W7 = 3
    li = ind["listed_collaborations"]
    assert (li.value, li.denominator, li.trend) == (5, 7, "up: 1 (2016) -> 3 (2018)")
    assert li.records == tuple(work_id(w) for w in ("W1", "W3", "W5", "W6", "W7"))
    # the note carries the table's own after the rule: W2 (2016) predates HIT's listing (2017)
    assert li.note.startswith("screening hits not rejected, from the listing year on; works with a listed "
                              "institution published before its listing year, not counted for that list: "
                              "us-entity-list 1")
    # defence-affiliated: W7's RU author at the Mozhaisky Military Space Academy; W3's "Ministry of Defence" is
    # a US author's (not Russian or Chinese): 1 of 7, 2018
    d = ind["defence_research"]
    assert (d.value, d.records, d.trend) == (1, (work_id("W7"),), "up: 0 (2016) -> 1 (2018)")


def test_investment_indicators_in_the_ai_area(con):
    ind = by_id(con, area="ai")
    # CN-RU AI deals 2016-2018: D1 (RU->CN via RCIF), D2, D3, D4 (CN->RU); D8 is not AI, D5 is 2021.
    # Disclosed: 300 + 120 + 40 = 460M; 2016: D4 40M -> 2018: D2 120M (D3 undisclosed)
    p = ind["pair_investment"]
    assert (p.value, p.records, p.trend) == (460e6, ("D1", "D2", "D3", "D4"), "up: $40.0M (2016) -> $120.0M (2018)")
    assert "3 disclosed and 1 undisclosed" in p.note and p.status == "small-numbers"
    # against CN-US: D1 (a16z, US -> CN) 300M + D6 50M + D7 150M = 500M; 460 / 500 = 92%
    b = ind["baseline_share"]
    assert (b.value, b.denominator) == (92.0, 500e6) and "whole investment portfolios" in b.needs
    # funds: i3 (2018, named Russia-China, any sector); i4 stalled left out; i5 is 2019: 1, $300M
    f = ind["new_joint_funds"]
    assert (f.value, f.records, f.trend) == (1, ("i3-rcif-rd-skolkovo",), "up: 0 (2016) -> 1 (2018)")
    assert "$300M" in f.note and "1 stalled left out" in f.note
    # undisclosed: D3 of 4 = 25%; 2016: 0 of 1 (D4) = 0% -> 2018: 1 of 2 (D2, D3) = 50%
    u = ind["disclosure"]
    assert (u.value, u.denominator, u.records, u.trend) == (25.0, 4, ("D3",), "up: 0% (2016) -> 50% (2018)")
    # sectors of concern: D1 (facial), D3 (speech: language models), D4 (smart cities), i8 (smart cities) = 4,
    # out of 4 deals + 4 AI initiatives of the years (i1, i2, i7, i8) = 8; 2016: D4, i8 = 2 -> 2018: D3 = 1
    w = ind["watch_sectors"]
    assert (w.value, w.denominator, w.trend) == (4, 8, "down: 2 (2016) -> 1 (2018)")
    assert set(w.records) == {"D1", "D3", "D4", "i8-smart-city"}
    assert "smart cities 2, facial recognition 1, language models 1" in w.note
    # data sharing: i7 "Data exchange agreement" (2017): 1
    assert (ind["data_sharing"].value, ind["data_sharing"].records) == (1, ("i7-data",))
    # joint funds (owned by both countries: RCIF): D1 300M in 2017; 2016 and 2018 nothing
    j = ind["joint_fund_portfolio"]
    assert (j.value, j.records, j.trend) == (300e6, ("D1",), "flat: $0.0M (2016) -> $0.0M (2018)")
    assert "assets under management" in j.needs
    # facial recognition / AI dragons: D1 (Megvii); D6 (Yitu) is a CN-US deal: 1
    assert (ind["dragons_and_facial"].value, ind["dragons_and_facial"].records) == (1, ("D1",))
    # defence companies: D4 (Rostec unit, CETC investor), i8 (Rostec + CETC); the "Almazov" and "Cascade"
    # affiliations on W2 and W4 match nothing: 2; 2016: 2 -> 2018: 0
    s = ind["defence_soe"]
    assert (s.value, s.records, s.trend) == (2, ("D4", "i8-smart-city"), "down: 2 (2016) -> 0 (2018)")
    # named partnerships (4 CN-RU ones): no follow-through dated 2016-2018
    n = ind["named_partnerships"]
    assert (n.value, n.denominator) == (0, 4)


def test_notes_and_directions_in_the_ai_area(con):
    """What an analyst reads beside each value, with the counts in it worked out by hand (AI area,
    2016-2018: the pair's AI works are W1, W2 (2016), W3 (2017), W5, W7 (2018), all of CN's AI works)."""
    ind = by_id(con, area="ai")
    caveat = "rests on {} record{}: read as indicative"
    want = {
        # i8 (2016), i1 (2017): 1 -> 0
        "funded_agreements": ("down", "curated agreements, joint projects, labs and centres of the pair with a stated "
                                      "amount; " + caveat.format(2, "s")),
        # i1 (2017), i2 (2018): 0 -> 1
        "joint_ventures": ("up", "curated joint labs, R&D centres and academic agreements naming a degree, school, "
                                 "institute or centre, by start year; " + caveat.format(2, "s")),
        # 5 of CN's 5 AI works, 5 of RU's 5; 2016 2/2, 2018 2/2
        "pair_share": ("flat", "CN: 100.0% of 5 works; RU: 100.0%; " + caveat.format(5, "s")),
        # (10 + 0 + 5 + 30 + 4) / 5 = 9.8, and the selection is these five; top of 2016 W1 1/2, of 2018 W5 1/2
        "citation_impact": ("flat", "mean 9.8 citations, 1.0× all selected works; recent years have had less time to "
                                    "be cited; " + caveat.format(5, "s")),
        "joint_centre_output": ("up", "co-authored works with an affiliation naming both countries and a centre, "
                                      "institute, laboratory or school (data/country_names.yaml); "
                                + caveat.format(1, "")),
        # W11 is not an AI work: none
        "company_centre_output": ("flat", "Huawei affiliations located in the partner country (denominator: the "
                                          "partner country's works in the selection); " + caveat.format(0, "s")),
        # W1, W3, W5, W7 (W6 is not AI); W2 predates HIT's listing
        "listed_collaborations": ("up", "screening hits not rejected, from the listing year on; works with a listed "
                                        "institution published before its listing year, not counted for that list: "
                                        "us-entity-list 1 (a work counts from the year its institution was listed); "
                                + caveat.format(4, "s")),
        "defence_research": ("up", "affiliations matching a ministry of defence, the ERA technopolis or a military "
                                   "academy of the author's own country (data/organisations.yaml); "
                             + caveat.format(1, "")),
        "pair_investment": ("up", "3 disclosed and 1 undisclosed deals; whole-round rule: a deal's full disclosed "
                                  "value for each direction; " + caveat.format(4, "s")),
        # 4 CN-RU deals and 3 CN-US deals (D1, D6, D7)
        "baseline_share": ("n/a", "disclosed value of CN–RU deals as % of CN–US deals (3 deals); whole-round rule: a "
                                  "deal's full disclosed value for each direction; " + caveat.format(7, "s")),
        "new_joint_funds": ("up", "curated funds of the pair by start year, $300M stated in all; 1 stalled left out; "
                                  "every sector: a fund's area shows in its deals; " + caveat.format(1, "")),
        "disclosure": ("up", "a rising share: less transparency (state-owned or deliberate); " + caveat.format(4, "s")),
        "watch_sectors": ("down", "3 deals, 1 initiatives; by sector: smart cities 2, facial recognition 1, language "
                                  "models 1; out of the pair's 4 deals and 4 initiatives in scope; "
                                  + caveat.format(4, "s")),
        # i7 (2017): 0 -> 0
        "data_sharing": ("flat", "curated initiatives naming data sharing; " + caveat.format(1, "")),
        "joint_fund_portfolio": ("flat", "disclosed value of 1 deals of the joint funds (rcif) in the area; "
                                         "whole-round rule: a deal's full disclosed value for each direction; "
                                 + caveat.format(1, "")),
        "dragons_and_facial": ("flat", "1 deals, 0 initiatives; SenseTime, Megvii, Yitu, CloudWalk; facial "
                                       "recognition; " + caveat.format(1, "")),
        "defence_soe": ("down", "1 deals, 1 initiatives; Rostec, CETC and other defence primes, matched on their own "
                                "country; " + caveat.format(2, "s")),
        "named_partnerships": ("n/a", "partnerships with a deal or initiative dated after the agreement: none; "
                                      + caveat.format(4, "s")),
    }
    assert {k: (i.direction, i.note) for k, i in ind.items()} == want


def test_named_partnerships_need_both_partners_after_the_agreement():
    from techties.metrics.indicators import Context, named_partnerships
    from techties.metrics.research import ResearchQuery
    from techties.records import DealRecord, InvestorRecord

    def deal(did, on, target, investor):
        return DealRecord(deal_id=did, source="oracle", announced_on=on, target=target, target_country="CN",
                          round=None, amount=None, currency=None, disclosed=False,
                          investors=[InvestorRecord(name=investor, country="RU")])

    # Dahua Technology - NtechLab, agreed 2019: a 2020 deal naming both follows it; one naming Dahua only, or
    # one of 2019 itself, does not
    deals = [deal("both", "2020-05", "Dahua Technology", "NtechLab"),
             deal("one", "2020-06", "Dahua Technology", "Sber"),
             deal("same-year", "2019-12", "Dahua Technology", "NtechLab")]
    q = ResearchQuery("CN", "RU", years=(2016, 2021))
    got = named_partnerships(Context(q, q.years, None, {}, [], [], deals, None))
    assert (got.value, got.denominator, got.records) == (1, 4, ("both",))


def test_pair_investment_adds_deals_of_one_year():
    from techties.metrics.indicators import Context, pair_investment
    from techties.metrics.research import ResearchQuery
    from techties.records import DealRecord, InvestorRecord

    def deal(did, on, usd):
        return DealRecord(deal_id=did, source="oracle", announced_on=on, target="T", target_country="RU", round=None,
                          amount=usd, currency="USD", disclosed=True,
                          investors=[InvestorRecord(name="I", country="CN")])

    # 10M in 2016; 20M + 30M in 2018: 60M in all, 10M -> 50M
    q = ResearchQuery("CN", "RU", years=(2016, 2018))
    got = pair_investment(Context(q, q.years, None, {}, [], [],
                                  [deal("a", "2016-01", 10e6), deal("b", "2018-02", 20e6), deal("c", "2018-03", 30e6)],
                                  None))
    assert (got.value, got.trend, got.direction) == (60e6, "up: $10.0M (2016) -> $50.0M (2018)", "up")


def test_indicators_follow_the_area_and_the_years(con):
    # without an area, D8 (music, not AI) is a CN-RU deal too: 460 + 10 = 470M in 5 deals; i9 (nuclear)
    # becomes a funded agreement: 2 in the AI area, 3 in all
    every = by_id(con)
    assert (every["pair_investment"].value, len(every["pair_investment"].records)) == (470e6, 5)
    assert by_id(con, area="ai")["funded_agreements"].value == 2
    # to 2021: i6 (Dahua-NtechLab, 2020) follows the 2019 agreement: 1 of 4
    late = by_id(con, years="2016-2021")["named_partnerships"]
    assert (late.value, late.records) == (1, ("i6-dahua-ntechlab",)) and "Dahua Technology - NtechLab" in late.note
    # up to 2020, the year of i6, it counts; up to 2019 it does not
    assert by_id(con, years="2016-2020")["named_partnerships"].value == 1
    assert by_id(con, years="2016-2019")["named_partnerships"].value == 0


def test_needs_data_rows_say_what_data_would_answer(con):
    ind = {i.id: i for i in compute_indicators(con, build_query("CN", "RU", None, "2016-2018"))}
    assert ind["baseline_share"].status == "needs-data" and "--baseline" in ind["baseline_share"].needs
    b = ind["baseline_share"]
    assert (b.name, b.kind, b.value, b.note) == ("CN–RU investment against CN–baseline investment", "investment",
                                                 None, "")
    assert b.needs == ("a baseline country (--baseline US); CN's and RU's whole investment portfolios in the area, "
                       "all destinations (Crunchbase)")
    other = {i.id: i for i in compute_indicators(con, build_query("DE", "FR", None, "2016-2018"))}
    n = other["named_partnerships"]
    assert (n.status, n.name, n.kind, n.needs) == ("needs-data", "Follow-through on named corporate partnerships",
                                                   "investment", "named DE–FR partnerships "
                                                                 "(data/named_partnerships.yaml)")
    c = other["company_centre_output"]
    assert (c.status, c.kind, c.value) == ("needs-data", "research", None)
    # DE and FR have no works here: no share (no output to divide by) and no co-authored works to rank
    s, ci = other["pair_share"], other["citation_impact"]
    assert (s.status, s.name, s.kind, s.needs) == ("needs-data", "Share of DE–FR works in DE's and FR's output",
                                                   "research", "DE's whole output per year (techties collect)")
    assert (ci.status, ci.name, ci.kind) == ("needs-data", "Highly cited co-authored works (top 10% of their year)",
                                             "research")
    assert other["data_sharing"].value is None and other["data_sharing"].needs == (
        "a record of data-sharing agreements and data-localisation exceptions between the pair (none among the "
        "curated initiatives)")
    d = other["disclosure"]
    assert (d.status, d.name, d.kind, d.needs) == ("needs-data", "Share of the pair's deals with an undisclosed value",
                                                   "investment", "deals between the pair in the years (Crunchbase, "
                                                                 "curated deals)")


def test_research_given_or_not_gives_the_same_indicators(con):
    from techties.metrics.research import compute_research

    q = build_query("CN", "RU", "US", "2016-2018")
    # listed collaborations need the works behind the table: 5 (above), whether research is passed with its
    # work ids, without them (recomputed), or not at all
    for research in (None, compute_research(con, q, explain=True), compute_research(con, q, explain=False)):
        li = {i.id: i for i in compute_indicators(con, q, research)}["listed_collaborations"]
        assert (li.value, li.denominator) == (5, 7)


def test_defence_patterns_are_anchored_and_country_bound():
    soe, research = org_patterns("defence_soe"), org_patterns("defence_research")
    assert org_match(soe, "Almazov National Medical Research Centre", "RU") is None
    assert org_match(soe, "Cascade Systems Lab", "CN") is None
    assert org_match(soe, "JSC Concern VKO Almaz-Antey", "RU") == "Almaz-Antey"
    assert org_match(soe, "CASC Fifth Academy", "CN") == "CASC"
    assert org_match(research, "Ministry of Defence", "GB") is None
    assert org_match(research, "Ministry of Defence of the Russian Federation", "RU") == "Russian Ministry of Defence"


def test_pair_view_slices_respect_pair_years_and_area(con):
    from techties.metrics.pair import compute_pair

    view = compute_pair(con, build_query("CN", "RU", "US", "2016-2018", area="ai"), rule="equal-split")
    assert [i.id for i in view.indicators] == list(INDICATORS)
    # AI deals of 2016-2018: D1, D2, D3, D4, D6, D7 (D5 is 2021, D8 not AI)
    assert [d.deal_id for d in view.deals] == ["D1", "D2", "D3", "D4", "D6", "D7"]
    # equal split: RU->CN: RCIF's third of D1's 300M = 100M; CN->RU: Tencent's stated 90M (D2) + CETC's 40M (D4),
    # D3 undisclosed; US->CN: a16z's 100M (D1) + 50M (D6) = 150M; CN->US: D7 150M
    t = view.investment.totals
    assert (t["RU→CN"]["value_usd"], t["CN→RU"]["value_usd"], t["CN→RU"]["n_undisclosed"]) == (100e6, 130e6, 1)
    assert (t["US→CN"]["value_usd"], t["CN→US"]["value_usd"]) == (150e6, 150e6)
    # AI initiatives of the years i1, i2, i7, i8 plus the fund i3 (any sector); i4 undated (a fund) apart
    assert sorted(i.id for i in view.initiatives) == ["i1-robotics-lab", "i2-masters", "i3-rcif-rd-skolkovo",
                                                      "i7-data", "i8-smart-city"]
    assert [i.id for i in view.initiatives_undated] == ["i4-stalled-fund"]
    assert view.provenance["attribution_rule"] == "equal-split" and any("equal split" in n for n in view.notes)


def test_research_output_writes_indicators_csv_and_keeps_the_table_columns(warehouse, tmp_path):
    import csv

    from typer.testing import CliRunner

    from techties.cli import app

    oracle_fixture.build(warehouse.con)
    oracle_fixture.build_investment(warehouse.con)
    warehouse.con.execute("CHECKPOINT")
    warehouse.close()
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["research", "--pair", "CN", "RU", "--baseline", "US", "--years", "2016-2018",
                                   "--area", "AI", "--output", str(out), "--db", str(warehouse.path)])
    assert res.exit_code == 0, res.output

    def read(name):
        with open(out / name, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    rows = read("indicators.csv")
    # every fixture work is synthetic: the brief's synthetic_works column comes last
    assert list(rows[0]) == ["id", "name", "value", "denominator", "trend", "status", "needs", "synthetic_works"]
    assert [r["id"] for r in rows] == list(INDICATORS)
    by_id = {r["id"]: r for r in rows}
    # pair_share rests on the pair's AI works 2016-2018: W1, W2 (2016), W3 (2017), W5, W7 (2018) = 5, all synthetic;
    # deals rest on no works: 0
    assert (by_id["pair_share"]["synthetic_works"], by_id["pair_investment"]["synthetic_works"]) == ("5", "0")
    # the columns analysts' scripts read stay; new ones only at the end
    for name, cols in {"yearly.csv": ["pair", "year", "works"],
                       "summary.csv": ["pair", "works", "first_year_works", "last_year_works", "growth_factor",
                                       "share_of_first_pct", "share_of_second_pct", "ratio_main_to_pair"],
                       "citation_impact.csv": ["group", "works", "mean_citations", "top10_pct"],
                       "companies.csv": ["company", "country", "works", "top_partners"],
                       "top_funders.csv": ["funder", "works"],
                       "country_output.csv": ["country", "year", "works"]}.items():
        with open(out / name, newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert header[: len(cols)] == cols, name
    assert read("country_output.csv")[0]["source"] == "warehouse"


def test_a_parquet_export_gives_the_same_indicators(con, tmp_path):
    from techties.warehouse.parquet import export_parquet, open_parquet

    q = build_query("CN", "RU", "US", "2016-2018", area="ai")
    export_parquet(con, tmp_path / "pq")
    want = [(i.id, i.value, i.denominator, i.trend, i.status, i.records) for i in compute_indicators(con, q)]
    got = [(i.id, i.value, i.denominator, i.trend, i.status, i.records)
           for i in compute_indicators(open_parquet(tmp_path / "pq"), q)]
    assert got == want
