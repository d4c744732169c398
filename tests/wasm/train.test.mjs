// The training module's facade in Node: a run learns the reverse task, is reproducible, stops on
// divergence with a message, round-trips checkpoints, and rejects bad input by name.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { AttnLabError, loadTrainer } from '../../wasm/js/train.js';
import { AttnLabError as PageError } from '../../wasm/js/index.js';

const trainer = await loadTrainer({ variant: 'simd' });
const scalar = await loadTrainer({ variant: 'scalar' });
const SMALL = { length: 5, dModel: 32, heads: 2, layers: 1, dFF: 64, lr: 0.003, warmup: 20 };

test('the page facade and the training facade share one error class', () => {
  assert.equal(AttnLabError, PageError);
});

test('a small model learns to reverse 5 digits; predictions and attention come back', () => {
  const run = trainer.createRun({ ...SMALL, seed: 2, heldOut: 100 });
  assert.equal(run.step, 0);
  const before = run.evaluate({ limit: 100 });
  const p = run.train(300);
  assert.equal(p.steps.length, 300);
  assert.equal(p.steps[299], 300);
  assert.equal(p.diverged, null);
  assert.ok(p.loss[299] < p.loss[0] / 4, `loss ${p.loss[0]} -> ${p.loss[299]}`);
  const after = run.evaluate({ limit: 100, show: 2 });
  assert.ok(before.exactAccuracy < 0.05);
  assert.ok(after.exactAccuracy > 0.9, `exact accuracy ${after.exactAccuracy}`);
  const e = after.examples[0];
  assert.deepEqual(e.target, [...e.input].reverse().concat('<end>'));
  assert.equal(e.correct.length, e.target.length);
  assert.deepEqual(run.predict('12345'), ['5', '4', '3', '2', '1', '<end>']);
  const a = run.attention({ kind: 'cross', index: 0 });
  assert.deepEqual(a.weights.shape, [2, 6, 5]);
  assert.equal(a.queries[0], '<begin>');
  run.dispose();
});

test('same seed, same curve; SIMD and scalar builds agree to rounding', () => {
  const a = trainer.createRun({ ...SMALL, seed: 5 }).train(5).loss;
  const b = trainer.createRun({ ...SMALL, seed: 5 }).train(5).loss;
  const c = scalar.createRun({ ...SMALL, seed: 5 }).train(5).loss;
  assert.deepEqual(a, b);
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(a[i] - c[i]) < 1e-3 * a[i], `${a[i]} vs ${c[i]}`);
});

test('learning rate 10 stops the run with a message that names the step', () => {
  const run = trainer.createRun({ ...SMALL, lr: 10, warmup: 0, clip: 0 });
  const p = run.train(100);
  assert.ok(p.steps.length < 100);
  assert.match(p.diverged, /^step \d+: .*smaller learning rate/);
  assert.throws(() => run.train(1), /diverged/);
  run.reset();
  assert.equal(run.train(1).steps.length, 1);
});

test('checkpoints round-trip; a corrupt or mismatched one changes nothing', () => {
  const run = trainer.createRun({ ...SMALL, seed: 3 });
  run.train(20);
  const saved = run.saveCheckpoint();
  assert.equal(JSON.parse(saved).format, 'attention-lab/checkpoint');
  const other = trainer.createRun({ ...SMALL, seed: 4 });
  other.loadCheckpoint(saved);
  assert.equal(other.step, 20);
  assert.deepEqual(other.predict('54321'), run.predict('54321'));
  const before = other.saveCheckpoint();
  assert.throws(() => other.loadCheckpoint(saved.slice(0, 1000)), /not valid JSON/);
  const bigger = trainer.createRun({ ...SMALL, dModel: 64 });
  assert.throws(() => other.loadCheckpoint(bigger.saveCheckpoint()), /does not match/);
  assert.equal(other.saveCheckpoint(), before);
});

test('bad options and data are AttnLabErrors naming the value', () => {
  const cases = [
    [
      { task: 'translate' },
      /task 'translate' is unknown: allowed reverse, copy, sort, pairs, text/,
    ],
    [{ lr: 11 }, /lr 11 is out of range/],
    [{ dModel: 30, heads: 4 }, /d_model 30 is not divisible by heads 4/],
    [{ length: 40 }, /length 40 is out of range: allowed integers 2..16/],
    [{ task: 'pairs', pairs: 'ab -> ba\nno arrow' }, /line 2/],
    [{ task: 'text', text: 'short' }, /text length in characters 5 is out of range/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => trainer.createRun({ ...SMALL, ...options }),
      (e) => e instanceof AttnLabError && message.test(e.message),
      JSON.stringify(options),
    );
  }
  const run = trainer.createRun(SMALL);
  assert.throws(() => run.predict('12a'), /'a' is not in this task's vocabulary/);
  assert.throws(() => run.attention({ kind: 'encoder', layer: 3 }), /layer 3 is out of range/);
});
