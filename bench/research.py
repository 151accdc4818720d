"""Research-query benchmark: each pair's `compute_research` time, cold and warm, next to the one-scan floor.

    python bench/research.py                          # 1M synthetic works (generated and ingested once)
    python bench/research.py --works 50000            # a smaller warehouse
    python bench/research.py --db W.duckdb            # an existing warehouse, as it is
    python bench/research.py --works 10000000 --jobs 2   # 10M on demand (hours to generate)
    python bench/research.py ... --refresh            # first bring its work_countries table in step (timed)
    python bench/research.py ... --without-table      # read countries from authorships, as an older warehouse
    python bench/research.py ... --profile            # also the slowest statements of each cold call

For each query it prints, in one run:
  cold   compute_research on a freshly opened connection in a new process (DuckDB's buffers empty;
         the OS file cache is whatever it is);
  warm   the same call again on that connection;
  floor  one scan of `authorships` for the pair's two countries (the works with both), best of 3:
         what any answer must at least read;
  and the ratios cold/floor and warm/floor (acceptance for CN-US at 1M works: cold within 10x), and
  where the query read the countries from: `work_countries` (in step with the warehouse, see
  techties/warehouse/work_countries.py) or `authorships` (no table, a stale one, or --without-table).
Figures are wall-clock on a shared machine: the load average is printed before and after, and the
process CPU times of the cold call and of the floor beside them (DuckDB's threads included), whose
ratio a loaded machine disturbs less.
"""

from __future__ import annotations

import argparse
import json
import os
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


def floor_secs(con, a: str, b: str, table: str = "authorships", repeat: int = 3) -> tuple[float, int, float]:
    """Best of `repeat` single scans for the works with both countries: (wall s, works, CPU s)."""
    best, best_cpu, n = float("inf"), float("inf"), 0
    sql = FLOOR_SQL.format(table=table)  # the table name is one of this module's constants
    for _ in range(repeat):
        t, cpu = time.perf_counter(), time.process_time()
        n = con.execute(sql, [a, b]).fetchone()[0]
        best, best_cpu = min(best, time.perf_counter() - t), min(best_cpu, time.process_time() - cpu)
    return best, n, best_cpu


def child(db: Path, label: str, without_table: bool = False, profile: bool = False) -> dict:
    """In a fresh process: compute_research cold, then warm, then the floor (read-only connection)."""
    import duckdb

    from techties import config
    from techties.metrics import research
    from techties.metrics.research import ResearchQuery, compute_research

    a, b, baseline, years = QUERIES[label]
    con = duckdb.connect(str(db), read_only=True)
    con.execute(f"SET memory_limit = '{config.memory_limit()}'")
    source = "authorships" if without_table else research.work_countries_source(con)
    if without_table:
        research.work_countries_source = lambda _con: "authorships"  # as a warehouse without the table
    q = ResearchQuery(a, b, baseline=baseline, years=years)
    timed = _Timed(con) if profile else con
    t, cpu = time.perf_counter(), time.process_time()
    result = compute_research(timed, q)
    cold, cold_cpu = time.perf_counter() - t, time.process_time() - cpu
    t = time.perf_counter()
    compute_research(con, q)
    warm = time.perf_counter() - t
    floor, n_pair, floor_cpu = floor_secs(con, a, b)
    yearly = result.table("yearly")
    out = {"cold": cold, "cold_cpu": cold_cpu, "warm": warm, "floor": floor, "floor_cpu": floor_cpu,
           "pair_works": n_pair, "tables": len(result.tables), "source": source,
           "yearly_total": sum(r[2] for r in yearly.rows if r[0] == f"{a}-{b}")}
    if profile:
        out["slowest"] = sorted(timed.log, reverse=True)[:8]
    return out


class _Timed:
    """A connection that records each statement's wall time (for --profile)."""

    def __init__(self, con):  # noqa: ANN001 - a DuckDB connection
        self.con, self.log = con, []

    def execute(self, sql: str, params: list | None = None):  # noqa: ANN201 - the connection's own result
        t = time.perf_counter()
        result = self.con.execute(sql, params or [])
        rows = result.fetchall() if result.description else []
        self.log.append((round(time.perf_counter() - t, 4), " ".join(sql.split())[:110]))
        return _Rows(rows)


class _Rows:
    def __init__(self, rows: list):
        self.rows = rows

    def fetchall(self) -> list:
        return self.rows

    def fetchone(self):  # noqa: ANN201 - a row or None
        return self.rows[0] if self.rows else None


def refresh(db: Path) -> tuple[str, float]:
    """Bring the warehouse's work_countries table in step (what every ingest does at its end)."""
    from techties.warehouse import Warehouse
    from techties.warehouse.work_countries import refresh_work_countries

    with Warehouse(db) as wh:
        t = time.perf_counter()
        done = refresh_work_countries(wh.con)
        return done, time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--works", type=int, default=1_000_000, help="synthetic works (default 1M)")
    ap.add_argument("--db", type=Path, help="warehouse to use (default: bench/out/research-<works>.duckdb, made once)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parallel snapshot writers")
    ap.add_argument("--query", action="append", choices=sorted(QUERIES), help="only these queries (repeatable)")
    ap.add_argument("--refresh", action="store_true", help="first bring work_countries in step (opens for writing)")
    ap.add_argument("--without-table", action="store_true", help="read countries from authorships, not work_countries")
    ap.add_argument("--profile", action="store_true", help="also print the slowest statements of each cold call")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.db, a.child, a.without_table, a.profile)))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    db = a.db or ensure_warehouse(a.works, OUT / f"research-{a.works}.duckdb", a.jobs)
    if not db.exists():
        ap.error(f"{db}: no such warehouse")
    import duckdb

    if a.refresh:
        done, secs = refresh(db)
        print(f"work_countries: {done} in {secs:.2f} s")
    con = duckdb.connect(str(db), read_only=True)
    n_works, n_auth = (con.execute("SELECT count(*) FROM works").fetchone()[0],
                       con.execute("SELECT count(*) FROM authorships").fetchone()[0])
    con.close()
    load = os.getloadavg()
    print(f"warehouse: {db} ({n_works:,} works, {n_auth:,} authorships)")
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start")
    print(f"{'query':22s} {'cold':>8s} {'warm':>8s} {'floor':>8s} {'cold/floor':>11s} {'warm/floor':>11s} "
          f"{'cpu: cold/floor':>20s}  pair works  countries from")
    figures: dict = {"db": str(db), "works": n_works, "authorships": n_auth, "load_avg": load, "queries": {}}
    for label in a.query or list(QUERIES):
        flags = ["--without-table"] * a.without_table + ["--profile"] * a.profile
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", label, "--db", str(db),
                               *flags], capture_output=True, text=True)
        if proc.returncode:
            sys.stderr.write(proc.stderr[-3000:])
            raise SystemExit(f"query {label} failed (exit {proc.returncode})")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        figures["queries"][label] = r
        print(f"{label:22s} {r['cold']:7.3f}s {r['warm']:7.3f}s {r['floor']:7.3f}s {r['cold'] / r['floor']:10.1f}x "
              f"{r['warm'] / r['floor']:10.1f}x {r['cold_cpu']:6.2f}/{r['floor_cpu']:.3f}s ="
              f"{r['cold_cpu'] / max(r['floor_cpu'], 1e-3):5.1f}x  {r['pair_works']:10,}  {r['source']}")
        for secs, sql in r.get("slowest", []):
            print(f"    {secs:7.3f}s  {sql}")
    end = os.getloadavg()
    figures["load_avg_end"] = end
    print(f"load average at the end: {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}")
    if a.json:
        a.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
