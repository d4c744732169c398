// attention-lab/train: the training module's facade. Contract and docs: train.d.ts beside it.
import { simd } from 'wasm-feature-detect';
import { AttnLabError } from './errors.js';
import { choice, flag, integer, number, text, unwrap } from './options.js';
import { readWasm } from './read-wasm.js';
import { LIMITS } from '../dist/limits.js';

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

const TRAIN_KEYS = [
  'task',
  'model',
  'length',
  'pairs',
  'text',
  'context',
  'dModel',
  'heads',
  'layers',
  'dFF',
  'activation',
  'normFirst',
  'positional',
  'causal',
  'batch',
  'lr',
  'warmup',
  'schedule',
  'steps',
  'optimizer',
  'weightDecay',
  'clip',
  'labelSmoothing',
  'seed',
  'heldOut',
];

/**
 * `o` (undefined, null or a plain object) -> a null-prototype object of the own data values of
 * `keys`, each read exactly once and each a string, number, boolean, null or undefined. Anything else (an array, a class instance, a getter, a Proxy
 * whose traps throw) is an AttnLabError here, in JS, so no JS exception can ever unwind through
 * the C++ frames behind the call. Unknown keys are ignored.
 */
function plainOptions(name, o, keys) {
  const out = Object.create(null);
  if (o === undefined || o === null) return out;
  try {
    const proto = typeof o === 'object' ? Object.getPrototypeOf(o) : undefined;
    if (proto !== Object.prototype && proto !== null) {
      throw new AttnLabError(`${name} must be a plain object`, 'invalid');
    }
    for (const key of keys) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (d === undefined) continue;
      if (!('value' in d))
        throw new AttnLabError(`${name}.${key} must be a plain value, not a getter`);
      // Only JSON-like primitives go on to the checks (whose messages print the value).
      const kind = typeof d.value;
      if (d.value != null && kind !== 'string' && kind !== 'number' && kind !== 'boolean') {
        throw new AttnLabError(`${name}.${key} must be a string, number or boolean, not a ${kind}`);
      }
      out[key] = d.value;
    }
  } catch (error) {
    if (error instanceof AttnLabError) throw error;
    throw new AttnLabError(`${name} could not be read: ${String(error?.message ?? error)}`);
  }
  return out;
}

/** Text for the core, at most `max` UTF-16 units (module.limits().maxFileBytes). */
function boundedText(name, value, fallback, max) {
  const t = text(name, value, fallback);
  if (t.length > max) {
    throw new AttnLabError(
      `${name} of ${t.length} characters is too long: allowed at most ${max}`,
      'too_large',
      { what: name, value: String(t.length), max: String(max) },
    );
  }
  return t;
}

/**
 * Every option converted and checked for type in JS, each read once, defaults filled in (the
 * core checks ranges too). The result holds only strings, finite numbers and booleans.
 */
function trainOptions(input, maxText) {
  const o = plainOptions('options', input, TRAIN_KEYS);
  const task = choice('task', o.task, 'reverse', TASKS);
  const optimizer = choice('optimizer', o.optimizer, 'adam', ['adam', 'adamw']);
  const dModel = integer('dModel', o.dModel, 64, 8, 256);
  return {
    task,
    model: task === 'text' ? 'decoder-only' : choice('model', o.model, 'encoder-decoder', MODELS),
    length: integer('length', o.length, 8, 2, 16),
    pairs: boundedText('pairs', o.pairs, '', maxText),
    text: boundedText('text', o.text, '', maxText),
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
    seed: integer('seed', o.seed, 1, 0, LIMITS.maxSeed),
    heldOut: integer('heldOut', o.heldOut, 500, 1, 2000),
  };
}

function tensor(t) {
  return { data: t.data, shape: t.shape };
}

class TrainRun {
  constructor(module, options) {
    this._maxText = module.limits().maxFileBytes;
    this._run = new module.TrainRun();
    try {
      this._info = unwrap(this._run.init(options));
    } catch (error) {
      this._run.delete();
      this._run = null;
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

  /** The live wasm run, or an AttnLabError after dispose(). */
  _live(method) {
    if (this._run === null) {
      throw new AttnLabError(`${method}() was called after dispose(): create a new run`);
    }
    return this._run;
  }

  /**
   * Runs call(run) and unwraps its result; afterwards, success or failure, this._info (and so
   * `step`) is the core's own state, never a guess.
   */
  _call(method, call) {
    const run = this._live(method);
    try {
      return unwrap(call(run));
    } finally {
      const info = run.info();
      if (info !== null) this._info = info;
    }
  }

  train(n) {
    const steps = integer('steps', n, 1, 1, 10000);
    const r = this._call('train', (run) => run.train(steps));
    return {
      steps: Int32Array.from(r.steps.data),
      loss: r.loss.data,
      lr: r.lr.data,
      gradNorm: r.gradNorm.data,
      ms: r.ms,
      diverged: r.diverged,
      divergedParams: r.divergedParams,
    };
  }

  evaluate(options) {
    this._live('evaluate');
    const o = plainOptions('evaluate options', options, ['limit', 'show']);
    const limit = integer('limit', o.limit, Math.min(100, this.heldOutSize), 1, 2000);
    const show = integer('show', o.show, 5, 0, 2000);
    return this._call('evaluate', (run) => run.evaluate(Math.min(limit, this.heldOutSize), show));
  }

  attention(options) {
    this._live('attention');
    const o = plainOptions('attention options', options, ['index', 'kind', 'layer']);
    const index = integer('index', o.index, 0, 0, this.heldOutSize - 1);
    const fallback = this._info.model === 'decoder-only' ? 'decoder' : 'cross';
    const kind = choice('kind', o.kind, fallback, ['encoder', 'decoder', 'cross']);
    const layer = integer('layer', o.layer, 0, 0, this.options.layers - 1);
    const a = this._call('attention', (run) => run.attention(index, kind, layer));
    return { ...a, weights: tensor(a.weights) };
  }

  predict(input, options) {
    this._live('predict');
    if (typeof input !== 'string') throw new AttnLabError('input must be text');
    const o = plainOptions('predict options', options, ['maxTokens']);
    const maxTokens = integer('maxTokens', o.maxTokens, 40, 1, 64);
    const text = boundedText('input', input, '', 4096);
    return this._call('predict', (run) => run.predict(text, maxTokens));
  }

  saveCheckpoint() {
    return this._call('saveCheckpoint', (run) => run.saveCheckpoint());
  }

  loadCheckpoint(textValue) {
    this._live('loadCheckpoint');
    if (typeof textValue !== 'string') throw new AttnLabError('a checkpoint must be JSON text');
    const checked = boundedText('checkpoint', textValue, '', this._maxText);
    this._call('loadCheckpoint', (run) => run.loadCheckpoint(checked));
  }

  reset() {
    this._call('reset', (run) => run.reset());
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
    const maxText = this._module.limits().maxFileBytes;
    return new TrainRun(this._module, trainOptions(options, maxText));
  }
}

const loaded = new Map();

/** Loads the training module once per variant (see train.d.ts). */
export async function loadTrainer(options) {
  const o = plainOptions('options', options, ['variant']);
  // An own-key test: 'toString' or '__proto__' must not find something on a prototype.
  if (
    o.variant !== undefined &&
    !(typeof o.variant === 'string' && Object.hasOwn(BUILDS, o.variant))
  ) {
    throw new AttnLabError(`variant '${String(o.variant)}' is unknown: allowed simd, scalar`);
  }
  const variant = o.variant ?? ((await simd()) ? 'simd' : 'scalar');
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
