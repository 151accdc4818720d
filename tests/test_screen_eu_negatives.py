"""The label rule of the EU hard negatives of eval_scripts.tsv (`eu-ru-negative`, `eu-zh-negative`,
build_eval_scripts.near_core): an EU entity counts as on no US list only when none of its names
comes near a list name by any of the rule's clauses. Hand-worked on real names: the EU entries and
the list entries below are written as in ../shared/data/watchlists (EU Official Journal, OpenSanctions
parse; bis_entity_list.json), and each expected answer is worked out in the comments."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from techties.screen.lists import ListEntry

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "screening"))
b = pytest.importorskip("build_eval_scripts")
pytest.importorskip("spellchecker")


def entry(name: str, *aliases: str) -> ListEntry:
    return ListEntry(list_id="bis-entity-list", list_name="Entity List", entry_id=name, name=name, aliases=aliases)


LISTS = [entry("Joint Stock Company Dux"), entry("Aeroscan Limited Liability Company"),
         entry("Joint Stock Company Eirburg"), entry("Joint Stock Company Experimental Design Bureau Novator"),
         entry("Bazalt"), entry("Open Joint Stock Company Scientific and Production Corporation of Precision "
                                "Instruments Engineering (NPK-SPP)"),
         entry("Joint Stock Company Zelenodolsk Plant Named After A.M. Gorky",
               "AO Zelenodolskiy Zavod Imeni A.M. Gorkogo"),
         entry("KPSK, OOO", "OOO 'Krymskaya Pervaya Strakhovaya Kompaniya'")]


@pytest.fixture(scope="module")
def near():
    return b.near_core(LISTS)


def test_spelling_key_reads_transliteration_variants_alike():
    # x -> ks, y -> i, c -> k, doubled letters single
    assert b.spelling_key("dux") == b.spelling_key("duks") == "duks"
    assert b.spelling_key("sukhoy") == "suhoi" == b.spelling_key("sukhoi")
    assert b.spelling_key("enics") == b.spelling_key("eniks")


def test_cores_drop_the_legal_forms_fold_keeps():
    # fold keeps "liability" (not in LEGAL); the core leaves it out
    assert b.fold("Aeroscan Limited Liability Company") == "aeroscan liability"
    assert b.cores("Aeroscan Limited Liability Company") == {"aeroskan"}
    assert b.cores("Aeroscan LLC") == {"aeroskan"}


@pytest.mark.parametrize(("eu_names", "why"), [
    (["Joint Stock Company DUKS"], "core 'duks' equals the list core of 'Joint Stock Company Dux'"),
    (["Aeroscan LLC"], "core 'aeroskan' equals that of 'Aeroscan Limited Liability Company'"),
    (["Joint Stock Company 'Airburg'"], "'airburg' / 'eirburg': indel 2 of 14 letters, ratio 85.7 >= 85"),
    (["NPO BAZALT"], "holds the one-word list core 'bazalt', used by one entry"),
    (["RESEARCH DESIGN BYURO 'NOVATOR'"], "proper words {novator} on both sides (research, design are English)"),
    (["JSC 'NPK 'SPP''"], "core 'npk sp' equals the core of the list name's parenthesis 'NPK-SPP'"),
])
def test_real_listings_under_another_spelling_are_near(near, eu_names, why):
    assert near(eu_names), why


def test_a_cyrillic_name_transliterating_to_a_list_alias_is_near(near):
    # EU 32014R0269 writes it 'First Crimean Insurance Company' (English words only: far) and
    # 'Крымская первая страховая компания'; unidecode gives "Krymskaia pervaia strakhovaia kompaniia",
    # core "krimskaia pervaia strahovaia kompania", the core of the list alias too (ratio 100 >= 95)
    assert not near(["First Crimean Insurance Company"])
    assert near(["First Crimean Insurance Company"], ["Крымская первая страховая компания"])


def test_proper_words_leave_english_and_organisational_words_out():
    english = b.english_words()
    assert b.proper_words("RESEARCH DESIGN BYURO 'NOVATOR'", english) == {"novator"}
    assert b.proper_words("Joint Stock Company Zelenodolsk Plant Named After A.M. Gorky", english) == {"zelenodolsk"}
    assert b.proper_words("Laser Devices and Technologies", english) == frozenset()


@pytest.mark.parametrize("eu_names", [
    ["Bremino Group LLC", "OOO 'Bremino grupp'"],  # EU 32006R0765: no list core, one-word or proper word alike
    ["JSC OBORONENERGO"],  # 'oboronenergo': ratio to every one-word core < 85, no shared proper word
    ["Laser Devices and Technologies"],  # English words only: no proper word, no core of the lists
])
def test_unlisted_eu_entities_stay_far(near, eu_names):
    assert not near(eu_names)


# -- the matcher on real EU-listed names (issue #16): the country word a reading adds is no evidence ----
RUSSIAN_SYSTEMS = "bis-entity-list:open-joint-stock-company-russian-systems-corporation"


@pytest.mark.parametrize("query", [
    "ООО СИСТЕМА-Л",  # EU 32014R0833 (MT-SYSTEM LLC / LLC SYSTEM-L), read "Russian systems l"
    "OOO ‘Н-Системс’",  # EU 32014R0269 (N-Systems LTD), read "Russian n systems"
])
def test_the_added_country_and_organisational_words_hit_nothing(matcher, query):
    # the reading's own words besides "Russian" (which the query never wrote) are "systems", an
    # organisational word: pairing "Russian" + "Systems" of "Russian Systems Corporation" says nothing
    assert matcher.screen(query) == []


def test_a_name_that_writes_the_country_itself_still_hits(matcher):
    # «Российские системы» says "Russian" itself: the concern's own name, on the Entity List
    hits = matcher.screen("Открытое акционерное общество «Концерн «Российские системы»»")
    assert [h.entry_id for h in hits] == [RUSSIAN_SYSTEMS]


def test_the_added_country_word_confirms_no_acronym(matcher):
    # EU 32014R0269: the Ioffe Institute. ФТИ = "FTI" is an alias of the Valiev institute ("FTI RAS");
    # the only reading besides the acronym is "Russian fti", whose "Russian" we added: nothing confirms it
    assert matcher.screen("ФТИ им. А.Ф. Иоффе") == []


def test_the_country_added_to_a_descriptive_name_still_hits(matcher):
    # "Воздушно-космические силы" read "Russian aerospace forces": "aerospace" and "forces" pair too
    assert [h.entry for h in matcher.screen("Воздушно-космические силы")] == ["Russian Aerospace Forces"]


# -- other listings of one organisation (the `allowed` column) -----------------------------------
def test_entries_sharing_an_alias_at_one_postal_code_are_one_organisation():
    # bis_entity_list.json: "Central Aerohydrodynamic Institute" (alias TsAGI, "1 Zhukovskogo Street,
    # Zhukovsky, Moscow Oblast, 140180") and "Zhukovskiy Central Aerohydrodynamics Institute (TsAGI)"
    # (alias TsAGI, "1 Zhukovsky Street, Zhukovsky, Moscow Region, 140180"): one word shared, one postal
    # code -> each is the other's listing. "Bazalt" shares nothing, so has none.
    if not (b.DATA / "watchlists" / "us-lists" / "bis_entity_list.json").exists():
        pytest.skip("needs ../shared/data/watchlists/us-lists")
    a = ListEntry(list_id="bis-entity-list", list_name="Entity List", entry_id="a",
                  name="Central Aerohydrodynamic Institute", aliases=("TsAGI",))
    z = ListEntry(list_id="bis-entity-list", list_name="Entity List", entry_id="z",
                  name="Zhukovskiy Central Aerohydrodynamics Institute (TsAGI)",
                  aliases=("TsAGI", "The Central Aerohydrodynamic Institute named after N.E. Zhukovsky"))
    assert b.postcodes_of([a, z]) == {"a": {"140180"}, "z": {"140180"}}
    assert b.other_listings([a, z, entry("Bazalt")]) == {"a": {"z"}, "z": {"a"}}


def test_a_shared_one_word_alias_without_a_shared_postal_code_is_not_enough():
    # the same two names on a list with no address on file (techties' curated list): one word shared
    # is no evidence by itself ("TsAGI" is not a name of two words, nor either entry's whole name)
    a, z = (ListEntry(list_id="curated", list_name="curated", entry_id=n, name=n, aliases=("TsAGI",))
            for n in ("Central Aerohydrodynamic Institute", "Zhukovskiy Central Aerohydrodynamics Institute (TsAGI)"))
    assert b.other_listings([a, z]) == {}
