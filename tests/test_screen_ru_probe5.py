"""The fifth hand-written Russian-name probe (tests/fixtures/screening/probe_ru5.tsv: Crimea and Sevastopol,
Belarus, academic and state institutions) and the mechanisms written for its alarms and misses. Expected values
are worked out by hand from the Russian names and the list entries."""

from __future__ import annotations

from techties.screen.match import other_ras_branch, ras_branch_ru

KELDYSH = "Keldysh Institute of Applied Mathematics of the Russian Academy of Sciences"


# -- the Academy's regional branches -------------------------------------------------------------
def test_ras_branch_ru_reads_the_initials_and_the_genitive():
    assert ras_branch_ru("Институт прикладной математики ДВО РАН") == "far east"
    assert ras_branch_ru("Институт цитологии и генетики Сибирского отделения Российской академии наук") == "siberian"
    assert ras_branch_ru("Институт электрофизики УрО РАН") == "ural"
    assert ras_branch_ru("Институт проблем механики РАН") is None  # the Academy itself
    assert ras_branch_ru("ООО «Сосна»") is None  # "со" is no branch without РАН


def test_other_ras_branch():
    assert other_ras_branch("far east", [KELDYSH]) is True  # an institute of the Academy itself (Moscow)
    assert other_ras_branch("far east", ["Institute of Marine Technology Problems Far East Branch Russian "
                                         "Academy of Sciences", "IPMT FEB RAS"]) is False
    assert other_ras_branch("siberian", ["ISE SO RAN Institute of High-Current Electronics"]) is False
    assert other_ras_branch("ural", ["ISE SO RAN Institute of High-Current Electronics"]) is True
    # an entry that does not state the Academy says nothing of its branch
    assert other_ras_branch("siberian", ["Microelectronic Research and Development Center"]) is False
    assert other_ras_branch(None, [KELDYSH]) is False


def test_a_branch_institute_is_not_the_academys_namesake(matcher):
    got = {h.entry_id for h in matcher.screen("Институт прикладной математики ДВО РАН")}
    assert not any("keldysh" in e for e in got)
    # the Academy's own institute still hits it
    got = {h.entry_id for h in matcher.screen("Институт прикладной математики им. М. В. Келдыша РАН")}
    assert "bis-entity-list:keldysh-institute-of-applied-mathematics-of-the-russian-academy-of-sciences" in got
