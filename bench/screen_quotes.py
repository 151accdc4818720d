"""Russian dev names re-typed with other quotes, next to the names as the lists write them: a name
must read the same whatever quote marks it is typed with (structure.ru_quotes).

    python bench/screen_quotes.py [--threshold 0.85] [--dump-diffs FILE]

Every `split == dev` Russian row of eval_scripts.tsv whose query has « or », five times: as written
(`orig`), with every « and » typed as ASCII " (`ascii`, as ROR, CNKI and user input write them), and
with « as „ and » as “ (`low-high`, German-style pairs), as “ ” (`curly`, English-style), and «» outside
with „“ inside (`nested`, as Russian typography nests them: «Завод „Новый Свет“»).
P/R/alarms per variant and kind as bench/screen.py scores them (techties.screen.evaluate); `differ`:
rows whose hits differ from the original's. Held-out rows are never read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import msgspec  # noqa: E402

from techties.screen.evaluate import evaluate, hide_ror, read_eval  # noqa: E402
from techties.screen.lists import load_curated  # noqa: E402
from techties.screen.match import Matcher  # noqa: E402
from techties.screen.snapshot import load_snapshot  # noqa: E402

RETYPES = {"orig": str.maketrans({}), "ascii": str.maketrans("«»", '""'), "low-high": str.maketrans("«»", "„“"),
           "curly": str.maketrans("«»", "“”"), "nested": None}


def nested(query: str) -> str:
    """«» outside, „“ inside, as GOST-style typography nests them: «Завод „Новый Свет“»."""
    out, depth = [], 0
    for ch in query:
        if ch == "«":
            out.append("«" if depth == 0 else "„")
            depth += 1
        elif ch == "»":
            depth = max(depth - 1, 0)
            out.append("»" if depth == 0 else "“")
        else:
            out.append(ch)
    return "".join(out)


def retype(query: str, name: str) -> str:
    return nested(query) if RETYPES[name] is None else query.translate(RETYPES[name])


def hits(m: Matcher, row) -> frozenset[str]:
    hidden = [row.group.removeprefix("ror:")] if row.group.startswith("ror:") else []
    with hide_ror(hidden):
        return frozenset(h.entry_id for h in m.screen(row.query, row.country))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threshold", type=float, default=0.85)
    ap.add_argument("--dump-diffs", type=Path, help="rows whose hits differ from the original's, TSV")
    a = ap.parse_args()
    rows = [r for r in read_eval(REPO / "tests" / "fixtures" / "screening" / "eval_scripts.tsv")
            if r.split == "dev" and "zh" not in r.kind and any(q in r.query for q in "«»")]
    m = {"us": Matcher(load_snapshot() + load_curated(), a.threshold)}
    variants = [msgspec.structs.replace(r, split=name, query=retype(r.query, name)) for name in RETYPES for r in rows]
    scores, _ = evaluate(variants, m)
    got = {(v.split, i % len(rows)): hits(m["us"], v) for i, v in enumerate(variants)}
    differ = {name: [i for i in range(len(rows)) if got[(name, i)] != got[("orig", i)]] for name in RETYPES}
    print(f"Russian dev rows with «»: {len(rows)}, re-typed (threshold {a.threshold})")
    print(f"{'variant':9} {'kind':16} {'rows':>5} {'pos':>4} {'P':>6} {'R':>6} {'alarms':>6} {'differ':>6}")
    for (split, kind), s in sorted(scores.items(), key=lambda x: (list(RETYPES).index(x[0][0]), x[0][1])):
        p, r = (f"{s.precision:6.3f}", f"{s.recall:6.3f}") if s.positives else ("     -",) * 2
        n = len(differ[split]) if kind == "all" else ""
        print(f"{split:9} {kind:16} {s.rows:5} {s.positives:4} {p} {r} {s.false_alarms:6} {n:>6}")
    if a.dump_diffs:
        with a.dump_diffs.open("w", encoding="utf-8") as f:
            for name in RETYPES:
                for i in differ[name]:
                    f.write(f"{name}\t{retype(rows[i].query, name)}\t{' | '.join(sorted(got[(name, i)]))}"
                            f"\torig: {' | '.join(sorted(got[('orig', i)]))}\n")


if __name__ == "__main__":
    main()
