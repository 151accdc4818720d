"""`techties demo --from FILE…` reads any export `techties ingest auto` reads (issue 13): the format of
each file is told from its first lines. Real files from ../shared/data/formats (counts in its README)."""

from __future__ import annotations

import duckdb
from typer.testing import CliRunner

from techties.cli import app

runner = CliRunner()


def test_demo_from_scopus_pubmed_and_cnki_exports(shared_data, tmp_path):
    f = shared_data / "formats"
    files = [f / "scopus" / "NLeSC__litstudy__scopus.csv",                 # Scopus CSV, 58 records
             f / "pubmed" / "mjwestgate__synthesisr__PubMed_example.txt",   # MEDLINE text, 3
             f / "pubmed" / "titipata__pubmed_parser__pubmed-29768149.xml",  # PubMed XML, 1
             f / "cnki" / "cmsax__cnki-converter__demo.txt"]                 # CNKI EndNote, 40
    db = tmp_path / "demo.duckdb"
    args = ["demo", "--db", str(db)]
    for p in files:
        args += ["--from", str(p)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    with duckdb.connect(str(db), read_only=True) as con:
        by_source = dict(con.execute("SELECT source, count(*) FROM work_sources GROUP BY 1").fetchall())
        n_works = con.execute("SELECT count(*) FROM works").fetchone()[0]
    assert sum(by_source.values()) == 58 + 3 + 1 + 40
    assert n_works == 58 + 3 + 1 + 40  # four unrelated samples: nothing merges


def test_demo_from_an_unknown_format_is_one_line_exit_2(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\nnothing an export would hold\n", encoding="utf-8")
    res = runner.invoke(app, ["demo", "--db", str(tmp_path / "d.duckdb"), "--from", str(junk)])
    assert res.exit_code == 2
    assert "format not recognised" in res.output and "Traceback" not in res.output
