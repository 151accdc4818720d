"""An input already stored is skipped only when its bytes are the same: an edit in the middle of a
large file that keeps its size is a new input (the identity was once size + first and last MB)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from techties.ingest import ingest_files
from techties.ingest_native import ingest_openalex_native
from techties.sources.io import file_sha256, input_key
from techties.warehouse import Warehouse
from tests.test_ingest import real_openalex_lines


def test_input_key_is_the_content_hash(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"abc")
    b.write_bytes(b"abc")
    # sha256("abc") is the FIPS 180-2 test vector ba7816bf 8f01cfea 414140de 5dae2223 ...
    assert input_key(file_sha256(a)) == "ba7816bf8f01cfea414140de5dae2223"
    assert input_key(file_sha256(b)) == input_key(file_sha256(a))


def _big_file(tmp_path: Path, rec: dict, middle_title: str, middle_date: str) -> Path:
    """3,000 works (~several MB, more than the first and last MB), work 1500 in the middle edited."""
    lines = []
    for i in range(3000):
        work = dict(rec, id=f"https://openalex.org/W9{i:011d}")
        if i == 1500:
            work = dict(work, title=middle_title, display_name=middle_title, updated_date=middle_date)
        lines.append(json.dumps(work))
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("engine", ["python", "native"])
def test_same_size_edit_in_the_middle_is_ingested_again(tmp_path: Path, shared_data: Path, engine: str) -> None:
    rec = json.loads(real_openalex_lines(shared_data)[0])
    rec["updated_date"] = "2020-01-01"
    path = _big_file(tmp_path, rec, "Old title", "2020-01-01")
    size = path.stat().st_size
    assert size > 3 * (1 << 20)

    def ingest(wh: Warehouse):
        if engine == "native":
            return ingest_openalex_native(wh, [path], show_progress=False)
        return ingest_files(wh, "openalex", [path], show_progress=False)

    with Warehouse(tmp_path / "w.duckdb") as wh:
        ingest(wh)
        path = _big_file(tmp_path, rec, "New title", "2021-01-01")  # same length: same size
        assert path.stat().st_size == size
        again = ingest(wh)
        title = wh.con.execute("SELECT title FROM works WHERE work_id = ?",
                               [f"openalex:W9{1500:011d}"]).fetchone()
        n = wh.con.execute("SELECT count(*) FROM works").fetchone()[0]
    assert not again.files[0].skipped
    assert title == ("New title",)
    assert n == 3000
