"""Alert rules, read from YAML: each rule is data (an id, a kind, the indicators it reads, a
threshold), and each kind is one small pure function over two snapshots.

Kinds:
- `change`: an indicator's value moved by `threshold_pct` % or more (any direction; from 0 to
  anything counts as a change);
- `rising`: an indicator's value went up (by more than `min_change`, default 0);
- `new_records`: records behind an indicator that the previous snapshot did not have; with
  `previously_in: OTHER` only those the previous snapshot already had under OTHER (an old
  collaboration that is newly listed), with `previously_not_in: OTHER` only those it did not (a new
  collaboration).
`indicator` is an id, a glob (`*fund*`) or a list of them. A rule whose indicators are absent from
the snapshot, or have no value, is skipped and said so.
"""

from __future__ import annotations

import fnmatch
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from techties.errors import InputError
from techties.watch.model import Alert, Snapshot, StoredIndicator

KINDS = ("change", "rising", "new_records")
_KEYS = {"id", "kind", "indicator", "description", "threshold_pct", "min_change", "previously_in",
         "previously_not_in"}
MAX_RECORDS = 50  # records listed in an alert's message; the `records` field holds them all
MAX_RULES_BYTES = 1_000_000  # a rules file is a few dozen lines: anything this big is a wrong file


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    indicators: tuple[str, ...]           # ids or globs
    description: str = ""
    threshold_pct: float = 10.0
    min_change: float = 0.0
    previously_in: str | None = None
    previously_not_in: str | None = None

    def matches(self, indicator_id: str) -> bool:
        return any(fnmatch.fnmatchcase(indicator_id, p) for p in self.indicators)


@dataclass
class Evaluation:
    alerts: list[Alert] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # "rule: why" for rules that could not be applied


def default_rules_path() -> Path:
    return Path(str(resources.files("techties.watch").joinpath("default_rules.yaml")))


def load_rules(path: str | Path | None = None) -> list[Rule]:
    """The rules of a YAML file (the shipped defaults when None). A bad file raises InputError with
    `file:line: what is wrong`."""
    p = Path(path) if path is not None else default_rules_path()
    try:
        if p.stat().st_size > MAX_RULES_BYTES:
            raise InputError(f"{p}: {p.stat().st_size:,} bytes is not a rules file (limit {MAX_RULES_BYTES:,})")
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{p}: no such rules file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: a folder, not a rules file") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: not a rules file (not UTF-8 text)") from None
    except OSError as exc:  # permissions and the like: the reason in words, not a class name
        raise InputError(f"{p}: cannot read the rules file: {exc.strerror or exc.__class__.__name__}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{p}:{mark.line + 1}" if mark is not None else str(p)
        raise InputError(f"{where}: not valid YAML: {getattr(exc, 'problem', None) or 'parse error'}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError(f"{p}:1: expected a mapping with a list under `rules:`")
    lines = _rule_lines(root)
    rules = [parse_rule(item, f"{p}:{lines[i] if i < len(lines) else 1}") for i, item in enumerate(data["rules"])]
    seen: set[str] = set()
    for i, r in enumerate(rules):
        if r.id in seen:
            raise InputError(f"{p}:{lines[i] if i < len(lines) else 1}: rule id {r.id!r} appears twice")
        seen.add(r.id)
    return rules


def _rule_lines(root: yaml.Node | None) -> list[int]:
    """The 1-based line of each item under `rules:` (for messages that point at the rule)."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "rules" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def parse_rule(item: Any, where: str) -> Rule:
    """One rule mapping → Rule, or InputError naming `where` and the problem."""
    if not isinstance(item, dict):
        raise InputError(f"{where}: a rule must be a mapping with id, kind and indicator")
    unknown = sorted(set(map(str, item)) - _KEYS)
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    rid, kind, ind = item.get("id"), item.get("kind"), item.get("indicator")
    if not isinstance(rid, str) or not rid.strip():
        raise InputError(f"{where}: a rule needs an `id`")
    if kind not in KINDS:
        raise InputError(f"{where}: rule {rid!r}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    indicators = (ind,) if isinstance(ind, str) else tuple(ind) if isinstance(ind, list) else ()
    if not indicators or not all(isinstance(x, str) and x for x in indicators):
        raise InputError(f"{where}: rule {rid!r}: `indicator` must be an id, a glob or a list of them")
    numbers = {}
    for key, default in (("threshold_pct", 10.0), ("min_change", 0.0)):
        v = item.get(key, default)
        # NaN compares false with everything: a rule reading .nan would never fire, silently
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            raise InputError(f"{where}: rule {rid!r}: {key} must be a finite number ≥ 0, got {v!r}")
        numbers[key] = float(v)
    refs = {}
    for key in ("previously_in", "previously_not_in"):
        v = item.get(key)
        if v is not None and (not isinstance(v, str) or not v):
            raise InputError(f"{where}: rule {rid!r}: {key} must be an indicator id")
        refs[key] = v
    if kind != "new_records" and any(refs.values()):
        raise InputError(f"{where}: rule {rid!r}: previously_in / previously_not_in apply to kind new_records only")
    return Rule(id=rid.strip(), kind=kind, indicators=indicators, description=str(item.get("description") or ""),
                **numbers, **refs)


def evaluate(rules: Iterable[Rule], current: Snapshot, previous: Snapshot | None) -> Evaluation:
    """Every rule against the current and previous snapshot of one scope. The first snapshot of a
    scope is the baseline: it raises no alert."""
    out = Evaluation()
    if previous is None:
        return out
    for rule in rules:
        matched = [i for i in current.indicators if rule.matches(i.id)]
        if not matched:
            out.skipped.append(f"{rule.id}: no indicator {' or '.join(rule.indicators)} in this snapshot")
            continue
        for ind in matched:
            before = previous.get(ind.id)
            if before is None:
                out.skipped.append(f"{rule.id}: {ind.id} is new in this snapshot, nothing to compare with")
                continue
            if ind.status == "needs-data" or before.status == "needs-data":
                out.skipped.append(f"{rule.id}: {ind.id} needs data ({ind.needs or before.needs or 'no value'})")
                continue
            alert = KIND_CHECKS[rule.kind](rule, ind, before, previous)
            if alert is not None:
                out.alerts.append(alert)
    return out


def check_change(rule: Rule, now: StoredIndicator, before: StoredIndicator, _: Snapshot) -> Alert | None:
    if now.value is None or before.value is None or now.value == before.value:
        return None
    pct = None if before.value == 0 else 100.0 * (now.value - before.value) / abs(before.value)
    if pct is not None and abs(pct) < rule.threshold_pct:
        return None
    added, removed = _added(now, before), _removed(now, before)
    how = "from 0" if pct is None else f"{pct:+.1f}%"
    detail = f"; {len(added)} new record(s)" if added else ""
    detail += f"; {len(removed)} record(s) gone" if removed else ""
    return Alert(rule=rule.id, indicator=now.id, value=now.value, previous=before.value, records=added or removed,
                 message=f"{now.name}: {_num(before.value)} → {_num(now.value)} ({how}, threshold "
                         f"{_num(rule.threshold_pct)}%){detail}")


def check_rising(rule: Rule, now: StoredIndicator, before: StoredIndicator, _: Snapshot) -> Alert | None:
    if now.value is None or before.value is None or now.value - before.value <= rule.min_change:
        return None
    return Alert(rule=rule.id, indicator=now.id, value=now.value, previous=before.value, records=_added(now, before),
                 message=f"{now.name} rose: {_num(before.value)} → {_num(now.value)}")


def check_new_records(rule: Rule, now: StoredIndicator, before: StoredIndicator, prev: Snapshot) -> Alert | None:
    added = _added(now, before)
    if rule.previously_in is not None:
        known = prev.get(rule.previously_in)
        added = tuple(r for r in added if known is not None and r in set(known.records))
    if rule.previously_not_in is not None:
        known = prev.get(rule.previously_not_in)
        added = tuple(r for r in added if known is None or r not in set(known.records))
    if not added:
        return None
    shown = ", ".join(added[:MAX_RECORDS]) + (f" and {len(added) - MAX_RECORDS} more" if len(added) > MAX_RECORDS
                                              else "")
    return Alert(rule=rule.id, indicator=now.id, value=now.value, previous=before.value, records=added,
                 message=f"{now.name}: {len(added)} new record(s) ({_num(before.value)} → {_num(now.value)}): "
                         f"{shown}")


KIND_CHECKS = {"change": check_change, "rising": check_rising, "new_records": check_new_records}


def _added(now: StoredIndicator, before: StoredIndicator) -> tuple[str, ...]:
    old = set(before.records)
    return tuple(sorted(r for r in set(now.records) if r not in old))


def _removed(now: StoredIndicator, before: StoredIndicator) -> tuple[str, ...]:
    new = set(now.records)
    return tuple(sorted(r for r in set(before.records) if r not in new))


def _num(v: float | None) -> str:
    """25.0 → "25", 0.125 → "0.125", None → "n/a"."""
    if v is None:
        return "n/a"
    return str(int(v)) if float(v).is_integer() else f"{v:.4g}"
