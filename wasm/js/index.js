// attention-lab: the JS facade over the C++ core. Contract and docs: index.d.ts beside this file.
//
// One core per page (or Node process): load() memoises the instance on a global symbol, so every
// widget, and even two copies of this bundle on one page, share one wasm module.
import { simd } from 'wasm-feature-detect';
import { AttnLabError } from './errors.js';
import { readWasm } from './read-wasm.js';
import {
  booleans,
  choice,
  flag,
  floats,
  guard,
  integer,
  jsonFile,
  number,
  reader,
  strings,
  tensor,
  text,
  unwrap,
} from './options.js';
import { LIMITS } from '../dist/limits.js';

const REGISTRY = Symbol.for('attention-lab.core.v1');
/** The mask names the core accepts (Mask::by_name in core/mask.cpp; a facade test pins the two). */
export const MASKS = Object.freeze(['none', 'causal', 'padding', 'causal+padding']);

export { AttnLabError };

/** The terms a mask spec may combine with '+' (Mask::parse in core/mask.cpp). */
export const MASK_KINDS = Object.freeze(['none', 'causal', 'padding', 'prefix', 'window']);
export const POSITIONALS = Object.freeze(['none', 'sinusoidal', 'learned', 'rope']);
export const ACTIVATIONS = Object.freeze(['relu', 'gelu']);

/**
 * The core's limits (core/include/attnlab/limits.h), generated at build time from the built
 * module's limits() (scripts/gen-limits.mjs), for code that needs them before load() resolves.
 * After load, `lab.limits` is the same object read from the module itself.
 */
export { LIMITS };
/** The most tokens a sentence may have (LIMITS.maxTokens, the core's kMaxTokens). */
export const MAX_TOKENS = LIMITS.maxTokens;

// Literal specifiers, one per build, so bundlers (Vite) see and ship both files.
const BUILDS = {
  simd: {
    glue: () => import('../dist/attnlab-simd.mjs'),
    wasm: () => new URL('../dist/attnlab-simd.wasm', import.meta.url),
  },
  scalar: {
    glue: () => import('../dist/attnlab-scalar.mjs'),
    wasm: () => new URL('../dist/attnlab-scalar.wasm', import.meta.url),
  },
};

// The sizes every Transformer function shares, checked against the core's limits and with
// defaults filled in.
function sizes(o, limits) {
  const dModel = integer('dModel', o('dModel'), 16, 2, limits.maxDModel);
  return {
    dModel,
    heads: integer('heads', o('heads'), 2, 1, dModel),
    dFF: integer('dFF', o('dFF'), 4 * dModel, 1, limits.maxDFF),
    layers: integer('layers', o('layers'), 1, 1, limits.maxLayers),
    normFirst: flag('normFirst', o('normFirst'), false),
    activation: choice('activation', o('activation'), 'relu', ACTIVATIONS),
    positional: choice('positional', o('positional'), 'sinusoidal', POSITIONALS),
    seed: integer('seed', o('seed'), 7, 0, limits.maxSeed),
  };
}

class Lab {
  constructor(module, variant) {
    this._module = module;
    this.variant = variant;
    /** The core's limits, read from this module (the same numbers as LIMITS). */
    this.limits = Object.freeze({ ...module.limits() });
  }

  tokenize(sentence) {
    return unwrap(this._module.tokenize(text('sentence', sentence, undefined, true)));
  }

  selfAttention(options) {
    const o = reader('selfAttention', options);
    const width = this.limits.maxLessonWidth;
    const sentence = text('sentence', o('sentence'), undefined, true);
    const dModel = integer('dModel', o('dModel'), 16, 1, width);
    const dK = integer('dK', o('dK'), dModel, 1, width);
    const mask = text('mask', o('mask'), 'none');
    const seed = integer('seed', o('seed'), 7, 0, this.limits.maxSeed);
    return unwrap(this._module.selfAttention(sentence, dModel, dK, mask, seed));
  }

  scaledDotProductAttention(options) {
    const o = reader('scaledDotProductAttention', options);
    const max = this.limits.maxTensorElements;
    const q = tensor('q', o('q'), max);
    const k = tensor('k', o('k'), max);
    const v = tensor('v', o('v'), max);
    // A spec string is parsed by the core; anything else must be a (n_q, n_k) tensor.
    const maskValue = o('mask');
    const mask =
      maskValue === undefined || maskValue === null || typeof maskValue === 'string'
        ? (maskValue ?? 'none')
        : tensor('mask', maskValue, this.limits.maxMaskCells);
    const paddingValue = o('keyPadding');
    const keyPadding =
      paddingValue === undefined || paddingValue === null
        ? null
        : booleans('keyPadding', paddingValue, max);
    return unwrap(this._module.scaledDotProductAttention(q, k, v, mask, keyPadding));
  }

  mask(options) {
    const o = reader('mask', options);
    const cells = this.limits.maxMaskCells;
    const n = integer('n', o('n'), undefined, 1, cells);
    if (n === undefined) {
      throw new AttnLabError('n (the number of queries) is required', 'invalid', { what: 'n' });
    }
    const m = integer('m', o('m'), n, 1, cells);
    if (n * m > cells) {
      throw new AttnLabError(
        `mask of ${n} x ${m} = ${n * m} cells is too large: allowed at most ${cells}`,
        'too_large',
        { what: 'mask cells (n * m)', value: String(n * m), max: String(cells) },
      );
    }
    const spec = text('spec', o('spec'), 'none');
    const paddingValue = o('padding');
    const padding =
      paddingValue === undefined || paddingValue === null
        ? null
        : booleans('padding', paddingValue, cells).map((p) => (p ? 1 : 0));
    return unwrap(this._module.mask(spec, n, m, padding));
  }

  multiHeadAttention(options) {
    const o = reader('multiHeadAttention', options);
    const { dModel, heads, seed } = sizes(o, this.limits);
    const args = {
      sentence: text('sentence', o('sentence'), undefined, true),
      memory: text('memory', o('memory'), null),
      dModel,
      heads,
      mask: text('mask', o('mask'), 'none'),
      positional: choice('positional', o('positional'), 'none', POSITIONALS),
      seed,
      weights: jsonFile('weights', o('weights'), this.limits),
    };
    return unwrap(this._module.multiHeadAttention(args));
  }

  positionalEncoding(options) {
    const o = reader('positionalEncoding', options);
    const kind = choice('kind', o('kind'), 'sinusoidal', ['sinusoidal', 'learned', 'rope']);
    // 512: the positional lesson's table (positional_js checks the same).
    const length = integer('length', o('length'), undefined, 1, 512);
    if (length === undefined) {
      throw new AttnLabError('length (the number of positions) is required', 'invalid', {
        what: 'length',
      });
    }
    const dModel = integer('dModel', o('dModel'), 16, 2, this.limits.maxLessonWidth);
    const seed = integer('seed', o('seed'), 7, 0, this.limits.maxSeed);
    return unwrap(this._module.positionalEncoding(kind, length, dModel, seed));
  }

  layerNorm(options) {
    const o = reader('layerNorm', options);
    const x = tensor('x', o('x'), this.limits.maxTensorElements);
    const d = x.shape[1];
    const gammaValue = o('gamma');
    const betaValue = o('beta');
    const gamma = gammaValue == null ? null : floats('gamma', gammaValue, { length: d });
    const beta = betaValue == null ? null : floats('beta', betaValue, { length: d });
    const eps = number('eps', o('eps'), 1e-5, Number.MIN_VALUE, 1);
    return unwrap(this._module.layerNorm(x, gamma, beta, eps));
  }

  feedForward(options) {
    const o = reader('feedForward', options);
    const x = tensor('x', o('x'), this.limits.maxTensorElements);
    const dModel = Math.max(x.shape[1], 1);
    const dFF = integer(
      'dFF',
      o('dFF'),
      Math.min(4 * dModel, this.limits.maxDFF),
      1,
      this.limits.maxDFF,
    );
    const activation = choice('activation', o('activation'), 'relu', ACTIVATIONS);
    const seed = integer('seed', o('seed'), 7, 0, this.limits.maxSeed);
    return unwrap(this._module.feedForward(x, dFF, activation, seed));
  }

  encoder(options) {
    const o = reader('encoder', options);
    const args = {
      ...sizes(o, this.limits),
      sentence: text('sentence', o('sentence'), undefined, true),
      mask: text('mask', o('mask'), 'none'),
    };
    return unwrap(this._module.encoder(args));
  }

  generate(options) {
    const o = reader('generate', options);
    const model = choice('model', o('model'), 'encoder-decoder', [
      'encoder-decoder',
      'decoder-only',
    ]);
    const input = model === 'decoder-only' ? 'prompt' : 'source';
    const args = {
      ...sizes(o, this.limits),
      model,
      text: text(input, o(input), undefined, true),
      maxNewTokens: integer('maxNewTokens', o('maxNewTokens'), 8, 1, this.limits.maxTokens),
      strategy: choice('strategy', o('strategy'), 'greedy', ['greedy', 'sample']),
      temperature: number('temperature', o('temperature'), 1, 0.05, 10),
      topK: integer('topK', o('topK'), 0, 0, this.limits.maxVocab),
      useCache: flag('useCache', o('useCache'), true),
      stopAtEnd: flag('stopAtEnd', o('stopAtEnd'), true),
      weights: jsonFile('weights', o('weights'), this.limits),
    };
    return unwrap(this._module.generate(args));
  }

  exportWeights(options) {
    const o = reader('exportWeights', options);
    const model = choice('model', o('model'), 'decoder-only', ['encoder-decoder', 'decoder-only']);
    const vocabValue = o('vocab');
    const vocab =
      vocabValue === undefined || vocabValue === null
        ? ['<begin>', '<end>']
        : strings('vocab', vocabValue, this.limits.maxVocab);
    const args = { ...sizes(o, this.limits), model, vocab };
    return JSON.stringify(unwrap(this._module.exportWeights(args)));
  }

  // ---- Attention pooling (lesson 2): Nadaraya-Watson kernel regression on a 1-D toy set ----
  // The bindings take their numbers in a Float64Array and return one packed Float32Array (see
  // wasm/bindings/pooling_bindings.cpp); these methods check the options and name the pieces.

  /** The toy data's options, checked, with defaults (the d2l.ai example), in binding order. */
  _poolingArgs(o) {
    return [
      integer('points', o('points'), 50, 2, 200),
      integer('seed', o('seed'), 7, 0, this.limits.maxSeed),
      number('noise', o('noise'), 0.5, 0, 2),
      number('w', o('w'), 1, -100, 100),
    ];
  }

  attentionPooling(options) {
    const o = reader('attentionPooling', options);
    const args = this._poolingArgs(o);
    const queriesValue = o('queries');
    // Default queries: d2l's x_test, 0, 0.1, ..., 4.9. The core bounds their number.
    const queries =
      queriesValue === undefined || queriesValue === null
        ? Float32Array.from({ length: 50 }, (_, i) => i / 10)
        : floats('queries', queriesValue, { max: this.limits.maxTensorElements });
    const packed = unwrap(this._module.attentionPooling(Float64Array.from(args), queries)).data;
    const [n, m] = [args[0], queries.length];
    let at = 2;
    const take = (...shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      at += size;
      return { data: packed.slice(at - size, at), shape };
    };
    return {
      x: take(n),
      y: take(n),
      truth: take(n),
      queries: take(m),
      queryTruth: take(m),
      predictions: take(m),
      scores: take(m, n),
      weights: take(m, n),
      loss: packed[0],
      grad: packed[1],
    };
  }

  trainPooling(options) {
    const o = reader('trainPooling', options);
    const args = this._poolingArgs(o);
    const steps = integer('steps', o('steps'), 100, 0, 10000);
    const lrValue = o('lr');
    const lr = lrValue ?? 0.2;
    if (typeof lr !== 'number' || !(lr > 0 && lr <= 10)) {
      throw new AttnLabError(
        `lr ${typeof lr === 'number' ? lr : typeof lr} is out of range: allowed 0 < lr <= 10`,
        'out_of_range',
        { what: 'lr', value: String(typeof lr === 'number' ? lr : typeof lr), min: '0', max: '10' },
      );
    }
    const adamValue = o('adam');
    const adam = adamValue === undefined || adamValue === null ? null : reader('adam', adamValue);
    // t travels back as a float32, exact up to 2^24.
    const t = adam ? integer('adam.t', adam('t') ?? 'missing', undefined, 0, 10000000) : 0;
    const [m, v] = ['m', 'v'].map((key) => {
      if (!adam) return 0;
      const value = adam(key);
      // Guarded: a Proxy's traps run here, in JS.
      const number = guard(`adam.${key}`, () => {
        const ok =
          Array.isArray(value) || value instanceof Float32Array || value instanceof Float64Array;
        return ok && value.length === 1 ? Math.fround(value[0]) : NaN;
      });
      if (!Number.isFinite(number) || (key === 'v' && number < 0)) {
        throw new AttnLabError(
          `adam.${key} must hold one finite number${key === 'v' ? ' >= 0' : ''}: pass back the adam a previous call returned`,
          'invalid',
          { what: `adam.${key}` },
        );
      }
      return number;
    });
    const packed = unwrap(
      this._module.trainPooling(Float64Array.of(...args, steps, lr, t, m, v)),
    ).data;
    const s = (packed.length - 5) / 3;
    return {
      initialLoss: packed[0],
      loss: packed.slice(5, 5 + s),
      w: packed.slice(5 + s, 5 + 2 * s),
      grad: packed.slice(5 + 2 * s),
      diverged: packed[1] === 1,
      adam: { t: packed[2], m: packed.slice(3, 4), v: packed.slice(4, 5) },
    };
  }

  /** Bytes of wasm memory in use: a diagnostic for leak tests. */
  memoryBytes() {
    return this._module.HEAPF32.buffer.byteLength;
  }
}

async function instantiate(variant, onProgress) {
  const build = BUILDS[variant];
  const [{ default: createModule }, wasmBinary] = await Promise.all([
    build.glue(),
    readWasm(build.wasm(), onProgress),
  ]);
  const module = await createModule({ wasmBinary });
  onProgress?.(1);
  return new Lab(module, variant);
}

/**
 * Loads the core once and returns it (see index.d.ts).
 * @param {{ variant?: 'simd' | 'scalar', onProgress?: (fraction: number) => void }} [options]
 * @returns {Promise<Lab>}
 */
export async function load(options) {
  const o = reader('load', options);
  const variantValue = o('variant');
  // An own-key check: `'toString' in BUILDS` would walk the prototype.
  if (
    variantValue !== undefined &&
    (typeof variantValue !== 'string' || !Object.hasOwn(BUILDS, variantValue))
  ) {
    choice('variant', variantValue, undefined, Object.keys(BUILDS));
  }
  const onProgress = o('onProgress');
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new AttnLabError('onProgress must be a function', 'invalid', { what: 'onProgress' });
  }
  const variant = variantValue ?? ((await simd()) ? 'simd' : 'scalar');
  const registry = (globalThis[REGISTRY] ??= new Map());
  if (!registry.has(variant)) {
    const pending = instantiate(variant, onProgress);
    registry.set(variant, pending);
    // A failed download may succeed later (e.g. back online): do not cache the failure.
    pending.catch(() => registry.delete(variant));
  }
  return registry.get(variant);
}

/**
 * The raw Embind module of a build, for the benchmark (benchGemm, benchSelfAttention).
 * @param {'simd' | 'scalar'} variant
 */
export async function loadRawModule(variant) {
  return (await load({ variant }))._module;
}
