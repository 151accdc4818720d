"""Areas beyond AI: the category rule, `classify train/apply --area`, and `research --area` on the
scores. Documents are real arXiv papers from ../shared/data (arxiv-recent and the 2007 snapshot)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from techties.classify.areas import AREAS, in_area
from techties.classify.data import sha256_file
from techties.classify.model import default_model_dir, load_model, trained_areas
from techties.cli import app

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
RECENT = SHARED / "arxiv-recent" / "arxiv_listings_2025-2026.jsonl.gz"
OLD = SHARED / "arxiv-ai" / "arxiv_2007_all_fields.jsonl.gz"


def test_area_rule_matches_whole_categories_and_their_subcategories():
    assert in_area(("q-bio.NC",), "q-bio") and in_area(("q-bio",), "q-bio")
    assert not in_area(("q-biology",), "q-bio")  # a prefix must end at a dot
    assert in_area(("math.OC", "eess.SP"), "networking") and in_area(("cs.NI",), "networking")
    assert not in_area(("cs.ROx",), "robotics") and in_area(("cs.RO",), "robotics")
    assert in_area(("quant-ph",), "quantum") and not in_area(("cs.LG",), "quantum")
    assert set(AREAS) == {"ai", "robotics", "computer-vision", "nlp", "quantum", "networking", "q-bio"}


@pytest.mark.parametrize("area", [a for a in AREAS if a != "ai"])
def test_shipped_area_models_have_cards(area):
    clf = load_model(area=area)
    card = clf.card
    assert clf.area == area and clf.version.startswith(f"{area}-tfidf-")
    assert clf.model.digest() == card["model_sha256"]
    for k in ("precision", "recall", "f1"):
        assert 0 <= card["test"][k] <= 1
    assert card["test"]["positives"] > 0 and "ci95" in card["test"]
    assert (default_model_dir() / f"{area}_model_card.md").exists()
    assert (default_model_dir() / card["model_file"]).stat().st_size < 400_000  # small shipped files
    for item in card["inputs"]:
        assert sha256_file(SHARED / item["path"].removeprefix("../shared/data/")) == item["sha256"]
    assert area in trained_areas()
    # the learner shipped is the one with the higher cross-validated F1 (never the test split's)
    rows = card["cross_validation"]["rows"]
    assert max(rows, key=lambda r: r[3])[0].endswith(f"({clf.version})")


def _papers(path: Path, want, n: int) -> list[dict]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            cats = r["categories"].split() if isinstance(r["categories"], str) else r["categories"]
            if want(cats):
                out.append(r)
                if len(out) == n:
                    break
    return out


def test_train_apply_and_research_by_area(tmp_path):
    runner = CliRunner()
    models, db = tmp_path / "models", tmp_path / "w.duckdb"
    res = runner.invoke(app, ["classify", "train", "--area", "robotics", "--limit", "1500", "--bootstrap", "0",
                              "--output", str(models)])
    assert res.exit_code == 0, res.output
    assert res.output.strip().splitlines()[-1].startswith("test precision=")
    assert {p.name for p in models.iterdir()} == {"robotics_model.npz", "robotics_model_card.json",
                                                  "robotics_model_card.md"}
    # real papers: 6 filed in cs.RO (2025-26) and 6 in quant-ph only (2007), all CN-RU co-authored
    robots = _papers(RECENT, lambda c: "cs.RO" in c, 6)
    others = _papers(OLD, lambda c: c == ["quant-ph"], 6)
    from techties.warehouse import Warehouse

    with Warehouse(db) as wh:
        for i, r in enumerate(robots + others):
            wh.con.execute("INSERT INTO works (work_id, source, title, abstract, year, language)"
                           " VALUES (?, 'test', ?, ?, 2025, 'en')", [f"arxiv:{r['id']}", r["title"], r["abstract"]])
            for pos, cc in enumerate(("CN", "RU")):
                wh.con.execute("INSERT INTO authorships (work_id, position, country_code, country_method)"
                               " VALUES (?, ?, ?, 'institution')", [f"arxiv:{r['id']}", pos, cc])
            assert i < 12
    no_scores = runner.invoke(app, ["research", "--pair", "CN", "RU", "--area", "robotics", "--db", str(db)])
    assert no_scores.exit_code == 2 and "classify apply --area robotics" in no_scores.output
    res = runner.invoke(app, ["classify", "apply", "--area", "robotics", "--db", str(db), "--model-dir", str(models)])
    assert res.exit_code == 0, res.output
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    labels = dict(con.execute("SELECT work_id, label FROM ai_scores WHERE area = 'robotics'").fetchall())
    con.close()
    assert len(labels) == 12
    # the quant-ph papers are not robotics; most cs.RO ones are found even by this small model
    assert not any(labels[f"arxiv:{r['id']}"] for r in others)
    found = sum(labels[f"arxiv:{r['id']}"] for r in robots)
    assert found >= 4
    res = runner.invoke(app, ["research", "--pair", "CN", "RU", "--area", "robotics", "--db", str(db),
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    yearly = next(t for t in json.loads(res.stdout)["tables"] if t["name"] == "yearly")
    # the pair's 2025 count is the number of works labelled robotics (all 12 are CN-RU, 2025)
    assert [r["works"] for r in yearly["rows"] if r["year"] == 2025 and r["pair"] in ("CN-RU", "CN–RU")] == [found]
    # the brief and the watch share the query: --area robotics runs there too
    res = runner.invoke(app, ["report", "--pair", "CN", "RU", "--area", "robotics", "--db", str(db),
                              "--out", str(tmp_path / "brief")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["watch", "--pair", "CN", "RU", "--area", "robotics", "--db", str(db)])
    assert res.exit_code == 0, res.output


def test_unknown_area_is_a_usage_error():
    res = CliRunner().invoke(app, ["classify", "apply", "--area", "biotech"])
    assert res.exit_code == 2
    assert "biotech" in res.output
