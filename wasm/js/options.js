// options.js: the facade's option checks, shared by index.js and train.js. Each returns the
// value, or the fallback when it is missing, or throws an AttnLabError naming the value and the
// allowed range, with a code and params from core/include/attnlab/errors.h's table.
//
// Why all of this runs in JS: a JS exception thrown while a wasm call is on the stack (a getter,
// a Proxy trap, a BigInt converted to a number) unwinds through C++ frames without running their
// destructors and leaks shadow stack. So every user value is read once, here, inside a guard,
// and the module only ever sees primitives, arrays of primitives and Float32Arrays.
import { AttnLabError } from './errors.js';

/** A { value } | { error } result from the core (convert.h's guarded) -> value, or throws. */
export function unwrap(result) {
  if (result.error !== undefined) throw new AttnLabError(result.error, result.code, result.params);
  return result.value;
}

/** A short, never-throwing description of any value for a message ("'abc'", "12", "a symbol"). */
export function show(value) {
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      // Array.isArray throws on a revoked Proxy: a message must never throw.
      try {
        return Array.isArray(value) ? 'an array' : 'an object';
      } catch {
        return 'an object';
      }
  }
}

/** Runs fn; any error that is not already an AttnLabError becomes one naming `what`. */
export function guard(what, fn) {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AttnLabError) throw error;
    throw new AttnLabError(`${what} could not be read: ${describe(error)}`, 'invalid', { what });
  }
}

function describe(error) {
  try {
    return error instanceof Error ? error.message : show(error);
  } catch {
    return 'an unreadable error';
  }
}

/** True for a value that may serve as an options object: a non-array, non-function object. */
function isOptionsObject(value) {
  try {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false; // a revoked Proxy
  }
}

/**
 * The options of function `fn` as a reader: read(key) returns the own data property `key`, or
 * undefined. `undefined` and `null` mean "no options". A getter, a Proxy trap that throws, an
 * array or a primitive become an AttnLabError naming the option.
 */
export function reader(fn, options) {
  if (options === undefined || options === null) return () => undefined;
  if (!guard(`${fn} options`, () => isOptionsObject(options))) {
    throw new AttnLabError(
      `${fn} options must be a plain object; got ${show(options)}`,
      'invalid',
      { what: `${fn} options` },
    );
  }
  return (key) => ownValue(options, key, key);
}

/** The own data property `key` of `object` (undefined when absent); `what` names it in errors. */
export function ownValue(object, key, what) {
  const descriptor = guard(what, () => Object.getOwnPropertyDescriptor(object, key));
  if (descriptor === undefined) return undefined;
  if (!('value' in descriptor)) {
    throw new AttnLabError(`${what} must be a plain value, not a getter`, 'invalid', { what });
  }
  return descriptor.value;
}

function outOfRange(name, value, lo, hi, kind) {
  // A string shows as itself ("w 2 is out of range"), anything else by show().
  const shown = typeof value === 'string' ? value.slice(0, 40) : show(value);
  return new AttnLabError(
    `${name} ${shown} is out of range: allowed ${kind}${lo}..${hi}`,
    'out_of_range',
    { what: name, value: shown, min: String(lo), max: String(hi) },
  );
}

export function integer(name, value, fallback, lo, hi) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw outOfRange(name, value, lo, hi, 'integers ');
  }
  return value;
}

export function number(name, value, fallback, lo, hi) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw outOfRange(name, value, lo, hi, '');
  }
  if (!Number.isFinite(value) || !Number.isFinite(Math.fround(value))) {
    throw new AttnLabError(`${name} ${show(value)} is not a finite number`, 'not_finite', {
      what: name,
      index: '0',
      value: show(value),
    });
  }
  if (value < lo || value > hi) throw outOfRange(name, value, lo, hi, '');
  return value;
}

export function choice(name, value, fallback, allowed) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new AttnLabError(
      `${name} ${show(value)} is unknown: allowed ${allowed.join(', ')}`,
      'unknown_choice',
      { what: name, value: show(value), allowed: allowed.join(',') },
    );
  }
  return value;
}

export function flag(name, value, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') {
    throw new AttnLabError(`${name} must be true or false; got ${show(value)}`, 'invalid', {
      what: name,
    });
  }
  return value;
}

export function text(name, value, fallback, required = false) {
  if (value === undefined || value === null) {
    if (fallback !== undefined || !required) return fallback;
    throw new AttnLabError(`${name} is required: it must be text`, 'invalid', { what: name });
  }
  if (typeof value !== 'string') {
    throw new AttnLabError(`${name} must be a string; got ${typeof value}`, 'invalid', {
      what: name,
    });
  }
  return value;
}

function tooLarge(name, value, max) {
  return new AttnLabError(`${name} ${value} is too large: allowed at most ${max}`, 'too_large', {
    what: name,
    value: String(value),
    max: String(max),
  });
}

function notFinite(name, index, value) {
  return new AttnLabError(
    `${name} value ${index} is not a finite number: got ${show(value)} (as float32)`,
    'not_finite',
    { what: name, index: String(index), value: show(value) },
  );
}

// A dense list of `length` entries: a plain Array or a typed array. Returns it for indexing.
function listOf(name, value, what) {
  if (Array.isArray(value)) return value;
  if (value instanceof Float32Array || value instanceof Float64Array) return value;
  throw new AttnLabError(`${name} must be ${what}; got ${show(value)}`, 'invalid', { what: name });
}

/**
 * Numbers to a Float32Array, every value finite after narrowing to float32 (1e39 is Infinity in
 * float32). value: an Array or Float32Array/Float64Array; `length` when the count is fixed
 * (else at most `max`). Throws AttnLabError: shape_mismatch, too_large, not_finite, invalid.
 */
export function floats(name, value, { length, max }) {
  return guard(name, () => {
    const list = listOf(name, value, 'an array or Float32Array of numbers');
    const n = list.length;
    if (length !== undefined && n !== length) {
      throw new AttnLabError(`${name} has ${n} values: it needs ${length}`, 'shape_mismatch', {
        what: name,
        got: String(n),
        expected: String(length),
      });
    }
    if (max !== undefined && n > max) throw tooLarge(`${name} length`, n, max);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = list[i];
      if (typeof v !== 'number') {
        throw notFinite(name, i, v);
      }
      const f = Math.fround(v);
      if (!Number.isFinite(f)) throw notFinite(name, i, v);
      out[i] = f;
    }
    return out;
  });
}

/**
 * A (r, c) tensor rebuilt as { shape: [r, c], data: Float32Array }. shape: two safe non-negative
 * integers (checked as doubles, so r * c cannot overflow) with r * c <= maxElements; data: an
 * Array or float typed array of exactly r * c finite-after-float32 numbers.
 */
export function tensor(name, value, maxElements) {
  return guard(name, () => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new AttnLabError(`${name} must be a tensor { data, shape: [rows, cols] }`, 'invalid', {
        what: name,
      });
    }
    const shape = ownValue(value, 'shape', `${name}.shape`);
    if (!Array.isArray(shape) || shape.length !== 2) {
      throw new AttnLabError(`${name}.shape must be [rows, cols]; got ${show(shape)}`, 'invalid', {
        what: `${name}.shape`,
      });
    }
    const sides = [0, 1].map((i) => {
      const side = ownValue(shape, String(i), `${name}.shape[${i}]`);
      if (typeof side !== 'number' || !Number.isSafeInteger(side) || side < 0) {
        throw new AttnLabError(
          `${name}.shape[${i}] is ${show(side)}: allowed are non-negative integers`,
          'out_of_range',
          { what: `${name}.shape[${i}]`, value: show(side), min: '0', max: String(maxElements) },
        );
      }
      return side;
    });
    const size = sides[0] * sides[1]; // exact: both are safe integers, checked before use
    if (size > maxElements) {
      throw new AttnLabError(
        `${name} of shape (${sides[0]}, ${sides[1]}) has ${size} elements: allowed at most ${maxElements}`,
        'too_large',
        { what: `${name} (elements)`, value: String(size), max: String(maxElements) },
      );
    }
    const data = ownValue(value, 'data', `${name}.data`);
    const length = listOf(`${name}.data`, data, 'an array or Float32Array of numbers').length;
    if (length !== size) {
      throw new AttnLabError(
        `${name} data has ${length} values but its shape (${sides[0]}, ${sides[1]}) needs ${size}`,
        'shape_mismatch',
        { what: `${name}.data`, got: String(length), expected: String(size) },
      );
    }
    return { shape: sides, data: floats(`${name}.data`, data, { length: size }) };
  });
}

/** A dense array of booleans (holes and other values refused), at most `max` long. */
export function booleans(name, value, max) {
  return guard(name, () => {
    if (!Array.isArray(value)) {
      throw new AttnLabError(
        `${name} must be an array of booleans; got ${show(value)}`,
        'invalid',
        {
          what: name,
        },
      );
    }
    if (value.length > max) throw tooLarge(`${name} length`, value.length, max);
    const out = [];
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'boolean') {
        throw new AttnLabError(
          `${name} entry ${i} is ${show(v)}: allowed are true and false`,
          'invalid',
          { what: name, index: String(i) },
        );
      }
      out.push(v);
    }
    return out;
  });
}

/** A dense array of strings (holes refused), 1..max long. */
export function strings(name, value, max) {
  return guard(name, () => {
    if (!Array.isArray(value)) {
      throw new AttnLabError(`${name} must be an array of strings; got ${show(value)}`, 'invalid', {
        what: name,
      });
    }
    if (value.length > max) throw tooLarge(`${name} length`, value.length, max);
    const out = [];
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'string') {
        throw new AttnLabError(`${name} entry ${i} is ${show(v)}: allowed are strings`, 'invalid', {
          what: name,
          index: String(i),
        });
      }
      out.push(v);
    }
    return out;
  });
}

// message: the whole English text; detail: the part after "<what> ", for params.
function badFile(what, detail) {
  return new AttnLabError(`${what} ${detail}`, 'bad_file', { what, detail });
}

/**
 * A weights file (JSON text or a parsed object) as a fresh plain JSON object, or null when
 * absent. A parsed object is snapshotted through JSON text (getters run here, in JS; a circular
 * structure or a BigInt is refused); then nesting depth <= limits.maxJsonDepth and every number
 * finite after float32 narrowing. Throws AttnLabError (bad_file, too_large, not_finite).
 */
export function jsonFile(what, value, limits) {
  if (value === undefined || value === null) return null;
  let textValue;
  if (typeof value === 'string') {
    textValue = value;
  } else if (typeof value === 'object') {
    try {
      textValue = JSON.stringify(value);
    } catch (error) {
      throw badFile(what, `cannot be turned into JSON (${describe(error)})`);
    }
    if (typeof textValue !== 'string') throw badFile(what, 'must hold a JSON object');
  } else {
    throw badFile(what, `must be a ${what} file as text or as a parsed object`);
  }
  // UTF-16 length is at most the UTF-8 byte count, so this refuses nothing that fits.
  if (textValue.length > limits.maxFileBytes) {
    throw tooLarge(`${what} file bytes`, textValue.length, limits.maxFileBytes);
  }
  let parsed;
  try {
    parsed = JSON.parse(textValue);
  } catch (error) {
    throw badFile(what, `file is not valid JSON (truncated or corrupt): ${describe(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badFile(what, `file must hold a JSON object; got ${show(parsed)}`);
  }
  checkJson(what, parsed, limits.maxJsonDepth);
  return parsed;
}

// Iterative (an explicit stack), so a deep document cannot overflow the JS stack here.
function checkJson(what, root, maxDepth) {
  const stack = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop();
    if (depth > maxDepth) throw tooLarge(`${what} nesting depth`, `over ${maxDepth}`, maxDepth);
    const values = Array.isArray(node) ? node : Object.values(node);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === 'number' && !Number.isFinite(Math.fround(v))) throw notFinite(what, i, v);
      if (typeof v === 'object' && v !== null) stack.push([v, depth + 1]);
    }
  }
}
