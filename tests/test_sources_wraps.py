"""A line without a tag in RIS and CNKI exports: a wrapped value, or junk to quarantine (session 15 sweep).

Before: a junk line after a blank line was glued to the record before it (CNKI EndNote), and a junk line
inside a record to its last value (a NoteExpress title, a RIS keyword): nothing was quarantined, and the
NoteExpress work got a new id from its changed title, so a clean re-ingest stored it twice.
Expected values are worked out by hand from the lines written here (line numbers count from 1).
"""

from __future__ import annotations

from pathlib import Path

from techties.ingest import ingest_files
from techties.sources.tagged import wraps
from techties.warehouse import Warehouse

JUNK = "@@@ junk \x00\x1b[31m line"


def _ingest(tmp_path: Path, kind: str, name: str, text: str) -> tuple[list[tuple], list[tuple]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with Warehouse(tmp_path / "w.duckdb") as wh:
        ingest_files(wh, kind, [path], show_progress=False, workers=0)
        works = wh.con.execute("SELECT title, abstract FROM works ORDER BY title").fetchall()
        bad = wh.con.execute("SELECT line, error FROM quarantine ORDER BY line").fetchall()
    return works, bad


def test_wraps_rule():
    assert wraps("continued text", after_blank=False)
    assert wraps("    next paragraph", after_blank=True)  # CNKI EndNote indents an abstract's next paragraph
    assert not wraps("junk after a blank line", after_blank=True)
    assert not wraps("nul \x00 inside", after_blank=False)
    assert not wraps("escape \x1b[2J", after_blank=False)
    assert wraps("a tab\tinside", after_blank=False)


def test_cnki_endnote_junk_between_records_is_quarantined_and_paragraphs_still_join(tmp_path):
    text = ("%0 Journal Article\n"          # 1
            "%A 张三\n"                      # 2
            "%T 第一篇\n"                    # 3
            "%X 第一段\n"                    # 4
            "\n"                             # 5
            "    第二段\n"                   # 6: indented after a blank line: the abstract's next paragraph
            "%W CNKI\n"                      # 7
            "\n"                             # 8
            "not a record, typed by hand\n"  # 9: junk after a blank line
            "%0 Journal Article\n"          # 10
            "%A 李四\n"                      # 11
            "%T 第二篇\n"                    # 12
            "%W CNKI\n")                     # 13
    works, bad = _ingest(tmp_path, "cnki", "endnote.txt", text)
    assert works == [("第一篇", "第一段\n第二段"), ("第二篇", None)]
    assert bad == [(9, "not a tagged CNKI endnote line")]


def test_cnki_noteexpress_junk_inside_a_record_leaves_its_title_alone(tmp_path):
    text = ("{Reference Type}: Journal Article\n"  # 1
            "{Title}: 标题一\n"                     # 2
            f"{JUNK}\n"                             # 3
            "{Author}: 王五\n"                      # 4
            "{Year}: 2020\n")                       # 5
    works, bad = _ingest(tmp_path, "cnki", "ne.net", text)
    assert works == [("标题一", None)]
    assert bad == [(3, "not a tagged CNKI noteexpress line")]


def test_ris_junk_inside_a_record_is_quarantined_not_a_keyword(tmp_path):
    text = ("TY  - JOUR\n"                      # 1
            "TI  - A wrapped\n"                 # 2
            "title on two lines\n"              # 3: a wrap, joined with a space
            "KW  - Maxent models\n"             # 4
            f"{JUNK}\n"                         # 5
            "KW  - Habitat\n"                   # 6
            "PY  - 2013\n"                      # 7
            "ER  - \n")                         # 8
    path = tmp_path / "s.ris"
    path.write_text(text, encoding="utf-8")
    with Warehouse(tmp_path / "w.duckdb") as wh:
        ingest_files(wh, "scopus", [path], show_progress=False, workers=0)
        assert wh.con.execute("SELECT title FROM works").fetchall() == [("A wrapped title on two lines",)]
        assert wh.con.execute("SELECT field FROM work_fields ORDER BY field").fetchall() == [
            ("Habitat",), ("Maxent models",)]
        assert wh.con.execute("SELECT line, error FROM quarantine").fetchall() == [(5, "not a tagged RIS line")]
