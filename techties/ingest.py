"""Ingest: readers → resolve (country per authorship) → warehouse, in resumable batches.

Each batch is stored in one transaction with the progress marker of its file, so a run
killed at any point (even SIGKILL) and started again ends with exactly the rows of a
clean run: committed batches are skipped, the interrupted one is redone, and the upsert
makes a redone batch harmless.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

from techties.errors import run_status
from techties.records import BadRecord, Work
from techties.resolve.countries import country_from_affiliation
from techties.resolve.institutions import rollup_institutions
from techties.resolve.merge import work_keys
from techties.sources.cnki import read_cnki
from techties.sources.detect import check_kind, holds_no_text, kind_of
from techties.sources.dimensions import read_dimensions
from techties.sources.io import (
    LineSource,
    TruncatedInput,
    describe_input,
    file_sha256,
    input_key,
    unusable_inputs,
)
from techties.sources.lens import read_lens
from techties.sources.openalex_json import read_openalex_json
from techties.sources.openalex_snapshot import add_dict, block_lines, parse_lines
from techties.sources.pubmed import read_pubmed
from techties.sources.scopus import read_scopus
from techties.sources.wos import read_wos, read_wos_tab
from techties.terminal import safe
from techties.warehouse import Warehouse
from techties.warehouse.batch import WorkBatch
from techties.warehouse.work_countries import refresh_work_countries

Reader = Callable[..., Iterator[tuple[int, Work | BadRecord]]]
# Formats whose records span lines: their reader, and the test for a record's last line (a batch
# may end only there). OpenAlex snapshots have one record per line and travel as blocks of lines.
RECORD_READERS: dict[str, tuple[Reader, Callable[[bytes], bool]]] = {
    "wos": (read_wos, lambda line: line.strip() == b"ER"),
}
# Readers that stream a whole file themselves (CSV rows may span lines, XML and JSON documents need a
# parser's state): the ingest groups their records into batches; a resumed run skips records that end
# at or before the stored line.
STREAM_READERS: dict[str, Reader] = {
    "scopus": read_scopus, "lens": read_lens, "dimensions": read_dimensions, "pubmed": read_pubmed,
    "cnki": read_cnki, "openalex-json": read_openalex_json, "wos-tab": read_wos_tab,
}
KINDS = ("openalex", *RECORD_READERS, "scopus", "lens", "dimensions", "pubmed", "cnki")
AUTO = "auto"  # each file's kind from its header (techties.sources.detect)


@dataclass
class FileReport:
    path: str
    n_read: int = 0
    n_ok: int = 0
    n_quarantined: int = 0
    n_merged: int = 0  # records read and not stored as works of their own: another record's work, or older
    n_cut: int = 0  # of the quarantined: the notes of a file cut short (truncated gzip), no record read
    skipped: bool = False  # already fully ingested earlier
    resumed_from_line: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    run_id: str
    files: list[FileReport]

    @property
    def n_read(self) -> int:
        return sum(f.n_read for f in self.files)

    @property
    def n_ok(self) -> int:
        return sum(f.n_ok for f in self.files)

    @property
    def n_quarantined(self) -> int:
        return sum(f.n_quarantined for f in self.files)

    @property
    def n_merged(self) -> int:
        return sum(f.n_merged for f in self.files)


PARALLEL_MIN_BYTES = 32 << 20  # below this, starting worker processes costs more than it saves
# Works per transaction: with 8 batches of 2,000 per commit, storing 100k synthetic works took 4.8 s
# instead of 6.5 s. A killed run redoes at most this many works.
COMMIT_WORKS = 16_000


@dataclass
class PreparedBatch:
    """A batch parsed, resolved and flattened to Arrow, ready for the single warehouse writer."""

    last_line: int
    tables: dict[str, Any]
    bad: list[BadRecord]
    n_read: int


def _prepared(batch: WorkBatch, bad: list[BadRecord], last_line: int, run_id: str) -> PreparedBatch:
    batch.resolve_countries(country_from_affiliation)
    tables = batch.to_tables(run_id)
    tables["work_keys"] = work_keys(tables)  # the merged corpus: matching keys, computed here (resolve stage)
    return PreparedBatch(last_line=last_line, tables=tables, bad=bad, n_read=len(batch) + len(bad))


def parse_snapshot_block(path: str, first_line: int, last_line: int, block: bytes, run_id: str) -> PreparedBatch:
    """Worker-side: a block of OpenAlex snapshot lines → resolved rows → Arrow tables."""
    batch, bad = parse_lines(path, block_lines(first_line, block))
    return _prepared(batch, bad, last_line, run_id)


def parse_record_lines(kind: str, path: str, lines: list[tuple[int, bytes]], run_id: str) -> PreparedBatch:
    """Worker-side: lines of a record-by-record reader (WoS) → Works → resolved rows → Arrow tables."""
    batch = WorkBatch()
    bad: list[BadRecord] = []
    read, _record_end = RECORD_READERS[kind]
    for lineno, item in read(path, lines=lines):
        if isinstance(item, Work):
            mark = batch.mark()
            try:
                batch.append(item)
            except ValueError as exc:  # a value the warehouse cannot store (warehouse.batch.InvalidValue)
                batch.rollback(mark)
                bad.append(BadRecord(file=path, line=lineno, error=f"invalid {kind} record: {exc}"))
        else:
            bad.append(item)
    return _prepared(batch, bad, lines[-1][0] if lines else 0, run_id)


def parse_work_items(items: list[Work | BadRecord], last_line: int, run_id: str) -> PreparedBatch:
    """Records a streaming reader yielded → resolved rows → Arrow tables."""
    batch = WorkBatch()
    bad: list[BadRecord] = []
    for item in items:
        if isinstance(item, Work):
            batch.append(item)
        else:
            bad.append(item)
    return _prepared(batch, bad, last_line, run_id)


Job = tuple[Callable[..., PreparedBatch], tuple[Any, ...]]


@dataclass
class _FileWriter:
    """Stores one file's parsed batches in order, about `commit_works` works per transaction, each
    transaction with the file's progress marker (the last line it stores)."""

    wh: Warehouse
    report: FileReport
    key: str
    run_id: str
    commit_works: int
    stored_line: int
    pending: list[PreparedBatch] = field(default_factory=list)

    def add(self, batch: PreparedBatch) -> bool:
        """Queue a batch; True when this committed a transaction."""
        self.pending.append(batch)
        return sum(b.n_read for b in self.pending) >= self.commit_works and self.commit()

    def commit(self) -> bool:
        """Store the queued batches in one transaction; False when there were none."""
        if not self.pending:
            return False
        batches, self.pending = self.pending, []
        report = self.report
        stored = self.wh.store_prepared(
            [b.tables for b in batches], [r for b in batches for r in b.bad], run_id=self.run_id,
            input_key=self.key, path=report.path, lines_done=batches[-1].last_line)
        report.n_ok += stored
        report.n_merged += max(0, sum(b.n_read - len(b.bad) for b in batches) - stored)
        report.n_read += sum(b.n_read for b in batches)
        report.n_quarantined += sum(len(b.bad) for b in batches)
        self.stored_line = batches[-1].last_line
        return True

    def quarantine_truncation(self, truncated: TruncatedInput) -> None:
        bad = BadRecord(file=self.report.path, line=truncated.after_line + 1, error=str(truncated))
        self.wh.store_batch([], [bad], run_id=self.run_id, input_key=self.key, path=self.report.path,
                            lines_done=self.stored_line)
        self.report.n_quarantined += 1
        self.report.n_cut += 1
        self.report.errors.append(str(truncated))


def store_file(wh: Warehouse, kind: str, source: LineSource, *, key: str, run_id: str, report: FileReport,
               skip_lines: int = 0, batch_size: int = 2000, workers: int = 0, commit_works: int = COMMIT_WORKS,
               on_commit: Callable[[], None] | None = None) -> bool:
    """One file through the record-by-record path, after its first `skip_lines` lines: parsed in batches
    (in `workers` processes, or here), stored in file order about `commit_works` works per transaction
    with the file's progress marker (`on_commit` is called after each), then marked finished. Used by
    `ingest_files` and by the native ingest for the files DuckDB cannot read. Returns False when the
    file is truncated: what came before the damage is stored and the damage quarantined."""
    jobs = _jobs(kind, source.path, source, skip_lines, batch_size, run_id)
    batches = _parallel_batches(jobs, workers) if workers else _serial_batches(jobs)
    writer = _FileWriter(wh, report, key, run_id, commit_works, stored_line=skip_lines)
    complete = True
    for batch in batches:
        if isinstance(batch, TruncatedInput):
            writer.commit()
            writer.quarantine_truncation(batch)
            complete = False
            break
        if writer.add(batch) and on_commit:
            on_commit()
    if writer.commit() and on_commit:
        on_commit()
    wh.mark_finished(key, source.path, writer.stored_line, run_id)
    return complete


def _jobs(kind: str, path: str, source: LineSource, skip_lines: int, size: int,
          run_id: str) -> Iterator[Job | TruncatedInput]:
    """The parsing jobs of one file in order; a truncated input ends them with its `TruncatedInput`.

    Snapshot lines are independent records, so they travel as blocks of bytes; WoS records span
    lines and are cut after their `ER` line."""
    if kind in STREAM_READERS:
        yield from _stream_jobs(STREAM_READERS[kind], path, skip_lines, size, run_id)
        return
    if kind == "openalex":
        try:
            for first, last, block in source.blocks(size, skip_lines):
                yield parse_snapshot_block, (path, first, last, block, run_id)
        except TruncatedInput as exc:
            yield exc
        return
    for chunk, truncated in _raw_chunks(source, kind, size, skip_lines):
        if chunk:
            yield parse_record_lines, (kind, path, chunk, run_id)
        if truncated is not None:
            yield truncated


def _stream_jobs(read: Reader, path: str, skip_lines: int, size: int, run_id: str) -> Iterator[Job | TruncatedInput]:
    """Batches of about `size` records from a streaming reader, each ending after a whole record."""
    items: list[Work | BadRecord] = []
    last = skip_lines
    try:
        for line, item in read(path, skip_lines=skip_lines):
            items.append(item)
            last = max(last, line)
            if len(items) >= size:
                yield parse_work_items, (items, last, run_id)
                items = []
    except TruncatedInput as exc:
        if items:
            yield parse_work_items, (items, last, run_id)
        yield exc
        return
    if items:
        yield parse_work_items, (items, last, run_id)


def _raw_chunks(
    lines: Iterable[tuple[int, bytes]], kind: str, size: int, skip_lines: int
) -> Iterator[tuple[list[tuple[int, bytes]], TruncatedInput | None]]:
    """Raw lines grouped into batches of about `size` records; a truncated input ends the last one."""
    _read, record_end = RECORD_READERS[kind]
    chunk: list[tuple[int, bytes]] = []
    records = 0
    try:
        for lineno, line in lines:
            if lineno <= skip_lines:
                continue
            chunk.append((lineno, line))
            if record_end(line):
                records += 1
                if records >= size:
                    yield chunk, None
                    chunk, records = [], 0
    except TruncatedInput as exc:
        yield chunk, exc
        return
    if chunk:
        yield chunk, None


def _init_worker(parent_pid: int) -> None:
    """Set up a parsing worker process.

    The cyclic garbage collector is switched off: workers build only acyclic rows that reference
    counting frees batch by batch, so it has nothing to find, and left on it rescans every live row
    at each collection (1.4x the CPU of a 20k-work ingest). A watchdog ends the worker when its
    parent is gone (e.g. killed with SIGKILL), which would otherwise leave it waiting forever."""
    gc.disable()

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watchdog").start()


def _parallel_batches(jobs: Iterator[Job | TruncatedInput], workers: int) -> Iterator[PreparedBatch | TruncatedInput]:
    """Run parsing jobs in `workers` processes, yielded in file order with at most 2 per worker in
    flight (memory stays bounded); decompression stays here, the upsert stays with the caller."""
    in_flight: deque[Future[PreparedBatch]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                             initializer=_init_worker, initargs=(os.getpid(),)) as pool:
        for job in jobs:
            truncated = job if isinstance(job, TruncatedInput) else None
            if truncated is None:
                fn, args = job  # type: ignore[misc]
                in_flight.append(pool.submit(fn, *args))
            while in_flight and (len(in_flight) >= 2 * workers or truncated is not None):
                yield in_flight.popleft().result()
            if truncated is not None:
                yield truncated
                return
        while in_flight:
            yield in_flight.popleft().result()


def _serial_batches(jobs: Iterator[Job | TruncatedInput]) -> Iterator[PreparedBatch | TruncatedInput]:
    for job in jobs:
        if isinstance(job, TruncatedInput):
            yield job
            return
        fn, args = job
        yield fn(*args)


def auto_workers(paths: Sequence[str | Path]) -> int:
    """Worker processes for parsing: none for small inputs, else one per core."""
    if max((Path(p).stat().st_size for p in paths), default=0) < PARALLEL_MIN_BYTES:
        return 0
    return os.cpu_count() or 1


@dataclass(frozen=True)
class ApiPageResult:
    n_ok: int
    n_quarantined: int
    n_merged: int = 0  # records of works already stored (fetched again, in any version): the table gained none


def store_api_page(wh: Warehouse, results: list[dict[str, Any]], *, run_id: str, query_key: str = "",
                   offset: int = 0, page: int = 0) -> ApiPageResult:
    """Store one page of OpenAlex API results (idempotent upsert); bad records are quarantined one by one.

    A quarantined record is named by its query, its position in the query's results (`line`, 1-based,
    the same in a resumed run, so a re-fetched page adds no duplicate row) and its page and index."""
    import datetime as dt

    import msgspec

    today = dt.datetime.now(dt.UTC).date().isoformat()
    batch = WorkBatch()
    bad: list[BadRecord] = []
    where = f"openalex-api:{query_key}" if query_key else "openalex-api"
    for i, rec in enumerate(results):
        mark = batch.mark()
        try:
            add_dict(batch, rec, as_of=today, retrieved_at=today)
            problem = batch.out_of_range(mark)
            if problem:
                raise ValueError(problem)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError, RecursionError) as exc:
            batch.rollback(mark)
            bad.append(BadRecord(file=where, line=offset + i + 1,
                                 error=f"page {page or '?'}, record {i + 1}: invalid OpenAlex work: {exc}",
                                 raw_excerpt=str(rec)[:300]))
    batch.resolve_countries(country_from_affiliation)
    tables = batch.to_tables(run_id)
    tables["work_keys"] = work_keys(tables)
    n_ok = wh.store_prepared([tables], bad, run_id=run_id)
    return ApiPageResult(n_ok, len(bad), max(0, len(results) - len(bad) - n_ok))


def file_kind(kind: str, path: str | Path) -> str:
    """The reader for one file: `kind` itself, checked against the file's header (a file of another
    format raises `WrongFormat` naming the right command); with `auto`, the kind the header names."""
    if kind == AUTO:
        found = kind_of(path)
        if found is None and holds_no_text(path):
            # an empty export has no format to tell ("format not recognised" sent the user looking for one):
            # any reader reads nothing from it, and the ingest says so as `ingest wos empty.txt` does
            return "wos"
        if found is not None and found not in KINDS:  # a file a command of its own reads (`ingest ror`)
            check_kind(AUTO, path)  # raises WrongFormat naming that command
        if found is None or found not in KINDS:
            from techties.errors import UsageError
            from techties.sources.detect import not_text

            why = not_text(path) if found is None else None
            raise UsageError(f"{path}: {why}" if why else f"{path}: format not recognised from its first lines; "
                             f"name the kind: techties ingest {{{'|'.join(KINDS)}}}")
        kind = found
    fmt = check_kind(kind, path)
    return fmt if fmt in ("openalex-json", "wos-tab") else kind


def ingest_files(
    wh: Warehouse,
    kind: str,
    paths: Sequence[str | Path],
    *,
    batch_size: int = 2000,
    force: bool = False,
    show_progress: bool = True,
    command: str | None = None,
    after_batch: Callable[[int], None] | None = None,
    workers: int | None = None,
    commit_works: int = COMMIT_WORKS,
) -> IngestReport:
    """Ingest files of one kind ("openalex" snapshot JSON Lines, "wos" plain-text or tab-delimited exports, …).

    Files already fully ingested are skipped unless `force`; partly ingested ones resume
    after their last committed batch. `workers` parse in separate processes (None: one per
    core for inputs over 32 MB, else none); the single writer stores batches in file order, about
    `commit_works` works per transaction (at least one batch). `after_batch` is called after each."""
    if kind not in KINDS and kind != AUTO:
        raise ValueError(f"unknown input kind {kind!r}")
    if problem := unusable_inputs(paths):
        raise FileNotFoundError(problem)
    file_kinds = {str(p): file_kind(kind, p) for p in paths}  # a file of another format stops here (exit 2)
    inputs: list[dict[str, Any]] = []
    n_workers = auto_workers(paths) if workers is None else workers
    params = {"kind": kind, "batch_size": batch_size, "force": force, "workers": n_workers}
    run_id = wh.start_run(command or f"ingest {kind}", params, inputs)
    reports: list[FileReport] = []
    result = IngestReport(run_id=run_id, files=reports)
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        TextColumn("{task.fields[works]} works"), TimeRemainingColumn(), console=Console(stderr=True),
        disable=not show_progress, transient=False,
    )
    status = "ok"
    try:
        with wh.bulk_load(), progress:
            for path in paths:
                path = str(path)
                sha256 = file_sha256(path)
                inputs.append(describe_input(path, sha256))
                wh.update_run_inputs(run_id, inputs)
                report = FileReport(path=path)
                reports.append(report)
                key = input_key(sha256)
                done_lines, finished = wh.progress(key)
                if finished and not force:
                    report.skipped = True
                    continue
                if force:
                    done_lines = 0
                report.resumed_from_line = done_lines
                source = LineSource(path)
                # the name as text: its control characters escaped and "[bold]" not read as Rich markup
                task = progress.add_task(escape(safe(Path(path).name)), total=source.total_bytes, works=0)

                def committed(source: LineSource = source, report: FileReport = report, task: Any = task) -> None:
                    progress.update(task, completed=source.bytes_read, works=report.n_read)
                    if after_batch:
                        after_batch(report.n_read)

                if not store_file(wh, file_kinds[path], source, key=key, run_id=run_id, report=report,
                                  skip_lines=done_lines, batch_size=batch_size, workers=n_workers,
                                  commit_works=commit_works, on_commit=committed):
                    status = "partial"
                progress.update(task, completed=source.total_bytes, works=report.n_read)
        rollup_institutions(wh.con)
        refresh_work_countries(wh.con)  # the work x country table in step with what was stored
    except BaseException as exc:
        status = run_status(exc)  # Ctrl-C: `interrupted`, not `failed` (the same command resumes)
        raise
    finally:
        wh.finish_run(run_id, status, result.n_read, result.n_ok, result.n_quarantined)
    return result
