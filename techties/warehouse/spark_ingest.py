"""The whole OpenAlex snapshot on Spark: snapshot files in, a techties Parquet export out.

`spark_ingest(snapshot_dir, out)` reads the part files with Spark (one task per gzip file), parses
each line with `from_json` and the schema of `sources.openalex_native.READ_COLUMNS` (the fields
the warehouse stores, nothing else), applies the rules of the native and Python ingests in Spark
SQL (newest `updated_date` wins, the later line on a tie; institution, source and string
countries; fields; funders) and runs the country resolver and the abstract rebuild as pandas UDFs
on the executors. The output has the layout and manifest of `techties export`
(`warehouse/parquet.py`): one folder per warehouse table, works partitioned by year, so
`techties research --parquet OUT --spark` (or without --spark, on DuckDB) reads a corpus that
never passed through one machine. Written to `OUT.partial` and renamed when complete.

Lines that are not a JSON object with an id are quarantined with file and line (numbered only for
the files that have some). A value of the wrong type is read as NULL, as in DuckDB's lenient read.

On a cluster: `spark-submit techties/warehouse/spark_ingest.py SNAPSHOT_DIR OUT_DIR` with techties
installed on the executors (README, "Beyond one machine").
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from techties.sources.openalex_native import READ_COLUMNS

# Written by Spark; institutions (at most some 100k rows) are collected and rolled up on the driver.
SPARK_TABLES = ("works", "authorships", "work_fields", "work_funders")
SNAPSHOT_SUFFIXES = (".gz", ".json", ".jsonl", ".ndjson")
_SPARK_TYPES = {"VARCHAR": "STRING", "INTEGER": "INT", "DOUBLE": "DOUBLE", "BOOLEAN": "BOOLEAN", "JSON": "STRING",
                "BIGINT": "BIGINT"}
# Numbers are parsed as text and cast in SQL: Spark's JSON reader gives NULL for a number written as a
# string (2022 concept scores are "0.47"), where DuckDB and msgspec cast it.
_READ_AS_TEXT = {"INTEGER", "DOUBLE"}


# -- the schema, translated from the DuckDB declarations -------------------------------------------
def _tokens(text: str) -> Iterator[str]:
    yield from re.findall(r"\[\]|[A-Za-z_][A-Za-z_0-9]*|[(),]", text)


def spark_type(duck: str, *, as_text: bool = False) -> str:
    """A DuckDB type of READ_COLUMNS (`STRUCT(a VARCHAR, b INTEGER[])[]`) as a Spark DDL type; with
    `as_text`, numbers as STRING."""
    tokens = list(_tokens(duck))
    pos = 0

    def parse() -> str:
        nonlocal pos
        word = tokens[pos]
        pos += 1
        if word.upper() == "STRUCT":
            assert tokens[pos] == "("
            pos += 1
            fields = []
            while True:
                name = tokens[pos]
                pos += 1
                fields.append(f"`{name}`: {parse()}")
                sep = tokens[pos]
                pos += 1
                if sep == ")":
                    break
            out = f"STRUCT<{', '.join(fields)}>"
        else:
            out = "STRING" if as_text and word.upper() in _READ_AS_TEXT else _SPARK_TYPES[word.upper()]
        while pos < len(tokens) and tokens[pos] == "[]":
            pos += 1
            out = f"ARRAY<{out}>"
        return out

    result = parse()
    if pos != len(tokens):
        raise ValueError(f"unparsed type text: {duck!r}")
    return result


def spark_schema() -> str:
    """The DDL schema `from_json` parses each line with."""
    return ", ".join(f"`{name}` {spark_type(kind, as_text=True)}" for name, kind in READ_COLUMNS.items())


# -- SQL helpers (the macros of openalex_native.sql) -----------------------------------------------
def _short(x: str) -> str:
    return (f"(CASE WHEN {x} IS NULL OR {x} = '' THEN NULL WHEN startswith({x}, 'https://openalex.org/') "
            f"THEN substring({x}, 22) ELSE {x} END)")


def _strip(v: str, prefix: str) -> str:
    return f"(CASE WHEN startswith({v}, '{prefix}') THEN substring({v}, {len(prefix) + 1}) ELSE {v} END)"


def _doi(x: str) -> str:
    stripped = _strip(_strip(_strip(f"lower(trim({x}))", "https://doi.org/"), "http://dx.doi.org/"), "doi:")
    return f"nullif({stripped}, '')"


def _work_id(x: str) -> str:
    return f"concat('openalex:', coalesce({_short(x)}, {x}))"


def _json_string(x: str) -> str:
    return f"concat('\"', replace(replace({x}, '\\\\', '\\\\\\\\'), '\"', '\\\\\"'), '\"')"


# -- reading ------------------------------------------------------------------------------------------
def snapshot_files(snapshot_dir: Path) -> list[str]:
    """The part files under a snapshot folder (or the file itself), in a stable order."""
    root = Path(snapshot_dir)
    if root.is_file():
        return [str(root)]
    files = sorted(str(p) for p in root.rglob("*") if p.is_file() and p.name.endswith(SNAPSHOT_SUFFIXES))
    if not files:
        raise FileNotFoundError(f"{snapshot_dir}: no snapshot part files (*.gz, *.json, *.jsonl)")
    return files


def _local_dates(path: str) -> tuple[str | None, str | None]:
    """(the snapshot folder's date, the file's mtime day) of a part file; a file that is not local
    (s3://…) has no mtime here. A work's as-of is the folder's date, else its own updated_date's day,
    else the mtime (openalex_snapshot.parse_lines, the rule of every path)."""
    from techties.sources.openalex_snapshot import file_date, folder_as_of

    try:
        return folder_as_of(path), file_date(path)
    except OSError:
        m = re.search(r"updated_date=([^/]+)", path)
        return (m.group(1) if m else None), None


def _uri_path(uri: str) -> str:
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme in ("file", "") else uri


def _stage(spark: Any, files: list[str]) -> tuple[Any, list[dict[str, Any]]]:
    """Lines → parsed rows (`oa_raw` view: file_idx, mid, the declared fields) and the bad lines."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    lines = (spark.read.text(files).withColumn("uri", F.input_file_name())
             .withColumn("mid", F.monotonically_increasing_id()))
    lines.createOrReplaceTempView("oa_lines")
    uris = [r[0] for r in spark.sql("SELECT DISTINCT uri FROM oa_lines").collect()]
    by_path = {str(Path(f).resolve()): k for k, f in enumerate(files)}
    mapping = [(u, by_path.get(str(Path(_uri_path(u)).resolve()) if "://" not in _uri_path(u) else u, -1))
               for u in uris]
    spark.createDataFrame(mapping, "uri STRING, file_idx INT").createOrReplaceTempView("oa_uris")
    parsed = spark.sql(f"""
        SELECT u.file_idx, l.mid, l.value, from_json(l.value, '{spark_schema()}') AS r
        FROM oa_lines l JOIN oa_uris u USING (uri)
        WHERE trim(BOTH ' \\t\\r' FROM l.value) <> ''""")  # noqa: S608 (constant schema)
    parsed = parsed.persist(StorageLevel.MEMORY_AND_DISK)
    parsed.createOrReplaceTempView("oa_parsed")
    bad = _bad_lines(spark, files)
    spark.sql("SELECT file_idx, mid, r.* FROM oa_parsed WHERE r.id IS NOT NULL").createOrReplaceTempView("oa_raw")
    return parsed, bad


def _bad_lines(spark: Any, files: list[str]) -> list[dict[str, Any]]:
    """Lines without a parsed id, numbered within their file: only files that have some are numbered
    (a window over their lines in file order: one task per gzip file keeps that order)."""
    bad = spark.sql("SELECT file_idx, mid, substring(value, 1, 300) AS excerpt FROM oa_parsed"
                    " WHERE r IS NULL OR r.id IS NULL").collect()
    if not bad:
        return []
    idx = sorted({r.file_idx for r in bad})
    numbered = spark.sql(f"""
        SELECT u.file_idx, l.mid, row_number() OVER (PARTITION BY u.file_idx ORDER BY l.mid) AS line
        FROM oa_lines l JOIN oa_uris u USING (uri) WHERE u.file_idx IN ({', '.join(map(str, idx))})""").collect()  # noqa: S608
    line_of = {(r.file_idx, r.mid): r.line for r in numbered}
    return [{"file": files[r.file_idx], "line": line_of[(r.file_idx, r.mid)],
             "error": "invalid OpenAlex work: not a JSON object with an id", "raw_excerpt": r.excerpt} for r in bad]


# -- the tables ---------------------------------------------------------------------------------------
def _tables(spark: Any, run_id: str, retrieved_at: str) -> dict[str, Any]:
    """The five data tables as DataFrames, in the warehouse's column order (SQL of openalex_native.sql)."""
    from techties.warehouse.spark_udfs import rebuild_abstract, resolve_country

    spark.udf.register("oa_resolve_country", resolve_country)
    spark.udf.register("oa_rebuild_abstract", rebuild_abstract)
    spark.sql(f"""SELECT *, {_work_id('id')} AS work_id,
                  row_number() OVER (PARTITION BY {_work_id('id')}
                                     ORDER BY coalesce(updated_date, '') DESC, file_idx DESC, mid DESC) AS rn
                  FROM oa_raw""").createOrReplaceTempView("oa_ranked")  # noqa: S608
    spark.sql("SELECT * FROM oa_ranked WHERE rn = 1").createOrReplaceTempView("oa_win")
    works = spark.sql(f"""
        SELECT w.work_id, 'openalex-snapshot' AS source, {_doi('w.doi')} AS doi,
               CASE WHEN w.title IS NOT NULL AND w.title <> '' THEN w.title ELSE w.display_name END AS title,
               oa_rebuild_abstract(w.abstract_inverted_index) AS abstract,
               CAST(w.publication_year AS INT) AS year, w.publication_date AS pub_date, w.language, w.type,
               CAST(w.cited_by_count AS INT) AS cited_by_count,
               w.updated_date AS version,
               coalesce(f.as_of, CASE WHEN w.updated_date RLIKE '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}'
                                           AND try_cast(substr(w.updated_date, 1, 10) AS DATE) IS NOT NULL
                                           AND substr(w.updated_date, 1, 10) <= f.file_date
                                      THEN substr(w.updated_date, 1, 10) END, f.file_date) AS as_of,
               '{retrieved_at}' AS retrieved_at,
               coalesce(w.techties_synthetic, false) AS synthetic, '{run_id}' AS run_id,
               CAST(NULL AS STRING) AS abstract_index_json
        FROM oa_win w JOIN oa_files f USING (file_idx)""")  # noqa: S608 (run id and date are ours)
    # Institutions from every parsed work: the last file naming one, its first occurrence there.
    spark.sql("""
        SELECT file_idx, mid, pos, k, i FROM (
            SELECT file_idx, mid, pos, posexplode(a.institutions) AS (k, i)
            FROM (SELECT file_idx, mid, posexplode(authorships) AS (pos, a) FROM oa_raw))
        WHERE i.id IS NOT NULL AND i.id <> ''""").createOrReplaceTempView("oa_ainst")  # noqa: S608
    spark.sql(f"""
        SELECT concat('openalex:', {_short('i.id')}) AS institution_id,
               min_by(named_struct('ror', i.ror, 'name', coalesce(nullif(i.display_name, ''), {_short('i.id')}),
                                   'country_code', nullif(i.country_code, ''), 'type', i.type, 'lineage', i.lineage),
                      named_struct('f', -file_idx, 'm', mid, 'p', pos, 'k', k)) AS v
        FROM oa_ainst GROUP BY 1""").createOrReplaceTempView("oa_inst")  # noqa: S608
    spark.sql(f"""
        SELECT work_id, position, author_id, author_name, s.iid AS institution_id, raw, s.cc AS country_code,
               s.method AS country_method, file_idx, mid, s.k AS k
        FROM (
            SELECT *, explode(CASE
                WHEN size(insts) > 0 THEN transform(insts, (i, k) -> named_struct(
                    'k', k + 1, 'iid', concat('openalex:', {_short('i.id')}), 'cc', nullif(i.country_code, ''),
                    'method', CASE WHEN nullif(i.country_code, '') IS NULL THEN 'none' ELSE 'institution' END))
                WHEN size(countries) > 0 THEN transform(countries, c -> named_struct(
                    'k', 0, 'iid', CAST(NULL AS STRING), 'cc', c, 'method', 'source'))
                ELSE array(named_struct('k', 0, 'iid', CAST(NULL AS STRING), 'cc', CAST(NULL AS STRING),
                                        'method', 'none')) END) AS s
            FROM (
                SELECT work_id, file_idx, mid, pos AS position, {_short('a.author.id')} AS author_id,
                       coalesce(nullif(a.author.display_name, ''), nullif(a.raw_author_name, ''), '') AS author_name,
                       CASE WHEN size(a.raw_affiliation_strings) > 0 THEN array_join(a.raw_affiliation_strings, '; ')
                            ELSE a.raw_affiliation_string END AS raw,
                       filter(a.institutions, i -> i.id IS NOT NULL AND i.id <> '') AS insts,
                       filter(a.countries, c -> c IS NOT NULL AND c <> '') AS countries
                FROM (SELECT work_id, file_idx, mid, posexplode(authorships) AS (pos, a) FROM oa_win)))
    """).createOrReplaceTempView("oa_slots")  # noqa: S608
    spark.sql("""SELECT raw, oa_resolve_country(raw) AS code FROM (
                     SELECT DISTINCT raw FROM oa_slots WHERE country_code IS NULL AND raw IS NOT NULL AND raw <> '')
              """).createOrReplaceTempView("oa_resolved")
    authorships = spark.sql("""
        SELECT a.work_id, a.position, a.author_id, a.author_name, a.institution_id, a.raw AS raw_affiliation,
               coalesce(a.country_code, r.code) AS country_code,
               CASE WHEN a.country_code IS NULL AND r.code IS NOT NULL THEN 'string' ELSE a.country_method END
                   AS country_method
        FROM oa_slots a LEFT JOIN oa_resolved r ON a.country_code IS NULL AND r.raw = a.raw""")
    spark.sql("""
        SELECT a.institution_id, min_by(r.code, named_struct('f', a.file_idx, 'm', a.mid, 'p', a.position, 'k', a.k))
               AS code
        FROM oa_slots a JOIN oa_resolved r ON r.raw = a.raw
        WHERE a.institution_id IS NOT NULL AND a.country_code IS NULL AND r.code IS NOT NULL
        GROUP BY a.institution_id""").createOrReplaceTempView("oa_inst_fill")
    institutions = spark.sql(f"""
        SELECT i.institution_id, i.v.ror, i.v.name, CAST(NULL AS STRING) AS names_json,
               coalesce(i.v.country_code, f.code) AS country_code, i.v.type, CAST(NULL AS STRING) AS parent_id,
               CASE WHEN size(i.v.lineage) > 0 THEN concat('[', array_join(transform(i.v.lineage,
                   x -> {_json_string(f"concat('openalex:', coalesce({_short('x')}, x))")}), ', '), ']') END
                   AS lineage_json,
               'openalex' AS source
        FROM oa_inst i LEFT JOIN oa_inst_fill f USING (institution_id)""")  # noqa: S608
    fields = spark.sql("""
        SELECT work_id, 'openalex-concept' AS taxonomy, c.display_name AS field, CAST(c.score AS DOUBLE) AS score
        FROM (SELECT work_id, explode(concepts) AS c FROM oa_win) WHERE c.display_name <> ''
        UNION ALL
        SELECT work_id, 'openalex-topic', t.display_name, CAST(t.score AS DOUBLE)
        FROM (SELECT work_id, explode(topics) AS t FROM oa_win) WHERE t.display_name <> ''
        UNION ALL
        SELECT work_id, 'openalex-subfield', topics[0].subfield.display_name, CAST(topics[0].score AS DOUBLE)
        FROM oa_win WHERE size(topics) > 0 AND topics[0].subfield.display_name <> ''
        UNION ALL
        SELECT work_id, 'openalex-field', topics[0].field.display_name, CAST(topics[0].score AS DOUBLE)
        FROM oa_win WHERE size(topics) > 0 AND topics[0].field.display_name <> ''""")
    funders = spark.sql(f"""
        WITH cand AS (
            SELECT work_id, 0 AS kind, idx, {_short('g.funder')} AS fid, g.award_id AS award,
                   coalesce(g.funder_display_name, '') AS name
            FROM (SELECT work_id, posexplode(grants) AS (idx, g) FROM oa_win)
            WHERE coalesce(g.funder_display_name, '') <> '' OR coalesce(g.funder, '') <> ''
            UNION ALL
            SELECT work_id, 1, idx, {_short('x.funder_id')}, x.funder_award_id, coalesce(x.funder_display_name, '')
            FROM (SELECT work_id, posexplode(awards) AS (idx, x) FROM oa_win)
            UNION ALL
            SELECT work_id, 2, idx, {_short('f.id')}, CAST(NULL AS STRING), coalesce(f.display_name, '')
            FROM (SELECT work_id, posexplode(funders) AS (idx, f) FROM oa_win)),
        g AS (SELECT work_id, fid, award, max_by(name, idx) AS name FROM cand WHERE kind = 0
              GROUP BY work_id, fid, award),
        aw AS (SELECT work_id, fid, award, min_by(name, idx) AS name FROM cand WHERE kind = 1
               GROUP BY work_id, fid, award),
        aw_new AS (SELECT aw.* FROM aw LEFT ANTI JOIN g ON g.work_id = aw.work_id AND g.fid <=> aw.fid
                                                         AND g.award <=> aw.award),
        named AS (SELECT work_id, fid FROM g UNION SELECT work_id, fid FROM aw),
        fu AS (SELECT work_id, fid, CAST(NULL AS STRING) AS award, max_by(name, idx) AS name FROM cand
               WHERE kind = 2 GROUP BY work_id, fid),
        fu_new AS (SELECT fu.* FROM fu LEFT ANTI JOIN named n ON n.work_id = fu.work_id AND n.fid <=> fu.fid)
        SELECT work_id, fid AS funder_id, name AS funder_name, award AS award_id
        FROM (SELECT * FROM g UNION ALL SELECT * FROM aw_new UNION ALL SELECT * FROM fu_new)""")  # noqa: S608
    return {"works": works, "authorships": authorships, "institutions": institutions, "work_fields": fields,
            "work_funders": funders}


# -- writing ------------------------------------------------------------------------------------------
def _typed(df: Any, columns: list[dict[str, str]]) -> Any:
    """The DataFrame with the warehouse's columns, order and Parquet types."""
    from pyspark.sql import functions as F

    return df.select(*[F.col(c["name"]).cast(_SPARK_TYPES.get(c["type"], "STRING").lower()).alias(c["name"])
                       for c in columns])


def _bookkeeping(files: list[str], bad: list[dict[str, Any]], counts: dict[str, int], run_id: str,
                 started: str, command: str, spark_version: str) -> Any:
    """An in-memory DuckDB warehouse holding this run's `runs` and `quarantine` rows (and then the
    institutions): `export_parquet` writes it, and the Spark tables then replace their empty folders."""
    import duckdb

    from techties.warehouse.store import now_iso, versions

    con = duckdb.connect()
    from importlib import resources

    con.execute(resources.files("techties.warehouse").joinpath("schema.sql").read_text())
    inputs = [{"path": f, "bytes": Path(f).stat().st_size if Path(f).exists() else None} for f in files]
    n_bad = len(bad)
    con.execute("INSERT INTO runs (run_id, command, params_json, inputs_json, versions_json, started, finished,"
                " status, n_read, n_ok, n_quarantined) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        run_id, command, json.dumps({"kind": "openalex", "engine": "spark"}), json.dumps(inputs),
        json.dumps(dict(versions(), pyspark=spark_version)), started, now_iso(),
        "ok-with-quarantine" if n_bad else "ok", counts["read"] + n_bad, counts["works"], n_bad])
    if bad:
        con.executemany("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
                        [[run_id, "", b["file"], b["line"], b["error"], b["raw_excerpt"]] for b in bad])
    return con


def spark_ingest(snapshot_dir: Path, out: Path, *, spark: Any | None = None, overwrite: bool = False,
                 command: str | None = None) -> dict[str, Any]:
    """Read an OpenAlex snapshot with Spark and write a techties Parquet export to `out`; returns its
    manifest."""
    from techties.resolve.institutions import rollup_institutions
    from techties.warehouse.parquet import MANIFEST, PARTITIONS, check_export_target, export_parquet
    from techties.warehouse.spark import local_spark
    from techties.warehouse.store import now_iso

    out = check_export_target(out, overwrite)
    files = snapshot_files(Path(snapshot_dir))
    spark = spark or local_spark()
    started = now_iso()
    run_id = "spark-" + started.replace(":", "").replace("-", "")[:15]
    retrieved = dt.datetime.now(dt.UTC).date().isoformat()
    files_df = spark.createDataFrame([(k, f, *_local_dates(f)) for k, f in enumerate(files)],
                                     "file_idx INT, path STRING, as_of STRING, file_date STRING")
    files_df.createOrReplaceTempView("oa_files")
    parsed, bad = _stage(spark, files)
    try:
        tables = _tables(spark, run_id, retrieved)
        n_read, n_works = spark.sql("SELECT count(*), count(DISTINCT work_id) FROM oa_ranked").collect()[0]
        partial = out.with_name(out.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        # First every table empty but runs and quarantine: the export's own layout and manifest; then the
        # Spark tables replace their empty folders.
        book = _bookkeeping(files, bad, {"read": n_read, "works": n_works}, run_id, started,
                            command or f"techties spark-ingest {snapshot_dir} --out {out}", spark.version)
        book.register("spark_institutions", tables["institutions"].toPandas())
        book.execute("INSERT INTO institutions SELECT * FROM spark_institutions")
        book.unregister("spark_institutions")
        rollup_institutions(book)  # parents from lineage, as every ingest ends
        manifest = export_parquet(book, partial, overwrite=True)
        frames = {name: _typed(tables[name], manifest["tables"][name]["columns"]) for name in SPARK_TABLES}
        for name, df in frames.items():
            target = partial / name
            shutil.rmtree(target)
            writer = df.write.option("compression", "zstd")
            if name in PARTITIONS:
                writer = writer.partitionBy(PARTITIONS[name])
            writer.parquet(str(target))
            _count(partial / name, manifest["tables"][name])
        _write_work_countries(spark, book, partial, manifest, run_id)
        book.close()
        from pyspark.sql import functions as F

        first, last = frames["works"].agg(F.min("as_of"), F.max("as_of")).collect()[0]  # as export_parquet's
        manifest["works_as_of"] = {"first": first, "last": last}
        manifest["versions"]["pyspark"] = spark.version
        manifest["engine"] = "spark-ingest"
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2))
        if out.exists():
            shutil.rmtree(out)
        partial.rename(out)
        return manifest
    finally:
        parsed.unpersist()


def _count(target: Path, table: dict[str, Any]) -> None:
    """Spark's marker files removed; the rows and bytes of the folder's Parquet files into the manifest."""
    for junk in [*target.rglob("_SUCCESS"), *target.rglob(".*.crc")]:
        junk.unlink()
    parts = sorted(target.rglob("*.parquet"))
    table["rows"] = sum(_parquet_rows(p) for p in parts)
    table["bytes"] = sum(p.stat().st_size for p in parts)


def _write_work_countries(spark: Any, book: Any, partial: Path, manifest: dict[str, Any], run_id: str) -> None:
    """`work_countries` as every ingest keeps it (`warehouse/work_countries.py`): the distinct (work,
    country) of the authorships just written, sorted by country so a query reads only the files and row
    groups of its countries; and its stamp, so that research reads it instead of `authorships`."""
    from techties.warehouse.parquet import _sql_path
    from techties.warehouse.work_countries import STATE, TABLE, write_stamp

    pairs = (spark.read.parquet(str(partial / "authorships")).where("country_code IS NOT NULL")
             .select("work_id", "country_code").distinct().orderBy("country_code", "work_id"))
    target = partial / TABLE
    shutil.rmtree(target)
    _typed(pairs, manifest["tables"][TABLE]["columns"]).write.option("compression", "zstd").parquet(str(target))
    _count(target, manifest["tables"][TABLE])
    works = manifest["tables"]["works"]["rows"]
    write_stamp(book, [[run_id, works]] if works else [], manifest["tables"]["authorships"]["rows"], 0)
    state = partial / STATE
    shutil.rmtree(state)
    state.mkdir()
    book.execute(f"COPY {STATE} TO {_sql_path(state / 'data_0.parquet')} (FORMAT parquet, COMPRESSION zstd)")
    _count(state, manifest["tables"][STATE])


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def main(argv: list[str] | None = None) -> int:
    """spark-submit entry point: `spark_ingest.py SNAPSHOT_DIR OUT_DIR` on the cluster's own session."""
    from techties.warehouse.parquet import check_export_target

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: spark_ingest.py SNAPSHOT_DIR OUT_DIR", file=sys.stderr)
        return 2
    try:  # the folders first, in one line each (the exit statuses of `techties spark-ingest`), before Spark starts
        if not Path(args[0]).exists():
            raise FileNotFoundError(f"input not found: {args[0]}")
        snapshot_files(Path(args[0]))
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 4
    try:
        check_export_target(Path(args[1]), False)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from pyspark.sql import SparkSession

    manifest = spark_ingest(Path(args[0]), Path(args[1]), spark=SparkSession.builder.getOrCreate())
    print(json.dumps({t: v["rows"] for t, v in manifest["tables"].items()}))
    return 3 if manifest["tables"]["quarantine"]["rows"] else 0


if __name__ == "__main__":
    sys.exit(main())
