#!/usr/bin/env python3
"""Writes the training reference values the core's loss, backward pass and optimiser are checked
against, from PyTorch.

Run once, by hand, with the Python that has PyTorch (Debian: apt-get install python3-torch;
use /usr/bin/python3 where pyenv shadows it):

    /usr/bin/python3 tests/reference/make_training_reference.py

It writes tests/reference/training.json; the tests never need torch. Everything is computed in
float64 (model.double()) from inputs and parameters that are drawn in float32 first, so every
exported input is exactly a float32 (9 significant digits round-trip it), the C++ core loads the
very same numbers, and the reference outputs are exact to ~1e-12 for those numbers: any difference
the tests see is the core's own float32 rounding. Tensors use the weights format's
{dtype, shape, data} entry; scalars (losses, norms) are plain JSON numbers at full float64
precision. Every bias and LayerNorm gain/bias is drawn at random (PyTorch's zeros and ones would
hide a swapped or missing parameter); embeddings and learned position tables are N(0, 1).

Top-level keys, and how the C++ tests use them:

  cross_entropy   logits (5, 4), targets with one ignore_index (-100) row, and for mean, sum,
                  mean with label smoothing 0.1 and sum with label smoothing 0.1: the loss and
                  d loss / d logits (5, 4). Checks the core's cross-entropy forward and backward
                  (F.cross_entropy semantics exactly).
  adam, adamw,    a (3, 4) parameter, three fixed gradients g1..g3, the hyper-parameters, and the
  adam_plain      parameter after each of 3 steps of torch.optim.Adam (L2 weight decay 0.1),
                  torch.optim.AdamW (decoupled weight decay 0.1) and Adam without decay. Checks
                  attnlab::Adam step by step (AdamOptions.decoupled false / true).
  clip,           two gradients (2, 3) and (4,) of global norm ~5, max_norm, the norm that
  clip_under      torch.nn.utils.clip_grad_norm_ returns, and the clipped gradients; clip_under
                  has max_norm 10 (nothing changes). Checks attnlab::clip_grad_norm.
  decoder_only_post   a one-layer post-norm ReLU model with learned positions run WITHOUT the
                      causal mask (a plain encoder + lm_head) over a right-padded batch of two.
  decoder_only_pre    the same shapes, pre-norm (final LayerNorm "norm.*"), GELU, sinusoidal
                      positions, causal mask on, label smoothing 0.1.
  encoder_decoder     one encoder and one decoder layer, post-norm, ReLU, learned positions, a
                      padded source batch and a padded teacher-forced target batch.
      Each model case holds a complete weights file under "weights" (load it with load_weights),
      the batch (ids, lengths, key-padding flags, targets with -100 where ignored), the logits,
      the mean loss over the counted tokens, and under "grads" d loss / d parameter for every
      parameter under the same names (load it into a gradient ParamList with load_tensors).
      The tests run the core's forward and backward on the batch and compare logits, loss and
      every gradient.

Padding is on the right, so no attention row is ever fully masked. The script asserts that each
padded sequence gives the same logits at its real positions, and the same gradients, as running
that sequence alone truncated to its length without any padding mask: the core may batch either
way.
"""
import json
import math
import pathlib

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(20261122)
OUT = pathlib.Path(__file__).with_name("training.json")
IGNORE = -100


def t(x):
    """A tensor as {dtype, shape, data}: the weights format's tensor entry."""
    x = x.detach().to(torch.float32).contiguous()
    # 9 significant digits round-trip every float32 exactly.
    data = [float(f"{v:.9g}") for v in x.flatten().tolist()]
    return {"dtype": "float32", "shape": list(x.shape), "data": data}


def randn32(*shape, scale=1.0):
    """Drawn in float32 (so it exports exactly), computed with in float64."""
    return (torch.randn(*shape) * scale).double()


def owner(module, name):
    """The module that holds parameter `name`."""
    return dict(module.named_modules())[name.rsplit(".", 1)[0]] if "." in name else module


def randomise(module):
    """Random biases and LayerNorm gains, so nothing sits at a default 0 or 1."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith("bias"):
                p.uniform_(-0.5, 0.5)
            elif isinstance(owner(module, name), nn.LayerNorm):
                p.uniform_(0.5, 1.5)
    return module


def state(module):
    return {k: t(v) for k, v in module.state_dict().items()}


def grads(module):
    return {k: t(p.grad) for k, p in module.named_parameters()}


def causal(n):
    """True = blocked (key j > query i)."""
    return torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)


def close(a, b, tol=1e-11):
    return torch.allclose(a, b, rtol=tol, atol=tol)


# ---------------------------------------------------------------------------------------------
# 1. cross-entropy


def manual_cross_entropy(logits, targets, reduction, eps):
    """The formula F.cross_entropy implements, written out (checked against it below)."""
    c = logits.shape[1]
    logp = torch.log_softmax(logits, dim=1)
    counted = targets != IGNORE
    safe = targets.clamp(min=0)
    nll = -logp.gather(1, safe[:, None])[:, 0]
    smooth = -logp.sum(1) / c
    per_row = ((1 - eps) * nll + eps * smooth) * counted
    n = int(counted.sum())
    loss = per_row.sum() / (n if reduction == "mean" else 1)
    # d loss / d logits: softmax - ((1 - eps) onehot + eps / C), rows ignored -> 0, / n for mean.
    target_dist = torch.full_like(logits, eps / c)
    target_dist[torch.arange(len(targets)), safe] += 1 - eps
    g = (torch.softmax(logits, 1) - target_dist) * counted[:, None]
    return loss, g / (n if reduction == "mean" else 1)


def cross_entropy_case():
    logits = randn32(5, 4, scale=2.0)
    targets = torch.tensor([2, 0, IGNORE, 3, 1])
    cases = []
    for reduction, eps in (("mean", 0.0), ("sum", 0.0), ("mean", 0.1), ("sum", 0.1)):
        x = logits.clone().requires_grad_(True)
        loss = F.cross_entropy(x, targets, ignore_index=IGNORE, reduction=reduction,
                               label_smoothing=eps)
        loss.backward()
        ml, mg = manual_cross_entropy(logits, targets, reduction, eps)
        assert close(loss.detach(), ml) and close(x.grad, mg), (reduction, eps)
        cases.append({"reduction": reduction, "label_smoothing": eps, "loss": loss.item(),
                      "grad": t(x.grad)})
    return {"logits": t(logits), "targets": targets.tolist(), "ignore_index": IGNORE,
            "cases": cases}


# ---------------------------------------------------------------------------------------------
# 2. Adam / AdamW


def manual_adam(p, gs, lr, b1, b2, eps, wd, decoupled):
    m = torch.zeros_like(p)
    v = torch.zeros_like(p)
    out = []
    for step, g in enumerate(gs, 1):
        if decoupled:
            p = p * (1 - lr * wd)  # AdamW: decay the parameter first, outside the moments
        elif wd:
            g = g + wd * p  # Adam: L2 term folded into the gradient, so into m and v
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1 ** step)
        v_hat = v / (1 - b2 ** step)
        p = p - lr * m_hat / (v_hat.sqrt() + eps)
        out.append(p)
    return out


def adam_cases():
    p0 = randn32(3, 4)
    gs = [randn32(3, 4) for _ in range(3)]
    lr, betas, eps = 0.01, (0.9, 0.999), 1e-8
    out = {}
    for key, cls, wd in (("adam", torch.optim.Adam, 0.1), ("adamw", torch.optim.AdamW, 0.1),
                         ("adam_plain", torch.optim.Adam, 0.0)):
        p = nn.Parameter(p0.clone())
        opt = cls([p], lr=lr, betas=betas, eps=eps, weight_decay=wd)
        steps = []
        for g in gs:
            p.grad = g.clone()
            opt.step()
            steps.append(p.detach().clone())
        manual = manual_adam(p0, gs, lr, *betas, eps, wd, cls is torch.optim.AdamW)
        assert all(close(a, b, 1e-12) for a, b in zip(steps, manual)), key
        out[key] = {"optimizer": cls.__name__, "lr": lr, "betas": list(betas), "eps": eps,
                    "weight_decay": wd, "decoupled": cls is torch.optim.AdamW,
                    "param": t(p0), "grads": [t(g) for g in gs], "steps": [t(s) for s in steps]}
    return out


# ---------------------------------------------------------------------------------------------
# 3. gradient clipping


def clip_cases():
    a, b = torch.randn(2, 3), torch.randn(4)
    scale = 5.0 / float(torch.cat([a.flatten(), b]).norm())
    a, b = (a * scale).double(), (b * scale).double()
    out = {}
    for key, max_norm in (("clip", 1.0), ("clip_under", 10.0)):
        pa, pb = nn.Parameter(torch.zeros_like(a)), nn.Parameter(torch.zeros_like(b))
        pa.grad, pb.grad = a.clone(), b.clone()
        norm = torch.nn.utils.clip_grad_norm_([pa, pb], max_norm)
        total = torch.cat([a.flatten(), b]).norm()
        coef = min(max_norm / (float(total) + 1e-6), 1.0)
        assert close(norm, total) and close(pa.grad, a * coef) and close(pb.grad, b * coef)
        out[key] = {"grads": [t(a), t(b)], "max_norm": max_norm, "norm_type": 2.0,
                    "total_norm": norm.item(), "clipped": [t(pa.grad), t(pb.grad)]}
    return out


# ---------------------------------------------------------------------------------------------
# 4-6. whole models: forward, loss, backward


def sinusoids(max_len, d):
    """The PyTorch tutorial's table (exp/log form), kept in float64."""
    position = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(10000.0) / d))
    pe = torch.zeros(max_len, d, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(position * div)
    pe[:, 1::2] = torch.cos(position * div)
    return pe


def add_input(model, prefix, vocab, d, positional, max_len):
    """TokenInput's parameters on `model`: <prefix>embed.weight, <prefix>pos.weight (learned
    only), both N(0, 1) (nn.Embedding's default); a sinusoidal table is a non-persistent buffer."""
    model.add_module(prefix + "embed", nn.Embedding(vocab, d))
    if positional == "learned":
        model.add_module(prefix + "pos", nn.Embedding(max_len, d))
    else:
        model.register_buffer(prefix + "pe", sinusoids(max_len, d), persistent=False)


def token_input(model, prefix, ids):
    """E[id] + PE[position], not scaled by sqrt(d_model)."""
    n = ids.shape[1]
    x = getattr(model, prefix + "embed")(ids)
    if hasattr(model, prefix + "pos"):
        return x + getattr(model, prefix + "pos").weight[:n]
    return x + getattr(model, prefix + "pe")[:n]


class Stack(nn.Module):
    def __init__(self, layers, norm):
        super().__init__()
        self.layers = nn.ModuleList(layers)
        self.norm = norm


class DecoderOnly(nn.Module):
    """The core's DecoderOnlyModel: TokenInput, encoder layers (causal mask optional), a final
    LayerNorm when pre-norm, lm_head."""

    def __init__(self, vocab, d, heads, d_ff, layers, norm_first, activation, positional,
                 max_len):
        super().__init__()
        add_input(self, "", vocab, d, positional, max_len)
        self.layers = nn.ModuleList(nn.TransformerEncoderLayer(
            d, heads, d_ff, dropout=0.0, activation=activation, batch_first=True,
            norm_first=norm_first) for _ in range(layers))
        self.norm = nn.LayerNorm(d) if norm_first else None
        self.lm_head = nn.Linear(d, vocab)

    def forward(self, ids, key_padding, is_causal):
        h = token_input(self, "", ids)
        mask = causal(ids.shape[1]) if is_causal else None
        for layer in self.layers:
            h = layer(h, src_mask=mask, src_key_padding_mask=key_padding)
        if self.norm is not None:
            h = self.norm(h)
        return self.lm_head(h)


class EncoderDecoder(nn.Module):
    """The core's EncoderDecoderModel: src/tgt TokenInputs, encoder and decoder stacks (final
    norms only when pre-norm), lm_head."""

    def __init__(self, vocab, d, heads, d_ff, layers, norm_first, activation, positional,
                 max_len):
        super().__init__()
        add_input(self, "src_", vocab, d, positional, max_len)
        add_input(self, "tgt_", vocab, d, positional, max_len)
        kw = dict(dropout=0.0, activation=activation, batch_first=True, norm_first=norm_first)
        self.encoder = Stack([nn.TransformerEncoderLayer(d, heads, d_ff, **kw)
                              for _ in range(layers)], nn.LayerNorm(d) if norm_first else None)
        self.decoder = Stack([nn.TransformerDecoderLayer(d, heads, d_ff, **kw)
                              for _ in range(layers)], nn.LayerNorm(d) if norm_first else None)
        self.lm_head = nn.Linear(d, vocab)

    def forward(self, src, src_padding, tgt, tgt_padding):
        memory = token_input(self, "src_", src)
        for layer in self.encoder.layers:
            memory = layer(memory, src_key_padding_mask=src_padding)
        if self.encoder.norm is not None:
            memory = self.encoder.norm(memory)
        h = token_input(self, "tgt_", tgt)
        for layer in self.decoder.layers:
            h = layer(h, memory, tgt_mask=causal(tgt.shape[1]), tgt_key_padding_mask=tgt_padding,
                      memory_key_padding_mask=src_padding)
        if self.decoder.norm is not None:
            h = self.decoder.norm(h)
        return self.lm_head(h)


def key_padding(lengths, n):
    return torch.arange(n)[None, :] >= torch.tensor(lengths)[:, None]


def loss_of(logits, targets, eps):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1),
                           ignore_index=IGNORE, label_smoothing=eps)


def param_grads(model):
    return {k: p.grad.clone() for k, p in model.named_parameters()}


def check_unbatched(model, run_one, logits, targets, lengths, eps, batch_grads):
    """Each sequence alone, truncated, no padding: same logits at real positions; the summed
    per-token losses over the batch's counted-token total give the same gradients."""
    counted = int((targets != IGNORE).sum())
    model.zero_grad()
    total = 0.0
    for b, lens in enumerate(lengths):
        out = run_one(b)
        n = out.shape[1]
        assert close(out[0], logits[b, :n].detach()), "unbatched logits differ"
        total = total + F.cross_entropy(out[0], targets[b, :n], ignore_index=IGNORE,
                                        label_smoothing=eps, reduction="sum")
    (total / counted).backward()
    for k, g in param_grads(model).items():
        assert close(g, batch_grads[k]), f"unbatched gradient of {k} differs"
    model.zero_grad()


def weights_file(model, config):
    return {"format": "attention-lab/weights", "version": 1, "config": config,
            "tensors": state(model)}


def decoder_only_case(norm_first, activation, positional, is_causal, eps):
    vocab = ["<pad>", "<begin>", "<end>", "a", "b", "c", "d"]
    d, heads, d_ff, layers, max_len = 8, 2, 16, 1, 6
    config = {"model": "decoder-only", "d_model": d, "heads": heads, "d_ff": d_ff,
              "layers": layers, "norm_first": norm_first, "activation": activation,
              "positional": positional, "max_len": max_len, "vocab": vocab}
    model = randomise(DecoderOnly(len(vocab), d, heads, d_ff, layers, norm_first, activation,
                                  positional, max_len)).double().train()
    ids = torch.tensor([[1, 4, 2, 6, 3], [5, 2, 2, 0, 0]])
    lengths = [5, 3]
    targets = torch.tensor([[4, 2, 6, 3, 1], [2, 3, IGNORE, IGNORE, IGNORE]])
    padding = key_padding(lengths, ids.shape[1])
    logits = model(ids, padding, is_causal)
    loss = loss_of(logits, targets, eps)
    loss.backward()
    batch_grads = param_grads(model)
    exported = grads(model)
    check_unbatched(model, lambda b: model(ids[b:b + 1, :lengths[b]], None, is_causal),
                    logits, targets, lengths, eps, batch_grads)
    return {"weights": weights_file(model, config), "causal": is_causal,
            "label_smoothing": eps, "ignore_index": IGNORE, "ids": ids.tolist(),
            "lengths": lengths, "key_padding": padding.tolist(), "targets": targets.tolist(),
            "counted": int((targets != IGNORE).sum()), "logits": t(logits), "loss": loss.item(),
            "grads": exported}


def encoder_decoder_case():
    vocab = ["<pad>", "<begin>", "<end>", "robot", "must", "obey", "机", "器", "人"]
    d, heads, d_ff, layers, max_len = 8, 2, 16, 1, 8
    config = {"model": "encoder-decoder", "d_model": d, "heads": heads, "d_ff": d_ff,
              "layers": layers, "norm_first": False, "activation": "relu",
              "positional": "learned", "max_len": max_len, "vocab": vocab}
    model = randomise(EncoderDecoder(len(vocab), d, heads, d_ff, layers, False, "relu",
                                     "learned", max_len)).double().train()
    src = torch.tensor([[3, 4, 5, 6, 7, 8], [6, 7, 8, 3, 0, 0]])
    src_lengths = [6, 4]
    tgt_in = torch.tensor([[1, 3, 4, 5, 6], [1, 7, 8, 0, 0]])
    tgt_lengths = [5, 3]
    targets = torch.tensor([[3, 4, 5, 6, 2], [7, 8, 2, IGNORE, IGNORE]])
    src_pad = key_padding(src_lengths, src.shape[1])
    tgt_pad = key_padding(tgt_lengths, tgt_in.shape[1])
    logits = model(src, src_pad, tgt_in, tgt_pad)
    loss = loss_of(logits, targets, 0.0)
    loss.backward()
    batch_grads = param_grads(model)
    exported = grads(model)

    def run_one(b):
        return model(src[b:b + 1, :src_lengths[b]], None, tgt_in[b:b + 1, :tgt_lengths[b]], None)

    check_unbatched(model, run_one, logits, targets, tgt_lengths, 0.0, batch_grads)
    return {"weights": weights_file(model, config), "label_smoothing": 0.0,
            "ignore_index": IGNORE, "src": src.tolist(), "src_lengths": src_lengths,
            "src_key_padding": src_pad.tolist(), "tgt_in": tgt_in.tolist(),
            "tgt_lengths": tgt_lengths, "tgt_key_padding": tgt_pad.tolist(),
            "targets": targets.tolist(), "counted": int((targets != IGNORE).sum()),
            "logits": t(logits), "loss": loss.item(), "grads": exported}


def main():
    data = {"generator": "tests/reference/make_training_reference.py",
            "torch_version": torch.__version__,
            "cross_entropy": cross_entropy_case()}
    data.update(adam_cases())
    data.update(clip_cases())
    data["decoder_only_post"] = decoder_only_case(False, "relu", "learned", False, 0.0)
    data["decoder_only_pre"] = decoder_only_case(True, "gelu", "sinusoidal", True, 0.1)
    data["encoder_decoder"] = encoder_decoder_case()
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    print("  cross_entropy: " + ", ".join(
        f"{c['reduction']}/ls{c['label_smoothing']} loss {c['loss']:.6f}"
        for c in data["cross_entropy"]["cases"]))
    for key in ("adam", "adamw", "adam_plain"):
        print(f"  {key}: p[0,0] {data[key]['param']['data'][0]:.6f} -> "
              f"{data[key]['steps'][-1]['data'][0]:.6f} after 3 steps")
    for key in ("clip", "clip_under"):
        print(f"  {key}: total norm {data[key]['total_norm']:.6f}, max_norm {data[key]['max_norm']}")
    for key in ("decoder_only_post", "decoder_only_pre", "encoder_decoder"):
        case = data[key]
        print(f"  {key}: loss {case['loss']:.6f} over {case['counted']} tokens, "
              f"{len(case['grads'])} parameter gradients")


if __name__ == "__main__":
    main()
