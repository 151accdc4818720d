"""The Russian glossary covers the vocabulary of the names it screens against (issue #16): rows
written for the English content words of the lists' RU and BY entries (bench/ru_vocab_coverage.py).
Expected values are worked out by hand from the rows and the list names quoted in
data/glossary_ru.yaml."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from techties.screen.names import ru_variants, tokens


def test_variants_give_the_lists_other_english_word():
    # 'Makeyev State Rocket Center' alias 'Makeyev State Missile Center'
    assert tokens("missile")[0] in ru_variants()[tokens("rocket")[0]]
    # 'Main Directorate of Deep-Sea Research' and 'Administration of the President' for управление
    control = ru_variants()[tokens("control")[0]]
    assert {tokens("directorate")[0], tokens("administration")[0], tokens("management")[0]} <= control
    # 'SOE Semiconductor Devices Factory' for завод полупроводниковых приборов
    assert tokens("devices")[0] in ru_variants()[tokens("instruments")[0]]


def _coverage_module():
    spec = importlib.util.spec_from_file_location(
        "ru_vocab_coverage", Path(__file__).parents[1] / "bench" / "ru_vocab_coverage.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_content_word_rules_by_hand():
    pytest.importorskip("spellchecker")
    cov = _coverage_module()
    words = cov.content_words(["OOO Tupolev Aircraft Plant", "Moscow Missile Center of the Zebra",
                               "Kazan zebra Plant"])
    # OOO: legal form; of, the: stop words; Tupolev: capitalised everywhere, no English word;
    # Moscow, Kazan: places; Zebra is written lower case once, so a content word
    assert words == Counter({"plant": 2, "zebra": 2, "aircraft": 1, "missile": 1, "center": 1})
    covered, missing = cov.coverage(words, min_count=1)
    # aircraft (самолет), missile (ракетный variant), plant (завод), center (центр); no row gives zebra
    assert sorted(covered) == ["aircraft", "center", "missile", "plant"]
    assert missing == ["zebra"]


def test_glossary_covers_the_lists_vocabulary_floor():
    """A floor, never to be lowered: `python bench/ru_vocab_coverage.py` on the shipped lists gave
    203 of 449 content words (frequency >= 2) covered with the variant rows of this change (193
    before); most of the rest are names written in quotes (Soyuz, Arsenal, Pulsar), first names,
    transliterations the plain reading already gives, and words still waiting for rows."""
    pytest.importorskip("spellchecker")
    covered, missing, _ = _coverage_module().shipped_coverage()
    assert len(covered) >= 203
    assert {"missile", "devices", "management", "directorate", "administration", "gunpowder", "wheeled",
            "communication", "motors"} <= set(covered)
