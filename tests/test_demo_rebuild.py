"""`techties demo --from F` builds the demo warehouse from F alone, as its help says, also where an earlier
demo was built; a warehouse holding anything but demo runs is never deleted. Record counts: the files'
own (WoS: 500 ER lines in savedrecs_01; Scopus sample: 58 rows, ../shared/data/formats/README)."""

from __future__ import annotations

import duckdb
from typer.testing import CliRunner

from techties.cli import app

runner = CliRunner()


def works(db) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM works").fetchone()[0]


def test_demo_from_replaces_an_earlier_demo_build(shared_data, tmp_path):
    db = tmp_path / "demo.duckdb"
    wos = shared_data / "wos" / "savedrecs_01.txt.gz"
    scopus = shared_data / "formats" / "scopus" / "NLeSC__litstudy__scopus.csv"
    first = runner.invoke(app, ["demo", "--db", str(db), "--from", str(wos)])
    assert first.exit_code == 0, first.output
    assert works(db) == 500 and "rebuilt" not in first.output
    second = runner.invoke(app, ["demo", "--db", str(db), "--from", str(scopus)])
    assert second.exit_code == 0, second.output
    assert works(db) == 58  # the WoS records of the first build are gone
    assert (f"rebuilt {db} from scratch: --from builds the demo warehouse from your files alone (it held another "
            "demo build)") in second.output


def test_demo_never_deletes_a_warehouse_with_other_runs(shared_data, tmp_path):
    db = tmp_path / "mine.duckdb"
    wos = shared_data / "wos" / "savedrecs_01.txt.gz"
    scopus = shared_data / "formats" / "scopus" / "NLeSC__litstudy__scopus.csv"
    own = runner.invoke(app, ["ingest", "wos", str(wos), "--db", str(db)])
    assert own.exit_code == 0, own.output
    res = runner.invoke(app, ["demo", "--db", str(db), "--from", str(scopus)])
    assert res.exit_code == 0, res.output
    assert works(db) == 500 + 58 and "rebuilt" not in res.output  # refreshed in place, as before


def test_the_bundled_demo_replaces_a_from_build(shared_data, tmp_path):
    from techties.demo import build_demo

    db = tmp_path / "demo.duckdb"
    scopus = shared_data / "formats" / "scopus" / "NLeSC__litstudy__scopus.csv"
    build_demo(db, [scopus], show_progress=False)
    report = build_demo(db, synthetic_works=200, show_progress=False)
    assert report.steps[0] == (f"rebuilt {db} from scratch: it held a build from your files (--from); "
                               "the bundled sample replaces it")
    # the bundled file's 413 real records (techties/data/demo/README.md) and the 200 synthetic works asked for
    assert works(db) == 413 + 200


def test_demo_never_deletes_an_analysts_decisions(shared_data, tmp_path):
    """screen-decide records no run: a demo warehouse holding a decision is refreshed in place, not deleted."""
    db = tmp_path / "demo.duckdb"
    scopus = shared_data / "formats" / "scopus" / "NLeSC__litstudy__scopus.csv"
    wos = shared_data / "wos" / "savedrecs_01.txt.gz"
    assert runner.invoke(app, ["demo", "--db", str(db), "--from", str(wos)]).exit_code == 0
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score, decision)"
                    " VALUES ('institution', 'i-1', 'e-1', 'l-1', 0.9, 'confirmed')")
    res = runner.invoke(app, ["demo", "--db", str(db), "--from", str(scopus)])
    assert res.exit_code == 0 and "rebuilt" not in res.output
    assert works(db) == 500 + 58
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM screening_hits WHERE decision = 'confirmed'").fetchone()[0] == 1
