"""`ingest` into a warehouse that holds synthetic works (the demo's, named as --db) says so once on
stderr before storing: the user's records will be counted with them. Exit status unchanged."""

from __future__ import annotations

import gzip
import json

from typer.testing import CliRunner

from techties.cli import app

NOTE = ("note: {db} holds 2 synthetic works (generated for the demo): your records will be counted with them; "
        "--db a warehouse of your own keeps them apart")


def synthetic_file(shared_data, path):
    """Two real OpenAlex works (CC0) marked synthetic, as the demo's generator marks its own."""
    with gzip.open(shared_data / "openalex" / "works_current_schema_sample.jsonl.gz", "rt") as fh:
        rec = json.loads(fh.readline())
    path.write_text("".join(json.dumps(dict(rec, id=f"https://openalex.org/W{i}", doi=None, title=f"Synthetic {i}",
                                            techties_synthetic=True)) + "\n" for i in (1, 2)))
    return path


def test_a_note_where_synthetic_works_are_stored(shared_data, tmp_path):
    db = tmp_path / "demo.duckdb"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", "openalex", str(synthetic_file(shared_data, tmp_path / "s.jsonl")),
                                "--db", str(db)])
    assert first.exit_code == 0 and "note:" not in first.output  # none stored before: nothing to say
    wos = sorted((shared_data / "wos").glob("*.txt.gz"))[0]
    res = runner.invoke(app, ["ingest", "wos", str(wos), "--db", str(db)])
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert lines.count(NOTE.format(db=db)) == 1 and lines[0] == NOTE.format(db=db)


def test_no_note_without_synthetic_works(shared_data, tmp_path):
    wos = sorted((shared_data / "wos").glob("*.txt.gz"))[0]
    res = CliRunner().invoke(app, ["ingest", "wos", str(wos), "--db", str(tmp_path / "mine.duckdb")])
    assert res.exit_code == 0 and "note:" not in res.output
