"""Queries over the initiatives map: filters, flat rows for export, and a timeline.

Why: analysts ask "which joint labs since 2018", "what involves Huawei", "how many initiatives per
year and kind" — and the report draws the timeline. Initiatives come from the curated YAML
(techties.sources.curated), so these are plain functions over typed records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from techties.sources.curated import CuratedData, Initiative

__all__ = ["filter_initiatives", "empty_note", "initiative_rows", "timeline", "INITIATIVE_COLUMNS"]

INITIATIVE_COLUMNS = ("id", "kind", "area", "title", "started_on", "status", "sectors", "parties",
                      "countries", "amount", "currency", "sources", "summary")


def _countries(item: Initiative, data: CuratedData) -> set[str]:
    return {data.ultimate_parent(p.org).country for p in item.parties} | {data.org(p.org).country for p in item.parties}


def filter_initiatives(
    data: CuratedData, kind: str | None = None, sector: str | None = None, since: str | None = None,
    country: str | None = None, status: str | None = None,
) -> list[Initiative]:
    """Initiatives matching every given filter (kind and status exact, sector by substring; all case-insensitive).

    `since` (YYYY, YYYY-MM or YYYY-MM-DD) keeps initiatives started on or after it; initiatives with
    no known date are left out when `since` is given. `country` is an ISO alpha-2 code of a party
    (or of a party's ultimate parent).
    """
    out = []
    for item in data.initiatives:
        if kind and item.kind.casefold() != kind.casefold():
            continue
        if sector and not any(sector.casefold() in s.casefold() for s in item.sectors):
            continue
        if since and (not item.started_on or item.started_on < since[: len(item.started_on)]):
            continue
        if country and country.upper() not in _countries(item, data):
            continue
        if status and (item.status or "").casefold() != status.casefold():
            continue
        out.append(item)
    return sorted(out, key=lambda i: (i.started_on or "9999", i.initiative_id))


def empty_note(data: CuratedData, kind: str | None = None, sector: str | None = None, since: str | None = None,
               country: str | None = None, status: str | None = None) -> str:
    """Why no initiative matched, in one "EMPTY:" line: each given filter with how many it keeps alone,
    so the one that empties the list shows ("0 initiatives" alone read as "nothing happened")."""
    given = {"kind": kind, "sector": sector, "since": since, "country": country, "status": status}
    given = {k: v for k, v in given.items() if v}
    if filter_initiatives(data, **given):
        return ""
    alone = ", ".join(f"--{k} {v}: {len(filter_initiatives(data, **{k: v}))}" for k, v in given.items())
    return (f"EMPTY: none of the {len(data.initiatives)} curated initiatives matches every filter"
            + (f" (each alone keeps {alone})" if alone else ""))


def initiative_rows(items: Iterable[Initiative], data: CuratedData, flat: bool = False) -> list[dict[str, Any]]:
    """Plain dicts for JSON (lists kept) or, with flat=True, for CSV and tables ('; '-joined)."""
    rows = []
    for i in items:
        parties = [{"org": p.org, "name": data.org(p.org).name, "country": data.org(p.org).country, "role": p.role}
                   for p in i.parties]
        sources = [{"id": s, "title": data.sources[s].title, "published_on": data.sources[s].published_on}
                   for s in i.sources]
        row: dict[str, Any] = {
            "id": i.initiative_id, "kind": i.kind, "area": i.area, "title": i.title, "started_on": i.started_on,
            "date_unknown_reason": i.date_unknown_reason, "status": i.status, "sectors": list(i.sectors),
            "parties": parties, "countries": sorted({p["country"] for p in parties}), "amount": i.amount,
            "currency": i.currency, "sources": sources, "summary": i.summary,
        }
        if flat:
            row["sectors"] = "; ".join(i.sectors)
            row["parties"] = "; ".join(f"{p['name']} ({p['country']}, {p['role']})" for p in parties)
            row["countries"] = "; ".join(row["countries"])
            row["sources"] = "; ".join(i.sources)
            row["started_on"] = i.started_on or "unknown"
        rows.append(row)
    return rows


def timeline(items: Iterable[Initiative], by: str = "kind") -> list[dict[str, Any]]:
    """Counts per start year and kind (by='kind'), sector ('sector'), area or status.

    An initiative with several sectors counts once in each. Undated ones are counted with year None.
    """
    if by not in ("kind", "sector", "area", "status"):
        raise ValueError("by must be kind, sector, area or status")
    counts: Counter[tuple[int | None, str]] = Counter()
    for i in items:
        keys = i.sectors if by == "sector" else [getattr(i, by)]
        for k in keys:
            counts[(i.year, k)] += 1
    return [{"year": y, by: k, "count": n}
            for (y, k), n in sorted(counts.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or 0, kv[0][1]))]


def party_labels(stored: Iterable[tuple[str, str | None]], rec: Any, curated: Any) -> list[dict[str, Any]]:
    """Each party of an initiative as {"name", "country", "label"}, in its own country; a subsidiary whose
    owner is of another country also names the owner, whose country the warehouse counts it in
    (`CuratedData.ultimate_parent`): "Dahua Technology Rus (RU, owned by Dahua Technology, CN)".

    Why one function for every face: the warehouse stores a party under its owner's country, so the brief
    and the dashboard read "Dahua Technology Rus (CN)" for a Russian company where `techties initiatives`
    says RU. `rec`: the curated record of the initiative; without it, the stored names and countries."""
    if rec is None:
        return [{"name": n, "country": c, "label": f"{n} ({c or '?'})"} for n, c in stored]
    out = []
    for p in rec.parties:
        org, owner = curated.org(p.org), curated.ultimate_parent(p.org)
        owned = (f", owned by {owner.name}, {owner.country or '?'}"
                 if owner.org_id != org.org_id and owner.country != org.country else "")
        out.append({"name": org.name, "country": org.country, "label": f"{org.name} ({org.country or '?'}{owned})"})
    return out
