"""Russian names by their distinctive parts (issue #16): eponym or quoted name, place and field words,
kind words allowed to differ, a branch's parent set aside.

Oracles worked out by hand: the tokens are the names' words cut to six letters (`names.tokens`), the
pairs and leftovers below were read off each pair of names word by word; the list names are the shipped
US snapshot's (BIS Entity List), checked by reading them.
"""

from __future__ import annotations

import pytest

from techties.screen.distinctive_ru import (
    DISTINCT_SCORE,
    anchors_of,
    compare_parts,
    is_kind,
    parent_tokens,
    query_readings,
)
from techties.screen.lists import ListEntry
from techties.screen.match import Matcher
from techties.screen.names import tokens


def test_kind_words():
    assert all(is_kind(t) for t in ("plant", "produc", "associ", "instit", "name", "branch", "npo", "okb"))
    # "named after", "n.a.", "imeni" and legal forms never become tokens: nothing to take out
    assert tokens("named after n.a. imeni JSC") == ()
    assert not any(is_kind(t) for t in ("novosi", "chkalo", "aviati", "sokol"))


def test_anchor_is_a_persons_surname_or_a_short_quoted_name():
    assert anchors_of("ОАО «Новосибирское Авиационное Производственное Объединение им. В.П. Чкалова»")[:2] == (
        ("chkalo",), "eponym В.П. Чкалов")
    # no initials: "имени Коминтерна" names many plants, no person; no quoted name either
    assert anchors_of("Новосибирский завод имени Коминтерна")[0] == ()
    assert anchors_of("Нижегородский Авиастроительный завод «Сокол»")[:2] == (("sokol",), "quoted name «Сокол»")
    # three quoted words are the whole name, not an anchor
    assert anchors_of("АО «Алагирский Завод Сопротивлений»")[0] == ()
    # the branch's own part only: the parent's quoted name «ОАК» is set aside
    own = anchors_of("Филиал ПАО «ОАК» – Луховицкий Авиационный Завод имени П.А. Воронина")
    assert own[0] == ("voroni",) and own[2] == "Луховицкий Авиационный Завод имени П.А. Воронина"


def test_query_reading_has_the_surname_without_initials():
    # "Н.Е." would give the token "ye"; the surname alone is what the lists write
    assert "national research center institute Zhukovskiy" in query_readings(
        "«Национальный Исследовательский Центр «Институт имени Н.Е. Жуковского»")


def test_kind_words_may_differ_when_all_distinctive_words_pair():
    # Новосибирское Авиационное Производственное Объединение им. Чкалова / Chkalov Novosibirsk Aviation Plant
    q = ("novosi", "aviati", "produc", "associ", "chkalo")
    a = ("chkalo", "novosi", "aviati", "plant")
    assert compare_parts(q, ("chkalo",), "Chkalov Novosibirsk Aviation Plant", a) == {
        "anchor": ["chkalo"], "distinctive": ["novosi", "aviati"], "kind_agree": [],
        "kind_query_only": ["produc", "associ"], "kind_list_only": ["plant"], "branch_parent": []}


def test_a_distinctive_word_of_either_side_must_pair():
    q = ("novosi", "aviati", "plant", "chkalo")
    assert compare_parts(q, ("chkalo",), "Chkalov Omsk Aviation Plant", ("chkalo", "omsk", "aviati", "plant")) is None
    assert compare_parts(q + ("helico",), ("chkalo",), "x", ("chkalo", "novosi", "aviati", "plant")) is None
    # without the anchor, or with fewer than three words paired, nothing
    assert compare_parts(q, ("chkalo",), "x", ("novosi", "aviati", "plant")) is None
    assert compare_parts(("chkalo", "plant"), ("chkalo",), "x", ("chkalo", "plant")) is None


def test_branch_parent_of_the_list_name_may_be_unpaired():
    tail = "P.A. Voronin Lukhovitsk Aviation Plant, branch of RSK MiG"
    assert parent_tokens(tail, ("voroni", "lukhov", "aviati", "plant", "branch", "rsk", "mig"), set()) == {
        "rsk", "mig"}
    head = "Branch of RSK MiG Nizhny Novgorod Aircraft Plant Sokol"
    toks = ("branch", "rsk", "mig", "nizhny", "novgor", "aircra", "plant", "sokol")
    assert parent_tokens(head, toks, {"nizhny", "novgor", "aircra", "plant", "sokol"}) == {"branch", "rsk", "mig"}
    assert parent_tokens("Chkalov Novosibirsk Aviation Plant", ("chkalo",), set()) == set()
    q = ("lukhov", "aviati", "plant", "voroni")
    assert compare_parts(q, ("voroni",), tail, ("voroni", "lukhov", "aviati", "plant", "branch", "rsk", "mig"))[
        "branch_parent"] == ["mig", "rsk"]


def _entry(slug: str, name: str, country: str = "RU") -> ListEntry:
    return ListEntry(list_id="t", list_name="t", entry_id=f"t:{slug}", name=name, country=country)


def test_small_list_only_the_entry_whose_distinctive_words_all_pair():
    m = Matcher([_entry("nsk", "Chkalov Novosibirsk Aviation Plant"), _entry("omsk", "Chkalov Omsk Aviation Plant"),
                 _entry("de", "Chkalov Novosibirsk Aviation Plant GmbH", "DE")])
    hits = m.screen("ОАО «Новосибирское Авиационное Производственное Объединение им. В.П. Чкалова»")
    assert [(h.entry_id, h.score) for h in hits] == [("t:nsk", DISTINCT_SCORE)]
    assert "eponym В.П. Чкалов" in hits[0].method and "kind words differ" in hits[0].method
    # no person: the same words named after the Comintern anchor nothing
    assert m.screen("ОАО «Новосибирское Авиационное Производственное Объединение имени Коминтерна»") == []


@pytest.mark.parametrize("query, entry", [
    ("Акционерное Общество «Радиотехнический Институт имени Академика А.Л. Минца» (АО РТИ)",
     "Radio Technical Institute named after A. L. Mints"),
    ("Филиал Публичного Акционерного Общества «Объединенная Авиастроительная Корпорация» – Луховицкий Авиационный "
     "Завод имени П.А. Воронина", "P.A. Voronin Lukhovitsk Aviation Plant, branch of RSK MiG"),
])
def test_real_list_names(matcher, query, entry):
    hits = matcher.screen(query)
    assert [h.entry for h in hits] == [entry] and hits[0].score == DISTINCT_SCORE
    assert "distinctive parts" in hits[0].explanation
