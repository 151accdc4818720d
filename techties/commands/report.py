"""CLI: `techties report` — the research brief regenerated as a self-contained HTML file,
Markdown, one CSV per table and the figures as SVG."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer

from techties.config import default_db
from techties.metrics.research import CHINA_SCOPES, ResearchQuery, parse_years
from techties.terminal import message


def report(
    pair: tuple[str, str] = typer.Option(..., "--pair", help="Two ISO country codes, e.g. --pair CN RU"),
    baseline: str | None = typer.Option(None, "--baseline", help="Baseline country, e.g. US"),
    area: str | None = typer.Option(None, "--area", help="ai (classifier; falls back to ai-fields when the "
                                    "warehouse has no scores, and says so), ai-fields, or TAXONOMY:FIELD"),
    years: str | None = typer.Option(None, "--years", help="Year range, e.g. 2010-2019"),
    language: str | None = typer.Option(None, "--language", help="Only works in this language (en, zh, non-en…)"),
    china_scope: str = typer.Option("mainland", "--china-scope", help=", ".join(CHINA_SCOPES)),
    top: int = typer.Option(10, "--top", help="Rows in the top-N tables"),
    out: Path = typer.Option(..., "--out", help="Folder to write brief.html, report.md, CSVs and SVGs to"),
    db: Path | None = typer.Option(None, "--db", help="Warehouse file (default: ~/.techties/warehouse.duckdb)"),
) -> None:
    """Write the brief for a country pair: figures, tables, indicators to watch, provenance."""
    from techties.report.brief import build_brief, write_brief
    from techties.warehouse import Warehouse

    if out.suffix.lower() in (".html", ".htm", ".md") or out.is_file():
        message(f"error: --out is a folder for brief.html, report.md and the CSV/SVG files, not a file: {out}"
                f" (try --out {out.with_suffix('')})")
        raise typer.Exit(2)
    path = db or default_db()
    if not Path(path).exists():
        message(f"error: no warehouse at {path}: run `techties ingest …` or `techties demo` first")
        raise typer.Exit(4)
    if china_scope not in CHINA_SCOPES:
        message(f"error: --china-scope must be one of {', '.join(CHINA_SCOPES)}")
        raise typer.Exit(2)
    command = "techties " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    try:
        q = ResearchQuery(a=pair[0].upper(), b=pair[1].upper(), baseline=baseline.upper() if baseline else None,
                          years=parse_years(years), area=area, language=language, china_scope=china_scope, top=top)
        with Warehouse(path, read_only=True) as wh:
            brief = build_brief(wh.con, q, command=command)
    except ValueError as exc:
        message(f"error: {exc}")
        raise typer.Exit(2) from None
    if brief.area_note:
        message(f"note: {brief.area_note}")
    files = write_brief(brief, out)
    message(f"wrote {len(files)} files to {out} (open {out / 'brief.html'})")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("report")(report)
