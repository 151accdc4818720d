"""OpenAlex snapshot files as DuckDB reads them: the columns techties stores, declared once.

The native ingest (`techties.ingest_native`) hands these declarations to DuckDB's own JSON reader,
which parses only the declared fields, in parallel over part files, straight into columns; the
Python reader (`openalex_snapshot`) declares the same fields as msgspec Structs. Both schemas
(current and 2022) are covered: `grants` or `funders` + `awards`, `raw_affiliation_string(s)`,
topics or concepts (2022 scores are strings; DuckDB casts them as msgspec does).

The abstract's inverted index is kept as JSON text, unparsed: parsing it costs as much as the rest
of the record, and only the classifier reads abstracts (see `techties.ingest_native.fill_abstracts`).
"""

from __future__ import annotations

_NAMED = "STRUCT(display_name VARCHAR)"
_INSTITUTION = ("STRUCT(id VARCHAR, display_name VARCHAR, ror VARCHAR, country_code VARCHAR, type VARCHAR,"
                " lineage VARCHAR[])")
_AUTHORSHIP = (
    f"STRUCT(author STRUCT(id VARCHAR, display_name VARCHAR), institutions {_INSTITUTION}[], countries VARCHAR[],"
    " raw_affiliation_string VARCHAR, raw_affiliation_strings VARCHAR[], raw_author_name VARCHAR)"
)

# The fields of an OpenAlex work that the warehouse stores, as DuckDB types (the same fields as
# `openalex_snapshot._OpenAlexWork`); every other field is skipped by the parser.
READ_COLUMNS: dict[str, str] = {
    "id": "VARCHAR",
    "doi": "VARCHAR",
    "title": "VARCHAR",
    "display_name": "VARCHAR",
    "publication_year": "INTEGER",
    "publication_date": "VARCHAR",
    "language": "VARCHAR",
    "type": "VARCHAR",
    "cited_by_count": "INTEGER",
    "updated_date": "VARCHAR",
    "techties_synthetic": "BOOLEAN",
    "authorships": f"{_AUTHORSHIP}[]",
    "concepts": "STRUCT(display_name VARCHAR, score DOUBLE)[]",
    "topics": f"STRUCT(display_name VARCHAR, score DOUBLE, subfield {_NAMED}, field {_NAMED})[]",
    "grants": "STRUCT(funder VARCHAR, funder_display_name VARCHAR, award_id VARCHAR)[]",
    "funders": "STRUCT(id VARCHAR, display_name VARCHAR)[]",
    "awards": "STRUCT(funder_id VARCHAR, funder_display_name VARCHAR, funder_award_id VARCHAR)[]",
    "abstract_inverted_index": "JSON",
}

# One work's JSON at most (DuckDB's default). DuckDB's read buffers are twice this per thread and must fit
# under the memory cap with the staged rows (which spill); 64 MB made them 128 MB each and a 200 MB cap
# failed. A longer record makes DuckDB refuse the file, which then goes through the Python path.
MAX_OBJECT_BYTES = 16 << 20
COMPRESSIONS = ("gzip", "none")


def columns_literal(columns: dict[str, str] | None = None) -> str:
    """The `columns={…}` argument of read_json (constants of this module, never user input)."""
    cols = READ_COLUMNS if columns is None else columns
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in cols.items()) + "}"


def read_json_sql(*, compression: str, ignore_errors: bool, columns: dict[str, str] | None = None) -> str:
    """A `read_json(?, …)` table expression over a bound list of files, with a `filename` column.

    With `ignore_errors` a line that is not a JSON object becomes a row of NULLs (its `id` NULL) and a
    value of the wrong type becomes NULL; the ingest then locates such lines (`locate_bad_lines`).
    Hive partitioning is off: the snapshot's `updated_date=…/` folders would replace the field."""
    if compression not in COMPRESSIONS:
        raise ValueError(f"unknown compression {compression!r}")
    return (f"read_json(?, format = 'newline_delimited', compression = '{compression}', "
            f"columns = {columns_literal(columns)}, filename = true, hive_partitioning = false, "
            f"maximum_object_size = {MAX_OBJECT_BYTES}, "
            f"ignore_errors = {str(ignore_errors).lower()})")


def compression_of(path: str) -> str:
    """'gzip' or 'none', from the file's first bytes (as the Python reader decides), not its name."""
    with open(path, "rb") as fh:
        return "gzip" if fh.read(2) == b"\x1f\x8b" else "none"
