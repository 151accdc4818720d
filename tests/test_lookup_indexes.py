"""Work-id lookup indexes under the memory cap: built where they fit, left out with a note where they do not
(a 6M-work warehouse failed "Out of Memory" at the end of its load, and at every later open for writing)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from techties import config
from techties.cli import app
from techties.warehouse import Warehouse, store
from techties.warehouse.store import LOOKUP_INDEXES, index_fits


@pytest.mark.parametrize(("text", "expected"), [
    ("1GB", 1_000_000_000),  # DuckDB reads GB as 10^9: its error for a 1GB cap says "953.6 MiB"
    ("512MB", 512_000_000),
    ("1GiB", 1_073_741_824),
    ("1.5 GB", 1_500_000_000),
    ("64kib", 65_536),
])
def test_memory_limit_in_bytes(text, expected):
    assert config.memory_limit_bytes(text) == expected


def test_index_fits_within_three_quarters_of_the_cap():
    # 24 bytes a row within 3/4 of 1GB: 750,000,000 / 24 = 31,250,000 rows
    assert index_fits(31_250_000, 1_000_000_000)
    assert not index_fits(31_250_001, 1_000_000_000)
    # 6M synthetic works had 92M work_fields rows: 2.2 GB of index, over the default cap
    assert not index_fits(92_000_000, 1_000_000_000)
    assert index_fits(92_000_000, 3_000_000_000)  # 2.208e9 <= 2.25e9


def _indexes(wh: Warehouse) -> set[str]:
    return {r[0] for r in wh.con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}


def test_an_index_that_does_not_fit_is_left_out_with_a_note(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh:
        assert _indexes(wh) == set(LOOKUP_INDEXES)  # an empty warehouse: every index fits
        wh.con.execute("INSERT INTO ai_scores (work_id, area, model_version, score, label)"
                       " SELECT 'W' || i, 'ai', 'm', 0.5, true FROM range(3) t(i)")
    # rows made as heavy as 1e9 bytes each (DuckDB itself fails under a cap small enough for real rows):
    # 3 rows need 3e9 bytes, over 3/4 of a 1GB cap; within 3/4 of 4GB (3e9), the cap the note names
    monkeypatch.setenv("TECHTIES_MEMORY_LIMIT", "1GB")
    monkeypatch.setattr(store, "INDEX_BYTES_PER_ROW", 10**9)
    with Warehouse(db) as wh:
        with wh.bulk_load():
            pass
        assert _indexes(wh) == set(LOOKUP_INDEXES) - {"ai_scores_work_id"}
        assert wh.index_notes == [
            "note: the lookup index of ai_scores.work_id (3 rows) does not fit the memory cap (1GB): drill-downs "
            "read the table instead (same answers, slower); TECHTIES_MEMORY_LIMIT=4GB or more builds it at the "
            "next write"]
        assert wh.con.execute("SELECT count(*) FROM ai_scores WHERE work_id IN ('W1', 'W2')").fetchone() == (2,)


def test_ingest_says_which_index_was_left_out(tmp_path, monkeypatch, shared_data):
    monkeypatch.setenv("TECHTIES_MEMORY_LIMIT", "1GB")
    monkeypatch.setattr(store, "INDEX_BYTES_PER_ROW", 10**9)  # every table with a row is "too big"
    wos = sorted((shared_data / "wos").glob("*.txt.gz"))[0]
    r = CliRunner().invoke(app, ["ingest", "wos", str(wos), "--db", str(tmp_path / "w.duckdb")])
    assert r.exit_code == 0, r.output
    notes = [line for line in r.stderr.splitlines() if line.startswith("note: the lookup index")]
    assert [n.split(" (")[0] for n in notes] == ["note: the lookup index of authorships.work_id",
                                                 "note: the lookup index of work_fields.work_id",
                                                 "note: the lookup index of work_funders.work_id"]
