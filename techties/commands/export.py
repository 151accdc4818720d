"""CLI: `techties export` — the warehouse as Parquet files (Hive layout) for Spark, DuckDB or pandas."""

from __future__ import annotations

from pathlib import Path

import typer

from techties.config import DB_HELP_READING, reading_db
from techties.terminal import message


def export(
    out: Path = typer.Option(..., "--out", help="Folder to create: one sub-folder of Parquet files per table"),
    db: Path | None = typer.Option(None, "--db", help=DB_HELP_READING),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace the folder if it exists"),
) -> None:
    """Write every warehouse table as Parquet (works partitioned by year) with a manifest;
    `techties research --parquet DIR` and Spark read it."""
    from techties.warehouse import Warehouse
    from techties.warehouse.parquet import export_parquet

    path = reading_db(db)
    if not Path(path).exists():
        message(f"error: no warehouse at {path}: run `techties ingest …` or `techties demo` first")
        raise typer.Exit(4)
    try:
        with Warehouse(path, read_only=True) as wh:
            manifest = export_parquet(wh.con, out, overwrite=overwrite)
    except FileExistsError as exc:
        message(f"error: {exc}")
        raise typer.Exit(2) from None
    tables = manifest["tables"]
    total = sum(t["bytes"] for t in tables.values())
    message(f"wrote {len(tables)} tables, {sum(t['rows'] for t in tables.values()):,} rows, "
            f"{total / 1e6:.1f} MB of Parquet to {out}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("export")(export)
