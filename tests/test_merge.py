"""The merged corpus: the same paper from two sources counts once, with both source records listed.

The WoS records are real (../shared/data/wos). No real OpenAlex record of the same papers exists
offline, so the OpenAlex side is written here in the real OpenAlex schema from the WoS record's own
fields (labelled constructed); the Scopus × Lens pairs are real records of the same papers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.ingest import ingest_files
from techties.records import Work
from techties.resolve.merge import RecordKeys, doi_key, same_work, surname, title_key
from techties.sources.wos import read_wos
from techties.warehouse import Warehouse

runner = CliRunner()
WOS_ID = "wos:WOS:000477829200005"  # CN–RU co-authored, DOI 10.1142/s0129065719500023 (savedrecs_01)


def wos_record(shared: Path) -> Work:
    return next(w for _l, w in read_wos(shared / "wos" / "savedrecs_01.txt.gz")
                if isinstance(w, Work) and w.work_id == WOS_ID)


def openalex_of(w: Work, *, with_doi: bool = True, wid: str = "W9000000001") -> dict:
    """The same paper as OpenAlex would give it (constructed from the WoS record's fields)."""
    def inst(i: int, name: str, cc: str) -> dict:
        return {"id": f"https://openalex.org/I90000000{i}", "display_name": name, "country_code": cc,
                "type": "education", "lineage": [f"https://openalex.org/I90000000{i}"]}

    return {
        "id": f"https://openalex.org/{wid}", "doi": f"https://doi.org/{w.doi.upper()}" if with_doi else None,
        "title": w.title, "display_name": w.title, "publication_year": w.year, "type": "article",
        "language": "en", "cited_by_count": 7, "updated_date": "2024-01-01T00:00:00",
        "authorships": [
            {"author_position": "first", "author": {"id": "https://openalex.org/A1", "display_name": "Qiang Wu"},
             "institutions": [inst(1, "Shandong University", "CN")], "countries": ["CN"],
             "raw_affiliation_strings": ["Shandong Univ, Jinan, Peoples R China"]},
            {"author_position": "last", "author": {"id": "https://openalex.org/A2", "display_name": "A. Cichocki"},
             "institutions": [inst(2, "Skolkovo Institute of Science and Technology", "RU")], "countries": ["RU"],
             "raw_affiliation_strings": ["Skolkovo Inst Sci & Technol, Moscow, Russia"]},
        ],
    }


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def pair_total(db: Path, out: Path, pair: str = "CN-RU") -> int:
    result = runner.invoke(app, ["research", "--pair", "CN", "RU", "--baseline", "US", "--db", str(db),
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "yearly.csv", newline="") as fh:
        return sum(int(r["works"]) for r in csv.DictReader(fh) if r["pair"] == pair)


@pytest.mark.parametrize("order", ["wos-first", "openalex-first"])
def test_same_paper_from_wos_and_openalex_counts_once_with_both_sources(order, shared_data, tmp_path):
    wos_file = shared_data / "wos" / "savedrecs_01.txt.gz"
    oa_file = write_jsonl(tmp_path / "oa.jsonl", [openalex_of(wos_record(shared_data))])
    db = tmp_path / "m.duckdb"
    with Warehouse(db) as wh:
        for kind, f in ([("wos", wos_file), ("openalex", oa_file)] if order == "wos-first"
                        else [("openalex", oa_file), ("wos", wos_file)]):
            ingest_files(wh, kind, [f], show_progress=False)
        n_works = wh.con.execute("SELECT count(*) FROM works").fetchone()[0]
        listed = wh.con.execute("SELECT record_id, source, match_rule, retrieved_at IS NOT NULL FROM work_sources"
                                " WHERE work_id = (SELECT work_id FROM work_sources WHERE record_id = ?)"
                                " ORDER BY record_id", [WOS_ID]).fetchall()
        primary = wh.con.execute("SELECT record_id FROM work_sources WHERE is_primary AND work_id = "
                                 "(SELECT work_id FROM work_sources WHERE record_id = ?)", [WOS_ID]).fetchall()
    assert n_works == 500  # the WoS file's 500 records; the OpenAlex one joined one of them
    assert [(r[0], r[1]) for r in listed] == [("openalex:W9000000001", "openalex-snapshot"), (WOS_ID, "wos")]
    assert all(r[3] for r in listed)
    assert {r[2] for r in listed} == {"own", "doi"}
    assert len(primary) == 1
    # the CN–RU count is the WoS file's alone: the merged paper is counted once
    with Warehouse(tmp_path / "wos_only.duckdb") as wh:
        ingest_files(wh, "wos", [wos_file], show_progress=False)
    assert pair_total(db, tmp_path / "o1") == pair_total(tmp_path / "wos_only.duckdb", tmp_path / "o2")


@pytest.mark.parametrize("order", ["wos-first", "openalex-first"])
def test_the_cli_default_engine_merges_too(order, shared_data, tmp_path):
    """`techties ingest openalex` reads snapshot files natively by default: its works are listed in
    work_sources as their own records (so WoS records that come later join them), and over a warehouse
    that already holds another source it reads record by record, whose merge counts the paper once."""
    from typer.testing import CliRunner

    from techties.cli import app

    wos_file = shared_data / "wos" / "savedrecs_01.txt.gz"
    oa_file = write_jsonl(tmp_path / "oa.jsonl", [openalex_of(wos_record(shared_data))])
    db = tmp_path / "cli.duckdb"
    steps = [("wos", wos_file), ("openalex", oa_file)] if order == "wos-first" else [("openalex", oa_file),
                                                                                      ("wos", wos_file)]
    outputs = []
    for kind, f in steps:
        result = CliRunner().invoke(app, ["ingest", kind, str(f), "--db", str(db)])
        assert result.exit_code == 0, result.output
        outputs.append(result.stderr)
    with Warehouse(db) as wh:
        n_works = wh.con.execute("SELECT count(*) FROM works").fetchone()[0]
        rules = sorted(r for (r,) in wh.con.execute(
            "SELECT match_rule FROM work_sources"
            " WHERE work_id = (SELECT work_id FROM work_sources WHERE record_id = ?)", [WOS_ID]).fetchall())
    assert n_works == 500 and rules == ["doi", "own"]
    if order == "wos-first":
        assert "reading with --engine python" in outputs[1]


def test_richest_record_supplies_the_rows(shared_data, tmp_path):
    """OpenAlex authorships carry institution ids for both authors; a bare Lens-like record of the same
    paper (no affiliations) must not replace them, whatever the order."""
    w = wos_record(shared_data)
    oa = write_jsonl(tmp_path / "oa.jsonl", [openalex_of(w)])
    lens = tmp_path / "lens.csv"
    lens.write_text("Lens ID,Title,Publication Year,Author/s,DOI\n"
                    f'000-000-000-000-001,"{w.title}",{w.year},Qiang Wu; A. Cichocki,{w.doi}\n')
    db = tmp_path / "r.duckdb"
    with Warehouse(db) as wh:
        ingest_files(wh, "lens", [lens], show_progress=False)
        ingest_files(wh, "openalex", [oa], show_progress=False)
        rows = wh.con.execute("SELECT w.work_id, w.source, count(a.institution_id) FROM works w JOIN authorships a"
                              " USING (work_id) GROUP BY 1, 2").fetchall()
        sources = wh.con.execute("SELECT record_id, is_primary FROM work_sources ORDER BY 1").fetchall()
    assert rows == [("lens:000-000-000-000-001", "openalex-snapshot", 2)]  # the first id, the richest rows
    assert sources == [("lens:000-000-000-000-001", False), ("openalex:W9000000001", True)]


def test_title_year_first_author_match_when_a_side_has_no_doi(shared_data, tmp_path):
    w = wos_record(shared_data)
    oa = write_jsonl(tmp_path / "oa.jsonl", [openalex_of(w, with_doi=False)])
    with Warehouse(tmp_path / "t.duckdb") as wh:
        ingest_files(wh, "wos", [shared_data / "wos" / "savedrecs_01.txt.gz"], show_progress=False)
        ingest_files(wh, "openalex", [oa], show_progress=False)
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == 500
        assert wh.con.execute("SELECT match_rule FROM work_sources WHERE record_id = 'openalex:W9000000001'"
                              ).fetchone()[0] == "title"


def test_erratum_with_its_own_doi_and_same_source_duplicates_stay_apart(shared_data, tmp_path):
    w = wos_record(shared_data)
    erratum = openalex_of(w, wid="W9000000002")
    erratum.update(doi="https://doi.org/10.1142/s0129065719920012", title=f"Erratum: {w.title}",
                   display_name=f"Erratum: {w.title}")
    twin = openalex_of(w, wid="W9000000003")  # OpenAlex's own duplicate: OpenAlex keeps it apart, so do we
    oa = write_jsonl(tmp_path / "oa.jsonl", [openalex_of(w), erratum, twin])
    with Warehouse(tmp_path / "e.duckdb") as wh:
        ingest_files(wh, "openalex", [oa], show_progress=False)
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == 3
        ingest_files(wh, "wos", [shared_data / "wos" / "savedrecs_01.txt.gz"], show_progress=False)
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == 3 + 499
        # idempotent: everything again changes nothing
        ingest_files(wh, "wos", [shared_data / "wos" / "savedrecs_01.txt.gz"], show_progress=False, force=True)
        ingest_files(wh, "openalex", [oa], show_progress=False, force=True)
        assert wh.con.execute("SELECT count(*) FROM works").fetchone()[0] == 502
        assert wh.con.execute("SELECT count(*) FROM work_sources").fetchone()[0] == 503


def test_keys_by_hand():
    assert doi_key("https://doi.org/10.1142/S0129065719500023") == "10.1142/s0129065719500023"
    assert doi_key("not a doi") is None
    for name in ("Zhang, Wei", "Zhang W.", "Zhang W", "Wei Zhang", "ZHANG Wei", "Zhang, W.-Q."):
        assert surname(name) == "zhang", name
    assert title_key("Editorial", "Smith J.") is None  # too short to identify a paper
    assert title_key("The Équidominance Line: A New  Geopolitical Concept!", "Tobler W.R.") == \
        "the equidominance line a new geopolitical concept|tobler"
    a = RecordKeys("wos", None, "Smooth pycnophylactic interpolation for geographical regions", 1979, "Tobler, WR")
    b = RecordKeys("lens", "10.1080/01621459.1979.10481647", "Smooth Pycnophylactic Interpolation for "
                   "Geographical Regions", 1980, "Waldo R. Tobler")
    assert same_work(a, b) == (True, "title")
    assert same_work(a, RecordKeys("wos", None, a.title, 1979, "Tobler W")) == (False, "same source")
    assert same_work(a, RecordKeys("lens", None, a.title, 1982, "Tobler W"))[0] is False  # years 3 apart


def test_precision_and_recall_on_the_labelled_pairs():
    """bench/merge.py's labelled pairs of real records (tests/fixtures/merge_pairs.csv). The expected
    counts follow from the labels by hand: as exported, the rule finds the pairs with one DOI on both
    sides (same-doi) and the chapter Scopus lists without a DOI (no-doi: title path); it misses the
    papers with two DOIs, the DOI typo and the mangled SICI DOI; it merges none of the near misses,
    reprints, corrections or the preprint (all have DOIs that differ)."""
    import collections
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_merge", Path(__file__).parents[1] / "bench" / "merge.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    with open(bench.FIXTURE, encoding="utf-8") as fh:
        pairs = list(csv.DictReader(fh))
    kinds = collections.Counter(p["kind"] for p in pairs)
    assert kinds == {"same-doi": 63, "near-miss": 13, "correction": 6, "reprint": 4, "two-dois": 3, "doi-typo": 1,
                     "doi-mangled": 1, "no-doi": 1, "preprint": 1}
    expected = {"tp": kinds["same-doi"] + kinds["no-doi"], "fp": 0,
                "fn": kinds["two-dois"] + kinds["doi-typo"] + kinds["doi-mangled"],
                "tn": kinds["near-miss"] + kinds["reprint"] + kinds["correction"] + kinds["preprint"]}
    assert bench.score(pairs, bench.load_records(), hide_doi=False) == expected  # precision 1.000, recall 64/69
