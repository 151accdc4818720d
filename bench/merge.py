"""Precision and recall of the merged corpus' matching rule on labelled pairs of real records.

Run: python bench/merge.py [--write]   (--write regenerates tests/fixtures/merge_pairs.csv)

The pairs (all records real, from ../shared/data):
- Scopus × Lens exports of the same author's works (tributetotobler/bibliotobler): every pair with the
  same DOI, the same normalised title, or the same first author and half their title words in common.
  Labelled by hand: the same DOI and title is the same paper; the rest were looked up one by one
  (`HAND_LABELS`; e.g. the 1965 Springer and 2005 Wiley DOIs of one Papers of the Regional Science
  Association article are the same paper; a 2011 book reprint of a 1959 article is not).
- Web of Science corrections and retraction notices against the article they correct (hard negatives;
  both records from WoS, so they are compared as if from two sources: the keys alone decide).
- A preprint against its article: built from a real WoS article (same title, first author, a year
  earlier, an arXiv DOI): decided a different work (this observatory counts publications as their
  sources do).

Each pair is scored twice: as exported, and with the DOI hidden on the right-hand record (the
title + year + first-author path, used when a side has no DOI).
"""

from __future__ import annotations

import argparse
import csv
import glob
import re
from pathlib import Path

from techties.records import Work
from techties.resolve.merge import RecordKeys, doi_key, normalise_title, same_work, surname
from techties.sources.lens import read_lens
from techties.sources.scopus import read_scopus
from techties.sources.wos import read_wos

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
FIXTURE = REPO / "tests" / "fixtures" / "merge_pairs.csv"
SCOPUS = DATA / "formats" / "scopus" / "tributetotobler__bibliotobler__scopus.csv"
LENS = DATA / "formats" / "lens" / "tributetotobler__bibliotobler__lens-export.csv"

# (scopus id, lens id) → (same paper?, kind, why): looked up by hand
HAND_LABELS = {
    ("scopus:2-s2.0-0000671217", "lens:104-886-698-440-477"): (1, "two-dois", "1965 article: Springer and Wiley DOIs"),
    ("scopus:2-s2.0-0004354823", "lens:091-257-451-486-682"): (1, "two-dois", "1969 article: Springer and Wiley DOIs"),
    ("scopus:2-s2.0-0020898239", "lens:052-900-042-632-357"): (1, "two-dois", "1983 article: Springer and Wiley DOIs"),
    ("scopus:2-s2.0-0004257559", "lens:176-660-798-102-336"): (1, "doi-typo", "Scopus wrote 10.1080/ for 10.1559/"),
    ("scopus:2-s2.0-0030715657", "lens:105-515-820-590-668"): (1, "doi-mangled", "SICI DOI: < > written as '"),
    ("scopus:2-s2.0-0024909349", "lens:007-653-705-367-922"): (1, "no-doi", "1989 chapter; Scopus has no DOI"),
    ("scopus:2-s2.0-84888699746", "lens:100-164-579-872-242"): (1, "same-doi", "Lens titled the chapter with its book"),
    ("scopus:2-s2.0-84909841374", "lens:037-658-322-956-077"): (1, "same-doi", "Lens prefixes the venue"),
    ("scopus:2-s2.0-0001486444", "lens:174-731-515-098-545"): (1, "same-doi", "Lens keeps a footnote mark"),
    ("scopus:2-s2.0-0001892936", "lens:114-055-423-459-094"): (0, "reprint", "1976 article, 2011 book reprint"),
    ("scopus:2-s2.0-84888699746", "lens:100-818-072-770-458"): (0, "reprint", "1959 article, 2011 book reprint"),
    ("scopus:2-s2.0-0022165043", "lens:098-527-970-077-460"): (0, "reprint", "1975 report, 1985 version"),
    ("scopus:2-s2.0-84975018544", "lens:018-920-562-727-232"): (0, "reprint", "1966 article, a 2008 copy"),
}


def first_author(w: Work) -> str:
    return next((a.author_name for a in sorted(w.authorships, key=lambda a: a.position) if a.author_name), "")


def keys(w: Work, *, source: str | None = None, hide_doi: bool = False) -> RecordKeys:
    return RecordKeys(source or w.source, None if hide_doi else w.doi, w.title, w.year, first_author(w), w.type)


def title_words(w: Work) -> set[str]:
    return set(normalise_title(w.title).split())


def build_pairs() -> list[dict[str, str]]:
    """The labelled pairs (see module doc)."""
    scopus = [w for _l, w in read_scopus(SCOPUS) if isinstance(w, Work)]
    lens = [w for _l, w in read_lens(LENS) if isinstance(w, Work)]
    out = []
    for a in scopus:
        for b in lens:
            same_doi = bool(doi_key(a.doi)) and doi_key(a.doi) == doi_key(b.doi)
            same_title = normalise_title(a.title) == normalise_title(b.title)
            ja, jb = title_words(a), title_words(b)
            near = surname(first_author(a)) == surname(first_author(b)) and len(ja & jb) >= 0.4 * len(ja | jb)
            if not (same_doi or same_title or near):
                continue
            label = HAND_LABELS.get((a.work_id, b.work_id))
            if label is None:
                label = (1, "same-doi", "same DOI and title") if same_doi and same_title else (
                    0, "near-miss", "another paper by the same author")
                if same_doi != same_title:
                    raise SystemExit(f"unlabelled pair needs a hand label: {a.work_id} {b.work_id}")
            out.append({"left": a.work_id, "right": b.work_id, "same": str(label[0]), "kind": label[1],
                        "note": label[2]})
    wos = {w.work_id: w for f in sorted(glob.glob(str(DATA / "wos" / "*.txt.gz")))
           for _l, w in read_wos(f) if isinstance(w, Work)}
    by_title: dict[str, list[Work]] = {}
    for w in wos.values():
        by_title.setdefault(normalise_title(w.title), []).append(w)
    for c in wos.values():
        kind = (c.type or "").lower()
        if "correction" not in kind and "retract" not in kind:
            continue
        t = normalise_title(re.sub(r"^(被撤回的出版物|撤稿声明)[:：]\s*", "", c.title or ""))
        t = re.sub(r"\s*(retracted article)?\s*(vol \d+.*)?$", "", t)
        for orig in by_title.get(t, []):
            if orig.work_id != c.work_id and "correction" not in (orig.type or "").lower():
                out.append({"left": orig.work_id, "right": c.work_id, "same": "0",
                            "kind": "correction" if "correction" in kind else "retraction",
                            "note": "a notice about the article, with its own DOI"})
    return out


def load_records() -> dict[str, Work]:
    recs = {w.work_id: w for f in (SCOPUS,) for _l, w in read_scopus(f) if isinstance(w, Work)}
    recs.update({w.work_id: w for _l, w in read_lens(LENS) if isinstance(w, Work)})
    recs.update({w.work_id: w for f in sorted(glob.glob(str(DATA / "wos" / "*.txt.gz")))
                 for _l, w in read_wos(f) if isinstance(w, Work)})
    return recs


def preprint_of(w: Work) -> Work:
    """A constructed preprint of a real article: same title and first author, a year earlier, an arXiv DOI."""
    return Work(work_id="arxiv:constructed", source="arxiv", title=w.title, doi="10.48550/arxiv.0000.00000",
                year=(w.year or 2000) - 1, authorships=w.authorships)


def score(pairs: list[dict[str, str]], recs: dict[str, Work], *, hide_doi: bool) -> dict[str, int]:
    """Confusion counts of the rule on the pairs (the right-hand record's DOI hidden when `hide_doi`)."""
    c = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for p in pairs:
        a = recs[p["left"]] if p["left"] in recs else None
        b = recs[p["right"]] if p["right"] in recs else None
        if p["right"] == "arxiv:constructed":
            b = preprint_of(a)
        if a is None or b is None:
            raise KeyError(f"record not found: {p['left']} / {p['right']}")
        other = "other" if a.source == b.source else None  # WoS–WoS notices: compared on their keys alone
        got, _why = same_work(keys(a), keys(b, source=other, hide_doi=hide_doi))
        truth = p["same"] == "1"
        c[("t" if got == truth else "f") + ("p" if got else "n")] += 1
    return c


def report(name: str, c: dict[str, int]) -> str:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return f"{name:<32} pairs={sum(c.values()):>3} tp={c['tp']} fp={c['fp']} fn={c['fn']} tn={c['tn']}  " \
           f"precision={p:.3f} recall={r:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="regenerate the labelled fixture")
    args = ap.parse_args()
    if args.write:
        pairs = build_pairs()
        wos_article = next(p["left"] for p in pairs if p["kind"] == "correction")
        pairs.append({"left": wos_article, "right": "arxiv:constructed", "same": "0", "kind": "preprint",
                      "note": "constructed preprint of the article (title, first author, year - 1, arXiv DOI)"})
        with FIXTURE.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, ["left", "right", "same", "kind", "note"])
            w.writeheader()
            w.writerows(pairs)
    with FIXTURE.open(encoding="utf-8") as fh:
        pairs = list(csv.DictReader(fh))
    recs = load_records()
    print(report("as exported", score(pairs, recs, hide_doi=False)))
    print(report("right-hand DOI hidden", score(pairs, recs, hide_doi=True)))


if __name__ == "__main__":
    main()
