// Lesson 5, multi-head attention, as a learner uses it: both languages, the per-head heatmaps
// and the shape tracer on the page's sentence, the heads and d-model pickers, a bad `heads`,
// keyboard access, and a phone. Numbers are read from the widgets' DOM (data-* attributes hold
// the exact floats) and compared with lab.multiHeadAttention run by the page's own core.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SCREENSHOTS, newPage, openLab, typeSentence } from './harness.mjs';

const ID = 'multi-head-attention';
let lab;
let page;

before(async () => {
  lab = await openLab();
  page = await newPage(lab.browser);
});

after(async () => {
  await lab?.close();
});

/** Waits until every heatmap and shape tracer on the page has finished computing. */
async function lessonReady(p = page, timeout = 20000) {
  await p.waitForFunction(
    () => {
      const widgets = [...document.querySelectorAll('attn-heatmap, attn-shapes')];
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

/** Runs lab.multiHeadAttention in the page (the core every widget shares); plain arrays back. */
function coreMha(options) {
  return page.evaluate(async (options) => {
    const lab = await globalThis[Symbol.for('attention-lab.core')];
    const r = lab.multiHeadAttention(options);
    const plain = (t) => ({ shape: t.shape, data: Array.from(t.data) });
    const out = { tokens: r.tokens };
    for (const key of [
      'x',
      'mask',
      'q',
      'k',
      'v',
      'scores',
      'weights',
      'meanWeights',
      'headOutputs',
      'concat',
      'output',
    ])
      out[key] = plain(r[key]);
    return out;
  }, options);
}

/** A heatmap's grids: per panel its head, title and cells; the d_k line; the message. */
function readHeads(selector, index = 0) {
  return page.evaluate(
    ([selector, index]) => {
      const root = document.querySelectorAll(selector)[index]?.shadowRoot;
      if (!root) return null;
      const grids = [...root.querySelectorAll('[role="grid"]')].map((grid) => ({
        head: grid.dataset.head ?? null,
        title: grid.closest('.panel')?.dataset.title ?? null,
        cols: [...grid.querySelectorAll('.col-label')].map((e) => e.dataset.token),
        cells: [...grid.querySelectorAll('.cell')].map((c) => ({
          i: Number(c.dataset.row),
          j: Number(c.dataset.col),
          value: Number(c.dataset.value),
          masked: c.dataset.masked === 'true',
        })),
        sums: [...grid.querySelectorAll('.sum')].map((s) => Number(s.dataset.sum)),
      }));
      const sizes = root.querySelector('.sizes');
      return {
        status: root.querySelector('.root')?.dataset.status,
        grids,
        heads: sizes ? Number(sizes.dataset.heads) : null,
        dK: sizes ? Number(sizes.dataset.dk) : null,
        sizesText: sizes?.textContent.replace(/\s+/g, ' ').trim() ?? null,
        message: root.querySelector('.message .text')?.textContent.trim() ?? null,
      };
    },
    [selector, index],
  );
}

/** A shape tracer: its summary, the shape on every stage tab, the stage shown and its data. */
function readShapes(selector, index = 0) {
  return page.evaluate(
    ([selector, index]) => {
      const root = document.querySelectorAll(selector)[index]?.shadowRoot;
      if (!root) return null;
      const summary = root.querySelector('.summary');
      const detail = root.querySelector('.detail');
      return {
        status: root.querySelector('.root')?.dataset.status,
        n: Number(summary?.dataset.n),
        dModel: Number(summary?.dataset.dModel),
        heads: Number(summary?.dataset.heads),
        dK: Number(summary?.dataset.dk),
        summaryText: summary?.textContent.replace(/\s+/g, ' ').trim(),
        tabShapes: [...root.querySelectorAll('.stage-tab .shape-num')].map((e) => e.dataset.shape),
        tabNames: [...root.querySelectorAll('.stage-tab .stage-name')].map((e) => e.textContent),
        selected: Number(root.querySelector('.stage-tab[aria-selected="true"]')?.dataset.step),
        step: Number(detail?.dataset.step),
        shape: detail?.querySelector('.shape-line .num')?.dataset.shape,
        tensors: [...(detail?.querySelectorAll('.tensor') ?? [])].map((t) => ({
          name: t.dataset.name,
          shape: t.dataset.shape,
          rowLabels: [...t.querySelectorAll('.row-labels .tok')].map((e) => e.textContent),
          blocks: [...t.querySelectorAll('canvas')].map((c) => ({
            head: c.dataset.head ? Number(c.dataset.head) : null,
            rows: Number(c.dataset.rows),
            cols: Number(c.dataset.cols),
            values: c.dataset.values ? JSON.parse(c.dataset.values) : null,
          })),
        })),
        headsChecked: Number(root.querySelector('.heads-picker input:checked')?.value),
        message: root.querySelector('.message .text')?.textContent.trim() ?? null,
      };
    },
    [selector, index],
  );
}

/** Head k's (rows, cols) block of a (heads, rows, cols) tensor from coreMha. */
const headBlock = (tensor, k) => {
  const [, rows, cols] = tensor.shape;
  return tensor.data.slice(k * rows * cols, (k + 1) * rows * cols);
};

/** Head k's columns of an (n, d) tensor, as an (n, d_k) block. */
const columnBlock = (tensor, k, dK) => {
  const [n, d] = tensor.shape;
  const out = [];
  for (let i = 0; i < n; i++) out.push(...tensor.data.slice(i * d + k * dK, i * d + (k + 1) * dK));
  return out;
};

/** The index of the first widget matching `selector` whose attributes are exactly `attrs`. */
function indexOf(tag, attrs) {
  return page.evaluate(
    ([tag, attrs]) =>
      [...document.querySelectorAll(tag)].findIndex((el) => {
        const names = el.getAttributeNames().filter((a) => a !== 'sentence');
        return (
          names.length === Object.keys(attrs).length &&
          Object.entries(attrs).every(([k, v]) => el.getAttribute(k) === v)
        );
      }),
    [tag, attrs],
  );
}

async function checkRendered(lang) {
  await page.locator(`article[data-lesson="${ID}"]:not([aria-busy])`).waitFor();
  await lessonReady();
  const statuses = await page.evaluate(() =>
    [...document.querySelectorAll('attn-heatmap, attn-shapes')].map(
      (w) => `${w.localName}:${w.shadowRoot.querySelector('.root').dataset.status}`,
    ),
  );
  assert.ok(statuses.length >= 8, `${lang}: ${statuses}`);
  assert.ok(
    statuses.every((s) => s.endsWith(':ready')),
    `${lang}: ${statuses}`,
  );
  assert.ok((await page.locator('.lesson-body .katex').count()) > 0);
  assert.equal(await page.locator('.lesson-body .katex-error').count(), 0);
}

describe('lesson 5: multi-head attention', { timeout: 180000 }, () => {
  test('the English lesson renders; every widget reaches ready', async () => {
    await page.goto(`${lab.url}#/en/${ID}`);
    await checkRendered('en');
    assert.match(await page.locator('h1').textContent(), /multi-head attention/i);
    // Predict-then-reveal: the answers are folded away until asked for.
    const details = page.locator('.lesson-body details');
    assert.ok((await details.count()) >= 2);
    assert.equal(await details.first().evaluate((d) => d.open), false);
    await details.first().locator('summary').click();
    assert.equal(await details.first().evaluate((d) => d.open), true);
    await page.screenshot({ path: `${SCREENSHOTS}${ID}-en.png`, fullPage: true });
    assert.deepEqual(page.errors, []);
  });

  test('per-head heatmaps show the core’s weights, scores, mean and causal mask', async () => {
    const sentence = await page.inputValue('#sentence');
    const core = await coreMha({ sentence, dModel: 16, heads: 4, seed: 7 });
    const n = core.tokens.length;

    const four = await readHeads('attn-heatmap', await indexOf('attn-heatmap', { heads: '4' }));
    assert.equal(four.heads, 4);
    assert.equal(four.dK, 4);
    assert.match(four.sizesText, /16 \/ 4 = 4/);
    assert.equal(four.grids.length, 4, 'one grid per head');
    four.grids.forEach((grid, k) => {
      assert.equal(grid.head, String(k + 1));
      assert.equal(grid.title, `head ${k + 1}`);
      assert.deepEqual(grid.cols, core.tokens);
      assert.deepEqual(
        grid.cells.map((c) => c.value),
        headBlock(core.weights, k),
      );
      for (let i = 0; i < n; i++) {
        const sum = grid.cells.filter((c) => c.i === i).reduce((a, c) => a + c.value, 0);
        assert.ok(Math.abs(sum - 1) < 1e-5, `head ${k + 1} row ${i} sums to ${sum}`);
      }
    });
    // The heads differ: each has its own projections.
    assert.notDeepEqual(four.grids[0].cells, four.grids[1].cells);

    const scores = await readHeads(
      'attn-heatmap',
      await indexOf('attn-heatmap', { heads: '4', view: 'scores' }),
    );
    assert.equal(scores.grids.length, 4);
    scores.grids.forEach((grid, k) =>
      assert.deepEqual(
        grid.cells.map((c) => c.value),
        headBlock(core.scores, k),
      ),
    );

    const mean = await readHeads(
      'attn-heatmap',
      await indexOf('attn-heatmap', { heads: '4', head: 'mean', 'show-values': '' }),
    );
    assert.equal(mean.grids.length, 1);
    assert.equal(mean.grids[0].head, 'mean');
    assert.deepEqual(
      mean.grids[0].cells.map((c) => c.value),
      core.meanWeights.data,
    );
    assert.equal(mean.grids[0].sums.length, n, 'one grid: the row sums are shown');

    const causal = await readHeads(
      'attn-heatmap',
      await indexOf('attn-heatmap', { heads: '4', mask: 'causal' }),
    );
    const coreCausal = await coreMha({ sentence, dModel: 16, heads: 4, mask: 'causal', seed: 7 });
    assert.equal(causal.grids.length, 4);
    causal.grids.forEach((grid, k) => {
      assert.deepEqual(
        grid.cells.map((c) => c.value),
        headBlock(coreCausal.weights, k),
      );
      for (const cell of grid.cells) {
        if (cell.j > cell.i) assert.ok(cell.masked && cell.value === 0, `head ${k + 1}`);
      }
    });

    const one = await readHeads(
      'attn-heatmap',
      await indexOf('attn-heatmap', { heads: '1', 'show-values': '' }),
    );
    const coreOne = await coreMha({ sentence, dModel: 16, heads: 1, seed: 7 });
    assert.equal(one.dK, 16);
    assert.equal(one.grids.length, 1);
    assert.deepEqual(
      one.grids[0].cells.map((c) => c.value),
      coreOne.weights.data,
    );
  });

  test('the shape tracer shows the core’s tensors with the learner’s n, d_model, h, d_k', async () => {
    const sentence = await page.inputValue('#sentence');
    const core = await coreMha({ sentence, dModel: 16, heads: 4, seed: 7 });
    const n = core.tokens.length;

    const split = await readShapes(
      'attn-shapes',
      await indexOf('attn-shapes', { heads: '4', step: '3' }),
    );
    assert.deepEqual([split.n, split.dModel, split.heads, split.dK], [n, 16, 4, 4]);
    assert.match(split.summaryText, /16 \/ 4 = 4/);
    assert.deepEqual(split.tabShapes, [
      `${n},16`,
      `${n},16`,
      `4,${n},4`,
      `4,${n},${n}`,
      `4,${n},${n}`,
      `4,${n},4`,
      `${n},16`,
      `${n},16`,
    ]);
    assert.equal(split.step, 3);
    assert.equal(split.selected, 3);
    assert.equal(split.shape, `4,${n},4`);
    assert.deepEqual(
      split.tensors.map((t) => t.name),
      ['q-heads', 'k-heads', 'v-heads'],
    );
    for (const [t, key] of [
      [split.tensors[0], 'q'],
      [split.tensors[1], 'k'],
      [split.tensors[2], 'v'],
    ]) {
      assert.equal(t.shape, `4,${n},4`);
      // Token labels on the left (the first of Q, K, V when they stand side by side).
      if (key === 'q') assert.deepEqual(t.rowLabels, core.tokens);
      assert.equal(t.blocks.length, 4, 'one block per head');
      t.blocks.forEach((b, k) => {
        assert.deepEqual([b.head, b.rows, b.cols], [k + 1, n, 4]);
        assert.deepEqual(b.values, headBlock(core[key], k));
      });
    }

    const concat = await readShapes(
      'attn-shapes',
      await indexOf('attn-shapes', { heads: '4', step: '7' }),
    );
    assert.equal(concat.step, 7);
    assert.equal(concat.shape, `${n},16`);
    const [tensor] = concat.tensors;
    assert.equal(tensor.name, 'concat');
    tensor.blocks.forEach((b, k) => {
      // The concatenation's columns of head k are the core's concat, and they are exactly
      // head k's output: concatenating only regroups.
      assert.deepEqual(b.values, columnBlock(core.concat, k, 4));
      assert.deepEqual(b.values, headBlock(core.headOutputs, k));
    });

    // Stepping on shows the output, (n, d_model), in one piece: W_o mixes the heads.
    const index = await indexOf('attn-shapes', { heads: '4', step: '7' });
    await page.locator('attn-shapes').nth(index).locator('button.next').click();
    const output = await readShapes('attn-shapes', index);
    assert.equal(output.step, 8);
    assert.equal(output.tensors[0].blocks.length, 1);
    assert.deepEqual(output.tensors[0].blocks[0].values, core.output.data);
  });

  test('typing a sentence re-computes the heatmaps and the shapes (n changes)', async () => {
    const before = await readShapes(
      'attn-shapes',
      await indexOf('attn-shapes', { heads: '4', step: '3' }),
    );
    const sentence = 'attention lets every token look at every other token';
    await typeSentence(page, sentence);
    const core = await coreMha({ sentence, dModel: 16, heads: 4, seed: 7 });
    const n = core.tokens.length;
    assert.notEqual(n, before.n);
    const split = await indexOf('attn-shapes', { heads: '4', step: '3' });
    await page.waitForFunction(
      ([index, n]) =>
        Number(
          document.querySelectorAll('attn-shapes')[index].shadowRoot.querySelector('.summary')
            ?.dataset.n,
        ) === n,
      [split, n],
      { timeout: 10000 },
    );
    await lessonReady();
    const shapes = await readShapes('attn-shapes', split);
    assert.equal(shapes.n, n);
    assert.equal(shapes.tabShapes[3], `4,${n},${n}`);
    assert.deepEqual(shapes.tensors[0].rowLabels, core.tokens);
    shapes.tensors[0].blocks.forEach((b, k) => assert.deepEqual(b.values, headBlock(core.q, k)));

    const heatmap = await readHeads('attn-heatmap', await indexOf('attn-heatmap', { heads: '4' }));
    assert.equal(heatmap.grids.length, 4);
    heatmap.grids.forEach((grid, k) => {
      assert.deepEqual(grid.cols, core.tokens);
      assert.equal(grid.cells.length, n * n);
      assert.deepEqual(
        grid.cells.map((c) => c.value),
        headBlock(core.weights, k),
      );
    });
    assert.deepEqual(page.errors, []);
  });

  test('the heads and d-model pickers change the grids, d_k and the shapes', async () => {
    const sentence = await page.inputValue('#sentence');
    // The tracer with controls: 2 heads by default.
    const index = await indexOf('attn-shapes', { controls: '' });
    const tracer = page.locator('attn-shapes').nth(index);
    let shapes = await readShapes('attn-shapes', index);
    assert.deepEqual([shapes.heads, shapes.dK, shapes.headsChecked], [2, 8, 2]);
    await tracer.evaluate((el) => {
      window.__changes = [];
      el.addEventListener('attn-change', (e) =>
        window.__changes.push([e.detail.name, e.detail.value]),
      );
    });
    await tracer.locator('.heads-picker label', { hasText: /^8$/ }).click();
    await tracer.locator('.stage-tab[data-step="3"]').click();
    shapes = await readShapes('attn-shapes', index);
    assert.deepEqual([shapes.heads, shapes.dK], [8, 2]);
    assert.equal(shapes.shape, `8,${shapes.n},2`);
    assert.equal(shapes.tensors[0].blocks.length, 8);
    const core8 = await coreMha({ sentence, dModel: 16, heads: 8, seed: 7 });
    shapes.tensors[0].blocks.forEach((b, k) => assert.deepEqual(b.values, headBlock(core8.q, k)));

    // d_model 12 cannot keep 8 heads: the picker moves to 6, the largest that divides 12.
    await tracer.locator('select.d-model').selectOption('12');
    shapes = await readShapes('attn-shapes', index);
    assert.deepEqual([shapes.dModel, shapes.heads, shapes.dK], [12, 6, 2]);
    assert.equal(await tracer.getAttribute('heads'), '6');
    assert.deepEqual(await page.evaluate(() => window.__changes), [
      ['heads', 8],
      ['step', 3],
      ['d-model', 12],
      ['heads', 6],
    ]);

    // The heatmap with controls: 2 heads, then 4 grids with d_k 4, then one head.
    const hIndex = await indexOf('attn-heatmap', { heads: '2', controls: '' });
    const heatmap = page.locator('attn-heatmap').nth(hIndex);
    let heads = await readHeads('attn-heatmap', hIndex);
    assert.deepEqual([heads.grids.length, heads.dK], [2, 8]);
    await heatmap.locator('select.heads').selectOption('4');
    heads = await readHeads('attn-heatmap', hIndex);
    assert.deepEqual([heads.grids.length, heads.dK], [4, 4]);
    await heatmap.locator('select.head').selectOption('3');
    heads = await readHeads('attn-heatmap', hIndex);
    assert.equal(heads.grids.length, 1);
    assert.equal(heads.grids[0].head, '3');
    const core4 = await coreMha({ sentence, dModel: 16, heads: 4, seed: 7 });
    assert.deepEqual(
      heads.grids[0].cells.map((c) => c.value),
      headBlock(core4.weights, 2),
    );
    // Fewer heads than the one shown: back to every head.
    await heatmap.locator('select.heads').selectOption('2');
    heads = await readHeads('attn-heatmap', hIndex);
    assert.deepEqual([heads.grids.length, heads.dK], [2, 8]);
    assert.equal(await heatmap.getAttribute('head'), null);
    assert.deepEqual(page.errors, []);
  });

  test('a bad heads shows a message naming it and keeps the last picture', async () => {
    const index = await indexOf('attn-shapes', { heads: '4', step: '3' });
    const good = await readShapes('attn-shapes', index);
    await page.evaluate(
      (i) => document.querySelectorAll('attn-shapes')[i].setAttribute('heads', '3'),
      index,
    );
    await page.waitForFunction(
      (i) => !!document.querySelectorAll('attn-shapes')[i].shadowRoot.querySelector('.message'),
      index,
    );
    const bad = await readShapes('attn-shapes', index);
    assert.equal(bad.status, 'error');
    assert.match(bad.message, /heads 3\b/);
    assert.match(bad.message, /d-model 16/);
    assert.match(bad.message, /1, 2, 4, 8, 16/);
    assert.deepEqual(bad.tensors, good.tensors, 'the last good picture stays');
    assert.equal(bad.heads, 4);

    const hIndex = await indexOf('attn-heatmap', { heads: '4' });
    const goodMap = await readHeads('attn-heatmap', hIndex);
    await page.evaluate(
      (i) => document.querySelectorAll('attn-heatmap')[i].setAttribute('heads', '3'),
      hIndex,
    );
    await page.waitForFunction(
      (i) => !!document.querySelectorAll('attn-heatmap')[i].shadowRoot.querySelector('.message'),
      hIndex,
    );
    const badMap = await readHeads('attn-heatmap', hIndex);
    assert.match(badMap.message, /heads 3\b.*d-model 16.*1, 2, 4, 8, 16/);
    assert.deepEqual(badMap.grids, goodMap.grids, 'the last good grids stay');

    // Other bad values name themselves too; a good value recovers.
    await page.evaluate(
      (i) => document.querySelectorAll('attn-heatmap')[i].setAttribute('heads', '32'),
      hIndex,
    );
    await page.waitForFunction(
      (i) =>
        /32/.test(
          document.querySelectorAll('attn-heatmap')[i].shadowRoot.querySelector('.message')
            ?.textContent,
        ),
      hIndex,
    );
    assert.match((await readHeads('attn-heatmap', hIndex)).message, /heads 32 .*1\.\.16/);
    await page.evaluate((i) => {
      const el = document.querySelectorAll('attn-heatmap')[i];
      el.setAttribute('heads', '4');
      el.setAttribute('mask', 'sideways');
    }, hIndex);
    await page.waitForFunction(
      (i) =>
        /sideways/.test(
          document.querySelectorAll('attn-heatmap')[i].shadowRoot.querySelector('.message')
            ?.textContent,
        ),
      hIndex,
    );
    await page.evaluate(
      (i) => document.querySelectorAll('attn-heatmap')[i].removeAttribute('mask'),
      hIndex,
    );
    await page.evaluate(
      (i) => document.querySelectorAll('attn-shapes')[i].setAttribute('heads', '4'),
      index,
    );
    await lessonReady();
    assert.equal((await readHeads('attn-heatmap', hIndex)).message, null);
    assert.equal((await readShapes('attn-shapes', index)).message, null);
    assert.deepEqual(page.errors, []);
  });

  test('masked scores, mean vs scores, and 16 heads of 64 tokens as pictures', async () => {
    const words = Array.from({ length: 64 }, (_, i) => `w${i}`).join(' ');
    await page.evaluate((words) => {
      const article = document.querySelector('article');
      const add = (id, attrs) => {
        const el = document.createElement(id.startsWith('s') ? 'attn-shapes' : 'attn-heatmap');
        el.id = id;
        for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
        article.append(el);
      };
      add('hmasked', {
        sentence: 'robot must obey orders',
        heads: '2',
        view: 'masked-scores',
        mask: 'causal',
      });
      add('hmean', {
        sentence: 'robot must obey orders',
        heads: '2',
        head: 'mean',
        view: 'scores',
      });
      add('hbig', { sentence: words, heads: '16', 'd-model': '64' });
      add('scausal', { sentence: 'robot must obey orders', heads: '2', mask: 'causal', step: '4' });
    }, words);
    await lessonReady();

    const masked = await readHeads('#hmasked');
    const core = await coreMha({ sentence: 'robot must obey orders', heads: 2, mask: 'causal' });
    masked.grids.forEach((grid, k) => {
      const scores = headBlock(core.scores, k);
      for (const cell of grid.cells) {
        const expected = cell.j > cell.i ? -Infinity : scores[cell.i * 4 + cell.j];
        assert.equal(cell.value, expected, `head ${k + 1} (${cell.i}, ${cell.j})`);
      }
    });

    const mean = await readHeads('#hmean');
    assert.equal(mean.status, 'error');
    assert.match(mean.message, /mean/);
    assert.match(mean.message, /scores/);

    const scausal = await readShapes('#scausal');
    assert.deepEqual(scausal.tensors[0].blocks[0].values, headBlock(core.scores, 0));
    assert.match(await page.locator('#scausal .explain').textContent(), /blocked by the mask/);

    // 16 x 64 x 64 cells: one picture per head, read by the keyboard.
    const big = page.locator('#hbig');
    assert.equal(await big.locator('canvas.mini').count(), 16);
    assert.equal(await big.locator('.cell').count(), 0);
    const coreBig = await coreMha({ sentence: words, dModel: 64, heads: 16 });
    await big.locator('canvas.mini[data-head="3"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const tip = await big.locator('.tip').textContent();
    const value = headBlock(coreBig.weights, 2)[1 * 64 + 2];
    assert.ok(tip.includes(Number(value.toPrecision(6)).toString()), tip);
    assert.match(tip, /head 3 · w1 \(2\) → w2 \(3\)/);
    await page.addStyleTag({ content: '.sentence-box { position: static !important; }' });
    await big.screenshot({ path: `${SCREENSHOTS}${ID}-16-heads-64-tokens.png` });
    await page.evaluate(() =>
      ['hmasked', 'hmean', 'hbig', 'scausal'].forEach((id) => document.getElementById(id).remove()),
    );
    assert.deepEqual(page.errors, []);
  });

  test('keyboard: arrow keys step the tracer and read numbers; Tab compares the heads', async () => {
    const index = await indexOf('attn-shapes', { heads: '4', step: '3' });
    const tracer = page.locator('attn-shapes').nth(index);
    await tracer.locator('.stage-tab[aria-selected="true"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      (i) =>
        document.querySelectorAll('attn-shapes')[i].shadowRoot.activeElement?.dataset.step === '4',
      index,
    );
    let shapes = await readShapes('attn-shapes', index);
    assert.equal(shapes.step, 4);
    assert.equal(await tracer.getAttribute('step'), '4');
    await page.keyboard.press('End');
    await page.waitForFunction(
      (i) => document.querySelectorAll('attn-shapes')[i].getAttribute('step') === '8',
      index,
    );
    await page.keyboard.press('Home');
    await page.waitForFunction(
      (i) => document.querySelectorAll('attn-shapes')[i].getAttribute('step') === '1',
      index,
    );
    // Back to the scores; a canvas reads out the number under its cursor.
    await tracer.evaluate((el) => el.setAttribute('step', '4'));
    await lessonReady();
    const sentence = await page.inputValue('#sentence');
    const core = await coreMha({ sentence, dModel: 16, heads: 4, seed: 7 });
    const canvas = tracer.locator('.detail canvas[data-head="2"]');
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const tip = tracer.locator('.tip');
    await tip.waitFor({ state: 'visible' });
    const n = core.tokens.length;
    const expected = headBlock(core.scores, 1)[1 * n + 1];
    const text = await tip.textContent();
    assert.ok(
      text.includes(Number(expected.toPrecision(6)).toString().replace('-', '\u2212')),
      text,
    );
    assert.match(text, /head 2/);

    // The heatmap: every head's grid keeps its tab stop on the same cell.
    const hIndex = await indexOf('attn-heatmap', { heads: '4' });
    const heatmap = page.locator('attn-heatmap').nth(hIndex);
    await heatmap.locator('[role="grid"][data-head="1"] .cell[tabindex="0"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((i) => {
      const cell = document.querySelectorAll('attn-heatmap')[i].shadowRoot.activeElement;
      return [cell?.dataset.head, cell?.dataset.row, cell?.dataset.col];
    }, hIndex);
    assert.deepEqual(focused, ['2', '1', '1']);
    const htip = heatmap.locator('.tip');
    await htip.waitFor({ state: 'visible' });
    assert.match(await htip.textContent(), /head 2/);
  });

  test('the Chinese lesson renders with Chinese widget text; screenshots', async () => {
    // Back to the lesson's own sentence, which follows the language.
    await page.click('.sentence-box button.reset');
    await page.click('.lang-switch button[data-lang="zh-CN"]');
    await page.waitForURL(new RegExp(`#/zh-CN/${ID}`));
    await checkRendered('zh-CN');
    assert.match(await page.locator('h1').textContent(), /多头注意力/);
    const shapes = await readShapes('attn-shapes', 0);
    assert.equal(shapes.tabNames[2], '拆分成多个头');
    assert.match(shapes.summaryText, /个词元/);
    const heads = await readHeads('attn-heatmap', 1);
    assert.equal(heads.grids[0].title, '头 1');
    assert.match(heads.sizesText, /4 个头/);
    const sentence = await page.inputValue('#sentence');
    assert.match(sentence, /[\u4e00-\u9fff]/);
    const core = await coreMha({ sentence, dModel: 16, heads: 4, seed: 7 });
    assert.deepEqual(heads.grids[0].cols, core.tokens);
    await page.screenshot({ path: `${SCREENSHOTS}${ID}-zh-CN.png`, fullPage: true });
    // Element screenshots scroll the page; the sticky sentence box must not cover the widget.
    await page.addStyleTag({ content: '.sentence-box { position: static !important; }' });
    for (const [tag, i, name] of [
      ['attn-heatmap', 1, 'heads'],
      ['attn-shapes', 0, 'shapes-split'],
      ['attn-shapes', 1, 'shapes-concat'],
    ]) {
      await page
        .locator(tag)
        .nth(i)
        .screenshot({ path: `${SCREENSHOTS}${ID}-zh-CN-${name}.png` });
    }
    assert.deepEqual(page.errors, []);
  });

  test('on a phone the page never scrolls sideways', async () => {
    const phone = await newPage(lab.browser, { viewport: { width: 390, height: 844 } });
    await phone.goto(`${lab.url}#/en/${ID}`);
    await lessonReady(phone);
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px on a phone`);
    await phone.screenshot({ path: `${SCREENSHOTS}${ID}-en-phone.png`, fullPage: true });
    assert.deepEqual(phone.errors, []);
    await phone.context().close();
  });
});
