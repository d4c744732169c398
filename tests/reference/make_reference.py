#!/usr/bin/env python3
"""Writes the reference values the core is checked against, computed by PyTorch.

Run once, by hand, with the Python that has PyTorch (Debian: apt-get install python3-torch;
use /usr/bin/python3 where pyenv shadows it):

    /usr/bin/python3 tests/reference/make_reference.py

It writes tests/reference/attention.json. The tests read only that file; they never need torch.
Every input is drawn here (seeded), so the C++ side repeats nothing but the maths. Biases are
drawn at random: PyTorch's default zeros would hide a bias bug.
"""
import json
import math
import pathlib

import torch
import torch.nn.functional as F

torch.manual_seed(20261120)
OUT = pathlib.Path(__file__).with_name("attention.json")


def t(x):
    """A tensor as {shape, data} with data flat, row-major, float32 values."""
    x = x.detach().to(torch.float32).contiguous()
    return {"shape": list(x.shape), "data": [float(v) for v in x.flatten()]}


def allowed_mask(kind, n_q, n_k, padding):
    allowed = torch.ones(n_q, n_k, dtype=torch.bool)
    if "causal" in kind:
        allowed &= torch.tril(torch.ones(n_q, n_k, dtype=torch.bool))
    if "padding" in kind:
        allowed &= ~torch.tensor(padding, dtype=torch.bool).unsqueeze(0)
    return allowed


def linear_cases():
    cases = []
    for n, d_in, d_out in [(1, 1, 1), (4, 16, 16), (7, 13, 5), (33, 64, 24)]:
        lin = torch.nn.Linear(d_in, d_out)
        torch.nn.init.uniform_(lin.bias, -0.5, 0.5)
        x = torch.randn(n, d_in)
        cases.append({"x": t(x), "weight": t(lin.weight), "bias": t(lin.bias), "y": t(lin(x))})
    return cases


def attention_cases():
    """scaled dot-product attention on explicit Q, K, V, through torch.nn.MultiheadAttention's
    functional core with identity projections, so the maths is PyTorch's, not a rewrite of ours."""
    cases = []
    specs = [
        # n_q, n_k, d_k, d_v, mask, padding of keys
        (4, 4, 8, 8, "none", [0, 0, 0, 0]),
        (4, 4, 8, 8, "causal", [0, 0, 0, 0]),
        (5, 5, 3, 6, "padding", [0, 0, 0, 1, 1]),
        (6, 6, 16, 16, "causal+padding", [0, 0, 0, 0, 1, 1]),
        (3, 7, 5, 2, "padding", [0, 1, 0, 0, 0, 1, 0]),
        (1, 1, 1, 1, "none", [0]),
        (17, 17, 12, 9, "causal", [0] * 17),
    ]
    for n_q, n_k, d_k, d_v, kind, padding in specs:
        q = torch.randn(n_q, d_k) * 1.5
        k = torch.randn(n_k, d_k) * 1.5
        v = torch.randn(n_k, d_v)
        allowed = allowed_mask(kind, n_q, n_k, padding)
        # PyTorch's own attention: _scaled_dot_product_attention in torch 1.13's F namespace
        # takes (batch, L, E) and an additive float mask.
        additive = torch.zeros(n_q, n_k).masked_fill(~allowed, float("-inf"))
        out, weights = F._scaled_dot_product_attention(
            q.unsqueeze(0), k.unsqueeze(0), v.unsqueeze(0), additive.unsqueeze(0))
        scores = (q @ k.T) / math.sqrt(d_k)
        cases.append({
            "mask": kind, "padding": padding, "q": t(q), "k": t(k), "v": t(v),
            "allowed": t(allowed.float()), "scores": t(scores),
            "weights": t(weights[0]), "output": t(out[0]),
        })
    return cases


def self_attention_cases():
    """Single-head self-attention with biases, checked through nn.MultiheadAttention(heads=1)
    whose out_proj is set to the identity, so its output is the head's output."""
    cases = []
    for n, d_model, kind, padding in [
        (4, 16, "none", [0, 0, 0, 0]),
        (4, 16, "causal", [0, 0, 0, 0]),
        (6, 8, "causal+padding", [0, 0, 0, 0, 1, 1]),
        (9, 32, "padding", [0, 0, 0, 0, 0, 0, 0, 1, 1]),
    ]:
        mha = torch.nn.MultiheadAttention(d_model, num_heads=1, bias=True)
        torch.nn.init.uniform_(mha.in_proj_bias, -0.5, 0.5)
        with torch.no_grad():
            mha.out_proj.weight.copy_(torch.eye(d_model))
            mha.out_proj.bias.zero_()
        x = torch.randn(n, d_model)
        allowed = allowed_mask(kind, n, n, padding)
        out, weights = mha(x.unsqueeze(1), x.unsqueeze(1), x.unsqueeze(1),
                           attn_mask=~allowed, need_weights=True)
        w_q, w_k, w_v = mha.in_proj_weight.chunk(3)
        b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
        cases.append({
            "mask": kind, "padding": padding, "x": t(x),
            "w_q": t(w_q), "w_k": t(w_k), "w_v": t(w_v),
            "b_q": t(b_q), "b_k": t(b_k), "b_v": t(b_v),
            "q": t(F.linear(x, w_q, b_q)), "weights": t(weights[0]), "output": t(out[:, 0, :]),
        })
    return cases


def softmax_cases():
    """Row softmax with -inf cells, including large magnitudes that overflow a naive exp."""
    cases = []
    for rows, cols, scale in [(3, 1, 1.0), (4, 5, 3.0), (2, 8, 40.0), (5, 37, 10.0), (1, 200, 100.0)]:
        x = torch.randn(rows, cols) * scale
        x[torch.rand(rows, cols) < 0.25] = float("-inf")
        x[:, 0] = torch.randn(rows) * scale  # keep at least one open cell per row
        cases.append({"x": t(x), "y": t(torch.softmax(x, dim=-1))})
    return cases


def main():
    data = {
        "generator": "tests/reference/make_reference.py",
        "torch_version": torch.__version__,
        "linear": linear_cases(),
        "softmax": softmax_cases(),
        "attention": attention_cases(),
        "self_attention": self_attention_cases(),
    }
    # -inf is not JSON: the softmax inputs spell it as the string "-inf".
    text = json.dumps(data, separators=(",", ":")).replace("-Infinity", '"-inf"')
    OUT.write_text(text + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
