"""The dashboard's "Indicators over time" panel in headless Chromium (static/watch.js): each value is shown
with its unit, and the panel follows every change of the view, not only the Apply button.

Two snapshots written by hand into an empty warehouse (no `techties watch` run): the expected texts are
worked out from these rows, not read from techties' output."""

from __future__ import annotations

import pytest

from tests.conftest import dashboard, launch_chromium, needs_chromium

pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium

SCOPE = "pair=CN-RU;baseline=;area=;years=2010-2019;language=;china_scope=mainland"
# (indicator, name, unit, value at snapshot 1, value at snapshot 2)
ROWS = [("disclosure", "Share of the pair's deals with an undisclosed value", "pct", 50.0, 60.0),
        ("pair_investment", "Disclosed CN–RU investment (both directions)", "usd", 460e6, 560e6),
        ("pair_works", "Co-authored works", "works", 5.0, 25.0)]


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    from techties.warehouse import Warehouse

    db = tmp_path_factory.mktemp("watch-panel") / "w.duckdb"
    with Warehouse(db) as wh:
        wh.con.executemany(
            "INSERT INTO indicator_history (snapshot_id, run_id, seq, taken_at, as_of, scope, pair, baseline, area,"
            " years, indicator_id, name, kind, unit, value, denominator, status, trend, needs, records_json)"
            " VALUES (?, 'r', ?, ?, '2026-12-01', ?, 'CN-RU', NULL, NULL, '2010-2019', ?, ?, 'research', ?, ?, NULL,"
            " 'computed', '', '', '[]')",
            [[f"s{seq}", seq, f"2026-12-0{seq}T00:00:00+00:00", SCOPE, ind, name, unit, value]
             for ind, name, unit, *values in ROWS for seq, value in enumerate(values, start=1)])
    with dashboard(db) as u:
        yield u


@pytest.fixture(scope="module")
def page(url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.goto(url + "/")
        yield pg
        browser.close()


def _note(page, indicator: str) -> str:
    card = f'#watch-panel .watch-card[data-indicator="{indicator}"]'
    page.wait_for_selector(card)
    return page.locator(f"{card} > div.note").inner_text()


def test_each_value_is_shown_with_its_unit(page):
    """60 and 50 are percentages, 560,000,000 and 460,000,000 dollars (the indicator table's form, as the brief's:
    no decimal added to 60, millions with one decimal), 25 and 5 works; the panel read "60 now", "560,000,000 now"."""
    assert _note(page, "disclosure") == "60% now · 50% before · 2 snapshots"
    assert _note(page, "pair_investment") == "$560.0M now · $460.0M before · 2 snapshots"
    assert _note(page, "pair_works") == "25 works now · 5 works before · 2 snapshots"
    assert page.locator('.watch-card[data-indicator="pair_investment"] text', has_text="max").text_content() \
        == "max $560.0M"
    assert page.errors == []


def test_the_panel_follows_a_select_change_after_a_new_pair(page):
    """Typing US and GB and then changing a select applies the view (app.js); the panel kept CN-RU's
    snapshots, as only the Apply button reloaded it. No US-GB snapshot was written: it says so."""
    _note(page, "disclosure")
    page.fill("#filters input[name=a]", "US")
    page.fill("#filters input[name=b]", "GB")
    page.select_option("#filters select[name=language]", "en")
    page.wait_for_function("() => document.querySelector('#watch').textContent.includes('US-GB')")
    assert page.locator("#watch").inner_text() == "No snapshots of US-GB yet: run techties watch --pair US GB."
    assert page.locator("#watch .watch-card").count() == 0
    assert page.errors == []
