"""Run the classifier over files (eval, score to CSV) and over the warehouse (ai_scores)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import pyarrow as pa

from techties.classify.areas import in_area
from techties.classify.data import BadLine, Example, read_examples
from techties.classify.metrics import confusion, prf
from techties.classify.model import AIClassifier, load_model
from techties.progress import step_progress
from techties.safety import safe_csv_cell
from techties.warehouse.store import transaction

BATCH = 20_000


@dataclass
class FileResult:
    n: int = 0
    bad: list[BadLine] = field(default_factory=list)
    unlabelled: int = 0


def _batches(path: str | Path, bad: list[BadLine], size: int = BATCH) -> Iterator[list[Example]]:
    batch: list[Example] = []
    for ex in read_examples(path, bad):
        batch.append(ex)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class EvalResult(FileResult):
    confusion: dict[str, int] = field(default_factory=dict)
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    by_method: dict[str, int] = field(default_factory=dict)


def evaluate_file(path: str | Path, clf: AIClassifier | None = None, threshold: float | None = None) -> EvalResult:
    """Score a labelled file (either layout) and compare with its labels; for an area other than
    ai the labels come from the arXiv categories (documents without categories are unlabelled)."""
    clf = clf or load_model()
    thr = clf.threshold if threshold is None else threshold
    res = EvalResult()
    ys: list[np.ndarray] = []
    preds: list[np.ndarray] = []
    for batch in _batches(path, res.bad):
        labelled = [e for e in batch if e.label is not None] if clf.area == "ai" else \
            [msgspec.structs.replace(e, label=in_area(e.categories, clf.area)) for e in batch if e.categories]
        res.unlabelled += len(batch) - len(labelled)
        if not labelled:
            continue
        s = clf.classify([e.title for e in labelled], [e.abstract for e in labelled])
        for m in s.methods:
            res.by_method[m] = res.by_method.get(m, 0) + 1
        ys.append(np.array([bool(e.label) for e in labelled]))
        preds.append(s.scores >= thr)
    y = np.concatenate(ys) if ys else np.zeros(0, bool)
    pred = np.concatenate(preds) if preds else np.zeros(0, bool)
    res.n = int(len(y))
    res.confusion = confusion(y, pred)
    res.precision, res.recall, res.f1 = prf(y, pred)
    return res


SCORE_COLUMNS = ("id", "score", "label", "method", "model_version", "true_label")


def score_file(path: str | Path, output: str | Path, clf: AIClassifier | None = None,
               threshold: float | None = None) -> FileResult:
    """Write id, score, label, method, model_version (and the file's own label if any) to CSV."""
    clf = clf or load_model()
    thr = clf.threshold if threshold is None else threshold
    res = FileResult()
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(SCORE_COLUMNS)
        for batch in _batches(path, res.bad):
            s = clf.classify([e.title for e in batch], [e.abstract for e in batch])
            for e, sc, m in zip(batch, s.scores, s.methods, strict=True):
                w.writerow([safe_csv_cell(e.id), f"{sc:.6f}", str(bool(sc >= thr)).lower(), m, clf.version,
                            "" if e.label is None else str(e.label).lower()])
            res.n += len(batch)
    return res


def has_text(title: str | None, abstract: str | None) -> bool:
    """Whether the classifier has anything to read: a work without title and abstract scored 0.064,
    "not AI", from nothing; it is left unclassified instead (no `ai_scores` row)."""
    return bool((title or "").strip() or (abstract or "").strip())


def with_text(cols: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The columns of a batch (work_id, title, abstract, language) for its works with text only."""
    keep = [i for i, (t, a) in enumerate(zip(cols["title"], cols["abstract"], strict=True)) if has_text(t, a)]
    if len(keep) == len(cols["title"]):
        return cols
    return {k: [v[i] for i in keep] for k, v in cols.items()}


def apply_to_warehouse(con_or_warehouse: Any, threshold: float | None = None,
                       clf: AIClassifier | None = None, batch_size: int = BATCH, show_progress: bool = True) -> int:
    """Score every work in ``works`` that has a title or an abstract and write ``ai_scores`` rows (the
    model's area) for this model version, replacing that version's earlier rows: re-running gives the
    same table. A work without either gets no row: unclassified, not "not AI" (`has_text`).

    Accepts a Warehouse or a duckdb connection. Returns the number of rows written."""
    con = getattr(con_or_warehouse, "con", con_or_warehouse)
    from techties.ingest_native import fill_abstracts

    fill_abstracts(con)  # abstracts the native ingest kept as an inverted index, rebuilt before they are read
    clf = clf or load_model()
    thr = clf.threshold if threshold is None else float(threshold)
    cur = con.cursor()  # a second cursor reads works while the first one writes
    reader = cur.sql("SELECT work_id, title, abstract, language FROM works ORDER BY work_id"
                     ).to_arrow_reader(batch_size)
    total = con.execute("SELECT count(*) FROM works").fetchone()[0]
    try:
        with transaction(con), step_progress("classifying works", total, show_progress) as advance:
            con.execute("DELETE FROM ai_scores WHERE area = ? AND model_version = ?", [clf.area, clf.version])
            n = 0
            for rb in reader:
                batch = rb.to_pydict()
                cols = with_text(batch)
                advance(len(batch["work_id"]) - len(cols["work_id"]))
                if not cols["work_id"]:
                    continue
                s = clf.classify(cols["title"], cols["abstract"], cols["language"])
                table = pa.table({
                    "work_id": cols["work_id"],
                    "area": [clf.area] * len(s.methods),
                    "model_version": [clf.version] * len(s.methods),
                    "score": s.scores,
                    "label": s.scores >= thr,
                    "method": s.methods,
                })
                con.register("in_ai_scores", table)
                con.execute("INSERT INTO ai_scores (work_id, area, model_version, score, label, method)"
                            " SELECT work_id, area, model_version, score, label, method FROM in_ai_scores")
                con.unregister("in_ai_scores")
                n += len(s.methods)
                advance(len(s.methods))
    finally:
        cur.close()
    return n
