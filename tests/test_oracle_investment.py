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

from techties.metrics.investment import Ownership, attribute_deal, investment_report
from techties.sources.crunchbase import DealRecord, InvestorRecord

ORGS = [("rdif", "RU", None), ("cic", "CN", None), ("rcif", "RU", None), ("rcif-rd", "RU", None),
        ("tencent", "CN", None), ("sber", "RU", None), ("a16z", "US", None)]
OWNERS = [("rcif", "rdif", 0.5), ("rcif", "cic", 0.5), ("rcif-rd", "rcif", 1.0)]
OWN = Ownership.from_rows(ORGS, OWNERS)


def inv(org: str, amount: float | None = None) -> InvestorRecord:
    country = dict((o, c) for o, c, _ in ORGS)[org]
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
    return {a.origin: a.value_usd for a in attribute_deal(deal, rule, OWN)}


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
    rep = investment_report(DEALS, ("CN", "RU"), "US", rule, years={2016, 2017, 2018}, curated=OWN)
    for direction, (value, n_dis, n_und) in expected.items():
        t = rep.totals[direction]
        assert (t["value_usd"], t["n_disclosed"], t["n_undisclosed"]) == pytest.approx((value, n_dis, n_und)), direction
    assert rep.n_deals == 5 and rep.n_undated == 0


def test_report_rows_by_year_and_years_filter():
    rep = investment_report(DEALS, ("CN", "RU"), "US", "look-through", years={2016, 2017, 2018}, curated=OWN)
    cn_ru = {r.year: (r.value_usd, r.n_disclosed, r.n_undisclosed, sorted(r.deal_ids))
             for r in rep.rows if r.direction == "CN→RU"}
    # 2016: D4's 20M; 2018: D2's 90M and D3 undisclosed; 2021 (D5) outside the years
    assert cn_ru == {2016: (20e6, 1, 0, ["D4"]), 2018: (90e6, 1, 1, ["D2", "D3"])}
    every_year = investment_report(DEALS, ("CN", "RU"), "US", "look-through", curated=OWN)
    # without years D5 adds 1000M CN->RU in 2021: 110M + 1000M
    assert every_year.totals["CN→RU"]["value_usd"] == pytest.approx(1110e6)
