// Errors in the page's language (web/i18n/errors.js): the templates themselves (in Node, against
// the core's real errors), then widgets on a teacher's page: a bad attribute shows the core's
// error in zh-CN on a zh-CN page and in English on an English page, and re-words it when the
// language switches; the training widget's refusal crosses the worker with its code and params.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { load } from '../../wasm/js/index.js';
import { ERROR_TEMPLATES, errorText } from '../../web/i18n/errors.js';
import { SCREENSHOTS, newPage, openLab, readHeatmap, widgetsReady } from './harness.mjs';

/** The error `fn` throws (fails the test if it does not throw). */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected a throw');
}

describe('errorText (Node)', () => {
  test('every code has an English and a zh-CN template', () => {
    assert.deepEqual(
      Object.keys(ERROR_TEMPLATES['zh-CN']).sort(),
      Object.keys(ERROR_TEMPLATES.en).sort(),
    );
  });

  test("the core's errors: English is the core's own message, zh-CN is built from the params", async () => {
    const lab = await load();
    const error = thrown(() => lab.selfAttention({ sentence: 'a b c', mask: 'prefix:99' }));
    assert.equal(error.code, 'out_of_range');
    assert.equal(errorText(error, 'en'), error.message);
    // The English template says what the core says, so the two tables cannot drift apart.
    assert.equal(ERROR_TEMPLATES.en.out_of_range(error.params), error.message);
    assert.equal(errorText(error, 'zh-CN'), '前缀长度 的值 99 超出范围：允许 0..3');
    // A good call after the refusal still returns the right numbers.
    const good = lab.selfAttention({ sentence: 'a b c', mask: 'causal' });
    assert.deepEqual(good.weights.shape, [3, 3]);
    assert.equal(good.weights.data[1], 0, 'causal: the first query sees only itself');
  });

  test('unknown what names stay as they are; diverged carries its numbers', () => {
    const e = {
      message: 'm',
      code: 'too_large',
      params: { what: 'widgets', value: '9', max: '3' },
    };
    assert.equal(errorText(e, 'zh-CN'), 'widgets 的值 9 太大：最多 3');
    const d = {
      message: 'training diverged',
      code: 'diverged',
      params: { step: '120', loss: 'NaN', first_loss: '2.3', kept_step: '119', lr: '5' },
    };
    assert.equal(
      errorText(d, 'zh-CN'),
      '训练在第 120 步发散（损失 NaN，初始损失 2.3，学习率 5）：保留第 119 步的权重',
    );
  });

  test("'invalid', 'internal', unknown codes and missing params fall back to the English message", () => {
    for (const e of [
      { message: 'bad thing', code: 'invalid', params: {} },
      { message: 'bad thing', code: 'internal', params: {} },
      { message: 'bad thing', code: 'no_such_code', params: { what: 'x' } },
      { message: 'bad thing', code: 'out_of_range', params: { what: 'x', value: '1' } },
      { message: 'bad thing', code: 'toString', params: {} },
      { message: 'bad thing' },
    ]) {
      assert.equal(errorText(e, 'zh-CN'), 'bad thing', JSON.stringify(e));
    }
    assert.equal(errorText('plain', 'zh-CN'), 'plain');
  });
});

describe('widgets show errors in the page language', { timeout: 120000 }, () => {
  let lab;
  before(async () => {
    lab = await openLab();
  });
  after(async () => {
    await lab?.close();
  });

  async function teacherPage(body, lang) {
    const page = await newPage(lab.browser);
    const url = `${lab.url}course/errors.html`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"></head>
          <body><script type="module" src="../widgets.js"></script>${body}</body></html>`,
      }),
    );
    await page.goto(url);
    return page;
  }

  // One 5000-byte token: past the facade's token count, refused by the core's byte limit.
  const LONG = 'a'.repeat(5000);
  const EN = 'sentence length in bytes 5000 is out of range: allowed 0..4096';
  const ZH = '句子长度（字节） 的值 5000 超出范围：允许 0..4096';
  const messageIs = (page, selector, text) =>
    page.waitForFunction(
      ([selector, text]) =>
        document.querySelector(selector)?.shadowRoot?.querySelector('.message .text')
          ?.textContent === text,
      [selector, text],
      { timeout: 30000 },
    );

  test('heatmap: zh-CN on a zh-CN page, English on an English page, switching with the page', async () => {
    for (const lang of ['zh-CN', 'en']) {
      const page = await teacherPage(`<attn-heatmap sentence="${LONG}"></attn-heatmap>`, lang);
      await widgetsReady(page);
      const r = await readHeatmap(page);
      assert.equal(r.status, 'error');
      assert.equal(r.message, lang === 'en' ? EN : ZH);
      if (lang === 'zh-CN') {
        await page
          .locator('attn-heatmap')
          .screenshot({ path: `${SCREENSHOTS}errors-i18n-zh-CN.png` });
      }
      // The language switches: the same error, re-worded.
      await page.evaluate(
        (l) => (document.documentElement.lang = l),
        lang === 'en' ? 'zh-CN' : 'en',
      );
      await messageIs(page, 'attn-heatmap', lang === 'en' ? ZH : EN);
      await page.evaluate((l) => (document.documentElement.lang = l), lang);
      await messageIs(page, 'attn-heatmap', lang === 'en' ? EN : ZH);
      // Not poisoned: a good attribute computes the right numbers.
      await page.evaluate(() =>
        document.querySelector('attn-heatmap').setAttribute('sentence', 'a b c'),
      );
      await page.evaluate(() =>
        document.querySelector('attn-heatmap').setAttribute('mask', 'causal'),
      );
      await page.waitForFunction(
        () =>
          document.querySelector('attn-heatmap').shadowRoot.querySelector('.root').dataset
            .status === 'ready' &&
          document.querySelector('attn-heatmap').shadowRoot.querySelectorAll('.sum').length === 3,
      );
      const good = await readHeatmap(page);
      assert.equal(good.message, null);
      assert.deepEqual(
        good.sums.map((s) => Math.round(s * 1e6) / 1e6),
        [1, 1, 1],
      );
      assert.ok(
        good.cells.filter((c) => c.j > c.i).every((c) => c.value === 0),
        'causal: nothing above the diagonal',
      );
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  });

  test('attn-train: a refused run shows the core error (code and params crossed the worker)', async () => {
    const EN_TRAIN = 'text length in characters 2 is out of range: allowed 20..100000';
    const ZH_TRAIN = '文本长度（字符数） 的值 2 超出范围：允许 20..100000';
    const page = await teacherPage(
      '<attn-train task="text" text="ab" d-model="16" heads="2" layers="1" d-ff="32"></attn-train>',
      'zh-CN',
    );
    const text = () =>
      page.evaluate(
        () =>
          document.querySelector('attn-train').shadowRoot.querySelector('.message .text')
            ?.textContent ?? '',
      );
    await page.waitForFunction(
      () =>
        document.querySelector('attn-train')?.shadowRoot?.querySelector('.root')?.dataset.status ===
        'error',
      null,
      { timeout: 60000 },
    );
    assert.ok((await text()).includes(ZH_TRAIN), await text());
    await page
      .locator('attn-train')
      .screenshot({ path: `${SCREENSHOTS}errors-i18n-train-zh-CN.png` });
    await page.evaluate(() => (document.documentElement.lang = 'en'));
    await page.waitForFunction(
      (t) =>
        document
          .querySelector('attn-train')
          .shadowRoot.querySelector('.message .text')
          ?.textContent.includes(t),
      EN_TRAIN,
    );
    // A good text recovers: the run is created and the widget is ready.
    await page.evaluate(() =>
      document
        .querySelector('attn-train')
        .setAttribute('text', 'the quick brown fox jumps over the lazy dog. '.repeat(3)),
    );
    await page.waitForFunction(
      () =>
        document.querySelector('attn-train').shadowRoot.querySelector('.root').dataset.status ===
        'ready',
      null,
      { timeout: 60000 },
    );
    assert.equal(await text(), '');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
