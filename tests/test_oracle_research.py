"""Oracle for the research metrics: every figure of `compute_research` on the hand-made fixture of
`tests/oracle_fixture.py` (SYNTHETIC records), worked out by hand in the comments. Nothing here is
computed by techties and compared with techties."""

from __future__ import annotations

import pytest

from techties.metrics.research import ResearchQuery, compute_research
from tests import oracle_fixture
from tests.oracle_fixture import work_id


def ids(*ws: str) -> list[str]:
    return sorted(work_id(w) for w in ws)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """One fixture warehouse for the module (the metrics only read it; each test drops what it makes)."""
    from techties.warehouse import Warehouse

    wh = Warehouse(tmp_path_factory.mktemp("oracle") / "w.duckdb")
    oracle_fixture.build(wh.con)
    yield wh.con
    wh.close()


@pytest.fixture()
def result(con):
    """Computed in each test (not once per module): mutation testing attributes the metrics to the tests
    that run them."""
    return compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018), top=3), explain=True)


def test_yearly_counts(result):
    t = result.table("yearly")
    rows = dict(((p, y), n) for p, y, n in t.rows)
    # CN-RU: 2016 W1 W2 = 2; 2017 W3 W4 = 2; 2018 W5 W6 W7 = 3 (W18 is 2015: outside the range)
    assert [rows[("CN-RU", y)] for y in (2016, 2017, 2018)] == [2, 2, 3]
    # CN-US: 2016 W8; 2017 W3 W9; 2018 W10
    assert [rows[("CN-US", y)] for y in (2016, 2017, 2018)] == [1, 2, 1]
    # RU-US: 2017 W3 W11 only, zeros kept for the other years
    assert [rows[("RU-US", y)] for y in (2016, 2017, 2018)] == [0, 2, 0]
    by_row = {(r[0], r[1]): w for r, w in zip(t.rows, t.work_ids, strict=True)}
    assert by_row[("CN-RU", 2018)] == ids("W5", "W6", "W7")
    assert by_row[("RU-US", 2016)] == []


def test_summary_growth_shares_and_baseline_ratios(result):
    s = {r[0]: r for r in result.table("summary").rows}
    # works, first year, last year, growth = last / first
    # CN-RU: 2+2+3 = 7, 2 (2016) -> 3 (2018): 3 / 2 = 1.5
    assert s["CN-RU"][1:5] == (7, 2, 3, 1.5)
    # CN-US: 1+2+1 = 4, 1 -> 1: 1.0
    assert s["CN-US"][1:5] == (4, 1, 1, 1.0)
    # RU-US: 0+2+0 = 2, first year 0: growth undefined
    assert s["RU-US"][1:5] == (2, 0, 0, None)
    # shares: CN's selected works with a CN author: W1-W10, W12-W14 = 13; RU: W1-W7, W11, W15, W16 = 10;
    # US: W3, W8-W11, W17 = 6
    assert s["CN-RU"][5:7] == (53.85, 70.0)      # 100*7/13 = 53.846; 100*7/10
    assert s["CN-US"][5:7] == (30.77, 66.67)     # 100*4/13 = 30.769; 100*4/6 = 66.667
    assert s["RU-US"][5:7] == (20.0, 33.33)      # 100*2/10; 100*2/6 = 33.333
    # ratio of the main pair's works to each pair's: 7/7, 7/4, 7/2
    assert [s[p][7] for p in ("CN-RU", "CN-US", "RU-US")] == [1.0, 1.75, 3.5]


def test_country_output_is_the_denominator(result):
    t = result.table("country_output")
    got = {(r[0], r[1]): r[2] for r in t.rows}
    # CN 2016: W1 W2 W8 W12; 2017: W3 W4 W9 W13; 2018: W5 W6 W7 W10 W14
    assert [got[("CN", y)] for y in (2016, 2017, 2018)] == [4, 4, 5]
    # RU 2016: W1 W2 W15; 2017: W3 W4 W11; 2018: W5 W6 W7 W16
    assert [got[("RU", y)] for y in (2016, 2017, 2018)] == [3, 3, 4]
    # US 2016: W8; 2017: W3 W9 W11 W17; 2018: W10
    assert [got[("US", y)] for y in (2016, 2017, 2018)] == [1, 4, 1]


def test_top_fields_per_scope(result):
    rows = result.table("top_fields").rows
    ai = "Computer Science, Artificial Intelligence"
    # the pair's 7 works: AI on W1 W2 W3 W5 W7 = 5 (71.4%); Mathematics W1 W6 = 2 and Robotics W3 W4 = 2
    # (28.6%), the tie broken by name
    assert [r for r in rows if r[0] == "CN-RU"] == [
        ("CN-RU", 1, ai, 5, 71.4), ("CN-RU", 2, "Mathematics", 2, 28.6), ("CN-RU", 3, "Robotics", 2, 28.6)]
    # CN's 13 works: AI 5 (38.5%), Mathematics W1 W6 W12 = 3 (23.1%), Physics W8 W14 = 2 (15.4%) and
    # Robotics 2: cut by --top 3 after Physics (name order)
    assert [r for r in rows if r[0] == "CN"] == [
        ("CN", 1, ai, 5, 38.5), ("CN", 2, "Mathematics", 3, 23.1), ("CN", 3, "Physics", 2, 15.4)]
    # RU's 10 works: AI 5 (50%), Mathematics 2 (20%), Robotics 2 (20%); Physics (W15) 1 is cut
    assert [r for r in rows if r[0] == "RU"] == [
        ("RU", 1, ai, 5, 50.0), ("RU", 2, "Mathematics", 2, 20.0), ("RU", 3, "Robotics", 2, 20.0)]
    # what the shares are out of (the table showed "share_pct" and no denominator): 7, 13 and 10 works, as above;
    # the pair's three shares add up to 128.6
    assert result.table("top_fields").note == (
        "share_pct = the field's works as % of the scope's works: CN-RU 7, CN 13, RU 10 (a work may carry several "
        "fields, so the shares can add up to more than 100)")


def test_institution_pairs_roll_up_to_the_parent(result):
    t = result.table("top_institution_pairs")
    # Keldysh rolls up to RAS: Tsinghua x RAS on W1 and W3 = 2; every other pair once, in name order
    # (Harbin < Huawei < Tsinghua; Lomonosov < Russian)
    assert t.columns == ["institution_CN", "institution_RU", "works"]
    assert t.rows == [
        ("Tsinghua University", "Russian Academy of Sciences", 2),
        ("Harbin Institute of Technology", "Lomonosov Moscow State University", 1),
        ("Harbin Institute of Technology", "Russian Academy of Sciences", 1),
    ]
    assert t.work_ids[0] == ids("W1", "W3")


def test_companies_and_their_partners(result):
    t = result.table("companies")
    # Huawei (CN, type company): W4 with MSU, W7 with RAS; Yandex (RU): W6 with Tsinghua.
    # MIT on W3 is not a partner: only the pair's two countries count.
    assert t.rows == [
        ("Huawei Technologies Co Ltd", "CN", 2,
         "Lomonosov Moscow State University (1); Russian Academy of Sciences (1)"),
        ("Yandex", "RU", 1, "Tsinghua University (1)"),
    ]
    assert t.work_ids == [ids("W4", "W7"), ids("W6")]


def test_top_funders(result):
    t = result.table("top_funders")
    # NSFC on W1, W3, W5 (two awards on W5 count once) = 3; RFBR on W1, W5 = 2; NSF funds W8, not a
    # CN-RU work; an empty funder name is no funder
    assert t.rows == [("National Natural Science Foundation of China", 3), ("Russian Foundation for Basic Research", 2)]
    assert t.work_ids == [ids("W1", "W3", "W5"), ids("W1", "W5")]


def test_citation_impact_mean_and_top10(result):
    c = {r[0]: r[1:] for r in result.table("citation_impact").rows}
    # percentile rank within each year over all 18 selected works (W19, no country, included):
    # 2016: 0 (W2), 1 (W12), 2 (W15), 8 (W8), 10 (W1) -> W1 alone at rank 1.0 >= 0.9
    # 2017: 0, 2, 5, 6, 7, 20 (W9: 5/6 = 0.83), 50 (W17: 1.0) -> W17
    # 2018: 0, 1, 3, 4, 12 (W14: 4/5 = 0.8), 30 (W5: 1.0) -> W5
    # all: (10+0+8+1+2) + (5+2+20+6+0+50+7) + (30+1+4+3+12+0) = 21 + 90 + 50 = 161; 161/18 = 8.94;
    # top 10%: 3 of 18 = 16.7%
    assert c["all selected works"] == (18, 8.94, 16.7)
    # CN (13 works): 10+0+5+2+30+1+4 + 8+20+3 + 1+0+12 = 96; 96/13 = 7.38; top: W1, W5 = 2/13 = 15.4%
    assert c["CN (all)"] == (13, 7.38, 15.4)
    # RU (10 works): 52 (W1-W7) + 6 + 2 + 0 = 60; 6.0; top: W1, W5 = 2/10
    assert c["RU (all)"] == (10, 6.0, 20.0)
    # CN-RU (7): 10+0+5+2+30+1+4 = 52; 52/7 = 7.43; top: W1, W5 = 2/7 = 28.6%
    assert c["CN-RU"] == (7, 7.43, 28.6)
    # CN-US (4): 5+8+20+3 = 36; 9.0; none in its year's top 10%
    assert c["CN-US"] == (4, 9.0, 0.0)
    # RU-US (2): 5+6 = 11; 5.5
    assert c["RU-US"] == (2, 5.5, 0.0)


def test_works_by_language_non_english_first(result):
    # ru: W6 (2018); zh: W2 (2016); en: W1 (2016), W3 W4 (2017), W5 W7 (2018)
    assert result.table("by_language").rows == [
        ("ru", 2018, 1), ("zh", 2016, 1), ("en", 2016, 1), ("en", 2017, 2), ("en", 2018, 2)]


def test_listed_collaborations_respect_listing_dates(result):
    t = result.table("listed_collaborations")
    # eu-list, RAS (hit on the parent, listed 2014): its institute Keldysh on W1 (2016), W3 (2017), W5 (2018)
    # and RAS itself on W7 (2018).
    # us-entity-list, HIT listed 2017-06-05: W5 (2018) counts; W2 (2016) predates the listing and does not.
    # Tsinghua's hit was rejected. x-list, Yandex, no listing date: counted (W6, 2018), and said so.
    assert t.rows == [
        ("eu-list", 2016, 1), ("eu-list", 2017, 1), ("eu-list", 2018, 2),
        ("us-entity-list", 2018, 1),
        ("x-list", 2018, 1),
    ]
    assert t.work_ids[2] == ids("W5", "W7")
    assert "before its listing year, not counted for that list: us-entity-list 1 " in t.note  # W2: before HIT's
    # Yandex's entry on x-list has no date: said of the entry ("no listing date for x-list" read as if the list
    # dated none, beside a list with both, e.g. techties-curated)
    assert t.note.endswith("; entries with no listing date (x-list): every year counted")


def test_no_temp_table_is_left_on_the_connection(con):
    before = con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()[0]
    compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018)), explain=True)
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()[0] == before == 0


def test_two_selections_on_one_connection_do_not_meet(con):
    from techties.metrics.research import drop_selection, select_works, top_funders, top_institution_pairs

    other = select_works(con, ResearchQuery("CN", "US", years=(2016, 2016)))  # W8 only: NSF
    # without a selection of its own to pass, the dashboard's call makes and drops one
    mine = top_institution_pairs(con, ResearchQuery("CN", "RU", years=(2016, 2018), top=1), explain=False)
    assert mine.rows == [("Tsinghua University", "Russian Academy of Sciences", 2)]
    assert top_funders(con, ResearchQuery("CN", "US", years=(2016, 2016)), explain=False, s=other).rows == [
        ("National Science Foundation", 1)]
    drop_selection(con, other)
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()[0] == 0


def test_without_baseline_only_the_pair(con):
    r = compute_research(con, ResearchQuery("RU", "CN", years=(2016, 2018)))
    # the pair in the asked order: RU-CN, the same works 2, 2, 3
    assert [row for row in r.table("yearly").rows] == [("RU-CN", 2016, 2), ("RU-CN", 2017, 2), ("RU-CN", 2018, 3)]
    # share of RU first: 100*7/10, then CN: 100*7/13
    assert r.table("summary").rows[0][5:7] == (70.0, 53.85)


def test_growth_factor_and_company_rules():
    from techties.metrics.research import growth_factor, is_company

    assert growth_factor(3, 7) == 2.33 and growth_factor(0, 5) is None and growth_factor(4, 0) == 0.0  # 7/3 = 2.333
    assert is_company("Skolkovo Foundation", "company")          # the type alone
    assert is_company("Baidu Inc", None) and is_company("Sberbank", "funder")  # the name alone
    assert not is_company("Tsinghua University", "education")


def test_an_unknown_denominator_leaves_the_share_empty_with_the_reason(con, monkeypatch):
    from techties.metrics import research
    from techties.metrics.denominators import CountryOutput

    def series(con, countries, years, area, counts, merged=None):
        # RU's 2017 output unknown; every other value is the warehouse count
        return [CountryOutput(c, y, None, "unknown", reason="no count for this year") if (c, y) == ("RU", 2017)
                else CountryOutput(c, y, float(counts.get((c, y), 0)), "warehouse")
                for c in countries for y in range(years[0], years[1] + 1)]

    monkeypatch.setattr(research, "country_output_series", series)
    r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018)))
    s = {row[0]: row for row in r.table("summary").rows}
    # CN's share is still 7/13; RU's is unknown (one of its years is): left empty, never computed from a part
    assert s["CN-RU"][5:7] == (53.85, None) and s["RU-US"][5:7] == (None, 33.33)
    assert "RU 2017: no count for this year" in r.table("summary").note
    out = {(row[0], row[1]): row for row in r.table("country_output").rows}
    assert out[("RU", 2017)][2:4] == (None, "unknown") and out[("RU", 2017)][6] == 3  # warehouse still holds 3


def test_a_pair_without_works_gives_zeros_not_errors(con):
    r = compute_research(con, ResearchQuery("DE", "FR"))
    assert r.table("yearly").rows == []
    assert r.table("summary").rows == [("DE-FR", 0, 0, 0, None, None, None, None)]
    assert any(n.startswith("EMPTY: no DE–FR co-authored works") for n in r.notes)


def pair_years(con, **kw) -> list[int]:
    r = compute_research(con, ResearchQuery("CN", "RU", years=(2016, 2018), **kw))
    return [n for _p, _y, n in r.table("yearly").rows]


def test_areas_and_languages_select_the_works(con):
    # --area ai: works the classifier labels AI (the fixture labels those with the AI field): W1, W2 (2016),
    # W3 (2017), W5, W7 (2018)
    assert pair_years(con, area="ai") == [2, 1, 2]
    # a score threshold instead of the label: 0.05 keeps every work (scores 0.9 and 0.1): 2, 2, 3; 0.95 none
    assert pair_years(con, area="ai", ai_threshold=0.05) == [2, 2, 3]
    assert pair_years(con, area="ai", ai_threshold=0.95) == [0, 0, 0]
    # ai-fields: the taxonomy's AI fields, the same five works; a field in any case: Robotics on W3, W4 (2017)
    assert pair_years(con, area="ai-fields") == [2, 1, 2]
    assert pair_years(con, area="wos-wc:robotics") == [0, 2, 0]
    assert pair_years(con, area="wos-wc:Robotics|Mathematics") == [1, 2, 1]  # + W1 (2016), W6 (2018)
    assert pair_years(con, area="all") == [2, 2, 3]
    # languages: zh W2 (2016); non-English W2 and W6 (ru, 2018); en the other five
    assert pair_years(con, language="zh") == [1, 0, 0]
    assert pair_years(con, language="non-en") == [1, 0, 1]
    assert pair_years(con, language="en") == [1, 2, 2]
    assert pair_years(con, language="all") == [2, 2, 3]
    with pytest.raises(ValueError, match="unknown area 'robots'") as refused:
        compute_research(con, ResearchQuery("CN", "RU", area="robots"))
    # the same choices as the CLI's message: the keywords, every classifier area, then TAXONOMY:FIELD
    assert str(refused.value) == ("unknown area 'robots': use ai, ai-fields, all, robotics, computer-vision, nlp, "
                                  "quantum, networking, q-bio or TAXONOMY:FIELD (e.g. wos-wc:Robotics)")
    with pytest.raises(ValueError, match="china scope must be one of"):
        compute_research(con, ResearchQuery("CN", "RU", china_scope="taiwan"))


def test_ai_area_without_scores_says_what_to_run(warehouse):
    with pytest.raises(ValueError, match="no AI scores in the warehouse: run `techties classify apply` first"):
        compute_research(warehouse.con, ResearchQuery("CN", "RU", area="ai"))


def test_notes_say_what_was_selected(result, con):
    assert result.notes == [
        "18 works selected (years 2016–2018, area all, language all, China scope mainland)",
        "SYNTHETIC: 18 of these works are synthetic (generated in the OpenAlex schema)",
        # where each share's denominator came from: the fixture is a corpus loaded from records
        "denominator CN: warehouse", "denominator RU: warehouse", "denominator US: warehouse"]
    none = compute_research(con, ResearchQuery("CN", "RU", years=(2030, 2031), area="ai", language="en"))
    assert none.notes == [
        "0 works selected (years 2030–2031, area ai, language en, China scope mainland)",
        "EMPTY: no works match this selection (years 2030–2031, area ai, language en): every table below is "
        "empty or zero for that reason",
        "denominator CN: warehouse", "denominator RU: warehouse"]


def test_without_years_the_span_of_the_pairs_works(con):
    r = compute_research(con, ResearchQuery("CN", "RU"))
    # W18 (2015) now counts: 2015: 1, then 2, 2, 3; the notes say "years all"
    assert r.table("yearly").rows == [("CN-RU", 2015, 1), ("CN-RU", 2016, 2), ("CN-RU", 2017, 2), ("CN-RU", 2018, 3)]
    assert r.table("summary").rows[0][1:5] == (8, 1, 3, 3.0)
    assert r.notes[0].startswith("19 works selected (years all")


def test_every_table_keeps_its_columns(result, con):
    # the CSV interface analysts' scripts read (new columns only at the end)
    assert {t.name: t.columns for t in result.tables} == {
        "yearly": ["pair", "year", "works"],
        "summary": ["pair", "works", "first_year_works", "last_year_works", "growth_factor", "share_of_first_pct",
                    "share_of_second_pct", "ratio_main_to_pair"],
        "country_output": ["country", "year", "works", "source", "low", "high", "warehouse_works", "reason",
                           "query", "retrieved_on"],
        "top_fields": ["scope", "rank", "field", "works", "share_pct"],
        "top_institution_pairs": ["institution_CN", "institution_RU", "works"],
        "companies": ["company", "country", "works", "top_partners"],
        "top_funders": ["funder", "works"],
        "citation_impact": ["group", "works", "mean_citations", "top10_pct"],
        "by_language": ["language", "year", "works"],
        "listed_collaborations": ["list", "year", "works"],
    }
    assert all(t.title for t in result.tables)
    empty = compute_research(con, ResearchQuery("DE", "FR"), explain=True)
    # no co-authored works at all: empty tables that still list the works behind each (none) and keep columns
    assert [(t.name, t.rows, t.work_ids) for t in empty.tables if t.name in ("yearly", "top_fields")] == [
        ("yearly", [], []), ("top_fields", [], [])]
    assert empty.table("yearly").columns == ["pair", "year", "works"]


def test_a_work_of_the_listing_year_counts(warehouse):
    oracle_fixture.build(warehouse.con)
    # HIT listed on 2016-01-01 instead: W2 (2016, HIT with MSU) is of the listing year and now counts
    warehouse.con.execute("UPDATE watchlist_entries SET listed_on = '2016-01-01' WHERE entry_id = 'e-hit'")
    t = compute_research(warehouse.con, ResearchQuery("CN", "RU", years=(2016, 2018))).table("listed_collaborations")
    assert [r for r in t.rows if r[0] == "us-entity-list"] == [("us-entity-list", 2016, 1), ("us-entity-list", 2018, 1)]
    assert "before" not in t.note and t.work_ids is None  # nothing predates a listing; no ids without explain


def test_without_explain_the_same_figures_and_no_ids(con):
    r = compute_research(con, ResearchQuery("CN", "RU", baseline="US", years=(2016, 2018), top=3))
    assert all(t.work_ids is None for t in r.tables)
    assert [n for p, _y, n in r.table("yearly").rows if p == "CN-RU"] == [2, 2, 3]  # as worked out above
    assert [(c, n) for c, y, n, *_ in r.table("country_output").rows if y == 2018] == [("CN", 5), ("RU", 4), ("US", 1)]


def test_a_work_before_two_lists_listings_is_not_counted_twice_in_the_note(warehouse):
    """The brief said "26 of the 29 CN-RU works have an author at a listed institution" and, in the same
    table's note, "29 works … published before its listing year, not counted": the note summed over lists."""
    oracle_fixture.build(warehouse.con)
    # HIT on eu-list too, listed 2019: W2 (2016) and W5 (2018) predate it; W5 counts for eu-list all the same
    # (its Keldysh author, RAS listed 2014), so eu-list leaves out W2 only. us-entity-list (HIT, 2017) leaves
    # out W2. One work, W2, left out under each of two lists: 1 and 1, never "2 works".
    warehouse.con.execute("INSERT INTO watchlist_entries (list_id, entry_id, name, country, listed_on)"
                          " VALUES ('eu-list', 'e-hit-eu', 'Harbin Institute of Technology', 'CN', '2019-01-01')")
    warehouse.con.execute("INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score, decision)"
                          " VALUES ('institution', 'i-hit', 'e-hit-eu', 'eu-list', 1.0, NULL)")
    t = compute_research(warehouse.con, ResearchQuery("CN", "RU", years=(2016, 2018))).table("listed_collaborations")
    assert t.rows[:3] == [("eu-list", 2016, 1), ("eu-list", 2017, 1), ("eu-list", 2018, 2)]  # as before: W1 W3 W5 W7
    assert t.note.startswith("works with a listed institution published before its listing year, not counted for "
                             "that list: eu-list 1, us-entity-list 1 (a work counts from the year its institution "
                             "was listed)")
