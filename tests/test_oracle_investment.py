"""Oracle for the investment rules (whole, equal split, look-through) on five hand-made deals
(SYNTHETIC: invented names and amounts, all in USD so no exchange rate enters the arithmetic).
Each expected figure is worked out by hand in the comments, never by calling techties.

Organisations: RDIF (RU) and CIC (CN) own the joint fund RCIF (coded RU, owned 50/50); RCIF-RD
is wholly owned by RCIF (coded RU); Tencent (CN), Sber (RU), a16z (US).

    deal  year  target (country)   amount   round investors       investors (stated amount)
    D1    2017  FaceCo (CN)        300M     3                     RCIF, Tencent, a16z
    D2    2018  RoboRu (RU)        120M     4 (two unnamed)       Tencent (90M stated), Sber
    D3    2018  TalkRu (RU)        undisclosed                    RCIF
    D4    2016  SkolVentures (RU)   40M     1                     RCIF-RD
    D5    2021  BigRu (RU)         1000M    1                     Tencent   (outside 2016-2018)
"""

from __future__ import annotations

import pytest

from techties.metrics.investment import (
    FxResult,
    Ownership,
    attribute_deal,
    investment_report,
    ownership_countries,
    to_usd,
    ultimate_parent,
)
from techties.sources.crunchbase import DealRecord, InvestorRecord

ORGS = [("rdif", "RU", None), ("cic", "CN", None), ("rcif", "RU", None), ("rcif-rd", "RU", None),
        ("tencent", "CN", None), ("sber", "RU", None), ("a16z", "US", None),
        # a fund 40% owned by CIC, the rest its own (RU); a unit whose parent is Sber, and its parent's country counts
        ("part-fund", "RU", None), ("sber-unit", None, "sber")]
OWNERS = [("rcif", "rdif", 0.5), ("rcif", "cic", 0.5), ("rcif-rd", "rcif", 1.0), ("part-fund", "cic", 0.4)]


def own() -> Ownership:
    """Built in each test (not at import), so that what it runs is attributed to a test."""
    return Ownership.from_rows(ORGS, OWNERS)


def inv(org: str, amount: float | None = None) -> InvestorRecord:
    country = dict((o, c) for o, c, _ in ORGS)[org] or "RU"
    return InvestorRecord(name=org.upper(), country=country, org_id=org, amount=amount)


DEALS = [
    DealRecord(deal_id="D1", source="oracle", announced_on="2017-05-01", target="FaceCo", target_country="CN",
               round="C", amount=300e6, currency="USD", disclosed=True, investor_count=3,
               investors=[inv("rcif"), inv("tencent"), inv("a16z")]),
    DealRecord(deal_id="D2", source="oracle", announced_on="2018-02", target="RoboRu", target_country="RU",
               round="B", amount=120e6, currency="USD", disclosed=True, investor_count=4,
               investors=[inv("tencent", 90e6), inv("sber")]),
    DealRecord(deal_id="D3", source="oracle", announced_on="2018", target="TalkRu", target_country="RU",
               round=None, amount=None, currency=None, disclosed=False, investors=[inv("rcif")]),
    DealRecord(deal_id="D4", source="oracle", announced_on="2016-10-01", target="SkolVentures", target_country="RU",
               round=None, amount=40e6, currency="USD", disclosed=True, investors=[inv("rcif-rd")]),
    DealRecord(deal_id="D5", source="oracle", announced_on="2021-03-01", target="BigRu", target_country="RU",
               round=None, amount=1000e6, currency="USD", disclosed=True, investors=[inv("tencent")]),
]


def by_origin(deal: DealRecord, rule: str) -> dict[str | None, float | None]:
    return {a.origin: a.value_usd for a in attribute_deal(deal, rule, own())}


def test_whole_round_credits_every_investor_country_with_the_round():
    # D1: RU (RCIF), CN (Tencent), US (a16z) each credited with all 300M
    assert by_origin(DEALS[0], "whole") == {"RU": 300e6, "CN": 300e6, "US": 300e6}
    # D2: CN and RU each 120M (not Tencent's stated 90M: whole means whole)
    assert by_origin(DEALS[1], "whole") == {"CN": 120e6, "RU": 120e6}


def test_equal_split_with_a_stated_contribution_and_unnamed_investors():
    # D1: 300M / 3 investors = 100M each
    assert by_origin(DEALS[0], "equal-split") == {"RU": 100e6, "CN": 100e6, "US": 100e6}
    # D2: Tencent's 90M as stated; the other 30M split among the 3 investors without a stated
    # amount (4 in the round - 1 stated): 10M for Sber
    assert by_origin(DEALS[1], "equal-split") == pytest.approx({"CN": 90e6, "RU": 10e6})


def test_look_through_passes_a_joint_fund_to_its_owners():
    # D1: RCIF's 100M is half RDIF (RU) and half CIC (CN): RU 50M; CN 100M (Tencent) + 50M = 150M
    assert by_origin(DEALS[0], "look-through") == pytest.approx({"RU": 50e6, "CN": 150e6, "US": 100e6})
    # D4: RCIF-RD is wholly RCIF's, so its 40M is 20M RU and 20M CN (two levels down)
    assert by_origin(DEALS[3], "look-through") == pytest.approx({"RU": 20e6, "CN": 20e6})
    # D3, undisclosed: both owner countries appear, without a value
    assert by_origin(DEALS[2], "look-through") == {"RU": None, "CN": None}


@pytest.mark.parametrize("rule, expected", [
    # (value, disclosed deals, undisclosed deals) per direction over 2016-2018; D5 (2021) is out.
    # whole: RU->CN D1 300M; CN->RU D2 120M (D3 and D4 are RU->RU); US->CN D1 300M
    ("whole", {"CN→RU": (120e6, 1, 0), "RU→CN": (300e6, 1, 0), "US→CN": (300e6, 1, 0), "CN→US": (0, 0, 0)}),
    # equal split: RU->CN 100M; CN->RU Tencent's 90M; US->CN 100M
    ("equal-split", {"CN→RU": (90e6, 1, 0), "RU→CN": (100e6, 1, 0), "US→CN": (100e6, 1, 0)}),
    # look-through: RU->CN 50M (RDIF's half of RCIF's 100M); CN->RU 90M (D2) + 20M (D4, CIC's half of
    # RCIF-RD's 40M) = 110M in 2 deals, and D3 undisclosed (CIC money through RCIF); US->CN 100M
    ("look-through", {"CN→RU": (110e6, 2, 1), "RU→CN": (50e6, 1, 0), "US→CN": (100e6, 1, 0)}),
])
def test_report_totals_per_direction(rule, expected):
    rep = investment_report(DEALS, ("CN", "RU"), "US", rule, years={2016, 2017, 2018}, curated=own())
    for direction, (value, n_dis, n_und) in expected.items():
        t = rep.totals[direction]
        assert (t["value_usd"], t["n_disclosed"], t["n_undisclosed"]) == pytest.approx((value, n_dis, n_und)), direction
    assert rep.n_deals == 5 and rep.n_undated == 0


def test_report_rows_by_year_and_years_filter():
    rep = investment_report(DEALS, ("CN", "RU"), "US", "look-through", years={2016, 2017, 2018}, curated=own())
    cn_ru = {r.year: (r.value_usd, r.n_disclosed, r.n_undisclosed, sorted(r.deal_ids))
             for r in rep.rows if r.direction == "CN→RU"}
    # 2016: D4's 20M; 2018: D2's 90M and D3 undisclosed; 2021 (D5) outside the years
    assert cn_ru == {2016: (20e6, 1, 0, ["D4"]), 2018: (90e6, 1, 1, ["D2", "D3"])}
    every_year = investment_report(DEALS, ("CN", "RU"), "US", "look-through", curated=own())
    # without years D5 adds 1000M CN->RU in 2021: 110M + 1000M
    assert every_year.totals["CN→RU"]["value_usd"] == pytest.approx(1110e6)


def test_attributions_carry_the_deal():
    got = attribute_deal(DEALS[1], "equal-split", None)
    # D2: one attribution per origin country, with the deal's id, year, destination, target and investor names
    assert [(a.deal_id, a.year, a.origin, a.destination, a.target, a.investors) for a in got] == [
        ("D2", 2018, "CN", "RU", "RoboRu", ("TENCENT",)), ("D2", 2018, "RU", "RU", "RoboRu", ("SBER",))]
    # D3 undisclosed under the whole rule: the investor's country, no value
    assert [(a.origin, a.value_usd, a.year) for a in attribute_deal(DEALS[2], "whole")] == [("RU", None, 2018)]
    with pytest.raises(ValueError, match="unknown rule 'half': use one of whole, equal-split, look-through"):
        attribute_deal(DEALS[0], "half")


def test_partial_ownership_and_parents():
    o = own()
    # part-fund: CIC owns 40%, the other 60% is the fund's own (RU) money
    assert ownership_countries(o, "part-fund", "RU") == pytest.approx({"CN": 0.4, "RU": 0.6})
    # RCIF-RD -> RCIF -> RDIF 50% / CIC 50%: two levels down, shares multiply (1.0 x 0.5)
    assert ownership_countries(o, "rcif-rd", "RU") == pytest.approx({"RU": 0.5, "CN": 0.5})
    # an organisation unknown to the ownership table keeps the investor's own country, whole
    assert ownership_countries(o, "nobody", "DE") == {"DE": 1.0}
    assert ownership_countries(None, "rcif", "RU") == {"RU": 1.0}
    # sber-unit has no country of its own: its parent's (Sber, RU) is its home
    assert o.home["sber-unit"] == "RU" and ultimate_parent({"a": "b", "b": "a"}, "a") in ("a", "b")
    # a deal of 100M by part-fund alone, look-through: 40M CN, 60M RU
    deal = DealRecord(deal_id="P", source="oracle", announced_on="2017", target="T", target_country="DE",
                      round=None, amount=100e6, currency="USD", disclosed=True, investors=[inv("part-fund")])
    assert by_origin(deal, "look-through") == pytest.approx({"CN": 40e6, "RU": 60e6})


def test_stated_amounts_in_another_currency_keep_their_share():
    # a EUR round of 10M with one investor stating 4M and one unnamed among 3: whatever the EUR->USD rate r,
    # the stated investor gets 4/10 of the USD value, the other named one (10-4)/2 = 3M EUR, 3/10
    deal = DealRecord(deal_id="E", source="oracle", announced_on="2019-03-01", target="T", target_country="RU",
                      round=None, amount=10e6, currency="EUR", disclosed=True, investor_count=3,
                      investors=[inv("tencent", 4e6), inv("a16z")])
    got = by_origin(deal, "equal-split")
    total = to_usd(10e6, "EUR", "2019-03-01").usd
    assert got == pytest.approx({"CN": 0.4 * total, "US": 0.3 * total})
    assert 1.0 < total / 10e6 < 1.3  # the euro was worth between 1.0 and 1.3 dollars in 2019


def test_exchange_rate_dates():
    # a year alone: the rate of 1 July; a month: the 15th; USD passes through; an unknown currency: no value
    assert to_usd(100, "EUR", "2017").rate_date == "2017-07-01" and "1 July" in to_usd(100, "EUR", "2017").note
    assert to_usd(100, "EUR", "2017-03").rate_date == "2017-03-15" and "15th" in to_usd(100, "EUR", "2017-03").note
    assert to_usd(100, "EUR", "2017-03-02").note is None
    assert to_usd(100, "usd", "2017") == FxResult(100.0, "2017", None)
    assert to_usd(None, "EUR", "2017") == FxResult(None, None, None)
    assert to_usd(100, "XXX", "2017") == FxResult(None, None, "no ECB rate for XXX")
    # before the euro: the nearest rate, said so
    old = to_usd(100, "EUR", "1990-01-01")
    assert old.rate_date == "1999-01-04" and "outside ECB range for EUR" in old.note
    assert to_usd(200, "EUR", "2017-03-02").usd == pytest.approx(2 * to_usd(100, "EUR", "2017-03-02").usd)


def test_report_counts_top_deals_and_filters():
    undated = DealRecord(deal_id="U", source="oracle", announced_on=None, target="X", target_country="RU",
                         round=None, amount=1e6, currency="USD", disclosed=True, investors=[inv("tencent")])
    not_ai = DealRecord(deal_id="N", source="oracle", announced_on="2017", target="Y", target_country="RU",
                        round=None, amount=7e6, currency="USD", disclosed=True, investors=[inv("tencent")],
                        ai_related=False)
    rep = investment_report([*DEALS, undated, not_ai], ("CN", "RU"), "US", "whole", years={2016, 2017, 2018},
                            curated=own(), ai_only=True, top=2)
    # N is not AI: not even counted; U has no date: counted as undated, in no row
    assert (rep.n_deals, rep.n_undated) == (6, 1)
    # the largest deals between the pair, both directions: D1 RU->CN 300M, D2 CN->RU 120M (top 2 of D1, D2, D4)
    assert [(t["deal_id"], t["direction"], t["value_usd"], t["investors"]) for t in rep.top_deals] == [
        ("D1", "RU→CN", 300e6, "RCIF"), ("D2", "CN→RU", 120e6, "TENCENT")]
    assert rep.as_dict()["rule"] == "whole" and rep.as_dict()["pair"] == ["CN", "RU"] and rep.fx_notes == []
    assert list(rep.totals) == ["CN→RU", "RU→CN", "CN→US", "US→CN", "RU→US", "US→RU"]
    with_n = investment_report([*DEALS, not_ai], ("CN", "RU"), None, "whole", years={2017})
    # without ai_only N counts: CN->RU in 2017 = 7M; no baseline: only the pair's two directions
    assert with_n.totals == {"CN→RU": {"value_usd": 7e6, "n_disclosed": 1, "n_undisclosed": 0},
                             "RU→CN": {"value_usd": 300e6, "n_disclosed": 1, "n_undisclosed": 0}}
    eur = DealRecord(deal_id="E", source="oracle", announced_on="2017-03-02", target="T", target_country="RU",
                     round=None, amount=5e6, currency="EUR", disclosed=True, investors=[inv("tencent")])
    notes = investment_report([eur], ("CN", "RU"), None, "whole").fx_notes
    assert [(n["deal_id"], n["amount"], n["currency"], n["rate_date"]) for n in notes] == [
        ("E", 5e6, "EUR", "2017-03-02")]
