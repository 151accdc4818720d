"""An indicator's drill-down on the dashboard page (headless Chromium): its records and nothing else.

tests/test_report_facts.py's five works, 2016-2018, baseline US: the pair's share rests on the CN-RU works
W1 (2016), W2 and W3 (2018), listed by year then id; it lists no deal or initiative, so no "Deals" or
"Initiatives" heading, and no stray text: the DOM's replaceChildren wrote each absent part as "null"."""

from __future__ import annotations

import pytest

from tests.conftest import dashboard_page, needs_chromium

pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from tests.test_report_facts import build_facts_warehouse

    db = build_facts_warehouse(tmp_path_factory.mktemp("page-drill") / "f.duckdb")
    with dashboard_page(db) as pg:
        pg.goto(pg.base + "/?a=CN&b=RU&baseline=US&years=2016-2018")
        pg.wait_for_selector('button.count[data-indicator="pair_share"]')
        yield pg


def test_an_indicator_drill_lists_its_works_and_no_stray_text(page):
    page.click('button.count[data-indicator="pair_share"]')
    page.wait_for_selector("#drill #drill-list li")
    drill = page.locator("#drill")
    assert [li.get_attribute("data-work-id") for li in drill.locator("#drill-list li").all()] == [
        "test:W1", "test:W2", "test:W3"]
    assert drill.locator("h3").count() == 0
    texts = drill.evaluate("d => [...d.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent)")
    assert texts == []  # every child of the drill box is an element: no "null"


def test_an_indicator_value_adds_no_digit(page):
    """The pair's share of CN: 3 of CN's 4 works (W1-W4) = 75%, printed as the brief prints it; the page
    padded every percentage to two decimals ("75.00%"), so metrics' 13.2 (5 of 38 = 13.16%) read "13.20%"."""
    assert page.locator('button.count[data-indicator="pair_share"]').inner_text() == "75%"
