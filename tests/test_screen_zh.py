"""Chinese company names, trade names and word senses in screening (issue #16, Chinese script).

Oracle tests: every query is a real name written by hand, and every expected entry was looked up
by hand in the shipped US snapshot (techties/screen/data/us_lists.jsonl.gz). The ROR name table
is hidden for the matcher tests, so that the mechanism under test (brand table, company
structure, senses) is what finds the entry.
"""

from __future__ import annotations

import pytest

from techties.screen.lists import load_curated
from techties.screen.match import Matcher, alias_lead_place, weighted_overlap
from techties.screen.names import zh_sense_readings
from techties.screen.ror_names import shipped
from techties.screen.snapshot import load_snapshot
from techties.screen.structure import (
    _yaml,
    hide_ror,
    zh_company_readings,
    zh_company_tail,
    zh_leading_places,
)


def screen_without_ror(matcher, query):
    with hide_ror([r.ror for r in shipped()[0]]):
        return matcher.screen(query)


# -- data ------------------------------------------------------------------------------------
def test_every_brand_row_names_list_entries_and_a_source():
    names = {n for e in load_snapshot() + load_curated() for n in (e.name, *e.aliases)}
    rows = _yaml("brands_zh.yaml")["brands"]
    assert len(rows) >= 80
    for row in rows:
        assert row["source"].strip() and row["zh"], row
        assert set(row["en"]) <= names, row["en"]  # written exactly as an entry writes it


# -- structure -------------------------------------------------------------------------------
def test_leading_places_and_company_tail():
    assert zh_leading_places("广东省深圳市大疆创新科技有限公司") == (
        ["Guangdong", "Shenzhen"], "大疆创新科技有限公司")
    assert zh_leading_places("宇树科技") == ([], "宇树科技")
    assert zh_company_tail("科技股份有限公司") == ["technology"]
    assert zh_company_tail("信息技术有限公司经济管理学院") == ["information technology"]  # a CNKI department last
    assert zh_company_tail("银行") is None  # 大华银行 is a bank, not Dahua Technology


def test_a_trade_name_in_pinyin_keeps_its_place():
    # a trade name is registered per region: the place stays in the reading
    assert zh_company_readings("山东信得科技股份有限公司") == [
        ("Shandong xinde technology",
         "structure (company: place Shandong + trade name 信得 + 科技股份有限公司), pinyin")]
    assert zh_company_readings("北京大学") == []


def test_other_senses_of_institutional_words():
    assert "naval dalian naval academy" in zh_sense_readings("海军大连舰艇学院")
    assert "chengdu fine optics engineering research center" in zh_sense_readings("成都精密光学工程研究中心")
    assert zh_sense_readings("哈尔滨") == []


# -- scoring ---------------------------------------------------------------------------------
def test_a_left_out_place_counts_a_quarter():
    # weights 4 each: matched 4 + 4 = 8; the alias's place "hangzhou" left out: max(4, 3) x 0.25 = 1
    pairs = [("yushu", "yushu", 1.0), ("techno", "techno", 1.0)]
    assert weighted_overlap(pairs, [], ["hangzhou"], lambda t: 4.0, alias_discounted=("hangzhou",)) == 8 / 9
    assert weighted_overlap(pairs, [], ["hangzhou"], lambda t: 4.0) == 8 / 12
    places = frozenset({"hangzhou", "shanghai"})
    a = ("hangzhou", "yushu", "techno")
    assert alias_lead_place(a, ("yushu", "techno"), ["hangzhou"], places) == "hangzhou"
    assert alias_lead_place(a, ("shanghai", "yushu", "techno"), ["hangzhou"], places) is None  # another place


# -- matcher ---------------------------------------------------------------------------------
def test_brand_names_find_their_entries(matcher):
    hits = screen_without_ror(matcher, "北京旷视科技有限公司")
    assert {h.entry_id for h in hits} >= {"ofac-nscmic:megvii-technology-limited", "bis-entity-list:megvii-technology"}
    assert "brands_zh.yaml" in hits[0].method and "place Beijing" in hits[0].method
    hits = screen_without_ror(matcher, "科大讯飞股份有限公司经济管理学院")  # CNKI: company + department
    assert hits and hits[0].entry == "IFLYTEK"


@pytest.mark.parametrize(("query", "entries"), [
    # full registered names as the exchanges list them (brands_zh.yaml's sources) -> the entries of the
    # English names there: NS-CMIC and EO 14032 write each AVIC subsidiary once, in two cases
    ("中航沈飞股份有限公司", {"AVIC Shenyang Aircraft Company Limited", "AVIC SHENYANG AIRCRAFT COMPANY LIMITED"}),
    ("中航西安飞机工业集团股份有限公司", {"AVIC Xi'an Aircraft Industry Group Company Ltd.",
                                     "AVIC XI'AN AIRCRAFT INDUSTRY GROUP COMPANY LTD."}),
    ("中国航发商用航空发动机有限责任公司", {"AECC Commercial Aircraft Engine Co. Ltd."}),
    ("龙芯中科技术股份有限公司", {"Loongson Technology"}),
])
def test_listed_subsidiaries_by_their_registered_names(matcher, query, entries):
    hits = screen_without_ror(matcher, query)
    assert {h.entry for h in hits if h.score == 1.0} == entries, hits[:3]
    assert "brands_zh.yaml" in hits[0].method


@pytest.mark.parametrize(("query", "entry"), [
    # word by word with glossary_zh_senses.yaml: 精密 precision, 机电 mechatronics, 控制 control, 设备 equipment
    ("北京精密机电控制设备研究所",
     "China Academy of Launch Vehicle Technology Beijing Institute of Precision Mechatronics Control Equipment"),
    # 航天 aerospace, 时代 times, 电子 electronics: NS-CMIC writes the name in capitals
    ("中国航天时代电子有限公司", "CHINA AEROSPACE TIMES ELECTRONICS CO., LTD"),
    # 中科星图 in pinyin as the Entity List writes it, 空间技术 space technology
    ("中科星图空间技术有限公司", "Zhongke Xingtu Space Technology Co., Ltd."),
])
def test_institutional_words_read_in_the_lists_senses(matcher, query, entry):
    hits = screen_without_ror(matcher, query)
    assert hits and hits[0].entry == entry, hits[:1]


def test_a_trade_name_alone_is_told_from_one_that_only_starts_the_name():
    from techties.screen.structure import zh_brand_alone

    assert all(map(zh_brand_alone, ["中国中车股份有限公司", "比亚迪股份有限公司", "蔚来汽车"]))
    assert zh_brand_alone("深圳华大基因股份有限公司")  # place 深圳 + 华大基因 + legal form
    assert not zh_brand_alone("华大精准营养（深圳）科技有限公司")  # BGI Precision Nutrition: 华大 only starts it


@pytest.mark.parametrize(("query", "entry"), [
    # §1260H writes these as the company name and a legal form ("CRRC Corporation Limited"), which leaves one short
    # word, capped at 0.75 without a country; the trade-name table says which company the Chinese name is
    ("中国中车股份有限公司", "CRRC Corporation Limited"), ("比亚迪股份有限公司", "BYD Company Limited"),
    ("蔚来汽车", "NIO, Inc.")])
def test_a_listed_company_by_its_trade_name_and_legal_form(matcher, query, entry):
    hits = screen_without_ror(matcher, query)
    assert hits and hits[0].entry == entry and hits[0].score == 0.95, hits[:1]


def test_a_numbered_cetc_institute_by_its_short_group_name(matcher):
    hits = screen_without_ror(matcher, "中国电科第三十八研究所")
    cetc38 = "bis-entity-list:china-electronics-technology-group-corporation-38th-research-institute-cetc-38"
    assert hits[0].entry_id == cetc38


def test_a_company_without_its_place_finds_the_listed_one(matcher):
    # 上海索辰信息科技 is listed as "Shanghai Suochen Information Technology Co., Ltd."
    hits = screen_without_ror(matcher, "索辰信息科技")
    assert hits and hits[0].entry_id == "bis-entity-list:shanghai-suochen-information-technology-co-ltd"
    assert hits[0].features["place_not_in_query"] == "shangh"  # tokens keep six letters


def test_chinese_names_do_not_hit_lookalikes(matcher):
    assert screen_without_ror(matcher, "山东信得科技股份有限公司") == []  # "Xinde Technology" is another firm
    assert screen_without_ror(matcher, "天马科技") == []  # a feed maker, not Tianma Microelectronics (天马微电子)
    hits = screen_without_ror(matcher, "中国航空工业集团公司")  # AVIC, not "Beijing China Aviation Technology"
    assert hits and all("aviation industry corporation of china" in h.entry.lower() for h in hits), hits
    # a Chinese name is not the Egyptian "Huawei Technology" nor the Vietnamese "Huawei Technology Co. Ltd."
    ids = {h.entry_id for h in screen_without_ror(matcher, "华为技术有限公司")}
    assert "bis-entity-list:huawei-technologies-co-ltd" in ids
    assert not ids & {"bis-entity-list:huawei-technology", "bis-entity-list:huawei-technology-co-ltd"}


def test_pla_schools_by_their_list_names(matcher):
    assert screen_without_ror(matcher, "中国人民解放军海军大连舰艇学院")[0].entry == "Dalian Naval Academy"
    assert screen_without_ror(matcher, "空军预警学院")[0].entry == "Air Force Early Warning Academy"
    tianjin = screen_without_ror(matcher, "国家超级计算天津中心")[0]
    assert tianjin.entry.startswith("National Supercomputing Center Tianjin")


def test_pinyin_cut_to_six_letters_is_no_match(matcher):
    # CC-CEDICT words: 综合征 "zonghezheng" (syndrome) and 上同调 "shangtongdiao" (cohomology) share
    # six letters with the aliases "Zongheng" and "Shangtang"; the firm itself is found
    assert screen_without_ror(matcher, "综合征") == []
    assert screen_without_ror(matcher, "上同调") == []
    hits = screen_without_ror(matcher, "成都纵横自动化技术股份有限公司")
    assert hits[0].entry == "Chengdu Zongheng Automation Technology Co., Ltd."
    # a letter's typo of the list stays a match: "Air Force Shijianzhuang Flight Academy"
    assert screen_without_ror(matcher, "空军石家庄飞行学院")[0].entry == "Air Force Shijianzhuang Flight Academy"


def test_a_list_that_writes_chinese_names_is_matched_in_chinese(shared_data):
    # China's counter-sanctions sheet names US firms in Chinese (a US country is no conflict there,
    # and its pinyin words are read alike on both sides): 洛克希德·马丁公司 is "Lockheed Martin Corporation"
    from techties.screen.lists import load_list

    m = Matcher(load_list(shared_data / "watchlists" / "opensanctions" / "cn_sanctions.csv"))
    hits = m.screen("洛克希德·马丁公司")
    assert hits and hits[0].entry == "Lockheed Martin Corporation"
