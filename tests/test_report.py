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
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    # the only absolute URLs left are SVG namespace names and text that came from data
    for url in re.findall(r"https?://[^\s\"'<>&]+", html):
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


def test_report_counts_match_the_research_metrics(report_dir, shared_data, tmp_path):
    import duckdb

    from techties.metrics.research import ResearchQuery, compute_research
    db = build_test_warehouse(shared_data, tmp_path)
    con = duckdb.connect(str(db), read_only=True)
    res = compute_research(con, ResearchQuery("CN", "RU", "US", (2010, 2019), "ai-fields"))
    con.close()
    with open(report_dir / "yearly.csv", newline="") as fh:
        got = {(r["pair"], int(r["year"])): int(r["works"]) for r in csv.DictReader(fh)}
    want = {(p, y): n for p, y, n in res.table("yearly").rows}
    assert got == want and sum(want.values()) > 0


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
