"""Train the AI-relevance model: read, split by arXiv id, fit, pick the threshold on dev,
measure on the held-out test split, write the model and its card.

The test split is never used to choose anything: not the features, the regularisation,
nor the threshold (the threshold maximises F1 on the dev split).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shlex
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from techties.classify.data import (
    AI_CATEGORIES,
    BadLine,
    Example,
    join_text,
    read_examples,
    sha256_file,
    split_examples,
)
from techties.classify.linear import TOKEN_PATTERN, LinearTextModel
from techties.classify.metrics import best_threshold, bootstrap_prf, confusion, prf, reliability
from techties.classify.model import estimate_count

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
LABELLED_FILES = [SHARED_DATA / "arxiv-ai" / "train.jsonl.gz", SHARED_DATA / "arxiv-ai" / "train-extra.jsonl.gz"]
RECENT_FILE = SHARED_DATA / "arxiv-recent" / "arxiv_listings_2025-2026.jsonl.gz"
RECALL_CATEGORIES = ("cs.LG", "cs.CV", "cs.CL")


@dataclass
class TrainConfig:
    """Everything that decides the model; written into the model card."""

    seed: int = 13
    dev: float = 0.15
    test: float = 0.15
    learner: str = "svm"  # "svm" (linear SVM), "nbsvm" (SVM on NB-scaled features) or "lr"
    C: float = 1.0  # see docs/classifier.md: chosen by 5-fold CV on train+dev (bench/classify_cv.py)
    min_df: int = 2
    ngram_max: int = 2
    # arXiv-format AI papers added to training with all non-AI ones (vocabulary drift); 0 adds none:
    # 5-fold CV on train+dev preferred none (F1 0.808 vs 0.803 with 1,500; bench/classify_cv.py)
    max_recent_positives: int = 0
    max_features: int | None = 400_000
    # "train": fit on train, threshold on dev. "train+dev": thresholds from 5-fold out-of-fold
    # scores over train+dev, then the final fit on train+dev (more data; test still untouched).
    final_fit: str = "train+dev"
    folds: int = 5


@dataclass
class Pool:
    splits: dict[str, list[Example]]
    bad: list[BadLine] = field(default_factory=list)
    dropped: int = 0


def load_pool(files: Iterable[str | Path], seed: int = 13, dev: float = 0.15, test: float = 0.15,
              limit: int | None = None) -> tuple[dict[str, list[Example]], Pool]:
    """Read every file, drop examples without a label, split by arXiv id."""
    bad: list[BadLine] = []
    examples: list[Example] = []
    for f in files:
        for ex in read_examples(f, bad):
            if ex.label is not None:
                examples.append(ex)
            if limit is not None and len(examples) >= limit:
                break
    splits, dropped = split_examples(examples, seed, dev, test)
    return splits, Pool(splits, bad, dropped)


def require_examples(splits: dict[str, list[Example]], files: Iterable[str | Path], both_classes: bool = True) -> None:
    """An InputError (exit 4, one line) for inputs a model cannot be fitted on: no labelled document
    at all, or (`both_classes`) documents of one class only. Training on an empty file ended in
    "unexpected ValueError: empty vocabulary", exit 1, the status of a bug."""
    from techties.errors import InputError

    names = ", ".join(str(f) for f in files) or "no input"
    examples = [e for split in splits.values() for e in split]
    if not examples:
        raise InputError(f"{names}: no labelled documents read")
    if both_classes and len({bool(e.label) for e in examples}) < 2:
        kind = "AI" if examples[0].label else "non-AI"
        raise InputError(f"{names}: all {len(examples)} labelled documents are {kind}: a classifier needs both")


def recent_sample(examples: Sequence[Example], max_positives: int, seed: int = 13) -> list[Example]:
    """All non-AI papers and at most ``max_positives`` AI papers of an arXiv-format split, the
    positives picked by hash order (deterministic), so the AI share of training stays moderate."""
    neg = [e for e in examples if not e.label]
    pos = sorted((e for e in examples if e.label), key=lambda e: _pick_key(e.id, seed))
    return neg + pos[:max_positives]


def _pick_key(ident: str, seed: int) -> str:
    return hashlib.sha256(f"pick:{seed}:{ident}".encode()).hexdigest()


def texts_of(examples: Sequence[Example]) -> list[str]:
    return [join_text(e.title, e.abstract) for e in examples]


def titles_of(examples: Sequence[Example]) -> list[str]:
    return [join_text(e.title, "") for e in examples]


def labels_of(examples: Sequence[Example]) -> np.ndarray:
    return np.array([bool(e.label) for e in examples])


def fit(train: Sequence[Example], cfg: TrainConfig) -> LinearTextModel:
    """TF-IDF word 1..n-grams + a linear learner (liblinear: deterministic). The model's
    ``decision`` is the learner's raw margin until :func:`calibrate` folds Platt scaling into it."""
    vec = TfidfVectorizer(ngram_range=(1, cfg.ngram_max), min_df=cfg.min_df, sublinear_tf=True,
                          token_pattern=TOKEN_PATTERN, dtype=np.float32, max_features=cfg.max_features)
    x = vec.fit_transform(texts_of(train))
    coef, intercept = fit_linear(x, labels_of(train), cfg)
    return LinearTextModel.from_sklearn(vec, coef, intercept)


def fit_linear(x, y: np.ndarray, cfg: TrainConfig) -> tuple[np.ndarray, float]:
    """Weights and intercept of the configured learner on a TF-IDF matrix; NBSVM's feature scaling
    is folded into the weights (x·(r∘w) = (x∘r)·w), so every learner ships as one weight per feature."""
    if cfg.learner == "lr":
        m = LogisticRegression(C=cfg.C, solver="liblinear", class_weight="balanced", random_state=cfg.seed)
        m.fit(x, y)
        return np.ravel(m.coef_), float(m.intercept_[0])
    if cfg.learner == "svm":
        m = LinearSVC(C=cfg.C, random_state=cfg.seed).fit(x, y)
        return np.ravel(m.coef_), float(m.intercept_[0])
    if cfg.learner == "nbsvm":
        r = nb_ratio(x, y)
        m = LinearSVC(C=cfg.C, random_state=cfg.seed).fit(x.multiply(r).tocsr(), y)
        return np.ravel(m.coef_) * r, float(m.intercept_[0])
    raise ValueError(f"unknown learner {cfg.learner!r}: svm, nbsvm or lr")


def platt(decision: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: a, b with P(AI) = 1/(1+exp(-(a·decision+b))), fitted (unpenalised logistic
    regression) on out-of-fold decisions, so the probabilities come from documents the model did
    not see."""
    m = LogisticRegression(C=1e6, solver="lbfgs").fit(np.asarray(decision).reshape(-1, 1), y)
    return float(m.coef_[0, 0]), float(m.intercept_[0])


def calibrate(model: LinearTextModel, a: float, b: float) -> LinearTextModel:
    """Fold Platt's a, b into the weights: a·(x·w + c) + b = x·(a·w) + (a·c + b)."""
    return LinearTextModel(model.vocabulary, model.idf, model.coef * a, a * model.intercept + b,
                           model.ngram_range)


def nb_ratio(x, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Naive-Bayes log-count ratio per feature, log((p/|p|₁) / (q/|q|₁)) with p, q the smoothed
    feature sums over AI and non-AI documents (Wang & Manning 2012, NBSVM)."""
    y = np.asarray(y, bool)
    p = np.asarray(x[y].sum(axis=0)).ravel() + alpha
    q = np.asarray(x[~y].sum(axis=0)).ravel() + alpha
    return np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)


def fold_of(ident: str, seed: int, k: int) -> int:
    return int(hashlib.sha256(f"fold:{seed}:{ident}".encode()).hexdigest(), 16) % k


def out_of_fold(examples: Sequence[Example], extra: Sequence[Example], cfg: TrainConfig
                ) -> tuple[np.ndarray, np.ndarray]:
    """Raw decisions of each example (text, title) from a model that did not see it (k folds by id hash);
    ``extra`` is in every fold's training part."""
    text = np.zeros(len(examples))
    title = np.zeros(len(examples))
    folds = np.array([fold_of(e.id, cfg.seed, cfg.folds) for e in examples])
    for k in range(cfg.folds):
        held = np.flatnonzero(folds == k)
        part = [e for e, f in zip(examples, folds, strict=True) if f != k]
        m = fit(part + list(extra), cfg)
        text[held] = m.decision(texts_of([examples[i] for i in held]))
        title[held] = m.decision(titles_of([examples[i] for i in held]))
    return text, title


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(z, np.float64)))


def count_check(y: np.ndarray, probs: np.ndarray) -> dict:
    """The estimated number of positives (sum of probabilities, 95% interval) beside the true one."""
    value, low, high = estimate_count(probs)
    return {"true": int(np.sum(y)), "estimate": round(value, 1), "ci95": [round(low, 1), round(high, 1)],
            "thresholded": int(np.sum(probs >= 0.5))}


def logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return float(np.log(p / (1 - p)))


def evaluate(y: np.ndarray, scores: np.ndarray, threshold: float, n_boot: int = 1000,
             seed: int = 0) -> dict:
    pred = scores >= threshold
    p, r, f = prf(y, pred)
    return {"n": int(len(y)), "positives": int(y.sum()), "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f, 4), "ci95": bootstrap_prf(y, pred, n_boot, seed) if n_boot else None,
            "confusion": confusion(y, pred)}


def train_model(labelled: Sequence[str | Path], recent: Sequence[str | Path], cfg: TrainConfig,
                n_boot: int = 1000, limit: int | None = None) -> tuple[LinearTextModel, dict]:
    """Fit on the train splits; threshold from dev; figures from test. Returns (model, card)."""
    splits, pool = load_pool(labelled, cfg.seed, cfg.dev, cfg.test, limit)
    require_examples(splits, labelled)
    r_splits, r_pool = (load_pool(recent, cfg.seed, cfg.dev, cfg.test, limit) if recent
                        else ({s: [] for s in ("train", "dev", "test")}, Pool({})))
    # 0: no arXiv 2025-2026 paper in training (they still give the card's recent-papers figures)
    extra = recent_sample(r_splits["train"], cfg.max_recent_positives, cfg.seed) if cfg.max_recent_positives > 0 \
        else []
    dev, test = splits["dev"], splits["test"]
    if cfg.final_fit == "train+dev":
        dev = list(splits["train"]) + list(dev)
        d_text, d_title = out_of_fold(dev, extra, cfg)
        labelled_train = dev
        train = dev + extra
        raw = fit(train, cfg)
    else:
        labelled_train = list(splits["train"])
        train = labelled_train + extra
        raw = fit(train, cfg)
        d_text, d_title = raw.decision(texts_of(dev)), raw.decision(titles_of(dev))
    a, b = platt(d_text, labels_of(dev))
    model = calibrate(raw, a, b)
    oof_text, oof_title = _sigmoid(a * d_text + b), _sigmoid(a * d_title + b)
    thr = best_threshold(labels_of(dev), oof_text)
    thr_title = best_threshold(labels_of(dev), oof_title)
    test_p = model.proba(texts_of(test))
    card: dict = {
        "config": cfg.__dict__,
        "ai_categories": sorted(AI_CATEGORIES),
        "n_train": len(train),
        "n_train_labelled": len(labelled_train),
        "n_train_recent": len(extra),
        "n_dev": len(dev),
        "threshold_from": "5-fold out-of-fold scores on train+dev" if cfg.final_fit == "train+dev"
        else "dev split",
        "bad_lines": len(pool.bad) + len(r_pool.bad),
        "bootstrap": n_boot,
        "dropped_duplicates": pool.dropped + r_pool.dropped,
        "threshold": round(thr, 6),
        "threshold_title_only": round(thr_title, 6),
        "calibration": {"method": "Platt scaling folded into the weights", "a": round(a, 6), "b": round(b, 6),
                        "fitted_on": "out-of-fold decisions over the labelled train+dev documents"},
        "test": evaluate(labels_of(test), test_p, thr, n_boot),
        "reliability_test": reliability(labels_of(test), test_p),
        "count_test": count_check(labels_of(test), test_p),
        "test_title_only": evaluate(labels_of(test), model.proba(titles_of(test)), thr_title, n_boot),
        "dev": evaluate(labels_of(dev), oof_text, thr, 0),
    }
    rtest = r_splits["test"]
    if rtest:
        pos = [e for e in rtest if any(c in RECALL_CATEGORIES for c in e.categories)]
        neg = [e for e in rtest if not e.label]
        ai = [e for e in rtest if e.label]
        card["recent_test"] = {
            "n_lg_cv_cl": len(pos),
            "recall_lg_cv_cl": round(float(np.mean(model.proba(texts_of(pos)) >= thr)), 4) if pos else None,
            "recall_lg_cv_cl_title_only": round(float(np.mean(model.proba(titles_of(pos)) >= thr_title)), 4)
            if pos else None,
            "n_ai_rule": len(ai),
            "recall_ai_rule": round(float(np.mean(model.proba(texts_of(ai)) >= thr)), 4) if ai else None,
            "n_non_ai": len(neg),
            "false_positive_rate_non_ai": round(float(np.mean(model.proba(texts_of(neg)) >= thr)), 4)
            if neg else None,
            "full_test_split": evaluate(labels_of(rtest), model.proba(texts_of(rtest)), thr, n_boot),
        }
    return model, card


LEARNERS = {
    "svm": "linear SVM (liblinear, squared hinge)",
    "nbsvm": "linear SVM on naive-Bayes-scaled features (NBSVM)",
    "lr": "class-balanced logistic regression (liblinear)",
}


def model_version(model: LinearTextModel, area: str = "ai", learner: str = "lr") -> str:
    """``ai-tfidf-lr-<10 hex>`` (the earlier models' form), else ``AREA-tfidf-LEARNER-<10 hex>``."""
    return f"{area}-tfidf-{learner}-{model.digest()[:10]}"


def approach(cfg: TrainConfig) -> str:
    grams = "1-2-grams" if cfg.ngram_max == 2 else "1-grams"
    return (f"TF-IDF word {grams} (sublinear tf, L2) + {LEARNERS[cfg.learner]}, C={cfg.C:g},"
            " Platt-calibrated on out-of-fold scores")


def file_inputs(paths: Sequence[str | Path]) -> list[dict]:
    return [{"path": _display_path(p), "sha256": sha256_file(p), "bytes": Path(p).stat().st_size}
            for p in paths]


def _display_path(p: str | Path) -> str:
    """Paths relative to the shared data folder when they are in it, so cards do not leak home dirs."""
    p = Path(p).resolve()
    try:
        return "../shared/data/" + str(p.relative_to(SHARED_DATA.resolve()))
    except ValueError:
        return p.name


def model_files(area: str = "ai") -> tuple[str, str, str]:
    """The model, JSON card and Markdown card file names of an area."""
    return f"{area}_model.npz", f"{area}_model_card.json", f"{area}_model_card.md"


def write_model(model: LinearTextModel, card: dict, out_dir: str | Path, labelled: Sequence[str | Path],
                recent: Sequence[str | Path], command: str | None = None) -> dict:
    """Write AREA_model.npz, AREA_model_card.json and AREA_model_card.md into out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cfg = card["config"]
    area = card.get("area", "ai")
    npz, jcard, mdcard = model_files(area)
    model.save(out / npz)
    full = {
        "model_version": model_version(model, area, cfg["learner"]),
        "area": area,
        "model_sha256": model.digest(),
        "model_file": npz,
        "model_bytes": (out / npz).stat().st_size,
        "approach": approach(TrainConfig(**cfg)),
        "trained_on": dt.date.today().isoformat(),
        "command": command or "techties " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
        "inputs": file_inputs(list(labelled) + list(recent)),
        **card,
    }
    (out / jcard).write_text(json.dumps(full, indent=2) + "\n")
    (out / mdcard).write_text(card_markdown(full))
    return full


def _ci(m: dict, k: str) -> str:
    ci = (m.get("ci95") or {}).get(k)
    return f"{m[k]:.3f} ({ci[0]:.3f}–{ci[1]:.3f})" if ci else f"{m[k]:.3f}"


def card_markdown(card: dict) -> str:
    from techties.classify.areas import TITLES

    area = card.get("area", "ai")
    t, tt = card["test"], card["test_title_only"]
    lines = [
        f"# {TITLES.get(area, area)} relevance model `{card['model_version']}`",
        "",
        f"{card['approach']}. Trained {card['trained_on']} with:",
        "",
        f"    {card['command']}",
        "",
        f"| held-out test split | n ({area}) | precision | recall | F1 |",
        "| --- | --- | --- | --- | --- |",
        f"| title + abstract, threshold {card['threshold']:.4f} | {t['n']} ({t['positives']}) | "
        f"{_ci(t, 'precision')} | {_ci(t, 'recall')} | {_ci(t, 'f1')} |",
        f"| title only, threshold {card['threshold_title_only']:.4f} | {tt['n']} ({tt['positives']}) | "
        f"{_ci(tt, 'precision')} | {_ci(tt, 'recall')} | {_ci(tt, 'f1')} |",
        "",
        f"95% intervals: percentile bootstrap, {card.get('bootstrap', 1000):,} resamples of the test documents.",
        "",
    ]
    cal, rel, cnt = card.get("calibration"), card.get("reliability_test"), card.get("count_test")
    if cal and rel and cnt:
        lines += [
            f"Calibration: {cal['method']} (a={cal['a']:.4f}, b={cal['b']:.4f}), fitted on {cal['fitted_on']}."
            f" Reliability on the held-out test split (expected calibration error {rel['ece']:.4f}):",
            "",
            "| score bin | n | mean predicted | observed share |",
            "| --- | --- | --- | --- |",
            *[f"| {r['bin'][0]:.1f}–{r['bin'][1]:.1f} | {r['n']} | {r['mean_predicted']:.3f} | {r['observed']:.3f} |"
              for r in rel["bins"]],
            "",
            f"Count of {area} papers in the test split: true {cnt['true']}; sum of probabilities"
            f" {cnt['estimate']:.1f} (95% interval {cnt['ci95'][0]:.1f}–{cnt['ci95'][1]:.1f},"
            " `techties.classify.model.estimate_count`).",
            "",
        ]
    r = card.get("recent_test")
    if r:
        lines += [
            "arXiv listings 2025–2026 (test split by id, never trained on):",
            "",
            f"- recall on papers with cs.LG, cs.CV or cs.CL: {r['recall_lg_cv_cl']:.3f} (n={r['n_lg_cv_cl']});"
            f" title only {r['recall_lg_cv_cl_title_only']:.3f}",
            f"- recall on all papers the category rule calls AI: {r['recall_ai_rule']:.3f} (n={r['n_ai_rule']})",
            f"- share of non-AI-category papers scored AI: {r['false_positive_rate_non_ai']:.3f}"
            f" (n={r['n_non_ai']}; mostly neighbouring cs fields)",
            "",
        ]
    cv = card.get("cross_validation")
    if cv:
        lines += [f"Model choice: {cv['note']}", "", "| approach | CV precision | CV recall | CV F1 |",
                  "| --- | --- | --- | --- |",
                  *[f"| {row[0]} | {row[1]:.3f} | {row[2]:.3f} | {row[3]:.3f} |" for row in cv["rows"]], ""]
    cats = card.get("categories") or card.get("ai_categories")
    lines += [
        f"Area categories: {', '.join(cats)}.",
        f"Training documents: {card['n_train']} ({card['n_train_labelled']} labelled,"
        f" {card['n_train_recent']} added arXiv 2025–2026). Thresholds from {card['threshold_from']}"
        f" ({card['n_dev']} documents); the test split was used for nothing but these figures.",
        "",
        "| input | sha256 |",
        "| --- | --- |",
        *[f"| {i['path']} | `{i['sha256']}` |" for i in card["inputs"]],
        "",
    ]
    return "\n".join(lines)


# -- areas beyond AI --------------------------------------------------------------------------

ARXIV_FILES = [RECENT_FILE, SHARED_DATA / "arxiv-ai" / "arxiv_2007_all_fields.jsonl.gz"]


def area_config(**overrides) -> TrainConfig:
    """Areas: word 1-grams capped at 20,000 features keep each shipped file small (≈0.2 MB);
    linear SVM C=1 as for AI."""
    base = {"learner": "svm", "C": 1.0, "ngram_max": 1, "min_df": 3, "max_features": 20_000,
            "max_recent_positives": 0}
    return TrainConfig(**{**base, **overrides})


def load_area_pool(files: Iterable[str | Path], area: str, seed: int = 13, dev: float = 0.15,
                   test: float = 0.15, limit: int | None = None) -> tuple[dict[str, list[Example]], Pool]:
    """arXiv-layout documents labelled by the area's categories (documents without categories are
    dropped), split by id hash as for AI."""
    from techties.classify.areas import in_area

    bad: list[BadLine] = []
    examples: list[Example] = []
    for f in files:
        n = 0
        for ex in read_examples(f, bad):
            if ex.categories:
                examples.append(msgspec.structs.replace(ex, label=in_area(ex.categories, area)))
                n += 1
            if limit is not None and n >= limit:
                break
    splits, dropped = split_examples(examples, seed, dev, test)
    return splits, Pool(splits, bad, dropped)


@dataclass
class AreaData:
    """Documents and TF-IDF features shared by every area (the features do not depend on the area)."""

    dev: list[Example]
    test: list[Example]
    vec: TfidfVectorizer
    x: Any
    xt: Any
    bad: int
    dropped: int


def prepare_area_data(files: Sequence[str | Path], cfg: TrainConfig, limit: int | None = None) -> AreaData:
    """Read and split the arXiv files once; fit the vocabulary and idf on train+dev (unsupervised:
    no label is seen), so the folds refit only the learner."""
    splits, pool = load_area_pool(files, "ai", cfg.seed, cfg.dev, cfg.test, limit)
    require_examples(splits, files, both_classes=False)  # each area labels the papers by its own categories
    dev = splits["train"] + splits["dev"]
    vec = TfidfVectorizer(ngram_range=(1, cfg.ngram_max), min_df=cfg.min_df, sublinear_tf=True,
                          token_pattern=TOKEN_PATTERN, dtype=np.float32, max_features=cfg.max_features)
    x = vec.fit_transform(texts_of(dev))
    return AreaData(dev, splits["test"], vec, x, vec.transform(titles_of(dev)), len(pool.bad), pool.dropped)


def train_area(files: Sequence[str | Path], area: str, cfg: TrainConfig, n_boot: int = 1000,
               limit: int | None = None, data: AreaData | None = None) -> tuple[LinearTextModel, dict]:
    """One area's model: k-fold out-of-fold scores over train+dev give Platt's a, b and the
    thresholds; the final fit is on train+dev; the test split only gives the card's figures."""
    from techties.classify.areas import AREAS, in_area

    d = data or prepare_area_data(files, cfg, limit)
    dev, test, x, xt = d.dev, d.test, d.x, d.xt
    y = np.array([in_area(e.categories, area) for e in dev])
    if y.sum() < cfg.folds or (~y).sum() < cfg.folds:
        raise ValueError(f"area {area!r}: too few positive or negative documents to train ({int(y.sum())} positive)")
    folds = np.array([fold_of(e.id, cfg.seed, cfg.folds) for e in dev])
    d_text, d_title = np.zeros(len(dev)), np.zeros(len(dev))
    for k in range(cfg.folds):
        held, part = folds == k, folds != k
        w, c = fit_linear(x[part], y[part], cfg)
        d_text[held], d_title[held] = x[held] @ w + c, xt[held] @ w + c
    w, c = fit_linear(x, y, cfg)
    a, b = platt(d_text, y)
    model = calibrate(LinearTextModel.from_sklearn(d.vec, w, c), a, b)
    oof_text, oof_title = _sigmoid(a * d_text + b), _sigmoid(a * d_title + b)
    thr, thr_title = best_threshold(y, oof_text), best_threshold(y, oof_title)
    test_p = model.proba(texts_of(test))
    yt = np.array([in_area(e.categories, area) for e in test])
    card = {
        "config": cfg.__dict__, "area": area, "categories": list(AREAS[area]),
        "n_train": len(dev), "n_train_labelled": len(dev), "n_train_recent": 0, "n_dev": len(dev),
        "n_train_positive": int(y.sum()),
        "threshold_from": f"{cfg.folds}-fold out-of-fold scores on train+dev",
        "bad_lines": d.bad, "dropped_duplicates": d.dropped, "bootstrap": n_boot,
        "threshold": round(thr, 6), "threshold_title_only": round(thr_title, 6),
        "calibration": {"method": "Platt scaling folded into the weights", "a": round(a, 6), "b": round(b, 6),
                        "fitted_on": "out-of-fold decisions over the train+dev documents"},
        "test": evaluate(yt, test_p, thr, n_boot),
        "reliability_test": reliability(yt, test_p),
        "count_test": count_check(yt, test_p),
        "test_title_only": evaluate(yt, model.proba(titles_of(test)), thr_title, n_boot),
        "dev": evaluate(y, oof_text, thr, 0),
    }
    return model, card
