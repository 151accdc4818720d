"""Ingest: readers → resolve (country per authorship) → warehouse, in resumable batches.

Each batch is stored in one transaction with the progress marker of its file, so a run
killed at any point (even SIGKILL) and started again ends with exactly the rows of a
clean run: committed batches are skipped, the interrupted one is redone, and the upsert
makes a redone batch harmless.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

from techties.records import BadRecord, Work
from techties.resolve.countries import country_from_affiliation
from techties.resolve.institutions import rollup_institutions
from techties.sources.io import LineSource, TruncatedInput, describe_input, input_key
from techties.sources.openalex_snapshot import read_snapshot
from techties.sources.wos import read_wos
from techties.warehouse import Warehouse

Reader = Callable[..., Iterator[tuple[int, Work | BadRecord]]]
READERS: dict[str, Reader] = {"openalex": read_snapshot, "wos": read_wos}


@dataclass
class FileReport:
    path: str
    n_read: int = 0
    n_ok: int = 0
    n_quarantined: int = 0
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


def resolve_work(work: Work) -> Work:
    """Fill each authorship's country from its raw affiliation string when the source gave none,
    and give WoS-style institutions (no country of their own) the country of their address."""
    inst_country: dict[str, str] = {}
    for a in work.authorships:
        if a.country_code is None and a.raw_affiliation:
            code = country_from_affiliation(a.raw_affiliation)
            if code:
                a.country_code, a.country_method = code, "string"
        if a.institution_id and a.country_code:
            inst_country.setdefault(a.institution_id, a.country_code)
    for inst in work.institutions:
        if inst.country_code is None:
            inst.country_code = inst_country.get(inst.institution_id)
    return work


def _batches(
    items: Iterable[tuple[int, Work | BadRecord]], size: int
) -> Iterator[tuple[int, list[Work], list[BadRecord]]]:
    works: list[Work] = []
    bad: list[BadRecord] = []
    last_line = 0
    try:
        for lineno, item in items:
            last_line = lineno
            if isinstance(item, Work):
                works.append(resolve_work(item))
            else:
                bad.append(item)
            if len(works) + len(bad) >= size:
                yield last_line, works, bad
                works, bad = [], []
    except TruncatedInput:
        if works or bad:  # keep everything read before the damage, then report it
            yield last_line, works, bad
        raise
    if works or bad:
        yield last_line, works, bad


def store_api_page(wh: Warehouse, results: list[dict[str, Any]], *, run_id: str) -> int:
    """Store one page of OpenAlex API results (idempotent upsert); bad records are quarantined."""
    import datetime as dt

    import msgspec

    from techties.sources.openalex_snapshot import decode_work

    today = dt.datetime.now(dt.UTC).date().isoformat()
    works: list[Work] = []
    bad: list[BadRecord] = []
    for i, rec in enumerate(results):
        try:
            works.append(resolve_work(decode_work(msgspec.json.encode(rec), source="openalex-api", as_of=today,
                                                  retrieved_at=today)))
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError) as exc:
            bad.append(BadRecord(file="openalex-api", line=i, error=f"invalid OpenAlex work: {exc}",
                                 raw_excerpt=str(rec)[:300]))
    return wh.store_batch(works, bad, run_id=run_id)


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
) -> IngestReport:
    """Ingest files of one kind ("openalex" snapshot JSON Lines or "wos" plain text).

    Files already fully ingested are skipped unless `force`; partly ingested ones resume
    after their last committed batch."""
    reader = READERS[kind]
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError(f"input not found: {', '.join(missing)}")
    inputs: list[dict[str, Any]] = []
    params = {"kind": kind, "batch_size": batch_size, "force": force}
    run_id = wh.start_run(command or f"ingest {kind}", params, inputs)
    reports: list[FileReport] = []
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        TextColumn("{task.fields[works]} works"), TimeRemainingColumn(), disable=not show_progress, transient=False,
    )
    status = "ok"
    try:
        with progress:
            for path in paths:
                path = str(path)
                inputs.append(describe_input(path))
                wh.update_run_inputs(run_id, inputs)
                report = FileReport(path=path)
                reports.append(report)
                key = input_key(path)
                done_lines, finished = wh.progress(key)
                if finished and not force:
                    report.skipped = True
                    continue
                if force:
                    done_lines = 0
                report.resumed_from_line = done_lines
                source = LineSource(path)
                task = progress.add_task(Path(path).name, total=source.total_bytes, works=0)
                last_line = done_lines
                try:
                    items = reader(path, skip_lines=done_lines, lines=source)
                    for last_line, works, bad in _batches(items, batch_size):
                        report.n_ok += wh.store_batch(works, bad, run_id=run_id, input_key=key, path=path,
                                                      lines_done=last_line)
                        report.n_read += len(works) + len(bad)
                        report.n_quarantined += len(bad)
                        progress.update(task, completed=source.bytes_read, works=report.n_read)
                        if after_batch:
                            after_batch(report.n_read)
                except TruncatedInput as exc:
                    bad_rec = BadRecord(file=path, line=exc.after_line + 1, error=str(exc))
                    wh.store_batch([], [bad_rec], run_id=run_id, input_key=key, path=path, lines_done=last_line)
                    report.n_quarantined += 1
                    report.errors.append(str(exc))
                    status = "partial"
                wh.mark_finished(key, path, max(last_line, done_lines), run_id)
                progress.update(task, completed=source.total_bytes, works=report.n_read)
        rollup_institutions(wh.con)
    except BaseException:
        status = "failed"
        raise
    finally:
        n_read = sum(r.n_read for r in reports)
        n_ok = sum(r.n_ok for r in reports)
        n_q = sum(r.n_quarantined for r in reports)
        if status == "ok" and n_q:
            status = "ok-with-quarantine"
        wh.finish_run(run_id, status, n_read, n_ok, n_q)
    return IngestReport(run_id=run_id, files=reports)
