// Lesson 2, "Attention pooling", and its widget <attn-pooling>: both languages open with every
// widget ready; dragging the query (pointer and keyboard) shows the core's weights and prediction
// for it; Train runs Adam and the loss falls while w grows, with the core's own numbers, and a
// permalink with steps="50" shows the same state; bad attributes keep the last good picture; the
// page fits a 400px phone. Screenshots in tests/web/screenshots/ (look at them).
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

/** Element screenshots: the page's sticky sentence box would cover the top of the widget. */
async function unstick(p) {
  await p.addStyleTag({ content: '.sentence-box { position: static !important; }' });
}

async function ready(p = page) {
  await p.waitForFunction(
    () => {
      const widgets = [...document.querySelectorAll('attn-pooling')];
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

async function open(lang, p = page) {
  await p.goto(`${lab.url}#/${lang}/attention-pooling`);
  await p.locator('article[data-lesson="attention-pooling"]:not([aria-busy])').waitFor();
  await ready(p);
}

/** What a pooling widget shows, from its data-* attributes. */
function read(index) {
  return page.evaluate((index) => {
    const root = document.querySelectorAll('attn-pooling')[index]?.shadowRoot;
    if (!root) return null;
    const section = root.querySelector('section');
    const num = (key) => Number(section?.dataset[key]);
    const canvas = root.querySelector('.heat-canvas');
    const chart = (cls) => root.querySelector(`svg.chart.${cls}`)?.dataset;
    return {
      status: root.querySelector('.root')?.dataset.status,
      query: num('query'),
      w: num('w'),
      w0: num('w0'),
      steps: num('steps'),
      loss: num('loss'),
      prediction: num('prediction'),
      weights: JSON.parse(root.querySelector('.weights')?.dataset.values ?? 'null'),
      xs: JSON.parse(root.querySelector('.points')?.dataset.x ?? 'null'),
      heat: canvas && { rows: Number(canvas.dataset.rows), cols: Number(canvas.dataset.cols) },
      lossChart: chart('loss') && {
        points: Number(chart('loss').points),
        first: Number(chart('loss').first),
        last: Number(chart('loss').last),
      },
      message: root.querySelector('.message .text')?.textContent.trim() ?? null,
      trainLabel: root.querySelector('.train .go')?.textContent.trim() ?? null,
    };
  }, index);
}

/** The page's own core on the same options (the widget must show exactly these numbers). */
function core(method, options) {
  return page.evaluate(
    async ([method, options]) => {
      const lab = await globalThis[Symbol.for('attention-lab.core')];
      const r = lab[method](options);
      const plain = {};
      for (const [k, v] of Object.entries(r)) {
        if (v?.data) plain[k] = Array.from(v.data);
        else if (ArrayBuffer.isView(v)) plain[k] = Array.from(v);
        else if (typeof v !== 'object') plain[k] = v;
      }
      return plain;
    },
    [method, options],
  );
}

async function indexOf(selector) {
  const index = await page.evaluate(
    (s) => [...document.querySelectorAll('attn-pooling')].indexOf(document.querySelector(s)),
    selector,
  );
  assert.ok(index >= 0, `the lesson has ${selector}`);
  return index;
}

/** Waits until the widget's data-<key> lies in [lo, hi] (the page's CSP forbids eval). */
async function waitFor(index, key, lo, hi = lo) {
  await page.waitForFunction(
    ([index, key, lo, hi]) => {
      const v = Number(
        document.querySelectorAll('attn-pooling')[index]?.shadowRoot?.querySelector('section')
          ?.dataset[key],
      );
      return v >= lo && v <= hi;
    },
    [index, key, lo, hi],
    { timeout: 15000 },
  );
}

function close(a, b, tolerance, what) {
  assert.ok(Math.abs(a - b) <= tolerance, `${what}: ${a} vs ${b}`);
}

describe('lesson 2: attention pooling', { timeout: 180000 }, () => {
  test('opens in both languages with every widget ready; screenshots', async () => {
    for (const lang of ['en', 'zh-CN']) {
      await open(lang);
      const statuses = await page.evaluate(() =>
        [...document.querySelectorAll('attn-pooling')].map(
          (w) => w.shadowRoot.querySelector('.root').dataset.status,
        ),
      );
      assert.equal(statuses.length, 4, `${lang}: ${statuses}`);
      assert.ok(
        statuses.every((s) => s === 'ready'),
        `${lang}: ${statuses}`,
      );
      assert.ok((await page.locator('.lesson-body .katex').count()) > 10);
      assert.equal(await page.locator('.lesson-body .katex-error').count(), 0);
      const title = await page.locator('h1').textContent();
      assert.match(title, lang === 'en' ? /Attention pooling/ : /注意力汇聚/);
      // The widget speaks the page's language.
      const help = await page
        .locator('attn-pooling')
        .first()
        .evaluate((w) => w.shadowRoot.querySelector('.heat-panel h3').textContent);
      assert.match(help, lang === 'en' ? /Every query/ : /所有查询/);
      await page.screenshot({
        path: `${SCREENSHOTS}attention-pooling-${lang}.png`,
        fullPage: true,
      });
      await unstick(page);
      // The width widget at w = 8, with the maths open.
      const controlled = page.locator('attn-pooling[controls]:not([train])');
      await controlled.evaluate((el) => el.setAttribute('w', '8'));
      await controlled.locator('details.maths summary').click();
      for (const [i, name] of [
        [0, 'average'],
        [1, 'gaussian'],
        [2, 'width-8'],
        [3, 'train'],
      ]) {
        await page
          .locator('attn-pooling')
          .nth(i)
          .screenshot({ path: `${SCREENSHOTS}attention-pooling-${name}-${lang}.png` });
      }
    }
    assert.deepEqual(page.errors, []);
  });

  test('w = 0 averages: every weight is 1/n and the prediction is the mean of y', async () => {
    await open('en');
    const index = await indexOf('attn-pooling[w="0"]');
    const shown = await read(index);
    assert.equal(shown.w, 0);
    assert.equal(shown.weights.length, 50);
    for (const a of shown.weights) close(a, 1 / 50, 1e-7, 'weight');
    const data = await core('attentionPooling', { w: 0, queries: [2.5] });
    const mean = data.y.reduce((a, b) => a + b, 0) / 50;
    close(shown.prediction, mean, 1e-5, 'prediction');
    assert.deepEqual(shown.heat, { rows: 101, cols: 50 });
  });

  test('dragging the query shows the core’s weights and prediction for it', async () => {
    await open('en');
    const index = await indexOf('attn-pooling:not([w]):not([controls]):not([train])');
    const widget = page.locator('attn-pooling').nth(index);
    await widget.scrollIntoViewIfNeeded();
    await widget.evaluate((el) => {
      window.__changes = [];
      el.addEventListener('attn-change', (e) => window.__changes.push(e.detail));
    });
    const before = await read(index);
    assert.equal(before.query, 2.5);
    // The plot's geometry: x = 0 at pad.left (34), x = 5 at width - 10, in viewBox units.
    const box = await widget.evaluate((el) => {
      const svg = el.shadowRoot.querySelector('svg.plot');
      const r = svg.getBoundingClientRect();
      return {
        left: r.left,
        top: r.top,
        width: r.width,
        height: r.height,
        vb: { width: svg.viewBox.baseVal.width },
      };
    });
    const scale = box.width / box.vb.width;
    const at = (x) => box.left + (34 + (x / 5) * (box.vb.width - 44)) * scale;
    const y = box.top + box.height * 0.4;
    await page.mouse.move(at(2.5), y);
    await page.mouse.down();
    for (const x of [2.2, 1.8, 1.4, 1.2]) await page.mouse.move(at(x), y, { steps: 3 });
    await page.mouse.up();
    await waitFor(index, 'query', 1.17, 1.23);
    const shown = await read(index);
    const changes = await page.evaluate(() => window.__changes);
    assert.ok(changes.length >= 1, 'attn-change after the drag');
    assert.equal(changes.at(-1).name, 'query');
    close(changes.at(-1).state.query, shown.query, 1e-9, 'state.query');
    assert.equal(await widget.getAttribute('query'), String(shown.query));

    // Exactly the core's numbers for this query at w = 1.
    const ref = await core('attentionPooling', { w: 1, queries: [shown.query] });
    assert.deepEqual(shown.xs, ref.x);
    assert.equal(shown.weights.length, 50);
    for (let i = 0; i < 50; i++) close(shown.weights[i], ref.weights[i], 1e-7, `weight ${i}`);
    close(shown.prediction, ref.predictions[0], 1e-6, 'prediction');
    close(
      shown.weights.reduce((a, b) => a + b, 0),
      1,
      1e-5,
      'weights sum',
    );
    // The largest weight sits on the key nearest the query.
    const nearest = ref.x.reduce(
      (best, x, i) => (Math.abs(x - shown.query) < Math.abs(ref.x[best] - shown.query) ? i : best),
      0,
    );
    const heaviest = shown.weights.indexOf(Math.max(...shown.weights));
    assert.equal(heaviest, nearest);

    // Keyboard: the handle is a slider; → adds 0.1, End jumps to 5.
    await widget.locator('.handle').focus();
    await page.keyboard.press('ArrowRight');
    await waitFor(index, 'query', shown.query + 0.099, shown.query + 0.101);
    await page.keyboard.press('End');
    await waitFor(index, 'query', 5);
    assert.equal(await widget.locator('.handle').getAttribute('aria-valuenow'), '5');
    // Clicking a heatmap row moves the query to that row's x.
    const heat = widget.locator('.heat-box');
    const hb = await heat.boundingBox();
    await heat.click({ position: { x: hb.width / 2, y: hb.height * (20.5 / 101) } });
    await waitFor(index, 'query', 1);
    assert.deepEqual(page.errors, []);
  });

  test('Train runs Adam: the loss falls and w grows, with the core’s numbers', async () => {
    await open('en');
    const index = await indexOf('attn-pooling[train]');
    const widget = page.locator('attn-pooling').nth(index);
    await widget.scrollIntoViewIfNeeded();
    const start = await read(index);
    assert.equal(start.steps, 0);
    assert.equal(start.w, 1);
    assert.equal(start.lossChart.points, 1);
    const ref = await core('trainPooling', { steps: 100, lr: 0.2 });
    close(start.loss, ref.initialLoss, 1e-7, 'initial loss');
    await widget.evaluate((el) => {
      window.__changes = [];
      el.addEventListener('attn-change', (e) => window.__changes.push(e.detail));
    });
    await widget.locator('.train .go').click();
    // While it trains, the button offers Pause and the steps climb frame by frame.
    await waitFor(index, 'steps', 1, 49);
    await waitFor(index, 'steps', 50);
    await page.waitForFunction(() => window.__changes.length > 0);
    let shown = await read(index);
    assert.match(shown.trainLabel, /Train 50 steps/);
    close(shown.w, ref.w[49], 1e-6, 'w after 50 steps');
    close(shown.loss, ref.loss[49], 1e-7, 'loss after 50 steps');
    assert.ok(shown.w > 3, `w grew: ${shown.w}`);
    assert.ok(shown.loss < 0.7 * start.loss, `loss fell: ${start.loss} -> ${shown.loss}`);
    assert.equal(shown.lossChart.points, 51);
    close(shown.lossChart.first, start.loss, 1e-7, 'chart starts at the initial loss');
    close(shown.lossChart.last, shown.loss, 1e-7, 'chart ends at the current loss');
    // The weights of the dragged query now come from the trained w.
    const at = await core('attentionPooling', { w: shown.w, queries: [shown.query] });
    close(shown.prediction, at.predictions[0], 1e-6, 'prediction at the trained w');
    const changes = await page.evaluate(() => window.__changes);
    assert.deepEqual(
      changes.map((c) => [c.name, c.value]),
      [['steps', 50]],
    );
    assert.equal(await widget.getAttribute('steps'), '50');

    // A second click continues the same run: 100 steps equal one 100-step call.
    await widget.locator('.train .go').click();
    await waitFor(index, 'steps', 100);
    shown = await read(index);
    close(shown.w, ref.w[99], 1e-6, 'w after 100 steps');
    close(shown.loss, ref.loss[99], 1e-7, 'loss after 100 steps');
    await unstick(page);
    await widget.locator('details.maths summary').click();
    await widget.screenshot({ path: `${SCREENSHOTS}attention-pooling-trained-en.png` });

    // Pause stops mid-run; Reset goes back to the untrained width.
    await widget.locator('.train .go').click();
    await waitFor(index, 'steps', 101, 149);
    await widget.locator('.train .go').click();
    const paused = (await read(index)).steps;
    assert.ok(paused > 100 && paused <= 150, `paused at ${paused}`);
    await page.waitForTimeout(200);
    assert.equal((await read(index)).steps, paused, 'paused means paused');
    await widget.locator('.train .reset').click();
    await waitFor(index, 'steps', 0);
    shown = await read(index);
    assert.equal(shown.w, 1);
    assert.equal(await widget.getAttribute('steps'), null);
    assert.deepEqual(page.errors, []);
  });

  test('a permalink with steps="50" shows what 50 steps of training showed', async () => {
    await open('en');
    await page.evaluate(() => {
      const el = document.createElement('attn-pooling');
      el.setAttribute('steps', '50');
      el.setAttribute('query', '3.3');
      el.setAttribute('train', '');
      document.querySelector('article').append(el);
    });
    await ready();
    const index = (await page.locator('attn-pooling').count()) - 1;
    const shown = await read(index);
    const ref = await core('trainPooling', { steps: 50 });
    assert.equal(shown.steps, 50);
    close(shown.w, ref.w[49], 1e-6, 'w');
    close(shown.loss, ref.loss[49], 1e-7, 'loss');
    assert.equal(shown.query, 3.3);
    assert.equal(shown.lossChart.points, 51);
  });

  test('bad attributes show a message and keep the last good picture', async () => {
    await open('en');
    await page.evaluate(() => {
      const el = document.createElement('attn-pooling');
      el.setAttribute('query', '1.5');
      el.setAttribute('w', '3');
      el.setAttribute('train', '');
      document.querySelector('article').append(el);
    });
    await ready();
    const index = (await page.locator('attn-pooling').count()) - 1;
    const el = page.locator('attn-pooling').nth(index);
    const good = await read(index);
    assert.equal(good.status, 'ready');
    const cases = [
      ['w', '1000', [/\bw 1000\b/, /0\.\.100/]],
      ['w', 'wide', [/“wide”/, /0\.\.100/]],
      ['query', '9', [/query 9/, /0\.\.5/]],
      ['points', '1', [/points 1/, /2\.\.200/]],
      ['points', '2.5', [/points/, /2\.5/, /2\.\.200/]],
      ['lr', '0', [/lr 0/, /0 < lr <= 10/]],
      ['steps', '-1', [/steps -1/, /0\.\.5000/]],
      ['noise', '3', [/noise 3/, /0\.\.2/]],
      ['seed', '-4', [/seed -4/, /0\.\.4294967295/]],
    ];
    for (const [name, value, patterns] of cases) {
      await el.evaluate((e, [n, v]) => e.setAttribute(n, v), [name, value]);
      await page.waitForFunction(
        (i) => document.querySelectorAll('attn-pooling')[i].shadowRoot.querySelector('.message'),
        index,
      );
      const shown = await read(index);
      for (const pattern of patterns) assert.match(shown.message, pattern, `${name}=${value}`);
      assert.equal(shown.status, 'error');
      assert.deepEqual(
        shown.weights,
        good.weights,
        `${name}=${value}: the last good picture stays`,
      );
      assert.equal(shown.query, good.query);
      assert.equal(shown.w, good.w);
      // Back to the good value (the element's own one, or none).
      await el.evaluate(
        (e, [n, v]) => (v === null ? e.removeAttribute(n) : e.setAttribute(n, v)),
        [name, { w: '3', query: '1.5' }[name] ?? null],
      );
      await page.waitForFunction(
        (i) => !document.querySelectorAll('attn-pooling')[i].shadowRoot.querySelector('.message'),
        index,
      );
    }
    // Chinese messages name the value and the range too.
    await el.evaluate((e) => {
      e.setAttribute('lang', 'zh-CN');
      e.setAttribute('w', 'abc');
    });
    await page.waitForFunction(
      (i) => document.querySelectorAll('attn-pooling')[i].shadowRoot.querySelector('.message'),
      index,
    );
    assert.match((await read(index)).message, /w“abc”不是一个数.*0\.\.100/);
    assert.deepEqual(page.errors, []);
  });

  test('usable on a 400px phone: nothing pushes the page sideways', async () => {
    const phone = await newPage(lab.browser, { viewport: { width: 400, height: 860 } });
    for (const lang of ['en', 'zh-CN']) {
      await open(lang, phone);
      const overflow = await phone.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 1, `${lang}: the page scrolls sideways by ${overflow}px`);
      const inside = await phone.evaluate(() =>
        [...document.querySelectorAll('attn-pooling')].every(
          (w) => w.shadowRoot.querySelector('.root').scrollWidth <= w.clientWidth + 1,
        ),
      );
      assert.ok(inside, `${lang}: every widget fits its width`);
      await unstick(phone);
      await phone
        .locator('attn-pooling[train]')
        .screenshot({ path: `${SCREENSHOTS}attention-pooling-train-${lang}-phone.png` });
      await phone
        .locator('attn-pooling')
        .nth(1)
        .screenshot({ path: `${SCREENSHOTS}attention-pooling-gaussian-${lang}-phone.png` });
    }
    assert.deepEqual(phone.errors, []);
    await phone.context().close();
  });
});
