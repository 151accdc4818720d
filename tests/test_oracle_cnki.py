"""Oracle for Table 1C, the brief's CNKI method (techties.metrics.cnki), values worked out by hand.

The fixtures are CONSTRUCTED in CNKI's RefWorks layout (no real CNKI export naming a Russian or US
institution could be had here): tests/fixtures/cnki_russia_refworks.txt, and a US one written below.
"""

from __future__ import annotations

from techties.ingest import ingest_files
from techties.metrics.cnki import compute_cnki_method
from techties.metrics.research import ResearchQuery
from techties.warehouse import Warehouse
from tests.conftest import FIXTURES

US_RECORDS = """RT Journal Article
SR 1
A1 陈明;Smith
AD 清华大学;美国麻省理工学院;
T1 （构造样例）甲
JF 构造期刊
YR 2019
LA 中文;
DS CNKI

RT Journal Article
SR 1
A1 刘强
AD 浙江大学;加州大学伯克利分校;
T1 （构造样例）乙
JF 构造期刊
YR 2019
LA 中文;
DS CNKI

RT Journal Article
SR 1
A1 周杰
AD 南京大学;莫斯科国立大学;
T1 （构造样例）丙
JF 构造期刊
YR 2020
LA 中文;
DS CNKI

"""


def _ids_by_title(con, *prefixes: str) -> list[str]:
    rows = con.execute("SELECT work_id, title FROM works").fetchall()
    return sorted(w for w, t in rows if any(t.startswith(p) for p in prefixes))


def test_cn_ru_by_hand(tmp_path):
    # records 1 (俄罗斯, 2021), 2 (莫斯科, 2020) and 4 (新西伯利亚, 2021) name Russia; record 3 is a
    # Russian-language school in Beijing (俄语学院: 俄 alone); record 5 is in English.
    with Warehouse(tmp_path / "c.duckdb") as wh:
        ingest_files(wh, "cnki", [FIXTURES / "cnki_russia_refworks.txt"], show_progress=False)
        t = compute_cnki_method(wh.con, ResearchQuery("CN", "RU"))
        ids_2020 = _ids_by_title(wh.con, "（构造样例）中俄")
        ids_2021 = _ids_by_title(wh.con, "（构造样例）基于", "（构造样例）激光")
        reversed_pair = compute_cnki_method(wh.con, ResearchQuery("RU", "CN"))
        only_2021 = compute_cnki_method(wh.con, ResearchQuery("CN", "RU", years=(2021, 2021)))
    assert t is not None
    assert t.title == "Chinese-language works naming a Russian institution (CNKI method)"
    assert t.columns == ["year", "works"]
    assert t.rows == [(2020, 1), (2021, 2)]
    assert t.work_ids == [ids_2020, ids_2021] and len(ids_2021) == 2
    assert reversed_pair is not None and reversed_pair.rows == t.rows
    assert only_2021 is not None and only_2021.rows == [(2021, 2)]


def test_other_country_and_pairs_without_china(tmp_path):
    path = tmp_path / "us.txt"
    path.write_text(US_RECORDS, encoding="utf-8")
    with Warehouse(tmp_path / "u.duckdb") as wh:
        ingest_files(wh, "cnki", [path], show_progress=False)
        us = compute_cnki_method(wh.con, ResearchQuery("CN", "US"))
        ru = compute_cnki_method(wh.con, ResearchQuery("CN", "RU"))
        assert compute_cnki_method(wh.con, ResearchQuery("RU", "US")) is None
    # 美国 (the country) and 伯克利 (Berkeley) in 2019; the 2020 record names Moscow, not the US
    assert us is not None and us.rows == [(2019, 2)]
    assert us.title == "Chinese-language works naming a US institution (CNKI method)"
    assert ru is not None and ru.rows == [(2020, 1)]


def test_brief_shows_table_1c_apart(tmp_path):
    from techties.report.brief import build_brief, write_brief

    with Warehouse(tmp_path / "c.duckdb") as wh:
        ingest_files(wh, "cnki", [FIXTURES / "cnki_russia_refworks.txt"], show_progress=False)
        b = build_brief(wh.con, ResearchQuery("CN", "RU"), "techties report --pair CN-RU", curated=None)
        written = write_brief(b, tmp_path / "out")
    t = b.tables["cnki_method"]
    assert [(r["year"], r["works"]) for r in t.rows] == [(2020, 1), (2021, 2)]
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    md = next(p for p in written if p.suffix == ".md").read_text(encoding="utf-8")
    for page in (html, md):
        assert "Table 1C" in page and "(CNKI method)" in page
    # shown apart: the pair's own counts come from the resolved countries of all five records — 2020:
    # record 2 (北京 + 莫斯科); 2021: records 1 (哈尔滨 + 俄罗斯), 4 (吉林 + 新西伯利亚) and the English
    # record 5 (Harbin, China + Moscow, Russia) — 4 works, not 4 + Table 1C's 3
    assert [(r["year"], r["works"]) for r in b.tables["yearly"].rows if r["pair"] == "CN-RU"] == [(2020, 1), (2021, 3)]
