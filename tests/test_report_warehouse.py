"""The warehouse the report, dashboard and browser tests share: real WoS records (../shared/data/wos),
synthetic works in the OpenAlex schema, the shipped curated data, and two hostile records (a title
that is an HTML script tag, an institution whose name is a spreadsheet formula) co-authored by CN
and RU."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import duckdb

EVIL_TITLE = "<script>alert(1)</script>"
EVIL_NAME = '=HYPERLINK("http://x","y")'
EVIL_DOI = "https://doi.org/10.5555/evil.1"
N_SYNTHETIC = 1200
_CACHE: dict[str, Path] = {}


def _evil_work(template: dict) -> dict:
    """A CN-RU work (copied from a synthetic one) whose title and an institution name are hostile."""
    w = json.loads(json.dumps(template))
    w["id"] = "https://openalex.org/W999999999901"
    w["doi"] = EVIL_DOI
    w["title"] = w["display_name"] = EVIL_TITLE
    w["publication_year"] = 2018
    w["publication_date"] = "2018-05-01"
    inst = w["authorships"][0]["institutions"][0]
    inst["display_name"] = EVIL_NAME
    inst["id"] = "https://openalex.org/I999999999901"
    inst["lineage"] = [inst["id"]]
    inst["country_code"] = "CN"
    w["authorships"][0]["countries"] = ["CN"]
    w["authorships"][0]["author"]["display_name"] = EVIL_NAME
    return w


def build_test_warehouse(shared_data: Path, root: Path) -> Path:
    """Build (once per process) and return the path of the shared test warehouse."""
    key = str(shared_data)
    if key in _CACHE and _CACHE[key].exists():
        return _CACHE[key]
    from techties.ingest import ingest_files
    from techties.resolve.investments import load_curated
    from techties.sources.synthetic import collaboration_kind, generate_works
    from techties.warehouse import Warehouse

    root.mkdir(parents=True, exist_ok=True)
    jsonl = root / "works.jsonl.gz"
    works = list(generate_works(N_SYNTHETIC, seed=7))
    cn_ru = next(w for i, w in enumerate(works) if collaboration_kind(7, i) == "CN-RU")
    with gzip.open(jsonl, "wt", encoding="utf-8") as fh:
        for w in [*works, _evil_work(cn_ru)]:
            fh.write(json.dumps(w) + "\n")
    path = root / "report_test.duckdb"
    with Warehouse(path) as wh:
        ingest_files(wh, "wos", sorted((shared_data / "wos").glob("*.txt.gz"))[:4], show_progress=False)
        ingest_files(wh, "openalex", [jsonl], show_progress=False)
        load_curated(wh)  # the shipped curated deals, initiatives and sources, as `techties demo` loads them
    _CACHE[key] = path
    return path


def copy_warehouse(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    return dst


def test_fixture_holds_the_hostile_records(tmp_path, shared_data):
    path = build_test_warehouse(shared_data, tmp_path)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM works WHERE title = ?", [EVIL_TITLE]).fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM institutions WHERE name = ?", [EVIL_NAME]).fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM works WHERE source = 'wos'").fetchone()[0] > 0
    con.close()
