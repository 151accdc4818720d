"""A TF-IDF + linear model stored as plain arrays (numpy .npz, no pickle).

Persisting coefficients, idf weights and the vocabulary as arrays keeps the shipped file small,
loadable without executing code, and readable by anything that reads .npz. Scoring rebuilds the
sklearn TfidfVectorizer arithmetic (counts -> sublinear tf -> idf -> L2 -> dot product); a test
checks it gives the same scores as the fitted sklearn objects.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from itertools import chain, repeat
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # sklearn's default: words of two or more characters
_TOKEN = re.compile(TOKEN_PATTERN)


def _indexes(vocabulary: Sequence[str]) -> tuple[dict[str, int], dict[int, int]]:
    """Word -> column, and (word column * n + word column) -> pair column.

    A pair whose words are not both in the vocabulary cannot be looked up this way: that happens
    only when max_features cut the vocabulary, and is refused rather than scored wrongly."""
    index: dict[str, int] = {}
    for i, t in enumerate(vocabulary):
        if " " not in t:
            index[t] = i
    n = len(vocabulary)
    pairs: dict[int, int] = {}
    orphans: list[tuple[int, str, str]] = []
    for i, t in enumerate(vocabulary):
        if " " in t:
            a, b = t.split(" ", 1)
            if a in index and b in index:
                pairs[index[a] * n + index[b]] = i
            else:
                orphans.append((i, a, b))
    if orphans:
        raise ValueError(f"{len(orphans)} word pairs whose words are not in the vocabulary (e.g. "
                         f"{orphans[0][1]!r} {orphans[0][2]!r}): train without max_features truncation")
    return index, pairs


class LinearTextModel:
    """Word n-gram TF-IDF features and a logistic-regression weight per feature."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray, coef: np.ndarray, intercept: float,
                 ngram_range: tuple[int, int] = (1, 2)):
        if not (len(vocabulary) == len(idf) == len(coef)):
            raise ValueError("vocabulary, idf and coef must have the same length")
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, np.float32)
        self.coef = np.asarray(coef, np.float32)
        self.intercept = float(intercept)
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        if self.ngram_range[0] != 1 or self.ngram_range[1] > 2:
            raise ValueError("only word 1-grams or 1-2-grams are supported")
        self._index, pairs = _indexes(self.vocabulary)
        self._pair_keys = np.fromiter(sorted(pairs), np.int64, len(pairs))
        self._pair_cols = np.fromiter((pairs[k] for k in self._pair_keys.tolist()), np.int64, len(pairs))

    @classmethod
    def from_sklearn(cls, vectorizer: TfidfVectorizer, coef: np.ndarray, intercept: float) -> LinearTextModel:
        """Take the arrays out of a fitted TfidfVectorizer(sublinear_tf=True) and linear model."""
        if not vectorizer.sublinear_tf or vectorizer.norm != "l2" or not vectorizer.use_idf:
            raise ValueError("expects TfidfVectorizer(sublinear_tf=True, norm='l2', use_idf=True)")
        vocab = vectorizer.get_feature_names_out()
        return cls(list(vocab), vectorizer.idf_, np.ravel(coef), float(np.ravel([intercept])[0]),
                   vectorizer.ngram_range)

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Word and word-pair counts over the vocabulary, exactly as sklearn's CountVectorizer counts
        them (same tokens, same pairs), but for a whole batch at once: words are looked up with
        dict.get at C speed and pairs by their two word columns with a sorted-array search, which is
        several times faster on real abstracts, where most pairs are unknown."""
        toks = [_TOKEN.findall(t.lower()) for t in texts]
        lens = np.fromiter(map(len, toks), np.int64, len(toks))
        flat = list(chain.from_iterable(toks))
        uni = np.fromiter(map(self._index.get, flat, repeat(-1)), np.int64, len(flat))
        doc = np.repeat(np.arange(len(toks), dtype=np.int64), lens)
        known = uni >= 0
        rows, cols = [doc[known]], [uni[known]]
        if self.ngram_range[1] == 2 and len(uni) > 1 and len(self._pair_keys):
            a, b = uni[:-1], uni[1:]
            ok = (doc[:-1] == doc[1:]) & (a >= 0) & (b >= 0)
            keys = a[ok] * len(self.vocabulary) + b[ok]
            pos = np.minimum(np.searchsorted(self._pair_keys, keys), len(self._pair_keys) - 1)
            hit = self._pair_keys[pos] == keys
            rows.append(doc[:-1][ok][hit])
            cols.append(self._pair_cols[pos[hit]])
        r, c = np.concatenate(rows), np.concatenate(cols)
        x = sparse.csr_matrix((np.ones(len(r), np.float32), (r, c)), shape=(len(toks), len(self.vocabulary)))
        x.sum_duplicates()
        return x

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        x = self.counts(texts)
        np.log(x.data, out=x.data)
        x.data += 1.0
        x = x.multiply(self.idf).tocsr()
        return normalize(x, norm="l2", copy=False)

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        return self.features(texts) @ self.coef + self.intercept

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(texts)))

    # -- persistence ----------------------------------------------------------------------
    def arrays(self) -> dict[str, np.ndarray]:
        blob = "\n".join(self.vocabulary).encode("utf-8")
        return {
            "vocabulary_utf8": np.frombuffer(blob, np.uint8),
            "idf": self.idf,
            "coef": self.coef,
            "intercept": np.array([self.intercept], np.float64),
            "ngram_range": np.array(self.ngram_range, np.int64),
        }

    def digest(self) -> str:
        """sha256 over the arrays: same data + same seed -> same digest."""
        h = hashlib.sha256()
        for k, v in sorted(self.arrays().items()):
            h.update(k.encode())
            h.update(np.ascontiguousarray(v).tobytes())
        return h.hexdigest()

    def save(self, path: str | Path) -> None:
        buf = io.BytesIO()
        np.savez_compressed(buf, **self.arrays())
        Path(path).write_bytes(buf.getvalue())

    @classmethod
    def load(cls, path: str | Path) -> LinearTextModel:
        with np.load(path, allow_pickle=False) as z:
            vocab = z["vocabulary_utf8"].tobytes().decode("utf-8").split("\n")
            return cls(vocab, z["idf"], z["coef"], float(z["intercept"][0]), tuple(z["ngram_range"]))
