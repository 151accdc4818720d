"""`techties collect`: run a pair's plan against the OpenAlex API into the warehouse.

Orchestration above the stages it uses (sources: the client and the plan; warehouse: storage;
resolve, through `ingest.store_api_page`; classify: scoring samples), like `ingest.py`.

A *collection* is one pass over a plan, recorded step by step in `collect_steps`. A collection
stopped by the daily budget (or `--max-credits`) is resumed by the same command: done steps are
skipped, a works step resumes from its saved cursor. Once a collection is complete, the next run
of the same command starts a new one: works steps fetch only records updated since the previous
collection began (`from_updated_date`), and every count series gets a newly dated snapshot.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb

from techties.ingest import store_api_page
from techties.sources.openalex_api import BudgetExhausted, OpenAlexClient, OpenAlexError, Page, fetch_works
from techties.sources.openalex_plan import (
    SAMPLE_PER_PAGE,
    SAMPLE_SIZE,
    SAMPLED_AREAS,
    Plan,
    PricedStep,
    Step,
    estimate_pairs,
    plan_collect,
    price,
)
from techties.sources.openalex_snapshot import rebuild_abstract
from techties.warehouse import Warehouse
from techties.warehouse.store import WarehouseCursorStore, now_iso, transaction

Z95 = 1.959964  # two-sided 95% normal quantile
FREE_KEY_CREDITS, NO_KEY_CREDITS = 10_000, 1_000  # a day, when the API's X-RateLimit-Limit is not known


@dataclass
class CollectReport:
    run_id: str
    collection: str
    resumed: bool
    since: str | None
    n_read: int = 0
    n_ok: int = 0
    n_quarantined: int = 0
    n_merged: int = 0  # records of works already stored (fetched again): read = ok + merged + quarantined
    n_series: int = 0
    steps_done: int = 0
    steps_total: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.steps_done == self.steps_total


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float


def sample_estimate(scores: Sequence[float], population: int) -> Estimate:
    """A set's works in an area from the calibrated scores of a simple random sample of its
    `population` works.

    The sample's count is `classify.model.estimate_count` (the sum of the probabilities, with the
    Poisson-binomial spread of which works are in the area given their scores), scaled up by N/n.
    Two uncertainties add (as variances) in the 95% interval: which works the sample drew (the
    normal interval of a mean with the finite-population correction: none when every work is
    sampled) and which works are in the area given their probabilities (N/n times the sample's:
    its half-width, read from estimate_count's interval, grows by sqrt(N/n)). A sample of the
    whole set is estimate_count itself. Clipped to [0, population]."""
    from techties.classify.model import estimate_count

    n = len(scores)
    if population <= 0:
        return Estimate(0.0, 0.0, 0.0)
    if n == 0:
        return Estimate(math.nan, 0.0, float(population))
    in_sample, low, high = estimate_count(scores)
    if n >= population:
        return Estimate(in_sample, low, high)
    value = population / n * in_sample
    if n < 2:
        return Estimate(value, 0.0, float(population))
    mean = in_sample / n
    var = sum((p - mean) ** 2 for p in scores) / (n - 1)
    sampling = Z95 * population * math.sqrt(var / n * (1 - n / population))
    # estimate_count clips at most one side for n >= 4 (z * sd <= z * sqrt(n) / 2 < n / 2 then)
    labels = math.sqrt(population / n) * max(high - in_sample, in_sample - low)
    half = math.hypot(sampling, labels)
    return Estimate(value, max(0.0, value - half), min(float(population), value + half))


# --------------------------------------------------------------------------- collections


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def latest_collection(wh: Warehouse, plan_key: str) -> tuple[str, int, bool, str] | None:
    """The plan's latest collection: (id, number, complete, start date), or None."""
    row = wh.con.execute(
        "SELECT collection, collection_no, bool_and(done), min(started) FROM collect_steps WHERE plan_key = ?"
        " GROUP BY 1, 2 ORDER BY 2 DESC LIMIT 1", [plan_key]).fetchone()
    return (row[0], int(row[1]), bool(row[2]), row[3]) if row else None


def begin(wh: Warehouse, run_id: str, a: str, b: str, baseline: str | None, years: tuple[int, int],
          area: str | None, sample_size: int = SAMPLE_SIZE, fit: Callable[[Plan], Plan] | None = None
          ) -> tuple[Plan, str, bool, list[tuple[int, Step]]]:
    """The collection this run works on and its pending steps: the stopped one, else a new one
    (its plan passed through `fit`, which may leave out baseline records too large for the budget:
    the steps stored are what a resume runs)."""
    plan = plan_collect(a, b, baseline, years, area, sample_size=sample_size)
    last = latest_collection(wh, plan.key)
    if last and not last[2]:
        collection = last[0]
        rows = wh.con.execute("SELECT step_no, step_json FROM collect_steps WHERE plan_key = ? AND collection = ?"
                              " AND NOT done ORDER BY step_no", [plan.key, collection]).fetchall()
        return plan, collection, True, [(n, Step.from_json(j)) for n, j in rows]
    since = last[3] if last else None
    plan = plan_collect(a, b, baseline, years, area, since=since, sample_size=sample_size)
    if fit is not None:
        plan = fit(plan)
    number = (last[1] + 1) if last else 1
    started = today()
    wh.con.executemany(
        "INSERT INTO collect_steps (plan_key, collection, collection_no, step_no, step_key, step_json, done,"
        " run_id, started, updated) VALUES (?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?)",
        [[plan.key, run_id, number, i, s.label, s.to_json(), run_id, started, now_iso()]
         for i, s in enumerate(plan.steps)])
    return plan, run_id, False, list(enumerate(plan.steps))


def _mark_done(wh: Warehouse, plan_key: str, collection: str, step_no: int, run_id: str) -> None:
    wh.con.execute("UPDATE collect_steps SET done = TRUE, run_id = ?, updated = ? WHERE plan_key = ?"
                   " AND collection = ? AND step_no = ?", [run_id, now_iso(), plan_key, collection, step_no])


# --------------------------------------------------------------------------- steps


def run_works(wh: Warehouse, client: OpenAlexClient, step: Step, run_id: str, report: CollectReport) -> None:
    """A pair's records, stored as `ingest openalex-api` stores them (same ids, same upsert)."""
    query = client.works(filter=step.filter)
    store = WarehouseCursorStore(wh.con, query.to_json())

    def on_page(page: Page) -> None:
        got = store_api_page(wh, page.results, run_id=run_id, query_key=query.key, offset=page.offset,
                             page=page.number)
        report.n_read += len(page.results)
        report.n_ok += got.n_ok
        report.n_quarantined += got.n_quarantined
        report.n_merged += got.n_merged

    fetch_works(query, store, on_page)


def without_since(step: Step) -> Step:
    """The step without its `from_updated_date` term (the same step when it has none)."""
    terms = [t for t in step.filter.split(",") if not t.startswith("from_updated_date:")]
    return step if len(terms) == len(step.filter.split(",")) else dataclasses.replace(step, filter=",".join(terms))


def series_row(step: Step, year: int, value: float, run_id: str, source: str, *, method: str = "openalex-count",
               low: float | None = None, high: float | None = None, sample_size: int | None = None,
               query: str | None = None) -> list[Any]:
    return [query or step.request, step.scope_kind, step.scope, step.area, year, value, low, high, method,
            sample_size, today(), run_id, source]


SERIES_INSERT = ("INSERT INTO count_series (query, scope_kind, scope, area, year, value, low, high, method,"
                 " sample_size, retrieved_on, run_id, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def run_counts(wh: Warehouse, client: OpenAlexClient, step: Step, years: tuple[int, int], run_id: str) -> list[list]:
    """One group_by call: works per publication year; a year OpenAlex has no group for is 0."""
    groups = client.works(filter=step.filter).group_by("publication_year").groups()
    by_year: dict[int, int] = {}
    for g in groups:
        if g.key.isdigit():
            by_year[int(g.key)] = by_year.get(int(g.key), 0) + g.count
    return [series_row(step, y, float(by_year.get(y, 0)), run_id, client.base_url)
            for y in range(years[0], years[1] + 1)]


def population(wh: Warehouse, scope: str, year: int, scope_kind: str = "country") -> int | None:
    """A country's whole output (or a pair's works) that year, from the newest count (this
    collection's counts step)."""
    row = wh.con.execute(
        "SELECT value FROM count_series WHERE scope_kind = ? AND scope = ? AND area = 'all' AND year = ?"
        " AND method = 'openalex-count' ORDER BY retrieved_on DESC, run_id DESC LIMIT 1",
        [scope_kind, scope, year]).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def run_sample(wh: Warehouse, client: OpenAlexClient, step: Step, run_id: str, clf: Any) -> list[list]:
    """Score a seeded sample of a country's (or a baseline pair's) works in one year; estimate its
    works in the area."""
    assert step.year is not None and step.sample and step.seed is not None
    total = population(wh, step.scope, step.year, step.scope_kind)
    if total is None:
        raise RuntimeError(f"no count of {step.scope} {step.year} to scale the sample by (plan order broken)")
    works: list[dict] = []
    if total:
        query = client.works(filter=step.filter).select("id,title,display_name,abstract_inverted_index,language")
        works = list(query.sample(step.sample, step.seed).iter_sample(per_page=SAMPLE_PER_PAGE))
    titles = [w.get("title") or w.get("display_name") for w in works]
    abstracts = [rebuild_abstract(w.get("abstract_inverted_index")) if isinstance(
        w.get("abstract_inverted_index"), dict) else None for w in works]
    scores = [float(s) for s in clf.score(titles, abstracts, [w.get("language") for w in works])] if works else []
    est = sample_estimate(scores, total)
    query_text = (f"{step.request} (scored by {clf.version}); population: "
                  f"works?filter={step.filter}&group_by=publication_year")
    return [series_row(step, step.year, est.value, run_id, client.base_url, method="sample-estimate",
                       low=est.low, high=est.high, sample_size=len(works), query=query_text)]


def collect(wh: Warehouse, client: OpenAlexClient, run_id: str, a: str, b: str, baseline: str | None,
            years: tuple[int, int], area: str | None, *, clf: Any = None,
            sample_size: int = SAMPLE_SIZE, budget: int | Literal["daily"] | None = None) -> CollectReport:
    """Run (or resume) the plan's collection. Raises `BudgetExhausted` with every position saved.
    With a `budget` (credits, or "daily": a day's credits as the API reports them), a new collection
    estimates each baseline pair whose records cost more (`fit_to_budget`) instead of fetching them;
    without one, every record is fetched."""
    notes: list[str] = []

    def fit(plan: Plan) -> Plan:
        fitted, said, _counts = fit_to_budget(client, plan, budget if budget is not None else "daily", sample_size)
        notes.extend(said)
        return fitted

    plan, collection, resumed, pending = begin(wh, run_id, a, b, baseline, years, area, sample_size,
                                               fit if budget is not None else None)
    since = next((s.filter.split("from_updated_date:")[1] for _, s in pending if "from_updated_date:" in s.filter),
                 None)
    total = wh.con.execute("SELECT count(*) FROM collect_steps WHERE plan_key = ? AND collection = ?",
                           [plan.key, collection]).fetchone()[0]
    report = CollectReport(run_id, collection, resumed, since, steps_total=int(total),
                           steps_done=int(total) - len(pending), notes=notes)
    for step_no, step in pending:
        if step.kind == "works":
            try:
                run_works(wh, client, step, run_id, report)
            except OpenAlexError as exc:
                full = without_since(step)
                if full is step or isinstance(exc, BudgetExhausted) or "HTTP 4" not in str(exc):
                    raise
                # OpenAlex has long kept from_updated_date for premium keys: refetch the whole step
                # (the upsert makes that harmless) and keep the new query, so a resume asks the same
                wh.con.execute("UPDATE collect_steps SET step_json = ? WHERE plan_key = ? AND collection = ?"
                               " AND step_no = ?", [full.to_json(), plan.key, collection, step_no])
                report.notes.append(f"{step.scope}: from_updated_date refused ({exc}); fetched every record")
                run_works(wh, client, full, run_id, report)
            _mark_done(wh, plan.key, collection, step_no, run_id)
        else:
            if step.kind == "counts":
                rows = run_counts(wh, client, step, years, run_id)
            else:
                if clf is None:
                    from techties.classify.model import load_model

                    clf = load_model()
                rows = run_sample(wh, client, step, run_id, clf)
            with transaction(wh.con):  # a snapshot and its step's mark, together
                wh.con.executemany(SERIES_INSERT, rows)
                _mark_done(wh, plan.key, collection, step_no, run_id)
            report.n_series += len(rows)
        report.steps_done += 1
    if plan.area == "ai" and report.n_ok:
        from techties.classify.apply import apply_to_warehouse

        apply_to_warehouse(wh, clf=clf, show_progress=False)
    return report


# --------------------------------------------------------------------------- dry run


def next_plan(wh: Warehouse | None, a: str, b: str, baseline: str | None, years: tuple[int, int],
              area: str | None, fit: Callable[[Plan], Plan] | None = None) -> tuple[Plan, list[Step]]:
    """What the same command would fetch now: the pending steps of a stopped collection, or a new
    collection (incremental after a complete one), passed through `fit` as `collect` does."""
    plan = plan_collect(a, b, baseline, years, area)
    last = latest_collection(wh, plan.key) if wh is not None else None
    if last and not last[2]:
        rows = wh.con.execute("SELECT step_json FROM collect_steps WHERE plan_key = ? AND collection = ?"  # type: ignore[union-attr]
                              " AND NOT done ORDER BY step_no", [plan.key, last[0]]).fetchall()
        return plan, [Step.from_json(r[0]) for r in rows]
    if last:
        plan = plan_collect(a, b, baseline, years, area, since=last[3])
    if fit is not None:
        plan = fit(plan)
    return plan, list(plan.steps)


def dry_run(client: OpenAlexClient, steps: Sequence[Step], known: dict[str, int] | None = None) -> list[PricedStep]:
    """Each step priced from its `meta.count` (one call per works and counts step, none where
    `known` has the filter's count already; a sample step is priced at its size without a call)."""
    priced = []
    for step in steps:
        if step.kind == "sample":
            priced.append(price(step, step.sample or 0))
        elif known is not None and step.filter in known:
            priced.append(price(step, known[step.filter]))
        else:
            priced.append(price(step, client.works(filter=step.filter).count()))
    return priced


# --------------------------------------------------------------------------- the budget


def daily_credits(client: OpenAlexClient) -> int:
    """A day's credits: as the API reported them for this key, else a free key's (or none's)."""
    known = client.rate_limit.limit if client.rate_limit and client.rate_limit.limit else None
    return int(known or (FREE_KEY_CREDITS if client.api_key else NO_KEY_CREDITS))


def size_checks(plan: Plan) -> list[Step]:
    """The baseline pairs' works steps, whose size `fit_to_budget` asks (one credit each)."""
    main = f"{plan.a}-{plan.b}"
    return [without_since(s) for s in plan.steps if s.kind == "works" and s.scope != main]


def credits_to_start(wh: Warehouse | None, a: str, b: str, baseline: str | None, years: tuple[int, int],
                     area: str | None) -> tuple[int, str]:
    """The fewest credits with which the same command fetches anything, and why. A stopped
    collection resumes with 1. A new one first asks the size of each baseline pair (one call each,
    `fit_to_budget`), and only then stores its steps: with fewer credits than those calls and one
    query more, every run would stop before the collection begins, and the next would ask again."""
    plan = plan_collect(a, b, baseline, years, area)
    try:
        last = latest_collection(wh, plan.key) if wh is not None else None
    except duckdb.CatalogException:  # a warehouse without collect_steps yet: no collection
        last = None
    checks = [] if last and not last[2] else size_checks(plan)
    if not checks:
        return 1, "a stopped collection resumes from its saved positions"
    pairs = ", ".join(s.scope for s in checks)
    return len(checks) + 1, (f"a new collection first asks the size of each baseline pair ({pairs}: 1 credit each), "
                             "then needs 1 credit for its first query")


def fit_to_budget(client: OpenAlexClient, plan: Plan, budget: int | Literal["daily"],
                  sample_size: int = SAMPLE_SIZE) -> tuple[Plan, list[str], dict[str, int]]:
    """The plan with each baseline pair whose records would cost more than `budget` credits
    ("daily": a day's, read once the first call has told the key's limit) estimated instead of
    fetched (`openalex_plan.estimate_pairs`: its yearly works are OpenAlex's count; in --area ai its
    works in the area a sample estimate per year), the notes that say so, and the counts asked (by
    filter). A pair's size is that of all its records (not only those updated since the last
    collection), so a rerun decides as the first collection did."""
    counts: dict[str, int] = {}
    large: list[str] = []
    notes: list[str] = []
    for step in size_checks(plan):
        counts[step.filter] = client.works(filter=step.filter).count()
        cost = price(step, counts[step.filter])
        limit = daily_credits(client) if budget == "daily" else budget
        if cost.credits > limit:
            large.append(step.scope)
            how = ("sample estimates of its works in the area, per year" if plan.area in SAMPLED_AREAS
                   else "OpenAlex's yearly counts of its works")
            notes.append(f"baseline {step.scope}: {cost.works:,} works would cost {cost.credits:,} credits, more "
                         f"than the budget of {limit:,}: not fetched; {how} stand for it")
    if not large:
        return plan, notes, counts
    return estimate_pairs(plan, large, sample_size=sample_size), notes, counts
