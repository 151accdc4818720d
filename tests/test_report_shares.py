"""Oracle: the brief prints each share as metrics gives it (`PairView.shares`), with what it is out
of and, for an estimated output, the 95% interval. Same fixture and figures as
tests/test_oracle_denominators.py: CN counted by OpenAlex 100 + 110 + 120 = 330; RU estimated
50 + 60 + 70 = 180 within 40 + 45 + 50 = 135 and 60 + 75 + 90 = 225; US the warehouse's own 6 works.
Pair works 2016-2018: CN-RU 7, CN-US 4, RU-US 2.
"""

from __future__ import annotations

from techties.metrics.query import build_query
from techties.report.brief import build_brief
from tests.test_oracle_denominators import warehouse

SERIES = [["q-cn", "CN", 2016, 100, None, None, "openalex-count"],
          ["q-cn", "CN", 2017, 110, None, None, "openalex-count"],
          ["q-cn", "CN", 2018, 120, None, None, "openalex-count"],
          ["q-ru", "RU", 2016, 50, 40, 60, "sample-estimate"],
          ["q-ru", "RU", 2017, 60, 45, 75, "sample-estimate"],
          ["q-ru", "RU", 2018, 70, 50, 90, "sample-estimate"]]


def test_the_brief_shows_each_share_with_its_denominator_and_interval(tmp_path):
    wh = warehouse(tmp_path, SERIES)
    try:
        b = build_brief(wh.con, build_query("CN", "RU", "US", "2016-2018"), "techties brief", curated=None)
    finally:
        wh.close()
    shown = {r["pair"]: r for r in b.tables["summary"].shown}
    # CN-RU: 7 / 330 = 2.12% of CN; 7 / 180 = 3.89% of RU, within 7 / 225 = 3.11% and 7 / 135 = 5.19%
    assert shown["CN-RU"]["share_of_first_pct"] == "2.12% (7 of 330 CN works)"
    assert shown["CN-RU"]["share_of_second_pct"] == (
        "3.89% (7 of 180 RU works; 95% interval 135–225 works, share 3.11–5.19%)")
    # CN-US: 4 / 330 = 1.21% of CN, 4 / 6 = 66.67% of US; RU-US: 2 / 180 = 1.11% (0.89-1.48%), 2 / 6 = 33.33%
    assert shown["CN-US"]["share_of_first_pct"] == "1.21% (4 of 330 CN works)"
    assert shown["CN-US"]["share_of_second_pct"] == "66.67% (4 of 6 US works)"
    assert shown["RU-US"]["share_of_first_pct"] == (
        "1.11% (2 of 180 RU works; 95% interval 135–225 works, share 0.89–1.48%)")
    assert shown["RU-US"]["share_of_second_pct"] == "33.33% (2 of 6 US works)"
