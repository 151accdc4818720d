"""The native OpenAlex ingest (DuckDB's read_json + SQL) stores exactly the rows of the Python ingest.

Both paths run on the same files: the real CC0 records bundled for the demo, the real samples in
../shared/data/openalex (2022 and current schema), works generated in the real schema (synthetic,
both funder layouts) and an edge-case file made from real records (duplicate ids with older, newer
and equal versions, blank lines, bad lines, empty titles, DOI spellings, affiliations with no
institution). Every data table is compared row for row, every column but the run's own ids.
"""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
from importlib import resources
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.ingest import ingest_files
from techties.ingest_native import file_groups, fill_abstracts, ingest_openalex_native, locate_bad_lines
from techties.sources import synthetic
from techties.warehouse import Warehouse

runner = CliRunner()
COLUMNS = {  # everything but run_id, retrieved_at (the run's own) and the native path's kept index
    "works": "work_id, source, doi, title, abstract, year, pub_date, language, type, cited_by_count, version, "
             "as_of, synthetic",
    "authorships": "work_id, position, author_id, author_name, institution_id, raw_affiliation, country_code, "
                   "country_method",
    "institutions": "institution_id, ror, name, names_json, country_code, type, parent_id, lineage_json, source",
    "work_fields": "work_id, taxonomy, field, score",
    "work_funders": "work_id, funder_id, funder_name, award_id",
    "quarantine": "file, line",
    "work_sources": "record_id, work_id, source, family, doi_key, title_key, year, richness, is_primary, match_rule, "
                    "as_of",
}
DEMO = Path(str(resources.files("techties.data.demo").joinpath("openalex_real_cc0.jsonl.gz")))


def rows(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:  # table and column names are constants of this module
        return {t: sorted(con.execute(f"SELECT {c} FROM {t}").fetchall(), key=repr)  # noqa: S608
                for t, c in COLUMNS.items()}
    finally:
        con.close()


def both_paths(tmp_path: Path, files: list[Path], **native_kw) -> tuple[dict, dict, Path]:
    """The same files through the Python ingest and the native one (abstracts filled)."""
    py_db, nat_db = tmp_path / "python.duckdb", tmp_path / "native.duckdb"
    with Warehouse(py_db) as wh:
        ingest_files(wh, "openalex", files, show_progress=False, workers=0)
    with Warehouse(nat_db) as wh:
        ingest_openalex_native(wh, files, show_progress=False, **native_kw)
        fill_abstracts(wh.con)
        wh.list_own_records()  # deferred: the Python path lists each work as it stores it
    return rows(py_db), rows(nat_db), nat_db


def assert_same(py: dict, nat: dict) -> None:
    for table in COLUMNS:
        assert len(nat[table]) == len(py[table]), table
        assert nat[table] == py[table], table


def real_lines(shared_data: Path) -> list[str]:
    out: list[str] = []
    for name in ("works_current_schema_sample.jsonl.gz", "works_2022_schema_tu9.jsonl.gz"):
        with gzip.open(shared_data / "openalex" / name, "rt", encoding="utf-8") as fh:
            out += [ln.rstrip("\n") for ln in fh if ln.strip()]
    return out


def test_real_samples_same_rows(tmp_path, shared_data):
    files = [DEMO, shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz",
             shared_data / "openalex" / "works_current_schema_sample.jsonl.gz"]
    py, nat, _ = both_paths(tmp_path, files)
    assert len(py["works"]) > 400 and len(py["authorships"]) > 4000 and py["work_funders"]
    assert any(w[4] for w in py["works"])  # abstracts were rebuilt on both sides
    assert_same(py, nat)


def test_synthetic_works_in_the_real_schema_same_rows(tmp_path):
    """Synthetic (labelled as such): current funders + awards in one file, 2022-25 grants in the other."""
    folder = tmp_path / "data" / "works" / "updated_date=2025-06-01"  # the snapshot's Hive-style folder
    folder.mkdir(parents=True)
    current, legacy = folder / "part_000.gz", folder / "part_001.gz"
    synthetic.write_part(current, 0, 400, seed=3)
    synthetic.write_part(legacy, 400, 200, seed=3, legacy_grants=True)
    py, nat, _ = both_paths(tmp_path, [current, legacy])
    assert len(py["works"]) == 600
    assert {r[0] for r in py["works"]} == {r[0] for r in nat["works"]}
    assert any(r[7] == "string" for r in py["authorships"])  # the second pass had strings to resolve
    assert all(r[12] for r in nat["works"])  # the synthetic flag survives
    assert all(r[11] == "2025-06-01" for r in nat["works"])  # as_of from the folder, not the file's date
    assert_same(py, nat)


def edge_lines(shared_data: Path) -> list[str]:
    """Real records bent into the cases the rules decide (the lines are numbered for the asserts)."""
    recs = [json.loads(ln) for ln in real_lines(shared_data)[:12]]
    a, b, c = recs[0], recs[1], recs[2]
    lines = [
        json.dumps(dict(a, updated_date="2020-01-01", title="old")),  # 1: replaced by line 3
        "",  # 2: blank
        json.dumps(dict(a, updated_date="2024-01-01", title="new")),  # 3: newest
        json.dumps(dict(a, updated_date="2019-01-01", title="stale")),  # 4: older, ignored
        json.dumps(dict(b, updated_date="2022-02-02", title="tie first")),  # 5
        json.dumps(dict(b, updated_date="2022-02-02", title="tie later")),  # 6: a tie: the later line wins
        "   ",  # 7: whitespace only
        '{"id": "https://openalex.org/W1", "title": ',  # 8: cut short
        json.dumps({"title": "no id"}),  # 9: no id
        json.dumps(dict(c, title="", display_name="Display name instead", doi=" HTTPS://DOI.ORG/10.5555/ABC ")),  # 10
        json.dumps(dict(recs[3], doi="doi:10.5555/x", abstract_inverted_index={})),  # 11
        json.dumps(dict(recs[4], cited_by_count="many")),  # 12: wrong type: the Python reader refuses it
        json.dumps(dict(recs[5], authorships=[
            {"author": {"id": None, "display_name": ""}, "raw_author_name": "Ivanov I.", "institutions": [],
             "countries": [], "raw_affiliation_strings": ["Lomonosov Moscow State University, Moscow, Russia"]},
            {"author": None, "raw_author_name": None, "institutions": [{"id": None, "display_name": "no id"}],
             "countries": ["CN", ""], "raw_affiliation_string": "清华大学"},
            {"author": {"id": "https://openalex.org/A1", "display_name": "Z"},
             "institutions": [{"id": "https://openalex.org/I99", "display_name": "Unplaced Institute",
                               "country_code": None, "lineage": ["https://openalex.org/I99"]}],
             "raw_affiliation_string": "Unplaced Institute, Novosibirsk, Russia"}]))  # 13
        ,
        json.dumps(dict(recs[6], grants=[
            {"funder": "https://openalex.org/F1", "funder_display_name": "NSF", "award_id": "1"},
            {"funder": "https://openalex.org/F1", "funder_display_name": "NSF again", "award_id": "1"},
            {"funder": None, "funder_display_name": None, "award_id": "x"}],
            awards=[{"funder_id": "https://openalex.org/F1", "funder_display_name": "dup", "funder_award_id": "1"},
                    {"funder_id": "https://openalex.org/F2", "funder_display_name": "DFG", "funder_award_id": None}],
            funders=[{"id": "https://openalex.org/F2", "display_name": "DFG"},
                     {"id": "https://openalex.org/F3", "display_name": "RSF"},
                     {"id": "https://openalex.org/F3", "display_name": "RSF later"}])),  # 14
        "[1, 2]",  # 15: not an object
    ]
    return lines


def test_edge_cases_same_rows_and_same_quarantine(tmp_path, shared_data):
    path = tmp_path / "edge.jsonl"
    path.write_text("\n".join(edge_lines(shared_data)) + "\n")
    py, nat, db = both_paths(tmp_path, [path])
    assert sorted(r[1] for r in py["quarantine"]) == [8, 9, 12, 15]
    assert_same(py, nat)
    con = duckdb.connect(str(db), read_only=True)
    titles = {r[0] for r in con.execute("SELECT title FROM works").fetchall()}
    assert {"new", "tie later", "Display name instead"} <= titles and not {"old", "stale", "tie first"} & titles
    assert con.execute("SELECT doi FROM works WHERE title = 'Display name instead'").fetchone() == ("10.5555/abc",)
    assert con.execute("SELECT n_read, n_ok, n_quarantined, status FROM runs").fetchone() == (
        13, 6, 4, "ok-with-quarantine")  # 13 non-blank lines, 4 bad; 9 good lines hold 6 distinct works


def test_versions_across_runs_and_idempotence(tmp_path, shared_data):
    rec = json.loads(real_lines(shared_data)[0])
    db = tmp_path / "v.duckdb"
    with Warehouse(db) as wh:
        for i, (date, title) in enumerate((("2020-01-01", "old"), ("2024-01-01", "new"), ("2019-01-01", "stale"))):
            path = tmp_path / f"v{i}.jsonl"
            path.write_text(json.dumps(dict(rec, updated_date=date, title=title)) + "\n")
            ingest_openalex_native(wh, [path], show_progress=False)
        assert wh.con.execute("SELECT title FROM works").fetchall() == [("new",)]
        n_auth = wh.con.execute("SELECT count(*) FROM authorships").fetchone()[0]
        assert n_auth == sum(len([i for i in a["institutions"] if i.get("id")]) or len(a.get("countries") or [])
                             or 1 for a in rec["authorships"])  # replaced, not appended
        again = ingest_openalex_native(wh, [tmp_path / "v1.jsonl"], show_progress=False)
        assert again.files[0].skipped
        forced = ingest_openalex_native(wh, [tmp_path / "v1.jsonl"], show_progress=False, force=True)
        # read again, it adds no work: merged into the stored one, not "stored" (read = stored + merged)
        assert (forced.n_read, forced.n_ok, forced.n_merged) == (1, 0, 1)
        assert wh.con.execute("SELECT count(*) FROM authorships").fetchone()[0] == n_auth


def test_groups_of_files_read_together_store_the_same_rows(tmp_path, shared_data):
    """Three files, two per group (one group read in parallel), one of them with a bad line."""
    lines = real_lines(shared_data)
    files = []
    for k in range(3):
        path = tmp_path / f"part_{k}.jsonl"
        chunk = lines[k * 100:(k + 1) * 100]
        if k == 1:
            chunk[5] = "not json"
        path.write_text("\n".join(chunk) + "\n")
        files.append(path)
    assert [len(g) for g in file_groups([str(f) for f in files], 2)] == [2, 1]
    py, nat, _ = both_paths(tmp_path, files, files_per_group=2)
    assert [(Path(f).name, n) for f, n in py["quarantine"]] == [("part_1.jsonl", 6)]
    assert_same(py, nat)


KILL_SCRIPT = """
import os, signal, sys
from techties.ingest_native import ingest_openalex_native
from techties.warehouse import Warehouse
db, *files = sys.argv[1:]
def die(_n):
    os.kill(os.getpid(), signal.SIGKILL)  # right after the first group's transaction
with Warehouse(db) as wh:
    ingest_openalex_native(wh, files, show_progress=False, files_per_group=1, after_group=die)
"""


def test_sigkill_after_a_group_then_resume_gives_the_clean_rows(tmp_path, shared_data):
    lines = real_lines(shared_data)
    files = []
    for k in range(3):
        path = tmp_path / f"part_{k}.jsonl"
        path.write_text("\n".join(lines[k * 120:(k + 1) * 120]) + "\n")
        files.append(str(path))
    clean = tmp_path / "clean.duckdb"
    with Warehouse(clean) as wh:
        ingest_openalex_native(wh, files, show_progress=False, files_per_group=1)
    killed = tmp_path / "killed.duckdb"
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(killed), *files], timeout=300)
    assert proc.returncode == -signal.SIGKILL
    assert len(rows(killed)["works"]) == 120  # the first file, committed; nothing of the second
    with Warehouse(killed) as wh:
        report = ingest_openalex_native(wh, files, show_progress=False, files_per_group=1)
    assert [f.skipped for f in report.files] == [True, False, False]
    assert rows(killed) == rows(clean)


def test_a_file_over_the_memory_cap_goes_through_the_bounded_python_path(tmp_path, shared_data):
    """Under a cap too small for DuckDB's read buffers, the native ingest hands the file to the Python
    path, which streams it in batches."""
    src = shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz"
    py_db, nat_db = tmp_path / "python.duckdb", tmp_path / "native.duckdb"
    with Warehouse(py_db) as wh:
        ingest_files(wh, "openalex", [src], show_progress=False, workers=0)
    with Warehouse(nat_db) as wh:
        wh.con.execute("SET memory_limit = '16MB'")
        report = ingest_openalex_native(wh, [src], show_progress=False)
        assert wh.con.execute("SELECT count(abstract_index_json) FROM works").fetchone() == (0,)  # Python path
    assert report.n_ok == 410
    assert rows(nat_db) == rows(py_db)


def test_locate_bad_lines_refuses_to_guess(tmp_path):
    """When DuckDB's rows and the file's non-blank lines disagree in number, the lines cannot be
    placed: the file goes to the Python path instead."""
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "W1"}\n\nnot json\n')
    assert locate_bad_lines(str(path), [False, True]) == ([1], locate_bad_lines(str(path), [False, True])[1])
    assert locate_bad_lines(str(path), [False]) is None
    assert locate_bad_lines(str(path), [False, True, False]) is None


def test_truncated_gzip_falls_back_to_the_python_path(tmp_path, shared_data):
    data = (shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz").read_bytes()
    path = tmp_path / "truncated.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    py, nat, _ = both_paths(tmp_path, [path])
    assert len(py["quarantine"]) == 1 and 130 < len(py["works"]) < 410
    assert_same(py, nat)


@pytest.mark.parametrize("engine", ["native", "python"])
def test_cli_engine_option(tmp_path, shared_data, engine):
    db = tmp_path / "c.duckdb"
    src = shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz"
    result = runner.invoke(app, ["ingest", "openalex", str(src), "--engine", engine, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stored 410" in result.output
    con = duckdb.connect(str(db), read_only=True)
    params = json.loads(con.execute("SELECT params_json FROM runs").fetchone()[0])
    assert params.get("engine", "python") == engine


def test_cli_unknown_engine_is_usage_error(tmp_path, shared_data):
    src = shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz"
    db = tmp_path / "u.duckdb"
    result = runner.invoke(app, ["ingest", "openalex", str(src), "--engine", "spark", "--db", str(db)])
    assert result.exit_code == 2


def test_work_sources_are_listed_when_needed_and_a_replaced_work_again(tmp_path, shared_data):
    """The native ingest leaves work_sources to `list_own_records`: a newer version of a listed work
    drops its record, and listing again gives the record of the version now stored."""
    rec = json.loads(real_lines(shared_data)[0])
    long_title = "A study of cooperation between many countries"  # >= 3 words: it has a title key
    db = tmp_path / "l.duckdb"
    with Warehouse(db) as wh:
        old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
        old.write_text(json.dumps(dict(rec, updated_date="2020-01-01", title="old")) + "\n")
        new.write_text(json.dumps(dict(rec, updated_date="2024-01-01", title=long_title)) + "\n")
        first = ingest_openalex_native(wh, [old], show_progress=False)
        assert wh.con.execute("SELECT count(*) FROM work_sources").fetchone() == (0,)
        assert wh.list_own_records() == 1 and wh.list_own_records() == 0  # idempotent
        assert wh.con.execute("SELECT title_key, run_id FROM work_sources").fetchone() == (None, first.run_id)
        second = ingest_openalex_native(wh, [new], show_progress=False)
        assert wh.con.execute("SELECT count(*) FROM work_sources").fetchone() == (0,)  # the stale record went
        assert wh.list_own_records() == 1
        key, run = wh.con.execute("SELECT title_key, run_id FROM work_sources").fetchone()
    assert key.startswith("a study of cooperation between many countries|") and run == second.run_id
