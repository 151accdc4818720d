"""CNKI's `(#br)` line-break mark in abstracts (session 15 sweep): 9 of the 40 real EndNote records
(cmsax demo) and 1 of the 15 NoteExpress ones open 'Abstract(#br)…' or hold 'RESULTS(#br)…'; the mark
was stored as text. Expected values are copied from the file's own lines, the mark read as a line break."""

from __future__ import annotations

from pathlib import Path

from techties.ingest import ingest_files
from techties.warehouse import Warehouse

FORMATS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "formats"


def test_br_marks_become_line_breaks(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        ingest_files(wh, "cnki", [FORMATS / "cnki" / "cmsax__cnki-converter__demo.txt"], show_progress=False,
                     workers=0)
        marked = wh.con.execute("SELECT count(*) FROM works WHERE abstract LIKE '%(#br)%'").fetchone()[0]
        opening = wh.con.execute("SELECT left(abstract, 39) FROM works WHERE abstract LIKE '%task of autho%'"
                                 ).fetchall()
    assert marked == 0
    # the file: '%X Abstract(#br)We deal with the task of autho…': 8 + 1 + 30 characters
    assert opening == [("Abstract\nWe deal with the task of autho",)]
