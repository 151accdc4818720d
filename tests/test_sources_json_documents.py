"""A JSON array or API page of records that are not OpenAlex works is refused in one line, as the same records
in JSON Lines are: a saved /authors page was stored as the work "Jane Doe", an arXiv array as
`openalex:2503.11731`, a ROR list as `openalex:https://ror.org/01abc`."""

from __future__ import annotations

import json

import pytest

from tests.test_hostile import cli

DOCUMENTS = {
    "arxiv.json": ([{"id": "2503.11731", "title": "a paper"}],
                   "JSON records without an OpenAlex work id (W…): not OpenAlex works"),
    "authors.json": ({"meta": {"count": 1}, "results": [{"id": "https://openalex.org/A123",
                                                          "display_name": "Jane Doe"}]},
                     "JSON records without an OpenAlex work id (W…): not OpenAlex works"),
    "ror.json": ([{"id": "https://ror.org/01abc", "names": [{"value": "An institute"}]}],
                 "this looks like a ROR organisation dump: use `techties ingest ror`"),
}


@pytest.mark.parametrize("kind", ["auto", "openalex"])
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_records_of_another_kind_are_refused(tmp_path, kind, name):
    doc, why = DOCUMENTS[name]
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    res = cli("ingest", kind, str(path), "--db", str(tmp_path / "w.duckdb"))
    assert res.exit_code == 2 and res.stderr.startswith(f"error: {path}: {why}")
    assert not (tmp_path / "w.duckdb").exists()  # refused before a warehouse is made


def test_a_page_of_works_is_still_read(tmp_path):
    page = tmp_path / "works.json"
    # the work's own id (W1) comes first; its author's id (A1) is no reason to refuse it
    page.write_text(json.dumps({"meta": {"count": 1}, "results": [
        {"id": "https://openalex.org/W1", "title": "a work", "authorships": [{"author": {"id": "A1"}}]}]}))
    res = cli("ingest", "auto", str(page), "--db", str(tmp_path / "w.duckdb"))
    assert res.exit_code == 0 and "read 1, stored 1, quarantined 0" in res.stderr + res.stdout


@pytest.mark.parametrize(("text", "code", "said"), [
    ('{"items": 5}', 2, 'record 1: its "items" / "hits" hold no list of records'),
    ("[]", 4, "no ROR organisation records in it"),
    ('{"hits": null}', 4, "no ROR organisation records in it"),
])
def test_ingest_ror_of_no_records_is_one_line_and_no_warehouse(tmp_path, text, code, said):
    path = tmp_path / "r.json"
    path.write_text(text)
    res = cli("ingest", "ror", str(path), "--db", str(tmp_path / "w.duckdb"))
    assert res.exit_code == code and res.stderr.startswith(f"error: {path}: {said}")
    assert not (tmp_path / "w.duckdb").exists()


def test_ingest_ror_json_lines_with_a_damaged_first_line_keeps_the_rest(tmp_path):
    path = tmp_path / "r.jsonl"
    record = {"id": "https://ror.org/01abc", "names": [{"value": "An institute", "types": ["ror_display"]}],
              "locations": [{"geonames_details": {"country_code": "CN"}}], "relationships": []}
    path.write_text("garbage{\n" + json.dumps(record) + "\n")
    res = cli("ingest", "ror", str(path), "--db", str(tmp_path / "w.duckdb"))
    # line 1 skipped, the record on line 2 stored: exit 3 (stored, some lines set aside), as a damaged later line
    assert res.exit_code == 3
    assert f"skipped {path}:1: not JSON (Expecting value)" in res.stderr
    assert f"{path}: 1 ROR organisations stored, 1 records skipped" in res.stderr


def test_ror_json_lines_given_to_another_reader_are_pointed_to_ingest_ror(tmp_path):
    path = tmp_path / "ror.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"https://ror.org/0{k}abc", "name": f"Institute {k}"})
                              for k in range(3)) + "\n")
    res = cli("ingest", "auto", str(path), "--db", str(tmp_path / "w.duckdb"))
    assert res.exit_code == 2
    assert res.stderr.startswith(f"error: {path}: this looks like a ROR organisation dump: use `techties ingest ror`")
