"""A lone Russian acronym the lists give as an alias of one body written on several entries (issue #16,
probe_ru7's misses ГРУ, КБП): `lookalikes_ru.one_body`, read by `Matcher.screen`'s rule for a short alias
several entries share. Expected values are worked out by hand from the list names."""

from __future__ import annotations

from techties.screen.lookalikes_ru import one_body

GRU = [["Main Intelligence Directorate", "Glavnoe Razvedyvatel'noe Upravlenie", "GRU", "Main Intelligence Department"],
       ["Russian General Staff Main Intelligence Directorate (GRU)"]]
KBP = [["Konstruktorskoe Byuro Priborostroeniya Otkrytoe Aktsionernoe Obshchestvo", "Instrument Design Bureau",
        "KBP OAO"],
       ["Instrument Building Design Bureau (KBP) Tula"],
       ["Tula Design Bureau of Instrument Building (KBP)"]]


def test_one_body_written_longer_and_shorter():
    # 'Main Intelligence Directorate' is held by the longer State Department name
    assert one_body(GRU, {"gru"})
    # 'Instrument Design Bureau' in both Tula names (their word sets hold it, "building" and "tula" added)
    assert one_body(KBP, {"kbp"})


def test_plants_that_share_initials_stay_several():
    mmz = [["Minsk Motor Plant", "MMZ"], ["Moscow Machine-Building Plant Vympel", "MMZ"]]
    assert not one_body(mmz, {"mmz"})  # names of other words: two plants
    # an entry with no name but the acronym says nothing to link
    assert not one_body([["GRU"], ["Russian General Staff Main Intelligence Directorate (GRU)"]], {"gru"})
    assert not one_body(GRU[:1], {"gru"})  # one entry alone: nothing to decide


def test_lone_initials_find_the_body(matcher):
    got = {h.entry_id for h in matcher.screen("ГРУ")}
    assert "bis-entity-list:main-intelligence-directorate" in got
    got = {h.entry_id for h in matcher.screen("AO ‘КБП’")}
    assert "bis-entity-list:konstruktorskoe-byuro-priborostroeniya-otkrytoe-aktsionernoe-obshchestvo" in got
