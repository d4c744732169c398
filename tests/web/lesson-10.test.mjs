// Lesson 10, "Generating fast: the KV cache", and its widget <attn-kvcache>: both languages open
// with every widget ready; stepping grows the cache by one row; cache on and off write the same
// tokens with logits within 1e-5, and the multiply-add ratio is above 1 and grows with length;
// the counts are the page core's own; bad attributes show a message and keep the picture.
// Screenshots in tests/web/screenshots/ (look at them).
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

async function cachesReady(p = page) {
  await p.waitForFunction(
    () => {
      const widgets = [...document.querySelectorAll('attn-kvcache')];
      return (
        widgets.length > 0 &&
        widgets.every((w) =>
          ['ready', 'error'].includes(w.shadowRoot?.querySelector('.root')?.dataset.status),
        )
      );
    },
    null,
    { timeout: 30000 },
  );
}

/** What a KV-cache widget shows (exact numbers from data-* attributes). `index`: nth widget. */
function readCache(index) {
  return page.evaluate((index) => {
    const root = document.querySelectorAll('attn-kvcache')[index]?.shadowRoot;
    if (!root) return null;
    const section = root.querySelector('section');
    const num = (sel, key) => Number(root.querySelector(sel)?.dataset[key]);
    const table = (name) => root.querySelector(`.cache[data-matrix="${name}"]`);
    return {
      status: root.querySelector('.root')?.dataset.status,
      step: Number(section?.dataset.step),
      last: Number(section?.dataset.last),
      prompt: [...root.querySelectorAll('.chip[data-name="prompt"]')].map((c) => c.dataset.token),
      generated: [...root.querySelectorAll('.chip[data-name="generated"]')].map(
        (c) => c.dataset.token,
      ),
      kRows: Number(table('k')?.dataset.rows),
      vRows: Number(table('v')?.dataset.rows),
      cols: Number(table('k')?.dataset.cols),
      labels: [...table('k').querySelectorAll('.cache-row')].map((r) => r.dataset.token),
      newRows: table('k').querySelectorAll('.cache-row.new').length,
      macsOff: num('.macs-step', 'off'),
      macsOn: num('.macs-step', 'on'),
      totalOff: num('.macs-total', 'off'),
      totalOn: num('.macs-total', 'on'),
      timeOff: num('.time-step', 'off'),
      timeOn: num('.time-step', 'on'),
      ratio: num('.ratio', 'ratio'),
      sameTokens: root.querySelector('[data-same-tokens]')?.dataset.sameTokens === 'true',
      maxDiff: num('[data-max-diff]', 'maxDiff'),
      numbers: num('.cache-size', 'numbers'),
      points: Number(root.querySelector('.chart')?.dataset.points),
      message: root.querySelector('.message .text')?.textContent.trim() ?? null,
    };
  }, index);
}

/** Both runs of the page's core, as the widget makes them. */
function coreRuns(options) {
  return page.evaluate(async (options) => {
    const lab = await globalThis[Symbol.for('attention-lab.core')];
    const run = (useCache) => {
      const r = lab.generate({ ...options, model: 'decoder-only', stopAtEnd: false, useCache });
      return {
        promptTokens: r.promptTokens,
        tokens: r.tokens,
        macs: r.steps.map((s) => s.macs),
        cacheLength: r.steps.map((s) => s.cacheLength),
        cacheShape: r.cacheK.shape,
      };
    };
    return { on: run(true), off: run(false) };
  }, options);
}

async function waitForStep(index, step) {
  await page.waitForFunction(
    ([index, step]) =>
      Number(
        document.querySelectorAll('attn-kvcache')[index]?.shadowRoot?.querySelector('section')
          ?.dataset.step,
      ) === step,
    [index, step],
    { timeout: 10000 },
  );
}

async function indexOf(selector) {
  const index = await page.evaluate(
    (s) => [...document.querySelectorAll('attn-kvcache')].indexOf(document.querySelector(s)),
    selector,
  );
  assert.ok(index >= 0, `the lesson has ${selector}`);
  return index;
}

async function waitForMessage(index, present) {
  await page.waitForFunction(
    ([index, present]) =>
      Boolean(
        document
          .querySelectorAll('attn-kvcache')
          [index]?.shadowRoot?.querySelector('.message .text'),
      ) === present,
    [index, present],
    { timeout: 10000 },
  );
}

const sum = (list, k) => list.slice(0, k).reduce((a, b) => a + b, 0);

describe('lesson 10: the KV cache', { timeout: 180000 }, () => {
  test('opens in both languages with every widget ready; screenshots', async () => {
    for (const lang of ['en', 'zh-CN']) {
      await page.goto(`${lab.url}#/${lang}/kv-cache`);
      await page.locator('article[data-lesson="kv-cache"]:not([aria-busy])').waitFor();
      await cachesReady();
      const statuses = await page.evaluate(() =>
        [...document.querySelectorAll('attn-kvcache')].map(
          (w) => w.shadowRoot.querySelector('.root').dataset.status,
        ),
      );
      assert.ok(statuses.length >= 3, `${lang}: ${statuses.length} widgets`);
      assert.ok(
        statuses.every((s) => s === 'ready'),
        `${lang}: ${statuses}`,
      );
      assert.ok((await page.locator('.lesson-body .katex').count()) > 0);
      assert.equal(await page.locator('.lesson-body .katex-error').count(), 0);
      const notes = await page.evaluate(() =>
        [...document.querySelectorAll('attn-kvcache')].map((w) =>
          w.shadowRoot.querySelector('.honest').textContent.trim(),
        ),
      );
      for (const note of notes) assert.match(note, lang === 'en' ? /random/ : /随机/);
      await page.screenshot({ path: `${SCREENSHOTS}kv-cache-${lang}.png`, fullPage: true });
      await unstick(page);
      await page
        .locator('attn-kvcache')
        .nth(1)
        .screenshot({ path: `${SCREENSHOTS}kv-cache-widget-${lang}.png` });
    }
    assert.deepEqual(page.errors, []);
  });

  test('stepping grows the K and V cache by one row, with the core’s counts', async () => {
    await page.goto(`${lab.url}#/en/kv-cache`);
    await cachesReady();
    const index = await indexOf('attn-kvcache[step="1"]');
    const widget = page.locator('attn-kvcache').nth(index);
    const options = {
      prompt: await page.inputValue('#sentence'),
      seed: Number(await widget.getAttribute('seed')),
      maxNewTokens: Number(await widget.getAttribute('max-new-tokens')),
    };
    const core = await coreRuns(options);
    const p = core.on.promptTokens.length;

    let shown = await readCache(index);
    assert.equal(shown.step, 1);
    assert.deepEqual(shown.prompt, core.on.promptTokens);
    assert.deepEqual(shown.generated, core.on.tokens.slice(0, 1));
    // Step 1 reads the whole prompt: p rows, all of them new.
    assert.equal(shown.kRows, p);
    assert.equal(shown.vRows, p);
    assert.equal(shown.newRows, p);
    assert.equal(shown.cols, 16);
    assert.deepEqual(shown.labels, core.on.promptTokens);
    assert.equal(shown.macsOn, core.on.macs[0]);
    assert.equal(shown.macsOff, core.off.macs[0]);
    assert.equal(shown.numbers, 2 * 1 * p * 16, 'cache size = 2 x layers x length x d_model');

    await widget.evaluate((el) => {
      window.__changes = [];
      el.addEventListener('attn-change', (e) => window.__changes.push(e.detail));
    });
    for (let k = 2; k <= Math.min(5, core.on.tokens.length); k++) {
      await widget.locator('button.step').click();
      await waitForStep(index, k);
      const before = shown;
      shown = await readCache(index);
      assert.equal(shown.kRows, before.kRows + 1, `step ${k}: one more K row`);
      assert.equal(shown.vRows, before.vRows + 1, `step ${k}: one more V row`);
      assert.equal(shown.kRows, core.on.cacheLength[k - 1]);
      assert.equal(shown.newRows, 1, 'only the newest row is highlighted');
      // The row just added is the token written at the previous step, fed back in.
      assert.equal(shown.labels.at(-1), core.on.tokens[k - 2]);
      assert.equal(shown.macsOn, core.on.macs[k - 1]);
      assert.equal(shown.macsOff, core.off.macs[k - 1]);
      assert.equal(shown.totalOn, sum(core.on.macs, k));
      assert.equal(shown.totalOff, sum(core.off.macs, k));
      assert.ok(shown.macsOff > shown.macsOn, 'recomputing costs more than caching');
      assert.ok(Number.isFinite(shown.timeOn) && shown.timeOn >= 0);
      assert.ok(Number.isFinite(shown.timeOff) && shown.timeOff >= 0);
    }
    const changes = await page.evaluate(() => window.__changes.map((c) => c.name));
    assert.ok(changes.length >= 1 && changes.every((n) => n === 'step'));

    // Back shrinks it again; keyboard Home / End jump to the ends.
    await widget.locator('button.back').click();
    await waitForStep(index, shown.step - 1);
    assert.equal((await readCache(index)).kRows, shown.kRows - 1);
    await widget.locator('button.step').focus();
    await page.keyboard.press('End');
    await waitForStep(index, core.on.tokens.length);
    assert.equal((await readCache(index)).kRows, core.on.cacheShape[0]);
    await page.keyboard.press('Home');
    await waitForStep(index, 1);
    assert.equal((await readCache(index)).kRows, p);
    assert.deepEqual(page.errors, []);
  });

  test('cache on and off: same tokens, logits within 1e-5, a ratio that grows with length', async () => {
    const index = await indexOf('attn-kvcache[max-new-tokens="32"]');
    const widget = page.locator('attn-kvcache').nth(index);
    const options = {
      prompt: await page.inputValue('#sentence'),
      seed: Number(await widget.getAttribute('seed')),
      maxNewTokens: 32,
    };
    const core = await coreRuns(options);
    assert.deepEqual(core.on.tokens, core.off.tokens);
    const last = core.on.tokens.length;
    assert.ok(last >= 16, `the lesson's seed writes ${last} tokens`);

    const ratios = [];
    for (const k of [2, 4, 8, 16, last]) {
      await widget.evaluate((el, k) => el.setAttribute('step', String(k)), k);
      await waitForStep(index, k);
      const shown = await readCache(index);
      assert.ok(shown.sameTokens, 'both runs wrote the same tokens');
      assert.ok(shown.maxDiff < 1e-5, `max logit difference ${shown.maxDiff}`);
      assert.equal(shown.points, last);
      assert.equal(shown.totalOff, sum(core.off.macs, k));
      assert.equal(shown.totalOn, sum(core.on.macs, k));
      assert.ok(Math.abs(shown.ratio - shown.totalOff / shown.totalOn) < 1e-9);
      ratios.push(shown.ratio);
    }
    assert.ok(ratios[0] > 1, `ratio at step 2: ${ratios[0]}`);
    for (let i = 1; i < ratios.length; i++) {
      assert.ok(ratios[i] > ratios[i - 1], `the ratio grows with length: ${ratios.join(', ')}`);
    }
    // Cache off grows with length; cache on stays nearly flat (only the attention term grows).
    const offGrowth = core.off.macs[last - 1] / core.off.macs[1];
    const onGrowth = core.on.macs[last - 1] / core.on.macs[1];
    assert.ok(offGrowth > 5, `cache off per-step growth ${offGrowth}`);
    assert.ok(onGrowth < 1.5, `cache on per-step growth ${onGrowth}`);

    // A new prompt from the sentence box re-runs both modes, still in agreement.
    await typeSentence(page, 'attention is all you need');
    await page.waitForFunction(
      (i) =>
        document
          .querySelectorAll('attn-kvcache')
          [i].shadowRoot.querySelector('.chip[data-name="prompt"]')?.dataset.token === 'attention',
      index,
    );
    const shown = await readCache(index);
    assert.ok(shown.sameTokens);
    assert.ok(shown.maxDiff < 1e-5);
    assert.deepEqual(shown.prompt, ['attention', 'is', 'all', 'you', 'need']);
    assert.deepEqual(page.errors, []);
  });

  test('bad attributes show a message and keep the picture', async () => {
    await page.goto(`${lab.url}#/en/kv-cache`);
    await cachesReady();
    await page.evaluate(() => {
      const el = document.createElement('attn-kvcache');
      el.setAttribute('prompt', 'robot must obey orders');
      el.setAttribute('seed', '33');
      el.setAttribute('step', '3');
      document.querySelector('article').append(el);
    });
    await cachesReady();
    const index = (await page.locator('attn-kvcache').count()) - 1;
    const el = page.locator('attn-kvcache').nth(index);
    const good = await readCache(index);
    assert.equal(good.status, 'ready');
    assert.equal(good.step, 3);

    const cases = [
      ['max-new-tokens', '0', [/max-new-tokens/, /\b0\b/, /1\.\.64/]],
      ['max-new-tokens', '999', [/max-new-tokens/, /999/, /1\.\.64/]],
      ['heads', '3', [/heads 3/, /d-model 16/, /1, 2, 4, 8, 16/]],
      ['layers', '7', [/layers/, /\b7\b/, /1\.\.6/]],
      ['d-model', '1000', [/d-model/, /1000/, /2\.\.256/]],
    ];
    for (const [name, value, patterns] of cases) {
      await el.evaluate((e, [n, v]) => e.setAttribute(n, v), [name, value]);
      await waitForMessage(index, true);
      const shown = await readCache(index);
      for (const pattern of patterns) assert.match(shown.message, pattern, `${name}=${value}`);
      assert.equal(shown.status, 'error');
      assert.equal(shown.kRows, good.kRows, 'the last good picture stays');
      assert.equal(shown.totalOff, good.totalOff);
      await el.evaluate((e, n) => e.removeAttribute(n), name);
      await waitForMessage(index, false);
    }
    assert.deepEqual(page.errors, []);
  });

  test('usable on a phone: nothing pushes the page sideways', async () => {
    const phone = await newPage(lab.browser, { viewport: { width: 400, height: 860 } });
    for (const lang of ['en', 'zh-CN']) {
      await phone.goto(`${lab.url}#/${lang}/kv-cache`);
      await cachesReady(phone);
      const overflow = await phone.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 1, `${lang}: the page scrolls sideways by ${overflow}px`);
      await unstick(phone);
      await phone
        .locator('attn-kvcache')
        .nth(1)
        .screenshot({ path: `${SCREENSHOTS}kv-cache-widget-${lang}-phone.png` });
    }
    assert.deepEqual(phone.errors, []);
    await phone.context().close();
  });
});
