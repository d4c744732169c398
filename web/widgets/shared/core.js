// One core per page: every widget, the shell and a second copy of widgets.js share the instance
// that the facade's load() memoises on a global symbol.
import { load } from '../../../wasm/js/index.js';

const KEY = Symbol.for('attention-lab.core');

/**
 * Resolves to the shared AttentionLab (see wasm/js/index.d.ts). The facade's load() already keeps
 * one instance per page (and forgets a failed load so the next call retries); this also publishes
 * the promise on `globalThis[Symbol.for('attention-lab.core')]`, so a page that only has
 * widgets.js can reach the same core.
 * @returns {Promise<import('../../../wasm/js/index.js').AttentionLab>}
 */
export function getLab() {
  const pending = load();
  globalThis[KEY] = pending;
  return pending;
}

/** The core's message for an error (its text names the bad value and the allowed range). */
export function messageOf(error) {
  if (error && typeof error.message === 'string' && error.message) return error.message;
  return String(error);
}
