import { html, nothing, svg } from 'lit';
import { DEFAULT_SENTENCE, parseIntAttr } from '../shared/attrs.js';
import { PUOR_GRADIENT, divergingBytes } from '../shared/colour.js';
import { fmt, fmtSig } from '../shared/format.js';
import { rangeOf } from '../shared/strip.js';
import { divisors } from '../shared/heads.js';
import { sharedStyles } from '../shared/styles.js';
import {
  chip,
  GenerationElement,
  parseModelAttrs,
  stepperBar,
} from '../attn-decoder/generation.js';
import { generationStyles } from '../attn-decoder/styles.js';
import { kvcacheStyles } from './styles.js';

const MAX_NEW = 64;
/** Height of one cache row on screen, px: the canvas rows and the token labels share it. */
const ROW_H = 16;
const D_MODELS = [8, 16, 32, 64, 128, 256];
/** Cores (one per page) that have run a warm-up generation. */
const warmedUp = new WeakSet();

/**
 * @summary The KV cache, measured: a decoder-only Transformer continues a prompt twice, once
 * recomputing every token at each step and once keeping each layer's keys and values. Step
 * through the generation to see the last layer's K and V cache grow a row per token, the
 * multiply-adds and time of each step in both modes, a chart of the work per token, and the
 * largest difference between the two runs' logits. All numbers come from the WebAssembly core.
 *
 * @attr prompt - The tokens to continue (1..64 tokens). Default: `sentence`, else
 *   "robot must obey orders".
 * @attr sentence - Set by the lesson page's sentence box; used when `prompt` is absent.
 * @attr max-new-tokens - Tokens to generate, 1..64 (fewer if `<end>` comes first). Default 16.
 * @attr d-model - Model width, even, 2..256. Default 16.
 * @attr heads - Attention heads, 1..d-model, must divide d-model. Default 2.
 * @attr layers - Decoder layers, 1..6. Default 1.
 * @attr seed - Seeds the weights; integer 0..4294967295. Default 7.
 * @attr step - The generation step shown, 1..64 (past the end: the last). Default 1.
 * @attr controls - Boolean: token limit, layers, heads, d-model and seed controls.
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader stepped or changed a control. `detail`: `{ name, value, state }`.
 */
export class AttnKvcache extends GenerationElement {
  static properties = {
    prompt: { type: String },
    sentence: { type: String },
    maxNewTokens: { type: String, attribute: 'max-new-tokens' },
    dModel: { type: String, attribute: 'd-model' },
    heads: { type: String },
    layers: { type: String },
    seed: { type: String },
    step: { type: String },
    controls: { type: Boolean },
  };

  static inputs = [
    'prompt',
    'sentence',
    'maxNewTokens',
    'dModel',
    'heads',
    'layers',
    'seed',
    'step',
  ];

  static styles = [sharedStyles, generationStyles, kvcacheStyles];

  static widthStep = 40;

  get state() {
    const g = this._good;
    return {
      prompt: g?.prompt,
      maxNewTokens: g?.options.maxNewTokens,
      dModel: g?.options.dModel,
      heads: g?.options.heads,
      layers: g?.options.layers,
      seed: g?.options.seed,
      step: g?.step,
    };
  }

  compute(lab, t) {
    const { dModel, heads, layers, seed } = parseModelAttrs(t, this, 'attnKvcache');
    const maxNewTokens = parseIntAttr(t, 'max-new-tokens', this.maxNewTokens, {
      min: 1,
      max: MAX_NEW,
      fallback: 16,
    });
    const asked = parseIntAttr(t, 'step', this.step, { min: 1, max: MAX_NEW, fallback: 1 });
    const prompt = this.prompt ?? this.sentence ?? DEFAULT_SENTENCE;
    // stopAtEnd false: a random model may write <end> at any step, and the point here is the
    // work per token over the whole length, so generation always runs max-new-tokens steps.
    const options = {
      model: 'decoder-only',
      prompt,
      maxNewTokens,
      dModel,
      heads,
      layers,
      seed,
      stopAtEnd: false,
    };
    // Both runs together, so a step change never re-runs either of them.
    const { on, off, runs } = this._memo.get(options, (o) => {
      // The first generation on a page also pays for warming the core up (memory growth, the
      // engine's optimising tier): a short throw-away run of both modes goes first.
      if (!warmedUp.has(lab)) {
        for (const useCache of [true, false]) lab.generate({ ...o, maxNewTokens: 2, useCache });
        warmedUp.add(lab);
      }
      const a = bestOf(lab, { ...o, useCache: true });
      const b = bestOf(lab, { ...o, useCache: false });
      return { on: a.run, off: b.run, runs: Math.min(a.runs, b.runs) };
    });
    const last = Math.min(on.steps.length, off.steps.length);
    const step = Math.min(asked, last);
    return { options, prompt, on, off, runs, last, step, asked, ...compare(on, off) };
  }

  // ---- reader actions ----

  /** d-model and heads change together when the old head count would not divide. */
  _setDModel(value) {
    const d = Number(value);
    const heads = this._good.options.heads;
    if (d % heads !== 0) this.setAttribute('heads', String(Math.min(heads, 2)));
    this.userSet('d-model', d);
  }

  // ---- rendering ----

  _renderControls(t, g) {
    const o = g.options;
    return html`<div class="controls">
      <label
        >${t('attnKvcacheMaxNew')}
        <input
          type="number"
          name="max-new-tokens"
          min="1"
          max=${MAX_NEW}
          step="1"
          .value=${String(o.maxNewTokens)}
          @change=${(e) => this.userSet('max-new-tokens', e.target.value)}
      /></label>
      <label
        >${t('attnKvcacheLayers')}
        <select name="layers" @change=${(e) => this.userSet('layers', e.target.value)}>
          ${[1, 2, 3, 4, 5, 6].map(
            (n) => html`<option value=${n} ?selected=${n === o.layers}>${n}</option>`,
          )}
        </select></label
      >
      <label
        >d-model
        <select name="d-model" @change=${(e) => this._setDModel(e.target.value)}>
          ${(D_MODELS.includes(o.dModel)
            ? D_MODELS
            : [...D_MODELS, o.dModel].sort((a, b) => a - b)
          ).map((n) => html`<option value=${n} ?selected=${n === o.dModel}>${n}</option>`)}
        </select></label
      >
      <label
        >${t('attnKvcacheHeads')}
        <select name="heads" @change=${(e) => this.userSet('heads', e.target.value)}>
          ${divisors(o.dModel)
            .filter((h) => h <= 16)
            .map((n) => html`<option value=${n} ?selected=${n === o.heads}>${n}</option>`)}
        </select></label
      >
      <span class="field">
        <label
          >${t('seed')}
          <input
            type="number"
            name="seed"
            min="0"
            max="4294967295"
            step="1"
            inputmode="numeric"
            .value=${String(o.seed)}
            @change=${(e) => this.userSet('seed', e.target.value)}
        /></label>
        <button type="button" class="new-seed" @click=${this._newSeed}>${t('newSeed')}</button>
      </span>
    </div>`;
  }

  _renderBody(t, g) {
    const { on } = g;
    const k = g.step;
    const written = on.tokens.slice(0, k);
    const ended = on.tokens[on.tokens.length - 1] === '<end>';
    return html`<section
      class=${this._error ? 'stale' : ''}
      aria-label=${t('attnKvcacheLabel')}
      data-step=${k}
      data-last=${g.last}
    >
      ${
        g.asked > g.last
          ? html`<p class="note">${t('attnKvcacheStepClamped', g.asked, g.last)}</p>`
          : nothing
      }
      <div class="seq sequence">
        <span class="seq-label">${t('attnKvcachePrompt')}</span>
        ${on.promptTokens.map((tok, i) => chip(tok, { index: i + 1, cls: 'source', name: 'prompt' }))}
        <span class="arrow" aria-hidden="true">→</span>
        ${written.map((tok, i) =>
          chip(tok, {
            index: on.promptTokens.length + i + 1,
            cls: i === k - 1 ? 'new' : '',
            name: 'generated',
          }),
        )}
      </div>
      ${stepperBar(this, t, 'attnKvcache', {
        step: k,
        first: 1,
        last: g.last,
        extra:
          k >= g.last
            ? html`<span class="stop-note" data-reason=${ended ? 'end' : 'max'}
                >${
                  ended
                    ? t(g.last === 1 ? 'attnKvcacheStoppedAtOnce' : 'attnKvcacheStoppedEnd')
                    : t('attnKvcacheStoppedMax', g.last)
                }</span
              >`
            : nothing,
      })}
      <div class="stack">
        ${this._renderCache(t, g)} ${this._renderWork(t, g)} ${this._renderChart(t, g)}
      </div>
      <p class="honest">
        ${t('attnKvcacheRandom', g.options.seed, on.vocab.length)}
        ${on.tokens.includes('<end>') ? t('attnKvcachePastEnd') : nothing}
      </p>
    </section>`;
  }

  /** Rows of the cache after step k, and the first row this step added. */
  _cacheRows(g) {
    const steps = g.on.steps;
    const rows = steps[g.step - 1].cacheLength;
    const before = g.step > 1 ? steps[g.step - 2].cacheLength : 0;
    return { rows, before };
  }

  _renderCache(t, g) {
    const { on } = g;
    const { rows, before } = this._cacheRows(g);
    const sequence = [...on.promptTokens, ...on.tokens];
    const p = on.promptTokens.length;
    const d = g.options.dModel;
    const cell = Math.max(3, Math.min(14, Math.floor(224 / d)));
    const numbers = 2 * g.options.layers * rows * d;
    const labels = html`<div class="cache-labels" aria-hidden="true">
      ${sequence
        .slice(0, rows)
        .map(
          (tok, i) =>
            html`<span
              class="cache-row ${i >= before ? 'new' : ''} ${i >= p ? 'generated' : ''}"
              data-row=${i}
              data-token=${tok}
              title=${tok}
              ><span class="idx">${i + 1}</span> <span class="tok">${tok}</span></span
            >`,
        )}
    </div>`;
    const table = (name, title) =>
      html`<div class="cache" data-matrix=${name} data-rows=${rows} data-cols=${d}>
        <h4>${title} <span class="idx">(${rows} × ${d})</span></h4>
        <div class="cache-scroll">
          <div class="cache-body" style="--row-h:${ROW_H}px">
            ${labels}
            <div class="canvas-wrap">
              <canvas
                class="cache-canvas"
                data-matrix=${name}
                width=${d}
                height=${Math.max(1, rows)}
                style="width:${d * cell}px;height:${rows * ROW_H}px"
                role="img"
                aria-label="${title}: ${rows} × ${d}"
              ></canvas>
              ${
                rows > before
                  ? html`<span
                      class="new-outline"
                      style="top:${before * ROW_H - 2}px;height:${(rows - before) * ROW_H + 4}px"
                    ></span>`
                  : nothing
              }
            </div>
          </div>
        </div>
      </div>`;
    return html`<div class="panel cache-panel">
      <h3>${t('attnKvcacheCacheTitle', g.step)}</h3>
      <p class="help">${t('attnKvcacheCacheHelp', g.step, rows - before)}</p>
      <div class="caches">${table('k', t('attnKvcacheK'))} ${table('v', t('attnKvcacheV'))}</div>
      <p class="legend">
        <span
          ><span class="ramp-bar" style="background:${PUOR_GRADIENT}"></span
          >${t('attnKvcacheLegend')}</span
        >
      </p>
      <p class="cache-size" data-numbers=${numbers}>
        ${t(
          'attnKvcacheSize',
          g.options.layers,
          rows,
          d,
          this._int(numbers),
          fmt((numbers * 4) / 1024, numbers * 4 < 100 * 1024 ? 1 : 0),
        )}
      </p>
    </div>`;
  }

  _int(n) {
    return new Intl.NumberFormat(this._lang).format(n);
  }

  _renderWork(t, g) {
    const k = g.step;
    const sOn = g.on.steps[k - 1];
    const sOff = g.off.steps[k - 1];
    const sum = (steps, key) => steps.slice(0, k).reduce((a, s) => a + s[key], 0);
    const totalOn = sum(g.on.steps, 'macs');
    const totalOff = sum(g.off.steps, 'macs');
    const timeOn = sum(g.on.steps, 'microseconds');
    const timeOff = sum(g.off.steps, 'microseconds');
    const ratio = totalOff / totalOn;
    const us = (x) => this._int(Math.round(x));
    return html`<div class="panel work-panel">
      <h3>${t('attnKvcacheWorkTitle', k)}</h3>
      <p class="help">
        ${t('attnKvcacheWorkHelp', g.runs)}
        ${coarseClock(g.on, g.off) ? t('attnKvcacheCoarseClock') : nothing}
      </p>
      <table class="work">
        <thead>
          <tr>
            <th scope="col"></th>
            <th scope="col"><span class="swatch off"></span>${t('attnKvcacheOff')}</th>
            <th scope="col"><span class="swatch on"></span>${t('attnKvcacheOn')}</th>
          </tr>
        </thead>
        <tbody>
          <tr class="macs-step" data-off=${sOff.macs} data-on=${sOn.macs}>
            <th scope="row">${t('attnKvcacheMacsStep')}</th>
            <td>${this._int(sOff.macs)}</td>
            <td>${this._int(sOn.macs)}</td>
          </tr>
          <tr class="time-step" data-off=${sOff.microseconds} data-on=${sOn.microseconds}>
            <th scope="row">${t('attnKvcacheTimeStep')}</th>
            <td>${us(sOff.microseconds)}</td>
            <td>${us(sOn.microseconds)}</td>
          </tr>
          <tr class="macs-total" data-off=${totalOff} data-on=${totalOn}>
            <th scope="row">${t('attnKvcacheMacsTotal', k)}</th>
            <td>${this._int(totalOff)}</td>
            <td>${this._int(totalOn)}</td>
          </tr>
          <tr class="time-total" data-off=${timeOff} data-on=${timeOn}>
            <th scope="row">${t('attnKvcacheTimeTotal', k)}</th>
            <td>${us(timeOff)}</td>
            <td>${us(timeOn)}</td>
          </tr>
        </tbody>
      </table>
      <p class="ratio" data-ratio=${ratio}>
        ${t('attnKvcacheRatio', k)} <strong>${fmtSig(ratio)} ×</strong>
      </p>
      <div class="same">
        <span data-same-tokens=${g.sameTokens ? 'true' : 'false'}
          >${t('attnKvcacheSameTokens')}
          <span class=${g.sameTokens ? 'ok' : 'bad'}
            >${g.sameTokens ? t('attnKvcacheYes') : t('attnKvcacheNo')}</span
          ></span
        >
        <span data-max-diff=${g.maxDiff}
          >${t('attnKvcacheMaxDiff', g.compared)}
          <strong class=${g.maxDiff < 1e-5 ? 'ok' : 'bad'}>${fmtSig(g.maxDiff)}</strong></span
        >
      </div>
    </div>`;
  }

  _renderChart(t, g) {
    // The card's padding and the panel's take about 60 px of the widget's width.
    const W = Math.max(280, Math.min(680, (this._width || 700) - 60));
    const H = W < 420 ? 200 : 230;
    const pad = { left: 52, right: 14, top: 14, bottom: 36 };
    const n = g.last;
    const off = g.off.steps.slice(0, n).map((s) => s.macs);
    const on = g.on.steps.slice(0, n).map((s) => s.macs);
    const max = Math.max(1, ...off, ...on);
    const x = (i) => pad.left + (n === 1 ? 0.5 : i / (n - 1)) * (W - pad.left - pad.right);
    const y = (v) => H - pad.bottom - (v / max) * (H - pad.top - pad.bottom);
    const k = g.step;
    const path = (values, from, to) =>
      values
        .slice(from, to)
        .map((v, i) => `${i === 0 ? 'M' : 'L'}${x(from + i).toFixed(1)},${y(v).toFixed(1)}`)
        .join(' ');
    const compact = new Intl.NumberFormat(this._lang, { notation: 'compact' });
    const ticks = [0, 0.5, 1].map((f) => f * max);
    const xTicks = [...new Set([1, Math.ceil(n / 2), n])];
    const series = (values, cls) => svg`
      <path class="line ${cls}" d=${path(values, 0, k)}></path>
      ${k < n ? svg`<path class="line future ${cls}" d=${path(values, k - 1, n)}></path>` : nothing}
      ${values
        .slice(0, k)
        .map(
          (v, i) =>
            svg`<circle class=${cls} cx=${x(i)} cy=${y(v)} r=${i === k - 1 ? 4 : 2.2}></circle>`,
        )}`;
    return html`<div class="panel chart-panel">
      <h3>${t('attnKvcacheChartTitle')}</h3>
      <p class="help">${t('attnKvcacheChartHelp')}</p>
      <svg
        class="chart"
        viewBox="0 0 ${W} ${H}"
        role="img"
        aria-label=${t('attnKvcacheChartLabel', k, off[k - 1], on[k - 1])}
        data-points=${n}
      >
        ${ticks.map(
          (
            v,
          ) => svg`<line class="grid-line" x1=${pad.left} x2=${W - pad.right} y1=${y(v)} y2=${y(v)}></line>
            <text x=${pad.left - 6} y=${y(v) + 4} text-anchor="end">${compact.format(v)}</text>`,
        )}
        <line class="axis" x1=${pad.left} x2=${pad.left} y1=${pad.top} y2=${H - pad.bottom}></line>
        <line
          class="axis"
          x1=${pad.left}
          x2=${W - pad.right}
          y1=${H - pad.bottom}
          y2=${H - pad.bottom}
        ></line>
        ${xTicks.map(
          (s) => svg`<text x=${x(s - 1)} y=${H - pad.bottom + 15} text-anchor="middle">${s}</text>`,
        )}
        <text x=${(pad.left + W - pad.right) / 2} y=${H - 4} text-anchor="middle">
          ${t('attnKvcacheChartX')}
        </text>
        <line
          class="marker"
          x1=${x(k - 1)}
          x2=${x(k - 1)}
          y1=${pad.top}
          y2=${H - pad.bottom}
        ></line>
        ${series(off, 'off')} ${series(on, 'on')}
      </svg>
      <div class="legend">
        <span><span class="swatch off"></span>${t('attnKvcacheOff')}</span>
        <span><span class="swatch on"></span>${t('attnKvcacheOn')}</span>
      </div>
    </div>`;
  }

  updated() {
    // The caches as images: one pixel per number, scaled up by CSS. Colours use one range for
    // the whole run, so a cell keeps its colour as the table grows.
    const g = this._good;
    if (!g) return;
    const { rows } = this._cacheRows(g);
    for (const [name, tensor] of [
      ['k', g.on.cacheK],
      ['v', g.on.cacheV],
    ]) {
      const canvas = this.renderRoot.querySelector(`canvas[data-matrix="${name}"]`);
      const context = canvas?.getContext('2d');
      if (!context) continue;
      const [length, d] = tensor.shape;
      const shown = Math.min(rows, length);
      canvas.width = d;
      canvas.height = Math.max(1, shown);
      if (shown === 0) continue;
      const image = context.createImageData(d, shown);
      const range = rangeOf(tensor.data);
      for (let i = 0; i < shown * d; i++) {
        image.data.set([...divergingBytes(tensor.data[i], range), 255], i * 4);
      }
      context.putImageData(image, 0, 0);
    }
    // Keep the newest rows in view.
    for (const box of this.renderRoot.querySelectorAll('.cache-scroll')) {
      box.scrollTop = box.scrollHeight;
    }
  }
}

/** Sum of a run's measured step times, microseconds. */
const timeOf = (run) => run.steps.reduce((a, s) => a + s.microseconds, 0);

/**
 * Runs one mode a few times, while that stays quick, and keeps the run with the least measured
 * time: a single timing on a busy machine can catch a pause that has nothing to do with the
 * work (the usual "best of N" of benchmarks). Every run computes the same tokens, logits and
 * multiply-adds; only the clock differs.
 */
function bestOf(lab, options, { maxRuns = 5, budgetMs = 40 } = {}) {
  const start = performance.now();
  let best = null;
  let runs = 0;
  do {
    const run = lab.generate(options);
    runs += 1;
    if (!best || timeOf(run) < timeOf(best)) best = run;
  } while (runs < maxRuns && performance.now() - start < budgetMs);
  return { run: best, runs };
}

/** True when every time is within 0.5 µs of a multiple of 100 µs: a browser clock with coarse ticks. */
function coarseClock(...runs) {
  return runs.every((run) =>
    run.steps.every((s) => Math.abs(s.microseconds - 100 * Math.round(s.microseconds / 100)) < 0.5),
  );
}

/** Whether both runs wrote the same tokens, and the largest logit difference over their steps. */
function compare(on, off) {
  const sameTokens = JSON.stringify(on.tokens) === JSON.stringify(off.tokens);
  const compared = Math.min(on.steps.length, off.steps.length);
  let maxDiff = 0;
  for (let s = 0; s < compared; s++) {
    const a = on.steps[s].logits.data;
    const b = off.steps[s].logits.data;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
  }
  return { sameTokens, maxDiff, compared };
}
