"""Choose the default AI model by 5-fold cross-validation on the training split only.

The labelled train+dev splits (everything but the held-out test split) are cut into 5 folds by a
hash of the arXiv id; each candidate is fitted on 4 folds (plus, where named, the arXiv 2025–2026
training papers) and scores the fifth. F1 is read from the pooled out-of-fold scores at the
threshold that maximises it (the same optimism for every candidate). The test split is not read.

    python bench/classify_cv.py [--only NAME,…]

All candidates are linear in the same TF-IDF features, so whichever wins ships as the same .npz.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from techties.classify.linear import TOKEN_PATTERN  # noqa: E402
from techties.classify.metrics import best_threshold, prf  # noqa: E402
from techties.classify.train import (  # noqa: E402
    LABELLED_FILES,
    RECENT_FILE,
    fold_of,
    labels_of,
    load_pool,
    nb_ratio,
    recent_sample,
    texts_of,
)


def svm(c, balanced=False):
    return lambda x, y: LinearSVC(C=c, class_weight="balanced" if balanced else None).fit(x, y)


def lr(c):
    return lambda x, y: LogisticRegression(C=c, solver="liblinear", class_weight="balanced").fit(x, y)


def nbsvm(c, alpha=1.0):
    """SVM on features scaled by the naive-Bayes log-count ratio (Wang & Manning 2012); the scaled
    model is still one weight per TF-IDF feature (w * r)."""
    def f(x, y):
        r = nb_ratio(x, y, alpha)
        m = LinearSVC(C=c).fit(x.multiply(r).tocsr(), y)
        return _Scaled(m, r)
    return f


class _Scaled:
    def __init__(self, m, r):
        self.m, self.r = m, r

    def decision_function(self, x):
        return self.m.decision_function(x.multiply(self.r).tocsr())


CANDIDATES = {
    "lr-C20 (shipped before)": (lr(20), True, 2),
    "svm-C1 (baseline)": (svm(1.0), False, 2),
    "svm-C1 +recent": (svm(1.0), True, 2),
    "svm-C0.5": (svm(0.5), False, 2),
    "svm-C2": (svm(2.0), False, 2),
    "svm-C1 balanced": (svm(1.0, True), False, 2),
    "svm-C1 min_df1": (svm(1.0), False, 1),
    "nbsvm-C0.5": (nbsvm(0.5), False, 2),
    "nbsvm-C1": (nbsvm(1.0), False, 2),
    "nbsvm-C0.25": (nbsvm(0.25), False, 2),
    "nbsvm-C0.5 +recent": (nbsvm(0.5), True, 2),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the table as JSON (for `classify train --cv-results`)")
    args = ap.parse_args()
    names = [n for n in CANDIDATES if not args.only or any(o in n for o in args.only.split(","))]
    splits, _ = load_pool(LABELLED_FILES)
    r_splits, _ = load_pool([RECENT_FILE]) if RECENT_FILE.exists() else ({"train": []}, None)
    pool = splits["train"] + splits["dev"]  # never splits["test"]
    extra = recent_sample(r_splits["train"], 1500, 13)
    y = labels_of(pool)
    folds = np.array([fold_of(e.id, 13, args.folds) for e in pool])
    texts, extra_texts, extra_y = texts_of(pool), texts_of(extra), labels_of(extra)
    oof = {n: np.zeros(len(pool)) for n in names}
    secs = dict.fromkeys(names, 0.0)
    for k in range(args.folds):
        held, part = np.flatnonzero(folds == k), np.flatnonzero(folds != k)
        for min_df in sorted({CANDIDATES[n][2] for n in names}):
            for with_recent in (False, True):
                todo = [n for n in names if CANDIDATES[n][1:] == (with_recent, min_df)]
                if not todo:
                    continue
                tr = [texts[i] for i in part] + (extra_texts if with_recent else [])
                ty = np.concatenate([y[part], extra_y]) if with_recent else y[part]
                vec = TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, sublinear_tf=True,
                                      token_pattern=TOKEN_PATTERN, dtype=np.float32)
                xtr = vec.fit_transform(tr)
                xte = vec.transform([texts[i] for i in held])
                for n in todo:
                    t = time.perf_counter()
                    m = CANDIDATES[n][0](xtr, ty)
                    oof[n][held] = m.decision_function(xte)
                    secs[n] += time.perf_counter() - t
    print(f"{args.folds}-fold CV over train+dev: n={len(pool)} ({int(y.sum())} AI)")
    print("| approach | CV precision | CV recall | CV F1 | fit s (all folds) |")
    print("| --- | --- | --- | --- | --- |")
    rows = []
    for n in names:
        thr = best_threshold(y, oof[n])
        p, r, f = prf(y, oof[n] >= thr)
        rows.append([n, round(p, 4), round(r, 4), round(f, 4)])
        print(f"| {n} | {p:.3f} | {r:.3f} | {f:.3f} | {secs[n]:.1f} |", flush=True)
    if args.json:
        note = (f"{args.folds}-fold cross-validation over the labelled train+dev splits (n={len(pool)},"
                f" {int(y.sum())} AI; test split not read), F1 at the best out-of-fold threshold:"
                " `python bench/classify_cv.py --json FILE`")
        args.json.write_text(json.dumps({"note": note, "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
