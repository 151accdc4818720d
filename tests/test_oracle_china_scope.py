"""Oracle for `--china-scope`: whether Hong Kong, Macao and Taiwan authors count as China's.

A hand-made warehouse (SYNTHETIC records), years 2018-2019; every figure below is worked out by hand
from this table, never by techties:

    work  year  authors (institution -> country)
    S1    2018  HKU HK, MSU RU
    S2    2018  Tsinghua CN, MSU RU
    S3    2019  NTU TW, MSU RU
    S4    2019  UM MO, MSU RU
    S5    2019  Tsinghua CN, HKU HK
    S6    2018  NTU TW, MIT US
    S7    2019  HKU HK
    S8    2018  MSU RU

Scopes (metrics.research.CHINA_SCOPES): `mainland` counts CN only; `with-hk-mo` adds HK and MO;
`greater` adds TW as well.
"""

from __future__ import annotations

import pytest

from techties.metrics.indicators import compute_indicators
from techties.metrics.query import build_query
from techties.metrics.research import compute_research

INSTITUTIONS = [("c-tsinghua", "Tsinghua University", "CN"), ("c-hku", "University of Hong Kong", "HK"),
                ("c-um", "University of Macau", "MO"), ("c-ntu", "National Taiwan University", "TW"),
                ("c-msu", "Lomonosov Moscow State University", "RU"), ("c-mit", "MIT", "US")]
WORKS = [("S1", 2018, ["c-hku", "c-msu"]), ("S2", 2018, ["c-tsinghua", "c-msu"]), ("S3", 2019, ["c-ntu", "c-msu"]),
         ("S4", 2019, ["c-um", "c-msu"]), ("S5", 2019, ["c-tsinghua", "c-hku"]), ("S6", 2018, ["c-ntu", "c-mit"]),
         ("S7", 2019, ["c-hku"]), ("S8", 2018, ["c-msu"])]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    from techties.warehouse import Warehouse

    wh = Warehouse(tmp_path_factory.mktemp("china") / "w.duckdb")
    country = {i: c for i, _n, c in INSTITUTIONS}
    wh.con.executemany("INSERT INTO institutions (institution_id, name, country_code, type, source)"
                       " VALUES (?, ?, ?, 'education', 'oracle')", INSTITUTIONS)
    wh.con.executemany("INSERT INTO works (work_id, source, title, year, language, cited_by_count, synthetic, as_of)"
                       " VALUES (?, 'synthetic', ?, ?, 'en', 0, TRUE, '2026-11-01')",
                       [[f"china:{w}", f"work {w}", y] for w, y, _ in WORKS])
    wh.con.executemany("INSERT INTO authorships (work_id, position, institution_id, country_code, country_method)"
                       " VALUES (?, ?, ?, ?, 'institution')",
                       [[f"china:{w}", pos, inst, country[inst]] for w, _y, insts in WORKS
                        for pos, inst in enumerate(insts)])
    yield wh.con
    wh.close()


def tables(con, scope):
    r = compute_research(con, build_query("CN", "RU", "US", "2018-2019", china_scope=scope), explain=True)
    yearly = {(p, y): n for p, y, n in r.table("yearly").rows}
    output = {(row["country"], row["year"]): row["works"] for row in r.table("country_output").as_dicts()}
    summary = {row["pair"]: row for row in r.table("summary").as_dicts()}
    ids = {(row[0], row[1]): w for row, w in zip(r.table("yearly").rows, r.table("yearly").work_ids, strict=True)}
    return yearly, output, summary, ids


@pytest.mark.parametrize(("scope", "cn_ru", "cn_out", "cn_us", "shares", "ratio"), [
    # mainland: CN-RU is S2 (2018) only; CN's output S2 (2018), S5 (2019); no CN-US work.
    # RU's output: S1 S2 S8 (2018), S3 S4 (2019) = 5. Shares 1/2 = 50%, 1/5 = 20%
    ("mainland", (1, 0), (1, 1), (0, 0), (50.0, 20.0), None),
    # with HK and MO: CN-RU S1 S2 (2018), S4 (2019) = 3; CN's output S1 S2 (2018), S4 S5 S7 (2019) = 5;
    # S6 is TW-US: still no CN-US work. Shares 3/5 = 60%, 3/5 = 60%
    ("with-hk-mo", (2, 1), (2, 3), (0, 0), (60.0, 60.0), None),
    # greater China: CN-RU S1 S2 (2018), S3 S4 (2019) = 4; CN's output S1 S2 S6 (2018), S3 S4 S5 S7 (2019) = 7;
    # CN-US S6 (2018) = 1. Shares 4/7 = 57.14%, 4/5 = 80%; CN-RU against CN-US: 4 / 1 = 4.0
    ("greater", (2, 2), (3, 4), (1, 0), (57.14, 80.0), 4.0),
])
def test_china_scope_counts_shares_and_ratios(con, scope, cn_ru, cn_out, cn_us, shares, ratio):
    yearly, output, summary, _ids = tables(con, scope)
    assert (yearly[("CN-RU", 2018)], yearly[("CN-RU", 2019)]) == cn_ru
    assert (yearly[("CN-US", 2018)], yearly[("CN-US", 2019)]) == cn_us
    assert (output[("CN", 2018)], output[("CN", 2019)]) == cn_out
    assert (output[("RU", 2018)], output[("RU", 2019)]) == (3, 2)  # RU is RU under every scope
    s = summary["CN-RU"]
    assert (s["works"], s["share_of_first_pct"], s["share_of_second_pct"]) == (sum(cn_ru), *shares)
    assert summary["CN-US"]["ratio_main_to_pair"] == ratio
    # RU-US: no work has both, whatever the scope
    assert summary["RU-US"]["works"] == 0


def test_works_without_fields_have_no_top_fields(con):
    r = compute_research(con, build_query("CN", "RU", None, "2018-2019"))
    t = r.table("top_fields")
    assert (t.title, t.rows, t.note) == ("Top fields", [], "no field data")


def test_the_works_behind_each_scope(con):
    assert tables(con, "mainland")[3][("CN-RU", 2018)] == ["china:S2"]
    assert tables(con, "with-hk-mo")[3][("CN-RU", 2019)] == ["china:S4"]
    assert tables(con, "greater")[3][("CN-RU", 2019)] == ["china:S3", "china:S4"]
    assert tables(con, "greater")[3][("CN-US", 2018)] == ["china:S6"]


@pytest.mark.parametrize(("scope", "value", "denominator"), [("mainland", 0, 1), ("with-hk-mo", 0, 3),
                                                             ("greater", 0, 4)])
def test_indicators_count_the_pair_works_of_the_scope(con, scope, value, denominator):
    # the works-based indicators are out of the pair's works of the scope: 1, 3 and 4 (above); none of
    # these works has a listed, defence or joint-centre affiliation
    ind = {i.id: i for i in compute_indicators(con, build_query("CN", "RU", "US", "2018-2019", china_scope=scope))}
    for key in ("listed_collaborations", "defence_research", "joint_centre_output"):
        assert (ind[key].value, ind[key].denominator) == (value, denominator), key


def test_an_unknown_scope_is_a_usage_error():
    from techties.errors import UsageError

    with pytest.raises(UsageError, match="--china-scope 'taiwan': use one of mainland, with-hk-mo, greater"):
        build_query("CN", "RU", china_scope="taiwan")


def test_openalex_counts_of_a_cn_pair_say_they_are_of_cn_alone_under_a_wider_scope(con):
    """`research --china-scope with-hk-mo` showed OpenAlex's CN-RU counts (of the code CN alone) with no word
    of it, beside tables that count HK and MO as CN: 3 CN-RU works here (S1 HK, S2 CN, S4 MO) against a
    count that leaves S1 and S4 out."""
    con.execute("INSERT INTO count_series (query, scope_kind, scope, area, year, value, method, retrieved_on, run_id,"
                " source) VALUES ('works?filter=authorships.countries:CN,authorships.countries:RU,"
                "publication_year:2018', 'pair', 'CN-RU', 'all', 2018, 620, 'openalex-count', '2026-11-01', 'r1',"
                " 'test')")
    try:
        def note(scope: str) -> str:
            return compute_research(con, build_query("CN", "RU", None, "2018-2019", china_scope=scope)
                                    ).table("openalex_counts").note
        assert "China scope" not in note("mainland")
        assert note("with-hk-mo").endswith(". Sources: test. China scope with-hk-mo: these counts are of CN alone, "
                                           "while the tables above count HK, MO as CN too")
        assert note("greater").endswith("China scope greater: these counts are of CN alone, while the tables above "
                                        "count HK, MO, TW as CN too")
    finally:
        con.execute("DELETE FROM count_series WHERE run_id = 'r1'")
