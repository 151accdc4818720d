"""A warehouse used by two processes at once (issue #12): DuckDB lets one process write, so the other
gets one line naming the file and the other process, with exit status 4, never a traceback.

The first process is a real ingest of the real TU9 OpenAlex sample, paused after its first committed
batch (it waits on its stdin), or the real dashboard server."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from techties.cli import app
from tests.conftest import free_port

TU9 = "openalex/works_2022_schema_tu9.jsonl.gz"
PAUSED_INGEST = textwrap.dedent("""
    import sys
    from techties.ingest import ingest_files
    from techties.warehouse import Warehouse

    def pause(n_read):
        if n_read == 50:
            print("ingesting", flush=True)
            sys.stdin.readline()

    with Warehouse(sys.argv[1]) as wh:
        ingest_files(wh, "openalex", [sys.argv[2]], batch_size=50, commit_works=50, show_progress=False,
                     after_batch=pause, workers=0)
    print("done", flush=True)
""")


def one_line(result, code: int = 4) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture()
def ingest_running(tmp_path, shared_data):
    """A real ingest, paused halfway with the warehouse open for writing."""
    db = tmp_path / "busy.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", PAUSED_INGEST, str(db), str(shared_data / TU9)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ingesting", proc.stderr.read()
    yield db
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "done"  # the paused ingest finishes unharmed
    assert proc.wait(timeout=60) == 0


def test_second_writer_gets_one_line(ingest_running, shared_data):
    result = CliRunner().invoke(app, ["ingest", "openalex", str(shared_data / TU9), "--db", str(ingest_running)])
    line = one_line(result)
    assert line.startswith(f"error: {ingest_running}: the warehouse is in use by another process (PID ")


@pytest.mark.parametrize("command", [["runs"], ["quarantine"], ["research", "--pair", "CN", "RU"],
                                     ["screen", "--warehouse"], ["report", "--pair", "CN", "RU", "--out", "OUT"]])
def test_reader_during_an_ingest_gets_one_line(ingest_running, command, tmp_path):
    command = [str(tmp_path / "brief") if a == "OUT" else a for a in command]
    result = CliRunner().invoke(app, [*command, "--db", str(ingest_running)])
    assert "in use by another process" in one_line(result)


def test_server_during_an_ingest_gets_one_line(ingest_running):
    result = CliRunner().invoke(app, ["serve", "--db", str(ingest_running), "--port", str(free_port()),
                                      "--no-warm"])
    assert "in use by another process" in one_line(result)


def test_ingest_while_the_server_runs_gets_one_line(tmp_path, shared_data):
    db = tmp_path / "served.duckdb"
    assert CliRunner().invoke(app, ["ingest", "openalex", str(shared_data / TU9), "--db", str(db)]).exit_code == 0
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "techties.cli", "serve", "--db", str(db), "--port", str(port),
                               "--no-warm"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.2)
        result = CliRunner().invoke(app, ["ingest", "openalex", str(shared_data / TU9), "--db", str(db),
                                          "--force"])
        assert "in use by another process" in one_line(result)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_two_paths_to_one_file_do_not_matter(tmp_path: Path, shared_data):
    """The same warehouse through a symlink is still the same lock."""
    db = tmp_path / "w.duckdb"
    link = tmp_path / "link.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", PAUSED_INGEST, str(db), str(shared_data / TU9)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ingesting"
        link.symlink_to(db)
        assert "in use by another process" in one_line(CliRunner().invoke(app, ["runs", "--db", str(link)]))
    finally:
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=60)
