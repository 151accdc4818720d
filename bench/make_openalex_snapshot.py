"""Write a synthetic OpenAlex works snapshot (real current schema) for the ingest benchmark.

    python bench/make_openalex_snapshot.py --works 100000            # default size
    python bench/make_openalex_snapshot.py --works 10000000 --files 40 --jobs 2   # on demand

Output: DIR/data/works/updated_date=YYYY-MM-DD/part_NNN.gz plus DIR/data/works/manifest, like
the real snapshot. Works are generated and compressed in chunks of 500, so memory stays flat
whatever --works is; part files are written in parallel with --jobs. The same --seed gives
byte-identical files. Every work is marked synthetic (see techties.sources.synthetic).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from techties.sources import synthetic

DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "openalex-synth"


def _write(args: tuple[str, int, int, int, int, str, int, bool]) -> int:
    path, first, count, seed, n_total, date, level, legacy = args
    return synthetic.write_part(path, first, count, seed, n_total=n_total, snapshot_date=date,
                                compresslevel=level, legacy_grants=legacy)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--works", type=int, default=100_000, help="number of works (default 100000)")
    ap.add_argument("--out", type=Path, default=None, help=f"output folder (default {DEFAULT_OUT}-<works>)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", type=int, default=None, help="part files (default: one per 250k works)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parallel writers")
    ap.add_argument("--date", default=synthetic.DEFAULT_SNAPSHOT_DATE, help="snapshot updated_date")
    ap.add_argument("--level", type=int, default=6, help="gzip level (6: gzip's default, like the snapshot)")
    ap.add_argument("--legacy-grants", action="store_true", help="2023-2025 `grants` instead of funders+awards")
    a = ap.parse_args(argv)
    if a.works < 1:
        ap.error("--works must be at least 1")
    files = a.files or max(1, -(-a.works // 250_000))
    out = a.out or Path(f"{DEFAULT_OUT}-{a.works}")
    snap = synthetic.plan_parts(out, a.works, files, snapshot_date=a.date)
    tasks = [(str(p.path), p.first, p.count, a.seed, a.works, a.date, a.level, a.legacy_grants) for p in snap.parts]
    start = time.perf_counter()
    cols = (TextColumn("[bold]synthetic works"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*cols, transient=False) as bar:
        task = bar.add_task("parts", total=len(tasks))
        if a.jobs <= 1 or len(tasks) == 1:
            inner = bar.add_task("works", total=a.works)
            for part, t in zip(snap.parts, tasks, strict=True):
                part.content_length = synthetic.write_part(
                    t[0], t[1], t[2], a.seed, n_total=a.works, snapshot_date=a.date, compresslevel=a.level,
                    legacy_grants=a.legacy_grants, on_progress=lambda k: bar.advance(inner, k))
                bar.advance(task)
        else:
            with ProcessPoolExecutor(max_workers=a.jobs) as pool:
                for part, size in zip(snap.parts, pool.map(_write, tasks), strict=True):
                    part.content_length = size
                    bar.advance(task)
    manifest = synthetic.write_manifest(snap)
    secs = time.perf_counter() - start
    mb = snap.gzip_bytes / 1e6
    print(f"{snap.works} works in {len(snap.parts)} part file(s), {mb:.1f} MB gzip "
          f"({snap.gzip_bytes / snap.works:.0f} B/work) in {secs:.1f} s -> {out}")
    print(f"manifest: {manifest}")
    for p in snap.parts[:3]:
        print(f"  {p.path}")
    if len(snap.parts) > 3:
        print(f"  ... {len(snap.parts) - 3} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
