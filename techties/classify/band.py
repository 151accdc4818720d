"""The uncertain band: which documents the precise model re-scores, and how its score is combined.

Pure numpy, no torch: the band and the fusion weights are numbers in the precise model's card,
chosen on out-of-fold scores over the training documents (never the held-out test split).

* A document is *in the band* when the default model's calibrated probability p lies in
  ``[lo, hi]`` (both ends included). Only those are read by the transformer, so the cost of the
  precise path is the band's share of the works times the transformer's cost per document.
* In the band the score becomes the *fused* probability ``σ(w_d·logit(p) + w_p·logit(q) + b)``, with
  q the transformer's own probability: a two-feature logistic regression (stacking) fitted on the
  out-of-fold scores, so it is calibrated like the default model's p.
* Outside the band the default score stays. One threshold (the default model's) labels both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from techties.classify.metrics import prf


def logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(np.asarray(p, np.float64), 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(z, np.float64)))


@dataclass(frozen=True)
class Fusion:
    """Stacking weights: fused logit = w_default·logit(p) + w_precise·logit(q) + bias."""

    w_default: float
    w_precise: float
    bias: float

    def __call__(self, p_default: np.ndarray, q_precise: np.ndarray) -> np.ndarray:
        return sigmoid(self.w_default * logit(p_default) + self.w_precise * logit(q_precise) + self.bias)


def fit_fusion(y: np.ndarray, p_default: np.ndarray, q_precise: np.ndarray) -> Fusion:
    """Unpenalised logistic regression of the label on the two logits (out-of-fold scores only:
    in-sample scores would make the transformer look surer than it is)."""
    from sklearn.linear_model import LogisticRegression

    x = np.column_stack([logit(p_default), logit(q_precise)])
    m = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000).fit(x, np.asarray(y, bool))
    return Fusion(float(m.coef_[0, 0]), float(m.coef_[0, 1]), float(m.intercept_[0]))


def in_band(p_default: np.ndarray, band: tuple[float, float]) -> np.ndarray:
    lo, hi = band
    p = np.asarray(p_default, np.float64)
    return (p >= lo) & (p <= hi)


def banded_scores(p_default: np.ndarray, p_fused: np.ndarray, band: tuple[float, float]) -> np.ndarray:
    """The default score outside the band, the fused one inside it."""
    return np.where(in_band(p_default, band), p_fused, p_default)


@dataclass(frozen=True)
class BandChoice:
    band: tuple[float, float]
    f1: float
    share: float  # share of the documents in the band


def choose_band(y: np.ndarray, p_default: np.ndarray, p_fused: np.ndarray, threshold: float,
                los: Sequence[float], his: Sequence[float], max_share: float = 1.0) -> BandChoice:
    """The band [lo, hi] (lo ≤ threshold ≤ hi, from the candidate ends) whose mixed labels have the
    highest F1; ties go to the band with the smaller share (cheaper), then to the lower lo.
    Bands holding more than ``max_share`` of the documents are not considered. The empty choice
    (no re-scoring) is always a candidate, written as (threshold, threshold) with its own F1."""
    y = np.asarray(y, bool)
    p = np.asarray(p_default, np.float64)
    base_f1 = prf(y, p >= threshold)[2]
    best = BandChoice((threshold, threshold), base_f1, float(np.mean(in_band(p, (threshold, threshold)))))
    best_key = (round(best.f1, 12), -best.share, 0.0)
    for lo in sorted(los):
        for hi in sorted(his):
            if not lo <= threshold <= hi:
                continue
            m = in_band(p, (lo, hi))
            share = float(m.mean()) if len(m) else 0.0
            if share > max_share:
                continue
            f1 = prf(y, np.where(m, p_fused, p) >= threshold)[2]
            key = (round(f1, 12), -share, -lo)
            if key > best_key:
                best, best_key = BandChoice((float(lo), float(hi)), f1, share), key
    return best
