"""The seventh Russian-name probe (tests/fixtures/screening/probe_ru7.tsv: real ROR and EU Journal names the
eval builder leaves out as near a list name, labelled by hand) and the mechanisms written for its alarms.
Expected values are worked out by hand from the Russian names and the list entries."""

from __future__ import annotations

import pytest

from techties.screen.kinds_ru import kind_conflict, left_out_text, ru_kinds, words_left_out
from techties.screen.lookalikes_ru import other_body

GENERIC = frozenset({"plant", "repair", "state", "design", "bureau"})


# -- an acronym that confirms a kind, not a body (lookalikes_ru) -----------------------------------
def test_other_body_numbers():
    # «711 Авиационный Ремонтный Завод» against 'Joint Stock Company 121 Aviation Repair Plant'
    assert other_body({"numbers_conflict": True, "extra_query_tokens": ["711"], "missing_alias_tokens": ["121"]},
                      GENERIC)


def test_other_body_own_words_on_both_sides():
    # «… Конструкторское Бюро «Вымпел»» against '… Design Bureau Raduga': each keeps its name
    assert other_body({"numbers_conflict": False, "extra_query_tokens": ["vympel"],
                       "missing_alias_tokens": ["raduga"]}, GENERIC)
    # a word on one side only: the list adds it, or the query does (as before)
    assert not other_body({"numbers_conflict": False, "extra_query_tokens": ["vympel"],
                           "missing_alias_tokens": []}, GENERIC)
    assert not other_body({"numbers_conflict": False, "extra_query_tokens": [],
                           "missing_alias_tokens": ["raduga"]}, GENERIC)
    # initials and endings: one body's two spellings («СКБ ИРЭ РАН», 'SDB IRE RAS'; «…-на-Амуре», 'Amur')
    assert not other_body({"numbers_conflict": False, "extra_query_tokens": ["skb"],
                           "missing_alias_tokens": ["sdb"]}, GENERIC)
    assert not other_body({"numbers_conflict": False, "extra_query_tokens": ["amure"],
                           "missing_alias_tokens": ["amur"]}, GENERIC, lambda a, b: a.startswith(b))
    # generic words on a side say nothing of which body
    assert not other_body({"numbers_conflict": False, "extra_query_tokens": ["vympel"],
                           "missing_alias_tokens": ["state"]}, GENERIC)


# -- a core name read without its inner quote marks (kinds_ru) -------------------------------------
def test_words_left_out():
    # each word becomes one space; the space between them stays
    assert words_left_out("АО ‘Завод ‘Луч’’", "Завод Луч") == "АО ‘  ‘ ’’"
    assert words_left_out("АО ‘Завод ‘Луч’’", "Завод Лучик") is None  # a word not in the text
    assert words_left_out("АО «Лучик»", "Луч") is None  # whole words only


CORE_NAME = "structure (core name «{}» of '{}')"


def test_left_out_text_of_a_core_name_without_quotes():
    method = CORE_NAME.format("Завод Луч", "OKB Luch Limited Liability Company")
    assert left_out_text("Aкционерное общество ‘Завод ‘Луч’’", method) == "Aкционерное общество ‘  ‘ ’’"


@pytest.mark.parametrize(("query", "core", "names", "conflict"), [
    # the core's own kind word: a plant «Завод «Луч»» is not the design bureau 'OKB Luch'
    ("Aкционерное общество ‘Завод ‘Луч’’", "Завод Луч", ["OKB Luch Limited Liability Company", "OOO OKB Luch"], True),
    # an entry that writes the kind word itself ('Zavod'): said by the entry, no conflict
    ("Aкционерное общество ‘Завод ‘Луч’’", "Завод Луч", ["Zavod Luch JSC", "Luch Design Bureau"], False),
    # a scientific-production association against an institute (one of the association's units)
    ("ПAО “ЦНПО ‘ЛЕНИНЕЦ’ ”", "ЛЕНИНЕЦ", ["Scientific Research Institute of Hypersonic Systems",
                                          "Hypersonic System Research Institute of holding company Leninetz"], True),
    # … and against an entry that is an association
    ("АО «НПО «Импульс»", "Импульс", ["Joint Stock Company Scientific Production Association Impulse"], False),
    # a production association against a design bureau
    ("AO ‘Владимирское Производственное Объединение ‘Точмаш’’", "Точмаш",
     ["Joint Stock Company Precision Engineering Design Bureau named after A.E. Nudelman", "Tochmash"], True),
])
def test_kind_conflict_probe7(query, core, names, conflict):
    method = (CORE_NAME.format(core, names[0]) if " " in core
              else f"structure (quoted core «{core}», the rest left out), BGN/PCGN")
    assert kind_conflict(query, method, names, frozenset()) is conflict


def test_association_kind():
    assert ru_kinds("НПО") == {"association"}
    assert ru_kinds("Научно-производственное объединение") == {"association"}


# -- the matcher ---------------------------------------------------------------------------------
REPAIR_PLANTS = {"bis-entity-list:joint-stock-company-121-aviation-repair-plant",
                 "bis-entity-list:joint-stock-company-123-aviation-repair-plant",
                 "bis-entity-list:joint-stock-company-150-aircraft-repair-plant",
                 "bis-entity-list:joint-stock-company-218-aviation-repair-plant"}


def test_another_numbered_plant_is_no_hit(matcher):
    got = {h.entry_id for h in matcher.screen("Акционерное Общество «711 Авиационный Ремонтный Завод» (АО «711 АРЗ»)")}
    assert not got & REPAIR_PLANTS


def test_another_design_bureau_of_the_acronym_is_no_hit(matcher):
    got = {h.entry_id for h in matcher.screen("Акционерное Общество «Государственное Машиностроительное "
                                              "Конструкторское Бюро «Вымпел» им. И.И.Торопова» (АО «Гос МКБ "
                                              "«Вымпел» им. И.И. Торопова»)")}
    assert "bis-entity-list:state-machine-building-design-bureau-raduga" not in got
    assert "bis-entity-list:tactical-missile-corporation-raduga-design-bureau" not in got


@pytest.mark.parametrize(("query", "entry"), [
    ("Aкционерное общество ‘Завод ‘Луч’’", "bis-entity-list:okb-luch-limited-liability-company"),
    ("AO ‘Владимирское Производственное Объединение ‘Точмаш’’",
     "bis-entity-list:joint-stock-company-precision-engineering-design-bureau-named-after-a-e-nudelman"),
    ("ПAО “ЦНПО ‘ЛЕНИНЕЦ’ ”", "bis-entity-list:scientific-research-institute-of-hypersonic-systems"),
])
def test_another_kind_of_that_name_is_no_hit(matcher, query, entry):
    assert entry not in {h.entry_id for h in matcher.screen(query)}


# -- one letter, another name; an acronym in another company form (lookalikes_ru) -------------------
def test_last_letter_other():
    from techties.screen.lookalikes_ru import last_letter_other

    assert last_letter_other("mikrosan", "mikrosam")  # n / m: two names
    assert not last_letter_other("leninets", "leninetz")  # s / z: one name spelt two ways
    assert not last_letter_other("rosteh", "rostek")  # Rostekh / Rostec after skeleton
    assert not last_letter_other("tehnologia", "tehnologii")  # a vowel ending declines the word
    assert not last_letter_other("elektron", "elektronika")  # lengths differ: same_word decides as before
    assert not last_letter_other("ksam", "ksan")  # under five letters


def test_same_word_mikrosan():
    from techties.screen.match import same_word

    assert not same_word("Mikrosan", "Mikrosam")
    assert same_word("Rostekh", "Rostec")


def test_weak_other_form():
    from techties.screen.lookalikes_ru import weak_other_form

    best = {1: (10, 0.99, {"weak_alias": True}, "ask"), 2: (11, 0.99, {"weak_alias": False}, "full name"),
            3: (12, 0.99, {"weak_alias": True}, "ask")}
    # entries 1 and 2 are listed in another company form only; 3 in the query's
    assert set(weak_other_form(best, lambda e: e in (1, 2))) == {2, 3}


def test_mikrosan_and_ask_are_no_hits(matcher):
    assert "state-nonproliferation:mikrosam" not in {h.entry_id for h in matcher.screen("ООО Микросан")}
    got = {h.entry_id for h in matcher.screen("ООО ‘АСК’")}
    assert not any("research-center-for-automated" in e for e in got)


# -- two query words respelt to one alias word (lookalikes_ru.one_word_each) --------------------------
def test_one_word_each():
    from techties.screen.lookalikes_ru import one_word_each

    key = {"aviati": "aviat", "aviats": "aviat", "system": "sistem", "comple": "komple", "komple": "komple"}.get
    # "system" and "comple" both respelt "komple": "comple" is that word (same key), "system" stays
    assert one_word_each(["aviati", "system", "comple"], ["aviats", "komple", "komple"], key) == [
        "aviats", "system", "komple"]
    # no two respelt alike: as respelt
    assert one_word_each(["aviati", "comple"], ["aviats", "komple"], key) == ["aviats", "komple"]
    # a respelling onto a word the query already has: the respelt one stays as written
    assert one_word_each(["komple", "system"], ["komple", "komple"], key) == ["komple", "system"]


def test_systems_and_complexes_is_not_the_aviation_complex(matcher):
    assert matcher.screen("ООО ‘Авиационные Системы и Комплексы’") == []
    got = {h.entry_id for h in matcher.screen("ПАО «Авиационный комплекс им. С.В. Ильюшина»")}
    assert "bis-entity-list:open-joint-stock-company-ilyushin-aviation-complex" in got


# -- a kind the reading leaves unpaired (lookalikes_ru.extra_kind_conflict) ---------------------------
def test_extra_kind_conflict():
    from techties.screen.lookalikes_ru import extra_kind_conflict

    corp = ["Public Joint Stock Company Vympel Interstate Corporation", "Vimpel", "Vympel MAK PAO Defense Corporation"]
    assert extra_kind_conflict(["kb"], corp)  # a design bureau against a corporation
    assert not extra_kind_conflict(["kb"], ["JSC Design Bureau Vympel"])  # the entry is a design bureau
    assert not extra_kind_conflict(["kb"], ["Vympel LLC"])  # an entry that states no kind
    assert not extra_kind_conflict(["moskva"], corp)  # no kind word unpaired
    assert extra_kind_conflict(["zavod"], ["OKB Luch Limited Liability Company"])  # a plant against a bureau


def test_kb_vympel_is_not_the_interstate_corporation(matcher):
    got = {h.entry_id for h in matcher.screen("AO КБ ‘Вымпел’")}
    assert "bis-entity-list:public-joint-stock-company-vympel-interstate-corporation" not in got
