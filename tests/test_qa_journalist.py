"""A careless analyst's pass (helper qa9): a research-security officer and a journalist follow the
README and type what such users type. Each test was written to fail before its fix; every expected
value is worked out by hand in the comments, never read off techties' own output."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from techties.cli import app

runner = CliRunner()


def _csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- 1. the brief's initiatives.csv has the columns of `techties initiatives --format csv` ----------------
@pytest.fixture(scope="module")
def brief_2016_2018(tmp_path_factory):
    from tests.test_report_facts import build_facts_warehouse

    base = tmp_path_factory.mktemp("brief")
    db = build_facts_warehouse(base / "facts.duckdb")
    out = base / "b"
    res = runner.invoke(app, ["report", "--pair", "CN", "RU", "--years", "2016-2018", "--out", str(out),
                              "--db", str(db)])
    assert res.exit_code == 0, res.output
    return out


def test_brief_initiatives_csv_keeps_its_columns_and_adds_area_countries_currency(brief_2016_2018):
    with open(brief_2016_2018 / "initiatives.csv", encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    # the ten columns the brief always wrote, in their order, then the new ones at the end
    assert header == ["id", "kind", "title", "started_on", "status", "sectors", "parties", "amount_usd",
                      "sources", "summary", "area", "countries", "amount", "currency"]


def test_brief_initiatives_csv_rows_worked_out_from_the_yaml(brief_2016_2018):
    rows = {r["id"]: r for r in _csv(brief_2016_2018 / "initiatives.csv")}
    # initiatives.yaml, russia-china-st-fund-2018: kind fund (area "joint funds" in AREA_OF_KIND), parties
    # leader-mc (organisations.yaml: RU) and szcg (CN), amount 100000000, currency CNY, started 2018-10
    fund = rows["russia-china-st-fund-2018"]
    assert (fund["area"], fund["countries"], float(fund["amount"]), fund["currency"]) == (
        "joint funds", "CN; RU", 100_000_000.0, "CNY")
    assert fund["started_on"] == "2018-10" and fund["kind"] == "fund"
    # innovation-mou-2016: a cooperation agreement ("other cooperation"), most-cn (CN) and mined-ru (RU),
    # no amount and so no currency
    mou = rows["innovation-mou-2016"]
    assert (mou["area"], mou["countries"], mou["amount"], mou["currency"]) == ("other cooperation", "CN; RU", "", "")
