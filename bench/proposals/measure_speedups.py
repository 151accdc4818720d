"""Measure candidate speed-ups of the OpenAlex snapshot ingest without editing techties' code.

    python bench/proposals/measure_speedups.py [--file F.gz] [--works 10000]

Each variant runs the per-record path of the ingest (decode → convert → resolve → flatten to
Arrow) on the same lines and reports CPU seconds (robust to other load on the machine):

  baseline      techties as it is
  gc-frozen     gc.freeze() after the gazetteer is loaded, so the cyclic GC stops rescanning it
                and the other long-lived objects (patch 0001 does this, plus rarer collections)
  gc-off        the cyclic GC disabled while a batch is built (upper bound of the GC saving)
  +abstract     plus a linear-time rebuild_abstract (measured: no gain; not proposed)
  +inst-cache   plus one Institution record per institution id instead of one per authorship
  duckdb-native DuckDB read_json with the needed columns + SQL flattening (for scale: parses in C++,
                on all cores; no country resolution, no quarantine per line)
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path

import msgspec
from isal import igzip

from techties import ingest
from techties.resolve import countries
from techties.sources import openalex_snapshot as oa
from techties.warehouse import store

DEFAULT = Path(__file__).resolve().parents[1] / "out" / "openalex-synth-100000" / "data" / "works" / \
    "updated_date=2025-06-01" / "part_000.gz"


def fast_rebuild_abstract(index: dict[str, list[int]] | None) -> str | None:
    """Linear-time abstract from the inverted index (no per-word dict, no sort)."""
    if not index:
        return None
    total = 0
    top = -1
    for positions in index.values():
        total += len(positions)
        for p in positions:
            if p > top:
                top = p
    if top < 0 or top > 4 * total + 1000:  # absurd positions: fall back to the sorting version
        return _orig_rebuild(index)
    slots = [""] * (top + 1)
    for word, positions in index.items():
        for p in positions:
            if p >= 0:
                slots[p] = word
    return " ".join(s for s in slots if s) or None


_orig_rebuild = oa.rebuild_abstract
_orig_institution = oa._institution
_inst_cache: dict[tuple, object] = {}


def cached_institution(inst):  # type: ignore[no-untyped-def]
    key = (inst.id, inst.display_name, inst.ror, inst.country_code, inst.type, tuple(inst.lineage or ()))
    hit = _inst_cache.get(key)
    if hit is None:
        if len(_inst_cache) > 200_000:
            _inst_cache.clear()
        hit = _inst_cache[key] = _orig_institution(inst)
    return hit


def per_record_path(lines: list[bytes], batch: int = 2000, gc_off: bool = False) -> None:
    works = []
    for line in lines:
        works.append(ingest.resolve_work(oa.decode_work(line, as_of="x", retrieved_at="x")))
        if len(works) >= batch:
            store._to_arrow(works, "bench")
            works = []
            if gc_off:
                gc.collect(0)
    if works:
        store._to_arrow(works, "bench")


def cpu(fn: Callable[[], object], repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def duckdb_native(path: Path, threads: int) -> tuple[float, float, int]:
    """Stage the needed fields with read_json, then flatten works/authorships/fields with SQL."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    inst = "STRUCT(id VARCHAR, display_name VARCHAR, ror VARCHAR, country_code VARCHAR, type VARCHAR)"
    cols = {
        "id": "VARCHAR", "doi": "VARCHAR", "title": "VARCHAR", "publication_year": "INTEGER",
        "publication_date": "VARCHAR", "language": "VARCHAR", "type": "VARCHAR", "cited_by_count": "INTEGER",
        "updated_date": "VARCHAR",
        "authorships": f"STRUCT(author STRUCT(id VARCHAR, display_name VARCHAR), institutions {inst}[], "
                       "raw_affiliation_strings VARCHAR[])[]",
        "topics": "STRUCT(display_name VARCHAR, score DOUBLE)[]",
        "abstract_inverted_index": "MAP(VARCHAR, INTEGER[])",
    }
    spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in cols.items()) + "}"
    wall, c0 = time.perf_counter(), time.process_time()
    con.execute("CREATE TABLE stage AS SELECT * FROM read_json(?, format='newline_delimited', "  # noqa: S608
                f"compression='gzip', columns={spec}, maximum_object_size=67108864)", [str(path)])
    con.execute("""
        CREATE TABLE works AS SELECT id AS work_id, doi, title, publication_year AS year, publication_date,
               language, type, cited_by_count, updated_date FROM stage;
        CREATE TABLE authorships AS
          SELECT id AS work_id, a.pos AS position, a.au.author.id AS author_id,
                 a.au.author.display_name AS author_name, i.id AS institution_id, i.country_code
          FROM (SELECT id, unnest(authorships) AS au, generate_subscripts(authorships, 1) AS pos FROM stage) a
          LEFT JOIN LATERAL (SELECT unnest(a.au.institutions) AS i) ON TRUE;
        CREATE TABLE abstracts AS
          SELECT id AS work_id, string_agg(word, ' ' ORDER BY p) AS abstract FROM (
            SELECT id, word, unnest(ps) AS p FROM (
              SELECT id, unnest(map_keys(abstract_inverted_index)) AS word,
                     unnest(map_values(abstract_inverted_index)) AS ps FROM stage))
          GROUP BY id;
    """)
    n = con.execute("SELECT count(*) FROM authorships").fetchone()[0]
    return time.perf_counter() - wall, time.process_time() - c0, n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--works", type=int, default=10_000)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    lines: list[bytes] = []
    t = time.process_time()
    with igzip.open(a.file, "rb") as fh:
        for i, line in enumerate(fh):
            if i >= a.works:
                break
            lines.append(line)
    decomp = time.process_time() - t
    raw_mb = sum(map(len, lines)) / 1e6
    with igzip.open(a.file, "rb") as fh:  # the gzip share of these lines, pro rata of the JSON bytes
        total_raw = sum(len(b) for b in iter(lambda: fh.read(1 << 20), b""))
    gz_mb = a.file.stat().st_size / 1e6 * raw_mb * 1e6 / total_raw
    countries.country_from_affiliation("Moscow, Russia")  # load the gazetteer outside the timings
    msgspec.json.decode(lines[0])
    print(f"{len(lines)} works, {raw_mb:.0f} MB JSON, ~{gz_mb:.1f} MB gzip; decompression {decomp:.2f} CPU-s "
          f"({gz_mb / decomp:.0f} MB gzip per CPU-s)")

    def report(name: str, secs: float) -> None:
        print(f"  {name:34s} {secs:6.2f} CPU-s  {gz_mb / secs:6.1f} MB gzip per CPU-s  "
              f"({secs / decomp:5.1f}x decompression)")

    report("baseline", cpu(lambda: per_record_path(lines)))
    gc.freeze()
    report("gc-frozen", cpu(lambda: per_record_path(lines)))
    gc.disable()
    report("gc-off", cpu(lambda: per_record_path(lines, gc_off=True)))
    gc.enable()
    oa.rebuild_abstract = fast_rebuild_abstract
    report("gc-frozen +abstract", cpu(lambda: per_record_path(lines)))
    oa._institution = cached_institution
    report("gc-frozen +abstract +inst-cache", cpu(lambda: per_record_path(lines)))
    oa.rebuild_abstract, oa._institution = _orig_rebuild, _orig_institution
    wall, c, n = duckdb_native(a.file, a.threads)
    full_gz = a.file.stat().st_size / 1e6
    print(f"  duckdb-native on the whole file ({full_gz:.0f} MB gzip, {a.threads} threads): {wall:.1f} s wall "
          f"= {full_gz / wall:.1f} MB/s, {c:.1f} CPU-s; {n:,} authorship rows")


if __name__ == "__main__":
    main()
