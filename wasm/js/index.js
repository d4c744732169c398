// attention-lab: the JS facade over the C++ core. Contract and docs: index.d.ts beside this file.
//
// One core per page (or Node process): load() memoises the instance on a global symbol, so every
// widget, and even two copies of this bundle on one page, share one wasm module.
import { simd } from 'wasm-feature-detect';

const REGISTRY = Symbol.for('attention-lab.core.v1');
/** The mask names the core accepts (Mask::by_name in core/mask.cpp; a facade test pins the two). */
export const MASKS = Object.freeze(['none', 'causal', 'padding', 'causal+padding']);

/** The error every facade function throws; its message comes from the C++ core. */
export class AttnLabError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AttnLabError';
  }
}

/** The terms a mask spec may combine with '+' (Mask::parse in core/mask.cpp). */
export const MASK_KINDS = Object.freeze(['none', 'causal', 'padding', 'prefix', 'window']);
export const POSITIONALS = Object.freeze(['none', 'sinusoidal', 'learned', 'rope']);
export const ACTIVATIONS = Object.freeze(['relu', 'gelu']);

/** The most tokens a sentence may have (kMaxTokens in core/include/attnlab/text/tokenizer.h). */
export const MAX_TOKENS = 64;

const isNode =
  typeof process === 'object' && !!process.versions?.node && typeof window === 'undefined';

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

async function readWasm(url, onProgress) {
  if (isNode) {
    // A variable specifier keeps browser bundlers from trying to bundle node:fs.
    const [fsName, urlName] = ['node:fs/promises', 'node:url'];
    const { readFile } = await import(/* @vite-ignore */ fsName);
    const { fileURLToPath } = await import(/* @vite-ignore */ urlName);
    const bytes = await readFile(fileURLToPath(url));
    onProgress?.(1);
    return bytes;
  }
  const response = await fetch(url);
  if (!response.ok)
    throw new AttnLabError(`could not download the core from ${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  if (!onProgress || !total || !response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const bytes = new Uint8Array(total);
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes.set(value, received);
    received += value.length;
    onProgress(Math.min(received / total, 1) * 0.9);
  }
  return bytes.subarray(0, received);
}

// { value } or { error } from the bindings' guard -> value, or a thrown AttnLabError.
function unwrap(result) {
  if (result.error !== undefined) throw new AttnLabError(result.error);
  return result.value;
}

function integer(name, value, fallback, lo, hi) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new AttnLabError(
      `${name} ${String(value)} is out of range: allowed integers ${lo}..${hi}`,
    );
  }
  return value;
}

function number(name, value, fallback, lo, hi) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi) {
    throw new AttnLabError(`${name} ${String(value)} is out of range: allowed ${lo}..${hi}`);
  }
  return value;
}

function choice(name, value, fallback, allowed) {
  if (value === undefined || value === null) return fallback;
  if (!allowed.includes(value)) {
    throw new AttnLabError(`${name} '${String(value)}' is unknown: allowed ${allowed.join(', ')}`);
  }
  return value;
}

function flag(name, value, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new AttnLabError(`${name} must be true or false`);
  return value;
}

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
