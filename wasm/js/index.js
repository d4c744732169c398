// attention-lab: the JS facade over the C++ core. Contract and docs: index.d.ts beside this file.
//
// One core per page (or Node process): load() memoises the instance on a global symbol, so every
// widget, and even two copies of this bundle on one page, share one wasm module.
import { simd } from 'wasm-feature-detect';
import { AttnLabError } from './errors.js';
import { readWasm } from './read-wasm.js';
import { choice, flag, integer, number, unwrap } from './options.js';

const REGISTRY = Symbol.for('attention-lab.core.v1');
/** The mask names the core accepts (Mask::by_name in core/mask.cpp; a facade test pins the two). */
export const MASKS = Object.freeze(['none', 'causal', 'padding', 'causal+padding']);

export { AttnLabError };

/** The terms a mask spec may combine with '+' (Mask::parse in core/mask.cpp). */
export const MASK_KINDS = Object.freeze(['none', 'causal', 'padding', 'prefix', 'window']);
export const POSITIONALS = Object.freeze(['none', 'sinusoidal', 'learned', 'rope']);
export const ACTIVATIONS = Object.freeze(['relu', 'gelu']);

/** The most tokens a sentence may have (kMaxTokens in core/include/attnlab/text/tokenizer.h). */
export const MAX_TOKENS = 64;

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

// Weights as the parsed object the core reads (it names any missing or mis-shaped tensor).
function weightsObject(weights) {
  if (weights === undefined || weights === null) return null;
  if (typeof weights === 'string') {
    try {
      return JSON.parse(weights);
    } catch (error) {
      throw new AttnLabError(
        `weights file is not valid JSON (truncated or corrupt): ${error.message}`,
      );
    }
  }
  if (typeof weights === 'object') return weights;
  throw new AttnLabError('weights must be a weights file as text or as a parsed object');
}

// The sizes every Transformer function shares, checked and with defaults filled in.
function sizes(options) {
  const dModel = integer('dModel', options.dModel, 16, 2, 256);
  return {
    dModel,
    heads: integer('heads', options.heads, 2, 1, dModel),
    dFF: integer('dFF', options.dFF, 4 * dModel, 1, 1024),
    layers: integer('layers', options.layers, 1, 1, 6),
    normFirst: flag('normFirst', options.normFirst, false),
    activation: choice('activation', options.activation, 'relu', ACTIVATIONS),
    positional: choice('positional', options.positional, 'sinusoidal', POSITIONALS),
    seed: integer('seed', options.seed, 7, 0, 4294967295),
  };
}

function text(name, value) {
  if (typeof value !== 'string')
    throw new AttnLabError(`${name} must be a string; got ${typeof value}`);
  return value;
}

class Lab {
  constructor(module, variant) {
    this._module = module;
    this.variant = variant;
  }

  tokenize(sentence) {
    return unwrap(this._module.tokenize(text('sentence', sentence)));
  }

  selfAttention(options = {}) {
    const dModel = integer('dModel', options.dModel, 16, 1, 256);
    const dK = integer('dK', options.dK, dModel, 1, 256);
    const seed = integer('seed', options.seed, 7, 0, 4294967295);
    return unwrap(
      this._module.selfAttention(
        text('sentence', options.sentence),
        dModel,
        dK,
        text('mask', options.mask ?? 'none'),
        seed,
      ),
    );
  }

  scaledDotProductAttention(options = {}) {
    const { q, k, v, keyPadding } = options;
    // A name is checked by the core; anything else must be a (n_q, n_k) tensor.
    const mask = options.mask ?? 'none';
    if (keyPadding != null && !Array.isArray(keyPadding)) {
      throw new AttnLabError('keyPadding must be an array of booleans, one per key');
    }
    return unwrap(this._module.scaledDotProductAttention(q, k, v, mask, keyPadding ?? null));
  }

  mask(options = {}) {
    const n = integer('n', options.n, undefined, 1, 65536);
    if (n === undefined) throw new AttnLabError('n (the number of queries) is required');
    const m = integer('m', options.m, n, 1, 65536);
    if (options.padding != null && !Array.isArray(options.padding)) {
      throw new AttnLabError('padding must be an array of booleans, one per key');
    }
    const padding = options.padding?.map((p) => (p ? 1 : 0)) ?? null;
    return unwrap(this._module.mask(text('spec', options.spec ?? 'none'), n, m, padding));
  }

  multiHeadAttention(options = {}) {
    const { dModel, heads, seed } = sizes(options);
    const memory = options.memory == null ? null : text('memory', options.memory);
    return unwrap(
      this._module.multiHeadAttention({
        sentence: text('sentence', options.sentence),
        memory,
        dModel,
        heads,
        mask: text('mask', options.mask ?? 'none'),
        positional: choice('positional', options.positional, 'none', POSITIONALS),
        seed,
        weights: weightsObject(options.weights),
      }),
    );
  }

  positionalEncoding(options = {}) {
    const kind = choice('kind', options.kind, 'sinusoidal', ['sinusoidal', 'learned', 'rope']);
    const length = integer('length', options.length, undefined, 1, 512);
    if (length === undefined)
      throw new AttnLabError('length (the number of positions) is required');
    const dModel = integer('dModel', options.dModel, 16, 2, 256);
    const seed = integer('seed', options.seed, 7, 0, 4294967295);
    return unwrap(this._module.positionalEncoding(kind, length, dModel, seed));
  }

  layerNorm(options = {}) {
    const eps = number('eps', options.eps, 1e-5, Number.MIN_VALUE, 1);
    return unwrap(
      this._module.layerNorm(options.x, options.gamma ?? null, options.beta ?? null, eps),
    );
  }

  feedForward(options = {}) {
    const dModel = options.x?.shape?.[1] ?? 16;
    const dFF = integer('dFF', options.dFF, 4 * dModel, 1, 1024);
    const activation = choice('activation', options.activation, 'relu', ACTIVATIONS);
    const seed = integer('seed', options.seed, 7, 0, 4294967295);
    return unwrap(this._module.feedForward(options.x, dFF, activation, seed));
  }

  encoder(options = {}) {
    return unwrap(
      this._module.encoder({
        ...sizes(options),
        sentence: text('sentence', options.sentence),
        mask: text('mask', options.mask ?? 'none'),
      }),
    );
  }

  generate(options = {}) {
    const model = choice('model', options.model, 'encoder-decoder', [
      'encoder-decoder',
      'decoder-only',
    ]);
    const input = model === 'decoder-only' ? 'prompt' : 'source';
    return unwrap(
      this._module.generate({
        ...sizes(options),
        model,
        text: text(input, options[input]),
        maxNewTokens: integer('maxNewTokens', options.maxNewTokens, 8, 1, 64),
        strategy: choice('strategy', options.strategy, 'greedy', ['greedy', 'sample']),
        temperature: number('temperature', options.temperature, 1, 0.05, 10),
        topK: integer('topK', options.topK, 0, 0, 65536),
        useCache: flag('useCache', options.useCache, true),
        stopAtEnd: flag('stopAtEnd', options.stopAtEnd, true),
        weights: weightsObject(options.weights),
      }),
    );
  }

  exportWeights(options = {}) {
    const model = choice('model', options.model, 'decoder-only', [
      'encoder-decoder',
      'decoder-only',
    ]);
    const vocab = options.vocab ?? ['<begin>', '<end>'];
    if (!Array.isArray(vocab) || !vocab.every((t) => typeof t === 'string')) {
      throw new AttnLabError('vocab must be an array of token strings');
    }
    return JSON.stringify(unwrap(this._module.exportWeights({ ...sizes(options), model, vocab })));
  }

  // ---- Attention pooling (lesson 2): Nadaraya-Watson kernel regression on a 1-D toy set ----
  // The bindings take their numbers in a Float64Array and return one packed Float32Array (see
  // wasm/bindings/pooling_bindings.cpp); these methods check the options and name the pieces.

  /** The toy data's options, checked, with defaults (the d2l.ai example), in binding order. */
  _poolingArgs(options) {
    return [
      integer('points', options.points, 50, 2, 200),
      integer('seed', options.seed, 7, 0, 4294967295),
      number('noise', options.noise, 0.5, 0, 2),
      number('w', options.w, 1, -100, 100),
    ];
  }

  attentionPooling(options = {}) {
    const args = this._poolingArgs(options);
    // Default queries: d2l's x_test, 0, 0.1, ..., 4.9.
    const queries = options.queries ?? Array.from({ length: 50 }, (_, i) => i / 10);
    if (!Array.isArray(queries) && !(queries instanceof Float32Array)) {
      throw new AttnLabError('queries must be an array or Float32Array of numbers');
    }
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

  trainPooling(options = {}) {
    const args = this._poolingArgs(options);
    const steps = integer('steps', options.steps, 100, 0, 10000);
    const lr = options.lr ?? 0.2;
    if (typeof lr !== 'number' || !(lr > 0 && lr <= 10)) {
      throw new AttnLabError(`lr ${String(lr)} is out of range: allowed 0 < lr <= 10`);
    }
    const adam = options.adam ?? { t: 0, m: [0], v: [0] };
    // t travels back as a float32, exact up to 2^24.
    integer('adam.t', adam.t ?? 'missing', undefined, 0, 10000000);
    for (const key of ['m', 'v']) {
      const value = adam[key]?.[0];
      if (adam[key]?.length !== 1 || !Number.isFinite(value) || (key === 'v' && value < 0)) {
        throw new AttnLabError(
          `adam.${key} must hold one finite number: pass back the adam a previous call returned`,
        );
      }
    }
    const packed = unwrap(
      this._module.trainPooling(Float64Array.of(...args, steps, lr, adam.t, adam.m[0], adam.v[0])),
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
export async function load(options = {}) {
  if (options.variant !== undefined && !(options.variant in BUILDS)) {
    throw new AttnLabError(`variant '${options.variant}' is unknown: allowed simd, scalar`);
  }
  const variant = options.variant ?? ((await simd()) ? 'simd' : 'scalar');
  const registry = (globalThis[REGISTRY] ??= new Map());
  if (!registry.has(variant)) {
    const pending = instantiate(variant, options.onProgress);
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
