"""How many twins (one organisation listed more than once, techties/screen/twins.py) the shipped
lists hold, and a sample of the pairs whose names differ, to check by hand.

    python bench/screen_twins.py [--sample 40] [--all]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from techties.screen.lists import load_curated  # noqa: E402
from techties.screen.match import infer_countries  # noqa: E402
from techties.screen.snapshot import load_snapshot  # noqa: E402
from techties.screen.twins import find_twins  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--all", action="store_true", help="print every pair whose names differ")
    a = ap.parse_args()
    entries = infer_countries(load_snapshot() + load_curated())
    t = time.process_time()
    twins = find_twins(entries)
    cpu = time.process_time() - t
    pairs = {tuple(sorted((i, x.entry))): x.evidence for i, ts in twins.items() for x in ts}
    same = [p for p in pairs if entries[p[0]].name.lower() == entries[p[1]].name.lower()]
    other = sorted(set(pairs) - set(same))
    parent = list(range(len(entries)))  # groups: connected entries (for counting only; links are pairwise)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[root(i)] = root(j)
    groups = {root(i) for i in twins}
    print(f"entries {len(entries)}; entries with a twin {len(twins)}; pairs {len(pairs)} (names alike but for case"
          f" {len(same)}, other {len(other)}); groups {len(groups)}; find_twins {cpu:.2f} s CPU")
    shown = other if a.all else random.Random(0).sample(other, min(a.sample, len(other)))
    for i, j in shown:
        print(f"{entries[i].country}\t{entries[i].list_id}: {entries[i].name}\t{entries[j].list_id}: {entries[j].name}"
              f"\t{pairs[(i, j)]}")


if __name__ == "__main__":
    main()
