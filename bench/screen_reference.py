"""Reference outputs of screening, to prove that a speed-up changes no result.

    python bench/screen_reference.py OUT.jsonl [--n 20000] [--part wos|eval|scripts]

Writes one JSON line per query: the query, its country and every hit in full (entry, score,
features, explanation…), for the first N strings of the throughput sample (`bench/screen.py`)
against the BIS Entity List, every row of tests/fixtures/screening/eval.tsv against its lists, and
every row of eval_scripts.tsv against the default lists (own ROR row hidden, as `evaluate` does).
Run it on two commits and compare the files (`cmp`): equal files mean equal results, scores to
the last digit. Prints the CPU seconds of each part.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screen import REPO, US, affiliation_sample, matchers  # noqa: E402

from techties.screen.evaluate import read_eval  # noqa: E402
from techties.screen.lists import load_curated, load_list  # noqa: E402
from techties.screen.match import Matcher  # noqa: E402
from techties.screen.structure import hide_ror  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "screening"


def _line(part: str, query: str, country: str | None, hits: list) -> bytes:
    return msgspec.json.encode({"part": part, "query": query, "country": country, "hits": hits}) + b"\n"


def wos(out, n: int) -> None:
    t0 = time.process_time()
    m = Matcher(load_list(US / "bis_entity_list.json"))
    t1 = time.process_time()
    for s in affiliation_sample(n):
        out.write(_line("wos", s, None, m.screen(s)))
    print(f"wos: index {t1 - t0:.2f} CPU-s, {n} strings {time.process_time() - t1:.2f} CPU-s")


def eval_rows(out) -> None:
    t0 = time.process_time()
    ms = matchers(0.85)
    for r in read_eval(FIXTURES / "eval.tsv"):
        out.write(_line(f"eval:{r.lists}", r.query, r.country, ms[r.lists].screen(r.query, r.country)))
    print(f"eval: {time.process_time() - t0:.2f} CPU-s")


def script_rows(out) -> None:
    from techties.screen.snapshot import load_snapshot

    t0 = time.process_time()
    m = Matcher(load_snapshot() + load_curated())
    for r in read_eval(FIXTURES / "eval_scripts.tsv"):
        hidden = [r.group.removeprefix("ror:")] if r.group.startswith("ror:") else []
        with hide_ror(hidden):
            out.write(_line("scripts", r.query, r.country, m.screen(r.query, r.country)))
    print(f"scripts: {time.process_time() - t0:.2f} CPU-s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--part", choices=("wos", "eval", "scripts"), action="append")
    a = ap.parse_args()
    parts = a.part or ["wos", "eval", "scripts"]
    with a.out.open("wb") as out:
        if "wos" in parts:
            wos(out, a.n)
        if "eval" in parts:
            eval_rows(out)
        if "scripts" in parts:
            script_rows(out)


if __name__ == "__main__":
    main()
