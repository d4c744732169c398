// The training worker of <attn-train>: one TrainRun of the C++ core (wasm/js/train.js) per
// worker, driven from the page through Comlink. Every call is short (the page asks for a few
// dozen optimizer steps at a time), so the worker answers a Pause or a Reset within one call.
// Typed arrays come back as fresh copies and are transferred, never views of wasm memory.
import * as Comlink from 'comlink';
import { loadTrainer } from '../../../wasm/js/train.js';
import { installErrorTransfer } from './worker-errors.js';

// Errors thrown here reach the page with their code and params (Comlink alone drops them).
installErrorTransfer();

/** @type {Promise<import('../../../wasm/js/train.js').Trainer> | null} */
let trainerPromise = null;
/** @type {import('../../../wasm/js/train.js').TrainRun | null} */
let run = null;
/** Counts the runs created, so the page can tell an answer about an old run from a new one. */
let generation = 0;

function trainer() {
  // A failed download is forgotten, so the next call tries again.
  trainerPromise ??= loadTrainer().catch((error) => {
    trainerPromise = null;
    throw error;
  });
  return trainerPromise;
}

function current() {
  if (!run) throw new Error('no training run: call create() first');
  return run;
}

/** What the page shows about a run; plain data only. */
async function info() {
  const r = current();
  const { variant } = await trainer();
  return {
    id: generation,
    variant,
    step: r.step,
    vocab: [...r.vocab],
    parameters: r.parameters,
    trainSize: r.trainSize,
    heldOutSize: r.heldOutSize,
    options: { ...r.options },
  };
}

/** A copy of a typed array in a buffer of its own, ready to be transferred. */
const own = (array) => array.slice();

const api = {
  /** Loads the training core; resolves to its build ('simd' or 'scalar'). */
  async load() {
    return (await trainer()).variant;
  },

  /**
   * Creates a run. The old run is freed only once the new one exists, so options the core
   * refuses leave the current run (and its training) as it was.
   */
  async create(options) {
    const t = await trainer();
    const next = t.createRun(options);
    run?.dispose();
    run = next;
    generation += 1;
    return info();
  },

  info,

  /** `n` optimizer steps; see TrainProgress in train.d.ts. */
  train(n) {
    const p = current().train(n);
    const out = {
      steps: own(p.steps),
      loss: own(p.loss),
      lr: own(p.lr),
      gradNorm: own(p.gradNorm),
      ms: p.ms,
      diverged: p.diverged,
      step: current().step,
    };
    return Comlink.transfer(out, [
      out.steps.buffer,
      out.loss.buffer,
      out.lr.buffer,
      out.gradNorm.buffer,
    ]);
  },

  evaluate(options) {
    const e = current().evaluate(options);
    return {
      tokenAccuracy: e.tokenAccuracy,
      exactAccuracy: e.exactAccuracy,
      count: e.count,
      examples: e.examples.map((x) => ({
        input: [...x.input],
        target: [...x.target],
        predicted: [...x.predicted],
        correct: [...x.correct],
      })),
    };
  },

  attention(options) {
    const a = current().attention(options);
    const data = own(a.weights.data);
    const out = {
      kind: a.kind,
      layer: a.layer,
      queries: [...a.queries],
      keys: [...a.keys],
      weights: { shape: [...a.weights.shape], data },
    };
    return Comlink.transfer(out, [data.buffer]);
  },

  predict(input, options) {
    return [...current().predict(input, options)];
  },

  saveCheckpoint() {
    return current().saveCheckpoint();
  },

  loadCheckpoint(text) {
    current().loadCheckpoint(text);
    return info();
  },

  reset() {
    current().reset();
    return info();
  },
};

Comlink.expose(api);
