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
from tests.cli_errors import cli, one_line_error

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
    # a file of random bytes is no export at all: refused whole with one line (exit 2), where it was
    # quarantined line by line (exit 3) and then counted as ingested (tests/test_qa_careless.py)
    from techties.sources.detect import WrongFormat

    with pytest.raises(WrongFormat, match="binary data, not a text export"):
        ingest(tmp_path / "r.duckdb", "openalex", rnd)
    with_random_lines = tmp_path / "mixed.jsonl"  # random bytes after good lines: quarantined, not fatal
    with_random_lines.write_bytes(("\n".join(good) + "\n").encode() + rnd.read_bytes()[:4096])
    report, _, _ = ingest(tmp_path / "m.duckdb", "openalex", with_random_lines)
    assert report.n_ok == 5 and report.n_quarantined > 0


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


# Tagged exports without an end tag: a record ends at a blank line or where the next one begins.
TAGGED = {  # kind → (real export, how its records start, its records as counted in formats/README.md)
    "pubmed": ("formats/pubmed/Valdecy__pyBibX__pubmed.txt", b"PMID-", 335),
    "cnki": ("formats/cnki/Chrisyan77__cross-reality-switching-data__CNKI.txt", b"RT ", 298),
    "cnki-endnote": ("formats/cnki/cmsax__cnki-converter__demo.txt", b"%0 ", 40),
}


def record_starts(text: bytes, start: bytes) -> list[int]:
    """Byte offsets where records begin (their tag at the start of a line)."""
    return [k for k in range(len(text)) if text.startswith(start, k) and (k == 0 or text[k - 1:k] == b"\n")]


def ends_early(text: bytes) -> bytes:
    """`text` gzipped without its 8-byte trailer: every byte decompresses, but the member never ends."""
    return gzip.compress(text)[:-8]


@pytest.mark.parametrize("kind", sorted(TAGGED))
def test_tagged_gzip_with_trailing_garbage_keeps_its_last_record(tmp_path, shared_data, kind):
    name, _start, n_records = TAGGED[kind]
    text = (shared_data / name).read_bytes()
    path = tmp_path / "garbage.txt.gz"
    path.write_bytes(gzip.compress(text) + b"not gzip")
    report, bad, n_works = ingest(tmp_path / "w.duckdb", kind.split("-")[0], path)
    assert n_works == n_records  # the garbage comes after the last byte of the last record
    assert [line for line, _e in bad] == [len(text.splitlines()) + 1] and "trailing garbage" in bad[0][1]


@pytest.mark.parametrize("kind", sorted(TAGGED))
def test_truncated_tagged_gzip_keeps_the_record_its_blank_line_closed(tmp_path, shared_data, kind):
    """Cut just before a record begins: the one before it ended at a blank line, so it is complete."""
    name, start, _n = TAGGED[kind]
    text = (shared_data / name).read_bytes()
    cut = record_starts(text, start)[20]  # 20 whole records and the blank line after the 20th
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(ends_early(text[:cut]))
    report, bad, n_works = ingest(tmp_path / "w.duckdb", kind.split("-")[0], path)
    assert n_works == 20
    assert [line for line, _e in bad] == [text[:cut].count(b"\n") + 1] and "truncated" in bad[0][1]


@pytest.mark.parametrize("kind", sorted(TAGGED))
def test_truncated_tagged_gzip_quarantines_the_record_it_cut(tmp_path, shared_data, kind):
    """Cut after the first three lines of the 21st record: 20 stored; the 21st, whose end was never
    seen, quarantined at its first line; the damage after its third line."""
    name, start, _n = TAGGED[kind]
    text = (shared_data / name).read_bytes()
    begin = record_starts(text, start)[20]
    cut = begin
    for _ in range(3):
        cut = text.index(b"\n", cut) + 1
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(ends_early(text[:cut]))
    report, bad, n_works = ingest(tmp_path / "w.duckdb", kind.split("-")[0], path)
    first = text[:begin].count(b"\n") + 1
    assert n_works == 20
    assert [line for line, _e in bad] == [first, first + 3]
    assert "cut short" in bad[0][1] and "truncated" in bad[1][1]


def test_truncated_medline_gzip_is_one_located_line_and_exit_3(tmp_path, shared_data):
    name, start, _n = TAGGED["pubmed"]
    text = (shared_data / name).read_bytes()
    cut = record_starts(text, start)[2]
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(ends_early(text[:cut]))
    r = cli("ingest", "pubmed", str(path), "--db", str(tmp_path / "w.duckdb"))
    assert r.exit_code == 3 and "Traceback" not in r.stderr
    lines = text[:cut].count(b"\n")  # all of them whole, the blank line after the 2nd record the last
    damage = [ln for ln in r.stderr.splitlines() if ln.startswith("quarantined ")]
    assert damage == [f"quarantined {path}:{lines + 1}: {path}: compressed input is truncated or corrupt after "
                      f"line {lines} (compressed input ends early)"]
    assert "stored 2," in r.stderr


def test_deep_nesting_is_quarantined(tmp_path, shared_data):
    lines = tu9_lines(shared_data, 3)
    deep = '{"id": "https://openalex.org/W1", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join([lines[0], deep, lines[1], lines[2]]) + "\n")
    report, bad, n_works = ingest(tmp_path / "w.duckdb", "openalex", path)
    assert (n_works, [b[0] for b in bad]) == (3, [2]) and "nested too deeply" in bad[0][1]


# -- (3) the CLI's error boundary -------------------------------------------------------------


def test_not_a_warehouse_and_a_damaged_one_are_one_line_exit_4(tmp_path, shared_data):
    text_file = tmp_path / "notes.duckdb"
    text_file.write_text("not a database\n" * 200)
    for command in (["runs"], ["quarantine"], ["research", "--pair", "CN", "RU"],
                    ["ingest", "openalex", str(shared_data / TU9)]):
        line = one_line_error(cli(*command, "--db", str(text_file)), 4)
        assert "not a DuckDB warehouse" in line and str(text_file) in line
    db = tmp_path / "w.duckdb"
    ingest(db, "openalex", shared_data / TU9)
    raw = bytearray(db.read_bytes())
    for k in range(8192, len(raw), 97):  # every block after the headers damaged
        raw[k] ^= 0x5A
    db.write_bytes(bytes(raw))
    line = one_line_error(cli("quarantine", "--db", str(db)), 4)
    assert "damaged" in line or "not a DuckDB warehouse" in line


def test_unexpected_error_is_one_line_with_a_debug_hint(tmp_path, monkeypatch):
    import techties.commands.runs as runs_cmd

    def boom(db):
        raise ZeroDivisionError("something nobody expected")

    monkeypatch.setattr(runs_cmd, "_open", boom)
    line = one_line_error(cli("runs"), 1)
    assert "ZeroDivisionError: something nobody expected" in line and "--debug" in line
    debug = cli("--debug", "runs")
    assert isinstance(debug.exception, ZeroDivisionError)  # the traceback is there for whoever asks


def test_missing_input_with_markup_in_its_name_exits_4(tmp_path):
    line = one_line_error(cli("ingest", "openalex", "[/x]missing", "--db", str(tmp_path / "w.duckdb")), 4)
    assert line == "error: input not found: [/x]missing"


def test_serve_on_a_busy_port_exits_6_before_printing_a_url(tmp_path, shared_data):
    import socket

    db = tmp_path / "w.duckdb"
    ingest(db, "openalex", shared_data / TU9)
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    try:
        port = str(busy.getsockname()[1])
        line = one_line_error(cli("serve", "--db", str(db), "--port", port, "--no-warm"), 6)
    finally:
        busy.close()
    assert "in use" in line and "http://" not in line


# -- (4) terminal escaping --------------------------------------------------------------------
HOSTILE_NAMES = {"CN": "[/bold] x", "RU": "[link=https://evil.example]Evil[/link] \x1b[2J\u202eoops"}


@pytest.fixture()
def hostile_db(tmp_path, shared_data) -> Path:
    """Two real TU9 works changed into a CN–RU collaboration of two institutions with hostile names
    (synthetic names, real records otherwise)."""
    recs = [json.loads(x) for x in tu9_lines(shared_data, 2)]
    for k, rec in enumerate(recs):
        rec["publication_year"] = 2015
        rec["authorships"] = [
            {"author_position": "first", "author": {"id": f"A{k}1", "display_name": "Author [bold]One"},
             "institutions": [{"id": "https://openalex.org/I1", "display_name": HOSTILE_NAMES["CN"],
                               "country_code": "CN"}], "raw_affiliation_string": HOSTILE_NAMES["CN"]},
            {"author_position": "last", "author": {"id": f"A{k}2", "display_name": "Author Two"},
             "institutions": [{"id": "https://openalex.org/I2", "display_name": HOSTILE_NAMES["RU"],
                               "country_code": "RU"}], "raw_affiliation_string": HOSTILE_NAMES["RU"]},
        ]
    path = tmp_path / "hostile.jsonl"
    bad = '{"id": "https://openalex.org/W3", "title": "\x1b]8;;https://evil.example\x07[red]x'  # raw controls
    path.write_text("".join(json.dumps(r) + "\n" for r in recs) + bad + "\n")  # quarantined, hostile excerpt
    db = tmp_path / "h.duckdb"
    report, _, n = ingest(db, "openalex", path)
    assert (n, report.n_quarantined) == (2, 1)
    return db


def assert_escaped(text: str) -> None:
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "\\x1b" in text


def test_research_table_shows_hostile_names_as_text(hostile_db):
    r = cli("research", "--pair", "CN", "RU", "--db", str(hostile_db))
    assert r.exit_code == 0, r.output
    assert "[/bold] x" in r.stdout and "[link=https://evil.example]Evil[/link]" in r.stdout
    assert_escaped(r.stdout)
    assert "as of" in r.stderr and "as of" not in r.stdout  # messages on stderr, data on stdout


def test_quarantine_table_escapes_excerpts(hostile_db):
    r = cli("quarantine", "--db", str(hostile_db))
    assert r.exit_code == 0, r.output
    assert "[red]x" in r.stdout and "\\x1b]8;;https://evil.example\\x07" in r.stdout
    assert_escaped(r.stdout)


def test_screen_table_escapes_the_query():
    r = cli("screen", "[/bold] \x1b[2JHuawei [link=https://evil.example]x[/link]")
    assert r.exit_code == 0, r.output
    assert "[/bold]" in r.stdout and "[link=https://evil.example]" in r.stdout
    assert_escaped(r.stdout)


# -- (6) screening options --------------------------------------------------------------------
@pytest.mark.parametrize("value", ["nan", "-1", "2", "inf", "-0.01", "1.01"])
def test_screen_threshold_must_be_a_finite_number_in_0_1(value):
    line = one_line_error(cli("screen", "--threshold", value, "Huawei"), 2)
    assert "--threshold" in line


@pytest.mark.parametrize("value", ["XX", "CHN", "c", "中国", "1"])
def test_screen_country_must_be_iso_alpha_2(value):
    line = one_line_error(cli("screen", "--country", value, "Huawei"), 2)
    assert "--country" in line


def test_screen_threshold_bounds_and_country_in_any_case_are_accepted():
    for args in (["--threshold", "0"], ["--threshold", "1"], ["--country", "cn"], ["--country", "RU"]):
        assert cli("screen", *args, "Huawei", "--format", "json").exit_code == 0


# -- (8) output streams and formats ----------------------------------------------------------
def test_research_csv_and_json_on_stdout(hostile_db):
    import csv
    import io

    r = cli("research", "--pair", "CN", "RU", "--db", str(hostile_db), "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    yearly = next(t for t in doc["tables"] if t["name"] == "yearly")
    assert {"pair": "CN-RU", "year": 2015, "works": 2} in yearly["rows"]  # the two changed works
    r = cli("research", "--pair", "CN", "RU", "--db", str(hostile_db), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0])[:4] == ["table", "row", "column", "value"]  # then as_of, data, ai_model, techties_version
    cells = [{k: r[k] for k in ("table", "row", "column", "value")} for r in rows]
    assert {"table": "yearly", "row": "1", "column": "pair", "value": "CN-RU"} in cells


def test_runs_quarantine_and_screen_take_csv_and_json(hostile_db):
    import csv
    import io

    q = json.loads(cli("quarantine", "--db", str(hostile_db), "--format", "json").stdout)
    assert len(q) == 1 and q[0]["line"] == 3 and q[0]["excerpt"].startswith('{"id"')
    runs = list(csv.DictReader(io.StringIO(cli("runs", "--db", str(hostile_db), "--format", "csv").stdout)))
    assert len(runs) == 1 and runs[0]["stored"] == "2" and runs[0]["quarantined"] == "1"
    hits = list(csv.DictReader(io.StringIO(cli("screen", "Harbin Institute of Technology", "--format", "csv").stdout)))
    assert hits and all(h["query"] == "Harbin Institute of Technology" for h in hits)
    assert hits[0]["entry"] == "Harbin Institute of Technology" and float(hits[0]["score"]) == 1.0


def test_tables_piped_are_not_squeezed_to_80_columns(hostile_db):
    r = cli("runs", "--db", str(hostile_db))
    header = next(line for line in r.stdout.splitlines() if "command" in line)
    assert "quarantined" in header and "versions" in header  # one header line, no word split over lines
    assert max(map(len, r.stdout.splitlines())) > 80


def test_ingest_messages_go_to_stderr(tmp_path, shared_data):
    r = cli("ingest", "openalex", str(shared_data / TU9), "--db", str(tmp_path / "w.duckdb"))
    assert r.exit_code == 0 and r.stdout == "" and "stored 410" in r.stderr


def test_broken_pipe_exits_quietly(hostile_db):
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "techties.cli", "research", "--pair", "CN", "RU", "--db",
                             str(hostile_db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader goes away before the first line, as `| head -0` would
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0 and "Traceback" not in stderr and "Broken pipe" not in stderr


# -- (5) WoS: a field running on into cited references ------------------------------------------
def test_wos_address_field_running_into_references_is_cut(tmp_path, shared_data):
    """The first real record of savedrecs_01 with its C3 and RP lines removed and its CR tag blanked,
    so the cited references follow C1 as continuation lines; the issue's two reference lines lead them."""
    text = wos_text(shared_data).decode("utf-8-sig")
    record = text[: text.index("\nER\n") + 4].splitlines()
    kept, skip = [], False
    for line in record:
        tag = line[:2]
        if tag in ("C3", "RP"):
            skip = True
            continue
        if skip and tag == "  ":
            continue
        skip = False
        if tag == "CR":
            kept += ["   WALKER GB, 1975, CAN J PHYS", "   BULLOUGH RK, 1970, PHYSICS QUANTUM ELEC"]
            line = "   " + line[3:]
        kept.append(line)
    path = tmp_path / "runon.txt"
    path.write_text("\n".join(kept) + "\n")
    report, bad, _ = ingest(tmp_path / "w.duckdb", "wos", path)
    with Warehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        rows = wh.con.execute("SELECT DISTINCT raw_affiliation, country_code FROM authorships"
                              " WHERE raw_affiliation IS NOT NULL").fetchall()
    # the record's one real address (Purdue, Indianapolis, USA) and nothing from the references
    assert rows == [("Purdue Sch Engn & Technol, Indianapolis, IN 46202 USA.", "US")]
    assert report.n_ok == 1 and len(bad) == 1 and "runs on into cited references" in bad[0][1]
    assert bad[0][0] == next(k for k, x in enumerate(kept, 1) if "WALKER GB" in x)


# -- (7) the dashboard: Host check, CSP, no CDN docs ---------------------------------------------
def test_dashboard_refuses_foreign_hosts_and_sends_a_csp(hostile_db):
    from fastapi.testclient import TestClient

    from techties.web.app import create_app
    from techties.web.security import configure

    app = create_app(hostile_db)
    client = TestClient(app)
    ok = client.get("/api/provenance")
    assert ok.status_code == 200
    csp = ok.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert ok.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/provenance", headers={"Host": "evil.example"}).status_code == 421
    assert client.get("/api/docs").status_code == 404  # Swagger would load from a CDN
    assert client.get("/api/openapi.json").status_code == 200

    configure(app, "127.0.0.1")
    for host, status in (("127.0.0.1:8765", 200), ("localhost:8765", 200), ("[::1]:8765", 200),
                         ("evil.example:8765", 421), ("testserver", 421), ("127.0.0.1.evil.example", 421)):
        assert client.get("/api/provenance", headers={"Host": host}).status_code == status, host
    configure(app, "0.0.0.0", ["dash.lab.internal"])
    for host, status in (("192.0.2.7:8765", 200), ("dash.lab.internal", 200), ("evil.example", 421)):
        assert client.get("/", headers={"Host": host}).status_code == status, host
    page = client.get("/", headers={"Host": "192.0.2.7"}).text
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
