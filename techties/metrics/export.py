"""Metric tables out: Rich tables on the terminal, CSV (formula-safe) and Parquet files."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from techties.metrics.indicators import INDICATOR_COLUMNS, Indicator, indicator_row
from techties.metrics.research import MetricTable, ResearchResult
from techties.safety import write_csv


def print_table(console: Console, t: MetricTable, explain: bool = False, max_rows: int = 60) -> None:
    table = Table(title=t.title, title_justify="left", show_lines=False)
    for c in t.columns:
        table.add_column(c, overflow="fold")
    if explain and t.work_ids is not None:
        table.add_column("work ids", overflow="fold", style="dim")
    for i, row in enumerate(t.rows[:max_rows]):
        cells = ["" if v is None else str(v) for v in row]
        if explain and t.work_ids is not None:
            ids = t.work_ids[i]
            cells.append(", ".join(ids[:20]) + (f" … (+{len(ids) - 20})" if len(ids) > 20 else ""))
        table.add_row(*cells)
    console.print(table)
    if len(t.rows) > max_rows:
        console.print(f"[dim]… {len(t.rows) - max_rows} more rows in {t.name}.csv[/dim]")
    if t.note:
        console.print(f"[dim]{t.note}[/dim]")


def print_result(console: Console, result: ResearchResult, explain: bool = False) -> None:
    """Every table; the yearly one only for years with any co-authored work (the CSV keeps every year)."""
    for t in result.tables:
        if t.name == "yearly":
            active = {r[1] for r in t.rows if r[2]}
            keep = [i for i, r in enumerate(t.rows) if r[1] in active]
            t = MetricTable(t.name, t.title, t.columns, [t.rows[i] for i in keep],
                            [t.work_ids[i] for i in keep] if t.work_ids is not None else None, t.note)
        print_table(console, t, explain)
    for note in result.notes:
        console.print(note, style="bold" if note.startswith(("SYNTHETIC", "EMPTY")) else None, markup=False)


def write_result(result: ResearchResult, out: Path, meta: dict[str, object]) -> list[Path]:
    """One CSV and one Parquet file per table, `*_explain.csv` with the work ids behind each row,
    and `provenance.json` with the query, the snapshot dates and versions."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for t in result.tables:
        dicts = t.as_dicts()
        path = out / f"{t.name}.csv"
        write_csv(path, dicts, t.columns)
        written.append(path)
        arrays = {c: [r[i] for r in t.rows] for i, c in enumerate(t.columns)}
        pq.write_table(pa.table(arrays) if t.rows else pa.table({c: pa.array([], pa.string()) for c in t.columns}),
                       out / f"{t.name}.parquet")
        written.append(out / f"{t.name}.parquet")
        if t.work_ids is not None:
            rows = [{**d, "work_ids": " ".join(ids)} for d, ids in zip(dicts, t.work_ids, strict=True)]
            write_csv(out / f"{t.name}_explain.csv", rows, [*t.columns, "work_ids"])
            written.append(out / f"{t.name}_explain.csv")
    prov = out / "provenance.json"
    prov.write_text(json.dumps({**meta, "notes": result.notes}, indent=2, default=str))
    written.append(prov)
    return written


def write_indicators(indicators: list[Indicator], out: Path) -> Path:
    """`indicators.csv`: one row per indicator, columns id,name,value,denominator,trend,status,needs."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "indicators.csv"
    write_csv(path, [indicator_row(i) for i in indicators], list(INDICATOR_COLUMNS))
    return path
