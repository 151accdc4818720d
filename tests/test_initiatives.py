"""Initiatives queries and timeline, through the Python API and the CLI."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.metrics.initiatives import filter_initiatives, timeline
from techties.sources.curated import load_curated_dir


@pytest.fixture(scope="module")
def data():
    return load_curated_dir()


def test_filters(data):
    labs = {i.initiative_id for i in filter_initiatives(data, kind="joint lab")}
    assert {"mipt-huawei-lab-2020", "skoltech-huawei-lab-2018", "sistema-capitalbio-rcif-lab-2018"} <= labs
    since = filter_initiatives(data, since="2019")
    assert since and all(i.started_on and i.started_on >= "2019" for i in since)
    assert "changchun-park" not in {i.initiative_id for i in since}
    biotech = filter_initiatives(data, sector="biotech")
    assert biotech and all(any("biotech" in s for s in i.sectors) for i in biotech)
    korea = filter_initiatives(data, country="KR")
    assert korea == []  # SK Group appears only in a deal
    stalled = filter_initiatives(data, status="stalled")
    assert [i.initiative_id for i in stalled] == ["rvc-china-venture-fund"]


def test_timeline_counts_every_initiative_once_per_kind(data):
    rows = timeline(data.initiatives, by="kind")
    assert sum(r["count"] for r in rows) == len(data.initiatives)
    assert {"year": 2006, "kind": "park", "count": 1} in rows
    by_sector = timeline(data.initiatives, by="sector")
    assert sum(r["count"] for r in by_sector) == sum(len(i.sectors) for i in data.initiatives)


def test_cli_json_has_the_agreed_fields():
    res = CliRunner().invoke(app, ["initiatives", "--kind", "fund", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert len(rows) >= 4
    for r in rows:
        assert {"id", "kind", "title", "started_on", "status", "sectors", "parties", "sources"} <= set(r)
        assert r["kind"] == "fund" and r["sources"] and r["parties"]
    fund = next(r for r in rows if r["id"] == "joint-innovation-investment-fund-2019")
    assert {p["org"] for p in fund["parties"]} == {"rdif", "cic"} and fund["amount"] == 1e9


def test_cli_csv_and_country_filter():
    res = CliRunner().invoke(app, ["initiatives", "--country", "CN", "--sector", "telecom", "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(res.output.splitlines()))
    assert rows and all("CN" in r["countries"] and "telecom" in r["sectors"] for r in rows)
    assert any(r["id"] == "huawei-mts-5g-2019" for r in rows)
