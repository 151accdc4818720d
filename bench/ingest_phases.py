"""Phase-by-phase wall and CPU time of the native OpenAlex ingest (issue 17), on one file.

    python bench/ingest_phases.py [FILE] [--db PATH]

Wraps the ingest's steps (sha256, gazetteer load, staging read, each SQL section, the resolver's second
pass, commit, checkpoint, index builds, rollup, work_countries) and prints, per step, wall seconds and
CPU seconds of the whole process (`time.process_time`: every DuckDB thread counts). Steps that run in a
helper thread beside others are marked "(thread)": their wall time overlaps the main thread's.
Default FILE: bench/out/openalex-synth-50000 (made by bench/ingest.py --works 50000).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT / "bench/out/openalex-synth-50000/data/works/updated_date=2025-06-01/part_000.gz"

TIMES: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])


def _timed(label: str, fn):
    def wrapper(*args, **kwargs):
        t, c = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            tag = label if threading.current_thread() is threading.main_thread() else label + " (thread)"
            rec = TIMES[tag]
            rec[0] += time.perf_counter() - t
            rec[1] += time.process_time() - c
            rec[2] += 1
    return wrapper


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--db", type=Path, default=ROOT / "bench/out/ingest-phases.duckdb")
    a = ap.parse_args()
    import techties.ingest_native as nat
    import techties.resolve.countries as countries
    from techties.warehouse import Warehouse

    for p in (a.db, a.db.with_name(a.db.name + ".wal")):
        p.unlink(missing_ok=True)
    wh = Warehouse(a.db)
    run_sql = nat._run

    def run(con, name, params=None):
        return _timed("sql " + name, run_sql)(con, name, params)

    nat._run = run
    nat.file_sha256 = _timed("sha256", nat.file_sha256)
    nat.country_from_affiliation = _timed("resolver (1st call loads the gazetteer)", countries.country_from_affiliation)
    nat._stage = _timed("staging read_json", nat._stage)
    nat.resolve_strings = _timed("resolver second pass (incl. its query)", nat.resolve_strings)
    nat.rollup_institutions = _timed("rollup_institutions", nat.rollup_institutions)
    nat.refresh_work_countries = _timed("refresh_work_countries", nat.refresh_work_countries)
    nat.store_staged = _timed("store_staged (all below)", nat.store_staged)
    wh.create_lookup_indexes = _timed("lookup indexes", wh.create_lookup_indexes)
    execute = wh.con.execute

    class Con:  # COMMIT and CHECKPOINT timed apart
        def __getattr__(self, name):
            return getattr(wh.con_real, name)

        def execute(self, sql, *args):
            s = sql.strip().upper()
            if s in ("COMMIT", "CHECKPOINT"):
                return _timed(s.lower(), execute)(sql, *args)
            return execute(sql, *args)

    load = os.getloadavg()
    t, c = time.perf_counter(), time.process_time()
    wh.con_real = wh.con
    wh.con = Con()
    try:
        report = nat.ingest_openalex_native(wh, [str(a.file)], show_progress=False)
    finally:
        wh.con = wh.con_real
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"{a.file.name}: {report.n_read:,} works; load average {load[0]:.2f} at start, "
          f"{os.getloadavg()[0]:.2f} at end")
    print("| step | calls | wall s | CPU s |\n| --- | --- | --- | --- |")
    for label, (w, cp, n) in TIMES.items():
        print(f"| {label} | {n} | {w:.2f} | {cp:.2f} |")
    print(f"| **whole ingest** | 1 | {wall:.2f} | {cpu:.2f} |")
    wh.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
