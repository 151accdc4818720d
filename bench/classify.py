"""Benchmark of the shipped AI classifier: model load time and documents scored per second on one core.

    python bench/classify.py [--input FILE.jsonl.gz] [--n 20000]

Threads are pinned to 1 (BLAS/OpenMP) before numpy is imported; the process is also pinned to one
CPU where the OS allows it. Documents are arXiv 2025–2026 title + abstract (real text, ~1,000 chars).
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

DEFAULT_INPUT = Path(__file__).resolve().parents[2] / "shared" / "data" / "arxiv-recent" / \
    "arxiv_listings_2025-2026.jsonl.gz"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare", type=Path, help="another model folder, timed in turn with the shipped one on"
                    " the same documents: the ratio holds even on a loaded machine")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    t0 = time.perf_counter()
    from techties.classify.model import load_model

    clf = load_model()
    load_s = time.perf_counter() - t0

    from techties.classify.data import read_examples

    docs = []
    for ex in read_examples(args.input):
        docs.append(ex)
        if len(docs) >= args.n:
            break
    titles = [d.title for d in docs]
    abstracts = [d.abstract for d in docs]
    mean_chars = sum(len(t) + len(a) for t, a in zip(titles, abstracts, strict=True)) / len(docs)

    best = 0.0
    for _ in range(args.repeat):
        t = time.perf_counter()
        clf.score(titles, abstracts)
        best = max(best, len(docs) / (time.perf_counter() - t))
    t = time.perf_counter()
    clf.score(titles, [None] * len(titles))
    title_rate = len(docs) / (time.perf_counter() - t)
    zh = ["基于深度学习的图像识别方法研究"] * len(docs)
    t = time.perf_counter()
    clf.score(zh, [None] * len(zh))
    zh_rate = len(docs) / (time.perf_counter() - t)

    print(f"model {clf.version}  file {Path(clf.card.get('model_file', 'ai_model.npz'))}"
          f"  {clf.card.get('model_bytes', 0) / 1e6:.2f} MB")
    print(f"load time: {load_s:.3f} s (import + read .npz + vocabulary)")
    print(f"title+abstract: {best:,.0f} docs/s on one core (n={len(docs)}, mean {mean_chars:,.0f} chars)")
    print(f"title only: {title_rate:,.0f} docs/s; Chinese keywords: {zh_rate:,.0f} docs/s")
    if args.compare:
        other = load_model(args.compare)
        rates: dict[str, list[float]] = {clf.version: [], other.version: []}
        for _ in range(args.repeat):
            for m in (clf, other):
                t = time.perf_counter()
                m.score(titles, abstracts)
                rates[m.version].append(len(docs) / (time.perf_counter() - t))
        a, b = max(rates[clf.version]), max(rates[other.version])
        print(f"interleaved: {clf.version} {a:,.0f} docs/s, {other.version} {b:,.0f} docs/s, ratio {a / b:.2f}")
    print(f"machine check: {_dict_lookup_ns():.0f} ns per Python dict lookup"
          " (about 50-100 on an idle modern core; higher means the figures above are slowed by load)")


def _dict_lookup_ns() -> float:
    d = {str(i): i for i in range(200_000)}
    keys = [str(i) for i in range(0, 400_000, 2)]
    t = time.perf_counter()
    for k in keys:
        d.get(k)
    return (time.perf_counter() - t) / len(keys) * 1e9


if __name__ == "__main__":
    main()
