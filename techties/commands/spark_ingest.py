"""CLI: `techties spark-ingest SNAPSHOT_DIR --out PARQUET_DIR` — an OpenAlex snapshot read on Spark,
written as a techties Parquet export (the layout of `techties export`).

Exit status: 0 written; 3 written, but some lines were quarantined (each said as file:line on stderr, as
`techties ingest` does); 2 the output folder exists (use --overwrite); 4 the snapshot folder is missing
or holds no part files (said before Spark starts); 1 Spark could not run (pyspark or Java missing, or a
Spark error: one line).
"""

from __future__ import annotations

from pathlib import Path

import typer

from techties.errors import EXIT_INPUT, EXIT_QUARANTINED, EXIT_UNEXPECTED, EXIT_USAGE
from techties.terminal import message, safe


def spark_ingest(
    snapshot_dir: Path = typer.Argument(..., help="OpenAlex snapshot folder (data/works/…/part_*.gz) or one file"),
    out: Path = typer.Option(..., "--out", help="Folder to create: the Parquet export (as `techties export`)"),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace the folder if it exists"),
    cores: int = typer.Option(2, "--cores", min=1, help="Local Spark cores (a cluster: spark-submit, see README)"),
) -> None:
    """Ingest an OpenAlex snapshot with Spark into a Parquet export that `techties research --parquet DIR
    [--spark]` reads, without passing through one machine's warehouse."""
    from techties.warehouse.spark_ingest import snapshot_files
    from techties.warehouse.spark_ingest import spark_ingest as run

    if not snapshot_dir.exists():
        message(f"error: input not found: {safe(str(snapshot_dir))}")
        raise typer.Exit(EXIT_INPUT)
    try:  # before Spark starts (tens of seconds): a folder with nothing to read is said at once
        files = snapshot_files(snapshot_dir)
    except FileNotFoundError as exc:
        message(f"error: {safe(str(exc))}")
        raise typer.Exit(EXIT_INPUT) from None
    if empty := nothing_to_read(snapshot_dir, files):
        message(f"error: {safe(empty)}")
        raise typer.Exit(EXIT_INPUT)
    if wrong := no_export(files):  # as `techties ingest` refuses them (exit 2), before Spark starts
        message(f"error: {safe(wrong)}")
        raise typer.Exit(EXIT_USAGE)
    from techties.warehouse.parquet import check_export_target

    try:
        check_export_target(out, overwrite)
    except FileExistsError as exc:
        message(f"error: {safe(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from None
    try:
        from techties.warehouse.spark import local_spark

        spark = local_spark(cores=cores, app_name="techties-spark-ingest")
        manifest = run(snapshot_dir, out, spark=spark, overwrite=overwrite,
                       command=f"techties spark-ingest {snapshot_dir} --out {out}")
    except FileNotFoundError as exc:
        message(f"error: {safe(str(exc))}")
        raise typer.Exit(EXIT_INPUT) from None
    except Exception as exc:  # noqa: BLE001 - Spark/Java errors: one line, no JVM stack trace
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        message(f"error: {type(exc).__name__}: {first}")
        raise typer.Exit(EXIT_UNEXPECTED) from None
    tables = manifest["tables"]
    message(f"wrote {safe(str(out))}: " + ", ".join(f"{t} {tables[t]['rows']:,}" for t in
                                                    ("works", "authorships", "institutions", "work_fields",
                                                     "work_funders", "quarantine")), stderr=False)
    if tables["quarantine"]["rows"]:
        _say_quarantined(out, tables["quarantine"]["rows"])
        raise typer.Exit(EXIT_QUARANTINED)


def nothing_to_read(snapshot_dir: Path, files: list[str]) -> str | None:
    """Why the snapshot has nothing to read when every part file is empty (0 bytes), else None. Why: an
    empty file started Spark and wrote an export of 0 works, exit 0, where `techties ingest` says "an empty
    file (0 bytes): nothing to read" (and the README: an empty snapshot is said, exit 4, before Spark)."""
    if any(Path(f).stat().st_size for f in files):
        return None
    if snapshot_dir.is_file():
        return f"{snapshot_dir}: an empty file (0 bytes): nothing to read"
    return f"{snapshot_dir}: every part file is empty (0 bytes, {len(files):,} of them): nothing to read"


def no_export(files: list[str]) -> str | None:
    """`FILE: why` for the first part file that is no export at all (a zip, a PDF, binary data), else None.
    Why: `spark-ingest data.bin` started Spark and quarantined every line ("not a JSON object with an id"),
    exit 3, where `techties ingest` says "binary data, not a text export" at once, exit 2."""
    from techties.sources.detect import not_text

    for f in files:
        if Path(f).stat().st_size and (why := not_text(f)):
            return f"{f}: {why}"
    return None


def _say_quarantined(out: Path, n: int, limit: int = 20) -> None:
    """The first quarantined lines as file:line on stderr, as `techties ingest` says them: a count alone sent
    the user digging in the export's Parquet for which line of which part file was bad."""
    import pyarrow.parquet as pq

    rows = sorted((r["file"], r["line"], r["error"]) for r in
                  pq.read_table(out / "quarantine", columns=["file", "line", "error"]).to_pylist())
    for file, line, error in rows[:limit]:
        message(f"quarantined {safe(file)}:{line}: {safe(error)}")
    if n > limit:
        message(f"… {n - limit} more in the export's table `quarantine` ({safe(str(out / 'quarantine'))})")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("spark-ingest")(spark_ingest)
