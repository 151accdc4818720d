"""`techties collect` against the local replay of real CC0 OpenAlex works (tests/openalex_replay.py).

The 413 real works are mostly German (TU9 universities), so the pair here is DE–US with FR as the
baseline. Expected values are counted by hand from the data files, independently of techties:
in 2017–2022, DE has 59, 54, 46, 84, 88, 78 works (409), US 10, 7, 10, 9, 9, 3 (48), FR 7, 7, 7,
10, 8, 1 (40); every US work there is a DE–US work (48), DE–FR has 40 works, US–FR 8.
"""

from __future__ import annotations

import csv
import math
from datetime import UTC, datetime

import duckdb
import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.collect import sample_estimate
from techties.metrics.denominators import CountryOutput, country_output_series, country_totals
from techties.sources.openalex_plan import plan_collect, price
from techties.warehouse import Warehouse

runner = CliRunner()
YEARS = list(range(2017, 2023))
DE = [59, 54, 46, 84, 88, 78]
US = [10, 7, 10, 9, 9, 3]
FR = [7, 7, 7, 10, 8, 1]
ARGS = ["collect", "--pair", "DE", "US", "--baseline", "FR", "--years", "2017-2022", "--api-key", "k"]


def countries_of(work: dict) -> set[str]:
    """The test's own reading of a work's countries (institutions' codes; authorships.countries)."""
    out = set()
    for a in work.get("authorships") or []:
        out.update(c.upper() for c in a.get("countries") or [])
        out.update(i["country_code"].upper() for i in a.get("institutions") or [] if i.get("country_code"))
    return out


def pair_ids(works, x: str, y: str) -> set[str]:
    return {"openalex:" + w["id"].rsplit("/", 1)[-1] for w in works
            if {x, y} <= countries_of(w) and 2017 <= (w.get("publication_year") or 0) <= 2022}


def q(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


# --------------------------------------------------------------------------- plan and dry run


def test_plan_lists_records_counts_and_samples():
    plan = plan_collect("cn", "RU", "US", (2010, 2025), "ai")
    kinds = [(s.kind, s.scope) for s in plan.steps]
    assert kinds[:9] == [("works", "CN-RU"), ("works", "CN-US"), ("works", "RU-US"), ("counts", "CN"),
                         ("counts", "RU"), ("counts", "US"), ("counts", "CN-RU"), ("counts", "CN-US"),
                         ("counts", "RU-US")]
    assert len(plan.steps) == 9 + 3 * 16  # a sample per country and year
    assert plan.steps[0].filter == ("authorships.countries:CN,authorships.countries:RU,"
                                    "publication_year:2010-2025")
    assert plan.steps[9].request == ("works?filter=authorships.countries:CN,publication_year:2010"
                                     "&sample=200&seed=11")
    fields = plan_collect("CN", "RU", None, (2019, 2019), "AI-Fields")  # areas in any case, as research reads them
    assert fields.area == "ai-fields"
    assert fields.steps[0].filter.endswith(",primary_topic.subfield.id:1702|1707")
    since = plan_collect("CN", "RU", None, (2019, 2019), None, since="2026-11-01")
    assert since.steps[0].filter.endswith(",from_updated_date:2026-11-01")
    assert "from_updated_date" not in since.steps[1].filter  # counts are whole snapshots
    with pytest.raises(ValueError, match="two-letter"):
        plan_collect("China", "RU", None, (2019, 2019))
    with pytest.raises(ValueError, match="--area"):
        plan_collect("CN", "RU", None, (2019, 2019), "quantum")


def test_price_counts_the_empty_last_page_of_cursor_paging():
    step = plan_collect("CN", "RU", None, (2019, 2019)).steps[0]
    # 401 works: pages of 200, 200, 1, then the empty page that ends cursor paging
    assert (price(step, 401).pages, price(step, 401).credits) == (3, 4)
    assert (price(step, 0).pages, price(step, 0).credits) == (0, 1)


def test_dry_run_prints_the_plan_and_ends_with_credits(api, tmp_path):
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, [*ARGS, "--base-url", api.url, "--db", str(db), "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    # 3 works steps of 48, 40, 8 works: one page each plus the empty last page = 2 credits each;
    # 6 group_by counts of 1 credit each; the size of each of the 2 baseline pairs (DE-FR, US-FR), asked
    # before a collection (1 credit each): 6 + 6 + 2 = 14 credits
    assert lines[-1] == "credits=14"
    assert "1 day(s) at 10,000 credits a day" in result.output
    assert "48" in result.output and "group_by=publication_year" in result.output
    assert "size of DE-FR (meta.count)" in result.output
    # one meta.count call per works and counts step, the baseline pairs' counted once (their size): DE-FR and
    # US-FR, then DE-US's works, the 3 countries' counts and DE-US's counts
    assert len(api.works_requests()) == 7
    assert not db.exists()  # nothing stored


# --------------------------------------------------------------------------- collect, research


def test_collect_stores_records_and_yearly_counts_and_research_uses_them(api, works, tmp_path):
    db, out = tmp_path / "w.duckdb", tmp_path / "out"
    result = runner.invoke(app, [*ARGS, "--base-url", api.url, "--db", str(db)])
    assert result.exit_code == 0, result.output
    expected = pair_ids(works, "DE", "US") | pair_ids(works, "DE", "FR") | pair_ids(works, "US", "FR")
    assert {r[0] for r in q(db, "SELECT work_id FROM works")} == expected
    assert q(db, "SELECT DISTINCT source FROM works") == [("openalex-api",)]
    series = q(db, "SELECT scope_kind, scope, year, value, method, query, retrieved_on, run_id, area"
                   " FROM count_series ORDER BY 1, 2, 3")
    by = {(k, s, y): v for k, s, y, v, *_ in series}
    assert [by[("country", "DE", y)] for y in YEARS] == DE
    assert [by[("country", "US", y)] for y in YEARS] == US
    assert [by[("country", "FR", y)] for y in YEARS] == FR
    assert [by[("pair", "DE-US", y)] for y in YEARS] == US
    today = datetime.now(UTC).date().isoformat()
    run_id = q(db, "SELECT run_id FROM runs WHERE command = 'techties collect'")[0][0]
    assert {(m, r, rid, a) for *_, m, _q, r, rid, a in series} == {("openalex-count", today, run_id, "all")}
    assert ("works?filter=authorships.countries:DE,publication_year:2017-2022&group_by=publication_year"
            in {row[5] for row in series})

    result = runner.invoke(app, ["research", "--pair", "DE", "US", "--baseline", "FR", "--years", "2017-2022",
                                 "--db", str(db), "--output", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "country_output.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:4] == ["country", "year", "works", "source"]
    de = [(int(r["year"]), float(r["works"]), r["source"]) for r in rows if r["country"] == "DE"]
    assert de == [(y, float(n), "openalex-count") for y, n in zip(YEARS, DE, strict=True)]
    with open(out / "summary.csv", encoding="utf-8") as fh:
        summary = {r["pair"]: r for r in csv.DictReader(fh)}
    # the numerator is the warehouse's own count: 49, as techties also places one author in the US from
    # a raw affiliation string where OpenAlex's record has no country for it;
    # the denominators are the API's counts: DE 409, US 48 (so a share can pass 100%: said in the README)
    de_us = summary["DE-US"]
    assert int(de_us["works"]) == 49
    assert float(de_us["share_of_first_pct"]) == round(100 * 49 / 409, 2) == 11.98
    assert float(de_us["share_of_second_pct"]) == round(100 * 49 / 48, 2) == 102.08
    de_fr = summary["DE-FR"]
    assert float(de_fr["share_of_second_pct"]) == round(100 * int(de_fr["works"]) / 40, 2)
    with open(out / "yearly.csv", encoding="utf-8") as fh:
        assert fh.readline().strip() == "pair,year,works"


def test_budget_stop_then_resume_next_day_without_gap_or_duplicate(api, works, tmp_path):
    db = tmp_path / "w.duckdb"
    args = [*ARGS, "--base-url", api.url, "--db", str(db)]
    # the sizes of DE-FR and US-FR (2 calls), works DE-US (2 calls: 48 works, then the empty page), then 1 call
    # of DE-FR
    api.set_budget(5)
    first = runner.invoke(app, args)
    assert first.exit_code == 5, first.output
    assert "resume" in first.output and "Traceback" not in first.output
    assert q(db, "SELECT status FROM runs") == [("stopped",)]
    (first_run,), = q(db, "SELECT run_id FROM runs")
    assert q(db, "SELECT count(*) FROM count_series") == [(0,)]
    saved = q(db, "SELECT count(*) FILTER (WHERE done), count(*) FROM collect_steps")[0]
    assert saved == (1, 9)
    api.set_budget(None)  # the next day
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "resumed collection" in second.output
    expected = pair_ids(works, "DE", "US") | pair_ids(works, "DE", "FR") | pair_ids(works, "US", "FR")
    assert {r[0] for r in q(db, "SELECT work_id FROM works")} == expected
    # each count once: 6 years x (3 countries + 3 pairs)
    assert q(db, "SELECT count(*), count(DISTINCT (scope_kind, scope, year)) FROM count_series") == [(36, 36)]
    # the runs told apart by id
    assert q(db, "SELECT run_id = ?, status FROM runs ORDER BY 1 DESC", [first_run]) == [(True, "stopped"),
                                                                                          (False, "ok")]
    # the DE-FR step resumed from its cursor: its first page was not asked twice
    de_fr = [r for r in api.works_requests() if r.one("cursor") and "countries:FR" in (r.one("filter") or "")
             and "countries:DE" in (r.one("filter") or "") and not r.one("group_by") and r.one("per-page") == "200"]
    assert [r.one("cursor") for r in de_fr].count("*") == 1


def test_max_credits_stops_on_purpose_and_the_same_command_resumes(api, tmp_path):
    db = tmp_path / "w.duckdb"
    args = [*ARGS, "--base-url", api.url, "--db", str(db)]
    first = runner.invoke(app, [*args, "--max-credits", "4"])
    assert first.exit_code == 5 and "--max-credits 4" in first.output
    assert len(api.works_requests()) == 4
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    # the full run costs 14 credits (the dry run's, above), none asked twice: a resume asks no sizes again
    assert len(api.works_requests()) == 4 + (14 - 4)


def test_max_credits_below_what_a_new_collection_needs_is_one_line_and_exit_2(api, tmp_path):
    db = tmp_path / "w.duckdb"
    args = [*ARGS, "--base-url", api.url, "--db", str(db)]
    # a new collection asks the size of DE-FR and of US-FR (1 credit each) before it stores its steps, and
    # needs 1 credit more for its first query: 2 + 1 = 3 at least
    for n in ("1", "2"):
        for extra in ([], ["--dry-run"]):
            result = runner.invoke(app, [*args, "--max-credits", n, *extra])
            assert result.exit_code == 2, result.output
            assert result.output == (f"error: --max-credits {n} can never start this collection: a new collection "
                                     "first asks the size of each baseline pair (DE-FR, US-FR: 1 credit each), then "
                                     "needs 1 credit for its first query; use --max-credits 3 or more\n")
    assert api.works_requests() == [] and not db.exists()  # refused before any call, nothing created
    # 3 credits: the 2 sizes and the first page of DE-US (48 works); stopped, the steps saved
    assert runner.invoke(app, [*args, "--max-credits", "3"]).exit_code == 5
    assert q(db, "SELECT count(*) FILTER (WHERE done), count(*) FROM collect_steps") == [(0, 9)]
    # a stopped collection resumes with 1 credit: DE-US's empty last page, and the step is done
    resumed = runner.invoke(app, [*args, "--max-credits", "1"])
    assert resumed.exit_code == 5, resumed.output
    assert q(db, "SELECT count(*) FILTER (WHERE done) FROM collect_steps") == [(1,)]
    # without a baseline there is nothing to size: 1 credit starts a collection
    alone = runner.invoke(app, ["collect", "--pair", "DE", "US", "--years", "2017-2022", "--api-key", "k",
                                "--base-url", api.url, "--db", str(tmp_path / "a.duckdb"), "--max-credits", "1"])
    assert alone.exit_code == 5, alone.output


def test_rerun_fetches_only_updates_and_adds_a_dated_snapshot(api, tmp_path):
    db = tmp_path / "w.duckdb"
    args = [*ARGS, "--base-url", api.url, "--db", str(db)]
    assert runner.invoke(app, args).exit_code == 0
    before = q(db, "SELECT * FROM count_series ORDER BY ALL")
    n_works = q(db, "SELECT count(*) FROM works")[0][0]
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    today = datetime.now(UTC).date().isoformat()
    assert f"records updated since {today}" in second.output
    filters = [r.one("filter") for r in api.works_requests()[-9:] if r.one("cursor")]
    assert filters and all(f.endswith(f",from_updated_date:{today}") for f in filters)
    after = q(db, "SELECT * FROM count_series ORDER BY ALL")
    assert len(after) == 2 * len(before) and set(before) <= set(after)  # old snapshot kept as it was
    assert len({r[11] for r in after}) == 2  # two runs, two snapshots
    assert q(db, "SELECT count(*) FROM works")[0][0] == n_works  # nothing updated since today


# --------------------------------------------------------------------------- sample estimates


def test_sample_estimate_by_hand():
    # scores 0.9, 0.1, 0.5, 0.5 of a population of 100.
    # In the sample: 0.9 + 0.1 + 0.5 + 0.5 = 2.0 works, spread sqrt(0.09 + 0.09 + 0.25 + 0.25) = sqrt(0.68)
    # = 0.824621, so a 95% half-width of 1.959964 * 0.824621 = 1.616224 (estimate_count's).
    # Scaled by 100 / 4: 50 works. Sampling: variance (0.16 + 0.16 + 0 + 0) / 3 = 0.10667;
    # se = sqrt(0.10667 / 4 * (1 - 4/100)) = sqrt(0.0256) = 0.16; half-width 1.959964 * 100 * 0.16 = 31.35942.
    # Labels given the scores: sqrt(100 / 4) * 1.616224 = 8.08112.
    # Together: sqrt(31.35942^2 + 8.08112^2) = sqrt(983.41322 + 65.30450) = 32.38391 -> 17.61609 .. 82.38391
    est = sample_estimate([0.9, 0.1, 0.5, 0.5], 100)
    assert est.value == pytest.approx(50.0)
    assert (est.low, est.high) == pytest.approx((17.61609, 82.38391), abs=1e-4)
    # the whole population: no sampling error, only the labels' spread: 1 +- 1.959964 * sqrt(0.25 + 0.25)
    # = 1 +- 1.386, clipped to 0 .. 2; with certain labels (1.0, 0.0) a point
    half = sample_estimate([0.5, 0.5], 2)
    assert (half.value, half.low, half.high) == (1.0, 0.0, 2.0)
    whole = sample_estimate([1.0, 0.0], 2)
    assert (whole.value, whole.low, whole.high) == (1.0, 1.0, 1.0)
    # 8 of 8 with 0.2, 0.8 four times each: 4 works +- 1.959964 * sqrt(8 * 0.16) = 4 +- 2.21743
    eight = sample_estimate([0.2, 0.8] * 4, 8)
    assert (eight.value, eight.low, eight.high) == pytest.approx((4.0, 1.78257, 6.21743), abs=1e-4)
    assert sample_estimate([0.0, 0.0, 0.0], 1000).high == 0.0  # no spread: a point
    one = sample_estimate([0.3], 10)  # one work: 0.3 * 10, and no interval to speak of
    assert (one.value, one.low, one.high) == pytest.approx((3.0, 0.0, 10.0))
    assert sample_estimate([], 0).value == 0.0
    assert math.isnan(sample_estimate([], 5).value)


def test_area_ai_estimates_each_country_year_from_a_scored_sample(api, works, tmp_path):
    from techties.classify.model import load_model
    from techties.collect import collect
    from techties.sources.openalex_api import OpenAlexClient
    from techties.sources.openalex_snapshot import rebuild_abstract

    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh, OpenAlexClient(base_url=api.url, api_key="k") as client:
        run_id = wh.start_run("test", {}, [])
        report = collect(wh, client, run_id, "DE", "US", None, (2020, 2020), "ai", sample_size=10)
        assert report.finished
        rows = wh.con.execute("SELECT scope, value, low, high, sample_size, query FROM count_series"
                              " WHERE method = 'sample-estimate' ORDER BY scope").fetchall()
        assert wh.con.execute("SELECT count(*) FROM ai_scores").fetchone()[0] > 0  # pair works classified
    samples = [r for r in api.works_requests() if r.one("sample")]
    assert {(r.one("sample"), r.one("seed"), r.one("page")) for r in samples} == {("10", "11", "1")}
    got = {r[0]: r for r in rows}
    # DE 2020: 84 works, 10 sampled; US 2020: 9 works, all 9 "sampled" (a sample of the whole)
    assert got["DE"][4] == 10 and got["US"][4] == 9
    us = sorted((w for w in works if "US" in countries_of(w) and w["publication_year"] == 2020),
                key=lambda w: w["id"])
    clf = load_model()
    p = clf.score([w.get("title") for w in us], [rebuild_abstract(w.get("abstract_inverted_index")) for w in us])
    # the whole population: the sum of probabilities, +- 1.959964 standard deviations of a sum of Bernoulli(p)
    total, spread = float(sum(p)), math.sqrt(sum(x * (1 - x) for x in p))
    assert got["US"][1] == pytest.approx(total)
    assert (got["US"][2], got["US"][3]) == pytest.approx((max(0.0, total - 1.959964 * spread),
                                                         min(9.0, total + 1.959964 * spread)))
    assert got["DE"][2] <= got["DE"][1] <= got["DE"][3] and got["DE"][3] <= 84
    assert "sample=10&seed=11" in got["DE"][5] and clf.version in got["DE"][5]


def year_works(works, countries: set[str], year: int) -> list[dict]:
    return sorted((w for w in works if countries <= countries_of(w) and w.get("publication_year") == year),
                  key=lambda w: w["id"])


def test_a_baseline_pair_too_large_for_the_budget_is_estimated_from_a_sample(api, works, tmp_path):
    from techties.classify.model import load_model
    from techties.collect import collect
    from techties.sources.openalex_api import OpenAlexClient
    from techties.sources.openalex_snapshot import rebuild_abstract

    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh, OpenAlexClient(base_url=api.url, api_key="k") as client:
        run_id = wh.start_run("test", {}, [])
        # DE-FR (10 works in 2020: FR's 10) and US-FR (2 works: W2098406858, W4243985816) cost 2 credits each
        # (a page and the empty last one): more than a budget of 1
        report = collect(wh, client, run_id, "DE", "US", "FR", (2020, 2020), "ai", sample_size=10, budget=1)
        assert report.finished
        assert report.notes == [
            "baseline DE-FR: 10 works would cost 2 credits, more than the budget of 1: not fetched; sample estimates "
            "of its works in the area, per year stand for it",
            "baseline US-FR: 2 works would cost 2 credits, more than the budget of 1: not fetched; sample estimates "
            "of its works in the area, per year stand for it"]
        stored = {r[0] for r in wh.con.execute("SELECT work_id FROM works").fetchall()}
        series = wh.con.execute("SELECT scope_kind, scope, value, low, high, method, sample_size, area"
                                " FROM count_series WHERE scope_kind = 'pair' ORDER BY ALL").fetchall()
        steps = [r[0] for r in wh.con.execute("SELECT step_key FROM collect_steps ORDER BY step_no").fetchall()]
    # only the pair's own records: DE-US 2020 (9 works, every US work of 2020)
    assert stored == {"openalex:" + w["id"].rsplit("/", 1)[-1] for w in year_works(works, {"DE", "US"}, 2020)}
    assert len(stored) == 9
    assert steps == ["works DE-US", "counts DE", "counts US", "counts FR", "counts DE-US", "counts DE-FR",
                     "counts US-FR", "sample DE 2020", "sample US 2020", "sample FR 2020", "sample DE-FR 2020",
                     "sample US-FR 2020"]
    counts = {(s, a): v for _k, s, v, _lo, _hi, m, _n, a in series if m == "openalex-count"}
    assert counts == {("DE-US", "all"): 9, ("DE-FR", "all"): 10, ("US-FR", "all"): 2}
    est = {s: (v, lo, hi, n) for _k, s, v, lo, hi, m, n, _a in series if m == "sample-estimate"}
    clf = load_model()
    for pair, countries, n in (("DE-FR", {"DE", "FR"}, 10), ("US-FR", {"US", "FR"}, 2)):
        mine = year_works(works, countries, 2020)
        assert len(mine) == n
        # a sample of the whole pair: the sum of its probabilities +- 1.959964 sd of a sum of Bernoulli(p)
        p = clf.score([w.get("title") for w in mine], [rebuild_abstract(w.get("abstract_inverted_index"))
                                                       for w in mine])
        total, spread = float(sum(p)), math.sqrt(sum(x * (1 - x) for x in p))
        assert est[pair] == pytest.approx((total, max(0.0, total - 1.959964 * spread),
                                           min(float(n), total + 1.959964 * spread), n))
    # research reads the pairs not fetched from these estimates, with their interval and sample size
    from techties.metrics.research import ResearchQuery, compute_research

    with Warehouse(db, read_only=True) as wh:
        r = compute_research(wh.con, ResearchQuery("DE", "US", "FR", (2020, 2020), "ai"))
    got = {row[0]: row for row in r.table("pair_output").rows}
    for pair, n in (("DE-FR", 10), ("US-FR", 2)):
        v, lo, hi, _n = est[pair]
        assert got[pair][2:7] == pytest.approx((v, "sample-estimate", lo, hi, n))
        assert [w for p, _y, w in r.table("yearly").rows if p == pair] == pytest.approx([v])
    pair_samples = [r for r in api.works_requests() if r.one("sample") and "countries:FR" in r.one("filter")
                    and "countries:DE" in r.one("filter")]
    assert [r.one("filter") for r in pair_samples] == [
        "authorships.countries:DE,authorships.countries:FR,publication_year:2020"]


def test_collect_counts_a_baseline_pair_over_the_daily_budget_and_research_shows_it(api, works, tmp_path):
    db, out = tmp_path / "w.duckdb", tmp_path / "out"
    api.send_headers(X_RateLimit_Limit="1")  # a key of 1 credit a day, as the API reports it
    result = runner.invoke(app, [*ARGS, "--base-url", api.url, "--db", str(db)])
    assert result.exit_code == 0, result.output
    # DE-FR: 40 works, a page and the empty last page = 2 credits; US-FR: 8 works, 2 credits
    assert ("baseline DE-FR: 40 works would cost 2 credits, more than the budget of 1: not fetched; OpenAlex's "
            "yearly counts of its works stand for it") in result.output
    assert "baseline US-FR: 8 works would cost 2 credits" in result.output
    assert {r[0] for r in q(db, "SELECT work_id FROM works")} == pair_ids(works, "DE", "US")
    # every FR work of 2017-2022 has a DE author: DE-FR per year is FR's output
    assert [r[0] for r in q(db, "SELECT value FROM count_series WHERE scope = 'DE-FR' ORDER BY year")] == FR
    result = runner.invoke(app, ["research", "--pair", "DE", "US", "--baseline", "FR", "--years", "2017-2022",
                                 "--db", str(db), "--output", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "openalex_counts.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["pair"] == "DE-FR"]
    assert [int(r["works"]) for r in rows] == FR and {r["method"] for r in rows} == {"openalex-count"}
    # the pairs not fetched count as OpenAlex counted them (the warehouse holds only their works shared with
    # DE-US), in the yearly table, the summary and pair_output; US-FR 2017-2022: 8 works (US's FR co-authors)
    with open(out / "yearly.csv", encoding="utf-8") as fh:
        yearly = [r for r in csv.DictReader(fh) if r["pair"] == "DE-FR"]
    assert [int(r["works"]) for r in yearly] == FR
    with open(out / "summary.csv", encoding="utf-8") as fh:
        summary = {r["pair"]: r for r in csv.DictReader(fh)}
    # DE-FR: 40 works; 40 / 409 DE works = 9.78%, 40 / 40 FR works = 100%; DE-US's 48 / 40 = 1.2 (48: only
    # DE-US's records are stored here; the 49th of the full collection above is a DE-FR record)
    assert [summary["DE-FR"][c] for c in ("works", "share_of_first_pct", "share_of_second_pct",
                                           "ratio_main_to_pair")] == ["40", "9.78", "100.0", "1.2"]
    assert summary["DE-US"]["works"] == "48"
    assert summary["US-FR"]["works"] == "8"
    with open(out / "pair_output.csv", encoding="utf-8") as fh:
        left = list(csv.DictReader(fh))
    assert {(r["pair"], r["source"]) for r in left} == {("DE-FR", "openalex-count"), ("US-FR", "openalex-count")}


def test_dry_run_shows_what_a_small_budget_leaves_out(api, tmp_path):
    api.send_headers(X_RateLimit_Limit="1")
    result = runner.invoke(app, [*ARGS, "--base-url", api.url, "--db", str(tmp_path / "w.duckdb"), "--dry-run"])
    assert result.exit_code == 0, result.output
    # the 2 size checks, DE-US's records (2 credits) and 6 group_by counts: 10 credits; no DE-FR or US-FR records
    assert result.output.strip().splitlines()[-1] == "credits=10"
    assert "baseline DE-FR: 40 works would cost 2 credits" in result.output


# --------------------------------------------------------------------------- denominators


def test_denominators_best_source_first_and_unknown_from_a_partial_warehouse(tmp_path):
    with Warehouse(tmp_path / "d.duckdb") as wh:
        con = wh.con
        con.execute("INSERT INTO works (work_id, source, year) VALUES ('openalex:W1', 'openalex-api', 2019)")
        insert = ("INSERT INTO count_series (query, scope_kind, scope, area, year, value, low, high, method,"
                  " retrieved_on, run_id) VALUES (?, 'country', ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        con.execute(insert, ["q-old", "CN", "all", 2019, 100.0, None, None, "openalex-count", "2026-01-01", "r1"])
        con.execute(insert, ["q-new", "CN", "all", 2019, 120.0, None, None, "openalex-count", "2026-11-01", "r2"])
        con.execute(insert, ["q-s", "CN", "all", 2019, 999.0, 900.0, 1100.0, "sample-estimate", "2026-12-01", "r3"])
        con.execute(insert, ["q-s", "RU", "ai", 2019, 40.0, 30.0, 50.0, "sample-estimate", "2026-12-01", "r3"])
        rows = country_output_series(con, ["CN", "RU"], (2019, 2020), None, {("CN", 2019): 1, ("RU", 2019): 1})
        cn19, cn20, ru19, ru20 = rows
        assert (cn19.works, cn19.source, cn19.query, cn19.retrieved_on) == (120.0, "openalex-count", "q-new",
                                                                            "2026-11-01")
        assert cn20.works is None and cn20.source == "unknown" and "only works fetched" in cn20.reason
        assert ru19.works is None and ru20.works is None  # RU has an `ai` estimate only, not `all`
        ai = country_output_series(con, ["RU"], (2019, 2019), "ai", {})
        assert ai == [CountryOutput("RU", 2019, 40.0, "sample-estimate", 30.0, 50.0, "q-s", "2026-12-01")]
        assert country_totals(rows) == {"CN": None, "RU": None}  # an unknown year: no total at all
        # a corpus loaded from files is taken as whole: its own counts stand where no series exists
        con.execute("INSERT INTO works (work_id, source, year) VALUES ('wos:1', 'wos', 2019)")
        cn = country_output_series(con, ["CN"], (2019, 2020), None, {("CN", 2020): 7})
        assert [(r.works, r.source) for r in cn] == [(120.0, "openalex-count"), (7.0, "warehouse")]
        assert country_totals(cn) == {"CN": 127.0}


def test_research_share_is_unknown_without_counts_from_an_api_only_warehouse(api, works, tmp_path):
    db, out = tmp_path / "w.duckdb", tmp_path / "out"
    assert runner.invoke(app, ["ingest", "openalex-api", "--filter", "authorships.countries:DE,"
                               "authorships.countries:US,publication_year:2017-2022", "--base-url", api.url,
                               "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["research", "--pair", "DE", "US", "--years", "2017-2022", "--db", str(db),
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "summary.csv", encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert row["works"] == "48" and row["share_of_first_pct"] == "" and row["share_of_second_pct"] == ""
    with open(out / "country_output.csv", encoding="utf-8") as fh:
        sources = {r["source"] for r in csv.DictReader(fh)}
    assert sources == {"unknown"}


# --------------------------------------------------------------------------- the real series shipped for the demo


def test_shipped_series_are_read_as_in_their_files():
    from techties.sources.openalex_aggregates import shipped_series

    rows = shipped_series()
    cn_ru = {r.year: r.value for r in rows if r.scope_kind == "pair" and r.scope == "CN-RU"}
    # the README of the aggregates states these: 620 in 2010, 1,703 in 2015, 4,068 in 2020, 4,596 in 2023
    assert (cn_ru[2010], cn_ru[2015], cn_ru[2020], cn_ru[2023]) == (620, 1703, 4068, 4596)
    assert sorted(cn_ru) == list(range(1990, 2024))
    kinds = {}
    for r in rows:
        kinds[(r.scope_kind, r.area)] = kinds.get((r.scope_kind, r.area), 0) + 1
    # 34 years x 3 pairs; 34 x 3 international totals; AI concept 11 years x 3 countries; deep
    # learning 11 x 3 less RU's three empty years (2010-2012)
    assert kinds == {("pair", "all"): 102, ("country-international", "all"): 102,
                     ("country", "openalex-concept:Artificial intelligence"): 33,
                     ("country", "openalex-concept:Deep learning"): 30}
    ai_ru_2020 = next(r for r in rows if r.scope == "RU" and r.year == 2020 and r.area.endswith("intelligence"))
    assert ai_ru_2020.value == 18556 and "concepts.id:C154945302,publication_year:2020" in ai_ru_2020.query
    pair = next(r for r in rows if r.scope == "CN-RU" and r.year == 2015)
    assert pair.retrieved_on == "2024-08-27" and "bavla/OpenAlex @ 22557474" in pair.source
    assert pair.query == ("works?filter=authorships.countries:CN,publication_year:2015,countries_distinct_count:>1"
                          "&group-by=authorships.countries")


def test_demo_brief_shows_the_real_cn_ru_series_with_query_and_date(shared_data, tmp_path):
    from techties.demo import load_shipped_series
    from tests.test_report_warehouse import build_test_warehouse, copy_warehouse

    # a copy: the built warehouse is shared (and held open read-only) by other tests of this process
    db = copy_warehouse(build_test_warehouse(shared_data, tmp_path / "wh"), tmp_path / "demo.duckdb")
    with Warehouse(db) as wh:
        assert load_shipped_series(wh) == 102 + 102 + 33 + 30
        assert load_shipped_series(wh) == 0  # the same snapshot again adds nothing
        # the AI-concept counts are denominators for the matching area, and only for it
        ai = country_output_series(wh.con, ["CN"], (2019, 2019), "openalex-concept:Artificial intelligence", {})
        assert [(r.works, r.source) for r in ai] == [(120249.0, "openalex-count")]
    out = tmp_path / "brief"
    result = runner.invoke(app, ["report", "--pair", "CN", "RU", "--baseline", "US", "--area", "ai",
                                 "--years", "2010-2019", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open(out / "openalex_counts.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["pair"] == "CN-RU"]
    # CN-RU 2010-2019 from the CSV: 620 680 837 969 1394 1703 1770 2075 2525 3302
    assert [float(r["works"]) for r in rows] == [620, 680, 837, 969, 1394, 1703, 1770, 2075, 2525, 3302]
    assert {(r["retrieved_on"], r["area"]) for r in rows} == {("2024-08-27", "all")}  # all fields, said so
    html = (out / "brief.html").read_text(encoding="utf-8")
    assert "as counted by OpenAlex" in html and "2024-08-27" in html and "3302" in html
    # the query, with its year as a placeholder, escaped
    assert ("works?filter=authorships.countries:CN,publication_year:{year},countries_distinct_count:&gt;1"
            "&amp;group-by=authorships.countries") in html


def test_rerun_falls_back_to_a_full_fetch_where_from_updated_date_is_refused(api, works, tmp_path):
    db = tmp_path / "w.duckdb"
    args = [*ARGS, "--base-url", api.url, "--db", str(db)]
    assert runner.invoke(app, args).exit_code == 0
    api.faults.refused_filters.add("from_updated_date")
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    steps = [r[0] for r in q(db, "SELECT step_json FROM collect_steps WHERE collection_no = 2 AND step_no < 3")]
    assert steps and all("from_updated_date" not in s for s in steps)  # the query it really ran, for a resume
    expected = pair_ids(works, "DE", "US") | pair_ids(works, "DE", "FR") | pair_ids(works, "US", "FR")
    assert {r[0] for r in q(db, "SELECT work_id FROM works")} == expected


@pytest.mark.parametrize("bad, message", [
    (["--pair", "China", "RU", "--years", "2010-2019"],
     "--pair 'China' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US)"),
    (["--pair", "XX", "YY", "--years", "2010-2019"], "--pair 'XX' is not an ISO 3166-1 alpha-2 country code"),
    (["--pair", "CN", "RUS", "--years", "2010-2019"], "(e.g. CN, RU, US): use its two-letter code RU"),
    (["--pair", "CN", "RU", "--baseline", "ZZ", "--years", "2010-2019"], "--baseline 'ZZ' is not an ISO 3166-1"),
    (["--pair", "CN", "RU", "--years", "2019-2010"], "--years 2019-2010: write the earlier year first: 2010-2019"),
    (["--pair", "CN", "RU", "--years", "201"], "--years '201': write a year or a range, e.g. 2010-2019"),
    (["--pair", "CN", "RU", "--years", "2010-2019", "--area", "quantum"], "--area for collect must be one of"),
    (["--pair", "CN", "RU", "--years", "2010-2019", "--base-url", "notaurl"],
     "--base-url 'notaurl': give an http:// or https:// address, e.g. https://api.openalex.org"),
    (["--pair", "CN", "CN", "--years", "2010-2019"], "--pair CN CN: the two countries must differ"),
    (["--pair", "CN", "RU", "--baseline", "ru", "--years", "2010-2019"],
     "--baseline RU: the baseline must be a third country, not one of the pair CN RU"),
])
def test_wrong_usage_is_one_line_and_exit_2(bad, message, tmp_path):
    # the same checks and words as `techties research` for countries and years
    db = ["--db", str(tmp_path / "w.duckdb")]
    result = runner.invoke(app, ["collect", *db, "--base-url", "http://127.0.0.1:9", *bad])  # a later one wins
    assert result.exit_code == 2 and result.output.startswith("error: ") and message in result.output
    assert result.output.count("\n") == 1
    assert not (tmp_path / "w.duckdb").exists()


def test_an_unreachable_api_is_one_line_and_exit_4(tmp_path):
    """Offline, `collect` exited 1, the README's "unexpected error", without its --debug hint: an API that
    cannot be reached is an input that cannot be used (4), as for `lists update`."""
    result = runner.invoke(app, [*ARGS, "--base-url", "http://127.0.0.1:9", "--db", str(tmp_path / "w.duckdb"),
                                 "--dry-run"])
    assert result.exit_code == 4 and "connection error" in result.output and "Traceback" not in result.output


def test_collect_into_a_warehouse_holding_synthetic_works_says_so_once(api, shared_data, tmp_path):
    # the demo warehouse named as --db: two works marked synthetic stored first, then collect says on
    # stderr, once and before its run, that what it fetches is counted with them (as ingest does)
    from tests.test_ingest_synthetic_note import NOTE, synthetic_file

    db = tmp_path / "demo.duckdb"
    first = runner.invoke(app, ["ingest", "openalex", str(synthetic_file(shared_data, tmp_path / "s.jsonl")),
                                "--db", str(db)])
    assert first.exit_code == 0, first.output
    result = runner.invoke(app, [*ARGS, "--base-url", api.url, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines().count(NOTE.format(db=db)) == 1
    assert result.output.splitlines()[0] == NOTE.format(db=db)
