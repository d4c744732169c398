import { html, nothing, svg } from 'lit';
import { LabElement } from '../shared/lab-element.js';
import { AttributeError, SEED_MAX, parseIntAttr } from '../shared/attrs.js';
import { BLUES_GRADIENT, sequential } from '../shared/colour.js';
import { fmt, fmtExact, fmtSig } from '../shared/format.js';
import { sharedStyles } from '../shared/styles.js';
import { poolingStyles } from './styles.js';

/** Queries and keys live on [0, X_MAX] (the toy data's inputs are drawn in [0, 5)). */
export const X_MAX = 5;
/** Queries for the prediction curve and the heatmap's rows: 0, 0.05, ..., 5. */
const GRID = Array.from({ length: 101 }, (_, i) => i / 20);
export const STEPS_MAX = 5000;
/** Adam steps per trainPooling call when a run is extended by many steps at once. */
const CHUNK_STEPS = 100;

/** Adam steps per click on Train, and per animation frame while training. */
export const TRAIN_CHUNK = 50;
const PER_FRAME = 2;
const LEARNING_RATES = [0.05, 0.1, 0.2, 0.5, 1];
/** Rows of the "show the maths" table: the keys with the largest weights. */
const TERMS = 5;
/** Points drawn per curve of the training charts (longer runs are thinned for drawing only). */
const CHART_POINTS = 400;

/**
 * Parses a decimal attribute. Absent or blank -> `fallback`. With `open`, `min` itself is not
 * allowed (a learning rate must be above 0).
 * @param {(key: string, ...args: unknown[]) => string} t
 */
function parseNumberAttr(t, name, raw, { min, max, fallback, open = false }) {
  if (raw == null || String(raw).trim() === '') return fallback;
  const text = String(raw).trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    throw new AttributeError(t('attnPoolingBadNumber', name, text, min, max));
  }
  const value = Number(text);
  if (open ? !(value > min && value <= max) : !(value >= min && value <= max)) {
    throw new AttributeError(
      open
        ? t('attnPoolingOpenRange', name, text, min, max)
        : t('outOfRange', name, text, min, max),
    );
  }
  return value;
}

/**
 * One training run of w, kept and extended as the reader trains: `steps` Adam updates from the
 * starting w are always the same numbers (the core continues Adam's state across chunks exactly),
 * so a permalink with steps="120" shows what 120 steps of clicking Train showed.
 */
class Run {
  constructor(options) {
    this.options = options; // { points, seed, noise, w, lr }
    this.initialLoss = null;
    this.loss = [];
    this.w = [];
    this.grad = [];
    this.adam = null;
    this.diverged = false;
  }

  /** Trains until `steps` updates exist (or training diverged). */
  extend(lab, steps) {
    if (this.initialLoss === null) {
      this.initialLoss = lab.trainPooling({ ...this.options, steps: 0 }).initialLoss;
    }
    while (this.w.length < steps && !this.diverged) {
      const r = lab.trainPooling({
        ...this.options,
        w: this.w.length ? this.w[this.w.length - 1] : this.options.w,
        // Chunks stay well inside the core's work budget per call (about 250 steps at the
        // most points), so a permalink with steps="5000" trains in several calls.
        steps: Math.min(steps - this.w.length, CHUNK_STEPS),
        adam: this.adam,
      });
      for (let i = 0; i < r.w.length; i++) {
        this.loss.push(r.loss[i]);
        this.w.push(r.w[i]);
        this.grad.push(r.grad[i]);
      }
      this.adam = r.adam;
      this.diverged = r.diverged;
    }
  }
}

/** A small map that forgets its oldest entry. */
class Memo {
  constructor(size) {
    this.size = size;
    this.entries = new Map();
  }

  get(key, make) {
    const k = JSON.stringify(key);
    if (!this.entries.has(k)) {
      this.entries.set(k, make());
      if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value);
    }
    return this.entries.get(k);
  }
}

const reducedMotion = () =>
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * @summary Attention pooling as Nadaraya–Watson kernel regression, live from the WebAssembly
 * core: a query x pools the values y_i of 1-D training points with the weights
 * softmax_i(−((x − x_i) w)² / 2). Drag the query to see its weights over the training points and
 * the prediction f(x) = Σ α_i y_i; a heatmap shows the weights of every query at once; with
 * `train`, Adam learns w on the leave-one-out loss while you watch the loss fall.
 *
 * @attr query - The dragged query x, a decimal in 0..5. Default 2.5.
 * @attr w - The kernel's width parameter w at the start (before any training), a decimal in
 *   0..100. w = 1 is the Gaussian kernel; w = 0 gives every point the same weight. Default 1.
 * @attr steps - Adam updates of w already taken from `w`, integer 0..5000. Default 0. The width
 *   the pictures use is w after these steps.
 * @attr lr - Adam's learning rate, a decimal with 0 < lr <= 10. Default 0.2.
 * @attr points - Training points, integer 2..200. Default 50.
 * @attr seed - Seeds the toy data; integer 0..4294967295. Default 7.
 * @attr noise - Standard deviation of the noise on the targets, a decimal in 0..2. Default 0.5.
 * @attr train - Boolean: the training panel (Train, Reset, learning rate, loss and w curves).
 * @attr controls - Boolean: width, points, noise and data-seed controls for the reader.
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader dragged the query, trained or changed a control. `detail`:
 *   `{ name, value, state }`.
 *
 * @cssprop --attn-card - Card background. @cssprop --attn-border - Card border colour.
 */
export class AttnPooling extends LabElement {
  static properties = {
    query: { type: String },
    w: { type: String },
    steps: { type: String },
    lr: { type: String },
    points: { type: String },
    seed: { type: String },
    noise: { type: String },
    train: { type: Boolean },
    controls: { type: Boolean },
    _training: { state: true },
    _dragging: { state: true },
    _cell: { state: true },
  };

  static inputs = ['query', 'w', 'steps', 'lr', 'points', 'seed', 'noise'];

  static styles = [sharedStyles, poolingStyles];

  static widthStep = 20;

  constructor() {
    super();
    this.train = false;
    this.controls = false;
    this._training = false;
    this._dragging = false;
    /** The heatmap cell under the pointer: { row, col } or null. */
    this._cell = null;
    this._runs = new Memo(3);
    this._grids = new Memo(4);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this._stopTraining(false);
  }

  get state() {
    const g = this._good;
    return {
      query: g?.query,
      w: g?.w0,
      steps: g?.steps,
      lr: g?.lr,
      points: g?.points,
      seed: g?.seed,
      noise: g?.noise,
      width: g?.w,
      loss: g?.loss,
    };
  }

  compute(lab, t) {
    const points = parseIntAttr(t, 'points', this.points, { min: 2, max: 200, fallback: 50 });
    const seed = parseIntAttr(t, 'seed', this.seed, { min: 0, max: SEED_MAX, fallback: 7 });
    const noise = parseNumberAttr(t, 'noise', this.noise, { min: 0, max: 2, fallback: 0.5 });
    const w0 = parseNumberAttr(t, 'w', this.w, { min: 0, max: 100, fallback: 1 });
    const lr = parseNumberAttr(t, 'lr', this.lr, { min: 0, max: 10, fallback: 0.2, open: true });
    const asked = parseIntAttr(t, 'steps', this.steps, { min: 0, max: STEPS_MAX, fallback: 0 });
    const query = parseNumberAttr(t, 'query', this.query, { min: 0, max: X_MAX, fallback: 2.5 });
    const data = { points, seed, noise };
    const run = this._runs.get({ ...data, w: w0, lr }, () => new Run({ ...data, w: w0, lr }));
    run.extend(lab, asked);
    const steps = Math.min(asked, run.w.length);
    const w = steps === 0 ? w0 : run.w[steps - 1];
    const loss = steps === 0 ? run.initialLoss : run.loss[steps - 1];
    const grad = steps === 0 ? null : run.grad[steps - 1];
    const grid = this._grids.get({ ...data, w }, () =>
      lab.attentionPooling({ ...data, w, queries: GRID }),
    );
    const at = lab.attentionPooling({ ...data, w, queries: [query] });
    return { points, seed, noise, w0, lr, asked, steps, query, w, loss, grad, run, grid, at };
  }

  // ---- reader actions ----

  /** Moves the query; `done` reports it (attn-change) when a drag or key press ends. */
  _setQuery(x, done) {
    const q = Math.round(Math.min(X_MAX, Math.max(0, x)) * 100) / 100;
    if (done) {
      this.userSet('query', q);
    } else if (String(q) !== this.query) {
      this.setAttribute('query', String(q));
    }
  }

  /** Data x of a pointer event over the plot. */
  _plotX(event) {
    const svgEl = event.currentTarget;
    const box = svgEl.getBoundingClientRect();
    const { width, left, right } = this._plotFrame;
    const px = ((event.clientX - box.left) / box.width) * width;
    return ((px - left) / (width - left - right)) * X_MAX;
  }

  _onPointerDown(event) {
    if (event.button !== 0 || !this._good) return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    this._dragging = true;
    this._setQuery(this._plotX(event), false);
    this.renderRoot.querySelector('.handle')?.focus({ preventScroll: true });
  }

  _onPointerMove(event) {
    if (this._dragging) this._setQuery(this._plotX(event), false);
  }

  _onPointerUp(event) {
    if (!this._dragging) return;
    this._dragging = false;
    this._setQuery(this._plotX(event), true);
  }

  _onHandleKey(event) {
    const q = this._good?.query;
    if (q === undefined) return;
    const fine = event.shiftKey ? 0.01 : 0.1;
    const to = {
      ArrowRight: q + fine,
      ArrowUp: q + fine,
      ArrowLeft: q - fine,
      ArrowDown: q - fine,
      PageUp: q + 0.5,
      PageDown: q - 0.5,
      Home: 0,
      End: X_MAX,
    }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    this._setQuery(to, true);
  }

  /** A heatmap row under the pointer: its query x, and the key column. */
  _heatCell(event) {
    const g = this._good;
    const box = event.currentTarget.getBoundingClientRect();
    const fx = (event.clientX - box.left) / box.width;
    const fy = (event.clientY - box.top) / box.height;
    const row = Math.min(GRID.length - 1, Math.max(0, Math.floor(fy * GRID.length)));
    const col = Math.min(g.points - 1, Math.max(0, Math.floor(fx * g.points)));
    return { row, col };
  }

  _setStartWidth(value) {
    this._stopTraining(false);
    this.removeAttribute('steps');
    this.userSet('w', value);
  }

  _newData() {
    const [seed] = crypto.getRandomValues(new Uint32Array(1));
    this.userSet('seed', seed);
  }

  _toggleTraining() {
    if (this._training) {
      this._stopTraining(true);
      return;
    }
    const g = this._good;
    if (!g || g.run.diverged || g.steps >= STEPS_MAX) return;
    const target = Math.min(STEPS_MAX, g.steps + TRAIN_CHUNK);
    const perFrame = reducedMotion() ? TRAIN_CHUNK : PER_FRAME;
    this._training = true;
    const frame = () => {
      const now = this._good;
      if (!this._training) return;
      if (!now || this._error || now.steps >= target || now.run.diverged || now.asked > now.steps) {
        this._stopTraining(true);
        return;
      }
      this.setAttribute('steps', String(Math.min(target, now.steps + perFrame)));
      this._frame = requestAnimationFrame(frame);
    };
    this._frame = requestAnimationFrame(frame);
  }

  _stopTraining(report) {
    if (this._frame) cancelAnimationFrame(this._frame);
    this._frame = 0;
    if (!this._training) return;
    this._training = false;
    if (report && this._good) this.userSet('steps', this._good.steps);
  }

  _resetTraining() {
    this._stopTraining(false);
    this.userSet('steps', null);
  }

  // ---- rendering ----

  render() {
    const t = this.t;
    const g = this._good;
    return this._renderFrame(
      t,
      g ? this._renderBody(t, g) : nothing,
      g && this.controls ? this._renderControls(t, g) : nothing,
    );
  }

  _renderControls(t, g) {
    // The width slider is logarithmic: position 0 is w = 0, then 0.1 .. 100.
    const toSlider = (w) => (w <= 0 ? 0 : Math.max(1, Math.round(40 * Math.log10(w / 0.1)) + 1));
    const fromSlider = (s) => (s <= 0 ? 0 : Number((0.1 * 10 ** ((s - 1) / 40)).toPrecision(2)));
    return html`<div class="controls">
      <label
        >${t('attnPoolingWidthControl')}
        <input
          type="range"
          name="w-slider"
          min="0"
          max="121"
          step="1"
          .value=${String(toSlider(g.w0))}
          aria-valuetext=${`w = ${fmtExact(g.w0)}`}
          @input=${(e) => this._setStartWidth(fromSlider(Number(e.target.value)))} />
        <input
          type="number"
          class="short"
          name="w"
          min="0"
          max="100"
          step="0.1"
          .value=${String(g.w0)}
          @change=${(e) => this._setStartWidth(e.target.value)}
      /></label>
      <label
        >${t('attnPoolingPoints')}
        <input
          type="number"
          class="short"
          name="points"
          min="2"
          max="200"
          step="1"
          .value=${String(g.points)}
          @change=${(e) => this.userSet('points', e.target.value)}
      /></label>
      <label
        >${t('attnPoolingNoise')}
        <input
          type="number"
          class="short"
          name="noise"
          min="0"
          max="2"
          step="0.1"
          .value=${String(g.noise)}
          @change=${(e) => this.userSet('noise', e.target.value)}
      /></label>
      <span class="field">
        <label
          >${t('seed')}
          <input
            type="number"
            name="seed"
            min="0"
            max=${SEED_MAX}
            step="1"
            .value=${String(g.seed)}
            @change=${(e) => this.userSet('seed', e.target.value)}
        /></label>
        <button type="button" class="new-data" @click=${this._newData}>
          ${t('attnPoolingNewData')}
        </button>
      </span>
    </div>`;
  }

  _renderBody(t, g) {
    const wide = (this._width || 900) >= 760;
    return html`<section
      class=${this._error ? 'stale' : ''}
      aria-label=${t('attnPoolingLabel')}
      data-query=${g.query}
      data-w=${g.w}
      data-w0=${g.w0}
      data-steps=${g.steps}
      data-loss=${g.loss}
      data-prediction=${g.at.predictions.data[0]}
    >
      ${g.w === 0 ? html`<p class="note">${t('attnPoolingAverage', g.points)}</p>` : nothing}
      <div class="figures ${wide ? 'wide' : ''}">
        ${this._renderPlot(t, g, wide)} ${this._renderHeatmap(t, g)}
      </div>
      ${this.train ? this._renderTraining(t, g) : nothing} ${this._renderMaths(t, g)}
    </section>`;
  }

  _renderPlot(t, g, wide) {
    const total = Math.max(300, (this._width || 900) - 30);
    const W = Math.round(wide ? (total - 14) * 0.6 : total);
    const topH = W < 420 ? 190 : 230;
    const laneH = 64;
    const gap = 22;
    const bottom = 22;
    const H = topH + gap + laneH + bottom;
    const pad = { left: 34, right: 10, top: 8 };
    this._plotFrame = { width: W, left: pad.left, right: pad.right };
    const { x: xs, y: ys } = g.grid;
    const n = g.points;
    const X = (x) => pad.left + (x / X_MAX) * (W - pad.left - pad.right);
    const values = [...ys.data, ...g.grid.queryTruth.data, ...g.grid.predictions.data];
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    const margin = (hi - lo) * 0.08 || 1;
    lo -= margin;
    hi += margin;
    const Y = (v) => pad.top + ((hi - v) / (hi - lo)) * (topH - pad.top);
    const path = (data) =>
      GRID.map((q, i) => `${i ? 'L' : 'M'}${X(q).toFixed(1)},${Y(data[i]).toFixed(1)}`).join('');
    const alpha = g.at.weights.data; // (1, n)
    let top = 0;
    for (let i = 1; i < n; i++) if (alpha[i] > alpha[top]) top = i;
    const amax = alpha[top] || 1;
    const q = g.query;
    const f = g.at.predictions.data[0];
    const laneTop = topH + gap;
    const L = (a) => laneTop + laneH - (a / amax) * laneH;
    const barW = Math.max(1.5, Math.min(6, ((W - pad.left - pad.right) / n) * 0.55));
    const yTicks = niceTicks(lo, hi, 4);
    let sum = 0;
    for (const a of alpha) sum += a;
    return html`<div class="panel plot-panel">
      <p class="readout" aria-live="polite">
        ${t('attnPoolingReadout', fmt(q), fmt(f), fmt(g.at.queryTruth.data[0]), fmtW(g.w))}
      </p>
      <svg
        class="plot"
        viewBox="0 0 ${W} ${H}"
        role="group"
        aria-label=${t('attnPoolingPlotLabel', n)}
        @pointerdown=${this._onPointerDown}
        @pointermove=${this._onPointerMove}
        @pointerup=${this._onPointerUp}
        @pointercancel=${this._onPointerUp}
      >
        ${yTicks.map(
          (v) =>
            svg`<line class="grid-line" x1=${pad.left} x2=${W - pad.right} y1=${Y(v)} y2=${Y(v)}></line>
              <text x=${pad.left - 5} y=${Y(v) + 4} text-anchor="end">${fmtTick(v)}</text>`,
        )}
        ${[0, 1, 2, 3, 4, 5].map(
          (x) =>
            svg`<text x=${X(x)} y=${H - 6} text-anchor="middle">${x}</text>
              <line class="grid-line" x1=${X(x)} x2=${X(x)} y1=${pad.top} y2=${topH}></line>`,
        )}
        <line class="axis" x1=${pad.left} x2=${W - pad.right} y1=${topH} y2=${topH}></line>
        <line
          class="axis"
          x1=${pad.left}
          x2=${W - pad.right}
          y1=${laneTop + laneH}
          y2=${laneTop + laneH}
        ></line>
        <text x=${pad.left} y=${laneTop - 6}>
          ${t('attnPoolingLaneTitle', fmt(sum), fmt(amax, 3))}
        </text>
        <path class="truth" d=${path(g.grid.queryTruth.data)}></path>
        <path class="prediction" d=${path(g.grid.predictions.data)}></path>
        <g class="points" data-x=${JSON.stringify(Array.from(xs.data))}>
          ${Array.from(xs.data, (x, i) => {
            const share = alpha[i] / amax;
            return svg`<circle class="point" cx=${X(x)} cy=${Y(ys.data[i])}
              r=${2.2 + 4.3 * Math.sqrt(share)} fill=${sequential(0.08 + 0.67 * share).bg}>
              <title>${t('attnPoolingPointTitle', i + 1, fmt(x), fmt(ys.data[i]), fmtExact(alpha[i]))}</title></circle>`;
          })}
        </g>
        <g class="weights" data-values=${JSON.stringify(Array.from(alpha))}>
          ${Array.from(xs.data, (x, i) => {
            const share = alpha[i] / amax;
            return svg`<rect class="bar" x=${X(x) - barW / 2} width=${barW} y=${L(alpha[i])}
              height=${Math.max(0, laneTop + laneH - L(alpha[i]))} fill=${sequential(0.12 + 0.73 * share).bg}>
              <title>${t('attnPoolingBarTitle', i + 1, fmt(x), fmtExact(alpha[i]))}</title></rect>`;
          })}
        </g>
        <line class="query-line" x1=${X(q)} x2=${X(q)} y1=${pad.top} y2=${laneTop + laneH}></line>
        <circle class="query-dot" cx=${X(q)} cy=${Y(f)} r="5"></circle>
        <g
          class="handle ${this._dragging ? 'active' : ''}"
          tabindex="0"
          role="slider"
          aria-label=${t('attnPoolingQuery')}
          aria-valuemin="0"
          aria-valuemax=${X_MAX}
          aria-valuenow=${q}
          aria-valuetext=${t('attnPoolingQueryValue', fmt(q), fmt(f))}
          @keydown=${this._onHandleKey}
        >
          <path
            class="knob"
            d="M${X(q)},${laneTop + laneH + 2} l7,11 h-14 z"
            transform="translate(0,0)"
          ></path>
        </g>
      </svg>
      <div class="legend">
        <span><span class="key dot-key"></span>${t('attnPoolingLegendData')}</span>
        <span><span class="key"></span>${t('attnPoolingLegendPrediction')}</span>
        <span><span class="key truth-key"></span>${t('attnPoolingLegendTruth')}</span>
        <span><span class="key query-key"></span>${t('attnPoolingLegendQuery')}</span>
      </div>
      <p class="help">${t('attnPoolingQueryHelp')}</p>
    </div>`;
  }

  _renderHeatmap(t, g) {
    const weights = g.grid.weights;
    const [rows, cols] = weights.shape;
    let max = 0;
    for (const v of weights.data) if (v > max) max = v;
    const height = 202;
    const cell = this._cell;
    const xs = g.grid.x.data;
    return html`<div class="panel heat-panel">
      <h3>${t('attnPoolingHeatTitle')}</h3>
      <p class="help">${t('attnPoolingHeatHelp', cols)}</p>
      <div class="heat-wrap">
        <div class="heat-rows" style="height:${height}px" aria-hidden="true">
          ${[0, 1, 2, 3, 4, 5].map(
            (x) => html`<span style="top:${rowCentre(x, rows) * 100}%">${x}</span>`,
          )}
        </div>
        <div
          class="heat-box"
          @pointermove=${(e) => (this._cell = this._heatCell(e))}
          @pointerleave=${() => (this._cell = null)}
          @click=${(e) => this._setQuery(GRID[this._heatCell(e).row], true)}
        >
          <canvas
            class="heat-canvas"
            width=${cols}
            height=${rows}
            style="height:${height}px"
            role="img"
            aria-label=${t('attnPoolingHeatLabel', rows, cols)}
            data-rows=${rows}
            data-cols=${cols}
            data-max=${max}
          ></canvas>
          <span class="heat-marker" style="top:${rowCentre(g.query, rows) * height}px"></span>
        </div>
        <div class="heat-cols" aria-hidden="true">
          <span>1</span><span>${t('attnPoolingHeatCols')}</span><span>${cols}</span>
        </div>
      </div>
      <p class="heat-legend">
        <span>0</span><span class="ramp-bar" style="background:${BLUES_GRADIENT}"></span
        ><span>${fmt(max, 3)}</span> <span>${t('attnPoolingHeatLegend')}</span>
      </p>
      <p class="cell-readout" aria-live="polite">
        ${
          cell
            ? t(
                'attnPoolingCell',
                fmt(GRID[cell.row]),
                cell.col + 1,
                fmt(xs[cell.col]),
                fmtExact(weights.data[cell.row * cols + cell.col]),
              )
            : t('attnPoolingHeatHint')
        }
      </p>
    </div>`;
  }

  _renderTraining(t, g) {
    const run = g.run;
    const s = g.steps;
    const atMax = s >= STEPS_MAX;
    const off = !this._training && (run.diverged || atMax);
    return html`<div class="panel train" data-steps=${s} data-diverged=${run.diverged}>
      <h3>${t('attnPoolingTrainTitle')}</h3>
      <p class="help">${t('attnPoolingTrainHelp')}</p>
      <div class="train-bar">
        <button
          type="button"
          class="go"
          aria-pressed=${this._training ? 'true' : 'false'}
          aria-disabled=${off ? 'true' : 'false'}
          @click=${() => {
            if (!off) this._toggleTraining();
          }}
        >
          ${this._training ? `⏸ ${t('attnPoolingPause')}` : `▶ ${t('attnPoolingTrain', TRAIN_CHUNK)}`}
        </button>
        <button
          type="button"
          class="reset"
          aria-disabled=${s === 0 ? 'true' : 'false'}
          @click=${() => {
            if (s > 0 || this._training) this._resetTraining();
          }}
        >
          ↺ ${t('attnPoolingReset')}
        </button>
        <label
          >${t('attnPoolingLr')}
          <select
            name="lr"
            @change=${(e) => {
              this._stopTraining(false);
              this.removeAttribute('steps');
              this.userSet('lr', e.target.value);
            }}
          >
            ${(LEARNING_RATES.includes(g.lr) ? LEARNING_RATES : [...LEARNING_RATES, g.lr])
              .sort((a, b) => a - b)
              .map((lr) => html`<option value=${lr} ?selected=${lr === g.lr}>${lr}</option>`)}
          </select></label
        >
      </div>
      <p class="train-state" aria-live="polite">
        ${t(
          'attnPoolingTrainState',
          s,
          fmtW(g.w),
          fmt(g.loss, 4),
          fmt(run.initialLoss, 4),
          g.grad === null ? null : fmtSig(g.grad),
        )}
      </p>
      ${run.diverged && g.asked > s ? html`<p class="note">${t('attnPoolingDiverged', s)}</p>` : nothing}
      ${atMax ? html`<p class="note">${t('attnPoolingAtMax', STEPS_MAX)}</p>` : nothing}
      <div class="charts">
        ${this._chart(t, [run.initialLoss, ...run.loss.slice(0, s)], {
          cls: 'loss',
          title: t('attnPoolingLossChart'),
          zero: true,
        })}
        ${this._chart(t, [g.w0, ...run.w.slice(0, s)], {
          cls: 'width',
          title: t('attnPoolingWChart'),
          zero: true,
        })}
      </div>
    </div>`;
  }

  /** A line chart of one value per step (index 0 = before training). Display only. */
  _chart(t, values, { cls, title, zero }) {
    // Two charts side by side on a wide card, one per row on a narrow one.
    const card = (this._width || 900) - 30;
    const W = Math.round(Math.max(240, Math.min(460, card >= 520 ? (card - 12) / 2 : card)));
    const H = 140;
    const pad = { left: 44, right: 10, top: 10, bottom: 30 };
    const last = values.length - 1;
    const span = Math.max(TRAIN_CHUNK, last);
    let lo = zero ? 0 : Math.min(...values);
    let hi = Math.max(...values);
    if (!(hi > lo)) hi = lo + 1;
    hi += (hi - lo) * 0.05;
    const X = (i) => pad.left + (i / span) * (W - pad.left - pad.right);
    const Y = (v) => pad.top + ((hi - v) / (hi - lo)) * (H - pad.top - pad.bottom);
    const stride = Math.max(1, Math.ceil(values.length / CHART_POINTS));
    const shown = [];
    for (let i = 0; i <= last; i += stride) shown.push(i);
    if (shown[shown.length - 1] !== last) shown.push(last);
    const d = shown
      .map((i, k) => `${k ? 'L' : 'M'}${X(i).toFixed(1)},${Y(values[i]).toFixed(1)}`)
      .join('');
    const ticks = niceTicks(lo, hi, 3);
    return html`<div class="chart-box">
      <h4>${title}</h4>
      <svg
        class="chart ${cls}"
        viewBox="0 0 ${W} ${H}"
        role="img"
        aria-label=${t('attnPoolingChartLabel', title, last, fmtExact(values[0]), fmtExact(values[last]))}
        data-points=${values.length}
        data-first=${values[0]}
        data-last=${values[last]}
      >
        ${ticks.map(
          (
            v,
          ) => svg`<line class="grid-line" x1=${pad.left} x2=${W - pad.right} y1=${Y(v)} y2=${Y(v)}></line>
            <text x=${pad.left - 5} y=${Y(v) + 4} text-anchor="end">${fmtTick(v)}</text>`,
        )}
        <line class="axis" x1=${pad.left} x2=${pad.left} y1=${pad.top} y2=${H - pad.bottom}></line>
        <line
          class="axis"
          x1=${pad.left}
          x2=${W - pad.right}
          y1=${H - pad.bottom}
          y2=${H - pad.bottom}
        ></line>
        ${[0, span].map(
          (i) => svg`<text x=${X(i)} y=${H - pad.bottom + 14} text-anchor="middle">${i}</text>`,
        )}
        <text x=${(pad.left + W - pad.right) / 2} y=${H - 4} text-anchor="middle">
          ${t('attnPoolingStepAxis')}
        </text>
        <path class="line ${cls}" d=${d}></path>
        <circle class="now ${cls}" cx=${X(last)} cy=${Y(values[last])} r="3.5"></circle>
      </svg>
    </div>`;
  }

  _renderMaths(t, g) {
    const n = g.points;
    const alpha = g.at.weights.data;
    const scores = g.at.scores.data;
    const xs = g.grid.x.data;
    const ys = g.grid.y.data;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => alpha[b] - alpha[a]);
    const shown = order.slice(0, Math.min(TERMS, n));
    const q = fmt(g.query);
    const w = fmtW(g.w);
    const k = shown[0];
    let rest = 0;
    for (const i of order.slice(shown.length)) rest += alpha[i] * ys[i];
    return html`<details class="maths">
      <summary>${t('attnPoolingMathsTitle')}</summary>
      <div class="maths-body">
        <p>${t('attnPoolingMathsScore')}</p>
        <p class="math">
          <var>s</var><sub>${k + 1}</sub> = −((${q} − ${fmt(xs[k], 3)}) × ${w})² / 2 =
          ${fmtSig(scores[k])}
        </p>
        <p>${t('attnPoolingMathsSoftmax')}</p>
        <p class="math">
          α<sub>${k + 1}</sub> = exp(${fmtSig(scores[k])}) / Σ<sub>j</sub> exp(<var>s</var
          ><sub>j</sub>) = ${fmtSig(alpha[k])}
        </p>
        <table class="terms">
          <thead>
            <tr>
              <th scope="col"><var>i</var></th>
              <th scope="col"><var>x</var><sub>i</sub></th>
              <th scope="col">${t('attnPoolingMathsScoreCol')}</th>
              <th scope="col">α<sub>i</sub></th>
              <th scope="col"><var>y</var><sub>i</sub></th>
              <th scope="col">α<sub>i</sub> <var>y</var><sub>i</sub></th>
            </tr>
          </thead>
          <tbody>
            ${shown.map(
              (i) =>
                html`<tr data-key=${i}>
                  <td>${i + 1}</td>
                  <td>${fmt(xs[i], 3)}</td>
                  <td>${fmtSig(scores[i])}</td>
                  <td>${fmtSig(alpha[i])}</td>
                  <td>${fmt(ys[i], 3)}</td>
                  <td>${fmt(alpha[i] * ys[i], 3)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <p class="math">
          <var>f</var>(${q}) =
          ${shown.map((i, j) => html`${j ? ' + ' : ''}${fmt(alpha[i], 3)} × ${fmt(ys[i], 2)}`)}
          ${n > shown.length ? html` + ${fmt(rest, 3)}` : nothing} =
          ${fmt(g.at.predictions.data[0], 3)}
        </p>
        <p>
          ${n > shown.length ? t('attnPoolingMathsRest', n - shown.length, fmt(rest, 3)) : nothing}
        </p>
      </div>
    </details>`;
  }

  updated() {
    // The heatmap as an image: one pixel per (query, key) weight, scaled up by CSS.
    const g = this._good;
    const canvas = this.renderRoot.querySelector('.heat-canvas');
    const context = canvas?.getContext('2d');
    if (!g || !context) return;
    const weights = g.grid.weights;
    if (this._drawn === weights) return;
    this._drawn = weights;
    const [rows, cols] = weights.shape;
    canvas.width = cols;
    canvas.height = rows;
    let max = 0;
    for (const v of weights.data) if (v > max) max = v;
    const image = context.createImageData(cols, rows);
    for (let i = 0; i < rows * cols; i++) {
      image.data.set(BLUES_BYTES[Math.round((weights.data[i] / (max || 1)) * 255)], i * 4);
    }
    context.putImageData(image, 0, 0);
  }
}

/** The sequential scale as 256 RGBA byte quadruples, for painting the heatmap pixel by pixel. */
const BLUES_BYTES = Array.from({ length: 256 }, (_, k) => [
  ...sequential(k / 255)
    .bg.match(/\d+/g)
    .map(Number),
  255,
]);

/** Where the heatmap row of query x is centred, as a fraction of its height (GRID rows). */
function rowCentre(x, rows) {
  const step = X_MAX / (rows - 1);
  return (x / step + 0.5) / rows;
}

/** About `count` round tick values between lo and hi. */
function niceTicks(lo, hi, count) {
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
    out.push(Math.abs(v) < step * 1e-6 ? 0 : v);
  }
  return out;
}

/** w as the reader sees it: 4 significant digits (6.390 -> "6.39"), never "-0". */
function fmtW(w) {
  return fmtExact(Number(w.toPrecision(4)));
}

/** A tick label: as few decimals as the value needs. */
function fmtTick(v) {
  return Number(v.toPrecision(3)).toString().replace('-', '−');
}
