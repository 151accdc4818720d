"""One table of Russian organisation kinds (kinds_ru.KINDS), read two ways: whole words (`ru_kinds`,
`en_kinds`: a core read alone) and stems with capitals (`unit_kinds_left`, `names_state_kind`: a unit a
group names after itself, `structure.core_kind_conflict`). Expected values worked out by hand from the words."""

from __future__ import annotations

import pytest

from techties.screen.kinds_ru import (
    KINDS,
    UNIT_KINDS,
    WORD_KINDS,
    en_kinds,
    names_state_group,
    names_state_kind,
    ru_kinds,
    ru_says_group,
    unit_kinds_left,
)


def test_one_row_per_kind_each_with_its_source():
    names = [k.name for k in KINDS]
    assert len(names) == len(set(names))
    assert set(UNIT_KINDS) <= set(names)
    assert all(k.source for k in KINDS)


def test_the_word_readers_leave_the_enterprise_out():
    # предприятие is also the legal form of every written-out unitary enterprise (ФГУП)
    assert "enterprise" not in {k.name for k in WORD_KINDS}
    assert ru_kinds("Федеральное государственное унитарное предприятие") == frozenset()
    assert en_kinds("Scientific-Production Enterprise Almaz JSC") == frozenset()


@pytest.mark.parametrize(("text", "kinds"), [
    ("АО ГСКБ", [("ГСКБ", "design bureau")]),  # КБ inside an initialism
    ("АО ГосМКБ", [("ГосМКБ", "design bureau")]),
    ("ОАО ЦНИИмаш", [("ЦНИИмаш", "research institute")]),  # НИИ inside, lower-case letters after
    ("АО Научно-исследовательский институту", [("институту", "research institute")]),  # a stem, any ending
    ("ФГУП НПП", [("НПП", "enterprise")]),
    ("АО НПО", [("НПО", "association")]),
    ("Тамбовский завод", [("завод", "plant")]),
    ("АО Кондитерская фабрика", [("фабрика", "plant")]),
    # bureau before plant: the table's order
    ("Завод КБ", [("КБ", "design bureau"), ("Завод", "plant")]),
    ("кб", []),  # initials are read in capitals only: кб in lower case is no initialism
    ("АО Научно-производственное", []),  # the part after a hyphen is no word of its own
])
def test_unit_kinds_left(text, kinds):
    assert unit_kinds_left(text) == kinds


@pytest.mark.parametrize(("kind", "names", "said"), [
    ("design bureau", "Almaz-Antey Air Defense Concern Main System Design Bureau, JSC", True),
    ("design bureau", "AO GosMKB Vympel", True),  # kb inside a romanised initialism
    ("research institute", "OAO TsNIIMash", True),
    # whole words and their English plural: an adjective of the word states no institute ('of the institute')
    ("research institute", "Institutskiy Scientific Centre", False),
    ("research institute", "Joint Institutes", True),
    ("plant", "PAO Motovilikhinskie Zavody", True),  # the Russian plural, a word of the table
    # Latin capitals only in capitals, words only whole: gu-NPO-wder is no association, Workshop no works
    ("association", "Kazan State Gunpowder Plant", False),
    ("plant", "Kazan State Gunpowder Plant", True),
    ("plant", "Repair Workshop", False),
    ("design bureau", "Gosmkb Vympel", False),
    ("plant", "Joint Stock Company Khabarovsk Shipbuilding Yard", True),
    ("plant", "Joint-Stock Company Concern Almaz-Antey", False),
    ("association", "AO Nauchno-Proizvodstvennoe Obedinenie Impuls", True),
    ("enterprise", "Scientific-Production Enterprise Almaz JSC", True),
])
def test_names_state_kind(kind, names, said):
    assert names_state_kind(kind, names) is said


def test_group_words_whole():
    # 'corp' is an abbreviation, no plural: 'Corps' is another word ('Islamic Revolutionary Guard Corps')
    assert names_state_group("Xinjiang Production and Construction Corps") is False
    assert names_state_group("Islamic Revolutionary Guard Corps") is False
    assert names_state_group("Rostec Corp.") and names_state_group("AO Korporatsiya MIT")


def test_group_words_both_ways():
    assert ru_says_group("АО Концерн ВКО") and ru_says_group("Холдинг") and ru_says_group("ООО Группа компаний")
    assert not ru_says_group("АО ГСКБ")
    assert names_state_group("Joint-Stock Company Concern Almaz-Antey")
    assert names_state_group("AO Korporatsiya Morskogo Priobostroeniya")
    assert names_state_group("Stroytransgaz Holding")
    assert not names_state_group("Scientific-Production Enterprise Almaz JSC")


def test_a_shipyard_written_yard_is_a_plant():
    # the row's one new word: 'yard' was read by the unit reader only; now by en_kinds as well
    assert en_kinds("Joint Stock Company Khabarovsk Shipbuilding Yard") == {"plant"}
