"""An independent count of country co-authorship straight from WoS C1 address fields.

Deliberately naive and separate from techties' reader and resolver: the last comma-separated
segment of each address names the country ("Peoples R China", "Russia", "… USA").
"""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path


def records(paths: list[Path]) -> dict[str, dict[str, object]]:
    """UT → {"year": PY, "C1": [addresses]} (duplicates across files collapse on UT)."""
    out: dict[str, dict[str, object]] = {}
    for path in paths:
        rec: dict[str, object] | None = None
        tag = None
        with gzip.open(path, "rt", encoding="utf-8-sig") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if line.startswith("PT "):
                    rec = {"C1": []}
                elif line.startswith("ER") and rec is not None:
                    out[str(rec["UT"])] = rec
                    rec = None
                elif rec is not None:
                    if not line.startswith("   "):
                        tag, value = line[:2], line[3:].strip()
                        if tag == "C1":
                            rec["C1"].append(value)  # type: ignore[union-attr]
                        elif tag in ("UT", "PY"):
                            rec[tag] = value
                    elif tag == "C1":
                        rec["C1"].append(line.strip())  # type: ignore[union-attr]
    return out


def address_country(address: str) -> str | None:
    last = address.rstrip(". ").rsplit(",", 1)[-1].strip()
    if last in ("Peoples R China", "China"):
        return "CN"
    if last in ("Russia", "Russian Federation"):
        return "RU"
    if last == "USA" or last.endswith(" USA"):
        return "US"
    return None


def pair_counts_by_year(recs: dict[str, dict[str, object]], a: str, b: str) -> Counter[int]:
    counts: Counter[int] = Counter()
    for rec in recs.values():
        countries = {address_country(x) for x in rec["C1"]}  # type: ignore[union-attr]
        if a in countries and b in countries:
            counts[int(rec["PY"])] += 1  # type: ignore[arg-type]
    return counts
