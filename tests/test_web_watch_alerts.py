"""The `techties watch` alerts on the dashboard: /api/watch lists each scope's stored alerts, newest first,
with the SYNTHETIC line the Atom feed gives them, and the "Indicators over time" panel shows them (headless
Chromium). Before, the API and the page showed the snapshots only: an alert was in the terminal and the feed,
and a card's "now" value counting synthetic works said nothing of it.

Rows written by hand into an empty warehouse (no `techties watch` run): work w1 is synthetic, w2 is not.
Snapshot 1 of CN-RU vs US 2010-2019 stored pair_works = 1 (records w1), snapshot 2 pair_works = 2 (w1, w2).
Alert A1 (snapshot 1), alert A2 (snapshot 2). Worked by hand: A2 rests on snapshot 2's pair_works, 1 of its
2 works synthetic; A1 on snapshot 1's, its only work synthetic."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import dashboard, launch_chromium, needs_chromium

SCOPE = "pair=CN-RU;baseline=US;area=;years=2010-2019;language=;china_scope=mainland"
A2 = "CN–RU co-authored works: 1 → 2 (+100.0%, threshold 10%); 1 new record(s)"
A1 = "<b>first</b> =1+2 [bold]x[/bold]"  # untrusted-looking text stays text


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from techties.warehouse import Warehouse

    path = tmp_path_factory.mktemp("watch-alerts") / "w.duckdb"
    with Warehouse(path) as wh:
        wh.con.executemany("INSERT INTO works (work_id, source, title, year, synthetic, as_of)"
                           " VALUES (?, 'test', ?, 2015, ?, '2026-12-01')", [["w1", "one", True], ["w2", "two", False]])
        wh.con.executemany(
            "INSERT INTO indicator_history (snapshot_id, run_id, seq, taken_at, as_of, scope, pair, baseline, area,"
            " years, indicator_id, name, kind, unit, value, denominator, status, trend, needs, records_json)"
            " VALUES (?, 'r', ?, ?, '2026-12-01', ?, 'CN-RU', 'US', NULL, '2010-2019', 'pair_works',"
            " 'Co-authored works', 'research', 'works', ?, NULL, 'computed', '', '', ?)",
            [["s1", 1, "2026-12-01T00:00:00+00:00", SCOPE, 1.0, '["w1"]'],
             ["s2", 2, "2026-12-02T00:00:00+00:00", SCOPE, 2.0, '["w1", "w2"]']])
        wh.con.executemany(
            "INSERT INTO watch_alerts (snapshot_id, taken_at, scope, rule, indicator_id, message, value, previous,"
            " records_json) VALUES (?, ?, ?, ?, 'pair_works', ?, ?, ?, ?)",
            [["s1", "2026-12-01T00:00:00+00:00", SCOPE, "first-rule", A1, 1.0, None, '["w1"]'],
             ["s2", "2026-12-02T00:00:00+00:00", SCOPE, "pair-works-change", A2, 2.0, 1.0, '["w2"]']])
    return path


def test_the_api_lists_the_alerts_newest_first_with_their_synthetic_line(db):
    from techties.web.app import create_app

    got = TestClient(create_app(db), base_url="http://127.0.0.1").get("/api/watch?a=CN&b=RU")
    assert got.status_code == 200
    (scope,) = got.json()["scopes"]
    assert scope["alerts"] == [
        {"snapshot_id": "s2", "taken_at": "2026-12-02T00:00:00+00:00", "rule": "pair-works-change",
         "indicator": "pair_works", "message": A2, "value": 2.0, "previous": 1.0, "n_records": 1,
         "synthetic": "SYNTHETIC: 1 of the 2 works behind pair_works is synthetic (generated, not real)"},
        {"snapshot_id": "s1", "taken_at": "2026-12-01T00:00:00+00:00", "rule": "first-rule",
         "indicator": "pair_works", "message": A1, "value": 1.0, "previous": None, "n_records": 1,
         "synthetic": "SYNTHETIC: the only work behind pair_works is synthetic (generated, not real)"}]
    # the card's "now" value is snapshot 2's: 1 of its 2 works synthetic
    assert scope["synthetic"] == {
        "pair_works": "SYNTHETIC: 1 of the 2 works behind pair_works is synthetic (generated, not real)"}


def test_another_pair_has_no_alerts(db):
    from techties.web.app import create_app

    got = TestClient(create_app(db), base_url="http://127.0.0.1").get("/api/watch?a=US&b=GB")
    assert got.json() == {"pair": "US-GB", "scopes": []}


@needs_chromium
def test_the_panel_shows_the_alerts(db):
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    with dashboard(db) as url, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page()
        page.goto(url + "/")
        items = page.locator("#watch-panel .watch-alerts li")
        items.first.wait_for()
        texts = items.all_inner_texts()
        heading = page.locator("#watch-panel .watch-alerts h4").inner_text()
        bold = page.locator("#watch-panel .watch-alerts b").count()
        card = page.locator('#watch-panel .watch-card[data-indicator="pair_works"] > div.synthetic').inner_text()
        browser.close()
    assert heading == "Alerts (2, newest first)"
    assert texts == [
        f"2026-12-02 · pair-works-change: {A2}\nSYNTHETIC: 1 of the 2 works behind pair_works is synthetic "
        "(generated, not real)",
        f"2026-12-01 · first-rule: {A1}\nSYNTHETIC: the only work behind pair_works is synthetic (generated, not real)"]
    assert bold == 0
    assert card == "SYNTHETIC: 1 of the 2 works behind pair_works is synthetic (generated, not real)"
