"""Twins: one organisation listed more than once (techties/screen/twins.py). Every expected value
is worked out by hand from the entries written here, which copy the shipped lists' entries."""

from __future__ import annotations

import pytest

from techties.screen.lists import ListEntry
from techties.screen.match import Matcher
from techties.screen.twins import (
    TWIN_GAP,
    Twin,
    find_twins,
    fold,
    legal_family,
    names_conflict,
    stem,
    twin_scores,
)


def entry(list_id: str, name: str, *aliases: str, country: str | None = "RU") -> ListEntry:
    return ListEntry(list_id=list_id, list_name=list_id.upper(), entry_id=f"{list_id}:{name.lower()}", name=name,
                     aliases=aliases, country=country)


# as the BIS Entity List and the State Department list write them
MZKT_EL = entry("el", "Minsk Wheeled Tractor Plant", "MZKT",
                "Production Republican Unitary Enterprise Minsk Wheeled Tractor Plant", country="BY")
MZKT_STATE = entry("state", "Minsk Wheel Tractor Plant", country="BY")
TSNII_EL = entry("el", "46th TSNII Central Scientific Research Institute", "46 TsNII", "46 TsNII MO RF")
TSNII_CURATED = entry("curated", "46th Central Research Institute of the Ministry of Defence of the Russian Federation",
                      "46 TsNII MO", "46th Central Scientific Research Institute")
VNIIEF = entry("el", "All-Russian Scientific Research Institute of Experimental Physics (VNIIEF)",
               "Russian Federal Nuclear Center-VNIIEF (RFNC-VNIIEF)", "Khariton Institute")
RFNC = entry("el", "Russian Federal Nuclear Center—All-Russian Research Institute of Experimental Physics",
             "NIIIS", "RFNC-VNIIEF")
IHEP = entry("el", "Institute of High Energy Physics", "IHEP", "Kurchatovskiy Institute ITEF")
ITEP = entry("el", "Institute of Theoretical and Experimental Physics", "ITEP", "ITEF", "Kurchatovskiy Institute ITEF")


def twins_of(entries: list[ListEntry]) -> dict[str, list[str]]:
    return {entries[i].entry_id: [entries[t.entry].entry_id for t in ts] for i, ts in find_twins(entries).items()}


def test_stem_by_hand():
    assert stem("wheeled") == "wheel"  # "ed" off leaves five letters
    assert stem("wheel") == "wheel"
    assert stem("technologies") == stem("technological") == stem("technology") == "technolog"
    assert stem("industrial") == stem("industries") == stem("industry") == "industr"
    assert stem("46th") == "46"
    assert stem("class") == "class"  # "ss" is no plural
    # "-es" is the plural ending after a sibilant only; else the "-s" goes: "missiles" is "missile"
    assert stem("missiles") == stem("missile") == "missile"
    assert stem("engines") == "engine" and stem("branches") == "branch" and stem("processes") == "process"


def test_plural_and_singular_names_fold_alike():
    # BIS Entity List "Tactical Missile Corporation" and "Tactical Missiles Corporation JSC" (both RU):
    # "corporation" and "JSC" are forms, "tactical" loses "-ical", "missiles" its "-s"
    assert fold("Tactical Missiles Corporation JSC") == fold("Tactical Missile Corporation") == ("missile", "tact")


def test_fold_by_hand():
    # legal forms out, words stemmed and sorted
    minsk = ("minsk", "plant", "tractor", "wheel")
    assert fold("Minsk Wheeled Tractor Plant") == fold("Minsk Wheel Tractor Plant") == minsk
    # two-letter words standing alone are initials or qualifiers ("MO RF"); an acronym keeps its letters
    assert fold("46 TsNII MO RF") == fold("46 TsNII MO") == fold("46 TsNII") == ("46", "tsnii")
    # …but joined by a hyphen they are part of the name: Aviastar-SP is not Aviastar-TU
    assert fold("Aviastar-SP") == ("aviastar", "sp")
    # a one-word parenthesis that is no place is left out; a place or another country stays
    assert fold("Russian Federal Nuclear Center-VNIIEF (RFNC-VNIIEF)") == fold("Russian Federal Nuclear Center-VNIIEF")
    assert fold("Huawei Device (Shenzhen) Co., Ltd.") == ("device", "huawei", "shenzhen")
    assert fold("China Unicom (Hong Kong) Limited", "CN") == ("china", "hong", "kong", "unicom")
    assert fold("Kumertau Aviation Production Enterprise (Russia)", "RU") == ("aviation", "kumertau", "production")


def test_mzkt_pair_is_one_organisation():
    # "Minsk Wheel Tractor Plant" and "Minsk Wheeled Tractor Plant" fold alike, both BY
    got = find_twins([MZKT_EL, MZKT_STATE])
    assert got == {0: [Twin(1, "Minsk Wheel Tractor Plant",
                            "name 'Minsk Wheel Tractor Plant' = name 'Minsk Wheeled Tractor Plant'")],
                   1: [Twin(0, "Minsk Wheeled Tractor Plant",
                            "name 'Minsk Wheeled Tractor Plant' = name 'Minsk Wheel Tractor Plant'")]}


def test_46_tsnii_pair_is_one_organisation():
    # "46 TsNII" (EL) and "46 TsNII MO" (curated) both fold to (46, tsnii); the names share "46"
    assert twins_of([TSNII_EL, TSNII_CURATED]) == {TSNII_EL.entry_id: [TSNII_CURATED.entry_id],
                                                   TSNII_CURATED.entry_id: [TSNII_EL.entry_id]}


def test_vniief_pair_shares_its_short_name():
    # one writes "RFNC-VNIIEF" as an alias, the other at the end of an alias in parentheses
    got = find_twins([VNIIEF, RFNC])
    assert [t.entry for t in got[0]] == [1]
    assert got[0][0].evidence == "alias 'RFNC-VNIIEF' = short name 'RFNC-VNIIEF'"


def test_other_country_is_another_organisation():
    russian = entry("x", "Minsk Wheel Tractor Plant", country="RU")
    assert find_twins([MZKT_EL, russian]) == {}


def test_unknown_country_links_nothing():
    assert find_twins([MZKT_EL, entry("state", "Minsk Wheel Tractor Plant", country=None)]) == {}


def test_places_in_parentheses_keep_subsidiaries_apart():
    a = entry("el", "Huawei Device (Shenzhen) Co., Ltd.", country="CN")
    b = entry("el", "Huawei Device (Hong Kong) Co., Limited", country="CN")
    assert find_twins([a, b]) == {}


def test_shared_short_acronym_links_nothing():
    # three plants of one town share "MMZ": a one-word key of more than two entries is a common name
    plants = [entry("el", f"{n} Machine Building Plant", "MMZ") for n in ("Mytishchi", "Murom", "Miass")]
    assert find_twins(plants) == {}
    # and "MMZ" has three letters (MIN_ONE_WORD is four) even between two entries
    assert find_twins(plants[:2]) == {}


def test_shared_brand_word_links_nothing():
    # "Soyuz" is a word, not an acronym: two firms of a group share the brand
    a = entry("el", "Open Joint Stock Company Aero Engine Scientific and Technical Company Soyuz", "Soyuz PAO")
    b = entry("el", "Tactical Missile Corporation, AO TMKB “Soyuz”", "Soyuz")
    assert find_twins([a, b]) == {}


def test_acronym_both_write_links():
    a = entry("el", "Central Aerohydrodynamic Institute", "TsAGI")
    b = entry("el", "Zhukovskiy Central Aerohydrodynamics Institute (TsAGI)", "TsAGI")
    assert twins_of([a, b]) == {a.entry_id: [b.entry_id], b.entry_id: [a.entry_id]}


def test_names_with_no_word_in_common_contradict_a_shared_alias():
    # both carry "Kurchatovskiy Institute ITEF"; own words {high, energy} and {theoretical, experimental}
    assert names_conflict(IHEP, ITEP)
    assert find_twins([IHEP, ITEP]) == {}


def test_group_and_company_and_two_legal_forms_are_two_entities():
    parent = entry("x", "Huawei Investment & Holding Co., Ltd.", country="CN")
    company = entry("x", "Huawei Technologies Co., Ltd.", "HUAWEI INVESTMENT & HOLDING CO LTD", country="CN")
    assert names_conflict(parent, company)
    assert find_twins([parent, company]) == {}
    assert legal_family("Joint Stock Company Aerokon") == "joint-stock"
    assert legal_family("Limited Liability Company NPK Aerokon") == "limited-liability"
    assert legal_family("Aerokon") is None
    jsc = entry("el", "Joint Stock Company Aerokon")
    llc = entry("el", "Limited Liability Company NPK Aerokon", "Aerokon")
    assert names_conflict(jsc, llc)


def test_twin_scores_by_hand():
    twins = {0: [Twin(1, "B", "e")], 2: [Twin(3, "D", "e")]}
    # 0.9 brings its twin at 0.9 - 0.001 = 0.899; 0.8505 would bring it at 0.8495 < 0.85: left out
    assert twin_scores({0: 0.9, 2: 0.8505}, twins, 0.85) == {1: (0, 0.899, Twin(1, "B", "e"))}
    # a hit below the threshold brings nothing; a twin hit on its own keeps its own hit
    assert twin_scores({0: 0.84}, twins, 0.8) == {1: (0, 0.839, Twin(1, "B", "e"))}
    assert twin_scores({0: 0.84}, twins, 0.85) == {}
    assert twin_scores({0: 0.9, 1: 0.86}, twins, 0.85) == {}
    assert TWIN_GAP == 0.001


@pytest.fixture(scope="module")
def small() -> Matcher:
    filler = [entry("el", n, country="CN") for n in ("Harbin Institute of Technology", "Beihang University",
                                                     "Northwestern Polytechnical University")]
    return Matcher([MZKT_EL, MZKT_STATE, TSNII_EL, TSNII_CURATED, *filler])


def test_screen_reports_the_twin_just_below(small):
    hits = small.screen("Minsk Wheel Tractor Plant")
    assert [h.entry_id for h in hits] == [MZKT_STATE.entry_id, MZKT_EL.entry_id]
    first, twin = hits
    assert twin.score == round(first.score - 0.001, 4) < first.score
    assert twin.alias_kind == "twin" and twin.matched_alias == "Minsk Wheeled Tractor Plant"
    assert twin.features["twin_of"] == MZKT_STATE.entry_id
    assert twin.explanation.startswith("same organisation as 'Minsk Wheel Tractor Plant' (STATE): name "
                                       "'Minsk Wheeled Tractor Plant' = name 'Minsk Wheel Tractor Plant'")


def test_screen_without_a_hit_brings_no_twin(small):
    assert small.screen("Minsk Automobile Plant") == []


def test_a_design_bureau_is_not_a_plant():
    # the Entity List gives both "BEMZ"; one is a design bureau, the other a plant
    bureau = entry("el", "Concern Radio-Electronic Technologies, Public Joint Stock Company Bryansk Special Design "
                   "Bureau", "BEMZ")
    plant = entry("el", "Joint Stock Company Bryansk Electromechanical Plant", "BEMZ")
    assert names_conflict(bureau, plant)
    assert find_twins([bureau, plant]) == {}


def test_one_word_names_link_only_when_they_differ_by_legal_form():
    # "Irkut" alone: the names differ by "PJSC" only; "TD" (a trading house) is more than a legal form
    irkut, pjsc = entry("el", "Irkut Corporation"), entry("el", "PJSC Irkut Corporation")
    assert twins_of([irkut, pjsc]) == {irkut.entry_id: [pjsc.entry_id], pjsc.entry_id: [irkut.entry_id]}
    assert find_twins([entry("el", "Promelektronika"), entry("el", "TD Promelektronika LLC")]) == {}
