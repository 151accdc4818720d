"""Benchmark of the shipped AI classifier: model load time and documents scored per second on one core.

    python bench/classify.py [--input FILE.jsonl.gz] [--n 20000] [--precise-n 256]

With torch installed (`pip install 'techties[precise]'`) it also times the precise path: the
transformer's docs/s on one core, the share of the documents in its band (these documents and the
held-out test split) and the minutes of one core per million works; skipped without torch.

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
    ap.add_argument("--precise-n", type=int, default=256, help="documents timed through the transformer")
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
    _precise(clf, titles, abstracts, best, args.precise_n)
    print(f"machine check: {_dict_lookup_ns():.0f} ns per Python dict lookup"
          " (about 50-100 on an idle modern core; higher means the figures above are slowed by load)")


def _precise(clf, titles: list[str], abstracts: list[str], default_rate: float, n: int) -> None:
    """The precise path's cost beside the default's (skipped when torch is missing)."""
    try:
        import torch
    except ImportError:
        print("precise: skipped (torch not installed: pip install 'techties[precise]')")
        return
    torch.set_num_threads(1)
    from techties.classify.band import in_band
    from techties.classify.data import join_text
    from techties.classify.precise import load_precise_classifier

    pc = load_precise_classifier(base=clf)
    share = float(in_band(clf.score(titles, abstracts), pc.band).mean())
    texts = [join_text(t, a) for t, a in zip(titles[:n], abstracts[:n], strict=True)]
    pc.scorer.proba(texts[:8])  # warm-up
    t = time.perf_counter()
    pc.scorer.proba(texts)
    rate = len(texts) / (time.perf_counter() - t)
    test_share = pc.card["test"]["band_share"]
    d_min = 1e6 / default_rate / 60
    print(f"precise {pc.card['model_version']}: {rate:,.1f} docs/s on one core (n={len(texts)}, bf16 autocast);"
          f" band [{pc.band[0]:.2f}, {pc.band[1]:.2f}]")
    for name, sh in (("these documents", share), ("held-out test split", test_share)):
        print(f"  band share {sh:.3f} ({name}): {sh * 1e6 / rate / 60:,.0f} min of one core per 1M works for the"
              f" precise pass + {d_min:.1f} for the default model")
    ratio = default_rate / rate
    print(f"  per document the transformer costs {ratio:,.0f}x the default model (same run: holds under load);"
          f" default+precise costs {1 + test_share * ratio:,.1f}x the default alone at the test split's band share")
    f = pc.card["test"]
    print(f"  held-out F1: default {f['default']['f1']:.3f} {f['default']['ci95']['f1']},"
          f" default+precise {f['default+precise']['f1']:.3f} {f['default+precise']['ci95']['f1']} (model card)")


def _dict_lookup_ns() -> float:
    d = {str(i): i for i in range(200_000)}
    keys = [str(i) for i in range(0, 400_000, 2)]
    t = time.perf_counter()
    for k in keys:
        d.get(k)
    return (time.perf_counter() - t) / len(keys) * 1e9


if __name__ == "__main__":
    main()
