"""Two small contracts of metrics: a refused country code is echoed as typed unless it is a control
character, and the screening hits come in one order whatever the limit."""

from __future__ import annotations

import pytest

from techties.errors import UsageError
from techties.metrics.query import country_code
from techties.metrics.screening import readable_hits


def test_refused_code_echoed_in_its_own_script_without_control_characters():
    with pytest.raises(UsageError) as err:
        country_code("Россия", "--pair")
    assert "--pair 'Россия' is not an ISO 3166-1 alpha-2 country code" in str(err.value)  # was '??????'
    with pytest.raises(UsageError) as err:
        country_code("\x1b[31mXX\u202e", "--pair")
    # ESC (a control character) and U+202E (a bidi override, a format character) each shown as '?'
    assert "--pair '?[31mXX?' is not" in str(err.value)


def test_hits_of_equal_score_in_one_order_whatever_the_limit(warehouse):
    con = warehouse.con
    # one subject, three entries at the same score, inserted out of order: the order is list, then entry
    con.executemany("INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score)"
                    " VALUES ('institution', 'i-1', ?, ?, 0.9)", [["e-b", "l-2"], ["e-c", "l-1"], ["e-a", "l-2"]])
    con.execute("INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score)"
                " VALUES ('institution', 'i-0', 'e-z', 'l-9', 1.0)")
    keys = [(h["subject_id"], h["list_id"], h["entry_id"]) for h in readable_hits(con, limit=10)]
    assert keys == [("i-0", "l-9", "e-z"), ("i-1", "l-1", "e-c"), ("i-1", "l-2", "e-a"), ("i-1", "l-2", "e-b")]
    assert [(h["list_id"], h["entry_id"]) for h in readable_hits(con, limit=2)] == [("l-9", "e-z"), ("l-1", "e-c")]


def test_hit_count_and_synthetic_among_rows(warehouse):
    from techties.metrics.screening import hit_count
    from techties.metrics.synthetic import count_among

    con = warehouse.con
    assert hit_count(con) == 0
    con.executemany("INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score)"
                    " VALUES ('institution', ?, 'e', 'l', 1.0)", [["a"], ["b"]])
    assert hit_count(con) == 2
    # rows [w1 w2], [w2 w3], []: distinct works w1 w2 w3, of which w2 w3 synthetic (w9 is behind no row)
    c = count_among([["w1", "w2"], ["w2", "w3"], []], {"w2", "w3", "w9"})
    assert (c.works, c.synthetic, c.per_row) == (3, 2, (1, 2, 0))
    from techties.web.app import table_synthetic

    assert table_synthetic(None, {"w1"}) is None  # a table without work ids: nothing to count
