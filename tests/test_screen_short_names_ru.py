"""Russian short names (issue #16): a legal form with an acronym or a quoted core name only.

Oracles worked out by hand: the Russian names behind the English list names (Марийский
машиностроительный завод, Вольский механический завод, Брянский электромеханический завод) and
which listed plants share an acronym were read off the shipped US snapshot and checked letter by letter.
"""

from __future__ import annotations

import pytest

from techties.screen.lists import ListEntry
from techties.screen.short_names_ru import (
    CORE_NAME_SCORE,
    INITIALS_SCORE,
    english_words,
    initials_chunks,
    latin_initials,
    one_company,
    query_acronym,
    query_core,
    reverse_glossary,
    spells,
)


# -- initials of list names, by hand ------------------------------------------------------------
def test_reverse_glossary_gives_one_letter_per_russian_word():
    rev = reverse_glossary()
    assert rev[("machine", "building")] == {"м"}  # машиностроени: one Russian word
    assert rev[("scientific", "research")] == {"ни"}  # научно-исследовательск: hyphenated, two letters
    assert "з" in rev[("plant",)]  # завод


@pytest.mark.parametrize(("name", "words", "acronym"), [
    # Марийский машиностроительный завод: legal form out, "Machine-Building" one word -> М М З
    ("Open Joint Stock Company Mariyskiy Machine-Building Plant", ["Mariyskiy", "Machine-Building", "Plant"], "ММЗ"),
    # Вольский механический завод -> В М З
    ("Joint Stock Company Volsk Mechanical Plant", ["Volsk", "Mechanical", "Plant"], "ВМЗ"),
    # Центральный научно-исследовательский институт химии и механики: "Central" = центральн, "Scientific
    # Research Institute" = НИИ (an initialism the glossary reads out), "and" no letter -> Ц НИИ Х М
    ("Federal State Unitary Enterprise Central Scientific Research Institute of Chemistry and Mechanics",
     ["Central", "Scientific", "Research", "Institute", "Chemistry", "Mechanics"], "ЦНИИХМ"),
])
def test_initials_of_three_real_list_names(name, words, acronym):
    assert english_words(name) == words
    chunks = initials_chunks(name)
    assert spells(acronym, chunks)
    assert not spells(acronym[:-1], chunks) and not spells(acronym + "З", chunks)


def test_a_leading_transliterated_initialism_is_read_letter_by_letter():
    assert initials_chunks("AO VNII Signal") == [frozenset({"внии"}), frozenset({"с"})]


def test_latin_word_starts_read_back_to_cyrillic():
    assert latin_initials("Khabarovsk") == "х" and latin_initials("Tsiklon") == "ц"
    assert latin_initials("Zhukovsky") == "ж" and set(latin_initials("Centre")) == {"к", "ц", "с"}


def test_query_shapes():
    assert query_acronym("ОАО ‘ММЗ’") == "ММЗ" and query_acronym("АО ВМЗ") == "ВМЗ"
    assert query_acronym("ИжБС") is None  # no legal form
    assert query_acronym("АО «НИИ»") is None  # a kind of organisation, not a name
    assert query_acronym("JSC VMZ") is None and query_acronym("АО «РВ»") is None  # Latin; two letters
    assert query_core("АО «Азимут» (АО «Азимут»)") == "Азимут"
    assert query_core("АО «Азимут» Москва") is None  # more than the quoted name
    assert query_core("АО «Центр Азимут Плюс»") is None  # three words
    # kind words around the quoted name are kept as context; other words only around a long name
    assert query_core("АО «НИИ «Кулон»»") == "НИИ Кулон"
    assert query_core("АО «Внешнеэкономическое Объединение «Машприборинторг»»") == "Машприборинторг"
    assert query_core("АО «Внешнеэкономическое Объединение «Кулон»»") is None


def test_quoted_name_inside_kind_words(matcher):
    from techties.screen.short_names_ru import short_name_hits

    # НИИ «Кулон»: "Kulon" is on one list name ("Kulon Scientific Research Institute JSC")
    got = short_name_hits(matcher, "АО «НИИ «Кулон»»", None)
    assert [matcher.entries[i].entry_id for i in got] == ["bis-entity-list:kulon-scientific-research-institute-jsc"]


# -- hits ----------------------------------------------------------------------------------------
def test_unique_acronym_is_a_weaker_hit_that_says_initials(matcher):
    # ЯСЗ = Ярославский судостроительный завод, listed as "Yaroslavl Shipbuilding Factory" (Ya -> Я,
    # shipbuilding = судостроительн -> С, factory = завод -> З), no Latin "YaSZ" on the list, and no other
    # listed company with these initials
    hits = matcher.screen("ПАО «ЯСЗ»")
    assert [h.entry_id for h in hits] == ["bis-entity-list:yaroslavl-shipbuilding-factory"]
    h = hits[0]
    assert h.score == INITIALS_SCORE and matcher.threshold <= h.score < 0.95
    assert "initials" in h.explanation and "'Yaroslavl Shipbuilding Factory'" in h.explanation
    full = matcher.screen("Публичное Акционерное Общество «Ярославский Судостроительный Завод»")
    assert full and full[0].entry_id == h.entry_id and full[0].score > h.score


def test_one_company_on_two_lists_is_one(matcher):
    # ОАК = Объединённая авиастроительная корпорация: "United Aircraft Corporation" and "Public Joint
    # Stock Company United Aircraft Corporation" are one company
    ids = {h.entry_id for h in matcher.screen("ПАО «ОАК»")}
    assert ids == {"bis-entity-list:public-joint-stock-company-united-aircraft-corporation",
                   "bis-entity-list:united-aircraft-corporation"}


def test_shared_acronym_names_nobody(matcher):
    # ВМЗ: Verkhneturinsky Machine Building Plant, Volsk Mechanical Plant and Votkinsk Machine
    # Building Plant, all joint-stock companies: the legal form cannot decide
    assert matcher.screen("АО ‘ВМЗ’") == []
    # ММЗ: Mytishchi, Miass, Mariyskiy
    assert matcher.screen("ОАО ‘ММЗ’") == []


def test_unique_rare_core_name(matcher):
    # "Azimuth" is on one list name only ("Rostekh—Azimuth"), and on no ROR English name
    hits = matcher.screen("АО «Азимут»")
    assert [h.entry_id for h in hits] == ["bis-entity-list:rostekh-azimuth"]
    assert hits[0].score == CORE_NAME_SCORE and "core name" in hits[0].explanation


def test_common_core_words_name_nobody(matcher):
    assert matcher.screen("ООО «Центр»") == []  # "Center": on 150-odd list names
    assert matcher.screen("ПАО ‘Сигнал’") == []  # "Signal": five entries of five companies


def test_a_person_has_no_acronym(matcher):
    # "Olga Petrovna Kuznetsova" gives О П К; the query is some «ОПК» company
    assert "bis-entity-list:olga-petrovna-kuznetsova" not in [h.entry_id for h in matcher.screen("АО «ОПК»")]


def _entry(slug: str, name: str) -> ListEntry:
    return ListEntry(list_id="t", list_name="t", entry_id=f"t:{slug}", name=name, country="RU")


def test_legal_form_decides_only_against_another_stated_form():
    entries = [_entry("a", "JSC Alfa Plant"), _entry("b", "OOO Alfa"), _entry("c", "Alfa Trading")]
    cands = [(0, "x"), (1, "x")]
    assert one_company(entries, cands, "ООО «Альфа»") == [(1, "x")]
    assert one_company(entries, cands, "«Альфа»") == []  # no form given
    # an entry that states no form may be any: it is not set aside
    assert one_company(entries, [(1, "x"), (2, "x")], "ООО «Альфа»") == []
    # ОАО agrees with a listed "JSC" (OAO became AO or PAO in 2014): no decision against it
    assert one_company(entries, cands, "ОАО «Альфа»") == [(0, "x")]
    # one company on two lists is one company
    same = [_entry("d", "Joint Stock Company Beta Plant"), _entry("e", "Beta Plant")]
    assert one_company(same, [(0, "x"), (1, "y")], "") == [(0, "x"), (1, "y")]


def test_core_words_hyphenated_and_all_required(matcher):
    from techties.screen.short_names_ru import short_name_hits

    # ИТ-Папилон: "IT" and "Papilon" (Papillon, doubled letters aside) are words of "IT-Papillon OOO" only
    assert {matcher.entries[i].entry_id for i in short_name_hits(matcher, "ООО «ИТ-Папилон»", None)} == {
        "bis-entity-list:it-papillon-ooo"}
    # "Время Ч": Aquanika is also "Russkoe Vremya", but has no "Ch": every word of the core must be there
    assert short_name_hits(matcher, "ООО “ВРЕМЯ Ч”", None) == {}


def test_a_stated_company_form_vetoes_initials(matcher):
    from techties.screen.short_names_ru import short_name_hits

    # ВСК = Вертолётная сервисная компания, listed only as "Joint Stock Company Helicopter Service Company":
    # an ООО of these initials is another legal entity
    assert short_name_hits(matcher, "ООО ‘ВСК’", None) == {}
    assert [matcher.entries[i].name for i in short_name_hits(matcher, "АО ‘ВСК’", None)] == [
        "Joint Stock Company Helicopter Service Company"]
