"""`techties spark-ingest`: the snapshot read on Spark gives the same tables as the native DuckDB ingest,
in the layout and manifest of `techties export`, and the research metrics read it. Runs where pyspark
and Java are installed (CI installs both); one local Spark job over the real samples keeps it short."""

from __future__ import annotations

import gzip
import json
import shutil
from importlib import resources
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.ingest_native import fill_abstracts, ingest_openalex_native
from techties.metrics.research import ResearchQuery, compute_research
from techties.sources import synthetic
from techties.warehouse import Warehouse
from techties.warehouse.parquet import export_parquet, open_parquet
from techties.warehouse.spark_ingest import snapshot_files, spark_type
from techties.warehouse.work_countries import work_countries_source

COLUMNS = {
    "works": "work_id, source, doi, title, abstract, year, pub_date, language, type, cited_by_count, version, "
             "as_of, synthetic, abstract_index_json",
    "authorships": "work_id, position, author_id, author_name, institution_id, raw_affiliation, country_code, "
                   "country_method",
    "institutions": "institution_id, ror, name, names_json, country_code, type, parent_id, lineage_json, source",
    "work_fields": "work_id, taxonomy, field, score",
    "work_funders": "work_id, funder_id, funder_name, award_id",
    "quarantine": "file, line",
    "work_countries": "work_id, country_code",
}


def _rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {t: sorted(con.execute(f"SELECT {c} FROM {t}").fetchall(), key=repr)  # noqa: S608 (constants)
            for t, c in COLUMNS.items()}


def test_spark_types_come_from_the_duckdb_declarations():
    assert spark_type("VARCHAR[]") == "ARRAY<STRING>"
    assert spark_type("STRUCT(id VARCHAR, n INTEGER, xs DOUBLE[])[]") == \
        "ARRAY<STRUCT<`id`: STRING, `n`: INT, `xs`: ARRAY<DOUBLE>>>"
    assert spark_type("JSON") == "STRING"
    assert spark_type("STRUCT(s DOUBLE)[]", as_text=True) == "ARRAY<STRUCT<`s`: STRING>>"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory, shared_data) -> Path:
    """Real samples (CC0 demo records, 2022 and current schema), synthetic works in the real schema, and
    one file with bad and blank lines, in the snapshot's folder layout."""
    root = tmp_path_factory.mktemp("snap") / "works"
    dated = root / "updated_date=2025-06-01"
    dated.mkdir(parents=True)
    shutil.copy(Path(str(resources.files("techties.data.demo").joinpath("openalex_real_cc0.jsonl.gz"))),
                dated / "part_000.gz")
    shutil.copy(shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz", dated / "part_001.gz")
    shutil.copy(shared_data / "openalex" / "works_current_schema_sample.jsonl.gz", root / "part_002.gz")
    synthetic.write_part(dated / "part_003.gz", 0, 200, seed=5)  # synthetic, flagged so in the warehouse
    with gzip.open(shared_data / "openalex" / "works_current_schema_sample.jsonl.gz", "rt") as fh:
        rec = json.loads(fh.readline())
    lines = [json.dumps(dict(rec, updated_date="2030-01-01", title="newer")), "", "not json",
             json.dumps({"title": "no id"})]
    (dated / "part_004.jsonl").write_text("\n".join(lines) + "\n")
    return root


@pytest.fixture(scope="module")
def native_db(tmp_path_factory, snapshot) -> Path:
    db = tmp_path_factory.mktemp("nat") / "w.duckdb"
    with Warehouse(db) as wh:
        ingest_openalex_native(wh, snapshot_files(snapshot), show_progress=False)
        fill_abstracts(wh.con)
    return db


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory, snapshot) -> tuple[Path, object]:
    pytest.importorskip("pyspark", reason="pyspark not installed: pip install -e '.[spark]'")
    pytest.importorskip("pandas", reason="pandas not installed: pip install -e '.[spark]'")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark")
    out = tmp_path_factory.mktemp("sp") / "parquet"
    return out, CliRunner().invoke(app, ["spark-ingest", str(snapshot), "--out", str(out)])


@pytest.fixture(scope="module")
def spark_out(spark_run) -> Path:
    out, result = spark_run
    assert result.exit_code in (0, 3), result.output
    return out


def test_cli_spark_ingest_says_its_quarantined_lines_as_ingest_does(spark_run, snapshot):
    # part_004.jsonl: line 1 a work, 2 blank (skipped), 3 "not json", 4 an object without an id: written, exit 3
    # ("finished, but some lines were quarantined", as `techties ingest`), each bad line named file:line
    _, result = spark_run
    assert result.exit_code == 3, result.output
    part = snapshot / "updated_date=2025-06-01" / "part_004.jsonl"
    said = [line for line in result.output.splitlines() if line.startswith("quarantined ")]
    assert said == [f"quarantined {part}:3: invalid OpenAlex work: not a JSON object with an id",
                    f"quarantined {part}:4: invalid OpenAlex work: not a JSON object with an id"]


def test_cli_spark_ingest_finds_no_part_files_before_starting_spark(tmp_path, monkeypatch):
    import techties.warehouse.spark as spark_module

    def no_spark(*_a, **_k):
        raise AssertionError("Spark started for a folder with nothing to read")

    monkeypatch.setattr(spark_module, "local_spark", no_spark)
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["spark-ingest", str(tmp_path / "empty"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 4, result.output
    assert result.output.strip() == f"error: {tmp_path / 'empty'}: no snapshot part files (*.gz, *.json, *.jsonl)"
    assert not (tmp_path / "out").exists()


def distinct_ids(root: Path) -> int:
    """Distinct work ids over the snapshot's lines that parse with an id, counted with json alone."""
    ids = set()
    for path in snapshot_files(root):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if isinstance(rec, dict) and rec.get("id"):
                    ids.add(rec["id"])
    return len(ids)


def test_spark_ingest_stores_the_rows_of_the_native_ingest(spark_out, native_db, snapshot):
    con = open_parquet(spark_out)
    got = _rows(con)
    with Warehouse(native_db, read_only=True) as wh:
        expected = _rows(wh.con)
    for table in COLUMNS:
        assert got[table] == expected[table], table
    assert len(got["works"]) == distinct_ids(snapshot)
    assert [line for _, line in got["quarantine"]] == [3, 4]


def test_spark_ingest_has_the_layout_and_manifest_of_techties_export(spark_out, native_db, tmp_path):
    with Warehouse(native_db, read_only=True) as wh:
        exported = export_parquet(wh.con, tmp_path / "export")
    manifest = json.loads((spark_out / "manifest.json").read_text())
    assert manifest["format"] == exported["format"]
    assert {t: v["columns"] for t, v in manifest["tables"].items()} == \
        {t: v["columns"] for t, v in exported["tables"].items()}
    for t in ("works", "authorships", "institutions", "work_fields", "work_funders", "work_countries",
              "work_countries_state"):
        assert manifest["tables"][t]["rows"] == exported["tables"][t]["rows"], t
    years = {p.name for p in (tmp_path / "export" / "works").iterdir()}  # year=…/ folders, unknown years included
    assert {p.name for p in (spark_out / "works").iterdir()} == years
    assert manifest["works_as_of"]["first"] <= "2025-06-01" <= manifest["works_as_of"]["last"]


def test_research_reads_the_spark_ingest_output(spark_out, native_db, snapshot):
    query = ResearchQuery("DE", "US")
    with Warehouse(native_db, read_only=True) as wh:
        expected = compute_research(wh.con, query, explain=True)
    got = compute_research(open_parquet(spark_out), query, explain=True)
    for g, e in zip(got.tables, expected.tables, strict=True):
        assert (g.rows, g.work_ids) == (e.rows, e.work_ids), g.name
    assert sum(r[2] for r in expected.table("yearly").rows) > 0
    from techties.warehouse.spark import local_spark

    works = local_spark().read.parquet(str(spark_out / "works"))  # Spark reads its own output back
    assert works.count() == distinct_ids(snapshot)


def test_cli_spark_ingest_refuses_an_existing_folder(tmp_path, snapshot):
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(app, ["spark-ingest", str(snapshot), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "exists" in result.output


def test_spark_ingest_writes_work_countries_in_step(spark_out, native_db):
    # the work x country table the DuckDB ingest keeps: its rows (compared above), sorted by country across the
    # files, with a stamp that matches, so research reads it (not authorships) with DuckDB and on Spark
    import pyarrow.parquet as pq

    from techties.warehouse.spark import local_spark, open_spark_parquet

    con = open_parquet(spark_out)
    assert work_countries_source(con) == "work_countries"
    # each (work, country) of the authorships with a country, once: counted here from the authorships alone
    assert con.execute("SELECT count(*) FROM work_countries").fetchone()[0] == con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT work_id, country_code FROM authorships"
        " WHERE country_code IS NOT NULL)").fetchone()[0] > 0
    rows = [r for f in sorted((spark_out / "work_countries").glob("*.parquet"))
            for r in zip(*pq.read_table(f, columns=["country_code", "work_id"]).to_pydict().values(), strict=True)]
    assert rows == sorted(rows)
    spark_con = open_spark_parquet(spark_out, local_spark())
    try:
        assert work_countries_source(spark_con) == "work_countries"
    finally:
        spark_con.close()


def test_spark_submit_entry_point_says_bad_folders_in_one_line(tmp_path, capsys):
    # `spark-submit …/spark_ingest.py SNAPSHOT_DIR OUT_DIR` (README): the CLI's exit statuses and one line, no
    # traceback, and no Spark session for folders it cannot use
    from techties.warehouse.spark_ingest import main

    (tmp_path / "empty").mkdir()
    (tmp_path / "snap").mkdir()
    (tmp_path / "snap" / "part_000.jsonl").write_text("{}\n")
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x.txt").write_text("mine")
    cases = [([str(tmp_path / "nowhere"), str(tmp_path / "out")], 4),
             ([str(tmp_path / "empty"), str(tmp_path / "out")], 4),
             ([str(tmp_path / "snap"), str(tmp_path / "taken")], 2),
             ([str(tmp_path / "snap")], 2)]
    for args, status in cases:
        assert main(args) == status, args
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert not (tmp_path / "out").exists()
