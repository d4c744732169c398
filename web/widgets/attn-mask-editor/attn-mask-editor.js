import { html, nothing } from 'lit';
import { LabElement } from '../shared/lab-element.js';
import {
  AttributeError,
  DEFAULT_SENTENCE,
  MAX_TOKENS,
  SEED_MAX,
  parseIntAttr,
} from '../shared/attrs.js';
import { BLUES_GRADIENT, PUOR_GRADIENT, diverging, sequential } from '../shared/colour.js';
import { fmt, fmtExact, fmtShort, fmtSig } from '../shared/format.js';
import { sharedStyles } from '../shared/styles.js';
import { maskEditorStyles } from './styles.js';

/** The mask terms the controls offer, in the order a spec is written ('causal+window:2'). */
const TERMS = ['causal', 'prefix', 'window', 'padding'];
const PANELS = ['mask', 'scores', 'weights'];

/**
 * The terms of a spec the core accepted, for the controls only (the core parses and checks the
 * spec itself; this never decides what is masked).
 */
export function termsOf(spec) {
  const terms = { causal: false, padding: false, prefix: null, window: null };
  for (const part of spec.split('+')) {
    const m = /^\s*(causal|padding|prefix|window)(?::\s*(\d+))?\s*$/i.exec(part);
    if (!m) continue;
    const name = m[1].toLowerCase();
    if (name === 'prefix' || name === 'window') terms[name] = Number(m[2] ?? 0);
    else terms[name] = true;
  }
  return terms;
}

/** The spec string for a set of terms, in a fixed order; no term is 'none'. */
export function specOf(terms) {
  const parts = [];
  if (terms.causal) parts.push('causal');
  if (terms.prefix !== null) parts.push(`prefix:${terms.prefix}`);
  if (terms.window !== null) parts.push(`window:${terms.window}`);
  if (terms.padding) parts.push('padding');
  return parts.length ? parts.join('+') : 'none';
}

/** A 0/1 mask as the `cells` attribute: one row of digits per query, rows joined by '/'. */
export function cellsOf(data, n, m) {
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * m, (i + 1) * m)).join(''));
  return rows.join('/');
}

/** (heads, rows, cols) -> head 0 as (rows, cols); a (rows, cols) tensor passes through. */
function headZero(tensor) {
  const shape = tensor.shape;
  if (shape.length === 2) return tensor;
  const [rows, cols] = shape.slice(-2);
  return { data: tensor.data.subarray(0, rows * cols), shape: [rows, cols] };
}

/** x_{ij} as HTML: a math variable with a subscript. */
const v = (name, subscript) =>
  html`<var>${name}</var>${subscript === undefined ? nothing : html`<sub>${subscript}</sub>`}`;

/**
 * @summary A mask editor: pick a mask (none, causal, padding, prefix, sliding window, cross, or
 * any combination), or toggle single cells, and see the mask, the scores before and after it,
 * and the softmax weights side by side, then one query row at a time. Every number comes from
 * the WebAssembly core.
 *
 * @attr sentence - The queries' text (1..64 tokens). Default "robot must obey orders".
 * @attr memory - Cross-attention: the keys' (and values') text, m tokens (e.g. the encoder's
 *   source sentence, with `<pad>` tokens). Absent: self-attention, keys from `sentence`.
 * @attr mask - A MaskSpec: terms joined by '+', each none | causal | padding | prefix:P |
 *   window:R (e.g. 'causal+window:2', 'prefix:3+padding'). Checked by the core. Default none.
 * @attr cells - A custom mask that replaces the spec's: n rows of m digits (1 = may attend,
 *   0 = blocked) joined by '/', e.g. "1000/1100/1110/1111". The reader makes one by clicking
 *   mask cells.
 * @attr d-model - Embedding width, integer 1..256 (2..256 with `memory`). Default 16.
 * @attr seed - Seeds embeddings and weights; integer 0..4294967295. Default 7.
 * @attr query - 0-based query row for "row by row" (0..63; past the end: the last row). Default 0.
 * @attr controls - Boolean: mask terms, self / cross, spec box, seed, and clickable mask cells.
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader changed something. `detail`: `{ name, value, state }`.
 *
 * @csspart panels - The three matrices. @csspart rows - The row-by-row table.
 * @cssprop --attn-card - Card background. @cssprop --attn-border - Card border colour.
 */
export class AttnMaskEditor extends LabElement {
  static properties = {
    sentence: { type: String },
    memory: { type: String },
    mask: { type: String },
    cells: { type: String },
    dModel: { type: String, attribute: 'd-model' },
    seed: { type: String },
    query: { type: String },
    controls: { type: Boolean },
    _active: { state: true },
    _scoresView: { state: true },
  };

  static inputs = ['sentence', 'memory', 'mask', 'cells', 'dModel', 'seed', 'query'];

  static styles = [sharedStyles, maskEditorStyles];

  static widthStep = 16;

  constructor() {
    super();
    this.controls = false;
    /** The cell holding each grid's tab stop (roving tabindex), shared by the three panels. */
    this._active = { i: 0, j: 0 };
    /** The scores panel shows the scores 'after' the mask (−∞ in blocked cells) or 'before'. */
    this._scoresView = 'after';
  }

  get state() {
    const g = this._good;
    return {
      sentence: this.sentence ?? DEFAULT_SENTENCE,
      memory: g ? g.memory : (this.memory ?? null),
      mask: g?.spec,
      cells: g?.custom ? cellsOf(g.mask.data, g.n, g.m) : null,
      dModel: g?.dModel,
      seed: g?.seed,
      query: g?.query,
    };
  }

  compute(lab, t) {
    const cross = this.memory != null;
    const dModel = parseIntAttr(t, 'd-model', this.dModel, { min: 1, max: 256, fallback: 16 });
    const seed = parseIntAttr(t, 'seed', this.seed, { min: 0, max: SEED_MAX, fallback: 7 });
    const asked = parseIntAttr(t, 'query', this.query, {
      min: 0,
      max: MAX_TOKENS - 1,
      fallback: 0,
    });
    const spec = (this.mask ?? '').trim() || 'none';
    const sentence = this.sentence ?? DEFAULT_SENTENCE;

    // Q, K, V: one head of self-attention (the same numbers as <attn-heatmap> for the same
    // sentence, d-model and seed), or one head of multi-head cross-attention over the memory.
    let tokens, keys, q, k, vv;
    if (!cross) {
      const r = lab.selfAttention({ sentence, dModel, seed });
      ({ tokens, q, k } = r);
      keys = tokens;
      vv = r.v;
    } else {
      const r = lab.multiHeadAttention({ sentence, memory: this.memory, heads: 1, dModel, seed });
      tokens = r.tokens;
      keys = r.memoryTokens;
      q = headZero(r.q);
      k = headZero(r.k);
      vv = headZero(r.v);
    }
    const n = tokens.length;
    const m = keys.length;
    // The core builds (and checks) the spec's mask; padding marks the keys that are <pad>.
    const specMask = lab.mask({ spec, n, m, padding: keys.map((tok) => tok === '<pad>') });
    const custom = this._parseCells(t, n, m);
    const mask = custom ?? specMask;
    const att = lab.scaledDotProductAttention({ q, k, v: vv, mask });
    const query = Math.min(asked, n - 1);
    if (this._active.i >= n || this._active.j >= m) this._active = { i: 0, j: 0 };
    return {
      tokens,
      keys,
      n,
      m,
      cross,
      memory: cross ? this.memory : null,
      spec,
      specMask,
      custom: custom !== null,
      mask: att.mask,
      scores: att.scores,
      maskedScores: att.maskedScores,
      weights: att.weights,
      dModel,
      seed,
      query,
      asked,
    };
  }

  /** The `cells` attribute as a (n, m) 0/1 tensor, or null when absent. */
  _parseCells(t, n, m) {
    const raw = this.cells;
    if (raw == null || raw.trim() === '') return null;
    const text = raw.replace(/\s+/g, '');
    if (!/^[01]+(\/[01]+)*$/.test(text)) throw new AttributeError(t('attnMaskEditorBadCells', raw));
    const rows = text.split('/');
    if (rows.length !== n || rows.some((r) => r.length !== m)) {
      const widths = [...new Set(rows.map((r) => r.length))].join('|');
      throw new AttributeError(t('attnMaskEditorCellsShape', rows.length, widths, n, m));
    }
    const data = new Float32Array(n * m);
    rows.forEach((r, i) => [...r].forEach((c, j) => (data[i * m + j] = c === '1' ? 1 : 0)));
    return { data, shape: [n, m] };
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

  // ---- controls ----------------------------------------------------------------------------

  /** Sets the mask spec from the controls; a custom mask gives way to the new spec. */
  _setSpec(spec) {
    if (this.hasAttribute('cells')) this.removeAttribute('cells');
    this.userSet('mask', spec);
  }

  /**
   * The terms the reader asked for: the `mask` attribute as it is now, even when the core
   * refused it, so the controls can undo what caused the message.
   */
  _askedTerms() {
    return termsOf((this.mask ?? '').trim() || 'none');
  }

  _toggleTerm(name) {
    const terms = this._askedTerms();
    if (name === 'prefix' || name === 'window') {
      terms[name] = terms[name] === null ? this._numberFor(name) : null;
    } else {
      terms[name] = !terms[name];
    }
    this._setSpec(specOf(terms));
  }

  /** The P or R a term gets when switched on: what its number box shows. */
  _numberFor(name) {
    const box = this.renderRoot.querySelector(`input[data-number="${name}"]`);
    const value = Number(box?.value);
    if (box && box.value !== '' && Number.isInteger(value)) return value;
    return name === 'prefix' ? Math.min(2, this._good.n) : 1;
  }

  _setNumber(name, raw) {
    const text = String(raw).trim();
    if (!/^\d+$/.test(text)) return;
    this._setSpec(specOf({ ...this._askedTerms(), [name]: Number(text) }));
  }

  /**
   * Self <-> cross. Going to cross drops the causal and prefix terms, which compare a query's
   * position with a key's and so mean nothing across two sentences (the core refuses them when
   * n != m; the reader can still switch them on again and read its message).
   */
  _setCross(cross) {
    if (cross === (this.memory != null)) return;
    if (this.hasAttribute('cells')) this.removeAttribute('cells');
    if (cross) {
      const terms = this._askedTerms();
      if (terms.causal || terms.prefix !== null) {
        this.setAttribute('mask', specOf({ ...terms, causal: false, prefix: null }));
      }
    }
    this.userSet('memory', cross ? this.t('attnMaskEditorDefaultMemory') : null);
  }

  _newSeed() {
    const [seed] = crypto.getRandomValues(new Uint32Array(1));
    this.userSet('seed', seed);
  }

  _renderControls(t, g) {
    const names = t('attnMaskEditorTermNames');
    // Controls show the attributes (what the reader asked for); sizes come from the last good.
    const terms = this._askedTerms();
    const cross = this.memory != null;
    const numberBox = (name, label, value, max) =>
      html`<input
        type="number"
        class="term-number"
        data-number=${name}
        min="0"
        max=${max}
        step="1"
        inputmode="numeric"
        aria-label=${label}
        .value=${String(value)}
        @change=${(e) => this._setNumber(name, e.target.value)}
      />`;
    const termButton = (name) =>
      html`<button
        type="button"
        class="term"
        data-term=${name}
        aria-pressed=${terms[name] === true || typeof terms[name] === 'number' ? 'true' : 'false'}
        @click=${() => this._toggleTerm(name)}
      >
        ${names[name]}
      </button>`;
    return html`<div class="controls" part="controls">
      <fieldset class="segmented">
        <legend>${t('attnMaskEditorAttention')}</legend>
        <span class="options">
          ${['self', 'cross'].map(
            (kind) =>
              html`<label
                ><input
                  type="radio"
                  name="attention"
                  value=${kind}
                  .checked=${(kind === 'cross') === cross}
                  @change=${() => this._setCross(kind === 'cross')}
                /><span>${t('attnMaskEditorKinds')[kind]}</span></label
              >`,
          )}
        </span>
      </fieldset>
      ${
        cross
          ? html`<label class="memory"
              >${t('attnMaskEditorMemory')}
              <input
                type="text"
                class="memory-box"
                .value=${this.memory}
                spellcheck="false"
                @change=${(e) => this.userSet('memory', e.target.value)}
            /></label>`
          : nothing
      }
      <div class="terms" role="group" aria-label=${t('attnMaskEditorTerms')}>
        <span class="group-label" aria-hidden="true">${t('attnMaskEditorTerms')}</span>
        ${termButton('causal')}
        <span class="term-with-number">
          ${termButton('prefix')}
          ${numberBox('prefix', t('attnMaskEditorPrefixLabel'), terms.prefix ?? Math.min(2, g.n), g.n)}
        </span>
        <span class="term-with-number">
          ${termButton('window')}
          ${numberBox('window', t('attnMaskEditorWindowLabel'), terms.window ?? 1, Math.max(g.n, g.m))}
        </span>
        ${termButton('padding')}
      </div>
      <label class="spec"
        >${t('attnMaskEditorSpec')}
        <input
          type="text"
          class="spec-box"
          .value=${this.mask ?? 'none'}
          spellcheck="false"
          autocomplete="off"
          aria-describedby="spec-help"
          @change=${(e) => this._setSpec(e.target.value)}
        />
        <span id="spec-help" class="help">${t('attnMaskEditorSpecHelp')}</span>
      </label>
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
    </div>`;
  }

  // ---- body --------------------------------------------------------------------------------

  _renderBody(t, g) {
    const total = g.n * g.m;
    let allowed = 0;
    for (const x of g.mask.data) if (x !== 0) allowed++;
    let changed = 0;
    if (g.custom)
      for (let c = 0; c < total; c++) if (g.mask.data[c] !== g.specMask.data[c]) changed++;
    return html`<section
      class="editor ${this._error ? 'stale' : ''}"
      aria-label=${t('attnMaskEditorLabel')}
    >
      <p class="summary" data-allowed=${allowed} data-total=${total} data-n=${g.n} data-m=${g.m}>
        <span class="spec-chip"
          >${t('attnMaskEditorMaskIs')}
          <code data-spec=${g.spec}
            >${g.custom ? t('attnMaskEditorCustomName') : g.spec}</code
          ></span
        >
        <span
          >${g.cross ? t('attnMaskEditorShapeCross', g.n, g.m) : t('attnMaskEditorShapeSelf', g.n)}</span
        >
        <strong class="allowed">${t('attnMaskEditorAllowed', allowed, total)}</strong>
      </p>
      ${
        g.custom
          ? html`<p class="custom-note">
              ${t('attnMaskEditorCustom', changed, g.spec)}
              <button type="button" class="reset-cells" @click=${() => this._setSpec(g.spec)}>
                ${t('attnMaskEditorResetCells')}
              </button>
            </p>`
          : nothing
      }
      ${this._renderPanels(t, g)} ${this._renderRow(t, g)}
    </section>`;
  }

  /** Cell size and layout: the three panels side by side when cells of 16px or more fit. */
  _layout(g) {
    const labelSize = 13;
    const textWidth = (tok) =>
      [...tok].reduce(
        (w, ch) => w + (/[\u1100-\uffff]|\p{Extended_Pictographic}/u.test(ch) ? 1 : 0.6),
        0,
      ) * labelSize;
    const rowLabel = Math.min(150, Math.max(...g.tokens.map(textWidth)) + 34);
    const inner = (this._width || 720) - 32;
    // Side by side: full labels on the first panel, indices on the others, a Σ column.
    const side = (inner - rowLabel - 2 * 26 - 44 - 2 * 18) / (3 * g.m);
    if (side >= 16) return { side: true, cell: Math.min(46, Math.floor(side)), rowLabel };
    const stacked = (inner - rowLabel - 48) / g.m;
    return { side: false, cell: Math.min(46, Math.max(14, Math.floor(stacked))), rowLabel };
  }

  _renderPanels(t, g) {
    const layout = this._layout(g);
    // Column labels at 13px; a label that does not fit drops to 10px ('<pad>' in a 46px
    // column); if even that fails, every label turns sideways.
    const room = layout.cell - 4;
    const widths = g.keys.map((tok) =>
      [...tok].reduce((w, ch) => w + (/[\u1100-\uffff]/u.test(ch) ? 13 : 8.5), 0),
    );
    const rotate = Math.max(...widths) * (10 / 13) > room;
    const smallLabels = widths.map((w) => !rotate && w > room);
    let range = 0;
    for (const x of g.scores.data) if (Number.isFinite(x)) range = Math.max(range, Math.abs(x));
    range ||= 1;
    const anyBlocked = g.mask.data.some((x) => x === 0);
    return html`<div
        class="panels ${layout.side ? 'side' : 'stacked'}"
        part="panels"
        style="--cell:${layout.cell}px;--m:${g.m};--row-label:${layout.rowLabel}px"
        @keydown=${this._onKey}
      >
        ${PANELS.map((panel, p) =>
          this._renderPanel(t, g, panel, { ...layout, rotate, smallLabels, range, first: p === 0 }),
        )}
      </div>
      <div class="legend">
        <span class="ramp"
          ><span class="swatch allowed" aria-hidden="true"></span
          >${t('attnMaskEditorLegendAllowed')}</span
        >
        ${
          anyBlocked
            ? html`<span class="ramp"
                ><span class="swatch blocked" aria-hidden="true"></span
                >${t('attnMaskEditorLegendBlocked')}</span
              >`
            : nothing
        }
        <span class="ramp"
          ><span class="bar" style="background:${PUOR_GRADIENT}" aria-hidden="true"></span>${t(
            'legendScores',
            fmt(range),
          )}</span
        >
        <span class="ramp"
          ><span class="bar" style="background:${BLUES_GRADIENT}" aria-hidden="true"></span>${t(
            'legendWeights',
          )}</span
        >
        ${this.controls ? html`<span class="hint">${t('attnMaskEditorEditHint')}</span>` : nothing}
      </div>`;
  }

  _renderPanel(t, g, panel, layout) {
    const { n, m, tokens, keys } = g;
    const showLabels = layout.first || !layout.side;
    const values =
      panel === 'mask'
        ? g.mask.data
        : panel === 'weights'
          ? g.weights.data
          : this._scoresView === 'after'
            ? g.maskedScores.data
            : g.scores.data;
    const printNumbers = layout.cell >= 34;
    const printMask = layout.cell >= 16;
    const editable = panel === 'mask' && this.controls;
    const titles = t('attnMaskEditorPanels');
    const active = this._active;

    const header = html`<div role="row" class="row head">
      <div role="columnheader" class="corner">
        ${showLabels ? html`<span class="axis">${t('attnMaskEditorQueries')}</span>` : nothing}
      </div>
      ${keys.map(
        (tok, j) =>
          html`<div
            role="columnheader"
            class="col-label ${layout.smallLabels[j] ? 'small' : ''}"
            title=${tok}
            data-token=${tok}
          >
            <span class="tok">${tok}</span><span class="idx" aria-hidden="true">${j + 1}</span>
          </div>`,
      )}
      ${panel === 'weights' ? html`<div role="columnheader" class="sum-label">Σ</div>` : nothing}
    </div>`;

    const rows = [];
    for (let i = 0; i < n; i++) {
      const cells = [];
      let sum = 0;
      for (let j = 0; j < m; j++) {
        const c = i * m + j;
        const blocked = g.mask.data[c] === 0;
        const value = values[c];
        if (panel === 'weights') sum += value;
        let cls = 'cell';
        let style = '';
        let text = '';
        if (panel === 'mask') {
          cls += blocked ? ' blocked' : ' allowed';
          if (g.custom && g.mask.data[c] !== g.specMask.data[c]) cls += ' edited';
          text = printMask ? (blocked ? '0' : '1') : '';
        } else if (blocked && (panel === 'weights' || this._scoresView === 'after')) {
          cls += ' blocked';
          text = printMask ? (panel === 'weights' ? '0' : '−∞') : '';
        } else {
          const { bg, fg } =
            panel === 'weights' ? sequential(value) : diverging(value, layout.range);
          if (blocked) cls += ' will-block';
          style = `background-color:${bg};color:${fg}`;
          text = printNumbers ? fmtShort(value) : '';
        }
        if (i === g.query) cls += ' current';
        const label =
          t('attnMaskEditorCellLabel', tokens[i], i + 1, keys[j], j + 1) +
          (panel === 'mask'
            ? blocked
              ? t('attnMaskEditorCellBlocked')
              : t('attnMaskEditorCellAllowed')
            : `: ${fmtExact(value)}`) +
          (editable ? t('attnMaskEditorCellToggle') : '');
        const extra =
          panel === 'scores'
            ? { raw: String(g.scores.data[c]), masked: String(g.maskedScores.data[c]) }
            : null;
        cells.push(
          html`<div
            role="gridcell"
            class=${cls}
            style=${style}
            data-row=${i}
            data-col=${j}
            data-value=${String(value)}
            data-blocked=${blocked ? 'true' : 'false'}
            data-score=${extra ? extra.raw : nothing}
            data-masked-score=${extra ? extra.masked : nothing}
            tabindex=${active.i === i && active.j === j ? '0' : '-1'}
            aria-label=${label}
            title=${label}
            @click=${() => this._onCell(panel, i, j)}
          >
            ${text}
          </div>`,
        );
      }
      rows.push(
        html`<div role="row" class="row ${i === g.query ? 'current' : ''}">
          <div
            role="rowheader"
            class="row-label ${showLabels ? '' : 'short'}"
            title=${tokens[i]}
            data-token=${tokens[i]}
            @click=${() => this.userSet('query', i)}
          >
            ${showLabels ? html`<span class="tok">${tokens[i]}</span>` : nothing}<span class="idx"
              >${i + 1}</span
            >
          </div>
          ${cells}
          ${
            panel === 'weights'
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

    return html`<figure class="panel" data-panel=${panel}>
      <figcaption class="panel-head">
        <span class="panel-title">${titles[panel]}</span>
        ${
          panel === 'scores'
            ? html`<span class="scores-switch" role="group" aria-label=${titles.scores}>
                ${['before', 'after'].map(
                  (view) =>
                    html`<button
                      type="button"
                      class="small"
                      data-view=${view}
                      aria-pressed=${this._scoresView === view ? 'true' : 'false'}
                      @click=${() => (this._scoresView = view)}
                    >
                      ${t('attnMaskEditorScoresViews')[view]}
                    </button>`,
                )}
              </span>`
            : html`<span class="panel-sub">${t('attnMaskEditorPanelNotes')[panel]}</span>`
        }
      </figcaption>
      <div class="scroll">
        <div
          role="grid"
          class="grid ${layout.rotate ? 'rotate' : ''} ${panel === 'weights' ? 'with-sum' : ''} ${
            showLabels ? '' : 'short-labels'
          } ${editable ? 'editable' : ''}"
          data-panel=${panel}
          aria-label=${titles[panel]}
          aria-rowcount=${n + 1}
          aria-colcount=${m + (panel === 'weights' ? 2 : 1)}
        >
          ${header} ${rows}
        </div>
      </div>
    </figure>`;
  }

  _onCell(panel, i, j) {
    this._active = { i, j };
    if (panel === 'mask' && this.controls) this._toggleCell(i, j);
    else if (i !== this._good.query) this.userSet('query', i);
  }

  _toggleCell(i, j) {
    const g = this._good;
    const data = Float32Array.from(g.mask.data);
    data[i * g.m + j] = data[i * g.m + j] === 0 ? 1 : 0;
    this.userSet('cells', cellsOf(data, g.n, g.m));
  }

  /** Arrow keys move between cells (one tab stop per grid); Space / Enter act on the cell. */
  _onKey(event) {
    const target = event.composedPath()[0];
    const cell = target instanceof Element ? target.closest('.cell') : null;
    const g = this._good;
    if (!cell || !g) return;
    const panel = cell.closest('[role="grid"]').dataset.panel;
    let { i, j } = { i: Number(cell.dataset.row), j: Number(cell.dataset.col) };
    const moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
    if (moves[event.key]) {
      i = Math.min(g.n - 1, Math.max(0, i + moves[event.key][0]));
      j = Math.min(g.m - 1, Math.max(0, j + moves[event.key][1]));
    } else if (event.key === 'Home') j = 0;
    else if (event.key === 'End') j = g.m - 1;
    else if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      this._onCell(panel, i, j);
      return;
    } else return;
    event.preventDefault();
    this._active = { i, j };
    this.updateComplete.then(() => {
      this.renderRoot
        .querySelector(`.grid[data-panel="${panel}"] .cell[data-row="${i}"][data-col="${j}"]`)
        ?.focus();
    });
  }

  // ---- row by row --------------------------------------------------------------------------

  /** One query row: mask, score, masked score, exp (display arithmetic), the core's weight. */
  _renderRow(t, g) {
    const { tokens, keys, m } = g;
    const i = g.query;
    const p = i + 1; // on screen, positions count from 1 as in the lessons' maths
    const slice = (tensor) => tensor.data.subarray(i * m, (i + 1) * m);
    const maskRow = slice(g.mask);
    const scores = slice(g.scores);
    const masked = slice(g.maskedScores);
    const weights = slice(g.weights);
    const exps = Array.from(masked, (s) => Math.exp(s));
    const total = exps.reduce((a, b) => a + b, 0);
    const weightSum = weights.reduce((a, b) => a + b, 0);
    const allBlocked = maskRow.every((x) => x === 0);
    const heads = t('attnMaskEditorRowHeads');
    return html`<section class="by-row" part="rows" aria-labelledby="by-row-title">
      <h3 id="by-row-title" class="by-row-title">${t('attnMaskEditorRowTitle')}</h3>
      <div class="picker" role="group" aria-label=${t('attnMaskEditorQueryPicker')}>
        <span class="picker-label" aria-hidden="true">${t('attnMaskEditorQueryPicker')}</span>
        ${tokens.map(
          (tok, k) =>
            html`<button
              type="button"
              class="token"
              data-index=${k}
              aria-pressed=${k === i ? 'true' : 'false'}
              @click=${() => this.userSet('query', k)}
            >
              <span class="tok">${tok}</span><span class="idx">${k + 1}</span>
            </button>`,
        )}
      </div>
      ${
        g.asked !== g.query
          ? html`<p class="note">${t('attnMaskEditorQueryClamped', g.asked, tokens.length)}</p>`
          : nothing
      }
      <p class="formula math">
        ${v('s̃', `${p}j`)} = ${v('s', `${p}j`)} + ${v('M', `${p}j`)}, ${v('α', `${p}j`)} =
        exp(${v('s̃', `${p}j`)}) / Σ<sub>${v('k')}</sub> exp(${v('s̃', `${p}k`)})
      </p>
      <p class="row-intro">${t('attnMaskEditorRowIntro', tokens[i], p)}</p>
      <div class="table ${m > 12 ? 'long' : ''}" role="table" data-query=${i}>
        <div class="tr th" role="row">
          <span role="columnheader">${heads.key}</span>
          <span role="columnheader">${heads.mask}</span>
          <span role="columnheader">${v('s', `${p}j`)}</span>
          <span role="columnheader">${v('s̃', `${p}j`)}</span>
          <span role="columnheader">exp(${v('s̃', `${p}j`)})</span>
          <span role="columnheader">${heads.weight} ${v('α', `${p}j`)}</span>
        </div>
        ${keys.map((tok, j) => {
          const blocked = maskRow[j] === 0;
          const w = weights[j];
          return html`<div
            class="tr ${blocked ? 'blocked' : ''}"
            role="row"
            data-key=${j}
            data-blocked=${blocked ? 'true' : 'false'}
          >
            <span role="cell" class="tok-cell"
              ><span class="idx">${j + 1}</span> <span class="tok">${tok}</span></span
            >
            <span role="cell" class="mask-cell">${blocked ? '✕ −∞' : '✓ 0'}</span>
            <span role="cell" class="num" data-label="s =">${fmt(scores[j], 3)}</span>
            <span role="cell" class="num" data-label="s̃ =" data-masked-score=${String(masked[j])}
              >${fmt(masked[j], 3)}</span
            >
            <span role="cell" class="num" data-label="exp =">${fmtSig(exps[j])}</span>
            <span role="cell" class="weight-cell">
              <span class="bar-track" aria-hidden="true"
                ><span
                  class="bar-fill"
                  style="width:${Math.max(0, Math.min(1, w)) * 100}%;background:${sequential(w).bg}"
                ></span
              ></span>
              <strong class="num" data-weight=${String(w)}>${fmt(w, 3)}</strong>
            </span>
          </div>`;
        })}
        <div class="tr total" role="row">
          <span role="cell">${t('total')}</span>
          <span role="cell"></span>
          <span role="cell"></span>
          <span role="cell"></span>
          <span role="cell" class="num">Σ = ${fmtSig(total)}</span>
          <span role="cell" class="weight-cell"
            ><strong class="num" data-weight-sum=${String(weightSum)}
              >Σ = ${fmt(weightSum, 2)}</strong
            ></span
          >
        </div>
      </div>
      ${allBlocked ? html`<p class="note">${t('attnMaskEditorAllBlocked')}</p>` : nothing}
    </section>`;
  }
}
