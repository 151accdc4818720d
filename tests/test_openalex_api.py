"""The OpenAlex client against a real local HTTP server replaying real OpenAlex works.

Expected values are computed here from the data files, independently of the replay server.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from techties.sources.openalex_api import (
    BudgetExhausted,
    MemoryCursorStore,
    OpenAlexClient,
    OpenAlexError,
    RateLimitStatus,
    any_of,
    between,
    fetch_works,
    parse_retry_after,
    query_key,
)

API_KEY = "test-key-123"
MAILTO = "observatory@example.org"


class SleepRecorder:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture()
def slept():
    return SleepRecorder()


@pytest.fixture()
def client(api, slept):
    with OpenAlexClient(base_url=api.url, api_key=API_KEY, mailto=MAILTO, per_page=50,
                        timeout=2.0, max_retries=4, sleep=slept) as c:
        yield c


def inst_countries(work: dict) -> set[str]:
    return {i["country_code"] for a in work["authorships"] for i in a.get("institutions") or []
            if i.get("country_code")}


def ids(rows) -> list[str]:
    return [w["id"] for w in rows]


# --------------------------------------------------------------------------- paging


def test_full_paging_returns_every_record_once_over_one_connection(client, api, works):
    pages = list(client.works().iter_pages())
    got = [w["id"] for p in pages for w in p.results]
    assert len(got) == len(set(got)) == 413
    assert set(got) == set(ids(works))
    assert [len(p.results) for p in pages] == [50] * 8 + [13]
    assert all(p.next_cursor for p in pages)  # the API hands a cursor until an empty page
    sent = api.works_requests()
    assert len(sent) == 10  # 9 pages + the empty page that ends the walk
    assert [r.one("cursor") for r in sent][0] == "*"
    assert [r.one("cursor") for r in sent][1:] == [p.next_cursor for p in pages]
    for request in sent:
        assert request.one("api_key") == API_KEY
        assert request.one("mailto") == MAILTO
        assert request.one("per-page") == "50"
        assert MAILTO in request.headers["User-Agent"]
    assert len({r.client_port for r in sent}) == 1  # one reused connection


def test_start_cursor_resumes_without_gap_or_duplicate(client, works):
    query = client.works()
    pages = query.iter_pages()
    first = [next(pages), next(pages)]
    rest = list(query.iter_works(start_cursor=first[-1].next_cursor))
    union = [w["id"] for p in first for w in p.results] + ids(rest)
    assert sorted(union) == sorted(ids(works)) and len(union) == len(set(union))


def test_per_page_default_is_200_and_checked(api, slept):
    with OpenAlexClient(base_url=api.url, sleep=slept) as c:
        pages = list(c.works().iter_pages())
        assert [len(p.results) for p in pages] == [200, 200, 13]
        with pytest.raises(ValueError, match="per_page"):
            list(c.works().iter_pages(per_page=201))
    assert all(r.one("per-page") == "200" for r in api.works_requests())
    assert all(r.one("api_key") is None for r in api.works_requests())  # no key, none sent


# --------------------------------------------------------------------------- filters


def test_and_filter_needs_both_countries(client, api, works):
    both = lambda a, b: sorted(w["id"] for w in works if {a, b} <= inst_countries(w))  # noqa: E731
    # CN AND RU: none of these 413 works has both, though 10 have one of them
    cn_ru = client.works().filter(**{"institutions.country_code": "CN+RU"})
    assert cn_ru.filter_string == "institutions.country_code:CN,institutions.country_code:RU"
    assert sorted(ids(cn_ru.iter_works())) == both("CN", "RU") == []
    # US AND RU: three works; the list form, '+' form and raw CLI string agree
    us_ru = sorted(ids(client.works().filter(**{"institutions.country_code": ["US", "RU"]}).iter_works()))
    assert us_ru == both("US", "RU") and len(us_ru) == 3
    raw = client.works(filter="institutions.country_code:US,institutions.country_code:RU")
    assert sorted(ids(raw.iter_works())) == us_ru
    assert api.works_requests()[-1].one("filter") == "institutions.country_code:US,institutions.country_code:RU"


def test_or_filter_takes_either_country(client, works):
    expected = sorted(w["id"] for w in works if inst_countries(w) & {"CN", "RU"})
    q = client.works().filter(**{"institutions.country_code": any_of("CN", "RU")})
    assert q.filter_string == "institutions.country_code:CN|RU"
    assert sorted(ids(q.iter_works())) == expected and len(expected) == 10


def test_year_range_and_raw_filter(client, works):
    expected = sorted(w["id"] for w in works if 2017 <= w["publication_year"] <= 2018)
    q = client.works().filter(publication_year=between(2017, 2018))
    assert sorted(ids(q.iter_works())) == expected and len(expected) == 113
    raw = "institutions.country_code:DE,institutions.country_code:US,publication_year:2019-2021"
    expected = sorted(w["id"] for w in works
                      if {"DE", "US"} <= inst_countries(w) and 2019 <= w["publication_year"] <= 2021)
    assert sorted(ids(client.works(filter=raw).iter_works())) == expected and expected


def test_select_and_search_are_sent(client, api, works):
    word = "learning"
    expected = sorted(w["id"] for w in works if word in (w.get("title") or "").lower())
    rows = list(client.works().search(word).select("id", "title").iter_works())
    assert sorted(ids(rows)) == expected and expected
    assert all(set(r) == {"id", "title"} for r in rows)
    assert api.works_requests()[-1].one("select") == "id,title"


def test_bad_filter_is_a_clear_error_without_retry_or_key_leak(client, api, slept):
    with pytest.raises(OpenAlexError, match="HTTP 400") as err:
        list(client.works().filter(no_such_field="x").iter_works())
    assert API_KEY not in str(err.value)
    assert len(api.works_requests()) == 1 and slept.calls == []


def test_query_key_is_stable_and_order_insensitive(client):
    a = query_key("institutions.country_code:CN,publication_year:2010-2019", select="id,title")
    b = query_key("publication_year:2010-2019,institutions.country_code:CN", select=["title", "id"])
    assert a == b and len(a) == 24
    assert a != query_key("institutions.country_code:RU,publication_year:2010-2019", select="id,title")
    built = client.works().filter(**{"institutions.country_code": "CN"},
                                  publication_year=between(2010, 2019)).select("id,title")
    assert built.key == a
    assert '"filter":["institutions.country_code:CN","publication_year:2010-2019"]' in built.to_json()


# --------------------------------------------------------------------------- group_by


def test_group_by_pages_past_200_groups(client, api, works):
    expected = Counter(c["id"] for w in works for c in {c["id"]: c for c in w.get("concepts", [])}.values())
    assert len(expected) > 600  # > 3 pages of 200
    groups = client.works().group_by("concepts.id").groups()
    assert {g.key: g.count for g in groups} == dict(expected)
    assert len(groups) == len({g.key for g in groups})  # no group twice
    names = {c["id"]: c["display_name"] for w in works for c in w.get("concepts", [])}
    assert all(g.key_display_name == names[g.key] for g in groups)
    sent = api.works_requests()
    assert sent[0].one("cursor") is None and sent[1].one("cursor") == "*"
    assert len(sent) == 1 + (len(expected) + 199) // 200 + 1


def test_group_by_authors_with_filter(client, works):
    subset = [w for w in works if w["publication_year"] == 2017]
    expected = Counter(a for w in subset for a in {x["author"]["id"] for x in w["authorships"]})
    assert len(expected) > 200
    groups = client.works().filter(publication_year=2017).group_by("authorships.author.id").groups()
    assert {g.key: g.count for g in groups} == dict(expected)


def test_group_by_small_and_boolean_needs_no_cursor(client, api, works):
    groups = client.works().group_by("open_access.is_oa").groups()  # the server refuses cursors here
    expected = Counter(str(bool(w["open_access"]["is_oa"])).lower() for w in works)
    assert {g.key: g.count for g in groups} == dict(expected)
    years = client.works().filter(**{"institutions.country_code": "RU"}).group_by("publication_year").groups()
    assert sum(g.count for g in years) == sum(1 for w in works if "RU" in inst_countries(w))
    assert all(r.one("cursor") is None for r in api.works_requests())


def test_count(client, works):
    assert client.works().filter(**{"institutions.country_code": "US"}).count() == sum(
        1 for w in works if "US" in inst_countries(w))


# --------------------------------------------------------------------------- faults


def test_retries_on_500_then_succeed(client, api, slept, works):
    api.fail_next(3, status=500)
    got = ids(client.works().filter(publication_year=2023).iter_works())
    assert sorted(got) == sorted(w["id"] for w in works if w["publication_year"] == 2023)
    assert len(slept.calls) == 3
    assert slept.calls[0] < slept.calls[2]  # exponential, jitter within [0.5, 1] of the step


def test_500s_beyond_max_retries_raise(client, api, slept):
    api.fail_next(10, status=503)
    with pytest.raises(OpenAlexError, match=r"failed after 5 attempts: HTTP 503"):
        client.works().count()
    assert len(slept.calls) == 4


def test_timeout_is_retried(api, slept, works):
    with OpenAlexClient(base_url=api.url, api_key=API_KEY, timeout=0.25, sleep=slept) as c:
        api.slow_next(1, seconds=1.0)
        assert c.works().count() == 413
    assert len(slept.calls) == 1
    assert len(api.works_requests()) == 2


def test_short_429_waits_retry_after_then_succeeds(client, api, slept, works):
    api.rate_limit_next(1, retry_after=1)
    rows = list(client.works().iter_works())
    assert len(rows) == 413
    assert slept.calls == [1.0]
    assert client.rate_limit.remaining is not None and client.rate_limit.credits_used == 1


def test_budget_exhausted_saves_cursor_and_resumes_with_union_equal_to_clean_run(api, slept, works):
    clean_store, clean = MemoryCursorStore(), []
    with OpenAlexClient(base_url=api.url, api_key=API_KEY, mailto=MAILTO, per_page=50, sleep=slept) as c:
        query = c.works().filter(publication_year=between(2017, 2022))
        report = fetch_works(query, clean_store, lambda p: clean.extend(ids(p.results)))
        assert report.finished and report.n_fetched == len(clean) == 409

        store, got = MemoryCursorStore(), []
        api.set_budget(2)  # two list calls left today
        with pytest.raises(BudgetExhausted) as first:
            fetch_works(query, store, lambda p: got.extend(ids(p.results)))
        assert len(got) == 100
        assert first.value.cursor and store.load(query.key) == first.value.cursor
        reset = first.value.reset_at
        assert reset is not None and timedelta(0) < reset - datetime.now(UTC) <= timedelta(days=1)
        assert first.value.rate_limit.remaining == 0
        assert slept.calls == []  # a spent budget is not slept on

        api.set_budget(3)  # next day, three calls
        with pytest.raises(BudgetExhausted):
            fetch_works(query, store, lambda p: got.extend(ids(p.results)))
        assert len(got) == 250

        api.set_budget(None)
        report = fetch_works(query, store, lambda p: got.extend(ids(p.results)))
        assert report.finished and report.start_cursor
        assert store.load(query.key) is None and store.states[query.key].finished
    assert got == clean  # same order, no duplicate, no gap
    for request in api.works_requests():
        assert request.one("api_key") == API_KEY and request.one("mailto") == MAILTO


def test_crash_in_on_page_refetches_at_most_that_page(client, works):
    store, seen = MemoryCursorStore(), []
    query = client.works()

    def crash_on_third(page):
        if len(seen) == 100:
            raise RuntimeError("disk full")
        seen.extend(ids(page.results))

    with pytest.raises(RuntimeError):
        fetch_works(query, store, crash_on_third)
    fetch_works(query, store, lambda p: seen.extend(ids(p.results)))
    assert sorted(seen) == sorted(ids(works)) and len(seen) == 413


# --------------------------------------------------------------------------- header parsing (no server)


def _mock_client(handler, slept) -> OpenAlexClient:
    return OpenAlexClient(base_url="https://api.openalex.org", transport=httpx.MockTransport(handler),
                          sleep=slept)


def test_long_retry_after_without_message_is_a_spent_budget(slept):
    def handler(request):
        return httpx.Response(429, headers={"Retry-After": "43000"}, json={"error": "Rate limit exceeded"})

    with _mock_client(handler, slept) as c, pytest.raises(BudgetExhausted) as err:
        list(c.works().iter_pages(start_cursor="abc"))
    assert err.value.cursor == "abc" and slept.calls == []


def test_rate_limit_headers_are_parsed():
    status = RateLimitStatus.from_headers(httpx.Headers({
        "x-ratelimit-limit": "10000", "x-ratelimit-remaining": "2098", "x-ratelimit-credits-used": "1",
        "x-ratelimit-reset": "41992", "x-ratelimit-limit-usd": "1", "x-ratelimit-remaining-usd": "0.2098",
        "x-ratelimit-cost-usd": "0.0001", "x-ratelimit-prepaid-remaining-usd": "0",
        "x-ratelimit-onetime-remaining": "0"}))
    assert (status.limit, status.remaining, status.credits_used, status.reset_seconds) == (10000, 2098, 1, 41992)
    assert status.remaining_usd == pytest.approx(0.2098) and status.retry_after is None
    when = datetime.now(UTC) + timedelta(seconds=120)
    assert parse_retry_after(format_datetime(when, usegmt=True)) == pytest.approx(120, abs=2)
    assert parse_retry_after("7") == 7.0 and parse_retry_after("soon") is None
