// bench.mjs: `npm run bench`. Measures the targets of DESIGN.md, section "Targets that the
// benchmarks measure", in one Node process on one thread, and prints a Markdown report (also
// written to tests/bench/results.md as the record of the last run).
//
// Method, for honest numbers on a noisy 2-core VM:
// - Warm-up: every kernel runs for WARM_MS before it is timed, in many separate calls, so that V8
//   tiers its wasm functions up from Liftoff to TurboFan (V8 swaps in the optimised code only on
//   the next call of a function, so one long call would not do). Checked: the medians match a run
//   under `node --no-liftoff` (TurboFan from the start) within noise, and halve under
//   `node --liftoff --no-wasm-dynamic-tiering` (Liftoff only). The warm-up also calibrates
//   `inner`, the products per timed run, so that each timed run lasts at least RUN_MS.
// - Timing: ROUNDS rounds; in each round every contender of a row runs REPS_PER_ROUND timed runs,
//   contenders interleaved so that a slow phase of the VM hits all of them alike. Reported: the
//   median over all runs, per product (or per forward), and ratios of medians.
//
// What each GEMM column includes (c = a · b, f32, row-major, m×k · k×n):
// - Ours (SIMD, scalar): benchGemm times `inner` calls of kernels::gemm_nn inside wasm with
//   emscripten_get_now(): no JS boundary at all. Each call packs panels of b itself, so the
//   packing of b is inside the timed kernel, on every call.
// - TF.js wasm, B cached: `inner` calls of tf.matMul(a, b) on the same tensors, timed in JS with
//   performance.now(). Includes tfjs-core's per-call dispatch (engine, kernel lookup, output
//   tensor allocation in wasm memory). Excludes reading the result (no dataSync) and disposing the
//   outputs (after the timed run). The backend computes synchronously, so the time is the work.
//   XNNPACK packs b once per b tensor and caches the operator (batch_mat_mul_impl.cc, keyed on
//   b's id), so the packing of b is NOT in these timings: this column is TF.js's best case and
//   the one the 1.35x target is checked against.
// - TF.js wasm, new B each call: the same, but b is a new tensor every call (tf.tensor2d from a
//   Float32Array: a copy into wasm memory, then XNNPACK packs it; disposing it frees the operator).
//   Includes packing like ours, plus a copy and JS object churn ours does not have. Informational.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';

import { load, loadRawModule } from '../../wasm/js/index.js';
import { loadTrainer } from '../../wasm/js/train.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const TFJS_DIST = join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

const WARM_MS = 1000; // per kernel and shape, before timing
const RUN_MS = 6; // each timed run lasts at least this long
const ROUNDS = 6;
const REPS_PER_ROUND = 5; // ROUNDS * REPS_PER_ROUND = 30 timed runs per contender and row

// DESIGN.md: "the SIMD128 ceiling on this core is about 66 GFLOP/s"; a plain scalar wasm build of
// a blocked kernel (a peer's) reaches 15.6.
const SIMD128_CEILING_GFLOPS = 66;
const PEER_SCALAR_GFLOPS = 15.6;
const TARGET = { simdOverScalar: 3.5, simdOverTfjs: 1.35, ceilingFraction: 0.85 };
const GEMM_SHAPES = [
  { label: '128×64 · 64×256 (lessons)', m: 128, k: 64, n: 256 },
  { label: '64×64 · 64×64', m: 64, k: 64, n: 64 },
  { label: '128×128 · 128×128', m: 128, k: 128, n: 128 },
  { label: '256×256 · 256×256', m: 256, k: 256, n: 256 },
  { label: '512×512 · 512×512', m: 512, k: 512, n: 512 },
];
const ATTENTION = [
  { n: 128, dModel: 64, targetMs: 0.15 },
  { n: 512, dModel: 64, targetMs: 2.3 },
];

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
const median = (xs) => quantile(xs, 0.5);
// Interquartile range over the median, in %: how noisy a row was.
const spread = (xs) => (100 * (quantile(xs, 0.75) - quantile(xs, 0.25))) / median(xs);

const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);
const f3 = (x) => x.toFixed(3);
const mark = (ok) => (ok ? '✓' : '✗');

// A Markdown table with padded columns, readable in a terminal as well.
function table(header, rows) {
  const widths = header.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c].length)));
  const line = (cells) => `| ${cells.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Contenders. Each is { name, run(reps, inner) -> ms of each of `reps` runs of `inner` ops }.

function oursGemm(module, name, { m, n, k }) {
  return { name, run: (reps, inner) => module.benchGemm(m, n, k, reps, inner) };
}

function oursAttention(module, name, { n, dModel }) {
  return { name, run: (reps, inner) => module.benchSelfAttention(n, dModel, reps, inner) };
}

function randomArray(length, seed) {
  // xorshift32, uniform in [-1, 1): reproducible inputs without Math.random.
  let s = seed >>> 0 || 1;
  const out = new Float32Array(length);
  for (let i = 0; i < length; ++i) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

// Times `inner` calls of op() per run in JS; the outputs are disposed after each timed run.
function jsTimed(op) {
  return (reps, inner) => {
    const times = [];
    const outs = new Array(inner);
    for (let r = 0; r < reps; ++r) {
      const t0 = performance.now();
      for (let i = 0; i < inner; ++i) outs[i] = op();
      const t1 = performance.now();
      for (let i = 0; i < inner; ++i) outs[i].dispose();
      times.push(t1 - t0);
    }
    return times;
  };
}

function tfjsGemm({ m, n, k }) {
  const aData = randomArray(m * k, 11);
  const bData = randomArray(k * n, 12);
  const a = tf.tensor2d(aData, [m, k]);
  const b = tf.tensor2d(bData, [k, n]);
  const cached = { name: 'TF.js, B cached', run: jsTimed(() => tf.matMul(a, b)) };
  const fresh = {
    name: 'TF.js, new B',
    run: jsTimed(() => {
      const bt = tf.tensor2d(bData, [k, n]);
      const c = tf.matMul(a, bt);
      bt.dispose();
      return c;
    }),
  };
  const dispose = () => {
    a.dispose();
    b.dispose();
  };
  return { cached, fresh, dispose };
}

// ---------------------------------------------------------------------------------------------
// Warm-up, calibration and interleaved timing

// Runs the contender in short calls for WARM_MS (at least 5 calls); returns `inner` such that one
// timed run lasts >= RUN_MS at the warmed-up speed.
function warmUp(contender) {
  let inner = 1;
  let perOp = Infinity;
  let calls = 0;
  const start = performance.now();
  while (calls < 5 || performance.now() - start < WARM_MS) {
    const [ms] = contender.run(1, inner);
    perOp = ms / inner;
    inner = Math.max(1, Math.ceil(RUN_MS / Math.max(perOp, 1e-6)));
    // Short calls during warm-up (a quarter of a run) so that V8 gets many call boundaries.
    if (performance.now() - start < WARM_MS / 2) inner = Math.max(1, Math.ceil(inner / 4));
    calls += 1;
  }
  return Math.max(1, Math.ceil((RUN_MS * 1.1) / Math.max(perOp, 1e-6)));
}

// Returns, per contender, the ms per op of every timed run.
function measure(contenders) {
  const inners = contenders.map(warmUp);
  const perOp = contenders.map(() => []);
  for (let round = 0; round < ROUNDS; ++round) {
    contenders.forEach((c, i) => {
      for (const ms of c.run(REPS_PER_ROUND, inners[i])) perOp[i].push(ms / inners[i]);
    });
  }
  return perOp;
}

// ---------------------------------------------------------------------------------------------
// TF.js setup: wasm backend, one thread, the SIMD binary, and proof of which binary loaded.

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

async function setUpTfjs() {
  const binaries = new Map(
    [
      'tfjs-backend-wasm.wasm',
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
    ].map((name) => [sha256(readFileSync(join(TFJS_DIST, name))), name]),
  );
  // Record the bytes Emscripten instantiates, to name the binary that really loaded.
  const seen = [];
  const original = { instantiate: WebAssembly.instantiate, compile: WebAssembly.compile };
  const note = (source) => {
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
      const bytes = ArrayBuffer.isView(source)
        ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
        : new Uint8Array(source);
      seen.push(binaries.get(sha256(bytes)) ?? `unknown (${bytes.length} bytes)`);
    }
  };
  WebAssembly.instantiate = function (source, ...rest) {
    note(source);
    return original.instantiate.call(this, source, ...rest);
  };
  WebAssembly.compile = function (source, ...rest) {
    note(source);
    return original.compile.call(this, source, ...rest);
  };
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    tfwasm.setThreadsCount(1);
    tfwasm.setWasmPaths(`${TFJS_DIST}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
    await tf.ready();
  } finally {
    WebAssembly.instantiate = original.instantiate;
    WebAssembly.compile = original.compile;
  }
  const info = {
    backend: tf.getBackend(),
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    multithread: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    threads: tfwasm.getThreadsCount(),
    binary: seen.length ? seen.join(', ') : 'not observed',
    version: tfwasm.version_wasm,
  };
  // Sanity: TF.js computes what we think it computes.
  const [m, k, n] = [3, 5, 4];
  const aData = randomArray(m * k, 1);
  const bData = randomArray(k * n, 2);
  const got = tf.tidy(() => tf.matMul(tf.tensor2d(aData, [m, k]), tf.tensor2d(bData, [k, n])));
  const c = got.dataSync();
  got.dispose();
  for (let i = 0; i < m; ++i) {
    for (let j = 0; j < n; ++j) {
      let want = 0;
      for (let p = 0; p < k; ++p) want += aData[i * k + p] * bData[p * n + j];
      if (Math.abs(c[i * n + j] - want) > 1e-4) throw new Error('TF.js matMul sanity check failed');
    }
  }
  return info;
}

// TF.js's per-call cost with no arithmetic to speak of: tf.matMul of 1×1 · 1×1, in µs.
function tfjsDispatchMicros() {
  const one = tf.tensor2d([1], [1, 1]);
  const contender = { name: 'dispatch', run: jsTimed(() => tf.matMul(one, one)) };
  const [perOp] = measure([contender]);
  one.dispose();
  return median(perOp) * 1000;
}

// ---------------------------------------------------------------------------------------------
// The runs

const PYTORCH_STEPS_PER_SECOND = 86;
const PYTORCH_SECONDS_TO_99 = 17;

async function main() {
  const started = performance.now();
  const simd = await loadRawModule('simd');
  const scalar = await loadRawModule('scalar');
  const tfjs = await setUpTfjs();
  const out = [];
  const say = (line = '') => {
    out.push(line);
    console.log(line);
  };

  say('# Attention Lab benchmark');
  say();
  say(
    `Node ${process.version} (V8 ${process.versions.v8}), ${os.platform()} ${os.arch()}, ` +
      `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} logical cores; ` +
      `one process, one thread; ${new Date().toISOString()}.`,
  );
  say(
    `TF.js: @tensorflow/tfjs-backend-wasm ${tfjs.version}, backend '${tfjs.backend}', ` +
      `binary loaded: ${tfjs.binary} (identified by SHA-256), threads ${tfjs.threads}, ` +
      `WASM_HAS_SIMD_SUPPORT ${tfjs.simd}, WASM_HAS_MULTITHREAD_SUPPORT ${tfjs.multithread}.`,
  );
  say(
    `Method: each kernel warmed up ${WARM_MS} ms (Liftoff → TurboFan), then ` +
      `${ROUNDS * REPS_PER_ROUND} timed runs of ≥ ${RUN_MS} ms each, contenders interleaved; ` +
      'medians. Ours is timed inside wasm; TF.js in JS around tf.matMul (see bench.mjs).',
  );

  // 1. GEMM
  const gemmRows = [];
  let worstSimdSpread = 0;
  let tfSmallMs = NaN;
  let bestScalar = 0;
  for (const shape of GEMM_SHAPES) {
    const flop = 2 * shape.m * shape.n * shape.k;
    const tfc = tfjsGemm(shape);
    const contenders = [
      oursGemm(simd, 'SIMD', shape),
      oursGemm(scalar, 'scalar', shape),
      tfc.cached,
      tfc.fresh,
    ];
    const perOp = measure(contenders);
    tfc.dispose();
    const gflops = perOp.map((ms) => flop / (median(ms) * 1e6));
    if (shape.m === 64 && shape.n === 64 && shape.k === 64) tfSmallMs = median(perOp[2]);
    const [gSimd, gScalar, gTf, gTfFresh] = gflops;
    bestScalar = Math.max(bestScalar, gScalar);
    worstSimdSpread = Math.max(worstSimdSpread, spread(perOp[0]));
    const overScalar = gSimd / gScalar;
    const overTf = gSimd / gTf;
    const ofCeiling = gSimd / SIMD128_CEILING_GFLOPS;
    gemmRows.push([
      shape.label,
      f1(gSimd),
      f1(gScalar),
      f1(gTf),
      f1(gTfFresh),
      `${f2(overScalar)}x ${mark(overScalar >= TARGET.simdOverScalar)}`,
      `${f2(overTf)}x ${mark(overTf >= TARGET.simdOverTfjs)}`,
      `${f2(gSimd / gTfFresh)}x`,
      `${f1(100 * ofCeiling)}% ${mark(ofCeiling >= TARGET.ceilingFraction)}`,
      `${f1(spread(perOp[0]))}% / ${f1(spread(perOp[2]))}%`,
    ]);
    console.error(`  gemm ${shape.label} done`);
  }
  say();
  say('## 1. GEMM f32, single thread: GFLOP/s = 2·m·n·k / median time');
  say();
  say(
    table(
      [
        'shape (m×k · k×n)',
        'SIMD',
        'scalar',
        'TF.js, B cached',
        'TF.js, new B',
        `SIMD / scalar (≥ ${TARGET.simdOverScalar}x)`,
        `SIMD / TF.js cached (≥ ${TARGET.simdOverTfjs}x)`,
        'SIMD / TF.js new B',
        `SIMD % of ${SIMD128_CEILING_GFLOPS} (≥ ${100 * TARGET.ceilingFraction}%)`,
        'IQR SIMD / TF.js',
      ],
      gemmRows,
    ),
  );
  const dispatchUs = tfjsDispatchMicros();
  say();
  say(
    `TF.js per-call dispatch (tf.matMul 1×1 · 1×1): ${f1(dispatchUs)} µs median. It is in the ` +
      `TF.js columns and not in ours; it is ${f1((100 * dispatchUs) / 1000 / tfSmallMs)}% of ` +
      `TF.js's median time at 64×64 · 64×64 (B cached). IQR = interquartile range / median ` +
      'of the per-run times (noise).',
  );

  // 2. Self-attention forward
  const attRows = [];
  for (const { n, dModel, targetMs } of ATTENTION) {
    const shape = { n, dModel };
    const perOp = measure([
      oursAttention(simd, 'SIMD', shape),
      oursAttention(scalar, 'scalar', shape),
    ]);
    const [tSimd, tScalar] = perOp.map(median);
    attRows.push([
      String(n),
      String(dModel),
      f3(tSimd),
      f3(tScalar),
      `${f2(tScalar / tSimd)}x`,
      `< ${targetMs}`,
      tSimd < targetMs ? '✓ met' : '✗ missed',
      `${f1(spread(perOp[0]))}%`,
    ]);
    console.error(`  attention n=${n} done`);
  }
  say();
  say('## 2. Self-attention forward, single head, d_k = d_model, causal mask: median ms');
  say();
  say(
    table(
      ['n', 'd_model', 'SIMD ms', 'scalar ms', 'SIMD speed-up', 'target ms', 'SIMD', 'IQR SIMD'],
      attRows,
    ),
  );

  // 3. Public API, end to end (informational): lab.selfAttention on a 64-token sentence.
  const sentence = Array.from({ length: 64 }, (_, i) => `w${i % 23}`).join(' ');
  const apiRows = [];
  const apiContenders = [];
  for (const variant of ['simd', 'scalar']) {
    const lab = await load({ variant });
    if (lab.tokenize(sentence).length !== 64) throw new Error('expected a 64-token sentence');
    const options = { sentence, dModel: 64, mask: 'causal', seed: 7 };
    apiContenders.push({
      name: variant,
      run: (reps, inner) => {
        const times = [];
        for (let r = 0; r < reps; ++r) {
          const t0 = performance.now();
          for (let i = 0; i < inner; ++i) lab.selfAttention(options);
          times.push(performance.now() - t0);
        }
        return times;
      },
    });
  }
  const apiPerOp = measure(apiContenders);
  apiRows.push(['64 tokens, d_model 64, causal', f3(median(apiPerOp[0])), f3(median(apiPerOp[1]))]);
  say();
  say(
    '## 3. Public API end to end: `lab.selfAttention(...)`, median ms (tokenize, weights from ' +
      'the seed, forward, copy of every tensor to JS)',
  );
  say();
  say(table(['call', 'SIMD ms', 'scalar ms'], apiRows));

  // 4. Transformer layers (issue 3): multi-head attention, encoder and decoder layers.
  const layerRows = [];
  const LAYERS = [
    {
      label: 'multi-head attention, causal',
      n: 128,
      heads: 4,
      targetMs: 0.15,
      run: (m) => (reps, inner) => m.benchMultiHead(128, 64, 4, reps, inner),
    },
    {
      label: 'multi-head attention, causal',
      n: 512,
      heads: 4,
      targetMs: 2.3,
      run: (m) => (reps, inner) => m.benchMultiHead(512, 64, 4, reps, inner),
    },
    {
      label: 'encoder layer (post-norm, d_ff 256)',
      n: 128,
      heads: 4,
      run: (m) => (reps, inner) => m.benchLayer(false, 128, 64, 4, 256, reps, inner),
    },
    {
      label: 'decoder layer (memory 128, d_ff 256)',
      n: 128,
      heads: 4,
      run: (m) => (reps, inner) => m.benchLayer(true, 128, 64, 4, 256, reps, inner),
    },
  ];
  for (const row of LAYERS) {
    const perOp = measure([
      { name: 'SIMD', run: row.run(simd) },
      { name: 'scalar', run: row.run(scalar) },
    ]);
    const [tSimd, tScalar] = perOp.map(median);
    layerRows.push([
      row.label,
      String(row.n),
      f3(tSimd),
      f3(tScalar),
      `${f2(tScalar / tSimd)}x`,
      row.targetMs ? `< ${row.targetMs}: ${tSimd < row.targetMs ? '✓ met' : '✗ missed'}` : '—',
      `${f1(spread(perOp[0]))}%`,
    ]);
    console.error(`  ${row.label} n=${row.n} done`);
  }
  say();
  say('## 4. Transformer layers forward, d_model 64, 4 heads: median ms');
  say();
  say(
    table(
      ['layer', 'n', 'SIMD ms', 'scalar ms', 'SIMD speed-up', 'target (SIMD)', 'IQR SIMD'],
      layerRows,
    ),
  );

  // 5. Decoding one token, with and without the KV cache.
  const decodeRows = [];
  for (const length of [32, 128, 512]) {
    const perOp = measure([
      { name: 'cache', run: (reps, inner) => simd.benchDecode(length, true, reps, inner) },
      { name: 'recompute', run: (reps, inner) => simd.benchDecode(length, false, reps, inner) },
    ]);
    const [tCache, tFull] = perOp.map(median);
    decodeRows.push([String(length), f3(tCache), f3(tFull), `${f1(tFull / tCache)}x`]);
    console.error(`  decode length ${length} done`);
  }
  say();
  say(
    '## 5. Per-token decode time (SIMD), decoder-only model d_model 64, 4 heads, d_ff 256, ' +
      "2 layers: median ms to get the next token's logits at this context length",
  );
  say();
  say(table(['context length', 'KV cache ms', 'recompute ms', 'cache speed-up'], decodeRows));

  // 6. Training: DESIGN's reverse-task model, steps per second and time to 99% exact.
  say();
  say(
    '## 6. Training the encoder-decoder reverse model (d_model 64, 2 + 2 layers, 4 heads, ' +
      'FFN 128, batch 32, 8 digits, Adam lr 0.002, 50 warm-up steps, seed 1)',
  );
  say();
  const trainRows = [];
  for (const variant of ['simd', 'scalar']) {
    const trainer = await loadTrainer({ variant });
    const run = trainer.createRun({ task: 'reverse', seed: 1 });
    run.train(5); // warm-up (Liftoff -> TurboFan)
    const chunks = [];
    for (let i = 0; i < 15; i++) {
      const p = run.train(10);
      chunks.push(p.ms / 10);
    }
    run.dispose();
    // Time to 99%: a fresh run, evaluated on all 500 held-out sequences every 25 steps; the
    // clock counts training only, the evaluations are reported separately.
    const timed = trainer.createRun({ task: 'reverse', seed: 1 });
    let trainMs = 0;
    let evalMs = 0;
    let exact = 0;
    while (exact < 0.99 && timed.step < 5000) {
      trainMs += timed.train(25).ms;
      const t0 = performance.now();
      exact = timed.evaluate({ limit: 500, show: 0 }).exactAccuracy;
      evalMs += performance.now() - t0;
    }
    const stepsPerSecond = 1000 / median(chunks);
    trainRows.push([
      variant,
      f1(stepsPerSecond),
      `${f2(stepsPerSecond / PYTORCH_STEPS_PER_SECOND)}x`,
      String(timed.step),
      f2(trainMs / 1000),
      f2(evalMs / 1000),
      f1(exact * 100),
    ]);
    timed.dispose();
    console.error(`  training ${variant} done`);
  }
  say(
    table(
      [
        'build',
        'steps/s (median of 10-step chunks)',
        `vs PyTorch 1 thread (${PYTORCH_STEPS_PER_SECOND})`,
        'steps to 99% exact',
        'training s to 99%',
        'evaluation s (500 held-out, every 25 steps)',
        'exact % reached',
      ],
      trainRows,
    ),
  );
  say();
  say(
    `PyTorch reaches 99% in about ${PYTORCH_SECONDS_TO_99} s (DESIGN.md); the target is under ` +
      '20 s in the browser.',
  );

  say();
  say(
    `Caveats: DESIGN's attention target names 4 heads; section 2's benchSelfAttention runs one head with ` +
      'd_k = d_model (the same projection and score FLOPs as 4 heads of 16, in fewer and larger ' +
      `kernels). Our scalar build peaks at ${f1(bestScalar)} GFLOP/s; DESIGN's peer figure for a ` +
      `blocked scalar wasm kernel is ${PEER_SCALAR_GFLOPS}, so SIMD / scalar measures our two ` +
      `builds, not SIMD against a good scalar kernel. Worst SIMD GEMM IQR: ` +
      `${f1(worstSimdSpread)}%. Total bench time ${f1((performance.now() - started) / 1000)} s.`,
  );

  writeFileSync(join(HERE, 'results.md'), `${out.join('\n')}\n`);
}

await main();
