"""Screening the warehouse: every institution and deal / initiative party against the lists.

Writes `watchlist_entries` (the lists used) and `screening_hits` (one row per subject and entry,
with the features and the algorithm). Re-screening replaces the machine's rows but keeps every
analyst decision: a hit confirmed or rejected stays so, whatever the new score. A hit counts as
new only when no earlier run stored that subject and entry, so re-running is idempotent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from techties.progress import step_progress
from techties.screen.lists import ListEntry
from techties.screen.match import ALGORITHM, Hit, Matcher
from techties.warehouse.store import Warehouse, transaction

DECISIONS = ("confirmed", "rejected")


def subjects(wh: Warehouse) -> Iterator[tuple[str, str, list[str], str | None]]:
    """Institutions (name + names_json) and the parties of deals and initiatives."""
    for iid, name, names_json, cc in wh.con.execute(
        "SELECT institution_id, name, names_json, country_code FROM institutions"
    ).fetchall():
        names = [name] if name else []
        if names_json:
            try:
                for vals in json.loads(names_json).values():
                    names += [v for v in (vals if isinstance(vals, list) else [vals]) if isinstance(v, str)]
            except (json.JSONDecodeError, AttributeError):
                pass
        yield "institution", iid, list(dict.fromkeys(n for n in names if n.strip())), cc
    for name, cc in wh.con.execute(
        "SELECT DISTINCT investor, investor_country FROM deal_investors WHERE investor IS NOT NULL").fetchall():
        yield "investor", name, [name], cc
    for name, cc in wh.con.execute(
        "SELECT DISTINCT target, target_country FROM deals WHERE target IS NOT NULL").fetchall():
        yield "deal_party", name, [name], cc
    for name, cc in wh.con.execute(
        "SELECT DISTINCT org, country FROM initiative_parties WHERE org IS NOT NULL").fetchall():
        yield "initiative_party", name, [name], cc


def _country2(cc: str | None) -> str | None:
    return cc.upper() if cc and len(cc) == 2 else None


def store_entries(wh: Warehouse, entries: list[ListEntry]) -> None:
    """Replace the stored rows of the lists being used (other lists stay)."""
    list_ids = sorted({e.list_id for e in entries})
    wh.con.executemany("DELETE FROM watchlist_entries WHERE list_id = ?", [[x] for x in list_ids])
    wh.con.executemany(
        "INSERT INTO watchlist_entries (list_id, entry_id, name, aliases_json, country, program, listed_on, source,"
        " source_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[e.list_id, e.entry_id, e.name, json.dumps(list(e.aliases), ensure_ascii=False), e.country, e.program,
          e.listed_on, e.citation or e.source, e.source_date] for e in entries],
    )


def screen_warehouse(wh: Warehouse, entries: list[ListEntry], threshold: float | None = None,
                     show_progress: bool = True) -> dict[str, int]:
    """Screen all subjects; returns counts. Analysts' decisions survive (see module docstring)."""
    matcher = Matcher(entries, **({"threshold": threshold} if threshold is not None else {}))
    rows: list[list[object]] = []
    n_subjects = 0
    todo = list(subjects(wh))
    with step_progress("screening institutions and parties", len(todo), show_progress) as advance:
        for kind, sid, names, cc in todo:
            n_subjects += 1
            advance(1)
            best: dict[str, Hit] = {}
            for name in names:
                for h in matcher.screen(name, _country2(cc)):
                    if h.entry_id not in best or h.score > best[h.entry_id].score:
                        best[h.entry_id] = h
            for h in best.values():
                feats = {**h.features, "matched_alias": h.matched_alias, "alias_kind": h.alias_kind,
                         "query_form": h.query_form, "method": h.method, "explanation": h.explanation,
                         "list_source": h.source, "list_date": h.source_date, "listed_on": h.listed_on}
                rows.append([kind, sid, h.entry_id, h.list_id, h.score, json.dumps(feats, ensure_ascii=False),
                             ALGORITHM])
    con = wh.con
    with transaction(con):
        store_entries(wh, entries)
        # "new" is a hit no earlier run stored (nor an analyst recorded): a re-run of the same lists on
        # the same warehouse reports 0 new, not every hit again
        before = {(k, s, e) for k, s, e in con.execute(
            "SELECT subject_kind, subject_id, entry_id FROM screening_hits").fetchall()}
        # machine rows go; decided rows stay and are updated in place with the new score
        con.execute("DELETE FROM screening_hits WHERE decision IS NULL")
        decided = {(k, s, e) for k, s, e in con.execute(
            "SELECT subject_kind, subject_id, entry_id FROM screening_hits").fetchall()}
        ins = [r for r in rows if (r[0], r[1], r[2]) not in decided]
        upd = [[r[4], r[5], r[6], r[0], r[1], r[2]] for r in rows if (r[0], r[1], r[2]) in decided]
        if ins:
            con.executemany(
                "INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score, features_json,"
                " algorithm, decision) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)", ins)
        if upd:
            con.executemany(
                "UPDATE screening_hits SET score = ?, features_json = ?, algorithm = ?"
                " WHERE subject_kind = ? AND subject_id = ? AND entry_id = ?", upd)
    new = sum((r[0], r[1], r[2]) not in before for r in rows)
    return {"subjects": n_subjects, "hits": len(rows), "new": new, "kept_decisions": len(decided)}


def set_decision(wh: Warehouse, subject_kind: str | None, subject_id: str, entry_id: str, decision: str) -> int:
    """Record an analyst's decision on a hit ('confirmed' | 'rejected'; 'confirm'/'reject' accepted).

    A decision on a pair the machine has not (or no longer) hit is stored too, so a rejection also
    holds against future runs. Returns the number of rows changed or added."""
    d = {"confirm": "confirmed", "reject": "rejected"}.get(decision, decision)
    if d not in DECISIONS:
        raise ValueError(f"decision must be confirm or reject, not {decision!r}")
    where = "subject_id = ? AND entry_id = ?" + (" AND subject_kind = ?" if subject_kind else "")
    params: list[object] = [subject_id, entry_id] + ([subject_kind] if subject_kind else [])
    n = wh.con.execute(f"SELECT count(*) FROM screening_hits WHERE {where}", params).fetchone()[0]  # noqa: S608
    if n:
        wh.con.execute(f"UPDATE screening_hits SET decision = ? WHERE {where}", [d, *params])  # noqa: S608
        return int(n)
    wh.con.execute(
        "INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score, features_json, algorithm,"
        " decision) VALUES (?, ?, ?, ?, NULL, NULL, ?, ?)",
        [subject_kind or "institution", subject_id, entry_id, entry_id.split(":", 1)[0], "analyst", d])
    return 1
