"""`techties screen --names-file`: a research-security office's file of partner names, screened with one
load of the lists. Expectations worked out by hand from the shipped lists: "Huawei Technologies Co., Ltd."
is a BIS Entity List entry of exactly that name (us-lists/bis_entity_list.json), the names of the curated
list (techties/screen/data/curated_lists.yaml) include Harbin Institute of Technology and Beihang
University, and a bakery in Springfield is on no list. Most cases screen against the curated list alone
(`CURATED`), which loads in a fraction of the time of the US lists."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.screen.names_file import BadLine, NameLine, open_names

CURATED = ["--no-defaults", "--list", "curated"]
HARBIN, BEIHANG = "Harbin Institute of Technology", "Beihang University"


def _screen(*args: str, stdin: str | bytes | None = None):
    return CliRunner().invoke(app, ["screen", *args], input=stdin)


def _queries(result) -> list[tuple[str, list[str]]]:
    """(query, entries hit) of each result of a JSON run, in output order."""
    return [(r["query"], [h["entry"] for h in r["hits"]]) for r in json.loads(result.stdout)]


def test_text_file_with_bom_and_crlf_is_screened_line_by_line_as_names_given(tmp_path):
    f = tmp_path / "partners.txt"
    f.write_bytes("\ufeffHuawei Technologies Co., Ltd.\r\n\r\n  \r\nAcme Bakery of Springfield\r\n".encode())
    res = _screen("--names-file", str(f), "--format", "json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert [r["query"] for r in out] == ["Huawei Technologies Co., Ltd.", "Acme Bakery of Springfield"]  # BOM, CR off
    top = out[0]["hits"][0]
    assert (top["entry"], top["list"], top["score"]) == ("Huawei Technologies Co., Ltd.", "BIS Entity List", 1.0)
    assert out[1]["hits"] == []
    # the same names given as arguments: the same output, byte for byte
    given = _screen("Huawei Technologies Co., Ltd.", "Acme Bakery of Springfield", "--format", "json")
    assert given.exit_code == 0 and given.stdout == res.stdout


def test_csv_column_and_country_column(tmp_path):
    # an Excel export in a European locale: ";" between cells, a name holding the delimiter quoted
    f = tmp_path / "partners.csv"
    f.write_text(f'id;Partner name;cc\n1;{HARBIN};CN\n2;"Bakery; Springfield";US\n3;{BEIHANG};\n', encoding="utf-8")
    res = _screen("--names-file", str(f), "--column", "Partner name", "--country-column", "cc", "--format",
                  "json", *CURATED)
    assert res.exit_code == 0, res.output
    assert _queries(res) == [(HARBIN, [HARBIN]), ("Bakery; Springfield", []), (BEIHANG, [BEIHANG])]
    with open_names(str(f), "Partner name", "cc") as names:  # the plain API: rows with their line and country
        assert list(names) == [NameLine(2, HARBIN, "CN"), NameLine(3, "Bakery; Springfield", "US"),
                               NameLine(4, BEIHANG, None)]


def test_tsv_of_one_column_needs_no_column_option(tmp_path):
    f = tmp_path / "partners.tsv"
    f.write_text(f"name\n{BEIHANG}\n", encoding="utf-8")
    res = _screen("--names-file", str(f), "--format", "csv", *CURATED)
    assert res.exit_code == 0, res.output
    rows = res.stdout.splitlines()
    assert rows[0].startswith("query,score,list,") and len(rows) == 2 and rows[1].startswith(f"{BEIHANG},1.0,")


def test_bad_lines_are_said_with_file_and_line_the_rest_screened_exit_3(tmp_path):
    f = tmp_path / "partners.txt"
    f.write_text(f"{HARBIN}\n—\n\n!!!\n{BEIHANG}\n", encoding="utf-8")
    res = _screen("--names-file", str(f), "--format", "json", *CURATED)
    assert res.exit_code == 3, res.output
    assert _queries(res) == [(HARBIN, [HARBIN]), (BEIHANG, [BEIHANG])]
    assert res.stderr.splitlines() == [f"{f}:2: no letter or digit: nothing to screen",
                                       f"{f}:4: no letter or digit: nothing to screen",
                                       f"{f}: 2 lines not screened, 2 names screened"]


def test_bad_rows_of_a_csv_a_country_and_a_cut_name(tmp_path):
    f = tmp_path / "partners.csv"
    f.write_text(f"name,country\n{HARBIN},China\nBeihang, University,CN\n{BEIHANG},cn\n{HARBIN}\n", encoding="utf-8")
    res = _screen("--names-file", str(f), "--column", "name", "--country-column", "country", "--format", "json",
                  *CURATED)
    assert res.exit_code == 3, res.output
    assert _queries(res) == [(BEIHANG, [BEIHANG])]  # "cn": any case, as --country takes it
    err = res.stderr.splitlines()
    assert err[0].startswith(f"{f}:2: country 'China' is not an ISO 3166-1 alpha-2 country code")
    assert err[1] == f"{f}:3: wrong number of cells (3 where the header has 2) (a delimiter in a cell not quoted?)"
    assert err[2] == f"{f}:5: wrong number of cells (1 where the header has 2)"  # no delimiter to blame
    assert err[3] == f"{f}: 3 lines not screened, 1 name screened"


def test_many_bad_lines_are_shown_up_to_twenty_then_counted(tmp_path):
    f = tmp_path / "partners.txt"
    f.write_text("...\n" * 25 + f"{HARBIN}\n", encoding="utf-8")
    res = _screen("--names-file", str(f), "--format", "json", *CURATED)
    assert res.exit_code == 3 and _queries(res) == [(HARBIN, [HARBIN])]
    err = res.stderr.splitlines()
    assert err[:20] == [f"{f}:{k}: no letter or digit: nothing to screen" for k in range(1, 21)]
    assert err[20:] == [f"{f}: 25 lines not screened (5 more not shown), 1 name screened"]


def test_stdin(tmp_path):
    res = _screen("--names-file", "-", "--format", "json", *CURATED, stdin=f"{BEIHANG}\nAcme Bakery\n")
    assert res.exit_code == 0, res.output
    assert _queries(res) == [(BEIHANG, [BEIHANG]), ("Acme Bakery", [])]
    res = _screen("--names-file", "-", "--column", "org", "--format", "json", *CURATED,
                  stdin=f"id\torg\n7\t{HARBIN}\n")  # a header row and --column: delimited, tab found
    assert res.exit_code == 0 and _queries(res) == [(HARBIN, [HARBIN])]
    res = _screen("--names-file", "-", *CURATED, stdin="\n---\n")
    assert res.exit_code == 3 and res.stderr.splitlines()[0] == "<stdin>:2: no letter or digit: nothing to screen"


def test_untrusted_text_stays_escaped(tmp_path):
    f = tmp_path / "partners.txt"
    f.write_text(f"=\x1b[2J{HARBIN}\n[bold]{BEIHANG}\n", encoding="utf-8")
    table = _screen("--names-file", str(f), *CURATED)
    assert table.exit_code == 0, table.output
    assert f"=\\x1b[2J{HARBIN}: 1 hit(s)" in table.stdout and "\x1b" not in table.stdout  # matched all the same
    assert f"[bold]{BEIHANG}: 1 hit(s)" in table.stdout  # markup shown, not applied
    csv = _screen("--names-file", str(f), "--format", "csv", *CURATED)
    assert csv.stdout.splitlines()[1].startswith(f"'=\x1b[2J{HARBIN},1.0,")  # a formula quoted, as every CSV


def _error(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and result.stdout == "", result.output
    return lines[0]


def test_missing_empty_and_not_utf8_files_exit_4(tmp_path):
    missing = tmp_path / "nope.txt"
    assert _error(_screen("--names-file", str(missing), *CURATED), 4) == f"error: {missing}: no such file"
    latin = tmp_path / "latin1.txt"
    latin.write_bytes(f"{HARBIN}\nUniversit\xe9 de Lyon\n".encode("latin-1"))
    assert _error(_screen("--names-file", str(latin), *CURATED), 4) == (
        f"error: {latin}:2: not UTF-8 text (invalid continuation byte at byte 10 of the line): save the file as UTF-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert _error(_screen("--names-file", str(empty), *CURATED), 4) == (
        f"error: {empty}: no names to screen (an empty file, or only blank lines)")
    assert _error(_screen("--names-file", str(tmp_path), *CURATED), 4).endswith("a folder, not a file: name the "
                                                                                "file of names in it")


def test_usage_errors_exit_2(tmp_path):
    f = tmp_path / "partners.csv"
    f.write_text(f"id,name\n1,{HARBIN}\n", encoding="utf-8")
    assert _error(_screen(HARBIN, "--names-file", str(f)), 2) == (
        "error: give names as arguments or --names-file, not both")
    assert _error(_screen("--warehouse", "--names-file", str(f)), 2).startswith("error: --warehouse screens")
    assert _error(_screen("--names-file", str(f)), 2) == (
        f"error: {f} has 2 columns ('id', 'name'): name the one of names with --column")
    assert _error(_screen("--names-file", str(f), "--column", "org"), 2) == (
        f"error: {f}: no column 'org' (the columns: 'id', 'name')")
    assert _error(_screen(HARBIN, "--column", "name"), 2) == "error: --column and --country-column go with --names-file"
    txt = tmp_path / "partners.txt"
    txt.write_text(f"{HARBIN}\n", encoding="utf-8")
    assert _error(_screen("--names-file", str(txt), "--column", "name"), 2).startswith(
        "error: --column and --country-column are for a .csv or .tsv file")


def test_a_file_given_as_a_name_points_at_names_file(tmp_path):
    f = tmp_path / "partners.txt"
    f.write_text(f"{HARBIN}\n", encoding="utf-8")
    assert _error(_screen(str(f)), 2) == (f"error: name 1 of 1 is the file {f}, not a name: `techties screen` takes "
                                          f"the names themselves (the names of a file: techties screen --names-file "
                                          f"{f})")


def test_plain_api_reads_lines_lazily_in_order(tmp_path):
    f = tmp_path / "partners.txt"
    f.write_text(f"{HARBIN}\n\n#\n{BEIHANG}\n", encoding="utf-8")
    with open_names(str(f)) as names:
        assert list(names) == [NameLine(1, HARBIN), BadLine(3, "no letter or digit: nothing to screen"),
                               NameLine(4, BEIHANG)]


def test_a_utf16_text_file_is_read_like_utf8(tmp_path):
    # Excel's "Unicode text" is UTF-16 LE with a byte-order mark and CRLF: two names, both screened
    f = tmp_path / "names.txt"
    f.write_bytes("Huawei Technologies Co., Ltd.\r\nBeihang University\r\n".encode("utf-16"))
    res = CliRunner().invoke(app, ["screen", "--names-file", str(f), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert [r["query"] for r in json.loads(res.stdout)] == ["Huawei Technologies Co., Ltd.", "Beihang University"]


@pytest.mark.parametrize(("head", "what"), [(b"PK\x03\x04", "a zip archive (or an .xlsx workbook)"),
                                            (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls)")])
def test_a_workbook_is_refused_saying_what_to_save_it_as(tmp_path, head, what):
    f = tmp_path / "names.xlsx"
    f.write_bytes(head + b"\x00" * 60)
    res = CliRunner().invoke(app, ["screen", "--names-file", str(f)])
    assert res.exit_code == 4
    assert res.output.startswith(f"error: {f}: {what}") and "save the sheet as CSV (UTF-8)" in res.output
    assert len(res.output.splitlines()) == 1
