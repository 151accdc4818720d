"""The local dashboard: a FastAPI app over a read-only warehouse, JSON API + one static page.

Why this shape: the routers only validate (`metrics.query.build_query`, a 400 with the CLI's
one-line message), take a slice of the query's pair view (`metrics.pair.compute_pair`) or of
another metrics function, and serialise it; nothing is computed here. Every request gets its own
DuckDB cursor (selections are temp tables on a connection). Results of a query are cached (the
warehouse is read-only while served, so they cannot go stale). All assets are served from
`static/`; the page inserts untrusted text with textContent only, and the API returns it as JSON
strings.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from techties.errors import TechtiesError
from techties.metrics.pair import COUNTING, PairView, compute_pair
from techties.metrics.provenance import warehouse_provenance
from techties.metrics.research import MetricTable, ResearchQuery, selection, top_institution_pairs
from techties.warehouse.store import connect_warehouse
from techties.web.export import (
    DEAL_COLUMNS,
    DRILL_RECORD_COLUMNS,
    HIT_COLUMNS,
    INITIATIVE_COLUMNS,
    RECORD_TABLES,
    SHARE_COLUMNS,
    WORK_COLUMNS,
    deal_row,
    file_name,
    hit_row,
    initiative_row,
    record_problem,
    records_csv,
    research_table_csv,
    research_table_parquet,
    share_row,
    work_row,
)
from techties.web.security import protect

STATIC = Path(__file__).parent / "static"
MAX_WORKS = 200
MAX_HITS = 2000  # screening hits one answer lists
MAX_TOP = 100  # rows of a top-N table the dashboard computes and draws (the CLI's limit is 10,000)
CACHE_SIZE = 128
# What the page asks for with its default filters (static/index.html): CN-RU, US baseline, 2010-2019.
FIRST_VIEW = (
    "/api/provenance",
    "/api/research?a=CN&b=RU&baseline=US&years=2010-2019",
    "/api/network?a=CN&b=RU&years=2010-2019",
    "/api/screening",
    "/api/deals?a=CN&b=RU&baseline=US&years=2010-2019",
    "/api/initiatives?a=CN&b=RU&baseline=US&years=2010-2019",
)


def warm_first_view(get: Callable[[str], Any], paths: Iterable[str] = FIRST_VIEW) -> None:
    """Request the dashboard's first view once, so that its answers are cached before anyone opens the
    page: on 1M works a new research query takes about 2 s, a cached one a few milliseconds."""
    for path in paths:
        get(path)


class _Cache:
    """A small thread-safe LRU of computed results. Concurrent requests for the same missing key
    wait for one computation instead of each running it (20 clients asking for the same new
    query would otherwise run it 20 times at once)."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()
        self.computing: dict[Any, threading.Lock] = {}

    def get_or_compute(self, key: Any, compute: Any) -> Any:
        hit = self.get(key)
        if hit is not None:
            return hit
        with self.lock:
            key_lock = self.computing.setdefault(key, threading.Lock())
        try:
            with key_lock:
                hit = self.get(key)
                if hit is None:
                    hit = compute()
                    self.put(key, hit)
        finally:
            with self.lock:
                self.computing.pop(key, None)
        return hit

    def get(self, key: Any) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key: Any, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def make_query(a: str, b: str, baseline: str | None, area: str | None, years: str | None,
               language: str | None, china_scope: str = "mainland", top: int = 15) -> ResearchQuery:
    """Query parameters -> ResearchQuery through the one validation the CLI uses (`build_query`):
    anything invalid is a 400 with the CLI's one-line message."""
    from techties.metrics.query import build_query

    try:
        q = build_query(a, b, baseline=baseline or None, years=years or None, area=area or None,
                        language=language or None, china_scope=china_scope, top=top)
    except TechtiesError as exc:
        raise HTTPException(400, str(exc)) from None
    if q.top > MAX_TOP:  # refused, not cut: top=0 and top=1000 answered 1 and 100 rows as if asked
        raise HTTPException(400, f"--top {q.top}: the dashboard lists at most {MAX_TOP} (`techties research --top`"
                                 " lists more)")
    return q


# What the page sends with each request (static/app.js `params`): its whole view. An endpoint that does not read
# one of these ignores it; any other parameter is refused (`query_problem`).
VIEW_KEYS = frozenset({"a", "b", "baseline", "area", "years", "language", "china_scope", "top", "rule"})


def query_problem(keys: Iterable[str], declared: Iterable[str]) -> str | None:
    """The one line that refuses a query string, or None. An unknown parameter was ignored, so ?pair=US&pair=GB
    (the CLI's --pair) or ?year=2015 answered CN-RU over all years as if asked; a repeated one (a=CN&a=US)
    silently meant its last value."""
    keys, known = list(keys), list(declared)
    for k in keys:
        if k not in known and k not in VIEW_KEYS:
            hint = ("write the pair as a=CN&b=RU" if k == "pair"
                    else f"this address reads {', '.join(known) or 'nothing'}")
            return f"unknown parameter {k[:40]!r}: {hint}"
    for k in dict.fromkeys(keys):
        if keys.count(k) > 1:
            return f"--{k[:40]} given {keys.count(k)} times: give it once"
    return None


def known_query(request: Request) -> None:
    """Every /api/ route's check of its query string (`query_problem`): a 400 with one line."""
    route = request.scope.get("route")
    if not request.url.path.startswith("/api/") or not hasattr(route, "dependant"):
        return
    problem = query_problem((k for k, _ in request.query_params.multi_items()),
                            (p.alias for p in route.dependant.query_params))
    if problem:
        raise HTTPException(400, problem)


def checked_rule(rule: str) -> str:
    """An investment attribution rule, or a 400 with the CLI's one line (`metrics.investment.check_rule`)."""
    from techties.metrics.investment import check_rule

    try:
        return check_rule(rule)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


def validation_message(errors: Iterable[Any]) -> str:
    """FastAPI's validation errors -> the first as one line in the CLI's words: "--top 'abc': not a whole number"."""
    first = next(iter(errors), None) or {}
    name = str((first.get("loc") or ("", "parameter"))[-1])
    if first.get("type") == "missing":
        return f"--{name} is required"
    got = str(first.get("input"))[:40]
    why = "not a whole number" if first.get("type") == "int_parsing" else str(first.get("msg", "not valid")).lower()
    return f"--{name} {got!r}: {why}"


def create_app(db: str | Path, read_only: bool = True) -> FastAPI:
    """The dashboard app over the warehouse at `db` (opened read-only unless asked otherwise)."""
    base = connect_warehouse(db, read_only)  # a folder, a locked, damaged or other file: one line, exit 4
    cache = _Cache(CACHE_SIZE)
    app = FastAPI(title="techties dashboard", docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json",
                  dependencies=[Depends(known_query)])
    protect(app)  # web/security.py: Host check against the bind address, CSP, no CDN-loaded API docs

    @app.exception_handler(RequestValidationError)
    async def one_line(_: Request, exc: RequestValidationError) -> JSONResponse:
        """A parameter of the wrong type (top=abc) is a 400 with one line, as `make_query`'s errors: FastAPI's
        422 list of objects read '[object Object]' on the page."""
        return JSONResponse({"detail": validation_message(exc.errors())}, status_code=400)
    app.state.con = base
    app.state.cache = cache

    @contextmanager
    def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
        cur = base.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def cached(key: Any, compute: Any) -> Any:
        return cache.get_or_compute(key, compute)

    async def cached_json(key: Any, compute: Any) -> Response:
        """The serialised answer, cached: the warehouse is read-only while served, so it cannot go stale.
        A cached answer is sent from the event loop; a new one is computed in the thread pool."""
        body = cache.get(("json", key))
        if body is None:
            def serialise() -> bytes:
                return json.dumps(compute(), default=str, separators=(",", ":")).encode()
            body = await run_in_threadpool(cached, ("json", key), serialise)
        return Response(body, media_type="application/json")

    def view(q: ResearchQuery, rule: str = "whole") -> PairView:
        """The pair view of a query, computed by `metrics` once and cached; the API serves slices of it."""
        def compute() -> PairView:
            with cursor() as cur:
                try:
                    return compute_pair(cur, q, rule=rule)
                except (TechtiesError, ValueError) as exc:
                    raise HTTPException(400, str(exc)) from None
        return cached(("research", q) if rule == "whole" else ("research", q, rule), compute)

    def curated() -> Any:
        def load() -> Any:
            from techties.sources.curated import load_curated_dir
            return load_curated_dir()
        return cached(("curated",), load)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    from techties.web.watch_api import router as watch_router  # "Indicators over time": web/watch_api.py
    app.include_router(watch_router)

    @app.get("/api/research")
    async def api_research(a: str = "CN", b: str = "RU", baseline: str | None = "US", area: str | None = None,
                     years: str | None = None, language: str | None = None, china_scope: str = "mainland",
                     top: int = 15, rule: str = "whole") -> Response:
        """Every research table of the query; `n_ids` per row says how many works a drill-down lists. `rule`:
        the notes state the investment rule the page's deals panel uses, not always the default."""
        rule = checked_rule(rule)
        q = make_query(a, b, baseline, area, years, language, china_scope, top)
        return await cached_json(("research", q, rule), lambda: research_body(q, rule))

    def research_body(q: ResearchQuery, rule: str = "whole") -> dict[str, Any]:
        v = view(q, rule)
        from techties.metrics.synthetic import query_indicator_synthetic, stored_synthetic, synthetic_ids

        with cursor() as cur:  # synthetic works behind each table and indicator, as the brief labels them
            syn = query_indicator_synthetic(cur, q, v.research, v.indicators)
            # a warehouse of real works only skips the lookup: on 1M selected works it takes about 1 s
            syn_ids = (synthetic_ids(cur, sorted({w for t in v.research.tables for r in t.work_ids or () for w in r}))
                       if stored_synthetic(cur) else set())
        tables = [{"name": t.name, "title": t.title, "columns": t.columns, "rows": t.rows, "note": t.note,
                   "n_ids": [len(ids) for ids in t.work_ids] if t.work_ids is not None else None,
                   "synthetic": table_synthetic(t.work_ids, syn_ids)}
                  for t in v.research.tables]
        indicators = [{**{k: getattr(i, k) for k in ("id", "name", "kind", "value", "denominator", "unit", "trend",
                                                     "status", "needs", "note")},
                       "synthetic": ({"works": syn[i.id].works, "synthetic": syn[i.id].synthetic}
                                     if i.id in syn and syn[i.id].synthetic else None),
                       "n_records": v.drills[i.id].n if i.id in v.drills else None} for i in v.indicators]
        shares = [dataclasses.asdict(s) for s in v.shares]  # each share's denominator, its sources and bounds
        pair_works = [dataclasses.asdict(p) for p in v.pair_works]  # baseline pairs not fetched: method, bounds
        return {"query": {**q.__dict__, "years": list(q.years) if q.years else None},
                "tables": tables, "notes": v.notes, "indicators": indicators, "shares": shares,
                "pair_works": pair_works}

    @app.get("/api/drill")
    async def api_drill(table: str, row: int, a: str = "CN", b: str = "RU", baseline: str | None = "US",
                  area: str | None = None, years: str | None = None, language: str | None = None,
                  china_scope: str = "mainland", top: int = 15) -> Response:
        """The works behind one cell: table name + row index of the same query."""
        q = make_query(a, b, baseline, area, years, language, china_scope, top)
        return await cached_json(("drill", q, table, row), lambda: drill_body(q, table, row))

    def drill_body(q: ResearchQuery, table: str, row: int) -> dict[str, Any]:
        t = next((t for t in view(q).research.tables if t.name == table), None)
        if t is None or t.work_ids is None:
            raise HTTPException(404, f"no drill-down for table {table[:40]!r}")
        if not 0 <= row < len(t.work_ids):
            raise HTTPException(404, f"row {row} out of range")
        ids = t.work_ids[row]
        return {"table": t.name, "row": dict(zip(t.columns, t.rows[row], strict=True)),
                "n": len(ids), "works": works(ids[:MAX_WORKS])}

    @app.get("/api/drill-indicator")
    async def api_drill_indicator(id: str, a: str = "CN", b: str = "RU", baseline: str | None = "US",  # noqa: A002
                                  area: str | None = None, years: str | None = None, language: str | None = None,
                                  china_scope: str = "mainland", top: int = 15) -> Response:
        """The records behind one indicator's value (`metrics.indicators.indicator_drills`): works, deals,
        initiatives, what they are of the figure, and what cannot be opened."""
        q = make_query(a, b, baseline, area, years, language, china_scope, top)
        return await cached_json(("drill-indicator", q, id), lambda: drill_indicator_body(q, id))

    def drill_indicator_body(q: ResearchQuery, id_: str) -> dict[str, Any]:
        v = view(q)
        d = v.drills.get(id_)
        if d is None:
            raise HTTPException(404, f"no indicator {id_[:40]!r}")
        ind = next(i for i in v.indicators if i.id == id_)
        return {"id": d.id, "name": ind.name, "value": ind.value, "unit": ind.unit, "denominator": ind.denominator,
                "n": d.n, "counts": d.counts, "note": d.note, "n_works": len(d.works),
                "works": works(list(d.works[:MAX_WORKS])), "deals": records("deals", d.deals),
                "initiatives": records("initiatives", d.initiatives)}

    def records(table: str, ids: tuple[str, ...]) -> list[dict[str, Any]]:
        """Curated deals or initiatives by id, as the warehouse holds them (in the order given)."""
        if not ids:
            return []
        cols = DRILL_RECORD_COLUMNS[table]  # fixed names
        marks = ", ".join("?" * len(ids))
        with cursor() as cur:
            got = cur.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE {cols[0]} IN ({marks})",  # noqa: S608
                              list(ids)).fetchall()
        by_id = {r[0]: dict(zip(cols, r, strict=True)) for r in got}
        return [by_id[i] for i in ids if i in by_id]

    def works(ids: list[str]) -> list[dict[str, Any]]:
        if not ids:
            return []
        # one bound parameter per id (only "?" marks are formatted in): DuckDB then probes the
        # work_id indexes instead of scanning the tables
        marks = ", ".join("?" * len(ids))
        works_sql = ("SELECT w.work_id, title, year, doi, language, cited_by_count, source, synthetic"  # noqa: S608
                     f" FROM works w WHERE w.work_id IN ({marks}) ORDER BY year, work_id")
        affs_sql = ("SELECT a.work_id, a.position, a.author_name, coalesce(i.name, a.raw_affiliation),"  # noqa: S608
                    " a.country_code FROM authorships a LEFT JOIN institutions i ON i.institution_id = a.institution_id"
                    f" WHERE a.work_id IN ({marks}) ORDER BY a.work_id, a.position")
        with cursor() as cur:
            rows = cur.execute(works_sql, ids).fetchall()
            affs = cur.execute(affs_sql, ids).fetchall()
        by_work: dict[str, list[dict[str, Any]]] = {}
        for wid, _pos, author, inst, country in affs:
            by_work.setdefault(wid, []).append({"author": author, "institution": inst, "country": country})
        return [{"work_id": r[0], "title": r[1], "year": r[2], "doi": _doi_url(r[3]), "language": r[4],
                 "cited_by_count": r[5], "source": r[6], "synthetic": bool(r[7]),
                 "affiliations": by_work.get(r[0], [])} for r in rows]

    @app.get("/api/works")
    async def api_works(ids: str = Query(..., description="comma-separated work ids")) -> Response:
        wanted = tuple(i.strip() for i in ids.split(",") if i.strip())[:MAX_WORKS]
        return await cached_json(("works", wanted), lambda: {"works": works(list(wanted))})

    @app.get("/api/screening")
    async def api_screening(limit: int = 200) -> Response:
        """Screening hits with the list entry they matched and the features that explain them."""
        if not 1 <= limit <= MAX_HITS:  # refused, not cut: limit=0 listed 1 hit as if asked
            raise HTTPException(400, f"--limit {limit}: must be at least 1" if limit < 1
                                else f"--limit {limit}: at most {MAX_HITS:,}")
        return await cached_json(("screening", limit), lambda: screening_body(limit))

    def screening_body(limit: int) -> dict[str, Any]:
        from techties.metrics.screening import hit_count, readable_hits

        with cursor() as cur:
            hits = readable_hits(cur, limit)
            total = hit_count(cur)
        return {"hits": hits, "total": total, "note": screening_note(len(hits), total)}

    @app.get("/api/initiatives")
    async def api_initiatives(a: str = "CN", b: str = "RU", baseline: str | None = "US", years: str | None = None,
                              area: str | None = None, language: str | None = None) -> Response:
        """The pair's curated initiatives of the view (years, area; undated ones apart), with sources."""
        q = make_query(a, b, baseline, area, years, language)
        return await cached_json(("initiatives", q), lambda: initiatives_body(q))

    def initiatives_body(q: ResearchQuery) -> dict[str, Any]:
        from techties.metrics.initiatives import party_labels

        v = view(q)
        data = curated()
        records = {i.initiative_id: i for i in data.initiatives}

        def row(i: Any) -> dict[str, Any]:
            rec = records.get(i.id)
            sources = [{"id": s, "title": data.sources[s].title, "published_on": data.sources[s].published_on,
                        "url": data.sources[s].url} for s in (rec.sources if rec else []) if s in data.sources]
            return {"id": i.id, "kind": i.kind, "title": i.title, "year": i.year,
                    "started_on": (rec.started_on if rec else None) or (str(i.year) if i.year else None),
                    "status": i.status, "sectors": list(i.sectors), "summary": i.summary,
                    "parties": party_labels(i.parties, rec, data), "sources": sources}
        dated = sorted((row(i) for i in v.initiatives), key=lambda r: (r["started_on"] or "", r["id"]))  # by date
        return {"initiatives": dated, "undated": [row(i) for i in v.initiatives_undated],
                "curated_on": data.curated_on}

    @app.get("/api/deals")
    async def api_deals(a: str = "CN", b: str = "RU", baseline: str | None = "US", rule: str = "whole",
                        years: str | None = None, area: str | None = None, language: str | None = None) -> Response:
        """The view's investment by direction and year under `rule`, and the pair's deals behind it."""
        rule = checked_rule(rule)
        q = make_query(a, b, baseline, area, years, language)
        return await cached_json(("deals", q, rule), lambda: deals_body(q, rule))

    def deals_body(q: ResearchQuery, rule: str) -> dict[str, Any]:
        v = view(q, rule)
        data = curated()
        rep = v.investment
        pair_dirs = {f"{q.a}→{q.b}", f"{q.b}→{q.a}"}
        between = {i for r in (rep.rows if rep else []) if r.direction in pair_dirs for i in r.deal_ids}
        listed = [{"deal_id": d.deal_id, "announced_on": d.announced_on, "target": d.target,
                   "target_country": d.target_country, "round": d.round, "amount": d.amount,
                   "currency": d.currency, "disclosed": d.disclosed, "sectors": list(d.sectors),
                   "investors": [{"name": i.name, "country": i.country} for i in d.investors],
                   "sources": [{"id": s, "title": data.sources[s].title, "url": data.sources[s].url}
                               for s in d.source_ids if s in data.sources]}
                  for d in sorted(v.deals, key=lambda d: (d.announced_on or "9999", d.deal_id))  # by date
                  if d.deal_id in between]
        from techties.metrics.investment import RULE_TEXT
        report = rep.as_dict() if rep else {"rule": rule, "rule_text": RULE_TEXT[rule], "rows": []}
        return {"report": report, "deals": listed}

    @app.get("/api/network")
    async def api_network(a: str = "CN", b: str = "RU", area: str | None = None, years: str | None = None,
                    language: str | None = None, top: int = 40) -> Response:
        """Organisations linked by co-authored works of the pair (institution pairs, rolled up)."""
        q = make_query(a, b, None, area, years, language, top=top)
        return await cached_json(("network", q), lambda: network_body(q))

    def institution_pairs(q: ResearchQuery) -> MetricTable:
        """From the cached pair view if there is one, else only this table on a selection of its own
        (a few times cheaper than the whole view; the selection is dropped after)."""
        done = cache.get(("research", q))
        if done is not None:
            return done.research.table("top_institution_pairs")
        with cursor() as cur:
            try:
                with selection(cur, q) as s:
                    return top_institution_pairs(cur, q, explain=False, s=s)
            except (TechtiesError, ValueError) as exc:
                raise HTTPException(400, str(exc)) from None

    def network_body(q: ResearchQuery) -> dict[str, Any]:
        from techties.metrics.network import pair_network

        return pair_network(institution_pairs(q).rows, q.a, q.b)

    @app.get("/api/export.csv")
    async def api_export_csv(table: str, a: str = "CN", b: str = "RU", baseline: str | None = "US",
                             area: str | None = None, years: str | None = None, language: str | None = None,
                             china_scope: str = "mainland", top: int = 15, rule: str = "whole",
                             of: str | None = None, row: int | None = None, id: str | None = None,  # noqa: A002
                             ) -> Response:
        """A table of the page as a CSV file (`web/export.py`): a research table in the rows of `techties research
        --format csv`; shares, indicators, deals, initiatives, screening hits, or a drill-down's records as records
        (table=drill&of=TABLE&row=N: its works; table=drill-indicator&id=ID: the indicator's works, and
        drill-indicator-deals, drill-indicator-initiatives its other records); every row with as_of, data,
        ai_model, techties_version. Screening: every hit of the warehouse (the panel lists the first 200)."""
        return await exported("csv", table, (a, b, baseline, area, years, language, china_scope, top, rule),
                              of, row, id)

    @app.get("/api/export.parquet")
    async def api_export_parquet(table: str, a: str = "CN", b: str = "RU", baseline: str | None = "US",
                                 area: str | None = None, years: str | None = None, language: str | None = None,
                                 china_scope: str = "mainland", top: int = 15, rule: str = "whole") -> Response:
        """A research table as `techties research --output` writes its Parquet file."""
        return await exported("parquet", table, (a, b, baseline, area, years, language, china_scope, top, rule),
                              None, None, None)

    async def exported(fmt: str, table: str, view_args: tuple[Any, ...], of: str | None, row: int | None,
                       id_: str | None) -> Response:
        *query_args, rule = view_args
        rule = checked_rule(rule)
        q = make_query(*query_args)
        given = {k for k, v in (("of", of), ("row", row), ("id", id_)) if v is not None}
        if problem := record_problem(table, given):  # table=yearly&row=3 answered the whole table as if asked
            raise HTTPException(400, problem)
        # not cached: the view it reads is, and a drill-down's file of 50,000 works would hold megabytes in the cache
        body = await run_in_threadpool(export_body, fmt, q, rule, table, of, row, id_)
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/vnd.apache.parquet"
        name = file_name(q.a, q.b, table if table in export_names(q, rule) else "export", fmt)
        return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    def export_names(q: ResearchQuery, rule: str) -> list[str]:
        return [t.name for t in view(q, rule).research.tables] + list(RECORD_TABLES)

    def export_body(fmt: str, q: ResearchQuery, rule: str, table: str, of: str | None, row: int | None,
                    id_: str | None) -> bytes:
        """The file's bytes: metrics' rows through the CLI's writers (`web/export.py`); nothing computed here."""
        from techties.metrics.export import long_provenance
        from techties.metrics.synthetic import synthetic_per_row

        v = view(q, rule)
        names = export_names(q, rule)
        if table not in names:
            raise HTTPException(400, f"--table {table[:40]!r}: one of {', '.join(names)}")
        research = {t.name: t for t in v.research.tables}
        if fmt == "parquet" and table not in research:
            raise HTTPException(400, f"--table {table}: Parquet is written for the research tables only (CSV for "
                                     "the others)")
        meta = {"query": q.__dict__, "command": "techties serve", **v.provenance}
        stamp = long_provenance(meta, f"warehouse {db}")
        if table in research:
            t = research[table]
            with cursor() as cur:
                syn = synthetic_per_row(cur, [t]).get(table) if t.work_ids is not None else None
            if fmt == "parquet":
                return research_table_parquet(v.research, table, meta, syn)
            return research_table_csv(v.research, table, stamp, syn).encode()
        if table == "shares":
            return records_csv(SHARE_COLUMNS, map(share_row, v.shares), stamp).encode()
        if table == "indicators":  # the writer of research --output's and the brief's indicators.csv
            from techties.metrics.export import indicator_csv
            from techties.metrics.synthetic import query_indicator_synthetic

            with cursor() as cur:
                syn = query_indicator_synthetic(cur, q, v.research, v.indicators)
            rows, columns = indicator_csv(v.indicators, syn)
            return records_csv(columns, rows, stamp).encode()
        if table == "deals":
            return records_csv(DEAL_COLUMNS, map(deal_row, deals_body(q, rule)["deals"]), deals_stamp(stamp)).encode()
        if table == "initiatives":
            body = initiatives_body(q)
            return records_csv(INITIATIVE_COLUMNS, map(initiative_row, body["initiatives"] + body["undated"]),
                               initiatives_stamp(stamp)).encode()
        if table == "screening":
            from techties.metrics.provenance import lists_as_of
            from techties.metrics.screening import hit_count, readable_hits

            with cursor() as cur:
                hits = readable_hits(cur, hit_count(cur))
                listed = {**stamp, "as_of": lists_as_of(cur) or "unknown"}  # the lists' date, not the works'
            return records_csv(HIT_COLUMNS, map(hit_row, hits), listed).encode()
        if table in ("drill-indicator-deals", "drill-indicator-initiatives"):  # the other records it lists
            kind = table.rsplit("-", 1)[1]
            d = indicator_drill(v, id_)
            listed_ids = d.deals if kind == "deals" else d.initiatives
            dated = deals_stamp(stamp) if kind == "deals" else initiatives_stamp(stamp)
            return records_csv(DRILL_RECORD_COLUMNS[kind], records(kind, listed_ids), dated).encode()
        ids = drilled_ids(v, table, of, row, id_)
        listed = [w for i in range(0, len(ids), MAX_WORKS) for w in works(ids[i:i + MAX_WORKS])]
        listed.sort(key=lambda w: (w["year"] is None, w["year"] or 0, w["work_id"]))  # the drill's order, all chunks
        return records_csv(WORK_COLUMNS, map(work_row, listed), stamp).encode()

    def deals_stamp(stamp: dict[str, object]) -> dict[str, object]:
        """Deals dated as `investments --db` dates them: their sources' date (`deals_as_of`), not the works'."""
        from techties.metrics.provenance import deals_as_of

        with cursor() as cur:
            return {**stamp, "as_of": deals_as_of(cur) or "unknown"}

    def initiatives_stamp(stamp: dict[str, object]) -> dict[str, object]:
        """Initiatives dated by the curated file they come from (`curated_on`), not by the works."""
        return {**stamp, "as_of": (curated().curated_on or {}).get("initiatives.yaml") or "unknown"}

    def indicator_drill(v: PairView, id_: str | None) -> Any:
        """The records behind an indicator (`PairView.drills`), or the 400/404 line."""
        if not id_:
            raise HTTPException(400, "--id is required with an indicator's drill-down (table=drill-indicator…)")
        d = v.drills.get(id_)
        if d is None:
            raise HTTPException(404, f"no indicator {id_[:40]!r}")
        return d

    def drilled_ids(v: PairView, table: str, of: str | None, row: int | None, id_: str | None) -> list[str]:
        """Every work behind a drill-down (the page lists the first 200): a table's row, or an indicator's works."""
        if table == "drill-indicator":
            return list(indicator_drill(v, id_).works)
        if of is None or row is None:
            raise HTTPException(400, "--of TABLE and --row N are required with table=drill")
        t = next((t for t in v.research.tables if t.name == of), None)
        if t is None or t.work_ids is None:
            raise HTTPException(404, f"no drill-down for table {of[:40]!r}")
        if not 0 <= row < len(t.work_ids):
            raise HTTPException(404, f"row {row} out of range")
        return list(t.work_ids[row])

    @app.get("/api/provenance")
    async def api_provenance() -> Response:
        def compute() -> dict[str, Any]:
            with cursor() as cur:
                prov = warehouse_provenance(cur)
            prov["curated_on"] = curated().curated_on
            prov["read_only"] = read_only
            prov["counting"] = COUNTING  # what a pair's work is, as the brief's provenance states it
            return prov
        return await cached_json(("provenance",), compute)

    return app


def screening_note(shown: int, total: int) -> str:
    """What the screening panel lists of the warehouse's hits: the panel showed its first 200 with no word of
    more."""
    if not total:
        return "no screening results in this warehouse"
    return "" if shown >= total else f"the first {shown} of {total} hits, best first"


def table_synthetic(work_ids: list[list[str]] | None, synthetic: set[str]) -> dict[str, Any] | None:
    """The synthetic works behind a table and each of its rows (`metrics.synthetic.count_among`), with the
    brief's caption sentence; None when none is. The page showed synthetic funders, fields and institution
    pairs with no word of it."""
    from techties.metrics.synthetic import count_among

    if work_ids is None:
        return None
    count = count_among(work_ids, synthetic)
    if not count.synthetic:
        return None
    return {"works": count.works, "synthetic": count.synthetic, "per_row": list(count.per_row),
            "sentence": count.sentence()}


def _doi_url(doi: str | None) -> str | None:
    """A DOI as an https://doi.org link; anything that is not a DOI is dropped (no javascript: links)."""
    if not doi:
        return None
    d = doi.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if d.lower().startswith(prefix):
            d = d[len(prefix):]
    return f"https://doi.org/{d}" if d.startswith("10.") else None
