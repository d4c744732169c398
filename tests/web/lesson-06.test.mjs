// Lesson 6 (positional encoding) and <attn-positions>: every view reaches ready in both
// languages; the shuffle test finds no difference without positions and a clear one with them;
// the tables change shape with length and d-model; bad attributes keep the last picture; the
// numbers in the read-out are the page's own core's. Numbers are read from data-* attributes.
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

/** Waits until every <attn-positions> on the page has finished computing (ready or error). */
async function positionsReady(p = page, timeout = 15000) {
  await p.waitForFunction(
    () => {
      const widgets = [...document.querySelectorAll('attn-positions')];
      return (
        widgets.length > 0 &&
        widgets.every((w) => {
          const status = w.shadowRoot?.querySelector('.root')?.dataset.status;
          return status === 'ready' || status === 'error';
        })
      );
    },
    null,
    { timeout },
  );
}

/** Everything a test reads from one <attn-positions>. */
function readPositions(selector, index = 0) {
  return page.evaluate(
    ([selector, index]) => {
      const root = document.querySelectorAll(selector)[index]?.shadowRoot;
      if (!root) return null;
      const verdict = root.querySelector('.verdict');
      const readout = root.querySelector('.readout');
      const band = root.querySelector('.band');
      const chips = (which) => {
        const el = root.querySelector(which);
        return el ? JSON.parse(el.dataset.tokens) : null;
      };
      return {
        status: root.querySelector('.root')?.dataset.status,
        view: root.querySelector('.body')?.dataset.view ?? null,
        message: root.querySelector('.message .text')?.textContent.trim() ?? null,
        maps: [...root.querySelectorAll('figure.map')].map((f) => ({
          what: f.dataset.what,
          kind: f.dataset.kind,
          rows: Number(f.dataset.rows),
          cols: Number(f.dataset.cols),
          canvas: [f.querySelector('canvas').width, f.querySelector('canvas').height],
        })),
        readout: readout && {
          kind: readout.dataset.kind,
          what: readout.dataset.what,
          row: Number(readout.dataset.row),
          col: Number(readout.dataset.col),
          value: Number(readout.dataset.value),
          text: readout.textContent.replace(/\s+/g, ' ').trim(),
        },
        band: band && {
          count: Number(band.dataset.count),
          spread: Number(band.dataset.spread),
        },
        shuffle: verdict && {
          maxDiff: Number(verdict.dataset.maxDiff),
          positional: verdict.dataset.positional,
          verdict: verdict.dataset.verdict,
          text: verdict.textContent.replace(/\s+/g, ' ').trim(),
          tokens: chips('.chips:not(.shuffled)'),
          shuffledTokens: chips('.chips.shuffled'),
          sentence: root.querySelector('.chips.shuffled')?.dataset.sentence,
          perm: JSON.parse(root.querySelector('.chips.shuffled')?.dataset.perm ?? 'null'),
          rows: [...root.querySelectorAll('.tr[data-token-index]')].map((tr) => ({
            j: Number(tr.dataset.tokenIndex),
            diff: Number(tr.dataset.diff),
            original: JSON.parse(tr.querySelector('[data-name="original"]').dataset.values),
            shuffled: JSON.parse(tr.querySelector('[data-name="shuffled"]').dataset.values),
          })),
        },
      };
    },
    [selector, index],
  );
}

/** Waits for a predicate over readPositions(selector) to hold. */
async function waitFor(selector, predicate, index = 0) {
  const deadline = Date.now() + 10000;
  let last;
  while (Date.now() < deadline) {
    last = await readPositions(selector, index);
    if (last && predicate(last)) return last;
    await page.waitForTimeout(50);
  }
  assert.fail(`timed out waiting on ${selector}: ${JSON.stringify(last)?.slice(0, 600)}`);
}

/** The page's shared core, run in the page: what the widgets should show. */
function corePE(options) {
  return page.evaluate(async (options) => {
    const core = await globalThis[Symbol.for('attention-lab.core')];
    const r = core.positionalEncoding(options);
    return {
      table: { shape: r.table.shape, data: Array.from(r.table.data) },
      similarity: { shape: r.similarity.shape, data: Array.from(r.similarity.data) },
    };
  }, options);
}

function coreOutputs(options) {
  return page.evaluate(async (options) => {
    const core = await globalThis[Symbol.for('attention-lab.core')];
    const r = core.multiHeadAttention(options);
    return { tokens: r.tokens, shape: r.output.shape, data: Array.from(r.output.data) };
  }, options);
}

/** Adds a widget to the lesson with these attributes; returns a selector for it. */
async function addWidget(id, attributes) {
  await page.evaluate(
    ([id, attributes]) => {
      document.getElementById(id)?.remove();
      const el = document.createElement('attn-positions');
      el.id = id;
      for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
      document.querySelector('article').append(el);
    },
    [id, attributes],
  );
  return `#${id}`;
}

const setAttr = (selector, name, value) =>
  page.evaluate(
    ([selector, name, value]) => {
      const el = document.querySelector(selector);
      if (value === null) el.removeAttribute(name);
      else el.setAttribute(name, value);
    },
    [selector, name, value],
  );

describe('lesson 6: positional encoding', { timeout: 180000 }, () => {
  test('both languages open, every view reaches ready; screenshots', async () => {
    for (const lang of ['en', 'zh-CN']) {
      await page.goto(`${lab.url}#/${lang}/positional-encoding`);
      await page.locator('article[data-lesson="positional-encoding"]:not([aria-busy])').waitFor();
      await positionsReady();
      const widgets = await page.evaluate(() =>
        [...document.querySelectorAll('attn-positions')].map((w) => ({
          status: w.shadowRoot.querySelector('.root').dataset.status,
          view: w.shadowRoot.querySelector('.body')?.dataset.view,
        })),
      );
      assert.ok(
        widgets.every((w) => w.status === 'ready'),
        `${lang}: ${JSON.stringify(widgets)}`,
      );
      const views = new Set(widgets.map((w) => w.view));
      for (const view of ['shuffle', 'table', 'similarity', 'compare']) {
        assert.ok(views.has(view), `${lang} shows the ${view} view`);
      }
      assert.ok((await page.locator('.lesson-body .katex').count()) > 0);
      assert.equal(await page.locator('.lesson-body .katex-error').count(), 0);
      if (lang === 'zh-CN') {
        assert.match(await page.locator('h1').textContent(), /位置编码/);
        const first = await readPositions('attn-positions');
        assert.deepEqual(first.shuffle.tokens, ['狗', '咬', '人']);
        // Reversed CJK tokens are written back without spaces, and split into the same tokens.
        assert.equal(first.shuffle.sentence, '人咬狗');
        assert.match(first.shuffle.text, /舍入误差|恰好为 0/);
      }
      await page.screenshot({
        path: `${SCREENSHOTS}positional-encoding-${lang}.png`,
        fullPage: true,
      });
    }
    assert.deepEqual(page.errors, []);
  });

  test('shuffle test: no positions gives the same rows, positions change them', async () => {
    await page.goto(`${lab.url}#/en/positional-encoding`);
    await positionsReady();
    await waitFor(
      'attn-positions[view="shuffle"][order="reverse"]',
      (r) => r.shuffle?.tokens[0] === 'dog',
    );
    // A stable handle: "Shuffle again" below changes the widget's order attribute.
    await page.evaluate(() => {
      document.querySelector('attn-positions[view="shuffle"][order="reverse"]').id = 'first';
    });
    const selector = '#first';
    const s = (await readPositions(selector)).shuffle;
    assert.deepEqual(s.tokens, ['dog', 'bites', 'man']);
    assert.deepEqual(s.shuffledTokens, ['man', 'bites', 'dog']);
    assert.equal(s.sentence, 'man bites dog');
    assert.equal(s.positional, 'none');
    assert.ok(s.maxDiff < 1e-6, `max difference without positions: ${s.maxDiff}`);
    assert.notEqual(s.verdict, 'changed');

    // The widget's rows are the core's output rows, and its difference follows from them.
    const options = { dModel: 16, heads: 1, positional: 'none', seed: 7 };
    const a = await coreOutputs({ sentence: 'dog bites man', ...options });
    const b = await coreOutputs({ sentence: 'man bites dog', ...options });
    const d = a.shape[1];
    let expected = 0;
    for (const row of s.rows) {
      const k = s.perm.indexOf(row.j);
      assert.deepEqual(row.original, a.data.slice(row.j * d, (row.j + 1) * d));
      assert.deepEqual(row.shuffled, b.data.slice(k * d, (k + 1) * d));
      for (let m = 0; m < d; m++) {
        expected = Math.max(expected, Math.abs(row.original[m] - row.shuffled[m]));
      }
    }
    assert.equal(s.maxDiff, expected);

    // Each kind of position makes a clear difference; "none" goes back to rounding level.
    const widget = page.locator(selector);
    await widget.evaluate((el) => {
      window.__changes = [];
      el.addEventListener('attn-change', (e) => window.__changes.push(e.detail));
    });
    for (const positional of ['sinusoidal', 'learned', 'rope']) {
      await widget
        .locator(`fieldset[data-picker="positional"] input[value="${positional}"]`)
        .check();
      const after = await waitFor(selector, (r) => r.shuffle?.positional === positional);
      assert.ok(after.shuffle.maxDiff > 1e-2, `${positional}: ${after.shuffle.maxDiff}`);
      assert.equal(after.shuffle.verdict, 'changed');
    }
    const changes = await page.evaluate(() => window.__changes);
    assert.deepEqual(
      changes.map((c) => [c.name, c.value]),
      [
        ['positional', 'sinusoidal'],
        ['positional', 'learned'],
        ['positional', 'rope'],
      ],
    );
    await widget.locator('fieldset[data-picker="positional"] input[value="none"]').check();
    await waitFor(selector, (r) => r.shuffle?.positional === 'none' && r.shuffle.maxDiff < 1e-6);

    // "Shuffle again": a seeded random order and new weights; still rounding level.
    await widget.locator('button.shuffle-again').click();
    const shuffled = await waitFor(
      selector,
      (r) => r.shuffle && !r.shuffle.sentence.startsWith('man bites'),
    );
    assert.equal(await widget.getAttribute('order'), 'shuffle');
    assert.notEqual(await widget.getAttribute('seed'), null);
    assert.deepEqual([...shuffled.shuffle.shuffledTokens].sort(), ['bites', 'dog', 'man']);
    assert.ok(shuffled.shuffle.maxDiff < 1e-6, `after shuffling: ${shuffled.shuffle.maxDiff}`);

    // The last widget of the lesson starts with sinusoidal positions: a clear difference.
    const last = await readPositions('attn-positions[view="shuffle"][positional="sinusoidal"]');
    assert.ok(last.shuffle.maxDiff > 1e-2, `sinusoidal: ${last.shuffle.maxDiff}`);

    // A longer, mixed sentence from the box: the shuffled text splits back into its tokens.
    const box = page.locator('#sentence');
    await box.fill('我爱 Paris, and 你 too');
    const mixed = await waitFor(selector, (r) => r.shuffle?.tokens.includes('Paris'));
    assert.equal(mixed.status, 'ready', mixed.message);
    assert.ok(mixed.shuffle.maxDiff < 1e-6, `mixed: ${mixed.shuffle.maxDiff}`);
    const again = await page.evaluate(async (text) => {
      const core = await globalThis[Symbol.for('attention-lab.core')];
      return core.tokenize(text);
    }, mixed.shuffle.sentence);
    assert.deepEqual(again, mixed.shuffle.shuffledTokens);
    assert.deepEqual(page.errors, []);
  });

  test('table: kind, length and d-model change the picture; bad values keep it', async () => {
    await page.goto(`${lab.url}#/en/positional-encoding`);
    await positionsReady();
    const sel = await addWidget('t1', { view: 'table', controls: '' });
    let r = await waitFor(sel, (x) => x.status === 'ready');
    assert.deepEqual(
      r.maps.map((m) => [m.what, m.kind, m.rows, m.cols]),
      [['table', 'sinusoidal', 32, 16]],
    );
    assert.deepEqual(r.maps[0].canvas, [16, 32], 'one pixel per value');

    await setAttr(sel, 'length', '10');
    r = await waitFor(sel, (x) => x.maps[0]?.rows === 10);
    assert.equal(r.maps[0].cols, 16);
    await setAttr(sel, 'd-model', '8');
    r = await waitFor(sel, (x) => x.maps[0]?.cols === 8);
    assert.deepEqual(r.maps[0].canvas, [8, 10]);
    const sinValue = r.readout.value;

    // The kind picker: same shape, other numbers.
    await page.locator(sel).locator('fieldset[data-picker="kind"] input[value="learned"]').check();
    r = await waitFor(sel, (x) => x.maps[0]?.kind === 'learned');
    assert.equal(await page.locator(sel).getAttribute('kind'), 'learned');
    assert.deepEqual([r.maps[0].rows, r.maps[0].cols], [10, 8]);
    assert.notEqual(r.readout.value, sinValue);

    // Through the controls: length 40 in the number box.
    await page.locator(sel).locator('input[name="length"]').fill('40');
    await page.locator(sel).locator('input[name="length"]').dispatchEvent('change');
    r = await waitFor(sel, (x) => x.maps[0]?.rows === 40);

    for (const [name, value, pattern] of [
      ['length', '0', /length.*\b0\b.*1\.\.512/],
      ['length', '9999', /length.*9999.*1\.\.512/],
      ['d-model', '7', /d-model.*7.*even/],
      ['kind', 'cosine', /kind.*cosine/],
    ]) {
      await setAttr(sel, name, value);
      const bad = await waitFor(sel, (x) => x.message !== null);
      assert.match(bad.message, pattern);
      assert.equal(bad.status, 'error');
      assert.deepEqual(
        [bad.maps[0].kind, bad.maps[0].rows, bad.maps[0].cols],
        ['learned', 40, 8],
        'the last good picture stays',
      );
      await setAttr(sel, name, { length: '40', 'd-model': '8', kind: 'learned' }[name]);
      await waitFor(sel, (x) => x.message === null && x.status === 'ready');
    }
    assert.deepEqual(page.errors, []);
  });

  test('hovered and keyboard-picked cells show the core’s numbers', async () => {
    const sel = await addWidget('t2', { view: 'table', length: '24', 'd-model': '16' });
    await waitFor(sel, (x) => x.status === 'ready');
    const canvas = page.locator(sel).locator('canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    // Cell (row 5, column 3): the middle of that cell.
    await page.mouse.move(box.x + (3.5 / 16) * box.width, box.y + (5.5 / 24) * box.height);
    let r = await waitFor(sel, (x) => x.readout?.row === 5 && x.readout?.col === 3);
    const pe = await corePE({ kind: 'sinusoidal', length: 24, dModel: 16, seed: 7 });
    assert.equal(r.readout.value, pe.table.data[5 * 16 + 3]);
    // The formula with numbers plugged in: column 3 is cos, i = 1, 10000^(2/16).
    assert.match(r.readout.text, /cos\(5 \/ 10000\s*2\/16\)/);
    const shown = Number(r.readout.value.toPrecision(6)).toString().replace('-', '\u2212');
    assert.ok(r.readout.text.includes(shown), `${r.readout.text} shows ${shown}`);
    assert.ok(Math.abs(r.readout.value - Math.cos(5 / 10000 ** (2 / 16))) < 1e-6);

    // Keyboard: focus the picture and move down one row.
    await canvas.focus();
    await page.keyboard.press('ArrowDown');
    r = await waitFor(sel, (x) => x.readout?.row === 6);
    assert.equal(r.readout.value, pe.table.data[6 * 16 + 3]);

    // Similarity: sinusoidal depends on the distance only, learned does not.
    await setAttr(sel, 'view', 'similarity');
    r = await waitFor(sel, (x) => x.readout?.what === 'similarity');
    assert.equal(r.readout.value, pe.similarity.data[r.readout.row * 24 + r.readout.col]);
    assert.ok(r.band.count > 1);
    assert.ok(r.band.spread < 1e-5, `sinusoidal spread ${r.band.spread}`);
    await setAttr(sel, 'kind', 'rope');
    r = await waitFor(sel, (x) => x.readout?.kind === 'rope');
    assert.ok(r.band.spread < 1e-5, `rope spread ${r.band.spread}`);
    await setAttr(sel, 'kind', 'learned');
    r = await waitFor(sel, (x) => x.readout?.kind === 'learned');
    assert.ok(r.band.spread > 0.05, `learned spread ${r.band.spread}`);
    const learned = await corePE({ kind: 'learned', length: 24, dModel: 16, seed: 7 });
    assert.equal(r.readout.value, learned.similarity.data[r.readout.row * 24 + r.readout.col]);

    // Compare: three kinds, a table and a similarity map each.
    await setAttr(sel, 'view', 'compare');
    r = await waitFor(sel, (x) => x.view === 'compare');
    assert.deepEqual(
      r.maps.map((m) => `${m.kind}/${m.what}/${m.rows}x${m.cols}`),
      [
        'sinusoidal/table/24x16',
        'sinusoidal/similarity/24x24',
        'learned/table/24x16',
        'learned/similarity/24x24',
        'rope/table/24x16',
        'rope/similarity/24x24',
      ],
    );
    assert.deepEqual(page.errors, []);
  });

  test('a phone-sized view does not scroll sideways', async () => {
    const phone = await newPage(lab.browser, { viewport: { width: 400, height: 844 } });
    await phone.goto(`${lab.url}#/zh-CN/positional-encoding`);
    await positionsReady(phone);
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
    await phone.screenshot({
      path: `${SCREENSHOTS}positional-encoding-zh-CN-phone.png`,
      fullPage: true,
    });
    assert.deepEqual(phone.errors, []);
    await phone.context().close();
  });
});
