"""The watch result as JSON, as a terminal table and as a Markdown digest. Every text that came
from data (names, messages, record ids) is escaped for its medium: no terminal control sequence,
Rich markup, Markdown or HTML gets through."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from techties.metrics.synthetic import works_phrase
from techties.watch.model import Alert, Change
from techties.watch.run import WatchResult

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# inline Markdown that could change what a text means: emphasis, code, links/images, tables, strike
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def plain(text: object) -> str:
    """Text with control characters (ESC, BEL, bidi overrides…) shown as \\xNN instead of acted on."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        str(text))


def terminal(text: object) -> str:
    """Safe to print through Rich: no control characters, no markup."""
    return escape(plain(text))


def markdown(text: object) -> str:
    """Safe inside a Markdown paragraph or table cell (never at a line's start): HTML-escaped, inline
    Markdown punctuation backslashed, on one line."""
    t = plain(text).replace("\n", " ").replace("\r", " ")
    t = t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", t)


SHOWN_RECORDS = 50  # records listed per alert in the terminal and the digest; `--format json` lists them all
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(obj: Any) -> str:
    """JSON with non-ASCII text kept readable, but C1 controls and bidi overrides written as \\uXXXX
    escapes (the same data; a terminal showing it cannot be made to reorder or act on it)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(obj, ensure_ascii=False))


def records_text(records: Sequence[str], escape: Callable[[str], str] = str, sep: str = " ",
                 limit: int = SHOWN_RECORDS) -> str:
    """The first `limit` record ids, escaped for the medium, then "and N more" if there are more."""
    more = len(records) - limit
    return sep.join(escape(r) for r in records[:limit]) + (f" and {more} more" if more > 0 else "")


def number(v: float | None) -> str:
    if v is None:
        return "n/a"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.4g}"


def with_unit(v: float | None, unit: str) -> str:
    """25 works → "25", 0.95 pct → "0.95%", 860000000 usd → "$860,000,000"."""
    if v is None:
        return "n/a"
    if unit == "pct":
        return number(v) + "%"
    if unit == "usd":
        return ("-$" if v < 0 else "$") + number(abs(v))
    return number(v)


def value_text(c: Change) -> str:
    """The value with what it is out of, as the brief writes it: "69 (of 77)"; a bare 69 read as 69 of nothing."""
    of = f" (of {number(c.denominator)})" if c.denominator is not None and c.value is not None else ""
    return with_unit(c.value, c.unit) + of


def change_text(c: Change) -> str:
    """"+20 (+400.0%)"; "0" when nothing moved; "new" when there is no previous value."""
    if c.change is None:
        return "new" if c.previous is None and c.value is not None else ""
    if c.change == 0:
        return "0"
    points = " points" if c.unit == "pct" else ""
    pct = "" if c.change_pct is None or c.unit == "pct" else f" ({c.change_pct:+.1f}%)"
    sign = "+" if c.change > 0 else "-"
    return f"{sign}{with_unit(abs(c.change), 'usd' if c.unit == 'usd' else '')}{points}{pct}"


def json_number(v: float | None) -> float | int | None:
    """25.0 → 25 (counts read as counts), 0.25 stays 0.25."""
    return int(v) if v is not None and float(v).is_integer() else v


def indicator_json(c: Change) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "value": json_number(c.value), "previous": json_number(c.previous),
            "change": json_number(c.change),
            "change_pct": None if c.change_pct is None else json_number(round(c.change_pct, 4)), "status": c.status,
            "unit": c.unit, "denominator": json_number(c.denominator)}


def alert_json(a: Alert) -> dict[str, Any]:
    return {"rule": a.rule, "indicator": a.indicator, "message": a.message, "value": json_number(a.value),
            "previous": json_number(a.previous), "records": list(a.records)}


def as_json(result: WatchResult) -> dict[str, Any]:
    """Exactly `{"indicators": [...], "alerts": [...]}` (the snapshot's details go to the terminal)."""
    def syn(i: str) -> dict[str, int] | None:
        s, n = result.synthetic.get(i, (0, 0))
        return {"works": n, "synthetic": s} if s else None
    return {"indicators": [{**indicator_json(c), "synthetic": syn(c.id)} for c in result.changes],
            "alerts": [alert_json(a) for a in result.alerts]}


def synthetic_text(result: WatchResult) -> str:
    """'SYNTHETIC (generated, not real): all 100 works behind pair_works; …' ('' when none): a synthetic count is
    no real figure."""
    parts = [f"{works_phrase(s, n)} behind {k}" for k, (s, n) in result.synthetic.items()]
    return ("SYNTHETIC (generated, not real): " + "; ".join(parts)) if parts else ""


def print_table(console: Console, result: WatchResult) -> None:
    snap = result.snapshot
    prev = result.previous
    title = (f"{terminal(snap.scope.label)} · snapshot {snap.seq} of {terminal(snap.taken_at)} · data as of "
             f"{terminal(snap.as_of or 'unknown')}")
    table = Table(title=title, title_justify="left")
    for col, just in (("id", "left"), ("indicator", "left"), ("value", "right"), ("previous", "right"),
                      ("change", "right"), ("status", "left")):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for c in result.changes:
        table.add_row(terminal(c.id), terminal(c.name), terminal(value_text(c)), with_unit(c.previous, c.unit),
                      terminal(change_text(c)), terminal(c.status))
    console.print(table)
    if result.empty:
        console.print(f"[bold]{terminal(result.empty)}[/bold]")
    if result.versions:
        console.print(terminal(result.versions))
    if said := synthetic_text(result):
        console.print(terminal(said))
    for i in snap.indicators:
        if i.status == "needs-data" and i.needs:
            console.print(f"[dim]{terminal(i.id)} needs: {terminal(i.needs)}[/dim]")
    if prev is None:
        console.print("first snapshot of this scope: the baseline for the next run (no alerts)")
    else:
        console.print(f"compared with snapshot {prev.seq} of {terminal(prev.taken_at)}")
    if not result.alerts and prev is not None:
        console.print("no alerts")
    for a in result.alerts:
        console.print(f"[bold]ALERT[/bold] {terminal(a.rule)}: {terminal(a.message)}")
        if a.records:
            console.print("  records: " + records_text(a.records, terminal), soft_wrap=True)


def markdown_digest(result: WatchResult) -> str:
    """A short digest to paste into a note or send by mail."""
    snap, prev = result.snapshot, result.previous
    lines = [f"# techties watch: {markdown(snap.scope.label)}", "",
             f"Snapshot {snap.seq} taken {markdown(snap.taken_at)}, data as of {markdown(snap.as_of or 'unknown')}"
             + (f"; compared with snapshot {prev.seq} of {markdown(prev.taken_at)}." if prev else
                "; the first snapshot of this scope (no comparison)."), "",
             *([f"**{markdown(result.empty)}**", ""] if result.empty else []),
             *([markdown(result.versions), ""] if result.versions else []),
             f"## Alerts ({len(result.alerts)})", ""]
    if not result.alerts:
        lines.append("None.")
    for a in result.alerts:
        lines.append(f"- **{markdown(a.rule)}** ({markdown(a.indicator)}): {markdown(a.message)}")
        if a.records:
            lines.append(f"  - records: {records_text(a.records, markdown, ', ')}")
    lines += ["", "## Indicators", "", "| id | indicator | value | previous | change | status |",
              "| --- | --- | ---: | ---: | ---: | --- |"]
    for c in result.changes:
        lines.append(f"| {markdown(c.id)} | {markdown(c.name)} | {markdown(value_text(c))} | "
                     f"{markdown(with_unit(c.previous, c.unit))} | {markdown(change_text(c))} | {markdown(c.status)} |")
    if said := synthetic_text(result):
        lines += ["", f"**{markdown(said)}**"]
    if result.skipped:
        lines += ["", "## Rules not applied", ""] + [f"- {markdown(s)}" for s in result.skipped]
    return "\n".join(lines) + "\n"
