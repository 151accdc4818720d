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
sys.path.insert(0, str(REPO / "bench"))

from screen_devsplit import half_of  # noqa: E402

from techties.screen.evaluate import read_eval  # noqa: E402
from techties.screen.lists import load_curated  # noqa: E402
from techties.screen.match import Matcher  # noqa: E402
from techties.screen.short_names_ru import query_acronym, query_core, short_name_hits  # noqa: E402
from techties.screen.snapshot import load_snapshot  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--eu-negatives", action="store_true",
                    help="also: short forms of EU-listed firms whose English names hit no US entry (dev half only)")
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
    if a.eu_negatives:
        eu_negatives(m, counts, a.show)
    for k, v in sorted(counts.items()):
        print(*k, v)


def eu_negatives(m: Matcher, counts: Counter, show: bool) -> None:
    """Cyrillic aliases of EU Official Journal entries (dev half by build_eval_scripts.split_of) whose
    English name and Latin aliases hit no US entry: a short-name hit there is a likely false alarm
    (or a firm the US lists name otherwise: read them)."""
    from techties.screen.lists import read_eu_journal
    from tests.fixtures.screening.build_eval_scripts import split_of

    data = next(p for p in (REPO.parent / "shared" / "data", REPO.parent.parent / "shared" / "data") if p.exists())
    for e in read_eu_journal(data / "watchlists" / "eu-journal"):
        if split_of(e.entry_id) != "dev":
            continue
        cyr = [x for x in e.aliases if re.search(r"[\u0400-\u04ff]", x)]
        if not cyr:
            continue
        latin = [e.name, *(x for x in e.aliases if not re.search(r"[\u0400-\u04ff\u3400-\u9fff]", x))]
        if any(m.screen(n) for n in latin):
            continue
        for q in dict.fromkeys(s for x in cyr for s in [x, *re.findall(r"\(([^()]*)\)", x)]):
            kind = "initials" if query_acronym(q) else "core name" if query_core(q) else None
            if kind is None:
                continue
            got = short_name_hits(m, q, None)
            counts[("eu-neg", kind, "alarm" if got else "none")] += 1
            if show and got:
                print("eu-neg", kind, q, "->", [m.entries[i].name for i in got], "| EU:", e.name)


if __name__ == "__main__":
    main()
