"""Load investment data into the warehouse: the curated folder and Crunchbase exports, with their
amounts converted to USD at the deal date (`resolve.money`) and curated organisations linked to
warehouse institutions (`resolve.org_links`). Why here: the warehouse stores rows and resolves
nothing, so the steps that resolve happen one stage up and hand it finished rows."""

from __future__ import annotations

from pathlib import Path

from techties.records import BadRecord, deals_from_curated
from techties.resolve.money import to_usd
from techties.resolve.org_links import link_institutions
from techties.warehouse.loaders import store_curated, store_deals

__all__ = ["load_crunchbase", "load_curated"]


def load_curated(warehouse, directory: str | Path | None = None) -> dict[str, int]:
    """Validate the curated folder, then (re)write its rows in one transaction; idempotent.

    Writes sources, organisations (with linked institution ids), organisation_owners, initiatives,
    initiative_parties, deals (source='curated', USD at the deal date) and deal_investors. Returns row counts.
    """
    from techties.sources.curated import load_curated_dir

    data = load_curated_dir(directory)  # raises CuratedDataError before anything is written
    deals = deals_from_curated(data)
    initiative_usd = {i.initiative_id: to_usd(i.amount, i.currency, i.started_on).usd for i in data.initiatives}
    deal_usd = {d.deal_id: to_usd(d.amount, d.currency, d.announced_on).usd for d in deals}
    return store_curated(warehouse, data, deals, initiative_usd, deal_usd, link_institutions(data, warehouse.con))


def load_crunchbase(warehouse, path: str | Path, curated=None,
                    quarantined: list[BadRecord] | None = None) -> dict[str, int]:
    """Import a Crunchbase export into deals/deal_investors (source='crunchbase'); bad rows quarantined
    (and added to `quarantined`, for the command to name them)."""
    from techties.sources.crunchbase import OrgIndex, export_sources, read_crunchbase

    run_id = warehouse.start_run("ingest-crunchbase", {"path": str(path)}, [{"path": str(path)}])
    deals, bad = [], []
    for rec in read_crunchbase(path, OrgIndex(curated)):
        (bad if isinstance(rec, BadRecord) else deals).append(rec)
    counts = store_deals(warehouse, deals, {d.deal_id: to_usd(d.amount, d.currency, d.announced_on).usd
                                            for d in deals}, "crunchbase", export_sources(path, deals))
    if bad:
        warehouse.store_batch([], bad, run_id=run_id)
        if quarantined is not None:
            quarantined.extend(bad)
    warehouse.finish_run(run_id, "ok", len(deals) + len(bad), len(deals), len(bad))
    return {**counts, "quarantined": len(bad)}
