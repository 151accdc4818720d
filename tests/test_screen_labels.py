"""The `allowed` label rule of eval_scripts.tsv that finds one organisation listed twice
(build_eval_scripts.listed_twice): two list entries are one organisation by the lists' own names,
aliases and addresses, and a hit on the other is no false alarm. Hand-worked on real entries: the
names and addresses below are copied from ../shared/data/watchlists/us-lists (bis_entity_list.json,
state_nonproliferation.json) and each expected answer is worked out in the comments. The addresses
are given to the rule directly, so these tests need no list files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from techties.screen.lists import ListEntry

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "screening"))
b = pytest.importorskip("build_eval_scripts")
pytest.importorskip("spellchecker")


def entry(eid: str, name: str, *aliases: str, list_id: str = "bis-entity-list", country: str = "RU") -> ListEntry:
    return ListEntry(list_id=list_id, list_name=list_id, entry_id=eid, name=name, aliases=aliases, country=country)


@pytest.fixture(scope="module")
def english() -> set[str]:
    return b.english_words()


def joined(entries: list[ListEntry], addresses: dict[str, str], english: set[str]) -> set[frozenset[str]]:
    return {frozenset((i, j)) for i, others in b.listed_twice(entries, addresses, english).items() for j in others}


def test_word_key_reads_two_spellings_of_one_word_alike():
    # Votkinsky -> (spelling_key: y -> i) votkinski -> (place adjective -ski) votkinsk
    assert b.word_key("votkinsky") == b.word_key("votkinsk") == "votkinsk"
    # wheeled -> wheel (-ed); wheel -> vhel both (w -> v, doubled e single)
    assert b.word_key("wheeled") == b.word_key("wheel") == "vhel"
    # 150th -> 150 (an ordinal is its number); zavod is the lists' "plant"
    assert b.word_key("150th") == "150" and b.word_key("zavod") == b.word_key("plant")
    # electronic -> elektron, electrical -> elektr: two words, not one stem
    assert b.word_key("electronic") != b.word_key("electrical")


def test_one_plant_written_in_russian_and_in_english_at_one_address_is_one_organisation(english):
    # bis_entity_list.json: "Joint Stock Company Votkinsky Zavod" (2 Kirova Street, Votkinsk, 427430) and
    # "Joint Stock Company Votkinsk Machine Building Plant" (2 Kirov Street, Votkinsk, 427430). The first's
    # own name reads {votkinsk, plant} (JSC dropped, Votkinsky -> votkinsk, Zavod -> plant); all of it is in
    # the second's {votkinsk, makhin, building, plant}; votkinsk is no English word; postal code 427430 is
    # on both -> joined ("postcode").
    z = entry("zavod", "Joint Stock Company Votkinsky Zavod")
    m = entry("plant", "Joint Stock Company Votkinsk Machine Building Plant")
    addresses = {"zavod": "2 Kirova Street, Votkinsk, Udmurt Republic, 427430, Russia.",
                 "plant": "2 Kirov Street, Votkinsk, Udmert Republic, 427430, Russia."}
    assert joined([z, m], addresses, english) == {frozenset(("zavod", "plant"))}


def test_one_name_with_an_inflected_word_on_two_lists_is_one_organisation(english):
    # state_nonproliferation.json "Minsk Wheel Tractor Plant" (no address) and bis_entity_list.json "Minsk
    # Wheeled Tractor Plant" (alias MZKT): both read (minsk, vhel, traktor, plant) in that order, one
    # country (BY), at most MAX_LISTINGS entries write it -> joined without any address.
    s = entry("state", "Minsk Wheel Tractor Plant", list_id="state-nonproliferation", country="BY")
    e = entry("bis", "Minsk Wheeled Tractor Plant", "MZKT",
              "Production Republican Unitary Enterprise Minsk Wheeled Tractor Plant", country="BY")
    assert joined([s, e], {"bis": "150 Partizansky Avenue, Minsk, 220021, Belarus."}, english) == {
        frozenset(("state", "bis"))}


def test_two_plants_in_one_city_at_one_postal_code_stay_apart(english):
    # bis_entity_list.json: "Joint Stock Company Perm Machine Building Plant" (57 Novozvyaginskaya Street,
    # Perm, 614014) and "Public Joint Stock Company Motovilikha Plants" (35 1905 Goda Street, Perm, 614014):
    # one postal code, but neither name's words hold the other's ({perm, makhin, building, plant} and
    # {motoviliha, plant}), and the street differs -> apart.
    p = entry("perm", "Joint Stock Company Perm Machine Building Plant")
    m = entry("moto", "Public Joint Stock Company Motovilikha Plants")
    addresses = {"perm": "57 Novozvyaginskaya Street, Perm, Perm Territory, 614014, Russia.",
                 "moto": "35 1905 Goda Street, Perm, Perm Territory, 614014, Russia."}
    assert joined([p, m], addresses, english) == set()


def test_a_body_and_its_institute_at_one_address_stay_apart(english):
    # bis_entity_list.json: "Academy of Military Medical Sciences" and "Academy of Military Medical
    # Sciences, Institute of Toxicology and Pharmacology", both at 27 Taiping Road, Beijing, 100850. The
    # academy's words are all in the institute's name, but all are English words (no proper word), the
    # institute adds two words, and "institute" is a unit word only the second writes -> apart.
    a = entry("amms", "Academy of Military Medical Sciences", country="CN")
    t = entry("tox", "Academy of Military Medical Sciences, Institute of Toxicology and Pharmacology", country="CN")
    address = "27 Taiping Road, Haidian District, Beijing, 100850, China."
    assert joined([a, t], {"amms": address, "tox": address}, english) == set()


def test_a_person_and_the_company_of_that_name_stay_apart(english):
    # bis_entity_list.json (Pakistan): "Khalil Zadran" (a person; aliases "Samar Gul Khalil"…) and "Khalil
    # Zadran Company": the same two name words, but "Company" makes the second a business and the first
    # is two words of no business -> apart.
    p = entry("person", "Khalil Zadran", "Samar Gul Khalil", country="PK")
    c = entry("company", "Khalil Zadran Company", "Khalil Construction", country="PK")
    assert joined([p, c], {}, english) == set()


def test_a_limited_company_and_a_joint_stock_company_of_one_name_stay_apart(english):
    # bis_entity_list.json: "Stroytransgaz LLC" (House 65, Novocheremushkinskaya St., Moscow 117418) and
    # "Stroytransgaz OJSC" (House 58, same street and code): one proper word, but two kinds of legal form
    # (LLC / OJSC) -> apart.
    llc = entry("llc", "Stroytransgaz LLC", "OOO Stroytransgaz")
    ojsc = entry("ojsc", "Stroytransgaz OJSC")
    addresses = {"llc": "House 65, Novocheremushkinskaya St., Moscow 117418, Russia",
                 "ojsc": "House 58, Novocheremushkinskaya St., Moscow 117418, Russia"}
    assert joined([llc, ojsc], addresses, english) == set()


def test_a_name_plus_its_place_in_parentheses_is_the_same_organisation(english):
    # state_nonproliferation.json "150th Aircraft Repair Plant (ARZ) (Kaliningrad)" and bis_entity_list.json
    # "Joint Stock Company 150 Aircraft Repair Plant" (… Kaliningrad Oblast, 238347): without "(ARZ)" (an
    # abbreviation) and "(Kaliningrad)" the first reads {150, airkraft, repair, plant}, the second's name;
    # "Kaliningrad" is a word of the second's address -> joined ("plus its place").
    s = entry("state", "150th Aircraft Repair Plant (ARZ) (Kaliningrad)", list_id="state-nonproliferation")
    e = entry("bis", "Joint Stock Company 150 Aircraft Repair Plant", "150 ARZ")
    address = "4 Garnizonnaya Street, Lyublino, Svetly, Kaliningrad Oblast, 238347, Russia."
    assert joined([s, e], {"bis": address}, english) == {frozenset(("state", "bis"))}


# -- an EU entity that is a US entry under another English name (build_eval_scripts.eu_is_us) ------
# EU records from ../shared/data/watchlists/eu-journal/32014R0269.csv and 32014R0833.csv, US entries from
# bis_entity_list.json, copied by hand; the US addresses are given as `addresses_of` reads them (an
# address run into an alias counts).

MORYE = entry("morye", "Federal SUE Shipyard 'Morye'", "Federal State Unitary Enterprise SZ Morye", "FSUE SZ 'Morye'",
              "Morye Shipyard", "More Shipyard. 1 Desantnikov Street, Feodosia, Crimea 98176, Ukraine", country="UA")
VGTZ = entry("vgtz", "Volgograd Machine Building Company Limited Liability Company", "OOO VMK VGTZ", "VGTZ",
             "Volgogradskaya Mashinostroitelnaya Kompaniya", "LLC Volgograd Machine Building Company VGTZ")
BELOMO = entry("belomo", "BelOMO Holding", country="BY")
SOYUZ = entry("soyuz", "Joint Stock Company Kazan Experimental Design Bureau Soyuz", "AO Kazanskoe OKB Soyuz",
              "AO Kazanskoe Opytnoe Konstruktorskoe Byuro Soyuz", "JSC Kazan Experimental Design Bureau Soyuz",
              "Kazan OKB Soyuz")
US_ADDRESSES = {"morye": "More Shipyard. 1 Desantnikov Street, Feodosia, Crimea 98176, Ukraine",
                "vgtz": "1 Dzerzhinskogo Square, Volgograd, Volgograd Oblast, 400006, Russia.",
                "belomo": "23 Makaenka St., Minsk, 220114, Belarus.",
                "soyuz": "1 Dementiev Street, Kazan, Republic of Tatarstan, 420036, Russia."}


def test_postal_keys_read_a_crimean_code_both_ways():
    # Russia's 299011 (Sevastopol, EU journal) is Ukraine's 99011 with a leading 2 (Entity List): both kept
    assert b.postal_keys("Nakhimov Square 5, 299011 Sevastopol") == {"299011", "99011"}
    assert b.postal_keys("5, Nakhimova square, Sevastopol, Crimea 99011, Ukraine") == {"99011"}
    # a Moscow code (125284) is no Crimean one: kept as written
    assert b.postal_keys("125284, Moscow, pr-t Leningradsky, 35") == {"125284"}


def test_latin_part_of_a_mixed_script_name_folds_to_the_us_alias():
    # the EU previous name writes English, Russian and a transliteration in one string; its first Latin
    # run, folded ('state enterprise sevastopol commercial seaport'), is the US alias's fold
    prev = ("State enterprise ‘Sevastopol commercial seaport’ Государственное предприятие ‘Севастопольский морской "
            "торговьй порт’ Gosudarstvenoye predpriyatiye ‘Sevastopolski morskoy torgovy port’")
    parts = b.latin_parts(prev)
    assert parts[0] == "State enterprise ‘Sevastopol commercial seaport"
    assert b.fold(parts[0]) == b.fold("State Enterprise Sevastopol Commercial Seaport") \
        == "state enterprise sevastopol commercial seaport"
    assert b.latin_parts("PO More Shipyard") == []  # one script: no parts (the English-name rule reads it)


def test_eu_word_key_reads_morye_as_more():
    # Море: the Entity List writes 'Morye', the EU journal 'More'; 'ye' reads as 'e', then word_key
    # ('more' -> 'moer', the centre/center rule) for both
    assert b.eu_word_key("morye") == b.eu_word_key("more") == "moer"
    assert b.eu_word_key("moscow") != b.eu_word_key("more")


def test_eu_is_us_joins_more_shipyard_and_keeps_vmk_and_a_unit_apart():
    match = b.eu_is_us([MORYE, VGTZ, BELOMO], US_ADDRESSES)
    # PO More Shipyard at 'Desantnikov 1, …, Crimea, 298176': postcode 298176 -> 98176 (the US alias's),
    # house '1 Desantnikov' in both, and the word More / Morye in both names; Feodosia/Fedosia is the
    # place, not evidence: strong, so the EU row becomes a positive expecting the Morye entry
    got = match(["PO More Shipyard"], ["Акционерное Общество Судостроительный Завод ‘Море’"],
                "Desantnikov 1, Primorskiy, Fedosia, Crimea, 298176")
    assert set(got) == {"morye"} and got["morye"].startswith("strong: 98176 1 desan")
    # VMK LLC in Samara (443050) shares only its abbreviation with OOO VMK VGTZ in Volgograd (400006):
    # no postcode, no house in common, so no join (two companies; the row stays a negative)
    assert match(["VMK Limited Liability Company", "VMK LLC", "OOO VMK"],
                 ["Общество с Ограниченной Ответственностью «ВМК» (ООО «ВМК»)"],
                 "443050, Samara Oblast, Samara, Zubchaninovka Village, Smyshlyaevskoe Shosse, 1a, Office 258") == {}
    # the LEMT centre of BelOMO at BelOMO Holding's postcode 220114: the shared word 'BelOMO' joins a unit
    # to its holding, which only the holding writes ('holding'): a parent, no row either way
    got = match(["Research and Production Unitary Enterprise ‘Scientific and Technical Center ‘LEMT’ BelOMO’"], [],
                "D. 23, korp. 1, Nezhiloe pomeshchenie, Makaenka street, Minsk, 220114, Belarus")
    assert got == {"belomo": "parent: belomo"}


def test_eu_is_us_keeps_two_bodies_at_one_house_apart():
    match = b.eu_is_us([SOYUZ, MORYE], US_ADDRESSES)
    assert b.street_keys("420036, Republic of Tatarstan, Kazan, st. Dementieva 1") \
        & b.street_keys(US_ADDRESSES["soyuz"]) == {"1 demen"}
    # the Kazan aircraft plant (KAPO) and OKB Soyuz share postcode 420036 and the house '1 Dement…'
    # (Dementieva 1 / 1 Dementiev Street), but no name word: 'Kazan'/'Kazanskoe' is the address's place
    # (and its adjective), 'Aircraft', 'Aviation', 'Production', 'Plant' are kind words, 'Gorbunov' and
    # 'Soyuz' differ. Two organisations on one site: no join, the row stays a negative
    assert match(["Kazan Aircraft Production Plant named after S. P. Gorbunov",
                  "Kazan Aviation Plant named after S. P. Gorbunov"],
                 ["Казанский авиационный завод имени С. П. Горбунова"],
                 "420036, Republic of Tatarstan, Kazan, st. Dementieva 1, Russian Federation") == {}


# -- session 14's label audit (label_audit.py), applied by build_eval_scripts after its rules -------------
audit = pytest.importorskip("label_audit")


def row(group: str, kind: str, expected: str = "", allowed: str = "", split: str = "heldout") -> dict[str, str]:
    return {"split": split, "kind": kind, "lists": "us", "query": "q", "country": "", "expected": expected,
            "group": group, "allowed": allowed}


def test_label_audit_turns_a_listed_negative_into_a_positive():
    # ROR 05x5psy30, «НИИ молекулярной электроники» (Research Institute of Molecular Electronics, NIIME):
    # the rules left it a negative (no list name folds to its English name); the audit judged the Entity
    # List's "Joint Stock Company (JSC) NIIME" the same body ('same'). Before: ror-ru-negative, expected
    # empty. After: ror-ru, expected that entry plus its other listings, here none (`others` returns none)
    before = row("ror:05x5psy30", "ror-ru-negative")
    (after,) = audit.apply_audit([before], lambda ids: set())
    assert after["kind"] == "ror-ru"
    assert after["expected"] == "bis-entity-list:joint-stock-company-jsc-niime"
    assert after["allowed"] == ""
    # its other listings come with it (the builder passes its `same_company`), and the split stays
    (after,) = audit.apply_audit([row("ror:05x5psy30", "ror-ru-negative", split="dev")], lambda ids: {"x:twin"})
    assert after["expected"] == "bis-entity-list:joint-stock-company-jsc-niime|x:twin" and after["split"] == "dev"


def test_label_audit_replaces_a_wrong_expected_entry():
    # EU 32014r0269-71, «ООО Военно-промышленная компания» (LLC Military Industrial Company, Moscow): the
    # fold rule expected the State list's "Military Industrial Corp." ('military industrial' both), which is
    # Sudan's; the audit judged it 'other' (out of expected) and the Entity List's "Military Industrial Company
    # Limited Liability Company" at the EU address 'same' (in). The row stays a positive of its kind
    before = row("eu-journal:32014r0269-71", "eu-ru", "state-nonproliferation:military-industrial-corp")
    (after,) = audit.apply_audit([before], lambda ids: set())
    assert after["kind"] == "eu-ru"
    assert after["expected"] == "bis-entity-list:military-industrial-company-limited-liability-company"


def test_label_audit_allows_a_parent_and_keeps_other_and_doubt_unchanged():
    # EU 32014r0269-387, UKBTM (Nizhny Tagil 622007): the audit judged Uralvagonzavod its 'parent', so a
    # hit there is allowed; the row stays a negative with nothing expected
    (after,) = audit.apply_audit([row("eu-journal:32014r0269-387", "eu-ru-negative")], lambda ids: set())
    assert (after["kind"], after["expected"]) == ("eu-ru-negative", "")
    assert after["allowed"] == "bis-entity-list:uralvagonzavod"
    # EU 32014r0269-449, Concern Avtomatika: JSC Avtomatika of Vladivostok is 'other': the row is unchanged
    before = row("eu-journal:32014r0269-449", "eu-ru", "bis-entity-list:joint-stock-company-concern-avtomatika")
    assert audit.apply_audit([before], lambda ids: set()) == [before]
    # a group the audit does not name is untouched, and an UNCLEAR group's rows are left out
    other = row("ror:none", "ror-zh-negative")
    assert audit.apply_audit([other, row("eu-journal:32014r0833-831", "eu-ru-negative")], lambda ids: set()) == [other]



KRET = "bis-entity-list:joint-stock-company-concern-radio-electronic-technologies"
ROSTEC = "bis-entity-list:rostec-russian-technologies-state-corporation"
ALMAZ_ANTEY = "bis-entity-list:joint-stock-company-concern-almaz-antey"


def test_label_audit_other_takes_a_wrong_parent_out_of_allowed():
    # EU 32014r0269-425, LLC Testkomplekt: its listing text says it 'is a supplier of Radiopriborsnab, a
    # subsidiary of ... KRET': KRET owns the customer, not Testkomplekt, so KRET is 'other'. A row that had
    # KRET allowed loses it (a hit there becomes a false alarm); the row stays a negative
    before = row("eu-journal:32014r0269-425", "eu-ru-negative", allowed=KRET)
    (after,) = audit.apply_audit([before], lambda ids: set())
    assert (after["kind"], after["expected"], after["allowed"]) == ("eu-ru-negative", "", "")
    # EU 32014r0833-477, Radiopriborsnab itself: KRET is its 'parent' (that same listing text)
    (after,) = audit.apply_audit([row("eu-journal:32014r0833-477", "eu-ru-negative")], lambda ids: set())
    assert after["allowed"] == KRET


def test_label_audit_allows_a_listing_text_parent_on_positives_and_negatives_alike():
    # EU 32014r0269-58, Rosoboronexport (a positive): 'Rosoboronexport is a subsidiary company of Rostec';
    # the expected entry stays, Rostec is allowed
    roe = "bis-entity-list:rosoboronexport-ojsc-roe"
    (after,) = audit.apply_audit([row("eu-journal:32014r0269-58", "eu-ru", roe)], lambda ids: set())
    assert (after["kind"], after["expected"], after["allowed"]) == ("eu-ru", roe, ROSTEC)
    # EU 32014r0269-519, Voskresensky Aggregation Factory (a negative): 'The sole shareholder ... is JSC
    # Concern VKO Almaz-Antey': the same rule, Almaz-Antey allowed, the row stays a negative
    (after,) = audit.apply_audit([row("eu-journal:32014r0269-519", "eu-ru-negative")], lambda ids: set())
    assert (after["kind"], after["expected"], after["allowed"]) == ("eu-ru-negative", "", ALMAZ_ANTEY)


def test_label_audit_two_bodies_of_one_name_at_one_address_expect_their_own_entries():
    # EU 32014r0269-38 is the OAO (OGRN 1067746244026), 32014r0269-39 the OOO (OGRN 1147746527279), both at
    # Novy Arbat 15 bld 2. The fold rule expected the Entity List's LLC for both; the OAO's row keeps only the
    # OAO entry, the OOO's keeps only the LLC (the OAO entry is 'other' for it and was never expected)
    llc = "bis-entity-list:limited-liability-company-foreign-economic-association-technopromexport"
    oao = "bis-entity-list:otkrytoe-aktsionernoe-obshchestvo-vneshneekonomicheskoe-obedinenie-tekhnopromeks"
    (after,) = audit.apply_audit([row("eu-journal:32014r0269-38", "eu-ru", llc)], lambda ids: set())
    assert after["expected"] == oao
    (after,) = audit.apply_audit([row("eu-journal:32014r0269-39", "eu-ru", llc, split="dev")], lambda ids: set())
    assert (after["expected"], after["allowed"]) == (llc, "")


def test_label_audit_composes_a_cnki_row_for_a_chinese_negative_made_positive():
    # ROR 00gg5zj35, 中国人民解放军火箭军工程大学 (Xi'an): 'same' as the §1286 'Rocket Force Engineering
    # University'. Its first row becomes a ror-zh positive and gets the composed CNKI row the builder makes
    # for positives (here a stub that adds 研究生部); its second native name gets none
    rfeu = "dow-1286:rocket-force-engineering-university"
    first = {**row("ror:00gg5zj35", "ror-zh-negative"), "query": "中国人民解放军火箭军工程大学"}
    second = {**row("ror:00gg5zj35", "ror-zh-negative"), "query": "火箭军工程大学"}

    def stub(r: dict[str, str]) -> dict[str, str]:
        return {**r, "kind": "cnki-zh", "query": r["query"] + "研究生部"}

    out = audit.apply_audit([first, second], lambda ids: set(), stub)
    assert [(r["kind"], r["query"], r["expected"]) for r in out] == [
        ("ror-zh", "中国人民解放军火箭军工程大学", rfeu),
        ("cnki-zh", "中国人民解放军火箭军工程大学研究生部", rfeu),
        ("ror-zh", "火箭军工程大学", rfeu)]
    # the builder's own composition: the name plus one of its CNKI departments, labelled as the row
    cnki = b.cnki_row(out[0])
    assert cnki["kind"] == "cnki-zh" and cnki["expected"] == rfeu
    assert cnki["query"].removeprefix("中国人民解放军火箭军工程大学") in b.DEPARTMENTS


def test_label_audit_keeps_ihep_and_itep_apart_by_what_each_entry_names():
    # The Entity List's and §1286 'Institute of High Energy Physics' (Protvino) carry the alias
    # 'Kurchatovskiy Institute ITEF', ITEP's own name: for ITEP (EU 32014r0833-156) they are findings;
    # the ITEP entry names nothing of IHEP, so for IHEP (EU 32014r0833-155) it leaves `expected`
    ihep, ihep_1286 = "bis-entity-list:institute-of-high-energy-physics", "dow-1286:institute-of-high-energy-physics"
    itep = "bis-entity-list:institute-of-theoretical-and-experimental-physics"
    (after,) = audit.apply_audit([row("eu-journal:32014r0833-155", "eu-ru", f"{ihep}|{itep}|{ihep_1286}", split="dev")],
                                 lambda ids: set())
    assert after["expected"] == f"{ihep}|{ihep_1286}"
    (after,) = audit.apply_audit([row("eu-journal:32014r0833-156", "eu-ru", f"{ihep}|{itep}")], lambda ids: set())
    assert after["expected"] == f"{ihep}|{itep}|{ihep_1286}"

def test_label_audit_table_is_well_formed():
    # every decision is one of five, every judgement has a reason, no pair is judged twice, and a group is
    # not both judged and left out
    pairs = [(g, e) for g, e, _d, _w in audit.AUDIT]
    assert len(pairs) == len(set(pairs))
    assert all(d in audit.DECISIONS and len(w) > 20 for _g, _e, d, w in audit.AUDIT)
    assert not {g for g, *_ in audit.AUDIT} & set(audit.UNCLEAR)


def test_label_audit_entries_are_list_entries():
    from techties.screen.lists import load_curated
    from techties.screen.snapshot import load_snapshot

    ids = {e.entry_id for e in load_snapshot() + load_curated()}
    assert {e for _g, e, _d, _w in audit.AUDIT} <= ids
