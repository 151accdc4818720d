"""Precision probe of the Russian distinctive-parts mechanism (techties/screen/distinctive_ru.py) on
real names: the Russian names of the shipped ROR table (each screened with its own ROR row hidden, as
the evaluation does) that no row of eval_scripts.tsv uses. Prints every hit the mechanism makes, with
the ROR English name beside the list name, for a reader to judge.

    python bench/distinctive_probe.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from techties.screen.distinctive_ru import anchors_of  # noqa: E402
from techties.screen.evaluate import read_eval  # noqa: E402
from techties.screen.lists import load_curated  # noqa: E402
from techties.screen.match import Matcher  # noqa: E402
from techties.screen.ror_names import shipped  # noqa: E402
from techties.screen.snapshot import load_snapshot  # noqa: E402
from techties.screen.structure import hide_ror  # noqa: E402


def main() -> None:
    used = {r.query for r in read_eval(REPO / "tests" / "fixtures" / "screening" / "eval_scripts.tsv")}
    m = Matcher(load_snapshot() + load_curated())
    rows, _ = shipped()
    tried = hits = 0
    for r in rows:
        if r.lang != "ru":
            continue
        for name in r.native:
            if name in used or not anchors_of(name)[0]:
                continue
            tried += 1
            with hide_ror([r.ror]):
                for h in m.screen(name):
                    if "distinctive parts" in h.method:
                        hits += 1
                        print(f"{name}\t{r.en}\t{h.entry}\t{h.method}")
    print(f"names with an anchor: {tried}; hits by distinctive parts: {hits}", file=sys.stderr)


if __name__ == "__main__":
    main()
