/**
 * attention-lab/train: training a small Transformer with the C++ core (compiled to its own wasm
 * module, attnlab-train-{simd,scalar}, so pages without a training widget never download it).
 * Meant to run inside a Web Worker (see web/widgets/attn-train/worker.js), but works anywhere.
 *
 *     import { loadTrainer } from 'attention-lab/train';
 *     const trainer = await loadTrainer();
 *     const run = trainer.createRun({ task: 'reverse', seed: 1 });
 *     const p = run.train(20);        // 20 optimizer steps
 *     p.loss                           // Float32Array(20), the training loss of each step
 *     run.evaluate({ limit: 500 }).exactAccuracy
 *
 * Every function throws an AttnLabError (from ./index.js) whose message names the bad value and
 * the allowed range. A run that diverges is not an error: train() reports it and stops.
 */
import type { AttnLabError, Tensor } from './index.js';
export { AttnLabError };

/** Toy tasks: digit sequences in, the same digits reversed / copied / sorted out; the learner's
 * own "input -> output" pairs; or the learner's own text for a character-level language model. */
export type TaskName = 'reverse' | 'copy' | 'sort' | 'pairs' | 'text';
export const TASKS: readonly TaskName[];
export type ModelName = 'encoder-decoder' | 'decoder-only';

export interface TrainOptions {
  task?: TaskName; // default 'reverse'
  /** 'text' always uses 'decoder-only'. Default 'encoder-decoder'. */
  model?: ModelName;
  /** Digits per sequence for reverse / copy / sort, 2..16. Default 8. */
  length?: number;
  /** For 'pairs': one example per line, "input -> output"; each character is a token (spaces
   * too). 4..5000 lines; a line without "->" is an error naming the line number. */
  pairs?: string;
  /** For 'text': 20..100000 characters of text; the model learns the next character. */
  text?: string;
  /** Characters of context for 'text', 4..128. Default 32. */
  context?: number;
  dModel?: number; // 8..256, default 64
  heads?: number; // divides dModel, default 4
  layers?: number; // per stack, 1..4, default 2
  dFF?: number; // 8..1024, default 128
  activation?: 'relu' | 'gelu'; // default 'relu'
  normFirst?: boolean; // default false (post-norm)
  positional?: 'sinusoidal' | 'learned' | 'rope'; // default 'learned'
  /** Decoder-only only: false removes the causal mask (the "mask leak" experiment). Default true. */
  causal?: boolean;
  batch?: number; // 1..256, default 32
  lr?: number; // 0 < lr <= 10, default 0.002
  warmup?: number; // steps of linear warm-up, default 50
  schedule?: 'constant' | 'cosine'; // default 'constant'
  steps?: number; // the schedule's length (cosine reaches 0 here), 1..100000, default 2000
  optimizer?: 'adam' | 'adamw'; // default 'adam'
  weightDecay?: number; // 0..1, default 0 (adam) / 0.01 (adamw)
  clip?: number; // max global gradient norm, 0 = off, default 1
  labelSmoothing?: number; // 0..0.5, default 0
  seed?: number; // integer 0..2^31-1, default 1: same seed and options, same curve
  /** Held-out examples (digit and pair tasks), 1..2000, default 500. Digit tasks allow at most
   * half of the 10^length sequences (length 2: 50), so training still has fresh ones. */
  heldOut?: number;
}

/** What train(n) did. Arrays have one entry per step actually taken (fewer than n if the run
 * diverged). */
export interface TrainProgress {
  steps: Int32Array; // 1-based step numbers
  loss: Float32Array; // mean cross-entropy of the step's batch (nats per counted token)
  lr: Float32Array; // the learning rate used
  gradNorm: Float32Array; // global gradient norm before clipping
  ms: number; // wall time of the whole call
  /** Set when a NaN / Inf (or an exploding loss) stopped the run, e.g. "step 2: the loss
   * exploded to 786.4 (it started at 2.79). Training stopped; the weights after step 0 are kept.
   * Try a smaller learning rate than 10 (e.g. a tenth)." The arrays then end with the step that
   * diverged; the weights and optimizer state go back to those before the last update (the
   * last whose loss was finite), so run.step is lower than the arrays' last entry. Later
   * train() calls throw (AttnLabError code 'diverged') until reset() or loadCheckpoint(). */
  diverged: string | null;
  /** The same divergence for pages in other languages (AttnLabError code 'diverged'): step,
   * loss, first_loss, kept_step and lr, as text; null when the run did not diverge. */
  divergedParams: {
    step: string;
    loss: string;
    first_loss: string;
    kept_step: string;
    lr: string;
  } | null;
}

export interface Prediction {
  input: string[]; // source tokens (or the prompt, for decoder-only tasks)
  target: string[]; // expected output tokens
  /** Greedy decoding, stopped at <end> or after target length + 1 tokens. For 'text': the
   * best next character at each position given the true text before it (teacher-forced). */
  predicted: string[];
  correct: boolean[]; // per target position: predicted[i] === target[i]
}

export interface Evaluation {
  /** Fraction of target tokens (including <end>) that greedy decoding got right, 0..1. For
   * 'text': teacher-forced next-character accuracy on the held-out tail of the text. */
  tokenAccuracy: number;
  /** Fraction of examples whose whole output is right, 0..1 (NaN for 'text'). */
  exactAccuracy: number;
  count: number; // examples evaluated
  examples: Prediction[]; // the first `show` of them
}

export interface AttentionMaps {
  /** Which attention: encoder self, decoder (or decoder-only) self, or cross-attention. */
  kind: 'encoder' | 'decoder' | 'cross';
  layer: number; // 0-based
  queries: string[];
  keys: string[];
  weights: Tensor; // (heads, queries, keys), teacher-forced on held-out example `index`
}

export interface TrainRun {
  readonly step: number; // optimizer steps done
  readonly vocab: string[];
  readonly parameters: number; // trainable floats
  readonly trainSize: number; // fixed training examples; 0 for digit tasks (fresh ones each batch)
  readonly heldOutSize: number;
  readonly options: Required<TrainOptions>; // with defaults filled in
  /** Runs n (1..10000) optimizer steps. */
  train(n: number): TrainProgress;
  /** Greedy decoding on the first `limit` (default 100, max heldOutSize) held-out examples. */
  evaluate(options?: { limit?: number; show?: number }): Evaluation;
  /** Attention maps of held-out example `index` (default 0); layer is 0-based (default 0). */
  attention(options?: {
    index?: number;
    kind?: 'encoder' | 'decoder' | 'cross';
    layer?: number;
  }): AttentionMaps;
  /** Greedy output for the learner's own input (characters or digits). For 'text', a
   * continuation of `input` of up to `maxTokens` (default 40) characters. */
  predict(input: string, options?: { maxTokens?: number }): string[];
  /** Model weights, optimizer state and options as JSON text (format "attention-lab/checkpoint").
   * Throws AttnLabError (code not_finite) rather than write a NaN or Infinity. */
  saveCheckpoint(): string;
  /** Restores a saved checkpoint into this run: weights, optimizer state, step and first loss
   * together, after every field is checked (task, model shape, vocabulary, every tensor's shape
   * and finite values, Adam t, m and v with v >= 0). A file that fails any check throws
   * AttnLabError (code bad_file, shape_mismatch, not_finite, out_of_range or too_large) and
   * changes nothing. After a load, a diverging step goes back to the loaded state. */
  loadCheckpoint(text: string): void;
  /** Back to step 0 with the seed's initial weights. */
  reset(): void;
  /** Frees the run's wasm memory. Every method after it throws AttnLabError. */
  dispose(): void;
}

export interface Trainer {
  readonly variant: 'simd' | 'scalar';
  /** options: a plain object (or nothing); each option is read once, as an own data property
   * (a getter, a Proxy or an array is an AttnLabError), and checked before the core sees it. */
  createRun(options?: TrainOptions): TrainRun;
}

/** Loads the training module (SIMD when the engine supports it). */
export function loadTrainer(options?: { variant?: 'simd' | 'scalar' }): Promise<Trainer>;
