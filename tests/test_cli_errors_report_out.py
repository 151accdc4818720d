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


def test_watch_rules_file_problems_in_words(tmp_path):
    from techties.errors import InputError
    from techties.watch.rules import load_rules

    binary = tmp_path / "rules.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    cases = {tmp_path / "nope.yaml": "no such rules file", tmp_path: "a folder, not a rules file",
             binary: "not a rules file (not UTF-8 text)"}
    for path, why in cases.items():
        try:
            load_rules(path)
        except InputError as exc:
            assert str(exc) == f"{path}: {why}"
        else:
            raise AssertionError(f"{path} was read")


def test_screen_list_of_binary_data_is_one_plain_line(tmp_path):
    from tests.test_hostile import cli

    binary = tmp_path / "entities.csv"
    binary.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4)
    res = cli("screen", "--list", str(binary), "Huawei")
    assert res.exit_code == 2
    assert res.stderr == f"error: {binary}: binary data, not a list file (CSV, JSON or YAML)\n"
