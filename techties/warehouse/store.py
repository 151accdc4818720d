"""DuckDB connection, idempotent upserts, runs and quarantine.

The warehouse never parses source formats: it receives typed records (techties.records)
and stores them. Every write of a batch is one transaction together with the progress
marker of its input, so a run killed at any point resumes without duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

import techties
from techties import config
from techties.errors import InputError
from techties.records import BadRecord, Work
from techties.warehouse.batch import INSTITUTION_SCHEMA, WorkBatch
from techties.warehouse.keys import MAX_YEAR_GAP, keys_table, source_family, work_keys

ABSTRACT_INDEX_COLUMN = "abstract_index_json VARCHAR"  # as schema.sql declares it in `works`
BULK_CHECKPOINT = "256MB"  # write-ahead log between checkpoints during a bulk load
CHILD_TABLES = ("authorships", "work_fields", "work_funders")
# Lookups by work id (drill-downs) probe these instead of scanning: 65 ms -> 5 ms on 715k authorships.
# DuckDB rewrites a whole ART index at every checkpoint, so a bulk ingest drops them first and
# builds them once at the end (seconds for millions of rows).
LOOKUP_INDEXES = {
    "authorships_work_id": ("authorships", "work_id"),
    "work_fields_work_id": ("work_fields", "work_id"),
    "work_funders_work_id": ("work_funders", "work_id"),
    "ai_scores_work_id": ("ai_scores", "work_id"),
}


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit when the block ends, roll back (and re-raise) when it fails."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def now_precise() -> str:
    """ISO time with microseconds, for `runs.started`/`finished`: two runs in one second stay ordered."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def versions() -> dict[str, str]:
    """Versions recorded with every run and report."""
    return {
        "techties": techties.__version__,
        "duckdb": duckdb.__version__,
        "pyarrow": pa.__version__,
        "python": platform.python_version(),
    }


_LOCKED = re.compile(r"Could not set lock on file \"(?P<path>[^\"]*)\"")
_PID = re.compile(r"\(PID (?P<pid>\d+)\)")
_FILE = re.compile(r'(?:file|database) "?(?P<path>[^"\s]+)"?')


def warehouse_error(exc: BaseException, path: str | Path | None = None) -> InputError:
    """A DuckDB failure to open or read a warehouse as one line with its path (exit 4): locked by
    another process, not a DuckDB file, missing in read-only mode, or damaged. Others: the first line."""
    text = str(exc)
    locked = _LOCKED.search(text)
    where = str(path) if path is not None else (locked.group("path") if locked else None)
    if where is None and (m := _FILE.search(text)):
        where = m.group("path")
    prefix = f"{where}: " if where else ""
    if locked:
        pid = f" (PID {m.group('pid')})" if (m := _PID.search(text)) else ""
        return InputError(f"{prefix}the warehouse is in use by another process{pid}: wait for it to finish, "
                          "or use another --db")
    if "Is a directory" in text:
        return InputError(f"{prefix}a folder, not a warehouse file: name the file, e.g. "
                          f"--db {where or 'FOLDER'}/warehouse.duckdb")
    if "not a valid DuckDB database file" in text:
        return InputError(f"{prefix}not a DuckDB warehouse (a different file, or damaged)")
    if "database does not exist" in text:
        return InputError(f"{prefix}no warehouse here: run `techties ingest …` or `techties demo` first")
    if "Corrupt database file" in text or "checksum" in text:
        return InputError(f"{prefix}the warehouse is damaged ({text.splitlines()[0][:160]}): restore a copy or "
                          "build it again with `techties ingest`")
    return InputError(f"{prefix}cannot use the warehouse: {text.splitlines()[0][:200] if text else type(exc).__name__}")


_SQLITE_MAGIC = b"SQLite format 3\x00"
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def check_warehouse_file(path: str | Path) -> None:
    """Before DuckDB opens `path`: an existing file must be a DuckDB database. DuckDB reads an SQLite file
    through its sqlite extension, which it would download (offline: "Failed to download extension"; online:
    the SQLite file attached as the warehouse, techties' tables written into it)."""
    p = Path(path)
    if not p.is_file() or p.stat().st_size == 0:
        return  # missing (created, or said so by the caller), a folder (DuckDB's own error says it)
    with open(p, "rb") as fh:
        head = fh.read(16)
    if head.startswith(_SQLITE_MAGIC):
        raise InputError(f"{p}: an SQLite database, not a DuckDB warehouse")
    if head[8:12] != _DUCKDB_MAGIC:
        raise InputError(f"{p}: not a DuckDB warehouse (a different file, or damaged)")


@cache
def _schema_tables() -> frozenset[str]:
    text = resources.files("techties.warehouse").joinpath("schema.sql").read_text()
    return frozenset(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", text))


def check_warehouse_tables(con: duckdb.DuckDBPyConnection, path: str | Path) -> None:
    """A DuckDB database with tables, none of them techties', is another program's: refused (exit 4) before
    techties writes its tables into it or a query fails on a missing one. An empty database is a new
    warehouse; one with some of the tables is an older warehouse, upgraded when opened for writing."""
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
        " AND table_schema = 'main' ORDER BY table_name").fetchall()]
    if names and not set(names) & _schema_tables():
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        raise InputError(f"{path}: a DuckDB database but not a techties warehouse (its tables: {shown}): "
                         "name the warehouse file, or a new file for a new one")


def connect_warehouse(path: str | Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to a techties warehouse file, or one line, exit 4 (InputError): an SQLite or other
    file, a folder, a locked or damaged file, another program's DuckDB database. `Warehouse` and the dashboard
    open their files through it."""
    check_warehouse_file(path)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise warehouse_error(exc, path) from exc
    try:
        check_warehouse_tables(con, path)
    except InputError:
        con.close()
        raise
    return con


INDEX_BYTES_PER_ROW = 24  # an ART index on a VARCHAR work id: 14-21 bytes a row measured (DuckDB 2.0, 7-15M rows)


def index_fits(rows: int, cap_bytes: int) -> bool:
    """Whether a lookup index of `rows` rows may be built under a memory cap: its estimated size within
    three quarters of the cap (the rest for the table's own buffers)."""
    return rows * INDEX_BYTES_PER_ROW * 4 <= cap_bytes * 3


def _memory_for(rows: int) -> str:
    """The smallest whole number of GB under which `index_fits(rows, …)`."""
    return f"{-(-rows * INDEX_BYTES_PER_ROW * 4 // (3 * 10**9))}GB"


class Warehouse:
    """A DuckDB file holding the tables of schema.sql."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.sources_listed = False  # every stored work has its own record in work_sources (see list_own_records)
        self.index_notes: list[str] = []  # lookup indexes left out for the memory cap (create_lookup_indexes)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = connect_warehouse(self.path, read_only)
        try:
            # set after connecting, not as connect(config=…): DuckDB refuses a second in-process connection to
            # the same file with a different config (the dashboard and tests open plain connections too)
            self.con.execute(f"SET memory_limit = '{config.memory_limit()}'")  # validated: digits + unit only
            self.con.execute("SET enable_progress_bar = false")  # techties shows its own (Rich) progress
            if not read_only:
                self._create_schema()
                self.create_lookup_indexes()
        except duckdb.Error as exc:  # a damaged file can open and fail at its first read
            self.con.close()
            raise warehouse_error(exc, self.path) from exc

    def _create_schema(self) -> None:
        """schema.sql, with the native ingest's abstract index kept with zstd in a new warehouse: DuckDB's
        own choice (dict+FSST) stored 50k works' indexes in 12 MB more and took 0.2 CPU-s more at the
        checkpoint. A DuckDB without zstd for a column (before 1.2) gets the plain schema."""
        schema = resources.files("techties.warehouse").joinpath("schema.sql").read_text()
        zstd = schema.replace(ABSTRACT_INDEX_COLUMN, f"{ABSTRACT_INDEX_COLUMN} USING COMPRESSION zstd", 1)
        try:
            self.con.execute(zstd)
        except duckdb.Error:
            self.con.execute(schema)

    def create_lookup_indexes(self) -> None:
        """The work-id lookup indexes, each only where it fits the memory cap (`index_fits`): DuckDB builds an
        ART index within its buffer pool, and loads it whole to use or extend it, so at the default 1GB cap
        a warehouse of ~6M works could no longer be written (`work_fields`' index failed "Out of Memory" at
        the end of the load, and at every later open for writing). An index left out costs the lookups it
        serves a scan (same answers, slower drill-downs); `index_notes` says so and how to build it."""
        cap = config.memory_limit_bytes()
        existing = {r[0] for r in self.con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
        for name, (table, column) in LOOKUP_INDEXES.items():
            if name in existing:
                continue
            rows = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (constants)
            if index_fits(rows, cap):
                try:
                    self.con.execute(f"CREATE INDEX {name} ON {table} ({column})")  # noqa: S608 (constants)
                    continue
                except duckdb.OutOfMemoryException:
                    pass  # the estimate was short: left out as below
            self.index_notes.append(
                f"note: the lookup index of {table}.{column} ({rows:,} rows) does not fit the memory cap "
                f"({config.memory_limit()}): drill-downs read the table instead (same answers, slower); "
                f"TECHTIES_MEMORY_LIMIT={_memory_for(rows)} or more builds it at the next write")

    def drop_lookup_indexes(self) -> None:
        """Before a bulk load; `create_lookup_indexes` (also run when the file is next opened) restores them."""
        for name in LOOKUP_INDEXES:
            self.con.execute(f"DROP INDEX IF EXISTS {name}")

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Settings for writing many batches: lookup indexes dropped and rebuilt once at the end, and
        checkpoints every `BULK_CHECKPOINT` of log instead of DuckDB's 16 MB. A checkpoint rewrites each
        table's last, partly filled row group, so one per 2,000-work batch made 100k works cost 11 s of
        storing instead of 6 s, and the gap grows with the warehouse."""
        self.drop_lookup_indexes()
        self.con.execute(f"SET checkpoint_threshold = '{BULK_CHECKPOINT}'")
        try:
            yield
        finally:
            self.con.execute("RESET checkpoint_threshold")
            self.con.execute("CHECKPOINT")
            self.create_lookup_indexes()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs -----------------------------------------------------------------------------
    def start_run(self, command: str, params: dict[str, Any], inputs: list[dict[str, Any]]) -> str:
        self.close_dead_runs()
        started = now_precise()
        run_id = started.replace(":", "").replace("-", "")[:15] + "-" + uuid.uuid4().hex[:8]
        self.con.execute(
            "INSERT INTO runs (run_id, command, params_json, inputs_json, versions_json, started, status, pid)"
            " VALUES (?, ?, ?, ?, ?, ?, 'running', ?)",
            [run_id, command, json.dumps(params, default=str), json.dumps(inputs), json.dumps(versions()),
             started, os.getpid()],
        )
        return run_id

    def close_dead_runs(self) -> int:
        """Mark `killed` the runs left `running` by another process (e.g. `kill -9`): DuckDB lets one
        process write a file at a time, so while we hold it for writing no other process's run is alive."""
        if self.con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0] == 0:
            return 0
        n = self.con.execute(
            "UPDATE runs SET status = 'killed', finished = coalesce(finished, ?)"
            " WHERE status = 'running' AND (pid IS NULL OR pid <> ?)", [now_iso(), os.getpid()]).fetchone()[0]
        return int(n)

    def update_run_inputs(self, run_id: str, inputs: list[dict[str, Any]]) -> None:
        self.con.execute("UPDATE runs SET inputs_json = ? WHERE run_id = ?", [json.dumps(inputs), run_id])

    def finish_run(self, run_id: str, status: str, n_read: int, n_ok: int, n_quarantined: int) -> None:
        """Close a run: its end time, status and counts. An `ok` run that set lines aside is recorded as
        `ok-with-quarantine` (the one place that rule lives)."""
        if status == "ok" and n_quarantined:
            status = "ok-with-quarantine"
        self.con.execute(
            "UPDATE runs SET finished = ?, status = ?, n_read = ?, n_ok = ?, n_quarantined = ? WHERE run_id = ?",
            [now_precise(), status, n_read, n_ok, n_quarantined, run_id],
        )

    # -- progress -------------------------------------------------------------------------
    def progress(self, input_key: str) -> tuple[int, bool]:
        row = self.con.execute(
            "SELECT lines_done, finished FROM ingest_progress WHERE input_key = ?", [input_key]
        ).fetchone()
        return (int(row[0]), bool(row[1])) if row else (0, False)

    def _set_progress(self, input_key: str, path: str, lines_done: int, finished: bool, run_id: str) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO ingest_progress VALUES (?, ?, ?, ?, ?, ?)",
            [input_key, path, lines_done, finished, run_id, now_iso()],
        )

    def mark_finished(self, input_key: str, path: str, lines_done: int, run_id: str) -> None:
        self._set_progress(input_key, path, lines_done, True, run_id)

    # -- batches --------------------------------------------------------------------------
    def store_batch(
        self,
        works: Sequence[Work],
        bad: Sequence[BadRecord],
        *,
        run_id: str,
        input_key: str | None = None,
        path: str = "",
        lines_done: int = 0,
    ) -> int:
        """Upsert works (newer or equal version replaces), quarantine bad lines, move the
        progress marker: all in one transaction. Returns the number of works stored (new, or a newer
        version of themselves); a record merged into another stored work (even one whose rows it now
        gives, being richer) is not counted, so the ingest line can say where it went."""
        return self.store_prepared([prepare_batch(works, run_id)], bad, run_id=run_id, input_key=input_key,
                                   path=path, lines_done=lines_done)

    def store_prepared(
        self,
        batches: Sequence[dict[str, pa.Table]],
        bad: Sequence[BadRecord],
        *,
        run_id: str,
        input_key: str | None = None,
        path: str = "",
        lines_done: int = 0,
    ) -> int:
        """`store_batch` for batches already flattened by `prepare_batch` or `WorkBatch.to_tables` (e.g. in
        worker processes), stored in order in one transaction; `lines_done` is where the last one ends.

        Several batches per transaction let DuckDB write a table's rows straight to the data file once
        they fill a row group (122,880 rows) instead of through its write-ahead log first."""
        con = self.con
        n = 0
        with transaction(con):
            for tables in _merged(batches):
                if "work_keys" not in tables and tables["works"].num_rows:
                    # stored outside the ingest path (store_batch, a test, a bench): keyed all the same,
                    # so that a later record of another source merges with these works
                    tables = {**tables, "work_keys": work_keys(tables)}
                displaced = 0
                if "work_keys" in tables:
                    tables, displaced = self._merge_sources(tables, run_id)
                if not tables["works"].num_rows:
                    continue
                # a record that takes the place of a stored work's record (richer) is upserted, but adds no
                # work: counted as merged, so that "stored" is what the works table gained
                n += self._upsert_works(tables) - displaced
                if tables["institutions"].num_rows:
                    con.register("in_inst", tables["institutions"])
                    con.execute(
                        "INSERT OR REPLACE INTO institutions SELECT * FROM in_inst"
                        " QUALIFY row_number() OVER (PARTITION BY institution_id ORDER BY institution_id) = 1"
                    )
                    con.unregister("in_inst")
            if bad:
                con.executemany(
                    "INSERT INTO quarantine SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS ("
                    " SELECT 1 FROM quarantine WHERE input_key = ? AND file = ? AND line = ?)",
                    [
                        [run_id, input_key or "", b.file, b.line, b.error, b.raw_excerpt[:500],
                         input_key or "", b.file, b.line]
                        for b in bad
                    ],
                )
            if input_key is not None:
                self._set_progress(input_key, path, lines_done, False, run_id)
        return int(n)

    def _merge_sources(self, tables: dict[str, pa.Table], run_id: str) -> tuple[dict[str, pa.Table], int]:
        """The merged corpus: give each incoming record the counted work it belongs to (a stored record
        of another source with the same DOI, or title + year + first author when a side has no DOI),
        record it in `work_sources`, and keep only the rows of each work's richest record (the rule is
        in techties/resolve/merge.py; the keys come with the batch as `work_keys`, so the warehouse
        parses nothing). Returns the tables to upsert, ids rewritten to the counted work's, and how many
        stored works the incoming records displaced (their rows give way to a richer record's)."""
        con = self.con
        tables = dict(tables)
        keys = tables.pop("work_keys")
        if not keys.num_rows:
            return tables, 0
        if not self.sources_listed:
            self._list_before_merging(set(keys["family"].to_pylist()))
        con.register("in_keys", keys)
        n_sources = con.execute("SELECT count(DISTINCT family) FROM (SELECT DISTINCT family FROM work_sources"
                                " UNION ALL SELECT family FROM in_keys)").fetchone()[0]
        if n_sources <= 1:  # one source so far (e.g. a snapshot ingest): only its own records to find
            found = con.execute(
                "SELECT i.work_id, k.work_id, k.match_rule, NULL, NULL"
                " FROM in_keys i LEFT JOIN work_sources k ON k.record_id = i.work_id").fetchall()
        else:
            found = con.execute(
                "SELECT i.work_id, k.work_id, k.match_rule,"
                " (SELECT min(ws.work_id) FROM work_sources ws WHERE ws.doi_key = i.doi_key AND ws.family <> i.family),"
                " (SELECT min(ws.work_id) FROM work_sources ws WHERE ws.title_key = i.title_key"
                "   AND abs(ws.year - i.year) <= ? AND (i.doi_key IS NULL OR ws.doi_key IS NULL)"
                "   AND ws.family <> i.family)"
                " FROM in_keys i LEFT JOIN work_sources k ON k.record_id = i.work_id", [MAX_YEAR_GAP]).fetchall()
        canonical: dict[str, str] = {}
        rule: dict[str, str] = {}
        for wid, known, known_rule, by_doi, by_title in found:
            canonical[wid] = known or by_doi or by_title or wid
            rule[wid] = known_rule if known else "doi" if by_doi else "title" if by_title else "own"
        con.register("canon", pa.table({"work_id": pa.array(sorted(set(canonical.values())), pa.string())}))
        stored = con.execute(
            "SELECT work_id, record_id, richness, is_primary FROM work_sources"
            " WHERE work_id IN (SELECT work_id FROM canon) ORDER BY work_id, record_id").fetchall()
        con.unregister("canon")
        richness = dict(zip(keys["work_id"].to_pylist(), keys["richness"].to_pylist(), strict=True))
        groups: dict[str, list[tuple[str, int, bool]]] = {}  # work → (record, richness, is current primary)
        for wid, rid, rich, primary in stored:
            groups.setdefault(wid, []).append((rid, richness.get(rid, rich or 0), bool(primary)))
        for wid, c in canonical.items():
            members = groups.setdefault(c, [])
            if all(rid != wid for rid, _r, _p in members):
                members.append((wid, richness[wid], False))
        winner: dict[str, str] = {}
        displaced: list[str] = []  # works whose stored rows give way to another record's
        for c, members in groups.items():
            # only the incoming records and the current primary have rows to give (the others' were dropped)
            eligible = [(rid, r, p) for rid, r, p in members if p or rid in canonical]
            best = max(r for _rid, r, _p in eligible)
            current = next((rid for rid, _r, p in eligible if p), None)
            keep = current is not None and richness.get(current, next(r for rid, r, _p in eligible if rid == current)) \
                == best  # a tie keeps the record already chosen
            winner[c] = current if keep else next(rid for rid, r, _p in eligible if r == best)
            if current is not None and winner[c] != current:
                displaced.append(c)
        rewrite = {wid: c for wid, c in canonical.items() if winner[c] == wid and wid != c}
        drop = {wid for wid, c in canonical.items() if winner[c] != wid}
        if displaced:
            con.register("displaced", pa.table({"work_id": pa.array(displaced, pa.string())}))
            for t in (*CHILD_TABLES, "works"):
                con.execute(f"DELETE FROM {t} WHERE work_id IN (SELECT work_id FROM displaced)")  # noqa: S608
            con.execute("UPDATE work_sources SET is_primary = false WHERE work_id IN (SELECT work_id FROM displaced)")
            con.unregister("displaced")
        con.register("m", pa.table({
            "record_id": pa.array(list(canonical), pa.string()),
            "canonical": pa.array(list(canonical.values()), pa.string()),
            "is_primary": pa.array([winner[c] == wid for wid, c in canonical.items()], pa.bool_()),
            "rule": pa.array([rule[wid] for wid in canonical], pa.string()),
        }))
        con.execute(
            "INSERT OR REPLACE INTO work_sources SELECT i.work_id, m.canonical, i.source, i.family, i.doi_key,"
            " i.title_key, i.year, i.richness, m.is_primary, m.rule, i.as_of, i.retrieved_at, ?"
            " FROM in_keys i JOIN m ON m.record_id = i.work_id", [run_id])
        con.unregister("m")
        con.unregister("in_keys")
        if not rewrite and not drop:
            return tables, len(displaced)
        for t in ("works", *CHILD_TABLES):
            tables[t] = _rewrite_ids(tables[t], rewrite, drop)
        return tables, len(displaced)

    def _list_before_merging(self, incoming: set[str]) -> None:
        """Works of a source other than the incoming records' can only be matched once listed: list them
        now (once per open warehouse, and again after a native ingest)."""
        stored = {source_family(s) for (s,) in self.con.execute("SELECT DISTINCT source FROM works").fetchall()}
        if len(stored | incoming) > 1:
            self.list_own_records()

    def list_own_records(self, chunk: int = 100_000) -> int:
        """List in `work_sources` every stored work that has no record there yet, as its own record (rule
        `own`, is_primary, with its matching keys and its richness counted from its stored rows, its run's id).

        The native OpenAlex ingest leaves its works unlisted: listing them cost 0.9 s of a 6.6 s ingest of
        50k works, and only a record of another source needs them (to merge with). `_merge_sources` calls
        this before the first such record; it is idempotent. The abstract may still be an index here (the
        native ingest's `abstract_index_json`), and counts as one. Returns the number of works listed."""
        con = self.con
        n = 0
        while True:
            summaries = con.execute(
                "WITH g AS (SELECT work_id FROM works w WHERE NOT EXISTS"
                "   (SELECT 1 FROM work_sources s WHERE s.record_id = w.work_id) LIMIT ?),"
                " a AS (SELECT work_id, arg_min(author_name, position) FILTER (WHERE coalesce(author_name, '') <> '')"
                "   AS first_author, count(institution_id) AS n_inst, count(country_code) AS n_cc, count(*) AS n"
                "   FROM authorships WHERE work_id IN (SELECT work_id FROM g) GROUP BY 1),"
                " f AS (SELECT work_id, count(*) AS n FROM work_fields WHERE work_id IN (SELECT work_id FROM g)"
                "   GROUP BY 1)"
                " SELECT w.work_id, w.source, w.doi, w.title, w.year,"
                " coalesce(nullif(w.abstract, ''), nullif(w.abstract_index_json, '')) IS NOT NULL, w.as_of,"
                " w.retrieved_at, w.type, a.first_author, coalesce(a.n_inst, 0), coalesce(a.n_cc, 0),"
                " coalesce(a.n, 0), coalesce(f.n, 0), w.run_id"
                " FROM works w JOIN g USING (work_id) LEFT JOIN a USING (work_id) LEFT JOIN f USING (work_id)",
                [chunk]).fetchall()
            if not summaries:
                break
            keys = keys_table(r[:-1] for r in summaries).append_column(
                "run_id", pa.array([r[-1] for r in summaries], pa.string()))
            con.register("own_keys", keys)
            try:
                con.execute(
                    "INSERT INTO work_sources (record_id, work_id, source, family, doi_key, title_key, year,"
                    " richness, is_primary, match_rule, as_of, retrieved_at, run_id)"
                    " SELECT work_id, work_id, source, family, doi_key, title_key, year, richness, true, 'own', as_of,"
                    " retrieved_at, run_id FROM own_keys")
            finally:
                con.unregister("own_keys")
            n += len(summaries)
        self.sources_listed = True
        return n

    def _upsert_works(self, tables: dict[str, pa.Table]) -> int:
        """Insert incoming works; a stored work is replaced (with its authorships, fields and
        funders) by an incoming version that is newer or equal, and kept against an older one.
        Returns the works the table gained: a stored work read again, in any version, adds none (the
        ingest says it was merged; counted as stored, `--force` said "stored" of a file read again).

        On a first ingest nothing is stored yet, so no DELETE runs: the cost of a batch does not
        grow with the size of the warehouse."""
        con = self.con
        con.register("in_works", tables["works"])
        stored = con.execute(
            "SELECT i.work_id, coalesce(i.version, '') >= coalesce(w.version, '')"
            " FROM in_works i JOIN works w ON w.work_id = i.work_id"
        ).fetchall()
        con.unregister("in_works")
        replaced = [wid for wid, newer in stored if newer]
        stale = pa.array([wid for wid, newer in stored if not newer], pa.string())
        if replaced:
            con.register("replaced_ids", pa.table({"work_id": pa.array(replaced, pa.string())}))
            for t in (*CHILD_TABLES, "works"):
                con.execute(f"DELETE FROM {t} WHERE work_id IN (SELECT work_id FROM replaced_ids)")  # noqa: S608
            con.unregister("replaced_ids")
        for t in ("works", *CHILD_TABLES):
            incoming = tables[t]
            if len(stale):
                incoming = incoming.filter(pc.invert(pc.is_in(incoming["work_id"], value_set=stale)))
            con.register("incoming", incoming)
            con.execute(f"INSERT INTO {t} BY NAME SELECT * FROM incoming")  # noqa: S608
            con.unregister("incoming")
        return tables["works"].num_rows - len(stored)

    def store_institutions(self, rows: Iterable[dict[str, Any]]) -> int:
        """Insert or replace institution records (e.g. from a ROR dump)."""
        table = pa.Table.from_pylist(list(rows), schema=INSTITUTION_SCHEMA)
        if not table.num_rows:
            return 0
        self.con.register("in_inst", table)
        self.con.execute("INSERT OR REPLACE INTO institutions SELECT * FROM in_inst")
        self.con.unregister("in_inst")
        return table.num_rows

    def counts(self) -> dict[str, int]:
        names = [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            " AND table_catalog = current_database() AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()]
        return {t: self.con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in names}  # noqa: S608


def _rewrite_ids(table: pa.Table, rewrite: dict[str, str], drop: set[str]) -> pa.Table:
    """Rows of records that lost to a richer one dropped; the winners' ids set to their counted work's."""
    ids = table["work_id"].to_pylist()
    keep = [wid not in drop for wid in ids]
    new_ids = pa.array([rewrite.get(wid, wid) for wid in ids], pa.string())
    table = table.set_column(table.schema.get_field_index("work_id"), "work_id", new_ids)
    return table.filter(pa.array(keep, pa.bool_())) if drop else table


def _merged(batches: Sequence[dict[str, pa.Table]]) -> Sequence[dict[str, pa.Table]]:
    """Batches as one set of tables when no work id repeats across them (one INSERT per table costs
    less than one per batch), else as they are: the upsert then stores them one after another."""
    if len(batches) < 2:
        return batches
    merged = {name: pa.concat_tables([b[name] for b in batches]) for name in batches[0]}
    if pc.count_distinct(merged["works"]["work_id"]).as_py() != merged["works"].num_rows:
        return batches
    institutions = merged["institutions"]
    last_row = {iid: k for k, iid in enumerate(institutions["institution_id"].to_pylist())}  # the latest wins
    # typed indices: an empty list would be a null-typed array, which `take` refuses (a batch without institutions)
    merged["institutions"] = institutions.take(pa.array(sorted(last_row.values()), pa.int64()))
    return [merged]


def prepare_batch(works: Sequence[Work], run_id: str) -> dict[str, pa.Table]:
    """Flatten `Work` records into one Arrow table per warehouse table; within a batch the newest
    version of a work wins. Pure, so it can run in a worker process."""
    batch = WorkBatch()
    for w in works:
        batch.append(w)
    return batch.to_tables(run_id)


class WarehouseCursorStore:
    """OpenAlex API cursors kept in the `api_cursors` table, so a run stopped by an exhausted
    daily budget resumes where it stopped (implements sources.openalex_api.CursorStore)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, query_json: str):
        self.con = con
        self.query_json = query_json

    def load(self, query_key: str) -> str | None:
        row = self.con.execute(
            "SELECT cursor, finished FROM api_cursors WHERE query_key = ?", [query_key]).fetchone()
        if row is None or row[1]:
            return None
        return row[0]

    def fetched(self, query_key: str) -> int:
        """Works of the query handed over so far, across resumed runs (pages keep their numbers)."""
        row = self.con.execute("SELECT n_fetched FROM api_cursors WHERE query_key = ?", [query_key]).fetchone()
        return int(row[0] or 0) if row else 0

    def save(self, query_key: str, cursor: str | None, n_fetched: int, finished: bool) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO api_cursors VALUES (?, ?, ?, ?, ?, ?)",
            [query_key, self.query_json, cursor, n_fetched, finished, now_iso()],
        )
