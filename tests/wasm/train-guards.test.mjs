// The training facade against a hostile embedder and careless users (issue 9): tasks that
// cannot exist fail at once instead of hanging, options are read once as plain data, every
// method after dispose() is an AttnLabError, and checkpoint loads are atomic: a rejected one
// leaves the run's state and its next step bit-identical, and the facade's step follows the core.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { AttnLabError, loadTrainer } from '../../wasm/js/train.js';

const trainer = await loadTrainer({ variant: 'simd' });
const TINY = {
  task: 'reverse',
  model: 'decoder-only',
  length: 3,
  dModel: 8,
  heads: 2,
  layers: 1,
  dFF: 8,
  positional: 'sinusoidal',
  batch: 4,
  heldOut: 20,
  seed: 7,
};

function rejects(fn, code, pattern) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof AttnLabError, `${e?.name}: ${e?.message}`);
    if (code) assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('tasks whose held-out set cannot exist fail at once, then a good run trains', () => {
  // 100 two-digit sequences cannot hold 500 held-out ones (this never returned).
  rejects(() => trainer.createRun({ task: 'reverse', length: 2 }), 'out_of_range', /allowed 1..50/);
  // 1000 three-digit sequences, all held out: train(1) spun forever.
  rejects(() => trainer.createRun({ ...TINY, heldOut: 1000 }), 'out_of_range', /held-out/);
  const run = trainer.createRun({ ...TINY, length: 2, heldOut: 50 });
  const p = run.train(3);
  assert.equal(p.steps.length, 3);
  assert.ok(p.loss.every(Number.isFinite));
  assert.equal(run.step, 3);
  run.dispose();
});

test('options must be a plain object of plain values, read once', () => {
  rejects(() => trainer.createRun([1, 2]), 'invalid', /plain object/);
  rejects(() => trainer.createRun(5), 'invalid', /plain object/);
  rejects(() => trainer.createRun(new Map()), 'invalid', /plain object/);
  const getter = {
    get length() {
      throw new Error('boom');
    },
  };
  rejects(() => trainer.createRun(getter), 'invalid', /getter/);
  const proxy = new Proxy(
    {},
    {
      getOwnPropertyDescriptor() {
        throw new Error('trap');
      },
    },
  );
  rejects(() => trainer.createRun(proxy), 'invalid', /could not be read/);
  rejects(() => trainer.createRun({ length: Symbol('x') }), null, /length/);
  rejects(() => trainer.createRun({ seed: 3n }), null, /seed/);
  rejects(() => trainer.createRun({ task: Object.create(null) }), null, /task/);
  rejects(() => trainer.createRun({ dModel: Object.create(null) }), null, /dModel/);
  // Not a plain object, and inherited values are never options.
  rejects(() => trainer.createRun(Object.create({ length: 3 })), 'invalid', /plain object/);
  Object.prototype.heldOut = 1e9; // eslint-disable-line no-extend-native
  try {
    assert.equal(trainer.createRun({ ...TINY, heldOut: undefined }).options.heldOut, 500);
  } finally {
    delete Object.prototype.heldOut;
  }
  // Still working.
  const run = trainer.createRun(TINY);
  assert.equal(run.train(1).steps.length, 1);
  rejects(() => run.evaluate([]), 'invalid', /plain object/);
  rejects(() => run.predict('12', { maxTokens: 1n }), null, /maxTokens/);
  run.dispose();
});

test('every method after dispose() is an AttnLabError', () => {
  const run = trainer.createRun(TINY);
  run.dispose();
  run.dispose(); // twice is fine
  for (const call of [
    () => run.train(1),
    () => run.evaluate(),
    () => run.attention(),
    () => run.predict('12'),
    () => run.saveCheckpoint(),
    () => run.loadCheckpoint('{}'),
    () => run.reset(),
  ]) {
    rejects(call, 'invalid', /after dispose/);
  }
});

test('loadTrainer reads the variant as an own key', async () => {
  for (const variant of ['toString', '__proto__', 'constructor', 7]) {
    await assert.rejects(loadTrainer({ variant }), (e) => e instanceof AttnLabError);
  }
  await assert.rejects(loadTrainer([]), (e) => e instanceof AttnLabError);
});

function edited(text, edit) {
  const j = JSON.parse(text);
  edit(j);
  return JSON.stringify(j);
}

test('rejected checkpoints change nothing: same state, same next loss as a twin', () => {
  const source = trainer.createRun(TINY);
  source.train(3);
  const good = source.saveCheckpoint();
  const run = trainer.createRun(TINY);
  run.train(2);
  const before = run.saveCheckpoint();
  const cases = [
    ['adam t 0 with stub m, v', (j) => (j.adam = { t: 0, m: [[0]], v: [[0]] }), 'shape_mismatch'],
    ['negative v', (j) => (j.adam.v[0][0] = -1), 'out_of_range'],
    ['first_loss x', (j) => (j.first_loss = 'x'), 'bad_file'],
    ['weights 1e39', (j) => (j.weights.tensors['lm_head.bias'].data[0] = 1e39), 'not_finite'],
    ['missing m entry', (j) => j.adam.m.pop(), 'shape_mismatch'],
    ['step -1', (j) => (j.step = -1), 'out_of_range'],
    ['giant config', (j) => (j.weights.config.d_model = 1024), 'out_of_range'],
  ];
  for (const [name, edit, code] of cases) {
    rejects(() => run.loadCheckpoint(edited(good, edit)), code);
    assert.equal(run.step, 2, name);
    assert.equal(run.saveCheckpoint(), before, name);
  }
  rejects(() => run.loadCheckpoint('['.repeat(100000)), 'bad_file');
  rejects(() => run.loadCheckpoint(good.slice(0, 500)), 'bad_file');
  rejects(() => run.loadCheckpoint(good.replace('"step":3', '"step":3.5')), 'bad_file');
  const twin = trainer.createRun(TINY);
  twin.train(2);
  assert.deepEqual(run.predict('123'), twin.predict('123'));
  assert.equal(run.train(1).loss[0], twin.train(1).loss[0]);
  // A good load still works, and the facade's step follows.
  run.loadCheckpoint(good);
  assert.equal(run.step, 3);
  assert.equal(run.saveCheckpoint(), good);
  for (const r of [source, run, twin]) r.dispose();
});

test('after a load, a diverging step keeps the loaded weights; divergence has a code', () => {
  const source = trainer.createRun(TINY);
  source.train(3);
  // first_loss 0.001: the next step's loss "explodes" past 4 x 0.001 + 1.
  const touchy = edited(source.saveCheckpoint(), (j) => (j.first_loss = 0.001));
  const run = trainer.createRun(TINY);
  run.loadCheckpoint(touchy);
  const loaded = run.saveCheckpoint();
  const p = run.train(5);
  assert.equal(p.steps.length, 1);
  assert.match(p.diverged, /^step 4: the loss exploded/);
  assert.deepEqual(
    { ...p.divergedParams, loss: undefined },
    {
      step: '4',
      loss: undefined,
      first_loss: '0.001',
      kept_step: '3',
      lr: '0.002',
    },
  );
  assert.equal(run.step, 3);
  assert.equal(run.saveCheckpoint(), loaded);
  rejects(() => run.train(1), 'diverged', /diverged/);
  for (const r of [source, run]) r.dispose();
});
