"""The warehouse exported as Parquet (Hive layout): every row kept, and the research metrics
computed on the files equal those computed on the warehouse."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.metrics.research import ResearchQuery, compute_research
from techties.warehouse import Warehouse
from techties.warehouse.parquet import MANIFEST, open_parquet

runner = CliRunner()


def test_every_table_and_row_is_exported_with_works_partitioned_by_year(export_db, export):
    db = export_db
    manifest = json.loads((export / MANIFEST).read_text())
    con = duckdb.connect(str(db), read_only=True)
    pq = open_parquet(export)
    for name, table in manifest["tables"].items():
        assert table["rows"] == con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0], name  # noqa: S608
        got = pq.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()  # noqa: S608 (catalog names)
        assert got == con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall(), name  # noqa: S608
        columns = f"SELECT column_name, column_type FROM (DESCRIBE \"{name}\")"  # noqa: S608 (no NOT NULL in views)
        assert pq.execute(columns).fetchall() == con.execute(columns).fetchall(), name
    years = {p.name for p in (export / "works").iterdir()}
    assert "year=2019" in years and "year=__HIVE_DEFAULT_PARTITION__" in years  # Spark's name for NULL
    assert pq.execute("SELECT count(*) FROM works WHERE year IS NULL").fetchone()[0] == 1
    assert manifest["versions"]["techties"] and manifest["works_as_of"]["last"]


@pytest.mark.parametrize("query", [
    ResearchQuery("CN", "RU", baseline="US"),
    ResearchQuery("CN", "US", years=(2010, 2020), china_scope="greater"),
    ResearchQuery("RU", "DE", baseline="CN"),
    ResearchQuery("CN", "US", area="wos-sc:Computer Science", language="en"),
])
def test_research_on_the_parquet_export_equals_research_on_the_warehouse(export_db, export, query):
    db = export_db
    with Warehouse(db, read_only=True) as wh:
        expected = compute_research(wh.con, query, explain=True)
    got = compute_research(open_parquet(export), query, explain=True)
    assert [t.name for t in got.tables] == [t.name for t in expected.tables]
    for g, e in zip(got.tables, expected.tables, strict=True):
        assert (g.rows, g.work_ids) == (e.rows, e.work_ids), g.name
    assert sum(r[2] for r in expected.table("yearly").rows) > 0


def test_cli_export_refuses_an_existing_folder_and_research_reads_the_export(export_db, tmp_path):
    db = export_db
    out = tmp_path / "pq"
    assert runner.invoke(app, ["export", "--db", str(db), "--out", str(out)]).exit_code == 0
    again = runner.invoke(app, ["export", "--db", str(db), "--out", str(out)])
    assert again.exit_code == 2 and "exists" in again.output
    (tmp_path / "pq.partial").mkdir()  # left by an export killed midway: replaced, never read
    assert runner.invoke(app, ["export", "--db", str(db), "--out", str(out), "--overwrite"]).exit_code == 0
    assert not (tmp_path / "pq.partial").exists()
    res = runner.invoke(app, ["research", "--pair", "CN", "RU", "--parquet", str(out)])
    assert res.exit_code == 0 and "CN-RU" in res.output, res.output
    both = runner.invoke(app, ["research", "--pair", "CN", "RU", "--parquet", str(out), "--db", str(db)])
    assert both.exit_code == 2


def test_a_manifest_cannot_smuggle_sql_into_the_views(export, tmp_path):
    forged = tmp_path / "forged"
    forged.mkdir()
    manifest = json.loads((export / MANIFEST).read_text())
    manifest["tables"] = {"works": {**manifest["tables"]["works"],
                                    "columns": [{"name": "work_id", "type": "VARCHAR); DROP TABLE x; --"}]}}
    (forged / MANIFEST).write_text(json.dumps(manifest))
    (forged / "works").symlink_to(export / "works")
    with pytest.raises(ValueError, match="unexpected column type"):
        open_parquet(forged)
