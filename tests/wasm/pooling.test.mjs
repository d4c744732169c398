// Attention pooling through the JS facade in Node: the weights are the Gaussian kernel's softmax
// (checked in double here), predictions are weights times values, both builds agree, training w
// with Adam lowers the leave-one-out loss, chunks continue one run exactly, and every bad input is
// an AttnLabError naming the value and the allowed range.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { AttnLabError, load } from '../../wasm/js/index.js';

const lab = await load({ variant: 'simd' });
const scalar = await load({ variant: 'scalar' });

test('attentionPooling: the data, shapes, and weights = softmax(-((x - x_i) w)^2 / 2)', () => {
  const r = lab.attentionPooling({ w: 1.5, queries: [0, 1.25, 2.5, 4.99] });
  const n = 50;
  for (const name of ['x', 'y', 'truth']) assert.deepEqual(r[name].shape, [n], name);
  for (const name of ['queries', 'queryTruth', 'predictions']) assert.deepEqual(r[name].shape, [4]);
  assert.deepEqual(r.weights.shape, [4, n]);
  assert.deepEqual(r.scores.shape, [4, n]);
  const x = r.x.data;
  const y = r.y.data;
  for (let i = 0; i < n; i++) {
    assert.ok(x[i] >= 0 && x[i] < 5, `x[${i}] = ${x[i]}`);
    if (i > 0) assert.ok(x[i - 1] <= x[i], 'x is sorted');
    const truth = 2 * Math.sin(x[i]) + x[i] ** 0.8;
    assert.ok(Math.abs(r.truth.data[i] - truth) < 1e-5);
    assert.ok(Math.abs(y[i] - truth) <= 1.5 + 1e-5, 'noise 0.5 times at most 3');
  }
  for (let q = 0; q < 4; q++) {
    const query = r.queries.data[q];
    const scores = Array.from(x, (xi) => -(((query - xi) * 1.5) ** 2) / 2);
    const top = Math.max(...scores);
    const total = scores.reduce((a, s) => a + Math.exp(s - top), 0);
    let sum = 0;
    let f = 0;
    for (let i = 0; i < n; i++) {
      const w = r.weights.data[q * n + i];
      assert.ok(Math.abs(r.scores.data[q * n + i] - scores[i]) < 1e-5 * (1 + Math.abs(scores[i])));
      assert.ok(Math.abs(w - Math.exp(scores[i] - top) / total) < 1e-6, `weight ${q}, ${i}`);
      sum += w;
      f += w * y[i];
    }
    assert.ok(Math.abs(sum - 1) < 1e-5, `row ${q} sums to ${sum}`);
    assert.ok(Math.abs(r.predictions.data[q] - f) < 1e-5);
    assert.ok(Math.abs(r.queryTruth.data[q] - (2 * Math.sin(query) + query ** 0.8)) < 1e-5);
  }
  // Default queries: d2l's 0, 0.1, ..., 4.9.
  const d = lab.attentionPooling();
  assert.deepEqual(d.weights.shape, [50, 50]);
  assert.ok(Math.abs(d.queries.data[49] - 4.9) < 1e-6);
  assert.ok(Number.isFinite(d.loss) && d.loss > 0);
  assert.ok(d.grad < 0, 'at w = 1 a sharper kernel helps');
});

test('attentionPooling: w = 0 is average pooling, a large w copies the nearest point', () => {
  const flat = lab.attentionPooling({ w: 0, points: 20, seed: 3, queries: [0.5, 3] });
  const mean = flat.y.data.reduce((a, b) => a + b, 0) / 20;
  for (const w of flat.weights.data) assert.ok(Math.abs(w - 1 / 20) < 1e-7);
  for (const f of flat.predictions.data) assert.ok(Math.abs(f - mean) < 1e-5);
  const data = lab.attentionPooling({ points: 20, seed: 3 });
  // The point farthest from its neighbours: at w = 100 a key 0.1 away scores -50 lower.
  const gap = (i) =>
    Math.min(
      i > 0 ? data.x.data[i] - data.x.data[i - 1] : Infinity,
      i < 19 ? data.x.data[i + 1] - data.x.data[i] : Infinity,
    );
  let k = 0;
  for (let i = 1; i < 20; i++) if (gap(i) > gap(k)) k = i;
  assert.ok(gap(k) > 0.1, `an isolated point (gap ${gap(k)})`);
  const sharp = lab.attentionPooling({ w: 100, points: 20, seed: 3, queries: [data.x.data[k]] });
  assert.ok(Math.abs(sharp.weights.data[k] - 1) < 1e-6);
  assert.ok(Math.abs(sharp.predictions.data[0] - data.y.data[k]) < 1e-6);
});

test('attentionPooling: simd and scalar builds agree; same seed, same data', () => {
  const options = { w: 2.2, points: 120, seed: 99, noise: 1, queries: [0.1, 2, 3.7] };
  const a = lab.attentionPooling(options);
  const b = scalar.attentionPooling(options);
  assert.deepEqual(Array.from(a.x.data), Array.from(b.x.data));
  assert.deepEqual(Array.from(a.y.data), Array.from(b.y.data));
  for (let i = 0; i < a.weights.data.length; i++) {
    assert.ok(Math.abs(a.weights.data[i] - b.weights.data[i]) < 1e-6);
  }
  const c = lab.attentionPooling({ ...options, seed: 100 });
  assert.notDeepEqual(Array.from(a.x.data), Array.from(c.x.data));
});

test('trainPooling: Adam lowers the leave-one-out loss and sharpens the kernel', () => {
  const r = lab.trainPooling({ steps: 100, lr: 0.2 });
  assert.equal(r.loss.length, 100);
  assert.equal(r.w.length, 100);
  assert.equal(r.grad.length, 100);
  assert.equal(r.diverged, false);
  assert.equal(r.adam.t, 100);
  const start = lab.attentionPooling({ w: 1 });
  assert.ok(Math.abs(r.initialLoss - start.loss) < 1e-6);
  assert.ok(Math.abs(r.w[0] - 1.2) < 1e-5, 'the first Adam step is lr against the gradient');
  assert.ok(r.loss[99] < 0.6 * r.initialLoss, `${r.initialLoss} -> ${r.loss[99]}`);
  assert.ok(r.w[99] > 3);
  // The loss reported after a step is attentionPooling's loss at that step's w.
  const later = lab.attentionPooling({ w: r.w[49] });
  assert.ok(Math.abs(later.loss - r.loss[49]) < 1e-6);
  assert.ok(Math.abs(later.grad - r.grad[49]) < 1e-6);
});

test('trainPooling: chunks passing w and adam back give one run’s numbers exactly', () => {
  const once = lab.trainPooling({ steps: 60, lr: 0.3, seed: 11 });
  let w = 1;
  let adam = null;
  const losses = [];
  const widths = [];
  for (let chunk = 0; chunk < 6; chunk++) {
    const r = lab.trainPooling({ steps: 10, lr: 0.3, seed: 11, w, adam });
    losses.push(...r.loss);
    widths.push(...r.w);
    w = r.w[9];
    adam = r.adam;
  }
  assert.deepEqual(losses, Array.from(once.loss));
  assert.deepEqual(widths, Array.from(once.w));
  assert.equal(adam.t, 60);
  // Zero steps: only the loss at the start.
  const none = lab.trainPooling({ steps: 0 });
  assert.equal(none.loss.length, 0);
  assert.equal(none.adam.t, 0);
});

test('trainPooling: a step that sends w out of range stops and keeps the last good state', () => {
  const r = lab.trainPooling({ steps: 5, adam: { t: 1, m: [1e6], v: [0] } });
  assert.equal(r.diverged, true);
  assert.equal(r.loss.length, 0);
  assert.deepEqual([r.adam.t, r.adam.m[0], r.adam.v[0]], [1, 1e6, 0]);
});

test('bad input: an AttnLabError naming the value and the allowed range', () => {
  const cases = [
    [
      () => lab.attentionPooling({ points: 1 }),
      /points 1 is out of range: allowed integers 2\.\.200/,
    ],
    [() => lab.attentionPooling({ points: 500 }), /points 500 .*2\.\.200/],
    [() => lab.attentionPooling({ points: 2.5 }), /points 2\.5 .*integers 2\.\.200/],
    [() => lab.attentionPooling({ w: 101 }), /w 101 is out of range: allowed -100\.\.100/],
    [() => lab.attentionPooling({ w: NaN }), /w NaN is out of range/],
    [() => lab.attentionPooling({ w: '2' }), /w 2 is out of range/],
    [() => lab.attentionPooling({ noise: -0.1 }), /noise -0\.1 is out of range: allowed 0\.\.2/],
    [() => lab.attentionPooling({ seed: -1 }), /seed -1 .*0\.\.4294967295/],
    [() => lab.attentionPooling({ queries: [] }), /queries 0 is out of range: allowed 1\.\.1000/],
    [
      () => lab.attentionPooling({ queries: new Array(1001).fill(1) }),
      /queries 1001 is out of range: allowed 1\.\.1000/,
    ],
    [() => lab.attentionPooling({ queries: [1, NaN] }), /queries value 1 is not a finite number/],
    [
      () => lab.attentionPooling({ queries: [5000] }),
      /query 5000 is out of range: allowed -1000\.\.1000/,
    ],
    [() => lab.attentionPooling({ queries: 'abc' }), /queries must be an array/],
    [() => lab.trainPooling({ steps: -1 }), /steps -1 .*0\.\.10000/],
    [() => lab.trainPooling({ steps: 20000 }), /steps 20000 .*0\.\.10000/],
    [() => lab.trainPooling({ lr: 0 }), /lr 0 is out of range: allowed 0 < lr <= 10/],
    [() => lab.trainPooling({ lr: 11 }), /lr 11 is out of range/],
    [() => lab.trainPooling({ w: -150 }), /w -150 is out of range: allowed -100\.\.100/],
    [() => lab.trainPooling({ adam: { t: -2, m: [0], v: [0] } }), /adam\.t -2 .*0\.\.10000000/],
    [() => lab.trainPooling({ adam: { t: 3 } }), /adam\.m must hold one finite number/],
    [() => lab.trainPooling({ adam: { t: 3, m: [0], v: [-1] } }), /adam\.v must hold/],
  ];
  for (const [run, pattern] of cases) {
    assert.throws(run, (error) => {
      assert.ok(error instanceof AttnLabError, `${pattern}: ${error}`);
      assert.match(error.message, pattern);
      return true;
    });
  }
  // The core still works afterwards.
  assert.equal(lab.attentionPooling({ queries: [1] }).predictions.shape[0], 1);
});

test('many calls do not grow wasm memory', () => {
  for (let i = 0; i < 50; i++)
    lab.attentionPooling({ points: 200, queries: new Array(1000).fill(2) });
  const before = lab.memoryBytes();
  for (let i = 0; i < 500; i++) {
    lab.attentionPooling({ points: 200, queries: new Array(1000).fill(2), w: i / 10 });
    lab.trainPooling({ steps: 20, points: 200 });
    try {
      lab.attentionPooling({ w: 1000 });
    } catch {
      // expected: the error path must not leak either
    }
  }
  assert.equal(lab.memoryBytes(), before);
});
