// Issue 9, items 1, 2, 6 and 7 for the page module: hostile and careless values are refused in
// JS, before the call enters wasm, as AttnLabErrors with a code and params naming the value;
// after each one a good call still returns the right numbers and wasm memory has not grown.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { AttnLabError, LIMITS, MAX_TOKENS, load } from '../../wasm/js/index.js';

const lab = await load({ variant: 'simd' });

// A good call and its known numbers: LayerNorm of [1, 2, 3] is [-1.2247, 0, 1.2247].
function goodCall() {
  const r = lab.layerNorm({ x: { shape: [1, 3], data: [1, 2, 3] } });
  const expected = [-1.2247356, 0, 1.2247356];
  expected.forEach((e, i) => assert.ok(Math.abs(r.y.data[i] - e) < 1e-4, `y[${i}]`));
}

/** fn() throws an AttnLabError with `code` whose message matches `pattern`; then a good call. */
function refuses(fn, code, pattern, params = {}) {
  const before = lab.memoryBytes();
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof AttnLabError, `expected an AttnLabError, got ${error}`);
  assert.equal(error.code, code, error.message);
  assert.match(error.message, pattern);
  for (const [k, v] of Object.entries(params)) assert.equal(error.params[k], v, `params.${k}`);
  goodCall();
  assert.equal(lab.memoryBytes(), before, 'wasm memory grew');
  return error;
}

const huge = { shape: [65536, 65536], data: [] };
const x = (data) => ({ shape: [1, 2], data });

test('the facade re-exports the core limits: LIMITS (generated) equals lab.limits', () => {
  assert.deepEqual({ ...LIMITS }, { ...lab.limits });
  assert.equal(MAX_TOKENS, lab.limits.maxTokens);
  assert.equal(lab.limits.maxSeed, 2 ** 32 - 1);
});

test('item 1: 65536 x 65536 shapes are too_large, not a trap', () => {
  const max = String(LIMITS.maxTensorElements);
  refuses(() => lab.layerNorm({ x: huge }), 'too_large', /x of shape \(65536, 65536\)/, { max });
  const small = { shape: [1, 2], data: [1, 2] };
  refuses(
    () => lab.scaledDotProductAttention({ q: huge, k: small, v: small }),
    'too_large',
    /q of shape/,
  );
  refuses(
    () => lab.scaledDotProductAttention({ q: small, k: small, v: small, mask: huge }),
    'too_large',
    /mask of shape/,
  );
  refuses(() => lab.feedForward({ x: huge }), 'too_large', /x of shape/);
  refuses(() => lab.mask({ spec: 'none', n: 65536, m: 65536 }), 'too_large', /65536 x 65536/);
  refuses(() => lab.mask({ spec: 'none', n: 20000, m: 20000 }), 'too_large', /cells/);
  refuses(() => lab.layerNorm({ x: { shape: [2 ** 53, 2], data: [] } }), 'out_of_range', /shape/);
});

test('item 2: Infinity and 1e39 (Infinity in float32) are not_finite, naming the index', () => {
  refuses(() => lab.layerNorm({ x: x([1, Infinity]) }), 'not_finite', /x\.data/, {
    index: '1',
    value: 'Infinity',
  });
  refuses(() => lab.layerNorm({ x: x([1e39, 0]) }), 'not_finite', /1e\+39/, { index: '0' });
  refuses(() => lab.layerNorm({ x: x([1, 2]), beta: [1e39, 0] }), 'not_finite', /beta/, {
    what: 'beta',
    index: '0',
  });
  refuses(() => lab.layerNorm({ x: x([1, 2]), gamma: [0, NaN] }), 'not_finite', /gamma/);
  refuses(() => lab.attentionPooling({ queries: [0, -Infinity] }), 'not_finite', /queries/);
  refuses(() => lab.layerNorm({ x: x([1, 2]), eps: 1e39 }), 'not_finite', /eps/);
});

test('item 6: BigInt64Array, a Symbol in a shape, a throwing getter, holes, bad JSON', () => {
  refuses(
    () => lab.layerNorm({ x: { shape: [1, 2], data: new BigInt64Array(2) } }),
    'invalid',
    /x\.data must be an array/,
  );
  refuses(
    () => lab.layerNorm({ x: { shape: [Symbol('r'), 2], data: [1, 2] } }),
    'out_of_range',
    /x\.shape\[0\] is a symbol/,
  );
  const getter = {
    get dModel() {
      throw new Error('boom');
    },
    sentence: 'a b',
  };
  refuses(() => lab.encoder(getter), 'invalid', /dModel must be a plain value/);
  const trap = new Proxy(
    {},
    {
      getOwnPropertyDescriptor() {
        throw new Error('trap');
      },
    },
  );
  refuses(() => lab.encoder(trap), 'invalid', /could not be read: trap/);
  // eslint-disable-next-line no-sparse-arrays
  refuses(() => lab.exportWeights({ vocab: ['a', , 'c'] }), 'invalid', /vocab entry 1/);
  // eslint-disable-next-line no-sparse-arrays
  refuses(
    () => lab.layerNorm({ x: x([1, , 2].slice(0, 2)) }),
    'not_finite',
    /x\.data value 1 is not a finite number/,
  );
  const circular = { format: 'x' };
  circular.self = circular;
  refuses(
    () => lab.generate({ source: 'a b', weights: circular }),
    'bad_file',
    /cannot be turned into JSON/,
  );
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  refuses(
    () => lab.generate({ source: 'a b', weights: `{"a":${deep}}` }),
    'too_large',
    /nesting depth/,
  );
  let deepObject = {};
  for (let i = 0; i < 100000; i++) deepObject = { a: deepObject };
  refuses(() => lab.generate({ source: 'a b', weights: deepObject }), 'bad_file', /JSON/);
  refuses(
    () => lab.generate({ source: 'a b', weights: { tensors: { w: { data: [1e39] } } } }),
    'not_finite',
    /weights/,
  );
});

test('item 7: null options, odd option values, prototype keys, weights "null"', async () => {
  // null is the same as no options: the error is about the missing sentence, not a TypeError.
  refuses(() => lab.encoder(null), 'invalid', /sentence is required/);
  refuses(() => lab.encoder([1, 2]), 'invalid', /options must be a plain object/);
  refuses(
    () => lab.encoder({ sentence: 'a b', dModel: Object.create(null) }),
    'out_of_range',
    /dModel an object is out of range/,
    { what: 'dModel', min: '2', max: String(LIMITS.maxDModel) },
  );
  for (const variant of ['toString', '__proto__', 'constructor']) {
    await assert.rejects(load({ variant }), (e) => {
      assert.ok(e instanceof AttnLabError);
      assert.equal(e.code, 'unknown_choice');
      assert.match(e.message, new RegExp(`variant '${variant}' is unknown`));
      return true;
    });
  }
  for (const weights of ['null', '[]', '3', '"text"']) {
    refuses(() => lab.generate({ source: 'a b', weights }), 'bad_file', /must hold a JSON object/);
  }
  refuses(() => lab.generate({ source: 'a b', weights: 'x'.repeat(10) }), 'bad_file', /not valid/);
  refuses(() => lab.selfAttention({ sentence: 'a b', seed: 2 ** 32 }), 'out_of_range', /seed/, {
    max: String(LIMITS.maxSeed),
  });
  refuses(() => lab.encoder({ sentence: 'a', activation: 'tanh' }), 'unknown_choice', /tanh/, {
    allowed: 'relu,gelu',
  });
  refuses(() => lab.tokenize(Symbol('s')), 'invalid', /sentence must be a string; got symbol/);
});

test('100,000 rejected calls of the kinds that leaked shadow stack, then a good call', () => {
  const before = lab.memoryBytes();
  const bad = [
    () => lab.layerNorm({ x: { shape: [1, 2], data: new BigInt64Array(2) } }),
    () => lab.layerNorm({ x: { shape: [Symbol('r'), 2], data: [1, 2] } }),
    () =>
      lab.layerNorm({
        x: {
          get shape() {
            throw new Error('boom');
          },
        },
      }),
    // eslint-disable-next-line no-sparse-arrays
    () => lab.exportWeights({ vocab: ['a', , 'b'] }),
    () => lab.layerNorm({ x: x([1, Infinity]) }),
  ];
  for (let i = 0; i < 100000; i++) {
    assert.throws(bad[i % bad.length], AttnLabError);
  }
  goodCall();
  const r = lab.selfAttention({ sentence: 'robot must obey orders', seed: 7 });
  assert.deepEqual(r.weights.shape, [4, 4]);
  assert.equal(lab.memoryBytes(), before);
});
