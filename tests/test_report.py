"""`techties report`: the files it writes, offline HTML, escaping of hostile titles, CSV safety."""

from __future__ import annotations

import csv
import re

import pytest
from typer.testing import CliRunner

from techties.cli import app
from tests.test_report_warehouse import EVIL_NAME, EVIL_TITLE, build_test_warehouse


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, shared_data):
    root = tmp_path_factory.mktemp("report")
    db = build_test_warehouse(shared_data, root / "wh")
    out = root / "out"
    res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--baseline", "US", "--area", "ai",
                                   "--years", "2010-2019", "--out", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    return out


def test_report_writes_html_markdown_csvs_and_figures(report_dir):
    for name in ("brief.html", "report.md", "yearly.csv", "top_fields.csv", "top_institution_pairs.csv",
                 "non_english_institution_pairs.csv", "investment_by_direction.csv", "initiatives.csv",
                 "fig_pair_yearly.svg", "fig_baselines_yearly.svg"):
        assert (report_dir / name).stat().st_size > 0, name
    html = (report_dir / "brief.html").read_text()
    assert "Indicators to watch" in html and "Provenance" in html
    assert html.count("<svg") >= 3  # figures inline
    # the area fell back (no classifier scores) and the report says so
    assert "techties classify apply" in html


def test_report_html_is_self_contained(report_dir):
    html = (report_dir / "brief.html").read_text()
    assert not re.search(r"<script|<link|@import|@font-face|url\(\s*['\"]?(https?:)?//", html, re.IGNORECASE)
    assert not re.search(r"""src\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    # links out are only the numbered source list's (https, to the page a fact was read from)
    sources = html.split('<h2 id="sources">')[1].split("</ol>")[0]
    assert not re.search(r"""href\s*=\s*["']?\s*(https?:)?//""", html.replace(sources, ""), re.IGNORECASE)
    assert all(u.startswith("https://") for u in re.findall(r'href="([^"#][^"]*)"', sources))
    # the other absolute URLs are SVG namespace names and text that came from data
    for url in re.findall(r"https?://[^\s\"'<>&]+", html.replace(sources, "")):
        assert url.startswith(("http://www.w3.org/", "http://x")), url


def test_hostile_title_is_escaped_in_html_and_markdown(report_dir):
    # the hostile work is CN-RU in 2018: it is listed in the yearly table's work ids and in the
    # institution pairs under its formula-named institution
    html = (report_dir / "brief.html").read_text()
    assert "<script>" not in html
    assert "&#34;http://x&#34;" in html or "&quot;http://x&quot;" in html  # the name, escaped
    md = (report_dir / "report.md").read_text()
    assert "<script>" not in md


def test_hostile_name_in_csv_is_neutralised(report_dir):
    with open(report_dir / "top_institution_pairs.csv", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'" + EVIL_NAME in cells
    assert EVIL_NAME not in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


def test_report_without_area_and_missing_db(tmp_path, shared_data):
    db = build_test_warehouse(shared_data, tmp_path)
    out = tmp_path / "plain"
    res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--out", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert EVIL_TITLE not in (out / "brief.html").read_text()
    res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--out", str(out), "--db", str(tmp_path / "no.db")])
    assert res.exit_code == 4 and "no warehouse" in res.output
    res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--out", str(tmp_path / "brief.html"),
                                   "--db", str(db)])
    assert res.exit_code == 2 and "--out is a folder" in res.output
    assert not (tmp_path / "brief.html").exists()


def test_report_reads_the_demo_warehouse_when_there_is_no_other(tmp_path, shared_data, monkeypatch):
    """The README's next step after `techties demo`: `techties report …` with no --db."""
    import shutil

    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(build_test_warehouse(shared_data, tmp_path / "wh"), home / "demo.duckdb")
    monkeypatch.setenv("TECHTIES_HOME", str(home))
    monkeypatch.delenv("TECHTIES_DB", raising=False)
    res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--baseline", "US", "--area", "ai",
                                   "--years", "2010-2019", "--out", str(tmp_path / "brief")])
    assert res.exit_code == 0, res.output
    notes = [line for line in res.output.splitlines() if "demo warehouse" in line]
    assert notes == [f"note: no warehouse at {home / 'warehouse.duckdb'}; using the demo warehouse "
                     f"{home / 'demo.duckdb'} (built by `techties demo`)"]
    assert (tmp_path / "brief" / "brief.html").exists()


def test_readme_db_path_follows_techties_home(tmp_path, monkeypatch):
    """`--db ~/.techties/demo.duckdb` (the README's) finds the demo where $TECHTIES_HOME put it."""
    from pathlib import Path

    from techties.config import reading_db

    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.setenv("TECHTIES_HOME", str(tmp_path / "elsewhere"))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "demo.duckdb").write_bytes(b"")
    said: list[str] = []
    got = reading_db(Path("~/.techties/demo.duckdb"), said.append)
    assert got == tmp_path / "elsewhere" / "demo.duckdb" and len(said) == 1
    # with $TECHTIES_HOME unset the path is taken as written
    monkeypatch.delenv("TECHTIES_HOME")
    assert reading_db(Path("~/.techties/demo.duckdb"), said.append) == tmp_path / "user" / ".techties" / "demo.duckdb"
    # an explicit $TECHTIES_DB is never replaced by the demo
    monkeypatch.setenv("TECHTIES_DB", str(tmp_path / "mine.duckdb"))
    assert reading_db(None, said.append) == tmp_path / "mine.duckdb" and len(said) == 1


def test_error_line_carries_no_terminal_control(tmp_path):
    """A path with an escape sequence and a newline is printed as one plain line."""
    res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--out", str(tmp_path / "x\x1b[31m\nred.html")])
    assert res.exit_code == 2
    assert "\x1b" not in res.output and res.output.count("\n") == 1 and "--out is a folder" in res.output
