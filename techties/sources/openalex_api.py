"""A small fluent client for the OpenAlex REST API: filtered works, cursor paging, group counts.

Why our own and not pyalex: pyalex keeps its settings in a global mutable ``config``, opens a
new HTTP session per request and retries every 429 alike. Here one :class:`OpenAlexClient`
holds its own settings and one ``httpx.Client`` (connection reuse), queries are immutable
values (each fluent call returns a new :class:`Query`), and the rate-limit headers are read so
that a short per-second 429 waits while a spent daily budget stops cleanly with the cursor to
resume from (:class:`BudgetExhausted`).

What the API says about limits (researched 2026; sources below):

* Since 13 Feb 2026 an API key (``api_key`` query parameter) is expected; usage is metered
  against a daily budget: $0.10/day (1,000 credits) without a key, $1/day (10,000 credits)
  with a free key; a list/filter call costs 1 credit ($0.0001), a ``search=`` call 10
  credits, a singleton is free. All users are also limited to 100 requests per second.
  (developers.openalex.org/api-reference/authentication; docs.openalex.org
  how-to-use-the-api/rate-limits-and-authentication.) ``mailto`` (the old "polite pool") is
  ignored since Feb 2026 (help.openalex.org/api/deprecations, quoted in
  LearningCircuit/local-deep-research#6219); we still send it, it does no harm.
* Every response carries ``X-RateLimit-Limit`` (daily credits), ``X-RateLimit-Remaining``
  (credits left today), ``X-RateLimit-Credits-Used`` (this call), ``X-RateLimit-Reset``
  (SECONDS until the reset at midnight UTC, not an epoch time), ``X-RateLimit-Limit-USD``,
  ``X-RateLimit-Remaining-USD``, ``X-RateLimit-Cost-USD``, ``X-RateLimit-Prepaid-Remaining-USD``
  and ``X-RateLimit-Onetime-Remaining`` (prepaid credits). A 429 adds ``Retry-After``
  (seconds), ``X-RateLimit-Credits-Required`` and ``X-RateLimit-Cost-Required-USD``, and a JSON
  body ``{"error": "Rate limit exceeded", "message": ..., "retryAfter", "creditsRequired",
  "creditsRemaining", ...}`` whose message is either "Rate limit exceeded: 100 requests per
  second. Please slow down." or "Insufficient budget. ... Resets at midnight UTC."
  (gateway source: ourresearch/openalex-api-proxy ``src/index.ts``; header lists observed
  live in SMTG-Bham/PaperMinerToolkit#75 and J535D165/pyalex#99/#100; the official CLI
  ourresearch/openalex-official tells the two 429s apart by Remaining vs Credits-Required.)
* ``group_by`` returns at most 200 groups per page; more are paged with ``cursor=*`` /
  ``meta.next_cursor`` and then come sorted by key; ``meta.groups_count`` counts the groups of
  the current page only; boolean fields refuse cursor paging
  (developers.openalex.org/guides/grouping; ropensci/openalexR#207, #328).
* Filters: comma = AND between filters; repeating a key (``institutions.country_code:CN,
  institutions.country_code:RU``) or ``+`` = AND within one attribute; ``|`` = OR; ``!`` = NOT;
  ranges ``2010-2019``, ``>2015``, ``<2015`` (developers.openalex.org/guides/filtering).
  ``per-page`` is 1..200 in the long-standing docs (the 2026 developer docs show 1..100 for
  basic paging); the default here stays 200 as cursor paging accepts it.
"""

from __future__ import annotations

import dataclasses
import email.utils
import hashlib
import json
import math
import random
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, Protocol

import httpx
import msgspec

from techties.errors import UsageError

DEFAULT_BASE_URL = "https://api.openalex.org"
MAX_PER_PAGE = 200
START_CURSOR = "*"
CREDITS_LIST, CREDITS_SEARCH = 1, 10  # what one call costs (a list/filter/group_by call; a search call)
MAX_EMPTY_PAGES = 3  # empty pages in a row that still hand a next cursor before we give up


# --------------------------------------------------------------------------- errors


class OpenAlexError(RuntimeError):
    """The API could not be used: a bad query (4xx) or a fault that outlasted the retries."""


class CursorCycle(OpenAlexError):
    """The API handed back a cursor it had handed before: following it would loop forever."""

    def __init__(self, message: str, *, cursor: str | None = None) -> None:
        super().__init__(message)
        self.cursor = cursor


class BudgetExhausted(OpenAlexError):
    """The daily budget is spent: stop, keep ``cursor``, resume after ``reset_at``."""

    def __init__(
        self,
        message: str,
        *,
        cursor: str | None = None,
        reset_at: datetime | None = None,
        rate_limit: RateLimitStatus | None = None,
    ) -> None:
        super().__init__(message)
        self.cursor = cursor
        self.reset_at = reset_at
        self.rate_limit = rate_limit

    def __str__(self) -> str:
        reset = self.reset_at.isoformat(timespec="seconds") if self.reset_at else "unknown"
        return f"{self.args[0]} (resets at {reset}; resume from cursor {self.cursor!r})"


class CreditCapReached(BudgetExhausted):
    """The caller's own cap (``max_credits``) is reached: a stop on purpose, resumed like a spent budget."""

    def __str__(self) -> str:
        return f"{self.args[0]} (resume from cursor {self.cursor!r})"


# --------------------------------------------------------------------------- rate limits


# Bounds for numbers the API sends in headers and bodies. A budget resets at midnight UTC, so no
# wait is longer than a day; a count beyond 10^10 is more than every work OpenAlex holds (~250 M).
MAX_WAIT_SECONDS = 86_400
MAX_HEADER_NUMBER = 10**12
MAX_COUNT = 10**10


def bounded(value: float, high: float) -> float | None:
    """A number from the wire clamped into [0, high]; NaN is unknown (None). `inf`, `1e20` or a
    negative value must not become an OverflowError (timedelta) or a negative sleep."""
    if math.isnan(value):
        return None
    return min(max(value, 0.0), high)


def _num(headers: Mapping[str, str], name: str, kind: type = int, high: float = MAX_HEADER_NUMBER) -> Any:
    raw = headers.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = bounded(float(raw), high)
    except ValueError:
        return None
    if value is None:
        return None
    return int(value) if kind is int else kind(value)


def wire_count(value: Any, what: str) -> int:
    """A count from a response body (meta.count, a group's count), checked: an integer in
    [0, MAX_COUNT], else the response is rejected with a clear message."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or value != int(value) or not 0 <= value <= MAX_COUNT:
        raise OpenAlexError(f"OpenAlex sent an impossible {what}: {str(value)[:40]!r}")
    return int(value)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return bounded(float(value), MAX_WAIT_SECONDS)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return None
    now = now or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return bounded((when - now).total_seconds(), MAX_WAIT_SECONDS)


@dataclass(frozen=True)
class RateLimitStatus:
    """The budget as the last response reported it (credits, USD, seconds to reset)."""

    limit: int | None = None
    remaining: int | None = None
    credits_used: int | None = None
    credits_required: int | None = None
    reset_seconds: int | None = None
    limit_usd: float | None = None
    remaining_usd: float | None = None
    cost_usd: float | None = None
    prepaid_remaining_usd: float | None = None
    onetime_remaining: int | None = None
    retry_after: float | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimitStatus:
        return cls(
            limit=_num(headers, "x-ratelimit-limit"),
            remaining=_num(headers, "x-ratelimit-remaining"),
            credits_used=_num(headers, "x-ratelimit-credits-used"),
            credits_required=_num(headers, "x-ratelimit-credits-required"),
            reset_seconds=_num(headers, "x-ratelimit-reset", high=MAX_WAIT_SECONDS),
            limit_usd=_num(headers, "x-ratelimit-limit-usd", float),
            remaining_usd=_num(headers, "x-ratelimit-remaining-usd", float),
            cost_usd=_num(headers, "x-ratelimit-cost-usd", float),
            prepaid_remaining_usd=_num(headers, "x-ratelimit-prepaid-remaining-usd", float),
            onetime_remaining=_num(headers, "x-ratelimit-onetime-remaining"),
            retry_after=parse_retry_after(headers.get("retry-after")),
        )

    def reset_at(self, now: datetime | None = None) -> datetime | None:
        """When the budget comes back: Retry-After if given, else X-RateLimit-Reset."""
        seconds = self.retry_after if self.retry_after is not None else self.reset_seconds
        if seconds is None:
            return None
        return (now or datetime.now(UTC)) + timedelta(seconds=seconds)


def is_budget_exhausted(status: RateLimitStatus, body: Mapping[str, Any], max_wait: float) -> bool:
    """Tell a spent daily budget (stop) from a short per-second limit (wait) on a 429.

    The gateway's message names the case; failing that, remaining credits (daily plus prepaid)
    below the credits this call needs means the budget is spent, and so does a Retry-After
    longer than we are willing to sleep.
    """
    message = str(body.get("message", "")).lower()
    if "insufficient budget" in message or ("daily" in message and "limit" in message):
        return True
    if "per second" in message:
        return False
    required = status.credits_required or 1
    if status.remaining is not None and status.remaining + (status.onetime_remaining or 0) < required:
        return True
    return status.retry_after is not None and status.retry_after > max_wait


def exponential_backoff(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    """Seconds before retry number ``attempt`` (0-based): doubling, capped, with jitter."""
    ceiling = min(cap, base * (2**attempt))
    return ceiling * (0.5 + random.random() / 2)  # noqa: S311 - jitter, not security


# --------------------------------------------------------------------------- filters

_TERM_SPLIT = re.compile(r",(?=\s*[A-Za-z_][A-Za-z0-9_.]*:)")


def any_of(*values: object) -> str:
    """OR within one attribute: ``any_of("CN", "RU")`` -> ``"CN|RU"``."""
    return "|".join(_scalar(v) for v in values)


def between(low: object, high: object) -> str:
    """An inclusive range: ``between(2010, 2019)`` -> ``"2010-2019"``."""
    return f"{_scalar(low)}-{_scalar(high)}"


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()  # the API wants true/false
    return str(value)


def _splits_plus(key: str, value: str) -> bool:
    """``+`` means AND within an attribute, except in search filters and in URLs/DOIs."""
    return "+" in value and not key.endswith(".search") and "/" not in value


def filter_terms(**filters: object) -> list[tuple[str, str]]:
    """Keyword filters as (key, value) terms, each term ANDed with the others.

    A list value or ``"CN+RU"`` repeats the key (AND: works with both); ``"CN|RU"`` or
    :func:`any_of` is OR; a nested dict flattens to dotted keys.
    """
    terms: list[tuple[str, str]] = []
    for key, value in filters.items():
        if isinstance(value, Mapping):
            nested = filter_terms(**{f"{key}.{k}": v for k, v in value.items()})
            terms.extend(nested)
        elif isinstance(value, list | tuple | set | frozenset):
            terms.extend((key, _scalar(v)) for v in value)
        else:
            text = _scalar(value)
            if _splits_plus(key, text):
                terms.extend((key, part) for part in text.split("+") if part)
            else:
                terms.append((key, text))
    return terms


def parse_filter(raw: str) -> list[tuple[str, str]]:
    """A raw ``filter=`` string (as typed on the command line) as (key, value) terms."""
    terms = []
    for chunk in _TERM_SPLIT.split(raw.strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        key, sep, value = chunk.partition(":")
        if not sep or not key.strip() or not value.strip():
            # wrong usage (exit 2), not a bug (exit 1): it comes from --filter; UsageError is a ValueError too
            raise UsageError(f"bad OpenAlex filter term {chunk!r} in {raw!r}: expected key:value, "
                             "e.g. institutions.country_code:CN")
        terms.append((key.strip(), value.strip()))
    return terms


def format_filter(terms: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    return ",".join(f"{k}:{v}" for k, v in terms)


def query_key(
    filter: str | None = None,  # noqa: A002 - the API's own word
    search: str | None = None,
    select: str | list[str] | tuple[str, ...] | None = None,
    sort: str | None = None,
    entity: str = "works",
) -> str:
    """A stable hash naming a query, so a saved cursor is found again by the next run.

    Filter terms are sorted (AND is commutative), so ``a:1,b:2`` and ``b:2,a:1`` share a key.
    """
    return hashlib.sha256(_canonical_json(filter, search, select, sort, entity).encode()).hexdigest()[:24]


def _canonical_json(filter, search, select, sort, entity) -> str:  # noqa: A002
    terms = sorted(parse_filter(filter)) if filter else []
    if isinstance(select, str):
        select = [s.strip() for s in select.split(",") if s.strip()]
    doc = {
        "entity": entity,
        "filter": [f"{k.lower()}:{v}" for k, v in terms],
        "search": search or None,
        "select": sorted(select) if select else None,
        "sort": sort or None,
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":"))


# --------------------------------------------------------------------------- records


class Page(NamedTuple):
    """One page of results as handed over: the raw work dicts and where to go next."""

    results: list[dict[str, Any]]
    next_cursor: str | None
    meta: dict[str, Any]
    cursor: str | None = None  # the cursor this page was fetched with
    rate_limit: RateLimitStatus | None = None
    offset: int = 0  # works of this query handed over before this page, across resumed runs
    number: int = 0  # 1-based page number within the query, across resumed runs (0: unknown)


class Group(NamedTuple):
    """One ``group_by`` bucket."""

    key: str
    key_display_name: str | None
    count: int


@dataclass(frozen=True)
class ApiResponse:
    data: dict[str, Any]
    rate_limit: RateLimitStatus


# --------------------------------------------------------------------------- query


@dataclass(frozen=True)
class Query:
    """An immutable OpenAlex list query; every fluent call returns a new one."""

    client: OpenAlexClient = field(repr=False, compare=False)
    entity: str = "works"
    filters: tuple[tuple[str, str], ...] = ()
    search_text: str | None = None
    select_fields: tuple[str, ...] = ()
    sort_keys: tuple[str, ...] = ()
    group_key: str | None = None
    sample_size: int | None = None
    seed: int | None = None

    def filter(self, raw: str | None = None, /, **filters: object) -> Query:
        """Add AND-ed filter terms, from keywords and/or a raw ``k:v,k:v`` string."""
        terms = parse_filter(raw) if raw else []
        terms += filter_terms(**filters)
        return dataclasses.replace(self, filters=self.filters + tuple(terms))

    def search(self, text: str) -> Query:
        return dataclasses.replace(self, search_text=text)

    def select(self, *fields: str) -> Query:
        names = tuple(f.strip() for spec in fields for f in spec.split(",") if f.strip())
        return dataclasses.replace(self, select_fields=self.select_fields + names)

    def sort(self, *keys: str, **directions: str) -> Query:
        """``sort("publication_year:desc")`` or ``sort(cited_by_count="desc")``."""
        extra = tuple(keys) + tuple(f"{k}:{d}" for k, d in directions.items())
        return dataclasses.replace(self, sort_keys=self.sort_keys + extra)

    def group_by(self, key: str) -> Query:
        return dataclasses.replace(self, group_key=key)

    def sample(self, n: int, seed: int) -> Query:
        """A seeded random sample of ``n`` works (at most 10,000; read with :meth:`iter_sample`)."""
        if not 1 <= n <= 10_000:
            raise ValueError(f"a sample is 1 to 10,000 works, got {n}")
        return dataclasses.replace(self, sample_size=n, seed=seed)

    # -- identity

    @property
    def filter_string(self) -> str | None:
        return format_filter(self.filters) or None

    @property
    def key(self) -> str:
        return query_key(self.filter_string, self.search_text, self.select_fields or None,
                         ",".join(self.sort_keys) or None, self.entity)

    def to_json(self) -> str:
        """The canonical query, for the ``api_cursors.query_json`` column."""
        return _canonical_json(self.filter_string, self.search_text, self.select_fields or None,
                               ",".join(self.sort_keys) or None, self.entity)

    def params(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.filters:
            out["filter"] = format_filter(self.filters)
        if self.search_text:
            out["search"] = self.search_text
        if self.select_fields:
            out["select"] = ",".join(self.select_fields)
        if self.sort_keys:
            out["sort"] = ",".join(self.sort_keys)
        if self.group_key:
            out["group_by"] = self.group_key
        if self.sample_size:
            out["sample"] = str(self.sample_size)
            out["seed"] = str(self.seed)
        return out

    # -- execution

    def iter_pages(self, start_cursor: str | None = None, per_page: int | None = None) -> Iterator[Page]:
        """Cursor-page through the results; resume by passing a saved ``start_cursor``.

        A :class:`BudgetExhausted` raised here carries the cursor of the page not yet
        fetched: every page yielded before it is complete. Only an empty page without a next
        cursor ends the results: an empty page that hands a next cursor is followed (up to
        ``MAX_EMPTY_PAGES`` in a row), and a cursor seen before (a cycle, A→B→A) raises
        :class:`CursorCycle` instead of counting the same works again until the budget is gone.
        """
        if self.group_key:
            raise ValueError("a group_by query is read with groups(), not iter_pages()")
        per_page = self.client._check_per_page(per_page)
        cursor = start_cursor or START_CURSOR
        seen = {cursor}
        empty_run = 0
        while cursor:
            params = {**self.params(), "per-page": str(per_page), "cursor": cursor}
            response = self.client.get(f"/{self.entity}", params)
            meta = dict(response.data.get("meta") or {})
            results = response.data.get("results") or []
            if not isinstance(results, list):
                raise OpenAlexError(f"OpenAlex sent results that are not a list (cursor {cursor!r})")
            next_cursor = meta.get("next_cursor")
            if next_cursor is not None and not isinstance(next_cursor, str):
                raise OpenAlexError(f"OpenAlex sent a next_cursor that is not text (cursor {cursor!r})")
            if next_cursor in seen:
                raise CursorCycle(
                    f"OpenAlex returned cursor {_short(next_cursor)} again after {len(seen)} pages (a cycle); "
                    f"stopped so that no work is counted twice: the pages before it are stored", cursor=cursor)
            if results:
                empty_run = 0
                yield Page(list(results), next_cursor, meta, cursor, response.rate_limit)
            elif not next_cursor:
                return  # the end: an empty page without a next cursor
            else:
                empty_run += 1
                if empty_run >= MAX_EMPTY_PAGES:
                    raise OpenAlexError(
                        f"OpenAlex sent {empty_run} empty pages in a row that still hand a next cursor; "
                        f"stopped (not taken as the end): run again to resume from cursor {_short(cursor)}")
            seen.add(next_cursor)
            cursor = next_cursor

    def iter_sample(self, per_page: int | None = None) -> Iterator[dict]:
        """The works of a seeded sample: the API pages a sample by page number, not by cursor."""
        if not self.sample_size:
            raise ValueError("call sample(n, seed) before iter_sample()")
        per_page = min(self.client._check_per_page(per_page), self.sample_size)
        handed = 0
        for number in range(1, math.ceil(self.sample_size / per_page) + 1):
            params = {**self.params(), "per-page": str(per_page), "page": str(number)}
            results = self.client.get(f"/{self.entity}", params).data.get("results") or []
            if not isinstance(results, list):
                raise OpenAlexError("OpenAlex sent sample results that are not a list")
            for work in results[: self.sample_size - handed]:
                handed += 1
                yield work
            if len(results) < per_page:
                return

    def iter_works(self, start_cursor: str | None = None, per_page: int | None = None) -> Iterator[dict]:
        for page in self.iter_pages(start_cursor, per_page):
            yield from page.results

    def count(self) -> int:
        """How many records match (one cheap request)."""
        params = {k: v for k, v in self.params().items() if k != "group_by"}
        response = self.client.get(f"/{self.entity}", {**params, "per-page": "1"})
        return wire_count((response.data.get("meta") or {}).get("count"), "meta.count")

    def groups(self) -> list[Group]:
        """All ``group_by`` buckets, paging past the API's 200 per response.

        One plain request first (it works for boolean keys, which refuse cursors); only if it
        comes back full do we re-read everything with cursor paging, sorted by key.
        """
        if not self.group_key:
            raise ValueError("call group_by(key) before groups()")
        params = {**self.params(), "per-page": str(MAX_PER_PAGE)}
        first = self.client.get(f"/{self.entity}", params).data.get("group_by") or []
        if len(first) < MAX_PER_PAGE:
            return [_group(g) for g in first]
        out: list[Group] = []
        cursor: str | None = START_CURSOR
        seen = {cursor}
        while cursor:
            data = self.client.get(f"/{self.entity}", {**params, "cursor": cursor}).data
            batch = data.get("group_by") or []
            out.extend(_group(g) for g in batch)
            next_cursor = (data.get("meta") or {}).get("next_cursor")
            if not batch or next_cursor == cursor or next_cursor in seen:
                break
            seen.add(next_cursor)
            cursor = next_cursor
        return out


def _group(raw: Mapping[str, Any]) -> Group:
    return Group(str(raw.get("key")), raw.get("key_display_name"), wire_count(raw.get("count"), "group count"))


def _short(cursor: str | None) -> str:
    """A cursor for a message: they can be long, and they come from the wire."""
    text = repr(cursor)
    return text if len(text) <= 40 else text[:37] + "…'"


# --------------------------------------------------------------------------- client


class OpenAlexClient:
    """One configured connection to OpenAlex; no global state, one reused ``httpx.Client``."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str | None = None,
        mailto: str | None = None,
        per_page: int = MAX_PER_PAGE,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: Callable[[int], float] = exponential_backoff,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_rate_limit_wait: float = 60.0,
        user_agent: str = "techties (https://github.com/techties)",
        max_credits: int | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.mailto = mailto
        self.per_page = self._check_per_page(per_page)
        self.max_retries = max_retries
        self.backoff = backoff
        self.sleep = sleep
        self.max_rate_limit_wait = max_rate_limit_wait
        self.rate_limit: RateLimitStatus | None = None
        self.n_requests = 0
        self.max_credits = max_credits  # stop on purpose before spending more than this (None: no cap)
        self.credits_spent = 0
        agent = f"{user_agent} mailto:{mailto}" if mailto else user_agent
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": agent, "Accept": "application/json"},
        )

    # -- lifecycle

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OpenAlexClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries

    def query(self, entity: str = "works", filter: str | None = None,  # noqa: A002
              search: str | None = None, select: str | None = None, sort: str | None = None) -> Query:
        q = Query(self, entity)
        if filter:
            q = q.filter(filter)
        if search:
            q = q.search(search)
        if select:
            q = q.select(select)
        if sort:
            q = q.sort(sort)
        return q

    def works(self, filter: str | None = None, search: str | None = None,  # noqa: A002
              select: str | None = None, sort: str | None = None) -> Query:
        return self.query("works", filter, search, select, sort)

    # -- transport

    def _check_per_page(self, per_page: int | None) -> int:
        value = per_page if per_page is not None else getattr(self, "per_page", MAX_PER_PAGE)
        if not 1 <= value <= MAX_PER_PAGE:
            raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}, got {value}")
        return value

    def _auth_params(self) -> dict[str, str]:
        out = {}
        if self.api_key:
            out["api_key"] = self.api_key
        if self.mailto:
            out["mailto"] = self.mailto
        return out

    def _describe(self, path: str, params: Mapping[str, str]) -> str:
        shown = {k: v for k, v in params.items() if k != "api_key"}  # keys never reach logs
        return f"{path}?{httpx.QueryParams(shown)}"

    def get(self, path: str, params: Mapping[str, str]) -> ApiResponse:
        """GET with retries on 5xx, timeouts and connection errors; 429s by their kind."""
        full = {**params, **self._auth_params()}
        where = self._describe(path, params)
        cost = CREDITS_SEARCH if params.get("search") else CREDITS_LIST
        if self.max_credits is not None and self.credits_spent + cost > self.max_credits:
            raise CreditCapReached(f"--max-credits {self.max_credits} reached before {where}",
                                   cursor=params.get("cursor"))
        last_problem = "no attempt made"
        for attempt in range(self.max_retries + 1):
            wait: float | None = None
            try:
                self.n_requests += 1
                response = self._http.get(path, params=full)
            except httpx.TimeoutException as exc:
                last_problem = f"timeout ({type(exc).__name__})"
            except httpx.TransportError as exc:
                last_problem = f"connection error ({type(exc).__name__}: {exc})"
            else:
                status = RateLimitStatus.from_headers(response.headers)
                self.rate_limit = status
                code = response.status_code
                if code == 200:
                    self.credits_spent += cost
                    return ApiResponse(self._decode(response, where), status)
                body = self._error_body(response)
                if code == 429:
                    if is_budget_exhausted(status, body, self.max_rate_limit_wait):
                        raise BudgetExhausted(
                            f"OpenAlex daily budget exhausted on {where}: "
                            f"{body.get('message') or 'HTTP 429'}",
                            cursor=params.get("cursor"),
                            reset_at=status.reset_at(),
                            rate_limit=status,
                        )
                    last_problem = f"HTTP 429 {body.get('message') or ''}".strip()
                    wait = (min(status.retry_after, self.max_rate_limit_wait) if status.retry_after is not None
                            else self.backoff(attempt))
                elif code >= 500:
                    last_problem = f"HTTP {code}"
                else:
                    detail = body.get("message") or body.get("error") or response.text[:200]
                    raise OpenAlexError(f"OpenAlex rejected {where}: HTTP {code}: {detail}")
            if attempt < self.max_retries:
                self.sleep(wait if wait is not None else self.backoff(attempt))
        raise OpenAlexError(
            f"OpenAlex request {where} failed after {self.max_retries + 1} attempts: {last_problem}"
        )

    @staticmethod
    def _decode(response: httpx.Response, where: str) -> dict[str, Any]:
        try:
            data = msgspec.json.decode(response.content)
        except msgspec.DecodeError as exc:
            raise OpenAlexError(f"OpenAlex sent invalid JSON for {where}: {exc}") from exc
        if not isinstance(data, dict):
            raise OpenAlexError(f"OpenAlex sent a {type(data).__name__}, not an object, for {where}")
        return data

    @staticmethod
    def _error_body(response: httpx.Response) -> dict[str, Any]:
        try:
            data = msgspec.json.decode(response.content)
        except msgspec.DecodeError:
            return {}
        return data if isinstance(data, dict) else {}


# --------------------------------------------------------------------------- resumable fetch


class CursorStore(Protocol):
    """Where a long fetch keeps its place (the warehouse's ``api_cursors`` table in production).

    ``load`` returns the cursor to resume from, or None to start from the beginning (unknown
    query, or one that finished: a finished query re-run is a full refresh). ``n_fetched`` is
    the number of works of the query handed over so far, across resumed runs; a store may also
    offer ``fetched(query_key)`` returning it, so pages keep their numbers after a resume.
    """

    def load(self, query_key: str) -> str | None: ...

    def save(self, query_key: str, cursor: str | None, n_fetched: int, finished: bool) -> None: ...


@dataclass
class CursorState:
    cursor: str | None
    n_fetched: int
    finished: bool


class MemoryCursorStore:
    """A dict-backed :class:`CursorStore` for tests and one-off scripts."""

    def __init__(self) -> None:
        self.states: dict[str, CursorState] = {}
        self.history: list[tuple[str, str | None, int, bool]] = []

    def load(self, query_key: str) -> str | None:
        state = self.states.get(query_key)
        return None if state is None or state.finished else state.cursor

    def fetched(self, query_key: str) -> int:
        state = self.states.get(query_key)
        return state.n_fetched if state else 0

    def save(self, query_key: str, cursor: str | None, n_fetched: int, finished: bool) -> None:
        self.states[query_key] = CursorState(cursor, n_fetched, finished)
        self.history.append((query_key, cursor, n_fetched, finished))


@dataclass(frozen=True)
class FetchReport:
    query_key: str
    start_cursor: str | None
    cursor: str | None
    n_fetched: int
    n_pages: int
    finished: bool


def fetch_works(
    query: Query,
    store: CursorStore,
    on_page: Callable[[Page], None],
    *,
    resume: bool = True,
    max_pages: int | None = None,
    per_page: int | None = None,
) -> FetchReport:
    """Fetch a query page by page, saving the cursor after each page is handed to ``on_page``.

    Order matters: the page goes to ``on_page`` first and only then is its ``next_cursor``
    saved, so a crash re-fetches at most one page (the caller's upsert makes that harmless).
    On :class:`BudgetExhausted` the cursor of the unfetched page is saved and the error
    re-raised; the next run resumes there with no gap and no duplicate. Each page carries its
    ``offset`` and ``number`` within the query, counted across resumed runs (the store keeps
    the running total), so a bad record is named by the same page and index in every run.
    """
    key = query.key
    start = store.load(key) if resume else None
    size = query.client._check_per_page(per_page)
    offset = _fetched_before(store, key) if start else 0
    n_fetched = n_pages = 0
    cursor = start or START_CURSOR
    try:
        for page in query.iter_pages(start_cursor=cursor, per_page=per_page):
            page = page._replace(offset=offset, number=offset // size + 1)
            on_page(page)
            n_fetched += len(page.results)
            offset += len(page.results)
            n_pages += 1
            cursor = page.next_cursor
            store.save(key, cursor, offset, cursor is None)
            if cursor is None:
                break
            if max_pages is not None and n_pages >= max_pages:
                return FetchReport(key, start, cursor, n_fetched, n_pages, False)
    except BudgetExhausted as exc:
        exc.cursor = exc.cursor or cursor
        store.save(key, exc.cursor, offset, False)
        raise
    store.save(key, None, offset, True)
    return FetchReport(key, start, None, n_fetched, n_pages, True)


def _fetched_before(store: CursorStore, key: str) -> int:
    fetched = getattr(store, "fetched", None)
    return int(fetched(key)) if fetched else 0
