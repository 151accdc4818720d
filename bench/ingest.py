"""Ingest benchmark: both techties OpenAlex snapshot ingests next to DuckDB's JSON reader and isal.

    python bench/ingest.py                         # generates 20k and 100k synthetic works if missing
    python bench/ingest.py --works 50000           # the issue's acceptance file (generated if missing)
    python bench/ingest.py --file F.gz [--small G.gz] [--db PATH] [--breakdown] [--abstracts] [--json OUT]

Prints, in one run on the same gzip file:
  (a) single-core decompression speed with python-isal, MB/s of gzip input;
  (b) DuckDB's read_json with the columns the native ingest declares (sources.openalex_native),
      materialised and stored nowhere: the fastest JSON reader already in our stack;
  (c) techties' native ingest (the default of `techties ingest openalex`) and the Python ingest
      (`--engine python`), works/s and MB/s of gzip input, each in its own process;
  (d) the ratios: native / read_json (acceptance: >= 0.8), native / isal, python / read_json;
  (e) the ingests' peak memory at two input sizes, and the CN-RU research query times;
  with --abstracts, the two ways of rebuilding abstracts (in SQL at ingest, or `fill_abstracts`
  later, when the classifier needs them), with --writes the native ingest's writes alone (the floor of
  the ratio: as shipped, without the abstract index, into an in-memory database), and with --breakdown
  where one core's time goes in the Python ingest. `--json` keeps `ingest_mb_s` (the default path),
  `duckdb.gz_mb_s`, `isal.gz_mb_s`.
Figures are wall-clock on whatever else the machine is running: the load average is printed
before and after, with the CPU seconds of each path.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
MB = 1e6


# --------------------------------------------------------------------------------------------
# measurements that run in this process
def isal_decompress(path: Path, repeat: int = 2) -> dict[str, float]:
    """Best of `repeat` single-core passes of isal's gzip decompressor over the file."""
    from isal import igzip

    best = cpu_best = float("inf")
    raw = 0
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        raw = 0
        with igzip.open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                raw += len(block)
        best = min(best, time.perf_counter() - t)
        cpu_best = min(cpu_best, time.process_time() - c)
    gz = path.stat().st_size
    return {"secs": best, "cpu_secs": cpu_best, "gz_mb_s": gz / MB / best, "raw_mb_s": raw / MB / best,
            "gz_mb_per_cpu_s": gz / MB / cpu_best, "raw_bytes": raw, "gz_bytes": gz}


def _native_columns() -> dict[str, str]:
    """The columns the native ingest declares: the reference reads exactly what the ingest reads."""
    from techties.sources.openalex_native import READ_COLUMNS

    return dict(READ_COLUMNS)


def duckdb_read_json(path: Path, threads: int, columns: dict[str, str] | None = None,
                     db: Path | None = None) -> dict[str, float]:
    """DuckDB's JSON reader with explicit columns, materialising the rows in a temp table and storing
    nothing. With `db`, the temp table lives beside a database file, as the native ingest's stage does."""
    import duckdb

    from techties.sources.openalex_native import MAX_OBJECT_BYTES, columns_literal

    if db is not None:
        for p in (db, db.with_name(db.name + ".wal")):
            p.unlink(missing_ok=True)
    con = duckdb.connect(str(db) if db else ":memory:")
    con.execute(f"SET threads = {int(threads)}")
    cols = columns_literal(columns or _native_columns())
    t, c = time.perf_counter(), time.process_time()
    sql = ("CREATE TEMP TABLE w AS SELECT * FROM read_json(?, format='newline_delimited', compression='gzip', "  # noqa: S608
           f"columns={cols}, maximum_object_size={MAX_OBJECT_BYTES}, hive_partitioning=false)")  # constants
    con.execute(sql, [str(path)])
    n, n_auth = con.execute("SELECT count(*), sum(len(authorships)) FROM w").fetchone()
    secs, cpu = time.perf_counter() - t, time.process_time() - c
    con.close()
    if db is not None:
        db.unlink(missing_ok=True)
    gz = path.stat().st_size / MB
    return {"secs": secs, "cpu_secs": cpu, "works": n, "authorships": n_auth, "gz_mb_s": gz / secs,
            "gz_mb_per_cpu_s": gz / cpu}


def breakdown(path: Path, limit: int, batch: int = 2000, commit_batches: int = 8) -> list[tuple[str, float]]:
    """CPU seconds per stage on one core for the first `limit` lines, batch by batch like the ingest:
    where its time goes. CPU time (not wall time), so other load does not blur the split. The cyclic
    garbage collector is off, as in the ingest's parsing workers."""
    import gc

    from techties.resolve.countries import country_from_affiliation
    from techties.sources import openalex_snapshot as oa
    from techties.sources.io import LineSource
    from techties.warehouse import Warehouse
    from techties.warehouse.batch import WorkBatch

    country_from_affiliation("Moscow, Russia")  # the gazetteer's one-off load is not per-record work
    db = OUT / "breakdown.duckdb"
    db.unlink(missing_ok=True)
    wh = Warehouse(db)
    names = ["writer: decompress + cut blocks of lines (isal)", "worker: msgspec decode to Structs",
             "worker: rows from the Structs (abstracts rebuilt)", "worker: resolve countries of bare affiliations",
             "worker: rows -> Arrow tables", f"writer: DuckDB upsert, {commit_batches} batches per transaction"]
    secs = dict.fromkeys(names, 0.0)
    pending: list[dict] = []
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        with wh.bulk_load():
            blocks = LineSource(path).blocks(batch)
            done = 0
            while done < limit:
                t = time.process_time()
                item = next(blocks, None)
                secs[names[0]] += time.process_time() - t
                if item is None:
                    break
                first, last, block = item
                t = time.process_time()
                recs = [oa._DECODER.decode(line) for _, line in oa.block_lines(first, block)]
                secs[names[1]] += time.process_time() - t
                t = time.process_time()
                rows = WorkBatch()
                for rec in recs:
                    oa.add_record(rows, rec, source="openalex-snapshot", as_of="x", retrieved_at="x")
                secs[names[2]] += time.process_time() - t
                t = time.process_time()
                rows.resolve_countries(country_from_affiliation)
                secs[names[3]] += time.process_time() - t
                t = time.process_time()
                pending.append(rows.to_tables("bench"))
                secs[names[4]] += time.process_time() - t
                done = last
                if len(pending) == commit_batches or done >= limit:
                    t = time.process_time()
                    wh.store_prepared(pending, [], run_id="bench", input_key="k", path=str(path), lines_done=done)
                    secs[names[5]] += time.process_time() - t
                    pending = []
            if pending:
                t = time.process_time()
                wh.store_prepared(pending, [], run_id="bench", input_key="k", path=str(path), lines_done=done)
                secs[names[5]] += time.process_time() - t
    finally:
        if gc_was_on:
            gc.enable()
    wh.close()
    db.unlink(missing_ok=True)
    return list(secs.items())


class GcTimer:
    """Time spent in Python's cyclic garbage collector while the block runs (gc.callbacks)."""

    def __init__(self) -> None:
        self.secs = 0.0
        self.collections = 0
        self._t = 0.0

    def _cb(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t = time.process_time()
        else:
            self.secs += time.process_time() - self._t
            self.collections += 1

    def __enter__(self) -> GcTimer:
        import gc

        gc.callbacks.append(self._cb)
        return self

    def __exit__(self, *exc: object) -> None:
        import gc

        gc.callbacks.remove(self._cb)


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def _fifths(trace: list[float]) -> str:
    """Median RSS in the first and the last fifth of the batches."""
    if len(trace) < 5:
        return "too few batches for a trace"
    k = max(1, len(trace) // 5)
    first, last = sorted(trace[:k]), sorted(trace[-k:])
    return f"median RSS {first[len(first) // 2]:.0f} MB in the first fifth of the batches, " \
        f"{last[len(last) // 2]:.0f} MB in the last fifth"


# --------------------------------------------------------------------------------------------
# the ingest, in a subprocess so that its peak memory is its own
def child_ingest(path: Path, db: Path, batch_size: int, workers: int | None, query: bool,
                 memory_limit: str | None = None, engine: str = "native") -> dict:
    """Fresh warehouse, one ingest of `path` with `engine`, then (native) the abstracts filled and the
    research queries. Runs in the child."""
    from techties.ingest import ingest_files
    from techties.ingest_native import fill_abstracts, ingest_openalex_native
    from techties.warehouse import Warehouse

    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    wh = Warehouse(db)
    if memory_limit:
        wh.con.execute(f"SET memory_limit = '{memory_limit}'")  # checked by argparse: digits + unit only
    gct = GcTimer().__enter__()
    t0 = time.perf_counter()
    cpu0 = os.times()
    trace: list[float] = []  # RSS after each batch: a flat trace is what "bounded" means

    def after_batch(_n: int) -> None:
        trace.append(_rss_mb())

    if engine == "native":
        report = ingest_openalex_native(wh, [path], show_progress=False)
    else:
        report = ingest_files(wh, "openalex", [path], batch_size=batch_size, workers=workers, show_progress=False,
                              after_batch=after_batch)
    secs = time.perf_counter() - t0
    gct.__exit__()
    cpu1 = os.times()
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system) + (cpu1.children_user - cpu0.children_user) + \
        (cpu1.children_system - cpu0.children_system)
    counts = {t: wh.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 (fixed table names)
              for t in ("works", "authorships", "institutions", "work_fields", "work_funders")}
    out = {
        "secs": secs, "cpu_secs": cpu, "n_read": report.n_read, "n_ok": report.n_ok,
        "n_quarantined": report.n_quarantined, "counts": counts,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "gc_secs": gct.secs, "gc_collections": gct.collections, "rss_trace_mb": trace,
        "duckdb_memory_mb": (wh.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
                             or 0) / MB,
        "duckdb_memory_limit": wh.con.execute("SELECT current_setting('memory_limit')").fetchone()[0],
        "engine": engine,
    }
    if engine == "native":  # the abstracts, rebuilt later (as `techties classify apply` does first)
        t = time.perf_counter()
        out["abstracts_filled"] = fill_abstracts(wh.con)
        out["abstracts_fill_secs"] = time.perf_counter() - t
    if query:
        out["query"] = time_queries(wh)
    wh.close()
    return out


def time_queries(wh) -> dict:
    """The CN-RU query: the full research metrics if available, and a plain yearly SQL count."""
    con = wh.con
    res: dict = {}
    t = time.perf_counter()
    rows = con.execute(
        "SELECT w.year, count(*) FROM works w WHERE w.work_id IN ("
        " SELECT work_id FROM authorships WHERE country_code = 'CN'"
        " INTERSECT SELECT work_id FROM authorships WHERE country_code = 'RU') GROUP BY 1 ORDER BY 1"
    ).fetchall()
    res["sql_secs"] = time.perf_counter() - t
    res["sql_cn_ru_total"] = sum(r[1] for r in rows)
    res["sql_years"] = {int(y): n for y, n in rows}
    try:
        from techties.metrics.research import ResearchQuery, compute_research
    except ImportError as exc:
        res["compute_research"] = f"unavailable ({exc})"
        return res
    for label, q in (("cn_ru", ResearchQuery("CN", "RU")),
                     ("cn_ru_baseline_us", ResearchQuery("CN", "RU", baseline="US", years=(2010, 2019)))):
        t = time.perf_counter()
        result = compute_research(con, q)
        first = time.perf_counter() - t
        t = time.perf_counter()
        compute_research(con, q)
        again = time.perf_counter() - t
        yearly = result.table("yearly")
        res[label] = {"secs_first": first, "secs_again": again, "tables": len(result.tables),
                      "pair_total": sum(r[2] for r in yearly.rows if r[0] == "CN-RU")}
    return res


def run_child(path: Path, db: Path, batch_size: int, workers: int | None, query: bool,
              memory_limit: str | None = None, engine: str = "native") -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--file", str(path), "--db", str(db),
           "--batch-size", str(batch_size), "--engine", engine]
    if memory_limit:
        cmd += ["--memory-limit", memory_limit]
    if workers:
        cmd += ["--workers", str(workers)]
    if query:
        cmd.append("--query")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"ingest child failed on {path} (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------
def ensure_snapshot(works: int, seed: int = 1) -> Path:
    """A synthetic snapshot file of `works` works under bench/out (generated once)."""
    from techties.sources import synthetic

    root = OUT / f"openalex-synth-{works}"
    snap = synthetic.plan_parts(root, works, 1)
    path = snap.parts[0].path
    if not path.exists():
        print(f"generating {works} synthetic works -> {path} ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "make_openalex_snapshot.py"), "--works", str(works),
                        "--out", str(root), "--seed", str(seed), "--files", "1"], check=True)
    return path


def _memory_limit(text: str) -> str:
    import re

    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", text.strip(), re.IGNORECASE):
        raise argparse.ArgumentTypeError(f"memory limit must look like 512MB or 2GB, got {text!r}")
    return text.strip()


def abstracts_in_sql(path: Path, threads: int) -> dict[str, float]:
    """The other way to rebuild abstracts: parse the inverted index as a MAP in read_json and rebuild the
    text in SQL (positions sorted, the last word at a repeated position kept). Returns the extra
    seconds of that read over the JSON-text read, and the rebuild's own seconds."""
    import duckdb

    from techties.sources.openalex_native import columns_literal

    cols = _native_columns()
    as_map = dict(cols, abstract_inverted_index="MAP(VARCHAR, INTEGER[])")
    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    out: dict[str, float] = {}
    for label, spec in (("json_read_secs", cols), ("map_read_secs", as_map)):
        con.execute("DROP TABLE IF EXISTS w")
        t = time.perf_counter()
        con.execute("CREATE TEMP TABLE w AS SELECT * FROM read_json(?, format='newline_delimited', "  # noqa: S608
                    f"compression='gzip', columns={columns_literal(spec)}, hive_partitioning=false)", [str(path)])
        out[label] = time.perf_counter() - t
    t = time.perf_counter()
    con.execute("""CREATE TEMP TABLE ab AS SELECT id, nullif(array_to_string(list_transform(
        list_filter(s, lambda x, i: i = len(s) OR s[i + 1].p <> x.p), lambda x: x.w), ' '), '') AS abstract
        FROM (SELECT id, list_sort(flatten(list_transform(map_entries(abstract_inverted_index),
              lambda e, k: list_transform(e.value, lambda p: {'p': p, 'k': k, 'w': e.key})))) AS s FROM w)""")
    out["rebuild_secs"] = time.perf_counter() - t
    con.close()
    return out


WRITE_VARIANTS = ("shipped", "no abstract index", "in memory")


def write_variants(path: Path, threads: int, repeat: int = 2) -> list[dict]:
    """Where the native ingest's floor is: the file staged once (as the ingest stages it), then its SQL
    (`ingest_native._insert_rows`) into a fresh warehouse per variant, `repeat` alternating rounds.
    CPU-s (all threads) of the SQL, the commit, the checkpoint and the lookup indexes, and the file size:
    the ingest's writes after the read, apart from the read itself."""
    from importlib import resources

    import duckdb
    import pyarrow as pa

    from techties.ingest_native import _insert_rows
    from techties.resolve.countries import country_from_affiliation
    from techties.sources.openalex_native import read_json_sql
    from techties.warehouse.store import ABSTRACT_INDEX_COLUMN, LOOKUP_INDEXES

    def cpu() -> float:
        t = os.times()
        return t.user + t.system

    country_from_affiliation("Moscow, Russia")  # the gazetteer's one-off load is not the writes' cost
    schema = resources.files("techties.warehouse").joinpath("schema.sql").read_text()
    schema = schema.replace(ABSTRACT_INDEX_COLUMN, f"{ABSTRACT_INDEX_COLUMN} USING COMPRESSION zstd", 1)
    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    source = read_json_sql(compression="gzip", ignore_errors=False)
    con.execute(f"CREATE TEMP TABLE oa_staged AS SELECT * FROM {source}", [[str(path)]])  # noqa: S608 (constants)
    out: list[dict] = []
    for _ in range(repeat):
        for variant in WRITE_VARIANTS:
            db = OUT / "write-variant.duckdb"
            for p in (db, db.with_name(db.name + ".wal")):
                p.unlink(missing_ok=True)
            con.execute("ATTACH ':memory:' AS t" if variant == "in memory" else f"ATTACH '{db}' AS t")
            con.execute("USE t")
            con.execute(schema)
            for name in LOOKUP_INDEXES:  # as Warehouse.bulk_load: built once at the end
                con.execute(f"DROP INDEX IF EXISTS {name}")
            con.execute("CREATE OR REPLACE TEMP TABLE oa_raw AS SELECT * FROM oa_staged")
            if variant == "no abstract index":
                con.execute("UPDATE oa_raw SET abstract_inverted_index = NULL")
            con.register("oa_files", pa.table({"filename": [str(path)], "ordinal": pa.array([0], pa.int32()),
                                               "as_of": ["2025-06-01"], "file_date": ["2025-06-01"]}))
            con.execute("SET preserve_insertion_order = false")
            c0 = cpu()
            con.execute("BEGIN TRANSACTION")
            _insert_rows(con, run_id="bench", retrieved_at="2026-01-01")
            c1 = cpu()
            con.execute("COMMIT")
            c2 = cpu()
            con.execute("CHECKPOINT t")
            c3 = cpu()
            for name, (table, column) in LOOKUP_INDEXES.items():
                con.execute(f"CREATE INDEX {name} ON {table} ({column})")  # noqa: S608 (constants)
            con.execute("CHECKPOINT t")
            c4 = cpu()
            con.execute("RESET preserve_insertion_order")
            con.execute("USE memory")
            con.execute("DETACH t")
            out.append({"variant": variant, "sql": c1 - c0, "commit": c2 - c1, "checkpoint": c3 - c2,
                        "indexes": c4 - c3, "mb": db.stat().st_size / MB if variant != "in memory" else 0.0})
    con.close()
    return out


def _cores_busy(r: dict) -> str:
    return f"CPU {r['cpu_secs']:.1f} s = {r['cpu_secs'] / r['secs']:.2f} cores busy"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, help="gzip JSON Lines of OpenAlex works (default: 100k synthetic)")
    ap.add_argument("--works", type=int, default=None, help="use (and generate once) a synthetic file of N works")
    ap.add_argument("--small", type=Path, help="a smaller file for the memory comparison (default: 20k synthetic)")
    ap.add_argument("--no-small", action="store_true", help="skip the memory comparison on the smaller file")
    ap.add_argument("--db", type=Path, default=OUT / "ingest-bench.duckdb", help="warehouse file (recreated)")
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=None, help="Python path: parsing processes (default: one per core)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2, help="DuckDB threads for read_json")
    ap.add_argument("--no-python", action="store_true", help="skip the Python ingest (--engine python)")
    ap.add_argument("--abstracts", action="store_true", help="also time rebuilding abstracts in SQL")
    ap.add_argument("--writes", type=int, nargs="?", const=2, default=0,
                    help="also time the native ingest's writes alone in N rounds: as shipped, without the abstract "
                         "index, into an in-memory database (the floor of the ratio)")
    ap.add_argument("--breakdown", type=int, nargs="?", const=20000, default=0,
                    help="also time each stage of the Python ingest on one core for the first N lines")
    ap.add_argument("--memory-limit", type=_memory_limit, default=None,
                    help="DuckDB memory_limit for the ingest (e.g. 1GB); default: techties' own setting")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="native", choices=("native", "python"), help=argparse.SUPPRESS)
    ap.add_argument("--query", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.child:
        print(json.dumps(child_ingest(a.file, a.db, a.batch_size, a.workers, a.query, a.memory_limit, a.engine)))
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    big = a.file or ensure_snapshot(a.works or 100_000)
    small = None if a.no_small else (a.small or ensure_snapshot(20_000))
    for p in (big, small):
        if p is not None and not p.is_file():
            ap.error(f"{p}: no such file")
    gz_big = big.stat().st_size
    gz_mb = gz_big / MB
    load = os.getloadavg()
    print(f"file: {big} ({gz_mb:.1f} MB gzip)")
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start "
          f"(other work on the machine slows every figure)")

    limit = isal_decompress(big)
    print(f"(a) isal decompression, 1 core        : {limit['gz_mb_s']:7.1f} MB/s gzip "
          f"({limit['raw_mb_s']:.0f} MB/s uncompressed, {limit['raw_bytes'] / gz_big:.1f}x) in {limit['secs']:.2f} s")
    d = duckdb_read_json(big, a.threads, db=a.db.with_name(a.db.stem + "-readjson.duckdb"))
    print(f"(b) DuckDB read_json alone, {a.threads} threads : {d['gz_mb_s']:7.1f} MB/s gzip ({d['works']:,} works in "
          f"{d['secs']:.2f} s, {_cores_busy(d)}; the native ingest's columns, stored nowhere)")
    native = run_child(big, a.db, a.batch_size, a.workers, query=True, memory_limit=a.memory_limit, engine="native")
    mb_s = gz_mb / native["secs"]
    print(f"(c) techties ingest, native (default)   : {mb_s:7.1f} MB/s gzip, {native['n_read'] / native['secs']:,.0f} "
          f"works/s ({native['n_read']:,} works in {native['secs']:.2f} s, {_cores_busy(native)})")
    print("    stored: " + ", ".join(f"{k} {v:,}" for k, v in native["counts"].items()))
    print(f"    abstracts rebuilt afterwards by fill_abstracts: {native['abstracts_filled']:,} in "
          f"{native['abstracts_fill_secs']:.2f} s (what `techties classify apply` does first)")
    py = None
    if not a.no_python:
        py = run_child(big, a.db.with_name(a.db.stem + "-python.duckdb"), a.batch_size, a.workers, query=False,
                       memory_limit=a.memory_limit, engine="python")
        print(f"    techties ingest --engine python     : {gz_mb / py['secs']:7.1f} MB/s gzip, "
              f"{py['n_read'] / py['secs']:,.0f} works/s ({py['secs']:.2f} s, {_cores_busy(py)})")
    ratio = mb_s / d["gz_mb_s"]
    print(f"(d) ratio native / read_json: {ratio:.3f} (acceptance >= 0.8); native / isal: "
          f"{mb_s / limit['gz_mb_s']:.3f}" + (f"; python / read_json: {gz_mb / py['secs'] / d['gz_mb_s']:.3f}"
                                               if py else ""))
    cpu_ratio = d["cpu_secs"] / native["cpu_secs"]
    print(f"    CPU-time view (less sensitive to other load): read_json {d['cpu_secs']:.1f} CPU-s, native ingest "
          f"{native['cpu_secs']:.1f} CPU-s: ratio {cpu_ratio:.3f}")
    load_end = os.getloadavg()
    print(f"    load average at the end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")

    figures: dict = {"file": str(big), "gz_bytes": gz_big, "load_avg": load, "load_avg_end": load_end,
                     "isal": limit, "duckdb": d, "ingest": native, "ingest_mb_s": mb_s, "engine": "native",
                     "ingest_works_s": native["n_read"] / native["secs"], "ratio_duckdb": ratio,
                     "ratio_duckdb_cpu": cpu_ratio, "ratio_isal": mb_s / limit["gz_mb_s"]}
    if py:
        figures["python"] = dict(py, ingest_mb_s=gz_mb / py["secs"])
    if small is not None:
        small_res = run_child(small, a.db.with_name(a.db.stem + "-small.duckdb"), a.batch_size, a.workers,
                              query=False, memory_limit=a.memory_limit, engine="native")
        figures["small"] = small_res
        print(f"(e) peak RSS of the native ingest process (DuckDB memory_limit {native['duckdb_memory_limit']}):")
        for label, path, r in (("small", small, small_res), ("large", big, native)):
            print(f"    {label}: {r['n_read']:>9,} works, {path.stat().st_size / MB:7.1f} MB gzip -> "
                  f"{r['peak_rss_mb']:7.0f} MB; DuckDB holds {r['duckdb_memory_mb']:.0f} MB at the end")
    q = native["query"]
    print(f"    CN-RU yearly count, plain SQL over authorships: {q['sql_secs'] * 1000:.0f} ms "
          f"({q['sql_cn_ru_total']} works)")
    for label in ("cn_ru", "cn_ru_baseline_us"):
        if isinstance(q.get(label), dict):
            r = q[label]
            print(f"    compute_research {label}: {r['secs_first'] * 1000:.0f} ms first, "
                  f"{r['secs_again'] * 1000:.0f} ms again ({r['tables']} tables, CN-RU {r['pair_total']} works)")
        elif label in q:
            print(f"    compute_research: {q[label]}")
    if a.abstracts:
        ab = abstracts_in_sql(big, a.threads)
        extra = ab["map_read_secs"] - ab["json_read_secs"] + ab["rebuild_secs"]
        print(f"abstracts: in SQL at ingest would add {extra:.2f} s (reading the index as a MAP "
              f"{ab['map_read_secs']:.2f} s instead of {ab['json_read_secs']:.2f} s as JSON text, then "
              f"{ab['rebuild_secs']:.2f} s to rebuild) = {extra / native['secs']:.0%} of the native ingest; "
              f"fill_abstracts later took {native['abstracts_fill_secs']:.2f} s")
        figures["abstracts_sql"] = ab
    if a.writes:
        rows = write_variants(big, a.threads, a.writes)
        print(f"writes alone after the read (CPU-s, {a.writes} alternating rounds; "
              f"read_json took {d['cpu_secs']:.1f}):")
        for r in rows:
            print(f"    {r['variant']:18s} SQL {r['sql']:5.2f}  commit {r['commit']:5.2f}  checkpoint "
                  f"{r['checkpoint']:5.2f}  lookup indexes {r['indexes']:5.2f}  file {r['mb']:5.1f} MB")
        figures["writes"] = rows
    if a.breakdown:
        stages = breakdown(big, a.breakdown, a.batch_size)
        n = min(a.breakdown, native["n_read"])
        gz_part = gz_big * n / max(native["n_read"], 1)
        print(f"breakdown of the Python ingest, CPU seconds on one core, first {n:,} works (~{gz_part / MB:.0f} MB "
              f"gzip), batches of {a.batch_size}:")
        for name, secs in stages:
            print(f"    {name:52s} {secs:6.2f} CPU-s  {gz_part / MB / max(secs, 1e-9):8.1f} MB gzip per CPU-s")
        figures["breakdown"] = stages
    if a.json:
        a.json.write_text(json.dumps(figures, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
