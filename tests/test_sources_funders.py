"""Funders from Scopus, Lens and PubMed exports (session 15 sweep).

Before: only WoS (FU) and OpenAlex filled `work_funders`; Scopus `Funding Details`, Lens `Funding` and
PubMed `GR` / `<Grant>` were dropped, so `research`'s top funders said "the pair's works name no funder"
for a warehouse of those exports. Expected values are read off the real cells quoted here, by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from techties.ingest import ingest_files
from techties.sources.pubmed import parse_grant
from techties.sources.scopus import parse_funding_details
from techties.warehouse import Warehouse

FORMATS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "formats"


@pytest.mark.parametrize(("cell", "expected"), [
    ("National Science Foundation,\xa0NSF", [("National Science Foundation", None)]),
    ("National Science Foundation: SOC77-00191", [("National Science Foundation", "SOC77-00191")]),
    # the first part is an award Scopus tied to no funder: no funder row for it
    ("BRSG S07 RR05412;\xa0National Institutes of Health,\xa0NIH;\xa0National Center for Research Resources,\xa0NCRR:"
     " S07RR005412",
     [("National Institutes of Health", None), ("National Center for Research Resources", "S07RR005412")]),
    ("Politechnika Poznańska,\xa0PUT;\xa0Silesian University of Technology,\xa0SUT: 02/040/BKM20/1003,\xa0"
     "02/040/BKM21/1016", [("Politechnika Poznańska", None), ("Silesian University of Technology", "02/040/BKM20/1003"),
                           ("Silesian University of Technology", "02/040/BKM21/1016")]),
    ("", []),
])
def test_scopus_funding_details(cell, expected):
    assert parse_funding_details(cell) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("G12 MD007582/MD/NIMHD NIH HHS/United States", ("NIMHD NIH HHS", "G12 MD007582")),  # id/acronym/agency/country
    ("MR/R015600/1/MRC_/Medical Research Council/United Kingdom", ("Medical Research Council", "MR/R015600/1")),
    ("KTP008934/Economic and Social Research Council/", ("Economic and Social Research Council", "KTP008934")),
    ("DEC-2020/37/B/ST4/02886/National Science Center/", ("National Science Center", "DEC-2020/37/B/ST4/02886")),
    ("FDN-148426/CIHR/Canada", ("CIHR", "FDN-148426")),
    ("AbbVie/", ("AbbVie", None)),
    ("CIHR/Canada", ("CIHR", None)),
])
def test_medline_grant(value, expected):
    assert parse_grant(value) == expected


def _funders(tmp_path: Path, kind: str, path: Path) -> list[tuple]:
    with Warehouse(tmp_path / "w.duckdb") as wh:
        ingest_files(wh, kind, [path], show_progress=False, workers=0)
        return wh.con.execute("SELECT work_id, funder_name, award_id FROM work_funders "
                              "ORDER BY work_id, funder_name, award_id").fetchall()


def test_scopus_csv_funders_stored(tmp_path):
    rows = _funders(tmp_path, "scopus", FORMATS / "scopus" / "tributetotobler__bibliotobler__scopus.csv")
    # 5 rows have Funding Details: 1 + 1 + 2 (the bare award left out) + 1 + 4 named funders = 9 rows
    assert len(rows) == 9
    assert len({r[0] for r in rows}) == 5
    assert [r[1:] for r in rows if r[0] == "scopus:2-s2.0-0022589162"] == [
        ("National Center for Research Resources", "S07RR005412"), ("National Institutes of Health", None)]


def test_lens_csv_funders_stored(tmp_path):
    rows = _funders(tmp_path, "lens", FORMATS / "lens" / "DrMattG__Salmon_network__lens-export.csv")
    # 9 rows name funders, 1+2+5+4+1+3+2+2+2 = 22 names, one repeated within its row
    # ("Norwegian Seafood Research Found" twice): 21
    assert len(rows) == 21
    assert [r[1] for r in rows if r[0] == "lens:031-032-947-217-677"] == [
        "Killam Trusts", "Natural Sciences and Engineering Research Council of Canada"]


def test_medline_funders_stored(tmp_path):
    rows = _funders(tmp_path, "pubmed", FORMATS / "pubmed" / "Valdecy__pyBibX__pubmed.txt")
    assert len(rows) == 70  # `grep -c '^GR  -'`: 70 GR lines, none repeated within a record
    assert [r[1:] for r in rows if r[0] == "pubmed:24635949"] == [
        ("NIMHD NIH HHS", "G12 MD007582"), ("NIMHD NIH HHS", "P20 MD006738")]


def test_pubmed_xml_grants_stored(tmp_path):
    path = tmp_path / "p.xml"
    path.write_text("""<?xml version="1.0" ?>
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID>123</PMID><Article>
<ArticleTitle>A title</ArticleTitle>
<GrantList><Grant><GrantID>R01 HL1</GrantID><Acronym>HL</Acronym><Agency>NHLBI NIH HHS</Agency>
<Country>United States</Country></Grant><Grant><Agency>Wellcome Trust</Agency></Grant></GrantList>
</Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>
""", encoding="utf-8")
    assert _funders(tmp_path, "pubmed", path) == [
        ("pubmed:123", "NHLBI NIH HHS", "R01 HL1"), ("pubmed:123", "Wellcome Trust", None)]
