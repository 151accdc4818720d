"""Second new-user pass (issue: dashboard, brief, watch, Python API): one regression test per defect.

Each test names the defect it guards; expected values are worked out by hand in the test."""
from __future__ import annotations

from pathlib import Path

import pytest

from techties.errors import InputError
from techties.watch.rules import load_rules


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_watch_rule_threshold_not_a_finite_number_is_refused(tmp_path, value):
    # defect: `threshold_pct: .nan` was accepted, and a NaN threshold never fires (NaN >= x is false)
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: r\n    kind: change\n    indicator: pair_works\n"
                     f"    threshold_pct: {value}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"rules\.yaml:2: rule 'r': threshold_pct must be a finite number"):
        load_rules(rules)


# --- the dashboard -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def facts_db(tmp_path_factory):
    from tests.test_report_facts import build_facts_warehouse

    return build_facts_warehouse(tmp_path_factory.mktemp("qa-faces") / "f.duckdb")


@pytest.mark.parametrize("url, message", [
    ("/api/research?top=abc", "--top 'abc': not a whole number"),
    ("/api/drill?table=yearly&row=x", "--row 'x': not a whole number"),
    ("/api/drill?row=1", "--table is required"),
    ("/api/deals?rule=foo", "--rule 'foo': must be one of whole, equal-split, look-through"),
])
def test_dashboard_api_wrong_parameter_is_one_line(facts_db, url, message):
    # defect: a parameter of the wrong type was FastAPI's 422 with a list of objects: the page read '[object Object]'
    from fastapi.testclient import TestClient

    from techties.web.app import create_app

    got = TestClient(create_app(facts_db)).get(url)
    assert got.status_code == 400 and got.json() == {"detail": message}


def test_dashboard_api_empty_baseline_means_no_baseline(facts_db):
    # the page now always sends `baseline` (empty when cleared): the API's default US applies only when absent
    from fastapi.testclient import TestClient

    from techties.web.app import create_app

    client = TestClient(create_app(facts_db))
    got = client.get("/api/research", params={"a": "CN", "b": "RU", "baseline": "", "years": "2016-2018"}).json()
    yearly = next(t for t in got["tables"] if t["name"] == "yearly")
    # test_report_facts' works: CN-RU 2016 W1, 2018 W2 W3; no baseline pair rows
    assert [tuple(r) for r in yearly["rows"]] == [("CN-RU", 2016, 1), ("CN-RU", 2017, 0), ("CN-RU", 2018, 2)]


_CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def page_on_facts(facts_db):
    pytest.importorskip("playwright.sync_api")
    if not _CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    from tests.conftest import dashboard

    with dashboard(facts_db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(_CHROMIUM),
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield browser.new_page(), url
        browser.close()


def test_dashboard_reads_the_query_in_its_address(page_on_facts):
    # defect: the page ignored ?a=…&years=… (always CN-RU 2010-2019 with US) and a cleared baseline came back as US
    from playwright.sync_api import expect

    page, url = page_on_facts
    page.goto(f"{url}/?a=CN&b=RU&baseline=&years=2016-2018")
    # CN-RU 2016-2018: W1, W2, W3 = 3 works; no baseline: one card only
    expect(page.locator("#cards .card")).to_have_count(1)
    expect(page.locator("#cards .card[data-pair='CN-RU'] .v")).to_have_text("3")
    expect(page.locator("input[name=y1]")).to_have_value("2016")
    page.select_option("select[name=rule]", "equal-split")  # a select applies at once and writes the address
    expect(page).to_have_url(f"{url}/?a=CN&b=RU&baseline=&years=2016-2018&rule=equal-split")
    expect(page.locator("#deals p.note").first).to_contain_text("equal split")


@pytest.mark.parametrize("query, message", [
    ("years=abc", "--years 'abc': write a year or a range, e.g. 2010-2019"),
    ("area=foo", "--area 'foo': unknown area"),
    ("a=C1", "--pair 'C1' is not an ISO 3166-1 alpha-2 country code"),
])
def test_dashboard_bad_query_in_the_address_shows_the_cli_message(page_on_facts, query, message):
    # defect: a bad value in the address was dropped (area=foo read as 'all') or could not be shown at all
    from playwright.sync_api import expect

    page, url = page_on_facts
    page.goto(f"{url}/?{query}")
    expect(page.locator("#error")).to_contain_text(message)
    expect(page.locator("#cards .card")).to_have_count(0)


def test_dashboard_states_the_versions_and_curated_dates(page_on_facts):
    # defect: the provenance panel named the AI model only; research --format json and the brief also state the
    # software versions and the curated data's dates
    from playwright.sync_api import expect

    import techties

    page, url = page_on_facts
    page.goto(f"{url}/")
    expect(page.locator("#provenance .versions")).to_contain_text(f"techties {techties.__version__}")
    expect(page.locator("#provenance .versions")).to_contain_text("curated data as of: ")
    expect(page.locator("#provenance .versions")).to_contain_text("deals.yaml 20")


# --- the brief -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def brief_dir(facts_db, tmp_path_factory):
    from typer.testing import CliRunner

    from techties.cli import app

    out = tmp_path_factory.mktemp("qa-brief")
    res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--years", "2016-2018", "--out", str(out),
                                   "--db", str(facts_db)])
    assert res.exit_code == 0, res.output
    return out


def test_brief_every_table_and_figure_states_as_of_versions_and_denominators(brief_dir):
    # defect: only the header and the Provenance section stated them; a table or figure cut out said nothing
    import re

    import techties

    html = (brief_dir / "brief.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="tbl" id="[^"]+">.*?</section>', html, re.S)
    figures = re.findall(r"<figure .*?</figure>", html, re.S)
    assert sections and figures
    for part in sections + figures:
        stamp = re.search(r'class="(?:note )?stamp">([^<]*)<', part)
        assert stamp, part[:120]
        text = stamp.group(1)
        assert text.startswith("As of 20") and f"techties {techties.__version__}" in text
        assert "data: " in text and "AI model: " in text and "denominators: CN: warehouse; RU: warehouse" in text
    md = (brief_dir / "report.md").read_text(encoding="utf-8")
    assert md.count("_As of 20") >= len(sections)


def test_brief_indicators_resting_on_synthetic_works_say_so(brief_dir):
    # defect: the indicators table counted synthetic works with no label (the tables above it had one)
    import re

    html = (brief_dir / "brief.html").read_text(encoding="utf-8")
    row = re.search(r'<tr id="ind-pair_share">.*?</tr>', html, re.S).group(0)
    # CN-RU 2016-2018 in test_report_facts: W1 (real), W2 and W3 (synthetic)
    assert "SYNTHETIC: 2 of the 3 works behind it" in row
    # the listed institution (Harbin) is on W2 only, a synthetic work
    listed = re.search(r'<tr id="ind-listed_collaborations">.*?</tr>', html, re.S).group(0)
    assert "SYNTHETIC: the only work behind it" in listed
    real = re.search(r'<tr id="ind-funded_agreements">.*?</tr>', html, re.S).group(0)
    assert "SYNTHETIC" not in real  # curated initiatives, not works
    md = (brief_dir / "report.md").read_text(encoding="utf-8")
    assert "**SYNTHETIC: 2 of the 3 works behind it**" in md


def test_dashboard_indicators_resting_on_synthetic_works_say_so(facts_db, page_on_facts):
    # defect: the indicators panel counted synthetic works with no label
    from fastapi.testclient import TestClient
    from playwright.sync_api import expect

    from techties.web.app import create_app

    got = TestClient(create_app(facts_db)).get("/api/research", params={"a": "CN", "b": "RU", "years": "2016-2018"})
    by_id = {i["id"]: i["synthetic"] for i in got.json()["indicators"]}
    # the pair's works W1 (real), W2, W3 (synthetic); the listed institution is on W2 only; agreements are not works
    assert by_id["pair_share"] == {"works": 3, "synthetic": 2}
    assert by_id["listed_collaborations"] == {"works": 1, "synthetic": 1}
    assert by_id["funded_agreements"] is None
    page, url = page_on_facts
    page.goto(f"{url}/?a=CN&b=RU&years=2016-2018")
    expect(page.locator("#indicators tr[data-id=pair_share] .synthetic")).to_have_text(
        "SYNTHETIC: 2 of the 3 works behind it ")


# --- watch -----------------------------------------------------------------------------------------------------

def test_watch_says_which_counts_rest_on_synthetic_works(facts_db, tmp_path):
    # defect: watch's table, JSON and digest counted synthetic works with no label
    import json
    import shutil

    from typer.testing import CliRunner

    from techties.cli import app

    db = shutil.copy(facts_db, tmp_path / "w.duckdb")
    md = tmp_path / "digest.md"
    res = CliRunner().invoke(app, ["watch", "--pair", "CN", "RU", "--years", "2016-2018", "--db", str(db),
                                   "--format", "json", "--markdown", str(md)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout[res.stdout.index("{"):])
    by_id = {i["id"]: i["synthetic"] for i in out["indicators"]}
    # CN-RU 2016-2018: W1 (real), W2, W3 (synthetic); the listed institution is on W2 only
    assert by_id["pair_works"] == {"works": 3, "synthetic": 2}
    assert by_id["listed_collaborations"] == {"works": 1, "synthetic": 1}
    assert by_id["funded_agreements"] is None
    assert "2 of the 3 works behind pair\\_works" in md.read_text(encoding="utf-8")
    assert "the only work behind listed\\_collaborations" in md.read_text(encoding="utf-8")


def test_watch_atom_entries_say_which_alerts_rest_on_synthetic_works(facts_db, tmp_path):
    # defect: the Atom feed's entries counted synthetic works with no label (the table, JSON and digest had one)
    import shutil
    import xml.etree.ElementTree as ET

    import feedparser
    from typer.testing import CliRunner

    from techties.cli import app
    from techties.metrics.query import build_query
    from techties.warehouse import Warehouse
    from techties.watch.history import store_snapshot
    from techties.watch.model import StoredIndicator
    from techties.watch.run import scope_of

    db = shutil.copy(facts_db, tmp_path / "w.duckdb")
    # an earlier snapshot of the same scope, by hand: the pair had W1 (real) only, no listed work, 40% undisclosed
    earlier = [StoredIndicator("pair_works", "CN–RU co-authored works", 1.0, "works", records=("test:W1",)),
               StoredIndicator("listed_collaborations", "listed", 0.0),
               StoredIndicator("disclosure", "undisclosed deals", 40.0, "pct")]
    with Warehouse(db) as wh:
        store_snapshot(wh.con, scope_of(build_query("CN", "RU", years="2016-2018")), earlier, "s-earlier",
                       "2026-01-01T00:00:00+00:00", "2026-11-30")
    feed = tmp_path / "feed.atom"
    res = CliRunner().invoke(app, ["watch", "--pair", "CN", "RU", "--years", "2016-2018", "--db", str(db),
                                   "--atom", str(feed)])
    assert res.exit_code == 0, res.output
    parsed = feedparser.parse(feed.read_bytes())
    assert parsed.bozo == 0
    ET.fromstring(feed.read_bytes())  # well-formed
    by_rule = {e.title.split("] ")[-1].split(":")[0]: e for e in parsed.entries}
    # by hand: pair_works 1 -> 3 (W1 real; W2, W3 synthetic: +200%); the listed institution is new on W2
    # (synthetic), which the earlier pair_works did not have; the undisclosed share 40 -> 50 rests on deals
    assert sorted(by_rule) == ["new-listed-collaboration", "pair-works-change", "undisclosed-share-rising"]
    pw = "SYNTHETIC: 2 of the 3 works behind pair_works are synthetic (generated, not real)"
    listed = "SYNTHETIC: the only work behind listed_collaborations is synthetic (generated, not real)"
    assert by_rule["pair-works-change"].title.startswith(f"[{pw}] pair-works-change: ")
    assert pw in by_rule["pair-works-change"].content[0].value
    assert by_rule["new-listed-collaboration"].title.startswith(f"[{listed}] new-listed-collaboration: ")
    assert listed in by_rule["new-listed-collaboration"].content[0].value
    assert "SYNTHETIC" not in by_rule["undisclosed-share-rising"].title
    assert "SYNTHETIC" not in by_rule["undisclosed-share-rising"].content[0].value


def test_atom_synthetic_note_is_escaped():
    import xml.etree.ElementTree as ET

    from techties.watch.feed import atom_feed
    from techties.watch.model import Alert, Scope

    alert = Alert(rule="r", indicator="a<b>&c", message="m", value=2.0, previous=1.0)
    feed = atom_feed(Scope(pair="CN-RU"), [("s1", "2026-01-01T00:00:00+00:00", alert)], "2026-01-01T00:00:00+00:00",
                     {("s1", "a<b>&c"): (1, 2)})
    assert b"a<b>" not in feed and b"a&lt;b&gt;&amp;c" in feed
    entry = ET.fromstring(feed).find("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}title").text.startswith(
        "[SYNTHETIC: 1 of the 2 works behind a<b>&c is synthetic (generated, not real)] r: m")


@pytest.mark.parametrize("a, b, message", [
    ("XX", "RU", "--pair 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US)"),
    ("CN", "cn", "--pair CN CN: the two countries must differ"),
])
def test_dashboard_watch_api_validates_the_pair_as_the_cli(facts_db, a, b, message):
    # defect: /api/watch took any two letters (XX answered an empty history) in words of its own
    from fastapi.testclient import TestClient

    from techties.web.app import create_app

    got = TestClient(create_app(facts_db)).get("/api/watch", params={"a": a, "b": b})
    assert got.status_code == 400 and got.json() == {"detail": message}


@pytest.mark.parametrize("option", ["--atom", "--markdown"])
def test_watch_output_never_replaces_the_warehouse_or_a_users_file(facts_db, tmp_path, option):
    # defect: `watch --atom warehouse.duckdb` replaced the warehouse with the feed (and --markdown README.md a file)
    import shutil

    from typer.testing import CliRunner

    from techties.cli import app

    db = shutil.copy(facts_db, tmp_path / "w.duckdb")
    size = db.stat().st_size
    res = CliRunner().invoke(app, ["watch", "--pair", "CN", "RU", "--db", str(db), option, str(db)])
    assert res.exit_code == 4 and f"{option} names the warehouse itself" in res.output
    assert db.stat().st_size == size
    mine = tmp_path / "notes.txt"
    mine.write_text("my notes\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["watch", "--pair", "CN", "RU", "--db", str(db), option, str(mine)])
    assert res.exit_code == 4 and "exists and is not a techties" in res.output
    assert mine.read_text(encoding="utf-8") == "my notes\n"
    out = tmp_path / "out"  # an earlier output of the same option is replaced, as a scheduled rerun does
    for _ in range(2):
        res = CliRunner().invoke(app, ["watch", "--pair", "CN", "RU", "--db", str(db), option, str(out)])
        assert res.exit_code == 0, res.output


def test_report_never_replaces_a_users_files_in_the_out_folder(facts_db, tmp_path):
    # defect: --out a folder holding the user's own summary.csv overwrote it silently
    from typer.testing import CliRunner

    from techties.cli import app

    out = tmp_path / "mine"
    out.mkdir()
    (out / "summary.csv").write_text("mine\n", encoding="utf-8")
    args = ["report", "--pair", "CN", "RU", "--years", "2016-2018", "--db", str(facts_db), "--out"]
    res = CliRunner().invoke(app, [*args, str(out)])
    assert res.exit_code == 4 and "holds summary.csv and no earlier brief: not replaced" in res.output
    assert (out / "summary.csv").read_text(encoding="utf-8") == "mine\n"
    fresh = tmp_path / "fresh"  # a brief's own folder is rewritten by the next run
    for _ in range(2):
        res = CliRunner().invoke(app, [*args, str(fresh)])
        assert res.exit_code == 0, res.output


def test_every_face_words_a_synthetic_count_alike():
    # by hand: the wording the table caption, the brief's indicator note, the dashboard, watch's table and
    # its feed share (they had four: "all 1 of 1", "all 1 works", "pair_works all 100 of 100", …)
    from techties.metrics.synthetic import SyntheticCount, synthetic_sentence, works_phrase
    from techties.watch.render import synthetic_text
    from techties.watch.run import WatchResult

    assert works_phrase(2, 3) == "2 of the 3 works"
    assert works_phrase(3, 3) == "all 3 works"
    assert works_phrase(1, 1) == "the only work"
    assert synthetic_sentence(1, 2, "x") == "1 of the 2 works behind x is synthetic"
    assert SyntheticCount(works=1, synthetic=1, per_row=(1,)).sentence() == (
        "The only work behind this table is synthetic: these are not real figures.")
    assert SyntheticCount(works=5, synthetic=2, per_row=(2,)).sentence() == (
        "2 of the 5 works behind this table are synthetic.")
    result = WatchResult(snapshot=None, previous=None, changes=[], alerts=[],  # type: ignore[arg-type]
                         synthetic={"pair_works": (100, 100), "pair_share": (2, 3)})
    assert synthetic_text(result) == ("SYNTHETIC (generated, not real): all 100 works behind pair_works; "
                                      "2 of the 3 works behind pair_share")
    assert synthetic_text(WatchResult(snapshot=None, previous=None, changes=[], alerts=[])) == ""  # type: ignore[arg-type]
