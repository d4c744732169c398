// check-builds.mjs: the wasm builds are what they claim to be, and fit the page budget.
// - the SIMD build contains f32x4 instructions, the scalar build none (wasm-objdump, from wabt);
// - the core's wasm + JS glue, gzipped, stays under 140 KB per build (DESIGN.md);
// - the training module (loaded only by the training widget's worker) stays under 260 KB.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../../wasm/dist/', import.meta.url);
const BUDGETS = { attnlab: 140, 'attnlab-train': 260 };
let failed = false;

function simdCount(file) {
  const text = execFileSync('wasm-objdump', ['-d', new URL(file, dist).pathname], {
    maxBuffer: 1 << 28,
  }).toString();
  return (text.match(/f32x4\./g) ?? []).length;
}

for (const [name, budget] of Object.entries(BUDGETS))
  for (const variant of ['simd', 'scalar']) {
    const wasm = readFileSync(new URL(`${name}-${variant}.wasm`, dist));
    const glue = readFileSync(new URL(`${name}-${variant}.mjs`, dist));
    const kb = (gzipSync(wasm, { level: 9 }).length + gzipSync(glue, { level: 9 }).length) / 1024;
    const f32x4 = simdCount(`${name}-${variant}.wasm`);
    const simdOk = variant === 'simd' ? f32x4 > 100 : f32x4 === 0;
    const sizeOk = kb < budget;
    console.log(
      `${name}-${variant}: ${f32x4} f32x4 instructions (${simdOk ? 'ok' : 'WRONG'}), ` +
        `${kb.toFixed(1)} KB gzipped wasm + JS (budget ${budget} KB: ${sizeOk ? 'ok' : 'OVER'})`,
    );
    failed ||= !simdOk || !sizeOk;
  }
process.exit(failed ? 1 : 0);
