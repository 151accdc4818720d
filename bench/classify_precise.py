"""Re-check the shipped precise path through the code that users run, on the held-out test split:
default vs default+precise, with a paired bootstrap of the F1 gain (the two share their documents,
so the gain's interval is much narrower than the gap between two separate intervals suggests).

    python bench/classify_precise.py [--boot 2000] [--write-test-file FILE.jsonl.gz]

Needs torch (`pip install 'techties[precise]'`). Scores the test split with
``load_precise_classifier().classify`` (the path of `techties classify eval|apply --precise`), so its
F1 must equal the model card's, which training computed from cached layer states. With
--write-test-file it also writes the test split in the labelled layout, for
`techties classify eval --input FILE --precise`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import numpy as np

from techties.classify.metrics import prf, reliability
from techties.classify.precise import load_precise_classifier
from techties.classify.train import LABELLED_FILES, count_check, labels_of, load_pool


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--boot", type=int, default=2000)
    ap.add_argument("--write-test-file", type=Path)
    args = ap.parse_args()
    clf = load_precise_classifier()
    splits, _ = load_pool(LABELLED_FILES, clf.card["config"]["seed"])
    test = splits["test"]
    if args.write_test_file:
        with gzip.open(args.write_test_file, "wt", encoding="utf-8") as fh:
            for e in test:
                fh.write(json.dumps({"label": str(bool(e.label)), "text": f"{e.title}. {e.abstract}",
                                     "meta": {"id": e.id}}) + "\n")
    y = labels_of(test)
    titles, abstracts = [e.title for e in test], [e.abstract for e in test]
    base = clf.base.classify(titles, abstracts)
    t = time.perf_counter()
    s = clf.classify(titles, abstracts)
    secs = time.perf_counter() - t
    a, b = base.scores >= clf.threshold, s.labels
    pa, pb = prf(y, a), prf(y, b)
    rng = np.random.default_rng(0)
    gains = []
    for _ in range(args.boot):
        i = rng.integers(0, len(y), len(y))
        gains.append(prf(y[i], b[i])[2] - prf(y[i], a[i])[2])
    lo, hi = np.percentile(gains, [2.5, 97.5])
    card = clf.card["test"]
    print(f"precise {clf.version}: {clf.rescored} of {len(test)} test documents re-scored"
          f" ({clf.rescored / len(test):.3f}) in {secs:.1f} s")
    print(f"default          precision={pa[0]:.3f} recall={pa[1]:.3f} f1={pa[2]:.3f}"
          f" (card {card['default']['f1']:.3f})")
    print(f"default+precise  precision={pb[0]:.3f} recall={pb[1]:.3f} f1={pb[2]:.3f}"
          f" (card {card['default+precise']['f1']:.3f})")
    print(f"F1 gain {pb[2] - pa[2]:+.4f}, paired bootstrap 95% interval [{lo:+.4f}, {hi:+.4f}] ({args.boot} resamples);"
          f" labels changed: {int(np.sum(a != b))}")
    for name, sc in (("default", base.scores), ("default+precise", s.scores)):
        print(f"calibration {name}: ECE {reliability(y, sc)['ece']:.4f}; count {count_check(y, sc)}")


if __name__ == "__main__":
    main()
