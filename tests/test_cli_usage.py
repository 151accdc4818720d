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
    # Click's parser raises these with no context: the hint named `techties --help`, not the command's
    # and --pair, missing or given one code, shows the form it takes
    (("research", "--pair", "CN"), "error: Option '--pair' requires 2 arguments: two country codes, e.g. --pair CN RU"
                                   " (see `techties research --help`)"),
    (("watch", "--pair", "CN"), "error: Option '--pair' requires 2 arguments: two country codes, e.g. --pair CN RU"
                                " (see `techties watch --help`)"),
    (("research", "CN", "RU"), "error: Missing option '--pair': two country codes, e.g. --pair CN RU"
                               " (see `techties research --help`)"),
    (("report", "--pair", "CN", "RU", "--top"),
     "error: Option '--top' requires an argument (see `techties report --help`)"),
    (("ingest", "wos", "--bogus"), "error: No such option: --bogus (see `techties ingest wos --help`)"),
    (("lists", "update", "--bogus"), "error: No such option: --bogus (see `techties lists update --help`)"),
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


def test_missing_inputs_exit_4_with_their_path(tmp_path) -> None:
    missing = tmp_path / "nope.jsonl"
    for args in (("classify", "eval", "--input", str(missing)),
                 ("classify", "score", "--input", str(missing), "--output", str(tmp_path / "s.csv"))):
        done = run(*args)
        assert done.returncode == 4
        assert done.stderr.splitlines() == [f"error: {missing}: No such file or directory"]
    done = run("research", "--pair", "CN", "RU", "--parquet", str(tmp_path / "none"))
    assert done.returncode == 4
    assert done.stderr.splitlines() == [f"error: no Parquet export at {tmp_path / 'none'}: "
                                        f"`techties export --out {tmp_path / 'none'}` writes one"]


def test_batch_size_below_one_is_a_usage_error(tmp_path) -> None:
    done = run("ingest", "wos", "--batch-size", "0", "--db", str(tmp_path / "w.duckdb"), str(tmp_path / "x.txt"))
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["error: Invalid value for '--batch-size': Input should be greater than"
                                        " or equal to 1 (see `techties ingest wos --help`)"]
    assert not (tmp_path / "w.duckdb").exists()
