"""Ingest guarantees: idempotent, newer versions replace older, bad input quarantined with
its location, and a run killed with SIGKILL resumes to exactly the rows of a clean run."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.ingest import ingest_files
from techties.warehouse import Warehouse

runner = CliRunner()
TABLES = ("works", "authorships", "institutions", "work_fields", "work_funders")
KEYS = {
    "works": "work_id, version, title, year, cited_by_count, abstract",
    "authorships": "work_id, position, author_name, institution_id, country_code, country_method",
    "institutions": "institution_id, name, country_code, parent_id",
    "work_fields": "work_id, taxonomy, field, score",
    "work_funders": "work_id, funder_name, award_id",
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every stored row of the data tables, sorted: two warehouses are equal iff these are."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        # table and column names are constants of this module
        return {t: sorted(con.execute(f"SELECT {KEYS[t]} FROM {t}").fetchall(), key=repr) for t in TABLES}  # noqa: S608
    finally:
        con.close()


def real_openalex_lines(shared_data: Path) -> list[str]:
    lines: list[str] = []
    for name in ("works_current_schema_sample.jsonl.gz", "works_2022_schema_tu9.jsonl.gz"):
        with gzip.open(shared_data / "openalex" / name, "rt", encoding="utf-8") as fh:
            lines += [ln.rstrip("\n") for ln in fh if ln.strip()]
    return lines


def test_same_input_twice_changes_nothing(tmp_path, shared_data):
    files = [shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz"]
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh:
        first = ingest_files(wh, "openalex", files, show_progress=False)
    before = snapshot(db)
    with Warehouse(db) as wh:
        again = ingest_files(wh, "openalex", files, show_progress=False)
        forced = ingest_files(wh, "openalex", files, show_progress=False, force=True)
        runs = wh.con.execute("SELECT count(*), sum(n_read) FROM runs").fetchone()
    assert first.n_ok == 410 and again.files[0].skipped and forced.n_read == 410
    assert (forced.n_ok, forced.n_merged) == (0, 410)  # read again: no work added, each merged into its own
    assert snapshot(db) == before
    assert runs == (3, 820)
    assert len(before["works"]) == 410


def test_newer_version_replaces_older_and_older_is_ignored(tmp_path, shared_data):
    line = real_openalex_lines(shared_data)[0]
    rec = json.loads(line)
    old = dict(rec, updated_date="2020-01-01T00:00:00", cited_by_count=1, title="old title")
    new = dict(rec, updated_date="2024-01-01T00:00:00", cited_by_count=99, title="new title")
    older_again = dict(rec, updated_date="2019-01-01T00:00:00", cited_by_count=0, title="stale title")
    db = tmp_path / "v.duckdb"
    with Warehouse(db) as wh:
        for i, version in enumerate((old, new, older_again)):
            path = tmp_path / f"v{i}.jsonl"
            path.write_text(json.dumps(version) + "\n")
            ingest_files(wh, "openalex", [path], show_progress=False)
        rows = wh.con.execute("SELECT title, cited_by_count FROM works").fetchall()
        n_auth = wh.con.execute("SELECT count(*) FROM authorships").fetchone()[0]
    assert rows == [("new title", 99)]
    assert n_auth == len(snapshot(db)["authorships"]) > 0
    # authorships were replaced, not appended
    assert n_auth == sum(max(1, len(a["institutions"])) for a in rec["authorships"])


def test_bad_lines_are_quarantined_with_location_and_the_rest_stored(tmp_path, shared_data):
    lines = real_openalex_lines(shared_data)[:50]
    lines[10] = lines[10][: len(lines[10]) // 2]  # cut in the middle: invalid JSON
    lines[20] = json.dumps({"title": "a work without an id"})
    lines[30] = "this is not json"
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    db = tmp_path / "b.duckdb"
    result = runner.invoke(app, ["ingest", "openalex", str(path), "--db", str(db)])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    for line_no in (11, 21, 31):
        assert f"{path}:{line_no}:" in result.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM works").fetchone()[0] == 47
    assert sorted(r[0] for r in con.execute("SELECT line FROM quarantine").fetchall()) == [11, 21, 31]
    assert con.execute("SELECT n_read, n_ok, n_quarantined, status FROM runs").fetchone() == (
        50, 47, 3, "ok-with-quarantine")


@pytest.mark.parametrize(("kind", "source", "total"), [
    ("wos", "wos/savedrecs_01.txt.gz", 500),
    ("openalex", "openalex/works_2022_schema_tu9.jsonl.gz", 410),
])
def test_truncated_gzip_keeps_the_records_before_the_damage(tmp_path, shared_data, kind, source, total):
    data = (shared_data / source).read_bytes()
    path = tmp_path / f"truncated-{Path(source).name}"
    path.write_bytes(data[: len(data) * 2 // 3])
    db = tmp_path / "t.duckdb"
    result = runner.invoke(app, ["ingest", kind, str(path), "--db", str(db)])
    assert result.exit_code == 3, result.output
    assert "truncated or corrupt" in result.output and "Traceback" not in result.output
    con = duckdb.connect(str(db), read_only=True)
    n = con.execute("SELECT count(*) FROM works").fetchone()[0]
    (line,) = con.execute("SELECT line FROM quarantine").fetchone()
    assert total // 3 < n < total
    if kind == "openalex":  # one work per line: the quarantined line is the first one not read
        assert line == n + 1


def test_missing_file_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["ingest", "wos", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 4
    assert "input not found" in result.output and "Traceback" not in result.output


KILL_SCRIPT = """
import sys, pathlib
from techties.ingest import ingest_files
from techties.warehouse import Warehouse
db, marker, *files = sys.argv[1:]
batches = [0]
def after(_n_in_file):
    batches[0] += 1
    pathlib.Path(marker).write_text(str(batches[0]))
with Warehouse(db) as wh:
    ingest_files(wh, "wos", files, batch_size=50, commit_works=50, show_progress=False, after_batch=after)
"""


def test_sigkill_midway_then_resume_gives_the_clean_rows(tmp_path, shared_data):
    files = [str(p) for p in sorted((shared_data / "wos").glob("*.txt.gz"))[:4]]
    clean = tmp_path / "clean.duckdb"
    with Warehouse(clean) as wh:
        ingest_files(wh, "wos", files, batch_size=50, show_progress=False)
    killed = tmp_path / "killed.duckdb"
    marker = tmp_path / "progress"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(killed), str(marker), *files])
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if marker.exists() and marker.read_text() and int(marker.read_text() or 0) >= 14:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    partial = snapshot(killed)
    assert 0 < len(partial["works"]) < 2000
    with Warehouse(killed) as wh:
        report = ingest_files(wh, "wos", files, batch_size=50, show_progress=False)
    assert any(f.resumed_from_line > 0 for f in report.files)
    assert snapshot(killed) == snapshot(clean)


@pytest.mark.parametrize("kind", ["wos", "openalex"])
def test_parallel_workers_store_exactly_the_serial_rows(tmp_path, shared_data, kind):
    if kind == "wos":
        files, batch_size, n_works = sorted((shared_data / "wos").glob("*.txt.gz"))[:2], 100, 1000
    else:
        files, batch_size, n_works = _openalex_files(tmp_path, shared_data), 64, 413
    dbs = {}
    for workers in (0, 2):
        dbs[workers] = tmp_path / f"w{workers}.duckdb"
        with Warehouse(dbs[workers]) as wh:
            report = ingest_files(wh, kind, files, batch_size=batch_size, show_progress=False, workers=workers)
        assert report.n_ok == n_works
    assert snapshot(dbs[0]) == snapshot(dbs[2])


def test_runs_and_quarantine_commands_show_what_was_set_aside(tmp_path, shared_data):
    lines = real_openalex_lines(shared_data)[:5]
    lines[2] = "not json at all"
    path = tmp_path / "some.jsonl"
    path.write_text("\n".join(lines) + "\n")
    db = tmp_path / "r.duckdb"
    assert runner.invoke(app, ["ingest", "openalex", str(path), "--db", str(db)]).exit_code == 3
    shown = runner.invoke(app, ["quarantine", "--db", str(db)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and f"{path}:3" in shown.output and "invalid OpenAlex work" in shown.output
    listed = runner.invoke(app, ["runs", "--db", str(db)], env={"COLUMNS": "300"})
    assert listed.exit_code == 0 and "ok-with-quarantine" in listed.output


OPENALEX_KILL_SCRIPT = """
import sys, pathlib
from techties.ingest import ingest_files
from techties.warehouse import Warehouse
db, marker, workers, *files = sys.argv[1:]
batches = [0]
def after(_n_in_file):
    batches[0] += 1
    pathlib.Path(marker).write_text(str(batches[0]))
    if batches[0] >= 3:
        pathlib.Path(marker + ".hold").write_text("1")
        import time; time.sleep(60)  # wait here to be killed: the kill lands between two batches' work
with Warehouse(db) as wh:
    ingest_files(wh, "openalex", files, batch_size=40, commit_works=80, show_progress=False, after_batch=after,
                 workers=int(workers))
"""


def _openalex_files(tmp_path: Path, shared_data: Path) -> list[str]:
    """The real OpenAlex records, as one gzip file of 410 works and one plain file of 3."""
    big = tmp_path / "part_000.gz"
    big.write_bytes((shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz").read_bytes())
    small = tmp_path / "part_001.jsonl"
    with gzip.open(shared_data / "openalex" / "works_current_schema_sample.jsonl.gz", "rb") as fh:
        small.write_bytes(fh.read())
    return [str(big), str(small)]


def test_openalex_sigkill_with_batches_in_flight_then_resume_gives_the_clean_rows(tmp_path, shared_data):
    files = _openalex_files(tmp_path, shared_data)
    clean = tmp_path / "clean.duckdb"
    with Warehouse(clean) as wh:
        ingest_files(wh, "openalex", files, batch_size=40, show_progress=False, workers=0)
    killed = tmp_path / "killed.duckdb"
    marker = tmp_path / "progress"
    proc = subprocess.Popen([sys.executable, "-c", OPENALEX_KILL_SCRIPT, str(killed), str(marker), "2", *files])
    hold = Path(str(marker) + ".hold")
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and not hold.exists():
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)  # the parent only: its worker processes see their pipe close
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    partial = snapshot(killed)
    assert len(partial["works"]) == 3 * 80  # three transactions of two batches each
    with Warehouse(killed) as wh:
        report = ingest_files(wh, "openalex", files, batch_size=40, show_progress=False, workers=2)
    assert report.files[0].resumed_from_line == 240
    assert snapshot(killed) == snapshot(clean)


def test_ingested_rows_equal_the_rows_of_the_record_by_record_reader(tmp_path, shared_data):
    """The ingest appends rows straight from the JSON; `read_snapshot` yields `Work` records that the
    warehouse flattens itself. Both routes must store the same rows."""
    from techties.sources.openalex_snapshot import read_snapshot

    files = _openalex_files(tmp_path, shared_data)
    direct = tmp_path / "direct.duckdb"
    with Warehouse(direct) as wh:
        ingest_files(wh, "openalex", files, show_progress=False, workers=0)
    via_records = tmp_path / "records.duckdb"
    with Warehouse(via_records) as wh:
        from techties.resolve.countries import country_from_affiliation
        from techties.resolve.institutions import rollup_institutions
        from techties.warehouse.batch import WorkBatch

        batch = WorkBatch()
        for path in files:
            for _, work in read_snapshot(path):
                batch.append(work)
        batch.resolve_countries(country_from_affiliation)
        wh.store_prepared([batch.to_tables("r")], [], run_id="r")
        rollup_institutions(wh.con)
    assert snapshot(direct) == snapshot(via_records)
    assert len(snapshot(direct)["authorships"]) > 4000


def test_a_work_twice_in_one_batch_keeps_its_newest_version(tmp_path, shared_data):
    lines = real_openalex_lines(shared_data)[3:8]
    rec = json.loads(lines[0])
    newer = dict(rec, updated_date="2030-01-01T00:00:00", title="newest title", authorships=rec["authorships"][:1])
    older = dict(rec, updated_date="2001-01-01T00:00:00", title="oldest title")
    path = tmp_path / "dup.jsonl"
    path.write_text("\n".join([json.dumps(newer), *lines[1:], json.dumps(older), lines[0]]) + "\n")
    db = tmp_path / "d.duckdb"
    with Warehouse(db) as wh:
        report = ingest_files(wh, "openalex", [path], show_progress=False, workers=0)
    rows = snapshot(db)
    wid = "openalex:" + rec["id"].rsplit("/", 1)[1]
    assert report.n_read == 7 and len(rows["works"]) == 5
    assert [r[2] for r in rows["works"] if r[0] == wid] == ["newest title"]
    assert sorted({r[1] for r in rows["authorships"] if r[0] == wid}) == [0]


@pytest.mark.parametrize("commit_works", [1, 10_000])
def test_a_work_in_two_batches_keeps_its_newest_version_however_they_are_committed(tmp_path, shared_data,
                                                                                    commit_works):
    """Batches stored one transaction each, or several in one transaction: the same rows."""
    lines = real_openalex_lines(shared_data)[10:16]
    rec = json.loads(lines[0])
    newer = dict(rec, updated_date="2030-01-01T00:00:00", title="newest title", authorships=rec["authorships"][:1])
    path = tmp_path / "two.jsonl"
    path.write_text("\n".join([json.dumps(newer), *lines[1:3], lines[0], *lines[3:]]) + "\n")
    db = tmp_path / f"c{commit_works}.duckdb"
    with Warehouse(db) as wh:
        ingest_files(wh, "openalex", [path], batch_size=3, commit_works=commit_works, show_progress=False, workers=0)
    rows = snapshot(db)
    wid = "openalex:" + rec["id"].rsplit("/", 1)[1]
    assert len(rows["works"]) == 6
    assert [r[2] for r in rows["works"] if r[0] == wid] == ["newest title"]
    assert sorted({r[1] for r in rows["authorships"] if r[0] == wid}) == [0]
