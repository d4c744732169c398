// options.js: the facade's option checks, shared by index.js and train.js. Each returns the
// value, or the fallback when it is missing, or throws an AttnLabError naming the value and the
// allowed range.
import { AttnLabError } from './errors.js';

/** A { value } | { error } result from the core (convert.h's guarded) -> value, or throws. */
export function unwrap(result) {
  if (result.error !== undefined) throw new AttnLabError(result.error, result.code, result.params);
  return result.value;
}

export function integer(name, value, fallback, lo, hi) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new AttnLabError(
      `${name} ${String(value)} is out of range: allowed integers ${lo}..${hi}`,
    );
  }
  return value;
}

export function number(name, value, fallback, lo, hi) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi) {
    throw new AttnLabError(`${name} ${String(value)} is out of range: allowed ${lo}..${hi}`);
  }
  return value;
}

export function choice(name, value, fallback, allowed) {
  if (value === undefined || value === null) return fallback;
  if (!allowed.includes(value)) {
    throw new AttnLabError(`${name} '${String(value)}' is unknown: allowed ${allowed.join(', ')}`);
  }
  return value;
}

export function flag(name, value, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new AttnLabError(`${name} must be true or false`);
  return value;
}

export function text(name, value, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw new AttnLabError(`${name} must be text`);
  return value;
}
