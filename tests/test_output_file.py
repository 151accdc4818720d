"""One rule for an output FILE option (config.output_file): a folder given where a file is to be
written is wrong usage, exit 2, with a file name to use inside it; a file in a folder that does not
exist is exit 4. Before, `watch --atom DIR` and `network --out DIR.graphml` were 4, `resolve country
--output DIR` 2. Expected lines written by hand from the rule."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from techties.cli import app


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(app, list(args))
    return res.exit_code, res.output


@pytest.fixture()
def db(tmp_path):
    """A warehouse path that exists: the output is refused before the warehouse is opened."""
    path = tmp_path / "w.duckdb"
    path.touch()
    return path


def test_watch_atom_folder(tmp_path, db):
    code, out = run("watch", "--pair", "CN", "RU", "--db", str(db), "--atom", str(tmp_path))
    assert (code, out) == (2, f"error: --atom {tmp_path} is a folder: name the Atom feed file to write, "
                              f"e.g. {tmp_path}/alerts.xml\n")


def test_watch_markdown_folder(tmp_path, db):
    code, out = run("watch", "--pair", "CN", "RU", "--db", str(db), "--markdown", str(tmp_path))
    assert (code, out) == (2, f"error: --markdown {tmp_path} is a folder: name the Markdown file to write, "
                              f"e.g. {tmp_path}/digest.md\n")


def test_watch_atom_under_a_file(tmp_path, db):
    """watch makes the feed's missing folders (the README's cron line), but not under a file."""
    (tmp_path / "notes").write_text("mine\n")
    code, out = run("watch", "--pair", "CN", "RU", "--db", str(db), "--atom", str(tmp_path / "notes" / "x" / "f.xml"))
    assert (code, out) == (4, f"error: --atom {tmp_path}/notes/x/f.xml: {tmp_path}/notes is a file, not a folder "
                              "to write it in\n")
    assert (tmp_path / "notes").read_text() == "mine\n"


def test_network_out_folder(tmp_path):
    folder = tmp_path / "n.graphml"
    folder.mkdir()
    code, out = run("network", "--out", str(folder))
    assert (code, out) == (2, f"error: --out {folder} is a folder: name the GraphML or JSON file to write, "
                              f"e.g. {folder}/network.graphml\n")
    code, out = run("network", "--out", str(tmp_path / "no" / "n.json"))
    assert (code, out) == (4, f"error: --out {tmp_path}/no/n.json: no folder {tmp_path}/no to write it in\n")


def test_resolve_country_output_folder(tmp_path):
    src = tmp_path / "affiliations.csv"
    src.write_text("aff\nTsinghua University, Beijing, China\n")
    code, out = run("resolve", "country", "--input", str(src), "--column", "aff", "--output", str(tmp_path))
    assert (code, out) == (2, f"error: --output {tmp_path} is a folder: name the CSV file to write, "
                              f"e.g. {tmp_path}/affiliations.csv\n")


def test_classify_score_output_folder(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "1", "title": "deep learning"}\n')
    folder = tmp_path / "s.csv"
    folder.mkdir()
    code, out = run("classify", "score", "--input", str(src), "--output", str(folder))
    assert (code, out) == (2, f"error: --output {folder} is a folder: name the CSV file to write, "
                              f"e.g. {folder}/scores.csv\n")
    assert list(folder.iterdir()) == []
