"""Works stored outside the ingest path (`Warehouse.store_batch`) get `work_sources` rows, so a later
record of another source merges with them (issue 13). Real Scopus sample of ../shared/data/formats."""

from __future__ import annotations

from techties.ingest import ingest_files
from techties.records import Authorship, Work
from techties.warehouse import Warehouse

SCOPUS = "scopus/NLeSC__litstudy__scopus.csv"  # 58 records; its first: NAMD, 10.1002/jcc.20289, 2005


def _namd(doi: str | None) -> Work:
    """The first record of the Scopus sample as another source (an API client, a test) would store it."""
    return Work(work_id="openalex:W2116270011", source="openalex-api", doi=doi,
                title="Scalable molecular dynamics with NAMD", year=2005,
                authorships=[Authorship(position=0, author_name="James C. Phillips",
                                        raw_affiliation="University of Illinois at Urbana-Champaign")])


def test_store_batch_records_work_sources_and_a_later_source_merges(shared_data, tmp_path):
    with Warehouse(tmp_path / "s.duckdb") as wh:
        run = wh.start_run("test", {}, [])
        assert wh.store_batch([_namd("https://doi.org/10.1002/JCC.20289")], [], run_id=run) == 1
        assert wh.con.execute("SELECT record_id, source, doi_key FROM work_sources").fetchall() == [
            ("openalex:W2116270011", "openalex-api", "10.1002/jcc.20289")]
        ingest_files(wh, "scopus", [shared_data / "formats" / SCOPUS], show_progress=False)
        n_works = wh.con.execute("SELECT count(*) FROM works").fetchone()[0]
        behind = wh.con.execute("SELECT source FROM work_sources WHERE work_id = 'openalex:W2116270011'"
                                " ORDER BY source").fetchall()
    assert n_works == 58  # 1 stored + 58 read, one of them the same paper (same DOI)
    assert behind == [("openalex-api",), ("scopus",)]


def test_store_batch_without_doi_merges_by_title_year_first_author(shared_data, tmp_path):
    with Warehouse(tmp_path / "t.duckdb") as wh:
        wh.store_batch([_namd(None)], [], run_id=wh.start_run("test", {}, []))
        ingest_files(wh, "scopus", [shared_data / "formats" / SCOPUS], show_progress=False)
        n_works = wh.con.execute("SELECT count(*) FROM works").fetchone()[0]
        rule = wh.con.execute("SELECT match_rule FROM work_sources WHERE source = 'scopus'"
                              " AND work_id = 'openalex:W2116270011'").fetchall()
    assert n_works == 58
    assert rule == [("title",)]
