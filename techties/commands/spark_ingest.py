"""CLI: `techties spark-ingest SNAPSHOT_DIR --out PARQUET_DIR` — an OpenAlex snapshot read on Spark,
written as a techties Parquet export (the layout of `techties export`).

Exit status: 0 written; 2 the output folder exists (use --overwrite); 4 the snapshot folder is missing
or holds no part files; 1 Spark could not run (pyspark or Java missing, or a Spark error: one line).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from techties.terminal import safe

err = Console(stderr=True)


def spark_ingest(
    snapshot_dir: Path = typer.Argument(..., help="OpenAlex snapshot folder (data/works/…/part_*.gz) or one file"),
    out: Path = typer.Option(..., "--out", help="Folder to create: the Parquet export (as `techties export`)"),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace the folder if it exists"),
    cores: int = typer.Option(2, "--cores", min=1, help="Local Spark cores (a cluster: spark-submit, see README)"),
) -> None:
    """Ingest an OpenAlex snapshot with Spark into a Parquet export that `techties research --parquet DIR
    [--spark]` reads, without passing through one machine's warehouse."""
    from techties.warehouse.spark_ingest import spark_ingest as run

    if not snapshot_dir.exists():
        err.print(f"error: input not found: {snapshot_dir}", highlight=False, markup=False)
        raise typer.Exit(4)
    from techties.warehouse.parquet import check_export_target

    try:
        check_export_target(out, overwrite)
    except FileExistsError as exc:
        err.print(f"error: {safe(str(exc))}", highlight=False, markup=False)
        raise typer.Exit(2) from None
    try:
        from techties.warehouse.spark import local_spark

        spark = local_spark(cores=cores, app_name="techties-spark-ingest")
        manifest = run(snapshot_dir, out, spark=spark, overwrite=overwrite,
                       command=f"techties spark-ingest {snapshot_dir} --out {out}")
    except FileNotFoundError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        raise typer.Exit(4) from None
    except Exception as exc:  # noqa: BLE001 - Spark/Java errors: one line, no JVM stack trace
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        err.print(f"error: {type(exc).__name__}: {first}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    tables = manifest["tables"]
    Console().print(f"wrote {safe(str(out))}: " + ", ".join(f"{t} {tables[t]['rows']:,}" for t in
                                                            ("works", "authorships", "institutions", "work_fields",
                                                             "work_funders", "quarantine")),
                    markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("spark-ingest")(spark_ingest)
