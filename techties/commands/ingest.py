"""CLI: `techties ingest wos|openalex|scopus|lens|dimensions|pubmed|cnki|auto|openalex-api|ror`.

Exit status: 0 all records stored; 3 finished, but some lines or records were quarantined
(listed with file and line; the rest is stored); 4 an input file is missing or unreadable, or the OpenAlex
API unreachable or refusing the request after its retries (openalex-api);
1 an unexpected error (one line, no traceback); 2 wrong usage; 5 the OpenAlex daily budget
is exhausted (cursor saved: the same command resumes).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from techties.config import DB_HELP, named_db
from techties.errors import EXIT_INPUT, EXIT_QUARANTINED, InputError, UsageError
from techties.ingest import IngestReport, file_kind, ingest_files
from techties.terminal import message, safe
from techties.warehouse import Warehouse

ingest_app = typer.Typer(help="Read bibliographic records into the warehouse (idempotent, resumable).",
                         no_args_is_help=True)
DB_OPTION = typer.Option(None, "--db", help=DB_HELP)


def merged_note(n_merged: int, why: bool = False) -> str:
    """'; N merged into works already stored' ('' for none), so that every ingest line accounts for each
    record read: read = stored + merged + quarantined ("stored" counts the works the table gained; without
    it, "read 81, stored 63, quarantined 0" left 18 records unaccounted for). `why` says what merged means."""
    if not n_merged:
        return ""
    why_text = (" (the same DOI or title as another record, or the same record again, in any version)"
                if why else "")
    return f"; {n_merged} merged into works already stored{why_text}"


def report_and_exit(report: IngestReport, wh: Warehouse) -> None:
    """Print the per-file summary and the quarantined lines on stderr (ingest prints no data, so stdout
    stays empty); exit with the documented status. File names and errors are escaped (`terminal.safe`)."""
    for f in report.files:
        if _empty(f.path):  # "read 0, stored 0", or "already ingested" of another empty file, said nothing of it
            message(f"{safe(f.path)}: an empty file (0 bytes): nothing to read")
            continue
        if f.skipped:
            message(f"{safe(f.path)}: already ingested (same content), skipped — use --force to read it again")
            continue
        resumed = f" (resumed after line {f.resumed_from_line})" if f.resumed_from_line else ""
        merged = merged_note(f.n_merged, why=True)
        # "read 12, stored 11, quarantined 2" of a truncated gzip: 1 record and the note of the cut, said so
        n_bad = f.n_quarantined - f.n_cut
        cut = "" if not f.n_cut else (f" ({n_bad} record{'s' if n_bad != 1 else ''} and the file cut short)" if n_bad
                                      else " (the file cut short)")
        message(f"{safe(f.path)}: read {f.n_read}, stored {f.n_ok}, quarantined {f.n_quarantined}{cut}{resumed}"
                f"{merged}")
    if report.n_quarantined:
        rows = quarantined_lines(wh, report)
        for file, line, error in rows:
            message(f"quarantined {safe(file)}:{line}: {safe(error)}")
        if report.n_quarantined > len(rows):
            message(f"… {report.n_quarantined - len(rows)} more in the warehouse table `quarantine` "
                    f"(run {report.run_id})")
    message(f"run {report.run_id}: read {report.n_read}, stored {report.n_ok}, quarantined {report.n_quarantined}"
            f"{merged_note(report.n_merged)}")
    for note in dict.fromkeys(wh.index_notes):  # once each, though the open and the load both tried
        message(note)
    if report.n_quarantined:
        raise typer.Exit(EXIT_QUARANTINED)


def quarantined_lines(wh: Warehouse, report: IngestReport, limit: int = 20) -> list[tuple[str, int, str]]:
    """The lines this run set aside, by file and line. `quarantine` keeps one row per input, file and line,
    under the run that first found it: a `--force` re-read finds each bad line already there, and a query
    by this run's id alone listed none of them ("quarantined 1" then "… 1 more in the warehouse table").
    So the rows of this run's inputs count too, from the line each file was read from (a resumed file's
    earlier lines were the killed run's)."""
    files = [(f.path, f.resumed_from_line) for f in report.files if f.n_quarantined]
    if not files:
        return []
    return wh.con.execute(
        "SELECT file, line, error FROM quarantine WHERE run_id = ?"
        " UNION SELECT q.file, q.line, q.error FROM quarantine q"
        " JOIN (SELECT unnest(?::VARCHAR[]) AS path, unnest(?::BIGINT[]) AS after) f"
        " ON q.file = f.path AND q.line > f.after"
        " WHERE q.input_key IN (SELECT input_key FROM ingest_progress WHERE run_id = ? AND path = f.path)"
        " ORDER BY file, line LIMIT ?",
        [report.run_id, [p for p, _ in files], [a for _, a in files], report.run_id, limit]).fetchall()


def note_synthetic(wh: Warehouse) -> None:
    """One note on stderr, before anything is stored, when the warehouse already holds synthetic works
    (the demo warehouse named as --db): the user's records will be counted with them. Every output
    labels its synthetic count; this says it where the mixing starts. The exit status is unchanged."""
    from techties.metrics.synthetic import stored_synthetic

    n = stored_synthetic(wh.con)
    if n:
        message(f"note: {safe(str(wh.path))} holds {n:,} synthetic work{'s' if n != 1 else ''} (generated for "
                "the demo): your records will be counted with them; --db a warehouse of your own keeps them apart")


def _empty(path: str) -> bool:
    try:
        return Path(path).stat().st_size == 0
    except OSError:
        return False


def max_workers() -> int:
    """The most parser processes `--workers` may start: 4 per core. Why: each is a Python process with techties
    loaded, up to two batches in flight each, and `--workers 1000` on a large export started one per batch."""
    import os

    return 4 * (os.cpu_count() or 1)


WORKERS_OPTION = typer.Option(None, "--workers", help="Parser processes (default: one per core for inputs "
                                                       "over 32 MB, else 0 = parse in this process)")


def _run(kind: str, files: list[Path], db: Path | None, force: bool, batch_size: int, workers: int | None,
         engine: str = "python") -> None:
    """Unexpected errors and a locked or damaged warehouse go to the CLI's error boundary (techties.cli).
    The native engine reads OpenAlex snapshot files (JSON Lines); API pages and single works, and every
    other format, go through the record-by-record readers."""
    from techties.sources.detect import sniff
    from techties.sources.io import unusable_inputs

    if workers is not None and workers < 0:
        raise UsageError(f"--workers {workers}: a number of processes, 0 or more (0: parse in this process)")
    if workers is not None and workers > (most := max_workers()):
        raise UsageError(f"--workers {workers}: at most {most} here (4 per core; the default is one per core)")
    if problem := unusable_inputs(files):
        raise InputError(problem)
    for path in files:  # a file of another format, or no export at all, is refused before the warehouse is
        file_kind(kind, path)  # opened: it made an empty warehouse at the default path, and then `report` read
        # that instead of falling back to the demo warehouse
    native = engine == "native" and kind == "openalex" and all(sniff(p) == "openalex-jsonl" for p in files)
    with Warehouse(named_db(db)) as wh:
        note_synthetic(wh)
        if native:
            from techties.ingest_native import native_allowed

            others = native_allowed(wh.con)
            if others:
                message(f"note: the warehouse holds records of {', '.join(others)}: reading with --engine python, "
                        "whose merge counts a paper found in several sources once")
                native = False
        if native:
            from techties.ingest_native import ingest_openalex_native

            report = ingest_openalex_native(wh, files, force=force, command=f"techties ingest {kind} --engine "
                                            "native " + " ".join(map(str, files)))
        else:
            report = ingest_files(wh, kind, files, force=force, batch_size=batch_size, workers=workers,
                                  command=f"techties ingest {kind} " + " ".join(map(str, files)))
        report_and_exit(report, wh)


@ingest_app.command("wos")
def ingest_wos(
    files: list[Path] = typer.Argument(
        ..., help="Web of Science plain-text or tab-delimited exports (savedrecs.txt, gzip or plain)"),
    db: Path | None = DB_OPTION,
    force: bool = typer.Option(False, help="Read files again even if already ingested"),
    batch_size: int = typer.Option(2000, min=1, help="Records per transaction (the unit of resume)"),
    workers: int | None = WORKERS_OPTION,
) -> None:
    """Ingest Web of Science plain-text or tab-delimited exports."""
    _run("wos", files, db, force, batch_size, workers)


@ingest_app.command("openalex")
def ingest_openalex(
    files: list[Path] = typer.Argument(..., help="OpenAlex snapshot JSON Lines files, API response pages or "
                                       "single works (gzip or plain)"),
    db: Path | None = DB_OPTION,
    force: bool = typer.Option(False, help="Read files again even if already ingested"),
    batch_size: int = typer.Option(2000, min=1, help="Works per transaction (the unit of resume; --engine python)"),
    workers: int | None = WORKERS_OPTION,
    engine: str = typer.Option("native", "--engine", help="native: DuckDB's JSON reader and SQL, resumable per part "
                               "file (default); python: the record-by-record reader, resumable per batch"),
) -> None:
    """Ingest OpenAlex snapshot files (current or 2022 schema), API response pages or single works."""
    if engine not in ("native", "python"):
        raise UsageError(f"--engine must be native or python, not {engine!r}")
    _run("openalex", files, db, force, batch_size, workers, engine)


def _export_command(kind: str, files_help: str, doc: str) -> None:
    """Register `techties ingest KIND FILE…` for one export format (same options as `ingest wos`)."""

    def command(
        files: list[Path] = typer.Argument(..., help=files_help),
        db: Path | None = DB_OPTION,
        force: bool = typer.Option(False, help="Read files again even if already ingested"),
        batch_size: int = typer.Option(2000, min=1, help="Records per transaction (the unit of resume)"),
        workers: int | None = WORKERS_OPTION,
    ) -> None:
        _run(kind, files, db, force, batch_size, workers)

    command.__doc__ = doc
    ingest_app.command(kind)(command)


_export_command("scopus", "Scopus exports: CSV, RIS, BibTeX or plain text (gzip or plain)",
                "Ingest Scopus CSV, RIS, BibTeX or plain-text exports.")
_export_command("lens", "Lens.org scholarly CSV exports", "Ingest Lens.org scholarly CSV exports.")
_export_command("dimensions", "Dimensions publications CSV exports", "Ingest Dimensions publication exports.")
_export_command("pubmed", "PubMed exports: MEDLINE text or PubMed XML", "Ingest PubMed MEDLINE or XML exports.")
_export_command("cnki", "CNKI exports: RefWorks, EndNote or NoteExpress text",
                "Ingest CNKI exports (RefWorks, EndNote, NoteExpress), Chinese fields included.")
_export_command("auto", "Exports of any kind techties reads; each file's format is told from its first lines",
                "Ingest exports of any supported format, each read by the reader its header names.")


@ingest_app.command("openalex-api")
def ingest_openalex_api(
    filter_: str = typer.Option(..., "--filter", help="OpenAlex filter, e.g. "
                                "'institutions.country_code:CN,institutions.country_code:RU,publication_year:2010-2019'"),
    search: str | None = typer.Option(None, "--search", help="Full-text search (costs 10 credits a page)"),
    api_key: str | None = typer.Option(None, "--api-key", envvar="OPENALEX_API_KEY", help="OpenAlex API key"),
    mailto: str | None = typer.Option(None, "--mailto", envvar="OPENALEX_MAILTO", help="Contact e-mail"),
    base_url: str = typer.Option("https://api.openalex.org", "--base-url", help="API root (tests use a local one)"),
    max_pages: int | None = typer.Option(None, "--max-pages", min=1, help="Stop after this many pages (resume later)"),
    db: Path | None = DB_OPTION,
) -> None:
    """Fetch works from the OpenAlex API with cursor paging; an exhausted daily budget stops
    cleanly with the cursor saved, and the same command resumes from it later."""
    from techties.ingest import store_api_page
    from techties.sources.openalex_api import BudgetExhausted, OpenAlexClient, OpenAlexError, fetch_works
    from techties.warehouse.store import WarehouseCursorStore
    from techties.warehouse.work_countries import refresh_work_countries

    if not filter_.strip() and not (search or "").strip():  # an unset "$FILTER": the whole of OpenAlex
        raise UsageError("--filter is empty: it would fetch every work in OpenAlex; name what to fetch, e.g. "
                         "--filter 'institutions.country_code:CN,institutions.country_code:RU,"
                         "publication_year:2010-2019'")
    # the query is built (and a bad filter refused, exit 2) before the warehouse is opened: `--filter x` made an
    # empty warehouse at a new --db before it said "bad OpenAlex filter term"
    with OpenAlexClient(base_url=base_url, api_key=api_key, mailto=mailto) as client:
        query = client.works(filter=filter_, search=search)
        with Warehouse(named_db(db)) as wh:
            note_synthetic(wh)
            run_id = wh.start_run("techties ingest openalex-api", {"filter": filter_, "search": search,
                                                                   "base_url": base_url}, [{"api": base_url}])
            store = WarehouseCursorStore(wh.con, query.to_json())
            counts = {"read": 0, "ok": 0, "bad": 0, "merged": 0}
            status = "failed"  # what the run says if anything below fails, even on Ctrl-C

            def on_page(page) -> None:  # noqa: ANN001 - sources.openalex_api.Page
                counts["read"] += len(page.results)
                got = store_api_page(wh, page.results, run_id=run_id, query_key=query.key, offset=page.offset,
                                     page=page.number)
                counts["ok"] += got.n_ok
                counts["bad"] += got.n_quarantined
                counts["merged"] += got.n_merged

            try:
                report = fetch_works(query, store, on_page, max_pages=max_pages)
                status = "ok" if report.finished else "stopped"
            except BudgetExhausted as exc:
                status = "stopped"
                message(f"stopped: {safe(exc)} — run the same command again after the reset to resume")
                raise typer.Exit(5) from None
            except OpenAlexError as exc:  # unreachable, or refusing the request after the retries (as `collect`)
                message(f"error: {safe(exc)}")
                raise typer.Exit(EXIT_INPUT) from None
            finally:
                refresh_work_countries(wh.con)  # the work x country table in step with the pages stored
                wh.finish_run(run_id, status, counts["read"], counts["ok"], counts["bad"])
            state = "finished" if report.finished else "paused (run again to continue)"
            message(f"run {run_id}: fetched {counts['read']} works, stored {counts['ok']}, "
                    f"quarantined {counts['bad']}{merged_note(counts['merged'])}, {state}")
            if counts["bad"]:
                _print_quarantined(wh, run_id, counts["bad"])
                raise typer.Exit(EXIT_QUARANTINED)


def _print_quarantined(wh: Warehouse, run_id: str, n: int) -> None:
    rows = wh.con.execute("SELECT file, line, error FROM quarantine WHERE run_id = ? ORDER BY file, line LIMIT 20",
                          [run_id]).fetchall()
    for file, line, error in rows:
        message(f"quarantined {safe(file)}:{line}: {safe(error)}")
    if n > len(rows):
        message(f"… {n - len(rows)} more in the warehouse table `quarantine` (run {run_id})")


ROR_READS = ("`techties ingest ror` reads a ROR dump (a JSON list, or JSON Lines; gzip or plain) or a ROR API "
             "response")


@ingest_app.command("ror")
def ingest_ror(
    file: Path = typer.Argument(..., help="A ROR dump (JSON list or JSON Lines, gzip or plain) or a ROR API / "
                                "search response"),
    db: Path | None = DB_OPTION,
) -> None:
    """Load ROR organisation records (names by language, parents) for institution roll-up."""
    from techties.resolve.institutions import rollup_institutions, ror_institution

    rows, skipped = [], []
    for where, record in ror_payload_records(file):
        why = ror_problem(record)
        if why is None:
            try:
                rows.append(ror_institution(ror_v2(record)))
                continue
            except (KeyError, TypeError, AttributeError, ValueError) as exc:  # a field of the wrong shape
                why = f"a field of the wrong shape ({type(exc).__name__}: {safe(exc)})"
        skipped.append(f"{safe(file)}{where}: {why}")
    if skipped and not rows:
        raise UsageError(f"{skipped[0]}; no ROR organisation records in {safe(file)}: {ROR_READS}")
    if not rows:  # `[]` or {"hits": null}: "0 ROR organisations stored", exit 0, and an empty warehouse made
        raise InputError(f"{safe(file)}: no ROR organisation records in it")
    with Warehouse(named_db(db)) as wh:
        n = wh.store_institutions(rows)
        rollup_institutions(wh.con)
    for line in skipped[:20]:
        message(f"skipped {line}")
    if len(skipped) > 20:
        message(f"… {len(skipped) - 20} more records skipped")
    message(f"{safe(file)}: {n} ROR organisations stored" + (f", {len(skipped)} records skipped" if skipped else ""))
    if skipped:
        raise typer.Exit(EXIT_QUARANTINED)


def ror_payload_records(file: Path) -> list[tuple[str, object]]:
    """The records of a ROR file, each with where it is (`:N`, the line of JSON Lines; `: record N` of a list), or
    an InputError / UsageError in one line. Why: the command read only plain JSON, so gzip (how ROR records
    are kept, e.g. the shared `ror_records_….jsonl.gz`) and JSON Lines came out as "not JSON
    (UnicodeDecodeError)", and JSON of another shape as "unexpected KeyError: 'id'", exit 1."""
    import gzip
    import zlib

    from techties.sources.detect import binary_kind

    if file.is_dir():
        raise InputError(f"{safe(file)}: a folder, not a file: name the ROR dump's JSON file in it")
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"input not found: {safe(file)}") from None
    if what := binary_kind(raw[:8]):  # the ROR dump comes as a zip: v1.NN-YYYY-MM-DD-ror-data.zip
        raise UsageError(f"{safe(file)}: {what}: unzip it and name the JSON file in it "
                         "(…-ror-data_schema_v2.json)")
    if raw.startswith(b"\x1f\x8b"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{safe(file)}: a damaged or truncated gzip file ({safe(exc)})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{safe(file)}: not UTF-8 text (byte {exc.start}): {ROR_READS}") from None
    if not text.strip():
        raise InputError(f"{safe(file)}: an empty file: no ROR records in it")
    try:
        payload = json.loads(text)
    except RecursionError:
        raise InputError(f"{safe(file)}: not JSON (nested too deeply)") from None
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # JSON Lines parse as one value followed by "extra data"
            return _json_lines(text)
        lines = _json_lines(text)  # JSON Lines whose first line is damaged: that line skipped, not the file
        if exc.lineno == 1 and sum(isinstance(r, dict) for _, r in lines) > 0:
            return lines
        raise InputError(f"{safe(file)}:{exc.lineno}: not JSON ({exc.msg}): {ROR_READS}") from None
    return [(f": record {i}", r) for i, r in enumerate(_ror_list(payload), 1)]


def _json_lines(text: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append((f":{n}", json.loads(line)))
        except (json.JSONDecodeError, RecursionError) as exc:
            out.append((f":{n}", ValueError(f"not JSON ({getattr(exc, 'msg', None) or type(exc).__name__})")))
    return out


def _ror_list(payload: object) -> list[object]:
    """A dump's list, an API response's `items`, a search response's `hits`, or one record; else the payload
    itself as one (bad) record, so that it is said."""
    from techties.resolve.institutions import ror_records

    if isinstance(payload, dict) and "id" in payload:
        return [payload]  # one organisation, as the API's /organizations/ID returns it
    if isinstance(payload, list) or (isinstance(payload, dict) and ("items" in payload or "hits" in payload)):
        try:
            return list(ror_records(payload))
        except (TypeError, AttributeError):  # {"items": 5}: "unexpected TypeError", exit 1
            return [ValueError("its \"items\" / \"hits\" hold no list of records")]
    return [payload]


def ror_problem(record: object) -> str | None:
    """Why `record` is no ROR organisation record, or None."""
    if isinstance(record, ValueError):
        return str(record)
    if not isinstance(record, dict):
        return f"not a ROR organisation record (a JSON {type(record).__name__}, not an object)"
    rid = record.get("id")
    if not isinstance(rid, str) or "ror.org/" not in rid:
        return "not a ROR organisation record (no \"id\" with a ror.org address)"
    return None


def ror_v2(record: dict) -> dict:
    """A ROR record in the v2 schema that `ror_institution` reads: a v1 record (`name`, `labels`, `aliases`,
    `acronyms`, `country`, relationships typed "Parent") is rewritten to it. Why: ROR dumps before 2024 and
    two thirds of the shared ROR records are v1, and each was stored with its URL as its name, no country
    and no parent."""
    if "names" in record or "name" not in record:
        return record
    names = [{"value": record["name"], "types": ["ror_display", "label"], "lang": None}]
    names += [{"value": lab["label"], "types": ["label"], "lang": lab.get("iso639")}
              for lab in record.get("labels") or [] if isinstance(lab, dict) and lab.get("label")]
    names += [{"value": a, "types": ["alias"], "lang": None} for a in record.get("aliases") or [] if a]
    names += [{"value": a, "types": ["acronym"], "lang": None} for a in record.get("acronyms") or [] if a]
    country = (record.get("country") or {}).get("country_code")
    return {**record, "names": names,
            "types": [str(t).lower() for t in record.get("types") or []],
            "relationships": [{**r, "type": str(r.get("type", "")).lower()} for r in record.get("relationships") or []
                              if isinstance(r, dict)],
            "locations": [{"geonames_details": {"country_code": country}}] if country else []}


def register(app: typer.Typer) -> None:
    app.add_typer(ingest_app, name="ingest")
