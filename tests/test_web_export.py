"""The dashboard's downloads (/api/export.csv, /api/export.parquet) on the hand-made warehouse of
tests/oracle_fixture.py (SYNTHETIC records: every work is synthetic). Expected values are worked out by hand
from the fixture's layout; the CLI's files are compared row for row, never used as the only oracle.

CN-RU, baseline US, 2016-2018: yearly CN-RU 2016 W1 W2 = 2, 2017 W3 W4 = 2, 2018 W5 W6 W7 = 3; CN-US 1, 2, 1
(W8; W3 W9; W10); RU-US 0, 2, 0 (W3 W11). Every work is synthetic, so `synthetic_works` equals `works` on each
row. As of: every work's as_of is 2026-11-01; the AI model is oracle-v1."""

from __future__ import annotations

import csv
import io

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from techties.cli import app as cli
from tests import oracle_fixture

QUERY = "a=CN&b=RU&baseline=US&years=2016-2018&top=3"
CLI_QUERY = ["--pair", "CN", "RU", "--baseline", "US", "--years", "2016-2018", "--top", "3"]
YEARLY = {("CN-RU", "2016"): 2, ("CN-RU", "2017"): 2, ("CN-RU", "2018"): 3, ("CN-US", "2016"): 1,
          ("CN-US", "2017"): 2, ("CN-US", "2018"): 1, ("RU-US", "2016"): 0, ("RU-US", "2017"): 2,
          ("RU-US", "2018"): 0}
FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The fixture warehouse; W1's title looks like a spreadsheet formula (an untrusted title)."""
    from techties.warehouse import Warehouse

    path = oracle_fixture.build_file(tmp_path_factory.mktemp("export") / "w.duckdb")
    with Warehouse(path) as wh:
        wh.con.execute("UPDATE works SET title = ? WHERE work_id = 'oracle:W1'", [FORMULA])
    return path


@pytest.fixture(scope="module")
def client(db):
    from techties.web.app import create_app

    return TestClient(create_app(db), base_url="http://127.0.0.1")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_research_table_csv_is_the_cli_rows_with_the_synthetic_cell(client, db):
    got = client.get(f"/api/export.csv?{QUERY}&table=yearly")
    assert got.status_code == 200
    assert got.headers["content-disposition"] == 'attachment; filename="techties-CN-RU-yearly.csv"'
    assert got.headers["content-type"] == "text/csv; charset=utf-8"
    exported = rows(got.text)
    assert list(exported[0]) == ["table", "row", "column", "value", "as_of", "data", "ai_model", "techties_version"]
    cells = {(r["row"], r["column"]): r["value"] for r in exported}
    by_row = {(cells[(n, "pair")], cells[(n, "year")]): n for n, c in cells if c == "pair"}
    assert {k: int(cells[(n, "works")]) for k, n in by_row.items()} == YEARLY
    assert {k: int(cells[(n, "synthetic_works")]) for k, n in by_row.items()} == YEARLY  # all synthetic
    assert {(r["as_of"], r["data"], r["ai_model"]) for r in exported} == {("2026-11-01", f"warehouse {db}",
                                                                           "oracle-v1")}
    res = CliRunner().invoke(cli, ["research", "--db", str(db), *CLI_QUERY, "--format", "csv"])
    assert res.exit_code == 0
    cli_rows = [r for r in rows(res.stdout) if r["table"] == "yearly"]
    assert len(cli_rows) == 9 * 4  # 3 pairs x 3 years, 3 cells and synthetic_works each (all synthetic)
    assert exported == cli_rows  # the CLI's CSV labels them too


def test_research_table_parquet_is_the_output_file(client, db, tmp_path):
    got = client.get(f"/api/export.parquet?{QUERY}&table=yearly")
    assert got.status_code == 200
    table = pq.read_table(io.BytesIO(got.content)).to_pylist()
    assert {(r["pair"], str(r["year"])): r["works"] for r in table} == YEARLY
    res = CliRunner().invoke(cli, ["research", "--db", str(db), *CLI_QUERY, "--output", str(tmp_path / "out")])
    assert res.exit_code == 0
    assert table == pq.read_table(tmp_path / "out" / "yearly.parquet").to_pylist()


def test_a_drill_downs_works_with_a_formula_title_escaped(client):
    """Row 0 of yearly is CN-RU 2016: W1 (its title the formula) and W2, by year then id."""
    got = client.get(f"/api/export.csv?{QUERY}&table=drill&of=yearly&row=0")
    assert got.status_code == 200
    exported = rows(got.text)
    assert [r["work_id"] for r in exported] == ["oracle:W1", "oracle:W2"]
    assert exported[0]["title"] == "'" + FORMULA  # the CLI writer's quote: a spreadsheet shows it as text
    assert exported[1]["title"] == "work W2"
    assert [r["synthetic"] for r in exported] == ["True", "True"]
    assert exported[0]["affiliations"] == ("? — Tsinghua University (CN); "
                                           "? — Keldysh Institute of Applied Mathematics (RU)")


def test_records_tables_carry_the_provenance_columns(client):
    """Deals between CN and RU in 2016-2018, sorted by their date text: D4 (CETC into RU, 2016-10-01), D1 (RCIF,
    RU, into CN, 2017-05-01), D3 ("2018", Tencent into RU), D2 ("2018-02"), D8 (2018-06-01; not AI, still the
    pair's). D5 is 2021; D6 (US into CN) and D7 (CN into US) are not between the pair."""
    deals = rows(client.get(f"/api/export.csv?{QUERY}&table=deals").text)
    assert [r["deal_id"] for r in deals] == ["D4", "D1", "D3", "D2", "D8"]
    assert deals[3]["investors"] == "Tencent (CN); Sberbank (RU)"
    # dated as `investments --db` dates deals (their sources' date): the fixture's deals cite no dated source
    assert all(r["as_of"] == "unknown" and r["ai_model"] == "oracle-v1" for r in deals)
    indicators = rows(client.get(f"/api/export.csv?{QUERY}&table=indicators").text)
    assert [r["id"] for r in indicators][:1] and "synthetic_works" in indicators[0]
    got = client.get("/api/export.csv?table=screening")  # the page sends no view: the hits are of no pair
    assert got.headers["content-disposition"] == 'attachment; filename="techties-screening.csv"'
    screening = rows(got.text)
    assert sorted(r["subject_id"] for r in screening) == ["i-hit", "i-ras", "i-tsinghua", "i-yandex"]


@pytest.mark.parametrize(("query", "line"), [
    ("table=nope", "--table 'nope': one of yearly, summary, country_output, top_fields, top_institution_pairs, "
                   "companies, top_funders, citation_impact, by_language, listed_collaborations, shares, indicators, "
                   "deals, initiatives, screening, drill, drill-indicator, drill-indicator-deals, "
                   "drill-indicator-initiatives"),
    ("table=deals&format=csv", "unknown parameter 'format': this address reads table, a, b, baseline, area, years, "
                               "language, china_scope, top, rule, of, row, id"),
    ("table=yearly&row=3", "--row is read with table=drill only, not with table 'yearly'"),
    ("table=drill&of=yearly&row=0&id=x", "--id is read with table=drill-indicator only, not with table 'drill'"),
    ("table=drill", "--of TABLE and --row N are required with table=drill"),
    ("table=yearly&a=XX", "--pair 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US)"),
])
def test_a_bad_query_is_one_line_400(client, query, line):
    got = client.get(f"/api/export.csv?{QUERY.replace('a=CN&', '') if 'a=XX' in query else QUERY}&{query}")
    assert (got.status_code, got.json()) == (400, {"detail": line})


def test_parquet_only_for_research_tables(client):
    got = client.get(f"/api/export.parquet?{QUERY}&table=deals")
    assert (got.status_code, got.json()["detail"]) == (
        400, "--table deals: Parquet is written for the research tables only (CSV for the others)")


def test_shares_with_what_they_are_out_of(client):
    """CN-RU's 7 works (W1-W7) out of CN's 13 selected works (W1-W10, W12-W14) = 53.85%, out of RU's 10 (W1-W7,
    W11, W15, W16) = 70.0%, both counted in the warehouse (a denominator is a float: an estimate keeps decimals)."""
    shares = {(r["pair"], r["country"]): r for r in rows(client.get(f"/api/export.csv?{QUERY}&table=shares").text)}
    cn, ru = shares[("CN-RU", "CN")], shares[("CN-RU", "RU")]
    assert (cn["share_pct"], cn["works"], cn["denominator"], cn["sources"]) == ("53.85", "7", "13.0", "warehouse")
    assert (ru["share_pct"], ru["works"], ru["denominator"], ru["sources"]) == ("70.0", "7", "10.0", "warehouse")
    assert cn["as_of"] == "2026-11-01"


def test_an_indicators_deals_and_initiatives(client):
    """defence_soe opens deal D4 (CETC into the Rostec smart city unit, RU, 2016-10-01, $40M disclosed) and
    initiative i8 (China-Russia smart city pilot, 2016), as tests/test_oracle_drill.py works out; no work."""
    deals = rows(client.get(f"/api/export.csv?{QUERY}&table=drill-indicator-deals&id=defence_soe").text)
    assert [{k: r[k] for k in ("deal_id", "announced_on", "target", "target_country", "amount", "currency",
                               "disclosed")} for r in deals] == [
        {"deal_id": "D4", "announced_on": "2016-10-01", "target": "Rostec smart city unit", "target_country": "RU",
         "amount": "40000000.0", "currency": "USD", "disclosed": "True"}]
    assert deals[0]["as_of"] == "unknown"  # as the deals table: the fixture's deals cite no dated source
    inits = rows(client.get(f"/api/export.csv?{QUERY}&table=drill-indicator-initiatives&id=defence_soe").text)
    assert [(r["initiative_id"], r["kind"], r["title"], r["started_on"], r["status"]) for r in inits] == [
        ("i8-smart-city", "cooperation agreement", "China-Russia smart city pilot", "2016", "established")]
    assert rows(client.get(f"/api/export.csv?{QUERY}&table=drill-indicator&id=defence_soe").text) == []


def test_initiatives_dated_by_their_curated_file_and_parties_in_their_own_country(client):
    from techties.metrics.initiatives import party_labels
    from techties.sources.curated import load_curated_dir

    got = client.get("/api/export.csv?a=CN&b=RU&baseline=US&years=2010-2020&table=initiatives")
    assert got.status_code == 200
    # the initiatives come from the curated files (curated_on: 2026-11-23 heads the shipped initiatives.yaml),
    # not from the works (as_of 2026-11-01)
    assert {r["as_of"] for r in rows(got.text)} == {"2026-11-23"}
    data = load_curated_dir()
    rec = next(i for i in data.initiatives if i.initiative_id == "dahua-ntechlab-camera-2019")
    labels = [p["label"] for p in party_labels([], rec, data)]
    # Dahua's Russian subsidiary is Russian, owned from China; NtechLab is Russian (organisations.yaml)
    assert "Dahua Technology Rus (RU, owned by Dahua Technology, CN)" in labels and "NtechLab (RU)" in labels
