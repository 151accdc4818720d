"""CLI: `techties report` — the research brief regenerated as a self-contained HTML file,
Markdown, one CSV per table and the figures as SVG."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer

from techties.config import DB_HELP_READING, reading_db
from techties.errors import TechtiesError, UsageError
from techties.metrics.research import CHINA_SCOPES
from techties.terminal import message

RULE_HELP = ("How a deal's value is credited to countries: whole (default: each investor country gets the whole "
             "round), equal-split (divided among the investors), look-through (equal split, joint funds passed "
             "through to their owners)")


def report(
    pair: tuple[str, str] = typer.Option(..., "--pair", help="Two ISO country codes, e.g. --pair CN RU"),
    baseline: str | None = typer.Option(None, "--baseline", help="Baseline country, e.g. US (default: none)"),
    area: str | None = typer.Option(None, "--area", help="ai (classifier; falls back to ai-fields when the "
                                    "warehouse has no scores, and says so), ai-fields, or TAXONOMY:FIELD"),
    years: str | None = typer.Option(None, "--years", help="Year range, e.g. 2010-2019 (default: all years)"),
    language: str | None = typer.Option(None, "--language", help="Only works in this language (en, zh, non-en…; "
                                                                 "default: all)"),
    china_scope: str = typer.Option("mainland", "--china-scope", help=", ".join(CHINA_SCOPES)),
    top: int = typer.Option(10, "--top", help="Rows in the top-N tables"),
    rule: str = typer.Option("whole", "--rule", help=RULE_HELP),
    out: Path = typer.Option(..., "--out", help="Folder to write brief.html, report.md, CSVs and SVGs to"),
    db: Path | None = typer.Option(None, "--db", help=DB_HELP_READING),
) -> None:
    """Write the brief for a country pair: figures, tables, indicators to watch, sources, provenance."""
    from techties.metrics.investment import check_rule
    from techties.metrics.query import build_query
    from techties.report.brief import build_brief, files_in_the_way, write_brief
    from techties.warehouse import Warehouse

    if out == Path():  # `--out ""` (an unset $VAR) or `--out .`: the brief's 24 files went into the current folder
        _say("error: --out names the brief's own folder, e.g. --out brief (it is not written into the current "
             "folder)")
        raise typer.Exit(2)
    if out.suffix.lower() in (".html", ".htm", ".md") or out.is_file():
        _say(f"error: --out is a folder for brief.html, report.md and the CSV/SVG files, not a file: {out}"
             f" (try --out {folder_for(out)})")
        raise typer.Exit(2)
    try:
        check_rule(rule)
    except UsageError as exc:
        _say(f"error: {exc}")
        raise typer.Exit(exc.exit_code) from None
    command = "techties " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    try:
        q = build_query(pair[0], pair[1], baseline=baseline, years=years, area=area, language=language,
                        china_scope=china_scope, top=top)
    except TechtiesError as exc:
        _say(f"error: {exc}")
        raise typer.Exit(exc.exit_code) from None
    path = reading_db(db)
    if not Path(path).exists():
        _say(f"error: no warehouse at {path}: run `techties ingest …` or `techties demo` first")
        raise typer.Exit(4)
    try:
        with Warehouse(path, read_only=True) as wh:
            brief = build_brief(wh.con, q, command=command, rule=rule)
    except TechtiesError as exc:
        _say(f"error: {exc}")
        raise typer.Exit(exc.exit_code) from None
    except ValueError as exc:
        _say(f"error: {exc}")
        raise typer.Exit(2) from None
    clash = files_in_the_way(brief, out)
    if clash:
        _say(f"error: {out} holds {', '.join(clash[:3])}{' …' if len(clash) > 3 else ''} and no earlier brief:"
             " not replaced (give an empty or new folder)")
        raise typer.Exit(4)
    if brief.area_note:
        _say(f"note: {brief.area_note}")
    files = write_brief(brief, out)
    _say(f"wrote {len(files)} files to {out} (open {out / 'brief.html'})")


def folder_for(out: Path, added: str = "-brief") -> Path:
    """A folder name to suggest for an --out that names a file: its name without the suffix, or with
    `added` where that is the same name or taken by a file (`--out notes` of a file `notes`)."""
    plain = out.with_suffix("")
    return plain if plain != out and not plain.is_file() else out.with_name(out.name.replace(".", "-") + added)


def _say(line: str) -> None:
    """One line on stderr, never wrapped (rich would wrap at the terminal's width)."""
    message(" ".join(line.split()))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("report")(report)
