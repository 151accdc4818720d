"""Shared test fixtures: techties' home moved out of the developer's (`_own_home`), where the real
data lives, a fresh warehouse per test, the local OpenAlex replay (`works`, `api`) and the dashboard
served on a free local port (`dashboard`)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = next((p for p in (Path(os.environ.get("TECHTIES_SHARED_DATA", REPO.parent / "shared" / "data")),
                                 REPO.parent.parent / "shared" / "data") if p.exists()),  # a worktree one deeper
                   REPO.parent / "shared" / "data")
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _own_home(tmp_path_factory) -> Iterator[Path]:
    """$TECHTIES_HOME set to a fresh folder for the whole run, and $TECHTIES_DB unset.

    Why: with the developer's own ~/.techties (or $TECHTIES_HOME) the outcome depended on what was in
    it (a demo warehouse there changed the 'no warehouse' line and made reading commands fall back to
    it), and tests wrote into it. Set in os.environ, so the CLI run in a subprocess gets it too; a
    test that sets its own (monkeypatch) wins. The countries cache is built once per run, here."""
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("techties-home")
        mp.setenv("TECHTIES_HOME", str(home))
        mp.delenv("TECHTIES_DB", raising=False)
        yield home


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data: the real public data the tests run on (see its README)."""
    if not SHARED_DATA.exists():
        pytest.fail(f"real test data not found at {SHARED_DATA}: clone the repo beside shared/")
    return SHARED_DATA


@pytest.fixture()
def warehouse(tmp_path):
    """An empty warehouse in a temporary folder."""
    from techties.warehouse import Warehouse

    wh = Warehouse(tmp_path / "test.duckdb")
    yield wh
    wh.close()


@pytest.fixture(scope="session")
def export_db(tmp_path_factory, shared_data) -> Path:
    """A warehouse of real records for the Parquet export tests: four WoS exports and the OpenAlex
    samples, plus one OpenAlex work whose year is unknown."""
    import gzip
    import json

    from techties.ingest import ingest_files
    from techties.warehouse import Warehouse

    root = tmp_path_factory.mktemp("pq")
    undated = root / "undated.jsonl"
    with gzip.open(shared_data / "openalex" / "works_current_schema_sample.jsonl.gz", "rt") as fh:
        rec = json.loads(fh.readline())
    undated.write_text(json.dumps(dict(rec, id="https://openalex.org/W1", publication_year=None)) + "\n")
    path = root / "w.duckdb"
    with Warehouse(path) as wh:
        ingest_files(wh, "wos", sorted((shared_data / "wos").glob("*.txt.gz"))[:4], show_progress=False)
        ingest_files(wh, "openalex", [shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz",
                                      shared_data / "openalex" / "works_current_schema_sample.jsonl.gz", undated],
                     show_progress=False)
    return path


@pytest.fixture(scope="session")
def export(export_db, tmp_path_factory) -> Path:
    """`export_db` written by `techties.warehouse.parquet.export_parquet`."""
    from techties.warehouse import Warehouse
    from techties.warehouse.parquet import export_parquet

    out = tmp_path_factory.mktemp("export") / "parquet"
    with Warehouse(export_db, read_only=True) as wh:
        export_parquet(wh.con, out)
    return out


@pytest.fixture(scope="session")
def works(shared_data) -> list[dict]:
    """The 413 real OpenAlex works (CC0) of ../shared/data/openalex that the local replay serves."""
    from tests.openalex_replay import load_works

    rows = load_works(shared_data / "openalex")
    assert len(rows) == 413
    return rows


@pytest.fixture()
def api(works):
    """A local stand-in for api.openalex.org serving `works` (tests/openalex_replay.py), fresh per test."""
    from tests.openalex_replay import OpenAlexReplay

    with OpenAlexReplay(works) as server:
        yield server


def free_port() -> int:
    """A local TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard(db: Path) -> Iterator[str]:
    """The dashboard on warehouse `db`, served in a thread on a free local port: its URL while open."""
    import uvicorn

    from techties.web.app import create_app

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=5)


CHROMIUM = Path("/usr/bin/chromium")  # Debian's Chromium (`.ci/run` installs it); Playwright downloads nothing
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium missing: apt-get install chromium")


def launch_chromium(pw: Any) -> Any:
    """Headless Chromium for a browser test, started by Playwright `pw` with the flags this machine needs."""
    return pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


@contextmanager
def dashboard_page(db: Path) -> Iterator[Any]:
    """A 1280x900 Chromium page beside the dashboard on `db`: `page.base` is the dashboard's address and
    `page.errors` collects the page's script errors."""
    from playwright.sync_api import sync_playwright

    with dashboard(db) as url, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.base, page.errors = url, []
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            yield page
        finally:
            browser.close()


@pytest.fixture(scope="session")
def matcher():
    """The matcher `techties screen` uses with no --list (the shipped US snapshot and the curated list),
    built once: its index takes seconds and no test changes it."""
    from techties.screen.lists import load_curated
    from techties.screen.match import Matcher
    from techties.screen.snapshot import load_snapshot

    return Matcher(load_snapshot() + load_curated())
