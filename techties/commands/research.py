"""CLI: `techties research` — the country-pair research metrics."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from techties.config import reading_db
from techties.metrics.export import print_result, write_result
from techties.metrics.provenance import warehouse_provenance
from techties.metrics.research import CHINA_SCOPES, ResearchQuery, compute_research, parse_years
from techties.warehouse import Warehouse

err = Console(stderr=True)


def research(
    pair: tuple[str, str] = typer.Option(..., "--pair", help="Two ISO country codes, e.g. --pair CN RU"),
    baseline: str | None = typer.Option(None, "--baseline", help="Baseline country, e.g. US (adds CN-US, RU-US)"),
    years: str | None = typer.Option(None, "--years", help="Year range, e.g. 2010-2019 (default: all years)"),
    area: str | None = typer.Option(
        None, "--area",
        help="ai (classifier scores), ai-fields (taxonomy), or TAXONOMY:FIELD[|FIELD] e.g. "
             "'wos-wc:Computer Science, Artificial Intelligence', 'openalex-concept:Machine learning'"),
    language: str | None = typer.Option(None, "--language", help="Only works in this language (en, zh, ru, non-en)"),
    ai_threshold: float | None = typer.Option(None, "--ai-threshold",
                                              help="With --area ai: score threshold (default: the model's)"),
    china_scope: str = typer.Option(
        "mainland", "--china-scope",
        help="How Hong Kong, Macau and Taiwan count: mainland (each its own country, as ISO 3166), "
             "with-hk-mo (HK and MO count as CN), greater (HK, MO and TW count as CN)"),
    top: int = typer.Option(10, "--top", help="Rows in the top-N tables"),
    explain: bool = typer.Option(False, "--explain", help="List the work ids behind each cell"),
    output: Path | None = typer.Option(None, "--output", help="Write one CSV (+ Parquet) per table to this folder"),
    db: Path | None = typer.Option(None, "--db", help="Warehouse file (default: ~/.techties/warehouse.duckdb)"),
    parquet: Path | None = typer.Option(None, "--parquet",
                                        help="Read a Parquet export (`techties export`) instead of a warehouse"),
    spark: bool = typer.Option(False, "--spark", help="With --parquet: compute on a local Spark session "
                               "(pip install 'techties[spark]', Java 17+)"),
) -> None:
    """Co-authored works of a country pair: yearly counts, growth, shares, baselines, fields,
    institution pairs, companies, funders, citation impact, languages, listed institutions."""
    if china_scope not in CHINA_SCOPES:
        err.print(f"error: --china-scope must be one of {', '.join(CHINA_SCOPES)}")
        raise typer.Exit(2)
    if parquet is not None and db is not None:
        err.print("error: give --db or --parquet, not both")
        raise typer.Exit(2)
    if spark and parquet is None:
        err.print("error: --spark reads a Parquet export: add --parquet DIR (`techties export` writes one)")
        raise typer.Exit(2)
    path = parquet if parquet is not None else reading_db(db)
    if not Path(path).exists():
        err.print(f"error: no warehouse at {path}: run `techties ingest …` or `techties demo` first")
        raise typer.Exit(4)
    try:
        q = ResearchQuery(a=pair[0].upper(), b=pair[1].upper(), baseline=baseline.upper() if baseline else None,
                          years=parse_years(years), area=area, language=language, ai_threshold=ai_threshold,
                          china_scope=china_scope, top=top)
        with _open(path, "spark" if spark else "parquet" if parquet is not None else "duckdb") as con:
            result = compute_research(con, q, explain=explain or output is not None)
            meta = {"query": q.__dict__, "command": "techties research", **warehouse_provenance(con)}
    except (ValueError, FileNotFoundError, RuntimeError) as exc:
        err.print(f"error: {exc}")
        raise typer.Exit(2) from None
    console = Console()
    print_result(console, result, explain=explain)
    console.print(f"[dim]as of {meta['as_of']} · warehouse {path}[/dim]")
    if output:
        files = write_result(result, output, meta)
        console.print(f"wrote {len(files)} files to {output}")


@contextmanager
def _open(path: Path, engine: str) -> Iterator[Any]:
    """Where the metrics' SQL runs: the warehouse, DuckDB views over a Parquet export, or Spark over it."""
    if engine == "duckdb":
        with Warehouse(path, read_only=True) as wh:
            yield wh.con
        return
    if engine == "spark":
        from techties.warehouse.spark import open_spark_parquet

        con: Any = open_spark_parquet(path)
    else:
        from techties.warehouse.parquet import open_parquet

        con = open_parquet(path)
    try:
        yield con
    finally:
        con.close()


def register(app: typer.Typer) -> None:
    app.command("research")(research)
