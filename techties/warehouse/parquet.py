"""The warehouse as Parquet files, for when the corpus outgrows one machine.

`export_parquet` writes every table of the warehouse as a folder of Parquet files in the Hive
layout Spark, DuckDB and pandas read: `works` partitioned by year (`year=2019/…`, unknown years
in Spark's `__HIVE_DEFAULT_PARTITION__`), every table split into files of at most `FILE_BYTES`.
A `manifest.json` records the columns and row count of each table, the snapshot dates and the
versions. `open_parquet` gives a DuckDB connection whose views have the warehouse's table names
and columns, so the same metrics SQL runs on the files.

An export is written to a sibling folder and renamed when complete: a killed export leaves no
half-written folder behind under the final name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import duckdb

from techties.warehouse.store import versions

MANIFEST = "manifest.json"
FILE_BYTES = "256MB"  # Parquet files per table roll over at this size: parallel reads on Spark
PARTITIONS = {"works": "year"}


def _sql_path(path: Path) -> str:
    """A file name as a SQL string literal (DuckDB's COPY takes no bound parameter for it)."""
    return "'" + str(path).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_TYPE = re.compile(r"[A-Z][A-Z0-9 ]*(\(\d+(, ?\d+)?\))?(\[\])?")


def _type(text: str) -> str:
    """A column type read from a manifest, checked before it goes into SQL (the file may come from anyone)."""
    if not _TYPE.fullmatch(text):
        raise ValueError(f"unexpected column type in the Parquet manifest: {text[:40]!r}")
    return text


def check_export_target(out: Path, overwrite: bool) -> Path:
    """`out` made absolute (`--out .` has no name to put `.partial` after), or FileExistsError when it
    exists and may not be replaced: without `overwrite`, or when it is not an earlier export (a file,
    or a folder with anything but a manifest of ours: `--overwrite` on the wrong folder deleted it whole).
    An empty folder counts as an export: nothing is lost."""
    out = Path(out).absolute()
    if not out.exists() and not out.is_symlink():
        return out
    # what --overwrite could never replace is said first: "exists (--overwrite replaces it)" of a file sent the
    # user to an option that then refused it
    if not out.is_dir() or out.is_symlink():
        raise FileExistsError(f"{out} is not a folder of a techties export: choose another folder")
    if any(out.iterdir()) and not _is_export(out):
        raise FileExistsError(f"{out} is not a techties export (no {MANIFEST} of ours): --overwrite only replaces"
                              " an earlier export; choose another folder")
    if not overwrite:
        raise FileExistsError(f"{out} exists: choose another folder or overwrite it (--overwrite replaces it)")
    return out


def _is_export(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and str(manifest.get("format", "")).startswith("techties-parquet")


def export_parquet(con: duckdb.DuckDBPyConnection, out: Path, *, overwrite: bool = False) -> dict[str, Any]:
    """Write every base table of the warehouse under `out` (one folder per table) and the manifest."""
    out = check_export_target(out, overwrite)
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    tables: dict[str, Any] = {}
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        " AND table_catalog = current_database() AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
    for name in names:
        columns = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main'"
            " AND table_catalog = current_database() AND table_name = ? ORDER BY ordinal_position", [name]).fetchall()
        rows = con.execute(f"SELECT count(*) FROM {_ident(name)}").fetchone()[0]  # noqa: S608 (catalog names)
        target = partial / name
        options = ["FORMAT parquet", "COMPRESSION zstd"]
        if not rows:  # one empty file that carries the schema: Spark cannot read a folder without one
            target.mkdir()
            destination = target / "data_0.parquet"
        else:
            destination = target
            options.append(f"FILE_SIZE_BYTES '{FILE_BYTES}'")
            if name in PARTITIONS:
                options.append(f"PARTITION_BY ({_ident(PARTITIONS[name])})")
        con.execute(f"COPY (SELECT * FROM {_ident(name)}) TO {_sql_path(destination)} ({', '.join(options)})")  # noqa: S608 (quoted)
        tables[name] = {"rows": rows, "columns": [{"name": c, "type": t} for c, t in columns],
                        "partitioned_by": PARTITIONS.get(name),
                        "bytes": sum(p.stat().st_size for p in target.rglob("*.parquet"))}
    as_of = con.execute("SELECT min(as_of), max(as_of) FROM works").fetchone() if "works" in names else (None, None)
    manifest = {
        "format": "techties-parquet-1",
        "exported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "works_as_of": {"first": as_of[0], "last": as_of[1]},
        "versions": versions(),
        "tables": tables,
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2))
    if out.exists():
        shutil.rmtree(out)
    partial.rename(out)
    return manifest


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of an export, its table names checked: they become SQL names in the readers."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(f"{folder}: not a techties Parquet export (no {MANIFEST})")
    manifest = json.loads(path.read_text())
    for name in manifest["tables"]:
        if not re.fullmatch(r"\w+", name):
            raise ValueError(f"unexpected table name in the Parquet manifest: {name[:40]!r}")
    return manifest


def open_parquet(folder: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per exported table, with the warehouse's names,
    column order and types, reading the Parquet files in place."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    con = duckdb.connect()
    for name, table in manifest["tables"].items():
        cols = ", ".join(f"CAST({_ident(c['name'])} AS {_type(c['type'])}) AS {_ident(c['name'])}"
                         for c in table["columns"])
        files = folder / name
        source = f"read_parquet({_sql_path(files / '**' / '*.parquet')}, hive_partitioning = true)"
        con.execute(f"CREATE VIEW {_ident(name)} AS SELECT {cols} FROM {source}")  # noqa: S608 (manifest names)
    return con
