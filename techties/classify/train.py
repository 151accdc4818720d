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

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

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
from techties.classify.metrics import best_threshold, bootstrap_prf, confusion, prf

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
    C: float = 20.0  # best dev-split F1 of C in {5, 10, 20, 50, 100}
    min_df: int = 2
    ngram_max: int = 2
    max_recent_positives: int = 1500  # arXiv-format AI papers added to training (vocabulary drift)
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
    """TF-IDF word 1..n-grams + class-balanced logistic regression (liblinear: deterministic)."""
    vec = TfidfVectorizer(ngram_range=(1, cfg.ngram_max), min_df=cfg.min_df, sublinear_tf=True,
                          token_pattern=TOKEN_PATTERN, dtype=np.float32, max_features=cfg.max_features)
    x = vec.fit_transform(texts_of(train))
    clf = LogisticRegression(C=cfg.C, solver="liblinear", class_weight="balanced", random_state=cfg.seed)
    clf.fit(x, labels_of(train))
    return LinearTextModel.from_sklearn(vec, clf.coef_, clf.intercept_[0])


def fold_of(ident: str, seed: int, k: int) -> int:
    return int(hashlib.sha256(f"fold:{seed}:{ident}".encode()).hexdigest(), 16) % k


def out_of_fold(examples: Sequence[Example], extra: Sequence[Example], cfg: TrainConfig
                ) -> tuple[np.ndarray, np.ndarray]:
    """Scores of each example (text, title) from a model that did not see it (k folds by id hash);
    ``extra`` is in every fold's training part."""
    text = np.zeros(len(examples))
    title = np.zeros(len(examples))
    folds = np.array([fold_of(e.id, cfg.seed, cfg.folds) for e in examples])
    for k in range(cfg.folds):
        held = np.flatnonzero(folds == k)
        part = [e for e, f in zip(examples, folds, strict=True) if f != k]
        m = fit(part + list(extra), cfg)
        text[held] = m.proba(texts_of([examples[i] for i in held]))
        title[held] = m.proba(titles_of([examples[i] for i in held]))
    return text, title


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
    r_splits, r_pool = (load_pool(recent, cfg.seed, cfg.dev, cfg.test, limit) if recent
                        else ({s: [] for s in ("train", "dev", "test")}, Pool({})))
    extra = recent_sample(r_splits["train"], cfg.max_recent_positives, cfg.seed)
    dev, test = splits["dev"], splits["test"]
    if cfg.final_fit == "train+dev":
        dev = list(splits["train"]) + list(dev)
        oof_text, oof_title = out_of_fold(dev, extra, cfg)
        labelled_train = dev
        train = dev + extra
        model = fit(train, cfg)
    else:
        labelled_train = list(splits["train"])
        train = labelled_train + extra
        model = fit(train, cfg)
        oof_text, oof_title = model.proba(texts_of(dev)), model.proba(titles_of(dev))
    thr = best_threshold(labels_of(dev), oof_text)
    thr_title = best_threshold(labels_of(dev), oof_title)
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
        "dropped_duplicates": pool.dropped + r_pool.dropped,
        "threshold": round(thr, 6),
        "threshold_title_only": round(thr_title, 6),
        "test": evaluate(labels_of(test), model.proba(texts_of(test)), thr, n_boot),
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


def model_version(model: LinearTextModel) -> str:
    return f"ai-tfidf-lr-{model.digest()[:10]}"


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


def write_model(model: LinearTextModel, card: dict, out_dir: str | Path, labelled: Sequence[str | Path],
                recent: Sequence[str | Path], command: str | None = None) -> dict:
    """Write ai_model.npz, ai_model_card.json and ai_model_card.md into out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save(out / "ai_model.npz")
    full = {
        "model_version": model_version(model),
        "model_sha256": model.digest(),
        "model_file": "ai_model.npz",
        "model_bytes": (out / "ai_model.npz").stat().st_size,
        "approach": "TF-IDF word 1-2-grams (sublinear tf, L2) + class-balanced logistic regression (liblinear)",
        "trained_on": dt.date.today().isoformat(),
        "command": command or "techties " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
        "inputs": file_inputs(list(labelled) + list(recent)),
        **card,
    }
    (out / "ai_model_card.json").write_text(json.dumps(full, indent=2) + "\n")
    (out / "ai_model_card.md").write_text(card_markdown(full))
    return full


def _ci(m: dict, k: str) -> str:
    ci = (m.get("ci95") or {}).get(k)
    return f"{m[k]:.3f} ({ci[0]:.3f}–{ci[1]:.3f})" if ci else f"{m[k]:.3f}"


def card_markdown(card: dict) -> str:
    t, tt = card["test"], card["test_title_only"]
    lines = [
        f"# AI relevance model `{card['model_version']}`",
        "",
        f"{card['approach']}. Trained {card['trained_on']} with:",
        "",
        f"    {card['command']}",
        "",
        "| held-out test split | n (AI) | precision | recall | F1 |",
        "| --- | --- | --- | --- | --- |",
        f"| title + abstract, threshold {card['threshold']:.4f} | {t['n']} ({t['positives']}) | "
        f"{_ci(t, 'precision')} | {_ci(t, 'recall')} | {_ci(t, 'f1')} |",
        f"| title only, threshold {card['threshold_title_only']:.4f} | {tt['n']} ({tt['positives']}) | "
        f"{_ci(tt, 'precision')} | {_ci(tt, 'recall')} | {_ci(tt, 'f1')} |",
        "",
        "95% intervals: percentile bootstrap, 1,000 resamples of the test documents.",
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
    lines += [
        f"AI categories: {', '.join(card['ai_categories'])}.",
        f"Training documents: {card['n_train']} ({card['n_train_labelled']} labelled 2010–2019,"
        f" {card['n_train_recent']} arXiv 2025–2026). Thresholds from {card['threshold_from']}"
        f" ({card['n_dev']} labelled documents); the test split was used for nothing but these figures.",
        "",
        "| input | sha256 |",
        "| --- | --- |",
        *[f"| {i['path']} | `{i['sha256']}` |" for i in card["inputs"]],
        "",
    ]
    return "\n".join(lines)
