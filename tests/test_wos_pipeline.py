"""WoS export → warehouse → research metrics, checked against an independent count from C1."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from techties.cli import app
from tests.wos_count import pair_counts_by_year, records

runner = CliRunner()


@pytest.fixture(scope="module")
def wos_db(tmp_path_factory, shared_data):
    files = sorted((shared_data / "wos").glob("*.txt.gz"))
    db = tmp_path_factory.mktemp("wos") / "wos.duckdb"
    result = runner.invoke(app, ["ingest", "wos", *map(str, files), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db, files


def test_cn_ru_counts_match_independent_count_from_c1(wos_db, tmp_path):
    db, files = wos_db
    expected = pair_counts_by_year(records(files), "CN", "RU")
    assert 20 <= sum(expected.values()) <= 30  # the export has about 25 China+Russia records
    out = tmp_path / "out"
    result = runner.invoke(app, ["research", "--pair", "CN", "RU", "--baseline", "US", "--db", str(db),
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "yearly.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0].keys()) == ["pair", "year", "works"]
    got = {int(r["year"]): int(r["works"]) for r in rows if r["pair"] == "CN-RU" and int(r["works"])}
    assert got == dict(expected)


def test_china_scope_option_counts_hong_kong_and_macau(wos_db, tmp_path):
    """The naive count reads every "Peoples R China" address as China, Hong Kong and Macau included:
    with --china-scope with-hk-mo techties must agree exactly; mainland scope counts fewer."""
    db, files = wos_db
    expected = pair_counts_by_year(records(files), "CN", "US")
    totals = {}
    for scope in ("with-hk-mo", "mainland"):
        out = tmp_path / scope
        result = runner.invoke(app, ["research", "--pair", "CN", "US", "--china-scope", scope, "--db", str(db),
                                     "--output", str(out)])
        assert result.exit_code == 0, result.output
        with open(out / "yearly.csv", newline="") as fh:
            got = {int(r["year"]): int(r["works"]) for r in csv.DictReader(fh) if int(r["works"])}
        totals[scope] = sum(got.values())
        if scope == "with-hk-mo":
            # techties also reads addresses the naive count cannot (no country segment), and trusts a
            # known institution over a wrong trailing country: within 2% per total, never far per year
            assert abs(totals[scope] - sum(expected.values())) <= 0.02 * sum(expected.values())
            assert all(abs(got.get(y, 0) - n) <= 1 for y, n in expected.items())
    assert totals["mainland"] < totals["with-hk-mo"]


def test_research_years_and_explain(wos_db, tmp_path):
    db, files = wos_db
    expected = pair_counts_by_year(records(files), "CN", "RU")
    out = tmp_path / "out"
    result = runner.invoke(app, ["research", "--pair", "CN", "RU", "--years", "2016-2019", "--db", str(db),
                                 "--output", str(out), "--explain"])
    assert result.exit_code == 0, result.output
    with open(out / "yearly_explain.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["pair"] == "CN-RU"]
    assert [int(r["year"]) for r in rows] == [2016, 2017, 2018, 2019]
    for r in rows:
        ids = r["work_ids"].split()
        assert len(ids) == int(r["works"]) == expected.get(int(r["year"]), 0)
        assert all(i.startswith("wos:WOS:") for i in ids)
    for name in ("summary", "top_fields", "top_institution_pairs", "top_funders", "citation_impact", "by_language",
                 "companies", "listed_collaborations"):
        assert (out / f"{name}.csv").exists() and (out / f"{name}.parquet").exists()
    assert "provenance.json" in {p.name for p in out.iterdir()}


def test_wos_institutions_roll_up_to_academies(wos_db):
    import duckdb

    db, _ = wos_db
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT name FROM institutions WHERE parent_id = 'wos-org:RUSSIAN ACAD SCI'").fetchall()
    con.close()
    names = {r[0] for r in rows}
    assert names and all("RAS" in n.upper() or "RUSSIAN ACAD" in n.upper() or "BRANCH" in n.upper() for n in names)


def test_unknown_area_is_a_clear_error(wos_db):
    db, _ = wos_db
    result = runner.invoke(app, ["research", "--pair", "CN", "RU", "--area", "nonsense", "--db", str(db)])
    assert result.exit_code == 2
    assert "unknown area" in result.output


def test_taxonomy_area_selects_fields(wos_db, tmp_path):
    db, _ = wos_db
    out = tmp_path / "ai"
    result = runner.invoke(app, ["research", "--pair", "CN", "RU", "--area",
                                 "wos-wc:Computer Science, Artificial Intelligence", "--db", str(db),
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "yearly.csv", newline="") as fh:
        total = sum(int(r["works"]) for r in csv.DictReader(fh) if r["pair"] == "CN-RU")
    with open(out / "top_fields.csv", newline="") as fh:
        fields = [r for r in csv.DictReader(fh) if r["scope"] == "CN-RU"]
    assert 0 < total < 26
    assert fields[0]["field"] == "Computer Science, Artificial Intelligence" and int(fields[0]["works"]) == total
