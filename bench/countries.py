"""Accuracy and throughput of techties.resolve.countries on the real labelled affiliation files.

Run: python bench/countries.py [--errors dev|heldout|mismatches|none] [--limit N]

Accuracy is an exact match of the returned code with `matched_country` over all rows (None is
wrong); coverage is the share of rows answered; precision is accuracy among answered rows.
part1 is split by a hash of the string into a dev half (tuned on) and a held-out half (only
measured). The ROR affiliation files carry ROR ids, not countries: only coverage is reported.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
PART1 = DATA / "affiliations" / "dataesr_affiliation_country_part1.csv"
MISMATCHES = DATA / "affiliations" / "dataesr_openalex_country_mismatches.csv"


def split_of(text: str) -> str:
    """'dev' or 'heldout', fixed by the SHA-1 of the string (the same string is always in the same half)."""
    return "dev" if hashlib.sha1(text.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


def load(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["raw_affiliation_string"], r["matched_country"]) for r in csv.DictReader(fh, delimiter=";")]


def score(rows, resolve) -> dict:
    n = len(rows)
    answered = correct = 0
    per: dict[str, list[int]] = {}
    errors = []
    for text, gold in rows:
        got = resolve(text)
        ok = got == gold
        answered += got is not None
        correct += ok
        per.setdefault(gold, [0, 0])
        per[gold][0] += 1
        per[gold][1] += ok
        if not ok:
            errors.append((gold, got, text))
    return {
        "n": n,
        "accuracy": correct / n if n else 0.0,
        "coverage": answered / n if n else 0.0,
        "precision": correct / answered if answered else 0.0,
        "per_country": per,
        "errors": errors,
    }


def report(name: str, s: dict) -> None:
    pc = s["per_country"]
    focus = " ".join(
        f"{c}={pc[c][1]}/{pc[c][0]} ({pc[c][1] / pc[c][0]:.3f})" for c in ("CN", "RU", "US") if c in pc
    )
    print(f"{name:<22} n={s['n']:>5}  accuracy={s['accuracy']:.4f}  coverage={s['coverage']:.4f}  "
          f"precision={s['precision']:.4f}  {focus}")


def throughput(texts: list[str]) -> None:
    from techties.resolve import countries

    countries._gazetteer()
    wall, cpu = [], []
    for _ in range(5):
        countries.resolve_affiliation.cache_clear()
        t, c = time.perf_counter(), time.process_time()
        for x in texts:
            countries.country_from_affiliation(x)
        wall.append(len(texts) / (time.perf_counter() - t))
        cpu.append(len(texts) / (time.process_time() - c))
    print(f"throughput, uncached, 1 core: {statistics.median(wall):,.0f} strings/s wall-clock, "
          f"{statistics.median(cpu):,.0f} strings/s of CPU time (median of 5 over {len(texts)} distinct strings; "
          f"best run {max(cpu):,.0f})")
    t = time.process_time()
    sum(range(10**7))
    print(f"  (machine reference: sum(range(10**7)) took {time.process_time() - t:.3f} s of CPU; "
          "about 0.10-0.12 s on an idle modern core)")
    t = time.perf_counter()
    for x in texts * 5:
        countries.country_from_affiliation(x)
    rate = 5 * len(texts) / (time.perf_counter() - t)
    print(f"throughput, cached (each string seen before): {rate:,.0f} strings/s")


WOS_COUNTRY = {"Peoples R China": "CN", "USA": "US", "England": "GB", "Scotland": "GB", "Wales": "GB",
               "North Ireland": "GB", "Russia": "RU", "South Korea": "KR", "Taiwan": "TW", "Iran": "IR",
               "Turkey": "TR", "Vietnam": "VN", "U Arab Emirates": "AE", "Czech Republic": "CZ"}


def wos_addresses() -> list[tuple[str, str, str]]:
    """(full address, address without its country, country) from the WoS C1 fields (distinct)."""
    import gzip
    import re

    import pycountry

    out: dict[str, tuple[str, str, str]] = {}
    for path in sorted(DATA.glob("wos/savedrecs_*.txt.gz")):
        in_c1 = False
        for line in gzip.open(path, "rt", encoding="utf-8-sig"):
            if line.startswith("C1 "):
                in_c1 = True
            elif not line.startswith("   "):
                in_c1 = False
            if not in_c1:
                continue
            addr = re.sub(r"^\[[^\]]*\]\s*", "", line[3:].strip()).rstrip(".")
            parts = [p.strip() for p in addr.split(",")]
            last = parts[-1]
            if last.endswith(" USA"):
                code, stripped = "US", ", ".join(parts[:-1] + [last[:-4]])
            else:
                code = WOS_COUNTRY.get(last)
                if code is None:
                    try:
                        code = pycountry.countries.lookup(last).alpha_2
                    except LookupError:
                        continue
                stripped = ", ".join(parts[:-1])
            out.setdefault(addr, (addr, stripped, code))
    return list(out.values())


def wos_report(resolve) -> None:
    """WoS addresses end with a normalised country: resolve them whole, then with the country cut off."""
    rows = wos_addresses()
    full = score([(a, c) for a, _, c in rows], resolve)
    cut = score([(s, c) for _, s, c in rows], resolve)
    report("wos-c1 (whole)", full)
    report("wos-c1 (country cut)", cut)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", default="none", choices=["none", "dev", "heldout", "mismatches", "wos-cut"])
    ap.add_argument("--limit", type=int, default=60)
    args = ap.parse_args()

    t = time.perf_counter()
    from techties.resolve.countries import _gazetteer, country_from_affiliation

    _gazetteer()
    print(f"gazetteer build + import: {time.perf_counter() - t:.2f} s")
    part1 = load(PART1)
    dev = [r for r in part1 if split_of(r[0]) == "dev"]
    held = [r for r in part1 if split_of(r[0]) == "heldout"]
    mism = load(MISMATCHES)
    results = {
        "part1-dev": score(dev, country_from_affiliation),
        "part1-heldout": score(held, country_from_affiliation),
        "part1-all": score(part1, country_from_affiliation),
        "mismatches": score(mism, country_from_affiliation),
    }
    for name, s in results.items():
        report(name, s)
    multi = sum(";" in g for _, g in part1)
    print(f"(part1 rows with several gold codes, never matched exactly: {multi})")
    for name in sorted(DATA.glob("ror/affiliations_*.json")):
        items = json.loads(name.read_text(encoding="utf-8"))
        cov = sum(country_from_affiliation(i["affiliation"]) is not None for i in items) / len(items)
        print(f"{name.name:<40} n={len(items)} coverage={cov:.4f} (no country labels)")
    wos_report(country_from_affiliation)
    throughput([r[0] for r in part1] + [r[0] for r in mism])
    if args.errors == "wos-cut":
        for _, text, gold in wos_addresses():
            got = country_from_affiliation(text)
            if got != gold and gold in ("CN", "RU", "US"):
                print(f"{gold:>6} {got!s:>5}  {text[:160]}")
    elif args.errors != "none":
        key = {"dev": "part1-dev", "heldout": "part1-heldout", "mismatches": "mismatches"}[args.errors]
        for gold, got, text in results[key]["errors"][: args.limit]:
            print(f"{gold:>6} {got!s:>5}  {text[:160]}", file=sys.stdout)


if __name__ == "__main__":
    main()
