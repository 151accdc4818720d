"""Third new-user pass (the README followed in order, then careless inputs): one regression test per
defect that was not covered by test_qa_careless.py, test_qa_faces.py or test_hostile.py."""

from __future__ import annotations

import pytest

from techties.report.brief import _cell, _md_cell


@pytest.mark.parametrize(("value", "shown"), [
    (31.0, "31"),          # top fields: 9 of 29 works = 31.03%, rounded by the metric to 31.0: was "31.00"
    (17.2, "17.2"),        # citation impact: 5 of 29 in the top 10% = 17.24%, the metric's 17.2: was "17.20"
    (65.62, "65.62"),      # a mean with its two decimals stays as it is
    (1234.5, "1,234.5"),
    (0.0, "0"),
])
def test_brief_shows_a_figure_with_no_digits_it_does_not_have(value, shown):
    """The brief padded every float to two decimals: share_pct 31.0 read "31.00" beside 9 of 29 works
    (31.03%), a precision the figure does not have and a value an analyst checking by hand does not get."""
    assert _cell(value) == shown
    assert _md_cell(value) == shown


def _printed(output=None, n_rows: int = 62) -> str:
    import io

    from rich.console import Console

    from techties.metrics.export import print_table
    from techties.metrics.research import MetricTable

    buf = io.StringIO()
    rows = [("CN-RU", 1960 + i, i) for i in range(n_rows)]
    t = MetricTable("openalex_counts", "Counts", ["pair", "year", "works"], rows)
    print_table(Console(file=buf, width=200), t, output=output)
    return buf.getvalue()


def test_rows_past_the_terminal_s_60_point_to_a_file_that_exists():
    """`techties demo` (and `research` without --output) ended a table with "… 42 more rows in
    openalex_counts.csv": no such file was written anywhere."""
    from pathlib import Path

    # 62 rows, 60 shown: 2 more
    assert "… 2 more rows not shown: `techties research … --output DIR` writes them all to openalex_counts.csv" \
        in _printed()
    assert "… 2 more rows in out/openalex_counts.csv" in _printed(Path("out"))
    assert "… 1 more row in out/openalex_counts.csv" in _printed(Path("out"), 61)
    assert "more row" not in _printed(Path("out"), 60)


def test_export_onto_a_file_does_not_suggest_overwrite(tmp_path):
    """`techties export --out notes.txt` said "exists … (--overwrite replaces it)"; with --overwrite the same
    file was then refused ("is not a folder of a techties export"): the hint led nowhere."""
    from techties.warehouse import Warehouse
    from tests.test_hostile import cli, one_line_error

    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep\n")
    for extra in ((), ("--overwrite",)):
        line = one_line_error(cli("export", "--db", str(db), "--out", str(a_file), *extra), 2)
        assert "is not a folder of a techties export: choose another folder" in line and "--overwrite" not in line
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("keep me\n")
    line = one_line_error(cli("export", "--db", str(db), "--out", str(mine)), 2)
    assert "is not a techties export" in line and "replaces it" not in line
    # an earlier export (or an empty folder) is what --overwrite replaces: there the hint stays
    empty = tmp_path / "empty"
    empty.mkdir()
    line = one_line_error(cli("export", "--db", str(db), "--out", str(empty)), 2)
    assert line.endswith("exists: choose another folder or overwrite it (--overwrite replaces it)")
    assert (mine / "chapter1.tex").read_text() == "keep me\n" and a_file.read_text() == "keep\n"


@pytest.mark.parametrize("command", [["serve", "--port", "8799"], ["research", "--pair", "CN", "RU"],
                                     ["runs"]])
def test_a_folder_given_as_the_warehouse_is_named_as_a_folder(tmp_path, command):
    """`techties serve --db exports/` (a folder): "unexpected IOException … (run again as `techties --debug …`)",
    exit 1; the other commands: "cannot use the warehouse: IO Error: Could not read from file …"."""
    from tests.test_hostile import cli, one_line_error

    folder = tmp_path / "exports"
    folder.mkdir()
    line = one_line_error(cli(*command, "--db", str(folder)), 4)
    assert f"{folder}: a folder, not a warehouse file: name the file, e.g. --db {folder}/warehouse.duckdb" in line
    assert list(folder.iterdir()) == []


def _first_wos_record(shared_data, da: str) -> str:
    """The header and the first record of savedrecs_01 (real), its record date (DA) set to `da`."""
    import gzip

    text = gzip.open(shared_data / "wos" / "savedrecs_01.txt.gz", "rt", encoding="utf-8-sig").read()
    head, rest = text.split("\nPT ", 1)
    record = "PT " + rest.split("\nER\n", 1)[0] + "\nER\n"
    assert record.count("\nDA ") == 1
    lines = [f"DA {da}" if line.startswith("DA ") else line for line in record.splitlines()]
    return head + "\n" + "\n".join(lines) + "\n\nEF\n"


def test_ingest_accounts_for_every_record_read(tmp_path, shared_data):
    """`ingest auto` of a Lens and a Scopus export of one bibliography said "read 81, stored 63, quarantined 0":
    18 records were neither stored nor quarantined, and nothing said where they went (merged into the Lens
    records' works). Here by hand: one real WoS record stored (DA 2026-04-06), then the same record with an
    older DA: read 1, stored 0 (an older version is ignored), quarantined 0 — and 1 merged, said so."""
    from tests.test_hostile import cli

    new, old = tmp_path / "new.txt", tmp_path / "old.txt"
    new.write_text(_first_wos_record(shared_data, "2026-04-06"), encoding="utf-8")
    old.write_text(_first_wos_record(shared_data, "2025-01-01"), encoding="utf-8")
    db = str(tmp_path / "w.duckdb")
    first = cli("ingest", "wos", str(new), "--db", db)
    assert first.exit_code == 0 and f"{new}: read 1, stored 1, quarantined 0\n" in first.stderr
    second = cli("ingest", "wos", str(old), "--db", db)
    assert second.exit_code == 0, second.stderr
    assert (f"{old}: read 1, stored 0, quarantined 0; 1 merged into works already stored (the same DOI or title "
            "as another record, or the same record again, in any version)") in second.stderr
    # defect: `--force` read the stored record again and said "stored 1" where the works table gained nothing
    forced = cli("ingest", "wos", str(new), "--db", db, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (f"{new}: read 1, stored 0, quarantined 0; 1 merged into works already stored (the same DOI or title "
            "as another record, or the same record again, in any version)") in forced.stderr
    assert "read 1, stored 0, quarantined 0; 1 merged into works already stored\n" in forced.stderr  # the run's line


def test_watch_table_and_digest_say_what_a_value_is_out_of():
    """`techties watch` printed "listed_collaborations 69" and the digest "| 69 |": 69 co-authored works of
    77 (the JSON's denominator), as the brief says "26 works (of 29)"; a share "7.95%" of 968 works."""
    import io

    from rich.console import Console

    from techties.watch.model import Change, Scope, Snapshot, StoredIndicator
    from techties.watch.render import markdown_digest, print_table
    from techties.watch.run import WatchResult

    listed = StoredIndicator(id="listed_collaborations", name="listed", value=69.0, unit="works", denominator=77.0)
    snap = Snapshot("s1", 1, "2026-12-01T00:00:00+00:00", "2026-12-01", Scope(pair="CN-RU"), (listed,))
    result = WatchResult(snap, None, [
        Change("listed_collaborations", "listed", 69.0, None, "computed", "works", 77.0),
        Change("pair_share", "share", 7.95, None, "computed", "pct", 968.0),
        Change("pair_works", "works", 77.0, None, "computed", "works", None),  # a count of its own: no "of"
    ], [], versions="AI model: ai-tfidf-svm-e5e8d0d958; software: techties 0.1.0")
    digest = markdown_digest(result)
    assert "| listed\\_collaborations | listed | 69 (of 77) | n/a | new | computed |" in digest
    assert "| pair\\_share | share | 7.95% (of 968) |" in digest
    assert "| pair\\_works | works | 77 | n/a |" in digest
    buf = io.StringIO()
    print_table(Console(file=buf, width=200), result)
    assert "69 (of 77)" in buf.getvalue() and "7.95% (of 968)" in buf.getvalue()



def test_watch_digest_and_table_state_the_model_and_software_versions(tmp_path):
    """The brief and the dashboard state the AI model and software versions; `techties watch --area ai` (its
    table and its digest) stated only the data's as-of date."""
    import duckdb

    from techties.warehouse.store import versions
    from tests.test_hostile import cli
    from tests.test_report_facts import build_facts_warehouse

    db = build_facts_warehouse(tmp_path / "w.duckdb")
    con = duckdb.connect(str(db))  # every work scored AI by a model named here (SYNTHETIC scores)
    con.execute("INSERT INTO ai_scores SELECT work_id, 'ai', 'test-model-1', 0.9, TRUE, 'title+abstract' FROM works")
    con.close()
    software = ", ".join(f"{k} {v}" for k, v in versions().items())
    line = f"AI model: test-model-1; software: {software}"
    digest = tmp_path / "digest.md"
    r = cli("watch", "--pair", "CN", "RU", "--area", "ai", "--db", str(db), "--markdown", str(digest))
    assert r.exit_code == 0, r.stderr
    assert line in r.stdout
    assert "\n" + line + "\n" in digest.read_text(encoding="utf-8")


def test_demo_run_again_says_its_files_are_already_held(shared_data, tmp_path):
    """`techties demo` run a second time said "ingested: read 0, stored 0, quarantined 0" (twice) and "loaded 0
    values of real OpenAlex count series", as if the demo had found nothing; the files were already held."""
    from techties.demo import series_step
    from tests.test_hostile import cli

    f = shared_data / "formats" / "pubmed" / "mjwestgate__synthesisr__PubMed_example.txt"  # 3 records
    args = ["demo", "--db", str(tmp_path / "d.duckdb"), "--from", str(f)]
    first = cli(*args)
    assert first.exit_code == 0 and "ingested: read 3, stored 3, quarantined 0\n" in first.stderr
    again = cli(*args)
    assert again.exit_code == 0, again.stderr
    assert "ingested: nothing new, the warehouse already holds this file (same content: 1 skipped)\n" in again.stderr
    assert "read 0" not in again.stderr
    assert series_step(267).startswith("loaded 267 values of real OpenAlex count series (CN–RU")
    assert series_step(0).endswith("AI-concept works 2010–2020): already in the warehouse, nothing added")


def test_ingest_of_an_empty_file_says_it_is_empty(tmp_path):
    """An export that came down empty: "empty.txt: read 0, stored 0, quarantined 0", and the next empty file of
    another name (and kind) "already ingested (same content), skipped": nothing said the files were empty."""
    from tests.test_hostile import cli

    db = str(tmp_path / "w.duckdb")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.csv").write_bytes(b"")
    for kind, name in (("wos", "empty.txt"), ("scopus", "empty.csv")):
        r = cli("ingest", kind, str(tmp_path / name), "--db", db)
        assert r.exit_code == 0, r.stderr
        assert f"{tmp_path / name}: an empty file (0 bytes): nothing to read\n" in r.stderr
        assert "already ingested" not in r.stderr


def test_a_truncated_gzip_s_counts_add_up(tmp_path, shared_data):
    """A truncated .gz said "read 12, stored 11, quarantined 2": 11 + 2 is not 12, the second quarantined line
    being the note of the cut, not a record. Here the real MEDLINE export cut after its 2nd record (as
    tests/test_hostile.py cuts it): 2 read, 2 stored, and the cut."""
    from tests.test_hostile import TAGGED, cli, ends_early, record_starts

    name, start, _n = TAGGED["pubmed"]
    text = (shared_data / name).read_bytes()
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(ends_early(text[:record_starts(text, start)[2]]))
    r = cli("ingest", "pubmed", str(path), "--db", str(tmp_path / "w.duckdb"))
    assert r.exit_code == 3
    assert f"{path}: read 2, stored 2, quarantined 1 (the file cut short)\n" in r.stderr


def test_an_interrupted_ingest_is_recorded_as_interrupted(tmp_path, shared_data):
    """Ctrl-C in the middle of `techties ingest wos savedrecs_*`: the CLI said "interrupted … run the same command
    again to resume", and `techties runs` listed the run as `failed`. Ctrl-C after the first file's first commit
    (500 records, one commit); the rerun resumes and ends with the file's 500 works once each."""
    import duckdb

    from techties.ingest import ingest_files
    from techties.warehouse import Warehouse

    files = sorted((shared_data / "wos").glob("savedrecs_0[12].txt.gz"))

    def ctrl_c(n_read: int) -> None:
        raise KeyboardInterrupt

    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh, pytest.raises(KeyboardInterrupt):
        ingest_files(wh, "wos", files, show_progress=False, after_batch=ctrl_c)
    with Warehouse(db) as wh:
        ingest_files(wh, "wos", files, show_progress=False)
    con = duckdb.connect(str(db), read_only=True)
    assert [s for (s,) in con.execute("SELECT status FROM runs ORDER BY started").fetchall()] == ["interrupted", "ok"]
    assert con.execute("SELECT count(*), count(DISTINCT work_id) FROM works").fetchone() == (1000, 1000)
    con.close()
