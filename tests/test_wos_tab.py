"""WoS "Tab-delimited" exports: detected in both encodings (UTF-8 and UTF-16 with a BOM, CRLF), read into
exactly the rows the plain-text reader stores for the same records, bad rows quarantined at their line.

The tab files are written at test time from the real plain-text samples of ../shared/data/wos by
`tests/fixtures/wos_tab/to_tab.py` (Clarivate data: not redistributed; see that folder's README)."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.demo import detect_kind
from techties.ingest import ingest_files
from techties.records import BadRecord, Work
from techties.sources.detect import sniff
from techties.sources.wos import read_wos, read_wos_tab
from techties.warehouse import Warehouse
from tests.conftest import FIXTURES

runner = CliRunner()
_spec = importlib.util.spec_from_file_location("to_tab", FIXTURES / "wos_tab" / "to_tab.py")
to_tab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(to_tab)

# Columns that say when or by which run a row was stored, not what the record holds.
VOLATILE = {"run_id", "retrieved_at"}
TABLES = ("works", "authorships", "work_fields", "work_funders", "institutions", "work_countries", "work_sources")


@pytest.fixture(scope="module")
def exports(shared_data, tmp_path_factory) -> dict[str, Path]:
    """The first 40 records of savedrecs_01 and 30 of savedrecs_07 (one with a Moscow address) as a
    plain-text slice, a tab-delimited UTF-8 file and a tab-delimited UTF-16 one."""
    out = tmp_path_factory.mktemp("wos_tab")
    wos = shared_data / "wos"
    records = (to_tab.plain_records(wos / "savedrecs_01.txt.gz")[:40]
               + to_tab.plain_records(wos / "savedrecs_07.txt.gz")[:30])
    paths = {"plain": out / "plain.txt", "tab": out / "tab_utf8.txt", "tab16": out / "tab_utf16.txt"}
    to_tab.write_plain(records, paths["plain"])
    to_tab.write_tab(records, paths["tab"])
    to_tab.write_tab(records, paths["tab16"], utf16=True)
    return paths


def stored(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        out = {}
        for table in TABLES:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]).fetchall() if r[0] not in VOLATILE]
            out[table] = sorted(con.execute(f'SELECT {", ".join(cols)} FROM "{table}"').fetchall(),  # noqa: S608
                                key=repr)
        return out


@pytest.fixture(scope="module")
def rows(exports, tmp_path_factory) -> dict[str, dict[str, list[tuple]]]:
    out = {}
    for name, path in exports.items():
        db = tmp_path_factory.mktemp("db") / f"{name}.duckdb"
        with Warehouse(db) as wh:
            report = ingest_files(wh, "auto", [path], show_progress=False)
        assert (report.n_ok, report.n_quarantined) == (70, 0)
        out[name] = stored(db)
    return out


def test_both_encodings_are_detected_as_wos_tab(exports):
    assert exports["tab"].read_bytes()[:5] == b"\xef\xbb\xbfPT"
    assert exports["tab16"].read_bytes()[:6] == b"\xff\xfeP\x00T\x00"
    assert b"\r\n" in exports["tab"].read_bytes()
    assert sniff(exports["tab"]) == sniff(exports["tab16"]) == "wos-tab"
    assert detect_kind(exports["tab16"]) == "wos"  # what `demo --from` ingests it as
    assert sniff(exports["plain"]) == "wos"


@pytest.mark.parametrize("layout", ["tab", "tab16"])
def test_tab_layouts_store_the_same_rows_as_plain_text(rows, layout):
    for table in TABLES:
        assert rows[layout][table] == rows["plain"][table], table
    assert len(rows["plain"]["works"]) == 70


def _work(path: Path, ut: str) -> Work:
    return next(w for _line, w in read_wos_tab(path) if isinstance(w, Work) and w.work_id == f"wos:{ut}")


@pytest.mark.parametrize("layout", ["tab", "tab16"])
def test_hand_checked_fields_of_two_real_records(exports, layout):
    # savedrecs_07, 5th record: C1 "[Lian, Qi; Lin, Kang; Wang, Yueming; Zhang, Shaomin] Zhejiang Univ, Qiushi…;
    # [Lian, Qi; Qi, Yu; Lin, Kang; Wang, Yueming; Pan, Gang] Zhejiang Univ, Dept Comp Sci…; [Zhang, Shaomin]
    # Zhejiang Univ, Dept Biomed Engn…": 4 + 5 + 1 author-address pairs, every author has one
    w = _work(exports[layout], "WOS:000468469300007")
    assert w.title == "Incorporating Hand-crafted Features to Deep Neural Networks for Seizure Prediction"
    assert (w.year, w.cited_by_count, w.language, w.type, w.version) == (2018, 2, "en", "Proceedings Paper",
                                                                         "2026-04-06")
    pairs = sorted((a.position, a.author_name, a.raw_affiliation.split(",")[1].strip()) for a in w.authorships)
    assert len(pairs) == 10
    assert [p for p in pairs if p[0] == 4] == [(4, "Zhang, Shaomin", "Dept Biomed Engn"),
                                               (4, "Zhang, Shaomin", "Qiushi Acad Adv Studies")]
    assert {a.institution_id for a in w.authorships} == {"wos-org:ZHEJIANG UNIV"}
    assert [(f.funder_name, f.award_id) for f in w.funders] == [
        ("National Natural Science Foundation of China", "61673340"),
        ("Zhejiang Provincial Natural Science Foundation of China", "LZ17F030001")]
    assert [(f.taxonomy, f.field) for f in w.fields] == [
        ("wos-wc", "Computer Science, Cybernetics"), ("wos-wc", "Robotics"),
        ("wos-sc", "Computer Science"), ("wos-sc", "Robotics")]
    # savedrecs_07, 24th: Cichocki (6th author) has three addresses, the last "Skolkovo Inst Sci & Technol,
    # Moscow, Russia."; the FU awards of the first funder wrap over two plain-text lines: 4 + 3 + 1 awards
    w = _work(exports[layout], "WOS:000368891100001")
    assert w.doi == "10.3389/fncom.7016.00005"
    assert sorted(a.institution_id for a in w.authorships if a.position == 5) == [
        "wos-org:POLISH ACAD SCI", "wos-org:RIKEN BRAIN SCI INST", "wos-org:SKOLKOVO INST SCI & TECHNOL"]
    assert len(w.authorships) == 8
    assert [f.award_id for f in w.funders] == ["61573142", "61203127", "91420302", "61305028", "WG14I4005",
                                               "WH1314023", "WH15I6018", "14CG31"]


def test_bad_rows_are_quarantined_with_file_and_line_and_the_rest_stored(exports, tmp_path):
    lines = exports["tab"].read_bytes().decode("utf-8-sig").split("\r\n")
    header = lines[0].split("\t")
    no_ut = "\t".join("J" if t == "PT" else "A title" if t == "TI" else "" for t in header)
    bad = tmp_path / "savedrecs_tab.txt"
    # line 4: a row with two stray values past its trailing tab (74 fields); line 6: a row without UT
    bad.write_text("\r\n".join([*lines[:3], lines[3] + "\textra\tvalue", lines[4], no_ut, *lines[5:]]),
                   encoding="utf-8")
    db = tmp_path / "b.duckdb"
    res = runner.invoke(app, ["ingest", "auto", str(bad), "--db", str(db)])
    assert res.exit_code == 3, res.output
    out = " ".join(res.output.split())
    n = len(header) - 1  # the header row ends with a tab
    assert f":4: row has {n + 3} tab-separated fields, the header {n}" in out
    assert ":6: invalid WoS record: record has no UT" in out
    assert "Traceback" not in res.output
    with Warehouse(db) as wh:
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == 69
        q = wh.con.execute("SELECT file, line, error FROM quarantine ORDER BY line").fetchall()
    assert [(f, n) for f, n, _e in q] == [(str(bad), 4), (str(bad), 6)]
    assert "tab-separated fields" in q[0][2] and "no UT" in q[1][2]


def test_resume_skips_rows_stored_before(exports):
    lines = [line for line, _item in read_wos_tab(exports["tab16"], skip_lines=11)]
    assert lines == list(range(12, 72))  # header on line 1, records on lines 2–71


def test_ingest_wos_reads_a_tab_export_and_scopus_refuses_it(exports, tmp_path):
    res = runner.invoke(app, ["ingest", "wos", str(exports["tab"]), "--db", str(tmp_path / "w.duckdb")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["ingest", "scopus", str(exports["tab"]), "--db", str(tmp_path / "s.duckdb")])
    assert res.exit_code == 2
    assert "Web of Science tab-delimited export: use `techties ingest wos`" in " ".join(res.output.split())


def test_a_row_before_any_header_is_quarantined(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text("J\tSmith, A\tWOS:1\nPT\tAU\tUT\nJ\tSmith, A\tWOS:2\n", encoding="utf-8")
    items = list(read_wos_tab(p))
    assert isinstance(items[0][1], BadRecord) and items[0][0] == 1
    assert isinstance(items[1][1], Work) and items[1][1].work_id == "wos:WOS:2"


def test_demo_from_a_gzipped_utf16_tab_export(exports, tmp_path):
    gz = tmp_path / "savedrecs.txt.gz"
    gz.write_bytes(gzip.compress(exports["tab16"].read_bytes()))
    db = tmp_path / "demo.duckdb"
    res = runner.invoke(app, ["demo", "--db", str(db), "--from", str(gz)])
    assert res.exit_code == 0, res.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM works WHERE source = 'wos'").fetchone()[0] == 70
        # the Moscow address of WOS:000368891100001 (savedrecs_07) makes it a China–Russia work
        assert con.execute("SELECT list_sort(list(country_code)) FROM work_countries"
                           " WHERE work_id = 'wos:WOS:000368891100001'").fetchone()[0] == ["CN", "GB", "JP", "PL",
                                                                                          "RU"]


def test_every_real_record_reads_the_same_in_both_layouts(shared_data, tmp_path):
    """All 10,000 records of the 20 real exports, the original files against their tab layout (UTF-16)."""
    n = 0
    for plain in sorted((shared_data / "wos").glob("savedrecs_*.txt.gz")):
        tab = tmp_path / "tab.txt"
        to_tab.write_tab(to_tab.plain_records(plain), tab, utf16=True)
        from_plain = [w for _line, w in read_wos(plain)]
        from_tab = [w for _line, w in read_wos_tab(tab)]
        assert all(isinstance(w, Work) for w in from_plain + from_tab)
        assert from_tab == from_plain, plain.name
        n += len(from_tab)
    assert n == 10_000
