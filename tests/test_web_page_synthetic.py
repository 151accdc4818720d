"""The dashboard page in headless Chromium says which of its counts rest on synthetic works: each card, each
table (a caption; a per-row column where only some rows do) and the charts, as the brief does.

tests/test_report_facts.py's five works, 2016-2018, baseline US, by hand: CN-RU is W1 (real), W2 and W3
(synthetic); CN-US has none; RU-US is W5 (real). The yearly chart draws these 4 works, 2 synthetic. Funders:
NSFC on W1 (real), DARPA on W2 (synthetic)."""

from __future__ import annotations

import pytest

from tests.conftest import dashboard_page, needs_chromium

pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from tests.test_report_facts import build_facts_warehouse

    db = build_facts_warehouse(tmp_path_factory.mktemp("page-synthetic") / "f.duckdb")
    with dashboard_page(db) as pg:
        pg.goto(pg.base + "/?a=CN&b=RU&baseline=US&years=2016-2018")
        pg.wait_for_selector("#table-pairs table")
        yield pg


def test_each_card_says_how_many_of_its_works_are_synthetic(page):
    cards = {c.get_attribute("data-pair"): c.locator(".synthetic").all_inner_texts()
             for c in page.locator("#cards .card").all()}
    assert cards == {"CN-RU": ["SYNTHETIC: 2 of the 3 works listed"], "CN-US": [], "RU-US": []}
    assert page.errors == []


def test_tables_and_charts_say_it_too(page):
    pairs = page.locator("#table-pairs")  # Tsinghua-MSU: W1, W3; HIT-MSU: W2: 2 of the 3 works
    assert pairs.locator("p.synthetic").inner_text() == "2 of the 3 works behind this table are synthetic."
    assert page.locator("#yearly-synthetic").inner_text() == "SYNTHETIC: 2 of the 4 works behind this chart"
    funders = page.locator('#tables-other table[data-name="top_funders"]')
    assert funders.locator("th").all_text_contents() == ["funder", "works", "synthetic works"]
    rows = {r.locator("td").nth(0).text_content(): r.locator("td").nth(2).text_content()
            for r in funders.locator("tbody tr").all()}
    assert rows == {"National Natural Science Foundation of China": "0",
                    "Defense Advanced Research Projects Agency": "1"}
