"""Mechanisms behind the false alarms of the second Chinese-name probe (tests/fixtures/screening/probe_zh2.tsv,
session 12). Expected values are worked out by hand from the list entries (../shared/data/watchlists/us-lists)
and the organisations' own names."""

from __future__ import annotations

import pytest

from techties.screen.match import group_not_company


# -- a group is not its listed company -------------------------------------------------------
@pytest.mark.parametrize(("text", "reading", "alias", "expected"), [
    # CSIC the group (中国船舶重工集团公司) against OFAC's 'China Shipbuilding Industry Company Limited',
    # its listed arm 中国重工: a company limited, no "Group", no "Corporation"
    ("中国船舶重工集团公司", "China Shipbuilding Industry Group", "China Shipbuilding Industry Company Limited", True),
    ("中国船舶工业集团", "china shipbuilding industry group", "China Shipbuilding Industry Company Limited", True),
    # the lists write a group "… Group" or "… Corporation": those stay
    ("中国船舶重工集团公司", "China State Shipbuilding Corporation", "China State Shipbuilding Corporation Limited",
     False),
    ("中国移动通信集团有限公司", "China Mobile Communications Group Co., Ltd.",
     "China Mobile Communications Group Co., Ltd.", False),
    # a unit's reading does not end in the group: the unit may be a company limited
    ("中国电子科技集团公司第十三研究所河北博威集成电路有限公司",
     "CETC shisan institute hebei bowei integrated circuit co ltd", "Hebei Bowei Integrated Circuit Co., Ltd.", False),
    # a name that is itself a company limited (集团股份有限公司) says nothing
    ("京东方科技集团股份有限公司", "BOE Technology Group", "BOE Technology Co., Ltd.", False),
    # a bracketed （集团） is the company's registered form, which the lists leave out
    ("中电科芯片技术（集团）有限公司", "CETC Chip Technology (Group) Co., Ltd.", "CETC Chip Technology Co., Ltd.",
     False),
    # no 集团 in the name: not this rule
    ("中国船舶重工股份有限公司", "China Shipbuilding Industry Group", "China Shipbuilding Industry Company Limited",
     False),
])
def test_group_not_company(text, reading, alias, expected):
    assert group_not_company(text, reading, alias) is expected


def test_csic_unit_hits_the_group_not_its_listed_company(matcher):
    # the 706th institute is on no list; its group (CSSC since the 2019 merger) is the parent level the probe allows
    got = {h.entry_id for h in matcher.screen("中国船舶重工集团公司第七〇六研究所")}
    assert "ofac-nscmic:china-shipbuilding-industry-company-limited" not in got
    assert "dow-1260h:china-state-shipbuilding-corporation-limited" in got
    # the listed company itself, by its own registered name, still hits it
    own = {h.entry_id for h in matcher.screen("中国船舶重工股份有限公司")}
    assert "ofac-nscmic:china-shipbuilding-industry-company-limited" in own


def test_csic_group_shows_its_listed_company_capped_and_said(matcher):
    # the group itself (中国船舶重工集团公司) is not 'China Shipbuilding Industry Company Limited' (中国重工,
    # its listed arm, another legal person): the hit stays, at most the parent level's 0.88, and says why
    hits = {h.entry_id: h for h in matcher.screen("中国船舶重工集团公司")}
    arm = hits["ofac-nscmic:china-shipbuilding-industry-company-limited"]
    assert arm.score <= 0.88
    assert arm.features["group_listed_company"] is True
    assert "another legal person" in arm.explanation
    assert hits["ofac-nscmic:china-state-shipbuilding-corporation"].score == 1.0  # the successor group, listed


# -- a numbered institute as the group's acronym and its number ------------------------------
def test_acronym_number_reading():
    from techties.screen.names import english_variants

    forms = [e for e, _ in english_variants("中国电子科技集团公司第二十四研究所")]
    assert "CETC 24" in forms  # the Entity List's alias of CETC Chip Technology
    assert "China Electronics Technology Group Corporation 24" not in forms  # only with the acronym
    assert "AVIC 615" in [e for e, _ in english_variants("中国航空工业集团公司第六一五研究所")]
    # an academy is not an institute: CASC's 6th Academy keeps "CASC 6th Academy" only
    assert "CASC 6" not in [e for e, _ in english_variants("中国航天科技集团有限公司第六研究院")]


@pytest.mark.parametrize("query", ["中国电子科技集团公司第二十四研究所", "中国电子科技集团公司第四十四研究所",
                                   "中国电科44所"])
def test_cetc_chip_institutes_hit_their_entry(matcher, query):
    # CETC Chip Technology Co., Ltd. (Entity List) carries the aliases 'CETC 24', 'CETC 26', 'CETC 44'
    assert "bis-entity-list:cetc-chip-technology-co-ltd" in {h.entry_id for h in matcher.screen(query)}


def test_an_unlisted_numbered_institute_hits_no_numbered_entry(matcher):
    # CETC's 22nd institute (China Research Institute of Radiowave Propagation) is on no list: only its group
    got = {h.entry_id for h in matcher.screen("中国电子科技集团公司第二十二研究所")}
    group = {"dow-1260h:china-electronics-technology-group-corporation",
             "ofac-nscmic:china-electronics-technology-group-corporation",
             "ofac-eo14032:china-electronics-technology-group-corporation"}
    assert got and got <= group  # the group, parent-level, and nothing else


# -- traditional script cut into institution heads, a territory qualifier kept -------------------
def test_traditional_name_has_simplified_heads():
    from techties.screen.match import zh_heads

    # 大學 is 大学: the head of 中山大學（廣州） (a campus city in brackets) is 中山大学, as for the simplified name
    assert zh_heads("中山大學（廣州）") == zh_heads("中山大学（广州）") == ["中山大学"]


@pytest.mark.parametrize(("text", "code"), [
    ("国防大学（台湾）", "TW"), ("國防大學（臺灣）", "TW"), ("华为终端（香港）有限公司", "HK"),
    ("澳门科技大学（澳门）", "MO"),
    # a province's or city's ending, a leading 中国, a Taiwanese city (review of Session 12)
    ("國防大學（臺灣省）", "TW"), ("国防大学（中国台湾）", "TW"), ("国防大学（台北）", "TW"),
    ("某大学（高雄市）", "TW"),
    ("浙江大学（台州）", None), ("四川大学（成都市）", None),
    ("中山大学（广州）", None), ("中国石油大学（北京）", None), ("哈尔滨工业大学（威海）", None), ("国防大学", None),
])
def test_territory_qualifier(text, code):
    from techties.screen.match import territory_qualifier

    assert territory_qualifier(text) == code


def test_taiwan_defense_university_is_not_the_pla_one(matcher):
    # Taiwan's National Defense University (ndu.edu.tw) is on no list; the PLA's (国防大学) is on §1286
    for name in ("國防大學（臺灣）", "國防大學（臺灣省）", "国防大学（中国台湾）", "国防大学（台北）"):
        assert matcher.screen(name) == [], name
    assert "dow-1286:national-defense-university" in {h.entry_id for h in matcher.screen("国防大学")}
    assert "dow-1286:sun-yat-sen-university" in {h.entry_id for h in matcher.screen("中山大學（廣州）")}


# -- short names the institutions use themselves, and CETHIK (sourced table rows) -----------------
@pytest.mark.parametrize(("query", "entry"), [
    ("国防科大", "techties-curated:el-nudt"),  # nudt.edu.cn writes 国防科大
    ("国防科大气象海洋学院", "techties-curated:el-nudt"),  # short name + department, CNKI style
    ("成电", "techties-curated:el-uestc"),  # news.uestc.edu.cn, "成电新闻网"
    # the Entity List gives CETC 52 the aliases 'CETHIK Group', 'China Electronics Technology HIK Group Co., Ltd.'
    ("中电海康集团有限公司", "bis-entity-list:china-electronics-technology-group-corporation-52nd-research-institute"),
])
def test_short_names_and_cethik(matcher, query, entry):
    assert entry in {h.entry_id for h in matcher.screen(query)}


@pytest.mark.parametrize("query", ["成电光信", "国防科大学", "中电海康大厦"])
def test_short_names_name_nothing_longer(matcher, query):
    # a short name starts these but is not the whole institution: no hit (成电光信 is a firm, 国防科大学 no name)
    assert matcher.screen(query) == []


# -- a long pasted run stays linear (review of Session 12) -------------------------------------------
def test_sense_combinations_fewest_changes_first_in_product_order():
    from techties.screen.names import _with_changes

    # sizes 2, 1, 3: one change first (the last place before the first, each place's senses in order), then two
    got = [c for k in (1, 2, 3) for c in _with_changes([2, 1, 3], k)]
    assert got == [(0, 0, 1), (0, 0, 2), (1, 0, 0), (1, 0, 1), (1, 0, 2)]


def test_a_name_pasted_thirty_times_still_screens(matcher):
    # 2**n sense combinations were sorted whole: this took minutes and gigabytes; the institute is CETC 24,
    # whose Entity List entry is 'CETC Chip Technology Co., Ltd.' (aliases 'CETC 24', 'CETC 26', 'CETC 44')
    got = {h.entry_id for h in matcher.screen("中国电子科技集团公司第二十四研究所" * 30)}
    assert "bis-entity-list:cetc-chip-technology-co-ltd" in got
