"""Mutation testing of the metrics against the oracle tests: how many planted changes do they catch?

Runs mutmut (pip install 'techties[dev]') in a scratch copy of the working tree, so the checkout is
never touched, on the files given (default: the metrics that compute numbers) with the tests of
`[tool.mutmut]` in pyproject.toml (the oracle tests and the query validation tests). Prints the
score (killed / all mutants) per file and every surviving mutant as its one-line diff.

    python bench/mutation.py [--files techties/metrics/research.py …] [--max-children 2] [--diffs]

Slow on a shared 2-core machine (about 0.5 mutants/s): restrict --files when iterating.
"""

from __future__ import annotations

import argparse
import os
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
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="techties-mutation-"))
    work.mkdir(parents=True, exist_ok=True)
    scratch_copy(work)
    set_files(work / "pyproject.toml", args.files)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # import the copy, not the checkout
    env["TECHTIES_HOME"] = str(work / ".techties-home")
    run = subprocess.run(["mutmut", "run", "--max-children", str(args.max_children)], cwd=work, env=env,
                         capture_output=True, text=True)
    speed = re.findall(r"[\d.]+ mutations/second", run.stdout)
    results = subprocess.run(["mutmut", "results", "--all", "true"], cwd=work, env=env, capture_output=True,
                             text=True).stdout
    status = dict(re.findall(r"^\s*(\S+): (\S+)", results, re.MULTILINE))
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
