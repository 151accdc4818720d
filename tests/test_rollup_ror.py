"""Institution roll-up along ROR parent links: each institution's parent_id becomes its top parent."""

from __future__ import annotations


def test_ror_children_roll_up_to_their_root(warehouse):
    con = warehouse.con
    # root R (no parent); child C -> R; grandchild G -> C -> R; orphan O -> a parent that is not stored
    con.executemany("INSERT INTO institutions (institution_id, name, parent_id, source) VALUES (?, ?, ?, 'ror')",
                    [["ror:R", "Root", None], ["ror:C", "Child", "ror:R"], ["ror:G", "Grandchild", "ror:C"],
                     ["ror:O", "Orphan", "ror:missing"]])
    from techties.resolve.institutions import rollup_institutions

    rollup_institutions(con)
    got = dict(con.execute("SELECT institution_id, parent_id FROM institutions").fetchall())
    # C keeps R (it was cleared to NULL: its parent has no parent); G rolls up past C to R; O's parent is unknown
    assert got == {"ror:R": None, "ror:C": "ror:R", "ror:G": "ror:R", "ror:O": None}
    assert rollup_institutions(con) == 0  # a second pass changes nothing
