// Weights handed to the page module as JS objects (weights_val.h): a hostile object (a cycle, a
// throwing getter, a Proxy, a BigInt, 100,000-deep nesting) or a bad value (1e39, a string in
// the data, a giant config) is an AttnLabError with a code, never a JS exception thrown through
// C++ frames; and the next good call still gives PyTorch's numbers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { AttnLabError, load } from '../../wasm/js/index.js';

const lab = await load({ variant: 'simd' });
const REFERENCE = JSON.parse(
  readFileSync(new URL('../reference/transformer.json', import.meta.url), 'utf8'),
);
const c = REFERENCE.decoder_only[0];
const vocab = c.weights.config.vocab;
const prompt = c.prompt.map((id) => vocab[id]).join(' ');

function generate(weights) {
  return lab.generate({
    model: 'decoder-only',
    prompt,
    weights,
    maxNewTokens: 3,
    stopAtEnd: false,
  });
}

function good() {
  const r = generate(JSON.stringify(c.weights));
  assert.deepEqual(
    r.steps.map((s) => s.tokenId),
    c.steps.slice(0, 3).map((s) => s.token),
  );
}

function copy() {
  return structuredClone(c.weights);
}

test('hostile weights objects are AttnLabErrors, and the module keeps working', () => {
  const firstTensor = Object.keys(c.weights.tensors)[0];
  const cases = {
    cycle: () => {
      const w = copy();
      w.config.self = w;
      return w;
    },
    getter: () => {
      const w = copy();
      Object.defineProperty(w, 'tensors', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      });
      return w;
    },
    proxy: () =>
      new Proxy(copy(), {
        get() {
          throw new Error('trap');
        },
      }),
    bigint: () => {
      const w = copy();
      w.tensors[firstTensor].data[0] = 1n;
      return w;
    },
    deep: () => {
      const w = copy();
      let deep = {};
      const root = deep;
      for (let i = 0; i < 100000; i++) deep = deep.x = {};
      w.extra = root;
      return w;
    },
    '1e39': () => {
      const w = copy();
      w.tensors[firstTensor].data[1] = 1e39;
      return w;
    },
    string: () => {
      const w = copy();
      w.tensors[firstTensor].data[1] = '1';
      return w;
    },
    'giant config': () => {
      const w = copy();
      Object.assign(w.config, { d_model: 1024, d_ff: 4096, layers: 12 });
      w.tensors = {};
      return w;
    },
  };
  const codes = {};
  for (const [name, make] of Object.entries(cases)) {
    assert.throws(
      () => generate(make()),
      (e) => e instanceof AttnLabError,
      name,
    );
    try {
      generate(make());
    } catch (e) {
      codes[name] = e.code;
    }
    good();
  }
  assert.equal(codes['1e39'], 'not_finite');
  assert.equal(codes.string, 'not_finite');
  assert.equal(codes['giant config'], 'out_of_range');
  for (const name of ['cycle', 'getter', 'bigint', 'deep']) assert.equal(codes[name], 'bad_file');
});
