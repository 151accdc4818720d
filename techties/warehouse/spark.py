"""The research metrics on Spark, for corpora beyond one machine.

`techties export` writes the warehouse as Parquet in the Hive layout. `SparkConnection` registers
those folders as Spark views under the warehouse's table names, and it answers `execute(sql,
params).fetchall()` like a DuckDB connection. `compute_research` therefore runs its SQL text
unchanged on a Spark session. The translations: the metrics' temp tables become cached temporary
views, and `unnest(?)` of a list parameter (`metrics.synthetic`) becomes Spark's `explode(?)`. The
SQL uses only what both engines share: positional `?` parameters, QUALIFY,
`array_agg`/`array_distinct`/`array_sort`.

Needs `pyspark` (`pip install 'techties[spark]'`) and a Java runtime.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from techties.warehouse.parquet import read_manifest

_TEMP_TABLE = re.compile(r"^\s*CREATE OR REPLACE TEMP TABLE (\w+) AS\b", re.IGNORECASE)
_UNNEST = re.compile(r"\bunnest\(", re.IGNORECASE)  # DuckDB's unnest(list) is Spark's explode(array)


class _Result:
    def __init__(self, rows: list[tuple[Any, ...]]):
        self._rows = rows

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None


class SparkConnection:
    """The subset of a DuckDB connection that the metrics use, on a Spark session."""

    def __init__(self, spark: Any):
        self.spark = spark
        self._cached: set[str] = set()

    def execute(self, sql: str, params: list[Any] | None = None) -> _Result:
        args = list(params or [])
        sql = _UNNEST.sub("explode(", sql)
        temp = _TEMP_TABLE.match(sql)
        if temp:  # a temp table: a temporary view, cached so the queries after it do not recompute it
            name = temp.group(1)
            if name in self._cached:
                self.spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
            self.spark.sql(_TEMP_TABLE.sub(f"CREATE OR REPLACE TEMPORARY VIEW {name} AS", sql), args=args)
            self.spark.sql(f"CACHE TABLE {name}")
            self._cached.add(name)
            return _Result([])
        return _Result([tuple(row) for row in self.spark.sql(sql, args=args).collect()])

    def close(self) -> None:
        for name in self._cached:
            self.spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
        self._cached.clear()


def local_spark(cores: int = 2, app_name: str = "techties") -> Any:
    """A local Spark session (the quiet settings a laptop run wants); on a cluster, pass your own."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise RuntimeError("Spark needs pyspark: pip install 'techties[spark]' (and a Java runtime)") from exc
    builder = SparkSession.builder.master(f"local[{cores}]").appName(app_name)
    quiet = Path(__file__).with_name("spark_log4j2.properties")  # read only when this call starts the JVM
    if quiet.exists():  # Spark's default profile printed 5 lines of banner and WARN before setLogLevel acted
        builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={quiet.as_uri()}")
    spark = (builder
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", str(2 * cores))
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def open_spark_parquet(folder: Path, spark: Any | None = None) -> SparkConnection:
    """A SparkConnection with one view per table of a techties Parquet export."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    spark = spark or local_spark()
    for name in manifest["tables"]:
        spark.read.parquet(str(folder / name)).createOrReplaceTempView(name)
    return SparkConnection(spark)
