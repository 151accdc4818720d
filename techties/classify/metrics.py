"""Precision / recall / F1, the dev-split threshold and bootstrap confidence intervals."""

from __future__ import annotations

import numpy as np


def confusion(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, int]:
    y_true = np.asarray(y_true, bool)
    y_pred = np.asarray(y_pred, bool)
    return {
        "tp": int(np.sum(y_true & y_pred)),
        "fp": int(np.sum(~y_true & y_pred)),
        "fn": int(np.sum(y_true & ~y_pred)),
        "tn": int(np.sum(~y_true & ~y_pred)),
    }


def prf(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall, F1 of the positive class (0.0 where undefined)."""
    c = confusion(y_true, y_pred)
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def best_threshold(y_true: np.ndarray, scores: np.ndarray) -> float:
    """The score cut that maximises F1 (ties: the lowest cut), halfway between two scores."""
    y_true = np.asarray(y_true, bool)
    order = np.argsort(-scores, kind="stable")
    s = scores[order]
    y = y_true[order]
    tp = np.cumsum(y)
    fp = np.cumsum(~y)
    pos = y.sum()
    f1 = 2 * tp / (tp + fp + pos)
    # only cut where the next score differs, so the threshold separates the two
    valid = np.append(s[:-1] > s[1:], True)
    f1 = np.where(valid, f1, -1)
    i = int(np.argmax(f1))
    return float((s[i] + s[i + 1]) / 2) if i + 1 < len(s) else float(s[i])


def bootstrap_prf(
    y_true: np.ndarray, y_pred: np.ndarray, n: int = 1000, seed: int = 0
) -> dict[str, list[float]]:
    """95% percentile intervals of P, R and F1 from resampling the documents with replacement."""
    y_true = np.asarray(y_true, bool)
    y_pred = np.asarray(y_pred, bool)
    rng = np.random.default_rng(seed)
    m = len(y_true)
    out: dict[str, list[float]] = {"precision": [], "recall": [], "f1": []}
    for _ in range(n):
        idx = rng.integers(0, m, m)
        p, r, f = prf(y_true[idx], y_pred[idx])
        out["precision"].append(p)
        out["recall"].append(r)
        out["f1"].append(f)
    return {k: [round(float(np.percentile(v, 2.5)), 4), round(float(np.percentile(v, 97.5)), 4)]
            for k, v in out.items()}


def reliability(y_true: np.ndarray, probs: np.ndarray, bins: int = 10) -> dict:
    """Reliability curve: per equal-width probability bin, the documents, their mean predicted
    probability and the share that is truly positive; ECE = the n-weighted mean gap."""
    y_true = np.asarray(y_true, bool)
    probs = np.asarray(probs, np.float64)
    idx = np.minimum((probs * bins).astype(int), bins - 1)
    rows = []
    ece = 0.0
    for k in range(bins):
        m = idx == k
        n = int(m.sum())
        if not n:
            continue
        mp, obs = float(probs[m].mean()), float(y_true[m].mean())
        ece += n * abs(mp - obs)
        rows.append({"bin": [k / bins, (k + 1) / bins], "n": n, "mean_predicted": round(mp, 4),
                     "observed": round(obs, 4)})
    return {"bins": rows, "ece": round(ece / max(len(probs), 1), 4)}
