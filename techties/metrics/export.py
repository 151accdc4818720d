"""Metric tables out: Rich tables on the terminal, CSV (formula-safe) and Parquet files."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console
from rich.text import Text

from techties.metrics.indicators import INDICATOR_COLUMNS, Indicator, indicator_row
from techties.metrics.research import MetricTable, ResearchResult
from techties.safety import write_csv
from techties.terminal import rich_table, safe


def print_table(console: Console, t: MetricTable, explain: bool = False, max_rows: int = 60,
                output: Path | None = None) -> None:
    """One metric table; every cell, title and note is literal text (`terminal.cell`): names from the data
    such as `[/bold] x` or `[link=…]` stay text, control characters are shown escaped. Rows past `max_rows`
    are pointed to in the CSV of `output`, or, where none is written, to the option that writes one."""
    columns = [*t.columns, *(["work ids"] if explain and t.work_ids is not None else [])]
    rows = []
    for i, row in enumerate(t.rows[:max_rows]):
        cells = list(row)
        if explain and t.work_ids is not None:
            ids = t.work_ids[i]
            cells.append(", ".join(ids[:20]) + (f" … (+{len(ids) - 20})" if len(ids) > 20 else ""))
        rows.append(cells)
    console.print(rich_table(t.title, columns, rows, show_lines=False))
    if (more := len(t.rows) - max_rows) > 0:
        rows_text = f"{more} more row{'s' if more != 1 else ''}"
        where = (f"in {safe(str(output / (t.name + '.csv')))}" if output is not None else
                 f"not shown: `techties research … --output DIR` writes them all to {t.name}.csv")
        console.print(Text(f"… {rows_text} {where}", style="dim"))
    if t.note:
        console.print(Text(safe(t.note, one_line=False), style="dim"))


def displayed_tables(result: ResearchResult) -> list[MetricTable]:
    """The tables as shown: the yearly one only for years with any co-authored work (the CSV files keep
    every year)."""
    shown = []
    for t in result.tables:
        if t.name == "yearly":
            active = {r[1] for r in t.rows if r[2]}
            keep = [i for i, r in enumerate(t.rows) if r[1] in active]
            t = MetricTable(t.name, t.title, t.columns, [t.rows[i] for i in keep],
                            [t.work_ids[i] for i in keep] if t.work_ids is not None else None, t.note)
        shown.append(t)
    return shown


def print_result(console: Console, result: ResearchResult, explain: bool = False, output: Path | None = None) -> None:
    """Every table as `displayed_tables` gives them, then the notes; `output`: the folder its CSVs go to. An
    EMPTY note comes first too: after 300 rows of zeros (`--years 1800-1900`) the reason was off the screen."""
    for note in result.notes:
        if note.startswith("EMPTY"):
            console.print(Text(safe(note, one_line=False), style="bold"))
    for t in displayed_tables(result):
        print_table(console, t, explain, output=output)
    for note in result.notes:
        console.print(Text(safe(note, one_line=False), style="bold" if note.startswith(("SYNTHETIC", "EMPTY")) else ""))


def result_json(result: ResearchResult, meta: dict[str, object], explain: bool = False) -> dict[str, object]:
    """The whole result as one JSON object (`--format json`): every table with its rows as objects, the notes
    and the provenance."""
    tables = []
    for t in result.tables:
        item: dict[str, object] = {"name": t.name, "title": t.title, "columns": list(t.columns),
                                   "rows": t.as_dicts(), "note": t.note}
        if explain and t.work_ids is not None:
            item["work_ids"] = t.work_ids
        tables.append(item)
    return {"tables": tables, "notes": list(result.notes), "provenance": meta}


LONG_COLUMNS = ("table", "row", "column", "value")
LONG_PROVENANCE = ("as_of", "data", "ai_model", "techties_version")  # after the cells, on every row


def long_provenance(meta: dict[str, object], data: str) -> dict[str, object]:
    """What every row of the long CSV states, as `investments --format csv` does: a CSV saved to a file kept
    no word of its date or versions (they went to stderr)."""
    versions = meta.get("versions") or {}
    return {"as_of": meta.get("as_of") or "unknown", "data": data,
            "ai_model": ", ".join(meta.get("ai_model_versions") or []) or "none",  # type: ignore[arg-type]
            "techties_version": versions.get("techties") if isinstance(versions, dict) else None}


def result_long_rows(result: ResearchResult, stamp: dict[str, object] | None = None,
                     synthetic: Mapping[str, tuple[int, ...]] | None = None) -> list[dict[str, object]]:
    """Every cell of every table as one row (`--format csv`): tables differ in columns, so one CSV with a
    single header holds them in long form (table, row number, column, value), then `stamp` (LONG_PROVENANCE).
    `synthetic` (table name -> synthetic works per row, `metrics.synthetic.synthetic_per_row`) adds each row's
    `synthetic_works` cell where any work behind the table is synthetic, as `--output` adds the column: the
    CSV said SYNTHETIC on stderr only, so a saved file passed demo counts for real ones."""
    out: list[dict[str, object]] = []
    for t in result.tables:
        columns, rows = with_synthetic_column(t, (synthetic or {}).get(t.name))
        out += [{"table": t.name, "row": i, "column": c, "value": v, **(stamp or {})}
                for i, row in enumerate(rows, 1) for c, v in zip(columns, row, strict=True)]
    return out


def with_synthetic_column(t: MetricTable, per_row: tuple[int, ...] | None) -> tuple[list[str], list[tuple]]:
    """The table's columns and rows, with `synthetic_works` (the brief's column: synthetic works behind each
    row) added when any work behind it is synthetic: a CSV opened alone must not pass a demo count for a real one."""
    if not per_row or not any(per_row) or "synthetic_works" in t.columns:
        return list(t.columns), list(t.rows)
    return [*t.columns, "synthetic_works"], [(*r, n) for r, n in zip(t.rows, per_row, strict=True)]


def write_result(result: ResearchResult, out: Path, meta: dict[str, object],
                 synthetic: dict[str, tuple[int, ...]] | None = None) -> list[Path]:
    """One CSV and one Parquet file per table, `*_explain.csv` with the work ids behind each row,
    and `provenance.json` with the query, the snapshot dates and versions (also in each Parquet file's
    key-value metadata, `techties_provenance`). `synthetic`: table name ->
    synthetic works per row (`metrics.synthetic.synthetic_count`), written as the `synthetic_works` column."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    stamped = json.dumps({**meta, "notes": result.notes}, default=str)
    for t in result.tables:
        columns, rows = with_synthetic_column(t, (synthetic or {}).get(t.name))
        dicts = [dict(zip(columns, r, strict=True)) for r in rows]
        path = out / f"{t.name}.csv"
        write_csv(path, dicts, columns)
        written.append(path)
        arrays = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
        table = pa.table(arrays) if rows else pa.table({c: pa.array([], pa.string()) for c in columns})
        # the file says what it rests on when it travels alone (the dashboard hands it out as a download)
        pq.write_table(table.replace_schema_metadata({"techties_provenance": stamped}), out / f"{t.name}.parquet")
        written.append(out / f"{t.name}.parquet")
        if t.work_ids is not None:
            explained = [{**d, "work_ids": " ".join(ids)} for d, ids in zip(dicts, t.work_ids, strict=True)]
            write_csv(out / f"{t.name}_explain.csv", explained, [*columns, "work_ids"])
            written.append(out / f"{t.name}_explain.csv")
    prov = out / "provenance.json"
    prov.write_text(json.dumps(json.loads(stamped), indent=2))
    written.append(prov)
    return written


def indicator_csv(indicators: list[Indicator], synthetic: Mapping[str, Any] | None = None,
                  stamp: Mapping[str, object] | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """indicators.csv's rows and columns, one writer for `research --output` and the brief: id, name, value,
    denominator, trend, status, needs; then `synthetic_works` (the synthetic works behind each indicator,
    `metrics.synthetic.indicator_synthetic`; 0 for one resting on none, or on deals and initiatives) when any
    indicator rests on them; then `stamp` (as_of, data, ai_model, techties_version) on every row.

    Why: the brief's page marks such an indicator SYNTHETIC and its stamp dates it; a CSV opened alone said
    neither (research --output's indicators.csv had no synthetic column, no date, no version)."""
    rows = [indicator_row(i) for i in indicators]
    columns = list(INDICATOR_COLUMNS)
    synthetic = synthetic or {}
    if any(getattr(c, "synthetic", 0) for c in synthetic.values()):
        columns.append("synthetic_works")
        for row in rows:
            count = synthetic.get(row["id"])
            row["synthetic_works"] = count.synthetic if count is not None else 0
    if stamp:
        rows, columns = [{**r, **stamp} for r in rows], [*columns, *stamp]
    return rows, columns


def write_indicators(indicators: list[Indicator], out: Path, synthetic: Mapping[str, Any] | None = None,
                     stamp: Mapping[str, object] | None = None) -> Path:
    """`indicators.csv` (`indicator_csv`) in the folder `out`."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "indicators.csv"
    write_csv(path, *indicator_csv(indicators, synthetic, stamp))
    return path
