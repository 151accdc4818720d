"""Typed records that readers yield and the warehouse stores.

Readers never touch the database and the warehouse never parses source formats:
these Structs are the contract between the two. They hold no reference cycles, so they are
declared `gc=False`: the cyclic garbage collector then never scans the millions an ingest holds.
"""

from __future__ import annotations

import msgspec


class Institution(msgspec.Struct, kw_only=True, gc=False):
    institution_id: str
    name: str
    ror: str | None = None
    names: dict[str, list[str]] = {}
    country_code: str | None = None
    type: str | None = None
    parent_id: str | None = None
    lineage: list[str] = []
    source: str = ""


class Authorship(msgspec.Struct, kw_only=True, gc=False):
    position: int
    author_name: str
    author_id: str | None = None
    institution_id: str | None = None
    raw_affiliation: str | None = None
    country_code: str | None = None
    country_method: str = "none"  # institution | string | none


class WorkField(msgspec.Struct, kw_only=True, gc=False):
    taxonomy: str  # openalex-topic | openalex-subfield | openalex-field | openalex-concept | wos-wc | wos-sc
    field: str
    score: float | None = None


class WorkFunder(msgspec.Struct, kw_only=True, gc=False):
    funder_name: str
    funder_id: str | None = None
    award_id: str | None = None


class Work(msgspec.Struct, kw_only=True, gc=False):
    work_id: str  # source-qualified: openalex:W…, wos:…
    source: str  # openalex-snapshot | openalex-api | wos
    title: str | None = None
    abstract: str | None = None
    doi: str | None = None
    year: int | None = None
    pub_date: str | None = None
    language: str | None = None
    type: str | None = None
    cited_by_count: int | None = None
    version: str | None = None  # the record's own update stamp: a newer one replaces an older one
    as_of: str | None = None  # date of the snapshot / export the record came from
    retrieved_at: str | None = None
    synthetic: bool = False
    authorships: list[Authorship] = []
    fields: list[WorkField] = []
    funders: list[WorkFunder] = []
    institutions: list[Institution] = []


class BadRecord(msgspec.Struct, kw_only=True, gc=False):
    """A line or record a reader could not use: quarantined with its location, never fatal."""

    file: str
    line: int
    error: str
    raw_excerpt: str = ""
