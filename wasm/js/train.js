// attention-lab/train: the training module's facade. Contract and docs: train.d.ts beside it.
import { simd } from 'wasm-feature-detect';
import { AttnLabError } from './errors.js';
import { choice, flag, integer, number, text, unwrap } from './options.js';
import { readWasm } from './read-wasm.js';

export { AttnLabError };

export const TASKS = Object.freeze(['reverse', 'copy', 'sort', 'pairs', 'text']);
export const MODELS = Object.freeze(['encoder-decoder', 'decoder-only']);

// Literal specifiers, one per build, so bundlers see and ship both files.
const BUILDS = {
  simd: {
    glue: () => import('../dist/attnlab-train-simd.mjs'),
    wasm: () => new URL('../dist/attnlab-train-simd.wasm', import.meta.url),
  },
  scalar: {
    glue: () => import('../dist/attnlab-train-scalar.mjs'),
    wasm: () => new URL('../dist/attnlab-train-scalar.wasm', import.meta.url),
  },
};

/** Every option checked for type and filled with its default (the core checks ranges too). */
function trainOptions(o = {}) {
  if (typeof o !== 'object' || o === null) throw new AttnLabError('options must be an object');
  const task = choice('task', o.task, 'reverse', TASKS);
  const optimizer = choice('optimizer', o.optimizer, 'adam', ['adam', 'adamw']);
  const dModel = integer('dModel', o.dModel, 64, 8, 256);
  return {
    task,
    model: task === 'text' ? 'decoder-only' : choice('model', o.model, 'encoder-decoder', MODELS),
    length: integer('length', o.length, 8, 2, 16),
    pairs: text('pairs', o.pairs, ''),
    text: text('text', o.text, ''),
    context: integer('context', o.context, 32, 4, 128),
    dModel,
    heads: integer('heads', o.heads, 4, 1, dModel),
    layers: integer('layers', o.layers, 2, 1, 4),
    dFF: integer('dFF', o.dFF, 128, 8, 1024),
    activation: choice('activation', o.activation, 'relu', ['relu', 'gelu']),
    normFirst: flag('normFirst', o.normFirst, false),
    positional: choice('positional', o.positional, 'learned', ['sinusoidal', 'learned', 'rope']),
    causal: flag('causal', o.causal, true),
    batch: integer('batch', o.batch, 32, 1, 256),
    lr: number('lr', o.lr, 0.002, Number.MIN_VALUE, 10),
    warmup: integer('warmup', o.warmup, 50, 0, 100000),
    schedule: choice('schedule', o.schedule, 'constant', ['constant', 'cosine']),
    steps: integer('steps', o.steps, 2000, 1, 100000),
    optimizer,
    weightDecay: number('weightDecay', o.weightDecay, optimizer === 'adamw' ? 0.01 : 0, 0, 1),
    clip: number('clip', o.clip, 1, 0, 1000),
    labelSmoothing: number('labelSmoothing', o.labelSmoothing, 0, 0, 0.5),
    seed: integer('seed', o.seed, 1, 0, 2 ** 31 - 1),
    heldOut: integer('heldOut', o.heldOut, 500, 1, 2000),
  };
}

function tensor(t) {
  return { data: t.data, shape: t.shape };
}

class TrainRun {
  constructor(module, options) {
    this._run = new module.TrainRun();
    try {
      this._info = unwrap(this._run.init(options));
    } catch (error) {
      this._run.delete();
      throw error;
    }
    this.options = Object.freeze(options);
  }

  get step() {
    return this._info.step;
  }
  get vocab() {
    return this._info.vocab;
  }
  get parameters() {
    return this._info.parameters;
  }
  get trainSize() {
    return this._info.trainSize;
  }
  get heldOutSize() {
    return this._info.heldOutSize;
  }

  train(n) {
    const r = unwrap(this._run.train(integer('steps', n, 1, 1, 10000)));
    this._info = { ...this._info, step: r.step };
    return {
      steps: Int32Array.from(r.steps.data),
      loss: r.loss.data,
      lr: r.lr.data,
      gradNorm: r.gradNorm.data,
      ms: r.ms,
      diverged: r.diverged,
    };
  }

  evaluate(options = {}) {
    const limit = integer('limit', options.limit, Math.min(100, this.heldOutSize), 1, 2000);
    const show = integer('show', options.show, 5, 0, 2000);
    return unwrap(this._run.evaluate(Math.min(limit, this.heldOutSize), show));
  }

  attention(options = {}) {
    const index = integer('index', options.index, 0, 0, this.heldOutSize - 1);
    const fallback = this._info.model === 'decoder-only' ? 'decoder' : 'cross';
    const kind = choice('kind', options.kind, fallback, ['encoder', 'decoder', 'cross']);
    const layer = integer('layer', options.layer, 0, 0, this.options.layers - 1);
    const a = unwrap(this._run.attention(index, kind, layer));
    return { ...a, weights: tensor(a.weights) };
  }

  predict(input, options = {}) {
    if (typeof input !== 'string') throw new AttnLabError('input must be text');
    const maxTokens = integer('maxTokens', options.maxTokens, 40, 1, 64);
    return unwrap(this._run.predict(input, maxTokens));
  }

  saveCheckpoint() {
    return unwrap(this._run.saveCheckpoint());
  }

  loadCheckpoint(textValue) {
    if (typeof textValue !== 'string') throw new AttnLabError('a checkpoint must be JSON text');
    this._info = unwrap(this._run.loadCheckpoint(textValue));
  }

  reset() {
    this._info = unwrap(this._run.reset());
  }

  dispose() {
    this._run?.delete();
    this._run = null;
  }
}

class Trainer {
  constructor(module, variant) {
    this._module = module;
    this.variant = variant;
  }

  createRun(options) {
    return new TrainRun(this._module, trainOptions(options));
  }
}

const loaded = new Map();

/** Loads the training module once per variant (see train.d.ts). */
export async function loadTrainer(options = {}) {
  if (options.variant !== undefined && !(options.variant in BUILDS)) {
    throw new AttnLabError(`variant '${options.variant}' is unknown: allowed simd, scalar`);
  }
  const variant = options.variant ?? ((await simd()) ? 'simd' : 'scalar');
  if (!loaded.has(variant)) {
    const pending = (async () => {
      const build = BUILDS[variant];
      const [{ default: create }, wasmBinary] = await Promise.all([
        build.glue(),
        readWasm(build.wasm()),
      ]);
      return new Trainer(await create({ wasmBinary }), variant);
    })();
    loaded.set(variant, pending);
    pending.catch(() => loaded.delete(variant));
  }
  return loaded.get(variant);
}
