"""Regressions found by using techties as a careless user would (session QA, 2026-12-01): each
test names the input that went wrong and what the user must see instead."""

from __future__ import annotations

import pytest

from tests.test_hostile import cli, hostile_db, one_line_error  # noqa: F401 (hostile_db: a fixture)


# -- Ctrl-C ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("signal_as", [KeyboardInterrupt(), RuntimeError("Query interrupted")])
def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, signal_as):
    """Ctrl-C during a DuckDB query (the native ingest) came out as "unexpected RuntimeError: Query
    interrupted", exit 1; during Python code, as exit 130 with nothing said. Both: one line, 130."""
    import techties.commands.runs as runs_cmd

    def interrupted(db):
        raise signal_as

    monkeypatch.setattr(runs_cmd, "_open", interrupted)
    line = one_line_error(cli("runs"), 130)
    assert "interrupted" in line and "run the same command again" in line


# -- a folder named as an input --------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["wos", "openalex", "auto"])
def test_a_folder_given_as_input_is_named_as_a_folder(tmp_path, kind):
    """`techties ingest wos exports/` said "input not found: exports" of a folder that exists."""
    folder = tmp_path / "exports"
    folder.mkdir()
    line = one_line_error(cli("ingest", kind, str(folder), "--db", str(tmp_path / "w.duckdb")), 4)
    assert line == f"error: a folder, not a file: {folder} (name its files, e.g. {folder}/*)"
    assert not (tmp_path / "w.duckdb").exists()


# -- report --out naming a file --------------------------------------------------------------------
def test_report_out_of_a_file_suggests_another_name(tmp_path):
    """`--out /etc/passwd` (a file without a suffix) was told "try --out /etc/passwd"."""
    notes = tmp_path / "notes"
    notes.write_text("mine\n")
    args = ("report", "--pair", "CN", "RU", "--db", str(tmp_path / "none.duckdb"), "--out")
    line = one_line_error(cli(*args, str(notes)), 2)
    assert line.endswith(f"not a file: {notes} (try --out {tmp_path / 'notes-brief'})")
    line = one_line_error(cli(*args, str(tmp_path / "brief.html")), 2)
    assert line.endswith(f"(try --out {tmp_path / 'brief'})")
    assert notes.read_text() == "mine\n"


# -- export --overwrite on the wrong folder --------------------------------------------------------
def test_export_overwrite_replaces_only_an_earlier_export(tmp_path):
    """`techties export --out ~/thesis --overwrite` deleted the folder whole, whatever it held."""
    from techties.warehouse import Warehouse

    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("keep me\n")
    line = one_line_error(cli("export", "--db", str(db), "--out", str(mine), "--overwrite"), 2)
    assert "is not a techties export" in line
    assert (mine / "chapter1.tex").read_text() == "keep me\n"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep\n")
    one_line_error(cli("export", "--db", str(db), "--out", str(a_file), "--overwrite"), 2)
    assert a_file.read_text() == "keep\n"
    export = tmp_path / "export"
    for _ in range(2):  # an earlier export is replaced
        result = cli("export", "--db", str(db), "--out", str(export), "--overwrite")
        assert result.exit_code == 0, result.stderr
    assert (export / "manifest.json").is_file() and not (tmp_path / "export.partial").exists()


# -- control characters from the data in the brief ----------------------------------------------------
def test_brief_shows_control_characters_of_names_as_escapes(hostile_db, tmp_path):  # noqa: F811
    """An institution named with ESC sequences reached report.md raw (`cat report.md` ran them)."""
    out = tmp_path / "brief"
    result = cli("report", "--pair", "CN", "RU", "--db", str(hostile_db), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    for name in ("brief.html", "report.md"):
        text = (out / name).read_text(encoding="utf-8")
        assert "\x1b" not in text and "\u202e" not in text, name
        assert "x1b[2J" in text.replace("\\[", "["), name  # shown, not dropped


# -- curated data from the user's own folder ---------------------------------------------------------
def test_curated_source_url_must_be_http_and_errors_exit_4(tmp_path):
    """A curated source's `url: javascript:…` was accepted and linked from brief.html; a malformed
    folder exited 1 (the README's status for bugs) with lines naming no folder."""
    import shutil
    from pathlib import Path

    folder = shutil.copytree(Path(__file__).resolve().parents[1] / "techties" / "data" / "curated", tmp_path / "cur")
    text = (folder / "sources.yaml").read_text(encoding="utf-8")
    first = "    cited_in: seed 000\n"
    assert first in text
    (folder / "sources.yaml").write_text(text.replace(first, first + '    url: "javascript:alert(1)"\n', 1),
                                         encoding="utf-8")
    for args in (("curated-check", str(folder)), ("ingest-curated", "--dir", str(folder), "--db",
                                                  str(tmp_path / "w.duckdb"))):
        line = one_line_error(cli(*args), 4)
        assert line.startswith(f"error: {folder}/sources.yaml:") and "not an http:// or https:// address" in line
    line = one_line_error(cli("curated-check", str(tmp_path / "nowhere")), 4)
    assert line == f"error: curated folder not found: {tmp_path / 'nowhere'}"


# -- an export that is not UTF-8 -------------------------------------------------------------------
def test_a_windows_1252_export_keeps_its_accents(tmp_path, shared_data):
    """A Scopus CSV saved in Windows-1252: each line that was not UTF-8 was read as GB18030 whenever
    that decoded, so "Müller" was stored as "M黮ler" and "Zürich" as "Z黵ich", silently."""
    import duckdb

    from tests.test_hostile import ingest

    text = (shared_data / "formats/scopus/NLeSC__litstudy__scopus.csv").read_text(encoding="utf-8-sig")
    header, first = text.split("\n")[:2]
    assert first.startswith('"Phillips J.C., Braun R.,')
    row = first.replace("Phillips J.C.", "Müller J.C.", 1).replace("Braun R.", "Gómez R.", 1)
    path = tmp_path / "scopus_cp1252.csv"
    path.write_bytes((header + "\n" + row + "\n").encode("cp1252", "replace"))
    db = tmp_path / "w.duckdb"
    report, bad, n = ingest(db, "scopus", path)
    assert (n, bad) == (1, [])
    names = {r[0] for r in duckdb.connect(str(db), read_only=True).execute(
        "SELECT author_name FROM authorships").fetchall()}
    assert {"Müller J.C.", "Gómez R."} <= names, names


@pytest.mark.parametrize(("lines", "expected"), [
    (["Zürich", "Fundação Oswaldo Cruz", "Kraków"], "cp1252"),
    (["A1 李冬;刘泋彤", "T1 硕士论文", "K1 李"], "gb18030"),  # 泋: a GBK character with an ASCII trail byte
])
def test_legacy_lines_are_read_in_the_files_encoding(lines, expected):
    from techties.sources.tagged import LineDecoder

    decode = LineDecoder()
    assert [decode(s.encode(expected)) for s in lines] == lines


def test_screening_an_empty_name_is_refused():
    """`techties screen "$NAME"` with NAME unset printed ": 0 hit(s)", exit 0: a clean result."""
    assert one_line_error(cli("screen", "Huawei", "  "), 2) == "error: name 2 of 2 is empty: nothing to screen"


def test_screen_list_file_missing_is_4_and_its_header_is_escaped(tmp_path):
    """A missing --list file exited 2 (the README: 4); an unknown list's first bytes were echoed raw."""
    assert one_line_error(cli("screen", "x", "--list", str(tmp_path / "no.csv")), 4).endswith("no such list file")
    odd = tmp_path / "odd.csv"
    odd.write_bytes(b"abc\x1b[2Jdef,x\n")
    line = one_line_error(cli("screen", "x", "--list", str(odd)), 2)
    assert "\x1b" not in line and "abc\\x1b[2Jdef" in line


# -- resolve country ---------------------------------------------------------------------------------
def test_resolve_output_onto_its_input_is_refused_and_nothing_half_written(tmp_path):
    """`--output` the same file as `--input` emptied the input (opened for writing while being read);
    a file that stops being UTF-8 half-way left a half-written output."""
    src = tmp_path / "aff.csv"
    text = "name\n" + "".join(f"Institute {i}, Harbin, China\n" for i in range(3000))
    src.write_text(text, encoding="utf-8")
    base = ("resolve", "country", "--input", str(src), "--column", "name", "--output")
    line = one_line_error(cli(*base, str(src)), 2)
    assert line == f"error: --output {src} is the input file: name another file"
    assert src.read_text(encoding="utf-8") == text
    src.write_bytes(text.encode() + b"Caf\xe9, Paris\n")
    out = tmp_path / "out.csv"
    assert "not UTF-8" in one_line_error(cli(*base, str(out)), 4)
    assert list(tmp_path.iterdir()) == [src]


def test_crunchbase_export_not_utf8_is_one_line_exit_4(tmp_path):
    """A Crunchbase CSV saved in another encoding ended in "unexpected UnicodeDecodeError", exit 1."""
    path = tmp_path / "cb_acquisitions.csv"
    path.write_bytes(b"acquiree_name,acquirer_name\nCaf\xe9 AI,Yandex\n")
    line = one_line_error(cli("ingest-crunchbase", str(path), "--db", str(tmp_path / "w.duckdb")), 4)
    assert line.startswith(f"error: {path}: not UTF-8 text")


def test_watch_without_a_warehouse_names_the_demo_one(tmp_path, monkeypatch):
    """After `techties demo`, `techties watch` said "run `techties demo` first"."""
    monkeypatch.setenv("TECHTIES_HOME", str(tmp_path))
    monkeypatch.delenv("TECHTIES_DB", raising=False)
    (tmp_path / "demo.duckdb").write_bytes(b"")  # only its existence is read
    line = one_line_error(cli("watch", "--pair", "CN", "RU"), 4)
    assert line.endswith(f"or name the demo warehouse: --db {tmp_path / 'demo.duckdb'}")


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_serve_port_out_of_range_is_wrong_usage(port):
    """`--port 99999` started and printed a URL with port 99999; `--port -1` was exit 6."""
    line = one_line_error(cli("serve", "--port", port), 2)
    assert line == f"error: --port {port}: a port is 1 to 65535 (0: any free port)"


@pytest.mark.parametrize(("option", "value"), [("--since", "abc"), ("--since", "-5"), ("--sector", "robotcs"),
                                                ("--kind", "fundz"), ("--status", "operatin")])
def test_initiatives_filter_no_initiative_can_match_is_wrong_usage(option, value):
    """`techties initiatives --since abc` printed "0 initiatives", exit 0, as if there were none."""
    # ("--status", "Operating") was here: --status now reads in any case, as --kind and --sector do
    line = one_line_error(cli("initiatives", option, value), 2)
    assert line.startswith(f"error: {option} {value!r}")


# -- files that are no export at all ---------------------------------------------------------------
@pytest.mark.parametrize(("content", "why"), [
    (b"PK\x03\x04" + bytes(200), "a zip archive"),
    (b"%PDF-1.4\n" + b"x" * 200, "a PDF document"),
    (bytes(range(256)) * 8, "binary data"),
])
@pytest.mark.parametrize("kind", ["wos", "scopus", "auto"])
def test_a_zip_pdf_or_binary_file_is_refused_in_one_line(tmp_path, content, why, kind):
    """`techties ingest wos exports.zip` quarantined every line as "not a tagged WoS line", exit 3, and
    the file then counted as ingested: `ingest auto` of the same file said "already ingested"."""
    path = tmp_path / "input.bin"
    path.write_bytes(content)
    line = one_line_error(cli("ingest", kind, str(path), "--db", str(tmp_path / "w.duckdb")), 2)
    assert line.startswith(f"error: {path}: {why}") and "techties ingest" in line


def test_demo_from_a_missing_file_is_one_line_and_creates_nothing(tmp_path, monkeypatch):
    """`techties demo --from nope` said "[Errno 2] No such file or directory: 'nope'" after creating an
    empty demo warehouse."""
    monkeypatch.setenv("TECHTIES_HOME", str(tmp_path / "home"))
    line = one_line_error(cli("demo", "--from", str(tmp_path / "nope")), 4)
    assert line == f"error: input not found: {tmp_path / 'nope'}"
    assert not (tmp_path / "home").exists()


def test_investments_table_says_undisclosed_not_zero():
    """A year whose only deal is undisclosed read "$0.0M" in `techties investments` (the brief: undisclosed);
    a direction with no deal at all, "$0.0M" too."""
    from techties.commands.investments import _money

    assert (_money(0.0, 0, 1), _money(0.0, 0, 0), _money(38.3e6, 1, 1)) == ("undisclosed", "no deals", "$38.3M")
    result = cli("investments", "--pair", "CN", "RU", "--baseline", "US", "--rule", "look-through")
    assert result.exit_code == 0, result.stderr
    row_2014 = next(ln for ln in result.stdout.splitlines() if "rcif-didi-2014" in ln)
    assert "undisclosed" in row_2014 and "$0.0M" not in result.stdout


def test_research_output_onto_a_file_is_one_line_exit_2(hostile_db, tmp_path):  # noqa: F811
    """`techties research --output notes.txt` of an existing file: "unexpected FileExistsError", exit 1; then
    exit 4 after the tables were computed and printed (qa9: refused first, exit 2, as `report --out FILE`)."""
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n")
    result = cli("research", "--pair", "CN", "RU", "--db", str(hostile_db), "--output", str(notes))
    line = one_line_error(result, 2)
    assert line.startswith(f"error: --output is a folder for the tables' CSV and Parquet files, not a file: {notes}")
    assert notes.read_text() == "mine\n"


def test_a_windows_1252_wos_export_keeps_its_accents(tmp_path, shared_data):
    """WoS values were decoded UTF-8 with replacement: a Latin-1 "Müller" was stored "M\ufffdller"."""
    import duckdb

    from tests.test_hostile import ingest, wos_text

    text = wos_text(shared_data).decode("utf-8-sig")
    first = text[:text.index("\nER") + 4]
    for tag in ("AU", "AF"):  # the first author, by both tags
        line = next(ln for ln in first.splitlines() if ln.startswith(tag + " "))
        first = first.replace(line, f"{tag} Müller, Jürgen", 1)
    record = first
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(record.encode("cp1252", "replace") + b"\n")
    db = tmp_path / "w.duckdb"
    _report, _bad, n = ingest(db, "wos", path)
    assert n == 1
    names = [r[0] for r in duckdb.connect(str(db), read_only=True).execute(
        "SELECT author_name FROM authorships ORDER BY position").fetchall()]
    assert names[0] == "Müller, Jürgen", names


def test_progress_bar_shows_a_hostile_file_name_as_text(tmp_path, shared_data, monkeypatch):
    """The progress bar printed a file name's ESC sequences raw and ran its "[bold]" as Rich markup."""
    from rich.progress import Progress
    from rich.text import Text

    from techties.ingest import ingest_files
    from techties.warehouse import Warehouse

    seen: list[str] = []
    add_task = Progress.add_task
    monkeypatch.setattr(Progress, "add_task", lambda self, d, *a, **k: seen.append(d) or add_task(self, d, *a, **k))
    path = tmp_path / "evil\x1b[31m[bold]x.jsonl"
    path.write_text("".join(_tu9_text(shared_data, 2)))
    with Warehouse(tmp_path / "w.duckdb") as wh:
        ingest_files(wh, "openalex", [path], show_progress=True)
    (shown,) = seen
    assert "\x1b" not in shown and Text.from_markup(shown).plain == "evil\\x1b[31m[bold]x.jsonl"


def _tu9_text(shared_data, n):
    from tests.test_hostile import tu9_lines

    return [ln + "\n" for ln in tu9_lines(shared_data, n)]


def test_a_bad_memory_limit_is_wrong_usage(tmp_path, monkeypatch, shared_data):
    """TECHTIES_MEMORY_LIMIT=banana: "unexpected ValueError", exit 1."""
    monkeypatch.setenv("TECHTIES_MEMORY_LIMIT", "banana")
    line = one_line_error(cli("ingest", "wos", str(shared_data / "wos/savedrecs_01.txt.gz"), "--db",
                              str(tmp_path / "w.duckdb")), 2)
    assert line == "error: TECHTIES_MEMORY_LIMIT must look like 1GB or 512MB, got 'banana'"


def test_brief_of_an_empty_warehouse_prints_no_matplotlib_warning(tmp_path):
    """A brief with no works printed matplotlib's "No artists with labels found to put in legend"."""
    import warnings

    from techties.report.figures import line_chart

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "<svg" in line_chart({"CN-RU": []}, "Co-authored works per year", "works")


def test_the_same_snapshot_file_named_twice_is_read_once(tmp_path, shared_data):
    """`techties ingest openalex a.gz a.gz` (native engine): "unexpected ConstraintException: duplicate
    key", exit 1, nothing stored."""
    import duckdb

    part = str(shared_data / "openalex/works_current_schema_sample.jsonl.gz")
    db = tmp_path / "w.duckdb"
    result = cli("ingest", "openalex", part, part, "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert "already ingested (same content)" in result.stderr
    n, distinct = duckdb.connect(str(db), read_only=True).execute(
        "SELECT count(*), count(DISTINCT work_id) FROM works").fetchone()
    assert n == distinct == 3


@pytest.mark.parametrize("kind", ["scopus", "auto"])
def test_a_scopus_csv_resaved_with_semicolons_is_read(tmp_path, shared_data, kind):
    """A Scopus CSV opened and saved again by a spreadsheet in a European locale (";" between cells,
    Windows-1252): every row was quarantined ("not a Scopus CSV header: no 'Title'")."""
    import csv

    import duckdb

    from tests.test_hostile import ingest

    src = shared_data / "formats/scopus/NLeSC__litstudy__scopus.csv"
    rows = list(csv.reader(src.open(encoding="utf-8-sig", newline="")))[:4]
    path = tmp_path / "scopus_excel.csv"
    with path.open("w", encoding="cp1252", errors="replace", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    db = tmp_path / "w.duckdb"
    _report, bad, n = ingest(db, kind, path)
    assert (n, bad) == (3, [])
    title = rows[1][rows[0].index("Title")]
    assert duckdb.connect(str(db), read_only=True).execute(
        "SELECT count(*) FROM works WHERE title = ?", [title]).fetchone()[0] == 1
