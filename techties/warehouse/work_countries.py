"""The work × country table: the countries each work has an author in, kept beside `authorships`.

Why: every research query starts from the works of two or three countries. Read from
`authorships`, that is a scan of every authorship (about seven per work); `work_countries` holds one
row per distinct (work, country), sorted by country, so DuckDB reads only the row groups of the
countries asked (their zone maps), a small part of a smaller table.

INTERFACE
    refresh_work_countries(con) -> str      every ingest calls it at its end: "fresh" (nothing to
                                            do), "incremental" or "rebuilt"
    write_stamp(con, runs, authorships, appended)   the stamp of a table built elsewhere (Spark ingest)
    work_countries_source(con) -> str       the relation a query reads (work_id, country_code) from:
                                            "work_countries" when its stamp matches, else "authorships"

The stamp (`work_countries_state`) records what the table was built from: the works per run and
the number of authorships. A query compares it with the warehouse as it is and reads `authorships`
instead when they differ (a warehouse made before the table existed, a run killed before its end,
rows written by hand), so no answer depends on the table being
there or current: only its speed does. The SQL keeps to what DuckDB and Spark SQL share.

Incremental refresh: a techties writer gives every work it stores (with its authorships) the id of
its run, so the works whose rows may have changed are those of the runs that are new or grew since
the stamp; their rows are derived again, and rows of works no longer in `works` are dropped. A change
the stamp cannot attribute (authorships changed but no run's works did), no stamp, or more than
`REBUILD_FRACTION` of the works appended since the last sorted build rebuilds it from `authorships`.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

TABLE = "work_countries"
STATE = "work_countries_state"
REBUILD_FRACTION = 0.2  # works appended since the last sorted build, over all works: beyond it, rebuild
_DERIVE = ("SELECT DISTINCT a.work_id, a.country_code FROM authorships a WHERE a.country_code IS NOT NULL")


def current_stamp(con: Any) -> tuple[list[list[Any]], int]:
    """(works per run as sorted [run_id, works] pairs, authorships rows) of the warehouse as it is."""
    runs = con.execute("SELECT run_id, count(*) FROM works GROUP BY run_id").fetchall()
    n_auth = con.execute("SELECT count(*) FROM authorships").fetchone()[0]
    return _sorted_runs([[r, int(n)] for r, n in runs]), int(n_auth)


def _sorted_runs(runs: list[list[Any]]) -> list[list[Any]]:
    return sorted(runs, key=lambda rn: (rn[0] is None, rn[0] or ""))


def stored_stamp(con: Any) -> dict[str, Any] | None:
    """The stamp of the last refresh, or None (no refresh yet, or no such table here)."""
    try:
        row = con.execute(f"SELECT runs_json, authorships, appended FROM {STATE}").fetchone()  # noqa: S608
    except Exception as exc:  # noqa: BLE001 - an older warehouse, or a Parquet export without the table
        if STATE not in str(exc) and not isinstance(exc, duckdb.CatalogException):
            raise
        return None
    if row is None:
        return None
    return {"runs": _sorted_runs(json.loads(row[0])), "authorships": int(row[1]), "appended": int(row[2])}


def work_countries_source(con: Any) -> str:
    """`work_countries` when it is in step with the warehouse, else `authorships` (same two columns)."""
    stored = stored_stamp(con)
    if stored is None:
        return "authorships"
    runs, n_auth = current_stamp(con)
    return TABLE if (stored["runs"], stored["authorships"]) == (runs, n_auth) else "authorships"


def write_stamp(con: duckdb.DuckDBPyConnection, runs: list[list[Any]], n_auth: int, appended: int) -> None:
    """Record what the table now reflects (the Spark ingest writes it too, for the table it built)."""
    from techties.warehouse.store import now_iso

    con.execute(f"DELETE FROM {STATE}")  # noqa: S608 (constant)
    con.execute(f"INSERT INTO {STATE} VALUES (?, ?, ?, ?)",  # noqa: S608 (constant)
                [json.dumps(runs), n_auth, appended, now_iso()])


def _rebuild(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE OR REPLACE TABLE {TABLE} (work_id VARCHAR NOT NULL, country_code VARCHAR NOT NULL)")
    con.execute(f"INSERT INTO {TABLE} {_DERIVE} ORDER BY a.country_code, a.work_id")  # noqa: S608 (constants)


def refresh_work_countries(con: duckdb.DuckDBPyConnection) -> str:
    """Bring `work_countries` in step with `authorships` (see the module note); returns what it did."""
    from techties.warehouse.store import transaction

    runs, n_auth = current_stamp(con)
    stored = stored_stamp(con)
    if stored is not None and (stored["runs"], stored["authorships"]) == (runs, n_auth):
        return "fresh"
    before = dict(map(tuple, stored["runs"])) if stored else {}
    grown = [r for r, n in runs if n > before.get(r, 0)]
    changed = sum(n for r, n in runs if r in grown)
    with transaction(con):
        n_works = sum(n for _r, n in runs)
        if stored is None or not grown or stored["appended"] + changed > REBUILD_FRACTION * n_works:
            _rebuild(con)
            write_stamp(con, runs, n_auth, 0)
            return "rebuilt"
        named = [r for r in grown if r is not None]
        marks = ", ".join("?" * len(named)) or "NULL"
        null = " OR run_id IS NULL" if None in grown else ""
        con.execute("CREATE OR REPLACE TEMP TABLE wc_refresh AS SELECT work_id FROM works"  # noqa: S608 (placeholders)
                    f" WHERE run_id IN ({marks}){null}", named)
        con.execute(f"DELETE FROM {TABLE} WHERE work_id IN (SELECT work_id FROM wc_refresh)"  # noqa: S608 (constant)
                    " OR work_id NOT IN (SELECT work_id FROM works)")
        con.execute(f"INSERT INTO {TABLE} {_DERIVE} AND a.work_id IN (SELECT work_id FROM wc_refresh)"  # noqa: S608
                    " ORDER BY a.country_code, a.work_id")
        con.execute("DROP TABLE wc_refresh")
        write_stamp(con, runs, n_auth, stored["appended"] + changed)
    return "incremental"
