// Attribute parsing with range checks. Attributes are a widget's whole public state (they double
// as a permalink), so every value a teacher can write is checked here and reported by name.

import { LIMITS } from '../../../wasm/js/index.js';

/** Thrown for a bad attribute; `message` is already translated. */
export class AttributeError extends Error {
  name = 'AttributeError';
}

/**
 * Parses an integer attribute. Absent or blank -> `fallback`.
 * @param {(key: string, ...args: unknown[]) => string} t translator for the message
 */
export function parseIntAttr(t, name, raw, { min, max, fallback }) {
  if (raw == null || String(raw).trim() === '') return fallback;
  const text = String(raw).trim();
  // Number('1e3') and parseInt('12abc') both accept things a teacher did not mean.
  if (!/^[+-]?\d+$/.test(text)) throw new AttributeError(t('badInteger', name, text, min, max));
  const value = Number(text);
  if (value < min || value > max) throw new AttributeError(t('outOfRange', name, text, min, max));
  return value;
}

/** Parses an attribute that must be one of `allowed`. Absent or blank -> `fallback`. */
export function parseChoice(t, name, raw, allowed, fallback) {
  if (raw == null || String(raw).trim() === '') return fallback;
  const value = String(raw).trim().toLowerCase();
  if (!allowed.includes(value)) throw new AttributeError(t('badChoice', name, raw, allowed));
  return value;
}

// The core's mask names, from the facade: one list for the core, the controls and validation.
export { MASKS, MAX_TOKENS } from '../../../wasm/js/index.js';
// The core's limits (core/include/attnlab/limits.h), not copies.
export const SEED_MAX = LIMITS.maxSeed;
export const D_MODEL_MAX = LIMITS.maxLessonWidth;
export const D_FF_MAX = LIMITS.maxDFF;
/** The sentence a widget shows when neither the page nor its attribute gives one. */
export const DEFAULT_SENTENCE = 'robot must obey orders';
