"""Investment figures by direction and year, under a stated attribution rule.

Why: the research brief compares China->Russia and Russia->China AI investment with US baselines.
How much of a round a country "invested" depends on a choice the reader must see: the whole
round for every investor country (the brief's totals), an equal split among the round's investors
(the brief's Megvii estimate), or a look-through of joint funds to their owners (RCIF is half
Russian, half Chinese money). Every output states its rule.

Amounts are converted to USD at the deal date by `techties.resolve.money.to_usd` (ECB reference
rates, no network; re-exported here).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from techties.records import DealRecord, Ownership, deals_from_curated, ultimate_parent
from techties.resolve.money import FxResult, to_usd

__all__ = [
    "RULES", "RULE_TEXT", "check_rule", "Attribution", "DirectionRow", "FxResult", "InvestmentReport", "Ownership",
    "as_ownership", "attribute_deal", "deals_from_curated", "investment_report", "ownership_countries",
    "ultimate_parent", "to_usd",
]

RULES = ("whole", "equal-split", "look-through")

RULE_TEXT = {
    "whole": "whole round: each investor country in a round is credited with the round's full value "
             "(once per direction and deal)",
    "equal-split": "equal split: a round's value is divided equally among its investors (by the round's "
                   "investor count where known, else among the listed investors); a stated contribution "
                   "is used as stated",
    "look-through": "look-through: equal split, then a joint fund's part passes to its owners by ownership "
                    "share (RCIF: RDIF 50% RU, CIC 50% CN)",
}


def check_rule(rule: str) -> str:
    """`rule` if it is one of RULES, else a UsageError in the one wording of the CLI and the dashboard (exit 2,
    HTTP 400): three had grown ("Invalid value: --rule must be…", "…, got 'x'", "--rule 'x': must be…")."""
    from techties.errors import UsageError

    if rule not in RULES:
        raise UsageError(f"--rule {rule[:40]!r}: must be one of {', '.join(RULES)}")
    return rule


def as_ownership(source) -> Ownership | None:
    """An Ownership from curated data (or None, or an Ownership already)."""
    if source is None or isinstance(source, Ownership):
        return source
    return Ownership.from_curated(source)


def ownership_countries(ownership, org_id: str | None, country: str | None) -> dict[str | None, float]:
    """Countries whose money an investor is, by share: owners' shares recursively, the rest its own.

    `ownership` is an Ownership, curated data, or None (then all the money is the investor's own)."""
    own = as_ownership(ownership)
    if own is None or org_id is None or org_id not in own.home:
        return {country: 1.0}
    out: dict[str | None, float] = defaultdict(float)

    def walk(oid: str, weight: float, seen: frozenset[str]) -> None:
        owned = 0.0
        for owner, share in own.owners.get(oid, ()):
            if owner in seen:
                continue
            walk(owner, weight * share, seen | {owner})
            owned += share
        if owned < 1.0:
            out[own.home.get(oid)] += weight * (1.0 - owned)

    walk(org_id, 1.0, frozenset({org_id}))
    return dict(out)


# -- attribution ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Attribution:
    """Money from one origin country into one deal, under one rule."""

    deal_id: str
    year: int | None
    origin: str | None
    destination: str | None
    value_usd: float | None  # None: undisclosed
    investors: tuple[str, ...]
    target: str


def _investor_parts(deal: DealRecord, amount_usd: float, factor: float) -> list[float]:
    """Equal split of the round, a stated contribution taken as stated."""
    stated = [inv.amount * factor if inv.amount is not None else None for inv in deal.investors]
    n_total = max(deal.investor_count or len(deal.investors), len(deal.investors))
    n_unstated = n_total - sum(s is not None for s in stated)
    rest = max(amount_usd - sum(s for s in stated if s is not None), 0.0)
    each = rest / n_unstated if n_unstated > 0 else 0.0
    return [s if s is not None else each for s in stated]


def attribute_deal(deal: DealRecord, rule: str, curated=None) -> list[Attribution]:
    """Split one deal into origin-country attributions under `rule` (see RULE_TEXT).

    `curated` gives ownership for look-through: curated data or an Ownership (e.g. from the warehouse)."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}: use one of {', '.join(RULES)}")
    curated = as_ownership(curated) if rule == "look-through" else None
    year = int(deal.announced_on[:4]) if deal.announced_on else None
    fx = to_usd(deal.amount, deal.currency, deal.announced_on)
    amount_usd = fx.usd if deal.disclosed else None
    names: dict[str | None, list[str]] = defaultdict(list)
    values: dict[str | None, float] = defaultdict(float)
    if amount_usd is None or rule == "whole":
        for inv in deal.investors:
            origins = (ownership_countries(curated, inv.org_id, inv.country) if rule == "look-through"
                       else {inv.country: 1.0})
            for origin in origins:
                names[origin].append(inv.name)
                values[origin] = amount_usd or 0.0
    else:
        factor = amount_usd / deal.amount if deal.amount else 1.0
        for inv, part in zip(deal.investors, _investor_parts(deal, amount_usd, factor), strict=True):
            split = (ownership_countries(curated, inv.org_id, inv.country) if rule == "look-through"
                     else {inv.country: 1.0})
            for country, share in split.items():
                names[country].append(inv.name)
                values[country] += part * share
    return [
        Attribution(deal.deal_id, year, origin, deal.target_country,
                    None if amount_usd is None else values[origin], tuple(names[origin]), deal.target)
        for origin in names
    ]


# -- the report ----------------------------------------------------------------------------------
@dataclass
class DirectionRow:
    direction: str
    year: int
    value_usd: float = 0.0
    n_disclosed: int = 0
    n_undisclosed: int = 0
    deal_ids: list[str] = field(default_factory=list)


@dataclass
class InvestmentReport:
    rule: str
    rule_text: str
    pair: tuple[str, str]
    baseline: str | None
    rows: list[DirectionRow]
    totals: dict[str, dict[str, float | int]]
    top_deals: list[dict[str, Any]]
    fx_notes: list[dict[str, Any]]
    n_deals: int
    n_undated: int
    empty_note: str = ""  # why there are no rows ("" when there are): empty tables alone read as "no deals"

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON; a value with no disclosed deal behind it is null, as in the brief's CSV (0.0 read as
        "no money" where the deals were undisclosed)."""
        return {
            "rule": self.rule, "rule_text": self.rule_text, "pair": list(self.pair), "baseline": self.baseline,
            "rows": [{**r.__dict__, "value_usd": disclosed_value(r.value_usd, r.n_disclosed)} for r in self.rows],
            "totals": {k: {**t, "value_usd": disclosed_value(t["value_usd"], int(t["n_disclosed"]))}
                       for k, t in self.totals.items()},
            "top_deals": self.top_deals,
            "fx_notes": self.fx_notes, "n_deals": self.n_deals, "n_undated": self.n_undated,
            "empty_note": self.empty_note,
        }


def disclosed_value(value_usd: float, n_disclosed: int) -> float | None:
    """The value every export states: None where no deal behind it has a disclosed value, since a sum of
    nothing (0.0) reads as "no money" beside undisclosed deals."""
    return value_usd if n_disclosed else None


def years_text(years: set[int]) -> str:
    """{2016, 2017, 2018} -> "2016–2018"; {2017, 2019} -> "2017, 2019"."""
    ordered = sorted(years)
    if ordered[-1] - ordered[0] + 1 == len(ordered) and len(ordered) > 1:
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(str(y) for y in ordered)


def empty_note(dated_years: list[int], n_undated: int, years: set[int] | None,
               countries: Sequence[str], ai_only: bool) -> str:
    """Why a report has no rows, in one line starting "EMPTY:" (as the research notes do). Undated
    deals are said apart: no year range can place them, so they are in no row whatever the query."""
    what = "AI-related deals" if ai_only else "deals"
    undated = f"; {n_undated} more {'has' if n_undated == 1 else 'have'} no date" if n_undated else ""
    if not dated_years:
        return f"EMPTY: no dated {what} loaded{undated}"
    n_in_years = sum(1 for y in dated_years if not years or y in years)
    if not n_in_years:
        return (f"EMPTY: none of the {len(dated_years)} dated {what} falls in the years {years_text(years or set())} "
                f"(they run {min(dated_years)}–{max(dated_years)}){undated}")
    return (f"EMPTY: none of the {n_in_years} dated {what}{' in these years' if years else ''} "
            f"is between {', '.join(countries)}{undated}")


def directions(pair: Sequence[str], baseline: str | None) -> list[tuple[str, str]]:
    """A->B, B->A, then A->US, US->A, B->US, US->B."""
    a, b = pair
    out = [(a, b), (b, a)]
    if baseline:
        out += [(a, baseline), (baseline, a), (b, baseline), (baseline, b)]
    return out


def investment_report(
    deals: Iterable[DealRecord], pair: Sequence[str] = ("CN", "RU"), baseline: str | None = "US",
    rule: str = "whole", years: set[int] | None = None, curated=None, ai_only: bool = False, top: int = 10,
) -> InvestmentReport:
    """Value and count per direction and year, undisclosed deals counted apart, top deals.

    `curated`: curated data or an Ownership, used by the look-through rule."""
    curated = as_ownership(curated) if rule == "look-through" else None
    wanted = {f"{o}→{d}": (o, d) for o, d in directions(pair, baseline)}
    cells: dict[tuple[str, int], DirectionRow] = {}
    top_rows: list[dict[str, Any]] = []
    fx_notes: list[dict[str, Any]] = []
    n_deals = n_undated = 0
    dated_years: list[int] = []
    pair_set = set(pair)
    for deal in deals:
        if ai_only and deal.ai_related is False:
            continue
        n_deals += 1
        if not deal.announced_on:
            n_undated += 1
            continue
        year = int(deal.announced_on[:4])
        dated_years.append(year)
        if years and year not in years:
            continue
        if deal.amount is not None and (deal.currency or "USD") != "USD":
            fx = to_usd(deal.amount, deal.currency, deal.announced_on)
            fx_notes.append({"deal_id": deal.deal_id, "amount": deal.amount, "currency": deal.currency,
                             "usd": fx.usd, "rate_date": fx.rate_date, "note": fx.note})
        for att in attribute_deal(deal, rule, curated):
            key = f"{att.origin}→{att.destination}"
            if key not in wanted:
                continue
            row = cells.setdefault((key, year), DirectionRow(key, year))
            row.deal_ids.append(deal.deal_id)
            if att.value_usd is None:
                row.n_undisclosed += 1
            else:
                row.n_disclosed += 1
                row.value_usd += att.value_usd
                if {att.origin, att.destination} == pair_set:
                    top_rows.append({"deal_id": deal.deal_id, "year": year, "direction": key, "target": att.target,
                                     "investors": ", ".join(att.investors), "value_usd": round(att.value_usd, 2)})
    order = list(wanted)
    rows = sorted(cells.values(), key=lambda r: (order.index(r.direction), r.year))
    totals: dict[str, dict[str, float | int]] = {}
    for key in order:
        mine = [r for r in rows if r.direction == key]
        totals[key] = {"value_usd": round(sum(r.value_usd for r in mine), 2),
                       "n_disclosed": sum(r.n_disclosed for r in mine),
                       "n_undisclosed": sum(r.n_undisclosed for r in mine)}
    for r in rows:
        r.value_usd = round(r.value_usd, 2)
    top_rows.sort(key=lambda t: -t["value_usd"])
    note = "" if rows else empty_note(dated_years, n_undated, years, [*pair, *([baseline] if baseline else [])],
                                      ai_only)
    return InvestmentReport(rule, RULE_TEXT[rule], (pair[0], pair[1]), baseline, rows, totals, top_rows[:top],
                            fx_notes, n_deals, n_undated, note)


