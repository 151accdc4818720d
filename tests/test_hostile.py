"""Hostile and broken input (issue #12): every case the issue measured, on real records from
../shared/data changed in the one way each test names. Expected counts are worked out by hand
from the change (e.g. 20 lines, 2 of them made bad → 18 stored, 2 quarantined) or from an
independent decoder (zlib) for damaged gzip."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest

from techties.ingest import ingest_files
from techties.sources.io import LineSource, TruncatedInput
from techties.warehouse import Warehouse

TU9 = "openalex/works_2022_schema_tu9.jsonl.gz"  # 410 real OpenAlex works (2022 schema)
WOS = "wos/savedrecs_01.txt.gz"  # 500 real WoS records


def tu9_lines(shared_data: Path, n: int | None = None) -> list[str]:
    with gzip.open(shared_data / TU9, "rt", encoding="utf-8") as fh:
        lines = [ln.rstrip("\n") for ln in fh if ln.strip()]
    return lines[:n] if n else lines


def wos_text(shared_data: Path) -> bytes:
    return gzip.decompress((shared_data / WOS).read_bytes())


def ingest(db: Path, kind: str, path: Path, **kw):
    with Warehouse(db) as wh:
        report = ingest_files(wh, kind, [path], show_progress=False, **kw)
        bad = wh.con.execute("SELECT line, error FROM quarantine ORDER BY line").fetchall()
        n_works = wh.con.execute("SELECT count(*) FROM works").fetchone()[0]
    return report, bad, n_works


# -- (1) validation before Arrow ---------------------------------------------------------------
def test_numbers_too_big_for_their_column_quarantine_only_their_record(tmp_path, shared_data):
    lines = tu9_lines(shared_data, 20)
    recs = [json.loads(x) for x in lines]
    recs[4]["publication_year"] = 99999999999  # line 5
    recs[6]["cited_by_count"] = 2**31  # line 7: one past int32
    recs[9]["cited_by_count"] = 2**31 - 1  # line 10: the largest that fits, stored
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    report, bad, n_works = ingest(tmp_path / "w.duckdb", "openalex", path)
    assert (report.n_ok, report.n_quarantined, n_works) == (18, 2, 18)
    assert [b[0] for b in bad] == [5, 7]
    assert "year" in bad[0][1] and "99999999999" in bad[0][1]
    assert "cited_by_count" in bad[1][1]


def test_wos_numbers_too_big_quarantine_their_record(tmp_path, shared_data):
    text = wos_text(shared_data)
    first_py = text.index(b"\nPY ") + 1
    line_end = text.index(b"\n", first_py)
    text = text[:first_py] + b"PY 99999999999" + text[line_end:]
    first_tc = text.index(b"\nTC ", text.index(b"\nER\n") + 1) + 1  # in the second record
    text = text[:first_tc] + b"TC 123456789012345" + text[text.index(b"\n", first_tc):]
    path = tmp_path / "big.txt"
    path.write_bytes(text)
    report, bad, n_works = ingest(tmp_path / "w.duckdb", "wos", path)
    assert (report.n_ok, report.n_quarantined, n_works) == (498, 2, 498)
    assert "year" in bad[0][1] and "cited_by_count" in bad[1][1]


@pytest.mark.parametrize("bad_id", ["", "   ", "https://openalex.org/"])
def test_empty_work_id_is_refused(tmp_path, shared_data, bad_id):
    recs = [json.loads(x) for x in tu9_lines(shared_data, 3)]
    recs[1]["id"] = bad_id
    path = tmp_path / "ids.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    report, bad, _ = ingest(tmp_path / "w.duckdb", "openalex", path)
    with Warehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        ids = {r[0] for r in wh.con.execute("SELECT work_id FROM works").fetchall()}
    assert report.n_ok == 2 and [b[0] for b in bad] == [2] and "empty work id" in bad[0][1]
    assert "openalex:" not in ids and all(len(i) > len("openalex:") for i in ids)


def test_batches_without_any_institution_are_stored(tmp_path, shared_data):
    """2,500 works (synthetic: real TU9 records with new ids and their institutions removed) in two
    batches of one transaction: nothing to merge among institutions must not stop the store."""
    base = [json.loads(x) for x in tu9_lines(shared_data)]
    path = tmp_path / "noinst.jsonl"
    with path.open("w") as fh:
        for i in range(2500):
            rec = dict(base[i % len(base)], id=f"https://openalex.org/W9{i:07d}")
            rec["authorships"] = [dict(a, institutions=[]) for a in rec.get("authorships", [])]
            fh.write(json.dumps(rec) + "\n")
    report, bad, n_works = ingest(tmp_path / "w.duckdb", "openalex", path)
    assert (report.n_ok, report.n_quarantined, n_works) == (2500, 0, 2500)


def test_many_bad_lines_and_random_bytes_are_quarantined_not_fatal(tmp_path, shared_data):
    good = tu9_lines(shared_data, 5)
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(["{not json"] * 2500 + good) + "\n")
    report, bad, n_works = ingest(tmp_path / "w.duckdb", "openalex", path)
    assert (report.n_ok, report.n_quarantined, n_works) == (5, 2500, 5)
    rnd = tmp_path / "random.bin"
    rnd.write_bytes(__import__("random").Random(12).randbytes(1 << 20))
    report, _, _ = ingest(tmp_path / "r.duckdb", "openalex", rnd)
    assert report.n_ok == 0 and report.n_quarantined > 0


# -- (2) one decoding layer ---------------------------------------------------------------------
@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_every_newline_style_and_a_byte_order_mark(tmp_path, shared_data, newline, bom):
    lines = [x.encode() for x in tu9_lines(shared_data, 20)]
    path = tmp_path / "nl.jsonl"
    path.write_bytes(bom + newline.join(lines) + newline)
    report, bad, n_works = ingest(tmp_path / "w.duckdb", "openalex", path)
    assert (report.n_ok, report.n_quarantined, n_works) == (20, 0, 20)


def test_utf16_file_is_transcoded(tmp_path, shared_data):
    path = tmp_path / "u16.jsonl"
    path.write_bytes("\r\n".join(tu9_lines(shared_data, 5)).encode("utf-16"))  # with its BOM
    assert [n for n, _ in LineSource(path)] == [1, 2, 3, 4, 5]
    report, _, _ = ingest(tmp_path / "w.duckdb", "openalex", path)
    assert report.n_ok == 5


def test_wos_with_cr_newlines(tmp_path, shared_data):
    path = tmp_path / "mac.txt"
    path.write_bytes(wos_text(shared_data).replace(b"\n", b"\r"))
    report, _, n_works = ingest(tmp_path / "w.duckdb", "wos", path)
    assert (report.n_ok, report.n_quarantined) == (500, 0)


def test_gzip_with_trailing_garbage_keeps_every_record_like_zcat(tmp_path, shared_data):
    path = tmp_path / "garbage.jsonl.gz"
    path.write_bytes((shared_data / TU9).read_bytes() + b"this is not gzip\n")
    report, bad, n_works = ingest(tmp_path / "w.duckdb", "openalex", path)
    assert n_works == 410 and report.n_ok == 410
    assert len(bad) == 1 and "trailing garbage" in bad[0][1]


def test_multi_member_gzip(tmp_path, shared_data):
    lines = tu9_lines(shared_data)
    path = tmp_path / "members.jsonl.gz"
    path.write_bytes(b"".join(gzip.compress("".join(x + "\n" for x in part).encode())
                              for part in (lines[:100], lines[100:101], lines[101:])))
    report, bad, n_works = ingest(tmp_path / "w.duckdb", "openalex", path)
    assert (n_works, report.n_quarantined) == (410, 0)


def test_truncated_wos_gzip_keeps_its_last_complete_record(tmp_path, shared_data):
    text = wos_text(shared_data)
    gz = gzip.compress(text)
    cut = gz[: len(gz) * 3 // 5]
    prefix = zlib.decompressobj(wbits=31).decompress(cut)  # what an independent decoder recovers
    expected = prefix.count(b"\nER\n")  # complete records in it
    assert 0 < expected < 500
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(cut)
    report, bad, n_works = ingest(tmp_path / "w.duckdb", "wos", path)
    assert n_works == expected
    assert "truncated" in bad[-1][1]


def test_damaged_gzip_keeps_what_comes_before_the_damage(tmp_path, shared_data):
    lines = tu9_lines(shared_data)
    gz = bytearray(gzip.compress("".join(x + "\n" for x in lines).encode()))
    gz[len(gz) // 2: len(gz) // 2 + 8] = b"\x00" * 8
    d = zlib.decompressobj(wbits=31)
    prefix = b""
    for k in range(0, len(gz), 64):  # an independent decoder, fed in small steps up to the damage
        try:
            prefix += d.decompress(bytes(gz[k:k + 64]))
        except zlib.error:
            break
    path = tmp_path / "damaged.jsonl.gz"
    path.write_bytes(bytes(gz))
    got = []
    with pytest.raises(TruncatedInput):
        for _n, line in LineSource(path):
            got.append(line)
    assert got == prefix.split(b"\n")[: prefix.count(b"\n")]  # every complete line the damage left


def test_deep_nesting_is_quarantined(tmp_path, shared_data):
    lines = tu9_lines(shared_data, 3)
    deep = '{"id": "https://openalex.org/W1", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join([lines[0], deep, lines[1], lines[2]]) + "\n")
    report, bad, n_works = ingest(tmp_path / "w.duckdb", "openalex", path)
    assert (n_works, [b[0] for b in bad]) == (3, [2]) and "nested too deeply" in bad[0][1]
