"""The native OpenAlex snapshot ingest: DuckDB's JSON reader straight into the warehouse tables.

`techties ingest openalex` uses it by default (`--engine python` selects `techties.ingest`). Part
files are read by DuckDB's `read_json` with the columns of `sources.openalex_native`, several files
at once in parallel, into a temp table; the SQL of `warehouse/openalex_native.sql` turns it into
works, authorships, institutions, fields and funders with the Python reader's rules. What stays in
Python is small: the country resolver, run once per distinct affiliation string still without a
country (a second pass over a small fraction), and the location of bad lines.

Guarantees, as in the Python path:
- a newer `updated_date` replaces an older version, an older one is ignored;
- resumable per part file: a group of files is stored in one transaction with their progress
  markers, so a killed run redoes at most the group it was in and skips finished files;
- bad lines are quarantined with file and line: a file is first read strictly; if DuckDB refuses it
  (or a line has no id) it is read again with `ignore_errors`, and one pass of the Python decoder
  over its lines finds each bad line, which is set aside; a file DuckDB cannot read at all (a
  truncated gzip) or whose lines it counts differently goes through the Python path;
- memory stays under DuckDB's `memory_limit`: the staged rows spill to its temp directory; a group
  DuckDB still cannot read under the cap is read file by file, and such a file goes through the
  Python path, which streams it in bounded batches.

Abstracts are not rebuilt here: the inverted index is kept as JSON in `works.abstract_index_json`
and `fill_abstracts` rebuilds `abstract` when the classifier needs it (`classify apply` calls it).
Rebuilding them in SQL cost as much as reading the rest of the record (bench/ingest.py, `abstracts`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import msgspec
import pyarrow as pa

from techties.errors import run_status
from techties.ingest import FileReport, IngestReport, store_file
from techties.records import BadRecord
from techties.resolve.countries import country_from_affiliation
from techties.resolve.institutions import rollup_institutions
from techties.sources.io import (
    LineSource,
    TruncatedInput,
    describe_input,
    file_sha256,
    input_key,
    unusable_inputs,
)
from techties.sources.openalex_native import compression_of, read_json_sql
from techties.sources.openalex_snapshot import _BLANK, _DECODER, file_date, folder_as_of, rebuild_abstract
from techties.warehouse import Warehouse
from techties.warehouse.keys import source_family
from techties.warehouse.store import transaction
from techties.warehouse.work_countries import refresh_work_countries

ENGINES = ("native", "python")
FILL_BATCH = 20_000  # works per abstract-filling step


@cache
def _statements() -> dict[str, list[str]]:
    """The named sections of openalex_native.sql, each a list of statements."""
    text = resources.files("techties.warehouse").joinpath("openalex_native.sql").read_text()
    sections: dict[str, list[str]] = {}
    for chunk in re.split(r"^-- name: ", text, flags=re.MULTILINE)[1:]:
        name, body = chunk.split("\n", 1)
        body = "\n".join(ln for ln in body.splitlines() if not ln.lstrip().startswith("--"))
        sections[name.strip()] = [s.strip() for s in re.split(r";\s*$", body, flags=re.MULTILINE) if s.strip()]
    return sections


def _run(con: duckdb.DuckDBPyConnection, name: str, params: list[Any] | None = None) -> None:
    for sql in _statements()[name]:
        con.execute(sql, params)


@dataclass
class _Staged:
    """Files read into `oa_raw`, with the lines set aside and the rows to drop per file."""

    paths: list[str]
    bad: dict[str, list[BadRecord]] = field(default_factory=dict)
    python_files: list[str] = field(default_factory=list)  # for the Python path


def is_blank(raw: bytes) -> bool:
    """A line both readers skip: empty or whitespace only."""
    return not raw or (raw[0] in _BLANK and not raw.strip())


def locate_bad_lines(path: str, null_ids: Sequence[bool]) -> tuple[list[int], list[BadRecord]] | None:
    """The ordinals (0-based, among non-blank lines) of the lines to set aside, with their
    quarantine records: those the Python reader refuses, and those DuckDB read without an id
    (`null_ids`, one flag per row it produced). None when the two readers count the lines
    differently, or the file is truncated: then only the Python path can place every line."""
    drop: list[int] = []
    bad: list[BadRecord] = []
    ordinal = -1
    try:
        for lineno, raw in LineSource(path):
            if is_blank(raw):
                continue
            ordinal += 1
            if ordinal >= len(null_ids):
                return None
            try:
                _DECODER.decode(raw)
                error = "invalid OpenAlex work: DuckDB could not read it" if null_ids[ordinal] else None
            except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError) as exc:
                error = f"invalid OpenAlex work: {exc}"
            if error:
                drop.append(ordinal)
                bad.append(BadRecord(file=path, line=lineno, error=error,
                                     raw_excerpt=raw[:300].decode("utf-8", "replace")))
    except TruncatedInput:
        return None
    return (drop, bad) if ordinal + 1 == len(null_ids) else None


def _stage(con: duckdb.DuckDBPyConnection, paths: list[str], compression: str, ignore_errors: bool) -> None:
    con.execute("DROP TABLE IF EXISTS oa_raw")
    source = read_json_sql(compression=compression, ignore_errors=ignore_errors)
    con.execute(f"CREATE TEMP TABLE oa_raw AS SELECT * FROM {source}", [paths])  # noqa: S608 (constants)


def _null_id_files(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT DISTINCT filename FROM oa_raw WHERE id IS NULL").fetchall()]


def _drop_bad(con: duckdb.DuckDBPyConnection, path: str, staged: _Staged) -> bool:
    """Locate the bad lines of one staged file and drop their rows; False if they cannot be placed."""
    rows = con.execute("SELECT rowid, id IS NULL FROM oa_raw WHERE filename = ? ORDER BY rowid", [path]).fetchall()
    located = locate_bad_lines(path, [r[1] for r in rows])
    if located is None:
        return False
    drop, bad = located
    if drop:
        con.register("oa_drop", pa.table({"rid": pa.array([rows[k][0] for k in drop], pa.int64())}))
        con.execute("DELETE FROM oa_raw WHERE rowid IN (SELECT rid FROM oa_drop)")
        con.unregister("oa_drop")
    staged.bad[path] = bad
    return True


def stage_files(con: duckdb.DuckDBPyConnection, paths: list[str]) -> _Staged:
    """Read a group of files (same compression) into `oa_raw`, bad lines located and dropped."""
    compression = compression_of(paths[0])
    staged = _Staged(paths=list(paths))
    try:
        _stage(con, paths, compression, ignore_errors=False)
        suspects = _null_id_files(con)
    except duckdb.OutOfMemoryException:  # the read does not fit under the cap: smaller units
        con.execute("DROP TABLE IF EXISTS oa_raw")
        if len(paths) > 1:
            return _one_by_one(con, paths)
        return _Staged(paths=[], python_files=list(paths))  # the Python path streams in bounded batches
    except duckdb.Error:
        if len(paths) > 1:  # read them one by one, so the good ones stay on the fast path
            return _one_by_one(con, paths)
        try:
            _stage(con, paths, compression, ignore_errors=True)
            suspects = list(paths)
        except duckdb.Error:
            con.execute("DROP TABLE IF EXISTS oa_raw")
            return _Staged(paths=[], python_files=list(paths))
    for path in suspects:
        if not _drop_bad(con, path, staged):
            con.execute("DELETE FROM oa_raw WHERE filename = ?", [path])
            staged.paths.remove(path)
            staged.python_files.append(path)
    return staged


def _one_by_one(con: duckdb.DuckDBPyConnection, paths: list[str]) -> _Staged:
    """Stage files alone, then append their rows to `oa_raw` in file order (rowid keeps that order)."""
    out = _Staged(paths=[])
    for k, path in enumerate(paths):
        staged = stage_files(con, [path])
        out.paths += staged.paths
        out.bad.update(staged.bad)
        out.python_files += staged.python_files
        if staged.paths:
            con.execute(f"ALTER TABLE oa_raw RENAME TO oa_part_{k}")
    con.execute("DROP TABLE IF EXISTS oa_raw")
    parts = [k for k, p in enumerate(paths) if p in out.paths]
    if parts:
        con.execute(f"CREATE TEMP TABLE oa_raw AS SELECT * FROM oa_part_{parts[0]}")  # noqa: S608 (numbers)
        for k in parts[1:]:
            con.execute(f"INSERT INTO oa_raw SELECT * FROM oa_part_{k}")  # noqa: S608 (numbers)
        for k in parts:
            con.execute(f"DROP TABLE oa_part_{k}")
    return out


def _after(loading: Future[Any], resolve: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """`resolve`, once the gazetteer that `loading` loads in another thread is ready (not loaded twice)."""
    def resolved(raw: str) -> str | None:
        loading.result()
        return resolve(raw)
    return resolved


def resolve_strings(con: duckdb.DuckDBPyConnection, resolve: Callable[[str], str | None]) -> int:
    """The second pass: each distinct affiliation string still without a country, resolved once."""
    con.execute("CREATE OR REPLACE TEMP TABLE oa_unresolved AS " + _statements()["unresolved"][0])
    raws = [r[0] for r in con.execute("SELECT raw FROM oa_unresolved").fetchall()]
    con.execute("DROP TABLE oa_unresolved")
    codes = [resolve(r) for r in raws]
    con.register("oa_resolved", pa.table({"raw": pa.array(raws, pa.string()), "code": pa.array(codes, pa.string())}))
    return len(raws)


def store_staged(wh: Warehouse, staged: _Staged, *, run_id: str, retrieved_at: str,
                 keys: dict[str, str], reports: dict[str, FileReport],
                 resolve: Callable[[str], str | None] = country_from_affiliation) -> None:
    """Flatten `oa_raw` into the warehouse tables: one transaction with the files' progress markers
    and quarantined lines."""
    con = wh.con
    con.register("oa_files", pa.table({"filename": pa.array(staged.paths, pa.string()),
                                       "ordinal": pa.array(range(len(staged.paths)), pa.int32()),
                                       "as_of": pa.array([folder_as_of(p) for p in staged.paths], pa.string()),
                                       "file_date": pa.array([file_date(p) for p in staged.paths], pa.string())}))
    counts = dict(con.execute("SELECT filename, count(*) FROM oa_raw WHERE id IS NOT NULL GROUP BY 1").fetchall())
    # The staged rows keep their order (rowid decides ties); what is written next may go in any order,
    # which lets DuckDB insert on every thread.
    con.execute("SET preserve_insertion_order = false")
    try:
        with transaction(con):
            stored = _insert_rows(con, run_id=run_id, retrieved_at=retrieved_at, resolve=resolve)
            wh.sources_listed = False  # listed when another source needs them (Warehouse.list_own_records)
            bad = [b for p in staged.paths for b in staged.bad.get(p, [])]
            if bad:
                con.executemany("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
                                [[run_id, keys[b.file], b.file, b.line, b.error, b.raw_excerpt[:500]] for b in bad])
            for p in staged.paths:
                report = reports[p]
                report.n_quarantined += len(staged.bad.get(p, []))
                report.n_read += counts.get(p, 0) + len(staged.bad.get(p, []))
                report.n_ok += stored.get(p, 0)
                report.n_merged += max(0, counts.get(p, 0) - stored.get(p, 0))
                report.errors += [f"{b.file}:{b.line}: {b.error}" for b in staged.bad.get(p, [])]
                wh.mark_finished(keys[p], p, report.n_read, run_id)
            _run(con, "cleanup")
    finally:
        con.execute("RESET preserve_insertion_order")
        for view in ("oa_files", "oa_resolved"):
            con.unregister(view)


def native_allowed(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The other sources the warehouse holds (empty: the native path may run). The native path stores
    snapshot works as they are; records of another source must go through the merge of the
    record-by-record path (techties/resolve/merge.py), so with any other source present the CLI
    reads with `--engine python` instead."""
    sources = [s for (s,) in con.execute("SELECT DISTINCT source FROM works").fetchall()]
    return sorted({source_family(s) for s in sources} - {"openalex"})


def _insert_rows(con: duckdb.DuckDBPyConnection, *, run_id: str, retrieved_at: str,
                 resolve: Callable[[str], str | None] = country_from_affiliation) -> dict[str, int]:
    """The SQL steps, in order; the works stored per file: new works (older versions dropped, stored
    works replaced by a newer or equal version are not counted)."""
    _run(con, "macros")
    _run(con, "keys")
    _run(con, "institutions")
    duplicates, stored_before = con.execute(
        "SELECT count(*) - count(DISTINCT work_id), count(w.work_id) FROM oa_keys k"
        " LEFT JOIN works w USING (work_id)").fetchone()
    if duplicates or stored_before:  # only then can a line lose to another version
        _run(con, "drop_losers")
    _run(con, "replaced")
    # a work already stored, read again in any version, adds none: merged, not stored (as the Python path counts)
    stored = dict(con.execute(
        "SELECT filename, count(*) FILTER (WHERE 'openalex:' || coalesce(oa_short(id), id) NOT IN"
        " (SELECT work_id FROM oa_replaced)) FROM oa_raw WHERE id IS NOT NULL GROUP BY 1").fetchall())
    _run(con, "authorship_rows")
    resolve_strings(con, resolve)
    _run(con, "institution_fill")
    if stored_before:
        _run(con, "delete_replaced")
    _run(con, "insert_works", [retrieved_at, run_id])
    for name in ("insert_authorships", "insert_institutions", "insert_fields", "insert_funders"):
        _run(con, name)
    return stored


def _python_file(wh: Warehouse, path: str, key: str, run_id: str, report: FileReport) -> bool:
    """One file through the Python path (a file DuckDB cannot read line by line); False if truncated."""
    return store_file(wh, "openalex", LineSource(path), key=key, run_id=run_id, report=report)


def file_groups(paths: Sequence[str], size: int) -> list[list[str]]:
    """Consecutive files of the same compression, `size` at a time: DuckDB reads a group in parallel."""
    groups: list[list[str]] = []
    for p in paths:
        if groups and len(groups[-1]) < size and compression_of(groups[-1][0]) == compression_of(p):
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def ingest_openalex_native(
    wh: Warehouse,
    paths: Sequence[str | Path],
    *,
    force: bool = False,
    show_progress: bool = True,
    command: str | None = None,
    files_per_group: int | None = None,
    after_group: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest OpenAlex snapshot files with DuckDB's reader (see the module docstring).

    Files already fully ingested are skipped unless `force`. `files_per_group` files are read and
    stored together (default: one per DuckDB thread), the unit of resume; `after_group` is called
    with the works read so far after each group is committed."""
    if problem := unusable_inputs(paths):
        raise FileNotFoundError(problem)
    con = wh.con
    threads = int(con.execute("SELECT current_setting('threads')").fetchone()[0])
    group_size = files_per_group or max(1, threads)
    params = {"kind": "openalex", "engine": "native", "force": force, "files_per_group": group_size}
    inputs: list[dict[str, Any]] = []
    run_id = wh.start_run(command or "ingest openalex --engine native", params, inputs)
    result = IngestReport(run_id=run_id, files=[])
    retrieved = dt.datetime.now(dt.UTC).date().isoformat()
    status = "ok"
    progress = _progress(show_progress)
    try:
        with wh.bulk_load(), progress, ThreadPoolExecutor(1) as hasher:
            warm: Future[str | None] | None = None
            todo: list[str] = []
            keys: dict[str, str] = {}
            shas: dict[str, str] = {}
            reports: dict[str, FileReport] = {}
            for p in map(str, paths):
                report = FileReport(path=p)
                result.files.append(report)
                shas[p] = file_sha256(p)
                key = input_key(shas[p])
                if key in keys.values():  # named twice (or a byte-identical copy): staged once, as the python
                    report.skipped = True  # engine does; staged twice it broke the works' primary key (exit 1)
                    inputs.append({"path": str(Path(p).resolve()), "skipped": True})
                    continue
                reports[p] = report
                keys[p] = key
                if wh.progress(keys[p])[1] and not force:
                    report.skipped = True
                    inputs.append({"path": str(Path(p).resolve()), "sha256": shas[p], "skipped": True})
                else:
                    todo.append(p)
            task = progress.add_task("openalex (native)", total=sum(os.path.getsize(p) for p in todo) or 1, works=0)
            for group in file_groups(todo, group_size):
                described = hasher.submit(lambda g=group: [describe_input(p, shas[p]) for p in g])
                staged = stage_files(con, group)
                if warm is None:  # the gazetteer's one-off load, beside the single-threaded SQL that follows
                    warm = hasher.submit(country_from_affiliation, "Moscow, Russia")  # (the read keeps both cores)
                if staged.paths:
                    store_staged(wh, staged, run_id=run_id, retrieved_at=retrieved, keys=keys, reports=reports,
                                 resolve=_after(warm, country_from_affiliation))
                for p in staged.python_files:
                    warm.result()
                    if not _python_file(wh, p, keys[p], run_id, reports[p]):
                        status = "partial"
                inputs += described.result()
                wh.update_run_inputs(run_id, inputs)
                progress.update(task, advance=sum(os.path.getsize(p) for p in group), works=result.n_read)
                if after_group:
                    after_group(result.n_read)
        rollup_institutions(con)
        refresh_work_countries(con)  # the work x country table in step with what was stored
    except BaseException as exc:
        status = run_status(exc)  # Ctrl-C: `interrupted`, not `failed` (the same command resumes)
        raise
    finally:
        wh.finish_run(run_id, status, result.n_read, result.n_ok, result.n_quarantined)
    return result


def _progress(show: bool) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                    TextColumn("{task.fields[works]} works"), TimeRemainingColumn(), console=Console(stderr=True),
                    disable=not show, transient=False)


_INDEX_DECODER = msgspec.json.Decoder(dict[str, list[int]] | None, strict=False)


def abstract_from_index_json(text: str | None) -> str | None:
    """The abstract from an inverted index kept as JSON text (the Python reader's own rebuild)."""
    if not text:
        return None
    try:
        return rebuild_abstract(_INDEX_DECODER.decode(text))
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def fill_abstracts(con: duckdb.DuckDBPyConnection, batch_size: int = FILL_BATCH) -> int:
    """Rebuild `works.abstract` where the native ingest kept only the inverted index; returns the
    number of works filled. Idempotent: a filled work's index is cleared."""
    n = 0
    while True:
        rows = con.execute("SELECT work_id, abstract_index_json FROM works WHERE abstract_index_json IS NOT NULL"
                           " LIMIT ?", [batch_size]).fetchall()
        if not rows:
            return n
        table = pa.table({"work_id": pa.array([r[0] for r in rows], pa.string()),
                          "abstract": pa.array([abstract_from_index_json(r[1]) for r in rows], pa.string())})
        con.register("oa_abstracts", table)
        con.execute("UPDATE works SET abstract = a.abstract, abstract_index_json = NULL FROM oa_abstracts a"
                    " WHERE works.work_id = a.work_id")
        con.unregister("oa_abstracts")
        n += len(rows)
