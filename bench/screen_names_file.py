"""`techties screen --names-file` against `xargs -n BATCH techties screen`: wall time of each, and whether
their CSV rows are the same (the xargs run prints one header a batch; they are set aside).

    python bench/screen_names_file.py [--listed 150] [--unlisted 150] [--batch 100]

The names: a seeded sample of the Entity List's names (../shared/data/watchlists/us-lists) and as many
made-up bakeries on no list. Files go to bench/out/. Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
ENTITY_LIST = REPO.parent / "shared" / "data" / "watchlists" / "us-lists" / "bis_entity_list.json"


def names(listed: int, unlisted: int, seed: int = 1) -> list[str]:
    """`listed` Entity List names (seeded sample), then `unlisted` names on no list."""
    entities = json.loads(ENTITY_LIST.read_text(encoding="utf-8"))["entities"]
    picked = [e["name"] for e in random.Random(seed).sample(entities, listed)]
    return picked + [f"Springfield Municipal Bakery No. {k}" for k in range(unlisted)]


def timed(cmd: list[str] | str, stdin: Path | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    with open(stdin or "/dev/null", "rb") as fh:
        done = subprocess.run(cmd, stdin=fh, capture_output=True, text=True, shell=isinstance(cmd, str),
                              check=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listed", type=int, default=150)
    ap.add_argument("--unlisted", type=int, default=150)
    ap.add_argument("--batch", type=int, default=100, help="names per `techties screen` run under xargs")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "screen_names.txt"
    path.write_text("\n".join(names(args.listed, args.unlisted)) + "\n", encoding="utf-8")
    cli = [sys.executable, "-m", "techties.cli", "screen", "--format", "csv"]
    one, rows = timed([*cli, "--names-file", str(path)])
    xargs_cmd = f"xargs -d '\\n' -n {args.batch} {' '.join(cli)}"
    many, batched = timed(xargs_cmd, stdin=path)
    header = rows.splitlines()[0]
    same = rows.splitlines() == [header] + [r for r in batched.splitlines() if r != header]
    n = args.listed + args.unlisted
    print(f"{n} names: --names-file {one:.1f} s ({n / one:.0f} names/s); xargs -n {args.batch} {many:.1f} s; "
          f"{len(rows.splitlines()) - 1} hit rows; same rows: {same}")


if __name__ == "__main__":
    main()
