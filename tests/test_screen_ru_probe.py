"""Russian-script names of listed institutions as affiliations and registered names write them (a sample
of the hand-written probe tests/fixtures/screening/probe_ru.tsv), and the mechanisms written for its
misses. Expected entries are the list entries whose English name is the institution's own English
name, worked out by hand from the institution's site and the list entry (the probe's `note`)."""

from __future__ import annotations

import pytest

from techties.screen.names import _fold, ru_loanword, ru_table_keys, ru_variants, translate_ru
from techties.screen.short_names_ru import names_place
from techties.screen.structure import parse_ru, phrase_variants


# -- the probe sample ------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "entry"), [
    # RAS institutes: full name, acronym with its eponym, legal form and city
    ("ФИАН им. П.Н. Лебедева",
     "bis-entity-list:institute-of-physics-named-after-p-n-lebedev-of-the-russian-academy-of-sciences"),
    ("Институт сильноточной электроники СО РАН, Томск",
     "bis-entity-list:ise-so-ran-institute-of-high-current-electronics"),
    ("ИФП СО РАН, Новосибирск",
     "bis-entity-list:rzhanov-institute-of-semiconductor-physics-siberian-branch-of-russian-academy-of"),
    # universities with a department or a city after them
    ("МГТУ им. Н.Э. Баумана, кафедра СМ-6", "dow-1286:bauman-moscow-state-technical-university"),
    ("БГТУ «Военмех», Санкт-Петербург", "state-nonproliferation:baltic-state-technical-university"),
    ("РХТУ им. Д.И. Менделеева, Москва",
     "state-nonproliferation:d-mendeleyev-university-of-chemical-technology-of-russia"),
    # research institutes and defence firms under their legal forms, nested quotes and eponyms
    ("ФГУП «РФЯЦ-ВНИИЭФ», г. Саров",
     "bis-entity-list:all-russian-scientific-research-institute-of-experimental-physics-vniief"),
    ("АО «Российский институт радионавигации и времени»",
     "bis-entity-list:russian-institute-of-radio-navigation-and-time"),
    ("АО «Концерн «Калашников», Ижевск", "bis-entity-list:kalashnikov-concern"),
    ("АО «НПП «Исток» им. А.И. Шокина», Фрязино", "bis-entity-list:npp-istok"),
    # Belarus
    ("ОАО «МЗКТ»", "bis-entity-list:minsk-wheeled-tractor-plant"),
])
def test_probe_names_find_their_entries(matcher, query, entry):
    assert entry in {h.entry_id for h in matcher.screen(query)}


@pytest.mark.parametrize("query", [
    "Физико-технический институт им. А.Ф. Иоффе РАН, Санкт-Петербург",  # "Ioffe" is on no list
    "ПАО «Кировский завод», Санкт-Петербург",  # not the "48th Central Scientific Research Institute, Kirov"
    "ОАО «Минский тракторный завод»",  # MZKT (wheeled tractors) is listed, MTZ is not
    "Национальный исследовательский университет «МЭИ»",  # only its Special Research Bureau is listed
])
def test_probe_look_alikes_hit_nothing(matcher, query):
    assert matcher.screen(query) == []


# -- mechanisms ------------------------------------------------------------------------------
def test_glossary_reads_the_words_of_listed_institute_names():
    # 'ISE SO RAN Institute of High-Current Electronics', 'Russian Institute of Radio Navigation and Time',
    # 'Institute of Molecular and Cell Biology'
    assert translate_ru("Институт сильноточной электроники") == "institute high-current electronics"
    assert translate_ru("Российский институт радионавигации и времени") == "russian institute radio navigation i time"
    assert translate_ru("клеточной биологии") == "cell biology"
    # НИИ is the glossary's "scientific research institute"
    assert translate_ru("НИИ прикладной акустики") == "scientific research institute applied acoustics"
    # времени is a whole word: "временный" (temporary) is no "time"
    assert translate_ru("временный") == "vremennyy"


def test_a_place_adjective_is_no_core_name():
    # «Кировский завод» is the Kirov plant of St Petersburg; "Кировский" names where, not which firm
    assert names_place("Кировский") and names_place("тульского")
    assert not names_place("Калашников") and not names_place("Исток")


def test_table_names_are_looked_up_with_a_city_a_legal_form_or_an_eponym_after_them():
    # the city after a comma ("г." or not) is left out when it is a Russian city
    assert ru_table_keys("БГТУ «Военмех», Санкт-Петербург") == [_fold("БГТУ «Военмех»")]
    assert _fold("АО «КБП»") in ru_table_keys("АО «КБП», г. Тула")
    # a legal form says nothing of which institution; an acronym's eponym only says it again
    assert "рфяцвнииэф" in ru_table_keys("ФГУП «РФЯЦ-ВНИИЭФ», г. Саров")
    assert ru_table_keys("ФИАН им. П.Н. Лебедева") == ["фиан"]
    assert ru_table_keys("РФЯЦ – ВНИИТФ им. академ. Е.И. Забабахина") == ["рфяцвниитф"]
    # a descriptive name keeps its eponym: "Institute of Applied Mathematics" alone is many institutes
    assert ru_table_keys("Институт прикладной математики им. М.В. Келдыша") == []
    # a place that is no Russian city stays
    assert ru_table_keys("Институт, Соединённые Штаты") == []


def test_eponym_titles_and_a_second_eponym_are_taken_out():
    p = parse_ru("ФГУП «РФЯЦ – ВНИИТФ им. академ. Е.И. Забабахина»")
    assert (p.base, p.eponym, p.legal) == ("РФЯЦ – ВНИИТФ", "Е.И. Забабахин", ("ФГУП",))
    p = parse_ru("Институт биоорганической химии им. академиков М.М. Шемякина и Ю.А. Овчинникова РАН")
    assert (p.base, p.eponym, p.ras) == ("Институт биоорганической химии", "М.М. Шемякин", True)
    p = parse_ru("Ульяновский институт гражданской авиации имени Главного маршала авиации Б.П. Бугаева")
    assert (p.base, p.eponym) == ("Ульяновский институт гражданской авиации", "Б.П. Бугаев")
    # as before: one eponym with "академика", and none
    assert parse_ru("АО «НПП «Исток» им. Шокина»").eponym == "Шокин"
    assert parse_ru("АО «Концерн «Калашников»").eponym is None


def test_belarusian_words_and_the_lists_other_english():
    # Belarusian абарона, колавы: 'The Ministry of Defence of the Republic of Belarus', 'Minsk Wheel Tractor Plant'
    assert translate_ru("Міністэрства абароны Рэспублікі Беларусь") == "ministry defense republic belarus'"
    assert translate_ru("Мінскі завод колавых цягачоў") == "Minsk plant wheel tractor"
    # -сервис at the end of a compound is English "service" (ОАО «Белвнешпромсервис»: 'Belvneshpromservice')
    assert ru_loanword("белвнешпромсервис") == "belvneshpromservice"
    # комитет is the lists' "authority" too (tokens: "commit", "author")
    assert ru_variants()["commit"] == {"author"}


def test_belarus_state_bodies_find_their_entries(matcher):
    got = {h.entry_id for h in matcher.screen("Государственный военно-промышленный комитет Республики Беларусь")}
    assert "bis-entity-list:state-authority-for-military-industry-of-the-republic-of-belarus" in got
    got = {h.entry_id for h in matcher.screen("Міністэрства абароны Рэспублікі Беларусь")}
    assert "bis-entity-list:the-ministry-of-defence-of-the-republic-of-belarus" in got


def test_phrases_the_lists_translate_otherwise():
    # ракетное вооружение is the lists' "Missile"; теплотехника their "Thermal Technology" / "Heat Technology"
    got = [v for v, _ in phrase_variants("corporation tactical rocket armament")]
    assert "corporation tactical missile" in got
    got = [v for v, _ in phrase_variants("moscow institute heat engineering")]
    assert {"moscow institute thermal technology", "moscow institute heat technology"} <= set(got)


def test_the_missile_corporation_is_hit_not_its_units(matcher):
    # KTRV itself; none of the ~40 "Tactical Missile Corporation, <unit>" entries
    got = {h.entry_id for h in matcher.screen("АО «Корпорация «Тактическое ракетное вооружение»")}
    assert got == {"bis-entity-list:tactical-missile-corporation", "bis-entity-list:tactical-missiles-corporation-jsc"}
