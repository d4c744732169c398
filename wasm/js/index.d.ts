/**
 * attention-lab: the JavaScript facade over the C++ Transformer core (compiled to WebAssembly).
 *
 *     import { load } from 'attention-lab';
 *     const lab = await load();                     // SIMD build when the engine supports it
 *     const r = lab.selfAttention({ sentence: 'robot must obey orders', mask: 'causal', seed: 7 });
 *     r.weights.shape  // [4, 4]; r.weights.data is a Float32Array, rows sum to 1
 *
 * Every tensor is a copy: it stays valid after later calls, and nothing needs freeing.
 * Every function throws an `AttnLabError` (a JS `Error`) whose message names the bad value and
 * the allowed range, e.g. "d_k 0 is out of range: allowed 1..256".
 */

/** A dense row-major f32 tensor. `data.length` is the product of `shape`. */
export interface Tensor {
  data: Float32Array;
  shape: number[];
}

/** The error every facade function throws on bad input; `message` comes from the C++ core. */
export class AttnLabError extends Error {
  name: 'AttnLabError';
}

/**
 * Which keys each query may attend to.
 * - 'none': every key.
 * - 'causal': keys at positions <= the query's (Vaswani et al. 2017, sec. 3.2.3).
 * - 'padding': every key that is not the `<pad>` token (key padding mask).
 * - 'causal+padding': both.
 */
export type MaskName = 'none' | 'causal' | 'padding' | 'causal+padding';

/** Every MaskName, in a fixed order (for pickers). */
export const MASKS: readonly MaskName[];

/** The most tokens a sentence may have (the tokenizer's documented limit). */
export const MAX_TOKENS: number; // 64

export interface SelfAttentionOptions {
  /** The learner's sentence. Tokenized: English words and punctuation, one token per Chinese
   *  character, an emoji as one token, `<pad>` as the padding token. 1..MAX_TOKENS tokens. */
  sentence: string;
  /** Width of each token's embedding, d_model. 1..256, default 16. */
  dModel?: number;
  /** Width of the queries and keys (and values), d_k. 1..256, default = dModel. */
  dK?: number;
  /** Default 'none'. */
  mask?: MaskName;
  /** Seeds the embeddings and W_q, W_k, W_v; the same seed gives the same numbers on every
   *  platform and build. Integer 0..2^32-1, default 7. */
  seed?: number;
}

/**
 * Everything single-head self-attention computes for one sentence, n = number of tokens.
 * Q = X W_q^T, K = X W_k^T, V = X W_v^T (PyTorch Linear layout: W is (d_k, d_model), no bias);
 * scores = Q K^T / sqrt(d_k); masked scores = scores with blocked cells set to -Infinity;
 * weights = softmax over each row (blocked cells exactly 0; a row with every key blocked is all 0);
 * output = weights V. (Vaswani et al. 2017, eq. 1.)
 */
export interface SelfAttentionResult {
  tokens: string[];
  /** Token embeddings X, (n, d_model). The same token always gets the same row for one seed. */
  x: Tensor;
  /** (d_k, d_model) each. */
  wQ: Tensor;
  wK: Tensor;
  wV: Tensor;
  /** (n, d_k) each. */
  q: Tensor;
  k: Tensor;
  v: Tensor;
  /** 1 where query i may attend to key j, 0 where blocked, (n, n). */
  mask: Tensor;
  /** Q K^T / sqrt(d_k), before the mask, (n, n). */
  scores: Tensor;
  /** scores with blocked cells set to -Infinity, (n, n). */
  maskedScores: Tensor;
  /** softmax of each row of maskedScores, (n, n); rows sum to 1. */
  weights: Tensor;
  /** weights V, (n, d_k). */
  output: Tensor;
}

export interface AttentionOptions {
  /** (n_q, d_k) */
  q: Tensor;
  /** (n_k, d_k) */
  k: Tensor;
  /** (n_k, d_v) */
  v: Tensor;
  /** A mask name, or an explicit (n_q, n_k) tensor with 1 = may attend, 0 = blocked. */
  mask?: MaskName | Tensor;
  /** With 'padding' masks on explicit tensors: true for each key that is padding, length n_k. */
  keyPadding?: boolean[];
}

/** What scaled dot-product attention computes on explicit Q, K, V (Vaswani et al. 2017, eq. 1). */
export interface AttentionResult {
  mask: Tensor; // (n_q, n_k)
  scores: Tensor; // (n_q, n_k)
  maskedScores: Tensor; // (n_q, n_k)
  weights: Tensor; // (n_q, n_k)
  output: Tensor; // (n_q, d_v)
}

export interface AttentionLab {
  /** Which build was loaded. */
  readonly variant: 'simd' | 'scalar';
  /** The tokenizer the other functions use. Throws on an empty or over-long sentence. */
  tokenize(sentence: string): string[];
  selfAttention(options: SelfAttentionOptions): SelfAttentionResult;
  scaledDotProductAttention(options: AttentionOptions): AttentionResult;
}

export interface LoadOptions {
  /** Force a build; by default the SIMD build is used when the engine supports WASM SIMD. */
  variant?: 'simd' | 'scalar';
  /** Called with a number in 0..1 while the module downloads and compiles. */
  onProgress?: (fraction: number) => void;
}

/**
 * Loads the core once per page (or Node process) and returns it; later calls return the same
 * instance, however many widgets ask. Works in browsers and in Node >= 18.
 */
export function load(options?: LoadOptions): Promise<AttentionLab>;
