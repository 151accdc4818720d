"""Write curated and Crunchbase investment data into the warehouse (parsed, converted to USD and
linked to institutions elsewhere: `techties.resolve.investments`; stored here). The warehouse imports
nothing above it.

Loading is idempotent: each load deletes the rows with the keys it writes, then inserts them,
in one transaction. Rows are written by column name (`_COLUMNS`), so a warehouse upgraded by
`ALTER TABLE … ADD COLUMN` (new columns last) loads the same as a fresh one.

Everything the investment metrics need is stored: ownership shares (`organisation_owners`), a round's
investor count and each investor's stated contribution, so figures computed from the warehouse
equal those computed from the curated files.
"""

from __future__ import annotations

import json
from typing import Any

from techties.warehouse.store import transaction


def store_curated(warehouse, data, deals: list, initiative_usd: dict[str, float | None],
                  deal_usd: dict[str, float | None], links: dict[str, list[str]]) -> dict[str, int]:
    """(Re)write the curated data's rows in one transaction; idempotent. Returns row counts.

    Everything resolved is given, not computed here (the warehouse imports nothing above it):
    `deals` are the curated deals as DealRecords (`techties.records.deals_from_curated`), `initiative_usd`
    and `deal_usd` the USD value of each initiative and deal id at its date, `links` the warehouse institution ids of
    each organisation (`techties.resolve.investments.load_curated` does all three)."""
    con = warehouse.con
    retrieved_on = data.curated_on.get("sources.yaml")
    src_rows = [[s.source_id, s.url, s.title, s.publisher, s.published_on, s.language, s.cited_in, retrieved_on]
                for s in data.sources.values()]
    org_rows = [
        [o.org_id, o.name, json.dumps({"en": [o.name, *o.aliases], **o.names}, ensure_ascii=False), o.country,
         o.type, o.state_owned, o.parent, json.dumps(links.get(o.org_id, [])), json.dumps(o.sources)]
        for o in data.organisations.values()
    ]
    owner_rows = [[o.org_id, w.org, w.share, json.dumps(o.sources)]
                  for o in data.organisations.values() for w in o.owners]
    ini_rows, party_rows = [], []
    for i in data.initiatives:
        ini_rows.append([i.initiative_id, i.kind, i.title, i.started_on, i.status, json.dumps(i.sectors),
                         initiative_usd.get(i.initiative_id), i.summary, json.dumps(i.sources), i.date_unknown_reason])
        party_rows += [[i.initiative_id, data.org(p.org).name, data.ultimate_parent(p.org).country, p.role]
                       for p in i.parties]
    deal_rows, inv_rows = [], []
    for d in deals:
        deal_rows.append([d.deal_id, d.announced_on, d.target, d.target_country, d.round, d.amount, d.currency,
                          deal_usd.get(d.deal_id), d.disclosed, json.dumps(d.sectors), d.ai_related, "curated",
                          json.dumps(d.source_ids), d.investor_count])
        for inv in d.investors:
            share = inv.amount / d.amount if inv.amount is not None and d.amount else None
            inv_rows.append([d.deal_id, inv.name, inv.country, inv.parent, share, inv.amount, inv.org_id])
    with transaction(con):
        _replace(con, "sources", "source_id", src_rows)
        _replace(con, "organisations", "org_id", org_rows)
        _replace(con, "organisation_owners", "org_id", owner_rows, keys=[r[0] for r in org_rows])
        _replace(con, "initiatives", "initiative_id", ini_rows)
        _replace(con, "initiative_parties", "initiative_id", party_rows, keys=[r[0] for r in ini_rows])
        _replace(con, "deals", "deal_id", deal_rows)
        _replace(con, "deal_investors", "deal_id", inv_rows, keys=[r[0] for r in deal_rows])
    return {"sources": len(src_rows), "organisations": len(org_rows), "organisation_owners": len(owner_rows),
            "initiatives": len(ini_rows),
            "initiative_parties": len(party_rows), "deals": len(deal_rows), "deal_investors": len(inv_rows),
            "organisations_linked": sum(1 for v in links.values() if v)}


# Column order of the rows each loader builds; inserts go by these names, not by table position.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("source_id", "url", "title", "publisher", "published_on", "language", "cited_in", "retrieved_on"),
    "organisations": ("org_id", "name", "names_json", "country_code", "type", "state_owned", "parent_id",
                      "institution_ids_json", "source_ids_json"),
    "organisation_owners": ("org_id", "owner_id", "share", "source_ids_json"),
    "initiatives": ("initiative_id", "kind", "title", "started_on", "status", "sectors_json", "amount_usd",
                    "summary", "source_ids_json", "date_unknown_reason"),
    "initiative_parties": ("initiative_id", "org", "country", "role"),
    "deals": ("deal_id", "announced_on", "target", "target_country", "round", "amount", "currency", "amount_usd",
              "disclosed", "sectors_json", "ai_related", "source", "source_ids_json", "investor_count"),
    "deal_investors": ("deal_id", "investor", "investor_country", "parent", "share", "amount", "org_id"),
}


def _replace(con, table: str, key: str, rows: list[list[Any]], keys: list[str] | None = None) -> None:
    """Delete the rows with these keys, then insert by column name: loading twice gives the same rows."""
    columns = _COLUMNS[table]  # fixed identifiers, never user input
    assert key in columns
    ids = keys if keys is not None else [r[0] for r in rows]
    if ids:
        con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))", [ids])  # noqa: S608
    if rows:
        import pyarrow as pa

        if any(len(r) != len(columns) for r in rows):
            raise ValueError(f"{table}: each row must have {len(columns)} values ({', '.join(columns)})")
        arrow = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
        con.register("techties_in_rows", arrow)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM techties_in_rows")  # noqa: S608
        finally:
            con.unregister("techties_in_rows")


def store_deals(warehouse, deals: list, usd: dict[str, float | None], source: str,
                sources: list[dict[str, Any]] | None = None) -> dict[str, int]:
    """(Re)write deals and their investors (e.g. from a Crunchbase export) in one transaction;
    `usd` gives each deal id's USD value at its date (resolved before, not here); `sources` the dated
    rows their `source_ids` cite (the export files), so the deals' as-of is the warehouse's to state."""
    deal_rows = [[d.deal_id, d.announced_on, d.target, d.target_country, d.round, d.amount, d.currency,
                  usd.get(d.deal_id), d.disclosed, json.dumps(d.sectors), d.ai_related, source,
                  json.dumps(d.source_ids), d.investor_count] for d in deals]
    inv_rows = [[d.deal_id, i.name, i.country, i.parent, i.share, i.amount, i.org_id]
                for d in deals for i in d.investors]
    src_rows = [[s.get(c) for c in _COLUMNS["sources"]] for s in sources or []]
    con = warehouse.con
    with transaction(con):
        _replace(con, "sources", "source_id", src_rows)
        _replace(con, "deals", "deal_id", deal_rows)
        _replace(con, "deal_investors", "deal_id", inv_rows, keys=[r[0] for r in deal_rows])
    return {"deals": len(deal_rows), "deal_investors": len(inv_rows)}


def _select(con, table: str, columns: tuple[str, ...]) -> str:
    """SELECT of these columns, NULL for any an older warehouse file lacks (read-only files are not upgraded)."""
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database()"
        " AND schema_name = 'main' AND table_name = ?", [table]).fetchall()}
    cols = ", ".join(c if c in have else f"NULL AS {c}" for c in columns)
    return f"SELECT {cols} FROM {table}"  # noqa: S608 (fixed identifiers)


def deals_from_warehouse(con, curated=None) -> list:
    """Deals and investors back from the warehouse as DealRecords.

    An investor's curated org id is the stored one; rows written before it was stored fall back to
    matching the name against `curated`. A stored contribution (`amount`) is used as stated."""
    from techties.records import DealRecord, InvestorRecord
    from techties.sources.crunchbase import OrgIndex

    index = OrgIndex(curated)
    investors: dict[str, list] = {}
    for deal_id, *inv in con.execute(_select(con, "deal_investors", _COLUMNS["deal_investors"])).fetchall():
        investors.setdefault(deal_id, []).append(inv)
    out = []
    query = _select(con, "deals", _COLUMNS["deals"]) + " ORDER BY deal_id"
    for row in con.execute(query).fetchall():
        deal_id, on, target, tc, rnd, amount, cur, _usd, disclosed, sectors, ai, source, src_ids, n_inv = row
        invs = []
        for name, country, parent, share, stated, org_id in investors.get(deal_id, []):
            if stated is None and share is not None and amount:
                stated = share * amount
            if org_id is None and curated is not None:
                org_id = index.lookup(name)
            invs.append(InvestorRecord(name=name, country=country, parent=parent, org_id=org_id, share=share,
                                       amount=stated))
        out.append(DealRecord(deal_id=deal_id, source=source, announced_on=on, target=target, target_country=tc,
                              round=rnd, amount=amount, currency=cur, disclosed=bool(disclosed), investors=invs,
                              sectors=json.loads(sectors or "[]"), ai_related=ai, investor_count=n_inv,
                              source_ids=json.loads(src_ids or "[]")))
    return out


def ownership_from_warehouse(con):
    """Ownership shares and home countries (`techties.records.Ownership`) from `organisations` and
    `organisation_owners`.

    None when the warehouse has no ownership rows (no curated load since the table was added, or
    none at all): the caller then uses the curated files rather than silently dropping look-through."""
    from techties.records import Ownership

    have_owners = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
        " AND schema_name = 'main' AND table_name = 'organisation_owners'").fetchone()[0]
    owners = con.execute("SELECT org_id, owner_id, share FROM organisation_owners").fetchall() if have_owners else []
    if not owners:
        return None
    orgs = con.execute("SELECT org_id, country_code, parent_id FROM organisations").fetchall()
    return Ownership.from_rows(orgs, owners)
