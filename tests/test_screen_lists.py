"""Screening against the real lists by default: the shipped US snapshot, the EU Official Journal
lists (`--list eu`), `techties lists update` against a local stand-in for trade.gov, and ranking
(the exact name first).

Real data: ../shared/data/watchlists (us-lists parsed by nsfreg, EU Official Journal CSVs);
tests/fixtures/screening/csl/consolidated.json (real Entity List / MEU entries in the CSL bulk
layout, see build_csl_replay.py). Expected values are read off those files by hand."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.screen.lists import load_list, load_lists, read_eu_journal
from techties.screen.match import Matcher, dropped_qualifier, legal_words
from techties.screen.snapshot import SNAPSHOT, derive_snapshot, load_snapshot

CSL_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "screening" / "csl" / "consolidated.json"
SHIPPED = Path(__file__).resolve().parents[1] / "techties" / "screen" / "data" / SNAPSHOT


@pytest.fixture(autouse=True)
def _own_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TECHTIES_HOME", str(tmp_path / "home"))


# -- the shipped snapshot ---------------------------------------------------------------------
def test_snapshot_has_every_us_list_with_citation_and_dates():
    entries = load_snapshot()
    per_list: dict[str, int] = {}
    for e in entries:
        per_list[e.list_id] = per_list.get(e.list_id, 0) + 1
    # the "count" field of each us-lists file
    assert per_list == {"bis-entity-list": 3409, "bis-meu": 70, "dow-1260h": 80, "dow-1286": 134,
                        "ofac-nscmic": 68, "ofac-eo14032": 59, "bis-dpl": 564, "state-nonproliferation": 528}
    huawei = next(e for e in entries if e.entry_id == "bis-entity-list:huawei-technologies-co-ltd")
    # bis_entity_list.json: "federal_register": "84 FR 22963, 5/21/19", country China, extracted 2026-07-09
    assert (huawei.citation, huawei.listed_on, huawei.country, huawei.source_date) == (
        "84 FR 22963, 5/21/19", "2019-05-21", "CN", "2026-07-09")
    assert "Supplement No. 4 to Part 744" in huawei.source
    assert all(e.source_date == "2026-07-09" for e in entries)


def test_snapshot_is_rederived_byte_for_byte(shared_data, tmp_path):
    out = tmp_path / SNAPSHOT
    derive_snapshot(shared_data / "watchlists" / "us-lists", out)
    assert out.read_bytes() == SHIPPED.read_bytes()


def test_default_lists_are_the_snapshot_and_curated_and_a_given_copy_replaces_its_list(shared_data):
    ids = {e.list_id for e in load_lists(None)}
    assert {"bis-entity-list", "dow-1260h", "dow-1286", "techties-curated"} <= ids
    el = shared_data / "watchlists" / "us-lists" / "bis_entity_list.json"
    entries = load_lists([el])
    assert sum(e.list_id == "bis-entity-list" for e in entries) == 3409  # replaced, not doubled
    assert [e.list_id for e in load_lists([el], defaults=False)] == ["bis-entity-list"] * 3409


# -- EU Official Journal ------------------------------------------------------------------------
def test_eu_journal_keeps_organisations_with_cyrillic_aliases(shared_data):
    eu = read_eu_journal(shared_data / "watchlists" / "eu-journal" / "32014R0269.csv")
    assert all(e.schema != "Person" for e in eu)
    # 32014R0269.csv, recordId 213, 23.6.2023
    mak = next(e for e in eu if e.name == "JSC Makeyev State Rocket Center")
    assert "АО ‘Государственный ракетный центр имени академика В. П. Макеева’" in mak.aliases
    assert mak.listed_on == "2023-06-23" and "CELEX 32014R0269" in mak.citation and "entry 213" in mak.citation


def test_cli_list_eu_adds_the_eu_lists(shared_data, monkeypatch):
    monkeypatch.setenv("TECHTIES_EU_JOURNAL", str(shared_data / "watchlists" / "eu-journal"))
    r = CliRunner().invoke(app, ["screen", "АО ЦЕНТРАЛЬНЫЙ НАУЧНО-ИССЛЕДОВАТЕЛЬСКИЙ ИНСТИТУТ ‘БУРЕВЕСТНИК’",
                                 "--list", "eu", "--format", "json"])
    assert r.exit_code == 0, r.output
    hits = {(h["list_id"], h["entry"]): h for h in json.loads(r.output)[0]["hits"]}
    # 32014R0269.csv, recordId 134, 16.12.2022: the query is its alias verbatim
    eu = hits[("eu-journal", "JSC CENTRAL RESEARCH INSTITUTE ‘BUREVESTNIK’")]
    assert eu["listed_on"] == "2022-12-16" and eu["score"] == 1.0
    assert eu["matched_alias"] == "АО ЦЕНТРАЛЬНЫЙ НАУЧНО-ИССЛЕДОВАТЕЛЬСКИЙ ИНСТИТУТ ‘БУРЕВЕСТНИК’"
    # the same institute on the Entity List, found through the Russian name's structure and BGN/PCGN
    assert ("bis-entity-list", "Joint Stock Company Central Research Institute Burevestnik") in hits


# -- ranking -------------------------------------------------------------------------------------
def test_legal_form_and_qualifier_helpers():
    assert legal_words("Huawei Technologies (Bolivia) S.R.L.") == {"srl"}
    assert legal_words("Huawei Technologies Company Limited") == {"co", "ltd"}
    assert dropped_qualifier("Huawei Technologies (Bolivia) S.R.L.", "Huawei Technologies S.R.L.") == "Bolivia"
    assert dropped_qualifier("Huawei Technologies (UK) Co., Ltd.", "Huawei Technologies Co., Ltd.") == "UK"
    assert dropped_qualifier("China Academy of Space Technology (CAST)", "China Academy of Space Technology") == ""


def test_exact_name_ranks_first_with_default_lists():
    r = CliRunner().invoke(app, ["screen", "Huawei Technologies Co., Ltd.", "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert [set(o) for o in out] == [{"query", "hits"}]  # the JSON shape is kept
    hits = out[0]["hits"]
    top = hits[0]
    assert (top["entry"], top["list"], top["score"]) == ("Huawei Technologies Co., Ltd.", "BIS Entity List", 1.0)
    assert top["source_date"] == "2026-07-09" and "list as of 2026-07-09" in top["explanation"]
    by_entry = {h["entry"]: h for h in hits}
    for other in ("Huawei Technologies (Bolivia) S.R.L.", "Huawei Technologies (UK) Co., Ltd.",
                  "Huawei Technologies (New Zealand) Company Limited"):
        assert by_entry[other]["score"] < top["score"], other
    bolivia = by_entry["Huawei Technologies (Bolivia) S.R.L."]
    # best reading is the segment "Huawei Technologies Co." (the query split at its comma):
    # 1.0 - 0.12 (qualifier "Bolivia") - 0.01 x 2 (co vs srl) - 0.01 (not verbatim) = 0.85
    assert bolivia["score"] == 0.85 and "adds 'Bolivia'" in bolivia["explanation"]


def test_same_tokens_but_other_words_score_below_verbatim(shared_data):
    el = load_list(shared_data / "watchlists" / "us-lists" / "bis_entity_list.json")
    m = Matcher(el)
    hits = {h.entry: h.score for h in m.screen("Huawei Technologies Co., Ltd.")}
    assert hits["Huawei Technologies Co., Ltd."] == 1.0 and hits["Huawei Technology Co. Ltd."] == 0.99


# -- techties lists update ---------------------------------------------------------------------
class _Replay(BaseHTTPRequestHandler):
    """trade.gov's bulk CSL path answered from the recorded file; /broken and /fail for faults."""

    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        _Replay.requests.append(self.path)
        if self.path.endswith("/consolidated.json"):
            body, status = CSL_FIXTURE.read_bytes(), 200
        elif self.path == "/broken":
            body, status = b'{"results": [{"nam', 200
        else:
            body, status = b"upstream error", 500
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Last-Modified", "Mon, 30 Nov 2026 12:00:00 GMT")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def trade_gov():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_lists_update_fetches_csl_and_screen_uses_it(trade_gov, tmp_path):
    url = f"{trade_gov}/downloadable_consolidated_screening_list/v1/consolidated.json"
    r = CliRunner().invoke(app, ["lists", "update", "--url", url, "--format", "json"])
    assert r.exit_code == 0, r.output
    meta = json.loads(r.output)
    assert meta["entries"] == 6 and meta["last_modified"] == "Mon, 30 Nov 2026 12:00:00 GMT"
    assert meta["sources"] == {"Entity List (EL) - Bureau of Industry and Security": 5,
                               "Military End User (MEU) List - Bureau of Industry and Security": 1}
    assert (tmp_path / "home" / "lists" / "csl" / "consolidated.json").exists()
    entries = load_lists(None)
    ids = {e.list_id for e in entries}
    assert "us-csl" in ids and "dow-1260h" in ids and "bis-entity-list" not in ids  # the CSL covers the EL
    assert sum(e.list_id == "us-csl" for e in entries) == 5  # the one individual is left out
    r = CliRunner().invoke(app, ["screen", "Harbin Institute of Technology", "--format", "json"])
    top = next(h for h in json.loads(r.output)[0]["hits"] if h["list_id"] == "us-csl")
    assert top["score"] == 1.0 and top["listed_on"] == "2020-06-05"
    assert top["source_date"] == meta["retrieved_at"][:10] and url in top["source"]
    # faults: an error status or a truncated answer keep the previous list, exit 4, one line
    for bad in (f"{trade_gov}/fail", f"{trade_gov}/broken"):
        r = CliRunner().invoke(app, ["lists", "update", "--url", bad])
        assert r.exit_code == 4 and r.output.count("\n") == 1 and "Traceback" not in r.output, r.output
    assert json.loads((tmp_path / "home" / "lists" / "csl" / "meta.json").read_text())["entries"] == 6
    r = CliRunner().invoke(app, ["lists", "update", "--url", "http://127.0.0.1:9/x"])  # nothing listens
    assert r.exit_code == 4


def _closed_port() -> int:
    """A local port nothing listens on: a connection to it is refused."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_failed_update_says_which_lists_stay_in_use(trade_gov, tmp_path, monkeypatch):
    """No network (refused, or no answer in time): one line, exit 4, naming what screening still uses
    and its date; the shipped snapshot's lists are all as of 2026-07-09 (its header, `lists show`)."""
    import socket

    import techties.screen.update as update

    monkeypatch.setattr(update, "TIMEOUT", 0.3)
    silent = socket.socket()  # accepts connections (backlog) and never answers: a read timeout
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        for url, cause in ((f"http://127.0.0.1:{_closed_port()}/x", "ConnectError"),
                           (f"http://127.0.0.1:{silent.getsockname()[1]}/x", "ReadTimeout")):
            r = CliRunner().invoke(app, ["lists", "update", "--url", url])
            assert r.exit_code == 4 and r.output.count("\n") == 1 and "Traceback" not in r.output, r.output
            assert cause in r.output
            assert r.output.rstrip().endswith("screening still uses the shipped snapshot of the US lists as of "
                                              "2026-07-09"), r.output
        # once a CSL was fetched, a failed update keeps it, and says so with its retrieval date
        ok = CliRunner().invoke(app, ["lists", "update", "--url",
                                      f"{trade_gov}/downloadable_consolidated_screening_list/v1/consolidated.json",
                                      "--format", "json"])
        fetched = json.loads(ok.output)["retrieved_at"][:10]
        r = CliRunner().invoke(app, ["lists", "update", "--url", f"http://127.0.0.1:{silent.getsockname()[1]}/x"])
        assert r.exit_code == 4 and r.output.count("\n") == 1, r.output
        assert (f"screening still uses the Consolidated Screening List fetched {fetched} (and the shipped snapshot"
                " as of 2026-07-09 for the US lists it does not cover)") in r.output
    finally:
        silent.close()


def test_update_checks_its_format_before_fetching(trade_gov):
    _Replay.requests.clear()
    r = CliRunner().invoke(app, ["lists", "update", "--url", f"{trade_gov}/x/consolidated.json", "--format", "jsno"])
    assert r.exit_code == 2 and r.output == "error: --format must be one of table, json, not 'jsno'\n", r.output
    assert _Replay.requests == []  # nothing fetched
