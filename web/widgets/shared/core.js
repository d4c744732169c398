// One core per page. Every widget, the shell and a second copy of widgets.js loaded by a teacher's
// page all share the same instance: the load promise is memoised on a global symbol, so even two
// separately bundled copies of this module find it.
import { load } from '../../../wasm/js/index.js';

const KEY = Symbol.for('attention-lab.core');

/**
 * Resolves to the shared AttentionLab (see wasm/js/index.d.ts), loading it on first use.
 * A failed load is forgotten so that the next call retries (e.g. after going back online).
 * @returns {Promise<import('../../../wasm/js/index.js').AttentionLab>}
 */
export function getLab() {
  let pending = globalThis[KEY];
  if (!pending) {
    pending = load();
    globalThis[KEY] = pending;
    pending.catch(() => {
      if (globalThis[KEY] === pending) delete globalThis[KEY];
    });
  }
  return pending;
}

/** The core's message for an error (its text names the bad value and the allowed range). */
export function messageOf(error) {
  if (error && typeof error.message === 'string' && error.message) return error.message;
  return String(error);
}
