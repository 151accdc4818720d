"""CLI: screen names, or the whole warehouse, against restricted-party lists (registered by techties.cli).

    techties screen "NAME" ["NAME"…] [--country CN] [--format table|csv|json] [--list PATH…] [--threshold X]
    techties screen --names-file FILE|- [--column NAME] [--country-column NAME] [same options as names]
    techties screen --warehouse [--db PATH] [--list PATH…] [--threshold X]
    techties screen-decide SUBJECT_ID ENTRY_ID confirm|reject [--kind institution] [--db PATH]

By default the names are screened against the shipped, dated snapshot of the US lists (Entity
List, MEU, §1260H, §1286, NS-CMIC, EO 14032 annex, Denied Persons, State nonproliferation; or the
Consolidated Screening List fetched by `techties lists update`) and techties' curated list.
--list adds others, repeatable: a file (CSL CSV/JSON, OpenSanctions CSV, us-lists JSON, EU
Official Journal CSV, techties YAML; format auto-detected) or a name (eu, us, curated, csl);
--no-defaults screens against the --list ones only.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import typer

from techties.config import DB_HELP
from techties.errors import EXIT_INPUT, EXIT_QUARANTINED, InputError, UsageError
from techties.screen.names_file import BadLine, NamesFile, open_names, query_text, screened_texts
from techties.terminal import check_format, emit, json_text, message, out, rich_table, safe


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("screen")
    def screen(
        names: list[str] = typer.Argument(None, help="Names or affiliation strings to screen."),
        country: str = typer.Option(None, "--country", help="ISO 3166 alpha-2 country of the names, e.g. CN."),
        fmt: str = typer.Option("table", "--format", help="table | csv (one row per hit) | json"),
        lists: list[str] = typer.Option(None, "--list", help="Add a list: a file or eu | us | curated | csl "
                                        "(repeatable)."),
        no_defaults: bool = typer.Option(False, "--no-defaults", help="Screen against the --list lists only."),
        threshold: float = typer.Option(None, "--threshold", help="Minimum score of a hit (default 0.85)."),
        warehouse: bool = typer.Option(False, "--warehouse", help="Screen all institutions and deal parties."),
        db: Path = typer.Option(None, "--db", help=DB_HELP),
        names_file: str = typer.Option(None, "--names-file", help="Screen the names of a file (- for stdin): one "
                                       "a line, or a column of a .csv (, or ;) or .tsv file with a header row."),
        column: str = typer.Option(None, "--column", help="The column of names of a --names-file .csv or .tsv "
                                   "file (needed when it has several)."),
        country_column: str = typer.Option(None, "--country-column", help="A column of ISO country codes of a "
                                           "--names-file .csv or .tsv file (empty cells: --country)."),
    ) -> None:
        """Screen names (any script: English, Chinese, Russian) against restricted-party lists; every
        hit says which alias matched, the features and score, and the list's source and date.

        By default the lists are the shipped, dated snapshot of the US lists (or the Consolidated
        Screening List fetched by `techties lists update`) and techties' curated list: `techties lists
        show` gives their as-of dates. No hit is not proof: a name is only screened against those lists
        as of those dates. With --format csv a name without hits has no row.

        --warehouse stores one row per subject and entry in the warehouse (screening_hits); a re-run
        replaces the machine's rows, keeps every `screen-decide` decision, and counts as new only the
        hits no earlier run stored.

        --names-file screens a file's names with one load of the lists, in file order, the output as for
        names given as arguments: a text file holds one name a line (blank lines skipped); a .csv or .tsv
        file (or - given --column) opens with a header row, and --column names the column of names,
        --country-column one of ISO codes (a row's code, else --country). UTF-8 or UTF-16, with or without
        BOM; a workbook is refused: save the sheet as CSV.

        Exit status: 0 screened (hits or none); 2 wrong usage (an empty name or one without a letter or
        digit, a name that is a file's path, names beside --warehouse or --names-file, --names-file beside
        --warehouse, a --column the file lacks or several columns and no --column, a bad --country,
        --threshold or --format, a --list file of no known format); 3 --names-file: lines not screened (no
        letter or digit, a bad country, a row of more or fewer cells than the header), each said as
        FILE:LINE on stderr, every other name screened and printed; 4 a --names-file or --list file
        missing or not UTF-8 text, an empty --names-file, a --list folder without EU Official Journal CSVs,
        --list csl before `techties lists update`, --list eu not found, no warehouse at --db."""
        from techties.screen.lists import NAMED, ListFormatError, ListUnreadableError, load_lists
        from techties.screen.match import DEFAULT_THRESHOLD, Matcher, screening_threshold

        check_format(fmt)
        th = screening_threshold(threshold)
        cc = country_option(country)
        source = names_source(names_file, names, warehouse, column, country_column)
        with source or nullcontext():  # the file is closed however the command ends
            if warehouse:
                db = warehouse_to_screen(db, names, cc)
            missing = [x for x in lists or [] if x not in NAMED and not Path(x).exists()]
            if missing:  # a missing file is exit 4, as for every input (README), not 2
                name_like = not Path(missing[0]).suffix and "/" not in missing[0]  # "EU" meant a list name
                hint = f" (the list names are {', '.join(NAMED)})" if name_like else ""
                message(f"error: {missing[0]}: no such list file{hint}")
                raise typer.Exit(EXIT_INPUT)
            try:
                entries = load_lists(list(lists or []), defaults=not no_defaults)
            except (ListFormatError, OSError, ValueError) as e:
                message(f"error: {e}")  # escaped: the message quotes the file's first bytes
                raise typer.Exit(EXIT_INPUT if isinstance(e, OSError | ListUnreadableError) else 2) from e
            th = DEFAULT_THRESHOLD if th is None else th
            if warehouse:
                _screen_warehouse(db, entries, th, fmt)
                return
            if source is not None:
                _screen_file(source, db, entries, th, cc, fmt)
                return
            if not names:
                typer.echo("error: give names to screen, --names-file, or --warehouse", err=True)
                raise typer.Exit(2)
            texts = screened_texts(names)  # matched; the output keeps the query as given (escaped)
            files = [k for k, n in enumerate(names, 1) if ("/" in n or Path(n).suffix) and Path(n).is_file()]
            if files:  # the words "institutions.csv" hit nothing: "0 hit(s)" for a list never screened
                name = names[files[0] - 1]
                typer.echo(f"error: name {files[0]} of {len(names)} is the file {safe(name)}, not a name: `techties "
                           f"screen` takes the names themselves (the names of a file: techties screen --names-file "
                           f"{safe(name)})", err=True)
                raise typer.Exit(2)
            _use_warehouse_ror(db)
            matcher = Matcher(entries, threshold=th)
            _print_results([{"query": n, "hits": [_hit_json(h) for h in matcher.screen(t, cc)]}
                            for n, t in zip(names, texts, strict=True)], fmt)

    @app.command("screen-decide")
    def screen_decide(
        subject_id: str = typer.Argument(..., help="Subject id as in screening_hits (e.g. an institution id)."),
        entry_id: str = typer.Argument(..., help="List entry id as in screening_hits."),
        decision: str = typer.Argument(..., help="confirm | reject"),
        kind: str = typer.Option(None, "--kind", help="institution | investor | deal_party | initiative_party"),
        db: Path = typer.Option(None, "--db", help=DB_HELP),
    ) -> None:
        """Record an analyst's decision on a screening hit; it persists across re-screening."""
        from techties.config import existing_db
        from techties.screen.store import DECISIONS, set_decision
        from techties.warehouse.store import Warehouse

        if decision not in (*DECISIONS, "confirm", "reject"):  # before opening: a typo made no warehouse
            raise UsageError(f"decision must be confirm or reject, not {safe(decision)!r}")
        if kind is not None and kind not in SUBJECT_KINDS:  # a decision under another kind meets no run's rows
            raise UsageError(f"--kind must be one of {', '.join(SUBJECT_KINDS)}, not {safe(kind)!r}")
        path = existing_db(db)  # a mistyped --db stored the decision in a new, empty warehouse
        with Warehouse(path) as wh:
            hit = wh.con.execute("SELECT count(*) FROM screening_hits WHERE subject_id = ? AND entry_id = ?",
                                 [subject_id, entry_id]).fetchone()[0]
            try:
                n = set_decision(wh, kind, subject_id, entry_id, decision)
            except ValueError as e:
                raise UsageError(str(e)) from e
        note = "" if hit else "; no stored hit for this pair: kept for future runs"
        message(f"{decision}: {safe(subject_id)} / {safe(entry_id)} ({n} row{'s' if n != 1 else ''}{note})")


SUBJECT_KINDS = ("institution", "investor", "deal_party", "initiative_party")  # screen.store.subjects' kinds
HIT_COLUMNS = ("query", "score", "list", "list_id", "entry", "entry_id", "matched_alias", "explanation", "program",
               "listed_on", "source", "source_date", "citation", "method", "algorithm")


def names_source(path: str | None, names: list[str] | None, warehouse: bool, column: str | None,
                 country_column: str | None) -> NamesFile | None:
    """`--names-file`: the file opened and its header read (a missing column is said before the lists
    load), or None without it. Names or --warehouse beside it are usage errors: which to screen is unclear."""
    if path is None:
        if column or country_column:
            raise UsageError("--column and --country-column go with --names-file")
        return None
    if names:
        raise UsageError("give names as arguments or --names-file, not both")
    if warehouse:
        raise UsageError("--warehouse screens the warehouse's institutions and parties: give --names-file or "
                         "--warehouse, not both")
    return open_names(path, column, country_column)


def warehouse_to_screen(db: Path | None, names: list[str] | None, country: str | None) -> Path:
    """`--warehouse`: the warehouse file, which must exist. Names or --country beside it were ignored
    (the warehouse's subjects were screened, with their own countries), and a mistyped --db made a new,
    empty warehouse and reported "screened 0 subjects: 0 hits", which reads as a clean result."""
    from techties.config import existing_db

    if names or country:
        raise UsageError("--warehouse screens the warehouse's institutions and parties, each with its own "
                         "country: give names (and --country), or --warehouse, not both")
    return existing_db(db)


def country_option(value: str | None) -> str | None:
    """`--country`: an ISO 3166-1 alpha-2 code (any case), or a usage error (exit 2) in the words every
    command uses (`metrics.query.country_code`: an alpha-3 code or a country name gets the code to use)."""
    if not value:
        return None
    from techties.metrics.query import country_code

    return country_code(value, "--country")


def _use_warehouse_ror(db: Path | None) -> None:
    """Chinese and Russian names from the warehouse's ROR records where a full dump was loaded
    (`techties ingest ror`), else the ROR table shipped in the package."""
    from techties.config import named_db
    from techties.screen.ror_names import warehouse_rows
    from techties.screen.structure import use_ror_rows

    use_ror_rows(warehouse_rows(named_db(db)))


def _hit_json(h) -> dict:
    return {
        "list": h.list_name, "list_id": h.list_id, "entry": h.entry, "entry_id": h.entry_id, "score": h.score,
        "explanation": h.explanation, "features": h.features, "matched_alias": h.matched_alias,
        "query_form": h.query_form, "method": h.method, "algorithm": h.algorithm, "program": h.program,
        "listed_on": h.listed_on, "citation": h.citation, "source": h.source, "source_date": h.source_date,
    }


SHOWN_BAD_LINES = 20  # then a count: a file of thousands of bad lines would bury the results


def _screen_file(source: NamesFile, db: Path | None, entries, threshold: float, country: str | None,
                 fmt: str) -> None:
    """Screen a file's names with one matcher, streamed; print the results as for names given, then the
    lines not screened as FILE:LINE on stderr (exit 3). A file without a single name is exit 4."""
    from techties.screen.match import Matcher

    _use_warehouse_ror(db)
    matcher = Matcher(entries, threshold=threshold)
    results: list[dict] = []
    bad: list[BadLine] = []
    n_bad = 0
    for item in source:
        if isinstance(item, BadLine):
            n_bad += 1
            if len(bad) < SHOWN_BAD_LINES:
                bad.append(item)
            continue
        hits = matcher.screen(query_text(item.name), item.country or country)
        results.append({"query": item.name, "hits": [_hit_json(h) for h in hits]})
    if not results and not n_bad:
        raise InputError(f"{source.label}: no names to screen (an empty file, or only blank lines)")
    _print_results(results, fmt)
    if n_bad:
        for b in bad:
            message(f"{source.label}:{b.line}: {b.why}")
        more = f" ({n_bad - len(bad)} more not shown)" if n_bad > len(bad) else ""
        message(f"{source.label}: {n_bad} line{'s' if n_bad != 1 else ''} not screened{more}, "
                f"{len(results)} name{'s' if len(results) != 1 else ''} screened")
        raise typer.Exit(EXIT_QUARANTINED)


def _print_results(results: list[dict], fmt: str) -> None:
    """The hits in the asked format: JSON a list of {query, hits} in order, CSV one row per hit."""
    if fmt == "json":
        sys.stdout.write(json_text(results) + "\n")
    elif fmt == "csv":
        emit(HIT_COLUMNS, [{"query": r["query"], **h} for r in results for h in r["hits"]], "csv")
    else:
        _print_table(results)


def _print_table(results: list[dict]) -> None:
    """One table per query; names from the lists and the query are literal text (`terminal.rich_table`)."""
    console = out()
    for r in results:
        rows = [(f"{h['score']:.2f}", f"{h['list']}\n{h['citation'] or h['source']}\nlist as of "
                 f"{h['source_date'] or '?'}", h["entry"], h["explanation"]) for h in r["hits"]]
        console.print(rich_table(f"{r['query']}: {len(r['hits'])} hit(s)",
                                 ("score", "list (source, date)", "entry", "why"), rows, show_lines=True))


def _screen_warehouse(db: Path | None, entries, threshold: float, fmt: str) -> None:
    from techties.config import named_db
    from techties.screen.ror_names import rows_from_warehouse
    from techties.screen.store import screen_warehouse
    from techties.screen.structure import use_ror_rows
    from techties.warehouse.store import Warehouse

    with Warehouse(named_db(db)) as wh:
        use_ror_rows(rows_from_warehouse(wh.con) or None)
        run = wh.start_run("screen --warehouse", {"threshold": threshold},
                           [{"list": s} for s in sorted({e.source for e in entries})])
        counts = screen_warehouse(wh, entries, threshold)
        wh.finish_run(run, "ok", counts["subjects"], counts["hits"], 0)
    if fmt == "table":  # a status line, not data: stderr
        message(f"screened {counts['subjects']} subjects: {counts['hits']} hits ({counts['new']} new), "
                f"{counts['kept_decisions']} analyst decisions kept")
    elif fmt == "json":
        sys.stdout.write(json_text(counts) + "\n")
    else:
        emit(tuple(counts), [counts], fmt)
