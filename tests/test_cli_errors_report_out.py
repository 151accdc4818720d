"""`techties report --out ""` (an unset variable) wrote the brief's files into the current folder."""

from __future__ import annotations

from typer.testing import CliRunner

from techties.cli import app


def test_empty_out_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for given in ("", "."):
        res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--out", given])
        assert res.exit_code == 2
        assert "error: --out names the brief's own folder, e.g. --out brief" in res.output
    assert list(tmp_path.iterdir()) == []
