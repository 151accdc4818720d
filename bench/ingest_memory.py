"""Memory of a long ingest: RSS after every batch, to see whether it stays flat as the input grows.

    python bench/make_openalex_snapshot.py --works 1000000 --files 2 --jobs 2
    python bench/ingest_memory.py bench/out/openalex-synth-1000000/data/works/*/part_*.gz --memory-limit 1GB

Prints the RSS at each tenth of the batches, the peak, and DuckDB's own accounting at the end.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def rss_mb() -> float:
    import os

    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--db", type=Path, default=OUT / "ingest-memory.duckdb", help="warehouse file (recreated)")
    ap.add_argument("--memory-limit", default=None, help="DuckDB memory_limit, e.g. 1GB")
    ap.add_argument("--batch-size", type=int, default=2000)
    a = ap.parse_args(argv)
    if a.memory_limit and not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", a.memory_limit, re.IGNORECASE):
        ap.error(f"memory limit must look like 512MB or 2GB, got {a.memory_limit!r}")

    from techties.ingest import ingest_files
    from techties.warehouse import Warehouse

    for p in (a.db, a.db.with_name(a.db.name + ".wal")):
        p.unlink(missing_ok=True)
    wh = Warehouse(a.db)
    if a.memory_limit:
        wh.con.execute(f"SET memory_limit = '{a.memory_limit}'")  # validated above
    trace: list[tuple[float, float]] = []  # (CPU seconds since start, RSS MB) after each batch
    start, cpu0 = time.perf_counter(), time.process_time()
    report = ingest_files(wh, "openalex", [str(p) for p in a.files], batch_size=a.batch_size, show_progress=False,
                          after_batch=lambda n: trace.append((time.process_time() - cpu0, rss_mb())))
    secs = time.perf_counter() - start
    held = wh.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0] or 0
    limit = wh.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    wh.close()
    gz = sum(p.stat().st_size for p in a.files) / 1e6
    print(f"{report.n_read:,} works from {len(a.files)} file(s), {gz:.0f} MB gzip, in {secs:.0f} s; "
          f"DuckDB memory_limit {limit}")
    step = max(1, len(trace) // 10)
    print("  (CPU per batch: mean over the preceding tenth; a rising figure means the store slows as it fills)")
    for i in range(0, len(trace), step):
        j = max(0, i - step)
        per_batch = (trace[i][0] - trace[j][0]) / max(1, i - j)
        print(f"  batch {i + 1:>5}/{len(trace)}: RSS {trace[i][1]:6.0f} MB, {per_batch:5.2f} CPU-s per batch")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  last batch: RSS {trace[-1][1]:.0f} MB; peak RSS {peak:.0f} MB; "
          f"DuckDB holds {held / 1e6:.0f} MB at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
