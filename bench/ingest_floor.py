"""What any stored copy of a snapshot file costs next to DuckDB's read_json alone (issue 17's reference).

    python bench/ingest_floor.py [FILE] [--rounds 3]

Issue 17 asks the native ingest for at least 0.8 of `read_json`'s speed on the same file. This script
measures the cheapest stores imaginable, each reading the file with exactly the reference's
`read_json` (the native ingest's columns) and deriving nothing: no authorships, no fields, no
resolver, no hash, no index. Each round runs, alternately:

- the reference: `CREATE TEMP TABLE … AS SELECT * FROM read_json(…)` in memory (bench/ingest.py (b));
- the rows as read, into a table of a DuckDB file, then CHECKPOINT (what any DuckDB warehouse writes at
  least);
- the rows as read, `COPY`-ed to one Parquet file, uncompressed, snappy and zstd.

Each line prints wall and CPU seconds (`time.process_time`, every DuckDB thread) and the ratio
reference / store, the quantity issue 17 bounds below by 0.8. A ratio under 0.8 for a store that
derives nothing bounds every ingest that writes those rows there.
Default FILE: the 50k-work synthetic file of bench/ingest.py --works 50000.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _source() -> str:
    from techties.sources.openalex_native import MAX_OBJECT_BYTES, columns_literal

    return (f"read_json(?, format = 'newline_delimited', compression = 'gzip', columns = {columns_literal()}, "
            f"maximum_object_size = {MAX_OBJECT_BYTES}, hive_partitioning = false)")


def timed_store(path: Path, kind: str, workdir: Path, threads: int) -> tuple[float, float, int]:
    """(wall s, CPU s, bytes written) of reading `path` into the store `kind`."""
    import duckdb

    db = workdir / "floor.duckdb"
    out = workdir / f"floor-{kind}.parquet"
    for p in (db, db.with_name(db.name + ".wal"), out):
        p.unlink(missing_ok=True)
    con = duckdb.connect(str(db) if kind == "duckdb-file" else ":memory:")
    con.execute(f"SET threads = {int(threads)}")
    source = _source()
    t, c = time.perf_counter(), time.process_time()
    if kind == "reference":
        con.execute(f"CREATE TEMP TABLE w AS SELECT * FROM {source}", [str(path)])  # noqa: S608 (constants)
    elif kind == "duckdb-file":
        con.execute(f"CREATE TABLE w AS SELECT * FROM {source}", [str(path)])  # noqa: S608 (constants)
        con.execute("CHECKPOINT")
    else:
        codec = kind.removeprefix("parquet-")
        con.execute(f"COPY (SELECT * FROM {source}) TO '{out}' (FORMAT parquet, COMPRESSION {codec})",  # noqa: S608
                    [str(path)])  # kind is one of KINDS below, out a path this script names
    secs, cpu = time.perf_counter() - t, time.process_time() - c
    con.close()
    written = db.stat().st_size if kind == "duckdb-file" else out.stat().st_size if out.exists() else 0
    for p in (db, db.with_name(db.name + ".wal"), out):
        p.unlink(missing_ok=True)
    return secs, cpu, written


KINDS = ("reference", "duckdb-file", "parquet-uncompressed", "parquet-snappy", "parquet-zstd")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args(argv)
    if a.file is None:
        from ingest import ensure_snapshot

        a.file = ensure_snapshot(50_000)
    print(f"{a.file} ({a.file.stat().st_size / 2**20:.1f} MB gzip); {a.threads} threads; "
          f"load average {os.getloadavg()[0]:.2f} at start")
    print("| round | store | wall s | CPU s | written MB | reference / store (wall) | (CPU) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory(prefix="techties-floor-") as tmp:
        for r in range(1, a.rounds + 1):
            ref = timed_store(a.file, "reference", Path(tmp), a.threads)
            for kind in KINDS:
                secs, cpu, written = ref if kind == "reference" else timed_store(a.file, kind, Path(tmp), a.threads)
                print(f"| {r} | {kind} | {secs:.2f} | {cpu:.2f} | {written / 2**20:.0f} | "
                      f"{ref[0] / secs:.3f} | {ref[1] / cpu:.3f} |", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
