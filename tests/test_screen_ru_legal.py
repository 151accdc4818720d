"""Russian state legal forms the US lists spell out in English or transliterate at the start of a name
(session 11, branch rulegal, issue #16): a form of the name without them is indexed, as a Russian
query writes the legal form as initials (ФГУП, ФГБУН) or not at all. Expected values are worked out
by hand from the BIS Entity List names cited."""

from __future__ import annotations

import pytest

from techties.screen.lists import ListEntry
from techties.screen.match import Matcher
from techties.screen.names import name_forms, state_form_bare
from techties.screen.structure import parse_ru, quoted_cores


@pytest.mark.parametrize(("name", "bare"), [
    # BIS: the legal form, then the institution's own name
    ("Federal State Unitary Enterprise All-Russian Research Institute of Physical, Technical and Radio "
     "Engineering Measurements",
     ["All-Russian Research Institute of Physical, Technical and Radio Engineering Measurements"]),
    ("Federal State Enterprise Aleksinsky Chemical Plant", ["Aleksinsky Chemical Plant"]),
    ("State Enterprise Evpatoria Sea Commercial Port", ["Evpatoria Sea Commercial Port"]),
    # the republic after the form is part of the form (ГУП РК); the quotes go with it
    ("State Unitary Enterprise of the Republic of Crimea 'Crimean Ports'", ["Crimean Ports"]),
    ("Federal State Autonomous Institution Military Innovative Technopolis Era",
     ["Military Innovative Technopolis Era"]),
    ("Federal State Budgetary Institute A.V. Zhirmunskiy National Scientific Research Center of Marine Biology",
     ["A.V. Zhirmunskiy National Scientific Research Center of Marine Biology"]),
    ("Federalnoe Gosudarstvennoe Unitarnoe Predpriyatie Tsentralny Nauchno-Issledovatelski Institut",
     ["Tsentralny Nauchno-Issledovatelski Institut"]),
    ("Federal State Budgetary Enterprise Special Flight Unit Rossiya of the Administration of the President of Russia",
     ["Special Flight Unit Rossiya of the Administration of the President of Russia"]),
    # what is left starts "of": the form is the whole name, not one set before it
    ("Federal State Budgetary Enterprise of the Administration of the President of Russia", []),
    ("Gosudarstvennoe Unitarnoe Predpriyatie Respubliki Krym Universal", []),  # one word left: Universal
    # organisational words alone name no one
    ("Federal State Unitary Enterprise Research Institute", []),
    ("Federal State Unitary Enterprise Plant", []),
    # the form only at the start: "State Research and Production Enterprise Bazalt" is no legal form
    ("State Research and Production Enterprise Bazalt", []),
    ("Joint Stock Company Eleron", []),  # "joint stock company" are stopwords already
])
def test_state_form_bare(name, bare):
    assert state_form_bare(name) == bare


def test_legal_form_and_ras_both_set_aside():
    # name_forms cuts ", Siberian Branch of the Russian Academy of Sciences" first (the short form);
    # the legal form then goes from the name and from the short form
    name = ("Federal State Budgetary Institution of Science Institute of Molecular and Cell Biology, "
            "Siberian Branch of the Russian Academy of Sciences")
    forms = [f for f, _ in name_forms(name)]
    assert "Institute of Molecular and Cell Biology" in forms
    assert "Institute of Molecular and Cell Biology, Siberian Branch of the Russian Academy of Sciences" in forms


def _entry(i: int, name: str) -> ListEntry:
    return ListEntry(list_id="t", list_name="test", entry_id=f"t:{i}", name=name, country="RU")


def test_initials_query_hits_spelt_out_legal_form():
    m = Matcher([_entry(0, "Federal State Unitary Enterprise Aleksinsky Chemical Plant"),
                 _entry(1, "Federal State Unitary Enterprise Research Institute")])
    # how an English reading of ФГУП «…» comes without its initials: the list name less its legal form
    # (without the bare form the query scores under 0.3 against the full name)
    assert [h.entry for h in m.screen("Aleksinsky Chemical Plant", "RU")] == [
        "Federal State Unitary Enterprise Aleksinsky Chemical Plant"]
    # a generic name does not reach the entry that is only the legal form and generic words
    assert [h.entry for h in m.screen("Research Institute", "RU")] == []


def test_nested_quotes_opened_by_a_curly_double_quote():
    # EU journal: "ГУП ‘Завод шампанских вин “Новый Свет”’" (State Enterprise Factory of Sparkling Wine
    # Novy Svet): “ before a word opens the inner name, so the innermost core is Новый Свет and the
    # outer one the whole quoted name, quotes dropped
    assert quoted_cores("ГУП ‘Завод шампанских вин “Новый Свет”’") == ["Новый Свет", "Завод шампанских вин Новый Свет"]
    # „…“ as German-style quotes: “ after the name, no word after it, still closes
    assert quoted_cores("АО „Завод“ Москва") == ["Завод", "Завод Москва"]


@pytest.mark.parametrize(("russian", "legal", "base"), [
    # ГУП РК: the Republic of Crimea is the owner named in the legal form, not part of the firm's name
    # (BIS lists "State Enterprise Factory of Sparkling Wine Novy Svet" with no Crimea)
    ("Государственное унитарное предприятие Республики Крым «Завод шампанских вин «Новый Свет»",
     ("Государственное унитарное предприятие Республики Крым",), "Завод шампанских вин Новый Свет"),
    ("ГУП РК «Крымские морские порты»", ("ГУП РК",), "Крымские морские порты"),
    ("ГУП «Водоканал»", ("ГУП",), "Водоканал"),  # a plain ГУП is as before
])
def test_crimean_unitary_enterprise_form(russian, legal, base):
    p = parse_ru(russian)
    assert (p.legal, p.base) == (legal, base)
