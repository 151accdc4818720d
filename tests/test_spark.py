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


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, shared_data):
    """413 real OpenAlex works (the 2022 sample) and 200 synthetic ones: a warehouse and its Parquet export."""
    from techties.ingest import ingest_files
    from techties.sources import synthetic
    from techties.warehouse.parquet import export_parquet

    root = tmp_path_factory.mktemp("mixed")
    synthetic.write_part(root / "part_000.gz", 0, 200, seed=5)
    db = root / "w.duckdb"
    with Warehouse(db) as wh:
        ingest_files(wh, "openalex", [root / "part_000.gz", shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz"
                                      ], show_progress=False)
        export_parquet(wh.con, root / "export")
    return db, root / "export"


def synthetic_per_year(export, a: str, b: str) -> dict[int, int]:
    """Synthetic works with authors in both countries, per year: read from the export with pyarrow alone."""
    import pyarrow.parquet as pq

    works = pq.read_table(export / "works", columns=["work_id", "synthetic", "year"]).to_pylist()
    countries: dict[str, set[str]] = {}
    for r in pq.read_table(export / "authorships", columns=["work_id", "country_code"]).to_pylist():
        countries.setdefault(r["work_id"], set()).add(r["country_code"])
    per_year: dict[int, int] = {}
    for w in works:
        if w["synthetic"] and {a, b} <= countries.get(w["work_id"], set()):
            per_year[int(w["year"])] = per_year.get(int(w["year"]), 0) + 1
    return per_year


def _read(folder) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir()) if p.suffix in (".csv", ".json")}


def test_research_output_on_spark_is_the_output_on_the_warehouse(mixed, spark_con, export, tmp_path):
    # every file of --output (tables, columns with synthetic_works, notes, as-of and versions in
    # provenance.json) and the --format json object, the same from the warehouse and from Spark
    import json

    db, mixed_export = mixed
    ask = ["research", "--pair", "RU", "US", "--baseline", "CN"]
    duck = CliRunner().invoke(app, [*ask, "--db", str(db), "--output", str(tmp_path / "duck"), "--format", "json"])
    try:
        spark = CliRunner().invoke(app, [*ask, "--parquet", str(mixed_export), "--spark", "--output",
                                         str(tmp_path / "spark"), "--format", "json"])
    finally:
        from techties.warehouse.spark import open_spark_parquet

        open_spark_parquet(export, spark_con.spark)  # the module's views again, for any test after this one
    assert duck.exit_code == 0 and spark.exit_code == 0, spark.output
    got, expected = _read(tmp_path / "spark"), _read(tmp_path / "duck")
    provenance = [json.loads(x.pop("provenance.json")) for x in (got, expected)]
    for p in provenance:
        p.pop("generated_at")
    assert provenance[0] == provenance[1]
    assert "SYNTHETIC: 200 of these works are synthetic (generated in the OpenAlex schema)" in provenance[0]["notes"]
    assert got == expected  # indicators.csv included
    as_json = [json.loads(r.stdout[r.stdout.index("{"):]) for r in (spark, duck)]
    for j in as_json:
        j["provenance"].pop("generated_at")
    assert as_json[0] == as_json[1]
    # the synthetic_works column, counted from the Parquet files with pyarrow: 5 RU-US works are synthetic
    oracle = synthetic_per_year(mixed_export, "RU", "US")
    assert sum(oracle.values()) == 5
    yearly = [line.split(",") for line in got["yearly.csv"].splitlines()]
    assert yearly[0] == ["pair", "year", "works", "synthetic_works"]
    assert {int(y): int(s) for p, y, _, s in yearly[1:] if p == "RU-US" and int(s)} == oracle
