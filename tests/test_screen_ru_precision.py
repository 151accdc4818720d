"""Russian-script precision mechanisms (issue #16, session 10): a quoted name is not cut at its commas,
a compound word is not read as one of its parts, an alias typed in Latin lookalikes of Cyrillic letters
is that Cyrillic. Names are real (EU Official Journal Cyrillic aliases, Entity List names); expected
hits and readings worked out by hand."""

from __future__ import annotations

from techties.screen.match import _is_place, lookalike_cyrillic
from techties.screen.names import split_affiliation, split_outside_quotes, translate_ru
from techties.screen.structure import cognate


def test_a_quoted_name_is_not_cut_at_its_commas():
    # ‘…’ opens before ПРИБОРЫ and closes after ТОРГОВЛЯ: the commas are inside, one piece
    q = "АКЦИОНЕРНОЕ ОБЩЕСТВО ‘ПРИБОРЫ, СЕРВИС, ТОРГОВЛЯ’"
    assert split_outside_quotes(q) == [q]
    assert split_affiliation(q) == ([q], None)
    # one » closes both «: the comma after it is outside; „…“ is a pair too
    assert split_outside_quotes("АО «НПК «Техмаш», Москва") == ["АО «НПК «Техмаш»", " Москва"]
    assert split_outside_quotes("ООО „Рога, Копыта“; Тула") == ["ООО „Рога, Копыта“", " Тула"]
    # a closer with nothing open is an apostrophe: the address is cut as before
    assert split_affiliation("Children’s Hosp, Beijing, Peoples R China") == (["Children’s Hosp", "Beijing"], "CN")


def test_a_quoted_name_with_commas_does_not_hit_on_a_piece(matcher):
    # the piece "АКЦИОНЕРНОЕ ОБЩЕСТВО ‘ПРИБОРЫ" read "Pribory" hit "Kursk Pribor" (a Concern Radio-Electronic
    # Technologies alias); the firm "Instruments, Service, Trade" is on no US list
    hits = matcher.screen("АКЦИОНЕРНОЕ ОБЩЕСТВО ‘ПРИБОРЫ, СЕРВИС, ТОРГОВЛЯ’")
    assert all("Pribor" not in h.matched_alias for h in hits)


def test_a_compound_word_is_read_part_by_part():
    # оборон- is "defense"; "энерго" is no ending (no Russian ending starts with э): "defense energo"
    assert translate_ru("Оборонэнерго") == "defense energo"
    # научн- "scientific", о joins, исследоват- "research"; металл- "metal", о, керамическ- "ceramic"
    assert translate_ru("научноисследовательский") == "scientific research"
    assert translate_ru("металлокерамических") == "metal ceramic"
    # a second root after a consonant no ending starts with: оборон|пром, связ|ь|строй, мотор|клуб
    assert translate_ru("Оборонпром") == "defense prom"
    assert translate_ru("Связьстрой") == "communications stroy"
    assert translate_ru("моторклуб") == "motor klub"
    # endings stay endings, also those that start with a consonant (-ного, -ский, -йной, -ка)
    assert translate_ru("оборонного") == "defense" and translate_ru("холдинговая") == "holding"
    assert translate_ru("президентский") == "president" and translate_ru("релейной") == "relay"


def test_a_compound_is_not_the_entry_its_first_part_names(matcher):
    # "defense" alone was the alias "Defensys" of "Joint Stock Company Defense Systems"
    assert all(h.matched_alias != "Defensys" for h in matcher.screen("АО Оборонэнерго"))
    # Oboronprom is listed as itself ("Oboronprom OJSC", read by BGN/PCGN), not as Defensys
    assert [h.entry for h in matcher.screen("ОАО «Оборонпром»")] == ["Oboronprom OJSC"]
    # "Связьстрой" (communications construction) is not the SPE "Svyaz" (communications)
    assert matcher.screen("АО «Связьстрой»") == []


def test_a_compound_shares_no_root_through_its_first_element():
    # keys "elektromashina" / "elektronik": 7 letters shared, ending at the joining o of электро|машина
    assert not cognate("elektromashina", "electronic")
    assert not cognate("radiofizika", "radiolocation")  # "radio" then "fizika"
    # a shared part that goes past the o is one root
    assert cognate("radioelektronnykh", "radioelectronic") and cognate("elektronnykh", "electronic")
    assert cognate("kompozitsionnykh", "composite")


def test_electric_machine_is_not_electronic_systems(matcher):
    hits = matcher.screen("АО НПО ‘Электромашина’")
    assert all(h.entry != "NPO Electronic Systems" for h in hits)


def test_an_alias_in_latin_lookalikes_is_its_cyrillic():
    # B T K in Cyrillic is В Т К, romanised "VTK": a word of "VTK Ltd" and "OOO VTK"
    assert lookalike_cyrillic("BTK", ("VTK Ltd", "Your Fuel Company", "BTK", "OOO VTK")) == "ВТК"
    assert lookalike_cyrillic("BTK", ("BTK Ltd",)) is None  # no other name says VTK
    assert lookalike_cyrillic("AKM", ("AKM Ltd",)) is None  # А К М romanise as AKM: nothing to read back
    assert lookalike_cyrillic("Bitek", ("VTK",)) is None  # not all capitals lookalikes


def test_a_cyrillic_acronym_meets_the_lookalike_alias_only_as_itself(matcher):
    # "БТК Групп" read "btk group" met the alias "BTK" of VTK Ltd; "ООО ВТК" is that firm
    assert all(h.entry != "VTK Ltd" for h in matcher.screen("Акционерное общество “БТК Групп”"))
    assert matcher.screen("ООО ВТК")[0].entry == "VTK Ltd"


def test_a_quoted_name_cut_to_a_city_stem_is_no_campus(matcher):
    # "Novator" is cut to "novato", the stem of Novato (California, over 15k people); as a whole word it
    # is no city, so it counts in full and the Yakovlev bureau's bare "Experimental Design Bureau" /
    # "OJSC Opytno-Konstruktorskoye Byuro" no longer reach the threshold
    assert _is_place("novato", "bureau Novato") and not _is_place("novato", "experimental design bureau novator")
    hits = matcher.screen("АО «Опытное конструкторское бюро «Новатор»»")
    assert [h.entry for h in hits] == ["Joint Stock Company Experimental Design Bureau Novator"]


def test_our_initials_confirm_no_entry_that_swaps_a_word(matcher):
    # Липецкий Металлургический Завод gives no acronym; its initials ЛМЗ are LMZ, which "Lipetsk Mechanical
    # Plant" also writes: "metallurgical" left over on one side, "mechanical" on the other, so no hit
    hits = matcher.screen("ОАО «Липецкий металлургический завод»")
    assert all(h.entry != "Limited Liability Company Lipetsk Mechanical Plant" for h in hits)
    # ААК = AAK ("AO AAK Progress"): the list adds "Progress", the query has no word left over: a hit
    hits = matcher.screen("Арсеньевская Авиационная Компания")
    assert hits[0].entry == "Joint Stock Company Progress Arsenyev Aviation Company"
    assert hits[0].features["acronym_confirmed"] == "ААК = AAK"
