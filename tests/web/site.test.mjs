// The lab as a learner uses it: lesson list, lessons 4 and 7, the sentence box, the language
// switch, bad input. Numbers are read from the widgets' DOM (data-* attributes hold the exact
// floats) and compared with the page's own core.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  SCREENSHOTS,
  coreSelfAttention,
  newPage,
  openLab,
  readHeatmap,
  readSteps,
  typeSentence,
  widgetsReady,
} from './harness.mjs';

let lab;
let page;

before(async () => {
  lab = await openLab();
  page = await newPage(lab.browser);
});

after(async () => {
  await lab?.close();
});

/** Cell (i, j) of a heatmap read by readHeatmap. */
const cellAt = (heatmap, i, j) => heatmap.cells.find((c) => c.i === i && c.j === j);

/** Waits until a widget shows exactly these tokens (the sentence box is debounced). */
async function waitForTokens(selector, index, tokens) {
  await page.waitForFunction(
    ([selector, index, tokens]) => {
      const root = document.querySelectorAll(selector)[index]?.shadowRoot;
      const labels = [...(root?.querySelectorAll('.col-label, .token .tok') ?? [])];
      const seen = [...new Set(labels.map((e) => e.dataset.token ?? e.textContent))];
      return JSON.stringify(seen) === JSON.stringify(tokens);
    },
    [selector, index, tokens],
    { timeout: 10000 },
  );
}

/** Waits until a widget shows a message (or none, with `null`). */
async function waitForMessage(selector, index, present) {
  await page.waitForFunction(
    ([selector, index, present]) => {
      const root = document.querySelectorAll(selector)[index]?.shadowRoot;
      return Boolean(root?.querySelector('.message .text')) === present;
    },
    [selector, index, present],
    { timeout: 10000 },
  );
}

describe('Attention Lab site', { timeout: 120000 }, () => {
  test('the lesson list shows lessons 4 and 7 in order', async () => {
    await page.goto(`${lab.url}#/en`);
    const items = page.locator('.lesson-list li');
    await items.first().waitFor();
    const orders = await items.evaluateAll((lis) => lis.map((li) => Number(li.dataset.order)));
    assert.ok(orders.includes(4) && orders.includes(7), `orders: ${orders}`);
    assert.deepEqual(
      orders,
      [...orders].sort((a, b) => a - b),
    );
    const title4 = await page.locator('li[data-order="4"] .title').textContent();
    assert.match(title4, /self-attention/i);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.screenshot({ path: `${SCREENSHOTS}lessons-en.png`, fullPage: true });
  });

  test('lesson 4: typing a sentence re-computes the heatmap and the step-through', async () => {
    await page.click('li[data-order="4"] a');
    await page.waitForURL(/#\/en\/self-attention$/);
    await widgetsReady(page);
    const before = await readHeatmap(page);
    const lessonSentence = await page.inputValue('#sentence');
    assert.ok(lessonSentence.length > 0, 'the box is prefilled from front-matter');

    const sentence = 'the quick robot must obey every order';
    await typeSentence(page, sentence);
    const core = await coreSelfAttention(page, { sentence });
    await waitForTokens('attn-heatmap', 0, core.tokens);

    const heatmap = await readHeatmap(page);
    assert.deepEqual(heatmap.cols, core.tokens);
    assert.deepEqual(heatmap.rows, core.tokens);
    assert.notDeepEqual(heatmap.cols, before.cols, 'token labels changed');
    const n = core.tokens.length;
    assert.equal(heatmap.cells.length, n * n);
    // Every cell is the core's weight, and every row sums to 1 (within float32 rounding).
    for (const cell of heatmap.cells) {
      assert.equal(cell.value, core.weights.data[cell.i * n + cell.j]);
    }
    for (let i = 0; i < n; i++) {
      const sum = heatmap.cells.filter((c) => c.i === i).reduce((a, c) => a + c.value, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5, `row ${i} sums to ${sum}`);
      assert.ok(Math.abs(heatmap.sums[i] - 1) < 1e-5);
      assert.equal(heatmap.sumTexts[i], '1.00');
    }

    // The URL keeps the learner's sentence, so the page can be shared as it is.
    assert.match(page.url(), /\?s=the\+quick\+robot/);

    // The step-through at step 5 (the lesson's third attn-steps) shows the new tokens and the
    // core's output row for its query token.
    const stepsIndex = await page.evaluate(() =>
      [...document.querySelectorAll('attn-steps')].findIndex((s) => s.getAttribute('step') === '5'),
    );
    assert.ok(stepsIndex >= 0, 'lesson 4 has <attn-steps step="5">');
    await waitForTokens('attn-steps', stepsIndex, core.tokens);
    const steps = await readSteps(page, 'attn-steps', stepsIndex);
    assert.deepEqual(steps.tokens, core.tokens);
    assert.equal(steps.step, 5);
    const dK = core.output.shape[1];
    const q = steps.query;
    const expected = core.output.data.slice(q * dK, (q + 1) * dK);
    assert.equal(steps.strips.output.length, 1);
    assert.deepEqual(steps.strips.output[0], expected);

    // Picking another query token and stepping back works and reports attn-change.
    await page.evaluate((index) => {
      window.__changes = [];
      document
        .querySelectorAll('attn-steps')
        [index].addEventListener('attn-change', (e) => window.__changes.push(e.detail));
    }, stepsIndex);
    const steps5 = page.locator('attn-steps').nth(stepsIndex);
    await steps5.locator('.token[data-index="2"]').click();
    await steps5.locator('button.prev').click();
    const after = await readSteps(page, 'attn-steps', stepsIndex);
    assert.equal(after.query, 2);
    assert.equal(after.step, 4);
    const changes = await page.evaluate(() => window.__changes);
    assert.deepEqual(
      changes.map((c) => [c.name, c.value]),
      [
        ['query', 2],
        ['step', 4],
      ],
    );
    assert.deepEqual(page.errors, []);
  });

  test('lesson 4: the heatmap grid is keyboard accessible with a value tooltip', async () => {
    const grid = page.locator('attn-heatmap').first().locator('[role="grid"]');
    const first = grid.locator('.cell[tabindex="0"]');
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => {
      const cell = document.querySelector('attn-heatmap').shadowRoot.activeElement;
      return { row: cell?.dataset.row, col: cell?.dataset.col, value: cell?.dataset.value };
    });
    assert.deepEqual([focused.row, focused.col], ['1', '1']);
    const tip = page.locator('attn-heatmap').first().locator('.tip');
    await tip.waitFor({ state: 'visible' });
    const text = await tip.textContent();
    assert.ok(text.includes(Number(Number(focused.value).toPrecision(6)).toString()), text);
  });

  test('lesson 7: the causal mask zeroes every weight above the diagonal', async () => {
    await page.goto(`${lab.url}#/en/masking`);
    await widgetsReady(page);
    const selector = 'attn-heatmap[mask="causal"][view="weights"]';
    assert.equal(await page.locator(selector).count(), 1);
    const heatmap = await readHeatmap(page, selector);
    const n = heatmap.cols.length;
    assert.deepEqual(heatmap.cols, ['robot', 'must', 'obey', 'orders']);
    for (const cell of heatmap.cells) {
      if (cell.j > cell.i) {
        assert.equal(cell.value, 0, `cell (${cell.i}, ${cell.j})`);
        assert.ok(cell.masked);
        assert.equal(cell.text, '0');
      }
    }
    // The first query sees only itself: all of its weight, exactly 1.
    assert.equal(cellAt(heatmap, 0, 0).value, 1);
    assert.equal(heatmap.sums.length, n);

    // In the masked-scores view the same cells are -inf.
    const scores = await readHeatmap(page, 'attn-heatmap[mask="causal"][view="masked-scores"]');
    for (const cell of scores.cells) {
      if (cell.j > cell.i) assert.equal(cell.value, -Infinity);
      if (cell.j > cell.i) assert.equal(cell.text, '−∞');
    }

    // A control changes the widget's attribute (its public state) and fires attn-change.
    const controlled = page.locator('attn-heatmap[controls]').first();
    assert.equal(await controlled.getAttribute('mask'), 'causal');
    await controlled.evaluate((el) => {
      window.__change = null;
      el.addEventListener('attn-change', (e) => (window.__change = e.detail), { once: true });
    });
    await controlled.locator('select').selectOption('none');
    const detail = await page.evaluate(() => window.__change);
    assert.deepEqual([detail.name, detail.value], ['mask', 'none']);
    assert.equal(detail.state.mask, 'none');
    assert.equal(await controlled.getAttribute('mask'), 'none');
  });

  test('every lesson in every language renders; screenshots', async () => {
    await page.goto(`${lab.url}#/en`);
    const ids = await page
      .locator('.lesson-list li')
      .evaluateAll((lis) => lis.map((li) => li.dataset.lesson));
    assert.ok(ids.length >= 2);
    for (const lang of ['en', 'zh-CN']) {
      for (const id of ids) {
        await page.goto(`${lab.url}#/${lang}/${id}`);
        await page.locator(`article[data-lesson="${id}"]:not([aria-busy])`).waitFor();
        await widgetsReady(page);
        const statuses = await page.evaluate(() =>
          [...document.querySelectorAll('attn-heatmap, attn-steps')].map(
            (w) => w.shadowRoot.querySelector('.root').dataset.status,
          ),
        );
        assert.ok(
          statuses.every((s) => s === 'ready'),
          `${lang}/${id}: ${statuses}`,
        );
        // KaTeX rendered the maths, without error spans.
        assert.ok((await page.locator('.lesson-body .katex').count()) > 0);
        assert.equal(await page.locator('.lesson-body .katex-error').count(), 0);
        await page.screenshot({ path: `${SCREENSHOTS}${id}-${lang}.png`, fullPage: true });
      }
    }
    // A phone-sized view of lesson 4.
    const phone = await newPage(lab.browser, { viewport: { width: 390, height: 844 } });
    await phone.goto(`${lab.url}#/en/self-attention`);
    await widgetsReady(phone);
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px on a phone`);
    await phone.screenshot({ path: `${SCREENSHOTS}self-attention-en-phone.png`, fullPage: true });
    await phone.context().close();
  });

  test('language switch: UI strings and lesson text change, and are remembered', async () => {
    await page.goto(`${lab.url}#/en/masking`);
    await widgetsReady(page);
    const enTitle = await page.locator('h1').textContent();
    const enBrand = await page.locator('.brand').textContent();
    const enRowSum = (await readHeatmap(page, 'attn-heatmap[view="weights"]')).rowSumLabel;

    await page.click('.lang-switch button[data-lang="zh-CN"]');
    await page.waitForURL(/#\/zh-CN\/masking/);
    await widgetsReady(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    const zhTitle = await page.locator('h1').textContent();
    assert.notEqual(zhTitle, enTitle);
    assert.match(zhTitle, /掩码/);
    assert.match(await page.locator('.brand').textContent(), /注意力实验室/);
    assert.notEqual(await page.locator('.brand').textContent(), enBrand);
    assert.match(await page.locator('label[for="sentence"]').textContent(), /你的句子/);
    const zhRowSum = (await readHeatmap(page, 'attn-heatmap[view="weights"]')).rowSumLabel;
    assert.notEqual(zhRowSum, enRowSum, 'widget UI strings follow the language');
    // The box follows the lesson's Chinese sentence.
    assert.match(await page.inputValue('#sentence'), /[\u4e00-\u9fff]/);

    // Reload without the hash: language and lesson come back from localStorage.
    await page.goto(lab.url);
    await page.waitForURL(/#\/zh-CN\/masking/);
    await widgetsReady(page);
    assert.equal(await page.locator('h1').textContent(), zhTitle);

    await page.click('.lang-switch button[data-lang="en"]');
    await page.waitForURL(/#\/en\/masking/);
    assert.equal(await page.locator('h1').textContent(), enTitle);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.reload();
    await widgetsReady(page);
    assert.equal(await page.locator('h1').textContent(), enTitle);
    assert.deepEqual(page.errors, []);
  });

  test('bad input in the sentence box shows the core’s message and the page keeps working', async () => {
    await page.goto(`${lab.url}#/en/self-attention`);
    await widgetsReady(page);
    const good = await readHeatmap(page);

    // Empty: a message, and the last good matrix stays on screen.
    await typeSentence(page, '');
    await waitForMessage('attn-heatmap', 0, true);
    let heatmap = await readHeatmap(page);
    assert.match(heatmap.message, /empty|token/i);
    assert.deepEqual(heatmap.cols, good.cols, 'the last good render is kept');
    assert.ok(heatmap.cells.length > 0);
    assert.match(await page.locator('#sentence-tokens').textContent(), /empty|token/i);

    // 65 tokens: the message names the limit.
    await typeSentence(page, 'a '.repeat(65).trim());
    await page.waitForFunction(() =>
      /64/.test(
        document.querySelector('attn-heatmap').shadowRoot.querySelector('.message .text')
          ?.textContent,
      ),
    );
    heatmap = await readHeatmap(page);
    assert.match(heatmap.message, /\b64\b/);
    assert.deepEqual(heatmap.cols, good.cols, 'the last good render is kept');

    // Mixed Chinese, English and emoji: whole characters, never broken bytes.
    const mixed = '我爱 Paris 🙂!';
    await typeSentence(page, mixed);
    const core = await coreSelfAttention(page, { sentence: mixed });
    assert.deepEqual(core.tokens, ['我', '爱', 'Paris', '🙂', '!']);
    await waitForTokens('attn-heatmap', 0, core.tokens);
    await waitForMessage('attn-heatmap', 0, false);
    heatmap = await readHeatmap(page);
    assert.deepEqual(heatmap.cols, core.tokens);
    for (const token of heatmap.cols) {
      assert.ok(!token.includes('\uFFFD'), `broken token ${JSON.stringify(token)}`);
      assert.ok(token.isWellFormed(), `lone surrogate in ${JSON.stringify(token)}`);
    }
    const chips = await page.locator('#sentence-tokens .chip').allTextContents();
    assert.deepEqual(chips, core.tokens);

    // A widget with a bad attribute in the same page: its own message, the rest unaffected.
    await page.evaluate(() => {
      const bad = document.createElement('attn-heatmap');
      bad.id = 'bad';
      bad.setAttribute('d-model', '0');
      document.querySelector('article').append(bad);
    });
    await waitForMessage('#bad', 0, true);
    const bad = await readHeatmap(page, '#bad');
    assert.match(bad.message, /d-model/);
    assert.match(bad.message, /\b0\b/);
    assert.match(bad.message, /1\.\.256/);
    assert.equal(bad.status, 'error');

    // And a good sentence afterwards renders everywhere.
    const sentence = 'attention is all you need';
    await typeSentence(page, sentence);
    const tokens = (await coreSelfAttention(page, { sentence })).tokens;
    await waitForTokens('attn-heatmap', 0, tokens);
    await waitForMessage('attn-heatmap', 0, false);
    await widgetsReady(page);
    assert.equal((await readHeatmap(page)).status, 'ready');
    assert.deepEqual(page.errors, []);
  });
});
