"""Curated YAML: the shipped data validates and covers the brief; broken files fail loudly and load nothing."""

from __future__ import annotations

import json
import shutil

import pytest

from techties.resolve.investments import load_curated
from techties.sources.curated import (
    AREA_OF_KIND,
    CuratedDataError,
    default_dir,
    load_curated_dir,
    validate_dir,
)

FIVE_AREAS = {"dialogues and exchanges", "science and technology parks", "joint funds",
              "contests and competitions", "academic cooperation"}
# Deals the CSET brief names (RCIF portfolio and the two case studies).
BRIEF_DEALS = {"rcif-didi-2014", "rcif-didi-autonomous-driving-2021", "rcif-rostec-city-2017",
               "megvii-series-c-2017", "rcif-cic-nio-2017", "rcif-netease-cloud-music-2018",
               "alibaba-aliexpress-russia-2018"}


@pytest.fixture(scope="module")
def data():
    return load_curated_dir()


def test_shipped_data_is_valid():
    assert validate_dir() == []


def test_initiatives_cover_the_five_areas_with_sources_and_dates(data):
    assert len(data.initiatives) >= 40
    assert FIVE_AREAS <= {i.area for i in data.initiatives}
    for i in data.initiatives:
        assert i.sources and all(s in data.sources for s in i.sources), i.initiative_id
        assert i.started_on or i.date_unknown_reason, i.initiative_id
        assert i.kind in AREA_OF_KIND


def test_issue_initiatives_present(data):
    ids = {i.initiative_id for i in data.initiatives}
    for wanted in ("high-tech-forum", "innovation-dialogue", "changchun-park", "china-russia-innovation-park-shaanxi",
                   "silk-road-innovation-park", "skolkovo-high-tech-centre", "harbin-innovation-centre",
                   "two-countries-four-cities", "joint-innovation-investment-fund-2019",
                   "rcif-rd-skolkovo-ventures-2018", "russia-china-st-fund-2018", "cas-ras-roadmap-2018",
                   "mipt-huawei-lab-2020", "skoltech-huawei-lab-2018", "aliexpress-russia-jv",
                   "promobot-fn-holdings-2019", "ubtech-lanit-2019", "fitsco-cognitive-pilot-2020",
                   "dahua-ntechlab-camera-2019", "vinci-jovi-2019"):
        assert wanted in ids
    changchun = next(i for i in data.initiatives if i.initiative_id == "changchun-park")
    assert changchun.started_on == "2006" and changchun.kind == "park"


def test_brief_deals_have_sources_and_dates(data):
    deals = {d.deal_id: d for d in data.deals}
    assert BRIEF_DEALS <= set(deals)
    for d in data.deals:
        assert d.sources and d.announced_on
    megvii = deals["megvii-series-c-2017"]
    assert megvii.amount == 460e6 and megvii.investor_count == 6 and len(megvii.investors) == 6
    assert not deals["rcif-didi-2014"].disclosed


def test_rcif_is_owned_half_by_rdif_and_cic(data):
    rcif = data.org("rcif")
    assert {(o.org, o.share) for o in rcif.owners} == {("rdif", 0.5), ("cic", 0.5)}
    assert data.org("rdif").country == "RU" and data.org("cic").country == "CN"


def _broken_copy(tmp_path, fname, old, new):
    target = tmp_path / "curated"
    shutil.copytree(default_dir(), target)
    path = target / fname
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return target, line


def test_bad_value_names_file_line_and_field(tmp_path):
    folder, line = _broken_copy(tmp_path, "initiatives.yaml", "    status: stalled\n", "    status: ongoing\n")
    errors = validate_dir(folder)
    assert len(errors) == 1
    assert errors[0].startswith(f"initiatives.yaml:{line}: initiatives[rvc-china-venture-fund].status:")
    assert "\n" not in errors[0] and "'ongoing'" in errors[0]


def test_syntax_error_and_unknown_reference(tmp_path):
    folder, line = _broken_copy(tmp_path, "deals.yaml", "    target: megvii\n", "    target: [megvii\n")
    errors = validate_dir(folder)
    assert errors and errors[0].startswith("deals.yaml:") and "(syntax)" in errors[0]
    folder2, line2 = _broken_copy(tmp_path / "b", "deals.yaml", "      - {org: sk-group}\n", "      - {org: sk-grup}\n")
    errors2 = validate_dir(folder2)
    assert errors2 == [f"deals.yaml:{line2}: deals[megvii-series-c-2017].investors.org: unknown organisation 'sk-grup'"]


def test_missing_date_needs_a_documented_reason(tmp_path):
    folder, line = _broken_copy(tmp_path, "initiatives.yaml", "    started_on: 2006\n", "")
    errors = validate_dir(folder)
    assert len(errors) == 1 and "initiatives[changchun-park].started_on: required" in errors[0]


def test_broken_folder_loads_nothing(tmp_path, warehouse):
    folder, _ = _broken_copy(tmp_path, "organisations.yaml", "    country: KR\n", "    country: Korea\n")
    with pytest.raises(CuratedDataError) as exc:
        load_curated(warehouse, folder)
    assert "organisations.yaml:" in str(exc.value) and ".country:" in str(exc.value)
    counts = warehouse.counts()
    assert all(counts[t] == 0 for t in ("sources", "organisations", "initiatives", "deals", "deal_investors"))


def test_load_is_idempotent_and_links_institutions(warehouse, data):
    warehouse.store_institutions([
        {"institution_id": "openalex:I1", "name": "Skolkovo Institute of Science and Technology", "country_code": "RU"},
        {"institution_id": "openalex:I2", "name": "Skoltech", "country_code": "RU"},
        {"institution_id": "openalex:I3", "name": "University of Nowhere", "country_code": "US"},
        {"institution_id": "openalex:I4", "name": "x", "names_json": json.dumps({"zh": ["中国科学院"]})},
    ])
    first = load_curated(warehouse)
    tables = ("sources", "organisations", "organisation_owners", "initiatives", "initiative_parties", "deals",
              "deal_investors")
    snapshot = {t: sorted(map(str, warehouse.con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}  # noqa: S608
    second = load_curated(warehouse)
    assert first == second
    assert {t: sorted(map(str, warehouse.con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables} == snapshot  # noqa: S608
    assert first["initiatives"] == len(data.initiatives) and first["deals"] == len(data.deals)
    links = dict(warehouse.con.execute("SELECT org_id, institution_ids_json FROM organisations").fetchall())
    assert json.loads(links["skoltech"]) == ["openalex:I1", "openalex:I2"]
    assert json.loads(links["cas"]) == ["openalex:I4"]
    assert json.loads(links["mipt"]) == []


def test_warehouse_keeps_ownership_counts_contributions_and_provenance(warehouse, data):
    counts = load_curated(warehouse)
    con = warehouse.con
    owners = con.execute("SELECT owner_id, share, source_ids_json FROM organisation_owners WHERE org_id = 'rcif'"
                         ).fetchall()
    assert {(o, s) for o, s, _ in owners} == {("rdif", 0.5), ("cic", 0.5)}
    assert all(json.loads(src) == data.org("rcif").sources for _, _, src in owners)
    assert counts["organisation_owners"] == sum(len(o.owners) for o in data.organisations.values())
    assert con.execute("SELECT investor_count FROM deals WHERE deal_id = 'megvii-series-c-2017'").fetchone() == (6,)
    stated = con.execute("SELECT investor, amount, share, org_id FROM deal_investors"
                         " WHERE deal_id = 'alibaba-aliexpress-russia-2018' AND amount IS NOT NULL").fetchall()
    assert stated == [("Alibaba Group", 100e6, 1.0, "alibaba")]
    undated = {i.initiative_id: i.date_unknown_reason for i in data.initiatives if i.date_unknown_reason}
    assert undated and dict(con.execute(
        "SELECT initiative_id, date_unknown_reason FROM initiatives WHERE date_unknown_reason IS NOT NULL"
    ).fetchall()) == undated
    cited = dict(con.execute("SELECT source_id, cited_in FROM sources").fetchall())
    assert cited == {s.source_id: s.cited_in for s in data.sources.values()}
    assert con.execute("SELECT DISTINCT retrieved_on FROM sources").fetchall() == [(data.curated_on["sources.yaml"],)]


# The investment tables as the schema of commit 9fb5083 created them (before organisation_owners,
# deals.investor_count, deal_investors.amount/org_id, initiatives.date_unknown_reason,
# sources.cited_in/retrieved_on). The other tables did not change.
OLD_SCHEMA = """
CREATE TABLE sources (source_id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, publisher VARCHAR,
    published_on VARCHAR, language VARCHAR);
CREATE TABLE organisations (org_id VARCHAR PRIMARY KEY, name VARCHAR, names_json VARCHAR, country_code VARCHAR,
    type VARCHAR, state_owned BOOLEAN, parent_id VARCHAR, institution_ids_json VARCHAR, source_ids_json VARCHAR);
CREATE TABLE deals (deal_id VARCHAR PRIMARY KEY, announced_on VARCHAR, target VARCHAR, target_country VARCHAR,
    round VARCHAR, amount DOUBLE, currency VARCHAR, amount_usd DOUBLE, disclosed BOOLEAN, sectors_json VARCHAR,
    ai_related BOOLEAN, source VARCHAR, source_ids_json VARCHAR);
CREATE TABLE deal_investors (deal_id VARCHAR NOT NULL, investor VARCHAR, investor_country VARCHAR, parent VARCHAR,
    share DOUBLE);
CREATE TABLE initiatives (initiative_id VARCHAR PRIMARY KEY, kind VARCHAR, title VARCHAR, started_on VARCHAR,
    status VARCHAR, sectors_json VARCHAR, amount_usd DOUBLE, summary VARCHAR, source_ids_json VARCHAR);
CREATE TABLE initiative_parties (initiative_id VARCHAR NOT NULL, org VARCHAR, country VARCHAR, role VARCHAR);
INSERT INTO deals VALUES ('crunchbase:old-row', '2015-01-01', 'Old Target', 'US', 'venture', 5e6, 'USD', 5e6,
    true, '[]', true, 'crunchbase', '[]');
INSERT INTO deal_investors VALUES ('crunchbase:old-row', 'Old Investor', 'CN', NULL, NULL);
"""


def _old_warehouse(path):
    import duckdb

    con = duckdb.connect(str(path))
    con.execute(OLD_SCHEMA)
    con.close()


def test_old_warehouse_file_upgrades_when_opened(tmp_path, data):
    from techties.warehouse import Warehouse
    from techties.warehouse.loaders import deals_from_warehouse, ownership_from_warehouse

    path = tmp_path / "old.duckdb"
    _old_warehouse(path)
    with Warehouse(path, read_only=True) as wh:  # read-only is never upgraded: reads still work
        old = {d.deal_id: d for d in deals_from_warehouse(wh.con)}
        assert old["crunchbase:old-row"].investor_count is None and ownership_from_warehouse(wh.con) is None
    with Warehouse(path) as wh:
        cols = {t: [r[0] for r in wh.con.execute(f"DESCRIBE {t}").fetchall()]  # noqa: S608
                for t in ("sources", "deals", "deal_investors", "initiatives", "organisation_owners")}
        assert cols["sources"][-2:] == ["cited_in", "retrieved_on"] and cols["deals"][-1] == "investor_count"
        assert cols["deal_investors"][-2:] == ["amount", "org_id"] and cols["initiatives"][-1] == "date_unknown_reason"
        assert cols["organisation_owners"] == ["org_id", "owner_id", "share", "source_ids_json"]
        assert wh.con.execute("SELECT investor, amount FROM deal_investors").fetchall() == [("Old Investor", None)]
        first = load_curated(wh)
    with Warehouse(path) as wh:  # opening again is a no-op; loading again changes nothing
        assert load_curated(wh) == first
        deals = {d.deal_id: d for d in deals_from_warehouse(wh.con)}
        assert "crunchbase:old-row" in deals and deals["megvii-series-c-2017"].investor_count == 6
        assert wh.con.execute("SELECT count(*) FROM organisation_owners WHERE org_id = 'rcif'").fetchone() == (2,)
        fresh = tmp_path / "fresh.duckdb"
        with Warehouse(fresh) as new:
            load_curated(new)
            for t in ("sources", "organisations", "organisation_owners", "initiatives", "deals", "deal_investors"):
                q = f"SELECT * FROM {t} AS r WHERE NOT contains(r::VARCHAR, 'old-row') ORDER BY ALL"  # noqa: S608
                assert wh.con.execute(q).fetchall() == new.con.execute(q).fetchall(), t
