"""The OpenAlex client's faults, each scripted on the local replay of real CC0 OpenAlex works:
a cursor cycle, an empty page that still hands a next cursor, header values out of range,
records with impossible numbers, and runs that fail or are killed. Expected values are worked
out here from the data files (413 works; 409 of them published 2017–2022)."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import duckdb
import httpx
import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.sources.openalex_api import (
    MAX_WAIT_SECONDS,
    BudgetExhausted,
    CursorCycle,
    MemoryCursorStore,
    OpenAlexClient,
    OpenAlexError,
    RateLimitStatus,
    fetch_works,
    parse_retry_after,
)

runner = CliRunner()


def no_sleep(_seconds: float) -> None:
    pass


def client_for(api, **kw) -> OpenAlexClient:
    return OpenAlexClient(base_url=api.url, api_key="k", per_page=kw.pop("per_page", 100), sleep=no_sleep, **kw)


def cursor_offset(cursor: str) -> int:
    return json.loads(base64.urlsafe_b64decode(cursor.encode()))[1]


# --------------------------------------------------------------------------- cursor cycle


def cycle_after_two_pages(api):
    """Page 2 (cursor B) hands back cursor A of page 1 as its next cursor: A→B→A."""
    first: dict[str, str] = {}

    def rewrite(params, body):
        cursor = params.get("cursor", [""])[0]
        if cursor != "*" and "A" not in first:
            first["A"] = cursor
        elif cursor not in ("*", first.get("A")) and body["meta"].get("next_cursor"):
            body["meta"]["next_cursor"] = first["A"]
        return body

    api.rewrite(rewrite)


def test_a_cursor_cycle_stops_with_a_clear_message_and_counts_nothing_twice(api, works):
    cycle_after_two_pages(api)
    got: list[str] = []
    with client_for(api) as c, pytest.raises(CursorCycle) as err:
        fetch_works(c.works(), MemoryCursorStore(), lambda p: got.extend(w["id"] for w in p.results))
    # pages: * (100 works) → A (100) → B (next = A again): B is refused whole, its cursor kept to retry
    assert len(got) == 200 and len(set(got)) == 200
    assert len(api.works_requests()) == 3
    assert "again" in str(err.value) and "cycle" in str(err.value)


def test_cli_cursor_cycle_fails_the_run_with_one_line(api, tmp_path):
    cycle_after_two_pages(api)
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["ingest", "openalex-api", "--filter", "publication_year:2000-2030",
                                 "--base-url", api.url, "--db", str(db)])
    assert result.exit_code == 4 and "cycle" in result.output and "Traceback" not in result.output
    con = duckdb.connect(str(db), read_only=True)
    # 200-per-page: * (200) → A (200) → B (13, but its next cursor is A: refused)
    assert con.execute("SELECT status, n_read FROM runs").fetchall() == [("failed", 400)]
    con.close()


# --------------------------------------------------------------------------- empty page with a next cursor


def empty_page_once(api, at_offset: int):
    """The page at `at_offset` comes back empty once, with a next cursor to the same place
    (a differently spelled cursor, as a retrying gateway would hand out)."""
    done: list[bool] = []

    def rewrite(params, body):
        cursor = params.get("cursor", [""])[0]
        if not done and cursor not in ("", "*") and cursor_offset(cursor) == at_offset:
            done.append(True)
            scope = json.loads(base64.urlsafe_b64decode(cursor.encode()))[0]
            retry = base64.urlsafe_b64encode(json.dumps([scope, at_offset, "retry"]).encode()).decode()
            body["results"], body["meta"]["next_cursor"] = [], retry
        return body

    api.rewrite(rewrite)


def test_an_empty_page_with_a_next_cursor_is_not_the_end(api, works):
    empty_page_once(api, at_offset=200)
    got: list[str] = []
    with client_for(api) as c:
        report = fetch_works(c.works(), MemoryCursorStore(), lambda p: got.extend(w["id"] for w in p.results))
    assert report.finished and sorted(got) == sorted(w["id"] for w in works)


def test_empty_pages_without_end_stop_with_the_cursor_saved(api, tmp_path):
    def always_empty_after_first(params, body):
        cursor = params.get("cursor", [""])[0]
        if cursor not in ("", "*"):
            fresh = [*json.loads(base64.urlsafe_b64decode(cursor.encode()))[:2], time.perf_counter_ns()]
            body["results"], body["meta"]["next_cursor"] = [], base64.urlsafe_b64encode(
                json.dumps(fresh).encode()).decode()
        return body

    api.rewrite(always_empty_after_first)
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["ingest", "openalex-api", "--filter", "publication_year:2000-2030",
                                 "--base-url", api.url, "--db", str(db)])
    assert result.exit_code == 4 and "empty pages" in result.output and "Traceback" not in result.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT status FROM runs").fetchall() == [("failed",)]
    saved = con.execute("SELECT cursor, finished, n_fetched FROM api_cursors").fetchall()
    con.close()
    assert saved[0][0] and saved[0][1] is False and saved[0][2] == 200  # page 1 stored, not "finished"


# --------------------------------------------------------------------------- header values out of range


def test_header_values_out_of_range_are_bounded():
    status = RateLimitStatus.from_headers(httpx.Headers({
        "x-ratelimit-reset": "1e20", "retry-after": "inf", "x-ratelimit-remaining": "-5",
        "x-ratelimit-limit": "nan", "x-ratelimit-credits-used": "1e400"}))
    assert status.reset_seconds == MAX_WAIT_SECONDS and status.retry_after == MAX_WAIT_SECONDS
    assert status.remaining == 0 and status.limit is None and status.credits_used == 10**12
    reset = status.reset_at()
    assert reset is not None and reset - datetime.now(UTC) <= timedelta(days=1, seconds=5)
    assert parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT") == MAX_WAIT_SECONDS
    assert parse_retry_after("-3") == 0.0


def test_retry_after_inf_on_a_budget_429_stops_cleanly(api):
    api.set_budget(1)
    api.send_headers(Retry_After="inf", X_RateLimit_Reset="1e20")
    with client_for(api) as c, pytest.raises(BudgetExhausted) as err:
        list(c.works().iter_pages())
    assert err.value.cursor and err.value.reset_at - datetime.now(UTC) <= timedelta(days=1, seconds=5)


def test_retry_after_inf_on_a_per_second_429_waits_at_most_the_bound(api):
    slept: list[float] = []
    api.rate_limit_next(1, retry_after=1)
    api.send_headers(Retry_After="inf")
    with OpenAlexClient(base_url=api.url, sleep=slept.append, max_rate_limit_wait=30) as c:
        assert c.works().count() == 413
    assert slept == [30]


def test_impossible_counts_in_a_body_are_refused_with_a_message(api):
    def huge_count(params, body):
        body["meta"]["count"] = 1e300
        return body

    api.rewrite(huge_count)
    with client_for(api) as c, pytest.raises(OpenAlexError, match="impossible meta.count"):
        c.works().count()


# --------------------------------------------------------------------------- records with impossible numbers


def test_records_with_out_of_range_numbers_are_quarantined_with_page_and_index(api, tmp_path):
    bad_positions = {(1, 0), (1, 50), (1, 99), (2, 3), (2, 4), (2, 5), (3, 10), (3, 11), (3, 12)}

    def corrupt(params, body):
        cursor = params.get("cursor", ["*"])[0]
        page = 1 if cursor == "*" else cursor_offset(cursor) // 100 + 1
        for i, rec in enumerate(body["results"]):
            if (page, i) in bad_positions:  # a copy: the served records are the module's shared works
                body["results"][i] = {**rec, "publication_year": 2**40}
        return body

    api.rewrite(corrupt)
    db = tmp_path / "w.duckdb"
    args = ["ingest", "openalex-api", "--filter", "publication_year:2000-2030", "--base-url", api.url,
            "--db", str(db)]
    result = _invoke_with_per_page(args, 100)  # the corrupt records are placed in pages of 100
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT line, error FROM quarantine ORDER BY line").fetchall()
    run = con.execute("SELECT status, n_read, n_ok, n_quarantined FROM runs").fetchone()
    n_works = con.execute("SELECT count(*) FROM works").fetchone()[0]
    con.close()
    assert [line for line, _ in rows] == sorted((p - 1) * 100 + i + 1 for p, i in bad_positions)
    assert rows[0][1].startswith("page 1, record 1:") and "2**40" not in rows[0][1]
    assert "publication_year" in rows[0][1] or "year" in rows[0][1]
    assert run == ("ok-with-quarantine", 412, 403, 9) and n_works == 403  # 412 works of 2000–2030


def _invoke_with_per_page(args, per_page):
    """Run the CLI with the client's pages of `per_page` works (the CLI asks for 200)."""
    import techties.sources.openalex_api as oa

    real_init = oa.OpenAlexClient.__init__

    def init(self, *a, **kw):
        kw["per_page"] = per_page
        real_init(self, *a, **kw)

    oa.OpenAlexClient.__init__ = init
    try:
        return runner.invoke(app, args)
    finally:
        oa.OpenAlexClient.__init__ = real_init


# --------------------------------------------------------------------------- runs never stay `running`


def test_a_failed_run_is_marked_failed(api, tmp_path):
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["ingest", "openalex-api", "--filter", "nonsense_field:1", "--base-url", api.url,
                                 "--db", str(db)])
    assert result.exit_code == 4 and "rejected" in result.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT status FROM runs").fetchall() == [("failed",)]
    con.close()


def test_a_killed_run_is_marked_killed_by_the_next_run(api, tmp_path):
    db = tmp_path / "w.duckdb"
    api.slow_next(50, seconds=0.3)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "techties.cli", "ingest", "openalex-api", "--filter",
                             "publication_year:2000-2030", "--base-url", api.url, "--db", str(db)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(api.works_requests()) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    api.faults.delays.clear()
    result = runner.invoke(app, ["ingest", "openalex-api", "--filter", "publication_year:2000-2030",
                                 "--base-url", api.url, "--db", str(db)])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    statuses = [r[0] for r in con.execute("SELECT status FROM runs ORDER BY started").fetchall()]
    n = con.execute("SELECT count(*) FROM works").fetchone()[0]
    con.close()
    # `started` has microseconds: the killed run comes first even within one second
    assert statuses == ["killed", "ok"] and n == 412  # 412 of the 413 works are of 2000–2030
