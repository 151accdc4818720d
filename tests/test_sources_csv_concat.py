"""CSV exports concatenated into one file (`cat a.csv b.csv > all.csv`), of two export versions (session 15).

Before: the second export's header was read as a row, and every row after it was quarantined for its
cell count ("row has 45 cells, the header 54": 62 of the 143 Scopus rows, 253 of the 277 Lens rows).
Now the second header takes over. Expected counts are the files' own, counted by hand with csv.reader.
"""

from __future__ import annotations

from pathlib import Path

from techties.ingest import ingest_files
from techties.warehouse import Warehouse

FORMATS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "formats"


def _ingest(tmp_path: Path, kind: str, data: bytes) -> tuple[list[tuple], list[tuple]]:
    path = tmp_path / "all.csv"
    path.write_bytes(data)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        ingest_files(wh, kind, [path], show_progress=False, workers=0)
        works = wh.con.execute("SELECT work_id, title, doi, year FROM works ORDER BY work_id").fetchall()
        bad = wh.con.execute("SELECT line, error FROM quarantine").fetchall()
    return works, bad


def test_two_lens_export_versions_in_one_file(tmp_path):
    data = ("Lens ID,Title,Publication Year\n"           # 1: the older export's columns
            "001-000-000-000-001,First,2001\n"           # 2
            "\ufeffLens ID,Title,Publication Year,DOI\n"  # 3: the newer one's, its byte-order mark mid-file
            "001-000-000-000-002,Second,2002,10.1234/Two\n")  # 4
    works, bad = _ingest(tmp_path, "lens", data.encode("utf-8"))
    assert works == [("lens:001-000-000-000-001", "First", None, 2001),
                     ("lens:001-000-000-000-002", "Second", "10.1234/two", 2002)]
    assert bad == []


def test_real_scopus_exports_of_two_versions_concatenated(tmp_path):
    a = (FORMATS / "scopus" / "tributetotobler__bibliotobler__scopus.csv").read_bytes()  # 54 columns, 81 rows
    b = (FORMATS / "scopus" / "NLeSC__litstudy__scopus.csv").read_bytes()  # 45 columns, 58 rows
    works, bad = _ingest(tmp_path, "scopus", a + b)
    assert (len(works), bad) == (81 + 58, [])
