"""Chinese names of listed institutions as affiliations and registered names write them (a sample of
the hand-written probe tests/fixtures/screening/probe_zh.tsv), and the mechanisms written for its
misses. Expected entries are the list entries whose English name is the institution's own English
name, worked out by hand from the institution's site and the list entry (the probe's `note`)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from techties.screen.names import (
    cas_forms,
    translate_zh,
    translate_zh_names,
    zh_prefix_readings,
    zh_sense_readings,
    zh_without_address,
)
from techties.screen.structure import (
    Unit,
    _drops_city,
    fold_zh,
    known_orgs,
    numbered_form,
    unit_english,
    zh_group_company_readings,
    zh_readings,
)

PROBE = Path(__file__).parent / "fixtures" / "screening" / "probe_zh.tsv"


# -- the probe sample ------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "entry"), [
    # universities and PLA academies, with a department after them as CNKI writes
    ("哈尔滨工程大学水声工程学院", "bis-entity-list:harbin-engineering-university"),
    ("空军勤务学院", "dow-1286:air-force-logistics-college"),  # 勤务 "logistics" (Air Force Logistics College)
    ("陆军炮兵防空兵学院", "dow-1286:army-academy-of-artillery-and-air-defense"),
    # CAS institutes, also under the short name 中科院
    ("中科院宁波材料技术与工程研究所", "bis-entity-list:ningbo-institute-of-materials-technology-and-engineering"),
    ("中国科学院长春光学精密机械与物理研究所",
     "bis-entity-list:chinese-academy-of-sciences-changchun-institute-of-optics-fine-mechanics-and-phy"),  # id cut
    # numbered units, group written long and short
    ("中国船舶第七一八研究所",
     "bis-entity-list:china-state-shipbuilding-corporation-limited-cssc-718th-research-institute"),
    ("中国电科29所", "bis-entity-list:china-electronics-technology-group-corporation-29-cetc-29-research-institute"),
    # group subsidiaries by their registered names
    ("中国航发哈尔滨东安发动机有限公司", "bis-meu:aecc-harbin-dongan-engine-co-ltd"),
    ("中船黄埔文冲船舶有限公司", "bis-entity-list:cssc-huangpu-wenchong-shipbuilding-co-ltd"),
    ("中电科数字技术股份有限公司", "dow-1260h:cetc-digital-technology-co-ltd"),
    ("中国船舶重工集团动力股份有限公司", "ofac-nscmic:china-shipbuilding-industry-group-power-company-limited"),
    ("重庆川东船舶重工有限责任公司", "bis-entity-list:chongqing-chuandong-shipbuilding-industry-co-ltd"),
    ("安徽长城军工股份有限公司", "ofac-nscmic:anhui-greatwall-military-industry-co-ltd"),
    ("内蒙古第一机械集团股份有限公司", "bis-entity-list:inner-mongolia-first-machinery-group-co-ltd"),
    ("喀什地区公安局", "bis-entity-list:kashgar-prefecture-public-security-bureau"),
])
def test_probe_names_find_their_entries(matcher, query, entry):
    assert entry in {h.entry_id for h in matcher.screen(query)}


@pytest.mark.parametrize("query", [
    "中国科学院西安光学精密机械研究所瞬态光学与光子技术国家重点实验室",  # sister of the listed optics institutes
    "中国科学院高能物理研究所",  # the lists' Institute of High Energy Physics is Russia's
    "哈尔滨理工大学", "南京邮电大学", "沈阳航空航天大学航空宇航学院", "台灣積體電路製造股份有限公司",
])
def test_probe_look_alikes_hit_nothing(matcher, query):
    assert matcher.screen(query) == []


@pytest.mark.parametrize("script", ["zh", "ru", "ru2"])
def test_probe_rows_are_well_formed(script):
    # the hand-written probes (probe_zh.tsv, probe_ru.tsv, probe_ru2.tsv): a source note on every row, negatives
    # exactly the rows without an expected entry (kinds ending in -negative: probe-zh-cas-negative…), no query twice
    with (PROBE.parent / f"probe_{script}.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert len(rows) >= 300
    assert all(r["note"].strip() and r["kind"].startswith(f"probe-{script}-") for r in rows)
    assert all(bool(r["expected"]) != r["kind"].endswith("-negative") for r in rows)
    assert len({r["query"] for r in rows}) == len(rows)


# -- mechanisms ------------------------------------------------------------------------------
def test_names_in_pinyin_keep_one_character_words_inside_the_name():
    # 东 alone is "east", but 东安 and 川东 are names the lists write "Dongan", "Chuandong"
    assert translate_zh("中国航发哈尔滨东安发动机有限公司") == "china hangfa harbin east an engine co ltd"
    assert translate_zh_names("中国航发哈尔滨东安发动机有限公司") == "china hangfa harbin dongan engine co ltd"
    assert translate_zh_names("重庆川东船舶重工有限责任公司") == "chongqing chuandong shipbuilding industry co ltd"
    # four syllables are two words: 黄埔文冲 "Huangpu Wenchong"
    assert translate_zh_names("黄埔文冲船舶") == "huangpu wenchong ship"
    # a name of glossary words only is read as before
    assert translate_zh_names("北京大学") == "beijing university"


def test_group_subsidiary_reads_as_acronym_and_group_name_with_the_rest():
    got = [r for r, _ in zh_group_company_readings("中电科数字技术股份有限公司")]
    assert got[:2] == ["CETC digital technology co ltd",
                       "China Electronics Technology Group Corporation digital technology co ltd"]
    got = [r for r, _ in zh_group_company_readings("中船黄埔文冲船舶有限公司")]
    assert "CSSC huangpu wenchong shipbuilding co ltd" in got  # 船舶: sense "shipbuilding"
    got = [r for r, _ in zh_group_company_readings("中国船舶重工集团动力股份有限公司")]
    assert "China Shipbuilding Industry Group power co ltd" in got  # the longest group name first


def test_group_subsidiary_reading_leaves_groups_units_and_others_alone():
    assert zh_group_company_readings("中国电子科技集团有限公司") == []  # the group itself
    assert zh_group_company_readings("中国电子科技集团公司第十四研究所") == []  # a unit, read by zh_readings
    assert zh_group_company_readings("北京大学") == []
    assert zh_group_company_readings("华为技术有限公司") == []  # no group before it


def test_short_names_of_cssc_and_cas():
    assert ("China State Shipbuilding Corporation 718th Research Institute"
            in [r for r, _ in zh_readings("中国船舶第七一八研究所")])
    assert "ningbo materials technology and engineering institute" in [
        r for r, _ in zh_prefix_readings("中科院宁波材料技术与工程研究所")]


def test_company_words_of_the_glossary():
    assert translate_zh("安徽长城军工股份有限公司") == "anhui greatwall military industry co ltd"
    assert translate_zh("宜宾三江机械有限责任公司") == "yibin sanjiang mechanical co ltd"
    assert translate_zh("无锡透平叶片有限公司") == "wuxi turbine blade co ltd"
    assert "air force logistics college" in zh_sense_readings("空军勤务学院")
    assert "china flight test establishment" in zh_sense_readings("中国飞行试验研究院")


def test_city_word_kept_where_it_starts_a_word():
    # 深圳市 drops 市; 乌鲁木齐市公安局 keeps it: "Urumqi Municipal Public Security Bureau" (Entity List)
    assert translate_zh("深圳市大疆创新科技有限公司") == "shenzhen dajiang innovation technology co ltd"
    assert translate_zh("吐鲁番市公安局") == "turpan municipal public security bureau"
    assert "turpan municipality public security bureau" in zh_sense_readings("吐鲁番市公安局")


def test_industrial_group_units_read_without_their_city_cas_institutes_keep_it():
    got = [r for r, _ in zh_readings("中国航空工业集团公司西安飞行自动控制研究所")]
    assert "AVIC flight automatic control research institute" in got  # the Entity List name
    # 上海 and 西安光学精密机械研究所 are two CAS institutes: the city is never left out
    unit = Unit(native="西安光学精密机械研究所", kind="unit")
    assert all("xian" in r for r in unit_english(unit))
    assert "optics fine mechanics institute" in unit_english(unit, drop_city=True)
    assert not _drops_city(known_orgs()["中国科学院"][0])
    assert _drops_city(known_orgs()["中国航空工业集团公司"][0])


def test_system_is_no_department_and_test_ranges_are_numbered_units():
    # 系 is a department, 系统 "systems": CSSC "Systems Engineering Research Institute"
    assert ("China State Shipbuilding Corporation systems engineering research institute"
            in [r for r, _ in zh_readings("中国船舶系统工程研究院")])
    assert ("China State Shipbuilding Corporation 750th Test Center"
            in [r for r, _ in zh_readings("中国船舶集团有限公司第七五〇试验场")])


def test_cas_short_and_long_names_are_one_name():
    assert cas_forms("中科院计算所") == ["中科院计算所", "中国科学院计算所"]
    assert cas_forms("中国科学院物理研究所") == ["中国科学院物理研究所", "中科院物理研究所"]
    assert cas_forms("中国科学院") == ["中国科学院"]  # the academy itself: nothing after it
    assert cas_forms("北京大学") == ["北京大学"]


def test_city_and_postcode_after_an_affiliation_are_left_out():
    assert zh_without_address("中国科学院计算所，北京 100190") == "中国科学院计算所"
    assert zh_without_address("国防科技大学计算机学院，长沙") == "国防科技大学计算机学院"
    assert zh_without_address("南京大学,南京市") == "南京大学"
    assert zh_without_address("中国科学院，化学所") == "中国科学院，化学所"  # 化学所 is no place
    assert zh_without_address("北京大学") == "北京大学"


def test_ordinals_in_words_as_some_list_names_write_them():
    design = Unit(native="第一总体设计部", kind="design", number=1)
    assert unit_english(design) == ["1 Design Department", "First Design Department"]  # CALT, the list
    academy = Unit(native="第二研究院", kind="academy", number=2)
    assert "Second Academy" in unit_english(academy)  # "CASIC Second Academy"
    assert "11th Academy" in unit_english(Unit(native="第十一研究院", kind="academy", number=11))
    assert not any(w in " ".join(unit_english(Unit(native="第十一研究院", kind="academy", number=11)))
                   for w in ("Eleventh", "Tenth"))


def test_numbered_units_by_their_own_names():
    # 洛阳船舶材料研究所 is CSSC's 725th institute (cssc.net.cn): the Entity List's "CSSC 725th Research Institute"
    assert numbered_form("洛阳船舶材料研究所") == ("中国船舶集团有限公司第七二五研究所", "洛阳船舶材料研究所")
    # after a group name (CSIC's, merged into CSSC) the group stays as written
    assert numbered_form("中国船舶重工集团公司江苏自动化研究所") == ("中国船舶重工集团公司第七一六研究所",
                                                                  "江苏自动化研究所")
    # an academy's unit: CASC 9th Academy's 771 institute
    assert numbered_form("西安微电子技术研究所")[0] == "中国航天科技集团有限公司第九研究院第七七一研究所"
    assert "CASC 9th Academy 771 Institute" in [r for r, _ in zh_readings("西安微电子技术研究所")]
    # after anything but its group, or not there at all: no rewrite
    assert numbered_form(fold_zh("北京大学洛阳船舶材料研究所")) is None
    assert numbered_form("中国科学院西安光学精密机械研究所") is None
