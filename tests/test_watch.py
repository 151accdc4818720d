"""`techties watch`: snapshots, comparisons, rules, Atom feed, Markdown digest, dashboard history.

The acceptance test runs on the real shared WoS export; its expected numbers come from the
independent C1 count in tests/wos_count.py (CN–RU: 5 works in files 01–05, 25 in all files), never
from techties. The rule tests use small hand-made snapshots (synthetic, labelled as such) whose
alerts are worked out by hand in each test.
"""

from __future__ import annotations

import fnmatch
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.errors import InputError
from techties.watch.model import Scope, Snapshot, StoredIndicator
from techties.watch.rules import Rule, evaluate, load_rules
from tests.wos_count import address_country, records

runner = CliRunner()
ATOM = "{http://www.w3.org/2005/Atom}"


def _cn_ru_uts(files) -> set[str]:
    """UTs of the records with a Chinese and a Russian address, by the naive C1 count."""
    return {"wos:" + ut for ut, rec in records(files).items()
            if {"CN", "RU"} <= {address_country(x) for x in rec["C1"]}}


def _watch(db, *extra: str):
    result = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--baseline", "US", "--db", str(db),
                                 "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def two_snapshots(tmp_path_factory, shared_data):
    """Files 01–05 ingested and watched, then all 20 files ingested and watched again."""
    files = sorted((shared_data / "wos").glob("*.txt.gz"))
    assert len(files) == 20
    root = tmp_path_factory.mktemp("watch")
    db = root / "wos.duckdb"
    r = runner.invoke(app, ["ingest", "wos", *map(str, files[:5]), "--db", str(db)])
    assert r.exit_code == 0, r.output
    first = _watch(db)
    r = runner.invoke(app, ["ingest", "wos", *map(str, files), "--db", str(db)])
    assert r.exit_code == 0, r.output
    atom, digest = root / "feed.atom", root / "digest.md"
    second = _watch(db, "--atom", str(atom), "--markdown", str(digest))
    return {"db": db, "files": files, "first": first, "second": second, "atom": atom, "digest": digest}


# -- acceptance: the shared WoS export ------------------------------------------------------------

def test_expected_counts_from_c1_by_hand(two_snapshots):
    files = two_snapshots["files"]
    assert len(_cn_ru_uts(files[:5])) == 5
    assert len(_cn_ru_uts(files)) == 25


def test_second_snapshot_shows_25_after_5_and_alerts(two_snapshots):
    first, second = two_snapshots["first"], two_snapshots["second"]
    assert set(second) == {"indicators", "alerts"}
    works1 = next(i for i in first["indicators"] if i["id"] == "pair_works")
    assert (works1["value"], works1["previous"], works1["change"]) == (5, None, None)
    assert first["alerts"] == []  # the first snapshot of a scope is the baseline
    works = next(i for i in second["indicators"] if i["id"] == "pair_works")
    assert {"id", "name", "value", "previous", "change", "status"} <= set(works)
    assert (works["value"], works["previous"], works["change"]) == (25, 5, 20)
    assert all(isinstance(works[k], int) for k in ("value", "previous", "change"))  # counts print as 25, not 25.0
    assert works["change_pct"] == 400.0  # (25 - 5) / 5
    alert = next(a for a in second["alerts"] if a["indicator"] == "pair_works")
    assert set(alert) == {"rule", "indicator", "message", "value", "previous", "records"}
    assert alert["rule"] == "pair-works-change" and (alert["value"], alert["previous"]) == (25, 5)
    assert "5 → 25" in alert["message"]
    files = two_snapshots["files"]
    # the records behind the alert: the 20 CN–RU works new since the first snapshot, by the naive count
    assert set(alert["records"]) == _cn_ru_uts(files) - _cn_ru_uts(files[:5])


def test_snapshots_are_stored_and_never_rewritten(two_snapshots, tmp_path):
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(two_snapshots["db"], db)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT seq, value, as_of, pair, baseline, json_array_length(records_json), run_id"
                       " FROM indicator_history h JOIN runs r USING (run_id)"
                       " WHERE indicator_id = 'pair_works' ORDER BY seq").fetchall()
    con.close()
    assert [(s, v, p, b, n) for s, v, _, p, b, n, _ in rows] == [(1, 5, "CN-RU", "US", 5), (2, 25, "CN-RU", "US", 25)]
    assert all(r[2] for r in rows)  # the data's as-of date is kept
    _watch(db)  # a third run adds a third snapshot and leaves the first two as they were
    con = duckdb.connect(str(db), read_only=True)
    again = con.execute("SELECT seq, value, as_of, pair, baseline, json_array_length(records_json), run_id"
                        " FROM indicator_history h JOIN runs r USING (run_id)"
                        " WHERE indicator_id = 'pair_works' ORDER BY seq").fetchall()
    con.close()
    assert again[:2] == rows and [r[:2] for r in again[2:]] == [(3, 25)]


def test_a_different_scope_has_its_own_history(two_snapshots, tmp_path):
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(two_snapshots["db"], db)
    feed = tmp_path / "first.atom"
    out = _watch(db, "--years", "2016-2019", "--atom", str(feed))
    works = next(i for i in out["indicators"] if i["id"] == "pair_works")
    assert works["previous"] is None and out["alerts"] == []
    import feedparser  # a feed with no alert yet is still a valid, empty Atom feed

    parsed = feedparser.parse(feed.read_bytes())
    assert parsed.bozo == 0 and parsed.version == "atom10" and parsed.entries == []


def test_atom_feed_parses_as_atom(two_snapshots):
    import feedparser

    path = two_snapshots["atom"]
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert "pair-works-change" in entry.title and entry.id.startswith("urn:uuid:") and entry.updated
    # RFC 4287 4.1.1/4.1.2: a feed and each entry have exactly one id, title and updated; the feed an author
    root = ET.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed"
    for el in [root, *root.findall(f"{ATOM}entry")]:
        for tag in ("id", "title", "updated"):
            assert len(el.findall(f"{ATOM}{tag}")) == 1, tag
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry_el in root.findall(f"{ATOM}entry"):
        assert entry_el.find(f"{ATOM}content").get("type") == "text"


def test_atom_entry_ids_are_stable(two_snapshots, tmp_path):
    """Writing the feed again (from a later run) keeps the old entry's id, so a reader does not show it twice."""
    import shutil

    import feedparser

    db = tmp_path / "copy.duckdb"
    shutil.copy(two_snapshots["db"], db)
    feed2 = tmp_path / "again.atom"
    _watch(db, "--atom", str(feed2))
    old = {e.id for e in feedparser.parse(two_snapshots["atom"].read_bytes()).entries}
    new = {e.id for e in feedparser.parse(feed2.read_bytes()).entries}
    assert old and old <= new


def test_markdown_digest(two_snapshots):
    text = two_snapshots["digest"].read_text(encoding="utf-8")
    assert text.startswith("# techties watch: CN-RU vs US")
    assert "**pair-works-change**" in text
    assert "| pair\\_works |" in text and "| 25 | 5 |" in text


def test_table_format_prints_indicators_and_alerts(two_snapshots, tmp_path):
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(two_snapshots["db"], db)
    r = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--baseline", "US", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "pair_works" in r.stdout and "no alerts" in r.stdout  # 25 → 25


def test_readme_schedule_example_runs(shared_data, tmp_path):
    """The README's cron line (ingest, classify, watch) works as written, on one real WoS file."""
    import re
    import shlex

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    cron = re.search(r"```cron\n(.*?)\n```", readme, re.S).group(1)
    steps = [shlex.split(part.replace("$HOME", str(tmp_path))) for part in cron.split(">>")[0].split("&&")]
    steps = [s for s in steps if s and s[0] == "techties"]
    assert [s[1] for s in steps] == ["ingest", "classify", "watch"]
    db = str(tmp_path / "w.duckdb")
    for step in steps:
        args = step[1:]
        if args[0] == "ingest":
            args = [a for a in args if "*" not in a] + [str(sorted((shared_data / "wos").glob("*.txt.gz"))[0])]
        r = runner.invoke(app, [*args, "--db", db])
        assert r.exit_code == 0, (args, r.output)
    assert "<feed" in (tmp_path / "public" / "cn-ru.atom").read_text(encoding="utf-8")
    assert (tmp_path / "digests" / "cn-ru.md").read_text(encoding="utf-8").startswith("# techties watch: CN-RU vs US")


def test_readme_systemd_units_are_valid(tmp_path):
    """The README's service and timer pass `systemd-analyze verify` (where systemd is installed)."""
    import re
    import shutil
    import subprocess

    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze not installed")
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    service, timer = re.findall(r"```ini\n(.*?)```", readme, re.S)
    (tmp_path / "techties-watch.service").write_text(service, encoding="utf-8")
    (tmp_path / "techties-watch.timer").write_text(timer, encoding="utf-8")
    r = subprocess.run([tool, "verify", "--man=no", "techties-watch.service", "techties-watch.timer"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and not r.stderr.strip(), r.stderr
    assert "techties watch --pair CN RU" in service and "OnCalendar=" in timer


# -- the listed-institution rules on the real export and a real list ------------------------------

LISTED = ("Sichuan University", "Skolkovo Institute of Science and Technology")  # real entries of DoD §1286


def _orgs(rec) -> set[str]:
    """The organisation of each C1 address: "[A; B] Sichuan Univ, Dept X, Chengdu, …" → "Sichuan Univ"."""
    return {x.split("] ", 1)[-1].split(",", 1)[0].strip() for x in rec["C1"]}


def _hand_listed(rec, names: tuple[str, ...]) -> bool:
    """By hand, from the WoS abbreviations seen in the export: Sichuan University is "Sichuan Univ",
    Skolkovo Institute is "Skolkovo Inst…", "Skolkowo Inst…" or "Skoltech" / "SKOLTECH"."""
    orgs = {o.lower() for o in _orgs(rec)}
    return (("Sichuan University" in names and "sichuan univ" in orgs)
            or ("Skolkovo Institute of Science and Technology" in names
                and any(o.startswith(("skolkovo", "skolkowo", "skoltech")) for o in orgs)))


@pytest.fixture(scope="module")
def listed_snapshots(tmp_path_factory, shared_data):
    """Files 01–05 screened against a list holding Sichuan University, watched; then all files screened
    against the list with the Skolkovo Institute added, watched again."""
    import techties.metrics.indicators as indicators

    if "listed_collaborations" not in getattr(indicators, "INDICATORS", ()):
        pytest.skip("the listed_collaborations indicator comes with the metrics work (#10)")
    real = json.loads((shared_data / "watchlists" / "us-lists" / "dow_1286.json").read_text(encoding="utf-8"))
    root = tmp_path_factory.mktemp("listed")
    lists = []
    for n in (1, 2):
        entities = [e for e in real["entities"] if e["name"] in LISTED[:n]]
        assert len(entities) == n
        path = root / f"dow_1286_{n}.json"
        path.write_text(json.dumps({**real, "count": n, "entities": entities}), encoding="utf-8")
        lists.append(path)
    files = sorted((shared_data / "wos").glob("*.txt.gz"))
    db = root / "listed.duckdb"
    out = []
    for upto, lst in ((5, lists[0]), (20, lists[1])):
        for args in (["ingest", "wos", *map(str, files[:upto])], ["screen", "--warehouse", "--list", str(lst)]):
            r = runner.invoke(app, [*args, "--db", str(db)])
            assert r.exit_code == 0, (args, r.output)
        out.append(_watch(db))
    return {"files": files, "first": out[0], "second": out[1]}


def test_listed_institution_rules_on_the_real_export(listed_snapshots):
    files = listed_snapshots["files"]
    early = {u: r for u, r in records(files[:5]).items() if {"CN", "RU"} <= {address_country(x) for x in r["C1"]}}
    every = {u: r for u, r in records(files).items() if {"CN", "RU"} <= {address_country(x) for x in r["C1"]}}
    listed_before = {"wos:" + u for u, r in early.items() if _hand_listed(r, LISTED[:1])}
    listed_after = {"wos:" + u for u, r in every.items() if _hand_listed(r, LISTED)}
    new_works = {"wos:" + u for u in every} - {"wos:" + u for u in early}
    first = next(i for i in listed_snapshots["first"]["indicators"] if i["id"] == "listed_collaborations")
    second = next(i for i in listed_snapshots["second"]["indicators"] if i["id"] == "listed_collaborations")
    assert first["value"] == len(listed_before)
    assert (second["value"], second["previous"]) == (len(listed_after), len(listed_before))
    alerts = {a["rule"]: a for a in listed_snapshots["second"]["alerts"]}
    # a new collaboration: a work the first snapshot did not have, with a listed institution
    assert set(alerts["new-listed-collaboration"]["records"]) == listed_after & new_works
    # an institution listed since: works the pair already had, now with a listed institution
    assert set(alerts["newly-listed-collaborator"]["records"]) == (listed_after - new_works) - listed_before
    assert alerts["newly-listed-collaborator"]["records"]  # the export has such works (Skolkovo, 2019–2022)


# -- the deal, fund and disclosure rules on the shipped curated data ---------------------------------

LATER_DEAL = "rcif-didi-2014"  # RCIF (RU) into DiDi (CN), value not published
LATER_FUND = "joint-innovation-investment-fund-2019"  # RDIF and CIC, established 2019-07


@pytest.fixture(scope="module")
def curated_snapshots(tmp_path_factory):
    """The curated data without one undisclosed deal and one joint fund, watched; then all of it, watched."""
    import shutil

    import yaml

    import techties.metrics.indicators as indicators

    if "new_joint_funds" not in getattr(indicators, "INDICATORS", ()):
        pytest.skip("the investment indicators come with the metrics work (#10)")
    shipped = Path(__file__).resolve().parents[1] / "techties" / "data" / "curated"
    root = tmp_path_factory.mktemp("curated")
    early = shutil.copytree(shipped, root / "early")
    for name, key, drop in (("deals.yaml", "deals", LATER_DEAL), ("initiatives.yaml", "initiatives", LATER_FUND)):
        data = yaml.safe_load((early / name).read_text(encoding="utf-8"))
        kept = [x for x in data[key] if x["id"] != drop]
        assert len(kept) == len(data[key]) - 1
        (early / name).write_text(yaml.safe_dump({**data, key: kept}, allow_unicode=True), encoding="utf-8")
    db = root / "curated.duckdb"
    out = []
    for folder in (early, shipped):
        r = runner.invoke(app, ["ingest-curated", "--dir", str(folder), "--db", str(db)])
        assert r.exit_code == 0, r.output
        out.append(_watch(db))
    return out


def test_new_deal_and_fund_and_rising_undisclosed_share_on_curated_data(curated_snapshots):
    first, second = curated_snapshots
    alerts = {(a["rule"], a["indicator"]): a for a in second["alerts"]}
    assert alerts[("new-joint-fund-deal-initiative", "pair_investment")]["records"] == [LATER_DEAL]
    assert alerts[("new-joint-fund-deal-initiative", "new_joint_funds")]["records"] == [LATER_FUND]
    funds = next(i for i in second["indicators"] if i["id"] == "new_joint_funds")
    assert funds["value"] == funds["previous"] + 1
    # one more deal, and it is undisclosed: u of n → u + 1 of n + 1, a rising share
    before = next(i for i in first["indicators"] if i["id"] == "disclosure")
    after = next(i for i in second["indicators"] if i["id"] == "disclosure")
    n = before["denominator"]
    u = round(before["value"] * n / 100)
    assert after["denominator"] == n + 1 and after["previous"] == before["value"]
    assert after["value"] == pytest.approx(100 * (u + 1) / (n + 1), abs=0.01)
    rising = alerts[("undisclosed-share-rising", "disclosure")]
    assert (rising["previous"], rising["value"]) == (before["value"], after["value"])
    assert rising["records"] == [LATER_DEAL]  # the newly undisclosed deal


# -- rules on hand-made snapshots (synthetic) -------------------------------------------------------

SCOPE = Scope(pair="CN-RU")


def _snap(seq: int, *indicators: StoredIndicator) -> Snapshot:
    return Snapshot(f"s{seq}", seq, f"2026-0{seq}-01T00:00:00+00:00", "2026-01-01", SCOPE, indicators)


def _ind(id_: str, value: float | None, records: tuple[str, ...] = (), status: str = "computed") -> StoredIndicator:
    return StoredIndicator(id=id_, name=id_.replace("_", " "), value=value, records=records, status=status)


DEFAULTS = {r.id: r for r in load_rules()}


def test_default_rules_read_indicators_the_metrics_compute(two_snapshots):
    """Every indicator id the default rules read is one the pair view gives."""
    import techties.metrics.indicators as indicators
    from techties.metrics.pair import compute_pair
    from techties.metrics.query import build_query
    from techties.watch.run import watched_indicators

    if not hasattr(indicators, "INDICATORS"):
        pytest.skip("the 18 indicators come with the metrics work (#10)")
    q = build_query("CN", "RU", "US")
    con = duckdb.connect(str(two_snapshots["db"]), read_only=True)
    view = compute_pair(con, q)
    ids = [i.id for i in watched_indicators(view.indicators, view.research, q)]
    con.close()
    for rule in DEFAULTS.values():
        assert all(any(fnmatch.fnmatchcase(i, p) for i in ids) for p in rule.indicators), (rule.id, ids)


def test_default_rules_file_is_shipped_and_valid():
    assert list(DEFAULTS) == ["pair-works-change", "new-listed-collaboration", "newly-listed-collaborator",
                              "new-joint-fund-deal-initiative", "undisclosed-share-rising"]
    assert DEFAULTS["pair-works-change"].threshold_pct == 10


@pytest.mark.parametrize(("before", "after", "alerts"), [
    (100, 109, False),   # +9%: under the threshold
    (100, 110, True),    # +10%: at the threshold
    (100, 90, True),     # -10%
    (100, 91, False),    # -9%
    (0, 3, True),        # from nothing
    (7, 7, False),
    (None, 7, False),    # no value before: nothing to compare
])
def test_change_rule_threshold(before, after, alerts):
    rule = DEFAULTS["pair-works-change"]
    ev = evaluate([rule], _snap(2, _ind("pair_works", after)), _snap(1, _ind("pair_works", before)))
    assert bool(ev.alerts) is alerts
    if alerts:
        a = ev.alerts[0]
        assert (a.rule, a.indicator, a.value, a.previous) == ("pair-works-change", "pair_works", after, before)


def test_new_and_newly_listed_collaborations():
    """Before: the pair has works w1 w2 w3, w1 with a listed institution. After: w4 is new and has a listed
    institution (a new collaboration); w2 was already there and its institution has been listed since."""
    before = _snap(1, _ind("pair_works", 3, ("w1", "w2", "w3")), _ind("listed_collaborations", 1, ("w1",)))
    after = _snap(2, _ind("pair_works", 4, ("w1", "w2", "w3", "w4")),
                  _ind("listed_collaborations", 3, ("w1", "w2", "w4")))
    rules = [DEFAULTS["new-listed-collaboration"], DEFAULTS["newly-listed-collaborator"]]
    got = {a.rule: a for a in evaluate(rules, after, before).alerts}
    assert got["new-listed-collaboration"].records == ("w4",)
    assert got["newly-listed-collaborator"].records == ("w2",)
    assert (got["new-listed-collaboration"].previous, got["new-listed-collaboration"].value) == (1, 3)


def test_new_joint_fund_deal_or_initiative_lists_the_new_ids():
    before = _snap(1, _ind("new_joint_funds", 1, ("init:rcif",)), _ind("pair_investment", 2, ("deal:a", "deal:b")),
                   _ind("joint_ventures", 0, ()))
    after = _snap(2, _ind("new_joint_funds", 2, ("init:rcif", "init:new-fund")),
                  _ind("pair_investment", 2, ("deal:a", "deal:b")), _ind("joint_ventures", 1, ("init:lab",)))
    got = evaluate([DEFAULTS["new-joint-fund-deal-initiative"]], after, before).alerts
    assert [(a.indicator, a.records) for a in got] == [("new_joint_funds", ("init:new-fund",)),
                                                         ("joint_ventures", ("init:lab",))]


def test_undisclosed_share_rising():
    rule = DEFAULTS["undisclosed-share-rising"]
    def share(seq: int, v: float) -> Snapshot:
        return _snap(seq, _ind("disclosure", v))

    # 1 of 4 deals undisclosed, then 2 of 5: 25% → 40% rises; 40% → 40% does not
    up = evaluate([rule], share(2, 40.0), share(1, 25.0))
    assert [(a.value, a.previous) for a in up.alerts] == [(40.0, 25.0)]
    flat = evaluate([rule], share(2, 40.0), share(1, 40.0))
    assert flat.alerts == []


def test_rules_skip_what_they_cannot_compare():
    rules = list(DEFAULTS.values())
    assert evaluate(rules, _snap(1, _ind("pair_works", 5)), None).alerts == []  # first snapshot
    ev = evaluate(rules, _snap(2, _ind("pair_works", 5), _ind("disclosure", None, status="needs-data")),
                  _snap(1, _ind("pair_works", 5), _ind("disclosure", None, status="needs-data")))
    assert ev.alerts == []
    assert any(s.startswith("new-listed-collaboration: no indicator") for s in ev.skipped)
    assert any("disclosure needs data" in s for s in ev.skipped)


def test_glob_and_list_indicators():
    rule = Rule(id="funds", kind="new_records", indicators=("*fund*",))
    ev = evaluate([rule], _snap(2, _ind("joint_funds", 1, ("f1",)), _ind("pair_works", 1, ("w1",))),
                  _snap(1, _ind("joint_funds", 0), _ind("pair_works", 0)))
    assert [a.indicator for a in ev.alerts] == ["joint_funds"]


def test_pair_works_is_read_from_the_research_summary_when_the_indicators_lack_it(two_snapshots):
    """The brief's 18 indicators give the pair's works only as a denominator: watch then takes the count
    from the research summary metrics computed, and the work ids from its yearly table."""
    from techties.metrics.query import build_query
    from techties.metrics.research import compute_research
    from techties.watch.run import watched_indicators

    q = build_query("CN", "RU", "US")
    con = duckdb.connect(str(two_snapshots["db"]), read_only=True)
    research = compute_research(con, q, explain=True)
    con.close()
    other = StoredIndicator(id="listed_collaborations", name="listed", value=0.0)
    got = watched_indicators([other], research, q)
    assert [i.id for i in got] == ["pair_works", "listed_collaborations"]
    assert got[0].value == 25 and set(got[0].records) == _cn_ru_uts(two_snapshots["files"])
    mine = StoredIndicator(id="pair_works", name="from metrics", value=7.0)
    assert watched_indicators([mine], research, q) == [mine]  # metrics' own pair_works wins


def test_history_ignores_unknown_indicator_fields():
    from techties.watch.history import as_stored

    @dataclass(frozen=True)
    class Future:  # an Indicator with a field the metrics may add later
        id: str
        name: str
        value: float
        records: tuple[str, ...]
        confidence_interval: tuple[float, float]

    s = as_stored(Future("x", "X", 3, ("a",), (1.0, 5.0)))
    assert (s.id, s.value, s.records, s.status, s.unit) == ("x", 3.0, ("a",), "computed", "count")


# -- bad input ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "words"), [
    ("rules:\n  - id: a\n    kind: change\n    indicator: pair_works\n  - id: b\n    kind: explode\n"
     "    indicator: x\n", 5, "kind must be one of"),
    ("rules:\n  - id: a\n    kind: change\n    indicator: pair_works\n    threshold_pct: -3\n", 2, "threshold_pct"),
    ("rules:\n  - id: a\n    kind: change\n    indicatr: pair_works\n", 2, "unknown key 'indicatr'"),
    ("rules:\n  - id: a\n    kind: [oops\n", 4, "not valid YAML"),
    ("- just a list\n", 1, "expected a mapping"),
])
def test_bad_rules_file_names_file_and_line(tmp_path, text, line, words):
    p = tmp_path / "rules.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_rules(p)
    assert str(exc.value).startswith(f"{p}:{line}: ") and words in str(exc.value)


def test_cli_bad_input_is_one_line_with_exit_status(two_snapshots, tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - id: a\n    kind: nope\n    indicator: x\n", encoding="utf-8")
    import shutil

    db = str(shutil.copy(two_snapshots["db"], tmp_path / "copy.duckdb"))
    cases = [
        (["--rules", str(bad), "--db", db], 4, f"{bad}:2: "),
        (["--rules", str(tmp_path / "missing.yaml"), "--db", db], 4, "missing.yaml"),
        (["--db", str(tmp_path / "none.duckdb")], 4, "no warehouse"),
        (["--db", db, "--format", "xml"], 2, "--format"),
        (["--db", db, "--years", "2019-2010"], 2, "years"),
        (["--db", db, "--area", "nonsense"], 2, "area"),
    ]
    for args, code, words in cases:
        r = runner.invoke(app, ["watch", "--pair", "CN", "RU", *args])
        assert r.exit_code == code, (args, r.output)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], r.stderr
        assert "Traceback" not in r.output


def test_db_under_home_is_found_as_by_every_command(tmp_path, monkeypatch):
    # defect: watch kept its own check, which did not expand `~`: `--db ~/w.duckdb` was "no warehouse at
    # ~/w.duckdb" (exit 4) where research, screen and the others opened the user's file
    from techties.warehouse import Warehouse

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TECHTIES_HOME", str(tmp_path / "th"))  # the message differs where a demo warehouse exists
    Warehouse(tmp_path / "w.duckdb").close()  # an empty warehouse: watch runs and stores a snapshot
    r = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--db", "~/w.duckdb", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert "indicators" in json.loads(r.stdout)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:  # the snapshot went to the user's file
        assert con.execute("SELECT count(DISTINCT snapshot_id) FROM indicator_history").fetchone() == (1,)
    r = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--db", "~/none.duckdb"])
    assert (r.exit_code, r.stderr.strip()) == (4, f"error: no warehouse at {tmp_path / 'none.duckdb'}: run "
                                                   "`techties ingest …` or `techties demo` first")


def test_every_writing_command_expands_home_in_db(tmp_path, monkeypatch, shared_data):
    # defect: `ingest … --db ~/w.duckdb` (a quoted ~, or --db=~/w.duckdb, which no shell expands) made a
    # folder named "~" in the working folder and a new warehouse in it; watch and screen then found none
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    wos = sorted((shared_data / "wos").glob("*.txt.gz"))[0]
    r = runner.invoke(app, ["ingest", "wos", str(wos), "--db", "~/w.duckdb"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "home" / "w.duckdb").is_file() and not (tmp_path / "~").exists()
    r = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--db", "~/w.duckdb", "--format", "json"])
    assert r.exit_code == 0, r.output


# -- untrusted text -----------------------------------------------------------------------------------

EVIL = "\x1b]8;;http://evil\x07<script>alert(1)</script> [bold]*x*[/bold] | `c` \u202e"


def _evil_result():
    from techties.watch.model import Alert, Change
    from techties.watch.run import WatchResult

    scope = Scope(pair="CN-RU", area=EVIL)
    ind = StoredIndicator(id="evil", name=EVIL, value=2.0, records=(EVIL,))
    snap = Snapshot("s2", 2, "2026-02-01T00:00:00+00:00", "2026-01-01", scope, (ind,))
    prev = Snapshot("s1", 1, "2026-01-01T00:00:00+00:00", "2026-01-01", scope, (ind,))
    alert = Alert(rule="r", indicator="evil", message=EVIL, value=2.0, previous=1.0, records=(EVIL,))
    return WatchResult(snap, prev, [Change("evil", EVIL, 2.0, 1.0, "computed")], [alert])


@pytest.mark.parametrize(("value", "previous", "unit", "shown"), [
    (25, 5, "works", ("25", "5", "+20 (+400.0%)")),          # (25 - 5) / 5 = +400%
    (5, 25, "works", ("5", "25", "-20 (-80.0%)")),           # (5 - 25) / 25 = -80%
    (0.95, 0.73, "pct", ("0.95%", "0.73%", "+0.22 points")),  # a share moves in points
    (860e6, 800e6, "usd", ("$860,000,000", "$800,000,000", "+$60,000,000 (+7.5%)")),
    (3, 3, "count", ("3", "3", "0")),
    (3, None, "count", ("3", "n/a", "new")),
])
def test_values_and_changes_as_printed(value, previous, unit, shown):
    from techties.watch.model import Change
    from techties.watch.render import change_text, with_unit

    c = Change("x", "x", value, previous, "computed", unit)
    assert (with_unit(value, unit), with_unit(previous, unit), change_text(c)) == shown


def test_untrusted_text_is_escaped_in_terminal_markdown_and_atom():
    import io

    import feedparser
    from rich.console import Console

    from techties.watch.feed import atom_feed
    from techties.watch.render import markdown_digest, print_table

    result = _evil_result()
    buf = io.StringIO()
    print_table(Console(file=buf, force_terminal=True, width=200, color_system=None), result)
    out = buf.getvalue()
    assert "\x1b]8" not in out and "\x07" not in out and "\u202e" not in out
    assert "[bold]" in out  # shown as text, not taken as markup
    md = markdown_digest(result)
    assert "<script>" not in md and "&lt;script&gt;" in md and "\x1b" not in md
    assert "\\*x\\*" in md and "\\|" in md and "\\`c\\`" in md
    feed = atom_feed(result.snapshot.scope, [("s2", result.snapshot.taken_at, result.alerts[0])],
                     result.snapshot.taken_at)
    root = ET.fromstring(feed)  # well-formed despite the control characters
    assert root.find(f"{ATOM}entry/{ATOM}content").text.startswith("\ufffd]8;;http://evil\ufffd<script>")
    assert b"<script>" not in feed
    assert feedparser.parse(feed).bozo == 0


def test_json_output_escapes_bidi_and_c1_controls_but_keeps_the_data():
    from techties.watch.render import as_json, json_text

    result = _evil_result()
    text = json_text(as_json(result))
    assert "\u202e" not in text and "\x1b" not in text and "\\u202e" in text
    assert json.loads(text) == as_json(result)  # the same data


def test_long_record_lists_are_cut_in_terminal_and_digest_not_in_json():
    import io

    from rich.console import Console

    from techties.watch.model import Alert, Change
    from techties.watch.render import as_json, markdown_digest, print_table
    from techties.watch.run import WatchResult

    ids = tuple(f"wos:WOS:{i:015d}" for i in range(120))  # synthetic ids
    ind = StoredIndicator(id="pair_works", name="works", value=120.0, records=ids)
    snap = Snapshot("s2", 2, "2026-02-01T00:00:00+00:00", None, SCOPE, (ind,))
    result = WatchResult(snap, _snap(1), [Change("pair_works", "works", 120.0, 0.0, "computed")],
                         [Alert("r", "pair_works", "m", 120.0, 0.0, ids)])
    buf = io.StringIO()
    print_table(Console(file=buf, width=100), result)
    assert "and 70 more" in buf.getvalue() and ids[49] in buf.getvalue() and ids[50] not in buf.getvalue()
    assert "and 70 more" in markdown_digest(result)
    assert len(as_json(result)["alerts"][0]["records"]) == 120


def test_warehouse_held_by_another_process_is_one_line_exit_4(two_snapshots, tmp_path):
    import shutil
    import subprocess
    import sys

    db = tmp_path / "copy.duckdb"
    shutil.copy(two_snapshots["db"], db)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
                               " print('ready', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        r = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--db", str(db)])
    finally:
        holder.kill()
        holder.wait()
    assert r.exit_code == 4, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {db}: "), r.stderr
    assert "in use by another process" in lines[0]


# -- the dashboard's history endpoint ---------------------------------------------------------------

def test_dashboard_history_endpoint(two_snapshots, tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from techties.web.app import create_app

    db = tmp_path / "copy.duckdb"
    shutil.copy(two_snapshots["db"], db)
    client = TestClient(create_app(db))
    body = client.get("/api/watch", params={"a": "cn", "b": "ru"}).json()
    assert body["pair"] == "CN-RU" and len(body["scopes"]) == 1
    works = next(i for i in body["scopes"][0]["indicators"] if i["id"] == "pair_works")
    assert [p["value"] for p in works["points"]] == [5, 25] and [p["seq"] for p in works["points"]] == [1, 2]
    assert client.get("/api/watch", params={"a": "US", "b": "RU"}).json()["scopes"] == []
    assert client.get("/api/watch", params={"a": "C'", "b": "RU"}).status_code == 400
    assert "/static/watch.js" in client.get("/").text


def test_dashboard_history_endpoint_on_a_warehouse_without_history(tmp_path):
    from fastapi.testclient import TestClient

    from techties.web.app import create_app

    db = tmp_path / "old.duckdb"
    duckdb.connect(str(db)).close()  # a warehouse file from before `techties watch`
    assert TestClient(create_app(db)).get("/api/watch").json()["scopes"] == []


def test_table_piped_is_not_squeezed_to_80_columns(two_snapshots, tmp_path):
    """`techties watch … > watch.txt` (or cron's log) cut every indicator name over several lines: the table
    was printed on an 80-column console, unlike every other command's."""
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(two_snapshots["db"], db)
    r = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--baseline", "US", "--db", str(db)])
    assert r.exit_code == 0, r.output
    rows = {line.split("│")[1].strip(): line for line in r.stdout.splitlines() if line.count("│") > 3}
    # each indicator on one line, its whole name beside its id
    assert "Co-authored works with defence-affiliated research institutions" in rows["defence_research"]
    assert "Share of CN–RU works in CN's and RU's output" in rows["pair_share"]
