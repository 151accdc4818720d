"""CLI: `techties runs` and `techties quarantine` — what was run on a warehouse, and what was set aside."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from techties.config import reading_db
from techties.warehouse import Warehouse

DB_OPTION = typer.Option(None, "--db", help="Warehouse file (default: ~/.techties/warehouse.duckdb)")


def _open(db: Path | None) -> Warehouse:
    path = reading_db(db)
    if not Path(path).exists():
        Console(stderr=True).print(f"error: no warehouse at {path}")
        raise typer.Exit(4)
    return Warehouse(path, read_only=True)


def runs(db: Path | None = DB_OPTION, limit: int = typer.Option(20, help="How many runs, newest first")) -> None:
    """Every run recorded in the warehouse: command, inputs with their hashes, versions, counts."""
    with _open(db) as wh:
        rows = wh.con.execute(
            "SELECT run_id, command, started, finished, status, n_read, n_ok, n_quarantined, inputs_json,"
            " versions_json FROM runs ORDER BY started DESC LIMIT ?", [limit]).fetchall()
    table = Table(title="runs (newest first)", title_justify="left")
    for col in ("run", "command", "started", "status", "read", "stored", "quarantined", "inputs", "versions"):
        table.add_column(col, overflow="fold")
    for run_id, command, started, _fin, status, n_read, n_ok, n_q, inputs, versions in rows:
        files = [f"{Path(i.get('path', i.get('api', ''))).name} {str(i.get('sha256', ''))[:12]}"
                 for i in json.loads(inputs or "[]")]
        vers = ", ".join(f"{k} {v}" for k, v in json.loads(versions or "{}").items())
        table.add_row(run_id, command, started, status, str(n_read), str(n_ok), str(n_q), "\n".join(files), vers)
    Console().print(table)


def quarantine(db: Path | None = DB_OPTION, run: str | None = typer.Option(None, help="Only this run"),
               limit: int = typer.Option(100, help="How many lines")) -> None:
    """Lines and records set aside by ingest, with file, line and reason."""
    with _open(db) as wh:
        rows = wh.con.execute(
            "SELECT run_id, file, line, error, raw_excerpt FROM quarantine WHERE ? IS NULL OR run_id = ?"
            " ORDER BY file, line LIMIT ?", [run, run, limit]).fetchall()
    table = Table(title="quarantine", title_justify="left")
    for col in ("run", "file:line", "error", "excerpt"):
        table.add_column(col, overflow="fold")
    for run_id, file, line, error, excerpt in rows:
        table.add_row(run_id, f"{file}:{line}", error, (excerpt or "")[:120])
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("runs")(runs)
    app.command("quarantine")(quarantine)
