// The Transformer functions of the JS facade in Node: PyTorch's weights loaded through the JS
// object path give PyTorch's numbers, the KV cache changes nothing but the work, weights round
// trip, and every bad input is an AttnLabError that names the value.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { AttnLabError, load } from '../../wasm/js/index.js';

const lab = await load({ variant: 'simd' });
const scalar = await load({ variant: 'scalar' });
const REFERENCE = JSON.parse(
  readFileSync(new URL('../reference/transformer.json', import.meta.url), 'utf8'),
);

function assertClose(actual, expected, tolerance, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const bound = tolerance * (1 + Math.abs(expected[i]));
    if (!(Math.abs(actual[i] - expected[i]) <= bound)) {
      assert.fail(`${what}[${i}] = ${actual[i]}, expected ${expected[i]} (tolerance ${bound})`);
    }
  }
}

test('multiHeadAttention with PyTorch weights gives nn.MultiheadAttention numbers', () => {
  // The facade embeds the sentence itself, so check the loaded layer on its own x: the weights
  // it reports are PyTorch's, and its output is concat W_o^T + b_o with them.
  const ref = REFERENCE.mha.find((c) => c.name === 'self');
  const r = lab.multiHeadAttention({
    sentence: 'a b c d e',
    dModel: ref.d_model,
    heads: ref.heads,
    weights: { tensors: ref.tensors, format: 'attention-lab/weights' },
  });
  // W_q is the first d_model rows of PyTorch's in_proj_weight, W_o its out_proj.weight.
  const inProj = ref.tensors.in_proj_weight.data;
  assertClose(r.wQ.data, inProj.slice(0, 16 * 16), 1e-7, 'wQ');
  assertClose(r.wV.data, inProj.slice(2 * 16 * 16), 1e-7, 'wV');
  assertClose(r.wO.data, ref.tensors['out_proj.weight'].data, 1e-7, 'wO');
  // output = concat W_o^T + b_o, recomputed in double from the returned tensors.
  const [n, d] = r.concat.shape;
  const bias = ref.tensors['out_proj.bias'].data;
  for (let i = 0; i < n; i++) {
    for (let o = 0; o < d; o++) {
      let sum = bias[o];
      for (let c = 0; c < d; c++) sum += r.concat.data[i * d + c] * r.wO.data[o * d + c];
      assert.ok(Math.abs(sum - r.output.data[i * d + o]) < 1e-5);
    }
  }
});

test('multiHeadAttention: per-head shapes, rows sum to 1, mean over heads, cross-attention', () => {
  const r = lab.multiHeadAttention({
    sentence: 'robot must obey orders',
    heads: 4,
    mask: 'causal',
  });
  assert.deepEqual(r.q.shape, [4, 4, 4]);
  assert.deepEqual(r.weights.shape, [4, 4, 4]);
  assert.deepEqual(r.headOutputs.shape, [4, 4, 4]);
  assert.deepEqual(r.concat.shape, [4, 16]);
  for (let h = 0; h < 4; h++) {
    for (let i = 0; i < 4; i++) {
      let sum = 0;
      for (let j = 0; j < 4; j++) {
        const w = r.weights.data[(h * 4 + i) * 4 + j];
        if (j > i) assert.equal(w, 0);
        sum += w;
      }
      assert.ok(Math.abs(sum - 1) < 1e-6);
    }
  }
  const mean =
    (r.weights.data[1] + r.weights.data[17] + r.weights.data[33] + r.weights.data[49]) / 4;
  assert.ok(Math.abs(r.meanWeights.data[1] - mean) < 1e-7);
  // Head 2's output is columns 8..11 of the concatenation.
  assert.equal(r.headOutputs.data[2 * 16 + 1 * 4 + 3], r.concat.data[1 * 16 + 2 * 4 + 3]);

  const c = lab.multiHeadAttention({ sentence: 'robot must', memory: 'le robot doit obéir' });
  assert.deepEqual(c.weights.shape, [2, 2, 4]);
  assert.deepEqual(c.k.shape, [2, 4, 8]);
  assert.deepEqual(c.memoryTokens, ['le', 'robot', 'doit', 'obéir']);
});

test("positionalEncoding: the sinusoidal table is PyTorch's; RoPE similarity depends on distance", () => {
  const ref = REFERENCE.sinusoidal[0];
  const r = lab.positionalEncoding({ kind: 'sinusoidal', length: ref.length, dModel: ref.d_model });
  assertClose(r.table.data, ref.table.data, 1e-6, 'table');
  const rope = lab.positionalEncoding({ kind: 'rope', length: 8, dModel: 8 });
  const sim = (i, j) => rope.similarity.data[i * 8 + j];
  assert.ok(Math.abs(sim(1, 3) - sim(4, 6)) < 1e-6);
  const learned = lab.positionalEncoding({ kind: 'learned', length: 4, dModel: 8, seed: 3 });
  const longer = lab.positionalEncoding({ kind: 'learned', length: 6, dModel: 8, seed: 3 });
  assert.deepEqual(learned.table.data, longer.table.data.subarray(0, 32));
});

test('layerNorm and feedForward', () => {
  const ref = REFERENCE.layer_norm[0];
  const r = lab.layerNorm({
    x: ref.x,
    gamma: ref.tensors.weight.data,
    beta: ref.tensors.bias.data,
  });
  assertClose(r.y.data, ref.y.data, 1e-5, 'y');
  assert.deepEqual(r.mean.shape, [4]);
  assert.deepEqual(r.columnVariance.shape, [16]);
  const f = lab.feedForward({ x: ref.x, dFF: 8, activation: 'relu' });
  assert.deepEqual(f.hidden.shape, [4, 8]);
  assert.ok(f.activated.data.every((v, i) => v === Math.max(0, f.hidden.data[i])));
});

test('encoder: post-norm and pre-norm steps in order, a final LayerNorm only for pre-norm', () => {
  const post = lab.encoder({ sentence: 'robot must obey orders', layers: 2 });
  assert.equal(post.layers.length, 2);
  assert.deepEqual(
    post.layers[0].steps.map((s) => s.name),
    ['input', 'self-attention', 'add1', 'norm1', 'ffn-hidden', 'ffn', 'add2', 'norm2'],
  );
  assert.equal(post.finalNorm, undefined);
  assert.deepEqual(post.layers[1].steps[0].value.data, post.layers[0].steps[7].value.data);
  const pre = lab.encoder({ sentence: 'robot must obey orders', normFirst: true });
  assert.equal(pre.layers[0].steps[1].name, 'norm1');
  assert.deepEqual(pre.finalNorm.value.data, pre.output.data);
});

test("generate: a PyTorch decoder-only model decodes to PyTorch's tokens and logits", () => {
  for (const c of REFERENCE.decoder_only) {
    const vocab = c.weights.config.vocab;
    const prompt = c.prompt.map((id) => vocab[id]).join(' ');
    for (const useCache of [true, false]) {
      const r = lab.generate({
        model: 'decoder-only',
        prompt,
        weights: JSON.stringify(c.weights),
        maxNewTokens: 6,
        stopAtEnd: false,
        useCache,
      });
      assert.deepEqual(
        r.steps.map((s) => s.tokenId),
        c.steps.map((s) => s.token),
      );
      r.steps.forEach((s, i) => assertClose(s.logits.data, c.steps[i].logits.data, 1e-5, 'logits'));
    }
  }
});

test('generate: the KV cache gives the same logits for less work per token', () => {
  for (const model of ['decoder-only', 'encoder-decoder']) {
    const options = {
      model,
      prompt: 'robot must obey orders',
      source: 'robot must obey orders',
      maxNewTokens: 24,
      stopAtEnd: false,
      layers: 2,
      heads: 4,
      positional: 'rope',
    };
    const cached = lab.generate({ ...options, useCache: true });
    const full = lab.generate({ ...options, useCache: false });
    assert.deepEqual(cached.tokens, full.tokens);
    cached.steps.forEach((s, i) =>
      assertClose(s.logits.data, full.steps[i].logits.data, 1e-6, 'logits'),
    );
    // Step 1 sees the same tokens; the encoder-decoder's cached cross-attention K and V of the
    // source were computed once, before it (counted in encoderMacs).
    if (model === 'decoder-only') assert.equal(cached.steps[0].macs, full.steps[0].macs);
    else assert.ok(cached.steps[0].macs < full.steps[0].macs);
    const ratio = (i) => full.steps[i].macs / cached.steps[i].macs;
    assert.ok(ratio(23) > ratio(3) && ratio(3) > 1, `ratios ${ratio(3)} ${ratio(23)}`);
    assert.deepEqual(cached.cacheK.shape, full.cacheK.shape);
    assertClose(cached.cacheK.data, full.cacheK.data, 1e-6, 'cacheK');
    if (model === 'encoder-decoder') assert.deepEqual(cached.steps[5].crossWeights.shape, [4, 4]);
  }
});

test('exportWeights round trip: the saved model generates exactly like the seeded one', () => {
  const options = { model: 'encoder-decoder', source: 'a b c', seed: 9, stopAtEnd: false };
  const seeded = lab.generate(options);
  const text = lab.exportWeights({ model: 'encoder-decoder', vocab: seeded.vocab, seed: 9 });
  const file = JSON.parse(text);
  assert.equal(file.format, 'attention-lab/weights');
  assert.deepEqual(file.tensors['decoder.layers.0.multihead_attn.in_proj_weight'].shape, [48, 16]);
  const loaded = lab.generate({ ...options, weights: text });
  assert.deepEqual(loaded.tokens, seeded.tokens);
  assert.deepEqual(loaded.steps[2].logits.data, seeded.steps[2].logits.data);
});

test('SIMD and scalar builds agree on the Transformer functions', () => {
  const a = lab.encoder({ sentence: 'the cat sat on the mat', layers: 2, heads: 4 });
  const b = scalar.encoder({ sentence: 'the cat sat on the mat', layers: 2, heads: 4 });
  assertClose(a.output.data, b.output.data, 1e-5, 'encoder output');
});

const weightsFile = JSON.parse(
  lab.exportWeights({ model: 'decoder-only', vocab: ['<begin>', '<end>', 'a'] }),
);
function edited(edit) {
  const copy = structuredClone(weightsFile);
  edit(copy);
  return copy;
}
const gen = (extra) => () => lab.generate({ model: 'decoder-only', prompt: 'a', ...extra });

const BAD_INPUT = [
  [
    () => lab.multiHeadAttention({ sentence: 'a b', heads: 3 }),
    'd_model 16 is not divisible by heads 3: allowed heads 1, 2, 4, 8, 16',
  ],
  [
    () => lab.multiHeadAttention({ sentence: 'a b', memory: '' }),
    'sentence is empty: allowed 1..64 tokens',
  ],
  [
    () => lab.multiHeadAttention({ sentence: 'a b', memory: 'c d e', mask: 'causal' }),
    "mask term 'causal' needs as many queries as keys; got 2 queries and 3 keys",
  ],
  [
    () => lab.multiHeadAttention({ sentence: 'a b', dModel: 300 }),
    'dModel 300 is out of range: allowed integers 2..256',
  ],
  [
    () => lab.multiHeadAttention({ sentence: 'a b', positional: 'alibi' }),
    "positional 'alibi' is unknown: allowed none, sinusoidal, learned, rope",
  ],
  [
    () => lab.multiHeadAttention({ sentence: 'a b', heads: 4, dModel: 12, positional: 'rope' }),
    'd_k 3 is odd: RoPE rotates pairs of columns, so d_model / heads must be even',
  ],
  [
    () => lab.multiHeadAttention({ sentence: 'a b', weights: { in_proj_weight: 1 } }),
    "tensor 'in_proj_weight' must be an object {dtype, shape, data}",
  ],
  [
    () => lab.mask({ spec: 'window:x', n: 3 }),
    "mask term 'window:x' needs a whole number after 'window:', e.g. window:2",
  ],
  [() => lab.mask({ spec: 'prefix:5', n: 3 }), 'prefix length 5 is out of range: allowed 0..3'],
  [
    () => lab.positionalEncoding({ length: 513 }),
    'length 513 is out of range: allowed integers 1..512',
  ],
  [
    () => lab.positionalEncoding({ length: 4, dModel: 7 }),
    'd_model 7 is odd: sin/cos positions pair columns, so it must be even',
  ],
  [
    () => lab.layerNorm({ x: { data: [1, 2], shape: [1, 2] }, gamma: [1] }),
    'gamma has 1 values: it needs 2',
  ],
  [
    () => lab.layerNorm({ x: { data: [1, 2], shape: [1, 2] }, eps: 0 }),
    'eps 0 is out of range: allowed 5e-324..1',
  ],
  [
    () => lab.feedForward({ x: { data: [1, 2], shape: [1, 2] }, dFF: 0 }),
    'dFF 0 is out of range: allowed integers 1..1024',
  ],
  [
    () => lab.encoder({ sentence: 'a', layers: 7 }),
    'layers 7 is out of range: allowed integers 1..6',
  ],
  [
    () => lab.encoder({ sentence: 'a', activation: 'tanh' }),
    "activation 'tanh' is unknown: allowed relu, gelu",
  ],
  [gen({ maxNewTokens: 0 }), 'maxNewTokens 0 is out of range: allowed integers 1..64'],
  [gen({ temperature: 0 }), 'temperature 0 is out of range: allowed 0.05..10'],
  [gen({ strategy: 'beam' }), "strategy 'beam' is unknown: allowed greedy, sample"],
  [gen({ strategy: 'sample', topK: 99 }), 'top_k 99 is out of range: allowed 0..3'],
  [
    () => lab.generate({ source: 'a', weights: '{"format": "attention-lab/wei' }),
    /^weights file is not valid JSON \(truncated or corrupt\)/,
  ],
  [gen({ weights: 'not json' }), /^weights file is not valid JSON/],
  [
    gen({ weights: edited((f) => delete f.tensors['lm_head.bias']) }),
    "weights file is missing the tensor 'lm_head.bias' of shape [3]",
  ],
  [
    gen({ weights: edited((f) => (f.tensors['lm_head.weight'].shape = [16, 3])) }),
    "tensor 'lm_head.weight' has shape [16,3] but the model needs [3, 16]",
  ],
  [
    gen({ weights: edited((f) => (f.tensors['lm_head.bias'].dtype = 'float16')) }),
    'tensor \'lm_head.bias\' has dtype "float16": allowed "float32"',
  ],
  [
    gen({ weights: edited((f) => f.tensors['lm_head.bias'].data.pop()) }),
    "tensor 'lm_head.bias' has 2 values in 'data' but its shape [3] needs 3",
  ],
  [
    gen({ weights: edited((f) => (f.tensors['lm_head.bias'].data[1] = null)) }),
    "tensor 'lm_head.bias' value 1 is null: allowed finite numbers",
  ],
  [
    gen({ weights: edited((f) => (f.config.max_len = 1)), prompt: 'a a' }),
    'sequence of 2 tokens is longer than the positional table: allowed 1..1 tokens',
  ],
  [
    gen({ weights: edited((f) => (f.config.heads = 5)) }),
    'd_model 16 is not divisible by heads 5: allowed heads 1, 2, 4, 8, 16',
  ],
  [gen({ weights: 42 }), 'weights must be a weights file as text or as a parsed object'],
];

for (const [call, message] of BAD_INPUT) {
  test(`bad input -> ${String(message).slice(0, 70)}`, () => {
    const before = lab.memoryBytes();
    assert.throws(call, (error) => {
      assert.ok(error instanceof AttnLabError, `${error.name}: ${error.message}`);
      if (message instanceof RegExp) assert.match(error.message, message);
      else assert.equal(error.message, message);
      return true;
    });
    assert.equal(lab.memoryBytes(), before);
  });
}

test('no wasm memory growth over many Transformer calls', () => {
  lab.generate({ source: 'robot must obey orders', maxNewTokens: 16, stopAtEnd: false });
  const before = lab.memoryBytes();
  for (let i = 0; i < 300; i++) {
    lab.multiHeadAttention({ sentence: 'robot must obey orders', heads: 4, seed: i });
    lab.encoder({ sentence: 'robot must obey orders', layers: 2, seed: i });
    lab.generate({ source: 'robot must obey orders', maxNewTokens: 16, stopAtEnd: false, seed: i });
  }
  assert.equal(lab.memoryBytes(), before);
});
