"""A work's as-of date, the same rule on every OpenAlex path: the snapshot folder's date
(`updated_date=2025-06-01/`), else the work's own `updated_date` (its day), else the file's mtime.
A loose file's mtime is only when it was copied: a fresh clone of the demo said "as of" the clone's
day for records last updated in 2021-2023. Expected dates are written into the files by hand."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from techties.ingest import ingest_files
from techties.ingest_native import ingest_openalex_native
from techties.warehouse import Warehouse

RECORDS = [  # id, updated_date
    ("W901", "2023-12-14T05:39:06.123456"),
    ("W902", "2022-01-02"),
    ("W903", None),                 # no date of its own: the file's mtime
    ("W904", "yesterday"),          # not a date: the file's mtime
    ("W905", "2099-13-45T00:00:00"),  # the shape of a date, no real day: the file's mtime
    ("W906", "2026-01-01"),         # after the file was written: the file's mtime
]
MTIME = dt.datetime(2025, 1, 2, 12, 0, tzinfo=dt.UTC).timestamp()


def write(path: Path, page: bool = False) -> Path:
    works = [{"id": f"https://openalex.org/{w}", "title": f"work {w}", "publication_year": 2020,
              **({"updated_date": u} if u else {})} for w, u in RECORDS]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"meta": {"count": len(works)}, "results": works}) if page else "\n".join(map(json.dumps, works))
    path.write_text(text + "\n", encoding="utf-8")
    os.utime(path, (MTIME, MTIME))
    return path


def as_of(db: Path) -> dict[str, str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT work_id, as_of FROM works").fetchall())


LOOSE = {"openalex:W901": "2023-12-14", "openalex:W902": "2022-01-02", "openalex:W903": "2025-01-02",
         "openalex:W904": "2025-01-02", "openalex:W905": "2025-01-02", "openalex:W906": "2025-01-02"}
IN_FOLDER = dict.fromkeys(LOOSE, "2025-06-01")


@pytest.mark.parametrize("engine", ["python", "native"])
def test_loose_file_and_snapshot_folder(tmp_path, engine):
    loose = write(tmp_path / "loose" / "works.jsonl")
    folder = write(tmp_path / "snap" / "updated_date=2025-06-01" / "part_000.jsonl")
    for path, expected in ((loose, LOOSE), (folder, IN_FOLDER)):
        db = tmp_path / f"{engine}-{path.parent.name}.duckdb"
        with Warehouse(db) as wh:
            if engine == "native":
                ingest_openalex_native(wh, [path], show_progress=False)
            else:
                ingest_files(wh, "openalex", [path], show_progress=False, workers=0)
        assert as_of(db) == expected


def test_api_page_file(tmp_path):
    page = write(tmp_path / "page.json", page=True)
    db = tmp_path / "page.duckdb"
    with Warehouse(db) as wh:
        ingest_files(wh, "openalex", [page], show_progress=False, workers=0)
    assert as_of(db) == LOOSE


def test_bundled_demo_records_are_dated_by_their_own_updates(tmp_path):
    demo = Path(str(resources.files("techties.data.demo").joinpath("openalex_real_cc0.jsonl.gz")))
    with gzip.open(demo, "rt", encoding="utf-8") as fh:  # the oracle: the file's own dates, read with json
        days = {"openalex:" + r["id"].rsplit("/", 1)[-1]: r["updated_date"][:10]
                for r in map(json.loads, filter(str.strip, fh))}
    db = tmp_path / "demo.duckdb"
    with Warehouse(db) as wh:
        ingest_files(wh, "openalex", [demo], show_progress=False)
    got = as_of(db)
    assert got == days and min(days.values()) == "2021-11-03" and max(days.values()) == "2023-12-14"
