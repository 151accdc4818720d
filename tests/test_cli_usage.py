"""Click's usage errors (unknown command or option, a bad option value) are one line and exit 2,
like every other error of the CLI; help still prints in full."""

import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """As a user types it: the program is named `techties` in the messages."""
    code = "import sys; from techties.cli import main; sys.argv[0] = 'techties'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize(("args", "line"), [
    (("nosuch",), "error: No such command 'nosuch' (see `techties --help`)"),
    (("--bogus",), "error: No such option: --bogus (see `techties --help`)"),
    (("collect", "--max-credits", "0"),
     "error: Invalid value for '--max-credits': Input should be greater than or equal to 1"
     " (see `techties collect --help`)"),
    (("lists", "nosuch"), "error: No such command 'nosuch' (see `techties lists --help`)"),
])
def test_usage_error_is_one_line(args: tuple[str, ...], line: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [line]
    assert done.stdout == ""


def test_help_still_prints() -> None:
    done = run("research", "--help")
    assert done.returncode == 0
    assert "--pair" in done.stdout
