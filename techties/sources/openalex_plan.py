"""The queries a country-pair brief needs from the OpenAlex API, planned before a single call.

A plan is a list of :class:`Step` values, pure data: what `techties collect` fetches, what its
`--dry-run` prices, and what the warehouse keeps (`collect_steps`) so that a stopped collection
resumes with exactly the same queries. Three kinds of step:

* ``works``: every record of a pair's co-authored works (cursor paging, 200 a page), stored as
  `ingest openalex-api` stores them. A rerun adds ``from_updated_date`` (only what changed).
* ``counts``: one ``group_by=publication_year`` call: a country's whole output, or a pair's
  works as a cross-check of what was stored, per year.
* ``sample``: for ``--area ai`` (our classifier's area, which OpenAlex has no filter for) a
  seeded random ``sample`` of a country's works in one year, scored by the shipped model.

Areas OpenAlex can filter on are filtered by subfield of the primary topic
(``primary_topic.subfield.id``): topics and subfields are OpenAlex's current taxonomy, and the
primary topic's subfield is what the snapshot reader stores as `openalex-subfield`, so the
records fetched and the counts asked mean the same thing. ``ai-fields`` is subfields 1702
(Artificial Intelligence) and 1707 (Computer Vision and Pattern Recognition), the same two
research's `--area ai-fields` reads.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Collection
from dataclasses import asdict, dataclass, replace

from techties.sources.openalex_api import MAX_PER_PAGE

COUNTRY_FIELD = "authorships.countries"  # an author's countries: institution, else OpenAlex's own parsing
AREA_FILTERS = {
    "all": "",
    "ai": "",  # no OpenAlex filter: estimated from samples scored by our classifier
    "ai-fields": "primary_topic.subfield.id:1702|1707",
}
SAMPLED_AREAS = {"ai"}
SAMPLE_SIZE = 200  # works scored per country and year
# A sample is read with basic paging, which the 2026 developer docs cap at 100 a page (cursor paging
# still takes 200): two calls per sample of 200.
SAMPLE_PER_PAGE = 100
SAMPLE_SEED = 11  # fixed, so a rerun draws the same sample where OpenAlex has not changed
_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class Step:
    """One planned API query."""

    kind: str  # works | counts | sample
    scope_kind: str  # country | pair
    scope: str  # CN, or CN-RU
    filter: str  # the OpenAlex filter, exactly as sent
    area: str  # all | ai | ai-fields
    year: int | None = None  # a sample's year
    sample: int | None = None
    seed: int | None = None

    @property
    def label(self) -> str:
        year = f" {self.year}" if self.year else ""
        return f"{self.kind} {self.scope}{year}"

    @property
    def request(self) -> str:
        """The request as text, for provenance (`count_series.query`, the plan table)."""
        if self.kind == "counts":
            return f"works?filter={self.filter}&group_by=publication_year"
        if self.kind == "sample":
            return f"works?filter={self.filter}&sample={self.sample}&seed={self.seed}"
        return f"works?filter={self.filter}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Step:
        return cls(**json.loads(text))


@dataclass(frozen=True)
class Plan:
    a: str
    b: str
    baseline: str | None
    years: tuple[int, int]
    area: str
    steps: tuple[Step, ...]

    @property
    def key(self) -> str:
        """Names the plan (not a collection of it): the same command finds its collections again."""
        doc = json.dumps([self.a, self.b, self.baseline, list(self.years), self.area])
        return hashlib.sha256(doc.encode()).hexdigest()[:16]


def check_country(code: str) -> str:
    code = code.strip().upper()
    if not _COUNTRY.fullmatch(code):
        raise ValueError(f"country must be a two-letter ISO code (CN, RU, US…), got {code[:20]!r}")
    return code


def check_area(area: str | None) -> str:
    """One of collect's areas, in any case (as research reads areas)."""
    area = (area or "all").strip().lower() or "all"
    if area not in AREA_FILTERS:
        raise ValueError(f"--area for collect must be one of {', '.join(AREA_FILTERS)}, got {area[:40]!r}")
    return area


def _filter(countries: list[str], years: str, area: str) -> str:
    terms = [f"{COUNTRY_FIELD}:{c}" for c in countries] + [f"publication_year:{years}"]
    if AREA_FILTERS[area]:
        terms.append(AREA_FILTERS[area])
    return ",".join(terms)


def plan_collect(a: str, b: str, baseline: str | None, years: tuple[int, int], area: str | None = None,
                 *, since: str | None = None, sample_size: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED) -> Plan:
    """The steps of a brief: the pairs' records, yearly counts per country and pair, and samples
    for an area only our classifier defines. `since` (a date) makes the works steps incremental."""
    a, b = check_country(a), check_country(b)
    baseline = check_country(baseline) if baseline else None
    area = check_area(area)
    if len({a, b, baseline} - {None}) < (3 if baseline else 2):
        raise ValueError("the pair and the baseline must be different countries")
    y1, y2 = years
    span = f"{y1}-{y2}"
    record_area = "all" if area in SAMPLED_AREAS else area  # records of every area: classified locally
    pairs = [(a, b)] + ([(a, baseline), (b, baseline)] if baseline else [])
    countries = [a, b] + ([baseline] if baseline else [])
    steps: list[Step] = []
    for x, y in pairs:
        flt = _filter([x, y], span, record_area)
        if since:
            flt += f",from_updated_date:{since}"
        steps.append(Step("works", "pair", f"{x}-{y}", flt, record_area))
    for c in countries:
        steps.append(Step("counts", "country", c, _filter([c], span, record_area), record_area))
    for x, y in pairs:
        steps.append(Step("counts", "pair", f"{x}-{y}", _filter([x, y], span, record_area), record_area))
    if area in SAMPLED_AREAS:
        for c in countries:
            for year in range(y1, y2 + 1):
                steps.append(Step("sample", "country", c, _filter([c], str(year), "all"), area, year,
                                  sample_size, seed))
    return Plan(a, b, baseline, (y1, y2), area, tuple(steps))


def _pair_samples(plan: Plan, pair: str, sample_size: int, seed: int) -> list[Step]:
    x, y = pair.split("-")
    return [Step("sample", "pair", pair, _filter([x, y], str(year), "all"), plan.area, year, sample_size, seed)
            for year in range(plan.years[0], plan.years[1] + 1)]


def estimate_pairs(plan: Plan, pairs: Collection[str], *, sample_size: int = SAMPLE_SIZE,
                   seed: int = SAMPLE_SEED) -> Plan:
    """The plan without the records of these baseline pairs (too large for the budget). Each keeps
    its `group_by` counts step, which gives its yearly works exactly; in an area only our classifier
    defines (ai), its works in the area are estimated per year from a seeded sample, as a country's
    are. The pair's own records are never left out."""
    if f"{plan.a}-{plan.b}" in pairs:
        raise ValueError("the pair's own records are always fetched")
    steps = [s for s in plan.steps if not (s.kind == "works" and s.scope in pairs)]
    if plan.area in SAMPLED_AREAS:
        for s in plan.steps:
            if s.kind == "works" and s.scope in pairs:
                steps += _pair_samples(plan, s.scope, sample_size, seed)
    return replace(plan, steps=tuple(steps))


@dataclass(frozen=True)
class PricedStep:
    step: Step
    works: int
    pages: int
    credits: int


def price(step: Step, works: int) -> PricedStep:
    """Pages and credits of a step, given how many works it matches (`meta.count`).

    Cursor paging ends on an empty page, so fetching N records costs ceil(N/200) + 1 calls; a
    group_by is one call (a year range has far fewer than 200 groups); a sample of n works is
    ceil(n/100) calls of basic paging."""
    if step.kind == "counts":
        return PricedStep(step, works, 1, 1)
    if step.kind == "sample":
        n = min(works, step.sample or 0)
        pages = max(1, math.ceil(n / SAMPLE_PER_PAGE))
        return PricedStep(step, n, pages, pages)
    pages = math.ceil(works / MAX_PER_PAGE)
    return PricedStep(step, works, pages, pages + 1)
