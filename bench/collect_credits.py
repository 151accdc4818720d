"""What a CN–RU–US brief costs in OpenAlex credits: `techties collect --dry-run`'s own pricing,
answered from recorded counts instead of the live API.

The dry run asks each query's `meta.count`. Here a stand-in transport answers those calls from the
real co-authorship counts shipped in `techties/data/aggregates/` (bavla/OpenAlex, retrieved
2024-08-27, 1990–2023). Years after 2023 are not in that file: they are taken as equal to 2023
(CN–RU 4,596, CN–US 72,794, RU–US 6,804 a year), an assumption the output states. A country's whole
output is priced at one group_by call whatever its size, so its count does not matter here.

    python bench/collect_credits.py [--years 2010-2025] [--area ai]
"""

from __future__ import annotations

import argparse
import json
from urllib.parse import parse_qs, urlsplit

import httpx

from techties.collect import dry_run
from techties.sources.openalex_aggregates import shipped_series
from techties.sources.openalex_api import OpenAlexClient
from techties.sources.openalex_plan import plan_collect


def recorded_counts() -> dict[tuple[str, int], float]:
    return {(r.scope, r.year): r.value for r in shipped_series() if r.scope_kind == "pair"}


def answer(counts: dict[tuple[str, int], float], last_year: int):  # noqa: ANN201
    def handler(request: httpx.Request) -> httpx.Response:
        params = parse_qs(urlsplit(str(request.url)).query)
        terms = dict(t.split(":", 1) for t in params["filter"][0].split(",") if not t.startswith("authorships"))
        countries = [t.split(":", 1)[1] for t in params["filter"][0].split(",") if t.startswith("authorships")]
        y1, _, y2 = terms["publication_year"].partition("-")
        years = range(int(y1), int(y2 or y1) + 1)
        scope = "-".join(countries)
        n = sum(counts.get((scope, min(y, last_year)), 0) for y in years) if len(countries) == 2 else 0
        body = {"meta": {"count": int(n), "next_cursor": None}, "results": [], "group_by": []}
        return httpx.Response(200, content=json.dumps(body).encode(), headers={"X-RateLimit-Limit": "10000"})

    return handler


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", default="2010-2025")
    ap.add_argument("--area", default=None)
    args = ap.parse_args()
    y1, y2 = (int(y) for y in args.years.split("-"))
    counts = recorded_counts()
    last = max(y for _, y in counts)
    plan = plan_collect("CN", "RU", "US", (y1, y2), args.area)
    with OpenAlexClient(base_url="https://api.openalex.org", transport=httpx.MockTransport(answer(counts, last)),
                        api_key="recorded") as client:
        priced = dry_run(client, plan.steps)
    for p in priced:
        print(f"{p.step.request}\t{p.works}\t{p.pages}\t{p.credits}")
    total = sum(p.credits for p in priced)
    print(f"years after {last} taken as equal to {last}; daily limit of a free key: 10,000 credits")
    print(f"credits={total}")


if __name__ == "__main__":
    main()
