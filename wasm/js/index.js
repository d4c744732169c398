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
