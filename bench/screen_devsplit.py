"""Russian-script dev figures split in two by group (dev-a / dev-b), to judge generalisation
without held-out figures: tune on dev-a, check that dev-b moves the same way.

    python bench/screen_devsplit.py [--threshold 0.85] [--dump-errors FILE]

dev-a: sha1(group) even, dev-b: odd. Only `split == dev` rows of eval_scripts.tsv are read;
scoring is techties.screen.evaluate, as in bench/screen.py.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import msgspec  # noqa: E402

from techties.screen.evaluate import evaluate, read_eval  # noqa: E402
from techties.screen.lists import load_curated  # noqa: E402
from techties.screen.match import Matcher  # noqa: E402
from techties.screen.snapshot import load_snapshot  # noqa: E402


def half_of(group: str) -> str:
    """dev-a or dev-b by the parity of sha1(group): the split is by group, like dev/held-out."""
    return "dev-a" if int(hashlib.sha1(group.encode()).hexdigest(), 16) % 2 == 0 else "dev-b"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threshold", type=float, default=0.85)
    ap.add_argument("--dump-errors", type=Path)
    a = ap.parse_args()
    rows = [r for r in read_eval(REPO / "tests" / "fixtures" / "screening" / "eval_scripts.tsv")
            if r.split == "dev" and "zh" not in r.kind]
    m = {"us": Matcher(load_snapshot() + load_curated(), a.threshold)}
    halves = [msgspec.structs.replace(r, split=half_of(r.group)) for r in rows]
    by_all = [msgspec.structs.replace(r, split=half_of(r.group), kind="ru") for r in rows]
    scores, errors = evaluate(halves + [msgspec.structs.replace(r, kind="ru") for r in rows] + by_all, m)
    print(f"{'split':6} {'kind':16} {'rows':>5} {'pos':>4} {'P':>6} {'R':>6} {'alarms':>6}")
    for (split, kind), s in sorted(scores.items()):
        if kind != "all":
            print(f"{split:6} {kind:16} {s.rows:5} {s.positives:4} {s.precision:6.3f} {s.recall:6.3f}"
                  f" {s.false_alarms:6}")
    if a.dump_errors:
        names = {e.entry_id: e.name for e in m["us"].entries}
        with a.dump_errors.open("w", encoding="utf-8") as f:
            for row, got in errors:
                if row.split.startswith("dev-") and row.kind != "ru":
                    wrong = set(got) - row.expected - row.allowed
                    exp = " | ".join(sorted(names.get(i, i) for i in row.expected))
                    f.write(f"{row.split}\t{row.kind}\t{'alarm' if wrong else 'miss'}\t{row.query}\t{exp}\t"
                            f"{' | '.join(names.get(i, i) for i in got)}\n")


if __name__ == "__main__":
    main()
