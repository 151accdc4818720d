"""The shipped AI-relevance classifier: load it offline, score documents, write warehouse scores.

One score scale for every method, so that one threshold (the model card's, or ``--ai-threshold``)
means the same thing for all rows of ``ai_scores``:

* ``title+abstract``: the model's probability;
* ``title-only``: the model's probability on the title, shifted in logit space by the difference
  between the title-only and the full-text thresholds (both chosen on the dev split);
* ``keywords-zh`` / ``keywords-ru``: 0 without a term, above the threshold with one or more.

``label`` is always ``score >= threshold``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np

from techties.classify.data import join_text
from techties.classify.keywords import score_keywords, script_of
from techties.classify.linear import LinearTextModel

METHODS = ("title+abstract", "title-only", "keywords-zh", "keywords-ru")


def _logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(np.asarray(p, np.float64), 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


@dataclass
class Scored:
    scores: np.ndarray
    labels: np.ndarray
    methods: list[str]


class AIClassifier:
    """The linear text model with its threshold, version and the keyword methods."""

    def __init__(self, model: LinearTextModel, card: dict[str, Any]):
        self.model = model
        self.card = card
        self.version: str = card["model_version"]
        self.area: str = card.get("area", "ai")
        self.threshold: float = float(card["threshold"])
        self.threshold_title_only: float = float(card.get("threshold_title_only", self.threshold))
        self._title_shift = float(_logit(self.threshold) - _logit(self.threshold_title_only))

    def method_of(self, title: str | None, abstract: str | None, language: str | None = None) -> str:
        """Which method reads this document: the script of its text decides, the language tag helps
        only when the text has no letters to judge by."""
        text = f"{title or ''} {abstract or ''}"
        script = script_of(text)
        if script == "latin" and language in ("zh", "ru") and not text.strip():
            script = language
        if script in ("zh", "ru") and self.area == "ai":  # keyword lists exist for AI only
            return f"keywords-{script}"
        return "title+abstract" if (abstract or "").strip() else "title-only"

    def classify(self, titles: Sequence[str | None], abstracts: Sequence[str | None] | None = None,
                 languages: Sequence[str | None] | None = None) -> Scored:
        n = len(titles)
        abstracts = abstracts if abstracts is not None else [None] * n
        languages = languages if languages is not None else [None] * n
        if not (len(abstracts) == len(languages) == n):
            raise ValueError("titles, abstracts and languages must have the same length")
        methods = [self.method_of(t, a, lang) for t, a, lang in zip(titles, abstracts, languages, strict=True)]
        scores = np.zeros(n, np.float64)
        for method in METHODS:
            idx = [i for i, m in enumerate(methods) if m == method]
            if not idx:
                continue
            if method == "title+abstract":
                scores[idx] = self.model.proba([join_text(titles[i] or "", abstracts[i] or "") for i in idx])
            elif method == "title-only":
                p = self.model.proba([join_text(titles[i] or "", "") for i in idx])
                scores[idx] = 1.0 / (1.0 + np.exp(-(_logit(p) + self._title_shift)))
            else:
                lang = method.rsplit("-", 1)[1]
                scores[idx] = score_keywords([f"{titles[i] or ''} {abstracts[i] or ''}" for i in idx], lang,
                                             self.threshold)
        return Scored(scores, scores >= self.threshold, methods)

    def score(self, titles: Sequence[str | None], abstracts: Sequence[str | None] | None = None,
              languages: Sequence[str | None] | None = None) -> np.ndarray:
        """AI-relevance scores in [0, 1]; ``score >= self.threshold`` is the AI label."""
        return self.classify(titles, abstracts, languages).scores


def estimate_count(probs: Sequence[float] | np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Expected number of positive documents in a set, with an interval: (value, low, high).

    With calibrated probabilities p_i the count is a sum of independent Bernoulli(p_i): its mean is
    Σp_i and its variance Σp_i(1−p_i) (Poisson-binomial). The interval is the normal approximation,
    clipped to [0, n]. It covers the chance in which documents are positive given the scores, not a
    drift of calibration away from the data it was fitted on (see the model card's count check)."""
    p = np.clip(np.asarray(probs, np.float64), 0.0, 1.0)
    if p.ndim != 1:
        raise ValueError("probs must be one-dimensional")
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    value = float(p.sum())
    sd = float(np.sqrt(np.sum(p * (1 - p))))
    z = float(NormalDist().inv_cdf(0.5 + level / 2))
    return value, max(0.0, value - z * sd), min(float(len(p)), value + z * sd)


def default_model_dir() -> Path:
    return Path(str(resources.files("techties.models")))


def load_model(model_dir: str | Path | None = None, area: str = "ai") -> AIClassifier:
    """Load an area's model shipped in techties/models (or another folder): local files only, no
    network. Raises FileNotFoundError when the area has no trained model there."""
    d = Path(model_dir) if model_dir is not None else default_model_dir()
    card_path = d / f"{area}_model_card.json"
    if not card_path.exists():
        raise FileNotFoundError(f"no model for area {area!r} in {d}: run `techties classify train --area {area}`")
    card = json.loads(card_path.read_text())
    return AIClassifier(LinearTextModel.load(d / card.get("model_file", f"{area}_model.npz")), card)


def trained_areas(model_dir: str | Path | None = None) -> list[str]:
    """Areas with a model card in the folder (the shipped models by default)."""
    d = Path(model_dir) if model_dir is not None else default_model_dir()
    return sorted(p.name[: -len("_model_card.json")] for p in d.glob("*_model_card.json"))
