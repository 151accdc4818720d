"""The three bugs of issue #10, planted one at a time in a scratch copy: each must make an oracle test fail.

    python bench/planted_bugs.py

Growth factor inverted, the top-10% citation share turned into a top-50% share, the companies table
always empty. The checkout is never touched; prints, per bug, the oracle tests that failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutation import scratch_copy  # noqa: E402  (bench/ is not a package)

RESEARCH = "techties/metrics/research.py"
BUGS = {
    "growth factor inverted": ("return round(last / first, 2) if first else None",
                               "return round(first / last, 2) if last else None"),
    "top 10% -> top 50%": ("TOP_PERCENTILE = 0.9", "TOP_PERCENTILE = 0.5"),
    "companies always empty": ('ranked = sorted(stats.items(), key=lambda kv: (-len(kv[1]["works"]), kv[0]))[: q.top]',
                               'ranked = []'),
}
TESTS = ["tests/test_oracle_research.py", "tests/test_oracle_indicators.py"]


def main() -> int:
    caught = 0
    for name, (good, bad) in BUGS.items():
        with tempfile.TemporaryDirectory(prefix="techties-planted-") as tmp:
            work = Path(tmp)
            scratch_copy(work)
            src = (work / RESEARCH).read_text()
            if src.count(good) != 1:
                print(f"{name}: the line to change was not found once in {RESEARCH}")
                return 2
            (work / RESEARCH).write_text(src.replace(good, bad))
            env = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, "TECHTIES_HOME": str(work / ".h")}
            run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *TESTS], cwd=work,
                                 env=env, capture_output=True, text=True)
            failed = [line.split(" ")[1] for line in run.stdout.splitlines() if line.startswith("FAILED ")]
            summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-200:]
            print(f"{name}: {summary}")
            for f in failed:
                print(f"    {f}")
            caught += bool(failed)
    print(f"{caught} of {len(BUGS)} planted bugs make an oracle test fail")
    return 0 if caught == len(BUGS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
