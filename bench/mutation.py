"""Mutation testing of the metrics against the oracle tests: how many planted changes do they catch?

Runs mutmut (pip install 'techties[dev]') in a scratch copy of the working tree, so the checkout is
never touched, on the files given (default: the metrics that compute numbers) with the tests of
`[tool.mutmut]` in pyproject.toml (the oracle tests and the query validation tests). Prints the
score (killed / all mutants) per file and every surviving mutant as its one-line diff.

    python bench/mutation.py [--files techties/metrics/research.py …] [--max-children 2] [--diffs]
                             [--sample N --seed S] [--only NAME …]

Slow on a shared 2-core machine (0.2-0.5 mutants/s): run one file at a time (--files). `--sample N`
tests a seeded random sample of N mutants of the files (mutmut names them before running any) and
gives the score with its 95% (Wilson) interval: an estimate of the whole score, for when all of them
would take hours. `--only` tests the mutants named (e.g. a sample's survivors, after new tests: a mutant
killed stays killed as tests are added).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILES = ["techties/metrics/research.py", "techties/metrics/investment.py", "techties/metrics/query.py",
                 "techties/metrics/indicators.py"]
KILLED = {"killed", "timeout"}  # a mutant that makes the tests hang is caught too


def scratch_copy(dest: Path) -> None:
    """Tracked and untracked (not ignored) files of the working tree."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           check=True, capture_output=True).stdout.decode().split("\0")
    for f in filter(None, files):
        src = REPO / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)


def set_files(pyproject: Path, files: list[str]) -> None:
    text = pyproject.read_text()
    listed = "[" + ", ".join(f'"{f}"' for f in files) + "]"
    text, n = re.subn(r"only_mutate = \[[^\]]*\]", f"only_mutate = {listed}", text)
    if n != 1:
        raise SystemExit("pyproject.toml has no [tool.mutmut] only_mutate to set")
    pyproject.write_text(text)


GENERATE = ("import mutmut.__main__ as m; m.copy_src_dir(); m.copy_also_copy_files(); m.setup_source_paths(); "
            "m.create_mutants(1)")


def mutant_names(cwd: Path, env: dict[str, str]) -> list[str]:
    """Every mutant of the files to mutate, named as mutmut names them (generated, none run)."""
    subprocess.run([sys.executable, "-c", GENERATE], cwd=cwd, env=env, check=True, capture_output=True)
    names: list[str] = []
    for meta in sorted((cwd / "mutants").rglob("*.py.meta")):
        names += sorted(json.loads(meta.read_text()).get("exit_code_by_key", {}))
    return names


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95% interval of a proportion k/n (Wilson score interval), for a sampled mutation score."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def one_line_diff(cwd: Path, env: dict[str, str], name: str) -> str:
    out = subprocess.run(["mutmut", "show", name], cwd=cwd, env=env, capture_output=True, text=True).stdout
    lines = [x for x in out.splitlines() if x[:1] in "+-" and not x.startswith(("+++", "---"))]
    return " | ".join(" ".join(x.split()) for x in lines)[:220]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", nargs="+", default=DEFAULT_FILES)
    ap.add_argument("--max-children", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="run in this folder and keep it (default: a temporary one)")
    ap.add_argument("--diffs", action="store_true", help="show each surviving mutant's diff (mutmut show: ~3 s each)")
    ap.add_argument("--sample", type=int, help="test a seeded random sample of this many mutants")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", nargs="+", default=[], help="test only these mutants (mutmut's names)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="techties-mutation-"))
    work.mkdir(parents=True, exist_ok=True)
    scratch_copy(work)
    set_files(work / "pyproject.toml", args.files)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # import the copy, not the checkout
    env["TECHTIES_HOME"] = str(work / ".techties-home")
    chosen: list[str] = sorted(args.only)
    if args.sample:
        every = mutant_names(work, env)
        chosen = sorted(random.Random(args.seed).sample(every, min(args.sample, len(every))))
        print(f"sample: {len(chosen)} of {len(every)} mutants (seed {args.seed})")
    run = subprocess.run(["mutmut", "run", "--max-children", str(args.max_children), *chosen], cwd=work, env=env,
                         capture_output=True, text=True)
    speed = re.findall(r"[\d.]+ mutations/second", run.stdout)
    results = subprocess.run(["mutmut", "results", "--all", "true"], cwd=work, env=env, capture_output=True,
                             text=True).stdout
    status = dict(re.findall(r"^\s*(\S+): (\S+)", results, re.MULTILINE))
    if chosen:
        status = {k: v for k, v in status.items() if k in set(chosen)}
    if not status:
        print(run.stdout[-2000:], run.stderr[-2000:], file=sys.stderr)
        return 1
    per_file: dict[str, Counter[str]] = {}
    for name, st in status.items():
        module = name.split(".x_")[0] if ".x_" in name else name.rsplit(".", 1)[0]
        per_file.setdefault(module, Counter())[st] += 1
    total = Counter(status.values())
    killed = sum(total[s] for s in KILLED)
    print(f"mutants {len(status)}: killed {killed} ({100 * killed / len(status):.1f}%), "
          + ", ".join(f"{k} {v}" for k, v in sorted(total.items())) + (f"; {speed[-1]}" if speed else ""))
    if chosen:
        lo, hi = wilson(killed, len(status))
        print(f"  a sample: the whole score is {100 * lo:.1f}%-{100 * hi:.1f}% (95% Wilson interval)")
    for module, c in sorted(per_file.items()):
        n = sum(c.values())
        k = sum(c[s] for s in KILLED)
        print(f"  {module}: {k}/{n} killed ({100 * k / n:.1f}%)")
    print("surviving mutants:")
    for name, st in sorted(status.items()):
        if st not in KILLED:
            print(f"  {name} [{st}]" + (f": {one_line_diff(work, env, name)}" if args.diffs else ""))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
