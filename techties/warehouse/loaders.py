"""Write curated and Crunchbase investment data into the warehouse (parsed elsewhere, stored here).

Loading is idempotent: each load deletes the rows with the keys it writes, then inserts them,
in one transaction.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def load_curated(warehouse, directory: str | Path | None = None) -> dict[str, int]:
    """Validate the curated folder, then (re)write its rows in one transaction; idempotent.

    Writes sources, organisations (with linked institution ids), initiatives, initiative_parties,
    deals (source='curated', USD at the deal date) and deal_investors. Returns row counts.
    """
    from techties.metrics.investment import deals_from_curated, to_usd
    from techties.metrics.network import link_institutions
    from techties.sources.curated import load_curated_dir

    data = load_curated_dir(directory)  # raises CuratedDataError before anything is written
    con = warehouse.con
    links = link_institutions(data, con)
    deals = deals_from_curated(data)
    src_rows = [[s.source_id, s.url, s.title, s.publisher, s.published_on, s.language] for s in data.sources.values()]
    org_rows = [
        [o.org_id, o.name, json.dumps({"en": [o.name, *o.aliases], **o.names}, ensure_ascii=False), o.country,
         o.type, o.state_owned, o.parent, json.dumps(links.get(o.org_id, [])), json.dumps(o.sources)]
        for o in data.organisations.values()
    ]
    ini_rows, party_rows = [], []
    for i in data.initiatives:
        usd = to_usd(i.amount, i.currency, i.started_on).usd
        ini_rows.append([i.initiative_id, i.kind, i.title, i.started_on, i.status, json.dumps(i.sectors), usd,
                         i.summary, json.dumps(i.sources)])
        party_rows += [[i.initiative_id, data.org(p.org).name, data.ultimate_parent(p.org).country, p.role]
                       for p in i.parties]
    deal_rows, inv_rows = [], []
    for d in deals:
        usd = to_usd(d.amount, d.currency, d.announced_on).usd
        deal_rows.append([d.deal_id, d.announced_on, d.target, d.target_country, d.round, d.amount, d.currency, usd,
                          d.disclosed, json.dumps(d.sectors), d.ai_related, "curated", json.dumps(d.source_ids)])
        for inv in d.investors:
            share = inv.amount / d.amount if inv.amount is not None and d.amount else None
            inv_rows.append([d.deal_id, inv.name, inv.country, inv.parent, share])
    con.execute("BEGIN TRANSACTION")
    try:
        _replace(con, "sources", "source_id", src_rows)
        _replace(con, "organisations", "org_id", org_rows)
        _replace(con, "initiatives", "initiative_id", ini_rows)
        _replace(con, "initiative_parties", "initiative_id", party_rows, keys=[r[0] for r in ini_rows])
        _replace(con, "deals", "deal_id", deal_rows)
        _replace(con, "deal_investors", "deal_id", inv_rows, keys=[r[0] for r in deal_rows])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {"sources": len(src_rows), "organisations": len(org_rows), "initiatives": len(ini_rows),
            "initiative_parties": len(party_rows), "deals": len(deal_rows), "deal_investors": len(inv_rows),
            "organisations_linked": sum(1 for v in links.values() if v)}


_TABLES = {"sources", "organisations", "initiatives", "initiative_parties", "deals", "deal_investors"}


def _replace(con, table: str, key: str, rows: list[list[Any]], keys: list[str] | None = None) -> None:
    """Delete the rows with these keys, then insert: loading twice gives the same rows."""
    assert table in _TABLES and key.replace("_", "").isalnum()  # fixed identifiers, never user input
    ids = keys if keys is not None else [r[0] for r in rows]
    if ids:
        con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))", [ids])  # noqa: S608
    if rows:
        import pyarrow as pa

        columns = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]  # noqa: S608
        arrow = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
        con.register("techties_in_rows", arrow)
        try:
            con.execute(f"INSERT INTO {table} SELECT * FROM techties_in_rows")  # noqa: S608
        finally:
            con.unregister("techties_in_rows")


def load_crunchbase(warehouse, path: str | Path, curated=None) -> dict[str, int]:
    """Import a Crunchbase export into deals/deal_investors (source='crunchbase'); bad rows quarantined."""
    from techties.metrics.investment import to_usd
    from techties.records import BadRecord
    from techties.sources.crunchbase import OrgIndex, read_crunchbase

    run_id = warehouse.start_run("ingest-crunchbase", {"path": str(path)}, [{"path": str(path)}])
    deals, bad = [], []
    for rec in read_crunchbase(path, OrgIndex(curated)):
        (bad if isinstance(rec, BadRecord) else deals).append(rec)
    deal_rows = [[d.deal_id, d.announced_on, d.target, d.target_country, d.round, d.amount, d.currency,
                  to_usd(d.amount, d.currency, d.announced_on).usd, d.disclosed, json.dumps(d.sectors),
                  d.ai_related, "crunchbase", "[]"] for d in deals]
    inv_rows = [[d.deal_id, i.name, i.country, i.parent, i.share] for d in deals for i in d.investors]
    con = warehouse.con
    con.execute("BEGIN TRANSACTION")
    try:
        _replace(con, "deals", "deal_id", deal_rows)
        _replace(con, "deal_investors", "deal_id", inv_rows, keys=[r[0] for r in deal_rows])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    if bad:
        warehouse.store_batch([], bad, run_id=run_id)
    warehouse.finish_run(run_id, "ok", len(deals) + len(bad), len(deals), len(bad))
    return {"deals": len(deals), "deal_investors": len(inv_rows), "quarantined": len(bad)}


def deals_from_warehouse(con, curated=None) -> list:
    """Deals and investors back from the warehouse as DealRecords (curated org ids matched by name)."""
    from techties.sources.crunchbase import DealRecord, InvestorRecord, OrgIndex

    index = OrgIndex(curated)
    investors: dict[str, list] = {}
    for deal_id, name, country, parent, share in con.execute(
        "SELECT deal_id, investor, investor_country, parent, share FROM deal_investors"
    ).fetchall():
        investors.setdefault(deal_id, []).append((name, country, parent, share))
    out = []
    for row in con.execute(
        "SELECT deal_id, announced_on, target, target_country, round, amount, currency, disclosed,"
        " sectors_json, ai_related, source FROM deals ORDER BY deal_id"
    ).fetchall():
        deal_id, on, target, tc, rnd, amount, cur, disclosed, sectors, ai, source = row
        invs = [InvestorRecord(name=n, country=c, parent=p, org_id=index.lookup(n) if curated else None,
                               share=s, amount=s * amount if s is not None and amount else None)
                for n, c, p, s in investors.get(deal_id, [])]
        out.append(DealRecord(deal_id=deal_id, source=source, announced_on=on, target=target, target_country=tc,
                              round=rnd, amount=amount, currency=cur, disclosed=bool(disclosed), investors=invs,
                              sectors=json.loads(sectors or "[]"), ai_related=ai))
    return out
