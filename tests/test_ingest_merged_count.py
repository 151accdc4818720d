"""`ingest` of Lens over Scopus said "stored 286" while the works table held 269: a Lens record richer than
the stored Scopus record of the same DOI takes its place (its rows give way) and was counted as stored.
The line now accounts for every record: read = stored as new works + merged into stored works + quarantined."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from tests.test_hostile import cli

SCOPUS = "formats/scopus/tributetotobler__bibliotobler__scopus.csv"
LENS = "formats/lens/tributetotobler__bibliotobler__lens-export.csv"
DOI = "10.1111/j.1538-4632.1973.tb01012.x"  # in both exports; the Lens record is the richer (more fields)
LENS_SAME, LENS_OTHER = "002-862-726-856-281", "000-649-451-763-370"  # the latter: a 1941 work, not in Scopus


def _subset(src: Path, dst: Path, keep) -> int:
    """Copy the header and the rows `keep` accepts (real records, unchanged); returns how many."""
    with open(src, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    kept = [r for r in rows[1:] if keep(dict(zip(rows[0], r, strict=False)))]
    with open(dst, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([rows[0], *kept])
    return len(kept)


def test_a_richer_record_of_a_stored_work_is_merged_not_stored(tmp_path, shared_data):
    scopus, lens, db = tmp_path / "scopus.csv", tmp_path / "lens.csv", str(tmp_path / "w.duckdb")
    assert _subset(shared_data / SCOPUS, scopus, lambda r: r["DOI"].lower() == DOI) == 1
    assert _subset(shared_data / LENS, lens, lambda r: r["Lens ID"] in (LENS_SAME, LENS_OTHER)) == 2
    first = cli("ingest", "scopus", str(scopus), "--db", db)
    assert first.exit_code == 0 and f"{scopus}: read 1, stored 1, quarantined 0\n" in first.stderr
    second = cli("ingest", "lens", str(lens), "--db", db)
    assert second.exit_code == 0, second.stderr
    # by hand: 2 read; the 1941 work is new (stored 1); the DOI's record joins the Scopus work (merged 1)
    assert f"{lens}: read 2, stored 1, quarantined 0; 1 merged into works already stored" in second.stderr
    assert ": read 2, stored 1, quarantined 0; 1 merged into works already stored\n" in second.stderr  # run line
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM works").fetchone()[0] == 2  # 1 + 1: what "stored" said
    # the case of the defect: the Lens record now gives the Scopus work's rows (it displaced them)
    assert con.execute("SELECT record_id, is_primary FROM work_sources WHERE record_id LIKE 'lens:002%'"
                       ).fetchall() == [(f"lens:{LENS_SAME}", True)]
