"""The synthetic OpenAlex generator: real schema, deterministic, the asked-for country mix.

Real records to compare with: ../shared/data/openalex/works_current_schema_sample.jsonl.gz
(3 OpenAlex works, Dec 2023 API schema, CC0).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from techties.sources import synthetic

N = 3 * synthetic.BLOCK  # 600 works: three whole blocks, so the planned mix is exact

# What changed in the OpenAlex work object between the Dec 2023 sample and the current schema:
# `grants` was replaced by `funders` + `awards`; topics (2024) replaced concepts as the main
# taxonomy; authorships lost the single `raw_affiliation_string` and gained `affiliations`.
REMOVED_TOP = {"grants"}
ADDED_TOP = {"topics", "primary_topic", "fwci", "citation_normalized_percentile", "indexed_in",
             "institution_assertions", "funders", "awards", "datasets", "versions", synthetic.SYNTHETIC_KEY}
REMOVED_AUTHORSHIP = {"raw_affiliation_string"}
ADDED_AUTHORSHIP = {"affiliations"}


@pytest.fixture(scope="module")
def real_works(shared_data: Path) -> list[dict]:
    path = shared_data / "openalex" / "works_current_schema_sample.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> synthetic.Snapshot:
    root = tmp_path_factory.mktemp("synth")
    return synthetic.write_snapshot(root, N, seed=7, files=2)


@pytest.fixture(scope="module")
def works(snapshot: synthetic.Snapshot) -> list[dict]:
    """The written files read back line by line with the stdlib JSON parser."""
    out = []
    for part in snapshot.parts:
        with gzip.open(part.path, "rt", encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh)
    return out


def test_files_are_gzip_json_lines_laid_out_like_the_snapshot(snapshot, works):
    assert len(works) == N
    assert [p.path.name for p in snapshot.parts] == ["part_000.gz", "part_001.gz"]
    assert all(p.path.parent.name == f"updated_date={synthetic.DEFAULT_SNAPSHOT_DATE}" for p in snapshot.parts)
    manifest = json.loads(snapshot.manifest.read_text())
    assert manifest["meta"]["record_count"] == N
    assert [e["meta"]["content_length"] for e in manifest["entries"]] == [p.path.stat().st_size
                                                                          for p in snapshot.parts]
    assert len({w["id"] for w in works}) == N


def test_top_level_keys_match_the_real_schema(real_works, works):
    real_keys = set(real_works[0])
    assert all(set(r) == real_keys for r in real_works)
    for w in works:
        keys = set(w)
        assert real_keys - REMOVED_TOP <= keys, real_keys - REMOVED_TOP - keys
        assert keys - real_keys <= ADDED_TOP, keys - real_keys - ADDED_TOP


def test_nested_keys_match_the_real_schema(real_works, works):
    real_auth = set(real_works[1]["authorships"][0])
    real_inst = set(real_works[1]["authorships"][0]["institutions"][0])
    real_loc = set(real_works[0]["primary_location"])
    real_src = set(real_works[0]["primary_location"]["source"])
    real_oa = set(real_works[0]["open_access"])
    for w in works[:100]:
        assert set(w["open_access"]) == real_oa
        assert real_loc <= set(w["primary_location"])
        assert real_src <= set(w["primary_location"]["source"])
        for a in w["authorships"]:
            assert set(a) == (real_auth - REMOVED_AUTHORSHIP) | ADDED_AUTHORSHIP
            assert set(a["author"]) == set(real_works[0]["authorships"][0]["author"])
            for inst in a["institutions"]:
                assert set(inst) == real_inst


def test_values_have_the_real_types(works):
    for w in works:
        assert isinstance(w["publication_year"], int) and 2010 <= w["publication_year"] <= 2024
        assert w["publication_date"].startswith(str(w["publication_year"]))
        assert w["title"] == w["display_name"] and w["title"]
        assert w["updated_date"].startswith(synthetic.DEFAULT_SNAPSHOT_DATE)
        if w["abstract_inverted_index"] is not None:
            positions = sorted(p for ps in w["abstract_inverted_index"].values() for p in ps)
            assert positions == list(range(len(positions)))  # a whole text, every slot once
        t = w["primary_topic"]
        assert t == w["topics"][0]
        assert t["subfield"]["id"].startswith("https://openalex.org/subfields/")
        assert t["field"]["id"] == "https://openalex.org/fields/" + t["subfield"]["id"].rsplit("/", 1)[1][:2]
        assert w["referenced_works_count"] == len(w["referenced_works"])
        assert w["countries_distinct_count"] == len({c for a in w["authorships"] for c in a["countries"]})
        for aw in w["awards"]:
            assert aw["funder_id"] in {f["id"] for f in w["funders"]}


def test_every_work_and_minted_id_is_marked_synthetic(real_works, works):
    assert all(w[synthetic.SYNTHETIC_KEY] is True for w in works)
    for w in works:
        ids = [w["id"], *w["referenced_works"], *w["related_works"], w["primary_location"]["source"]["id"]]
        for a in w["authorships"]:
            ids.append(a["author"]["id"])
            ids.extend(i["id"] for i in a["institutions"])
        assert all(synthetic.is_synthetic_id(i) for i in ids)
        assert w["doi"] is None or w["doi"].startswith("https://doi.org/10.5555/")
    real_ids = [r["id"] for r in real_works] + [i["id"] for r in real_works for a in r["authorships"]
                                                for i in a["institutions"]]
    assert not any(synthetic.is_synthetic_id(i) for i in real_ids)


def test_deterministic_for_a_seed_whatever_the_split(tmp_path):
    one = synthetic.write_snapshot(tmp_path / "a", 250, seed=3, files=1)
    three = synthetic.write_snapshot(tmp_path / "b", 250, seed=3, files=3)
    other = synthetic.write_snapshot(tmp_path / "c", 250, seed=4, files=1)

    def content(snap):
        return b"".join(gzip.open(p.path).read() for p in snap.parts)

    assert content(one) == content(three)
    assert content(one) != content(other)
    assert list(synthetic.generate_works(5, seed=3, n_total=250)) == \
        [json.loads(line) for line in content(one).splitlines()[:5]]


def _countries(work: dict) -> set[str]:
    """Countries of a work counted from its institutions, as a bibliometrician would."""
    return {i["country_code"] for a in work["authorships"] for i in a["institutions"]}


def test_coauthorship_mix_is_the_planned_one(works):
    blocks = N // synthetic.BLOCK
    sets = [_countries(w) for w in works]
    assert all(sets)  # every work has at least one resolved institution
    assert sum({"CN", "RU"} <= s for s in sets) == blocks * (synthetic.MIX["CN-RU"] + synthetic.MIX["CN-RU-US"])
    assert sum({"CN", "US"} <= s for s in sets) == blocks * (synthetic.MIX["CN-US"] + synthetic.MIX["CN-RU-US"])
    assert sum({"RU", "US"} <= s for s in sets) == blocks * (synthetic.MIX["RU-US"] + synthetic.MIX["CN-RU-US"])
    assert sum({"CN", "RU", "US"} <= s for s in sets) == blocks * synthetic.MIX["CN-RU-US"]
    assert sum(len(s) == 1 for s in sets) == blocks * synthetic.MIX["domestic"]
    single = Counter(next(iter(s)) for s in sets if len(s) == 1)
    assert len(single) >= 20  # many countries, not just the three of interest
    assert single.most_common(2)[0][0] in {"CN", "US"}


def test_bare_affiliations_name_a_country_already_in_the_work(works):
    bare = [(w, a) for w in works for a in w["authorships"] if not a["institutions"]]
    assert 0.03 < len(bare) / sum(len(w["authorships"]) for w in works) < 0.12
    assert all(a["raw_affiliation_strings"] and a["raw_affiliation_strings"][0] for _, a in bare)


def test_institutes_roll_up_to_their_academy(works):
    ras = synthetic.institution_id("RAS")
    cas = synthetic.institution_id("CAS")
    seen = {i["display_name"]: i for w in works for a in w["authorships"] for i in a["institutions"]}
    ras_institutes = [i for n, i in seen.items() if i["country_code"] == "RU" and ras in i["lineage"]
                      and i["id"] != ras]
    cas_institutes = [i for n, i in seen.items() if "Chinese Academy of Sciences" in n and i["id"] != cas]
    assert len(ras_institutes) >= 3 and len(cas_institutes) >= 3
    assert all(cas in i["lineage"] and i["id"] in i["lineage"] for i in cas_institutes)


def test_non_english_works_have_native_titles(works):
    langs = Counter(w["language"] for w in works)
    assert langs["zh"] > 0 and langs["ru"] > 0 and langs["en"] > 0.9 * N
    for w in works:
        if w["language"] == "zh":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in w["title"])
            assert "CN" in _countries(w)
        if w["language"] == "ru":
            assert any("\u0400" <= ch <= "\u04ff" for ch in w["title"])
            assert "RU" in _countries(w)


def test_reader_marks_generated_works_synthetic(snapshot):
    from techties.sources.openalex_snapshot import read_snapshot

    rows = [rec for _, rec in read_snapshot(snapshot.parts[0].path)]
    assert len(rows) == snapshot.parts[0].count
    assert all(getattr(r, "synthetic", False) for r in rows)
