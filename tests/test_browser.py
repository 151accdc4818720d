"""The dashboard in a real browser: headless Chromium (Debian `chromium`) driven by Playwright's
Python client. Loads with no console errors, draws a chart, reacts to a filter, drills down to the
right works, shows a hostile title as text; saves a screenshot to test-artifacts/dashboard.png."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import dashboard
from tests.test_report_warehouse import EVIL_NAME, EVIL_TITLE, build_test_warehouse

expect = pytest.importorskip("playwright.sync_api").expect  # waits by locator: no eval under the page's CSP

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium missing: apt-get install chromium")


def _with_a_screening_hit(src: Path, dst: Path) -> Path:
    """A copy of the shared test warehouse with one hit (synthetic, for the page's explanation) on the
    institution whose name is the hostile spreadsheet formula."""
    shutil.copy(src, dst)
    con = duckdb.connect(str(dst))
    inst = con.execute("SELECT institution_id FROM institutions WHERE name = ?", [EVIL_NAME]).fetchone()[0]
    con.execute("INSERT INTO watchlist_entries (list_id, entry_id, name, aliases_json, country, program, listed_on,"
                " source, source_date) VALUES ('test-list', 'E1', 'Test Entry', '[]', 'CN', 'test', '2010-01-01',"
                " 'test', '2026-11-30')")
    con.execute("INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score, features_json,"
                " algorithm, decision) VALUES ('institution', ?, 'E1', 'test-list', 0.91, ?, 'test', NULL)",
                [inst, '{"token_overlap": 0.9, "fuzzy_ratio": 0.91, "country": "agrees", "matched_alias": "TE",'
                       ' "alias_kind": "acronym", "listed_on": "2010-01-01"}'])
    # the denominators of the shares (SYNTHETIC values): CN counted by OpenAlex, 1,000 works a year in 2010-2019
    # (10,000); RU estimated from samples, 500 a year within 400-600 (5,000 within 4,000-6,000)
    con.executemany("INSERT INTO count_series (query, scope_kind, scope, area, year, value, low, high, method,"
                    " retrieved_on, run_id) VALUES ('test', 'country', ?, 'all', ?, ?, ?, ?, ?, '2026-11-30', 'test')",
                    [[c, y, v, lo, hi, m] for y in range(2010, 2020)
                     for c, v, lo, hi, m in (("CN", 1000, None, None, "openalex-count"),
                                             ("RU", 500, 400, 600, "sample-estimate"))])
    con.close()
    return dst


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared_data):
    root = tmp_path_factory.mktemp("browser")
    db = _with_a_screening_hit(build_test_warehouse(shared_data, root / "wh"), root / "screened.duckdb")
    with dashboard(db) as url:
        yield url, db


def _years(url: str) -> str | None:
    from urllib.parse import parse_qs, urlparse

    return (parse_qs(urlparse(url).query, keep_blank_values=True).get("years") or [None])[0]


def _unexpected_console_error(message) -> bool:
    """Chromium logs every 4xx answer as a console error, at a moment of its own (it reached a later test's
    check in CI); the response listener judges those answers, with the URL in hand."""
    return message.type == "error" and not message.text.startswith("Failed to load resource: the server responded")


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.problems, pg.refused_years = [], set()
        pg.on("console", lambda m: pg.problems.append(m.text) if _unexpected_console_error(m) else None)
        pg.on("response", lambda r: pg.problems.append(f"{r.status} {r.url}")
              if r.status >= 400 and _years(r.url) not in pg.refused_years else None)
        pg.on("pageerror", lambda e: pg.problems.append(str(e)))
        pg.on("dialog", lambda d: (pg.problems.append("dialog: " + d.message), d.dismiss()))
        pg.goto(server[0] + "/")
        pg.wait_for_selector("#chart-yearly svg circle.pt")
        yield pg
        browser.close()


# -- "Indicators over time" (techties watch history; techties/web/static/watch.js) -------------------

@pytest.fixture(scope="module")
def watch_server(tmp_path_factory, shared_data):
    """A warehouse watched three times as the WoS export grows (files 01–05, 01–10, all 20)."""
    from techties.ingest import ingest_files
    from techties.metrics.query import build_query
    from techties.warehouse import Warehouse
    from techties.watch.rules import load_rules
    from techties.watch.run import run_watch

    files = sorted((shared_data / "wos").glob("*.txt.gz"))
    db = tmp_path_factory.mktemp("watch-browser") / "watch.duckdb"
    with Warehouse(db) as wh:
        for upto in (5, 10, 20):
            ingest_files(wh, "wos", files[:upto], show_progress=False)
            run_watch(wh, build_query("CN", "RU", "US"), load_rules())
    with dashboard(db) as url:
        yield url, files


def test_indicators_over_time_panel_shows_the_history(page, watch_server, tmp_path):
    from tests.wos_count import pair_counts_by_year, records

    url, files = watch_server
    # the pair's works at each snapshot, by the independent C1 count: 5, then files 01–10, then 25
    expected = [sum(pair_counts_by_year(records(files[:n]), "CN", "RU").values()) for n in (5, 10, 20)]
    assert expected[0] == 5 and expected[2] == 25
    ctx = page.context.browser.new_context(viewport={"width": 1280, "height": 900})  # one Playwright per process
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    try:
        pg.goto(url + "/")
        card = '#watch-panel .watch-card[data-indicator="pair_works"]'
        pg.wait_for_selector(f"{card} svg polyline.watch-series")
        values = pg.locator(f"{card} circle.watch-pt").evaluate_all("els => els.map(e => Number(e.dataset.value))")
        assert values == expected
        assert pg.locator("#watch-panel h2").inner_text() == "Indicators over time"
        pg.locator("#watch-panel").screenshot(path=str(tmp_path / "watch.png"))
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(tmp_path / "watch.png", ARTIFACTS / "watch-panel.png")
    finally:
        ctx.close()
    assert problems == []
    # the dashboard's own page (no watch run on its warehouse) says how to start a history
    page.wait_for_selector("#watch-panel #watch p.note")
    assert "techties watch --pair" in page.locator("#watch-panel #watch").inner_text()


def _card_total(page, pair: str) -> int:
    return int(page.locator(f'.card[data-pair="{pair}"] .v').inner_text())


def test_page_loads_and_draws_a_chart(page, tmp_path):
    assert page.locator("#chart-yearly svg polyline.series").count() >= 1
    assert page.locator("#chart-yearly svg circle.pt").count() >= 10
    assert page.locator("#chart-fields svg rect.bar").count() >= 1
    page.wait_for_selector("#initiatives table")
    page.wait_for_selector("#network svg circle.node")
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / "dashboard.png")
    assert page.problems == []


def test_filter_changes_the_numbers(page, server):
    before = _card_total(page, "CN-RU")
    page.fill('input[name="y1"]', "2016")
    page.fill('input[name="y2"]', "2017")
    with page.expect_response(lambda r: "/api/research" in r.url and "2016-2017" in r.url):
        page.click('#filters button[type="submit"]')
    # locator waits, not wait_for_function: the dashboard's CSP (script-src 'self') forbids the eval it needs
    expect(page.locator('#chart-yearly circle.pt[data-series="CN-RU"]')).to_have_count(2)
    after = _card_total(page, "CN-RU")
    con = duckdb.connect(str(server[1]), read_only=True)
    from techties.metrics.research import ResearchQuery, compute_research
    want = compute_research(con, ResearchQuery("CN", "RU", "US", (2016, 2017))).table("summary").rows[0][1]
    con.close()
    assert after == want and after != before
    assert page.problems == []


def test_drill_down_lists_the_right_works(page, server):
    page.fill('input[name="y1"]', "2010")
    page.fill('input[name="y2"]', "2019")
    with page.expect_response(lambda r: "/api/research" in r.url and "2010-2019" in r.url):
        page.click('#filters button[type="submit"]')
    page.wait_for_selector('#chart-yearly circle.pt[data-series="CN-RU"][data-x="2018"]')
    page.click('#chart-yearly circle.pt[data-series="CN-RU"][data-x="2018"]', force=True)
    page.wait_for_selector("#drill-list li")
    shown = set(page.locator("#drill-list li").evaluate_all("els => els.map(e => e.dataset.workId)"))
    from techties.metrics.research import ResearchQuery, compute_research
    con = duckdb.connect(str(server[1]), read_only=True)
    t = compute_research(con, ResearchQuery("CN", "RU", "US", (2010, 2019)), explain=True).table("yearly")
    con.close()
    row = next(i for i, r in enumerate(t.rows) if r[0] == "CN-RU" and r[1] == 2018)
    assert shown == set(t.work_ids[row]) and shown
    # the hostile title is among them, shown as text: no script element was created, no dialog opened
    titles = page.locator("#drill-list li .title").all_inner_texts()
    assert EVIL_TITLE in titles
    assert page.locator("#drill-list script").count() == 0
    assert page.problems == []


def test_institution_pair_count_drills_down(page):
    button = page.locator('#table-pairs button.count').first
    n = int(button.inner_text())
    button.click()
    expect(page.locator("#drill-list li")).to_have_count(n)
    assert page.problems == []


def test_a_pairs_total_drills_down_to_as_many_works(page):
    """The summary's works (each pair's total over the years) open the works they count (qa8)."""
    page.locator("#tables-other details summary", has_text="Summary").click()
    button = page.locator('#tables-other table[data-name="summary"] tbody tr', has_text="CN-RU").locator("button.count")
    n = int(button.inner_text().replace(",", ""))
    button.click()
    from techties.web.app import MAX_WORKS

    expect(page.locator("#drill-list li")).to_have_count(min(n, MAX_WORKS))
    assert page.problems == []


def test_citation_impact_rows_drill_down_to_as_many_works(page):
    page.locator("#tables-other details summary", has_text="Citation impact").click()
    button = page.locator('#tables-other table[data-name="citation_impact"] tbody tr',
                          has_text="CN-RU").locator("button.count")
    n = int(button.inner_text().replace(",", ""))
    button.click()
    from techties.web.app import MAX_WORKS

    expect(page.locator("#drill-list li")).to_have_count(min(n, MAX_WORKS))
    assert page.problems == []


def test_an_indicator_opens_its_records_and_says_what_cannot_be_opened(page):
    """The share's value opens its numerator's works; its denominator here is OpenAlex's count of CN's
    works (the fixture's count_series), which the drill-down says cannot be opened."""
    page.locator('#indicators tr[data-id="pair_share"] button.count').click()
    expect(page.locator("#drill p.note").first).to_contain_text("co-authored works of the share's numerator")
    n = int(page.locator("#drill p.note").first.inner_text().split(" ")[0].replace(",", ""))
    from techties.web.app import MAX_WORKS

    expect(page.locator("#drill-list li")).to_have_count(min(n, MAX_WORKS))
    expect(page.locator("#drill")).to_contain_text("CN's output, counted by openalex-count")
    assert page.problems == []


def _apply(page, y1: str, y2: str) -> None:
    page.fill('input[name="y1"]', y1)
    page.fill('input[name="y2"]', y2)
    page.click('#filters button[type="submit"]')


def _apply_refused(page, y1: str, y2: str, years: str) -> None:
    """Apply years every endpoint must answer with 400 (research, deals, initiatives): those answers are expected."""
    page.refused_years.add(years)
    with page.expect_response(lambda r: "/api/research" in r.url and _years(r.url) == years) as answer:
        _apply(page, y1, y2)
    assert answer.value.status == 400
    page.wait_for_selector("#error:not([hidden])")


def test_y_axis_ticks_are_whole_numbers(page):
    ticks = page.locator("#chart-yearly svg text.ytick").evaluate_all("els => els.map(e => e.textContent)")
    assert len(ticks) >= 2 and all(t.isdigit() for t in ticks), ticks
    # small counts were where fractions showed (0, 0.5, 1, 1.5, 2)
    assert page.evaluate("[2, 5, 7, 20, 23].map(Chart.integerTicks)") == [
        [0, 1, 2], [0, 1, 2, 3, 4, 5], [0, 2, 4, 6, 8], [0, 5, 10, 15, 20], [0, 5, 10, 15, 20, 25]]


def test_network_has_a_legend(page):
    page.wait_for_selector("#network svg g.legend")
    legend = " ".join(page.locator("#network svg g.legend text").evaluate_all("els => els.map(e => e.textContent)"))
    assert "CN organisation" in legend and "RU organisation" in legend and "co-authored works" in legend


def test_screening_hit_is_explained_in_words(page):
    page.wait_for_selector("#screening .why")
    why = page.locator("#screening .why").first.inner_text()
    assert "matched TE (acronym)" in why and "token overlap 0.90, fuzzy 0.91, country agrees" in why
    assert "list test-list (test), listed 2010-01-01" in why
    assert EVIL_NAME in page.locator("#screening td").first.inner_text()  # the hostile name, as text
    assert page.problems == []


def test_deals_follow_the_years(page):
    # deals.yaml: the DiDi autonomous-driving round (2021-01) is between CN and RU
    didi = '#deals tr[data-deal="rcif-didi-autonomous-driving-2021"]'
    with page.expect_response(lambda r: "/api/deals" in r.url and "2010-2019" in r.url):
        _apply(page, "2010", "2019")
    page.wait_for_selector("#deals tr[data-deal]")
    assert page.locator(didi).count() == 0
    with page.expect_response(lambda r: "/api/deals" in r.url and "2020-2021" in r.url):
        _apply(page, "2020", "2021")
    page.wait_for_selector(didi)
    assert page.problems == []


def test_an_error_clears_the_old_results(page):
    _apply(page, "2010", "2019")
    page.wait_for_selector("#cards .card")
    _apply_refused(page, "2019", "2010", "2019-2010")
    assert "2010" in page.locator("#error").inner_text()
    assert page.locator("#cards .card").count() == 0
    assert page.locator("#chart-yearly svg").count() == 0 and page.locator("#table-pairs table").count() == 0
    assert page.problems == []
    _apply(page, "2010", "2019")
    page.wait_for_selector("#cards .card")
    assert page.locator("#error").is_hidden()


def test_one_year_alone_is_an_error_not_all_years(page):
    _apply_refused(page, "2010", "", "2010-")
    assert page.locator("#error").inner_text() == "--years '2010-': write a year or a range, e.g. 2010-2019"
    assert page.locator("#cards .card").count() == 0
    assert page.problems == []
    _apply(page, "2010", "2019")  # the page is shared by the tests that follow
    page.wait_for_selector("#indicators tr[data-id]")


def test_indicators_render_with_their_units(page):
    page.wait_for_selector("#indicators tr[data-id]")
    rows = page.locator("#indicators tbody tr").count()
    assert rows == 18  # the brief's conclusion names 18 indicators; each has a row, answered or not
    statuses = set(page.locator("#indicators tbody td[class^=status-]").all_inner_texts())
    assert statuses <= {"computed", "small-numbers", "needs-data"}
    assert "no data" in page.locator("#indicators").inner_text()  # needs-data rows say so


def test_each_share_shows_its_denominator_source_and_interval(page):
    with page.expect_response(lambda r: "/api/research" in r.url and "2010-2019" in r.url) as answer:
        _apply(page, "2010", "2019")
    summary = next(t for t in answer.value.json()["tables"] if t["name"] == "summary")
    n = next(r[1] for r in summary["rows"] if r[0] == "CN-RU")
    assert n > 0
    # the page renders the answer after it arrives: wait for this query's card, not the first load's
    page.wait_for_function("n => document.querySelector('.card[data-pair=\"CN-RU\"] .v')?.textContent"
                           " === String(n)", arg=n)
    assert _card_total(page, "CN-RU") == n
    cn, ru = (page.locator(f'#shares tr[data-share="CN-RU:{c}"]') for c in ("CN", "RU"))
    # CN: n of the 10,000 works OpenAlex counted (see _with_a_screening_hit)
    assert cn.locator("td.share").inner_text() == f"{100 * n / 10_000:.2f}%"
    assert cn.locator("td.of").inner_text() == f"{n} of 10,000 CN works"
    assert cn.locator("td.source").inner_text() == "openalex-count"
    assert cn.locator("td.interval").inner_text() == ""
    # RU: n of an estimated 5,000 (4,000-6,000): the share is between n / 6,000 and n / 4,000
    assert ru.locator("td.share").inner_text() == f"{100 * n / 5_000:.2f}%"
    assert ru.locator("td.of").inner_text() == f"{n} of 5,000 RU works"
    assert ru.locator("td.source").inner_text() == "sample-estimate"
    assert ru.locator("td.interval").inner_text() == (f"4,000–6,000 works; share {100 * n / 6_000:.2f}–"
                                                      f"{100 * n / 4_000:.2f}%")
    # the summary table says the same beside its shares
    page.locator("#tables-other details summary", has_text="Summary").click()
    row = page.locator('#tables-other table[data-name="summary"] tbody tr', has_text="CN-RU").first
    text = row.inner_text()
    assert f"{100 * n / 10_000:.2f}% ({n} of 10,000 CN works; openalex-count)" in text
    assert (f"{100 * n / 5_000:.2f}% ({n} of 5,000 RU works; sample-estimate; 95% 4,000–6,000 works; share "
            f"{100 * n / 6_000:.2f}–{100 * n / 4_000:.2f}%)") in text
    assert page.problems == []
