"""`--db ~/.techties/X` when $TECHTIES_HOME moves the folder: writing commands find the moved warehouse as
reading ones do (README: "is looked up under $TECHTIES_HOME when that variable moves the folder")."""

from __future__ import annotations

import gzip

from typer.testing import CliRunner

from techties.cli import app


def test_ingest_into_the_moved_demo_warehouse(tmp_path, monkeypatch, shared_data):
    from techties.warehouse import Warehouse

    home, moved = tmp_path / "home", tmp_path / "th"
    monkeypatch.setenv("HOME", str(home))  # `~` is this folder: nothing is written in the real home
    monkeypatch.setenv("TECHTIES_HOME", str(moved))
    Warehouse(moved / "demo.duckdb").close()
    wos = shared_data / "wos" / "savedrecs_01.txt.gz"
    with gzip.open(wos, "rt", encoding="utf-8-sig") as fh:
        records = sum(line.startswith("ER") for line in fh)  # one ER line ends each record
    res = CliRunner().invoke(app, ["ingest", "wos", str(wos), "--db", "~/.techties/demo.duckdb"])
    assert res.exit_code == 0, res.output
    assert f"note: no warehouse at {home / '.techties' / 'demo.duckdb'}; using {moved / 'demo.duckdb'}" in res.output
    assert not (home / ".techties").exists()  # it made a new, empty warehouse there
    with Warehouse(moved / "demo.duckdb", read_only=True) as wh:
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == records == 500
