"""Screening benchmark: accuracy on the labelled set and throughput on real affiliation strings.

    python bench/screen.py [--threshold 0.85] [--n 100000] [--workers 2] [--errors 20]
                           [--skip-accuracy] [--skip-throughput] [--scripts-throughput] [--ror-visible]
                           [--split dev] [--script ru] [--dump-errors FILE] [--probe-zh] [--probe-zh2] [--probe-zh3]
                           [--probe-zh4] [--probe-ru] [--probe-ru2] [--probe-ru3] [--probe-ru4] [--probe-ru5]
                           [--probe-ru6] [--probe-ru7]

Accuracy: tests/fixtures/screening/eval.tsv (built by build_eval.py from ../shared/data), dev and
held-out parts reported apart (tune on dev only); and the Chinese- and Russian-script set
eval_scripts.tsv (build_eval_scripts.py) against the default lists (shipped US snapshot + curated),
precision and recall per script, and the false alarms on the Chinese-script stress set of dev
negatives stress_zh.tsv (build_stress_zh.py), reported apart; ROR rows screened with their own
organisation hidden from the shipped ROR name table (`--ror-visible` to see the figures with the table as shipped).
`--probe-zh`: the hand-written Chinese-name probe probe_zh.tsv (dev only): recall per kind, false
alarms on its negatives, other entries hit beside the expected ones, every miss and alarm listed.
`--probe-ru`: the same for the hand-written Russian-name probe probe_ru.tsv (dev only); `--probe-ru2`: the
second one, probe_ru2.tsv (entries neither probe_ru.tsv nor the dev rows of eval_scripts.tsv cover); `--probe-ru3`:
the third, probe_ru3.tsv (EU journal and register style: full legal forms, units of concerns, eponyms; entries none
of the above cover); `--probe-ru4`: the fourth, probe_ru4.tsv (small firms, ООО / АО, and their namesakes);
`--probe-ru5`: the fifth, probe_ru5.tsv (Crimea and Sevastopol, Belarus, academic and state institutions);
`--probe-ru6`: probe_ru6.tsv (build_probe_ru6.py: the lists' transliterated Russian aliases read back into Cyrillic,
screened with their entry visible and hidden);
`--probe-zh2`: the second Chinese-name probe probe_zh2.tsv (mostly hard negatives, false alarms); `--probe-zh3`:
the leave-entry-out probe probe_zh3.tsv (every Chinese name of the tables against the lists without its own
organisation: any hit is on another entry; build_probe_zh3.py);
`--probe-zh4`: probe_zh4.tsv, the Chinese names build_eval_scripts.py leaves out as near a list name but unlisted,
labelled by hand (build_probe_zh4.py), screened with their own ROR row hidden;
`--probe-ru7`: the seventh, probe_ru7.tsv (real ROR and EU Journal names the eval builder leaves out as
near a list name, a random sample labelled by hand; scored as the eval: a wrong hit on a positive is an alarm).
Throughput: N affiliation strings from the Web of Science C1 fields in ../shared/data/wos (all
countries; reused with their department segments shuffled when more are needed) against the
full BIS Entity List with aliases; and names per second for the dev Russian-script and Chinese-script
names of eval_scripts.tsv against the default lists, one process (`--scripts-throughput`: that alone).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = next((p for p in (REPO.parent / "shared" / "data", REPO.parent.parent / "shared" / "data") if p.exists()),
            REPO.parent / "shared" / "data")
US = DATA / "watchlists" / "us-lists"

from techties.screen.evaluate import evaluate, read_eval  # noqa: E402
from techties.screen.lists import load_curated, load_list  # noqa: E402
from techties.screen.match import ALGORITHM, Matcher  # noqa: E402
from techties.sources.wos import distinct_addresses  # noqa: E402


def matchers(threshold: float) -> dict[str, Matcher]:
    us = [load_list(US / f) for f in ("bis_entity_list.json", "dow_1286.json", "bis_meu.json", "dow_1260h.json")]
    return {
        "us": Matcher([e for lst in us for e in lst] + load_curated(), threshold),
        "el": Matcher(us[0], threshold),
        "cn": Matcher(load_list(DATA / "watchlists" / "opensanctions" / "cn_sanctions.csv"), threshold),
    }


def accuracy(threshold: float, show_errors: int, split: str | None = None) -> None:
    rows = read_eval(REPO / "tests" / "fixtures" / "screening" / "eval.tsv")
    rows = [r for r in rows if split is None or r.split == split]
    scores, errors = evaluate(rows, matchers(threshold))
    print(f"accuracy ({ALGORITHM}, threshold {threshold})")
    print(f"{'split':8} {'kind':18} {'rows':>5} {'pos':>5} {'P':>6} {'R':>6} {'F1':>6} {'hitP':>6}")
    for (split, kind), s in sorted(scores.items()):
        print(f"{split:8} {kind:18} {s.rows:5} {s.positives:5} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
              f" {s.hit_precision:6.3f}")
    for row, got in [e for e in errors if e[0].split == "dev"][:show_errors]:
        print(f"  dev error [{row.kind}] {row.query[:70]!r} expected {sorted(row.expected)[:1]} got {got[:2]}")


def scripts_accuracy(threshold: float, show_errors: int, ror_visible: bool, split: str | None = None,
                     script: str | None = None, dump: Path | None = None) -> None:
    """Precision and recall per script (zh, ru) and per kind on eval_scripts.tsv; `split` and
    `script` keep only those rows (tune on dev without seeing held-out figures), `dump` writes
    every error of the rows kept, with the hits' matched aliases, to a TSV."""
    import msgspec

    from techties.screen.snapshot import load_snapshot

    rows = read_eval(REPO / "tests" / "fixtures" / "screening" / "eval_scripts.tsv")
    rows = [r for r in rows if (split is None or r.split == split)
            and (script is None or ("zh" if "zh" in r.kind else "ru") == script)]
    if ror_visible:
        rows = [msgspec.structs.replace(r, group=r.group.replace("ror:", "ror-visible:")) for r in rows]
    m = {"us": Matcher(load_snapshot() + load_curated(), threshold)}
    by_script = [msgspec.structs.replace(r, kind="zh" if "zh" in r.kind else "ru") for r in rows]
    scripts, _ = evaluate(by_script, m)
    kinds, errors = evaluate(rows, m)
    print(f"Chinese/Russian script set ({ALGORITHM}, threshold {threshold}, default lists"
          f"{', ROR table as shipped' if ror_visible else ', own ROR row hidden'})")
    print(f"{'split':8} {'kind':20} {'rows':>5} {'pos':>5} {'P':>6} {'R':>6} {'F1':>6} {'alarms':>6}")
    for table in (scripts, kinds):
        for (split, kind), s in sorted(table.items()):
            if kind != "all":
                p, r, f = ((f"{x:6.3f}" for x in (s.precision, s.recall, s.f1)) if s.positives
                           else ("     -",) * 3)
                print(f"{split:8} {kind:20} {s.rows:5} {s.positives:5} {p} {r} {f} {s.false_alarms:6}")
    if split in (None, "dev") and script in (None, "zh"):  # the stress set: dev negatives, apart from the figures above
        stress = read_eval(REPO / "tests" / "fixtures" / "screening" / "stress_zh.tsv")
        table, stress_errors = evaluate(stress, m)
        print("stress set of real names on no list (stress_zh.tsv, dev only): rows with a false alarm")
        for (sp, kind), s in sorted(table.items()):
            if kind != "all":
                print(f"{sp:8} {kind:24} {s.rows:5} alarms {s.false_alarms}")
        errors += stress_errors
    for row, got in [e for e in errors if e[0].split == "dev"][:show_errors]:
        print(f"  dev error [{row.kind}] {row.query[:60]!r} expected {sorted(row.expected)[:1]} got {got[:2]}")
    if dump:
        dump_errors(dump, errors, m["us"])


PROBES = {"zh": ("probe_zh.tsv", "Chinese-name probe"), "ru": ("probe_ru.tsv", "Russian-name probe"),
          "ru2": ("probe_ru2.tsv", "second Russian-name probe"), "ru3": ("probe_ru3.tsv", "third Russian-name probe"),
          "ru4": ("probe_ru4.tsv", "fourth Russian-name probe"),
          "ru5": ("probe_ru5.tsv", "fifth Russian-name probe"),
          "ru6": ("probe_ru6.tsv", "reverse-transliteration Russian probe"),
          "zh2": ("probe_zh2.tsv", "second Chinese-name probe"),
          "zh3": ("probe_zh3.tsv", "leave-entry-out Chinese-name probe"),
          "zh4": ("probe_zh4.tsv", "Chinese names the eval builder leaves out as unclear"),
          "ru7": ("probe_ru7.tsv", "seventh Russian-name probe (the eval builder's unclear lookalikes)")}


STRICT = {"ru7"}  # probes scored as the eval: a positive's hit on a wrong entry is an alarm too


def probe(script: str, threshold: float) -> None:
    """Recall and alarms on a hand-written probe of names (tests/fixtures/screening/probe_zh.tsv or
    probe_ru.tsv): a positive is found when it hits an expected entry; a negative that hits anything is an
    alarm, less the entries of its `allowed` column (probe_zh2.tsv: the listed group of an unlisted unit,
    reported at the group's level by design; shown as `parent` lines); a positive's hits outside its
    expected entries (often a listed parent) are shown, not scored, except on probes of STRICT, scored as
    the eval scores them: a hit outside `expected` and `allowed` is an alarm on any row. A row with a `hide`
    column (probe_ru6.tsv) is screened with those entries removed, one Matcher a `fold` (every hidden set of the
    fold removed at once), and its hits are shown with method and features. A `hide_ror` column (probe_zh4.tsv,
    probe_ru7.tsv) names the ROR organisation screened hidden from the shipped ROR table, as the eval does."""
    import csv
    from collections import Counter

    from techties.screen.snapshot import load_snapshot
    from techties.screen.structure import hide_ror

    file, title = PROBES[script]
    with (REPO / "tests" / "fixtures" / "screening" / file).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    entries = load_snapshot() + load_curated()
    m = Matcher(entries, threshold)
    names = {e.entry_id: e.name for e in m.entries}
    hidden: dict[str, set[str]] = {}
    for r in rows:
        if r.get("hide"):
            hidden.setdefault(r["fold"], set()).update(r["hide"].split("|"))
    folds = {k: Matcher([e for e in entries if e.entry_id not in ids], threshold) for k, ids in sorted(hidden.items())}
    detail = bool(rows) and "hide" in rows[0]
    total, found, alarms, lines = Counter(), Counter(), Counter(), []
    for r in rows:
        expected = {x for x in r["expected"].split("|") if x}
        allowed = {x for x in (r.get("allowed") or "").split("|") if x}
        with hide_ror([r["hide_ror"]] if r.get("hide_ror") else []):
            hits = (folds[r["fold"]] if r.get("hide") else m).screen(r["query"])
        got = {h.entry_id for h in hits}
        total[r["kind"]] += 1
        shown = "; ".join(f"{h.entry} [{h.score:.2f} {h.matched_alias} <- {h.query_form}"
                          + (f" | {h.method} {h.features}" if detail else "") + "]"
                          for h in hits[:3] if not detail or h.entry_id not in expected | allowed)
        if script in STRICT and expected and got - expected - allowed:
            found[r["kind"]] += bool(got & expected)
            alarms[r["kind"]] += 1
            wrong = [h for h in hits if h.entry_id not in expected | allowed]
            lines.append(f"  alarm   [{r['kind']}] {r['query']} -> " + "; ".join(
                f"{h.entry} [{h.score:.2f} {h.matched_alias} <- {h.query_form}]" for h in wrong[:3])
                + ("" if got & expected else f" (expected {names.get(min(expected), min(expected))})"))
        elif expected and got & expected:
            found[r["kind"]] += 1
            if got - expected:
                lines.append(f"  other   [{r['kind']}] {r['query']} -> {shown}")
        elif expected:
            lines.append(f"  miss    [{r['kind']}] {r['query']} (expected {names.get(min(expected), min(expected))})"
                         + (f" got {shown}" if hits else ""))
        elif got - allowed:
            alarms[r["kind"]] += 1
            lines.append(f"  alarm   [{r['kind']}] {r['query']} -> {shown}")
        elif got:
            lines.append(f"  parent  [{r['kind']}] {r['query']} -> {shown}")
    how = "built by rule" if detail else "hand-written"
    print(f"{title} ({file}, {how}, dev only; {ALGORITHM}, threshold {threshold})")
    print(f"{'kind':22} {'rows':>5} {'found':>6} {'R':>6} {'alarms':>6}")
    for kind in sorted(total):
        neg = kind.endswith("negative")
        r = "     -" if neg else f"{found[kind] / total[kind]:6.3f}"
        print(f"{kind:22} {total[kind]:5} {'' if neg else found[kind]:>6} {r} {alarms[kind]:6}")
    pos = sum(n for k, n in total.items() if not k.endswith("negative"))
    print(f"{'positives':22} {pos:5} {sum(found.values()):6} {sum(found.values()) / pos:6.3f}"
          f" {'':6}\n{'negatives':22} {sum(total.values()) - pos:5} {'':6} {'':6} {sum(alarms.values()):6}")
    print("\n".join(sorted(lines)))


def probe_zh3(threshold: float) -> None:
    """The leave-entry-out Chinese-name probe probe_zh3.tsv (build_probe_zh3.py): each `leave-out` name is
    screened against the lists without its own organisation's entries (one Matcher per fold hides the
    organisations of that fold), so every hit is on ANOTHER entry: an alarm, unless it is a listed parent of the
    name (column `allowed`) at the parent level (score <= PARENT_LEVEL_CAP). The hand-written
    `lookalike-negative` rows (unlisted organisations) are screened against the full lists the same way."""
    import csv
    from collections import Counter, defaultdict

    from techties.screen.match import PARENT_LEVEL_CAP
    from techties.screen.snapshot import load_snapshot

    with (REPO / "tests" / "fixtures" / "screening" / "probe_zh3.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    entries = load_snapshot() + load_curated()
    by_fold: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_fold[r["fold"]].append(r)
    total, alarms, lines = Counter(), Counter(), []
    for _fold, part in sorted(by_fold.items()):
        hidden = {i for r in part for i in r["hidden"].split("|") if i}
        m = Matcher([e for e in entries if e.entry_id not in hidden], threshold)
        for r in part:
            kind = f"{r['kind']} ({r['table'].split(' (')[0]})"
            total[kind] += 1
            allowed = {x for x in r["allowed"].split("|") if x}
            hits = m.screen(r["query"])
            wrong = [h for h in hits if h.entry_id not in allowed or h.score > PARENT_LEVEL_CAP + 1e-9]
            for h in hits:
                feats = {k: v for k, v in h.features.items() if k in (
                    "level", "country", "table_reading", "squashed_match", "place_not_in_query", "weak_alias",
                    "group_listed_company", "numbers_conflict")}
                tag = "alarm " if h in wrong else "parent"
                lines.append(f"  {tag} [{kind}] {r['query']} -> {h.entry} [{h.score:.2f} {h.matched_alias} <- "
                             f"{h.query_form}; {h.method[:90]}; {feats}]")
            alarms[kind] += bool(wrong)
    print(f"leave-entry-out Chinese-name probe (probe_zh3.tsv, dev only; {ALGORITHM}, threshold {threshold}): "
          f"each name against the lists without its own organisation")
    print(f"{'kind':48} {'rows':>5} {'alarms':>6}")
    for kind in sorted(total):
        print(f"{kind:48} {total[kind]:5} {alarms[kind]:6}")
    print(f"{'all':48} {sum(total.values()):5} {sum(alarms.values()):6}")
    print("\n".join(sorted(lines)))


def dump_errors(path: Path, errors: list, matcher: Matcher) -> None:
    """One line per error: miss or false alarm, the row, the expected entries' names and what hit."""
    from techties.screen.structure import hide_ror

    names = {e.entry_id: e.name for e in matcher.entries}
    with path.open("w", encoding="utf-8") as f:
        f.write("split\tkind\terror\tquery\texpected\tgot\n")
        for row, got in errors:
            hidden = [row.group.removeprefix("ror:")] if row.group.startswith("ror:") else []
            with hide_ror(hidden):
                hits = matcher.screen(row.query, row.country)
            wrong = set(got) - row.expected - row.allowed
            kind = "alarm" if wrong else "miss"
            exp = " | ".join(sorted({names.get(i, i) for i in row.expected}))
            shown = " | ".join(f"{h.entry} [{h.score:.2f} {h.matched_alias} <- {h.query_form}]"
                               for h in hits if h.entry_id in wrong or kind == "miss")
            f.write(f"{row.split}\t{row.kind}\t{kind}\t{row.query}\t{exp}\t{shown}\n")
    print(f"  {len(errors)} errors written to {path}")


def wos_affiliations() -> list[str]:
    return distinct_addresses(sorted((DATA / "wos").glob("savedrecs_*.txt.gz")))


def affiliation_sample(n: int, seed: int = 0) -> list[str]:
    """n strings: every real one once, then real ones with middle segments from another address."""
    real = wos_affiliations()
    rnd = random.Random(seed)
    out = list(real[:n])
    while len(out) < n:
        a, b = rnd.choice(real).split(", "), rnd.choice(real).split(", ")
        mid = b[1:-1] or a[1:-1]
        out.append(", ".join([a[0], *rnd.sample(mid, len(mid)), a[-1]]))
    return out


_M: Matcher | None = None


def _init(threshold: float) -> None:
    global _M
    _M = Matcher(load_list(US / "bis_entity_list.json"), threshold)


def _work(chunk: list[str]) -> tuple[int, float]:
    """Hits found and the CPU seconds this worker spent (wall time lies on a shared machine)."""
    assert _M is not None
    t0 = time.process_time()
    hits = sum(len(_M.screen(s)) for s in chunk)
    return hits, time.process_time() - t0


def throughput(n: int, workers: int, threshold: float) -> None:
    strings = affiliation_sample(n)
    t0 = time.perf_counter()
    chunks = [strings[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(threshold,)) as ex:
        results = list(ex.map(_work, chunks))
    dt = time.perf_counter() - t0
    hits = sum(h for h, _ in results)
    cpu = [c for _, c in results]
    entries = load_list(US / "bis_entity_list.json")
    n_alias = sum(1 + len(e.aliases) for e in entries)
    print(f"throughput: {n:,} affiliation strings ({len(set(strings)):,} distinct) x BIS Entity List "
          f"({len(entries):,} entries, {n_alias:,} names+aliases), {workers} workers: {dt:.1f} s wall incl. index "
          f"build, {n / dt:,.0f} strings/s, {hits:,} hits")
    print(f"  CPU seconds per worker (matching only): {', '.join(f'{c:.1f}' for c in cpu)}; on {workers} dedicated "
          f"cores the wall time would be ~{max(cpu):.1f} s + index build (check `uptime`: load makes wall time lie)")


def scripts_throughput(threshold: float) -> None:
    """Names per CPU second for the dev rows of eval_scripts.tsv (held-out rows are never read), by
    script, screened one by one as `techties screen` does, against the default lists: the Russian-
    and Chinese-script figures beside the Latin one of `throughput`."""
    from techties.screen.snapshot import load_snapshot

    rows = [r for r in read_eval(REPO / "tests" / "fixtures" / "screening" / "eval_scripts.tsv") if r.split == "dev"]
    t0 = time.process_time()
    m = Matcher(load_snapshot() + load_curated(), threshold)
    print(f"script throughput: default lists ({len(m.entries):,} entries, {len(m.aliases):,} name forms) indexed in "
          f"{time.process_time() - t0:.1f} CPU-s; dev rows of eval_scripts.tsv, one process, CPU seconds")
    for script, label in (("ru", "Russian"), ("zh", "Chinese")):
        queries = [(r.query, r.country) for r in rows if ("zh" if "zh" in r.kind else "ru") == script]
        t0, w0 = time.process_time(), time.perf_counter()
        hits = sum(len(m.screen(q, c)) for q, c in queries)
        cpu, wall = time.process_time() - t0, time.perf_counter() - w0
        print(f"  {label}-script: {len(queries):,} names ({len(set(queries)):,} distinct) in {cpu:.1f} CPU-s "
              f"({wall:.1f} s wall): {len(queries) / cpu:,.0f} names/s, {1000 * cpu / len(queries):.1f} ms a name, "
              f"{hits:,} hits")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threshold", type=float, default=0.85)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--scripts-throughput", action="store_true",
                    help="only the names per second of the dev Russian- and Chinese-script rows")
    ap.add_argument("--ror-visible", action="store_true", help="screen ROR rows with the ROR table as shipped")
    ap.add_argument("--split", choices=("dev", "heldout"), help="script set: only this split")
    ap.add_argument("--script", choices=("zh", "ru"), help="script set: only this script (skips eval.tsv)")
    ap.add_argument("--dump-errors", type=Path, help="script set: write every error to this TSV")
    for key, (file, title) in PROBES.items():  # --probe-zh, --probe-ru7, …: one probe alone
        ap.add_argument(f"--probe-{key}", action="store_true", help=f"only the {title} {file} (dev)")
    a = ap.parse_args()
    if a.scripts_throughput:
        scripts_throughput(a.threshold)
        return
    chosen = [k for k in PROBES if getattr(a, f"probe_{k}")]
    if chosen:
        (probe_zh3 if chosen[0] == "zh3" else lambda t: probe(chosen[0], t))(a.threshold)
        return
    if not a.skip_accuracy:
        if a.script is None:
            accuracy(a.threshold, a.errors, a.split)
        scripts_accuracy(a.threshold, a.errors, a.ror_visible, a.split, a.script, a.dump_errors)
    if not a.skip_throughput:
        throughput(a.n, a.workers, a.threshold)
        scripts_throughput(a.threshold)


if __name__ == "__main__":
    main()
