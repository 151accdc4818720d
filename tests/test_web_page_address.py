"""The dashboard page's address in headless Chromium (static/app.js `readUrl`): a key the form does not have
is sent on, so the API names it on the page; the page showed CN-RU over all years as if asked."""

from __future__ import annotations

import pytest

from tests.conftest import dashboard_page, needs_chromium

pytest.importorskip("playwright.sync_api")
pytestmark = needs_chromium


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from techties.warehouse import Warehouse

    db = tmp_path_factory.mktemp("address") / "w.duckdb"
    Warehouse(db).close()
    with dashboard_page(db) as pg:
        yield pg


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
