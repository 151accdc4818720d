"""Screening speed-ups that must change no result: `Matcher.prune` is a ceiling (it never drops an
alias that `compare` scores at the threshold), and `near_tokens` finds the list tokens a misspelt
token may pair with. Curated list only: no shared data needed."""

from __future__ import annotations

import pytest

from techties.screen import match
from techties.screen.lists import ListEntry, load_curated
from techties.screen.match import Matcher
from techties.screen.names import tokens

QUERIES = [
    "Harbin Inst Technol Shenzhen", "Harbim Institute of Tecnology", "Beihang Univ", "Harbin Engn Univ",
    "Nanjing Univ Aeronaut & Astronaut", "Nanjing Univ Sci & Technol", "Northwestern Polytech Univ",
    "Skolkovo Inst Sci & Technol SKOLTECH", "Moscow Inst Phys & Technol", "Natl Res Ctr Kurchatov Inst",
    "Univ Sci & Technol China", "Univ Elect Sci & Technol China", "Sichuan Univ", "Tianjin Univ",
    "Lomonosov Moscow State Univ", "Bauman Moscow State Tech Univ", "Beijing Univ Posts & Telecommun",
    "Natl Univ Def Technol", "Chinese Acad Engn Phys", "Mozhaisky Mil Space Acad", "PN Lebedev Phys Inst",
    "Beijing Inst Technol", "Beijing Institue of Technolgy", "Moskow Aviaton Institute", "Tianjn Univrsity",
    "Sch Comp Sci", "Peking Univ", "Zhejiang Univ", "Chinese Acad Sci, Inst Comp Technol",
    "46 TsNII MO", "Central Research Institute 27", "ERA Technopolis", "Technopolis Era Anapa",
]


@pytest.fixture(scope="module")
def curated() -> Matcher:
    return Matcher(load_curated())


@pytest.mark.parametrize("array_min", [1, 10**9])  # the ceiling over arrays, and per candidate
def test_prune_keeps_every_alias_compare_scores_at_the_threshold(curated, monkeypatch, array_min):
    monkeypatch.setattr(match, "PRUNE_ARRAY_MIN", array_min)
    m = curated
    every = list(range(len(m.aliases)))
    hits = dropped = 0
    for q in QUERIES:
        toks = tokens(q)
        kept = set(m.prune(toks, every))
        dropped += len(every) - len(kept)
        for country in (None, "CN", "RU"):
            for j, alias in enumerate(m.aliases):
                score, _ = m.compare(toks, alias, country, q)
                if score >= m.threshold:
                    hits += 1
                    assert j in kept, (q, country, alias.text, score)
    assert hits >= 40 and dropped > 0.9 * len(every) * len(QUERIES)  # not a vacuous check


def _matcher(*names: str) -> Matcher:
    return Matcher([ListEntry(list_id="t", list_name="test", entry_id=f"t:{i}", name=n) for i, n in enumerate(names)])


def test_near_tokens_are_the_list_tokens_a_misspelling_may_pair_with():
    m = _matcher("Xian Jiaotong University", "Tianjin University")
    assert set(m.postings) == {"xian", "jiaoto", "univer", "tianji"}
    # "jiaton" / "jiaoto": longest common subsequence "jiato", Indel similarity 2*5/12 = 0.83 >= 0.8
    assert m.near_tokens("jiaton") == {"jiaoto"}
    # "tianjn" / "tianji": 2*5/12 = 0.83; "tianjn" / "jiaoto": "ij" at most, far below
    assert m.near_tokens("tianjn") == {"tianji"}
    # five against six letters: "univr" is "univer" less one letter, 2*5/11 = 0.91
    assert m.near_tokens("univr") == {"univer"}
    # "xiaan" / "xian": four letters never pair (`token_similarity` needs five); "zzzzzz" has no neighbour
    assert m.near_tokens("xiaan") == frozenset() and m.near_tokens("zzzzzz") == frozenset()
    assert m.near_tokens("12345") == frozenset()  # numbers never pair


def test_near_tokens_of_long_words():
    m = _matcher("Beijing Zhipuhuazhang Technology")  # 13 letters: cut to six like any word
    assert set(m.postings) == {"beijin", "zhipuh", "techno"}
    m = _matcher("Madingxianjinzhi Technology")  # 16 letters: a run-together pinyin word is kept whole
    assert set(m.postings) == {"madingxianjinzhi", "techno"}
    # 15 against 16 letters, one left out: 2*15/31 = 0.97; 14 against 16: 2*14/30 = 0.93
    assert m.near_tokens("madingxianjnzhi") == {"madingxianjinzhi"}
    assert m.near_tokens("madingxianjinz") == {"madingxianjinzhi"}
    # six letters against the long word: at best 2*6/22 = 0.55
    assert m.near_tokens("mading") == frozenset()


def test_an_empty_list_matches_nothing():
    assert Matcher([]).screen("Harbin Inst Technol, Harbin 150001, Peoples R China.") == []


# -- Cyrillic queries: what is worked out once per reading must give what each alias alone gave -------------
def test_respell_each_gives_each_alias_its_spelling_and_the_others_the_reading_as_is():
    m = _matcher("Papillon Information Technologies LLC.", "AO Papilon", "Finko LLC", "Quantum Systems")
    j = {m.aliases[k].text: k for k in range(len(m.aliases))}
    every = list(range(len(m.aliases)))
    # "Папилон" reads "papilon", cut to "papilo"; skeleton("papilon") = "papilon" = skeleton("papillon"): a rare
    # word (one alias has "papilo") takes the Papillon alias's token; "AO Papilon" has "papilo" itself and
    # lacks "inform" and "techno", for which no alias word has their skeleton; Finko and Quantum share nothing
    toks, eng = ("inform", "techno", "papilo"), "information technology papilon"
    per = m.respell_each(toks, every, eng)
    assert per == {k: m.respell_ru(toks, k, eng) for k in every}
    assert per[j["Papillon Information Technologies LLC."]] == ("inform", "techno", "papill")
    assert per[j["AO Papilon"]] == per[j["Finko LLC"]] == per[j["Quantum Systems"]] == toks
    _, moved = m._respell_plan(toks, eng)
    assert j["Finko LLC"] not in moved and j["Quantum Systems"] not in moved
    # "kvantovye sistemy": "kvanto" is no list token, and "kvantovye" / "Quantum" are cognates (cognate_key
    # "kvantovie" / "kvantum": "kvant" in common, 5 letters of 7); "sistem" has the skeleton of "system"
    toks, eng = ("kvanto", "sistem"), "kvantovye sistemy"
    per = m.respell_each(toks, every, eng)
    assert per == {k: m.respell_ru(toks, k, eng) for k in every}
    assert per[j["Quantum Systems"]] == ("quantu", "system")
    assert per[j["Finko LLC"]] == toks


def test_cognates_share_their_cognate_prefix():
    from techties.screen.structure import cognate, cognate_prefix

    # by hand: kv for qu, k for c, s for z, doubled letters once: "kvant…", "kompo…"
    assert cognate("kvantovye", "Quantum") and cognate_prefix("kvantovye") == cognate_prefix("Quantum") == "kvant"
    assert cognate("kompozitsionnykh", "Composite")
    assert cognate_prefix("kompozitsionnykh") == cognate_prefix("Composite") == "kompo"
    assert cognate_prefix("Rostest") != cognate_prefix("Quantum")


RU_READINGS = ["moscow institute of physics and technology", "skolkovo institute of science and technology",
               "russian academy of sciences institute of applied physics", "kurchatov institute",
               "bauman moscow state technical university", "moskovskii fiziko tekhnicheskii institut",
               "rossiiskaia akademiia nauk", "nauchno issledovatelskii institut sistemy"]


def test_prune_each_keeps_every_respelt_alias_compare_scores_at_the_threshold(curated):
    m = curated
    every = list(range(len(m.aliases)))
    hits = 0
    for eng in RU_READINGS:
        toks = tokens(eng)
        per = m.respell_each(toks, every, eng)
        kept = m.prune_each(per)
        one_by_one = {j for j, t in per.items() if m.prune(t, [j])}
        # the same aliases, and iterated in the same order: of two aliases of one entry that score alike,
        # `_screen_form` keeps the first
        assert kept == one_by_one and list(kept) == list(one_by_one)
        for j, t in per.items():
            for country in (None, "RU"):
                score, _ = m.compare(t, m.aliases[j], country, eng, script="ru")
                if score >= m.threshold:
                    hits += 1
                    assert j in kept, (eng, m.aliases[j].text, score)
    assert hits >= 6  # not a vacuous check


def test_a_russian_word_takes_its_longest_glossary_stem():
    from techties.screen.names import _ru_stem_of, _ru_stems

    stems = ["машиностроительный завод", "машиностроит", "машин", "нии", "ао"]  # longest first, as _ru_stems
    assert _ru_stem_of("машиностроительного", stems) == "машиностроит"  # the longer of two stems
    assert _ru_stem_of("машинный", stems) == "машин"
    assert _ru_stem_of("нии", stems) == "нии"  # initials: the whole word only
    assert _ru_stem_of("ниисх", stems) is None
    assert _ru_stem_of("ао", stems) == "ао" and _ru_stem_of("аон", stems) is None  # under three letters: whole
    # the glossary's own stems, against the definition (the first stem, longest first, that fits)
    from techties.screen.names import _RU_INITIALS

    def first(w: str) -> str | None:
        return next((s for s in _ru_stems() if " " not in s and (w == s or (len(s) >= 3 and s not in _RU_INITIALS
                                                                           and w.startswith(s)))), None)

    words = ["научно-исследовательский", "машиностроительного", "завода", "нии", "ниимаш", "ракетно",
             "космической", "корпорации", "энергия", "конструкторское", "бюро", "ао", "оао", "публичное"]
    assert [_ru_stem_of(w, _ru_stems()) for w in words] == [first(w) for w in words]
    assert _ru_stem_of("машиностроительного", _ru_stems()) == "машиностроительн"
