"""Curated YAML: the shipped data validates and covers the brief; broken files fail loudly and load nothing."""

from __future__ import annotations

import json
import shutil

import pytest

from techties.sources.curated import (
    AREA_OF_KIND,
    CuratedDataError,
    default_dir,
    load_curated_dir,
    validate_dir,
)
from techties.warehouse.loaders import load_curated

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
    tables = ("sources", "organisations", "initiatives", "initiative_parties", "deals", "deal_investors")
    snapshot = {t: sorted(map(str, warehouse.con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}  # noqa: S608
    second = load_curated(warehouse)
    assert first == second
    assert {t: sorted(map(str, warehouse.con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables} == snapshot  # noqa: S608
    assert first["initiatives"] == len(data.initiatives) and first["deals"] == len(data.deals)
    links = dict(warehouse.con.execute("SELECT org_id, institution_ids_json FROM organisations").fetchall())
    assert json.loads(links["skoltech"]) == ["openalex:I1", "openalex:I2"]
    assert json.loads(links["cas"]) == ["openalex:I4"]
    assert json.loads(links["mipt"]) == []
