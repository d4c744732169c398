import { html, nothing } from 'lit';
import { LabElement } from '../shared/lab-element.js';
import {
  AttributeError,
  DEFAULT_SENTENCE,
  D_MODEL_MAX,
  MASKS,
  SEED_MAX,
  parseChoice,
  parseIntAttr,
} from '../shared/attrs.js';
import {
  BLUES_GRADIENT,
  PUOR_GRADIENT,
  diverging,
  divergingBytes,
  sequential,
} from '../shared/colour.js';
import { fmt, fmtExact, fmtShort } from '../shared/format.js';
import { sharedStyles } from '../shared/styles.js';
import { heatmapStyles } from './styles.js';
import { divisors, headColour, userSetMany } from '../shared/heads.js';

export const VIEWS = ['weights', 'scores', 'masked-scores'];
/** Past this many cells in all the heads' grids together, each head is drawn as a picture. */
const COMPACT_CELLS = 6144;

/** 'rgb(r g b)' -> [r, g, b] */
const cssBytes = (colour) => colour.match(/\d+/g).slice(0, 3).map(Number);

/**
 * @summary The (n, n) self-attention matrix of a sentence as a colour grid, computed live by the
 * WebAssembly core: rows are queries, columns are keys. With `heads`, multi-head attention: one
 * grid per head, side by side, or one head, or their mean.
 *
 * @attr sentence - The text to tokenize (1..64 tokens). Default "robot must obey orders".
 * @attr mask - none | causal | padding | causal+padding. Default none. With `heads`, any mask
 *   spec the core accepts ('prefix:2', 'causal+window:3', ...).
 * @attr view - weights | scores | masked-scores. Default weights.
 * @attr d-model - Embedding width, integer 1..256. Default 16.
 * @attr heads - Multi-head attention with this many heads: 1..d-model, and it must divide
 *   d-model (d_k = d-model / heads). Absent: single-head self-attention (lab.selfAttention, with
 *   d_k = d-model), as in lesson 4. Present (even "1"): lab.multiHeadAttention, with its
 *   W_q, W_k, W_v, W_o and biases.
 * @attr head - With `heads`: all | mean | 1..heads. Which grid(s) to show: every head side by
 *   side, the weights averaged over the heads (weights view only), or one head. Default all.
 * @attr seed - Seeds embeddings and weights; integer 0..4294967295. Default 7.
 * @attr show-values - Boolean: print the number in each cell.
 * @attr controls - Boolean: give the reader mask / view / seed controls (and heads / head ones
 *   with `heads`).
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader changed a control. `detail`: `{ name, value, state }`.
 *
 * @csspart grid - The matrix (each head's, with `heads`).
 * @cssprop --attn-card - Card background. @cssprop --attn-border - Card border colour.
 */
export class AttnHeatmap extends LabElement {
  static properties = {
    sentence: { type: String },
    mask: { type: String },
    view: { type: String },
    dModel: { type: String, attribute: 'd-model' },
    heads: { type: String },
    head: { type: String },
    seed: { type: String },
    showValues: { type: Boolean, attribute: 'show-values' },
    controls: { type: Boolean },
    _active: { state: true },
  };

  static inputs = ['sentence', 'mask', 'view', 'dModel', 'heads', 'head', 'seed'];

  static styles = [sharedStyles, heatmapStyles];

  static widthStep = 24;

  constructor() {
    super();
    this.showValues = false;
    this.controls = false;
    /** The cell that holds each grid's single tab stop (roving tabindex, shared by the heads). */
    this._active = { i: 0, j: 0 };
  }

  get state() {
    const g = this._good;
    const state = {
      sentence: this.sentence ?? DEFAULT_SENTENCE,
      mask: g?.mask,
      view: g?.view,
      dModel: g?.dModel,
      seed: g?.seed,
      showValues: this.showValues,
    };
    if (g?.multi) Object.assign(state, { heads: g.heads, head: g.head });
    return state;
  }

  compute(lab, t) {
    const view = parseChoice(t, 'view', this.view, VIEWS, 'weights');
    const dModel = parseIntAttr(t, 'd-model', this.dModel, {
      min: 1,
      max: D_MODEL_MAX,
      fallback: 16,
    });
    const seed = parseIntAttr(t, 'seed', this.seed, { min: 0, max: SEED_MAX, fallback: 7 });
    const sentence = this.sentence ?? DEFAULT_SENTENCE;
    const multi = this.heads != null && String(this.heads).trim() !== '';
    let good;
    if (!multi) {
      const mask = parseChoice(t, 'mask', this.mask, MASKS, 'none');
      const result = lab.selfAttention({ sentence, dModel, mask, seed });
      good = { multi, result, mask, view, dModel, seed };
    } else {
      const heads = parseIntAttr(t, 'heads', this.heads, { min: 1, max: dModel, fallback: 1 });
      if (dModel % heads !== 0) {
        throw new AttributeError(t('attnHeatmapNotDivisor', heads, dModel, divisors(dModel)));
      }
      const head = parseHead(t, this.head, heads);
      if (head === 'mean' && view !== 'weights') {
        throw new AttributeError(t('attnHeatmapMeanNeedsWeights', view));
      }
      // A mask spec ('causal', 'prefix:2+padding'...): the core checks it and names a bad term.
      const mask = String(this.mask ?? '').trim() || 'none';
      const result = lab.multiHeadAttention({ sentence, dModel, heads, mask, seed });
      good = { multi, result, mask, view, dModel, seed, heads, head };
    }
    const n = good.result.tokens.length;
    if (this._active.i >= n || this._active.j >= n) this._active = { i: 0, j: 0 };
    this._hideTip();
    return good;
  }

  render() {
    const t = this.t;
    const good = this._good;
    return this._renderFrame(
      t,
      good ? this._renderFigure(t) : nothing,
      good && this.controls ? this._renderControls(t) : nothing,
    );
  }

  _renderControls(t) {
    const g = this._good;
    // A spec the picker does not list ('causal+window:2') stays selectable as itself.
    const masks = MASKS.includes(g.mask) ? MASKS : [...MASKS, g.mask];
    return html`<div class="controls">
      ${g.multi ? this._renderHeadControls(t, g) : nothing}
      <label
        >${t('mask')}
        <select .value=${g.mask} @change=${(e) => this.userSet('mask', e.target.value)}>
          ${masks.map(
            (m) =>
              html`<option value=${m} ?selected=${m === g.mask}>${t('maskNames')[m] ?? m}</option>`,
          )}
        </select></label
      >
      <fieldset class="segmented">
        <legend>${t('view')}</legend>
        <span class="options">
          ${VIEWS.map(
            (v) =>
              html`<label
                ><input
                  type="radio"
                  name="view"
                  value=${v}
                  .checked=${v === g.view}
                  @change=${() =>
                    userSetMany(
                      this,
                      g.multi && g.head === 'mean' && v !== 'weights'
                        ? [
                            ['view', v],
                            ['head', null],
                          ]
                        : [['view', v]],
                    )}
                /><span>${t('viewNames')[v]}</span></label
              >`,
          )}
        </span>
      </fieldset>
      <span class="field">
        <label
          >${t('seed')}
          <input
            type="number"
            min="0"
            max=${SEED_MAX}
            step="1"
            inputmode="numeric"
            .value=${String(g.seed)}
            @change=${(e) => this.userSet('seed', e.target.value)}
        /></label>
        <button type="button" @click=${this._newSeed}>${t('newSeed')}</button>
      </span>
      <label
        ><input
          type="checkbox"
          .checked=${this.showValues}
          @change=${(e) => this.userSet('show-values', e.target.checked)}
        />${t('showValues')}</label
      >
    </div>`;
  }

  _renderHeadControls(t, g) {
    const choices = ['all', ...(g.view === 'weights' ? ['mean'] : [])];
    for (let k = 1; k <= g.heads; k++) choices.push(String(k));
    const name = (c) =>
      c === 'all'
        ? t('attnHeatmapAllHeads')
        : c === 'mean'
          ? t('attnHeatmapMean')
          : t('attnHeatmapHead', c);
    return html`<label
        >${t('attnHeatmapHeads')}
        <select
          class="heads"
          .value=${String(g.heads)}
          @change=${(e) => {
            const heads = Number(e.target.value);
            userSetMany(
              this,
              typeof g.head === 'number' && g.head > heads
                ? [
                    ['heads', heads],
                    ['head', null],
                  ]
                : [['heads', heads]],
            );
          }}
        >
          ${divisors(g.dModel).map(
            (k) => html`<option value=${k} ?selected=${k === g.heads}>${k}</option>`,
          )}
        </select></label
      >
      <label
        >${t('attnHeatmapShow')}
        <select
          class="head"
          .value=${String(g.head)}
          @change=${(e) => this.userSet('head', e.target.value)}
        >
          ${choices.map(
            (c) => html`<option value=${c} ?selected=${c === String(g.head)}>${name(c)}</option>`,
          )}
        </select></label
      >`;
  }

  _newSeed() {
    const [seed] = crypto.getRandomValues(new Uint32Array(1));
    this.userSet('seed', seed);
  }

  /**
   * The grids to draw: one for single-head attention; with `heads`, one per head, one head, or
   * the mean. `values` are views into (or, for masked scores, a copy of) the core's tensors.
   */
  _panels(t, g) {
    const r = g.result;
    const n = r.tokens.length;
    if (!g.multi) {
      const values =
        g.view === 'weights' ? r.weights : g.view === 'scores' ? r.scores : r.maskedScores;
      return [{ head: null, title: '', values: values.data }];
    }
    if (g.head === 'mean') {
      return [
        { head: 'mean', title: t('attnHeatmapMeanTitle', g.heads), values: r.meanWeights.data },
      ];
    }
    const source = g.view === 'weights' ? r.weights.data : r.scores.data;
    const heads = g.head === 'all' ? Array.from({ length: g.heads }, (_, k) => k + 1) : [g.head];
    return heads.map((k) => {
      let values = source.subarray((k - 1) * n * n, k * n * n);
      if (g.view === 'masked-scores') {
        // The masked scores are the scores with every blocked cell at −∞ (the mask is the
        // core's): what softmax receives.
        values = values.map((v, c) => (r.mask.data[c] === 0 ? -Infinity : v));
      }
      return { head: k, title: t('attnHeatmapHead', k), values };
    });
  }

  _renderFigure(t) {
    const g = this._good;
    const { tokens, mask } = g.result;
    const n = tokens.length;
    const panels = this._panels(t, g);
    this._minis = new Map();
    const isWeights = g.view === 'weights';
    // One colour range for every grid shown, symmetric around 0, over the finite cells, so the
    // heads can be compared by colour.
    let range = 0;
    if (!isWeights) {
      for (const p of panels)
        for (const v of p.values) if (Number.isFinite(v)) range = Math.max(range, Math.abs(v));
    }
    range ||= 1;
    const many = panels.length > 1;
    const width = this._width || 720;
    // Many heads of a long sentence are too many cells for elements (16 heads of 64 tokens are
    // 65,536): each head becomes a small picture, one pixel per cell, read by hover or keys.
    const compact = many && panels.length * n * n > COMPACT_CELLS;
    let labelSize = n <= 16 ? 13 : n <= 32 ? 11 : 9;
    // Column labels turn sideways only when the widest one would not fit across its column:
    // single Chinese characters stay upright even for 20 tokens, "orders" turns on a phone.
    const textWidth = (tok, size) =>
      [...tok].reduce(
        (w, ch) => w + (/[\u1100-\uffff]|\p{Extended_Pictographic}/u.test(ch) ? 1 : 0.6),
        0,
      ) * size;
    let widest = Math.max(...tokens.map((tok) => textWidth(tok, labelSize)));
    let rowLabels = Math.min(160, widest + 30);
    let cell = Math.min(56, Math.max(12, (width - 40 - rowLabels - 60) / n));
    let fixed = null;
    if (compact) {
      const gap = 16;
      let perLine = panels.length;
      for (; perLine > 1; perLine--) {
        if ((width - 30 - (perLine - 1) * gap) / perLine / n >= 3) break;
      }
      perLine = Math.ceil(panels.length / Math.ceil(panels.length / perLine));
      cell = Math.max(
        1,
        Math.min(12, Math.floor((width - 30 - (perLine - 1) * gap) / perLine / n)),
      );
      fixed = cell;
    } else if (many) {
      // Small multiples: as many grids per line as keep cells readable, at a fixed cell size.
      labelSize = Math.min(labelSize, 12);
      widest = Math.max(...tokens.map((tok) => textWidth(tok, labelSize)));
      rowLabels = Math.min(120, widest + 26);
      const gap = 16;
      const minCell = n <= 8 ? 18 : n <= 16 ? 12 : 8;
      let perLine = panels.length;
      for (; perLine > 1; perLine--) {
        const fit = ((width - 30 - (perLine - 1) * gap) / perLine - rowLabels - 6) / n;
        if (fit >= minCell) break;
      }
      // Balanced lines: 4 heads that do not fit in one line go 2 + 2, not 3 + 1.
      perLine = Math.ceil(panels.length / Math.ceil(panels.length / perLine));
      const fit = ((width - 30 - (perLine - 1) * gap) / perLine - rowLabels - 6) / n;
      // One grid per line (a phone): smaller cells, so the heads stay close together.
      cell = Math.floor(Math.min(perLine === 1 ? 30 : 44, Math.max(8, fit)));
      fixed = cell;
    }
    const rotate = widest > cell - 4;
    // Print numbers only where a cell can hold them; masked labels need less room.
    const printValues = this.showValues && n <= 24 && (!fixed || fixed >= 26);
    const printMasked = n <= 24 && (!fixed || fixed >= 26);
    const anyMasked = mask.data.some((m) => m === 0);
    const withSum = isWeights && !many;
    const [, , dK] = g.multi ? g.result.q.shape : [];

    return html`<figure class="figure ${this._error ? 'stale' : ''}">
      ${
        g.multi
          ? html`<p class="sizes" data-heads=${g.heads} data-dk=${dK}>
              ${t('attnHeatmapHeadCount', g.heads)},
              <span class="math"><var>d</var><sub>k</sub> = ${g.dModel} / ${g.heads} = ${dK}</span>
              ${many ? html`<span class="axes">${t('queryAxis')} · ${t('keyAxis')}</span>` : nothing}
            </p>`
          : nothing
      }
      <div
        class="panels ${many ? 'many' : ''}"
        @pointerover=${this._onPointer}
        @pointerleave=${this._hideTip}
        @focusin=${this._onFocus}
        @focusout=${this._hideTip}
      >
        ${panels.map((p) =>
          compact
            ? this._renderMini(t, p, n, cell, range)
            : this._renderGrid(t, p, {
                n,
                tokens,
                mask,
                range,
                labelSize,
                rotate,
                fixed,
                printValues,
                printMasked,
                withSum,
              }),
        )}
      </div>
      <div class="tip" role="tooltip" hidden></div>
      <figcaption class="legend">
        <span class="ramp">
          <span
            class="bar"
            style="background:${isWeights ? BLUES_GRADIENT : PUOR_GRADIENT}"
            aria-hidden="true"
          ></span>
          ${isWeights ? t('legendWeights') : t('legendScores', fmt(range))}
        </span>
        ${
          anyMasked
            ? html`<span class="ramp">
                <span
                  class="swatch ${g.view === 'scores' ? 'will-mask' : 'masked'}"
                  aria-hidden="true"
                ></span>
                ${g.view === 'scores' ? t('legendWillMask') : t('legendMasked')}
              </span>`
            : nothing
        }
        ${withSum ? html`<span class="ramp sum-help">${t('rowSumHelp')}</span>` : nothing}
        ${
          isWeights && many
            ? html`<span class="ramp sum-help">${t('attnHeatmapEachRow')}</span>`
            : nothing
        }
        ${
          g.multi && g.head === 'mean'
            ? html`<span class="ramp sum-help">${t('attnHeatmapMeanHelp')}</span>`
            : nothing
        }
      </figcaption>
    </figure>`;
  }

  /** One (n, n) grid: a head's, the mean's, or single-head attention's. */
  _renderGrid(t, panel, o) {
    const g = this._good;
    const { n, tokens, mask, range, fixed } = o;
    const values = panel.values;
    const isWeights = g.view === 'weights';
    const viewName = t('viewNames')[g.view];
    const active = this._active;
    const head = panel.head === null ? undefined : String(panel.head);
    const cells = [];
    for (let i = 0; i < n; i++) {
      const rowCells = [];
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const k = i * n + j;
        const v = values[k];
        const blocked = mask.data[k] === 0;
        if (isWeights) sum += v;
        // Blocked cells are hatched in the weights and masked-scores views (they are 0 / -inf
        // there); in the raw scores view the number is real, so only a light hatch marks them.
        const hatched = blocked && g.view !== 'scores';
        const { bg, fg } = hatched
          ? { bg: '', fg: '' }
          : isWeights
            ? sequential(v)
            : diverging(v, range);
        let text = '';
        if (hatched) text = o.printMasked ? (isWeights ? '0' : '−∞') : '';
        else if (o.printValues) text = fmtShort(v);
        const isActive = active.i === i && active.j === j;
        rowCells.push(
          html`<div
            role="gridcell"
            class="cell ${hatched ? 'masked' : ''} ${blocked && !hatched ? 'will-mask' : ''}"
            style=${hatched ? '' : `background-color:${bg};color:${fg}`}
            data-head=${head ?? nothing}
            data-row=${i}
            data-col=${j}
            data-value=${String(v)}
            data-masked=${blocked ? 'true' : 'false'}
            tabindex=${isActive ? '0' : '-1'}
            aria-label=${
              (panel.title ? `${panel.title}: ` : '') +
              t('cellLabel', tokens[i], i + 1, tokens[j], j + 1, fmtExact(v)) +
              (blocked ? ` (${t('masked')})` : '')
            }
          >
            ${text}
          </div>`,
        );
      }
      cells.push(
        html`<div role="row" class="row">
          <div role="rowheader" class="row-label" title=${tokens[i]} data-token=${tokens[i]}>
            <span class="idx" aria-hidden="true">${i + 1}</span
            ><span class="tok">${tokens[i]}</span>
          </div>
          ${rowCells}
          ${
            o.withSum
              ? html`<div
                  role="gridcell"
                  class="sum ${Math.abs(sum - 1) < 1e-3 ? 'one' : ''}"
                  data-sum=${String(sum)}
                  title=${t('rowSumHelp')}
                >
                  ${fmt(sum)}
                </div>`
              : nothing
          }
        </div>`,
      );
    }
    // The grid declares its own cell bounds, so fixed sizes go on the grid itself.
    const fixedStyle = fixed
      ? `--cell-min:${fixed}px;--cell-max:${fixed}px;` +
        `--cell-font:${Math.max(7, Math.min(13, Math.round(fixed * 0.3)))}px`
      : nothing;
    const grid = html`<div
      class="scroll ${fixed ? 'fixed' : ''}"
      style="--n:${n};--label-size:${o.labelSize}px"
    >
      <div
        role="grid"
        part="grid"
        style=${fixedStyle}
        class="grid ${o.rotate ? 'rotate' : ''} ${o.withSum ? 'with-sum' : ''}"
        data-head=${head ?? nothing}
        aria-label=${
          panel.title
            ? t('attnHeatmapGridLabel', panel.title, viewName)
            : t('heatmapLabel', viewName)
        }
        aria-rowcount=${n + 1}
        aria-colcount=${n + (o.withSum ? 2 : 1)}
        @keydown=${this._onKey}
      >
        <div aria-hidden="true"></div>
        <div class="axis-keys" aria-hidden="true" style="grid-column: span ${n}">
          ${t('keyAxis')}
        </div>
        ${o.withSum ? html`<div aria-hidden="true"></div>` : nothing}
        <div role="row" class="row">
          <div role="columnheader" class="corner">
            <span class="axis-queries">${t('queryAxis')}</span>
          </div>
          ${tokens.map(
            (tok, j) =>
              html`<div role="columnheader" class="col-label" title=${tok} data-token=${tok}>
                <span class="tok">${tok}</span><span class="idx" aria-hidden="true">${j + 1}</span>
              </div>`,
          )}
          ${
            o.withSum
              ? html`<div role="columnheader" class="sum-label" title=${t('rowSumHelp')}>
                  ${t('rowSum')}
                </div>`
              : nothing
          }
        </div>
        ${cells}
      </div>
    </div>`;
    if (head === undefined) return grid;
    return html`<section class="panel" data-head=${head} data-title=${panel.title}>
      ${this._renderPanelTitle(panel)} ${grid}
    </section>`;
  }

  /** A head as a picture (compact mode): one pixel per cell, drawn in updated(). */
  _renderMini(t, panel, n, cell, range) {
    const g = this._good;
    (this._minis ??= new Map()).set(String(panel.head), { panel, range });
    return html`<section class="panel compact" data-head=${panel.head} data-title=${panel.title}>
      ${this._renderPanelTitle(panel)}
      <div class="mini-holder">
        <canvas
          class="mini"
          data-head=${panel.head}
          width=${n}
          height=${n}
          style="width:${n * cell}px;height:${n * cell}px"
          tabindex="0"
          role="img"
          aria-label=${t('attnHeatmapGridLabel', panel.title, t('viewNames')[g.view])}
          @pointermove=${this._onMiniPointer}
          @pointerleave=${this._hideTip}
          @focus=${this._onMiniFocus}
          @blur=${this._hideTip}
          @keydown=${this._onMiniKey}
        ></canvas>
      </div>
    </section>`;
  }

  _renderPanelTitle(panel) {
    return html`<h4 class="panel-title">
      ${
        typeof panel.head === 'number'
          ? html`<span
              class="swatch head-swatch"
              style="background:${headColour(panel.head)}"
              aria-hidden="true"
            ></span>`
          : nothing
      }${panel.title}
    </h4>`;
  }

  updated() {
    const g = this._good;
    if (!g || !this._minis) return;
    const mask = g.result.mask.data;
    const isWeights = g.view === 'weights';
    for (const canvas of this.renderRoot.querySelectorAll('canvas.mini')) {
      const entry = this._minis.get(canvas.dataset.head);
      if (!entry) continue;
      const { values } = entry.panel;
      const key = `${g.view}:${entry.range}`;
      if (canvas._drawn === values && canvas._key === key) continue;
      const context = canvas.getContext('2d');
      if (!context) continue;
      const n = canvas.width;
      const image = context.createImageData(n, n);
      for (let c = 0; c < n * n; c++) {
        let rgb;
        // Blocked cells are grey where they are 0 or −∞ (weights, masked scores).
        if (mask[c] === 0 && g.view !== 'scores') rgb = [209, 213, 219];
        else if (isWeights) rgb = cssBytes(sequential(values[c]).bg);
        else rgb = divergingBytes(values[c], entry.range);
        image.data.set([...rgb, 255], c * 4);
      }
      context.putImageData(image, 0, 0);
      canvas._drawn = values;
      canvas._key = key;
    }
  }

  _miniCell(canvas, event) {
    const n = canvas.width;
    const box = canvas.getBoundingClientRect();
    const j = Math.floor(((event.clientX - box.left) / box.width) * n);
    const i = Math.floor(((event.clientY - box.top) / box.height) * n);
    return { i: Math.min(n - 1, Math.max(0, i)), j: Math.min(n - 1, Math.max(0, j)) };
  }

  _onMiniPointer(event) {
    const canvas = event.currentTarget;
    const { i, j } = this._miniCell(canvas, event);
    this._showMiniTip(canvas, i, j, false);
  }

  _onMiniFocus(event) {
    const { i, j } = this._active;
    this._showMiniTip(event.currentTarget, i, j, true);
  }

  /** Arrow keys move a cursor, shared by the heads: Tab then compares them at one cell. */
  _onMiniKey(event) {
    const canvas = event.currentTarget;
    const n = canvas.width;
    const moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
    let { i, j } = this._active;
    if (moves[event.key]) {
      i = Math.min(n - 1, Math.max(0, i + moves[event.key][0]));
      j = Math.min(n - 1, Math.max(0, j + moves[event.key][1]));
    } else if (event.key === 'Home') j = 0;
    else if (event.key === 'End') j = n - 1;
    else return;
    event.preventDefault();
    this._active = { i, j };
    this._showMiniTip(canvas, i, j, true);
  }

  _showMiniTip(canvas, i, j, withCursor) {
    const g = this._good;
    const entry = this._minis?.get(canvas.dataset.head);
    const tip = this.renderRoot.querySelector('.tip');
    if (!g || !entry || !tip) return;
    const t = this.t;
    const n = canvas.width;
    const { tokens, mask } = g.result;
    const blocked = mask.data[i * n + j] === 0;
    let v = entry.panel.values[i * n + j];
    const head = document.createElement('div');
    head.className = 'tip-head';
    head.textContent = `${entry.panel.title} · ${tokens[i]} (${i + 1}) → ${tokens[j]} (${j + 1})`;
    const body = document.createElement('div');
    const value = document.createElement('strong');
    value.className = 'num';
    value.textContent = fmtExact(v);
    body.append(`${t('viewNames')[g.view]}: `, value);
    if (blocked) body.append(` · ${t('masked')}`);
    tip.replaceChildren(head, body);
    const root = this.renderRoot.querySelector('.root');
    const box = canvas.getBoundingClientRect();
    const origin = root.getBoundingClientRect();
    const size = box.width / n;
    const x = Math.min(
      origin.width - 110,
      Math.max(110, box.left + (j + 0.5) * size - origin.left),
    );
    const top = box.top + i * size - origin.top;
    const below = top < 70;
    tip.style.left = `${x}px`;
    tip.style.top = `${below ? top + size + 6 : top - 6}px`;
    tip.classList.toggle('below', below);
    tip.hidden = false;
    const holder = canvas.parentElement;
    let cursor = holder.querySelector('.cursor');
    if (!withCursor) {
      if (cursor) cursor.hidden = true;
      return;
    }
    if (!cursor) {
      cursor = document.createElement('div');
      cursor.className = 'cursor';
      holder.append(cursor);
    }
    Object.assign(cursor.style, {
      left: `${j * size}px`,
      top: `${i * size}px`,
      width: `${size}px`,
      height: `${size}px`,
    });
    cursor.hidden = false;
  }

  _cellFrom(event) {
    const target = event.composedPath()[0];
    return target instanceof Element ? target.closest('.cell') : null;
  }

  /**
   * The tooltip is updated by hand, not through Lit state: re-rendering a 64 x 64 grid on every
   * pointer move would be wasted work.
   */
  _showTipFor(cell) {
    const g = this._good;
    const tip = this.renderRoot.querySelector('.tip');
    if (!cell || !g || !tip) return;
    const t = this.t;
    const { tokens } = g.result;
    const i = Number(cell.dataset.row);
    const j = Number(cell.dataset.col);
    const v = Number(cell.dataset.value);
    const title = cell.closest('.panel')?.dataset.title;
    const head = document.createElement('div');
    head.className = 'tip-head';
    head.textContent = `${title ? `${title} · ` : ''}${tokens[i]} → ${tokens[j]}`;
    const body = document.createElement('div');
    const value = document.createElement('strong');
    value.className = 'num';
    value.textContent = fmtExact(v);
    body.append(`${t('viewNames')[g.view]}: `, value);
    if (cell.dataset.masked === 'true') body.append(` · ${t('masked')}`);
    tip.replaceChildren(head, body);

    const root = this.renderRoot.querySelector('.root');
    const box = cell.getBoundingClientRect();
    const origin = root.getBoundingClientRect();
    // Above the cell unless it is near the top of the card; kept inside the card horizontally.
    const below = box.top - origin.top < 70;
    const x = Math.min(origin.width - 90, Math.max(90, box.left + box.width / 2 - origin.left));
    tip.style.left = `${x}px`;
    tip.style.top = `${below ? box.bottom - origin.top + 6 : box.top - origin.top - 6}px`;
    tip.classList.toggle('below', below);
    tip.hidden = false;
  }

  _onPointer(event) {
    const cell = this._cellFrom(event);
    if (cell) this._showTipFor(cell);
  }

  _onFocus(event) {
    const cell = this._cellFrom(event);
    if (!cell) return;
    this._active = { i: Number(cell.dataset.row), j: Number(cell.dataset.col) };
    this._showTipFor(cell);
  }

  _hideTip() {
    const tip = this.renderRoot?.querySelector('.tip');
    if (tip) tip.hidden = true;
    for (const cursor of this.renderRoot?.querySelectorAll('.cursor') ?? []) cursor.hidden = true;
  }

  /**
   * Arrow keys move between cells (one tab stop per grid, as ARIA grids do). With several heads
   * every grid keeps its tab stop on the same cell, so Tab compares the heads at one spot.
   */
  _onKey(event) {
    const grid = event.currentTarget;
    const n = this._good?.result.tokens.length ?? 0;
    const moves = {
      ArrowRight: [0, 1],
      ArrowLeft: [0, -1],
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
    };
    let { i, j } = this._active;
    if (moves[event.key]) {
      i = Math.min(n - 1, Math.max(0, i + moves[event.key][0]));
      j = Math.min(n - 1, Math.max(0, j + moves[event.key][1]));
    } else if (event.key === 'Home') j = 0;
    else if (event.key === 'End') j = n - 1;
    else return;
    event.preventDefault();
    this._active = { i, j };
    this.updateComplete.then(() => {
      grid.querySelector(`.cell[data-row="${i}"][data-col="${j}"]`)?.focus();
    });
  }
}

/** The `head` attribute: 'all' (default), 'mean', or a head number 1..heads. */
function parseHead(t, raw, heads) {
  if (raw == null || String(raw).trim() === '') return 'all';
  const text = String(raw).trim().toLowerCase();
  if (text === 'all' || text === 'mean') return text;
  if (!/^[+-]?\d+$/.test(text)) throw new AttributeError(t('attnHeatmapBadHead', raw, heads));
  const k = Number(text);
  if (k < 1 || k > heads) throw new AttributeError(t('outOfRange', 'head', text, 1, heads));
  return k;
}
