"""Research-query benchmark: each pair's `compute_research` time, cold and warm, next to the one-scan floor.

    python bench/research.py                          # 1M synthetic works (generated and ingested once)
    python bench/research.py --works 50000            # a smaller warehouse
    python bench/research.py --db W.duckdb            # an existing warehouse, as it is
    python bench/research.py --works 10000000 --jobs 2   # 10M on demand (hours to generate)
    python bench/research.py ... --work-countries     # also measure a persistent work x country table

For each query it prints, in one run:
  cold   compute_research on a freshly opened connection in a new process (DuckDB's buffers empty;
         the OS file cache is whatever it is);
  warm   the same call again on that connection;
  floor  one scan of `authorships` for the pair's two countries (the works with both), best of 3:
         what any answer must at least read;
  and the ratios cold/floor and warm/floor (acceptance for CN-US at 1M works: cold within 10x).
With --work-countries it also builds `bench_work_countries(work_id, country_code)` (distinct pairs,
sorted by country) in a copy of the warehouse, and times the same floor on it: the proposal of a
persistent table kept in step by ingest, measured without touching metrics/research.py.
Figures are wall-clock on a shared machine: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
QUERIES = {  # label: (a, b, baseline, years)
    "CN-RU-US 2010-2019": ("CN", "RU", "US", (2010, 2019)),
    "CN-RU all years": ("CN", "RU", None, None),
    "CN-US all years": ("CN", "US", None, None),
    "RU-US all years": ("RU", "US", None, None),
}
FLOOR_SQL = ("SELECT count(*) FROM (SELECT work_id FROM {table} WHERE country_code IN (?, ?)"
             " GROUP BY work_id HAVING count(DISTINCT country_code) = 2)")


def ensure_warehouse(works: int, db: Path, jobs: int) -> Path:
    """A warehouse of `works` synthetic works, made once: the snapshot generated, then the native ingest."""
    if db.exists():
        return db
    root = OUT / f"openalex-synth-{works}"
    parts = sorted((root / "data" / "works").rglob("part_*.gz")) if root.exists() else []
    if not parts:
        files = max(1, -(-works // 250_000))
        print(f"generating {works:,} synthetic works in {files} part file(s) -> {root} ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "make_openalex_snapshot.py"), "--works", str(works), "--out",
                        str(root), "--files", str(files), "--jobs", str(jobs)], check=True)
        parts = sorted((root / "data" / "works").rglob("part_*.gz"))
    from techties.ingest_native import ingest_openalex_native
    from techties.warehouse import Warehouse

    t = time.perf_counter()
    with Warehouse(db) as wh:
        report = ingest_openalex_native(wh, parts, show_progress=True)
    print(f"ingested {report.n_ok:,} works in {time.perf_counter() - t:.1f} s (native ingest) -> {db}", flush=True)
    return db


def floor_secs(con, a: str, b: str, table: str = "authorships", repeat: int = 3) -> tuple[float, int]:
    """Best of `repeat` single scans for the works with both countries."""
    best, n = float("inf"), 0
    sql = FLOOR_SQL.format(table=table)  # the table name is one of this module's constants
    for _ in range(repeat):
        t = time.perf_counter()
        n = con.execute(sql, [a, b]).fetchone()[0]
        best = min(best, time.perf_counter() - t)
    return best, n


def child(db: Path, label: str) -> dict:
    """In a fresh process: compute_research cold, then warm, then the floor (read-only connection)."""
    import duckdb

    from techties import config
    from techties.metrics.research import ResearchQuery, compute_research

    a, b, baseline, years = QUERIES[label]
    con = duckdb.connect(str(db), read_only=True)
    con.execute(f"SET memory_limit = '{config.memory_limit()}'")
    q = ResearchQuery(a, b, baseline=baseline, years=years)
    t = time.perf_counter()
    result = compute_research(con, q)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    compute_research(con, q)
    warm = time.perf_counter() - t
    floor, n_pair = floor_secs(con, a, b)
    yearly = result.table("yearly")
    return {"cold": cold, "warm": warm, "floor": floor, "pair_works": n_pair, "tables": len(result.tables),
            "yearly_total": sum(r[2] for r in yearly.rows if r[0] == f"{a}-{b}")}


def work_countries(db: Path) -> dict:
    """The proposal, measured on a copy: a persistent work x country table, and the floor on it."""
    import duckdb

    copy = db.with_name(db.stem + "-wc.duckdb")
    shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    t = time.perf_counter()
    con.execute("CREATE OR REPLACE TABLE bench_work_countries AS SELECT DISTINCT country_code, work_id"
                " FROM authorships WHERE country_code IS NOT NULL ORDER BY country_code, work_id")
    build = time.perf_counter() - t
    rows = con.execute("SELECT count(*) FROM bench_work_countries").fetchone()[0]
    out = {"build_secs": build, "rows": rows, "floors": {}}
    for label, (a, b, _, _) in QUERIES.items():
        out["floors"][label] = floor_secs(con, a, b, table="bench_work_countries")[0]
    con.close()
    copy.unlink()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--works", type=int, default=1_000_000, help="synthetic works (default 1M)")
    ap.add_argument("--db", type=Path, help="warehouse to use (default: bench/out/research-<works>.duckdb, made once)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parallel snapshot writers")
    ap.add_argument("--query", action="append", choices=sorted(QUERIES), help="only these queries (repeatable)")
    ap.add_argument("--work-countries", action="store_true", help="also measure a persistent work x country table")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.db, a.child)))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    db = a.db or ensure_warehouse(a.works, OUT / f"research-{a.works}.duckdb", a.jobs)
    if not db.exists():
        ap.error(f"{db}: no such warehouse")
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    n_works, n_auth = (con.execute("SELECT count(*) FROM works").fetchone()[0],
                       con.execute("SELECT count(*) FROM authorships").fetchone()[0])
    con.close()
    load = os.getloadavg()
    print(f"warehouse: {db} ({n_works:,} works, {n_auth:,} authorships)")
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start")
    print(f"{'query':22s} {'cold':>8s} {'warm':>8s} {'floor':>8s} {'cold/floor':>11s} {'warm/floor':>11s}  pair works")
    figures: dict = {"db": str(db), "works": n_works, "authorships": n_auth, "load_avg": load, "queries": {}}
    for label in a.query or list(QUERIES):
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", label, "--db", str(db)],
                              capture_output=True, text=True)
        if proc.returncode:
            sys.stderr.write(proc.stderr[-3000:])
            raise SystemExit(f"query {label} failed (exit {proc.returncode})")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        figures["queries"][label] = r
        print(f"{label:22s} {r['cold']:7.3f}s {r['warm']:7.3f}s {r['floor']:7.3f}s {r['cold'] / r['floor']:10.1f}x "
              f"{r['warm'] / r['floor']:10.1f}x  {r['pair_works']:,}")
    if a.work_countries:
        wc = work_countries(db)
        figures["work_countries"] = wc
        print(f"proposal: a work x country table ({wc['rows']:,} rows) builds in {wc['build_secs']:.2f} s; "
              "the one-scan floor on it:")
        for label, secs in wc["floors"].items():
            base = figures["queries"].get(label, {}).get("floor")
            print(f"    {label:22s} {secs:7.3f}s" + (f"  ({base / secs:.1f}x faster than on authorships)"
                                                     if base else ""))
    end = os.getloadavg()
    figures["load_avg_end"] = end
    print(f"load average at the end: {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}")
    if a.json:
        a.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
