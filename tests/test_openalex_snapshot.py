"""The OpenAlex reader on real records of both schemas."""

from __future__ import annotations

import gzip
import json

from techties.sources.io import iter_lines
from techties.sources.openalex_snapshot import read_snapshot, rebuild_abstract


def test_current_schema_record(shared_data):
    path = shared_data / "openalex" / "works_current_schema_sample.jsonl.gz"
    raw = json.loads(gzip.open(path, "rt").readline())
    work = next(w for _, w in read_snapshot(path))
    assert work.work_id == "openalex:" + raw["id"].rsplit("/", 1)[-1]
    assert work.doi == raw["doi"].removeprefix("https://doi.org/")
    assert work.year == raw["publication_year"] and work.language == raw["language"]
    assert work.version == raw["updated_date"]
    first_inst = raw["authorships"][0]["institutions"][0]
    a0 = work.authorships[0]
    assert a0.institution_id == "openalex:" + first_inst["id"].rsplit("/", 1)[-1]
    assert a0.country_code == first_inst["country_code"] and a0.country_method == "institution"
    inst = {i.institution_id: i for i in work.institutions}[a0.institution_id]
    assert inst.lineage == ["openalex:" + x.rsplit("/", 1)[-1] for x in first_inst["lineage"]]
    words = sum(len(p) for p in raw["abstract_inverted_index"].values())
    assert work.abstract and len(work.abstract.split()) == words


def test_2022_schema_concepts_with_string_scores(shared_data):
    path = shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz"
    items = [w for _, w in read_snapshot(path)]
    assert len(items) == 410
    concepts = [f for w in items for f in w.fields if f.taxonomy == "openalex-concept"]
    assert concepts and all(isinstance(f.score, float) for f in concepts)
    assert all(w.work_id.startswith("openalex:W") for w in items)


def test_abstract_rebuilt_in_word_order():
    assert rebuild_abstract({"world": [1], "hello": [0, 2]}) == "hello world hello"
    assert rebuild_abstract(None) is None


def test_skip_lines_resumes_after_a_line(shared_data):
    path = shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz"
    all_ids = [w.work_id for _, w in read_snapshot(path)]
    tail = [w.work_id for _, w in read_snapshot(path, skip_lines=400)]
    assert tail == all_ids[400:]


def test_api_dicts_convert_like_snapshot_lines(shared_data):
    import msgspec
    import pytest

    from techties.sources.openalex_snapshot import decode_work, work_from_dict

    path = shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz"
    for line in gzip.open(path):
        assert work_from_dict(json.loads(line)) == decode_work(line, source="openalex-api")
    with pytest.raises(msgspec.ValidationError):
        work_from_dict({"title": "no id"})


def test_a_record_that_fails_halfway_leaves_no_rows_and_is_quarantined(shared_data, monkeypatch):
    """Rows are appended as a record is read; one that fails after its first rows must take them back."""
    from techties.sources import openalex_snapshot as oa

    path = shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz"
    lines = [(n, raw) for n, raw in iter_lines(path)][:60]
    clean, _ = oa.parse_lines(str(path), lines)
    real_add_institution = oa._add_institution
    calls = [0]

    def failing(batch, inst):  # the 30th new institution fails: its work's row and first authorships are in
        calls[0] += 1
        if calls[0] == 30:
            raise ValueError("a failure after the work's first rows")
        return real_add_institution(batch, inst)

    monkeypatch.setattr(oa, "_add_institution", failing)
    batch, bad = oa.parse_lines(str(path), lines)
    assert [b.error for b in bad] == ["invalid OpenAlex work: a failure after the work's first rows"]
    victim = clean.works[bad[0].line - 1][0]
    for rows, clean_rows in ((batch.works, clean.works), (batch.authorships, clean.authorships),
                             (batch.fields, clean.fields), (batch.funders, clean.funders)):
        assert rows == [r for r in clean_rows if r[0] != victim]
    assert len(batch.to_tables("r")["works"]) == len(clean.works) - 1
