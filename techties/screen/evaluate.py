"""Precision, recall and F1 of the matcher on a labelled set of (query, expected entries) rows.

A row's prediction is the set of entries hit at or above the threshold. A row is a true positive
when it hits at least one expected entry, a false alarm when it hits any entry that is not
expected (a hard negative that hits anything is a false alarm). Query-level precision is
rows without a false alarm among rows with any hit; recall is positive rows found.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import msgspec

from techties.screen.match import Matcher
from techties.screen.structure import hide_ror


class EvalRow(msgspec.Struct, frozen=True):
    split: str
    kind: str
    lists: str
    query: str
    country: str | None
    expected: frozenset[str]
    group: str
    allowed: frozenset[str] = frozenset()  # entries a hit may name without a false alarm (a listed parent)


class Scores(msgspec.Struct):
    rows: int = 0
    positives: int = 0
    found: int = 0
    with_hits: int = 0
    false_alarms: int = 0
    hits: int = 0
    wrong_hits: int = 0

    @property
    def precision(self) -> float:
        return (self.with_hits - self.false_alarms) / self.with_hits if self.with_hits else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.positives if self.positives else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def hit_precision(self) -> float:
        return (self.hits - self.wrong_hits) / self.hits if self.hits else 1.0


def read_eval(path: str | Path) -> list[EvalRow]:
    with Path(path).open(encoding="utf-8", newline="") as f:
        return [
            EvalRow(split=r["split"], kind=r["kind"], lists=r["lists"], query=r["query"], country=r["country"] or None,
                    expected=frozenset(x for x in r["expected"].split("|") if x), group=r["group"],
                    allowed=frozenset(x for x in (r.get("allowed") or "").split("|") if x))
            for r in csv.DictReader(f, delimiter="\t")
        ]


def evaluate(rows: Iterable[EvalRow], matchers: dict[str, Matcher]
             ) -> tuple[dict[tuple[str, str], Scores], list[tuple[EvalRow, list[str]]]]:
    """Scores per (split, kind) and per (split, 'all'), and the rows that went wrong with their hits."""
    scores: dict[tuple[str, str], Scores] = defaultdict(Scores)
    errors: list[tuple[EvalRow, list[str]]] = []
    for row in rows:
        # a row built from a ROR name is screened without that organisation in the ROR name table
        hidden = [row.group.removeprefix("ror:")] if row.group.startswith("ror:") else []
        with hide_ror(hidden):
            got = {h.entry_id for h in matchers[row.lists].screen(row.query, row.country)}
        wrong = got - row.expected - row.allowed
        found = bool(got & row.expected)
        for key in ((row.split, row.kind), (row.split, "all")):
            s = scores[key]
            s.rows += 1
            s.positives += bool(row.expected)
            s.found += found
            s.with_hits += bool(got)
            s.false_alarms += bool(wrong)
            s.hits += len(got)
            s.wrong_hits += len(wrong)
        if wrong or (row.expected and not found):
            errors.append((row, sorted(got)))
    return dict(scores), errors
