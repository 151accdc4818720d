"""Chinese names of unlisted organisations near listed ones (the near-neighbour negatives of
tests/fixtures/screening/probe_zh.tsv, session 11) and the mechanisms written for their false alarms.
Expected values are worked out by hand from the list entries (../shared/data/watchlists/us-lists)."""

from __future__ import annotations

import pytest

from techties.screen.names import tokens


# -- dotted initials are a word of the name --------------------------------------------------
def test_dotted_initials_are_one_token():
    # "R.I.A." is Tongfang R.I.A.'s own word (同方锐安, the listed subsidiary); "Tongfang" is cut to six letters
    assert tokens("Tongfang R.I.A. Co., Ltd.") == ("tongfa", "ria")
    assert tokens("M.A.G. Tech") == ("mag", "techni")  # "tech" is read as "technical" (ABBREVIATIONS)
    assert tokens("U.H.L. Company") == ("uhl",)  # "company" is a legal word


def test_dotted_legal_forms_and_aka_and_spaced_initials_stay_as_they_were():
    assert tokens("Huawei Technologies (Bolivia) S.R.L.") == ("huawei", "techno", "bolivi")
    assert tokens("Dart Aviation Marlbrine S.A.R.L.") == ("dart", "aviati", "marlbr")
    assert tokens("Power S.A.L.") == ("power",)
    assert tokens("Mesbah Energy Company (a.k.a. MEC)") == ("mesbah", "energy", "mec")
    # a person's initials, two letters or spaced: dropped as before
    assert tokens("NPO Radioelectronics N.A. V.I. Shimko") == ("npo", "radioelectronic", "shimko")


def test_parent_of_a_listed_subsidiary_with_initials_hits_nothing(matcher):
    # 同方股份有限公司 is Tsinghua Tongfang (thtf.com.cn), on no list; it read "Tongfang Co., Ltd.", the
    # whole of "Tongfang R.I.A. Co., Ltd." once R.I.A. was dropped
    assert matcher.screen("同方股份有限公司") == []
    assert matcher.screen("Tongfang Co., Ltd.") == []
    assert "bis-entity-list:tongfang-r-i-a-co-ltd" in {h.entry_id for h in matcher.screen("Tongfang R.I.A. Co., Ltd.")}


# -- near neighbours that must stay clear ----------------------------------------------------
@pytest.mark.parametrize("query", [
    "中国科学院固体物理研究所",  # the lists' Institute of Solid-State Physics is the Russian one
    "中国科学院沈阳计算技术研究所",  # not the listed CAS Institute of Computing Technology (Beijing)
    "中国科学院信息工程研究所",  # not the PLA Information Engineering University
    "杭州电子科技大学",  # ends in UESTC's 电子科技大学
    "华威大学",  # University of Warwick: 华威 reads "Huawei"
    "大华银行（中国）有限公司",  # UOB: 大华 is Dahua's trade name
    "海思科医药集团股份有限公司",  # Haisco: 海思 is HiSilicon's trade name
    "中国大唐集团有限公司",  # the power group, not Datang Telecom
    "中国科学技术协会",  # CAST, the acronym of the listed China Academy of Space Technology
])
def test_near_neighbours_hit_nothing(matcher, query):
    assert matcher.screen(query) == []


# -- CC-CEDICT positives (bench/screen_cedict.py): words the state nonproliferation names use -------
@pytest.mark.parametrize(("query", "entry"), [
    # 长城 "Great Wall" in two words beside Anhui's "Greatwall"; 工业 "industry"
    ("中国长城工业公司", "state-nonproliferation:china-great-wall-industry-corp"),
    # 精密机械 "precision machinery" beside the CAS institutes' "fine mechanics"; 进出口 "import and export"
    ("中国精密机械进出口公司", "state-nonproliferation:china-precision-machinery-import-and-export-corp"),
    ("中国船舶贸易公司", "state-nonproliferation:china-shipbuilding-trading-co"),  # 贸易 "trading"
    ("保利科技有限公司", "state-nonproliferation:poly-technologies-inc"),  # the trade name 保利科技 "Poly Technologies"
])
def test_cedict_names_of_listed_companies(matcher, query, entry):
    assert entry in {h.entry_id for h in matcher.screen(query)}


@pytest.mark.parametrize("query", [
    "长城汽车股份有限公司", "中国长城资产管理股份有限公司",  # Great Wall Motor, Great Wall Asset Management
    # Poly Group's other firms: 保利 alone is no trade name of PTI
    "保利发展控股集团股份有限公司", "保利文化集团股份有限公司",
    "中国科学院西安光学精密机械研究所",  # "Fine Mechanics", sister of the listed optics institutes
])
def test_other_companies_of_those_words_hit_nothing(matcher, query):
    assert matcher.screen(query) == []


# -- a long trade name with industry words after it is the firm itself -----------------------------
def test_long_trade_name_with_industry_words_is_the_brand_alone():
    from techties.screen.structure import zh_brand_alone

    # 中创新航 (four characters, brands_zh.yaml "CALB Group Co., Ltd.") + 科技 "technology" + 集团股份有限公司
    assert zh_brand_alone("中创新航科技集团股份有限公司")
    # 普联 (two characters, TP-Link) + 软件 "software": Pansoft, another firm; the one-word cap stays
    assert not zh_brand_alone("普联软件股份有限公司")
    # 中创新航 + 电池 "battery" (no industry word of the table): not the brand alone
    assert not zh_brand_alone("中创新航电池股份有限公司")


def test_calb_by_its_registered_name(matcher):
    hits = {h.entry_id: h.score for h in matcher.screen("中创新航科技集团股份有限公司")}
    assert hits.get("dow-1260h:calb-group-co-ltd", 0) >= 0.85
    assert matcher.screen("普联软件股份有限公司") == []


# -- a unit under an intermediate parent -------------------------------------------------------------
def test_observatory_is_a_unit_and_its_institute_reads_without_it():
    from techties.screen.structure import parse_units, zh_readings

    # 天文台 ends a level: 国家天文台 is one unit, so 台南 is no longer read as the city "Tainan"
    units, rest, _ = parse_units("国家天文台南京天文光学技术研究所", None)
    assert [u.native for u in units] == ["国家天文台", "南京天文光学技术研究所"] and rest == ""
    got = [r for r, _ in zh_readings("中国科学院国家天文台南京天文光学技术研究所")]
    # the whole chain first, then the institute under the CAS with the observatory left out, then alone
    niaot = "nanjing astronomical optics technology research institute"
    assert got[0] == f"Chinese Academy of Sciences national observatory {niaot}"
    assert f"Chinese Academy of Sciences {niaot}" in got
    assert niaot in got
    assert got.index(niaot) < got.index("Chinese Academy of Sciences")  # before the parent level


def test_numbered_units_keep_their_chain():
    from techties.screen.structure import zh_readings

    # 702所 is counted within the 1st Academy: no reading without it
    got = [r for r, _ in zh_readings("中国航天科技集团有限公司第一研究院第七〇二研究所")]
    assert not any(r.startswith("China Aerospace Science and Technology Corporation 702") for r in got)


def test_niaot_under_the_observatory_and_the_observatories_alone(matcher):
    got = {h.entry_id for h in matcher.screen("中国科学院国家天文台南京天文光学技术研究所")}
    assert "dow-1286:nanjing-institute-of-astronomical-optics-and-technology" in got
    for q in ("中国科学院国家天文台", "中国科学院紫金山天文台", "中国科学院合肥物质科学研究院固体物理研究所"):
        assert matcher.screen(q) == []  # the parent, a sister observatory, an institute under HFIPS: on no list


# -- a company of a unit ---------------------------------------------------------------------------
def test_company_after_a_unit_is_its_own_level():
    from techties.screen.structure import PARENT_LEVEL, zh_readings

    got = zh_readings("中国电子科技集团公司第二十八研究所系统装备有限公司")
    # 系统 "systems", 装备 "equipment" (ZH_INDUSTRY) + 有限公司: the Entity List's "System Equipment Co., Ltd.
    # of the 28th Research Institute (Liyang)"; the institute itself becomes a parent level
    assert got[0][0] == "systems equipment co ltd of the 28th Research Institute"
    institute = dict(got)["CETC 28th Research Institute"]
    assert institute.startswith(PARENT_LEVEL)
    # without a company after it the institute is the unit, as before
    alone = dict(zh_readings("中国电子科技集团公司第二十八研究所"))
    assert not alone["CETC 28th Research Institute"].startswith(PARENT_LEVEL)


def test_cetc_28_system_equipment_company(matcher):
    hits = [h.entry_id for h in matcher.screen("中国电子科技集团公司第二十八研究所系统装备有限公司")]
    assert hits[0] == "bis-entity-list:system-equipment-co-ltd-of-the-28th-research-institute-liyang"


# -- a brand's pinyin spelt by other characters ---------------------------------------------------
def test_homophone_of_a_brand_word():
    from techties.screen.structure import zh_homophone

    # 华威 hua2 wei1 (Warwick) and 华维 read "huawei", Huawei's word; neither writes 华为
    assert zh_homophone("华威", "huawei") == "huawei"
    assert zh_homophone("华维公司", "huawei company") == "huawei"
    assert zh_homophone("华为技术有限公司", "huawei technology co ltd") is None  # writes 华为
    # 达华 "dahua" is Dahua's word (大华, "Dahua Technology"); 海康 "haikang" is no list word (Hikvision)
    assert zh_homophone("达华", "dahua") == "dahua"
    assert zh_homophone("海康", "haikang") is None


def test_homophones_hit_nothing_and_the_brand_still_does(matcher):
    for q in ("华威", "华维股份有限公司"):  # read "huawei": once the whole of the alias "Huawei Holding"
        assert matcher.screen(q) == []
    assert "bis-entity-list:huawei-technologies-co-ltd" in {h.entry_id for h in matcher.screen("华为技术有限公司")}


def test_provincial_public_security_department(matcher):
    # 公安厅 is a department of a province's people's government: the Entity List's "Xinjiang Uyghur
    # Autonomous Region (XUAR) People's Government Public Security Bureau"; other provinces' are on no list
    hits = {h.entry_id for h in matcher.screen("新疆维吾尔自治区公安厅")}
    assert "bis-entity-list:xinjiang-uyghur-autonomous-region-xuar-people-s-government-public-security-burea" in hits
    assert matcher.screen("广东省公安厅") == []


# -- a name without a trade name ---------------------------------------------------------------------
def test_name_without_a_trade_name():
    from techties.screen.structure import zh_no_trade_name

    assert zh_no_trade_name("河南电子公司")  # 河南 (place) + 电子 (industry) + 公司 (legal form)
    assert zh_no_trade_name("河南电子")
    assert not zh_no_trade_name("河南华威电子有限公司")  # 华威 is a trade name
    assert not zh_no_trade_name("电子公司")  # no place: not this rule's to judge
    assert not zh_no_trade_name("河南大学")  # 大学 is no industry word


def test_place_and_industry_alias_needs_a_trade_name(matcher):
    # "Henan Electronics" is an Entity List alias (of Anvik Technologies Sdn. Bhd.) of a place and an
    # industry word; a Chinese name of the same two, without a trade name, names no firm
    assert matcher.screen("河南电子公司") == []
    # the groups the tables know by name still hit (中国 + 电子 + 集团 is CEC's short name, brands_zh.yaml)
    assert "dow-1260h:china-electronics-corporation" in {h.entry_id for h in matcher.screen("中国电子集团")}


# -- a list's Chinese alias is matched by its characters ---------------------------------------------
def test_other_characters_of_a_chinese_alias():
    from techties.screen.structure import zh_other_characters

    # OFAC NS-CMIC writes Yitu's Chinese name 依图科技有限公司; 伊图 reads "yitu" too but is written otherwise
    assert zh_other_characters("伊图科技有限公司", "依图科技有限公司")
    assert not zh_other_characters("依圖科技有限公司", "依图科技有限公司")  # traditional script: the same name
    assert not zh_other_characters("上海依图网络科技有限公司", "依图科技有限公司")  # place and industry words aside
    # China's counter-sanctions sheet writes 株式会社 (kabushiki kaisha) after Latin letters: ACSL is not ASPP
    assert zh_other_characters("ACSL株式会社", "ASPP株式会社")
    assert not zh_other_characters("ACSL株式会社", "ACSL株式会社")
    assert not zh_other_characters("Yitu", "依图科技有限公司")  # no character in the name: the Latin matching's


def test_homophone_of_a_chinese_alias_hits_nothing(matcher):
    assert matcher.screen("伊图科技有限公司") == []
    assert "ofac-nscmic:yitu-limited" in {h.entry_id for h in matcher.screen("依图科技有限公司")}


def test_trade_names_of_pinyin_aliases_tell_homophones_apart(matcher):
    # the Entity List writes Sino IC Technology (上海华岭集成电路技术) also as "Hualing" and SMIT as
    # "Guowei Group": with their trade names in brands_zh.yaml, 华菱 (Hunan Valin steel) and 国威 are
    # homophones, not them
    assert matcher.screen("华菱集团") == []
    assert matcher.screen("国威") == []
    for q, entry in (("上海华岭集成电路技术股份有限公司", "bis-entity-list:sino-ic-technology-co-ltd"),
                     ("国微集团（深圳）有限公司", "bis-entity-list:guowei-group-shenzhen-co-ltd")):
        assert entry in {h.entry_id for h in matcher.screen(q)}


def test_same_letters_and_characters_in_another_case_or_order_are_the_alias():
    from techties.screen.structure import zh_other_characters

    # China's counter-sanctions sheet writes ASPP株式会社: a user's lower case or the legal form first is that name
    assert not zh_other_characters("aspp株式会社", "ASPP株式会社")
    assert not zh_other_characters("株式会社ASPP", "ASPP株式会社")


def test_a_long_trade_name_before_a_department_is_no_firm_alone():
    from techties.screen.structure import zh_brand_alone

    # brands_zh.yaml: 科大讯飞 (iFlytek). 科大讯飞股份有限公司 is the company; 学院 after the trade name is a
    # department (zh_company_tail gives no industry word), not "followed only by industry words"
    assert zh_brand_alone("科大讯飞股份有限公司")
    assert not zh_brand_alone("科大讯飞学院")
    assert not zh_brand_alone("科大讯飞信息工程学院")


def test_a_firm_after_a_unit_under_an_intermediate_parent_reads_the_unit_as_parent_level():
    from techties.screen.structure import PARENT_LEVEL, zh_readings

    # CAS > National Astronomical Observatories (国家天文台) > NIAOT, then a company of NIAOT's: the name
    # names the company, so NIAOT read without its intermediate parent is the parent level, like NIAOT in full
    niaot = [note for text, note in zh_readings("中国科学院国家天文台南京天文光学技术研究所光电科技有限公司")
             if text.endswith("optics technology research institute") and " co ltd " not in text]
    assert len(niaot) == 10 and all(note.startswith(PARENT_LEVEL) for note in niaot)  # 2 bases x 2 spellings of
    # the chain in full, the same without 国家天文台, and NIAOT alone in its 2 spellings
    # without the company, NIAOT is the name's own level (the lists write "Nanjing Institute of Astronomical
    # Optics and Technology")
    own = [note for text, note in zh_readings("中国科学院国家天文台南京天文光学技术研究所")
           if text == "nanjing astronomical optics technology research institute"]
    assert own and not any(note.startswith(PARENT_LEVEL) for note in own)


def test_dotted_legal_forms_are_no_initials():
    from techties.screen.names import tokens

    # s.r.o. (Czech/Slovak), S.A.E. (Egypt), S.A.I.C. (Argentina) are legal forms, dropped as before
    assert tokens("Foo s.r.o.") == tokens("Foo") == ("foo",)
    assert tokens("Baz S.A.E.") == ("baz",)
    assert tokens("Bar S.A.I.C.") == ("bar",)
    assert "ria" in tokens("Tongfang R.I.A. Co., Ltd.")  # three initials of its own: one word


# -- wrong extra hits of the Chinese probe (Session 11, branch zhother) -------------------------------
def test_nuclear_word_is_read_not_spelt(matcher):
    from techties.screen.names import glossary

    # 核 is "nuclear" in the lists' names of 中国核工业集团 (China National Nuclear Corporation) and
    # 中国广核 (China General Nuclear Power); read as the syllable "he", 中国核工业建设 was left as
    # "china he technology construction", all but "he" the words of 'China Construction Technology Co. Ltd.'
    assert glossary("zh")["核"] == "nuclear"
    got = {h.entry_id for h in matcher.screen("中国核工业建设股份有限公司")}
    assert "dow-1260h:china-construction-technology-co-ltd" not in got
    assert "ofac-eo14032:china-nuclear-engineering-corporation-limited" in got  # CNEC, the firm itself


def test_pinyin_words_cut_to_one_token_are_other_names(matcher):
    from techties.screen.match import Alias, cut_collisions

    # 国微 "Guowei" and 国微芯 "Guoweixin" (an alias of 'Shenzhen Guoweichip Technology Co., Ltd.') are both
    # cut to "guowei"; two pinyin words differ as two Russian transliterations do ("Geomir" / "Geomiragro")
    assert cut_collisions("Guowei Group", "Guoweixin", [("guowei", "guowei", 1.0)]) == ["guowei"]
    alias = Alias(0, "Guoweixin", "alias", ("guowei",), (), frozenset(), "guoweixin")
    score, feats = matcher.compare(("guowei",), alias, None, "Guowei Group", full=True, script="zh")
    assert feats["cut_collisions"] == ["guowei"] and score < matcher.threshold
    got = {h.entry_id for h in matcher.screen("国微集团（深圳）有限公司")}
    assert got == {"bis-entity-list:guowei-group-shenzhen-co-ltd"}
    # an English word of the glossary keeps its looser ending rule (same_word): "technology" / "technologies"
    assert matcher.compare(("techno",), Alias(0, "Technologies", "alias", ("techno",), (), frozenset(), "technologies"),
                           None, "technology", full=True, script="zh")[1].get("cut_collisions") is None


def test_a_group_is_not_its_place_named_member(matcher):
    from techties.screen.match import group_member

    # OFAC lists 'Panda Electronics Group Co., Ltd.' and its listed member 'Nanjing Panda Electronics Company
    # Limited': read "Panda Electronics Group", 熊猫电子集团 lacks the member's leading place (nanjin) and the
    # member's name lacks "Group"
    assert group_member("熊猫电子集团有限公司", "nanjin", "Nanjing Panda Electronics Company Limited")
    assert not group_member("熊猫电子集团有限公司", "nanjin", "Nanjing Panda Electronics Group")  # a group too
    assert not group_member("熊猫电子有限公司", "nanjin", "Nanjing Panda Electronics Company Limited")  # no 集团
    assert not group_member("熊猫电子集团有限公司", None, "Panda Electronics Company Limited")  # no place added
    got = {h.entry_id for h in matcher.screen("熊猫电子集团有限公司")}
    assert got == {"ofac-eo14032:panda-electronics-group-co-ltd", "ofac-nscmic:panda-electronics-group-co-ltd"}


def test_a_name_without_a_place_is_not_the_firm_abroad(matcher):
    from techties.screen.match import abroad_firm

    # the Entity List has 'Huawei Device Co., Ltd.' and the same name with (Dongguan), (Shenzhen) and
    # (Hong Kong): Hong Kong is a territory of its own (HK), a firm registered there; Dongguan is a town
    assert abroad_firm("Hong Kong", None, "华为终端有限公司") and abroad_firm("Bolivia", None, "华为技术有限公司")
    assert not abroad_firm("Hong Kong", None, "华为终端（香港）有限公司")  # the name writes the place
    assert not abroad_firm("Dongguan", None, "华为终端有限公司") and not abroad_firm("", None, "华为")
    assert not abroad_firm("Hong Kong", "HK", "华为终端有限公司")
    got = {h.entry_id for h in matcher.screen("华为终端有限公司")}
    assert "bis-entity-list:huawei-device-hong-kong-co-limited" not in got
    assert {"bis-entity-list:huawei-device-co-ltd", "bis-entity-list:huawei-device-dongguan-co-ltd"} <= got
    # a name that writes the place keeps the firm there
    assert "bis-entity-list:huawei-device-hong-kong-co-limited" in {
        h.entry_id for h in matcher.screen("华为终端（香港）有限公司")}
