"""The brief's CNKI method: Chinese-language records naming Russian institutions, found by 俄罗斯 and the
Chinese names of Russian cities. No real CNKI export naming a Russian institution could be had here, so
the fixture (tests/fixtures/cnki_russia_refworks.txt) is CONSTRUCTED in CNKI's RefWorks layout; the
real CNKI sample of ../shared/data (all domestic) must give no mention."""

from __future__ import annotations

from techties.ingest import ingest_files
from techties.resolve.cnki_russia import cnki_russia_by_year, cnki_russia_works, find_russia
from techties.warehouse import Warehouse
from tests.conftest import FIXTURES


def test_terms_by_hand():
    assert [m.name for m in find_russia("俄罗斯科学院西伯利亚分院")] == ["Russia"]
    assert [m.name for m in find_russia("莫斯科国立大学")] == ["Moscow"]
    assert [m.name for m in find_russia("新西伯利亚国立大学")] == ["Novosibirsk"]
    assert [m.name for m in find_russia("圣彼得堡国立大学")] == ["Saint Petersburg"]
    assert find_russia("北京外国语大学俄语学院") == []  # 俄 alone: a Russian-language school in Beijing
    assert find_russia("台中市豐原區") == []  # 豐原: Fengyuan, Taiwan (also Toyohara's old name)


def test_chinese_language_works_naming_russia_are_listed_apart(tmp_path):
    with Warehouse(tmp_path / "c.duckdb") as wh:
        ingest_files(wh, "cnki", [FIXTURES / "cnki_russia_refworks.txt"], show_progress=False)
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == 5
        rows = cnki_russia_works(wh.con)
        by_year = cnki_russia_by_year(wh.con)
    # records 1, 2 and 4 (Chinese, naming 俄罗斯, 莫斯科, 新西伯利亚); not 3 (俄语学院) nor 5 (English-language)
    assert sorted((r.year, r.term, r.kind) for r in rows) == [(2020, "莫斯科", "city"), (2021, "俄罗斯", "country"),
                                                              (2021, "新西伯利亚", "city")]
    assert by_year == {2020: 1, 2021: 2}


def test_real_domestic_cnki_sample_names_no_russian_place(shared_data, tmp_path):
    path = shared_data / "formats" / "cnki" / "Chrisyan77__cross-reality-switching-data__CNKI.txt"
    with Warehouse(tmp_path / "d.duckdb") as wh:
        ingest_files(wh, "cnki", [path], show_progress=False)
        assert cnki_russia_works(wh.con) == []
