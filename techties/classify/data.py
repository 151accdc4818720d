"""Readers for the classifier's inputs: labelled examples and arXiv metadata.

Two layouts are read, both JSON Lines, plain or gzip:

* labelled (georgetown-cset/ai-relevant-papers): ``{"label": "True"|"False", "text": "title. abstract",
  "meta": {"id": …, "year": …}}`` — the text is already lower-cased title + abstract;
* arXiv metadata (the public snapshot and arxiv-recent listings): ``{"id", "categories", "title",
  "abstract"}`` where ``categories`` is a space-separated string (snapshot) or a list (listings). The
  label comes from the categories through :data:`AI_CATEGORIES`.

A line that cannot be used is reported (file and line number) and skipped; nothing else is lost.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import msgspec

# arXiv categories that make a paper "AI" (see docs/classifier.md for the reasons): the rule the
# labelled training data follows as far as its examples show — cs.AI, cs.LG, cs.CV, cs.CL, cs.RO,
# cs.MA and stat.ML (sparse-PCA and lasso theory papers are labelled AI). cs.NE is left out: the
# labelled data calls "Neural Turing Machines" (arXiv 1410.5401, cs.NE only) not-AI, and one rule
# must serve both inputs. cs.IR, eess.IV/eess.AS and cs.HC are left out too: much of them is not AI.
AI_CATEGORIES: frozenset[str] = frozenset(
    {"cs.AI", "cs.LG", "cs.CV", "cs.CL", "cs.RO", "cs.MA", "stat.ML"}
)


class Example(msgspec.Struct, kw_only=True, frozen=True):
    """One document with its label (None when the input carries none)."""

    id: str
    title: str
    abstract: str
    label: bool | None
    year: int | None = None
    categories: tuple[str, ...] = ()
    source: str = ""  # file name it came from
    line: int = 0


class BadLine(msgspec.Struct, kw_only=True, frozen=True):
    file: str
    line: int
    error: str


_NON_WORD = re.compile(r"[^\w.]+")
_DOTS = re.compile(r"\.(?!\w)")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case, punctuation to spaces (sentence dots kept), like the labelled data's text,
    so that arXiv-format and labelled-format documents look alike to the model."""
    t = _NON_WORD.sub(" ", text.lower())
    t = _DOTS.sub(". ", t)
    return _SPACES.sub(" ", t).strip()


def join_text(title: str, abstract: str) -> str:
    """The model's input: "title. abstract" lower-cased; the title alone when there is no abstract.

    Punctuation needs no removal: the model's tokens are runs of two or more word characters, so
    "core-softened" and the labelled data's "core softened" give the same tokens."""
    title = (title or "").strip().rstrip(".")
    abstract = (abstract or "").strip()
    return (f"{title}. {abstract}" if abstract else title).lower()


def split_labelled_text(text: str) -> tuple[str, str]:
    """Split a labelled-format text ("title. abstract") into title and abstract.

    The title ends at the first ". "; titles with an inner ". " are cut short (rare in arXiv)."""
    head, sep, tail = text.partition(". ")
    return (head, tail) if sep else (text, "")


def is_ai_categories(categories: list[str] | tuple[str, ...] | str) -> bool:
    cats = categories.split() if isinstance(categories, str) else categories
    return any(c in AI_CATEGORIES for c in cats)


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def _parse_label(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(f"label must be True/False, got {value!r}")


def parse_record(obj: object, source: str = "", line: int = 0) -> Example:
    """One JSON object in either layout to an Example; raises ValueError when unusable."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    if "text" in obj:  # labelled layout
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValueError("empty or missing 'text'")
        meta = obj.get("meta") or {}
        if not isinstance(meta, dict):
            raise ValueError("'meta' is not an object")
        ident = meta.get("id") or obj.get("id")
        if not ident:
            raise ValueError("missing meta.id")
        label = _parse_label(obj["label"]) if obj.get("label") is not None else None
        title, abstract = split_labelled_text(text)
        year = meta.get("year")
        return Example(id=str(ident), title=title, abstract=abstract, label=label,
                       year=int(year) if isinstance(year, int | str) and str(year).isdigit() else None,
                       source=source, line=line)
    if "title" in obj or "abstract" in obj:  # arXiv metadata layout
        ident = obj.get("id")
        title = obj.get("title") or ""
        abstract = obj.get("abstract") or ""
        if not ident:
            raise ValueError("missing 'id'")
        if not isinstance(title, str) or not isinstance(abstract, str) or not (title.strip() or abstract.strip()):
            raise ValueError("empty or non-text 'title'/'abstract'")
        cats = obj.get("categories")
        categories: tuple[str, ...] = ()
        if isinstance(cats, str):
            categories = tuple(cats.split())
        elif isinstance(cats, list):
            categories = tuple(str(c) for c in cats)
        label: bool | None
        if "label" in obj and obj["label"] is not None:
            label = _parse_label(obj["label"])
        else:
            label = is_ai_categories(categories) if categories else None
        year = _arxiv_year(str(ident), obj)
        return Example(id=str(ident), title=title, abstract=abstract, label=label, year=year,
                       categories=categories, source=source, line=line)
    raise ValueError("neither labelled ('text') nor arXiv ('title'/'abstract') layout")


def _arxiv_year(ident: str, obj: dict) -> int | None:
    """Year from listed_on/update_date, else from a new-style arXiv id (YYMM.NNNNN)."""
    for key in ("listed_on", "update_date", "published"):
        v = obj.get(key)
        if isinstance(v, str) and v[:4].isdigit():
            return int(v[:4])
    m = re.match(r"^(\d{2})(\d{2})\.\d{4,5}", ident)
    return 2000 + int(m.group(1)) if m else None


def read_examples(path: str | Path, bad: list[BadLine] | None = None) -> Iterator[Example]:
    """Yield the usable documents of a JSON Lines file; unusable lines go to ``bad``."""
    path = Path(path)
    with _open_text(path) as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield parse_record(json.loads(raw), source=path.name, line=n)
            except (ValueError, KeyError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
                if bad is not None:
                    bad.append(BadLine(file=str(path), line=n, error=str(exc)[:200]))


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- splits -------------------------------------------------------------------------------

SPLITS = ("train", "dev", "test")


def split_of(ident: str, seed: int = 13, dev: float = 0.15, test: float = 0.15) -> str:
    """train / dev / test from a hash of the arXiv id and the seed: stable across runs, files and
    machines, and the same paper always falls in the same split whichever file it comes from."""
    digest = hashlib.sha256(f"{seed}:{ident.strip().lower()}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    if u < test:
        return "test"
    if u < test + dev:
        return "dev"
    return "train"


def split_examples(
    examples: list[Example], seed: int = 13, dev: float = 0.15, test: float = 0.15
) -> tuple[dict[str, list[Example]], int]:
    """Assign each example to a split by id; drop repeated ids and repeated texts (the first seen
    is kept) so that no paper and no identical text is in two splits. Returns (splits, n_dropped)."""
    out: dict[str, list[Example]] = {s: [] for s in SPLITS}
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    dropped = 0
    for ex in examples:
        key = normalise(join_text(ex.title, ex.abstract))
        if ex.id in seen_ids or key in seen_texts:
            dropped += 1
            continue
        seen_ids.add(ex.id)
        seen_texts.add(key)
        out[split_of(ex.id, seed, dev, test)].append(ex)
    return out, dropped
