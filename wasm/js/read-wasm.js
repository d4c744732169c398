// read-wasm.js: a build's .wasm bytes, from the file system in Node or by fetch (with progress)
// in browsers and workers.
import { AttnLabError } from './errors.js';

const isNode =
  typeof process === 'object' && !!process.versions?.node && typeof window === 'undefined';

/** The bytes at url; onProgress(fraction) while downloading. */
export async function readWasm(url, onProgress) {
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
