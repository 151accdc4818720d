"""The typed records of the watch stage: a stored indicator value, a comparison, an alert."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    """What a snapshot measured: snapshots are compared only within one scope."""

    pair: str                    # "CN-RU"
    baseline: str | None = None
    area: str | None = None
    years: str | None = None     # "2010-2019"
    language: str | None = None
    china_scope: str = "mainland"

    @property
    def key(self) -> str:
        """One canonical string, stored with every row (the same query gives the same key)."""
        return ";".join(f"{k}={v or ''}" for k, v in (
            ("pair", self.pair), ("baseline", self.baseline), ("area", self.area), ("years", self.years),
            ("language", self.language), ("china_scope", self.china_scope)))

    @property
    def label(self) -> str:
        """What a reader sees: "CN-RU vs US, area ai, 2010-2019"."""
        parts = [self.pair + (f" vs {self.baseline}" if self.baseline else "")]
        parts += [f"area {self.area}"] if self.area else []
        parts += [self.years] if self.years else []
        parts += [f"language {self.language}"] if self.language else []
        parts += [f"China scope {self.china_scope}"] if self.china_scope != "mainland" else []
        return ", ".join(parts)


@dataclass(frozen=True)
class StoredIndicator:
    """One indicator as a snapshot holds it (what a later run compares with)."""

    id: str
    name: str
    value: float | None
    unit: str = "count"
    status: str = "computed"
    denominator: float | None = None
    kind: str = ""
    trend: str = ""
    needs: str = ""
    records: tuple[str, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    snapshot_id: str
    seq: int
    taken_at: str
    as_of: str | None
    scope: Scope
    indicators: tuple[StoredIndicator, ...]

    def get(self, indicator_id: str) -> StoredIndicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)


@dataclass(frozen=True)
class Change:
    """An indicator now and in the previous snapshot."""

    id: str
    name: str
    value: float | None
    previous: float | None
    status: str
    unit: str = "count"
    denominator: float | None = None

    @property
    def change(self) -> float | None:
        """value − previous; None when either is unknown."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_pct(self) -> float | None:
        """The change as a percentage of the previous value; None when there is none or it was 0."""
        if self.change is None or not self.previous:
            return None
        return 100.0 * self.change / abs(self.previous)


@dataclass(frozen=True)
class Alert:
    rule: str
    indicator: str
    message: str
    value: float | None
    previous: float | None
    records: tuple[str, ...] = field(default_factory=tuple)
