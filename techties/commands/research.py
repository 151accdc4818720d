"""CLI: `techties research` — the country-pair research metrics."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, NoReturn

import typer

from techties.config import DB_HELP_READING, reading_db
from techties.errors import EXIT_USAGE, InputError, UsageError
from techties.metrics.export import (
    LONG_COLUMNS,
    LONG_PROVENANCE,
    long_provenance,
    print_result,
    result_json,
    result_long_rows,
    write_indicators,
    write_result,
)
from techties.metrics.indicators import compute_indicators
from techties.metrics.provenance import warehouse_provenance
from techties.metrics.query import build_query
from techties.metrics.research import compute_research
from techties.metrics.synthetic import query_indicator_synthetic, stored_synthetic, synthetic_per_row
from techties.terminal import check_format, emit, json_text, message, out, safe
from techties.warehouse import Warehouse


def research(
    pair: tuple[str, str] = typer.Option(..., "--pair", help="Two ISO country codes, e.g. --pair CN RU"),
    baseline: str | None = typer.Option(None, "--baseline", help="Baseline country, e.g. US (adds CN-US, RU-US; "
                                                                 "default: none)"),
    years: str | None = typer.Option(None, "--years", help="Year range, e.g. 2010-2019 (default: all years)"),
    area: str | None = typer.Option(
        None, "--area",
        help="ai (classifier scores), ai-fields (taxonomy), robotics, nlp… (classifier areas), or "
             "TAXONOMY:FIELD[|FIELD] (default: all works), e.g. "
             "'wos-wc:Computer Science, Artificial Intelligence', 'openalex-concept:Machine learning'"),
    language: str | None = typer.Option(None, "--language", help="Only works in this language (en, zh, ru, non-en; "
                                                                 "default: all)"),
    ai_threshold: float | None = typer.Option(None, "--ai-threshold",
                                              help="With --area ai: score threshold (default: the model's)"),
    china_scope: str = typer.Option(
        "mainland", "--china-scope",
        help="How Hong Kong, Macau and Taiwan count: mainland (each its own country, as ISO 3166), "
             "with-hk-mo (HK and MO count as CN), greater (HK, MO and TW count as CN)"),
    top: int = typer.Option(10, "--top", help="Rows in the top-N tables"),
    explain: bool = typer.Option(False, "--explain", help="List the work ids behind each cell"),
    output: Path | None = typer.Option(None, "--output", help="Write one CSV (+ Parquet) per table to this folder"),
    db: Path | None = typer.Option(None, "--db", help=DB_HELP_READING),
    parquet: Path | None = typer.Option(None, "--parquet",
                                        help="Read a Parquet export (`techties export`) instead of a warehouse"),
    spark: bool = typer.Option(False, "--spark", help="With --parquet: compute on a local Spark session "
                               "(pip install 'techties\\[spark]', Java 17+)"),
    fmt: str = typer.Option("table", "--format", help="table | csv (every cell: table,row,column,value, "
                                                       "then as_of,data,ai_model,techties_version) | json"),
) -> None:
    """Co-authored works of a country pair: yearly counts, growth, shares, baselines, fields,
    institution pairs, companies, funders, citation impact, languages, listed institutions."""
    check_format(fmt)
    if parquet is not None and db is not None:
        _usage("give --db or --parquet, not both")
    if spark and parquet is None:
        _usage("--spark reads a Parquet export: add --parquet DIR (`techties export` writes one)")
    try:
        q = build_query(pair[0], pair[1], baseline=baseline, years=years, area=area, language=language,
                        china_scope=china_scope, top=top, ai_threshold=ai_threshold)
    except UsageError as exc:
        _usage(str(exc))
    if output is not None and output.exists() and not output.is_dir():
        from techties.commands.report import folder_for

        # checked before the tables are computed, as `report --out` is (it failed after printing them, exit 4)
        _usage(f"--output is a folder for the tables' CSV and Parquet files, not a file: {output} "
               f"(try --output {folder_for(output, '-tables')})")
    path = parquet if parquet is not None else reading_db(db)
    if not Path(path).exists():
        if parquet is not None:
            raise InputError(f"no Parquet export at {path}: `techties export --out {path}` writes one")
        raise InputError(f"no warehouse at {path}: run `techties ingest …` or `techties demo` first")
    if output is not None:  # made first: a place that cannot be written is said before the tables, not after them
        output.mkdir(parents=True, exist_ok=True)
    try:
        with _open(path, "spark" if spark else "parquet" if parquet is not None else "duckdb") as con:
            # the CSVs label each row's synthetic works, counted from the work ids behind it (a real warehouse
            # has none: --format csv then skips listing the ids)
            labelled = output is not None or (fmt == "csv" and stored_synthetic(con) > 0)
            result = compute_research(con, q, explain=explain or labelled)
            meta = {"query": q.__dict__, "command": "techties research", **warehouse_provenance(con)}
            synthetic = synthetic_per_row(con, result.tables) if labelled else None
            if output is not None:
                # the indicators' SQL uses DuckDB functions (case-insensitive regexp_matches, duckdb_columns):
                # with --spark they read the same export with DuckDB, so --output writes the same files
                with _open(path, "parquet") if spark else nullcontext(con) as duck:
                    indicators = compute_indicators(duck, q, result)
                    indicators_synthetic = query_indicator_synthetic(duck, q, result, indicators)
    except (ValueError, FileNotFoundError, RuntimeError) as exc:
        _usage(str(exc))
    if output is not None and (clash := files_in_the_way(result, output)):  # before anything is printed or written
        raise InputError(f"{output} holds {', '.join(clash[:3])}{' …' if len(clash) > 3 else ''} and no earlier "
                         "research output: not replaced (give an empty or new folder)")
    data = f"{'parquet' if parquet is not None else 'warehouse'} {path}"  # what was read, as every face says it
    if fmt == "json":
        sys.stdout.write(json_text(result_json(result, meta, explain=explain)) + "\n")
    elif fmt == "csv":
        emit((*LONG_COLUMNS, *LONG_PROVENANCE), result_long_rows(result, long_provenance(meta, data), synthetic),
             "csv")
        for note in result.notes:  # stdout is the data; SYNTHETIC and EMPTY were said nowhere in this format
            message(note)
    else:
        print_result(out(), result, explain=explain, output=output)
    message(f"as of {meta['as_of']} · {safe(data)}")  # messages on stderr: stdout is the data
    if output:
        files = [*write_result(result, output, meta, synthetic),
                 write_indicators(indicators, output, indicators_synthetic)]  # dated by provenance.json beside it
        message(f"wrote {len(files)} files to {safe(output)}")


def _usage(message: str) -> NoReturn:
    """One line on stderr, exit 2 (a message never spans lines, whatever it quotes)."""
    typer.echo("error: " + safe(" ".join(message.split())), err=True)
    raise typer.Exit(EXIT_USAGE)


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


def files_in_the_way(result: Any, output: Path) -> list[str]:
    """Files of `output` that `--output` would replace though it holds no earlier research output (a
    `provenance.json` of `techties research`): a user's own `summary.csv` in the folder (or in the current
    folder, `--output ""` of an unset variable) was overwritten without a word. As `report --out` refuses."""
    import json

    if not output.is_dir():
        return []
    try:
        earlier = json.loads((output / "provenance.json").read_text(encoding="utf-8")).get("command")
    except (OSError, ValueError, AttributeError):
        earlier = None
    if earlier == "techties research":
        return []
    names = [n for t in result.tables for n in (f"{t.name}.csv", f"{t.name}.parquet", f"{t.name}_explain.csv")]
    return [n for n in [*names, "provenance.json", "indicators.csv"] if (output / n).exists()]


def register(app: typer.Typer) -> None:
    app.command("research")(research)
