"""`techties ingest openalex-api` against the local replay of real OpenAlex responses:
an exhausted daily budget stops cleanly with the cursor saved, and the same command resumes."""

from __future__ import annotations

import duckdb
from typer.testing import CliRunner

from techties.cli import app
from tests.openalex_replay import OpenAlexReplay, load_works

runner = CliRunner()
FILTER = "publication_year:2017-2022"


def test_api_ingest_stops_on_budget_and_resumes_without_duplicates(tmp_path, shared_data):
    works = load_works(shared_data / "openalex")
    expected = {w["id"].rsplit("/", 1)[-1] for w in works if 2017 <= w["publication_year"] <= 2022}
    db = tmp_path / "api.duckdb"
    with OpenAlexReplay(works) as api:
        api.set_budget(1)
        first = runner.invoke(app, ["ingest", "openalex-api", "--filter", FILTER, "--base-url", api.url,
                                    "--api-key", "test-key", "--db", str(db)])
        assert first.exit_code == 5, first.output
        assert "resume" in first.output and "Traceback" not in first.output
        con = duckdb.connect(str(db), read_only=True)
        n_first = con.execute("SELECT count(*) FROM works").fetchone()[0]
        saved = con.execute("SELECT cursor, finished FROM api_cursors").fetchall()
        con.close()
        assert n_first == 200 and saved[0][0] and saved[0][1] is False
        api.set_budget(None)
        second = runner.invoke(app, ["ingest", "openalex-api", "--filter", FILTER, "--base-url", api.url,
                                     "--api-key", "test-key", "--db", str(db)])
        assert second.exit_code == 0, second.output
        assert all(r.one("api_key") == "test-key" for r in api.works_requests())
    con = duckdb.connect(str(db), read_only=True)
    ids = [r[0] for r in con.execute("SELECT work_id FROM works").fetchall()]
    sources = con.execute("SELECT DISTINCT source FROM works").fetchall()
    statuses = [r[0] for r in con.execute("SELECT status FROM runs ORDER BY started").fetchall()]
    assert sorted(i.removeprefix("openalex:") for i in ids) == sorted(expected)
    assert sources == [("openalex-api",)]
    assert statuses == ["stopped", "ok"]  # `started` has microseconds: two runs in one second stay in order


def test_a_page_fetched_again_is_merged_not_stored(tmp_path, shared_data):
    # defect: a work already stored, fetched again (a resumed or `--since` collection), was counted "stored"
    # though the works table gained nothing: read = stored + merged + quarantined, as `ingest` says it
    from techties.ingest import store_api_page
    from techties.warehouse import Warehouse

    page = load_works(shared_data / "openalex")[:3]
    with Warehouse(tmp_path / "w.duckdb") as wh:
        run_id = wh.start_run("test", {}, [])
        first = store_api_page(wh, page, run_id=run_id)
        again = store_api_page(wh, page, run_id=run_id)
        n_works = wh.con.execute("SELECT count(*) FROM works").fetchone()[0]
    assert (first.n_ok, first.n_quarantined, first.n_merged) == (3, 0, 0)
    assert (again.n_ok, again.n_quarantined, again.n_merged) == (0, 0, 3)
    assert n_works == 3
