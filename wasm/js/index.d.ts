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

/**
 * The core's size limits (core/include/attnlab/limits.h), exported by the wasm module as
 * `limits()` and generated into wasm/dist/limits.js at build time. Every facade check uses these;
 * a value above one throws an AttnLabError with code 'too_large' or 'out_of_range'.
 */
export interface Limits {
  readonly maxTokens: number;
  readonly maxSentenceBytes: number;
  readonly maxPositions: number;
  readonly maxLessonWidth: number;
  readonly maxDModel: number;
  readonly maxDFF: number;
  readonly maxLayers: number;
  readonly maxVocab: number;
  readonly maxModelParams: number;
  readonly maxTensorElements: number;
  readonly maxMaskCells: number;
  readonly maxWorkPerCall: number;
  /** Seeds are integers 0..maxSeed (the core's Rng takes 32 bits). */
  readonly maxSeed: number;
  readonly maxJsonDepth: number;
  readonly maxFileBytes: number;
}

/** The core's limits, available synchronously (the same object as `lab.limits` after load). */
export const LIMITS: Limits;

/** The most tokens a sentence may have: LIMITS.maxTokens. */
export const MAX_TOKENS: number; // 64

export interface SelfAttentionOptions {
  /** The learner's sentence. Tokenized: English words and punctuation, one token per Chinese
   *  character, an emoji as one token, `<pad>` as the padding token. 1..MAX_TOKENS tokens. */
  sentence: string;
  /** Width of each token's embedding, d_model. 1..256, default 16. */
  dModel?: number;
  /** Width of the queries and keys (and values), d_k. 1..256, default = dModel. */
  dK?: number;
  /** A MaskName or any MaskSpec ('prefix:2', 'causal+window:1', ...). Default 'none'. */
  mask?: MaskName | MaskSpec;
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

/**
 * A mask spec for the Transformer functions: one or more terms joined by '+', each one of
 * - 'none': every key;
 * - 'causal': keys j <= i (needs as many queries as keys);
 * - 'padding': every key that is not `<pad>`;
 * - 'prefix:P': prefix-LM, keys j <= i or j < P, so the first P tokens see each other fully
 *   (P in 0..n);
 * - 'window:R': sliding window / truncated attention, keys with |i - j| <= R (R in 0..n); combine
 *   with 'causal' for a causal window ('causal+window:2').
 * Examples: 'causal', 'prefix:2+padding', 'causal+window:3'. The core rejects an unknown term or
 * an out-of-range number with a message naming it.
 */
export type MaskSpec = string;

/** The mask terms, in picker order (a spec may combine them with '+'). */
export const MASK_KINDS: readonly ['none', 'causal', 'padding', 'prefix', 'window'];
/** Every Positional, in picker order. */
export const POSITIONALS: readonly Positional[];
/** Every Activation. */
export const ACTIVATIONS: readonly Activation[];

/** How positions enter the model. 'none' leaves attention permutation-equivariant. */
export type Positional = 'none' | 'sinusoidal' | 'learned' | 'rope';
/** The FFN's activation: ReLU, or GELU with erf (PyTorch's default 'gelu'). */
export type Activation = 'relu' | 'gelu';

/**
 * Weights in the documented JSON format (docs: wasm/WEIGHTS.md), as the parsed object or its
 * text. Tensor names and layouts follow PyTorch's state_dict, e.g.
 * 'layers.0.self_attn.in_proj_weight' (3 d_model, d_model), 'layers.0.linear1.weight' (d_ff, d_model).
 */
export type Weights = string | object;

/** Model sizes shared by the Transformer functions. Every field is optional. */
export interface TransformerOptions {
  /** d_model, 2..256 (even: sinusoidal and RoPE pair columns). Default 16. */
  dModel?: number;
  /** Number of heads, 1..dModel, and it must divide dModel (d_k = dModel / heads). Default 2. */
  heads?: number;
  /** FFN hidden width d_ff, 1..1024. Default 4 * dModel. */
  dFF?: number;
  /** Layers in each stack, 1..6. Default 1. */
  layers?: number;
  /** Pre-norm (LayerNorm before each sub-layer, plus a final LayerNorm) when true; post-norm as
   *  in Vaswani et al. 2017 when false. Default false. */
  normFirst?: boolean;
  /** Default 'relu'. */
  activation?: Activation;
  /** Default 'sinusoidal'. */
  positional?: Positional;
  /** Seeds embeddings and every weight (PyTorch's default inits, with biases and LayerNorm
   *  gains drawn at random so no parameter hides as 0 or 1). Integer 0..2^32-1, default 7. */
  seed?: number;
}

export interface MultiHeadAttentionOptions {
  /** The queries' sentence, 1..MAX_TOKENS tokens (n). */
  sentence: string;
  /** Cross-attention: keys and values come from this sentence (m tokens) instead. */
  memory?: string;
  dModel?: number; // 2..256, default 16
  heads?: number; // divides dModel, default 2
  /** Applied over (n, m). Default 'none'. 'causal' and 'prefix' need n == m. */
  mask?: MaskSpec;
  /** Added to the embeddings ('sinusoidal', 'learned') or rotating q and k ('rope'). Default 'none'. */
  positional?: Positional;
  seed?: number;
  /** Explicit W_q/W_k/W_v/W_o instead of the seed: 'in_proj_weight' (3 d_model, d_model),
   *  'in_proj_bias' (3 d_model), 'out_proj.weight' (d_model, d_model), 'out_proj.bias'. */
  weights?: Weights;
}

/**
 * Multi-head attention (Vaswani et al. 2017, sec. 3.2.2): project with W_q, W_k, W_v (with
 * biases), split the columns into `heads` blocks of d_k = dModel / heads, attend in each head,
 * concatenate the heads in order, project with W_o. n = query tokens, m = key tokens (m = n for
 * self-attention).
 */
export interface MultiHeadAttentionResult {
  tokens: string[];
  /** The keys' tokens: equal to `tokens` for self-attention. */
  memoryTokens: string[];
  /** The queries' input: embeddings plus additive positions, (n, dModel). */
  x: Tensor;
  /** The keys' and values' input, (m, dModel). */
  memoryX: Tensor;
  /** 1 = may attend, (n, m). */
  mask: Tensor;
  /** Per head, after RoPE when positional is 'rope': q (heads, n, d_k), k and v (heads, m, d_k). */
  q: Tensor;
  k: Tensor;
  v: Tensor;
  /** q k^T / sqrt(d_k) per head, before the mask, (heads, n, m). */
  scores: Tensor;
  /** Softmax per head, (heads, n, m); blocked cells exactly 0. */
  weights: Tensor;
  /** The weights averaged over heads, (n, m) (what nn.MultiheadAttention returns by default). */
  meanWeights: Tensor;
  /** Each head's weights V, (heads, n, d_k). */
  headOutputs: Tensor;
  /** The heads side by side, (n, dModel). */
  concat: Tensor;
  /** concat W_o^T + b_o, (n, dModel). */
  output: Tensor;
  /** (dModel, dModel) each, PyTorch layout (out, in). */
  wQ: Tensor;
  wK: Tensor;
  wV: Tensor;
  wO: Tensor;
}

export interface PositionalEncodingOptions {
  /** Default 'sinusoidal'. */
  kind?: 'sinusoidal' | 'learned' | 'rope';
  /** Positions, 1..512. */
  length: number;
  /** 2..256, even. Default 16. */
  dModel?: number;
  /** Seeds the learned table. */
  seed?: number;
}

export interface PositionalEncodingResult {
  /**
   * (length, dModel). sinusoidal: PE[p, 2i] = sin(p / 10000^(2i/dModel)), PE[p, 2i+1] = cos(...)
   * (Vaswani et al. 2017, sec. 3.5). learned: the table's rows (PyTorch nn.Embedding init,
   * N(0, 1)). rope: the vector (1, 0, 1, 0, ...) rotated to each position (Su et al. 2021), so
   * row p holds (cos p θ_i, sin p θ_i) pairs.
   */
  table: Tensor;
  /** Cosine similarity of every pair of rows, (length, length). */
  similarity: Tensor;
}

export interface LayerNormOptions {
  /** (n, d) */
  x: Tensor;
  /** Gain and bias, length d. Default ones and zeros. */
  gamma?: number[] | Float32Array;
  beta?: number[] | Float32Array;
  /** Default 1e-5 (PyTorch's). 0 < eps <= 1. */
  eps?: number;
}

/** LayerNorm over each row (Ba et al. 2016): y = (x - mean) * rstd * gamma + beta. */
export interface LayerNormResult {
  /** (n, d) */
  y: Tensor;
  /** Per token (row): mean (n), rstd = 1 / sqrt(biased variance + eps) (n), variance (n). */
  mean: Tensor;
  rstd: Tensor;
  variance: Tensor;
  /** Per feature (column), over the tokens: what BatchNorm would average (d) each. */
  columnMean: Tensor;
  columnVariance: Tensor;
}

export interface FeedForwardOptions {
  /** (n, dModel) */
  x: Tensor;
  /** 1..1024, default 4 * dModel. */
  dFF?: number;
  activation?: Activation;
  seed?: number;
}

/** FFN(x) = act(x W1^T + b1) W2^T + b2, applied to each token alone (Vaswani et al. 2017, eq. 2). */
export interface FeedForwardResult {
  /** x W1^T + b1, (n, dFF). */
  hidden: Tensor;
  /** act(hidden), (n, dFF). */
  activated: Tensor;
  /** (n, dModel) */
  output: Tensor;
}

/**
 * One named stage of a block, in the order the block runs them. Names:
 * encoder, post-norm: input, self-attention, add1, norm1, ffn-hidden, ffn, add2, norm2;
 * encoder, pre-norm:  input, norm1, self-attention, add1, norm2, ffn-hidden, ffn, add2;
 * decoder, post-norm: input, self-attention, add1, norm1, cross-attention, add2, norm2,
 *                     ffn-hidden, ffn, add3, norm3;
 * decoder, pre-norm:  input, norm1, self-attention, add1, norm2, cross-attention, add2, norm3,
 *                     ffn-hidden, ffn, add3.
 * 'ffn-hidden' is the activated hidden layer (n, dFF); every other value is (n, dModel).
 */
export interface BlockStep {
  name: string;
  value: Tensor;
  /** LayerNorm steps only: each token's mean and rstd over its features, (n) each. They are the
   *  statistics of the LayerNorm's input (the step before it), which `value` then normalises. */
  mean?: Tensor;
  rstd?: Tensor;
}

export interface EncoderLayerTrace {
  steps: BlockStep[];
  /** (heads, n, n) and its mean over heads (n, n). */
  selfWeights: Tensor;
  selfMeanWeights: Tensor;
}

export interface EncoderOptions extends TransformerOptions {
  sentence: string;
  /** Default 'none'. */
  mask?: MaskSpec;
}

export interface EncoderResult {
  tokens: string[];
  /** Embeddings plus positions, the first layer's input, (n, dModel). */
  x: Tensor;
  layers: EncoderLayerTrace[];
  /** Pre-norm only: the stack's final LayerNorm. */
  finalNorm?: BlockStep;
  /** The stack's output, (n, dModel). */
  output: Tensor;
}

export interface GenerateOptions extends TransformerOptions {
  /** Default 'encoder-decoder'. */
  model?: 'encoder-decoder' | 'decoder-only';
  /** encoder-decoder: the sentence the encoder reads (m tokens). */
  source?: string;
  /** decoder-only: the tokens to continue. */
  prompt?: string;
  /** 1..64, default 8. Generation also stops after '<end>'. */
  maxNewTokens?: number;
  /** Default 'greedy' (argmax). 'sample' draws from softmax(logits / temperature), keeping the
   *  topK most likely tokens (0 = all). */
  strategy?: 'greedy' | 'sample';
  temperature?: number; // 0.05..10, default 1
  topK?: number; // 0..vocab, default 0; ignored by 'greedy'
  /** Keep each layer's K and V and compute only the new token's q, k, v per step. Default true.
   *  Both modes give the same logits (a test checks to 1e-6). */
  useCache?: boolean;
  /** Stop after the model generates '<end>'. Default true; false runs all maxNewTokens steps
   *  (useful with random weights, which may pick '<end>' at once). */
  stopAtEnd?: boolean;
  /** A saved model (format in wasm/WEIGHTS.md) instead of the seed; its config wins over the
   *  size options. */
  weights?: Weights;
}

export interface GenerateStep {
  /** The chosen token and its id in `vocab`. */
  token: string;
  tokenId: number;
  /** Position of the query that produced it (0-based in the decoder's sequence). */
  position: number;
  /** (vocab) before and after softmax (temperature applied to probabilities only). */
  logits: Tensor;
  probabilities: Tensor;
  /** The last layer's self-attention weights of the newest query over all decoder positions so
   *  far, (heads, position + 1). */
  selfWeights: Tensor;
  /** encoder-decoder only: the last layer's cross-attention weights of the newest query over
   *  the source tokens, (heads, m). */
  crossWeights?: Tensor;
  /** Multiply-adds this step did (projections, attention, FFN, output layer; the encoder's
   *  one-off work is in GenerateResult.encoderMacs). */
  macs: number;
  /** Wall time of this step in the core, microseconds (measured, so it varies). */
  microseconds: number;
  /** Rows in each layer's K/V cache after the step (0 with useCache false). */
  cacheLength: number;
}

export interface GenerateResult {
  model: 'encoder-decoder' | 'decoder-only';
  /** Token strings by id. Random-weight models use '<begin>', '<end>' and the input's tokens. */
  vocab: string[];
  sourceTokens: string[];
  /** The decoder's starting input: ['<begin>'] (encoder-decoder) or the prompt's tokens. */
  promptTokens: string[];
  /** The generated tokens, in order (may end with '<end>'). */
  tokens: string[];
  steps: GenerateStep[];
  /** The last layer's cache at the end (or the K and V a full recompute produced), (length, dModel). */
  cacheK: Tensor;
  cacheV: Tensor;
  /** The encoder's multiply-adds, plus (with the cache) each decoder layer's one-off projection of
   *  the source into cross-attention K and V; without the cache every step redoes that. */
  encoderMacs: number;
  /** encoderMacs plus every step's macs. */
  totalMacs: number;
}

/**
 * Attention pooling (lesson 2): Nadaraya-Watson kernel regression on a 1-D toy data set, read as
 * attention. Queries are points x, keys the training inputs x_i, values their targets y_i:
 *     score(x, x_i) = -((x - x_i) w)^2 / 2,   alpha(x, x_i) = softmax_i(score),
 *     f(x) = sum_i alpha(x, x_i) y_i.
 * w = 1 is the Gaussian kernel; w = 0 averages all values; a large w copies the nearest key's y.
 * The data (d2l.ai sec. 11.2): `points` inputs uniform in [0, 5), sorted, y = 2 sin x + x^0.8 +
 * noise (noise = `noise` times a sum of three uniform draws, mean 0, standard deviation 1).
 */
export interface PoolingDataOptions {
  /** Training points (keys), integer 2..200. Default 50. */
  points?: number;
  /** Seeds the data; the same seed gives the same points everywhere. Integer 0..2^32-1, default 7. */
  seed?: number;
  /** Standard deviation of the noise on y, 0..2. Default 0.5. */
  noise?: number;
  /** The kernel's width parameter w, -100..100 (only w^2 matters). Default 1. */
  w?: number;
}

export interface AttentionPoolingOptions extends PoolingDataOptions {
  /** The query points x, 1..1000 finite numbers in -1000..1000. Default 0, 0.1, ..., 4.9 (50). */
  queries?: number[] | Float32Array;
}

/** m = number of queries, n = points. */
export interface AttentionPoolingResult {
  /** The training data: inputs (keys, sorted), noisy targets (values), noise-free targets; (n). */
  x: Tensor;
  y: Tensor;
  truth: Tensor;
  /** The queries as float32, (m), and the noise-free curve 2 sin x + x^0.8 at each, (m). */
  queries: Tensor;
  queryTruth: Tensor;
  /** -((query - x_i) w)^2 / 2, (m, n). */
  scores: Tensor;
  /** softmax of each row of scores, (m, n); rows sum to 1. */
  weights: Tensor;
  /** f(query) = weights y, (m). */
  predictions: Tensor;
  /** The training objective at this w (what trainPooling lowers): the leave-one-out mean squared
   *  error 1/n sum_i (f_{-i}(x_i) - y_i)^2, each point predicted from the others; and d loss/dw. */
  loss: number;
  grad: number;
}

/** Adam's state for the scalar w (step count, first and second moment). Opaque: pass back the
 *  object a previous trainPooling call returned to continue that run. */
export interface PoolingAdamState {
  t: number; // 0..10^7; 0 = no step yet
  m: Float32Array; // length 1
  v: Float32Array; // length 1
}

export interface TrainPoolingOptions extends PoolingDataOptions {
  /** Adam updates to run, 0..10000. Default 100. */
  steps?: number;
  /** Adam's learning rate, 0 < lr <= 10. Default 0.2. */
  lr?: number;
  /** Continue a run: `w` and `adam` from the previous call's last `w` and its `adam`. Training in
   *  chunks this way gives exactly the numbers of one long call. Default: a fresh Adam. */
  adam?: PoolingAdamState | null;
}

/** s = steps taken (fewer than asked if training diverged). */
export interface TrainPoolingResult {
  /** The loss at the starting w. */
  initialLoss: number;
  /** After each step: the leave-one-out loss, w, and d loss/dw, (s) each. */
  loss: Float32Array;
  w: Float32Array;
  grad: Float32Array;
  /** True if a step made w or the loss non-finite or |w| > 100: training stopped before it, and
   *  the arrays and `adam` end at the last good step. */
  diverged: boolean;
  adam: PoolingAdamState;
}

/** The attention-pooling methods of AttentionLab (TypeScript merges this with the interface below). */
export interface AttentionLab {
  /** Nadaraya-Watson attention pooling of the toy data for each query, with the weights. */
  attentionPooling(options?: AttentionPoolingOptions): AttentionPoolingResult;
  /** Learns w by Adam on the leave-one-out loss; call in chunks to animate training. */
  trainPooling(options?: TrainPoolingOptions): TrainPoolingResult;
}

export interface AttentionLab {
  /** Which build was loaded. */
  readonly variant: 'simd' | 'scalar';
  /** The core's limits, read from this module (equal to LIMITS). */
  readonly limits: Limits;
  /** The tokenizer the other functions use. Throws on an empty or over-long sentence. */
  tokenize(sentence: string): string[];
  selfAttention(options: SelfAttentionOptions): SelfAttentionResult;
  scaledDotProductAttention(options: AttentionOptions): AttentionResult;
  /** The (n, m) mask a spec builds (1 = may attend); `padding` marks padded keys (length m). */
  mask(options: { spec: MaskSpec; n: number; m?: number; padding?: boolean[] }): Tensor;
  multiHeadAttention(options: MultiHeadAttentionOptions): MultiHeadAttentionResult;
  positionalEncoding(options: PositionalEncodingOptions): PositionalEncodingResult;
  layerNorm(options: LayerNormOptions): LayerNormResult;
  feedForward(options: FeedForwardOptions): FeedForwardResult;
  /** A stack of encoder layers over a sentence, with every intermediate. */
  encoder(options: EncoderOptions): EncoderResult;
  /** Autoregressive decoding, one token per step, with or without the KV cache. */
  generate(options: GenerateOptions): GenerateResult;
  /** A seeded model in the JSON weights format (wasm/WEIGHTS.md), for saving or inspecting. */
  exportWeights(
    options: TransformerOptions & { model?: 'encoder-decoder' | 'decoder-only'; vocab?: string[] },
  ): string;
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
