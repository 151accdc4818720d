"""Russian-script screening mechanisms (issue #16): quoted core names, branches, city adjectives,
translation variants with their sources, and whole-word checks behind cut tokens. Names are real
Russian names written by hand; expected entries are checked by hand in the shipped US snapshot."""

from __future__ import annotations

import re

import pytest

from techties.screen.match import (
    ACRONYM_CONFIRM_MIN,
    ACRONYM_CONFIRMED_SCORE,
    GENERIC_ADDED_SCORE,
    RU_WRITING_COUNTRIES,
    SCRIPT_COUNTRIES,
    paren_forms,
    ru_descriptive,
    ru_unit_forms,
    same_word,
)
from techties.screen.names import (
    data_yaml,
    english_variants,
    fix_typing_ru,
    ru_city,
    ru_loanword,
    ru_phrases,
    ru_possessive,
    ru_variants,
    translate_ru,
)
from techties.screen.snapshot import load_snapshot
from techties.screen.structure import (
    RU_COUNTRY_LEFT_OUT,
    acronym_spellings,
    cognate,
    cognate_key,
    genitive_parent,
    latin_company_families,
    nominative,
    phrase_variants,
    quoted_cores,
    ru_acronyms,
    ru_adjectives_only,
    ru_company_family,
    ru_initials,
    ru_kind_initials,
    split_branch,
)


def test_quoted_core_with_legal_form_finds_its_entry(matcher):
    # АО (legal form) + «Концерн ВКО «Алмаз – Антей»»: the lists write "Joint-Stock Company Concern Almaz-Antey"
    top = matcher.screen("АО «Концерн ВКО «Алмаз – Антей»")[0]
    assert top.entry_id == "bis-entity-list:joint-stock-company-concern-almaz-antey"
    assert "quoted core «Алмаз – Антей»" in top.method


def test_quoted_cores_innermost_first():
    assert quoted_cores("Акционерное Общество «Научно-Производственный Концерн «Технологии Машиностроения»") == [
        "Технологии Машиностроения", "Научно-Производственный Концерн Технологии Машиностроения"]


def test_branch_is_read_without_its_parent(matcher):
    q = "Лыткаринский машиностроительный завод – филиал ПАО «ОДК-УМПО»"
    assert split_branch(q) == ("Лыткаринский машиностроительный завод", "филиал ПАО «ОДК-УМПО»")
    assert split_branch("Филиал «Судоремонтный завод «Нерпа» – АО «Центр судоремонта «Звёздочка»")[0] == (
        "«Судоремонтный завод «Нерпа»")
    hits = matcher.screen(q)  # the plant, not "Public Joint Stock Company UEC-Ufa Engine Industrial Association"
    assert [h.entry_id for h in hits] == ["bis-entity-list:lytkarino-machine-building-plant"]


def test_city_adjective_reads_as_the_city():
    assert ru_city("тульский") == "Tula" and ru_city("казанского") == "Kazan" and ru_city("омский") == "Omsk"
    assert ru_city("ставропольский") == "Stavropol"  # not Tolyatti, once "Ставрополь-на-Волге"
    assert ru_city("жуковский") is None  # the adjective is itself the city Zhukovsky
    assert ru_city("технический") is None


def test_city_adjective_and_translation_find_the_entry(matcher):
    top = matcher.screen("Публичное акционерное общество «Тульский оружейный завод»")[0]
    assert top.entry_id == "bis-entity-list:tula-arms-plant"  # listed as "Tula Arms Plant"


def test_translation_variants_come_from_list_names():
    assert {"factor", "works", "zavod"} <= ru_variants()["plant"]
    names = {n for e in load_snapshot() for n in (e.name, *e.aliases)}
    for row in data_yaml("glossary_ru.yaml")["variants"]:
        for quoted in re.findall(r"'([^']+)'", row["source"]):
            assert quoted in names, (row["ru"], quoted)


def test_cut_tokens_need_the_same_whole_word(matcher):
    assert not same_word("geomir", "geomiragro") and not same_word("elektronika", "elektron")
    assert same_word("elektrosignal", "electrosignal") and same_word("aerokompozit", "aerocomposit")
    ids = [h.entry_id for h in matcher.screen("ООО «Геомирагро»")]
    assert ids == ["bis-entity-list:ooo-geomiragro"]  # "AO Geomir" shares only the cut "geomir"
    top = matcher.screen("Акционерное общество «Электросигнал»")[0]  # "electr" as in "electronic", not generic
    assert top.entry_id == "bis-entity-list:electrosignal-jsc"


def test_unlisted_russian_institute_hits_nothing(matcher):
    assert matcher.screen("Научно-исследовательский институт бетона и железобетона") == []
    assert matcher.screen("Институт бетона и железобетона") == []


def test_unit_forms_strip_only_organisational_initials(matcher):
    units = ru_unit_forms(matcher.entries)
    by_name = {e.name: units.get(i, []) for i, e in enumerate(matcher.entries)}
    # "NITI" is Nauchno-Issledovatelsky Tekhnologichesky Institut, the words written out beside it
    assert ("Aleksandrov Scientific Research Technological Institute", "unit") in by_name[
        "Aleksandrov Scientific Research Technological Institute NITI"]
    # "AST" is the company's own name: "Aktsionernoe Obshchestvo" (a legal form) alone names no one
    assert all(f != "Aktsionernoe Obshchestvo" for f, _ in by_name["Aktsionernoe Obshchestvo AST"])
    # a Latin list name whose last part is a legal form hits its entry only (eval.tsv list-alias row)
    ids = [h.entry_id for h in matcher.screen("Pribaltiski Sudostroitelny Zavod Yantar, Aktsionernoe Obshchestvo")]
    assert ids == ["bis-entity-list:united-shipbuilding-corporation-pribaltic-shipbuilding-factory-yantar"]


def test_hyphenated_words_possessives_and_former_city_names():
    assert translate_ru("Опытно-конструкторское бюро") == "experimental design bureau"  # not "experimental bureau"
    assert ru_possessive("крыловский") == "Krylov" and ru_possessive("арсеньевская") == "Arsenyev"
    assert ru_possessive("технический") is None
    assert ru_city("ленинградский") == "Leningrad"  # a former name of St Petersburg, kept by "Leningrad Shipyard"
    assert ru_city("петербургский") == "Saint Petersburg" and ru_city("свердловский") == "Sverdlovsk"
    assert same_word("kalyazin", "kalyazinsky") and same_word("zhukov", "zhukovskiy")


def test_eponym_nominative():
    assert [nominative(x) for x in ("Минца", "Ильича", "Мухиной", "Лебедева", "Жуковского", "Люльки")] == [
        "Минц", "Ильич", "Мухина", "Лебедев", "Жуковский", "Люльки"]


def test_phrase_variants_come_from_list_names():
    assert ru_phrases()["shipbuilding plant"] == ["shipyard"]
    assert [v for v, _ in phrase_variants("Leningrad shipbuilding plant Pella")] == ["leningrad shipyard pella"]
    names = {n for e in load_snapshot() for n in (e.name, *e.aliases)}
    for row in data_yaml("glossary_ru.yaml")["phrases"]:
        for quoted in re.findall(r"'([^']+)'", row["source"]):
            assert quoted in names, (row["en"], quoted)


@pytest.mark.parametrize(("query", "entry"), [
    # Leningrad (former city name) + shipbuilding plant as shipyard: "OJSC Leningrad Shipyard Pella"
    ("Акционерное общество «Ленинградский Судостроительный Завод «Пелла»", "ojsc-pella-shipyard"),
    # organisational words translated, the quoted name transliterated: "OJSC Shipbuilding Plant Severnaya Verf"
    ("Публичное Акционерное Общество Судостроительный Завод «Северная Верфь»", "severnaya-verf-shipbuilding-factory"),
    # "Ravenstvo" shares its cut stem with Ravensburg but is no place
    ("Акционерное Общество «Равенство»", "tactical-missile-corporation-joint-stock-company-ravenstvo"),
    # "Novastrim LLC." is kept beside "Novastream Limited", though both are cut to "novast"
    ("Общество с Ограниченной Ответственностью «Новастрим»", "novastream-limited"),
    ("Акционерное Общество «Конструкторское бюро «Луч»", "lutch-design-office-jsc"),  # Luch / Lutch
    # possessive adjective: "Krylov State Research Center"
    ("Федеральное Государственное Унитарное Предприятие «Крыловский Государственный Научный Центр»",
     "st-petersburg-shipbuilding-institution-krylov"),
])
def test_russian_names_find_their_entries(matcher, query, entry):
    assert [h.entry_id for h in matcher.screen(query)] == [f"bis-entity-list:{entry}"]


def test_experimental_design_bureau_is_not_another_bureau(matcher):
    # "Опытно-конструкторское бюро" is the A. Lyulki bureau here, not the A.S. Yakovlev one
    q = ("Опытно-конструкторское Бюро имени А. Люльки — Филиал ОДК-Уфимского Моторостроительного "
         "Производственного Объединения")
    assert [h.entry_id for h in matcher.screen(q)] == ["bis-entity-list:a-lyulki-experimental-design-bureau"]


def test_loanwords_read_back_to_english():
    # worked by hand: the row's Cyrillic part replaced, the rest BGN/PCGN, the soft sign dropped
    assert ru_loanword("модуль") == "module"  # мод + -уль/-ule
    assert ru_loanword("девайс") == "device"  # дев + -айс/-ice
    assert ru_loanword("Росэлектроника") == "ruselektronics"  # рос-/rus- + электрон + -ика/-ics
    assert ru_loanword("консалтинг") == "consalting"  # кон-/con- + салт + -инг/-ing
    assert ru_loanword("логистики") == "logistics" and ru_loanword("дрейк") == "drake"
    assert ru_loanword("завод") is None and ru_loanword("рос") is None  # no row / nothing left between
    assert translate_ru("Девайс Консалтинг", loan=True) == "device consalting"
    assert translate_ru("Девайс Консалтинг") == "devays konsalting"  # the plain reading is unchanged


def test_loanword_sources_are_list_names():
    names = {n for e in load_snapshot() for n in (e.name, *e.aliases)}
    for row in data_yaml("glossary_ru.yaml")["loanwords"]:
        for quoted in re.findall(r"'([^']+)'", row["source"]):
            assert quoted in names, (row["ru"], quoted)


@pytest.mark.parametrize(("query", "entry"), [
    ("АО «Росэлектроника»", "ruselectronics-jsc"),  # listed as "Ruselectronics JSC"
    ("ООО «Девайс Консалтинг»", "device-consulting"),  # "Device Consulting"
    ("ООО ДРЕЙК", "llc-drake"),  # "LLC Drake"
])
def test_loanwords_find_their_entries(matcher, query, entry):
    hits = matcher.screen(query)
    assert [h.entry_id for h in hits] == [f"bis-entity-list:{entry}"]
    assert "loanwords read back" in hits[0].method


def test_unlisted_loanword_names_hit_nothing(matcher):
    # "Drake" alone is listed, "Drake Consulting" is another firm; no "Device Marketing" is listed
    assert matcher.screen("ООО «Дрейк Консалтинг»") == []
    assert matcher.screen("ООО «Девайс Маркетинг»") == []


# -- company form, acronyms (issue #16, fourth round) -------------------------------------------
AEROKON_LLC = "bis-entity-list:limited-liability-company-npk-aerokon"
AEROKON_JSC = "bis-entity-list:joint-stock-company-aerokon"
VKBR = "bis-entity-list:vladimir-design-bureau-for-radio-communications-ojsc"  # alias "VKBR"
DTSSS = "bis-entity-list:far-eastern-shipbuilding-and-ship-repair-center"  # alias "DTSSS, AO"


def test_company_form_families_by_hand():
    assert ru_company_family("ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ ‘АЭРОКОН’") == "llc"
    assert ru_company_family("ПАО «Сигнал»") == "jsc" and ru_company_family("ААТ ‘МЗКЦ’") == "jsc"  # Belarusian ААТ
    assert ru_company_family("Филиал ПАО «Х» – ООО «Y»") is None  # both families: none decides
    assert ru_company_family("Институт прикладной физики") is None
    assert latin_company_families(["Joint Stock Company Aerokon"]) == {"jsc"}
    assert latin_company_families(["OOO NPK Aerokon", "Aerokon"]) == {"llc"}
    assert latin_company_families(["Otkrytoe Aktsionernoe Obshchestvo X", "X LLC"]) == {"jsc", "llc"}
    assert latin_company_families(["Aerokon"]) == frozenset()


def test_company_form_breaks_a_tie_between_two_entries_of_one_name(matcher):
    # the list has "Joint Stock Company Aerokon" and "Limited Liability Company NPK Aerokon" (alias "Aerokon"):
    # each Russian form names its own; 1.0 - RU_FORM_CONFLICT_PENALTY falls below the threshold
    assert [h.entry_id for h in matcher.screen("ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ ‘АЭРОКОН’")] == [AEROKON_LLC]
    assert [h.entry_id for h in matcher.screen("Акционерное общество «Аэрокон»")] == [AEROKON_JSC]


def test_company_form_alone_decides_nothing(matcher):
    # only "JSC Pella-Mash" is listed: a list may lag a change of form, the name still hits
    assert [h.entry_id for h in matcher.screen("Общество с ограниченной ответственностью «Пелла-Маш»")] == [
        "bis-entity-list:jsc-pella-mash"]


def test_acronyms_of_a_russian_name_by_hand():
    q = "Открытое Акционерное Общество «Владимирское Конструкторское Бюро Радиосвязи» (ОАО «ВКБР»)"
    assert ru_acronyms(q) == ["ВКБР"]  # ОАО is a legal form
    assert ru_acronyms("(АО «ГНЦ РФ – ФЭИ»)") == ["ФЭИ"]  # ГНЦ (state scientific centre) and РФ name no one
    assert ru_acronyms("ФАУ «ГосНИИАС»") == ["ГосНИИАС"] and ru_acronyms("ЦНИИмаш") == ["ЦНИИмаш"]
    assert ru_acronyms("Акционерное Общество «ОДК-Сервис»") == []  # ОДК-: the group's prefix
    assert ru_acronyms("Институт, НИИ, ОКБ") == []
    # letter by letter: Д-Ц-С-С with Ц as ts / c / tz; В-К-Б-Р one way only
    assert acronym_spellings("ДЦСС") == ["dtsss", "dcss", "dtzss"]
    assert acronym_spellings("ВКБР") == ["vkbr"]
    assert acronym_spellings("ИжБС") == ["izhbs", "ijbs"]


def test_a_name_and_its_own_acronym_confirm_each_other(matcher):
    # the glossary reading "Vladimir design bureau radiosvyazi" comes near "Vladimir Design Bureau for
    # Radio Communications OJSC" (below the threshold alone), and that entry writes the acronym "VKBR"
    hits = matcher.screen("Открытое Акционерное Общество «Владимирское Конструкторское Бюро Радиосвязи» (ОАО «ВКБР»)")
    assert [(h.entry_id, h.score) for h in hits] == [(VKBR, ACRONYM_CONFIRMED_SCORE)]
    assert hits[0].features["acronym_confirmed"] == "ВКБР = VKBR"
    assert hits[0].features["name_score"] >= ACRONYM_CONFIRM_MIN
    # the DTSSS name no longer needs its acronym: 'far east' is read as the list's 'far eastern' (glossary_ru.yaml
    # phrase, session 12), and the whole name hits by itself
    top = matcher.screen("Акционерное Общество «Дальневосточный Центр Судостроения и Судоремонта» (АО «ДЦСС»)")[0]
    assert top.entry_id == DTSSS and top.score >= 0.95 and "acronym_confirmed" not in top.features


def test_an_acronym_without_its_name_confirms_nothing(matcher):
    # the same acronym beside an unlisted dairy's name: the name is not near the VKBR entry
    assert matcher.screen("Открытое Акционерное Общество «Вологодский Молочный Комбинат» (ОАО «ВКБР»)") == []


def test_initials_of_research_institutes_are_one_word_only_when_spelt_alike():
    assert not same_word("gosniias", "gosniip") and not same_word("gosniias", "gosniimash")
    assert not same_word("nii", "niii")  # "NII PS" is not "AO NIII": doubled letters count here
    assert same_word("gosniimash", "gosniimash")
    assert same_word("rostekh", "rostec")  # no initials: one word, spelt two ways


def test_adjectives_alone_name_nothing():
    # a name cut at its commas leaves "Научно-исследовательский" alone: an adjective, no organisation
    assert ru_adjectives_only("Научно-исследовательский")
    assert ru_adjectives_only("проектно-конструкторский и технологический")
    assert not ru_adjectives_only("Сибирское отделение")  # "отделение" is a noun (-ние)
    assert not ru_adjectives_only("Новые Технологии") and not ru_adjectives_only("ИТМО")


def test_a_name_cut_at_its_commas_does_not_hit_on_an_adjective(matcher):
    # once "Научно-исследовательский" alone read "scientific research" = alias "AO Scientific Research" (NIIET)
    q = "Научно-исследовательский, проектно-конструкторский и технологический институт бетона и железобетона"
    assert matcher.screen(q) == []


def test_legal_form_words_alone_pair_nothing(matcher):
    # "ООО «Центр»" transliterated pairs with "Obshchestvos Ogranichennoi Otvetstvennostyu “A-K-S”" only by
    # the words of its legal form
    assert all(h.entry != "LLC A-K-S" for h in matcher.screen("Общество с Ограниченной Ответственностью «Центр»"))


def test_our_translation_does_not_name_a_firm_where_no_one_writes_russian(matcher):
    # "Военно-Промышленная Компания" read as "military industrial company": Sudan's "Military Industrial
    # Corp." (country SD) is not it; the Russian firm listed as "OOO Voenno-Promyshlennaya Kompaniya" is
    hits = matcher.screen("Общество С Ограниченной Ответственностью «Военно-Промышленная Компания» (ООО «ВПК»)")
    assert "state-nonproliferation:military-industrial-corp" not in {h.entry_id for h in hits}
    assert hits and hits[0].entry_country == "RU"
    assert "SD" not in RU_WRITING_COUNTRIES and {"RU", "BY", "KZ", "AM"} <= RU_WRITING_COUNTRIES


def test_cognates_of_transliterated_words_by_hand():
    # "kompozitsionnykh": k-o-m-p-o-z-i-t… folds to "kompositsionnikh"; "composite" to "komposite": 8 letters shared
    assert cognate_key("composite") == "komposite" and cognate_key("quantum") == "kvantum"
    assert cognate("kompozitsionnykh", "composite") and cognate("kvantovoy", "quantum")  # "kvant" 5 of 7
    assert not cognate("soprotivleniy", "resistor") and not cognate("programmnykh", "software")
    assert not cognate("kvant", "quantum") and not cognate("rostest", "rostec")  # keys under seven letters


def test_a_word_the_glossary_leaves_transliterated_meets_its_english_cognate(matcher):
    # "композиционных" is no glossary word: read "kompozitsionnykh", it pairs with the list's "Composite"
    hits = matcher.screen("АО «Уральский Научно-Исследовательский Институт Композиционных Материалов»")
    assert hits and hits[0].entry == "Ural Scientific Research Institute for Composite Materials"


def test_the_country_the_script_implies_is_read_when_nothing_else_hits(matcher):
    # "Воздушно-космические силы" reads "aerospace forces"; the list writes "Russian Aerospace Forces"
    hits = matcher.screen("Воздушно-космические силы")
    assert [h.entry for h in hits][:1] == ["Russian Aerospace Forces"] and RU_COUNTRY_LEFT_OUT in hits[0].method
    assert matcher.screen("Ростест") == []  # "Russian rostest" is not "Rostec (Russian Technologies …)"


def test_a_list_name_that_adds_only_organisational_words(matcher):
    # «ТУСУР-Электроника»: both words in "TUSUR-Electronica Research Company", which adds only "Research"
    hits = matcher.screen("Общество с Ограниченной Ответственностью «ТУСУР-Электроника»")
    assert [(h.entry, h.score) for h in hits] == [
        ("Tomsk Microwave and Photonic Integrated Circuits and Modules Collective Design Center", GENERIC_ADDED_SCORE)]
    assert hits[0].features["generic_words_added"] == ["resear"]
    # "Арсеньевская авиационная компания": the list's "Progress Arsenyev Aviation Company" adds a name of its own
    # (it hits only through its initials ААК, written "AO AAK Progress": see test_initials_confirmed_…)
    assert all("generic_words_added" not in h.features for h in matcher.screen("Арсеньевская авиационная компания"))


def test_the_engine_group_prefix_reads_as_the_lists_english_acronym(matcher):
    # ОДК (United Engine Corporation) prefixes its plants' names; the lists write ODK- or UEC-
    assert {"uec"} <= ru_variants()["odk"]
    assert [h.entry for h in matcher.screen("ПАО ОДК-Сатурн")] == ["UEC-Saturn"]


def test_typing_slips_of_a_russian_name_by_hand():
    assert fix_typing_ru("Акционерное Общество ACT") == "Акционерное Общество АСТ"  # A, C, T typed in Latin
    assert fix_typing_ru("НаучноИсследовательский Институт") == "Научно-Исследовательский Институт"
    assert fix_typing_ru("ЖирмунскогоДальневосточного") == "Жирмунского Дальневосточного"  # -ого: a space
    for same in ("ГосНИИАС", "ЦНИИмаш", "АэроКомпозит", "Huawei ACT"):  # initials, a brand, a Latin name
        assert fix_typing_ru(same) == same


def test_the_transliteration_reads_the_name_with_its_typing_slips_mended(matcher):
    # defect: the glossary reading mended "ACT" to АСТ, the letter-by-letter one did not, so the list's
    # own transliterated entry (BGN/PCGN of "Акционерное Общество АСТ") was not found
    assert ("Aktsionernoe Obshchestvo AST", "transliteration") in english_variants("Акционерное Общество ACT")
    assert [h.entry for h in matcher.screen("Акционерное Общество ACT")] == ["Aktsionernoe Obshchestvo AST"]


def test_a_compound_run_together_is_read(matcher):
    hits = matcher.screen("Акционерное Общество ‘НаучноИсследовательский Институт Стали’")
    assert "Joint Stock Company NII Steel" in [h.entry for h in hits]


def test_cyrillic_agrees_with_the_former_soviet_states(matcher):
    # "Tako LLC" (Armenia, alias "Taco LLC."): a one-word alias of four letters needs country agreement
    assert {"AM", "KZ", "KG"} <= SCRIPT_COUNTRIES["ru"] and "CN" not in SCRIPT_COUNTRIES["ru"]
    assert [(h.entry, h.features["country"]) for h in matcher.screen("ООО «ТАКО»")] == [("Tako LLC", "agree-by-script")]


def test_names_an_entry_gives_in_parentheses():
    assert paren_forms("JSC Central Research Institute of Machine Building (JSC TsNIIMash)") == ["TsNIIMash"]
    assert paren_forms("Gazprom Dobycha Irkutsk, OOO (f.k.a., Otkrytoe Aktsionernoe Obshchestvo Irkutskgazprom)") == [
        "Otkrytoe Aktsionernoe Obshchestvo Irkutskgazprom"]  # a renamed firm keeps its old name as a form
    assert paren_forms("X (UPP Vector)") == [] and paren_forms("X (RFNC-VNIITF)") == []  # two words; an acronym


def test_a_short_name_in_parentheses_is_screened(matcher):
    hits = matcher.screen("ЦНИИмаш")  # BGN "TsNIImash"; listed as "… Machine Building (JSC TsNIIMash)"
    assert [h.entry for h in hits] == ["JSC Central Research Institute of Machine Building (JSC TsNIIMash)"]


def test_glossary_words_as_the_lists_translate_them():
    # 'AO NPP Tsifrovye Resheniya' is listed as '… Digital Solutions';
    # НИИ морской теплотехники as '… Marine Heat Engineering'
    assert translate_ru("Цифровые Решения") == "digital solutions"
    assert translate_ru("Морской Теплотехники") == "marine heat engineering"


def test_a_list_name_of_organisational_words_alone_is_not_a_qualified_query(matcher):
    # "ZAO Spetsialnoe Konstruktorskoe Byuro" (Special Design Bureau) and its alias "ZAO SKB" name a kind of
    # organisation; the query adds "МО РФ" (of the Ministry of Defence): another bureau
    assert {"skb", "okb", "nii", "npo"} <= ru_kind_initials()
    hits = matcher.screen("Акционерное Общество «Специальное Конструкторское Бюро МО РФ» (АО «СКБ МО РФ»)")
    assert "Closed Joint Stock Company Special Design Bureau" not in [h.entry for h in hits]


def test_a_unit_named_before_its_parent_in_the_genitive():
    q = ("ФГБУ «Институт Физики Высоких Энергий имени А.А. Логунова Национального Исследовательского Центра "
         "«Курчатовский Институт»")
    assert genitive_parent(q) == ("ФГБУ «Институт Физики Высоких Энергий имени А.А. Логунова",
                                  "Национального Исследовательского Центра «Курчатовский Институт»")
    assert genitive_parent("Институт прикладной физики Российской академии наук") is None  # RAS: parse_ru's
    assert genitive_parent("АО «Центральный Научно-Исследовательский Институт «Циклон»") is None  # no genitive


def test_the_unit_hits_and_its_parent_does_not(matcher):
    # IHEP (listed "Institute of High Energy Physics"), not its parent "National Research Center Kurchatov Institute"
    hits = matcher.screen("Федеральное Государственное Бюджетное Учреждение «Институт Физики Высоких Энергий имени "
                          "А.А. Логунова Национального Исследовательского Центра «Курчатовский Институт» "
                          "(НИЦ «Курчатовский Институт» – ИФВЭ)")
    assert {h.entry for h in hits} == {"Institute of High Energy Physics"}


def test_a_rare_name_spelt_with_a_doubled_letter_is_that_name(matcher):
    # "Папилон" reads "papilon", cut to "papilo"; the Entity List writes "IT-Papillon OOO" ("papill") and also
    # "AO Papilon". By hand: skeleton("papilon") = "papilon" = skeleton("papillon") (ll counts once), while
    # the cut tokens differ; so the query's word takes the alias's token for that alias.
    eng = "information technology papilon"
    j = next(j for j, a in enumerate(matcher.aliases) if a.text == "Papillon Information Technologies LLC.")
    assert matcher.respell_ru(("inform", "techno", "papilo"), j, eng) == ("inform", "techno", "papill")
    # "Ineko" is not "Finko", nor "Aerokon" "Aeroskan": skeletons differ, no respelling
    k = next(j for j, a in enumerate(matcher.aliases) if a.text == "Finko LLC")
    assert matcher.respell_ru(("ineko",), k, "ineko") == ("ineko",)
    q = "Общество с Ограниченной Ответственностью «Информационные технологии Папилон» (ООО «ИТ-Папилон»)"
    # ООО: AO Papilon (a joint-stock company) is another firm, and loses to the LLC listed as IT-Papillon OOO
    assert [h.entry for h in matcher.screen(q)] == ["IT-Papillon OOO"]


def test_initials_of_a_name_that_gives_no_acronym():
    # by hand: Арсеньевская / Авиационная / Компания -> А А К; Научно-Исследовательский (two parts) Институт
    # Электронной Техники -> Н И И Э Т; "в", "и" give no initial
    assert ru_initials("Арсеньевская авиационная компания") == "ААК"
    assert ru_initials("Научно-Исследовательский Институт Электронной Техники") == "НИИЭТ"
    assert ru_initials("Центр Технологических Компетенций в Области Радиофотоники") == "ЦТКОР"
    assert ru_initials("Новые Технологии") is None  # two words
    assert ru_initials("АО «Концерн «ВКО Алмаз-Антей»") is None  # the name writes an acronym (ВКО)
    assert ru_initials("Акционерное Общество «Центральное Конструкторское Бюро «Айсберг» (АО «ЦКБ «Айсберг»)") is None
    assert ru_initials("Завод № 9 Имени Калинина") is None  # a number


def test_initials_confirmed_by_an_alias_that_adds_a_trade_name(matcher):
    # "Joint Stock Company Progress Arsenyev Aviation Company" adds "Progress"; its alias "AO AAK Progress"
    # writes the initials ААК = AAK, and the reading "Arsenyev aviation company" comes near the name
    [hit] = matcher.screen("Арсеньевская авиационная компания")
    assert hit.entry == "Joint Stock Company Progress Arsenyev Aviation Company"
    assert hit.score == ACRONYM_CONFIRMED_SCORE and hit.features["acronym_confirmed"] == "ААК = AAK"


def test_a_name_of_organisational_words_alone_names_no_firm(matcher):
    # by hand: Новые Технологии -> "new technology", both GENERIC_WORDS; no legal form, no quotes.
    # The Entity List has "Novyye Tekhnologii, LLC" (alias of Nova Technologies), BGN/PCGN of the same words
    assert translate_ru("Новые Технологии") == "new technology"
    assert ru_descriptive("Новые Технологии") and ru_descriptive("Научно-исследовательский институт")
    assert not ru_descriptive("ООО «Центр»")  # a legal form and a quoted name: a firm
    assert not ru_descriptive("Новосибирский государственный университет")  # a city
    assert not ru_descriptive("Новые Технологии Папилон")  # a name of its own
    assert matcher.screen("Новые Технологии") == []


def test_scientific_technical_as_the_lists_also_write_it(matcher):
    # научно-технический reads "scientific technical"; the Entity List writes НТЦ им. А. Люльки as
    # "A. Lyulki Science and Technology Center" (and НТЦ «Модуль» as "… Science and Technology Research Center …")
    assert ("science and technology center", "'scientific technical' as 'science and technology' (glossary_ru)") in \
        phrase_variants("scientific technical center")
    hits = matcher.screen("Научно-технический центр имени А. Люльки")
    assert [h.entry for h in hits] == ["A. Lyulki Science and Technology Center"]  # not ELINS, Orion, Metrotek
