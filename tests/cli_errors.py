"""The CLI as a user meets it, and the shape of its error boundary: one line on stderr that starts
with "error: ", nothing on stdout, the documented exit status, no traceback."""

from __future__ import annotations


def cli(*args: str):
    from typer.testing import CliRunner

    from techties.cli import app

    return CliRunner().invoke(app, list(args))


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.stderr, result.stderr
    assert result.stdout == ""
    return lines[0]
