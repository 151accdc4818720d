"""Compare candidate AI-relevance classifiers on the same splits; prints one row per approach.

Each approach is fitted on the train split, its threshold chosen on the dev split (max F1),
and it is scored once on the held-out test split (never tuned on). Speed is documents scored
per second on one thread (features + model), over the test split repeated.

    python bench/classify_experiments.py [--with-recent] [--only NAME,…]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression, SGDClassifier  # noqa: E402
from sklearn.naive_bayes import ComplementNB  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from techties.classify.data import join_text, split_labelled_text  # noqa: E402
from techties.classify.metrics import best_threshold, prf  # noqa: E402
from techties.classify.train import (  # noqa: E402
    LABELLED_FILES,
    RECENT_FILE,
    load_pool,
    recent_sample,
)


def texts(exs):
    return [join_text(e.title, e.abstract) for e in exs]


def labels(exs):
    return np.array([bool(e.label) for e in exs])


class Approach:
    def __init__(self, name, vec, clf, scorer="proba"):
        self.name, self.vec, self.clf, self.scorer = name, vec, clf, scorer

    def fit(self, x, y):
        X = self.vec.fit_transform(x)
        self.clf.fit(X, y)

    def score(self, x):
        X = self.vec.transform(x)
        if self.scorer == "proba":
            return self.clf.predict_proba(X)[:, 1]
        return self.clf.decision_function(X)


class Union:
    """Word + char TF-IDF stacked side by side."""

    def __init__(self, *vecs):
        self.vecs = vecs

    def fit_transform(self, x):
        return sparse.hstack([v.fit_transform(x) for v in self.vecs]).tocsr()

    def transform(self, x):
        return sparse.hstack([v.transform(x) for v in self.vecs]).tocsr()


class HashTfidf:
    def __init__(self, **kw):
        self.h = HashingVectorizer(alternate_sign=False, norm=None, **kw)
        self.t = TfidfTransformer(sublinear_tf=True)

    def fit_transform(self, x):
        return self.t.fit_transform(self.h.transform(x))

    def transform(self, x):
        return self.t.transform(self.h.transform(x))


def word_tfidf(**kw):
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float32, **kw)


APPROACHES = {
    "tfidf-word12-lr": lambda: Approach(
        "tfidf-word12-lr", word_tfidf(), LogisticRegression(C=20, solver="liblinear", class_weight="balanced")),
    "tfidf-word1-lr": lambda: Approach(
        "tfidf-word1-lr", TfidfVectorizer(min_df=2, sublinear_tf=True, dtype=np.float32),
        LogisticRegression(C=20, solver="liblinear", class_weight="balanced")),
    "tfidf-word12-svm": lambda: Approach(
        "tfidf-word12-svm", word_tfidf(), LinearSVC(C=0.5, class_weight="balanced"), "decision"),
    "tfidf-word12-sgd": lambda: Approach(
        "tfidf-word12-sgd", word_tfidf(),
        SGDClassifier(loss="modified_huber", alpha=2e-5, class_weight="balanced", random_state=0,
                      max_iter=50, tol=None), "decision"),
    "hash-word12-lr": lambda: Approach(
        "hash-word12-lr", HashTfidf(ngram_range=(1, 2), n_features=2**20),
        LogisticRegression(C=20, solver="liblinear", class_weight="balanced")),
    "tfidf-word12+char25-lr": lambda: Approach(
        "tfidf-word12+char25-lr",
        Union(word_tfidf(), TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3,
                                            sublinear_tf=True, dtype=np.float32, max_features=300000)),
        LogisticRegression(C=20, solver="liblinear", class_weight="balanced")),
    "count-word12-cnb": lambda: Approach(
        "count-word12-cnb", TfidfVectorizer(ngram_range=(1, 2), min_df=2, use_idf=False, norm=None,
                                            dtype=np.float32),
        ComplementNB(alpha=0.3), "proba"),
}


def speed(approach, docs, min_seconds=2.0):
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < min_seconds:
        approach.score(docs)
        n += len(docs)
    return n / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--with-recent", action="store_true", help="also train on the arxiv-recent train split")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    splits, _ = load_pool(LABELLED_FILES)
    recent, _ = load_pool([RECENT_FILE])
    train = list(splits["train"])
    if args.with_recent:
        train += recent_sample(recent["train"], 1500)
    rec_test = recent["test"]
    rec_pos = [e for e in rec_test if any(c in ("cs.LG", "cs.CV", "cs.CL") for c in e.categories)]
    rec_neg = [e for e in rec_test if not e.label]
    names = [n for n in APPROACHES if not args.only or n in args.only.split(",")]
    print(f"train n={len(train)} dev n={len(splits['dev'])} test n={len(splits['test'])}"
          f" recent-test LG/CV/CL n={len(rec_pos)} recent-test non-AI n={len(rec_neg)}")
    print("approach | dev F1 (selects) | test P | test R | test F1 | title-only F1 | recent recall |"
          " recent non-AI FPR | docs/s")
    for name in names:
        a = APPROACHES[name]()
        a.fit(texts(train), labels(train))
        sd = a.score(texts(splits["dev"]))
        thr = best_threshold(labels(splits["dev"]), sd)
        _, _, fd = prf(labels(splits["dev"]), sd >= thr)
        y = labels(splits["test"])
        p, r, f = prf(y, a.score(texts(splits["test"])) >= thr)
        titles = [join_text(split_labelled_text(join_text(e.title, e.abstract))[0], "") for e in splits["test"]]
        _, _, ft = prf(y, a.score(titles) >= thr)
        rr = float(np.mean(a.score(texts(rec_pos)) >= thr))
        fpr = float(np.mean(a.score(texts(rec_neg)) >= thr))
        dps = speed(a, texts(splits["test"]))
        print(f"{name} | {fd:.3f} | {p:.3f} | {r:.3f} | {f:.3f} | {ft:.3f} | {rr:.3f} | {fpr:.3f}"
              f" | {dps:,.0f}", flush=True)


if __name__ == "__main__":
    main()
