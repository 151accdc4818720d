"""Mechanisms behind the alarms of the leave-entry-out Chinese-name probe (tests/fixtures/screening/probe_zh3.tsv,
session 13): a listed organisation's Chinese name screened without its own entries hits another entry. Expected
values are worked out by hand from the list entries (../shared/data/watchlists/us-lists), the groups' own lists of
member units (defence_groups.yaml) and the organisations' own names."""

from __future__ import annotations

import pytest

from techties.screen.match import Matcher, other_unit_number, other_unit_numbers
from techties.screen.structure import (
    parent_conflict,
    stated_groups,
    zh_group_named,
    zh_parent_groups,
    zh_sub_unit,
    zh_unit_number,
)

AMMS_BASIC = "Academy of Military Medical Sciences, Institute of Basic Medicine"
CSSC_705 = ("China State Shipbuilding Corporation, Limited (CSSC) 705th Research Institute",
            "China Shipbuilding Industry Group Co., Ltd. (CSIC) 705th Research Institute",
            "Xi 'an Precision Machinery Research Institute")
CSSC_726 = ("China State Shipbuilding Corporation, Limited (CSSC) 726th Research Institute",
            "Shanghai Ship Electronic Equipment Research Institute")


# -- a head followed by a unit of its own -----------------------------------------------------
@pytest.mark.parametrize(("rest", "expected"), [
    ("第六研究院第十一研究所", "第六研究院"),  # CASC's 6th academy: a unit of the head
    ("济南特种结构研究所", "济南特种结构研究所"),  # a named institute
    ("机械工程学院", None),  # a department of the head: the head itself
    ("", None),
])
def test_zh_sub_unit(rest, expected):
    assert zh_sub_unit(rest) == expected


# -- a group's short name ---------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("中船重工", True),  # CSIC's short name (defence_groups.yaml zh), no 集团 written
    ("中船重工706所", True),
    ("中国航天科技集团有限公司", True),
    ("南京大学", False),
    ("航天一院", False),  # CASC's 1st academy: an academy of a group, not the group
])
def test_zh_group_named(text, expected):
    assert zh_group_named(text) is expected


# -- a unit the tables number -----------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("上海船舶设备研究所", 704),  # cssc.net.cn: 上海船舶设备研究所 is the 704th
    ("北京强度环境研究所", 702),  # CASC 1st academy's 702nd (the academy's number aside)
    ("南京电子技术研究所", 14),  # CETC's 14th
    ("南京大学", None),
])
def test_zh_unit_number(text, expected):
    assert zh_unit_number(text) == expected


@pytest.mark.parametrize(("number", "names", "expected"), [
    (704, CSSC_726, True),  # the 726th is not the 704th
    (726, CSSC_726, False),
    (704, ("Harbin Institute of Technology",), False),  # an entry that numbers no unit says nothing
    (None, CSSC_726, False),
    (14, ("China Electronics Technology Group Corporation 14th Research Institute", "CETC 14"), False),
    (7, ("CETC-07",), False),  # a leading zero writes the same number
])
def test_other_unit_number(number, names, expected):
    assert other_unit_number(number, names) is expected


@pytest.mark.parametrize(("reading", "names", "expected"), [
    # "CSIC" read out of the 12th institute's name is its group's acronym
    ("CSIC", ("China State Shipbuilding Corporation, Limited (CSSC) 12th Research Institute",), True),
    ("CETC55", ("China Electronics Technology Group Corporation 55th Research Institute (CETC55)",), False),
    # "First Academy" is the 1st: the reading "CASC 1st Academy" says its number
    ("CASC 1st Academy", ("China Aerospace Science and Technology Corporation (CASC) First Academy",), False),
    ("CASC", ("China Aerospace Science and Technology Corporation (CASC) First Academy",), True),
    ("FACRI", ("AVIC Flight Automatic Control Research Institute (FACRI)",), False),  # no unit number
    ("CETC 07", ("CETC 7",), False),  # the 7th either way
])
def test_other_unit_numbers(reading, names, expected):
    assert other_unit_numbers(reading, names) is expected


# -- parent conflict --------------------------------------------------------------------------
@pytest.mark.parametrize(("names", "expected"), [
    ((AMMS_BASIC,), {"AMMS"}),
    (("China Academy of Science—Shenyang Institute of Automation",), {"CAS"}),  # China/Chinese, Science(s)
    (CSSC_705, {"CSSC", "CSIC"}),
    (("Harbin Institute of Technology",), set()),
])
def test_stated_groups(names, expected):
    assert stated_groups(names) == frozenset(expected)


def test_zh_parent_groups():
    assert zh_parent_groups("中国科学院西安光学精密机械研究所") == frozenset({"CAS"})
    assert zh_parent_groups("中国医学科学院基础医学研究所") == frozenset()  # a parent no group names (CAMS)
    assert zh_parent_groups("南京电子技术研究所") is None  # no known name starts it


@pytest.mark.parametrize(("text", "names", "expected"), [
    ("中国医学科学院基础医学研究所", (AMMS_BASIC,), True),  # CAMS, civilian, is not the AMMS
    ("中国科学院西安光学精密机械研究所", CSSC_705, True),  # CAS is not CSSC
    ("军事医学科学院基础医学研究所", (AMMS_BASIC,), False),
    ("中国船舶重工集团公司第七〇五研究所", CSSC_705, False),  # CSIC's institutes are CSSC's (`also`)
    ("中国科学院沈阳自动化研究所", ("China Academy of Science—Shenyang Institute of Automation",), False),
    ("中国医学科学院基础医学研究所", ("Harbin Institute of Technology",), False),  # the entry states no group
])
def test_parent_conflict(text, names, expected):
    assert parent_conflict(text, names) is expected


# -- the matcher ------------------------------------------------------------------------------
def test_unit_of_a_group_named_after_its_head_is_parent_level(matcher):
    # CASC's 6th academy's 11th institute is on no list; the CNKI head 中国航天科技集团有限公司 is CASC itself,
    # which is the parent: at the parent level's 0.88, not the 1.0 of CASC's own name
    hits = [h for h in matcher.screen("中国航天科技集团有限公司第六研究院第十一研究所")
            if h.entry == "China Aerospace Science and Technology Corporation"]
    assert hits and all(h.score <= 0.88 and h.features["level"] == "parent" for h in hits)


def test_csic_short_name_and_its_units_and_the_listed_company(matcher):
    company = "China Shipbuilding Industry Company Limited"
    assert not any(h.entry == company for h in matcher.screen("中船重工706所"))  # a unit: not its group's arm
    assert not any("12th Research Institute" in h.entry for h in matcher.screen("中船重工706所"))
    group = [h for h in matcher.screen("中船重工") if h.entry == company]
    assert group and all(h.score <= 0.88 and h.features.get("group_listed_company") for h in group)


def test_cams_institute_is_not_the_amms_one(matcher):
    low = Matcher(matcher.entries, 0.7)
    assert not any("Military Medical" in h.entry for h in low.screen("中国医学科学院基础医学研究所"))
    assert not any("Precision Machinery" in h.matched_alias for h in low.screen("中国科学院西安光学精密机械研究所"))


def test_unlisted_704th_is_not_the_726th(matcher):
    # the 704th hidden, as an unlisted institute: its word-for-word reading must not reach the 726th
    m = Matcher([e for e in matcher.entries if "704th" not in e.name], 0.85)
    assert not any("726th" in h.entry for h in m.screen("上海船舶设备研究所"))


def test_zh_group_named_not_a_company_of_the_group():
    # 中电科 (CETC) starts it, but 芯片技术（集团）有限公司 is a company's name, not a unit of CETC's
    assert zh_group_named("中电科芯片技术（集团）有限公司") is False


@pytest.mark.parametrize(("text", "alias", "expected"), [
    # CSIC (中船重工, 'China Shipbuilding Industry Group'): its own listed arm, kept (capped, said so)
    ("中船重工", "China Shipbuilding Industry Company Limited", False),
    ("中国船舶重工集团公司", "China Shipbuilding Industry Company Limited", False),
    # the old CSSC (中国船舶工业集团公司, 'China State Shipbuilding Corporation'): CSIC's arm is not its company
    ("中国船舶工业集团公司", "China Shipbuilding Industry Company Limited", True),
    # a name that is no known group says nothing
    ("熊猫电子集团", "Nanjing Panda Electronics Company Limited", False),
])
def test_another_groups_company(text, alias, expected):
    from techties.screen.match import another_groups_company
    from techties.screen.structure import zh_group_english

    assert another_groups_company(zh_group_english(text), alias) is expected


@pytest.mark.parametrize(("text", "reading", "names", "expected"), [
    # the CAS names its institutes by city: Beijing's Institute of Automation is not Shenyang's
    ("中国科学院自动化研究所", "Chinese Academy of Sciences automation institute",
     ("China Academy of Science—Shenyang Institute of Automation",), True),
    ("中国科学院沈阳自动化研究所", "Shenyang Institute of Automation, Chinese Academy of Sciences",
     ("China Academy of Science—Shenyang Institute of Automation",), False),
    # an entry that states no CAS, or no city, says nothing; nor does a parent that is not named by city (CETC)
    ("中国科学院自动化研究所", "Chinese Academy of Sciences automation institute", ("Institute of Automation",), False),
    ("中国电子科技集团公司第二十研究所", "CETC 20th Research Institute",
     ("Xi'an Research Institute of Navigation Technology", "CETC 20th Research Institute"), False),
])
def test_city_left_out(text, reading, names, expected):
    from techties.screen.structure import city_left_out

    assert city_left_out(text, reading, names) is expected


def test_institute_number_after_the_word():
    # 'Aviation Industry Corporation of China's (AVIC) Institute 625': the group's acronym is not the 625th
    assert other_unit_numbers("AVIC", ("Aviation Industry Corporation of China's (AVIC) Institute 625",)) is True


def test_table_reading_is_not_an_entry_the_tables_know_by_another_chinese_name(matcher):
    # NUDT hidden (an unlisted university, as the probe makes it): its table reading 'National University of Defense
    # Technology' is near 'National Defense University' (0.83), whose Chinese name the tables know: 国防大学
    m = Matcher([e for e in matcher.entries if "Defense Technology" not in e.name], 0.75)
    assert not any(h.entry == "National Defense University" for h in m.screen("国防科技大学"))
    # the NDU itself still hits, exactly
    assert any(h.entry == "National Defense University" and h.score >= 0.99 for h in m.screen("国防大学"))
