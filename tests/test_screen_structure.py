"""Names in Chinese and Russian script read through their structure: parent + numbered or named
sub-units, parent-level fallback, Russian legal forms / RAS / eponyms with BGN/PCGN, the shipped
ROR table (and a warehouse's ROR rows instead), and the measured figures on the labelled set.

Real data: the shipped US lists snapshot (US government), ../shared/data/ror (CC0); labelled set
tests/fixtures/screening/eval_scripts.tsv (built by build_eval_scripts.py, see README there).
Expected entries are the list entries as written in bis_entity_list.json / dow_1260h.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from techties.screen.evaluate import evaluate, read_eval
from techties.screen.match import PARENT_LEVEL_CAP
from techties.screen.names import english_variants
from techties.screen.ror_names import TABLE, derive_table, shipped, warehouse_rows
from techties.screen.structure import bgn, nominative, parse_ru, use_ror_rows, zh_number, zh_readings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "screening"
CASC_702 = "bis-entity-list:china-aerospace-science-and-technology-corporation-casc-1st-academy-702-research"


# -- Chinese ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "n"), [("七〇二", 702), ("十二", 12), ("二三九", 239), ("五十五", 55), ("14", 14)])
def test_chinese_numbers(text, n):
    assert zh_number(text) == n


def test_numbered_units_read_as_the_lists_write_them():
    texts = [t for t, _ in zh_readings("中国航天科技集团有限公司第一研究院第七〇二研究所")]
    assert "China Aerospace Science and Technology Corporation 1st Academy 702nd Research Institute" in texts
    assert "China Academy of Launch Vehicle Technology 702nd Research Institute" in texts  # 第一研究院 by name
    texts = [t for t, m in zh_readings("中国电子科技集团公司第十四研究所") if not m.startswith("parent-level")]
    assert texts[0] == "China Electronics Technology Group Corporation 14th Research Institute"


@pytest.mark.parametrize("query", ["中国航天科技集团有限公司第一研究院第七〇二研究所", "航天一院702所"])
def test_sub_unit_matches_its_own_entry(matcher, query):
    top = matcher.screen(query)[0]
    assert top.entry_id == CASC_702 and top.features["level"] == "unit" and top.score >= 0.95
    assert top.method.startswith("structure") and "702" in top.method


def test_unlisted_sub_unit_falls_back_to_its_parent_at_a_lower_score(matcher):
    hits = matcher.screen("中国电子科技集团公司第九十九研究所")  # CETC has no 99th institute on any list
    assert hits and all(h.features["level"] == "parent" and h.score == PARENT_LEVEL_CAP for h in hits)
    assert "dow-1260h:china-electronics-technology-group-corporation" in {h.entry_id for h in hits}
    assert "parent-level match" in hits[0].explanation and "第九十九研究所" in hits[0].method


def test_numbers_decide_between_numbered_institutes(matcher):
    ids = {h.entry_id for h in matcher.screen("中国电子科技集团公司第四十一研究所")}
    assert "bis-entity-list:china-electronics-technology-group-corporation-41st-research-institute" in ids
    assert not any("14th-research" in i or "13th-research" in i for i in ids)


def test_department_belongs_to_its_university(matcher):
    top = matcher.screen("国防科技大学计算机学院")[0]
    assert top.entry == "National University of Defense Technology (NUDT)" and top.score == 1.0
    assert "department 计算机学院" in top.method and top.features["level"] == "unit"


def test_cnki_run_is_cut_at_the_institution_head():
    from techties.screen.match import zh_heads

    # 有限公司 ends the institution, 机械工程学院 is the department; 科学院 is no 学院 boundary
    assert zh_heads("华为技术有限公司机械工程学院") == ["华为技术有限公司"]
    assert zh_heads("中国科学院上海光学精密机械研究所光电学院") == ["中国科学院上海光学精密机械研究所"]
    assert zh_heads("华为技术有限公司") == []


def test_cnki_run_with_a_department_finds_the_institution(matcher):
    hits = matcher.screen("国家超级计算郑州中心经济管理学院")
    assert hits and hits[0].entry_id == "bis-entity-list:national-supercomputer-center-zhengzhou", hits[:1]
    assert hits[0].query_form.startswith("国家超级计算郑州中心 ")


def test_pla_and_cas_prefixes_are_set_aside(matcher):
    from techties.screen.names import zh_prefix_readings

    assert zh_prefix_readings("中国人民解放军空军西安飞行学院")[:3] == [
        ("air force xian flight college", "structure (prefix 中国人民解放军 = PLA set aside), glossary"),
        ("air force xian flight academy", "structure (prefix 中国人民解放军 = PLA set aside), glossary"),
        ("air force xian flight institute",
         "structure (prefix 中国人民解放军 = PLA set aside), glossary, other senses")]
    hits = matcher.screen("中国科学院上海光学精密机械研究所")
    assert hits and hits[0].entry_id == "bis-entity-list:shanghai-institute-of-optics-and-fine-mechanics", hits[:1]


@pytest.mark.parametrize("query", ["中国人民解放军信息工程大学", "战略支援部队信息工程大学", "信息工程大学"])
def test_a_tabled_name_finds_an_alias_of_organisational_words_only(matcher, query):
    # DoD 1286 lists "Information Engineering University" (Zhengzhou, PLA Strategic Support Force), a name of
    # organisational words only, which alone stays capped at 0.75 ("Institute of Physics" could be any). The
    # curated table (names_bilingual.yaml, ASPI's China Defence Universities Tracker) says 信息工程大学 is it:
    # read word for word with the PLA or SSF prefix set aside it is that alias exactly, so a hit at 0.95, as
    # the bare name's literal reading run together already was
    hits = matcher.screen(query)
    assert hits and hits[0].entry == "Information Engineering University" and hits[0].score == 0.95, hits[:1]
    assert hits[0].list_id == "dow-1286"


def test_a_group_acronym_read_from_a_table_stays_a_weak_alias(matcher):
    # 中国电子科技集团公司 is read "CETC" too; "CETC" is also an alias of CETC's institutes (the 54th…): an
    # acronym names no one of them, so none of those is a hit
    assert {h.entry for h in matcher.screen("中国电子科技集团公司")} <= {
        "China Electronics Technology Group Corporation", "CHINA ELECTRONICS TECHNOLOGY GROUP CORPORATION"}


def test_a_known_name_that_only_starts_the_text_is_no_parent():
    # 中国兵器工业集团 is NORINCO; 中国兵器工业集团大学 names no unit of it (大学 is no unit word)
    assert zh_readings("中国兵器工业集团大学") == []
    first = zh_readings("中国兵器工业集团第二〇二研究所")[0][0]
    assert first == "China North Industries Group Corporation 202nd Research Institute"


# -- Russian ---------------------------------------------------------------------------------
def test_russian_structure_legal_form_ras_eponym():
    p = parse_ru("ФГБУН Институт физики полупроводников им. А.В. Ржанова СО РАН")
    assert (p.legal, p.ras, p.eponym, p.base) == (("ФГБУН",), True, "А.В. Ржанов", "Институт физики полупроводников")
    assert nominative("Лебедева") == "Лебедев" and nominative("Грушина") == "Грушин"
    assert bgn("Макеев") == "Makeyev"  # BGN/PCGN, as the Entity List writes it; plain unidecode gives "Makeev"


def test_russian_eponym_finds_the_entity_list_entry(matcher):
    top = matcher.screen("АО ‘Государственный ракетный центр имени академика В. П. Макеева’")[0]
    assert top.entry_id == ("bis-entity-list:joint-stock-company-state-missile-center-named-after-akademika-v-p"
                            "-makeyeva")
    assert "eponym В. П. Макеев -> V. P. Makeyev" in top.method and "legal form АО" in top.method


def test_bgn_drops_the_separator_dot():
    # BGN/PCGN writes "Rosoboron·eksport" (н before э); the Entity List writes "Rosoboronexport"
    assert bgn("Рособоронэкспорт") == "Rosoboroneksport"


def test_one_bgn_word_for_names_and_places():
    # names._bgn_word and places_ru._bgn had each written BGN/PCGN of a word (a circular import kept
    # them apart); now one helper, techties.screen.translit.bgn_word, by hand from the BGN/PCGN table:
    # ъ is ” (dropped, as the lists never write it), ь is ’ (kept as '), е after ъ is "ye", й is "y"
    from techties.screen import names, places_ru
    from techties.screen.translit import bgn_word

    assert bgn_word("Подъездной") == "Podyezdnoy"
    assert bgn_word("Тверь") == "Tver'"
    assert bgn_word("Рособоронэкспорт") == "Rosoboroneksport"
    assert not hasattr(names, "_bgn_word") and not hasattr(places_ru, "_bgn")
    assert bgn("Тверь") == "Tver"  # the lists' spelling: the soft sign's mark left out too


def test_glossary_translates_legal_and_generic_words_one_by_one():
    from techties.screen.names import translate_ru

    # "Вертолеты России" is "Russian Helicopters JSC" on the Entity List: the words, not the order
    assert translate_ru("Акционерное общество Вертолеты России") == "jsc helicopter russia"
    assert translate_ru("Публичное Акционерное Общество") == "public jsc"  # the phrase entry first
    assert translate_ru("Закрытое Общество") == "closed company"


def test_free_translation_finds_the_entity_list_entry(matcher):
    hits = matcher.screen("AO Вертолеты России")
    assert hits and hits[0].entry_id == "bis-entity-list:russian-helicopters-jsc", hits[:1]


def test_skeleton_meets_romanisation_and_english_spelling():
    from techties.screen.match import skeleton

    # x = ks, c = k, kh/ch = h, y = i: worked out letter by letter
    assert skeleton("rosoboroneksport") == skeleton("rosoboronexport") == "rosoboroneksport"
    assert skeleton("tekhno") == skeleton("techno") == "tehno"
    assert skeleton("makeyev") == skeleton("makeev") == "makev"


def test_cyrillic_reading_takes_the_list_spelling(matcher):
    # BGN reads "Rosoboroneksport"; the Entity List writes "Rosoboronexport OJSC"
    ids = [h.entry_id for h in matcher.screen("AO Рособоронэкспорт")]
    assert "bis-entity-list:rosoboronexport-ojsc-roe" in ids and all("rosoboronexport" in i for i in ids), ids


def test_russian_organisational_words_abbreviated_and_shortened():
    from techties.screen.structure import abbreviate_ru, shorter_english

    assert abbreviate_ru("Научно-Производственное Предприятие Исток") == "НПП Исток"
    assert abbreviate_ru("Центральный Научно-Исследовательский Институт Машиностроения") == "ЦНИИ Машиностроения"
    assert shorter_english("central scientific research institute machine building") == (
        "central research institute machine building")


def test_abbreviated_reading_finds_the_listed_name(matcher):
    hits = matcher.screen("Акционерное Общество «Научно-Производственное Предприятие «Исток» имени А.И. Шокина»")
    assert "bis-entity-list:npp-istok" in [h.entry_id for h in hits], hits[:2]


def test_cyrillic_script_lifts_the_cap_on_a_unique_short_alias(matcher):
    top = matcher.screen("AO ‘УМЗ’")  # listed as "AO UMZ", an alias of the Ulyanovsk Mechanical Plant
    assert top and top[0].entry_id == "bis-entity-list:joint-stock-company-ulyanovsk-mechanical-plant", top[:1]
    assert top[0].features["country"] == "agree-by-script"
    # "MMZ" is an alias of three listed plants (Mytishchi, Miass, Mariyskiy): it names none of them
    assert matcher.screen("ОАО ‘ММЗ’") == []
    assert len([h for h in matcher.screen("AO MMZ", "RU")]) >= 2  # with a country given, as before


def test_eponym_and_country_left_out_only_as_a_fallback(matcher):
    from techties.screen.structure import ru_readings

    methods = [m for _, m in ru_readings("Служба Внешней Разведки Российской Федерации")]
    assert any("'Российской Федерации' left out" in m for m in methods)
    # the whole name hits the Russian ministry; the shorter reading must not add other ministries
    ids = [h.entry_id for h in matcher.screen("Министерство Обороны Российской Федерации (Минобороны России)")]
    assert ids == ["bis-entity-list:ministry-of-defence-of-the-russian-federation"], ids


# -- ROR ---------------------------------------------------------------------------------------
def test_ror_table_is_rederived_and_names_parents(shared_data, tmp_path):
    out = tmp_path / TABLE
    derive_table(shared_data / "ror" / "ror_records_v2.9_changed_partial.jsonl.gz", out)
    shipped_path = Path(__file__).resolve().parents[1] / "techties" / "screen" / "data" / TABLE
    assert out.read_bytes() == shipped_path.read_bytes()
    rows, source = shipped()
    ciomp = next(r for r in rows if r.ror == "012rct222")
    assert ciomp.native == ("中国科学院长春光学精密机械与物理研究所",)
    assert ciomp.parent_en == "Chinese Academy of Sciences"
    assert "CC0" in source and "d93fc667" in source


def test_warehouse_ror_rows_replace_the_shipped_table(tmp_path):
    from techties.warehouse import Warehouse

    zhipu = next(r for r in shipped()[0] if r.ror == "005dzvw93")  # Zhipu AI (China), 北京智谱华章科技有限公司
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh:
        wh.store_institutions([{"institution_id": "ror:005dzvw93", "ror": "https://ror.org/005dzvw93",
                                "name": zhipu.en, "country_code": "CN", "source": "ror",
                                "names_json": json.dumps({"zh": list(zhipu.native)}, ensure_ascii=False)}])
    rows = warehouse_rows(db)
    assert [(r.ror, r.en, r.native) for r in rows] == [("005dzvw93", "Zhipu AI (China)", zhipu.native)]
    try:
        use_ror_rows(rows)
        readings = dict(english_variants("北京智谱华章科技有限公司"))
        assert "ROR (warehouse)" in readings["Zhipu AI"]
    finally:
        use_ror_rows(None)
    assert warehouse_rows(tmp_path / "missing.duckdb") is None


# -- measured ----------------------------------------------------------------------------------
def test_labelled_scripts_set_figures(matcher):
    """The held-out figures reported in README (bench/screen.py), recomputed as a floor against
    regressions (at or above the issue's targets since session 14, see README); ROR rows are screened with their
    own organisation hidden from the ROR table."""
    rows = read_eval(FIXTURES / "eval_scripts.tsv")
    assert not {r.group for r in rows if r.split == "dev"} & {r.group for r in rows if r.split == "heldout"}
    script = {r: ("zh" if "zh" in r.kind else "ru") for r in rows}
    scores, _ = evaluate([msgspec_replace(r, kind=script[r]) for r in rows if r.split == "heldout"], {"us": matcher})
    zh, ru = scores[("heldout", "zh")], scores[("heldout", "ru")]
    # Russian precision restated 0.935 -> 0.915 on 2026-12-02 when the set gained 831 hard negatives (EU-listed
    # entities on no US list, `eu-ru-negative`/`eu-zh-negative`): 0.918 measured, 4 of its 20 held-out alarms on
    # them; on the rows of before, 16 alarms (15 the day before) and 230 of 285 found (229)
    # Restated 2026-12-02 (session 10) after the dev-only probes (probe_zh.tsv, probe_ru.tsv) and their general
    # mechanisms: Chinese 0.944 / 0.875 -> 0.926 / 0.917 (found 84 -> 88 of 96, alarms 5 -> 7), Russian 0.918 /
    # 0.807 -> 0.916 / 0.832 (found 230 -> 237 of 285, alarms 20 -> 21); F1 up on both (0.908 -> 0.921, 0.859
    # -> 0.872). Kept: no change was picked or dropped by these figures (seen by a mid-session CI run's failing
    # assert, Russian probe not yet merged, and read once at the end).
    # Raised 2026-12-02 (session 11), read once after every merge: Russian 0.916 / 0.832 -> 0.939 / 0.845 (16 alarms;
    # 297 positives: the label rule `eu_is_us` turned 12 held-out rows left out as near a list name into positives),
    # Chinese 0.926 / 0.917 -> 0.927 / 0.927 (89 of 96 found, 7 alarms). Tuned on dev and dev-only probes.
    # A second read after one more merge (spelled-out Russian legal forms): Russian 0.939 / 0.848 (252 of 297).
    # Session 12, read once at the end after all merges (quote roles, probes zh2 / ru3 / ru4 / ru5 and their
    # mechanisms, label rule SAME_IS_FOUND): Russian 0.936 / 0.855 (254 of 297, 17 alarms), Chinese 0.927 / 0.927
    # (89 of 96, 7 alarms). A mid-session CI run failed here once (Chinese recall 0.906, see the fixtures README).
    # Session 13, read once at the end after all merges (probes zh3 / zh4 / ru6 / ru7 of names no eval row uses and
    # their mechanisms): Russian 0.936 / 0.855 (254 of 297, 17 alarms), Chinese 0.927 / 0.938 (90 of 96, 7 alarms).
    # Session 14, read once at the end after all merges, on labels audited by hand blind to the matcher
    # (label_audit.py): Russian 0.970 / 0.869 (258 of 297, 8 alarms), Chinese 0.959 / 0.958 (92 of 96, 4 alarms).
    # Session 13's matcher gives the same figures on these labels: the audit moved them, not the matcher.
    # Floors raised to the targets or above.
    assert zh.precision >= 0.95 and ru.precision >= 0.96, (zh, ru)
    assert zh.recall >= 0.95 and ru.recall >= 0.86, (zh, ru)


def msgspec_replace(row, **changes):
    import msgspec

    return msgspec.structs.replace(row, **changes)
