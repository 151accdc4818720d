"""The fourth hand-written Russian-name probe (tests/fixtures/screening/probe_ru4.tsv: small firms, ООО / АО,
and their namesakes) and the mechanisms written for its alarms and misses. Expected values are worked out by
hand from the Russian names and the list entries."""

from __future__ import annotations

import pytest

from techties.screen.short_names_ru import name_words_beside, names_have_word


# -- words of the quoted name beside its proper words -------------------------------------------
def test_name_words_beside_are_the_innermost_quotes_words():
    assert name_words_beside("ООО «Интерком Сервис»", ["Интерком"]) == ["Сервис"]
    assert name_words_beside("ООО «Оптолинк-Сервис»", ["Оптолинк"]) == ["Сервис"]  # a hyphen's parts are words
    # «Компания» is the outer quotes' word: context, as before
    assert name_words_beside("ООО «Компания «Технополь»", ["Технополь"]) == []
    assert name_words_beside("АО «НПП «Завод «Искра»", ["Искра"]) == []
    assert name_words_beside("ООО «ДМТ Трейдинг»", ["ДМТ"]) == ["Трейдинг"]


def test_names_have_word_reads_translations_and_their_stems():
    assert names_have_word(["Intercom Ltd."], "Сервис") is False
    assert names_have_word(["Serniya Engineering"], "Инжиниринг") is True  # BGN 'inzhiniring', glossary 'engineering'
    assert names_have_word(["DMT Trading LLC"], "Трейдинг") is True  # read 'trade'; 'trading' begins with 'trad'
    assert names_have_word(["Art Logistics LLC"], "Логистик") is True


# -- the matcher ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "not_entry"), [
    ("ООО «Интерком Сервис»", "bis-entity-list:intercom-ltd"),
    ("ООО «Планар Девелопмент»", "bis-entity-list:ooo-planar"),
    ("ООО «Видео Системс»", "bis-entity-list:video-logic"),
    ("ООО «Оптолинк-Сервис»", "bis-entity-list:scientific-production-company-optolink"),
    ("ООО «Интерлаб-Сервис»", "bis-entity-list:interlab"),  # probe_ru3's alarm
])
def test_a_word_more_in_the_quotes_is_another_firm(matcher, query, not_entry):
    assert not_entry not in {h.entry_id for h in matcher.screen(query)}


@pytest.mark.parametrize(("query", "entry"), [
    ("ООО «ДМТ Трейдинг», г. Минск", "bis-entity-list:dmt-trading-llc"),  # the entry has the word: kept
    ("ООО «Компания Технополь»", "bis-entity-list:technopole-company"),
    ("ООО «Волга Групп»", "bis-entity-list:volga-group-ru"),
])
def test_the_word_the_entry_has_keeps_the_hit(matcher, query, entry):
    assert entry in {h.entry_id for h in matcher.screen(query)}


# -- Latin brands in Cyrillic (glossary_ru.yaml loanwords) -----------------------------------------
@pytest.mark.parametrize(("word", "english"), [
    ("Авиэйшн", "aviation"),  # ави + -эйшн -ation
    ("Авиейшн", "aviation"),
    ("Интернешнл", "international"),
    ("Интернэшнл", "international"),
    ("Сапплай", "supply"),
    ("Саплай", "supply"),
    ("Лоджик", "logic"),
    ("Секьюрити", "security"),
])
def test_loanwords_of_small_firms(word, english):
    from techties.screen.names import ru_loanword

    assert ru_loanword(word) == english


@pytest.mark.parametrize(("query", "entry"), [
    ("ООО «Авиатех Сапплай»", "bis-entity-list:aviatech-supply-ltd"),
    ("ООО «Авиэйшн Сервис Интернешнл»", "bis-entity-list:ooo-aviation-service-int-l-ru"),
    ("ООО «Видео Лоджик»", "bis-entity-list:video-logic"),
    ("ООО «Цор Секьюрити»", "bis-entity-list:zorsecurity-center-f-k-a-esage-lab"),
])
def test_small_firms_latin_brands_in_cyrillic(matcher, query, entry):
    assert entry in {h.entry_id for h in matcher.screen(query)}


# -- a Latin name inside a Russian one keeps its capitals ----------------------------------------
def test_latin_phrase_capitals_are_no_typing_slip():
    from techties.screen.names import fix_typing_ru, latin_phrase_spans

    assert fix_typing_ru("ООО «ETC Electronics»") == "ООО «ETC Electronics»"  # 'Electronics' has l, c, ...
    assert latin_phrase_spans("ООО «ETC Electronics»") == [(5, 20)]
    # a lone word of look-alike capitals in a Russian name is still the Cyrillic typed in Latin
    assert fix_typing_ru("Акционерное Общество ACT") == "Акционерное Общество АСТ"
    assert fix_typing_ru("ООО «ACT»") == "ООО «АСТ»"
    assert latin_phrase_spans("ООО «ACT»") == []


def test_latin_name_in_quotes_and_asia(matcher):
    assert "bis-entity-list:etc-electronics" in {h.entry_id for h in matcher.screen("ООО «ETC Electronics»")}
    got = {h.entry_id for h in matcher.screen("ООО «Азия-Инвест»")}  # glossary азия 'asia', not BGN 'Aziya'
    assert any("asia-invest" in x for x in got)
    assert matcher.screen("ООО «Евразия-Инвест»") == []


# -- initials the entry bears are no kind it lacks ------------------------------------------------
def test_entry_writes_its_own_initials():
    from techties.screen.kinds_ru import entry_writes, kind_conflict

    assert entry_writes("ПФК", ["PFK Profpodshipnik, LLC"]) is True  # ПФК -> PFK, a word of the name
    assert entry_writes("ХК", ["Joint Stock Company Avangard"]) is False
    method = "structure (core name «Профподшипник» of 'PFK Profpodshipnik, LLC')"
    # ПФК (a football club's initials too) is the entry's own: no conflict
    assert kind_conflict("ООО «ПФК «Профподшипник»", method, ["PFK Profpodshipnik, LLC"],
                         frozenset({"sports club"})) is False


def test_pfk_is_a_listed_firms_initials(matcher):
    got = {h.entry_id for h in matcher.screen("ООО «ПФК «Профподшипник»")}
    assert "state-nonproliferation:pfk-profpodshipnik-llc" in got
    assert matcher.screen("ХК «Авангард», г. Омск") == []  # probe_ru3's hockey club still hits nothing


def test_innovation_is_read_by_the_glossary():
    from techties.screen.names import translate_ru

    # инноваци 'innovation' (the longer stem инновационн 'innovative' still wins for the adjective)
    assert translate_ru("Инновации") == "innovation"
    assert translate_ru("Инновационные") == "innovative"


def test_gk_is_kind_initials(matcher):
    from techties.screen.short_names_ru import query_core
    from techties.screen.structure import RU_KIND_INITIALS

    assert "гк" in RU_KIND_INITIALS  # группа компаний, государственная корпорация: a kind, no firm's acronym
    # the core with its kind initials, as «ЦКБ «Айсберг»: ГК is context
    assert query_core("ООО «ГК «Ардис»") == "ГК Ардис"
    got = {h.entry_id for h in matcher.screen("ООО «ГК «Ардис»")}
    assert "state-nonproliferation:ardis-group-of-companies-llc" in got


# -- a group in the quoted name, none in the entry's -------------------------------------------------
def test_quoted_group_and_names_say_group():
    from techties.screen.kinds_ru import names_say_group, quoted_group

    assert quoted_group("ООО «Апекс Групп»") is True  # Групп -> group
    assert quoted_group("ООО «Апекс»") is False
    assert names_say_group(["APEX", "APEKS", "APEX Systems"]) is False
    assert names_say_group(["Volga Group", "Volga Resources"]) is True


@pytest.mark.parametrize(("query", "not_entry"), [
    ("ООО «Апекс Групп»", "bis-entity-list:apex"),
    ("ООО «Арт Логистик Групп»", "bis-entity-list:art-logistics-llc"),
])
def test_a_group_is_not_the_listed_firm_without_one(matcher, query, not_entry):
    assert not_entry not in {h.entry_id for h in matcher.screen(query)}


def test_fjord():
    from techties.screen.names import translate_ru

    assert translate_ru("Фьорд") == "fjord"  # not BGN 'f'ord'
    assert translate_ru("Фиорд") == "fjord"
