"""Oracle for what each share is out of (`metrics.denominators.share_denominators`, served by the
pair view to the report and the dashboard): the hand-made fixture of tests/oracle_fixture.py
(SYNTHETIC) plus stored count series, every figure worked out by hand in the comments.

Pair works 2016-2018 (tests/test_oracle_research.py): CN-RU 7, CN-US 4, RU-US 2. The warehouse's
own outputs: US 6 works (W3, W8-W11, W17); RU 2016: W1, W2, W15 = 3, 2017: W3, W4, W11 = 3,
2018: W5, W6, W7, W16 = 4.
"""

from __future__ import annotations

import pytest

from techties.metrics.denominators import ShareDenominator, share_denominators
from techties.metrics.pair import compute_pair
from techties.metrics.query import build_query
from tests import oracle_fixture

INSERT = ("INSERT INTO count_series (query, scope_kind, scope, area, year, value, low, high, method, retrieved_on,"
          " run_id) VALUES (?, 'country', ?, 'all', ?, ?, ?, ?, ?, '2026-11-01', 'r1')")


def warehouse(tmp_path, series):
    from techties.warehouse import Warehouse

    wh = Warehouse(tmp_path / "w.duckdb")
    oracle_fixture.build(wh.con)
    wh.con.executemany(INSERT, series)
    return wh


def shares_of(con):
    view = compute_pair(con, build_query("CN", "RU", "US", "2016-2018"))
    return {(s.pair, s.country): s for s in view.shares}


def test_shares_with_counted_estimated_and_warehouse_denominators(tmp_path):
    # CN counted by OpenAlex: 100 + 110 + 120 = 330; RU estimated: 50 + 60 + 70 = 180 within 40 + 45 + 50 = 135
    # and 60 + 75 + 90 = 225; US: the warehouse's 6
    wh = warehouse(tmp_path, [["q-cn", "CN", 2016, 100, None, None, "openalex-count"],
                              ["q-cn", "CN", 2017, 110, None, None, "openalex-count"],
                              ["q-cn", "CN", 2018, 120, None, None, "openalex-count"],
                              ["q-ru", "RU", 2016, 50, 40, 60, "sample-estimate"],
                              ["q-ru", "RU", 2017, 60, 45, 75, "sample-estimate"],
                              ["q-ru", "RU", 2018, 70, 50, 90, "sample-estimate"]])
    try:
        got = shares_of(wh.con)
    finally:
        wh.close()
    # CN-RU of CN: 7 / 330 = 2.12%
    assert got[("CN-RU", "CN")] == ShareDenominator("CN-RU", "CN", "share_of_first_pct", 2.12, 7, 330.0,
                                                    ("openalex-count",))
    # CN-RU of RU: 7 / 180 = 3.89%, within 7 / 225 = 3.11% and 7 / 135 = 5.19%
    assert got[("CN-RU", "RU")] == ShareDenominator("CN-RU", "RU", "share_of_second_pct", 3.89, 7, 180.0,
                                                    ("sample-estimate",), 135.0, 225.0, 3.11, 5.19)
    # CN-US: 4 / 330 = 1.21% of CN; 4 / 6 = 66.67% of US (the warehouse's works)
    assert (got[("CN-US", "CN")].share_pct, got[("CN-US", "CN")].denominator) == (1.21, 330.0)
    assert got[("CN-US", "US")] == ShareDenominator("CN-US", "US", "share_of_second_pct", 66.67, 4, 6.0,
                                                    ("warehouse",))
    # RU-US: 2 / 180 = 1.11% of RU, within 2 / 225 = 0.89% and 2 / 135 = 1.48%; 2 / 6 = 33.33% of US
    ru = got[("RU-US", "RU")]
    assert (ru.share_pct, ru.low, ru.high, ru.share_low, ru.share_high) == (1.11, 135.0, 225.0, 0.89, 1.48)
    assert (got[("RU-US", "US")].share_pct, got[("RU-US", "US")].works) == (33.33, 2)
    assert len(got) == 6


def test_a_denominator_estimated_in_one_year_and_counted_in_the_others(tmp_path):
    # RU: 2016 estimated 50 (40-60); 2017 and 2018 from the warehouse: 3 + 4. Total 57 within 47 and 67.
    # CN-RU of RU: 7 / 57 = 12.28%, within 7 / 67 = 10.45% and 7 / 47 = 14.89%
    wh = warehouse(tmp_path, [["q-ru", "RU", 2016, 50, 40, 60, "sample-estimate"]])
    try:
        ru = shares_of(wh.con)[("CN-RU", "RU")]
    finally:
        wh.close()
    assert ru == ShareDenominator("CN-RU", "RU", "share_of_second_pct", 12.28, 7, 57.0,
                                  ("sample-estimate", "warehouse"), 47.0, 67.0, 10.45, 14.89)


def test_an_unknown_denominator_says_why():
    summary = [{"pair": "CN-RU", "works": 3, "share_of_first_pct": None, "share_of_second_pct": 30.0}]
    output = [{"country": "CN", "year": 2019, "works": None, "source": "unknown", "low": None, "high": None,
               "reason": "no count of CN's works in 2019"},
              {"country": "RU", "year": 2019, "works": 10, "source": "openalex-count", "low": None, "high": None,
               "reason": ""}]
    cn, ru = share_denominators(summary, output)
    assert cn == ShareDenominator("CN-RU", "CN", "share_of_first_pct", None, 3, None, ("unknown",),
                                  reason="no count of CN's works in 2019")
    assert (ru.share_pct, ru.denominator, ru.sources, ru.low) == (30.0, 10.0, ("openalex-count",), None)
    # a country with no rows at all
    (lone, _fr) = share_denominators([{"pair": "DE-FR", "works": 1, "share_of_first_pct": None,
                                       "share_of_second_pct": None}], [])
    assert (lone.denominator, lone.reason) == (None, "no output of DE in the years")


@pytest.mark.parametrize(("low", "share_high"), [(0.0, None), (20.0, 15.0)])
def test_a_lower_bound_of_zero_leaves_the_upper_share_open(low, share_high):
    # 3 works of an output estimated at 40 within low..60: the share's upper bound is 3 / low (none for 0)
    summary = [{"pair": "CN-RU", "works": 3, "share_of_first_pct": 7.5, "share_of_second_pct": None}]
    output = [{"country": "CN", "year": 2019, "works": 40.0, "source": "sample-estimate", "low": low, "high": 60.0,
               "reason": ""}]
    cn = share_denominators(summary, output)[0]
    assert (cn.share_low, cn.share_high) == (5.0, share_high)


def test_a_china_scope_with_hk_mo_does_not_divide_by_a_count_of_cn_alone(tmp_path):
    # Stored OpenAlex counts of CN: 100 + 110 + 120 = 330 (mainland China's code alone). With China scope
    # with-hk-mo the numerator counts HK and MO authors as CN, so 330 is not its denominator: the
    # warehouse (loaded from files, a whole output) gives CN's works instead: 2016 W1 W2 W8 W12 = 4,
    # 2017 W3 W4 W9 W13 = 4, 2018 W5 W6 W7 W10 W14 = 5, total 13. CN-RU of CN: 7 / 13 = 53.85%.
    # RU keeps its stored count: 7 / (50 + 60 + 70) = 3.89%.
    wh = warehouse(tmp_path, [["q-cn", "CN", 2016, 100, None, None, "openalex-count"],
                              ["q-cn", "CN", 2017, 110, None, None, "openalex-count"],
                              ["q-cn", "CN", 2018, 120, None, None, "openalex-count"],
                              ["q-ru", "RU", 2016, 50, None, None, "openalex-count"],
                              ["q-ru", "RU", 2017, 60, None, None, "openalex-count"],
                              ["q-ru", "RU", 2018, 70, None, None, "openalex-count"]])
    try:
        wide = compute_pair(wh.con, build_query("CN", "RU", "US", "2016-2018", china_scope="with-hk-mo"))
        mainland = shares_of(wh.con)
    finally:
        wh.close()
    got = {(s.pair, s.country): s for s in wide.shares}
    assert got[("CN-RU", "CN")] == ShareDenominator("CN-RU", "CN", "share_of_first_pct", 53.85, 7, 13.0,
                                                    ("warehouse",))
    assert (got[("CN-RU", "RU")].share_pct, got[("CN-RU", "RU")].denominator) == (3.89, 180.0)
    # the mainland scope still divides by the count: 7 / 330 = 2.12%
    assert (mainland[("CN-RU", "CN")].share_pct, mainland[("CN-RU", "CN")].denominator) == (2.12, 330.0)


def test_a_widened_china_with_only_api_works_is_unknown_and_says_why(tmp_path):
    # The same counts, but every work came from the API by a filter: the warehouse is no whole output,
    # and a count of CN alone is no denominator for CN with HK and MO, so CN's output is unknown.
    from techties.metrics.denominators import country_output_series

    wh = warehouse(tmp_path, [["q-cn", "CN", 2016, 100, None, None, "openalex-count"]])
    try:
        wh.con.execute("UPDATE works SET source = 'openalex-api'")
        rows = country_output_series(wh.con, ["CN", "RU"], (2016, 2016), None, {("CN", 2016): 4},
                                     merged={"CN": ("HK", "MO")})
        plain = country_output_series(wh.con, ["CN"], (2016, 2016), None, {("CN", 2016): 4})
    finally:
        wh.close()
    cn, ru = rows
    assert (cn.country, cn.works, cn.source) == ("CN", None, "unknown")
    assert "of CN alone" in cn.reason and "HK, MO" in cn.reason
    assert (ru.works, ru.source) == (None, "unknown") and "no count of RU's works in 2016" in ru.reason
    assert (plain[0].works, plain[0].source) == (100.0, "openalex-count")
