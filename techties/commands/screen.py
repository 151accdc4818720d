"""CLI: screen names, or the whole warehouse, against restricted-party lists (registered by techties.cli).

    techties screen "NAME" ["NAME"…] [--country CN] [--format table|csv|json] [--list PATH…] [--threshold X]
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

import math
import re
import sys
from pathlib import Path

import typer

from techties.config import DB_HELP
from techties.errors import EXIT_INPUT, UsageError
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

        Exit status: 0 screened (hits or none); 2 wrong usage (an empty name or one without a letter or
        digit, a name that is a file's path, names beside --warehouse, a bad --country, --threshold or
        --format, a --list file of no known format); 4 a --list file missing or not UTF-8 text, a --list
        folder without EU Official Journal CSVs, --list csl before `techties lists update`, --list eu not
        found, no warehouse at --db."""
        from techties.screen.lists import NAMED, ListFormatError, ListUnreadableError, load_lists
        from techties.screen.match import DEFAULT_THRESHOLD, Matcher

        check_format(fmt)
        th = screening_threshold(threshold)
        cc = country_option(country)
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
        if not names:
            typer.echo("error: give names to screen, or --warehouse", err=True)
            raise typer.Exit(2)
        texts = [query_text(n) for n in names]  # matched; the output keeps the query as given (escaped)
        blank = [k for k, n in enumerate(texts, 1) if not n.strip()]
        if blank:  # "0 hit(s)" for an empty name (an unset "$NAME") read as a clean result
            typer.echo(f"error: name {blank[0]} of {len(names)} is empty: nothing to screen", err=True)
            raise typer.Exit(2)
        wordless = [k for k, n in enumerate(texts, 1) if not any(c.isalnum() for c in n)]
        if wordless:  # "!!!" or "—" matched nothing and printed "0 hit(s)": a clean result it is not
            typer.echo(f"error: name {wordless[0]} of {len(names)} has no letter or digit: nothing to screen",
                       err=True)
            raise typer.Exit(2)
        files = [k for k, n in enumerate(names, 1) if ("/" in n or Path(n).suffix) and Path(n).is_file()]
        if files:  # the words "institutions.csv" hit nothing: "0 hit(s)" for a list never screened
            name = names[files[0] - 1]
            typer.echo(f"error: name {files[0]} of {len(names)} is the file {safe(name)}, not a name: `techties "
                       f"screen` takes the names themselves (one file's lines: xargs -d '\\n' techties screen < "
                       f"{safe(name)})", err=True)
            raise typer.Exit(2)
        _use_warehouse_ror(db)
        matcher = Matcher(entries, threshold=th)
        results = [{"query": n, "hits": [_hit_json(h) for h in matcher.screen(t, cc)]}
                   for n, t in zip(names, texts, strict=True)]
        if fmt == "json":
            sys.stdout.write(json_text(results) + "\n")
        elif fmt == "csv":
            emit(HIT_COLUMNS, [{"query": r["query"], **h} for r in results for h in r["hits"]], "csv")
        else:
            _print_table(results)

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


def screening_threshold(value: float | None) -> float | None:
    """`--threshold`: a finite score in [0, 1]. `nan` would silently match nothing (every comparison with
    NaN is false), `-1` everything: both are usage errors (exit 2)."""
    if value is not None and not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise UsageError(f"--threshold must be a number between 0 and 1, not {value}")
    return value


_TERMINAL_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def query_text(name: str) -> str:
    """The text matched for a name: as typed, less terminal escape sequences (colour codes pasted from
    a terminal: "\\x1b[1mHarbin…" left "[1m" glued to the first word, and the listed name went unfound).
    Other control and invisible characters are the matcher's to fold; the output shows the name as given."""
    return _TERMINAL_ESCAPE.sub("", name)


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
