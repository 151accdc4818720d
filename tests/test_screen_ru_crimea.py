"""The adjective of Crimea (крымский) read as the lists write it, 'Crimean', not as the town Krymsk's (issue #16,
probe_ru5's misses). Expected values are worked out by hand from the Russian words and the list names."""

from __future__ import annotations

import pytest

from techties.screen.names import translate_ru


def test_crimean_adjective_is_crimea_not_the_town_krymsk():
    assert translate_ru("Крымская железная дорога") == "crimean railway"  # 'Crimean Railway'
    assert translate_ru("Крымское республиканское предприятие") == "crimean republic enterprise"
    assert translate_ru("Крымского") == "crimean"
    assert translate_ru("Крымскую") == "crimean"
    assert translate_ru("г. Крымск") == "g krymsk"  # the town Krymsk (Krasnodar Krai) by its own name


@pytest.mark.parametrize("query", ["ФГУП «Крымская железная дорога»",
                                   "Федеральное государственное унитарное предприятие «Крымская железная дорога»"])
def test_crimean_railway_is_found(matcher, query):
    assert "bis-entity-list:crimean-railway" in {h.entry_id for h in matcher.screen(query)}
