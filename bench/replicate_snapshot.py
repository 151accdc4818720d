"""A larger synthetic warehouse from a smaller snapshot: its part files copied N times, each copy's work ids
and DOIs shifted so that no two copies share a work (authors, institutions and sources are shared, as in a
real snapshot), each copy ingested by the native path and then deleted (disk holds one copy at a time).

    python bench/replicate_snapshot.py bench/out/openalex-synth-1000000 --copies 10 \
        --db bench/out/research-10000000.duckdb
    python bench/research.py --works 10000000        # then reads that warehouse

`make_openalex_snapshot.py` takes hours for 10M works on 2 cores, and 10M works of gzip (~29 GB at isal
level 1) do not fit beside their warehouse on a small disk; this takes well under an hour. The research
benchmark needs the warehouse's size and the pairs' shares, which copies keep. Synthetic, in the real
schema, like its source. A killed run resumes: finished copies are skipped by the ingest's own file log
(the copies keep their names), a half-written copy is written again.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from isal import igzip

WORK = b"https://openalex.org/W9"
DOI = b"techties-synth."


def copy_part(src: Path, dst: Path, k: int) -> int:
    """One part file with ids W9… -> W9{k:02}… and DOIs techties-synth. -> techties-synth{k}.; returns records."""
    n = 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    part = dst.with_name(dst.name + ".partial")  # renamed when whole, so a killed run redoes only this file
    with igzip.open(src, "rb") as fin, igzip.open(part, "wb", compresslevel=1) as fout:
        for line in fin:
            if k:
                line = line.replace(WORK, WORK + b"%02d" % k).replace(DOI, b"techties-synth%d." % k)
            fout.write(line)
            n += 1
    part.rename(dst)
    return n


def main() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from techties.ingest_native import ingest_openalex_native
    from techties.warehouse import Warehouse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("snapshot", type=Path, help="a snapshot folder (with data/works/part_*.gz)")
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--db", type=Path, required=True, help="the warehouse the copies go into")
    ap.add_argument("--start", type=int, default=0, help="first copy to make (the earlier ones are stored)")
    ap.add_argument("--tmp", type=Path, help="where one copy is written (default: beside --db)")
    args = ap.parse_args()
    parts = sorted((args.snapshot / "data" / "works").rglob("part_*.gz"))
    if not parts:
        sys.exit(f"error: no part files under {args.snapshot / 'data' / 'works'} (make one with "
                 "bench/make_openalex_snapshot.py)")
    tmp = args.tmp or args.db.parent / f"{args.db.stem}-copy"
    start = time.perf_counter()
    for k in range(args.start, args.copies):
        copies = []
        for p in parts:
            dst = tmp / p.parent.name / f"copy{k:02}_{p.name}"
            if not dst.exists():
                copy_part(p, dst, k)
            copies.append(dst)
        t = time.perf_counter()
        with Warehouse(args.db) as wh:
            report = ingest_openalex_native(wh, copies, show_progress=False)
        print(f"copy {k}: {report.n_ok:,} works stored in {time.perf_counter() - t:.0f} s "
              f"({time.perf_counter() - start:.0f} s in all)", flush=True)
        for dst in copies:
            dst.unlink()
    print(f"{args.copies} copies of {len(parts)} part files -> {args.db}")


if __name__ == "__main__":
    main()
