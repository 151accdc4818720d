"""docs/classifier.md says what `techties classify eval` / `score` do with an input they cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from techties.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "classifier.md"


def test_the_doc_gives_the_exit_status_of_an_unusable_input():
    # defect: the doc said "1 when nothing usable was read"; the commands exit 4, as every input does
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    assert "4 when an input is missing or nothing usable was read" in text
    assert "1 when nothing usable was read" not in text


@pytest.mark.parametrize(("command", "message"), [
    (["classify", "eval", "--input"], "no labelled documents read"),
    (["classify", "score", "--output", "SCORES", "--input"], "no documents read"),
])
def test_an_empty_input_exits_4_with_one_line(tmp_path, command, message):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    args = [str(tmp_path / "scores.csv") if a == "SCORES" else a for a in command]
    res = CliRunner().invoke(app, [*args, str(empty)])
    assert res.exit_code == 4
    assert res.stderr.strip().splitlines() == [f"error: {empty}: {message}"]
