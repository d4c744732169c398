// <attn-mask-editor> in lesson 7: every mask kind against its definition, the weights the core
// computes under it (exactly 0 where blocked, rows summing to 1), cross-attention's n x m
// rectangle, hand-drawn masks, bad specs, keyboard use, both languages, a phone. Numbers are read
// from the widget's DOM (data-* attributes hold the exact floats) and compared with the page's
// own core.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SCREENSHOTS, newPage, openLab } from './harness.mjs';

let lab;
let page;

before(async () => {
  lab = await openLab();
  page = await newPage(lab.browser);
});

after(async () => {
  await lab?.close();
});

const EDITOR = 'attn-mask-editor';
const CONTROLLED = 'attn-mask-editor[controls]';

/** Waits until every mask editor on the page has finished its first computation. */
async function editorsReady(p = page, timeout = 20000) {
  await p.waitForFunction(
    (tag) => {
      const all = [...document.querySelectorAll(tag)];
      return (
        all.length > 0 &&
        all.every((w) => {
          const status = w.shadowRoot?.querySelector('.root')?.dataset.status;
          return status === 'ready' || status === 'error';
        })
      );
    },
    EDITOR,
    { timeout },
  );
}

/** Everything a test needs from one editor's shadow DOM. */
function readEditor(selector = EDITOR, index = 0) {
  return page.evaluate(
    async ([selector, index]) => {
      const el = document.querySelectorAll(selector)[index];
      await el?.updateComplete;
      const root = el?.shadowRoot;
      if (!root) return null;
      const summary = root.querySelector('.summary');
      const panel = (name) =>
        [...root.querySelectorAll(`.grid[data-panel="${name}"] .cell`)].map((c) => ({
          i: Number(c.dataset.row),
          j: Number(c.dataset.col),
          value: Number(c.dataset.value),
          blocked: c.dataset.blocked === 'true',
          text: c.textContent.trim(),
        }));
      const table = root.querySelector('.by-row .table');
      return {
        status: root.querySelector('.root')?.dataset.status,
        message: root.querySelector('.message .text')?.textContent.trim() ?? null,
        spec: summary?.querySelector('[data-spec]')?.dataset.spec,
        specText: summary?.querySelector('[data-spec]')?.textContent.trim(),
        allowed: Number(summary?.dataset.allowed),
        total: Number(summary?.dataset.total),
        n: Number(summary?.dataset.n),
        m: Number(summary?.dataset.m),
        rows: [...root.querySelectorAll('.grid[data-panel="mask"] .row-label')].map(
          (e) => e.dataset.token,
        ),
        cols: [...root.querySelectorAll('.grid[data-panel="mask"] .col-label')].map(
          (e) => e.dataset.token,
        ),
        mask: panel('mask'),
        scores: panel('scores'),
        weights: panel('weights'),
        sums: [...root.querySelectorAll('.grid[data-panel="weights"] .sum')].map((s) =>
          Number(s.dataset.sum),
        ),
        query: Number(table?.dataset.query),
        rowWeights: [...root.querySelectorAll('.by-row [data-weight]')].map((e) =>
          Number(e.dataset.weight),
        ),
        rowBlocked: [...root.querySelectorAll('.by-row .tr[data-key]')].map(
          (e) => e.dataset.blocked === 'true',
        ),
        rowSum: Number(root.querySelector('.by-row [data-weight-sum]')?.dataset.weightSum),
        custom: Boolean(root.querySelector('.custom-note')),
      };
    },
    [selector, index],
  );
}

/** The page's shared core: a spec's mask, and self-attention weights, as plain arrays. */
function coreMask(options) {
  return page.evaluate(async (options) => {
    const lab = await globalThis[Symbol.for('attention-lab.core')];
    return Array.from(lab.mask(options).data);
  }, options);
}

function coreSelfWeights(options) {
  return page.evaluate(async (options) => {
    const lab = await globalThis[Symbol.for('attention-lab.core')];
    return Array.from(lab.selfAttention(options).weights.data);
  }, options);
}

/** Sets attributes on the nth matching editor and waits for its re-render. */
async function setAttrs(selector, index, attrs) {
  await page.evaluate(
    async ([selector, index, attrs]) => {
      const el = document.querySelectorAll(selector)[index];
      for (const [name, value] of Object.entries(attrs)) {
        if (value === null) el.removeAttribute(name);
        else el.setAttribute(name, value);
      }
      await el.updateComplete;
    },
    [selector, index, attrs],
  );
}

/** Index of the first editor matching `predicate` over its attributes. */
function editorIndex(predicate) {
  return page.evaluate(
    ([tag, source]) => {
      const fn = new Function('a', `return (${source})(a)`);
      return [...document.querySelectorAll(tag)].findIndex((el) =>
        fn(Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]))),
      );
    },
    [EDITOR, predicate.toString()],
  );
}

// The definitions, straight from the lesson (0-based i = query, j = key).
const DEFINITIONS = {
  none: () => true,
  causal: (i, j) => j <= i,
  'prefix:2': (i, j) => j <= i || j < 2,
  'window:1': (i, j) => Math.abs(i - j) <= 1,
  'causal+window:1': (i, j) => j <= i && i - j <= 1,
};

/** Every mask cell matches `allowed(i, j)`; returns the number of open cells. */
function checkMask(editor, allowed, label) {
  let open = 0;
  for (const c of editor.mask) {
    const expected = allowed(c.i, c.j);
    assert.equal(c.value, expected ? 1 : 0, `${label}: mask (${c.i}, ${c.j})`);
    assert.equal(c.blocked, !expected, `${label}: blocked flag (${c.i}, ${c.j})`);
    if (expected) open++;
  }
  return open;
}

/** Weights exactly 0 where blocked, and each row sums to 1 (0 when the whole row is blocked). */
function checkWeights(editor, label) {
  const { n, m } = editor;
  assert.equal(editor.weights.length, n * m, `${label}: weights cells`);
  for (let i = 0; i < n; i++) {
    const row = editor.weights.filter((c) => c.i === i);
    const open = row.filter((c) => !c.blocked);
    for (const c of row) {
      if (c.blocked) {
        assert.equal(c.value, 0, `${label}: blocked weight (${c.i}, ${c.j})`);
        assert.equal(c.text, '0');
      } else assert.ok(c.value >= 0 && c.value <= 1);
    }
    const sum = row.reduce((a, c) => a + c.value, 0);
    const expected = open.length ? 1 : 0;
    assert.ok(Math.abs(sum - expected) < 1e-5, `${label}: row ${i} sums to ${sum}`);
    assert.ok(Math.abs(editor.sums[i] - expected) < 1e-5);
  }
  // Blocked scores are -inf after the mask.
  for (const c of editor.scores) if (c.blocked) assert.equal(c.value, -Infinity);
}

describe('<attn-mask-editor>', { timeout: 180000 }, () => {
  test('lesson 7 opens in both languages with every editor ready', async () => {
    for (const lang of ['en', 'zh-CN']) {
      await page.goto(`${lab.url}#/${lang}/masking`);
      await page.locator('article[data-lesson="masking"]:not([aria-busy])').waitFor();
      await editorsReady();
      const statuses = await page.evaluate(
        (tag) =>
          [...document.querySelectorAll(tag)].map((w) => ({
            status: w.shadowRoot.querySelector('.root').dataset.status,
            lang: w.shadowRoot.querySelector('.root').lang,
          })),
        EDITOR,
      );
      assert.ok(statuses.length >= 5, `${lang}: ${statuses.length} editors`);
      for (const s of statuses) {
        assert.equal(s.status, 'ready', `${lang}: ${JSON.stringify(statuses)}`);
        assert.equal(s.lang, lang);
      }
      assert.equal(await page.locator(CONTROLLED).count(), 1);
      // The lesson's other widgets and its maths still render.
      const others = await page.evaluate(() =>
        [...document.querySelectorAll('attn-heatmap, attn-steps')].map(
          (w) => w.shadowRoot?.querySelector('.root')?.dataset.status,
        ),
      );
      assert.ok(others.length > 0);
      await page.waitForFunction(() =>
        [...document.querySelectorAll('attn-heatmap, attn-steps')].every(
          (w) => w.shadowRoot?.querySelector('.root')?.dataset.status === 'ready',
        ),
      );
      assert.ok((await page.locator('.lesson-body .katex').count()) > 0);
      assert.equal(await page.locator('.lesson-body .katex-error').count(), 0);
      assert.deepEqual(page.errors, []);
    }
  });

  test('prefix:3: row 4 is the causal heatmap’s row 4, to the last digit', async () => {
    for (const lang of ['zh-CN', 'en']) {
      await page.goto(`${lab.url}#/${lang}/masking`);
      await page
        .locator(`article[data-lesson="masking"][lang="${lang}"]:not([aria-busy])`)
        .waitFor();
      await editorsReady();
      await checkPrefixRows();
    }
  });

  async function checkPrefixRows() {
    const index = await editorIndex((a) => a.mask === 'prefix:3');
    const editor = await readEditor(EDITOR, index);
    assert.deepEqual(editor.rows, ['robot', 'must', 'obey', 'orders']);
    assert.equal(
      checkMask(editor, (i, j) => j <= i || j < 3, 'prefix:3'),
      13,
    );
    checkWeights(editor, 'prefix:3');
    const heatmap = await page.evaluate(() => {
      const root = document.querySelector('attn-heatmap[mask="causal"][view="weights"]').shadowRoot;
      return [...root.querySelectorAll('.cell')].map((c) => ({
        i: Number(c.dataset.row),
        j: Number(c.dataset.col),
        value: Number(c.dataset.value),
      }));
    });
    const row = (cells, i) => cells.filter((c) => c.i === i).map((c) => c.value);
    assert.deepEqual(row(editor.weights, 3), row(heatmap, 3));
    assert.notDeepEqual(row(editor.weights, 0), row(heatmap, 0), 'row 1 sees the whole prompt');
  }

  test('each kind gives exactly the cells its definition allows (4 tokens)', async () => {
    await page.goto(`${lab.url}#/en/masking`);
    await editorsReady();
    const index = await editorIndex((a) => 'controls' in a);
    await setAttrs(EDITOR, index, { sentence: 'robot must obey orders', mask: 'prefix:2' });
    const el = page.locator(EDITOR).nth(index);
    await el.evaluate((node) => {
      window.__changes = [];
      node.addEventListener('attn-change', (e) => window.__changes.push(e.detail));
    });

    const expectCount = {
      none: 16,
      causal: 10,
      'prefix:2': 11,
      'window:1': 10,
      'causal+window:1': 7,
    };
    const check = async (spec) => {
      const editor = await readEditor(EDITOR, index);
      assert.equal(editor.spec, spec);
      assert.equal(editor.n, 4);
      assert.equal(editor.m, 4);
      const open = checkMask(editor, DEFINITIONS[spec], spec);
      assert.equal(open, expectCount[spec], `${spec}: open cells`);
      assert.equal(editor.allowed, expectCount[spec], `${spec}: the count shown`);
      assert.equal(editor.total, 16);
      assert.deepEqual(
        editor.mask.map((c) => c.value),
        await coreMask({ spec, n: 4 }),
        `${spec}: the matrix is the core's lab.mask`,
      );
      checkWeights(editor, spec);
      return editor;
    };

    await check('prefix:2');
    // The term buttons rebuild the spec: prefix off -> none, causal on, causal off + window on.
    await el.locator('button.term[data-term="prefix"]').click();
    await check('none');
    await el.locator('button.term[data-term="causal"]').click();
    const causal = await check('causal');
    await el.locator('button.term[data-term="causal"]').click();
    await el.locator('button.term[data-term="window"]').click();
    await check('window:1');
    assert.equal(await el.getAttribute('mask'), 'window:1');

    // The causal weights are the core's self-attention weights under its 'causal' mask.
    const core = await coreSelfWeights({ sentence: 'robot must obey orders', mask: 'causal' });
    for (const c of causal.weights) {
      assert.ok(Math.abs(c.value - core[c.i * 4 + c.j]) < 1e-6, `causal weight (${c.i}, ${c.j})`);
    }

    // Combinations: the number box and the spec box.
    await el.locator('button.term[data-term="causal"]').click();
    assert.equal(await el.getAttribute('mask'), 'causal+window:1');
    await check('causal+window:1');
    const changes = await page.evaluate(() => window.__changes.map((d) => [d.name, d.value]));
    assert.deepEqual(changes, [
      ['mask', 'none'],
      ['mask', 'causal'],
      ['mask', 'none'],
      ['mask', 'window:1'],
      ['mask', 'causal+window:1'],
    ]);
    const specBox = el.locator('input.spec-box');
    await specBox.fill('prefix:3+padding');
    await specBox.press('Enter');
    await setAttrs(EDITOR, index, { sentence: 'robot must obey <pad> <pad>' });
    const padded = await readEditor(EDITOR, index);
    assert.equal(padded.spec, 'prefix:3+padding');
    const allowed = (i, j) => (j <= i || j < 3) && j < 3;
    assert.equal(checkMask(padded, allowed, 'prefix:3+padding'), 15);
    checkWeights(padded, 'prefix:3+padding');
    assert.deepEqual(page.errors, []);
  });

  test('the predict-then-reveal editor: causal+window:1 allows 2n - 1 = 9 cells of 25', async () => {
    const index = await editorIndex(
      (a) => a.mask === 'causal+window:1' && a.sentence === 'robot must obey all orders',
    );
    assert.ok(index >= 0);
    const editor = await readEditor(EDITOR, index);
    assert.equal(editor.n, 5);
    assert.equal(checkMask(editor, DEFINITIONS['causal+window:1'], 'causal+window:1'), 9);
    assert.equal(editor.allowed, 9);
    assert.equal(editor.total, 25);
    checkWeights(editor, 'causal+window:1');
    // Row by row follows query 4 (0-based): keys 4 and 5 open, weights as bars summing to 1.
    assert.equal(editor.query, 4);
    assert.deepEqual(editor.rowBlocked, [true, true, true, false, false]);
    assert.equal(editor.rowWeights[0], 0);
    assert.ok(Math.abs(editor.rowSum - 1) < 1e-6);
    const row4 = editor.weights.filter((c) => c.i === 4).map((c) => c.value);
    assert.deepEqual(editor.rowWeights, row4, 'the bars are the matrix row');
  });

  test('row by row: picking a query row follows it', async () => {
    const index = await editorIndex((a) => a.sentence === 'I saw a saw that could saw wood');
    const el = page.locator(EDITOR).nth(index);
    let editor = await readEditor(EDITOR, index);
    assert.equal(editor.query, 3);
    assert.deepEqual(editor.rowBlocked, [true, true, false, false, false, true, true, true]);
    await el.locator('.by-row .token[data-index="0"]').click();
    editor = await readEditor(EDITOR, index);
    assert.equal(editor.query, 0);
    assert.equal(await el.getAttribute('query'), '0');
    assert.deepEqual(editor.rowBlocked, [false, false, true, true, true, true, true, true]);
    assert.ok(Math.abs(editor.rowSum - 1) < 1e-6);
    // Clicking a weights cell picks its row too.
    await el.locator('.grid[data-panel="weights"] .cell[data-row="6"][data-col="6"]').click();
    editor = await readEditor(EDITOR, index);
    assert.equal(editor.query, 6);
    assert.deepEqual(
      editor.rowWeights,
      editor.weights.filter((c) => c.i === 6).map((c) => c.value),
    );
  });

  test('cross-attention: an n x m rectangle, with the source padding blocked', async () => {
    const index = await editorIndex((a) => 'memory' in a);
    assert.ok(index >= 0, 'lesson 7 has a cross-attention editor');
    const editor = await readEditor(EDITOR, index);
    assert.deepEqual(editor.rows, ['robot', 'must', 'obey', 'orders']);
    assert.equal(editor.n, 4);
    assert.equal(editor.m, 11);
    assert.equal(editor.cols.length, 11);
    assert.deepEqual(editor.cols.slice(0, 3), ['机', '器', '人']);
    assert.equal(editor.mask.length, 44);
    assert.equal(editor.weights.length, 44);
    const padding = editor.cols.map((tok) => tok === '<pad>');
    assert.deepEqual(
      padding.map((p, j) => (p ? j : -1)).filter((j) => j >= 0),
      [9, 10],
    );
    assert.equal(
      checkMask(editor, (i, j) => !padding[j], 'cross padding'),
      36,
    );
    assert.deepEqual(
      editor.mask.map((c) => c.value),
      await coreMask({ spec: 'padding', n: 4, m: 11, padding }),
    );
    checkWeights(editor, 'cross padding');

    // The controls' switch: cross gives keys from the memory box, self brings the square back.
    const ctl = await editorIndex((a) => 'controls' in a);
    await setAttrs(EDITOR, ctl, {
      sentence: 'robot must obey orders',
      mask: 'causal',
      cells: null,
    });
    const el = page.locator(EDITOR).nth(ctl);
    await el.locator('input[name="attention"][value="cross"]').check();
    const memory = await el.getAttribute('memory');
    assert.ok(memory, 'switching to cross sets a memory');
    assert.equal(await el.getAttribute('mask'), 'none', 'causal is dropped across sentences');
    const cross = await readEditor(EDITOR, ctl);
    const memoryTokens = await page.evaluate(async (text) => {
      const lab = await globalThis[Symbol.for('attention-lab.core')];
      return lab.tokenize(text);
    }, memory);
    assert.equal(cross.n, 4);
    assert.equal(cross.m, memoryTokens.length);
    assert.deepEqual(cross.cols, memoryTokens);
    assert.equal(cross.mask.length, 4 * memoryTokens.length);
    await el.locator('button.term[data-term="padding"]').click();
    checkWeights(await readEditor(EDITOR, ctl), 'cross + padding');
    await el.locator('input[name="attention"][value="self"]').check();
    assert.equal(await el.getAttribute('memory'), null);
    const self = await readEditor(EDITOR, ctl);
    assert.equal(self.m, 4);
    assert.deepEqual(page.errors, []);
  });

  test('a bad spec shows the core’s message and keeps the last picture', async () => {
    const index = await editorIndex((a) => 'controls' in a);
    await setAttrs(EDITOR, index, {
      sentence: 'robot must obey orders',
      mask: 'causal',
      memory: null,
      cells: null,
    });
    const good = await readEditor(EDITOR, index);
    assert.equal(good.message, null);
    const probe = async (attrs, pattern) => {
      await setAttrs(EDITOR, index, attrs);
      const editor = await readEditor(EDITOR, index);
      assert.match(editor.message ?? '', pattern, JSON.stringify(attrs));
      assert.equal(editor.status, 'error');
      assert.equal(editor.spec, 'causal', 'the last good picture stays');
      assert.deepEqual(
        editor.mask.map((c) => c.value),
        good.mask.map((c) => c.value),
      );
      assert.deepEqual(
        editor.weights.map((c) => c.value),
        good.weights.map((c) => c.value),
      );
      return editor.message;
    };
    const messages = [
      await probe({ mask: 'window:-1' }, /-1|window/),
      await probe({ mask: 'prefix:99' }, /99/),
      await probe({ mask: 'causal+sideways' }, /sideways/),
      await probe({ mask: 'causal', memory: 'a b c d e f' }, /causal/),
      await probe({ memory: null, mask: 'causal', cells: '10/11' }, /cells/),
      await probe({ cells: '1x00/1100/1110/1111' }, /1x00/),
    ];
    // The core's own message reaches the reader: it names the bad value and the range.
    const direct = await page.evaluate(async () => {
      const lab = await globalThis[Symbol.for('attention-lab.core')];
      try {
        lab.mask({ spec: 'prefix:99', n: 4 });
        return null;
      } catch (error) {
        return error.message;
      }
    });
    assert.equal(messages[1], direct);
    // And a good spec brings it back.
    await setAttrs(EDITOR, index, { cells: null, mask: 'window:2' });
    const back = await readEditor(EDITOR, index);
    assert.equal(back.message, null);
    assert.equal(back.status, 'ready');
    assert.equal(
      checkMask(back, (i, j) => Math.abs(i - j) <= 2, 'window:2'),
      14,
    );
    assert.deepEqual(page.errors, []);
  });

  test('hand-drawn masks: clicking and Space toggle cells; the core runs the drawn mask', async () => {
    const index = await editorIndex((a) => 'controls' in a);
    await setAttrs(EDITOR, index, {
      sentence: 'robot must obey orders',
      mask: 'causal',
      cells: null,
    });
    const el = page.locator(EDITOR).nth(index);
    // Block (1, 1): row 2 keeps only "robot", so its weight there is exactly 1.
    await el.locator('.grid[data-panel="mask"] .cell[data-row="1"][data-col="1"]').click();
    assert.equal(await el.getAttribute('cells'), '1000/1000/1110/1111');
    let editor = await readEditor(EDITOR, index);
    assert.ok(editor.custom);
    assert.equal(editor.allowed, 9);
    checkWeights(editor, 'custom');
    assert.equal(editor.weights.find((c) => c.i === 1 && c.j === 0).value, 1);

    // Keyboard: the focused cell moves with the arrows, Space toggles. Block (0, 0) too: row 1
    // has no key left, and the core returns a row of zeros.
    const start = el.locator('.grid[data-panel="mask"] .cell[data-row="1"][data-col="1"]');
    await start.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Space');
    assert.equal(await el.getAttribute('cells'), '0000/1000/1110/1111');
    editor = await readEditor(EDITOR, index);
    checkWeights(editor, 'custom, empty row');
    assert.ok(editor.weights.filter((c) => c.i === 0).every((c) => c.value === 0));
    assert.equal(editor.sums[0], 0);

    // The drawn mask's weights are the core's scaled dot-product attention under that mask.
    const core = await page.evaluate(async () => {
      const lab = await globalThis[Symbol.for('attention-lab.core')];
      const r = lab.selfAttention({ sentence: 'robot must obey orders' });
      const mask = {
        data: new Float32Array([0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1]),
        shape: [4, 4],
      };
      return Array.from(
        lab.scaledDotProductAttention({ q: r.q, k: r.k, v: r.v, mask }).weights.data,
      );
    });
    assert.deepEqual(
      editor.weights.map((c) => c.value),
      core,
    );

    // Back to the spec.
    await el.locator('button.reset-cells').click();
    assert.equal(await el.getAttribute('cells'), null);
    editor = await readEditor(EDITOR, index);
    assert.ok(!editor.custom);
    assert.equal(editor.allowed, 10);
    assert.deepEqual(page.errors, []);
  });

  test('screenshots: both languages, and a phone without sideways scrolling', async () => {
    for (const lang of ['en', 'zh-CN']) {
      // A fresh load: the tests above changed the editors' attributes.
      await page.goto(`${lab.url}#/${lang}/masking`);
      await page.reload();
      await page.locator('article[data-lesson="masking"]:not([aria-busy])').waitFor();
      await editorsReady();
      // The sticky sentence box would cover the widget in element screenshots; the editor in
      // "Check your answer" is shown opened.
      await page.addStyleTag({ content: '.sentence-box { position: static !important; }' });
      await page.evaluate(() =>
        document.querySelectorAll('article details').forEach((d) => (d.open = true)),
      );
      await page.screenshot({
        path: `${SCREENSHOTS}mask-editor-lesson-${lang}.png`,
        fullPage: true,
      });
      const count = await page.locator(EDITOR).count();
      for (let k = 0; k < count; k++) {
        await page
          .locator(EDITOR)
          .nth(k)
          .screenshot({ path: `${SCREENSHOTS}mask-editor-${lang}-${k + 1}.png` });
      }
    }
    const phone = await newPage(lab.browser, { viewport: { width: 400, height: 860 } });
    for (const lang of ['en', 'zh-CN']) {
      await phone.goto(`${lab.url}#/${lang}/masking`);
      await phone.locator('article[data-lesson="masking"]:not([aria-busy])').waitFor();
      await editorsReady(phone);
      await phone.addStyleTag({ content: '.sentence-box { position: static !important; }' });
      const overflow = await phone.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 1, `${lang}: the page scrolls sideways by ${overflow}px on a phone`);
      await phone
        .locator(CONTROLLED)
        .screenshot({ path: `${SCREENSHOTS}mask-editor-${lang}-phone.png` });
      const cross = phone.locator('attn-mask-editor[memory]');
      await cross.screenshot({ path: `${SCREENSHOTS}mask-editor-${lang}-phone-cross.png` });
    }
    assert.deepEqual(phone.errors, []);
    await phone.context().close();
  });
});
