"""The research metrics on Spark: the same SQL over the Parquet export gives the same tables, work
ids included, as DuckDB over the warehouse. Runs where pyspark and Java are installed (CI installs
both: `pip install -e '.[dev,spark]'`)."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.metrics.research import ResearchQuery, compute_research
from techties.warehouse import Warehouse

pytest.importorskip("pyspark", reason="pyspark not installed: pip install -e '.[spark]'")
if shutil.which("java") is None:
    pytest.skip("no Java runtime for Spark", allow_module_level=True)


@pytest.fixture(scope="module")
def spark_con(export):
    from techties.warehouse.spark import local_spark, open_spark_parquet

    con = open_spark_parquet(export, local_spark(cores=2, app_name="techties-test"))
    yield con
    con.close()


@pytest.mark.parametrize("query", [
    ResearchQuery("CN", "RU", baseline="US"),
    ResearchQuery("CN", "US", years=(2010, 2020), china_scope="greater", area="wos-sc:Computer Science"),
])
def test_research_on_spark_equals_research_on_the_warehouse(export_db, spark_con, query):
    with Warehouse(export_db, read_only=True) as wh:
        expected = compute_research(wh.con, query, explain=True)
    got = compute_research(spark_con, query, explain=True)
    assert [t.name for t in got.tables] == [t.name for t in expected.tables]
    for g, e in zip(got.tables, expected.tables, strict=True):
        assert (g.rows, g.work_ids) == (e.rows, e.work_ids), g.name
    assert sum(r[2] for r in expected.table("yearly").rows) > 0


def test_cli_research_on_spark_needs_a_parquet_export(export, spark_con):
    assert CliRunner().invoke(app, ["research", "--pair", "CN", "RU", "--spark"]).exit_code == 2
    res = CliRunner().invoke(app, ["research", "--pair", "CN", "RU", "--parquet", str(export), "--spark"])
    assert res.exit_code == 0, res.output
    assert "CN-RU" in res.output


def test_left_out_pair_on_spark_equals_the_warehouse(spark_con, export, tmp_path):
    # the pair_output oracle warehouse with a CN-US record of 2017 of its own: left out in 2016 and 2018 only
    from techties.metrics.count_series import left_out_years
    from techties.warehouse.parquet import export_parquet
    from techties.warehouse.spark import open_spark_parquet
    from tests import test_oracle_research_pair_output as oracle

    db = tmp_path / "w.duckdb"
    oracle.build(db)
    query = ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018))
    with Warehouse(db) as wh:
        wh.con.execute("INSERT INTO works (work_id, source, year) VALUES ('x:1', 'test', 2017)")
        wh.con.execute("INSERT INTO authorships (work_id, position, country_code) VALUES ('x:1', 0, 'CN'),"
                       " ('x:1', 1, 'US')")
        expected = compute_research(wh.con, query, explain=True)
        export_parquet(wh.con, tmp_path / "export")
    con = open_spark_parquet(tmp_path / "export", spark_con.spark)
    try:
        assert left_out_years(con, [("CN", "US")], [2016, 2017, 2018]) == {"CN-US": (2016, 2018)}
        got = compute_research(con, query, explain=True)
    finally:
        con.close()
        open_spark_parquet(export, spark_con.spark)  # the module's views again, for any test after this one
    assert [t.name for t in got.tables] == [t.name for t in expected.tables]
    for g, e in zip(got.tables, expected.tables, strict=True):
        assert (g.rows, g.work_ids) == (e.rows, e.work_ids), g.name
    # 2016, 2018 OpenAlex's counts (40, 60); 2017 the warehouse's: W3 and x:1
    assert [n for p, _, n in got.table("yearly").rows if p == "CN-US"] == [40, 2, 60]
