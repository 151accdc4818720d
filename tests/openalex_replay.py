"""A local stand-in for api.openalex.org that serves real OpenAlex works over real HTTP.

It answers ``GET /works`` from the records in ``shared/data/openalex/*.jsonl.gz`` wrapped in
the API's envelope (``meta`` / ``results`` / ``group_by``) with the API's rate-limit headers,
implements the subset of filter semantics our tests use (country codes with AND/OR/NOT,
publication_year ranges, ids, type), cursor paging with opaque cursors, ``per-page`` (1..200),
``select``, a title ``search``, and ``group_by`` (with cursor paging past 200 groups, sorted by
key, and refused for boolean keys as the real API does). Faults are injected per test:
N x 500, slow responses, short 429s with Retry-After, and a daily budget that runs out after K
credits. Every request is recorded so tests can assert what the client sent.
"""

from __future__ import annotations

import base64
import gzip
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

OPENALEX = "https://openalex.org/"
PER_PAGE_DEFAULT = 25
PER_PAGE_MAX = 200
BOOLEAN_GROUPS = {"is_oa", "open_access.is_oa", "is_retracted", "is_paratext", "has_doi"}
CREDITS_LIST, CREDITS_SEARCH = 1, 10


def load_works(folder: Path) -> list[dict[str, Any]]:
    """All works from the gzip JSON Lines files in ``folder`` (sorted by file name)."""
    works = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            works.extend(json.loads(line) for line in fh if line.strip())
    return works


def short_id(value: str | None) -> str:
    return (value or "").removeprefix(OPENALEX).lower()


# --------------------------------------------------------------------------- field accessors


def institution_countries(work: dict) -> set[str]:
    return {
        (inst.get("country_code") or "").upper()
        for a in work.get("authorships") or []
        for inst in a.get("institutions") or []
        if inst.get("country_code")
    }


def authorship_countries(work: dict) -> set[str]:
    """``authorships.countries`` where present (current schema), else institutions' codes."""
    out = {c.upper() for a in work.get("authorships") or [] for c in a.get("countries") or []}
    return out or institution_countries(work)


def author_ids(work: dict) -> set[str]:
    return {short_id((a.get("author") or {}).get("id")) for a in work.get("authorships") or []} - {""}


def institution_ids(work: dict) -> set[str]:
    return {
        short_id(inst.get("id"))
        for a in work.get("authorships") or []
        for inst in a.get("institutions") or []
        if inst.get("id")
    }


def concept_ids(work: dict) -> set[str]:
    return {short_id(c.get("id")) for c in work.get("concepts") or [] if c.get("id")}


def is_oa(work: dict) -> bool:
    return bool((work.get("open_access") or {}).get("is_oa"))


SET_FIELDS: dict[str, Callable[[dict], set[str]]] = {
    "institutions.country_code": institution_countries,
    "authorships.institutions.country_code": institution_countries,
    "authorships.countries": authorship_countries,
    "authorships.author.id": author_ids,
    "author.id": author_ids,
    "authorships.institutions.id": institution_ids,
    "institutions.id": institution_ids,
    "concepts.id": concept_ids,
    "concept.id": concept_ids,
    "type": lambda w: {(w.get("type") or "").lower()},
    "openalex": lambda w: {short_id(w.get("id"))},
    "primary_topic.subfield.id": lambda w: {short_id(((w.get("primary_topic") or {}).get("subfield") or {})
                                                     .get("id")).rsplit("/", 1)[-1]} - {""},
    "ids.openalex": lambda w: {short_id(w.get("id"))},
}
NUMBER_FIELDS = {"publication_year": lambda w: w.get("publication_year"),
                 "cited_by_count": lambda w: w.get("cited_by_count")}
BOOL_FIELDS = {"is_oa": is_oa, "open_access.is_oa": is_oa,
               "is_retracted": lambda w: bool(w.get("is_retracted")),
               "is_paratext": lambda w: bool(w.get("is_paratext"))}


class BadRequest(ValueError):
    """Answered with HTTP 400 and the API's error body."""


# --------------------------------------------------------------------------- filter semantics


def _number_matches(value: int | None, spec: str) -> bool:
    if value is None:
        return False
    if spec.startswith(">"):
        return value > int(spec[1:])
    if spec.startswith("<"):
        return value < int(spec[1:])
    low, dash, high = spec.partition("-")
    if dash:
        return (not low or value >= int(low)) and (not high or value <= int(high))
    return value == int(spec)


def _term_matches(work: dict, key: str, value: str) -> bool:
    negate = value.startswith("!")
    value = value[1:] if negate else value
    if key in SET_FIELDS:
        have = SET_FIELDS[key](work)
        norm = (lambda v: v.upper()) if "countr" in key else short_id  # country_code, countries
        # '+' = AND within the attribute, '|' = OR
        hit = all(any(norm(o) in have for o in part.split("|")) for part in value.split("+"))
    elif key in NUMBER_FIELDS:
        try:
            hit = any(_number_matches(NUMBER_FIELDS[key](work), v) for v in value.split("|"))
        except ValueError as exc:
            raise BadRequest(f"Invalid filter: {key}:{value} is not a number or range") from exc
    elif key in ("from_updated_date", "from_publication_date"):
        field = "updated_date" if key == "from_updated_date" else "publication_date"
        hit = (work.get(field) or "")[:10] >= value[:10]
    elif key in BOOL_FIELDS:
        if value.lower() not in ("true", "false"):
            raise BadRequest(f"Invalid filter: {key} expects true or false")
        hit = BOOL_FIELDS[key](work) == (value.lower() == "true")
    else:
        raise BadRequest(f"{key} is not a valid filter for the replay server")
    return hit != negate


def parse_filter(raw: str) -> list[tuple[str, str]]:
    terms = []
    for chunk in raw.split(","):
        key, sep, value = chunk.partition(":")
        if not sep:
            raise BadRequest(f"Invalid filter term {chunk!r}")
        terms.append((key.strip().lower(), value.strip()))
    return terms


def matches(work: dict, terms: list[tuple[str, str]]) -> bool:
    return all(_term_matches(work, k, v) for k, v in terms)


# --------------------------------------------------------------------------- group_by


def group_values(work: dict, key: str) -> list[tuple[str, str]]:
    """(key, key_display_name) buckets a work falls in for a group_by key, as the API names them."""
    if key in ("authorships.author.id", "author.id"):
        return sorted({(a["author"]["id"], a["author"].get("display_name") or "")
                       for a in work.get("authorships") or [] if (a.get("author") or {}).get("id")})
    if key in ("concepts.id", "concept.id"):
        return sorted({(c["id"], c.get("display_name") or "") for c in work.get("concepts") or [] if c.get("id")})
    if key in ("institutions.country_code", "authorships.institutions.country_code"):
        return sorted((c, c) for c in institution_countries(work))
    if key == "authorships.countries":
        return sorted((c, c) for c in authorship_countries(work))
    if key == "publication_year":
        year = work.get("publication_year")
        return [] if year is None else [(str(year), str(year))]
    if key == "type":
        return [(work.get("type") or "", work.get("type") or "")] if work.get("type") else []
    if key in BOOL_FIELDS:
        flag = str(BOOL_FIELDS[key](work)).lower()
        return [(flag, flag)]
    raise BadRequest(f"{key} is not a valid group_by for the replay server")


# --------------------------------------------------------------------------- faults


@dataclass
class Faults:
    """Per-test fault plan, consumed in request order."""

    errors: list[int] = field(default_factory=list)  # statuses to answer next (e.g. 500, 503)
    delays: list[float] = field(default_factory=list)  # seconds to stall the next responses
    rate_limits: list[float] = field(default_factory=list)  # Retry-After of short 429s to answer next
    budget_credits: int | None = None  # daily credits; None = unlimited
    credits_spent: int = 0
    # Scripted answers: each /works request about to be answered 200 passes its params and body through
    # every rewrite (a cursor cycle, an empty page with a next cursor, a record with an impossible year…).
    rewrites: list[Callable[[dict[str, list[str]], dict[str, Any]], dict[str, Any]]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # header values to send instead (e.g. Retry-After: inf)
    refused_filters: set[str] = field(default_factory=set)  # filter keys answered 400 (e.g. a premium-only one)


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]
    client_port: int

    def one(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[0] if values else None


def _encode_cursor(offset: int, scope: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([scope, offset]).encode()).decode()


def _decode_cursor(cursor: str, scope: str) -> int:
    if cursor == "*":
        return 0
    try:
        got_scope, offset = json.loads(base64.urlsafe_b64decode(cursor.encode()))[:2]
    except (ValueError, TypeError) as exc:
        raise BadRequest(f"Invalid cursor {cursor!r}") from exc
    if got_scope != scope:
        raise BadRequest("cursor does not belong to this query")
    return int(offset)


def seconds_to_midnight_utc(now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))


# --------------------------------------------------------------------------- server


class OpenAlexReplay:
    """Start with ``with OpenAlexReplay(works) as api: OpenAlexClient(base_url=api.url)``."""

    def __init__(self, works: Iterable[dict[str, Any]], daily_limit: int = 10_000) -> None:
        self.works = sorted(works, key=lambda w: w["id"])
        self.daily_limit = daily_limit
        self.faults = Faults()
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle

    def start(self) -> OpenAlexReplay:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse is observable

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                replay._handle(self)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> OpenAlexReplay:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- fault injection

    def fail_next(self, n: int, status: int = 500) -> None:
        self.faults.errors.extend([status] * n)

    def slow_next(self, n: int, seconds: float) -> None:
        self.faults.delays.extend([seconds] * n)

    def rate_limit_next(self, n: int = 1, retry_after: float = 1) -> None:
        self.faults.rate_limits.extend([retry_after] * n)

    def set_budget(self, credits: int | None) -> None:
        """A fresh day with ``credits`` left (None = unlimited)."""
        self.faults.budget_credits = credits
        self.faults.credits_spent = 0

    def rewrite(self, fn: Callable[[dict[str, list[str]], dict[str, Any]], dict[str, Any]]) -> None:
        """Script the answers: ``fn(params, body) -> body`` sees every /works answer before it is sent."""
        self.faults.rewrites.append(fn)

    def send_headers(self, **headers: str) -> None:
        """Send these header values instead of the computed ones (``Retry_After="inf"``: ``_`` → ``-``)."""
        self.faults.headers.update({k.replace("_", "-"): v for k, v in headers.items()})

    def works_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == "/works"]

    # -- request handling

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        with self._lock:
            self.requests.append(RecordedRequest(parts.path, params, dict(handler.headers.items()),
                                                 handler.client_address[1]))
            delay = self.faults.delays.pop(0) if self.faults.delays else 0.0
            error = self.faults.errors.pop(0) if self.faults.errors else None
            short_429 = None if error else (self.faults.rate_limits.pop(0) if self.faults.rate_limits else None)
        if delay:
            time.sleep(delay)
        if parts.path != "/works":
            return self._send(handler, 404, {"error": "Not found", "message": f"{parts.path} is not served"})
        if error:
            return self._send(handler, error, {"error": "Internal server error", "message": "injected fault"})
        cost = CREDITS_SEARCH if params.get("search") else CREDITS_LIST
        if short_429 is not None:
            return self._send_429(handler, cost, retry_after=short_429, per_second=True)
        with self._lock:
            budget = self.faults.budget_credits
            left = None if budget is None else budget - self.faults.credits_spent
            if left is not None and left < cost:
                exhausted = True
            else:
                exhausted = False
                self.faults.credits_spent += cost
        if exhausted:
            return self._send_429(handler, cost, retry_after=seconds_to_midnight_utc(), per_second=False)
        try:
            body = self._answer(params)
        except BadRequest as exc:
            return self._send(handler, 400, {"error": "Invalid query parameters error.", "message": str(exc)})
        for fn in list(self.faults.rewrites):
            body = fn(params, body)
        self._send(handler, 200, body, self._budget_headers(cost))

    def _remaining(self) -> int:
        budget = self.faults.budget_credits
        spent = self.faults.credits_spent
        return max(0, (self.daily_limit if budget is None else budget) - spent)

    def _budget_headers(self, cost: int) -> dict[str, str]:
        remaining = self._remaining()
        return {
            "X-RateLimit-Limit": str(self.daily_limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Credits-Used": str(cost),
            "X-RateLimit-Reset": str(seconds_to_midnight_utc()),
            "X-RateLimit-Limit-USD": str(self.daily_limit / 10_000),
            "X-RateLimit-Remaining-USD": str(remaining / 10_000),
            "X-RateLimit-Cost-USD": str(cost / 10_000),
            "X-RateLimit-Prepaid-Remaining-USD": "0",
            "X-RateLimit-Onetime-Remaining": "0",
        }

    def _send_429(self, handler: BaseHTTPRequestHandler, cost: int, retry_after: float, per_second: bool) -> None:
        remaining = self._remaining()
        if per_second:
            message = "Rate limit exceeded: 100 requests per second. Please slow down."
        else:
            message = (f"Insufficient budget. This request costs ${cost / 10_000} but you only have "
                       f"${remaining / 10_000} remaining. Resets at midnight UTC.")
        headers = {
            "Retry-After": str(int(retry_after) if float(retry_after).is_integer() else retry_after),
            "X-RateLimit-Limit": str(self.daily_limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Onetime-Remaining": "0",
            "X-RateLimit-Credits-Required": str(cost),
            "X-RateLimit-Cost-Required-USD": str(cost / 10_000),
            "X-RateLimit-Reset": str(seconds_to_midnight_utc()),
        }
        body = {"error": "Rate limit exceeded", "message": message, "retryAfter": retry_after,
                "creditsRequired": cost, "creditsRemaining": remaining, "onetimeCreditsRemaining": 0}
        self._send(handler, 429, body, headers)

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: dict, headers: dict | None = None) -> None:
        payload = json.dumps(body).encode()
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        headers.update({k.lower(): v for k, v in self.faults.headers.items()})
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test): nothing to answer

    def _answer(self, params: dict[str, list[str]]) -> dict[str, Any]:
        def one(name: str) -> str | None:
            values = params.get(name) or params.get(name.replace("-", "_"))
            return values[0] if values else None

        per_page_raw = one("per-page") or str(PER_PAGE_DEFAULT)
        if not per_page_raw.isdigit() or not 1 <= int(per_page_raw) <= PER_PAGE_MAX:
            raise BadRequest(f"per-page parameter must be between 1 and {PER_PAGE_MAX}")
        per_page = int(per_page_raw)
        raw_filter = one("filter") or ""
        terms = parse_filter(raw_filter) if raw_filter else []
        refused = sorted({k for k, _v in terms} & self.faults.refused_filters)
        if refused:
            raise BadRequest(f"{refused[0]} is only available to premium users")
        search = (one("search") or "").lower()
        hits = [w for w in self.works if matches(w, terms)
                and (not search or search in (w.get("title") or w.get("display_name") or "").lower())]
        hits = self._sorted(hits, one("sort"))
        if one("sample"):  # a seeded random sample, paged by page number (the API refuses cursors here)
            if one("cursor"):
                raise BadRequest("Cursor pagination is not supported with sample")
            hits = random.Random(int(one("seed") or 0)).sample(hits, min(int(one("sample")), len(hits)))
        cursor = one("cursor")
        group_key = one("group_by") or one("group-by")
        scope = json.dumps([raw_filter, search, one("sort"), group_key])
        started = time.perf_counter()
        meta: dict[str, Any] = {"count": len(hits), "db_response_time_ms": 0,
                                "page": None if cursor else 1, "per_page": per_page,
                                "next_cursor": None, "groups_count": None}
        if group_key:
            return self._answer_groups(hits, group_key.lower(), cursor, per_page, scope, meta, started)
        offset = _decode_cursor(cursor, scope) if cursor else (int(one("page") or 1) - 1) * per_page
        results = hits[offset: offset + per_page]
        if cursor and results:  # the API keeps handing cursors until an empty page
            meta["next_cursor"] = _encode_cursor(offset + len(results), scope)
        select = [s for s in (one("select") or "").split(",") if s]
        if select:
            results = [{k: w.get(k) for k in select} for w in results]
        meta["db_response_time_ms"] = int((time.perf_counter() - started) * 1000)
        return {"meta": meta, "results": results, "group_by": []}

    @staticmethod
    def _sorted(hits: list[dict], sort: str | None) -> list[dict]:
        if not sort:
            return hits
        key, _, direction = sort.partition(":")
        if key not in NUMBER_FIELDS:
            raise BadRequest(f"{key} is not a valid sort for the replay server")
        return sorted(hits, key=lambda w: (NUMBER_FIELDS[key](w) or 0), reverse=direction == "desc")

    def _answer_groups(self, hits, key, cursor, per_page, scope, meta, started) -> dict[str, Any]:
        if cursor and key in BOOLEAN_GROUPS:
            raise BadRequest("Cannot use cursor pagination when grouping fields that return true or false.")
        counts: Counter[tuple[str, str]] = Counter()
        for work in hits:
            counts.update(group_values(work, key))
        groups = [{"key": k, "key_display_name": name, "count": n} for (k, name), n in counts.items()]
        if cursor:  # paging: sorted by key
            groups.sort(key=lambda g: g["key"])
            offset = _decode_cursor(cursor, scope)
            page = groups[offset: offset + per_page]
            if page:
                meta["next_cursor"] = _encode_cursor(offset + len(page), scope)
        else:  # one page: the biggest groups first
            groups.sort(key=lambda g: (-g["count"], g["key"]))
            page = groups[:per_page]
        meta["groups_count"] = len(page)
        meta["db_response_time_ms"] = int((time.perf_counter() - started) * 1000)
        return {"meta": meta, "results": [], "group_by": page}


def main() -> None:
    """Serve the test data's real works until interrupted, to try `techties collect` without the
    network: `python -m tests.openalex_replay`, then pass the printed URL as `--base-url` (the works
    are mostly German: e.g. --pair DE US --baseline FR --years 2017-2022)."""
    from tests.conftest import SHARED_DATA

    with OpenAlexReplay(load_works(SHARED_DATA / "openalex")) as api:
        print(f"serving {len(api.works)} OpenAlex works at {api.url} (Ctrl-C stops)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
