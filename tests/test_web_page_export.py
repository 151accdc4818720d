"""The page's download links (headless Chromium): a click on the yearly chart's CSV link downloads the
yearly table of the page's own query, the file /api/export.csv serves (tests/test_web_export.py checks that
file against `techties research --format csv`).

tests/oracle_fixture.py's warehouse (SYNTHETIC records), CN-RU, baseline US, 2016-2018: CN-RU's works per
year are 2016 W1 W2 = 2, 2017 W3 W4 = 2, 2018 W5 W6 W7 = 3."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests import oracle_fixture
from tests.conftest import dashboard, launch_chromium, needs_chromium

pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium


def test_a_click_downloads_the_yearly_csv(tmp_path):
    from playwright.sync_api import sync_playwright

    from techties.warehouse import Warehouse

    db = tmp_path / "w.duckdb"
    wh = Warehouse(db)
    oracle_fixture.build(wh.con)
    wh.close()
    with dashboard(db) as url, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(accept_downloads=True)
        page.goto(url + "/?a=CN&b=RU&baseline=US&years=2016-2018")
        link = page.locator('#yearly-export a.export[data-export="yearly"][data-format="csv"]')
        link.wait_for()
        with page.expect_download() as got:
            link.click()
        download = got.value
        text = Path(download.path()).read_text(encoding="utf-8")
        browser.close()
    assert download.suggested_filename == "techties-CN-RU-yearly.csv"
    cells = {(r["row"], r["column"]): r["value"] for r in csv.DictReader(io.StringIO(text))}
    cn_ru = sorted((cells[(n, "year")], cells[(n, "works")]) for n, c in cells
                   if c == "pair" and cells[(n, c)] == "CN-RU")
    assert cn_ru == [("2016", "2"), ("2017", "2"), ("2018", "3")]
