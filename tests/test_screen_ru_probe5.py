"""The fifth hand-written Russian-name probe (tests/fixtures/screening/probe_ru5.tsv: Crimea and Sevastopol,
Belarus, academic and state institutions) and the mechanisms written for its alarms and misses. Expected values
are worked out by hand from the Russian names and the list entries."""

from __future__ import annotations

from techties.screen.match import other_ras_branch, ras_branch_ru
from techties.screen.names import fold_by_uk, translate_ru
from techties.screen.places_ru import build_rows, place_of_adjective, segment_country

KELDYSH = "Keldysh Institute of Applied Mathematics of the Russian Academy of Sciences"


# -- the Academy's regional branches -------------------------------------------------------------
def test_ras_branch_ru_reads_the_initials_and_the_genitive():
    assert ras_branch_ru("Институт прикладной математики ДВО РАН") == "far east"
    assert ras_branch_ru("Институт цитологии и генетики Сибирского отделения Российской академии наук") == "siberian"
    assert ras_branch_ru("Институт электрофизики УрО РАН") == "ural"
    assert ras_branch_ru("Институт проблем механики РАН") is None  # the Academy itself
    assert ras_branch_ru("ООО «Сосна»") is None  # "со" is no branch without РАН


def test_other_ras_branch():
    assert other_ras_branch("far east", [KELDYSH]) is True  # an institute of the Academy itself (Moscow)
    assert other_ras_branch("far east", ["Institute of Marine Technology Problems Far East Branch Russian "
                                         "Academy of Sciences", "IPMT FEB RAS"]) is False
    assert other_ras_branch("siberian", ["ISE SO RAN Institute of High-Current Electronics"]) is False
    assert other_ras_branch("ural", ["ISE SO RAN Institute of High-Current Electronics"]) is True
    # an entry that does not state the Academy says nothing of its branch
    assert other_ras_branch("siberian", ["Microelectronic Research and Development Center"]) is False
    assert other_ras_branch(None, [KELDYSH]) is False


def test_a_branch_institute_is_not_the_academys_namesake(matcher):
    got = {h.entry_id for h in matcher.screen("Институт прикладной математики ДВО РАН")}
    assert not any("keldysh" in e for e in got)
    # the Academy's own institute still hits it
    got = {h.entry_id for h in matcher.screen("Институт прикладной математики им. М. В. Келдыша РАН")}
    assert "bis-entity-list:keldysh-institute-of-applied-mathematics-of-the-russian-academy-of-sciences" in got


# -- Crimean places ------------------------------------------------------------------------------
def test_build_rows_keeps_crimea_and_sevastopol_of_ukraine():
    cities = {
        "1": {"geonameid": 706524, "countrycode": "UA", "admin1code": "11", "name": "Kerch", "population": 148932,
              "alternatenames": ["Kerch", "Керчь"]},
        "2": {"geonameid": 694423, "countrycode": "UA", "admin1code": "20", "name": "Sevastopol",
              "population": 547820, "alternatenames": ["Севастополь"]},
        "3": {"geonameid": 703448, "countrycode": "UA", "admin1code": "12", "name": "Kyiv", "population": 2797553,
              "alternatenames": ["Киев"]},
    }
    assert build_rows(cities) == [("694423", "UA", "Sevastopol", 547820, "Севастополь"),
                                  ("706524", "UA", "Kerch", 148932, "Керчь")]


def test_crimean_place_adjectives():
    assert place_of_adjective("керченский") == "Kerch"  # Керчь: -ен- after a soft stem
    assert place_of_adjective("феодосийский") == "Feodosiya"  # Феодосия: -ия -> -ийский
    assert place_of_adjective("евпаторийского") == "Yevpatoriya"
    assert place_of_adjective("севастопольский") == "Sevastopol"
    assert place_of_adjective("пензенский") == "Penza"  # the -ен- rule as before
    assert segment_country("г. Керчь") == "UA"


# -- glossary rows (each sourced by a list name) -------------------------------------------------
def test_glossary_reads_the_crimean_entries_words():
    assert translate_ru("Ялтинская киностудия") == "Yalta film studio"  # 'Yalta Film Studio'
    assert translate_ru("Керченская паромная переправа") == "Kerch ferry"  # 'State Ferry Enterprise Kerch Ferry'
    assert translate_ru("Азовский ликероводочный завод") == "Azov distillery plant"  # 'Crimean … Azov Distillery Plant'
    assert translate_ru("Санаторий Нижняя Ореанда") == "sanatorium nizhnyaya oreanda"  # 'Sanatorium Nizhnyaya Oreanda'


def test_a_trading_port_is_the_lists_commercial_or_merchant_port(matcher):
    # Kerch (керченский, the gazetteer) + sea (морской, a variant) + commercial (торговый, a variant) + port:
    # 'State Enterprise Kerch Sea Commercial Port' word for word
    got = {h.entry_id for h in matcher.screen("Государственное предприятие «Керченский морской торговый порт»")}
    assert "bis-entity-list:state-enterprise-kerch-sea-commercial-port" in got
    got = {h.entry_id for h in matcher.screen("Государственное предприятие «Евпаторийский морской торговый порт»")}
    assert "bis-entity-list:state-enterprise-evpatoria-sea-commercial-port" in got


# -- Ukrainian adjectives without Ukrainian letters ----------------------------------------------
def test_fold_by_uk_reads_the_ukrainian_adjective_ending():
    assert fold_by_uk("ДП «Керченський морський порт»") == "ДП «Керченский морский порт»"
    assert fold_by_uk("Донецький завод") == "Донецкий завод"
    assert fold_by_uk("ОАО «Октябрьский завод»") == "ОАО «Октябрьский завод»"  # Russian: the soft sign before с
