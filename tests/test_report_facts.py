"""The brief's numbers, worked out by hand on a five-work warehouse (SYNTHETIC: hand-made records,
labelled so below), and the brief's investment and initiative sections on the shipped curated data
(real, sourced facts read off `techties/data/curated/*.yaml`).

The five works (query CN–RU, baseline none, 2016–2018):
    W1 2016  CN Tsinghua + RU Moscow State           real       funder NSFC
    W2 2018  CN Harbin Inst. of Technology + RU MSU  synthetic  funder DARPA (a generated funder)
    W3 2018  CN Tsinghua + RU MSU                    synthetic
    W4 2018  CN Tsinghua                             real
    W5 2017  RU MSU + US MIT                         real
By hand: CN–RU works per year 2016: 1, 2017: 0, 2018: 2 (3 in all, 2 of them synthetic); CN's works
W1–W4 = 4, so the pair's share of CN is 3 of 4 = 75.00%; RU's works W1, W2, W3, W5 = 4, share 75.00%;
growth 2018 / 2016 = 2 / 1 = 2.0. Harbin Institute of Technology (listed since 2010-01-01 on a
test list) is on W2 only: 1 listed institution, on 1 work.
"""

from __future__ import annotations

import csv
import re

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.records import Authorship, Institution, Work, WorkFunder

INSTITUTIONS = {
    "I-THU": ("Tsinghua University", "CN"), "I-HIT": ("Harbin Institute of Technology", "CN"),
    "I-MSU": ("Lomonosov Moscow State University", "RU"), "I-MIT": ("Massachusetts Institute of Technology", "US"),
}
WORKS = [  # id, year, institutions, synthetic, funders
    ("W1", 2016, ["I-THU", "I-MSU"], False, ["National Natural Science Foundation of China"]),
    ("W2", 2018, ["I-HIT", "I-MSU"], True, ["Defense Advanced Research Projects Agency"]),
    ("W3", 2018, ["I-THU", "I-MSU"], True, []),
    ("W4", 2018, ["I-THU"], False, []),
    ("W5", 2017, ["I-MSU", "I-MIT"], False, []),
]


def _work(wid: str, year: int, insts: list[str], synthetic: bool, funders: list[str]) -> Work:
    return Work(
        work_id=f"test:{wid}", source="test", title=f"Hand-made work {wid}", year=year, language="en",
        cited_by_count=1, as_of="2026-11-30", retrieved_at="2026-11-30", synthetic=synthetic,
        authorships=[Authorship(position=k, author_name=f"Author {wid}.{k}", institution_id=i,
                                country_code=INSTITUTIONS[i][1], country_method="institution")
                     for k, i in enumerate(insts)],
        institutions=[Institution(institution_id=i, name=INSTITUTIONS[i][0], country_code=INSTITUTIONS[i][1])
                      for i in insts],
        funders=[WorkFunder(funder_name=f) for f in funders])


def build_facts_warehouse(path):
    """The five-work warehouse above, with one screening hit on Harbin Institute of Technology."""
    from techties.resolve.investments import load_curated
    from techties.warehouse import Warehouse

    with Warehouse(path) as wh:
        load_curated(wh)  # the shipped curated deals and initiatives (real, sourced)
        run = wh.start_run("test", {}, [])
        wh.store_batch([_work(*w) for w in WORKS], [], run_id=run)
        wh.finish_run(run, "ok", len(WORKS), len(WORKS), 0)
        wh.con.execute("INSERT INTO watchlist_entries (list_id, entry_id, name, aliases_json, country, program,"
                       " listed_on, source, source_date) VALUES ('test-list', 'E1', 'Harbin Institute of"
                       " Technology', '[\"HIT\"]', 'CN', 'test', '2010-01-01', 'test', '2026-11-30')")
        wh.con.execute("INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score, features_json,"
                       " algorithm, decision)"
                       " VALUES ('institution', 'I-HIT', 'E1', 'test-list', 0.97, ?, 'test', NULL)",
                       ['{"token_overlap": 1.0, "fuzzy_ratio": 0.97, "country": "agrees", "matched_alias": "HIT",'
                        ' "alias_kind": "acronym", "listed_on": "2010-01-01"}'])
    return path


@pytest.fixture(scope="module")
def facts_db(tmp_path_factory):
    return build_facts_warehouse(tmp_path_factory.mktemp("facts") / "facts.duckdb")


def _report(db, out, *extra: str) -> str:
    res = CliRunner().invoke(app, ["report", "--pair", "cn", "ru", "--years", "2016-2018", "--out", str(out),
                                   "--db", str(db), *extra])
    assert res.exit_code == 0, res.output
    return (out / "brief.html").read_text()


@pytest.fixture(scope="module")
def brief(facts_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("facts-brief")
    return out, _report(facts_db, out)


def _csv(path) -> list[dict[str, str]]:
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def _text(html: str) -> str:
    import html as markup

    return re.sub(r"\s+", " ", markup.unescape(re.sub(r"<[^>]+>", " ", html)))


def test_yearly_counts_and_shares_with_their_denominators(brief):
    out, html = brief
    yearly = {(r["pair"], r["year"]): int(r["works"]) for r in _csv(out / "yearly.csv")}
    assert yearly == {("CN-RU", "2016"): 1, ("CN-RU", "2017"): 0, ("CN-RU", "2018"): 2}
    text = _text(html)
    assert "75.00% (3 of 4 CN works)" in text and "75.00% (3 of 4 RU works)" in text
    assert "2.0 (1 → 2 works)" in text
    assert "CN–RU cooperation, 2016–2018" in text and "(2016, 2018)" not in _text(html.split("</header>")[1])


def test_each_table_says_how_many_of_its_works_are_synthetic(brief):
    out, html = brief
    text = _text(html)
    # the summary and yearly tables rest on W1, W2, W3: two synthetic
    assert "2 of the 3 works behind this table are synthetic." in text
    # the funders: DARPA funds only W2, which is synthetic; NSFC funds W1, which is real
    funders = {r["funder"]: int(r["synthetic_works"]) for r in _csv(out / "top_funders.csv")}
    assert funders == {"Defense Advanced Research Projects Agency": 1,
                       "National Natural Science Foundation of China": 0}
    assert "Figure 1. Co-authored works per year, CN-RU, 2016–2018 (2 of 3 works synthetic)" in text
    # citation impact rests on the works of CN and RU: W1-W5, two synthetic
    citations = html.split('id="table-citation_impact"')[1].split("</section>")[0]
    assert "2 of the 5 works behind this table are synthetic." in _text(citations)


def test_all_synthetic_is_said_plainly(facts_db, tmp_path):
    html = _report(facts_db, tmp_path / "b", "--years", "2018-2018")
    assert "All 2 works behind this table are synthetic: these are not real figures." in _text(html)


def test_listed_institution_with_its_entry_and_denominator(brief):
    out, html = brief
    rows = _csv(out / "listed_institutions.csv")
    assert [(r["institution"], r["country"], r["list"], r["entry"], r["listed_on"], r["works"], r["work_ids"])
            for r in rows] == [("Harbin Institute of Technology", "CN", "test-list", "Harbin Institute of Technology",
                                "2010-01-01", "1", "test:W2")]
    assert "of the 3 CN-RU co-authored works in scope" in _text(html)
    # the note points to a table that exists on the page
    assert 'id="table-listed_collaborations"' in html


def test_empty_table_says_why(brief):
    _, html = brief
    text = _text(html)
    assert "No rows: none of the pair's works in this selection is in a language other than English." in text
    assert "No rows: no co-author of the pair's works is a company" in text


def test_indicators_are_all_rendered_and_written(brief, facts_db):
    import duckdb

    from techties.metrics.indicators import compute_indicators
    from techties.metrics.query import build_query

    out, html = brief
    rows = _csv(out / "indicators.csv")
    assert list(rows[0]) == ["id", "name", "value", "denominator", "trend", "status", "needs", "synthetic_works",
                             "as_of", "data", "ai_model", "techties_version"]
    # by hand: the pair's works W1, W2, W3 hold 2 synthetic (W2, W3): the share and the citation impact rest on
    # them; the listed collaboration rests on W2 alone; no other indicator rests on a work
    synthetic = {r["id"]: r["synthetic_works"] for r in rows if r["synthetic_works"] != "0"}
    assert synthetic == {"pair_share": "2", "citation_impact": "2", "listed_collaborations": "1"}
    con = duckdb.connect(str(facts_db), read_only=True)
    ids = [i.id for i in compute_indicators(con, build_query("CN", "RU", years="2016-2018"))]
    con.close()
    assert [r["id"] for r in rows] == ids  # one row per indicator, in order: rendering, not arithmetic
    assert all(f'id="ind-{i}"' in html for i in ids)


# -- investment and initiatives: the shipped curated data ---------------------------------------------
# The shipped curated data, loaded into the warehouse. From deals.yaml: rcif-didi-autonomous-driving-2021
# (2021-01, disclosed) is CN–RU; rcif-didi-2014 (2014) and rcif-cic-nio-2017-10 are undisclosed. From
# initiatives.yaml: the Russia-China Investment Fund started in 2012.

def test_investment_respects_the_years_and_says_undisclosed(facts_db, tmp_path):
    out = tmp_path / "b"
    html = _report(facts_db, out, "--years", "2010-2019")
    deals = {r["deal_id"]: r for r in _csv(out / "pair_deals.csv")}
    assert "rcif-didi-autonomous-driving-2021" not in deals
    assert "rcif-didi-2014" in deals and deals["rcif-didi-2014"]["amount"] == ""
    assert all(2010 <= int(r["announced_on"][:4]) <= 2019 for r in deals.values())
    investment = _text(html.split('<h2 id="investment">')[1].split('<h2 id="initiatives">')[0])
    assert "$0.0M" not in investment and "undisclosed" in investment
    assert "--rule whole (the default)" in _text(html)


def test_rule_option(facts_db, tmp_path):
    html = _report(facts_db, tmp_path / "b", "--rule", "look-through")
    assert "--rule look-through" in _text(html) and "look-through:" in _text(html)
    res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--rule", "nope", "--out", str(tmp_path / "c"),
                                   "--db", str(facts_db)])
    assert res.exit_code == 2 and "must be one of whole, equal-split, look-through" in res.output


def test_initiatives_in_scope_with_numbered_sources(brief):
    out, html = brief
    rows = _csv(out / "initiatives.csv")
    dated = [r for r in rows if r["started_on"] != "undated"]
    assert dated and all(2016 <= int(r["started_on"][:4]) <= 2018 for r in dated)
    assert "Russia-China Investment Fund (RCIF)" not in {r["title"] for r in rows}  # started 2012
    sources = _csv(out / "sources.csv")
    assert [int(s["number"]) for s in sources] == list(range(1, len(sources) + 1))
    for s in sources:  # every numbered source is cited, and every citation leads to its entry
        assert f'href="#src-{s["source_id"]}">[{s["number"]}]</a>' in html
        assert f'id="src-{s["source_id"]}" value="{s["number"]}"' in html
    first_seen: list[int] = []  # numbered in reading order: each new number is the next one
    for n in re.findall(r'href="#src-[^"]+">\[(\d+)\]</a>', html):
        if int(n) not in first_seen:
            first_seen.append(int(n))
    assert first_seen == list(range(1, len(sources) + 1))
    cited = {sid for r in rows for sid in r["sources"].split("; ")}
    assert cited <= {s["source_id"] for s in sources}
    assert "fig_initiatives_timeline" in html


def test_initiative_table_fits_the_page(brief):
    _, html = brief
    section = html.split('id="table-initiatives"')[1].split("</table>")[0]
    headers = re.findall(r"<th>(.*?)</th>", section)
    assert headers == ["started on", "kind", "title", "parties", "status", "sources"]


@pytest.mark.parametrize(("rule", "ru_cn_2017", "shown"), [
    ("whole", 460e6, "$460.0M"),                 # the whole Series C for each investor country
    ("equal-split", 460e6 / 6, "$76.7M"),        # 6 investors in the round (investor_count: 6)
    ("look-through", 460e6 / 6 / 2, "$38.3M"),   # RCIF's sixth passed half to RDIF (RU), half to CIC (CN)
])
def test_investment_by_direction_worked_out_by_hand(facts_db, tmp_path, rule, ru_cn_2017, shown):
    """deals.yaml, 2016–2018: Megvii Series C (2017, USD 460M, RCIF among 6 investors) is the only disclosed
    RU→CN deal; NIO (2017-10) and NetEase Cloud Music (2018-11), RCIF into Chinese targets, are undisclosed;
    AliExpress Russia (2018-09-11, USD 100M, Alibaba's stated USD 100M) is the only CN→RU one."""
    out = tmp_path / "b"
    html = _report(facts_db, out, "--rule", rule)
    got = {(r["direction"], r["year"]): r for r in _csv(out / "investment_by_direction.csv")}
    assert float(got[("RU→CN", "2017")]["value_usd"]) == pytest.approx(ru_cn_2017, abs=0.01)
    assert (got[("RU→CN", "2017")]["deals_disclosed"], got[("RU→CN", "2017")]["deals_undisclosed"]) == ("1", "1")
    assert got[("RU→CN", "2018")]["value_usd"] == "" and got[("RU→CN", "2018")]["deals_undisclosed"] == "1"
    assert float(got[("CN→RU", "2018")]["value_usd"]) == pytest.approx(100e6, abs=0.01)
    section = _text(html.split('id="table-investment_by_direction"')[1].split("</section>")[0])
    assert f"RU→CN 2017 {shown} 1 1" in section and "RU→CN 2018 undisclosed 0 1" in section


def test_hostile_source_is_text_and_unsafe_links_are_dropped(facts_db, tmp_path):
    """A source whose title is markup, publisher a spreadsheet formula and URL a break-out attempt
    (synthetic, planted in a copy of the curated data)."""
    import duckdb
    import msgspec

    from techties.metrics.query import build_query
    from techties.report.brief import build_brief, write_brief
    from techties.sources.curated import load_curated_dir

    data = load_curated_dir()
    sid = "aspi-n117"  # cited by the AliExpress Russia deal (2018)
    data.sources[sid] = msgspec.structs.replace(data.sources[sid], title="<script>alert(1)</script>",
                                                publisher="=HYPERLINK(\"http://x\",\"y\")",
                                                url='https://x.org/"><script>alert(2)</script>')
    con = duckdb.connect(str(facts_db), read_only=True)
    b = build_brief(con, build_query("CN", "RU", years="2016-2018"), command="test", curated=data)
    con.close()
    write_brief(b, tmp_path)
    html = (tmp_path / "brief.html").read_text()
    md = (tmp_path / "report.md").read_text()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "x.org" not in html and "x.org" not in md  # the URL is dropped, not escaped into a link
    assert "<script>" not in md
    row = next(r for r in _csv(tmp_path / "sources.csv") if r["source_id"] == sid)
    assert row["publisher"].startswith("'=") and row["url"] == ""
