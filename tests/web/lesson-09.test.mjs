// Lesson 9, "The decoder", and its widget <attn-decoder>: both languages open with every widget
// ready; stepping moves the step and grows the cross-attention map by one row; the numbers on
// screen are the page core's own; the source sentence sets the columns; bad attributes show a
// message and keep the picture. Screenshots in tests/web/screenshots/ (look at them).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SCREENSHOTS, newPage, openLab, typeSentence } from './harness.mjs';

/** Element screenshots: the page's sticky sentence box would cover the top of the widget. */
async function unstick(p) {
  await p.addStyleTag({ content: '.sentence-box { position: static !important; }' });
}

let lab;
let page;

before(async () => {
  lab = await openLab();
  page = await newPage(lab.browser);
});

after(async () => {
  await lab?.close();
});

/** Waits until every <attn-decoder> on the page has finished computing (ready or error). */
async function decodersReady(p = page) {
  await p.waitForFunction(
    () => {
      const widgets = [...document.querySelectorAll('attn-decoder')];
      return (
        widgets.length > 0 &&
        widgets.every((w) =>
          ['ready', 'error'].includes(w.shadowRoot?.querySelector('.root')?.dataset.status),
        )
      );
    },
    null,
    { timeout: 20000 },
  );
}

/** What a decoder widget shows, read from its DOM (exact floats from data-* attributes). */
function readDecoder(selector, index = 0) {
  return page.evaluate(
    ([selector, index]) => {
      const root = document.querySelectorAll(selector)[index]?.shadowRoot;
      if (!root) return null;
      const section = root.querySelector('section');
      const cells = (row) => [...row.querySelectorAll('.cell')].map((c) => Number(c.dataset.value));
      return {
        status: root.querySelector('.root')?.dataset.status,
        step: Number(section?.dataset.step),
        last: Number(section?.dataset.last),
        source: [...root.querySelectorAll('.chip[data-name="source"]')].map((c) => c.dataset.token),
        input: [...root.querySelectorAll('.chip[data-name="input"]')].map((c) => c.dataset.token),
        newToken: root.querySelector('.chip[data-name="new"]')?.dataset.token ?? null,
        probs: [...root.querySelectorAll('.prob')].map((p) => ({
          token: p.dataset.token,
          p: Number(p.dataset.p),
          chosen: p.dataset.chosen === 'true',
        })),
        self: [...root.querySelectorAll('.self-cell')].map((c) => Number(c.dataset.value)),
        crossCols: [...root.querySelectorAll('.cross-col')].map((c) => c.dataset.token),
        crossRows: [...root.querySelectorAll('.cross-row')].map(cells),
        newestRow: Number(root.querySelector('.cross-row.newest')?.dataset.step ?? 0),
        stop: root.querySelector('.stop-note')?.dataset.reason ?? null,
        message: root.querySelector('.message .text')?.textContent.trim() ?? null,
      };
    },
    [selector, index],
  );
}

/** Runs the page's shared core on `options` (what the widget should show). */
function coreGenerate(options) {
  return page.evaluate(async (options) => {
    const lab = await globalThis[Symbol.for('attention-lab.core')];
    const r = lab.generate(options);
    const plain = (t) => t && { shape: t.shape, data: Array.from(t.data) };
    return {
      vocab: r.vocab,
      sourceTokens: r.sourceTokens,
      promptTokens: r.promptTokens,
      tokens: r.tokens,
      steps: r.steps.map((s) => ({
        token: s.token,
        tokenId: s.tokenId,
        position: s.position,
        probabilities: plain(s.probabilities),
        selfWeights: plain(s.selfWeights),
        crossWeights: plain(s.crossWeights),
      })),
    };
  }, options);
}

/** Mean over heads of a (heads, n) tensor, in the same order of additions as the widget. */
function meanOverHeads({ shape, data }) {
  const [heads, n] = shape;
  const mean = new Float32Array(n);
  for (let h = 0; h < heads; h++) for (let j = 0; j < n; j++) mean[j] += data[h * n + j] / heads;
  return Array.from(mean);
}

/** The index among the page's <attn-decoder>s of the first one matching `selector`, so a test
 *  keeps finding it after its attributes change. */
async function indexOf(selector) {
  const index = await page.evaluate(
    (s) => [...document.querySelectorAll('attn-decoder')].indexOf(document.querySelector(s)),
    selector,
  );
  assert.ok(index >= 0, `the lesson has ${selector}`);
  return index;
}

async function waitForStep(selector, index, step) {
  await page.waitForFunction(
    ([selector, index, step]) =>
      Number(
        document.querySelectorAll(selector)[index]?.shadowRoot?.querySelector('section')?.dataset
          .step,
      ) === step,
    [selector, index, step],
    { timeout: 10000 },
  );
}

async function waitForMessage(selector, present) {
  await page.waitForFunction(
    ([selector, present]) =>
      Boolean(document.querySelector(selector)?.shadowRoot?.querySelector('.message .text')) ===
      present,
    [selector, present],
    { timeout: 10000 },
  );
}

describe('lesson 9: the decoder', { timeout: 180000 }, () => {
  test('opens in both languages with every widget ready; screenshots', async () => {
    for (const lang of ['en', 'zh-CN']) {
      await page.goto(`${lab.url}#/${lang}/decoder`);
      await page.locator('article[data-lesson="decoder"]:not([aria-busy])').waitFor();
      await decodersReady();
      const statuses = await page.evaluate(() =>
        [...document.querySelectorAll('attn-decoder')].map(
          (w) => w.shadowRoot.querySelector('.root').dataset.status,
        ),
      );
      assert.ok(statuses.length >= 4, `${lang}: ${statuses.length} widgets`);
      assert.ok(
        statuses.every((s) => s === 'ready'),
        `${lang}: ${statuses}`,
      );
      assert.ok((await page.locator('.lesson-body .katex').count()) > 0);
      assert.equal(await page.locator('.lesson-body .katex-error').count(), 0);
      // The honest note about random weights is on every widget, in the page's language.
      const notes = await page.evaluate(() =>
        [...document.querySelectorAll('attn-decoder')].map((w) =>
          w.shadowRoot.querySelector('.honest').textContent.trim(),
        ),
      );
      for (const note of notes) {
        assert.match(note, lang === 'en' ? /random/ : /随机/);
      }
      await page.screenshot({ path: `${SCREENSHOTS}decoder-${lang}.png`, fullPage: true });
      await unstick(page);
      await page
        .locator('attn-decoder')
        .nth(2)
        .screenshot({ path: `${SCREENSHOTS}decoder-widget-${lang}.png` });
    }
    assert.deepEqual(page.errors, []);
  });

  test('the widget shows the core’s decoding, and stepping grows the map one row', async () => {
    await page.goto(`${lab.url}#/en/decoder`);
    await decodersReady();
    assert.equal(await page.locator('attn-decoder[step="1"]').count(), 1);
    const index = await indexOf('attn-decoder[step="1"]');
    const selector = 'attn-decoder';
    const widget = page.locator(selector).nth(index);
    const seed = Number(await widget.getAttribute('seed'));
    const source = await page.inputValue('#sentence');
    const core = await coreGenerate({ source, seed, maxNewTokens: 8 });
    assert.ok(core.steps.length >= 4, `the lesson's seed runs ${core.steps.length} steps`);

    let shown = await readDecoder(selector, index);
    assert.equal(shown.step, 1);
    assert.equal(shown.last, core.steps.length);
    assert.deepEqual(shown.source, core.sourceTokens);
    assert.deepEqual(shown.crossCols, core.sourceTokens);
    assert.deepEqual(shown.input, ['<begin>']);
    assert.equal(shown.newToken, core.tokens[0]);
    assert.equal(shown.crossRows.length, 1);
    assert.deepEqual(shown.crossRows[0], meanOverHeads(core.steps[0].crossWeights));
    assert.deepEqual(shown.self, meanOverHeads(core.steps[0].selfWeights));
    // The bars are the largest probabilities, the chosen one marked: greedy picks the top bar.
    const chosen = shown.probs.filter((p) => p.chosen);
    assert.equal(chosen.length, 1);
    assert.equal(chosen[0].token, core.tokens[0]);
    assert.equal(chosen[0].p, Math.max(...core.steps[0].probabilities.data));
    assert.equal(shown.probs[0].token, core.tokens[0]);

    // Step: one more row, the input grows by the token just chosen, attn-change reports it.
    await widget.evaluate((el) => {
      window.__changes = [];
      el.addEventListener('attn-change', (e) => window.__changes.push(e.detail));
    });
    await widget.locator('button.step').click();
    await waitForStep(selector, index, 2);
    shown = await readDecoder(selector, index);
    assert.equal(shown.crossRows.length, 2);
    assert.equal(shown.newestRow, 2);
    assert.deepEqual(shown.input, ['<begin>', core.tokens[0]]);
    assert.equal(shown.newToken, core.tokens[1]);
    assert.deepEqual(shown.crossRows[1], meanOverHeads(core.steps[1].crossWeights));
    assert.equal(shown.self.length, 2, 'the newest query sees 2 positions');
    assert.ok(Math.abs(shown.self.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    for (const row of shown.crossRows) {
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5, 'rows sum to 1');
    }
    assert.equal(await widget.getAttribute('step'), '2');

    // Keyboard: → steps on, Home goes back to the start (only <begin>, no rows), End to the end.
    await widget.locator('button.step').focus();
    await page.keyboard.press('ArrowRight');
    await waitForStep(selector, index, 3);
    assert.equal((await readDecoder(selector, index)).crossRows.length, 3);
    await page.keyboard.press('Home');
    await waitForStep(selector, index, 0);
    shown = await readDecoder(selector, index);
    assert.equal(shown.crossRows.length, 0);
    assert.deepEqual(shown.input, ['<begin>']);
    assert.equal(shown.newToken, null);
    await widget.locator('button.step').focus();
    await page.keyboard.press('End');
    await waitForStep(selector, index, core.steps.length);
    shown = await readDecoder(selector, index);
    assert.equal(shown.crossRows.length, core.steps.length);
    const ended = core.tokens.at(-1) === '<end>';
    assert.equal(shown.stop, ended ? 'end' : 'max');
    const changes = await page.evaluate(() => window.__changes.map((c) => [c.name, c.value]));
    assert.deepEqual(changes, [
      ['step', 2],
      ['step', 3],
      ['step', 0],
      ['step', core.steps.length],
    ]);

    // Reset, then Play runs to the end by itself.
    await widget.locator('button.reset').click();
    await waitForStep(selector, index, 0);
    await widget.locator('button.play').click();
    await waitForStep(selector, index, core.steps.length);
    assert.equal((await readDecoder(selector, index)).crossRows.length, core.steps.length);
    assert.deepEqual(page.errors, []);
  });

  test('sampling: the chosen token is the core’s draw, top-k keeps k tokens', async () => {
    const index = await indexOf('attn-decoder[strategy="sample"]');
    const selector = 'attn-decoder';
    const el = page.locator(selector).nth(index);
    const attr = async (name) => el.getAttribute(name);
    const options = {
      source: await page.inputValue('#sentence'),
      seed: Number(await attr('seed')),
      strategy: 'sample',
      temperature: Number(await attr('temperature')),
      topK: Number(await attr('top-k')),
      maxNewTokens: 8,
    };
    const core = await coreGenerate(options);
    const shown = await readDecoder(selector, index);
    const step = shown.step;
    assert.equal(shown.newToken, core.tokens[step - 1]);
    const chosen = shown.probs.find((p) => p.chosen);
    assert.equal(chosen.token, core.tokens[step - 1]);
    const nonzero = core.steps[step - 1].probabilities.data.filter((p) => p > 0).length;
    assert.ok(nonzero <= options.topK, `${nonzero} tokens can be drawn with top-k ${options.topK}`);

    // Switching the strategy control to greedy re-decodes: the chosen bar is now the tallest.
    await el.locator('input[name="strategy"][value="greedy"]').check();
    assert.equal(await el.getAttribute('strategy'), 'greedy');
    await page.waitForFunction((i) => {
      const root = document.querySelectorAll('attn-decoder')[i].shadowRoot;
      const probs = [...root.querySelectorAll('.prob')];
      return probs.length > 0 && probs[0].dataset.chosen === 'true';
    }, index);
    assert.deepEqual(page.errors, []);
  });

  test('the source sentence sets the cross-attention columns', async () => {
    const selector = 'attn-decoder[step="4"]';
    const before = await readDecoder(selector);
    // Through the lesson's sentence box (the widget has no source of its own)...
    const sentence = 'the quick robot must obey every order';
    await typeSentence(page, sentence);
    const seed = Number(await page.locator(selector).getAttribute('seed'));
    const core = await coreGenerate({ source: sentence, seed, maxNewTokens: 8 });
    await page.waitForFunction(
      ([s, n]) => document.querySelector(s).shadowRoot.querySelectorAll('.cross-col').length === n,
      [selector, core.sourceTokens.length],
    );
    let shown = await readDecoder(selector);
    assert.deepEqual(shown.crossCols, core.sourceTokens);
    assert.notDeepEqual(shown.crossCols, before.crossCols);
    const rows = Math.min(4, core.steps.length);
    assert.equal(shown.crossRows.length, rows);
    for (let i = 0; i < rows; i++) {
      assert.equal(shown.crossRows[i].length, core.sourceTokens.length);
      assert.deepEqual(shown.crossRows[i], meanOverHeads(core.steps[i].crossWeights));
    }

    // ...and through the widget's own `source` attribute, which wins over the box.
    await page.locator(selector).evaluate((el) => el.setAttribute('source', '我 爱 Paris'));
    await page.waitForFunction(
      (s) => document.querySelector(s).shadowRoot.querySelectorAll('.cross-col').length === 3,
      selector,
    );
    shown = await readDecoder(selector);
    assert.deepEqual(shown.crossCols, ['我', '爱', 'Paris']);

    // A head picked in the head picker shows that head's row, not the mean.
    await page.locator(selector).locator('input[name="head"][value="2"]').check();
    await page.waitForFunction(
      (s) => document.querySelector(s).getAttribute('head') === '2',
      selector,
    );
    const one = await coreGenerate({ source: '我 爱 Paris', seed, maxNewTokens: 8 });
    shown = await readDecoder(selector);
    const cw = one.steps[0].crossWeights;
    assert.deepEqual(shown.crossRows[0], cw.data.slice(cw.shape[1], 2 * cw.shape[1]));
    assert.deepEqual(page.errors, []);
  });

  test('bad attributes show a message and keep the picture', async () => {
    await page.goto(`${lab.url}#/en/decoder`);
    await decodersReady();
    await page.evaluate(() => {
      const el = document.createElement('attn-decoder');
      el.id = 'probe';
      el.setAttribute('source', 'robot must obey orders');
      el.setAttribute('seed', '34');
      el.setAttribute('step', '3');
      document.querySelector('article').append(el);
    });
    await decodersReady();
    const good = await readDecoder('#probe');
    assert.equal(good.status, 'ready');
    assert.equal(good.crossRows.length, 3);

    const cases = [
      ['max-new-tokens', '0', [/max-new-tokens/, /\b0\b/, /1\.\.64/]],
      ['max-new-tokens', '999', [/max-new-tokens/, /999/, /1\.\.64/]],
      ['heads', '3', [/heads 3/, /d-model 16/, /1, 2, 4, 8, 16/]],
      ['temperature', 'hot', [/temperature/, /hot/, /0\.05\.\.10/]],
      ['strategy', 'beam', [/strategy/, /beam/, /greedy, sample/]],
      ['d-model', '15', [/d-model 15/, /even/]],
    ];
    for (const [name, value, patterns] of cases) {
      await page.evaluate(
        ([n, v]) => document.querySelector('#probe').setAttribute(n, v),
        [name, value],
      );
      await waitForMessage('#probe', true);
      const shown = await readDecoder('#probe');
      for (const pattern of patterns) assert.match(shown.message, pattern, `${name}=${value}`);
      assert.equal(shown.status, 'error');
      assert.deepEqual(shown.crossRows, good.crossRows, 'the last good picture stays');
      assert.deepEqual(shown.crossCols, good.crossCols);
      await page.evaluate((n) => document.querySelector('#probe').removeAttribute(n), name);
      await waitForMessage('#probe', false);
    }
    // Sampling from more tokens than the vocabulary has (greedy ignores top-k).
    await page.evaluate(() => document.querySelector('#probe').setAttribute('top-k', '50'));
    await page.waitForTimeout(100);
    assert.equal((await readDecoder('#probe')).message, null, 'greedy ignores top-k');
    await page.evaluate(() => document.querySelector('#probe').setAttribute('strategy', 'sample'));
    await waitForMessage('#probe', true);
    const topK = await readDecoder('#probe');
    for (const pattern of [/top-k 50/, /vocabulary of 6/, /0\.\.6/])
      assert.match(topK.message, pattern);
    assert.deepEqual(topK.crossCols, good.crossCols);
    await page.evaluate(() => document.querySelector('#probe').removeAttribute('top-k'));
    await waitForMessage('#probe', false);
    await page.evaluate(() => document.querySelector('#probe').removeAttribute('strategy'));
    // The message follows the language.
    await page.evaluate(() => document.querySelector('#probe').setAttribute('lang', 'zh-CN'));
    await page.evaluate(() => document.querySelector('#probe').setAttribute('heads', '3'));
    await waitForMessage('#probe', true);
    assert.match((await readDecoder('#probe')).message, /不能整除/);
    assert.deepEqual(page.errors, []);
  });

  test('usable on a phone: nothing pushes the page sideways', async () => {
    const phone = await newPage(lab.browser, { viewport: { width: 400, height: 860 } });
    for (const lang of ['en', 'zh-CN']) {
      await phone.goto(`${lab.url}#/${lang}/decoder`);
      await decodersReady(phone);
      const overflow = await phone.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 1, `${lang}: the page scrolls sideways by ${overflow}px`);
      await unstick(phone);
      await phone
        .locator('attn-decoder')
        .nth(2)
        .screenshot({ path: `${SCREENSHOTS}decoder-widget-${lang}-phone.png` });
    }
    assert.deepEqual(phone.errors, []);
    await phone.context().close();
  });
});
