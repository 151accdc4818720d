"""The Russian short-name mechanisms (techties/screen/short_names_ru.py) alone, on the short forms
that the dev rows of eval_scripts.tsv give of themselves in parentheses ("… (АО «ВМЗ»)"): for each,
does `short_name_hits` name an expected entry, a wrong one, or none? dev-a / dev-b as in
bench/screen_devsplit.py. Dev rows only: never held-out.

    python bench/short_names_probe.py [--show]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.screen_devsplit import half_of  # noqa: E402
from techties.screen.evaluate import read_eval  # noqa: E402
from techties.screen.lists import load_curated  # noqa: E402
from techties.screen.match import Matcher  # noqa: E402
from techties.screen.short_names_ru import query_acronym, query_core, short_name_hits  # noqa: E402
from techties.screen.snapshot import load_snapshot  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()
    rows = [r for r in read_eval(REPO / "tests" / "fixtures" / "screening" / "eval_scripts.tsv")
            if r.split == "dev" and "zh" not in r.kind]
    m = Matcher(load_snapshot() + load_curated())
    counts: Counter = Counter()
    for r in rows:
        shorts = [r.query] + re.findall(r"\(([^()]*)\)", r.query)
        for q in dict.fromkeys(shorts):
            kind = "initials" if query_acronym(q) else "core name" if query_core(q) else None
            if kind is None:
                continue
            got = {m.entries[i].entry_id for i in short_name_hits(m, q, r.country)}
            res = ("none" if not got else "wrong" if got - r.expected - r.allowed else "right")
            counts[(half_of(r.group), kind, res)] += 1
            if a.show and res != "none":
                print(half_of(r.group), kind, res, q, "->", sorted(got), "expected", sorted(r.expected)[:2])
    for k, v in sorted(counts.items()):
        print(*k, v)


if __name__ == "__main__":
    main()
