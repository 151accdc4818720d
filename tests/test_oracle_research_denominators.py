"""Oracle for what research says about its denominators (metrics/research.py's country_output,
summary note and denominator notes) on the hand-made fixture of tests/oracle_fixture.py (SYNTHETIC),
with stored count series; every expected value worked out by hand in the comments."""

from __future__ import annotations

import pytest

from techties.metrics.research import ResearchQuery, compute_research
from tests import oracle_fixture
from tests.oracle_fixture import work_id

INSERT = ("INSERT INTO count_series (query, scope_kind, scope, area, year, value, method, retrieved_on, run_id)"
          " VALUES (?, 'country', ?, ?, ?, ?, 'openalex-count', ?, 'r1')")


@pytest.fixture()
def con(tmp_path):
    from techties.warehouse import Warehouse

    wh = Warehouse(tmp_path / "w.duckdb")
    oracle_fixture.build(wh.con)
    yield wh.con
    wh.close()


def test_country_output_lists_the_works_it_counted(con):
    t = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018)), explain=True).table("country_output")
    ids = {(r[0], r[1]): w for r, w in zip(t.rows, t.work_ids, strict=True)}
    # CN 2016: W1 W2 W8 W12; RU 2018: W5 W6 W7 W16
    assert ids[("CN", 2016)] == sorted(work_id(w) for w in ("W1", "W2", "W8", "W12"))
    assert ids[("RU", 2018)] == sorted(work_id(w) for w in ("W5", "W6", "W7", "W16"))
    assert t.title == "Each country's whole output per year (the denominators of the shares)"
    assert t.note == ("works = the denominator; source: warehouse | openalex-count | sample-estimate | unknown; "
                      "low/high: 95% interval of a sample estimate")


def test_an_areas_count_is_the_denominator_of_that_area_only(con):
    # CN's Robotics works counted by OpenAlex: 50 in 2017. In --area wos-wc:Robotics it is CN's 2017 output;
    # other years come from the warehouse (CN's Robotics works: W3, W4 in 2017 only: 0 in 2016 and 2018)
    con.execute(INSERT, ["q-robotics", "CN", "wos-wc:Robotics", 2017, 50, "2026-11-01"])
    area = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018), area="wos-wc:Robotics"))
    out = {(r[0], r[1]): (r[2], r[3]) for r in area.table("country_output").rows}
    assert [out[("CN", y)] for y in (2016, 2017, 2018)] == [(0, "warehouse"), (50, "openalex-count"), (0, "warehouse")]
    # 2 CN-RU Robotics works (W3, W4) of CN's 50: 4%
    assert area.table("summary").rows[0][5] == 4.0
    # without the area, CN's 2017 output is the warehouse's 4 (W3 W4 W9 W13)
    every = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018)))
    assert {(r[0], r[1]): r[2] for r in every.table("country_output").rows}[("CN", 2017)] == 4


def test_denominator_notes_name_the_queries_and_dates(con):
    con.execute(INSERT, ["works?filter=authorships.countries:CN,publication_year:2016", "CN", "all", 2016, 100,
                         "2026-11-01"])
    r = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018)))
    assert [n for n in r.notes if n.startswith("denominator")] == [
        "denominator CN: openalex-count, warehouse; 1 query, e.g. works?filter=authorships.countries:CN,"
        "publication_year:2016 (retrieved 2026-11-01)",
        "denominator RU: warehouse"]
    con.execute(INSERT, ["works?filter=authorships.countries:CN,publication_year:2017", "CN", "all", 2017, 110,
                         "2026-11-02"])
    r = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018)))
    assert r.notes[2] == ("denominator CN: openalex-count, warehouse; 2 queries, e.g. works?filter=authorships."
                          "countries:CN,publication_year:2016 (retrieved 2026-11-01)")


def test_the_summary_says_how_each_figure_is_made(con, monkeypatch):
    from techties.metrics import research
    from techties.metrics.denominators import CountryOutput

    r = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018)))
    s = r.table("summary")
    assert s.title == "Summary: totals, growth, shares, baseline ratios"
    assert s.note == ("growth_factor = works in the last year / works in the first year of the range; share = "
                      "co-authored works as % of the country's whole output (country_output: its source per year); "
                      "ratio = main pair's works / this pair's works")

    def series(con, countries, years, area, counts, merged=None):  # RU 2016 unknown, with no reason given
        return [CountryOutput(c, y, None, "unknown") if (c, y) == ("RU", 2016)
                else CountryOutput(c, y, float(counts.get((c, y), 0)), "warehouse")
                for c in countries for y in range(years[0], years[1] + 1)]

    # 2014-2018: CN-RU has no work in 2014 (the first is W18, 2015), so its growth factor has nothing to divide by
    s = compute_research(con, ResearchQuery("CN", "RU", years=(2014, 2018))).table("summary")
    assert s.rows[0][2:5] == (0, 3, None)  # first year 0, last year 3 (W5 W6 W7)
    assert s.note.endswith("; growth_factor left empty where the first year has no works: CN-RU (0 in 2014)")

    monkeypatch.setattr(research, "country_output_series", series)
    s = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018))).table("summary")
    assert s.note.endswith("; share left empty where the denominator is unknown: RU 2016: output unknown")


def test_openalex_pair_counts_are_shown_apart_with_their_queries(con):
    con.execute("INSERT INTO count_series (query, scope_kind, scope, area, year, value, method, retrieved_on, run_id,"
                " source) VALUES (?, 'pair', 'RU-CN', 'all', ?, ?, 'openalex-count', '2026-11-01', 'r1', ?)",
                ["works?filter=authorships.countries:CN,authorships.countries:RU,publication_year:2016", 2016, 620,
                 "test aggregates"])
    t = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018))).table("openalex_counts")
    # stored as RU-CN, shown for the pair as asked; only 2016 has a count
    assert t.columns == ["pair", "year", "works", "low", "high", "area", "method", "sample_size", "retrieved_on"]
    assert t.rows == [("CN-RU", 2016, 620, None, None, "all", "openalex-count", None, "2026-11-01")]
    assert t.note == ("OpenAlex's own counts (or, method sample-estimate, estimates from a scored sample of "
                      "sample_size works with their 95% interval low–high), not computed from the works loaded here. "
                      "Queries: works?filter=authorships.countries:CN,authorships.countries:RU,"
                      "publication_year:{year}. Sources: test aggregates")
    # a count stored without a source says nothing of sources
    con.execute("UPDATE count_series SET source = NULL")
    t = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018))).table("openalex_counts")
    assert t.note.endswith("publication_year:{year}")


def test_notes_of_an_empty_selection_and_of_works_before_their_listing(con):
    r = compute_research(con, ResearchQuery("CN", "RU", years=(2030, 2031)))
    assert r.notes[:2] == ["0 works selected (years 2030–2031, area all, language all, China scope mainland)",
                           "EMPTY: no works match this selection (years 2030–2031, area all, language all): every "
                           "table below is empty or zero for that reason"]
    # HIT listed in 2019 instead: W2 (2016) and W5 (2018) both predate it
    con.execute("UPDATE watchlist_entries SET listed_on = '2019-01-01' WHERE entry_id = 'e-hit'")
    t = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018))).table("listed_collaborations")
    assert t.note.startswith("works with a listed institution published before its listing year, not counted for "
                             "that list: us-entity-list 2 (a work counts")
    assert [row for row in t.rows if row[0] == "us-entity-list"] == []


def test_titles_and_notes_of_the_citation_and_funder_tables(con):
    r = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018)))
    assert r.table("top_funders").title == "Top funders of co-authored works"
    assert r.table("citation_impact").note == ("top10_pct = share of works at or above the 90th citation percentile "
                                               "of their year")
