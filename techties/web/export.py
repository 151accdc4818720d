"""The dashboard's downloads: each table of the page in the files the CLI writes.

Why here, and why so little: a download must say what the CLI's CSV says (`research --format csv`: the
provenance columns as_of, data, ai_model, techties_version on every row; the synthetic works behind each
row) and be escaped by the CLI's own writer (`techties.safety.csv_text`, formula-safe), so a title such as
`=HYPERLINK(…)` stays text in a spreadsheet. Nothing is computed here: the rows are metrics' tables and
the warehouse's records as the JSON API serves them; lists are only joined into one text cell.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from techties.metrics.export import (
    LONG_COLUMNS,
    LONG_PROVENANCE,
    result_long_rows,
    write_result,
)
from techties.metrics.research import ResearchResult
from techties.safety import csv_text

FORMATS = ("csv", "parquet")
RECORD_TABLES = ("shares", "indicators", "deals", "initiatives", "screening", "drill", "drill-indicator",
                 "drill-indicator-deals", "drill-indicator-initiatives")
# the columns of the deals and initiatives an indicator's drill-down lists (`app.records`), as the warehouse holds them
DRILL_RECORD_COLUMNS = {"deals": ("deal_id", "announced_on", "target", "target_country", "amount", "currency",
                                  "disclosed"),
                        "initiatives": ("initiative_id", "kind", "title", "started_on", "status")}
WORK_COLUMNS = ("work_id", "title", "year", "doi", "language", "cited_by_count", "source", "synthetic",
                "affiliations")
DEAL_COLUMNS = ("deal_id", "announced_on", "target", "target_country", "round", "amount", "currency", "disclosed",
                "sectors", "investors", "sources")
INITIATIVE_COLUMNS = ("id", "kind", "title", "started_on", "status", "sectors", "summary", "parties", "sources")
SHARE_COLUMNS = ("pair", "country", "column", "share_pct", "works", "denominator", "sources", "low", "high",
                 "share_low", "share_high", "reason")
HIT_COLUMNS = ("subject_kind", "subject_id", "subject", "list_id", "entry_id", "entry", "program",
               "entry_listed_on", "score", "matched_alias", "features", "explanation", "decision")


RECORD_PARAMETERS = {"drill": ("of", "row"), "drill-indicator": ("id",), "drill-indicator-deals": ("id",),
                     "drill-indicator-initiatives": ("id",)}  # what names a drill-down's records


def record_problem(table: str, given: set[str]) -> str | None:
    """The one line refusing a drill-down parameter given with a table that does not read it, or None."""
    reads = RECORD_PARAMETERS.get(table, ())
    for k in sorted(given - set(reads)):
        users = [t for t, ks in RECORD_PARAMETERS.items() if k in ks]
        return f"--{k} is read with table={users[0]} only, not with table {table[:40]!r}"
    return None


def research_table_csv(result: ResearchResult, name: str, stamp: Mapping[str, object],
                       synthetic: tuple[int, ...] | None) -> str:
    """One research table as `techties research --format csv` writes its rows (table, row, column, value, then
    the stamp), with the `synthetic_works` cell of `research --output` on each row that rests on synthetic works."""
    one = ResearchResult(result.query, [result.table(name)], result.notes)
    rows = result_long_rows(one, dict(stamp), {name: synthetic} if synthetic else None)
    return csv_text(rows, (*LONG_COLUMNS, *LONG_PROVENANCE))


def research_table_parquet(result: ResearchResult, name: str, meta: dict[str, object],
                           synthetic: tuple[int, ...] | None) -> bytes:
    """One research table as `techties research --output DIR` writes `NAME.parquet` (the same writer, into a
    folder of its own that is removed after)."""
    t = result.table(name)
    one = ResearchResult(result.query, [t], result.notes)
    with tempfile.TemporaryDirectory(prefix="techties-export-") as tmp:
        write_result(one, Path(tmp), meta, {name: synthetic} if synthetic else None)
        return (Path(tmp) / f"{name}.parquet").read_bytes()


def records_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], stamp: Mapping[str, object]) -> str:
    """Records with the stamp's provenance columns after their own, through the CLI's CSV writer."""
    return csv_text(({**r, **stamp} for r in rows), (*columns, *LONG_PROVENANCE))


def joined(items: Iterable[str]) -> str:
    """A list as one cell: '; ' between items, as the page shows them."""
    return "; ".join(items)


def work_row(w: Mapping[str, Any]) -> dict[str, Any]:
    """A work as the drill-down lists it (`app.works`), its affiliations in one cell."""
    affs = joined(f"{a['author'] or '?'} — {a['institution'] or '?'} ({a['country'] or '?'})"
                  for a in w.get("affiliations") or ())
    return {**{c: w.get(c) for c in WORK_COLUMNS}, "affiliations": affs}


def deal_row(d: Mapping[str, Any]) -> dict[str, Any]:
    """A deal of the deals panel (`/api/deals`), its sectors, investors and sources each in one cell."""
    return {**{c: d.get(c) for c in DEAL_COLUMNS}, "sectors": joined(d.get("sectors") or ()),
            "investors": joined(f"{i['name']} ({i['country'] or '?'})" for i in d.get("investors") or ()),
            "sources": joined(f"{s['title']} <{s['url']}>" if s.get("url") else str(s["title"])
                              for s in d.get("sources") or ())}


def initiative_row(i: Mapping[str, Any]) -> dict[str, Any]:
    """An initiative of the initiatives panel (`/api/initiatives`), parties and sources each in one cell."""
    return {**{c: i.get(c) for c in INITIATIVE_COLUMNS}, "sectors": joined(i.get("sectors") or ()),
            "parties": joined(p["label"] for p in i.get("parties") or ()),
            "sources": joined(f"{s['title']} <{s['url']}>" if s.get("url") else str(s["title"])
                              for s in i.get("sources") or ())}


def share_row(share: Any) -> dict[str, Any]:
    """A share with what it is out of (`metrics.denominators.ShareDenominator`), its sources in one cell."""
    return {**{c: getattr(share, c) for c in SHARE_COLUMNS}, "sources": joined(share.sources)}


def hit_row(x: Mapping[str, Any]) -> dict[str, Any]:
    """A screening hit (`metrics.screening.readable_hits`) with its 'why' in words, as the panel shows it."""
    why = x.get("why") or {}
    return {**{c: x.get(c) for c in HIT_COLUMNS}, "matched_alias": why.get("alias"),
            "features": why.get("features"), "explanation": why.get("explanation")}


def file_name(a: str, b: str, table: str, fmt: str) -> str:
    """The download's name: techties-CN-RU-yearly.csv; techties-screening.csv for the warehouse's hits, which are
    of no pair (the pair and table were validated: letters, digits, -_)."""
    return f"techties-{table}.{fmt}" if table == "screening" else f"techties-{a}-{b}-{table}.{fmt}"
