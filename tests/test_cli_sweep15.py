"""Session 15's CLI sweep as a careless user: each defect found, with the one line and exit status a user
should get, worked out by hand from the README's exit-status table and the command's own wording."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """As a user types it: the program is named `techties` in the messages."""
    code = "import sys; from techties.cli import main; sys.argv[0] = 'techties'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
                          check=False, cwd=cwd, env=env)


def test_an_option_a_command_lacks_gets_no_pair_hint() -> None:
    # `network` has no --pair: the hint "two country codes, e.g. --pair CN RU" told the user to type it again
    done = run("network", "--pair", "CN", "RU", "--out", "x.graphml")
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["error: No such option: --pair (see `techties network --help`)"]
    assert done.stdout == ""


def _env(home: Path) -> dict[str, str]:
    """A home of the test's own: no demo warehouse there, so the missing-warehouse line is the plain one."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "TECHTIES_DB"}
    env["TECHTIES_HOME"] = str(home)
    return env


def test_classify_threshold_outside_0_1_is_a_usage_error(tmp_path) -> None:
    # `classify apply --threshold -3` labelled every work AI in the warehouse, `nan` none; both exit 0.
    # The README: exit 2 for `--threshold` not a number in [0, 1], as `screen --threshold` says it
    db = tmp_path / "w.duckdb"
    db.write_bytes(b"")  # never opened: the option is refused first
    for value, shown in (("-3", "-3.0"), ("1.5", "1.5"), ("nan", "nan")):
        done = run("classify", "apply", "--db", str(db), "--threshold", value, env=_env(tmp_path))
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == [f"error: --threshold must be a number between 0 and 1, not {shown}"]
    done = run("classify", "score", "--input", str(tmp_path / "none.jsonl"), "--output", str(tmp_path / "s.csv"),
               "--threshold", "7", env=_env(tmp_path))
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["error: --threshold must be a number between 0 and 1, not 7.0"]


def test_classify_apply_does_not_make_a_warehouse_of_a_mistyped_db(tmp_path) -> None:
    # it made an empty 800 kB warehouse at the typo and said "0 works scored", exit 0
    typo = tmp_path / "warehuose.duckdb"
    done = run("classify", "apply", "--db", str(typo), env=_env(tmp_path))
    assert done.returncode == 4
    assert done.stderr.splitlines() == [f"error: no warehouse at {typo}: run `techties ingest …` or `techties demo`"
                                        " first"]
    assert not typo.exists()


def test_a_forced_reread_lists_its_quarantined_lines(tmp_path) -> None:
    # `quarantine` keeps one row per input, file and line: on `--force` the bad line was already there under
    # the first run, and the second run said "quarantined 1" then "… 1 more in the warehouse table", no line
    (tmp_path / "p.jsonl").write_text('{"id": "https://openalex.org/W1", "title": "A", "publication_year": 2020}\n'
                                      '{"id": \n', encoding="utf-8")
    db = tmp_path / "w.duckdb"
    args = ("ingest", "openalex", "p.jsonl", "--engine", "python", "--db", str(db))
    first = run(*args, cwd=tmp_path, env=_env(tmp_path))
    again = run(*args, "--force", cwd=tmp_path, env=_env(tmp_path))
    for done in (first, again):
        assert done.returncode == 3, done.stderr
        said = [line for line in done.stderr.splitlines() if line.startswith(("quarantined ", "… "))]
        assert len(said) == 1 and said[0].startswith("quarantined p.jsonl:2: "), done.stderr


ROR_READS = ("`techties ingest ror` reads a ROR dump (a JSON list, or JSON Lines; gzip or plain) or a ROR API "
             "response")


def test_ingest_ror_of_another_json_is_one_line(tmp_path) -> None:
    # the shared ror/names.json (affiliation strings with their ROR ids): "unexpected KeyError: 'id'", exit 1
    (tmp_path / "names.json").write_text('[{"affiliation": "MIT", "ror-id": "https://ror.org/042nb2s44"}]',
                                         encoding="utf-8")
    (tmp_path / "ints.json").write_text("[1, 2]", encoding="utf-8")  # was "unexpected AttributeError"
    db = tmp_path / "w.duckdb"
    done = run("ingest", "ror", "names.json", "--db", str(db), cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        'error: names.json: record 1: not a ROR organisation record (no "id" with a ror.org address); '
        f"no ROR organisation records in names.json: {ROR_READS}"]
    done = run("ingest", "ror", "ints.json", "--db", str(db), cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: ints.json: record 1: not a ROR organisation record (a JSON int, not an object); "
        f"no ROR organisation records in ints.json: {ROR_READS}"]
    assert not db.exists()  # refused before the warehouse is opened


def test_ingest_ror_reads_gzip_json_lines_and_v1_records(tmp_path) -> None:
    # the shared ror_records_….jsonl.gz was "not JSON (UnicodeDecodeError)"; its v1 records (two thirds)
    # would have been stored with their URL as name, no country, no parent
    import gzip
    import json

    import duckdb

    v1 = {"id": "https://ror.org/0000000a1", "name": "Institute of Examples", "types": ["Facility"],
          "labels": [{"label": "Институт примеров", "iso639": "ru"}], "aliases": [], "acronyms": ["IoE"],
          "country": {"country_code": "RU", "country_name": "Russia"},
          "relationships": [{"type": "Parent", "id": "https://ror.org/0000000b2", "label": "Academy"}]}
    v2 = {"id": "https://ror.org/0000000b2", "types": ["government"], "relationships": [],
          "names": [{"value": "Academy", "types": ["ror_display"], "lang": "en"}],
          "locations": [{"geonames_details": {"country_code": "RU"}}]}
    with gzip.open(tmp_path / "ror.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(v1) + "\n" + json.dumps(v2) + "\n7\n")
    db = tmp_path / "w.duckdb"
    done = run("ingest", "ror", "ror.jsonl.gz", "--db", str(db), cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 3  # stored, with a record set aside (the README's 3)
    assert done.stderr.splitlines() == [
        "skipped ror.jsonl.gz:3: not a ROR organisation record (a JSON int, not an object)",
        "ror.jsonl.gz: 2 ROR organisations stored, 1 records skipped"]
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT name, country_code, type, names_json FROM institutions"
                          " WHERE institution_id = 'ror:0000000a1'").fetchone()
    assert row[:3] == ("Institute of Examples", "RU", "facility")
    assert json.loads(row[3]) == {"und": ["Institute of Examples", "IoE"], "ru": ["Институт примеров"]}


def test_ingest_ror_zip_says_unzip(tmp_path) -> None:
    (tmp_path / "v1.58-2024-12-11-ror-data.zip").write_bytes(b"PK\x03\x04" + b"\0" * 40)
    done = run("ingest", "ror", "v1.58-2024-12-11-ror-data.zip", "--db", str(tmp_path / "w.duckdb"), cwd=tmp_path,
               env=_env(tmp_path))
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["error: v1.58-2024-12-11-ror-data.zip: a zip archive (or an .xlsx workbook):"
                                        " unzip it and name the JSON file in it (…-ror-data_schema_v2.json)"]


def test_network_states_its_data_and_the_synthetic_works_behind_its_ties(tmp_path) -> None:
    # it said "n.graphml: 746 organisations, 16355 ties {'initiative': 134, …}" and nothing of the demo
    # warehouse's 4,000 synthetic works behind 16,209 of the ties, nor the curated data's date or the version
    import yaml

    from techties.warehouse import Warehouse

    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh:  # three works, two of them synthetic, each co-authored by I1 and I2: one tie
        for i, synthetic in enumerate((True, True, False)):
            wh.con.execute("INSERT INTO works (work_id, source, title, year, synthetic)"
                           " VALUES (?, 'test', 't', 2020, ?)", [f"test:W{i}", synthetic])
            for pos, inst in enumerate(("test:I1", "test:I2")):
                wh.con.execute("INSERT INTO authorships (work_id, position, institution_id) VALUES (?, ?, ?)",
                               [f"test:W{i}", pos, inst])
    curated = Path(__file__).resolve().parents[1] / "techties" / "data" / "curated"
    on = {f: yaml.safe_load((curated / f).read_text(encoding="utf-8"))["curated_on"]
          for f in ("initiatives.yaml", "deals.yaml")}
    done = run("network", "--out", "n.graphml", "--db", str(db), cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 0, done.stderr
    first, *rest = done.stdout.splitlines()
    assert first.startswith("n.graphml: ") and ", coauthorship 1);" in first  # I1–I2, from 3 works
    assert (f"curated initiatives and deals as of {on['initiatives.yaml']} (initiatives.yaml), "
            f"{on['deals.yaml']} (deals.yaml); techties ") in first
    assert rest == [f"co-authorship ties from {db}: 3 works, 2 of them synthetic",
                    "SYNTHETIC: 2 of the warehouse's 3 works, whose co-authors make the ties, are generated"
                    " (the demo's), not real"]
    done = run("network", "--out", "n.graphml", "--min-coauthored", "-3", cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 2  # was taken as 1, exit 0
    assert done.stderr.splitlines() == ["error: Invalid value for '--min-coauthored': Input should be greater than"
                                        " or equal to 1 (see `techties network --help`)"]


def test_spark_ingest_of_empty_part_files_stops_before_spark(tmp_path) -> None:
    # an empty file started Spark (tens of seconds) and wrote an export of 0 works, exit 0
    (tmp_path / "part_000.gz").write_bytes(b"")
    (tmp_path / "snap").mkdir()
    (tmp_path / "snap" / "part_000.gz").write_bytes(b"")
    (tmp_path / "snap" / "part_001.json").write_bytes(b"")
    done = run("spark-ingest", "part_000.gz", "--out", "out", cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 4
    assert done.stderr.splitlines() == ["error: part_000.gz: an empty file (0 bytes): nothing to read"]
    done = run("spark-ingest", "snap", "--out", "out", cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 4
    assert done.stderr.splitlines() == ["error: snap: every part file is empty (0 bytes, 2 of them): nothing to read"]
    assert not (tmp_path / "out").exists()


def test_a_folder_without_curated_files_is_one_line(tmp_path) -> None:
    # it was four lines "error: DIR/sources.yaml:0: (file): missing from DIR", one per file
    (tmp_path / "empty").mkdir()
    for args in (("curated-check", "empty"), ("ingest-curated", "--dir", "empty", "--db", str(tmp_path / "w.duckdb"))):
        done = run(*args, cwd=tmp_path, env=_env(tmp_path))
        assert done.returncode == 4
        assert done.stderr.splitlines() == ["error: empty: no curated data in this folder (empty/sources.yaml,"
                                            " organisations.yaml, initiatives.yaml, deals.yaml: all missing)"]
    assert not (tmp_path / "w.duckdb").exists()


def test_research_output_that_cannot_be_made_fails_before_the_tables(tmp_path) -> None:
    # `--output FILE/x` (or a folder the user may not write) printed every table, then failed, exit 4
    from techties.warehouse import Warehouse

    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    done = run("research", "--pair", "CN", "RU", "--db", str(db), "--output", "notes.txt/tables", cwd=tmp_path,
               env=_env(tmp_path))
    assert done.returncode == 4
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["error: notes.txt/tables: Not a directory"]  # ENOTDIR's own words


def test_watch_output_that_cannot_be_written_stores_no_snapshot(tmp_path) -> None:
    # `--atom` in a folder that cannot be written stored the snapshot, then failed with nothing printed: the
    # next run compared with it, and its alerts were never shown. /proc/self takes no new file, even for root
    import duckdb

    from techties.warehouse import Warehouse

    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    done = run("watch", "--pair", "CN", "RU", "--db", str(db), "--atom", "/proc/self/alerts.xml", env=_env(tmp_path))
    assert done.returncode == 4
    assert done.stderr.splitlines() == ["error: /proc/self/alerts.xml: cannot write: No such file or directory"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM indicator_history").fetchone() == (0,)


def test_openalex_api_refuses_a_bad_filter_before_making_a_warehouse(tmp_path) -> None:
    # `--filter x` made an empty warehouse at a new --db, then said "bad OpenAlex filter term"; no request is sent
    db = tmp_path / "new.duckdb"
    done = run("ingest", "openalex-api", "--filter", "x", "--base-url", "http://127.0.0.1:9", "--db", str(db),
               env=_env(tmp_path))
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["error: bad OpenAlex filter term 'x' in 'x': expected key:value,"
                                        " e.g. institutions.country_code:CN"]
    assert not db.exists()
    done = run("ingest", "openalex-api", "--filter", "publication_year:2020", "--max-pages", "-1",
               "--base-url", "http://127.0.0.1:9", "--db", str(db), env=_env(tmp_path))
    assert done.returncode == 2  # was accepted
    assert done.stderr.splitlines() == ["error: Invalid value for '--max-pages': Input should be greater than or equal"
                                        " to 1 (see `techties ingest openalex-api --help`)"]


def test_ingest_curated_of_bad_data_makes_no_warehouse(tmp_path) -> None:
    # all or nothing: the problems were said, exit 4, but a new, empty warehouse was left at --db
    import shutil

    folder = tmp_path / "curated"
    shutil.copytree(Path(__file__).resolve().parents[1] / "techties" / "data" / "curated", folder)
    (folder / "deals.yaml").write_text("curated_on: 2026-01-01\ndeals: [{id: 5}]\n", encoding="utf-8")
    db = tmp_path / "new.duckdb"
    done = run("ingest-curated", "--dir", str(folder), "--db", str(db), env=_env(tmp_path))
    assert done.returncode == 4
    lines = done.stderr.splitlines()
    assert lines and all(line.startswith(f"error: {folder}/deals.yaml:2: ") for line in lines)  # the deal's line
    assert not db.exists()


def test_ingest_of_another_format_makes_no_warehouse(tmp_path, shared_data) -> None:
    # a file of another format was refused (exit 2) after the default warehouse had been made, empty: then
    # `report` and `research` read it instead of falling back to the demo warehouse
    import shutil

    shutil.copy(shared_data / "formats" / "scopus" / "NLeSC__litstudy__scopus.csv", tmp_path / "export.csv")
    done = run("ingest", "wos", "export.csv", cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["error: export.csv: this looks like a Scopus CSV export: use"
                                        " `techties ingest scopus`"]
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_ctrl_c_inside_a_duckdb_read_of_python_data_is_an_interrupt() -> None:
    # Ctrl-C while DuckDB read a registered Arrow table (`ingest --engine python`) came out as "unexpected
    # InvalidInputException: … failed: KeyboardInterrupt", exit 1, and the run was recorded as failed
    import duckdb
    import pyarrow as pa

    from techties.cli import INTERRUPTED, boundary_error
    from techties.errors import EXIT_INTERRUPTED, run_status

    def batches():
        yield pa.record_batch([pa.array([1])], names=["a"])
        raise KeyboardInterrupt  # the signal arriving while DuckDB pulls the next batch

    con = duckdb.connect()
    con.register("in_works", pa.RecordBatchReader.from_batches(pa.schema([("a", pa.int64())]), batches()))
    try:
        con.execute("SELECT count(*) FROM in_works").fetchall()
    except duckdb.Error as exc:
        caught = exc
    assert boundary_error(caught) == (INTERRUPTED, EXIT_INTERRUPTED)
    assert run_status(caught) == "interrupted"
    assert run_status(duckdb.InvalidInputException("Invalid Input Error: no such column")) == "failed"


def test_demo_from_takes_the_files_after_it(tmp_path, shared_data) -> None:
    # the README's `techties demo --from FILE…`: `--from a b` was "Got unexpected extra argument(s) (b)", exit 2
    import duckdb

    wos = shared_data / "wos" / "savedrecs_01.txt.gz"  # 500 WoS records
    scopus = shared_data / "formats" / "scopus" / "NLeSC__litstudy__scopus.csv"  # 58 Scopus records (its README)
    db = tmp_path / "demo.duckdb"
    done = run("demo", "--db", str(db), "--from", str(wos), str(scopus), env=_env(tmp_path))
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM work_sources").fetchone() == (500 + 58,)
    done = run("demo", "--db", str(tmp_path / "other.duckdb"), str(wos), env=_env(tmp_path))
    assert done.returncode == 2  # files with no --from: not the bundled sample built instead
    assert done.stderr.splitlines() == [f"error: name your exports after --from: techties demo --from {wos}"]
    assert not (tmp_path / "other.duckdb").exists()


def test_huge_numbers_are_usage_errors(tmp_path) -> None:
    # `runs --limit 99999999999999999999` was "unexpected ConversionException" (DuckDB's LIMIT is a BIGINT),
    # exit 1; `ingest --workers 100000` would start a parser process per batch
    import os

    from techties.warehouse import Warehouse

    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    for command in ("runs", "quarantine"):
        done = run(command, "--limit", "99999999999999999999", "--db", str(db), env=_env(tmp_path))
        assert done.returncode == 2
        assert done.stderr.splitlines() == ["error: Invalid value for '--limit': Input should be less than or equal to"
                                            f" {2**63 - 1} (see `techties {command} --help`)"]
    done = run("ingest", "wos", "x.txt", "--workers", "100000", "--db", str(db), env=_env(tmp_path))
    assert done.returncode == 2
    most = 4 * (os.cpu_count() or 1)
    assert done.stderr.splitlines() == [f"error: --workers 100000: at most {most} here (4 per core; the default is"
                                        " one per core)"]


def test_resolve_output_that_cannot_be_written_names_the_users_file(tmp_path) -> None:
    # it said "error: OUT.partial: …", a file the user never named (the output is written beside it, then renamed)
    (tmp_path / "aff.csv").write_text("aff\nTsinghua University, Beijing, China\n", encoding="utf-8")
    done = run("resolve", "country", "--input", "aff.csv", "--column", "aff", "--output", "/proc/self/rc.csv",
               cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 4
    assert done.stderr.splitlines() == ["error: /proc/self/rc.csv: No such file or directory"]  # /proc takes no file


def test_research_output_does_not_overwrite_a_users_files(tmp_path) -> None:
    # `--output DIR` replaced a user's own summary.csv in DIR (or in the current folder: `--output ""`) silently
    from techties.warehouse import Warehouse

    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "summary.csv").write_text("my own numbers\n", encoding="utf-8")
    args = ("research", "--pair", "CN", "RU", "--db", str(db), "--output", str(folder))
    done = run(*args, env=_env(tmp_path))
    assert done.returncode == 4
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"error: {folder} holds summary.csv and no earlier research output: not"
                                        " replaced (give an empty or new folder)"]
    assert (folder / "summary.csv").read_text(encoding="utf-8") == "my own numbers\n"
    (folder / "summary.csv").unlink()
    assert run(*args, env=_env(tmp_path)).returncode == 0  # into the emptied folder
    assert run(*args, env=_env(tmp_path)).returncode == 0  # and again over its own earlier output


def test_spark_ingest_of_binary_data_is_refused_before_spark(tmp_path) -> None:
    # it started Spark and quarantined every line ("not a JSON object with an id"), exit 3; `ingest` says it, exit 2
    (tmp_path / "part_000.json").write_bytes(bytes(range(256)) * 8)  # NUL and every control byte: no text
    done = run("spark-ingest", "part_000.json", "--out", "out", cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["error: part_000.json: binary data, not a text export `techties ingest` reads"]
    assert not (tmp_path / "out").exists()
