"""Russian place adjectives read as places (issue #16, techties/screen/places_ru.py), and branches
written without a dash (structure.split_branch).

Each expected place is worked out by hand from how Russian makes the adjective and from the GeoNames
entry of the place (English name, population), not from the matcher's output."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from techties.screen.names import fold_by_uk, translate_ru
from techties.screen.places_ru import (
    TABLE,
    belarus_place,
    compound_key,
    place_of_adjective,
    places,
    region_rows,
    regions,
    stem_candidates,
)
from techties.screen.structure import split_branch


@pytest.mark.parametrize(("word", "place", "why"), [
    ("туапсинский", "Tuapse", "Туапсе ends in -е: the adjective adds -ин- (туапс-ин-ский)"),
    ("сочинского", "Sochi", "Сочи ends in -и: -ин- again, genitive ending"),
    ("пензенская", "Penza", "Пенза: -ен- (пенз-ен-ская)"),
    ("уфимский", "Ufa", "Уфа: -им- (уф-им-ский)"),
    ("вологодский", "Vologda", "Вологда: the adjective puts -о- into the last consonants (вологд- -> вологод-)"),
    ("ярославского", "Yaroslavl", "Ярославль drops -ль; GeoNames also has a Moscow district named "
                                  "Ярославский (91,000 people), smaller than Yaroslavl (608,722)"),
    ("череповецкий", "Cherepovets", "Череповец: -ц + -кий"),
    ("луховицкий", "Lukhovitsy", "Луховицы, a plural: -цы -> -цкий"),
    ("великолукская", "Velikiye Luki", "Великие Луки: two words made one, велик-о-лук-ская"),
    ("нижнетагильского", "Nizhny Tagil", "Нижний Тагил: soft нижн- links with -е-, Тагил takes -ь-"),
    ("калязинский", "Kalyazin", "Калязин has about 13,000 people: only the 5,000+ gazetteer knows it"),
    ("нижегородский", "Nizhniy Novgorod", "no rule: the region Nizhegorodskaya oblast' (ISO 3166-2 RU-NIZ) "
                                          "is 'Oblast Nischni Nowgorod' in German, 'Nijni Novgorod' in French"),
    ("орловский", "Orel", "Орёл: no rule; a town Orlovsky (19,325) outweighs Orlov (8,400), but the region "
                          "Orlovskaya oblast' has Oryol (303,696) for its centre"),
    ("гомельского", "Gomel", "Гомель, Belarus: the lists write the Russian name (BGN/PCGN), GeoNames' name "
                             "romanises the Belarusian (Homyel)"),
    ("гродненский", "Grodno", "Гродно: -ен- before a final -о (GeoNames: Hrodna)"),
    ("оршанский", "Orsha", "Орша: -ан-"),
    ("ставропольский", "Stavropol", "GeoNames gives Tolyatti (larger) the former name Ставрополь too, but "
                                    "Stavropol is the place spelt like it"),
])
def test_place_adjective_reads_as_the_place(word, place, why):
    assert place_of_adjective(word) == place, why


@pytest.mark.parametrize(("word", "why"), [
    ("технический", "no place техна / технь / техн…"),
    ("государственный", "not a -ский/-цкий adjective"),
    ("морской", "the stem мор- is too short to be read as a place"),
    ("жуковский", "the adjective is itself the town Zhukovsky"),
    ("марийский", "Марий Эл is a republic, not named by an adjective: no region centre"),
])
def test_other_words_are_no_place(word, why):
    assert place_of_adjective(word) is None, why


def test_belarus_place_is_read_before_ru_city():
    # names.ru_city gives GeoNames' Belarusian romanisation; belarus_place answers for Belarus only
    assert belarus_place("могилевский") == "Mogilev" and belarus_place("туапсинский") is None
    assert translate_ru("Гомельский радиозавод").split()[0] == "Gomel"


def test_compound_keys_of_two_word_names():
    assert compound_key("нижний тагил") == "нижнетагил"  # soft stem: -е-
    assert compound_key("старый оскол") == "старооскол"  # hard stem: -о-
    assert compound_key("великие луки") == "великолуки"  # -ие after к is a hard stem spelt so
    assert compound_key("москва") is None and compound_key("гусь хрустальный") is None


def test_stem_candidates_cover_the_infixes():
    assert "туапсе" in stem_candidates("туапсин", "ск")
    assert "уфа" in stem_candidates("уфим", "ск")
    assert "елец" in stem_candidates("еле", "цк") and "луховицы" in stem_candidates("лухови", "цк")
    assert "елец" not in stem_candidates("еле", "ск")  # -ц only before -кий


def test_region_centre_by_translations():
    # two cities, two regions; each translation names a city by one of its Latin names
    nn = {"geonameid": 1, "name": "Nizhniy Novgorod", "countrycode": "RU", "population": 1_259_013,
          "alternatenames": ["Nischni Nowgorod", "Nijni Novgorod"]}
    vn = {"geonameid": 2, "name": "Velikiy Novgorod", "countrycode": "RU", "population": 222_868,
          "alternatenames": ["Novgorod", "Nowgorod"]}
    niz, ngr = "Nizhegorodskaya oblast'", "Novgorodskaya oblast'"
    tr = {"de": {niz: "Oblast Nischni Nowgorod", ngr: "Oblast Nowgorod"}.get,
          "fr": {niz: "Nijni Novgorod", ngr: "Novgorod"}.get,
          "xx": {niz: "Novgorod region", ngr: "Novgorod"}.get}  # a language that cuts the name short
    rows = region_rows({"1": nn, "2": vn}, tr, [("RU-NGR", ngr), ("RU-NIZ", niz)])
    # NGR: Velikiy Novgorod 3 votes. NIZ: Nizhny 2, Velikiy 1 (2 is not more than twice 1), but
    # Velikiy Novgorod is the centre of NGR and is left out: Nizhny Novgorod wins 2 to 0
    assert [(r[2], r[4], r[5]) for r in rows] == [("Velikiy Novgorod", "Novgorodskaya", "region:RU-NGR"),
                                                   ("Nizhniy Novgorod", "Nizhegorodskaya", "region:RU-NIZ")]


def test_gazetteer_states_source_and_licence():
    head = gzip.decompress(resources.files("techties.screen").joinpath("data", TABLE).read_bytes())
    assert b"GeoNames" in head[:300] and b"CC BY 4.0" in head[:300]
    assert places()["туапсе"][0] == "Tuapse" and places()["нижнетагил"][0] == "Nizhny Tagil"
    assert b"iso-codes" in head[:600] and regions()["nizhegorodsk"][0] == "Nizhniy Novgorod"


def test_reading_of_a_name_uses_the_place():
    # "Туапсинский судоремонтный завод": before, the -ин- was read as a possessive ("Tuapsin")
    assert translate_ru("Туапсинский судоремонтный завод").split()[0] == "Tuapse"


def test_place_adjective_finds_the_entry(matcher):
    # the Entity List writes "Joint Stock Company Yaroslavl Radio Factory"; read letter by letter,
    # "Yaroslavskiy" is too far from "Yaroslavl" and the name found nothing
    hits = matcher.screen("Ярославский радиозавод")
    assert [h.entry_id for h in hits] == ["bis-entity-list:joint-stock-company-yaroslavl-radio-factory"]


def test_branch_without_dash_is_split():
    # the parent's legal form after the branch's closing quote starts the parent
    own, parent = split_branch("Филиал «Астраханский судоремонтный завод» Акционерное общество «Центр судоремонта "
                               "«Звёздочка»")
    assert own == "«Астраханский судоремонтный завод»"
    assert parent == "Акционерное общество «Центр судоремонта «Звёздочка»"
    # the Kola nuclear plant is a branch of Rosenergoatom: its own quoted name follows the parent's
    assert split_branch("Филиал АО «Концерн Росэнергоатом» «Кольская атомная станция»") == (
        "«Кольская атомная станция»", "Филиал АО «Концерн Росэнергоатом»")
    # a branch word and one quoted name: nothing to split
    assert split_branch("Филиал АО «ОДК»") is None and split_branch("Филиал ПАО «Ил» Авиастар") is None


def test_belarusian_and_ukrainian_letters_fold_to_russian():
    # Belarusian "Мінскі" is Russian "Минский" (і -> и, -скі -> -ский), ААТ the Russian ОАО; ў is the
    # Russian в, ц before a soft vowel the Russian т (see test_screen_ruforms)
    assert fold_by_uk("ААТ «Мінскі завод»") == "ОАО «Минский завод»"
    assert fold_by_uk("цягачоў") == "тягачов"
    # Ukrainian -ський / -ська are Russian -ский / -ская
    assert fold_by_uk("Київський") == "Киивский" and fold_by_uk("Харківська") == "Харкивская"
    assert fold_by_uk("ОАО «Минский завод»") == "ОАО «Минский завод»"  # no such letters: unchanged
    # read on: Минский is the city Minsk, завод the glossary's "plant"
    assert translate_ru("Мінскі завод") == "Minsk plant"
