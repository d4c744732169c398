import { html, nothing } from 'lit';
import { LabElement } from '../shared/lab-element.js';
import {
  DEFAULT_SENTENCE,
  D_MODEL_MAX,
  MASKS,
  SEED_MAX,
  parseChoice,
  parseIntAttr,
} from '../shared/attrs.js';
import { BLUES_GRADIENT, PUOR_GRADIENT, diverging, sequential } from '../shared/colour.js';
import { fmt, fmtExact, fmtShort } from '../shared/format.js';
import { sharedStyles } from '../shared/styles.js';
import { heatmapStyles } from './styles.js';

export const VIEWS = ['weights', 'scores', 'masked-scores'];

/**
 * @summary The (n, n) self-attention matrix of a sentence as a colour grid, computed live by the
 * WebAssembly core: rows are queries, columns are keys.
 *
 * @attr sentence - The text to tokenize (1..64 tokens). Default "robot must obey orders".
 * @attr mask - none | causal | padding | causal+padding. Default none.
 * @attr view - weights | scores | masked-scores. Default weights.
 * @attr d-model - Embedding width, integer 1..256. Default 16.
 * @attr seed - Seeds embeddings and W_q, W_k, W_v; integer 0..4294967295. Default 7.
 * @attr show-values - Boolean: print the number in each cell.
 * @attr controls - Boolean: give the reader mask / view / seed controls.
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader changed a control. `detail`: `{ name, value, state }`.
 *
 * @csspart grid - The matrix.
 * @cssprop --attn-card - Card background. @cssprop --attn-border - Card border colour.
 */
export class AttnHeatmap extends LabElement {
  static properties = {
    sentence: { type: String },
    mask: { type: String },
    view: { type: String },
    dModel: { type: String, attribute: 'd-model' },
    seed: { type: String },
    showValues: { type: Boolean, attribute: 'show-values' },
    controls: { type: Boolean },
    _active: { state: true },
    _width: { state: true },
  };

  static inputs = ['sentence', 'mask', 'view', 'dModel', 'seed'];

  static styles = [sharedStyles, heatmapStyles];

  constructor() {
    super();
    this.showValues = false;
    this.controls = false;
    /** The cell that holds the grid's single tab stop (roving tabindex). */
    this._active = { i: 0, j: 0 };
    /** Own width, rounded, so column labels can decide whether they fit (see _renderMatrix). */
    this._width = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this._resize ??= new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width / 24) * 24;
      if (width !== this._width) this._width = width;
    });
    this._resize.observe(this);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this._resize?.disconnect();
  }

  get state() {
    const g = this._good;
    return {
      sentence: this.sentence ?? DEFAULT_SENTENCE,
      mask: g?.mask,
      view: g?.view,
      dModel: g?.dModel,
      seed: g?.seed,
      showValues: this.showValues,
    };
  }

  compute(lab, t) {
    const mask = parseChoice(t, 'mask', this.mask, MASKS, 'none');
    const view = parseChoice(t, 'view', this.view, VIEWS, 'weights');
    const dModel = parseIntAttr(t, 'd-model', this.dModel, {
      min: 1,
      max: D_MODEL_MAX,
      fallback: 16,
    });
    const seed = parseIntAttr(t, 'seed', this.seed, { min: 0, max: SEED_MAX, fallback: 7 });
    const sentence = this.sentence ?? DEFAULT_SENTENCE;
    const result = lab.selfAttention({ sentence, dModel, mask, seed });
    const n = result.tokens.length;
    if (this._active.i >= n || this._active.j >= n) this._active = { i: 0, j: 0 };
    this._hideTip();
    return { result, mask, view, dModel, seed };
  }

  render() {
    const t = this.t;
    const good = this._good;
    return this._renderFrame(
      t,
      good ? this._renderMatrix(t) : nothing,
      good && this.controls ? this._renderControls(t) : nothing,
    );
  }

  _renderControls(t) {
    const g = this._good;
    return html`<div class="controls">
      <label
        >${t('mask')}
        <select .value=${g.mask} @change=${(e) => this.userSet('mask', e.target.value)}>
          ${MASKS.map(
            (m) => html`<option value=${m} ?selected=${m === g.mask}>${t('maskNames')[m]}</option>`,
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
                  @change=${() => this.userSet('view', v)}
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

  _newSeed() {
    const [seed] = crypto.getRandomValues(new Uint32Array(1));
    this.userSet('seed', seed);
  }

  _matrixOf(g) {
    const r = g.result;
    if (g.view === 'weights') return r.weights;
    return g.view === 'scores' ? r.scores : r.maskedScores;
  }

  _renderMatrix(t) {
    const g = this._good;
    const { tokens, mask } = g.result;
    const n = tokens.length;
    const values = this._matrixOf(g).data;
    const isWeights = g.view === 'weights';
    // One colour range per matrix, symmetric around 0, over the cells that are finite.
    let range = 0;
    if (!isWeights)
      for (const v of values) if (Number.isFinite(v)) range = Math.max(range, Math.abs(v));
    range ||= 1;
    const labelSize = n <= 16 ? 13 : n <= 32 ? 11 : 9;
    // Column labels turn sideways only when the widest one would not fit across its column:
    // single Chinese characters stay upright even for 20 tokens, "orders" turns on a phone.
    const textWidth = (tok) =>
      [...tok].reduce(
        (w, ch) => w + (/[\u1100-\uffff]|\p{Extended_Pictographic}/u.test(ch) ? 1 : 0.6),
        0,
      ) * labelSize;
    const widest = Math.max(...tokens.map(textWidth));
    const rowLabels = Math.min(160, widest + 30);
    const cell = Math.min(56, Math.max(12, ((this._width || 720) - 40 - rowLabels - 60) / n));
    const rotate = widest > cell - 4;
    // Print numbers only where a cell can hold them; masked labels need less room.
    const printValues = this.showValues && n <= 24;
    const printMasked = n <= 24;
    const anyMasked = mask.data.some((m) => m === 0);
    const viewName = t('viewNames')[g.view];
    const active = this._active;

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
        if (hatched) text = printMasked ? (isWeights ? '0' : '−∞') : '';
        else if (printValues) text = fmtShort(v);
        const isActive = active.i === i && active.j === j;
        rowCells.push(
          html`<div
            role="gridcell"
            class="cell ${hatched ? 'masked' : ''} ${blocked && !hatched ? 'will-mask' : ''}"
            style=${hatched ? '' : `background-color:${bg};color:${fg}`}
            data-row=${i}
            data-col=${j}
            data-value=${String(v)}
            data-masked=${blocked ? 'true' : 'false'}
            tabindex=${isActive ? '0' : '-1'}
            aria-label=${
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
            isWeights
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

    return html`<figure class="figure ${this._error ? 'stale' : ''}">
      <div
        class="scroll"
        style="--n:${n};--label-size:${labelSize}px"
        @pointerover=${this._onPointer}
        @pointerleave=${this._hideTip}
        @focusin=${this._onFocus}
        @focusout=${this._hideTip}
      >
        <div
          role="grid"
          part="grid"
          class="grid ${rotate ? 'rotate' : ''} ${isWeights ? 'with-sum' : ''}"
          aria-label=${t('heatmapLabel', viewName)}
          aria-rowcount=${n + 1}
          aria-colcount=${n + (isWeights ? 2 : 1)}
          @keydown=${this._onKey}
        >
          <div aria-hidden="true"></div>
          <div class="axis-keys" aria-hidden="true" style="grid-column: span ${n}">
            ${t('keyAxis')}
          </div>
          ${isWeights ? html`<div aria-hidden="true"></div>` : nothing}
          <div role="row" class="row">
            <div role="columnheader" class="corner">
              <span class="axis-queries">${t('queryAxis')}</span>
            </div>
            ${tokens.map(
              (tok, j) =>
                html`<div role="columnheader" class="col-label" title=${tok} data-token=${tok}>
                  <span class="tok">${tok}</span
                  ><span class="idx" aria-hidden="true">${j + 1}</span>
                </div>`,
            )}
            ${
              isWeights
                ? html`<div role="columnheader" class="sum-label" title=${t('rowSumHelp')}>
                    ${t('rowSum')}
                  </div>`
                : nothing
            }
          </div>
          ${cells}
        </div>
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
        ${isWeights ? html`<span class="ramp sum-help">${t('rowSumHelp')}</span>` : nothing}
      </figcaption>
    </figure>`;
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
    const head = document.createElement('div');
    head.className = 'tip-head';
    head.textContent = `${tokens[i]} → ${tokens[j]}`;
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
    const tip = this.renderRoot.querySelector('.tip');
    if (tip) tip.hidden = true;
  }

  /** Arrow keys move between cells (one tab stop for the whole grid, as ARIA grids do). */
  _onKey(event) {
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
      this.renderRoot.querySelector(`.cell[data-row="${i}"][data-col="${j}"]`)?.focus();
    });
  }
}
