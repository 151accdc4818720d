"""The dashboard page's address in headless Chromium (static/app.js `readUrl`): a key the form does not have
is sent on, so the API names it on the page; the page showed CN-RU over all years as if asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import dashboard

pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium missing: apt-get install chromium")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    from techties.warehouse import Warehouse

    db = tmp_path_factory.mktemp("address") / "w.duckdb"
    Warehouse(db).close()
    with dashboard(db) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.base, pg.errors = url, []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        yield pg
        browser.close()


@pytest.mark.parametrize(("query", "shown"), [
    ("?pair=US&pair=GB", "unknown parameter 'pair': write the pair as a=CN&b=RU"),
    ("?a=US&b=GB&year=2015", "unknown parameter 'year': this address reads a, b, baseline, area, years, language,"
                             " china_scope, top, rule"),
])
def test_a_key_the_form_does_not_have_is_named_on_the_page(page, query, shown):
    page.goto(page.base + "/" + query)
    page.wait_for_selector("#error:not([hidden])")
    assert page.locator("#error").inner_text() == shown
    assert page.locator("#cards").inner_text() == ""  # no CN-RU numbers under the message
    assert page.errors == []
