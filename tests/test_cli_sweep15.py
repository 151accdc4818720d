"""Session 15's CLI sweep as a careless user: each defect found, with the one line and exit status a user
should get, worked out by hand from the README's exit-status table and the command's own wording."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """As a user types it: the program is named `techties` in the messages."""
    code = "import sys; from techties.cli import main; sys.argv[0] = 'techties'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
                          check=False, cwd=cwd, env=env)


def test_an_option_a_command_lacks_gets_no_pair_hint() -> None:
    # `network` has no --pair: the hint "two country codes, e.g. --pair CN RU" told the user to type it again
    done = run("network", "--pair", "CN", "RU", "--out", "x.graphml")
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["error: No such option: --pair (see `techties network --help`)"]
    assert done.stdout == ""
