"""CLI: `techties runs` and `techties quarantine` — what was run on a warehouse, and what was set aside."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from techties.config import DB_HELP_READING, reading_db
from techties.errors import InputError, UsageError
from techties.terminal import check_format, emit, message, safe
from techties.warehouse import Warehouse

DB_OPTION = typer.Option(None, "--db", help=DB_HELP_READING)


FORMAT_OPTION = typer.Option("table", "--format", help="table | csv | json")


def _open(db: Path | None) -> Warehouse:
    path = reading_db(db)
    if not Path(path).exists():
        raise InputError(f"no warehouse at {path}")
    return Warehouse(path, read_only=True)


RUN_COLUMNS = ("run", "command", "started", "status", "read", "stored", "quarantined", "inputs", "versions")


# a LIMIT DuckDB can take (a BIGINT): `--limit 99999999999999999999` was "unexpected ConversionException", exit 1
MAX_LIMIT = 2**63 - 1


def runs(db: Path | None = DB_OPTION, limit: int = typer.Option(20, min=1, max=MAX_LIMIT,
                                                                help="How many runs, newest first"),
         fmt: str = FORMAT_OPTION) -> None:
    """Every run recorded in the warehouse: command, inputs with their hashes, versions, counts."""
    check_format(fmt)
    with _open(db) as wh:
        rows = wh.con.execute(
            "SELECT run_id, command, started, finished, status, n_read, n_ok, n_quarantined, inputs_json,"
            " versions_json FROM runs ORDER BY started DESC LIMIT ?", [limit]).fetchall()
    out = []
    for run_id, command, started, _fin, status, n_read, n_ok, n_q, inputs, versions in rows:
        files = [f"{Path(i.get('path', i.get('api', ''))).name} {str(i.get('sha256', ''))[:12]}"
                 for i in json.loads(inputs or "[]")]
        vers = ", ".join(f"{k} {v}" for k, v in json.loads(versions or "{}").items())
        out.append(dict(zip(RUN_COLUMNS, (run_id, command, started, status, n_read, n_ok, n_q, "\n".join(files),
                                          vers), strict=True)))
    emit(RUN_COLUMNS, out, fmt, title="runs (newest first)")


QUARANTINE_COLUMNS = ("run", "file", "line", "error", "excerpt")


def quarantine(db: Path | None = DB_OPTION, run: str | None = typer.Option(None, help="Only this run"),
               limit: int = typer.Option(100, min=1, max=MAX_LIMIT, help="How many lines, by file and line"),
               fmt: str = FORMAT_OPTION) -> None:
    """Lines and records set aside by ingest, with file, line and reason (escaped: they are untrusted)."""
    check_format(fmt)
    with _open(db) as wh:
        rows = wh.con.execute(
            "SELECT run_id, file, line, error, raw_excerpt FROM quarantine WHERE ? IS NULL OR run_id = ?"
            " ORDER BY file, line LIMIT ?", [run, run, limit]).fetchall()
        n_runs = wh.con.execute("SELECT count(*) FROM runs WHERE ? IS NULL OR run_id = ?", [run, run]).fetchone()[0]
    if run is not None and not n_runs:
        raise UsageError(f"--run {safe(run)[:40]!r}: no such run in this warehouse (`techties runs` lists them)")
    if not rows:  # an empty table said nothing of why: none set aside, or a run that quarantined nothing
        message(f"run {safe(run)} set aside no line" if run is not None
                else f"no line set aside by any of the {n_runs} recorded runs")
    if fmt == "table":  # `file:line` as one cell, excerpts shortened; CSV and JSON keep the fields apart, whole
        emit(("run", "file:line", "error", "excerpt"), [
            {"run": r, "file:line": f"{f}:{n}", "error": e, "excerpt": (x or "")[:120]} for r, f, n, e, x in rows],
            fmt, title="quarantine")
        return
    emit(QUARANTINE_COLUMNS, [dict(zip(QUARANTINE_COLUMNS, row, strict=True)) for row in rows], fmt)


def register(app: typer.Typer) -> None:
    app.command("runs")(runs)
    app.command("quarantine")(quarantine)
