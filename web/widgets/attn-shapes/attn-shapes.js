import { html, nothing } from 'lit';
import { LabElement } from '../shared/lab-element.js';
import {
  AttributeError,
  DEFAULT_SENTENCE,
  D_MODEL_MAX,
  SEED_MAX,
  parseIntAttr,
} from '../shared/attrs.js';
import { BLUES_GRADIENT, PUOR_GRADIENT, divergingBytes, sequential } from '../shared/colour.js';
import { fmt, fmtExact } from '../shared/format.js';
import { rangeOf } from '../shared/strip.js';
import { sharedStyles } from '../shared/styles.js';
import { divisors, headColour, userSetMany } from '../shared/heads.js';
import { shapesStyles } from './styles.js';

export const STAGES = 8;
/** The widths the d-model picker offers (an attribute may set any other width 2..256). */
export const D_MODEL_CHOICES = [4, 8, 12, 16, 24, 32, 48, 64];
/** Detail canvases carry their numbers in data-values up to this many entries. */
const MAX_DATA_VALUES = 4096;

/** Math snippets: a variable with an optional subscript. */
const v = (name, sub) =>
  html`<var>${name}</var>${sub === undefined ? nothing : html`<sub>${sub}</sub>`}`;
const SYM = {
  n: v('n'),
  d: v('d', 'model'),
  h: v('h'),
  dk: v('d', 'k'),
};
const tuple = (...parts) => html`(${parts.map((p, k) => html`${k ? ', ' : ''}${p}`)})`;

/**
 * @summary A shape tracer for multi-head attention on the reader's sentence: every stage from
 * the input X (n, d_model) through Q, K, V, the split into heads (h, n, d_k), the scores and
 * weights (h, n, n), the head outputs, the concatenation (n, d_model) and the output
 * projection W_o, each with its actual shape and a small colour picture of the core's tensor,
 * the heads' columns in their own colours.
 *
 * @attr sentence - The text to tokenize (1..64 tokens). Default "robot must obey orders".
 * @attr d-model - Model width d_model, integer 2..256. Default 16.
 * @attr heads - Number of heads h, 1..d-model, and it must divide d-model. Default 2.
 * @attr seed - Seeds embeddings and W_q, W_k, W_v, W_o; integer 0..4294967295. Default 7.
 * @attr mask - A mask spec for the core: none, causal, padding, prefix:P, window:R, joined
 *   with '+'. Default none.
 * @attr step - The stage shown in full, 1..8: 1 input, 2 Q K V, 3 split, 4 scores, 5 weights,
 *   6 head outputs, 7 concatenation, 8 output. Default 1.
 * @attr controls - Boolean: heads and d-model pickers for the reader.
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader changed a picker or a stage. `detail`: `{ name, value, state }`.
 */
export class AttnShapes extends LabElement {
  static properties = {
    sentence: { type: String },
    dModel: { type: String, attribute: 'd-model' },
    heads: { type: String },
    seed: { type: String },
    mask: { type: String },
    step: { type: String },
    controls: { type: Boolean },
  };

  static inputs = ['sentence', 'dModel', 'heads', 'seed', 'mask', 'step'];

  static styles = [sharedStyles, shapesStyles];

  static widthStep = 24;

  constructor() {
    super();
    this.controls = false;
    /** canvas data-key -> what to draw in it; filled by render, drawn by updated. */
    this._canvases = new Map();
  }

  get state() {
    const g = this._good;
    return {
      sentence: this.sentence ?? DEFAULT_SENTENCE,
      dModel: g?.dModel,
      heads: g?.heads,
      seed: g?.seed,
      mask: g?.mask,
      step: g?.step,
    };
  }

  compute(lab, t) {
    const dModel = parseIntAttr(t, 'd-model', this.dModel, {
      min: 1,
      max: D_MODEL_MAX,
      fallback: 16,
    });
    const heads = parseIntAttr(t, 'heads', this.heads, { min: 1, max: dModel, fallback: 2 });
    if (dModel % heads !== 0) {
      throw new AttributeError(t('attnShapesNotDivisor', heads, dModel, divisors(dModel)));
    }
    const seed = parseIntAttr(t, 'seed', this.seed, { min: 0, max: SEED_MAX, fallback: 7 });
    const step = parseIntAttr(t, 'step', this.step, { min: 1, max: STAGES, fallback: 1 });
    // A mask spec: the core checks it and names a bad term.
    const mask = String(this.mask ?? '').trim() || 'none';
    const sentence = this.sentence ?? DEFAULT_SENTENCE;
    const result = lab.multiHeadAttention({ sentence, dModel, heads, mask, seed });
    this._hideTip();
    return { result, dModel, heads, seed, mask, step, stages: buildStages(result) };
  }

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
    const widths = D_MODEL_CHOICES.includes(g.dModel)
      ? D_MODEL_CHOICES
      : [...D_MODEL_CHOICES, g.dModel].sort((a, b) => a - b);
    return html`<div class="controls">
      <fieldset class="segmented heads-picker">
        <legend>${t('attnShapesHeads')} ${SYM.h}</legend>
        <span class="options">
          ${divisors(g.dModel).map(
            (k) =>
              html`<label
                ><input
                  type="radio"
                  name="heads"
                  value=${k}
                  .checked=${k === g.heads}
                  @change=${() => this.userSet('heads', k)}
                /><span>${k}</span></label
              >`,
          )}
        </span>
      </fieldset>
      <label
        >${t('attnShapesDModel')} <span class="math">${SYM.d}</span>
        <select
          class="d-model"
          .value=${String(g.dModel)}
          @change=${(e) => this._setWidth(Number(e.target.value))}
        >
          ${widths.map((d) => html`<option value=${d} ?selected=${d === g.dModel}>${d}</option>`)}
        </select></label
      >
    </div>`;
  }

  /** A new width keeps the number of heads when it divides, else the closest smaller one. */
  _setWidth(dModel) {
    const g = this._good;
    const heads = Math.max(...divisors(dModel).filter((k) => k <= g.heads));
    userSetMany(
      this,
      heads === g.heads
        ? [['d-model', dModel]]
        : [
            ['d-model', dModel],
            ['heads', heads],
          ],
    );
  }

  _renderBody(t, g) {
    const r = g.result;
    const n = r.tokens.length;
    const [h, , dK] = r.q.shape;
    const d = g.dModel;
    const names = t('attnShapesStages');
    const stage = g.stages[g.step - 1];
    this._canvases = new Map();
    return html`<section
      class="body ${this._error ? 'stale' : ''}"
      aria-label=${t('attnShapesLabel')}
    >
      <p class="summary" data-n=${n} data-d-model=${d} data-heads=${h} data-dk=${dK}>
        <span class="math">${SYM.n} = ${n}</span>
        <span class="aside">(${t('attnShapesTokens', n)})</span> ·
        <span class="math">${SYM.d} = ${d}</span> · <span class="math">${SYM.h} = ${h}</span> ·
        <span class="math dk">${SYM.dk} = ${d} / ${h} = ${dK}</span>
      </p>
      <div
        class="rail ${this._width && this._width < 560 ? 'narrow' : ''}"
        role="tablist"
        aria-label=${t('attnShapesKeysHelp')}
        title=${t('attnShapesKeysHelp')}
        @keydown=${this._onRailKey}
      >
        ${g.stages.map((s, k) => {
          const selected = k + 1 === g.step;
          return html`<button
            type="button"
            role="tab"
            class="stage-tab"
            id="tab-${k + 1}"
            data-step=${k + 1}
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls="stage-panel"
            tabindex=${selected ? '0' : '-1'}
            @click=${() => this.userSet('step', k + 1)}
          >
            <span class="tab-head"
              ><span class="step-no">${k + 1}</span
              ><span class="stage-name">${names[k]}</span></span
            >
            <span class="shape-sym math">${s.sym}</span>
            <span class="shape-num num" data-shape=${s.shape.join(',')}>${shapeText(s.shape)}</span>
            <span class="thumb" aria-hidden="true"
              >${this._renderTensor(t, g, s.tensors[0], thumbCell(s.tensors[0], n), 'thumb')}</span
            >
          </button>`;
        })}
      </div>
      <div
        class="detail"
        role="tabpanel"
        id="stage-panel"
        aria-labelledby="tab-${g.step}"
        data-step=${g.step}
        aria-live="polite"
      >
        <h3 class="stage-title">${t('attnShapesStepOf', g.step, STAGES)} · ${names[g.step - 1]}</h3>
        <p class="shape-line">
          <span class="math">${stage.sym}</span> =
          <strong class="num" data-shape=${stage.shape.join(',')}>${shapeText(stage.shape)}</strong>
        </p>
        <p class="formula math">${formula(g.step)}</p>
        <p class="explain">
          ${mathify(t('attnShapesExplain')[g.step - 1](n, d, h, dK, fmt(Math.sqrt(dK), 3)))}
          ${
            g.step === 4 && r.mask.data.some((m) => m === 0)
              ? html` ${t('attnShapesMaskNote')}`
              : nothing
          }
        </p>
        ${this._renderStageTensors(t, g, stage, n)} ${this._renderLegend(t, g, stage)}
      </div>
      <div class="nav">
        <button
          type="button"
          class="prev"
          ?disabled=${g.step <= 1}
          @click=${() => this.userSet('step', g.step - 1)}
        >
          ← ${t('attnShapesPrev')}
        </button>
        <span class="where">${t('attnShapesStepOf', g.step, STAGES)}</span>
        <button
          type="button"
          class="next"
          ?disabled=${g.step >= STAGES}
          @click=${() => this.userSet('step', g.step + 1)}
        >
          ${t('attnShapesNext')} →
        </button>
      </div>
      <div class="tip" role="tooltip" hidden></div>
    </section>`;
  }

  _renderStageTensors(t, g, stage, n) {
    const width = (this._width || 720) - 32;
    const tokens = g.result.tokens;
    const labelSize = 12;
    const labelWidth = Math.min(
      110,
      Math.max(
        ...tokens.map((tok) =>
          [...tok].reduce(
            (w, ch) => w + (/[\u1100-\uffff]|\p{Extended_Pictographic}/u.test(ch) ? 1 : 0.6),
            0,
          ),
        ),
      ) *
        labelSize +
        26,
    );
    const widest = Math.max(...stage.tensors.map((x) => x.columns));
    const gapsPx = Math.max(...stage.tensors.map((x) => gapsOf(x, 'detail')));
    // Tall sentences get smaller cells, so a stage stays on one screen.
    const tallest = Math.max(4, Math.floor(380 / n));
    let cell = Math.floor((width - labelWidth - gapsPx - 8) / widest);
    let side = false;
    if (stage.tensors.length > 1) {
      // Q, K and V side by side (token labels on the first only) when their cells stay
      // readable, else one under the other.
      const k = stage.tensors.length;
      const fit = Math.floor((width - labelWidth - k * (gapsPx + 24)) / (k * widest));
      if (fit >= 10) {
        cell = fit;
        side = true;
      }
    }
    cell = Math.max(3, Math.min(stage.tensors.length > 1 ? 16 : 22, tallest, cell));
    const labels = cell >= 10 ? { labelWidth, labelSize } : null;
    return html`<div class="tensors ${side ? 'side' : ''}">
      ${stage.tensors.map((x, k) =>
        this._renderTensor(t, g, x, cell, 'detail', side && k > 0 ? null : labels),
      )}
    </div>`;
  }

  /**
   * One tensor as colour pictures: one canvas per block (a head's columns, or the whole matrix),
   * side by side with thin gaps ('joined': still one matrix) or wide ones ('split': one matrix
   * per head), each head's blocks under a band of its colour.
   */
  _renderTensor(t, g, tensor, cell, mode, labels = null) {
    const detail = mode === 'detail';
    const bands = tensor.layout !== 'single';
    const band = bands ? (detail ? 16 : 3) : 0;
    const tokens = g.result.tokens;
    return html`<div
      class="tensor ${tensor.layout} ${detail ? 'full' : 'thumb'}"
      data-name=${tensor.key}
      data-shape=${tensor.shape.join(',')}
    >
      ${detail ? html`<div class="tensor-name math">${tensor.label}</div>` : nothing}
      <div class="tensor-grid">
        ${
          labels
            ? html`<div
                class="row-labels"
                aria-hidden="true"
                style="padding-top:${band}px;width:${labels.labelWidth}px"
              >
                ${tokens.map(
                  (tok, i) =>
                    html`<span
                      style="height:${cell}px;font-size:${Math.min(labels.labelSize, cell)}px"
                      ><span class="idx">${i + 1}</span><span class="tok">${tok}</span></span
                    >`,
                )}
              </div>`
            : nothing
        }
        <div class="blocks" style="gap:${gapOf(tensor, mode)}px">
          ${tensor.blocks.map((b, k) => {
            const key = `${mode}:${tensor.key}:${k}`;
            this._canvases.set(key, { tensor, block: b });
            const w = b.cols * cell;
            return html`<div
              class="block"
              data-head=${b.head ?? nothing}
              style="--head:${b.head ? headColour(b.head) : 'transparent'}"
            >
              ${
                bands
                  ? html`<div class="band" style="height:${band}px">
                      ${detail && w >= 18 ? (w >= 44 ? t('attnShapesHead', b.head) : b.head) : ''}
                    </div>`
                  : nothing
              }
              <canvas
                data-key=${key}
                data-head=${b.head ?? nothing}
                data-rows=${b.rows}
                data-cols=${b.cols}
                width=${b.cols}
                height=${b.rows}
                style="width:${w}px;height:${b.rows * cell}px"
                role=${detail ? 'img' : nothing}
                aria-hidden=${detail ? nothing : 'true'}
                aria-label=${
                  detail
                    ? t(
                        'attnShapesMatrixLabel',
                        `${tensor.text}${b.head ? ` · ${t('attnShapesHead', b.head)}` : ''}`,
                        b.rows,
                        b.cols,
                      )
                    : nothing
                }
                tabindex=${detail ? '0' : nothing}
                data-values=${
                  detail && b.rows * b.cols <= MAX_DATA_VALUES
                    ? JSON.stringify(Array.from(b.values))
                    : nothing
                }
                @pointermove=${detail ? this._onPointer : nothing}
                @pointerleave=${detail ? this._hideTip : nothing}
                @focus=${detail ? this._onCanvasFocus : nothing}
                @blur=${detail ? this._hideTip : nothing}
                @keydown=${detail ? this._onCanvasKey : nothing}
              ></canvas>
            </div>`;
          })}
        </div>
      </div>
    </div>`;
  }

  _renderLegend(t, g, stage) {
    const isWeights = stage.tensors[0].colour === 'seq';
    const masked = g.step === 4 && g.result.mask.data.some((m) => m === 0);
    const coloured = stage.tensors.some((x) => x.layout !== 'single');
    return html`<p class="legend">
      <span class="ramp">
        <span
          class="bar"
          style="background:${isWeights ? BLUES_GRADIENT : PUOR_GRADIENT}"
          aria-hidden="true"
        ></span>
        ${isWeights ? t('attnShapesLegendWeights') : t('attnShapesLegendValues')}
      </span>
      ${
        masked
          ? html`<span class="ramp"
              ><span class="swatch blocked" aria-hidden="true"></span>
              ${t('attnShapesLegendMasked')}</span
            >`
          : nothing
      }
      ${
        coloured
          ? html`<span class="ramp heads-key">
              ${t('attnShapesLegendHeads')}
              ${Array.from(
                { length: g.heads },
                (_, k) =>
                  html`<span class="head-chip" style="--head:${headColour(k + 1)}">${k + 1}</span>`,
              )}
            </span>`
          : nothing
      }
    </p>`;
  }

  updated() {
    // A narrow rail scrolls sideways: keep the selected stage in view (sideways only, so the
    // page itself never jumps).
    const rail = this.renderRoot.querySelector('.rail.narrow');
    const tab = rail?.querySelector('.stage-tab[aria-selected="true"]');
    if (rail && tab) {
      const left = tab.offsetLeft - rail.offsetLeft;
      if (left < rail.scrollLeft || left + tab.offsetWidth > rail.scrollLeft + rail.clientWidth) {
        rail.scrollLeft = left - (rail.clientWidth - tab.offsetWidth) / 2;
      }
    }
    // One pixel per entry, scaled up by CSS: far cheaper than an element per number when a
    // 64-token sentence meets d_model 256.
    for (const canvas of this.renderRoot.querySelectorAll('canvas[data-key]')) {
      const entry = this._canvases.get(canvas.dataset.key);
      if (!entry) continue;
      const { tensor, block } = entry;
      if (canvas._drawn === block.values && canvas._size === `${canvas.width}x${canvas.height}`)
        continue;
      const context = canvas.getContext('2d');
      if (!context) continue;
      const image = context.createImageData(block.cols, block.rows);
      for (let c = 0; c < block.values.length; c++) {
        const value = block.values[c];
        let rgb;
        if (block.mask && block.mask[c] === 0) rgb = [209, 213, 219];
        else if (tensor.colour === 'seq') rgb = sequentialBytes(value);
        else rgb = divergingBytes(value, tensor.range);
        image.data.set([...rgb, 255], c * 4);
      }
      context.putImageData(image, 0, 0);
      canvas._drawn = block.values;
      canvas._size = `${canvas.width}x${canvas.height}`;
    }
  }

  /** The rail of stages is a tab list: arrow keys, Home and End pick the stage. */
  _onRailKey(event) {
    const g = this._good;
    if (!g) return;
    const moves = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };
    let step = g.step;
    if (event.key in moves) step += moves[event.key];
    else if (event.key === 'Home') step = 1;
    else if (event.key === 'End') step = STAGES;
    else return;
    event.preventDefault();
    step = Math.min(STAGES, Math.max(1, step));
    if (step === g.step) return;
    this.userSet('step', step).then(() =>
      this.renderRoot.querySelector(`.stage-tab[data-step="${step}"]`)?.focus(),
    );
  }

  _entryOf(canvas) {
    return this._canvases.get(canvas.dataset.key);
  }

  _onPointer(event) {
    const canvas = event.currentTarget;
    const entry = this._entryOf(canvas);
    if (!entry) return;
    const box = canvas.getBoundingClientRect();
    const { rows, cols } = entry.block;
    const c = Math.min(
      cols - 1,
      Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * cols)),
    );
    const r = Math.min(
      rows - 1,
      Math.max(0, Math.floor(((event.clientY - box.top) / box.height) * rows)),
    );
    this._showTip(canvas, r, c, false);
  }

  _onCanvasFocus(event) {
    const canvas = event.currentTarget;
    const at = canvas._cursor ?? { r: 0, c: 0 };
    this._showTip(canvas, at.r, at.c, true);
  }

  /** Arrow keys move a cursor over the matrix and read out the number under it. */
  _onCanvasKey(event) {
    const canvas = event.currentTarget;
    const entry = this._entryOf(canvas);
    if (!entry) return;
    const moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
    const { rows, cols } = entry.block;
    let { r, c } = canvas._cursor ?? { r: 0, c: 0 };
    if (moves[event.key]) {
      r = Math.min(rows - 1, Math.max(0, r + moves[event.key][0]));
      c = Math.min(cols - 1, Math.max(0, c + moves[event.key][1]));
    } else if (event.key === 'Home') c = 0;
    else if (event.key === 'End') c = cols - 1;
    else return;
    event.preventDefault();
    this._showTip(canvas, r, c, true);
  }

  /** Tooltip (and, from the keyboard, a cursor box) for entry (r, c) of a canvas. */
  _showTip(canvas, r, c, withCursor) {
    const g = this._good;
    const entry = this._entryOf(canvas);
    const tip = this.renderRoot.querySelector('.tip');
    if (!g || !entry || !tip) return;
    const t = this.t;
    const { tensor, block } = entry;
    const tokens = g.result.tokens;
    const [, , dK] = g.result.q.shape;
    const value = block.values[r * block.cols + c];
    const blocked = block.mask && block.mask[r * block.cols + c] === 0;
    const column =
      tensor.columnsAre === 'keys'
        ? t('attnShapesKeyColumn', tokens[c], c + 1)
        : t(
            'attnShapesColumn',
            tensor.layout === 'joined' && block.head ? (block.head - 1) * dK + c + 1 : c + 1,
          );
    const head = document.createElement('div');
    head.className = 'tip-head';
    head.textContent =
      `${tensor.text}${block.head ? ` · ${t('attnShapesHead', block.head)}` : ''} · ` +
      `${t('attnShapesRow', tokens[r], r + 1)} · ${column}`;
    const body = document.createElement('div');
    const strong = document.createElement('strong');
    strong.className = 'num';
    strong.textContent = fmtExact(value);
    body.append(strong);
    if (blocked) body.append(` · ${t('attnShapesLegendMasked')}`);
    tip.replaceChildren(head, body);

    const root = this.renderRoot.querySelector('.root');
    const box = canvas.getBoundingClientRect();
    const origin = root.getBoundingClientRect();
    const cw = box.width / block.cols;
    const ch = box.height / block.rows;
    const cx = box.left + (c + 0.5) * cw - origin.left;
    const top = box.top + r * ch - origin.top;
    const x = Math.min(origin.width - 120, Math.max(120, cx));
    tip.style.left = `${x}px`;
    tip.style.top = `${top - 6}px`;
    tip.hidden = false;

    const holder = canvas.parentElement;
    let cursor = holder.querySelector('.cursor');
    if (withCursor) {
      canvas._cursor = { r, c };
      if (!cursor) {
        cursor = document.createElement('div');
        cursor.className = 'cursor';
        holder.append(cursor);
      }
      cursor.style.left = `${canvas.offsetLeft + c * cw}px`;
      cursor.style.top = `${canvas.offsetTop + r * ch}px`;
      cursor.style.width = `${cw}px`;
      cursor.style.height = `${ch}px`;
      cursor.hidden = false;
    } else if (cursor) cursor.hidden = true;
  }

  _hideTip() {
    const tip = this.renderRoot?.querySelector('.tip');
    if (tip) tip.hidden = true;
    for (const cursor of this.renderRoot?.querySelectorAll('.cursor') ?? []) cursor.hidden = true;
  }
}

/**
 * The eight stages, each with its symbolic and actual shape and the tensors it shows, as views
 * into the core's result (the only copies are the concatenation's per-head column blocks).
 */
function buildStages(r) {
  const n = r.tokens.length;
  const [h, , dK] = r.q.shape;
  const d = r.x.shape[1];
  const perHead = (tensor, cols, extra = {}) =>
    Array.from({ length: h }, (_, k) => ({
      head: k + 1,
      rows: n,
      cols,
      values: tensor.data.subarray(k * n * cols, (k + 1) * n * cols),
      ...extra,
    }));
  // Head k's columns of an (n, d_model) matrix, as their own (n, d_k) block.
  const columnBlocks = (tensor) =>
    Array.from({ length: h }, (_, k) => {
      const values = new Float32Array(n * dK);
      for (let i = 0; i < n; i++) {
        values.set(tensor.data.subarray(i * d + k * dK, i * d + (k + 1) * dK), i * dK);
      }
      return { head: k + 1, rows: n, cols: dK, values };
    });
  const whole = (tensor) => [{ head: null, rows: n, cols: d, values: tensor.data }];
  const qkvRange = rangeOf(r.q.data, r.k.data, r.v.data);
  const make = (key, label, text, layout, blocks, extra = {}) => ({
    key,
    label,
    text,
    layout,
    blocks,
    colour: 'div',
    columns: blocks.reduce((sum, b) => sum + b.cols, 0),
    shape: layout === 'split' ? [h, n, blocks[0].cols] : [n, d],
    range: extra.range ?? rangeOf(...blocks.map((b) => b.values)),
    ...extra,
  });
  const Q = html`<var>Q</var>`;
  const K = html`<var>K</var>`;
  const V = html`<var>V</var>`;
  // The mask applies to every head alike: each scores block is greyed where it is 0.
  const maskData = r.mask.data;
  return [
    {
      sym: tuple(SYM.n, SYM.d),
      shape: r.x.shape,
      tensors: [make('x', html`<var>X</var>`, 'X', 'single', whole(r.x))],
    },
    {
      sym: tuple(SYM.n, SYM.d),
      shape: [n, h * dK],
      tensors: [
        make('q', Q, 'Q', 'joined', perHead(r.q, dK), { range: qkvRange }),
        make('k', K, 'K', 'joined', perHead(r.k, dK), { range: qkvRange }),
        make('v', V, 'V', 'joined', perHead(r.v, dK), { range: qkvRange }),
      ],
    },
    {
      sym: tuple(SYM.h, SYM.n, SYM.dk),
      shape: r.q.shape,
      tensors: [
        make('q-heads', Q, 'Q', 'split', perHead(r.q, dK), { range: qkvRange }),
        make('k-heads', K, 'K', 'split', perHead(r.k, dK), { range: qkvRange }),
        make('v-heads', V, 'V', 'split', perHead(r.v, dK), { range: qkvRange }),
      ],
    },
    {
      sym: tuple(SYM.h, SYM.n, SYM.n),
      shape: r.scores.shape,
      tensors: [
        make('scores', html`<var>S</var>`, 'S', 'split', perHead(r.scores, n, { mask: maskData }), {
          columnsAre: 'keys',
        }),
      ],
    },
    {
      sym: tuple(SYM.h, SYM.n, SYM.n),
      shape: r.weights.shape,
      tensors: [
        make('weights', html`<var>A</var>`, 'A', 'split', perHead(r.weights, n), {
          colour: 'seq',
          columnsAre: 'keys',
          range: 1,
        }),
      ],
    },
    {
      sym: tuple(SYM.h, SYM.n, SYM.dk),
      shape: r.headOutputs.shape,
      tensors: [make('head-outputs', html`head`, 'head', 'split', perHead(r.headOutputs, dK))],
    },
    {
      sym: html`(${SYM.n}, ${SYM.h}·${SYM.dk})`,
      shape: r.concat.shape,
      tensors: [make('concat', html`Concat`, 'Concat', 'joined', columnBlocks(r.concat))],
    },
    {
      sym: tuple(SYM.n, SYM.d),
      shape: r.output.shape,
      tensors: [make('output', html`Output`, 'Output', 'single', whole(r.output))],
    },
  ];
}

/** The formula of each stage, with the maths' names (language-neutral). */
function formula(step) {
  const T = html`<sup>⊤</sup>`;
  const I = { i: html`<var>i</var>`, h: html`<var>h</var>` };
  switch (step) {
    case 1:
      return html`<var>X</var> ∈ ℝ<sup><var>n</var> × <var>d</var><sub>model</sub></sup>`;
    case 2:
      return html`<var>Q</var> = <var>X</var> ${v('W', 'q')}${T} + ${v('b', 'q')}, <var>K</var> =
        <var>X</var> ${v('W', 'k')}${T} + ${v('b', 'k')}, <var>V</var> =
        <var>X</var> ${v('W', 'v')}${T} + ${v('b', 'v')}`;
    case 3:
      return html`<var>Q</var> = [ ${v('Q', 1)} | ${v('Q', 2)} | … | ${v('Q', I.h)} ],
        ${v('Q', I.i)} : (${SYM.n}, ${SYM.dk})`;
    case 4:
      return html`${v('S', I.i)} = ${v('Q', I.i)} ${v('K', I.i)}${T} / √${SYM.dk}`;
    case 5:
      return html`${v('A', I.i)} = softmax(${v('S', I.i)})`;
    case 6:
      return html`head<sub><var>i</var></sub> = ${v('A', I.i)} ${v('V', I.i)}`;
    case 7:
      return html`Concat(head<sub>1</sub>, …, head<sub><var>h</var></sub
        >)`;
    default:
      return html`Output = Concat · ${v('W', 'o')}${T} + ${v('b', 'o')}`;
  }
}

/** Plain-text d_k and W_o in a translated sentence, set as maths. */
function mathify(text) {
  return text
    .split(/(d_k|W_o)/)
    .map((part) => (part === 'd_k' ? SYM.dk : part === 'W_o' ? v('W', 'o') : part));
}

/** "(4, 6, 6)" */
function shapeText(shape) {
  return `(${shape.join(', ')})`;
}

/** Pixels of gap between a tensor's blocks. */
function gapsOf(tensor, mode) {
  return gapOf(tensor, mode) * (tensor.blocks.length - 1);
}

/** Pixels between two blocks: wide after the split, thin in one matrix, 1 px in a crowd. */
function gapOf(tensor, mode) {
  if (tensor.layout === 'single') return 0;
  if (mode === 'thumb') return tensor.blocks.length > 8 ? 1 : tensor.layout === 'split' ? 3 : 1;
  return tensor.layout === 'split' ? 10 : 2;
}

/** Cell size of a thumbnail: about 110 x 36 px at most, at least one pixel per entry. */
function thumbCell(tensor, n) {
  const width = 110 - gapsOf(tensor, 'thumb');
  return Math.min(4, width / tensor.columns, 36 / n);
}

/** The sequential colour as [r, g, b] bytes for a canvas. */
function sequentialBytes(value) {
  return sequential(value).bg.match(/\d+/g).slice(0, 3).map(Number);
}
