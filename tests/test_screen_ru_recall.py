"""Recall mechanisms written for the misses of probe_ru and probe_ru3 (issue #16): the alias a list name joins
with "a.k.a.". Expected values are worked out by hand from the list names and the Russian words."""

from __future__ import annotations

import pytest

from techties.screen.names import aka_parts, name_forms

DOLGOPRUDNY = "bis-entity-list:dolgoprudny-research-production-enterprise-oao-a-k-a-olgoprudnenskoye-npp-oao"


# -- "a.k.a." inside a list name -----------------------------------------------------------------
def test_aka_parts_splits_at_the_open_bracket():
    assert aka_parts("Surgutneftegas (a.k.a. Open Joint Stock Company Surgutneftegas") == [
        "Surgutneftegas", "Open Joint Stock Company Surgutneftegas"]
    assert aka_parts("Tikhomirov Scientific Research Institute of Instrument Design, JSC (a.k.a., JSC NIIP") == [
        "Tikhomirov Scientific Research Institute of Instrument Design, JSC", "JSC NIIP"]
    # without a bracket; the quotes around the alias are no part of it
    yichang = "Yichang Testing Technology Research Institute a.k.a. Yichang Institute of Testing Technology"
    assert aka_parts(yichang) == [
        "Yichang Testing Technology Research Institute", "Yichang Institute of Testing Technology"]
    assert aka_parts("Mesbah Energy Company (a.k.a. “MEC”)") == ["Mesbah Energy Company", "MEC"]
    # the bracket the alias opens ends it: what follows it is no alias
    assert aka_parts("Ch'oe Ch'o'l-min (a.k.a Choe Chol Min) (DPRK individual)") == [
        "Ch'oe Ch'o'l-min", "Choe Chol Min"]


def test_aka_parts_none_without_a_name_on_each_side():
    assert aka_parts("Sabanican Company (a.k.a.") == []
    assert aka_parts("National Development Complex (NDC), a.k.a., the following two aliases:") == []
    assert aka_parts("Almaz Central Design Bureau") == []


def test_name_forms_add_the_alias_after_aka_alone():
    forms = name_forms("Dolgoprudny Research Production Enterprise, OAO (a.k.a. olgoprudnenskoye NPP OAO")
    assert ("olgoprudnenskoye NPP OAO", "name") in forms
    # the part before "a.k.a." is not added alone (it starts the whole name, which is kept)
    assert ("Dolgoprudny Research Production Enterprise, OAO", "name") not in forms
    assert forms[0] == ("Dolgoprudny Research Production Enterprise, OAO (a.k.a. olgoprudnenskoye NPP OAO", "name")
    # an alias of initials is an acronym form
    assert ("MEC", "acronym") in name_forms("Mesbah Energy Company (a.k.a. “MEC”)")
    # a name without "a.k.a." keeps its forms as before
    assert name_forms("Keldysh Research Center") == [("Keldysh Research Center", "name")]


@pytest.mark.parametrize("query", ["ОАО «Долгопрудненское НПП», Московская область",
                                   "ОАО «Долгопрудненское научно-производственное предприятие»"])
def test_the_alias_after_aka_finds_its_entry(matcher, query):
    # Долгопрудненское = the list's 'olgoprudnenskoye' (its D lost), НПП = 'NPP', ОАО = 'OAO'
    assert DOLGOPRUDNY in {h.entry_id for h in matcher.screen(query)}


# -- газ: 'gas' in the lists' compounds ------------------------------------------------------------
def test_skeleton_meets_gaz_and_gas_at_a_words_end():
    from techties.screen.match import skeleton

    # surgutneftegaz: z -> s at the end; kh/ch/y rules as before
    assert skeleton("surgutneftegaz") == skeleton("surgutneftegas") == "surgutneftegas"
    assert skeleton("gazprom") == "gazprom"  # only at the end of a word
    assert skeleton("chernomorneftegaz") == "hernomorneftegas"


def test_surgutneftegaz_finds_surgutneftegas(matcher):
    # «Сургутнефтегаз» read 'Surgutneftegaz'; the Entity List writes 'Surgutneftegas'; Общество is a company
    got = {h.entry_id for h in matcher.screen("Общество ‘Сургутнефтегаз’")}
    assert "bis-entity-list:surgutneftegas-a-k-a-open-joint-stock-company-surgutneftegas" in got
