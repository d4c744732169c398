// The widgets outside the site: a teacher's bare page with one script tag, bad attributes, two
// copies of the bundle on one page, language from the page, a 64-token sentence; and the lesson
// renderer's sanitiser, run in the browser on hostile Markdown.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DIST } from '../../scripts/serve.mjs';
import { SCREENSHOTS, newPage, openLab, readHeatmap, readSteps, widgetsReady } from './harness.mjs';

let lab;

before(async () => {
  lab = await openLab();
});

after(async () => {
  await lab?.close();
});

/**
 * Opens `body` as a teacher's page at /course/<name>.html (a sub-folder, so relative asset URLs
 * are exercised), served by intercepting the request: nothing is added to web/dist.
 */
async function teacherPage(body, { lang = 'en', name = 'page' } = {}) {
  const page = await newPage(lab.browser);
  page.wasmRequests = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) page.wasmRequests.push(request.url());
  });
  const url = `${lab.url}course/${name}.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
        <title>A course page</title></head><body><h1>My course</h1>${body}</body></html>`,
    }),
  );
  await page.goto(url);
  return page;
}

describe('embeddable widgets (dist/widgets.js)', { timeout: 120000 }, () => {
  test('one script tag and one element on a bare page', async () => {
    const page = await teacherPage(`
      <script type="module" src="../widgets.js"></script>
      <attn-heatmap sentence="robot must obey orders" mask="causal"></attn-heatmap>`);
    await widgetsReady(page);
    const heatmap = await readHeatmap(page);
    assert.equal(heatmap.status, 'ready');
    assert.deepEqual(heatmap.cols, ['robot', 'must', 'obey', 'orders']);
    for (const cell of heatmap.cells) if (cell.j > cell.i) assert.equal(cell.value, 0);
    assert.equal(page.wasmRequests.length, 1, 'one wasm download');
    assert.match(page.wasmRequests[0], /\/assets\/attnlab-(simd|scalar)-[\w-]+\.wasm$/);
    await page.screenshot({ path: `${SCREENSHOTS}embed-bare-page.png`, fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('bad attributes show a message naming the value; other widgets are unaffected', async () => {
    const page = await teacherPage(`
      <script type="module" src="../widgets.js"></script>
      <attn-heatmap id="dmodel" sentence="a b c" d-model="0"></attn-heatmap>
      <attn-heatmap id="mask" sentence="a b c" mask="sideways"></attn-heatmap>
      <attn-heatmap id="seed" sentence="a b c" seed="4294967296"></attn-heatmap>
      <attn-heatmap id="empty" sentence=""></attn-heatmap>
      <attn-steps id="step" sentence="a b c" step="9"></attn-steps>
      <attn-heatmap id="good" sentence="a b c"></attn-heatmap>`);
    await widgetsReady(page);
    const message = async (id, read = readHeatmap) => (await read(page, `#${id}`)).message;
    assert.match(await message('dmodel'), /d-model 0 .*1\.\.256/);
    assert.match(await message('mask'), /sideways.*none, causal, padding, causal\+padding/);
    assert.match(await message('seed'), /4294967296.*0\.\.4294967295/);
    assert.match(await message('empty'), /empty/);
    assert.match(await message('step', readSteps), /step 9 .*1\.\.5/);
    assert.equal((await readHeatmap(page, '#good')).status, 'ready');

    // Fixing the attribute recovers; breaking it again keeps the last good render.
    await page.evaluate(() => document.querySelector('#dmodel').setAttribute('d-model', '8'));
    await page.waitForFunction(
      () =>
        document.querySelector('#dmodel').shadowRoot.querySelector('.root').dataset.status ===
        'ready',
    );
    const good = await readHeatmap(page, '#dmodel');
    assert.equal(good.message, null);
    await page.evaluate(() => document.querySelector('#dmodel').setAttribute('d-model', '257'));
    await page.waitForFunction(
      () => !!document.querySelector('#dmodel').shadowRoot.querySelector('.message'),
    );
    const kept = await readHeatmap(page, '#dmodel');
    assert.match(kept.message, /257/);
    assert.deepEqual(
      kept.cells.map((c) => c.value),
      good.cells.map((c) => c.value),
    );
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('two copies of the bundle on one page share one core and do not crash', async () => {
    const page = await teacherPage(`
      <script type="module" src="../widgets.js"></script>
      <script type="module" src="../widgets.js?copy=2"></script>
      <attn-heatmap sentence="one two three"></attn-heatmap>
      <attn-steps sentence="one two three" step="5"></attn-steps>`);
    await widgetsReady(page);
    assert.equal((await readHeatmap(page)).status, 'ready');
    assert.equal((await readSteps(page)).status, 'ready');
    assert.equal(page.wasmRequests.length, 1, 'the second copy reuses the first core');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('widgets follow the page language and re-render when it changes', async () => {
    const page = await teacherPage(
      `<script type="module" src="../widgets.js"></script>
       <attn-heatmap sentence="我爱 Paris 🙂!"></attn-heatmap>
       <div lang="en"><attn-steps sentence="a b"></attn-steps></div>`,
      { lang: 'zh-CN' },
    );
    await widgetsReady(page);
    assert.match((await readHeatmap(page)).rowSumLabel, /行和/);
    assert.deepEqual((await readHeatmap(page)).cols, ['我', '爱', 'Paris', '🙂', '!']);
    const stepsNext = () =>
      page.evaluate(
        () => document.querySelector('attn-steps').shadowRoot.querySelector('.next').textContent,
      );
    assert.match(await stepsNext(), /Next/, 'the closest [lang] ancestor wins');
    await page.evaluate(() => (document.documentElement.lang = 'en'));
    await page.waitForFunction(() =>
      /Σ row/.test(
        document.querySelector('attn-heatmap').shadowRoot.querySelector('.sum-label').textContent,
      ),
    );
    await page.evaluate(() => document.querySelector('div[lang]').setAttribute('lang', 'zh-CN'));
    await page.waitForFunction(() =>
      /下一步/.test(
        document.querySelector('attn-steps').shadowRoot.querySelector('.next').textContent,
      ),
    );
    await page.context().close();
  });

  test('64 tokens render legibly; 65 are refused with the core’s message', async () => {
    const words = Array.from({ length: 64 }, (_, i) => `w${i}`).join(' ');
    const page = await teacherPage(`
      <script type="module" src="../widgets.js"></script>
      <attn-heatmap sentence="${words}" mask="causal" controls></attn-heatmap>
      <attn-steps sentence="${words}" query="63" step="4"></attn-steps>`);
    await widgetsReady(page);
    const heatmap = await readHeatmap(page);
    assert.equal(heatmap.cols.length, 64);
    assert.equal(heatmap.cells.length, 64 * 64);
    for (let i = 0; i < 64; i++) assert.ok(Math.abs(heatmap.sums[i] - 1) < 1e-5);
    // Cells shrink but stay visible; the labels are rotated and readable (not clipped to 0).
    const sizes = await page.evaluate(() => {
      const root = document.querySelector('attn-heatmap').shadowRoot;
      const cell = root.querySelector('.cell').getBoundingClientRect();
      const label = root.querySelector('.col-label .tok').getBoundingClientRect();
      return { cell: cell.width, labelHeight: label.height, labelWidth: label.width };
    });
    assert.ok(sizes.cell >= 11, `cells are ${sizes.cell}px`);
    assert.ok(sizes.labelHeight > sizes.labelWidth, 'column labels are rotated');
    await page.locator('attn-heatmap').screenshot({ path: `${SCREENSHOTS}embed-64-tokens.png` });

    // A full 4096-cell update stays fast (the design's budget is a 16 ms p95 per update).
    const ms = await page.evaluate(async () => {
      const el = document.querySelector('attn-heatmap');
      const times = [];
      for (let seed = 1; seed <= 10; seed++) {
        const start = performance.now();
        el.setAttribute('seed', String(seed));
        await el.updateComplete;
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    });
    assert.ok(ms < 200, `median 64-token update took ${ms} ms`);

    await page.evaluate(
      (sentence) => document.querySelector('attn-heatmap').setAttribute('sentence', sentence),
      `${words} extra`,
    );
    await page.waitForFunction(
      () => !!document.querySelector('attn-heatmap').shadowRoot.querySelector('.message'),
    );
    const refused = await readHeatmap(page);
    assert.match(refused.message, /64/);
    assert.equal(refused.cols.length, 64, 'the last good render is kept');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('lesson renderer (web/lesson/render.js, as shipped)', { timeout: 60000 }, () => {
  test('hostile Markdown is sanitised; widgets, maths and prose survive', async () => {
    const page = await newPage(lab.browser);
    await page.goto(`${lab.url}#/en`);
    // The renderer is its own chunk in the build (loaded on a lesson's first view).
    const chunk = readdirSync(`${DIST}/assets`).find((f) => /^render-.*\.js$/.test(f));
    assert.ok(chunk, 'a render-*.js chunk in dist/assets');
    const hostile = [
      '---',
      'title: Hostile',
      'order: 99',
      '---',
      '# Title',
      '',
      'Inline maths $q_i = x_i W_q^\\top$ and a [bad link](javascript:alert(1)).',
      '',
      '$$',
      '\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}',
      '$$',
      '',
      '<script>window.__pwned = 1</script>',
      '',
      '<img src="x" onerror="window.__pwned = 2">',
      '',
      '<a href="javascript:window.__pwned=3">click</a>',
      '',
      '<iframe src="https://example.com"></iframe>',
      '',
      '<style>body { display: none }</style>',
      '',
      '<attn-heatmap sentence="robot must" mask="causal" onclick="window.__pwned = 4" id="x" class="y" style="color:red" data-x="1"></attn-heatmap>',
      '',
      '<attn-steps query="1" step="3" onmouseover="window.__pwned = 5" srcdoc="<b>"></attn-steps>',
      '',
      '<svg><script>window.__pwned = 6</script><a href="javascript:1"><text>t</text></a></svg>',
      '',
      '<form action="https://evil.example"><input name="p"></form>',
      '',
      '<p>Plain <strong>HTML</strong> prose stays.</p>',
    ].join('\n');
    const result = await page.evaluate(
      async ([chunk, source]) => {
        const { renderLesson } = await import(`/assets/${chunk}`);
        const { meta, html } = renderLesson(source);
        const template = document.createElement('template');
        template.innerHTML = html;
        const root = template.content;
        const attrs = (el) => (el ? el.getAttributeNames().sort() : null);
        return {
          meta,
          html,
          scripts: root.querySelectorAll('script').length,
          iframes: root.querySelectorAll('iframe').length,
          styles: root.querySelectorAll('style').length,
          forms: root.querySelectorAll('form, input').length,
          handlers: [...root.querySelectorAll('*')].flatMap((el) =>
            el.getAttributeNames().filter((n) => n.startsWith('on')),
          ),
          jsLinks: [...root.querySelectorAll('[href]')]
            .map((a) => a.getAttribute('href'))
            .filter((h) => /^\s*javascript:/i.test(h)),
          heatmap: attrs(root.querySelector('attn-heatmap')),
          heatmapMask: root.querySelector('attn-heatmap')?.getAttribute('mask'),
          steps: attrs(root.querySelector('attn-steps')),
          katex: root.querySelectorAll('.katex').length,
          display: root.querySelectorAll('.katex-display').length,
          strong: root.querySelector('strong')?.textContent,
          h1: root.querySelector('h1')?.textContent,
        };
      },
      [chunk, hostile],
    );
    assert.deepEqual(result.meta, { title: 'Hostile', order: 99 });
    assert.equal(result.scripts, 0);
    assert.equal(result.iframes, 0);
    assert.equal(result.styles, 0);
    assert.equal(result.forms, 0);
    assert.deepEqual(result.handlers, []);
    assert.deepEqual(result.jsLinks, []);
    assert.deepEqual(result.heatmap, ['mask', 'sentence']);
    assert.equal(result.heatmapMask, 'causal');
    assert.deepEqual(result.steps, ['query', 'step']);
    assert.ok(result.katex >= 2, 'inline and display maths rendered by KaTeX');
    assert.equal(result.display, 1);
    assert.equal(result.strong, 'HTML');
    assert.equal(result.h1, 'Title');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await page.context().close();
  });

  test('the allow-list matches the attributes each widget observes', async () => {
    const page = await newPage(lab.browser);
    await page.goto(`${lab.url}#/en`);
    const chunk = readdirSync(`${DIST}/assets`).find((f) => /^render-.*\.js$/.test(f));
    const { allowed, observed } = await page.evaluate(async (chunk) => {
      const { WIDGET_ATTRIBUTES } = await import(`/assets/${chunk}`);
      const observed = {};
      for (const tag of Object.keys(WIDGET_ATTRIBUTES)) {
        observed[tag] = [...customElements.get(tag).observedAttributes].sort();
      }
      return { allowed: WIDGET_ATTRIBUTES, observed };
    }, chunk);
    for (const [tag, list] of Object.entries(allowed)) {
      // `lang` is a global attribute the widgets read from the DOM rather than observe.
      assert.deepEqual(
        list.filter((a) => a !== 'lang').sort(),
        observed[tag],
        `${tag}: allow-list vs observedAttributes`,
      );
    }
    await page.context().close();
  });
});
