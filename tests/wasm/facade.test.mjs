// The JS facade in Node: loading, results and shapes, errors as AttnLabError with the core's
// message, both builds agreeing, and no wasm memory growth across thousands of calls.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { AttnLabError, MASKS, MASK_KINDS, MAX_TOKENS, load } from '../../wasm/js/index.js';

const simd = await load({ variant: 'simd' });
const scalar = await load({ variant: 'scalar' });

function row(tensor, i) {
  const cols = tensor.shape[1];
  return Array.from(tensor.data.subarray(i * cols, (i + 1) * cols));
}

test('load() returns one shared instance, SIMD when supported', async () => {
  const a = await load();
  const b = await load();
  assert.equal(a, b);
  assert.equal(a.variant, 'simd'); // Node 20 supports WASM SIMD
  assert.equal(await load({ variant: 'simd' }), a);
  assert.notEqual(scalar, simd);
  await assert.rejects(load({ variant: 'gpu' }), /variant 'gpu' is unknown: allowed simd, scalar/);
});

test('selfAttention returns every intermediate with its shape', () => {
  const r = simd.selfAttention({ sentence: 'robot must obey orders', dModel: 16, dK: 8, seed: 7 });
  assert.deepEqual(r.tokens, ['robot', 'must', 'obey', 'orders']);
  const shapes = {
    x: [4, 16],
    wQ: [8, 16],
    wK: [8, 16],
    wV: [8, 16],
    q: [4, 8],
    k: [4, 8],
    v: [4, 8],
    mask: [4, 4],
    scores: [4, 4],
    maskedScores: [4, 4],
    weights: [4, 4],
    output: [4, 8],
  };
  for (const [name, shape] of Object.entries(shapes)) {
    assert.deepEqual(r[name].shape, shape, name);
    assert.ok(r[name].data instanceof Float32Array, name);
    assert.equal(r[name].data.length, shape[0] * shape[1], name);
  }
  for (let i = 0; i < 4; i++) {
    const sum = row(r.weights, i).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-6, `row ${i} sums to ${sum}`);
  }
});

test('the causal mask zeroes the future exactly and -inf marks it in maskedScores', () => {
  const r = simd.selfAttention({ sentence: 'robot must obey orders', mask: 'causal' });
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const w = r.weights.data[i * 4 + j];
      if (j > i) {
        assert.equal(w, 0);
        assert.equal(r.maskedScores.data[i * 4 + j], -Infinity);
        assert.equal(r.mask.data[i * 4 + j], 0);
      } else {
        assert.equal(r.maskedScores.data[i * 4 + j], r.scores.data[i * 4 + j]);
      }
    }
  }
  assert.equal(r.weights.data[0], 1);
});

test('the weights are softmax(QK^T / sqrt(d_k)) of the returned Q and K', () => {
  const r = simd.selfAttention({ sentence: 'the cat sat on the mat', dModel: 12, dK: 4, seed: 3 });
  const n = r.tokens.length;
  for (let i = 0; i < n; i++) {
    const scores = [];
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let p = 0; p < 4; p++) dot += r.q.data[i * 4 + p] * r.k.data[j * 4 + p];
      scores.push(dot / 2);
    }
    const max = Math.max(...scores);
    const exps = scores.map((s) => Math.exp(s - max));
    const total = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, j) => assert.ok(Math.abs(e / total - r.weights.data[i * n + j]) < 1e-5));
  }
});

test('padding tokens get zero weight as keys', () => {
  const r = simd.selfAttention({ sentence: 'robot must <pad> <pad>', mask: 'causal+padding' });
  assert.deepEqual(r.tokens, ['robot', 'must', '<pad>', '<pad>']);
  for (let i = 0; i < 4; i++) {
    assert.equal(r.weights.data[i * 4 + 2], 0);
    assert.equal(r.weights.data[i * 4 + 3], 0);
  }
});

test('SIMD and scalar builds agree, and a seed reproduces its numbers', () => {
  const opts = {
    sentence: '我爱 Paris 🙂! 机器人必须服从命令',
    dModel: 32,
    seed: 11,
    mask: 'causal',
  };
  const a = simd.selfAttention(opts);
  const b = scalar.selfAttention(opts);
  assert.deepEqual(a.tokens, b.tokens);
  assert.deepEqual(a.x.data, b.x.data); // init is bit-identical across builds
  assert.deepEqual(a.wQ.data, b.wQ.data);
  a.weights.data.forEach((w, i) => assert.ok(Math.abs(w - b.weights.data[i]) < 1e-6));
  assert.deepEqual(simd.selfAttention(opts).weights.data, a.weights.data);
  assert.notDeepEqual(simd.selfAttention({ ...opts, seed: 12 }).weights.data, a.weights.data);
});

test('tokenize: Chinese per character, emoji whole, the documented maximum', () => {
  assert.deepEqual(simd.tokenize('我爱 Paris 🙂!'), ['我', '爱', 'Paris', '🙂', '!']);
  assert.deepEqual(simd.tokenize('👨‍👩‍👧 ok'), ['👨‍👩‍👧', 'ok']);
  assert.equal(MAX_TOKENS, 64);
  assert.equal(simd.tokenize('w '.repeat(64)).length, 64);
});

test('scaledDotProductAttention on explicit Q, K, V with a mask tensor', () => {
  const q = { data: new Float32Array([1, 0, 0, 1]), shape: [2, 2] };
  const k = { data: new Float32Array([1, 0, 0, 1, 1, 1]), shape: [3, 2] };
  const v = { data: new Float32Array([1, 2, 3]), shape: [3, 1] };
  const mask = { data: new Float32Array([1, 0, 1, 1, 1, 0]), shape: [2, 3] };
  const r = simd.scaledDotProductAttention({ q, k, v, mask });
  assert.deepEqual(r.weights.shape, [2, 3]);
  assert.equal(r.weights.data[1], 0);
  assert.equal(r.weights.data[5], 0);
  // Row 0: scores 1/√2 on keys 0 and 2 (key 1 blocked), so equal weights and output (1+3)/2.
  assert.ok(Math.abs(r.weights.data[0] - 0.5) < 1e-6);
  assert.ok(Math.abs(r.output.data[0] - 2) < 1e-6);
  const padded = simd.scaledDotProductAttention({
    q,
    k,
    v,
    mask: 'padding',
    keyPadding: [false, false, true],
  });
  assert.equal(padded.weights.data[2], 0);
});

const BAD_INPUT = [
  [{ sentence: '' }, 'sentence is empty: allowed 1..64 tokens'],
  [{ sentence: 'w '.repeat(65) }, 'sentence has 65 tokens: allowed 1..64 tokens'],
  [{ sentence: 42 }, 'sentence must be a string; got number'],
  [{ sentence: 'a b', dModel: 0 }, 'dModel 0 is out of range: allowed integers 1..256'],
  [{ sentence: 'a b', dModel: 2.5 }, 'dModel 2.5 is out of range: allowed integers 1..256'],
  [{ sentence: 'a b', dK: 0 }, 'dK 0 is out of range: allowed integers 1..256'],
  [{ sentence: 'a b', seed: -1 }, 'seed -1 is out of range: allowed integers 0..4294967295'],
  [
    { sentence: 'a b', mask: 'future' },
    "mask term 'future' is unknown: allowed none, causal, padding, prefix:P, window:R, joined by '+'",
  ],
];

for (const [options, message] of BAD_INPUT) {
  test(`bad input ${JSON.stringify(options).slice(0, 60)} -> "${message}"`, () => {
    assert.throws(
      () => simd.selfAttention(options),
      (e) => e instanceof AttnLabError && e instanceof Error && e.message === message,
    );
    // The module keeps working after an error.
    assert.equal(simd.selfAttention({ sentence: 'still fine' }).tokens.length, 2);
  });
}

test('bad Q, K, V and masks name the sizes', () => {
  const t = (r, c) => ({ data: new Float32Array(r * c).fill(0.5), shape: [r, c] });
  const cases = [
    [
      { q: t(2, 3), k: t(2, 4), v: t(2, 1) },
      'K has width 4 but Q has width 3: queries and keys must share d_k',
    ],
    [
      { q: t(2, 0), k: t(2, 0), v: t(2, 1) },
      'd_k (width of Q) 0 is out of range: allowed 1..65536',
    ],
    [
      { q: t(2, 3), k: t(2, 3), v: t(3, 1) },
      'V has 3 rows but K has 2: every key needs exactly one value',
    ],
    [
      { q: t(2, 3), k: t(2, 3), v: t(2, 1), mask: t(3, 3) },
      'mask of shape (3, 3) does not fit attention of shape (2, 2): it must be (n_q, n_k)',
    ],
    [
      { q: t(2, 3), k: t(4, 3), v: t(4, 1), mask: 'causal' },
      "mask term 'causal' needs as many queries as keys; got 2 queries and 4 keys",
    ],
    [
      { q: { data: [1, 2, 3], shape: [2, 2] }, k: t(2, 2), v: t(2, 1) },
      'q data has 3 values but its shape (2, 2) needs 4',
    ],
    [
      { q: t(1, 1), k: t(1, 1), v: t(1, 1), keyPadding: [true, false] },
      'keyPadding has 2 entries: it needs one per key, 1',
    ],
    [{ k: t(1, 1), v: t(1, 1) }, 'q must be a tensor { data, shape: [rows, cols] }'],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => simd.scaledDotProductAttention(options), { name: 'AttnLabError', message });
  }
});

test('no wasm memory growth across 3000 calls, good and bad', () => {
  const sentence = 'the quick brown fox jumps over the lazy dog '.repeat(7).trim();
  for (let i = 0; i < 200; i++) simd.selfAttention({ sentence, dModel: 64, seed: i });
  const before = simd.memoryBytes();
  for (let i = 0; i < 3000; i++) {
    simd.selfAttention({ sentence, dModel: 64, seed: i, mask: i % 2 ? 'causal' : 'none' });
    try {
      simd.selfAttention({ sentence: '' });
    } catch {
      // expected
    }
  }
  assert.equal(simd.memoryBytes(), before);
});

test('MASKS and MASK_KINDS list exactly the terms the core accepts', () => {
  for (const mask of MASKS) simd.selfAttention({ sentence: 'a <pad>', mask });
  const terms = MASK_KINDS.map((kind) =>
    ['prefix', 'window'].includes(kind) ? `${kind}:1` : kind,
  );
  simd.selfAttention({ sentence: 'a <pad>', mask: terms.join('+') });
  assert.throws(() => simd.selfAttention({ sentence: 'a', mask: 'diagonal' }), {
    name: 'AttnLabError',
    message: `mask term 'diagonal' is unknown: allowed ${terms
      .join(', ')
      .replace('prefix:1', 'prefix:P')
      .replace('window:1', 'window:R')}, joined by '+'`,
  });
  assert.throws(() => simd.selfAttention({ sentence: 'a', mask: 3 }), {
    name: 'AttnLabError',
    message: 'mask must be a string; got number',
  });
});
