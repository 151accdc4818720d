"""`classify train` on inputs no model can be fitted on: one line, exit 4 (an input that cannot be used),
not "unexpected ValueError: empty vocabulary", exit 1."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from techties.cli import app

runner = CliRunner()


def test_empty_and_one_class_inputs_are_exit_4(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    one = tmp_path / "one.jsonl"
    one.write_text("\n".join(json.dumps({"id": f"x{k}", "title": f"paper {k}", "abstract": "neural networks",
                                         "label": True}) for k in range(3)) + "\n")
    res = runner.invoke(app, ["classify", "train", "--labelled", str(empty), "--output", str(tmp_path / "m")])
    assert res.exit_code == 4 and f"error: {empty}: no labelled documents read" in res.output
    res = runner.invoke(app, ["classify", "train", "--labelled", str(one), "--output", str(tmp_path / "m")])
    assert res.exit_code == 4
    assert f"error: {one}: all 3 labelled documents are AI: a classifier needs both" in res.output
    res = runner.invoke(app, ["classify", "train", "--area", "robotics", "--arxiv", str(empty),
                              "--output", str(tmp_path / "m")])
    assert res.exit_code == 4 and "no labelled documents read" in res.output
    assert "Traceback" not in res.output and not (tmp_path / "m").exists()
