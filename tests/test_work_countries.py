"""The work × country table (`techties.warehouse.work_countries`): its rows worked out by hand from the
records written here, kept in step by every ingest (incrementally when only a few works changed), and
never trusted when its stamp does not match the warehouse (the research tables then read
`authorships`). tests/test_oracle_research_work_countries.py runs every research oracle on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from techties.ingest import ingest_files
from techties.ingest_native import ingest_openalex_native
from techties.warehouse import Warehouse
from techties.warehouse.parquet import export_parquet, open_parquet
from techties.warehouse.work_countries import refresh_work_countries, work_countries_source
from tests import oracle_fixture


def stored(con) -> list[tuple[str, str]]:
    """The table as stored (its row order included: sorted by country, then work)."""
    return con.execute("SELECT work_id, country_code FROM work_countries").fetchall()


def by_country(rows: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Hand-written {country: [works]} as the stored order: by country, then work id (string order)."""
    return sorted(((w, c) for c, ws in rows.items() for w in ws), key=lambda wc: (wc[1], wc[0]))


def test_the_oracle_fixture_gives_the_hand_worked_rows(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        oracle_fixture.build(wh.con)  # rows written by hand: no ingest, so no refresh yet
        assert work_countries_source(wh.con) == "authorships"
        assert refresh_work_countries(wh.con) == "rebuilt"
        # tests/oracle_fixture.py's table: W11 has MSU (RU) and a second RU author from a string; W19 has no country
        ws = {"CN": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 18], "RU": [1, 2, 3, 4, 5, 6, 7, 11, 15, 16, 18],
              "US": [3, 8, 9, 10, 11, 17]}
        assert stored(wh.con) == by_country({c: [f"oracle:W{n}" for n in ns] for c, ns in ws.items()})
        assert work_countries_source(wh.con) == "work_countries"
        assert refresh_work_countries(wh.con) == "fresh"
        # a row written by hand afterwards: the stamp no longer matches, so queries read authorships
        wh.con.execute("INSERT INTO authorships (work_id, position, country_code) VALUES ('oracle:W19', 1, 'DE')")
        assert work_countries_source(wh.con) == "authorships"
        assert refresh_work_countries(wh.con) == "rebuilt"  # no run's works changed: it cannot tell which
        assert ("oracle:W19", "DE") in stored(wh.con)


def _author(inst: str | None, country: str | None, raw: str | None = None) -> dict:
    insts = [{"id": f"https://openalex.org/{inst}", "display_name": f"Institution {inst}", "country_code": country,
              "type": "education"}] if inst else []
    return {"author_position": "middle", "author": {"id": "https://openalex.org/A1", "display_name": "A. Author"},
            "institutions": insts, "countries": [country] if inst and country else [],
            "raw_affiliation_strings": [raw] if raw else []}


def _work(n: int, updated: str, authors: list[dict]) -> dict:
    return {"id": f"https://openalex.org/W{n}", "title": f"SYNTHETIC work {n}", "publication_year": 2020,
            "updated_date": updated, "authorships": authors}


def _write(path: Path, works: list[dict]) -> Path:
    path.write_text("".join(json.dumps(w) + "\n" for w in works))
    return path


def _ingest(engine: str, wh: Warehouse, path: Path) -> None:
    if engine == "python":
        ingest_files(wh, "openalex", [path], show_progress=False, workers=0)
    else:
        ingest_openalex_native(wh, [path], show_progress=False)


@pytest.mark.parametrize("engine", ["python", "native"])
def test_every_ingest_keeps_the_table_in_step(tmp_path, engine):
    first = _write(tmp_path / "first.jsonl", [
        _work(1, "2024-01-01", [_author("IA", "US"), _author("IB", "CN"), _author("IC", "US")]),
        _work(2, "2024-01-01", [_author(None, None, "Lomonosov Moscow State University, Moscow, Russia")]),
        *[_work(n, "2024-01-01", [_author(f"I{n}", c)]) for n, c in
          [(3, "JP"), (4, "JP"), (5, "FR"), (6, "FR"), (7, "IT"), (8, "IT"), (9, "BR")]],
        _work(10, "2024-01-01", [_author(None, None)]),  # no institution, no affiliation: no country
    ])
    second = _write(tmp_path / "second.jsonl", [
        _work(1, "2025-03-01", [_author("ID", "GB")]),  # a newer version of W1: its countries are now GB only
        _work(11, "2025-03-01", [_author("I11", "DE"), _author(None, None)]),
    ])
    w = [f"openalex:W{n}" for n in range(12)]
    with Warehouse(tmp_path / "w.duckdb") as wh:
        _ingest(engine, wh, first)
        # W1 US, CN, US -> CN, US; W2's string names Moscow -> RU; W10 none
        assert stored(wh.con) == by_country({"BR": [w[9]], "CN": [w[1]], "FR": [w[5], w[6]], "IT": [w[7], w[8]],
                                             "JP": [w[3], w[4]], "RU": [w[2]], "US": [w[1]]})
        _ingest(engine, wh, second)
        assert sorted(stored(wh.con)) == sorted([(w[1], "GB"), (w[2], "RU"), (w[3], "JP"), (w[4], "JP"),
                                                 (w[5], "FR"), (w[6], "FR"), (w[7], "IT"), (w[8], "IT"),
                                                 (w[9], "BR"), (w[11], "DE")])
        # only the second run's two works were derived again (2 of 11 works: under the rebuild fraction)
        assert wh.con.execute("SELECT appended FROM work_countries_state").fetchone()[0] == 2
        assert work_countries_source(wh.con) == "work_countries"


def test_an_older_warehouse_is_read_from_authorships_and_rebuilt_by_the_next_ingest(tmp_path):
    path = tmp_path / "w.duckdb"
    with Warehouse(path) as wh:
        _ingest("native", wh, _write(tmp_path / "a.jsonl", [_work(1, "2024-01-01", [_author("I1", "CN")])]))
        wh.con.execute("DROP TABLE work_countries")  # as a warehouse made before the table existed
        wh.con.execute("DROP TABLE work_countries_state")
    with Warehouse(path, read_only=True) as wh:
        assert work_countries_source(wh.con) == "authorships"
    with Warehouse(path) as wh:  # opened for writing: the tables are back, empty, with no stamp
        assert work_countries_source(wh.con) == "authorships"
        _ingest("native", wh, _write(tmp_path / "b.jsonl", [_work(2, "2024-01-01", [_author("I2", "RU")])]))
        assert stored(wh.con) == [("openalex:W1", "CN"), ("openalex:W2", "RU")]
        assert work_countries_source(wh.con) == "work_countries"


def test_a_parquet_export_carries_the_table_and_its_stamp(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        _ingest("python", wh, _write(tmp_path / "a.jsonl", [_work(1, "2024-01-01", [_author("I1", "CN"),
                                                                                     _author("I2", "RU")])]))
        export_parquet(wh.con, tmp_path / "pq")
        wh.con.execute("DELETE FROM work_countries_state")  # as the Spark ingest's export: no stamp
        export_parquet(wh.con, tmp_path / "pq-unstamped")
    pq = open_parquet(tmp_path / "pq")
    assert work_countries_source(pq) == "work_countries"
    assert sorted(stored(pq)) == [("openalex:W1", "CN"), ("openalex:W1", "RU")]
    assert work_countries_source(open_parquet(tmp_path / "pq-unstamped")) == "authorships"
