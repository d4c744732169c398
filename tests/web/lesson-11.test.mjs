// Lesson 11, "Training a Transformer", and its widget <attn-train>: both languages open with every
// widget ready (each has created its run in its own worker); training draws the curves and the
// attention map; the losses are the core's own (the same as the facade's in Node, step for step);
// pause, resume, Step once and Reset do exactly that; the page answers clicks while the model
// trains; the reverse task reaches 99% exact match and its cross-attention is an anti-diagonal;
// the mask leak and the divergence behave as the lesson says; bad attributes, refused settings
// and a corrupt checkpoint keep the last good state with a message; settings are written back to
// attributes; 400 px. Screenshots in tests/web/screenshots/ (look at them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { loadTrainer } from '../../wasm/js/train.js';
import { SCREENSHOTS, newPage, openLab, widgetsReady } from './harness.mjs';

let lab;
let page;

before(async () => {
  lab = await openLab();
  page = await newPage(lab.browser);
});

after(async () => {
  await lab?.close();
});

/** The sticky sentence box would cover the top of an element screenshot. */
async function unstick(p = page) {
  await p.addStyleTag({ content: '.sentence-box { position: static !important; }' });
}

async function openLesson(lang, p = page) {
  await p.goto(`${lab.url}#/${lang}/training`);
  await p.locator('article[data-lesson="training"]:not([aria-busy])').waitFor();
  await widgetsReady(p, 60000);
  await unstick(p);
}

/** What training widget `index` shows (exact numbers from data-* attributes). */
function readTrain(index, p = page) {
  return p.evaluate((index) => {
    const el = document.querySelectorAll('attn-train')[index];
    const root = el?.shadowRoot;
    if (!root) return null;
    const s = root.querySelector('.status')?.dataset ?? {};
    const num = (x) => (x === undefined || x === '' ? null : Number(x));
    const maps = root.querySelector('.maps')?.dataset ?? {};
    return {
      status: root.querySelector('.root')?.dataset.status,
      step: num(s.step),
      steps: num(s.steps),
      loss: num(s.loss),
      points: num(s.points),
      running: s.running === 'true',
      rate: num(s.rate),
      evalStep: num(s.evalStep),
      tokenAccuracy: num(s.tokenAccuracy),
      exactAccuracy: num(s.exactAccuracy),
      diverged: s.diverged === 'true',
      done: s.done === 'true',
      message: root.querySelector('.message .text')?.textContent.trim() ?? null,
      kept: Boolean(root.querySelector('.message .kept')),
      divergedText:
        root.querySelector('.diverged')?.textContent.replace(/\s+/g, ' ').trim() ?? null,
      actionError: root.querySelector('.action-error')?.textContent.trim() ?? null,
      notice: root.querySelector('.notice')?.textContent.trim() ?? null,
      trainDisabled: root.querySelector('.train-button')?.getAttribute('aria-disabled') === 'true',
      mapKind: maps.kind ?? null,
      mapStep: num(maps.step),
      mapCells: root.querySelectorAll('.maps .cell').length,
      heads: root.querySelectorAll('.head-map').length,
      predictions: root.querySelectorAll('.pred').length,
      canvases: root.querySelectorAll('.plot canvas').length,
      ownOutput: root.querySelector('.own-output')?.dataset.output?.split('\u0001') ?? null,
      ownError: root.querySelector('.own-error')?.textContent.trim() ?? null,
    };
  }, index);
}

/** Polls widget `index` until `predicate(state)` holds; returns that state. */
async function waitTrain(index, predicate, { timeout = 30000, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let state;
  for (;;) {
    state = await readTrain(index);
    if (state && predicate(state)) return state;
    if (Date.now() > end) {
      assert.fail(
        `widget ${index}: timed out waiting for ${what}; last state ${JSON.stringify(state)}`,
      );
    }
    await page.waitForTimeout(100);
  }
}

const widget = (index) => page.locator('attn-train').nth(index);

async function setSpeed(index, value) {
  await widget(index).locator('select[name="pace"]').selectOption(String(value));
}

async function train(index) {
  await widget(index).locator('button.train-button').click();
  await waitTrain(index, (s) => s.running || s.done || s.diverged, { what: 'training to start' });
}

async function pause(index) {
  const button = widget(index).locator('button.pause');
  if (await button.count()) await button.click();
  await waitTrain(index, (s) => !s.running, { what: 'the pause' });
}

async function reset(index) {
  await widget(index).locator('button.reset').click();
  await waitTrain(index, (s) => s.step === 0 && s.points === 0 && s.evalStep === 0, {
    what: 'the reset',
  });
}

/** Sets attributes on widget `index`, as a teacher's script or the lesson's Markdown would. */
function setAttrs(index, attrs) {
  return page.evaluate(
    ([index, attrs]) => {
      const el = document.querySelectorAll('attn-train')[index];
      for (const [name, value] of Object.entries(attrs)) {
        if (value === null) el.removeAttribute(name);
        else el.setAttribute(name, value);
      }
    },
    [index, attrs],
  );
}

describe('lesson 11: training a Transformer', { timeout: 900000 }, () => {
  test('opens in both languages with every run ready; training draws curves and the map', async () => {
    for (const lang of ['en', 'zh-CN']) {
      await openLesson(lang);
      const count = await page.locator('attn-train').count();
      assert.equal(count, 5, `${lang}: 5 training widgets`);
      for (let i = 0; i < count; i++) {
        const s = await readTrain(i);
        assert.equal(s.status, 'ready', `${lang} widget ${i}: ${JSON.stringify(s)}`);
        assert.equal(s.step, 0);
        // The untrained model is evaluated at once: its scores and map are on screen.
        assert.equal(s.evalStep, 0);
        assert.ok(s.tokenAccuracy >= 0 && s.tokenAccuracy < 0.5, `untrained: ${s.tokenAccuracy}`);
        assert.ok(s.mapCells > 0 && s.predictions > 0);
      }
      assert.ok((await page.locator('.lesson-body .katex').count()) > 10, 'maths rendered');
      assert.deepEqual(page.errors, []);

      // The lesson's first widget: reverse, 10 steps per second. Screenshot mid-training.
      const first = await readTrain(0);
      assert.equal(first.mapKind, 'cross');
      assert.equal(first.heads, 4);
      assert.equal(
        first.mapCells,
        4 * 9 * 8,
        'cross-attention: 9 decoder inputs x 8 digits, 4 heads',
      );
      await train(0);
      const mid = await waitTrain(0, (s) => s.step >= 45 && s.evalStep >= 40, {
        what: 'step 45',
      });
      assert.ok(mid.running && mid.points === mid.step && mid.canvases >= 2);
      assert.ok(mid.loss > 0 && mid.loss < 2.8, `the loss fell: ${mid.loss}`);
      assert.ok(mid.rate > 5, `steps per second: ${mid.rate}`);
      await widget(0).screenshot({ path: `${SCREENSHOTS}lesson-11-${lang}-training.png` });
      await pause(0);
      await page.screenshot({ path: `${SCREENSHOTS}lesson-11-${lang}.png`, fullPage: true });
      assert.deepEqual(page.errors, []);
    }
  });

  test('the curve is the core’s own: the same losses as the facade in Node, step for step', async () => {
    const log = await widget(0).evaluate((el) => ({ ...el.trainingLog, options: el.state }));
    assert.ok(log.steps.length >= 45);
    assert.deepEqual(
      log.steps,
      Array.from({ length: log.steps.length }, (_, i) => i + 1),
    );
    const variant = (await widget(0).locator('.facts').textContent()).includes('SIMD')
      ? 'simd'
      : 'scalar';
    const trainer = await loadTrainer({ variant });
    const { step, kind, layer, head, example, ...options } = log.options;
    const run = trainer.createRun(options);
    const ours = run.train(log.steps.length).loss;
    run.dispose();
    for (let i = 0; i < ours.length; i++) {
      const tol = 1e-5 * Math.max(1, Math.abs(ours[i]));
      assert.ok(
        Math.abs(ours[i] - log.loss[i]) <= tol,
        `step ${i + 1}: ${log.loss[i]} vs ${ours[i]}`,
      );
    }
    // Held-out scores at every evaluation (every 10 steps here), from step 0 on.
    assert.deepEqual(
      log.evaluations.slice(0, 4).map((e) => e.step),
      [0, 10, 20, 30],
    );
  });

  test('pause stops the steps, resume continues, Step once adds exactly one, Reset goes to 0', async () => {
    await openLesson('en');
    await setSpeed(0, 30);
    await train(0);
    await waitTrain(0, (s) => s.step >= 10, { what: 'step 10' });
    await pause(0);
    const paused = await readTrain(0);
    await page.waitForTimeout(1200);
    const later = await readTrain(0);
    assert.equal(later.step, paused.step, 'no step after Pause');
    assert.equal(later.running, false);
    // Paused: the scores and the map show the model as it is now.
    await waitTrain(0, (s) => s.evalStep === paused.step && s.mapStep === paused.step, {
      what: 'the evaluation at the pause',
    });

    await widget(0).locator('button.train-button').click(); // Resume
    await waitTrain(0, (s) => s.step >= paused.step + 5, { what: 'resumed training' });
    await pause(0);

    const before = (await readTrain(0)).step;
    await widget(0).locator('button.step-once').click();
    const once = await waitTrain(0, (s) => s.step === before + 1 && s.evalStep === before + 1, {
      what: 'one more step',
    });
    await page.waitForTimeout(600);
    assert.equal((await readTrain(0)).step, before + 1, 'exactly one step');
    assert.equal(once.points, before + 1);

    await reset(0);
    const fresh = await readTrain(0);
    assert.equal(fresh.loss, null);
    assert.equal(fresh.running, false);
    assert.deepEqual(page.errors, []);
  });

  test('the page answers clicks while the model trains at full speed', async () => {
    await setSpeed(0, 0);
    await setAttrs(0, { steps: '3000' });
    await waitTrain(0, (s) => s.steps === 3000 && s.step === 0, { what: 'the new run' });
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    await train(0);
    await waitTrain(0, (s) => s.step >= 100, { what: 'step 100' });
    const latencies = [];
    for (let k = 0; k < 5; k++) {
      // From a click on the widget's own control to its re-rendered answer on screen.
      latencies.push(
        await widget(0).evaluate(async (el) => {
          const root = el.shadowRoot;
          const before = Number(root.querySelector('.example-number').textContent);
          const button = root.querySelector(before < 3 ? '.next-example' : '.prev-example');
          const target = before < 3 ? before + 1 : before - 1;
          const t0 = performance.now();
          button.click();
          for (;;) {
            await new Promise(requestAnimationFrame);
            if (Number(root.querySelector('.example-number').textContent) === target) break;
          }
          return performance.now() - t0;
        }),
      );
      await page.waitForTimeout(150);
    }
    const during = await readTrain(0);
    assert.ok(during.running, 'still training');
    const longest = Math.max(...latencies);
    assert.ok(
      longest < 200,
      `click -> answer: ${latencies.map((x) => x.toFixed(0)).join(', ')} ms`,
    );
    const longTasks = await page.evaluate(() => window.__longTasks);
    assert.ok(
      longTasks.every((d) => d < 200),
      `main-thread tasks over 200 ms while training: ${longTasks}`,
    );
    await pause(0);
  });

  test('reverse: 99% exact match on 500 held-out sequences in under a minute; an anti-diagonal', async () => {
    await setAttrs(0, { steps: '300', example: null, pace: '10' });
    await waitTrain(0, (s) => s.steps === 300 && s.step === 0, { what: 'the lesson’s run' });
    const start = Date.now();
    await train(0); // the lesson's own settings: 10 steps per second
    const good = await waitTrain(0, (s) => s.exactAccuracy >= 0.99, {
      timeout: 60000,
      what: '99% exact match',
    });
    const seconds = (Date.now() - start) / 1000;
    assert.ok(seconds < 60, `${seconds} s`);
    await pause(0);
    // Cross-attention of the last layer, held-out example 1: row t looks at source digit n - t.
    const maps = await widget(0).evaluate((el) => {
      const root = el.shadowRoot;
      return [...root.querySelectorAll('.head-map')].map((fig) => {
        const cells = [...fig.querySelectorAll('.cell')];
        const rows = {};
        for (const c of cells) {
          const i = Number(c.dataset.row);
          const v = Number(c.dataset.value);
          if (!rows[i] || v > rows[i].v) rows[i] = { j: Number(c.dataset.col), v };
        }
        return Object.keys(rows)
          .sort((a, b) => a - b)
          .map((i) => rows[i].j);
      });
    });
    const antiDiagonal = maps.filter((argmax) => argmax.slice(0, 8).every((j, i) => j === 7 - i));
    assert.ok(antiDiagonal.length >= 2, `argmax per row, per head: ${JSON.stringify(maps)}`);

    // Try your own digits.
    await widget(0).locator('input.own-input').fill('12345678');
    await widget(0).locator('form.own button[type="submit"]').click();
    const own = await waitTrain(0, (s) => s.ownOutput !== null, { what: 'the prediction' });
    assert.deepEqual(own.ownOutput, ['8', '7', '6', '5', '4', '3', '2', '1', '<end>']);
    await widget(0).locator('input.own-input').fill('12a');
    await widget(0).locator('form.own button[type="submit"]').click();
    const bad = await waitTrain(0, (s) => s.ownError !== null, { what: 'the core’s message' });
    assert.match(bad.ownError, /'a' is not in this task's vocabulary/);
    assert.ok(good.step <= 300);
    await widget(0).screenshot({ path: `${SCREENSHOTS}lesson-11-en-trained.png` });
  });

  test('mask leak: without the causal mask the loss collapses and greedy decoding fails', async () => {
    await train(2);
    await train(3);
    const leak = await waitTrain(2, (s) => s.done && !s.running && s.evalStep === 400, {
      timeout: 120000,
      what: 'the leaking run to finish',
    });
    const masked = await waitTrain(3, (s) => s.done && !s.running && s.evalStep === 400, {
      timeout: 120000,
      what: 'the masked run to finish',
    });
    assert.ok(leak.loss < 0.01, `leaking loss ${leak.loss}`);
    assert.ok(leak.loss < masked.loss, `leak ${leak.loss} < masked ${masked.loss}`);
    assert.ok(leak.exactAccuracy < 0.1, `leaking exact ${leak.exactAccuracy}`);
    assert.ok(masked.exactAccuracy > 0.8, `masked exact ${masked.exactAccuracy}`);
    assert.ok(leak.trainDisabled, 'Train is off once the steps are done');
    await widget(2).screenshot({ path: `${SCREENSHOTS}lesson-11-en-leak.png` });
  });

  test('a learning rate of 10 diverges: the run stops with a clear message and keeps working', async () => {
    await widget(4).scrollIntoViewIfNeeded();
    await train(4);
    const s = await waitTrain(4, (s) => s.diverged && !s.running, { what: 'the divergence' });
    assert.match(s.divergedText, /Training diverged and has stopped/);
    assert.match(s.divergedText, /the loss exploded/);
    assert.ok(s.trainDisabled, 'Train is off until Reset');
    assert.equal(s.step, 0, 'the weights from before the bad update are kept');
    assert.equal(s.status, 'ready');
    await widget(4).screenshot({ path: `${SCREENSHOTS}lesson-11-en-diverged.png` });
    // Step once does nothing while diverged; Reset clears it; a good learning rate learns.
    await widget(4).locator('button.step-once').click({ force: true });
    await page.waitForTimeout(300);
    assert.equal((await readTrain(4)).step, 0);
    await reset(4);
    assert.equal((await readTrain(4)).diverged, false);
    await setAttrs(4, { lr: '0.002' });
    await waitTrain(4, (s) => s.step === 0 && !s.trainDisabled, { what: 'the new run' });
    await train(4);
    await waitTrain(4, (s) => s.step >= 20, { what: 'training' });
    await pause(4);
    assert.deepEqual(page.errors, []);
  });

  test('bad attributes and refused settings keep the last good state with a message', async () => {
    await train(1);
    await waitTrain(1, (s) => s.step >= 20, { what: 'step 20' });
    await pause(1);
    const good = await readTrain(1);

    await setAttrs(1, { lr: 'fast' });
    let s = await waitTrain(1, (s) => s.message !== null, { what: 'the message' });
    assert.match(s.message, /lr “fast” is not a number: allowed 0 < value ≤ 10/);
    assert.ok(s.kept, 'says the last good result stays');
    assert.equal(s.status, 'error');
    assert.equal(s.step, good.step, 'the run is kept');
    assert.equal(s.points, good.points);

    await setAttrs(1, { lr: null, heads: '5' });
    s = await waitTrain(1, (s) => /heads 5/.test(s.message ?? ''), { what: 'the heads message' });
    assert.match(s.message, /heads 5 does not divide d-model 64: allowed 1, 2, 4, 8, 16, 32, 64/);

    // A value only the core can judge: its message, wrapped in a translated sentence.
    await setAttrs(1, { heads: null, warmup: '500' });
    s = await waitTrain(1, (s) => /warm-up/.test(s.message ?? ''), { what: 'the core’s message' });
    assert.match(
      s.message,
      /^These settings cannot be trained: .*warm-up steps 500 is out of range/,
    );
    assert.equal(s.step, good.step);

    // Back to good values: the message goes and the same run is still there.
    await setAttrs(1, { warmup: null });
    s = await waitTrain(1, (s) => s.message === null && s.status === 'ready', { what: 'recovery' });
    assert.equal(s.step, good.step);
    await train(1);
    await waitTrain(1, (s) => s.step > good.step, { what: 'training after the errors' });
    await pause(1);
    assert.deepEqual(page.errors, []);
  });

  test('checkpoints: save, reset, load; a corrupt or foreign file changes nothing', async () => {
    await reset(4);
    await widget(4).locator('button.step-once').click();
    await waitTrain(4, (s) => s.step === 1 && s.evalStep === 1, { what: 'step 1' });
    await widget(4).locator('button.step-once').click();
    const two = await waitTrain(4, (s) => s.step === 2 && s.evalStep === 2, { what: 'step 2' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      widget(4).locator('button.save').click(),
    ]);
    assert.match(download.suggestedFilename(), /^attention-lab-reverse-step2\.json$/);
    const file = await download.path();
    const text = readFileSync(file, 'utf8');
    assert.match(text, /attention-lab\/checkpoint/);

    await reset(4);
    const checkpoint = {
      name: download.suggestedFilename(),
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    };
    await widget(4).locator('input.load-file').setInputFiles(checkpoint);
    const loaded = await waitTrain(4, (s) => s.step === 2 && s.evalStep === 2, {
      what: 'the loaded checkpoint',
    });
    assert.equal(loaded.tokenAccuracy, two.tokenAccuracy, 'same weights, same held-out score');
    assert.match(loaded.notice, /Loaded attention-lab-reverse-step2\.json/);

    await widget(4)
      .locator('input.load-file')
      .setInputFiles({
        name: 'broken.json',
        mimeType: 'application/json',
        buffer: Buffer.from(text.slice(0, 1000)),
      });
    let s = await waitTrain(4, (s) => s.actionError !== null, { what: 'the corrupt-file message' });
    assert.match(s.actionError, /Could not load broken\.json: checkpoint is not valid JSON/);
    assert.match(s.actionError, /Nothing was changed/);
    assert.equal(s.step, 2);
    assert.equal(s.status, 'ready');

    // A checkpoint of another model shape (the decoder-only widget) is refused, with the reason.
    await widget(2).locator('input.load-file').setInputFiles(checkpoint);
    s = await waitTrain(2, (s) => s.actionError !== null, { what: 'the shape message' });
    assert.match(s.actionError, /does not match this run's/);
    assert.equal(s.step, 400, 'the leaking run is untouched');
    assert.deepEqual(page.errors, []);
  });

  test('settings are written back to attributes (the permalink) and start a new run', async () => {
    await page.evaluate(() => {
      window.__changes = [];
      document.querySelectorAll('attn-train')[4].addEventListener('attn-change', (e) =>
        window.__changes.push({
          name: e.detail.name,
          value: e.detail.value,
          task: e.detail.state.task,
        }),
      );
    });
    await widget(4).locator('select[name="task"]').selectOption('copy');
    await page.waitForFunction(() => window.__changes.length > 0);
    assert.deepEqual(await page.evaluate(() => window.__changes[0]), {
      name: 'task',
      value: 'copy',
      task: 'copy',
    });
    assert.equal(await widget(4).getAttribute('task'), 'copy');
    const s = await waitTrain(4, (s) => s.step === 0 && s.evalStep === 0, { what: 'the copy run' });
    assert.equal(s.mapKind, 'cross');
    await widget(4).locator('input[name="lr"]').fill('0.003');
    await widget(4).locator('input[name="lr"]').press('Tab');
    await page.waitForFunction(
      () => document.querySelectorAll('attn-train')[4].getAttribute('lr') === '0.003',
    );
    const attrs = await widget(4).evaluate((el) =>
      Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
    );
    assert.equal(attrs.task, 'copy');
    assert.equal(attrs.lr, '0.003');
    assert.deepEqual(page.errors, []);
  });

  test('400 px: the widget fits the page and stays usable; screenshots', async () => {
    for (const lang of ['en', 'zh-CN']) {
      const phone = await newPage(lab.browser, { viewport: { width: 400, height: 860 } });
      await openLesson(lang, phone);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 400, `${lang}: page width ${width}`);
      const first = phone.locator('attn-train').first();
      await first.locator('select[name="pace"]').selectOption('30');
      await first.locator('button.train-button').click();
      await phone.waitForFunction(
        () =>
          Number(
            document.querySelector('attn-train').shadowRoot.querySelector('.status').dataset.step,
          ) >= 60,
        null,
        { timeout: 30000 },
      );
      await first.locator('button.pause').click();
      const box = await first.boundingBox();
      assert.ok(box.width <= 400 && box.x >= 0, `${lang}: widget box ${JSON.stringify(box)}`);
      // The widget is tall on a phone: its top (controls, curves) and its map.
      await first.locator('.toolbar').scrollIntoViewIfNeeded();
      await phone.screenshot({ path: `${SCREENSHOTS}lesson-11-${lang}-400-top.png` });
      await first.locator('.map-panel').scrollIntoViewIfNeeded();
      await phone.screenshot({ path: `${SCREENSHOTS}lesson-11-${lang}-400-map.png` });
      assert.equal(
        await phone.evaluate(() => document.documentElement.scrollWidth),
        400,
        `${lang}: no horizontal overflow after training`,
      );
      assert.deepEqual(phone.errors, []);
      await phone.context().close();
    }
  });
});
