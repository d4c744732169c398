#!/usr/bin/env python3
"""Writes the Transformer reference values (issue 3) the core is checked against, from PyTorch.

Run once, by hand, with the Python that has PyTorch (Debian: apt-get install python3-torch;
use /usr/bin/python3 where pyenv shadows it):

    /usr/bin/python3 tests/reference/make_transformer_reference.py

It writes tests/reference/transformer.json; the tests never need torch. The layers are PyTorch's
own (nn.MultiheadAttention, nn.LayerNorm, nn.TransformerEncoderLayer, nn.TransformerDecoderLayer),
dropout 0, and their weights are exported under their state_dict names in the core's JSON weights
format, so the same file also exercises the weights loader. Every bias and LayerNorm gain is drawn
at random: PyTorch's default zeros and ones would hide a swapped or missing parameter.
"""
import json
import math
import pathlib

import torch
import torch.nn as nn

torch.manual_seed(20261121)
OUT = pathlib.Path(__file__).with_name("transformer.json")


def t(x):
    """A tensor as {dtype, shape, data}: the weights format's tensor entry."""
    x = x.detach().to(torch.float32).contiguous()
    # 9 significant digits round-trip every float32 exactly.
    data = [float(f"{v:.9g}") for v in x.flatten().tolist()]
    return {"dtype": "float32", "shape": list(x.shape), "data": data}


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


def causal(n):
    return torch.triu(torch.full((n, n), float("-inf")), diagonal=1)


def mha_cases():
    cases = []
    for name, d, heads, n, m, mask in [
        ("self", 16, 4, 5, 5, "none"),
        ("self-causal", 16, 4, 6, 6, "causal"),
        ("cross", 12, 3, 4, 7, "none"),
        ("one-head", 8, 1, 3, 3, "causal"),
    ]:
        mha = randomise(nn.MultiheadAttention(d, heads, batch_first=True)).eval()
        x = torch.randn(1, n, d)
        memory = x if n == m and name.startswith(("self", "one")) else torch.randn(1, m, d)
        attn_mask = causal(n) if mask == "causal" else None
        with torch.no_grad():
            out, w = mha(x, memory, memory, attn_mask=attn_mask, average_attn_weights=False)
        cases.append({"name": name, "d_model": d, "heads": heads, "mask": mask,
                      "self": memory is x, "x": t(x[0]), "memory": t(memory[0]),
                      "tensors": state(mha), "weights": t(w[0]), "output": t(out[0])})
    return cases


def sinusoidal_cases():
    """The table as the PyTorch tutorial builds it (exp/log form), not our pow form."""
    cases = []
    for length, d in [(10, 16), (50, 64), (3, 2)]:
        position = torch.arange(length, dtype=torch.float64).unsqueeze(1)
        div = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(10000.0) / d))
        pe = torch.zeros(length, d, dtype=torch.float64)
        pe[:, 0::2] = torch.sin(position * div)
        pe[:, 1::2] = torch.cos(position * div)
        cases.append({"length": length, "d_model": d, "table": t(pe)})
    return cases


def layer_norm_cases():
    cases = []
    for n, d in [(4, 16), (7, 5), (1, 64)]:
        ln = randomise(nn.LayerNorm(d))
        x = torch.randn(n, d) * 3 + 1
        cases.append({"x": t(x), "tensors": state(ln), "y": t(ln(x))})
    return cases


def encoder_layer_cases():
    cases = []
    for norm_first in (False, True):
        for activation, mask in (("relu", "none"), ("gelu", "causal")):
            d, heads, d_ff, n = 16, 4, 32, 6
            layer = randomise(nn.TransformerEncoderLayer(
                d, heads, d_ff, dropout=0.0, activation=activation, batch_first=True,
                norm_first=norm_first)).eval()
            x = torch.randn(1, n, d)
            with torch.no_grad():
                y = layer(x, src_mask=causal(n) if mask == "causal" else None)
            cases.append({"norm_first": norm_first, "activation": activation, "mask": mask,
                          "d_model": d, "heads": heads, "d_ff": d_ff, "x": t(x[0]),
                          "tensors": state(layer), "y": t(y[0])})
    return cases


def decoder_layer_cases():
    cases = []
    for norm_first in (False, True):
        for activation in ("relu", "gelu"):
            d, heads, d_ff, n, m = 16, 2, 24, 5, 8
            layer = randomise(nn.TransformerDecoderLayer(
                d, heads, d_ff, dropout=0.0, activation=activation, batch_first=True,
                norm_first=norm_first)).eval()
            x = torch.randn(1, n, d)
            memory = torch.randn(1, m, d)
            with torch.no_grad():
                y = layer(x, memory, tgt_mask=causal(n))
            cases.append({"norm_first": norm_first, "activation": activation, "d_model": d,
                          "heads": heads, "d_ff": d_ff, "x": t(x[0]), "memory": t(memory[0]),
                          "tensors": state(layer), "y": t(y[0])})
    return cases


def sinusoids(max_len, d):
    position = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(10000.0) / d))
    pe = torch.zeros(max_len, d, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(position * div)
    pe[:, 1::2] = torch.cos(position * div)
    return pe.to(torch.float32)


class DecoderOnly(nn.Module):
    """GPT-style: embeddings + sinusoidal positions, encoder layers under a causal mask, a final
    LayerNorm when pre-norm, lm_head. Names match the core's DecoderOnlyModel."""

    def __init__(self, vocab, d, heads, d_ff, layers, norm_first, activation, max_len):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.register_buffer("pe", sinusoids(max_len, d), persistent=False)
        self.layers = nn.ModuleList(nn.TransformerEncoderLayer(
            d, heads, d_ff, dropout=0.0, activation=activation, batch_first=True,
            norm_first=norm_first) for _ in range(layers))
        self.norm = nn.LayerNorm(d) if norm_first else None
        self.lm_head = nn.Linear(d, vocab)

    def forward(self, ids):
        n = ids.shape[1]
        h = self.embed(ids) + self.pe[:n]
        for layer in self.layers:
            h = layer(h, src_mask=causal(n))
        if self.norm is not None:
            h = self.norm(h)
        return self.lm_head(h)


def decoder_only_cases():
    cases = []
    vocab = ["<begin>", "<end>", "robot", "must", "obey", "orders", "机", "器", "人"]
    for norm_first, activation in ((False, "relu"), (True, "gelu")):
        config = {"model": "decoder-only", "d_model": 16, "heads": 4, "d_ff": 32, "layers": 2,
                  "norm_first": norm_first, "activation": activation,
                  "positional": "sinusoidal", "max_len": 32, "vocab": vocab}
        model = randomise(DecoderOnly(len(vocab), 16, 4, 32, 2, norm_first, activation, 32)).eval()
        prompt = [2, 3]
        ids = list(prompt)
        steps = []
        with torch.no_grad():
            for _ in range(6):
                logits = model(torch.tensor([ids]))[0, -1]
                nxt = int(torch.argmax(logits))
                steps.append({"logits": t(logits), "token": nxt})
                ids.append(nxt)
        cases.append({"weights": {"format": "attention-lab/weights", "version": 1,
                                  "config": config, "tensors": state(model)},
                      "prompt": prompt, "steps": steps})
    return cases


def main():
    data = {
        "generator": "tests/reference/make_transformer_reference.py",
        "torch_version": torch.__version__,
        "mha": mha_cases(),
        "sinusoidal": sinusoidal_cases(),
        "layer_norm": layer_norm_cases(),
        "encoder_layer": encoder_layer_cases(),
        "decoder_layer": decoder_layer_cases(),
        "decoder_only": decoder_only_cases(),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
