"""The real OpenAlex count series shipped in `techties/data/aggregates/` (see its README), read
into typed rows for the warehouse's `count_series` table. Pure: no database here."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

COAUTHORSHIP_FILE = "openalex_coauthorship_CN_RU_US_by_year_1990-2023.csv"
CONCEPT_FILE = "openalex_ai_concept_works_CN_RU_US_2010-2020.csv"
COAUTHORSHIP_QUERY = ("works?filter=authorships.countries:{cy},publication_year:{year},countries_distinct_count:>1"
                      "&group-by=authorships.countries")
CONCEPT_QUERY = ("works?filter=concepts.id:{concept_id},publication_year:{year}"
                 "&group_by=authorships.institutions.country_code")
COAUTHORSHIP_SOURCE = ("shipped aggregates/" + COAUTHORSHIP_FILE + ", from bavla/OpenAlex @ 22557474, "
                       "Countries/27aug24/WrldCo_years.zip")
CONCEPT_SOURCE = ("shipped aggregates/" + CONCEPT_FILE + ", from JawadSarfraz/openalex-global-ai-dashboard @ 8a872596 "
                  "(retrieval date not stated)")
COAUTHORSHIP_RETRIEVED = "2024-08-27"


@dataclass(frozen=True)
class SeriesRow:
    """One value of a count series, in the columns of `count_series`."""

    query: str
    scope_kind: str
    scope: str
    area: str
    year: int
    value: float
    method: str
    retrieved_on: str
    source: str


def aggregates_dir() -> Path:
    return Path(str(resources.files("techties.data").joinpath("aggregates")))


def read_coauthorship(path: Path) -> list[SeriesRow]:
    """`CN_RU` columns become pair rows (scope `CN-RU`); `CN_intl_total` country-international rows."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            year = int(rec["year"])
            for col, raw in rec.items():
                if col == "year" or not raw:
                    continue
                if col.endswith("_intl_total"):
                    cy = col.split("_")[0]
                    kind, scope = "country-international", cy
                else:
                    cy = col.split("_")[0]
                    kind, scope = "pair", col.replace("_", "-")
                rows.append(SeriesRow(COAUTHORSHIP_QUERY.format(cy=cy, year=year), kind, scope, "all", year,
                                      float(raw), "openalex-count", COAUTHORSHIP_RETRIEVED, COAUTHORSHIP_SOURCE))
    return rows


def read_concepts(path: Path) -> list[SeriesRow]:
    """Per country and year, works tagged with a legacy concept: area `openalex-concept:<name>`."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            year, concept, cid = int(rec["year"]), rec["concept"], rec["concept_id"]
            for country in ("CN", "RU", "US"):
                if rec.get(country):
                    rows.append(SeriesRow(CONCEPT_QUERY.format(concept_id=cid, year=year), "country", country,
                                          f"openalex-concept:{concept}", year, float(rec[country]), "openalex-count",
                                          "", CONCEPT_SOURCE))
    return rows


def shipped_series(folder: Path | None = None) -> list[SeriesRow]:
    folder = folder or aggregates_dir()
    return read_coauthorship(folder / COAUTHORSHIP_FILE) + read_concepts(folder / CONCEPT_FILE)
