// Shared setup for the browser tests: one Chromium per test file, a static server over web/dist
// on an ephemeral port, and small readers that pull the widgets' numbers out of their shadow DOM.
// Build first (scripts/test.sh runs `vite build`; by hand: npx vite build).
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { DIST, startServer } from '../../scripts/serve.mjs';
import { WIDGET_ATTRIBUTES } from '../../web/lesson/allow-list.js';

/** Every widget tag a lesson may use. */
export const WIDGET_TAGS = Object.keys(WIDGET_ATTRIBUTES);

export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts the server and the browser; returns them with a `close()` for test.after. */
export async function openLab() {
  if (!existsSync(`${DIST}/index.html`)) {
    throw new Error(`${DIST}/index.html is missing: run \`npx vite build\` before the web tests`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = await startServer({ port: 0 });
  // launch() gives the browser a fresh temporary profile, so no state leaks between runs.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * A new page that records uncaught errors and console errors, so a test can assert that the
 * page "keeps working" (nothing threw) after bad input.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') page.errors.push(message.text());
  });
  return page;
}

/** Waits until every widget on the page has finished its first computation. */
export async function widgetsReady(page, timeout = 15000) {
  await page.waitForFunction(
    (tags) => {
      const widgets = [...document.querySelectorAll(tags.join(', '))];
      return (
        widgets.length > 0 &&
        widgets.every((w) => {
          const status = w.shadowRoot?.querySelector('.root')?.dataset.status;
          return status === 'ready' || status === 'error';
        })
      );
    },
    WIDGET_TAGS,
    { timeout },
  );
}

/**
 * Reads a heatmap's state from its DOM: labels, cell values (exact, from data-value), row sums,
 * the message shown (if any). `selector` picks the widget; `index` the nth match.
 */
export function readHeatmap(page, selector = 'attn-heatmap', index = 0) {
  return page.evaluate(
    ([selector, index]) => {
      const el = document.querySelectorAll(selector)[index];
      const root = el?.shadowRoot;
      if (!root) return null;
      const cells = [...root.querySelectorAll('.cell')].map((c) => ({
        i: Number(c.dataset.row),
        j: Number(c.dataset.col),
        value: Number(c.dataset.value),
        masked: c.dataset.masked === 'true',
        text: c.textContent.trim(),
      }));
      return {
        status: root.querySelector('.root')?.dataset.status,
        cols: [...root.querySelectorAll('.col-label')].map((e) => e.dataset.token),
        rows: [...root.querySelectorAll('.row-label')].map((e) => e.dataset.token),
        cells,
        sums: [...root.querySelectorAll('.sum')].map((s) => Number(s.dataset.sum)),
        sumTexts: [...root.querySelectorAll('.sum')].map((s) => s.textContent.trim()),
        message: root.querySelector('.message .text')?.textContent.trim() ?? null,
        rowSumLabel: root.querySelector('.sum-label')?.textContent.trim() ?? null,
      };
    },
    [selector, index],
  );
}

/** Reads an attn-steps widget: picker tokens, current step, named strips' exact values. */
export function readSteps(page, selector = 'attn-steps', index = 0) {
  return page.evaluate(
    ([selector, index]) => {
      const el = document.querySelectorAll(selector)[index];
      const root = el?.shadowRoot;
      if (!root) return null;
      const strips = {};
      for (const s of root.querySelectorAll('.strip[data-name]')) {
        (strips[s.dataset.name] ??= []).push(JSON.parse(s.dataset.values));
      }
      return {
        status: root.querySelector('.root')?.dataset.status,
        tokens: [...root.querySelectorAll('.token .tok')].map((e) => e.textContent),
        query: Number(root.querySelector('.token[aria-pressed="true"]')?.dataset.index),
        step: Number(root.querySelector('.step-body')?.dataset.step),
        strips,
        message: root.querySelector('.message .text')?.textContent.trim() ?? null,
      };
    },
    [selector, index],
  );
}

/** Runs the page's shared core (the one every widget uses) on `options`, in the page. */
export function coreSelfAttention(page, options) {
  return page.evaluate(async (options) => {
    const lab = await globalThis[Symbol.for('attention-lab.core')];
    const r = lab.selfAttention(options);
    const plain = (t) => ({ shape: t.shape, data: Array.from(t.data) });
    return {
      tokens: r.tokens,
      weights: plain(r.weights),
      output: plain(r.output),
      maskedScores: plain(r.maskedScores),
    };
  }, options);
}

/** Types into the sentence box the way a learner does (one input event per character). */
export async function typeSentence(page, text) {
  const box = page.locator('#sentence');
  await box.fill('');
  if (text) await box.pressSequentially(text, { delay: 5 });
}
