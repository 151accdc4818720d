"""Typed records that readers yield and the warehouse stores.

Readers never touch the database and the warehouse never parses source formats:
these Structs are the contract between the two. They hold no reference cycles, so they are
declared `gc=False`: the cyclic garbage collector then never scans the millions an ingest holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import msgspec


class Institution(msgspec.Struct, kw_only=True, gc=False):
    institution_id: str
    name: str
    ror: str | None = None
    names: dict[str, list[str]] = {}
    country_code: str | None = None
    type: str | None = None
    parent_id: str | None = None
    lineage: list[str] = []
    source: str = ""


class Authorship(msgspec.Struct, kw_only=True, gc=False):
    position: int
    author_name: str
    author_id: str | None = None
    institution_id: str | None = None
    raw_affiliation: str | None = None
    country_code: str | None = None
    country_method: str = "none"  # institution | string | none


class WorkField(msgspec.Struct, kw_only=True, gc=False):
    taxonomy: str  # openalex-topic | openalex-subfield | openalex-field | openalex-concept | wos-wc | wos-sc
    field: str
    score: float | None = None


class WorkFunder(msgspec.Struct, kw_only=True, gc=False):
    funder_name: str
    funder_id: str | None = None
    award_id: str | None = None


class Work(msgspec.Struct, kw_only=True, gc=False):
    work_id: str  # source-qualified: openalex:W…, wos:…
    source: str  # openalex-snapshot | openalex-api | wos
    title: str | None = None
    abstract: str | None = None
    doi: str | None = None
    year: int | None = None
    pub_date: str | None = None
    language: str | None = None
    type: str | None = None
    cited_by_count: int | None = None
    version: str | None = None  # the record's own update stamp: a newer one replaces an older one
    as_of: str | None = None  # date of the snapshot / export the record came from
    retrieved_at: str | None = None
    synthetic: bool = False
    authorships: list[Authorship] = []
    fields: list[WorkField] = []
    funders: list[WorkFunder] = []
    institutions: list[Institution] = []


class BadRecord(msgspec.Struct, kw_only=True, gc=False):
    """A line or record a reader could not use: quarantined with its location, never fatal."""

    file: str
    line: int
    error: str
    raw_excerpt: str = ""


# -- investment deals: what the Crunchbase reader yields and the warehouse stores -------------------
class InvestorRecord(msgspec.Struct, kw_only=True):
    name: str
    country: str | None = None  # the country the investor is counted in (ultimate parent's)
    own_country: str | None = None  # as the export gives it
    parent: str | None = None  # ultimate parent's name, where known and different
    org_id: str | None = None  # curated organisation id, where the name matched
    share: float | None = None  # share of the round, where known
    amount: float | None = None  # the investor's own stated contribution, in the deal's currency


class DealRecord(msgspec.Struct, kw_only=True):
    """One deal as the warehouse `deals` + `deal_investors` tables hold it."""

    deal_id: str
    source: str  # curated | crunchbase
    announced_on: str | None
    target: str
    target_country: str | None
    round: str | None
    amount: float | None
    currency: str | None
    disclosed: bool
    investors: list[InvestorRecord]
    sectors: list[str] = []
    ai_related: bool | None = None
    investor_count: int | None = None
    source_ids: list[str] = []
    file: str = ""
    line: int = 0


def deals_from_curated(curated) -> list[DealRecord]:
    """Curated deals (`techties.sources.curated.CuratedData`) as DealRecords: each investor counted in its
    ultimate parent's country (organisations.yaml), its own country kept beside it."""
    out = []
    for d in curated.deals:
        target = curated.org(d.target)
        investors = []
        for inv in d.investors:
            org = curated.org(inv.org)
            top = curated.ultimate_parent(inv.org)
            investors.append(InvestorRecord(
                name=org.name, country=top.country, own_country=org.country,
                parent=top.name if top.org_id != org.org_id else None, org_id=org.org_id, amount=inv.amount))
        out.append(DealRecord(
            deal_id=d.deal_id, source="curated", announced_on=d.announced_on, target=target.name,
            target_country=target.country, round=d.round, amount=d.amount, currency=d.currency,
            disclosed=d.disclosed, investors=investors, sectors=list(d.sectors), ai_related=d.ai_related,
            investor_count=d.investor_count, source_ids=list(d.sources), file="deals.yaml", line=d.line))
    return out


@dataclass(frozen=True)
class Ownership:
    """Who owns whom, by share, and each organisation's home country (its ultimate parent's).

    Why: look-through attribution needs only these two facts, and they must give the same figures
    whether read from the curated files or from the warehouse (`organisation_owners`)."""

    owners: Mapping[str, tuple[tuple[str, float], ...]]
    home: Mapping[str, str | None]

    @classmethod
    def from_curated(cls, curated) -> Ownership:
        return cls(
            owners={o.org_id: tuple((w.org, w.share) for w in o.owners) for o in curated.organisations.values()},
            home={oid: curated.ultimate_parent(oid).country for oid in curated.organisations},
        )

    @classmethod
    def from_rows(cls, orgs: Iterable[tuple[str, str | None, str | None]],
                  owner_rows: Iterable[tuple[str, str, float]]) -> Ownership:
        """From (org_id, country, parent_id) and (org_id, owner_id, share) rows, e.g. warehouse tables."""
        country, parent = {}, {}
        for oid, cc, par in orgs:
            country[oid], parent[oid] = cc, par
        owners: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for oid, owner, share in owner_rows:
            owners[oid].append((owner, float(share)))
        return cls(owners={k: tuple(v) for k, v in owners.items()},
                   home={oid: country.get(ultimate_parent(parent, oid)) for oid in country})


def ultimate_parent(parent: Mapping[str, str | None], org_id: str) -> str:
    """Follow parent links to the top, stopping at a cycle or an unknown parent."""
    seen: set[str] = set()
    cur = org_id
    while parent.get(cur) and parent[cur] in parent and parent[cur] not in seen:
        seen.add(cur)
        cur = parent[cur]  # type: ignore[assignment]
    return cur
