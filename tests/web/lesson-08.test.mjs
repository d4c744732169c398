// Lesson 8 (the encoder block) and its <attn-block> widget, in both languages. Numbers are read
// from the widget's DOM (data-* attributes hold the exact floats) and compared with the page's
// own core, run through lab.encoder in the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SCREENSHOTS, newPage, openLab } from './harness.mjs';

let lab;
let page;

const POST = ['input', 'self-attention', 'add1', 'norm1', 'ffn-hidden', 'ffn', 'add2', 'norm2'];
const PRE = [
  'input',
  'norm1',
  'self-attention',
  'add1',
  'norm2',
  'ffn-hidden',
  'ffn',
  'add2',
  'final-norm',
];

before(async () => {
  lab = await openLab();
  page = await newPage(lab.browser);
});

after(async () => {
  await lab?.close();
});

/** Waits until every <attn-block> on the page has finished computing (ready or error). */
async function blocksReady(timeout = 20000) {
  await page.waitForFunction(
    () => {
      const widgets = [...document.querySelectorAll('attn-block')];
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

/** Everything a test needs from one <attn-block>: its diagram, its tensors, its message. */
function readBlock(index) {
  return page.evaluate((index) => {
    const root = document.querySelectorAll('attn-block')[index]?.shadowRoot;
    if (!root) return null;
    const section = root.querySelector('section.block');
    const views = {};
    for (const figure of root.querySelectorAll('figure.tensor')) {
      const canvas = figure.querySelector('canvas.map:not(.columns)');
      const columns = figure.querySelector('canvas.columns');
      views[figure.dataset.name] = {
        main: figure.dataset.main === 'true',
        from: figure.dataset.from,
        shape: canvas.dataset.shape.split('x').map(Number),
        values: JSON.parse(canvas.dataset.values),
        means: [...figure.querySelectorAll('.stat[data-mean]')].map((e) => Number(e.dataset.mean)),
        stds: [...figure.querySelectorAll('.stat[data-std]')].map((e) => Number(e.dataset.std)),
        meanTexts: [...figure.querySelectorAll('.stat[data-mean]')].map((e) => e.textContent),
        stdTexts: [...figure.querySelectorAll('.stat[data-std]')].map((e) => e.textContent),
        zeros: [...figure.querySelectorAll('.stat[data-zeros]')].map((e) =>
          Number(e.dataset.zeros),
        ),
        columnMean: columns ? JSON.parse(columns.dataset.columnMean) : null,
        columnStd: columns ? JSON.parse(columns.dataset.columnStd) : null,
      };
    }
    const main = Object.values(views).find((v) => v.main) ?? null;
    return {
      status: root.querySelector('.root')?.dataset.status,
      norm: section?.dataset.norm,
      layers: Number(section?.dataset.layers),
      layer: Number(section?.dataset.layer),
      step: section?.dataset.step,
      stages: [...root.querySelectorAll('.stage')].map((e) => e.dataset.stage),
      stageNames: [...root.querySelectorAll('.stage .stage-name')].map((e) => e.textContent.trim()),
      current: root.querySelector('.stage[aria-current="step"]')?.dataset.stage ?? null,
      layerButtons: [...root.querySelectorAll('.layer-button')].map((e) => ({
        layer: Number(e.dataset.layer),
        pressed: e.getAttribute('aria-pressed') === 'true',
      })),
      frameLabel: root.querySelector('.frame-label')?.textContent.replace(/\s+/g, ' ').trim(),
      title: root.querySelector('.stage-title')?.textContent.replace(/\s+/g, ' ').trim(),
      zeros: root.querySelector('p.zeros')
        ? {
            zeros: Number(root.querySelector('p.zeros').dataset.zeros),
            total: Number(root.querySelector('p.zeros').dataset.total),
            text: root.querySelector('p.zeros').textContent.trim(),
          }
        : null,
      views,
      main,
      message: root.querySelector('.message .text')?.textContent.trim() ?? null,
    };
  }, index);
}

/** lab.encoder in the page (the core every widget shares), as plain arrays. */
function coreEncoder(options) {
  return page.evaluate(async (options) => {
    const lab = await globalThis[Symbol.for('attention-lab.core')];
    const r = lab.encoder(options);
    const plain = (t) => (t ? { shape: t.shape, data: Array.from(t.data) } : null);
    const step = (s) => ({
      name: s.name,
      value: plain(s.value),
      mean: plain(s.mean),
      rstd: plain(s.rstd),
    });
    return {
      tokens: r.tokens,
      layers: r.layers.map((l) => ({ steps: l.steps.map(step) })),
      finalNorm: r.finalNorm ? step(r.finalNorm) : null,
    };
  }, options);
}

/** Mean and biased standard deviation of each row (test-side arithmetic, in double). */
function rowStats({ shape, data }) {
  const [n, d] = shape;
  return Array.from({ length: n }, (_, i) => {
    const row = data.slice(i * d, (i + 1) * d);
    const mean = row.reduce((a, b) => a + b, 0) / d;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / d;
    return { mean, std: Math.sqrt(variance) };
  });
}

function assertClose(actual, expected, tolerance, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) =>
    assert.ok(Math.abs(a - expected[i]) <= tolerance, `${what}[${i}]: ${a} vs ${expected[i]}`),
  );
}

/** Sets attributes on the index-th widget and waits for it to show the wanted state. */
async function setAttributes(index, attributes) {
  await page.evaluate(
    ([index, attributes]) => {
      const el = document.querySelectorAll('attn-block')[index];
      for (const [name, value] of Object.entries(attributes)) {
        if (value === null) el.removeAttribute(name);
        else el.setAttribute(name, value);
      }
    },
    [index, attributes],
  );
  await page.evaluate(
    (index) => document.querySelectorAll('attn-block')[index].updateComplete,
    index,
  );
}

const SENTENCE = { en: 'robot must obey orders', 'zh-CN': '机器人必须服从命令' };

describe('lesson 8: the encoder block', { timeout: 180000 }, () => {
  test('English: every widget is ready, with the core’s stage order', async () => {
    await page.goto(`${lab.url}#/en/encoder-block`);
    await blocksReady();
    const count = await page.locator('attn-block').count();
    assert.ok(count >= 6, `the lesson has ${count} attn-block widgets`);
    const core = await coreEncoder({ sentence: SENTENCE.en });
    for (let i = 0; i < count; i++) {
      const block = await readBlock(i);
      assert.equal(block.status, 'ready', `widget ${i} is ready (${block.message})`);
      if (block.norm === 'post') {
        assert.deepEqual(block.stages, POST);
        assert.deepEqual(
          block.stages,
          core.layers[0].steps.map((s) => s.name),
        );
      }
    }
    assert.match(await page.locator('h1').first().textContent(), /encoder block/i);
    assert.deepEqual(page.errors, []);
  });

  test('stepping through the stages changes the tensor, which is the core’s', async () => {
    const core = await coreEncoder({ sentence: SENTENCE.en });
    const steps = core.layers[0].steps;
    let block = await readBlock(0);
    assert.equal(block.step, 'input');
    assert.deepEqual(block.main.values, steps[0].value.data);

    await page.evaluate(() => {
      window.__blockChanges = [];
      document
        .querySelector('attn-block')
        .addEventListener('attn-change', (e) => window.__blockChanges.push(e.detail));
    });
    const widget = page.locator('attn-block').first();
    for (let k = 1; k < steps.length; k++) {
      const previous = block.main.values;
      await widget.locator('button.next').click();
      block = await readBlock(0);
      assert.equal(block.step, steps[k].name);
      assert.equal(block.current, steps[k].name, 'the diagram marks the stage');
      assert.deepEqual(block.main.shape, steps[k].value.shape);
      assert.deepEqual(block.main.values, steps[k].value.data, `${steps[k].name} is the core's`);
      assert.notDeepEqual(block.main.values, previous, `${steps[k].name} shows a new tensor`);
    }
    assert.ok(await widget.locator('button.next').isDisabled(), 'Next stops at the last stage');
    const changes = await page.evaluate(() => window.__blockChanges);
    assert.deepEqual(
      changes.map((c) => c.value),
      steps.slice(1).map((s) => s.name),
    );
    assert.equal(changes.at(-1).state.step, 'norm2');

    // Keyboard: the selected stage is the diagram's tab stop; arrows move, Home jumps.
    await widget.locator('.stage[aria-current="step"]').focus();
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() =>
      document.querySelector('attn-block').shadowRoot.activeElement?.matches('[data-stage="add2"]'),
    );
    assert.equal((await readBlock(0)).step, 'add2');
    await page.keyboard.press('Home');
    await page.waitForFunction(
      () =>
        document.querySelector('attn-block').shadowRoot.querySelector('section').dataset.step ===
        'input',
    );
    // Clicking a box selects it.
    await widget.locator('.stage[data-stage="ffn-hidden"]').click();
    block = await readBlock(0);
    assert.equal(block.step, 'ffn-hidden');
    const hidden = steps.find((s) => s.name === 'ffn-hidden').value;
    assert.deepEqual(block.main.shape, [4, 64], 'd_ff = 4 d_model');
    const zeros = hidden.data.filter((x) => x === 0).length;
    assert.equal(block.zeros.zeros, zeros, 'the ReLU zero count is the core tensor’s');
    assert.equal(block.zeros.total, 256);
    assert.match(block.zeros.text, new RegExp(`${zeros} of the 256`));
    assert.equal(
      block.main.zeros.reduce((a, b) => a + b, 0),
      zeros,
    );
    assert.deepEqual(page.errors, []);
  });

  test('the LayerNorm stage: each token at mean 0 and std 1, checked against the core', async () => {
    const index = await page.evaluate(() =>
      [...document.querySelectorAll('attn-block')].findIndex(
        (w) => w.getAttribute('step') === 'norm1' && !w.hasAttribute('batchnorm'),
      ),
    );
    assert.ok(index >= 0, 'the lesson has <attn-block step="norm1">');
    const block = await readBlock(index);
    const core = await coreEncoder({ sentence: SENTENCE.en });
    const steps = core.layers[0].steps;
    const norm1 = steps.find((s) => s.name === 'norm1');
    const add1 = steps.find((s) => s.name === 'add1');

    // Before: the post-norm LayerNorm reads add1; its row statistics are the core's mean/rstd.
    assert.equal(block.views.before.from, 'add1');
    assert.deepEqual(block.views.before.values, add1.value.data);
    assertClose(block.views.before.means, norm1.mean.data, 1e-6, 'mean before');
    assertClose(
      block.views.before.means,
      rowStats(add1.value).map((s) => s.mean),
      1e-5,
      'mean before (recomputed)',
    );
    assertClose(
      block.views.before.stds,
      norm1.rstd.data.map((r) => Math.sqrt(1 / r ** 2 - 1e-5)),
      1e-4,
      'std before vs 1/rstd',
    );

    // Normalised: x̂ = (x − μ)·rstd with the core's μ and rstd; each row at mean 0, std ~1.
    const [n, d] = add1.value.shape;
    const hat = add1.value.data.map((x, k) => {
      const i = Math.floor(k / d);
      return (x - norm1.mean.data[i]) * norm1.rstd.data[i];
    });
    assertClose(block.views.hat.values, hat, 1e-5, 'x̂');
    assert.equal(block.views.hat.means.length, n);
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(block.views.hat.means[i]) < 1e-5, `token ${i + 1} mean ~0`);
      assert.ok(Math.abs(block.views.hat.stds[i] - 1) < 1e-3, `token ${i + 1} std ~1`);
      assert.equal(block.views.hat.meanTexts[i], '0.00');
      assert.equal(block.views.hat.stdTexts[i], '1.00');
    }
    assertClose(
      block.views.hat.stds,
      rowStats({ shape: [n, d], data: hat }).map((s) => s.std),
      1e-5,
      'std of x̂',
    );
    await page.addStyleTag({ content: '.sentence-box { position: static !important; }' });
    await page
      .locator('attn-block')
      .nth(index)
      .screenshot({ path: `${SCREENSHOTS}encoder-block-layernorm-en.png` });
    // After γ and β: the stage's own output, the core's norm1.
    assert.ok(block.views.after.main);
    assert.deepEqual(block.views.after.values, norm1.value.data);
    assertClose(
      block.views.after.means,
      rowStats(norm1.value).map((s) => s.mean),
      1e-5,
      'mean after γ, β',
    );
  });

  test('what BatchNorm would average: per-feature statistics over the tokens', async () => {
    const index = await page.evaluate(() =>
      [...document.querySelectorAll('attn-block')].findIndex((w) => w.hasAttribute('batchnorm')),
    );
    assert.ok(index >= 0, 'the lesson has <attn-block batchnorm>');
    const block = await readBlock(index);
    const core = await coreEncoder({ sentence: SENTENCE.en });
    const add1 = core.layers[0].steps.find((s) => s.name === 'add1').value;
    const [n, d] = add1.shape;
    const columnMean = Array.from(
      { length: d },
      (_, j) =>
        Array.from({ length: n }, (_, i) => add1.data[i * d + j]).reduce((a, b) => a + b) / n,
    );
    assertClose(block.views.before.columnMean, columnMean, 1e-5, 'column means');
    assert.equal(block.views.before.columnStd.length, d);
    // After LayerNorm the rows are at mean 0, the columns are not.
    assert.ok(
      block.views.hat.columnMean.some((m) => Math.abs(m) > 0.05),
      'x̂ columns are not at mean 0',
    );
    // The toggle turns the column rows off and on again.
    const widget = page.locator('attn-block').nth(index);
    await widget.locator('button.batchnorm').click();
    assert.equal((await readBlock(index)).views.before.columnMean, null);
    await widget.locator('button.batchnorm').click();
    assert.notEqual((await readBlock(index)).views.before.columnMean, null);
  });

  test('norm="pre" reorders the stages and adds the final LayerNorm', async () => {
    await setAttributes(0, { norm: 'pre', step: 'norm1' });
    const block = await readBlock(0);
    assert.equal(block.norm, 'pre');
    assert.deepEqual(block.stages, PRE);
    assert.notDeepEqual(block.stages, POST);
    const core = await coreEncoder({ sentence: SENTENCE.en, normFirst: true });
    assert.deepEqual(
      block.stages.slice(0, -1),
      core.layers[0].steps.map((s) => s.name),
    );
    // Pre-norm's first LayerNorm reads the block's input.
    assert.equal(block.views.before.from, 'input');
    assert.deepEqual(block.main.values, core.layers[0].steps[1].value.data);
    await page.locator('attn-block').first().locator('.stage[data-stage="final-norm"]').click();
    const final = await readBlock(0);
    assert.equal(final.step, 'final-norm');
    assert.deepEqual(final.main.values, core.finalNorm.value.data);
    assertClose(final.views.before.means, core.finalNorm.mean.data, 1e-6, 'final norm mean');
    // Back to post-norm from the final LayerNorm: the widget moves to the last norm.
    await page
      .locator('attn-block')
      .first()
      .evaluate((el) => {
        el.controls = true;
      });
    await page.locator('attn-block').first().locator('input[name="norm"][value="post"]').check();
    await page.waitForFunction(
      () =>
        document.querySelector('attn-block').shadowRoot.querySelector('section').dataset.norm ===
        'post',
    );
    const back = await readBlock(0);
    assert.deepEqual(back.stages, POST);
    assert.equal(back.step, 'norm2');
    assert.equal(back.status, 'ready');
    await page
      .locator('attn-block')
      .first()
      .evaluate((el) => {
        el.controls = false;
        el.removeAttribute('controls');
      });
  });

  test('layers="2" shows two layers; layer 2 reads layer 1’s output', async () => {
    await setAttributes(0, { layers: '2', step: 'input', norm: null });
    let block = await readBlock(0);
    assert.equal(block.layers, 2);
    assert.deepEqual(block.layerButtons, [
      { layer: 1, pressed: true },
      { layer: 2, pressed: false },
    ]);
    assert.match(block.frameLabel, /Layer 1 of 2/);
    const widget = page.locator('attn-block').first();
    await widget.locator('.layer-button[data-layer="2"]').click();
    block = await readBlock(0);
    assert.equal(block.layer, 2);
    assert.match(block.frameLabel, /Layer 2 of 2/);
    assert.match(block.stageNames[0], /Output of layer 1/);
    const core = await coreEncoder({ sentence: SENTENCE.en, layers: 2 });
    assert.equal(core.layers.length, 2);
    assert.deepEqual(block.main.values, core.layers[1].steps[0].value.data);
    assert.deepEqual(block.main.values, core.layers[0].steps.at(-1).value.data);
    // Next walks through the whole stack: 2 x 8 stages.
    for (let k = 0; k < 7; k++) await widget.locator('button.next').click();
    block = await readBlock(0);
    assert.equal(block.step, 'norm2');
    assert.deepEqual(block.main.values, core.layers[1].steps.at(-1).value.data);
    assert.ok(await widget.locator('button.next').isDisabled());
    // Past the last layer: the last layer, with a note.
    await setAttributes(0, { layer: '5' });
    block = await readBlock(0);
    assert.equal(block.layer, 2);
    assert.equal(block.status, 'ready');
  });

  test('heads="3" with d-model 16: a message, and the last picture stays', async () => {
    await setAttributes(0, { layers: null, layer: null, step: 'add1' });
    const good = await readBlock(0);
    assert.equal(good.status, 'ready');
    await setAttributes(0, { 'd-model': '16', heads: '3' });
    const bad = await readBlock(0);
    assert.equal(bad.status, 'error');
    assert.match(bad.message, /heads 3 .*d-model 16/);
    assert.match(bad.message, /1, 2, 4, 8, 16/);
    assert.deepEqual(bad.main.values, good.main.values, 'the last good tensor stays');
    assert.deepEqual(bad.stages, good.stages);
    // Other bad values name themselves too.
    await setAttributes(0, { heads: '2', layers: '7' });
    assert.match((await readBlock(0)).message, /layers 7 .*1\.\.6/);
    await setAttributes(0, { layers: null, norm: 'middle' });
    assert.match((await readBlock(0)).message, /middle.*post, pre/);
    await setAttributes(0, { norm: null, step: 'final-norm' });
    assert.match((await readBlock(0)).message, /final-norm/);
    // Fixing it recovers.
    await setAttributes(0, { step: 'add1', heads: '4' });
    const fixed = await readBlock(0);
    assert.equal(fixed.status, 'ready');
    assert.equal(fixed.message, null);
    assert.match(fixed.stageNames[1], /Multi-Head Attention/);
    await setAttributes(0, { 'd-model': null, heads: null, step: null });
    assert.deepEqual(page.errors, []);
    await page.screenshot({ path: `${SCREENSHOTS}encoder-block-en.png`, fullPage: true });
  });

  test('Chinese: the same widgets, in Chinese, with the same statistics', async () => {
    await page.goto(`${lab.url}#/zh-CN/encoder-block`);
    await blocksReady();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    const count = await page.locator('attn-block').count();
    for (let i = 0; i < count; i++) {
      assert.equal((await readBlock(i)).status, 'ready', `widget ${i}`);
    }
    const first = await readBlock(0);
    assert.ok(first.stageNames.includes('多头注意力'), first.stageNames.join(','));
    assert.match(first.frameLabel, /第 1 层/);
    const index = await page.evaluate(() =>
      [...document.querySelectorAll('attn-block')].findIndex(
        (w) => w.getAttribute('step') === 'norm1' && !w.hasAttribute('batchnorm'),
      ),
    );
    const block = await readBlock(index);
    assert.match(block.title, /层归一化 1/);
    const core = await coreEncoder({ sentence: SENTENCE['zh-CN'] });
    assert.equal(core.tokens.length, 9, 'one token per Chinese character');
    const norm1 = core.layers[0].steps.find((s) => s.name === 'norm1');
    assertClose(block.views.before.means, norm1.mean.data, 1e-6, 'zh mean before');
    for (let i = 0; i < core.tokens.length; i++) {
      assert.ok(Math.abs(block.views.hat.means[i]) < 1e-5);
      assert.ok(Math.abs(block.views.hat.stds[i] - 1) < 1e-3);
    }
    const hidden = await page.evaluate(() => {
      const w = [...document.querySelectorAll('attn-block')].find(
        (el) => el.getAttribute('step') === 'ffn-hidden',
      );
      return w.shadowRoot.querySelector('p.zeros').textContent;
    });
    assert.match(hidden, /ReLU 把 \d+ 个隐藏值中的 \d+ 个变成了恰好 0/);
    await setAttributes(0, { heads: '3' });
    assert.match((await readBlock(0)).message, /heads 3 不能整除 d-model 16/);
    await setAttributes(0, { heads: null });
    assert.deepEqual(page.errors, []);
    await page.screenshot({ path: `${SCREENSHOTS}encoder-block-zh-CN.png`, fullPage: true });
    // The sticky sentence box would cover the widget in an element screenshot.
    await page.addStyleTag({ content: '.sentence-box { position: static !important; }' });
    await page
      .locator('attn-block')
      .nth(index)
      .screenshot({ path: `${SCREENSHOTS}encoder-block-layernorm-zh-CN.png` });
  });

  test('on a phone the widget scrolls inside itself, never the page', async () => {
    const phone = await newPage(lab.browser, { viewport: { width: 400, height: 800 } });
    await phone.goto(`${lab.url}#/en/encoder-block`);
    const previous = page;
    page = phone;
    try {
      await blocksReady();
      const widths = await phone.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: document.documentElement.clientWidth,
      }));
      assert.ok(widths.page <= widths.view, `page ${widths.page}px wide in ${widths.view}px`);
      const block = await readBlock(0);
      assert.equal(block.status, 'ready');
      assert.ok(
        await phone.evaluate(() =>
          document
            .querySelector('attn-block')
            .shadowRoot.querySelector('section')
            .classList.contains('narrow'),
        ),
      );
      await phone.screenshot({ path: `${SCREENSHOTS}encoder-block-en-phone.png`, fullPage: true });
      assert.deepEqual(phone.errors, []);
    } finally {
      page = previous;
      await phone.context().close();
    }
  });
});
