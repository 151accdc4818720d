"""Russian-script screening mechanisms (issue #16): quoted core names, branches, city adjectives,
translation variants with their sources, and whole-word checks behind cut tokens. Names are real
Russian names written by hand; expected entries are checked by hand in the shipped US snapshot."""

from __future__ import annotations

import re

import pytest

from techties.screen.lists import load_curated
from techties.screen.match import Matcher, same_word
from techties.screen.names import _data, ru_city, ru_variants
from techties.screen.snapshot import load_snapshot
from techties.screen.structure import quoted_cores, split_branch


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_snapshot() + load_curated())


def test_quoted_core_with_legal_form_finds_its_entry(matcher):
    # АО (legal form) + «Концерн ВКО «Алмаз – Антей»»: the lists write "Joint-Stock Company Concern Almaz-Antey"
    top = matcher.screen("АО «Концерн ВКО «Алмаз – Антей»")[0]
    assert top.entry_id == "bis-entity-list:joint-stock-company-concern-almaz-antey"
    assert "quoted core «Алмаз – Антей»" in top.method


def test_quoted_cores_innermost_first():
    assert quoted_cores("Акционерное Общество «Научно-Производственный Концерн «Технологии Машиностроения»") == [
        "Технологии Машиностроения", "Научно-Производственный Концерн Технологии Машиностроения"]


def test_branch_is_read_without_its_parent(matcher):
    q = "Лыткаринский машиностроительный завод – филиал ПАО «ОДК-УМПО»"
    assert split_branch(q) == ("Лыткаринский машиностроительный завод", "филиал ПАО «ОДК-УМПО»")
    assert split_branch("Филиал «Судоремонтный завод «Нерпа» – АО «Центр судоремонта «Звёздочка»")[0] == (
        "«Судоремонтный завод «Нерпа»")
    hits = matcher.screen(q)  # the plant, not "Public Joint Stock Company UEC-Ufa Engine Industrial Association"
    assert [h.entry_id for h in hits] == ["bis-entity-list:lytkarino-machine-building-plant"]


def test_city_adjective_reads_as_the_city():
    assert ru_city("тульский") == "Tula" and ru_city("казанского") == "Kazan" and ru_city("омский") == "Omsk"
    assert ru_city("ставропольский") == "Stavropol"  # not Tolyatti, once "Ставрополь-на-Волге"
    assert ru_city("жуковский") is None  # the adjective is itself the city Zhukovsky
    assert ru_city("технический") is None


def test_city_adjective_and_translation_find_the_entry(matcher):
    top = matcher.screen("Публичное акционерное общество «Тульский оружейный завод»")[0]
    assert top.entry_id == "bis-entity-list:tula-arms-plant"  # listed as "Tula Arms Plant"


def test_translation_variants_come_from_list_names():
    assert {"factor", "works", "zavod"} <= ru_variants()["plant"]
    names = {n for e in load_snapshot() for n in (e.name, *e.aliases)}
    for row in _data("glossary_ru.yaml")["variants"]:
        for quoted in re.findall(r"'([^']+)'", row["source"]):
            assert quoted in names, (row["ru"], quoted)


def test_cut_tokens_need_the_same_whole_word(matcher):
    assert not same_word("geomir", "geomiragro") and not same_word("elektronika", "elektron")
    assert same_word("elektrosignal", "electrosignal") and same_word("aerokompozit", "aerocomposit")
    ids = [h.entry_id for h in matcher.screen("ООО «Геомирагро»")]
    assert ids == ["bis-entity-list:ooo-geomiragro"]  # "AO Geomir" shares only the cut "geomir"
    top = matcher.screen("Акционерное общество «Электросигнал»")[0]  # "electr" as in "electronic", not generic
    assert top.entry_id == "bis-entity-list:electrosignal-jsc"


def test_unlisted_russian_institute_hits_nothing(matcher):
    assert matcher.screen("Научно-исследовательский институт бетона и железобетона") == []
    assert matcher.screen("Институт бетона и железобетона") == []
