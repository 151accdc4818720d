"""The Python API (`techties.api`) on the hand-made oracle warehouse (tests/oracle_fixture.py, SYNTHETIC
records): each expected figure is worked out by hand from the fixture's table, not taken from techties."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import techties.api as tt
from techties.errors import InputError, UsageError
from tests import oracle_fixture


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from techties.warehouse import Warehouse

    path = tmp_path_factory.mktemp("api") / "w.duckdb"
    with Warehouse(path) as wh:
        oracle_fixture.build(wh.con)
    return path


def test_research_yearly_counts_and_provenance(db):
    r = tt.research("CN", "RU", baseline="US", years="2016-2018", db=db)
    rows = {(row["pair"], row["year"]): row["works"] for row in r.table("yearly").as_dicts()}
    # CN-RU: 2016 W1 W2; 2017 W3 W4; 2018 W5 W6 W7 (W18 is 2015, outside); CN-US: W8; W3 W9; W10
    assert [rows[("CN-RU", y)] for y in (2016, 2017, 2018)] == [2, 2, 3]
    assert [rows[("CN-US", y)] for y in (2016, 2017, 2018)] == [1, 2, 1]
    # every fixture work is stored with as_of 2026-11-01 and source "synthetic", 19 works in all
    assert r.provenance["as_of"] == "2026-11-01"
    assert [(s["source"], s["works"], s["synthetic"]) for s in r.provenance["sources"]] == [("synthetic", 19, 19)]
    assert r.provenance["data"] == f"warehouse {db}"
    assert r.query.years == (2016, 2018) and r.query.baseline == "US"


def test_research_explains_cells(db):
    r = tt.research("cn", "ru", years="2018-2018", explain=True, db=db)
    t = r.table("yearly")
    cell = next(k for k, row in enumerate(t.rows) if row[:2] == ("CN-RU", 2018))
    # 2018 CN-RU works: W5, W6, W7
    assert sorted(t.work_ids[cell]) == sorted(oracle_fixture.work_id(w) for w in ("W5", "W6", "W7"))


def test_bad_query_and_missing_warehouse_raise_the_cli_errors(db, tmp_path):
    with pytest.raises(UsageError, match="--years|year"):
        tt.research("CN", "RU", years="2019-2010", db=db)
    with pytest.raises(UsageError, match="use its two-letter code CN"):
        tt.research("China", "RU", db=db)
    with pytest.raises(InputError, match="no warehouse at"):
        tt.research("CN", "RU", db=tmp_path / "missing.duckdb")


def test_demo_fallback_warns_at_the_callers_line(tmp_path, monkeypatch):
    """No warehouse of one's own: the demo warehouse is read, and the warning names this file."""
    from techties.warehouse import Warehouse

    monkeypatch.setenv("TECHTIES_HOME", str(tmp_path))
    with Warehouse(tmp_path / "demo.duckdb") as wh:
        oracle_fixture.build(wh.con)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = tt.research("CN", "RU", years="2016-2018")
    assert [Path(w.filename).name for w in caught] == ["test_api.py"]
    assert "demo" in str(caught[0].message)
    assert r.provenance["data"] == f"warehouse {tmp_path / 'demo.duckdb'}"
    # a --db under ~/.techties that $TECHTIES_HOME moved: the moved warehouse, said at the caller's line too
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = tt.research("CN", "RU", years="2016-2018", db="~/.techties/demo.duckdb")
    assert [Path(w.filename).name for w in caught] == ["test_api.py"]
    assert r.provenance["data"] == f"warehouse {tmp_path / 'demo.duckdb'}"


def test_indicators_pair_share(db):
    found = {i.id: i for i in tt.indicators("CN", "RU", baseline="US", years="2016-2018", db=db)}
    # CN-RU works 2016-2018: W1-W7 = 7 of CN's 13 (W1-W10, W12-W14) = 53.85 %
    assert (found["pair_share"].value, found["pair_share"].denominator) == (53.85, 13)


def test_screen_against_the_shipped_entity_list():
    (res,) = tt.screen(["Harbin Institute of Technology"])
    # HIT is on the BIS Entity List under that exact name (85 FR 34497, 2020-06-05)
    assert res.query == "Harbin Institute of Technology"
    assert res.hits[0].entry == "Harbin Institute of Technology" and res.hits[0].score == 1.0
    assert "Entity List" in res.hits[0].list_name
    with pytest.raises(UsageError, match="name 2 of 2"):
        tt.screen(["Harbin Institute of Technology", " — "])


def test_brief_writes_its_files_and_keeps_a_foreign_folder(db, tmp_path):
    files = tt.brief("CN", "RU", baseline="US", years="2016-2018", out=tmp_path / "brief", db=db)
    names = {f.name for f in files}
    assert {"brief.html", "report.md", "indicators.csv"} <= names
    assert all(f.exists() for f in files)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "report.md").write_text("my own notes")
    with pytest.raises(InputError, match="not replaced"):
        tt.brief("CN", "RU", out=foreign, db=db)
    assert (foreign / "report.md").read_text() == "my own notes"


def readme_python_block() -> str:
    """The first ```python block of the README's "Python API" section, as a reader copies it."""
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_readme_python_api_runs_as_written(tmp_path, monkeypatch, capsys):
    """The README's example on the oracle fixture as the demo warehouse (no warehouse of one's own)."""
    from techties.warehouse import Warehouse

    home = tmp_path / "home"
    monkeypatch.setenv("TECHTIES_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    with Warehouse(home / "demo.duckdb") as wh:
        oracle_fixture.build(wh.con)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the demo-warehouse note (tested above)
        exec(compile(readme_python_block(), "README.md", "exec"), {})  # noqa: S102 - our own README
    lines = capsys.readouterr().out.splitlines()
    # area ai = works with the AI field: W1, W2 (2016), W3 (2017), W5, W7 (2018) are CN-RU;
    # W3 is also the only CN-US and RU-US AI work
    for line in ("CN-RU 2016 2", "CN-RU 2017 1", "CN-RU 2018 2", "CN-US 2017 1", "RU-US 2017 1", "CN-US 2016 0"):
        assert line in lines
    assert f"as of 2026-11-01 from warehouse {home / 'demo.duckdb'}" in lines
    # indicators over all areas, 2010-2019: CN-RU works W1-W7 and W18 (2015) = 8 of CN's 14 (W1-W10, W12-W14,
    # W18) = 57.14 %
    assert any(line.startswith("pair_share 57.14 pct") for line in lines)
    assert any(line.startswith("Harbin Institute of Technology -> Harbin Institute of Technology |")
               and line.endswith("| 1.0") for line in lines)
    assert (tmp_path / "brief-api" / "brief.html").exists()


def test_research_csv_labels_each_rows_synthetic_works(db):
    """`research --format csv` says SYNTHETIC in the file, not only on stderr: each row's synthetic_works cell."""
    import csv
    import io

    from typer.testing import CliRunner

    from techties.cli import app

    res = CliRunner().invoke(app, ["research", "--pair", "CN", "RU", "--years", "2016-2018", "--format", "csv",
                                   "--db", str(db)])
    assert res.exit_code == 0, res.output
    cells = list(csv.DictReader(io.StringIO(res.stdout)))
    yearly = {}
    for c in cells:
        if c["table"] == "yearly":
            yearly.setdefault(c["row"], {})[c["column"]] = c["value"]
    # every fixture work is synthetic: CN-RU 2016 W1 W2, 2017 W3 W4, 2018 W5 W6 W7
    got = {(r["pair"], r["year"]): (r["works"], r["synthetic_works"]) for r in yearly.values()}
    assert got == {("CN-RU", "2016"): ("2", "2"), ("CN-RU", "2017"): ("2", "2"), ("CN-RU", "2018"): ("3", "3")}


def test_research_output_parquet_carries_its_provenance(db, tmp_path):
    """A table's Parquet file travels alone (the dashboard hands it out): its metadata says what it rests on."""
    import json

    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from techties.cli import app

    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["research", "--pair", "CN", "RU", "--years", "2016-2018", "--output", str(out),
                                   "--db", str(db)])
    assert res.exit_code == 0, res.output
    prov = json.loads(pq.read_schema(out / "yearly.parquet").metadata[b"techties_provenance"])
    # the fixture's 19 works: as_of 2026-11-01, all synthetic; 2016-2018 selects all but W18 (2015): 18
    assert prov["as_of"] == "2026-11-01" and prov["query"]["a"] == "CN"
    assert "SYNTHETIC: 18 of these works are synthetic (generated in the OpenAlex schema)" in prov["notes"]
    assert prov == json.loads((out / "provenance.json").read_text())


def test_screen_and_brief_refuse_what_the_cli_refuses(db, tmp_path):
    for bad in (-1, 1.5, float("nan")):
        with pytest.raises(UsageError, match="threshold must be a number between 0 and 1"):
            tt.screen(["Harbin Institute of Technology"], threshold=bad)
    with pytest.raises(InputError):
        tt.screen(["Harbin Institute of Technology"], lists=[tmp_path / "no-such-list.csv"], defaults=False)
    (one,) = tt.screen("Harbin Institute of Technology")  # one name given as a string, not 30 letters
    assert one.query == "Harbin Institute of Technology"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    with pytest.raises(UsageError, match="name the brief's own folder"):
        tt.brief("CN", "RU", out=a_file, db=db)
    with pytest.raises(InputError, match="is a file, not a folder"):
        tt.brief("CN", "RU", out=a_file / "sub", db=db)
    assert a_file.read_text() == "mine"
