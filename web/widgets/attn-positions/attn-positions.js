import { html, nothing } from 'lit';
import { LabElement } from '../shared/lab-element.js';
import {
  AttributeError,
  DEFAULT_SENTENCE,
  D_MODEL_MAX,
  SEED_MAX,
  parseChoice,
  parseIntAttr,
} from '../shared/attrs.js';
import { PUOR_GRADIENT, divergingBytes } from '../shared/colour.js';
import { fmt, fmtExact, fmtSig } from '../shared/format.js';
import { rangeOf } from '../shared/strip.js';
import { sharedStyles } from '../shared/styles.js';
import { positionsStyles } from './styles.js';

export const VIEWS = ['shuffle', 'table', 'similarity', 'compare'];
export const KINDS = ['sinusoidal', 'learned', 'rope'];
export const POSITIONALS = ['none', 'sinusoidal', 'learned', 'rope'];
export const ORDERS = ['shuffle', 'reverse'];
/** Positions a table may have (the facade's documented range for positionalEncoding). */
export const LENGTH_MAX = 512;
/** One head: d_k = d_model, so RoPE (which pairs columns within a head) accepts any even width. */
const HEADS = 1;
/** Below this, a difference between two float32 computations is rounding, not position. */
const ROUNDING = 1e-5;

/** A small seeded PRNG (mulberry32): the shuffled order is part of the widget's state. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The shuffled order: `perm[k]` is the original index of the token at shuffled position k.
 * 'reverse' reverses; 'shuffle' is a Fisher-Yates shuffle seeded by `seed`, never the identity.
 */
export function permutation(n, seed, order) {
  const idx = Array.from({ length: n }, (_, i) => i);
  if (order === 'reverse') return idx.reverse();
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  if (n > 1 && idx.every((v, i) => v === i)) idx.push(idx.shift());
  return idx;
}

// Tokens written without a space between them: Chinese, Japanese and Korean characters and
// full-width punctuation. The tokenizer splits those one character at a time anyway.
const TIGHT =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60]+$/u;

/**
 * Writes tokens back as a sentence that the core's tokenizer splits into exactly these tokens:
 * no space between CJK characters, a space everywhere else; all spaces if that fails.
 */
function joinTokens(lab, tokens, t) {
  const splitsBack = (text) => {
    try {
      const again = lab.tokenize(text);
      return again.length === tokens.length && again.every((tok, i) => tok === tokens[i]);
    } catch {
      return false;
    }
  };
  let text = tokens[0];
  for (let k = 1; k < tokens.length; k++) {
    const tight = TIGHT.test(tokens[k - 1]) && TIGHT.test(tokens[k]);
    text += (tight ? '' : ' ') + tokens[k];
  }
  if (splitsBack(text)) return text;
  const spaced = tokens.join(' ');
  if (splitsBack(spaced)) return spaced;
  throw new AttributeError(t('attnPositionsJoinFailed', spaced));
}

/** Row indices to label on an axis of `count` cells `px` wide: 0 and every `step`. */
function ticks(count, px, gap = 22) {
  const step = [1, 2, 4, 5, 8, 10, 16, 20, 32, 50, 64, 100, 128, 256].find((s) => s * px >= gap);
  const out = [];
  for (let i = 0; i < count; i += step ?? count) out.push(i);
  return out;
}

/** 0 -> "0"; tiny -> "1.19×10⁻⁷"; otherwise 3 decimals. */
function fmtDiff(x) {
  if (x === 0) return '0';
  return x < 1e-3 ? fmtSig(x) : fmt(x, 3);
}

/** 10000^(2i/d) and the like: a readable number of any size. */
const fmtNum = (x) => (Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? fmtSig(x) : fmtExact(x));

/**
 * @summary Positional encoding, live from the WebAssembly core: the shuffle test (attention
 * without positions is permutation-equivariant), the sinusoidal / learned / RoPE tables as
 * heatmaps, the cosine similarity of every pair of positions, and all three side by side.
 *
 * @attr view - shuffle | table | similarity | compare. Default table.
 * @attr kind - sinusoidal | learned | rope: the table shown by the table and similarity views.
 *   Default sinusoidal. (The reader can switch it with the picker above the picture.)
 * @attr positional - none | sinusoidal | learned | rope: how positions enter the attention
 *   layer in the shuffle view. Default none.
 * @attr order - shuffle | reverse: how the shuffle view reorders the tokens, a permutation
 *   seeded by `seed` or the reversed sentence. Default shuffle.
 * @attr length - Positions in the table views, integer 1..512. Default 32.
 * @attr d-model - Width of the tables and of the attention layer, even integer 2..256. Default 16.
 * @attr seed - Seeds the learned table, the attention weights and the shuffled order; integer
 *   0..4294967295. Default 7.
 * @attr sentence - The shuffle view's sentence (1..64 tokens). Default "robot must obey orders".
 * @attr controls - Boolean: view, length, d_model and seed controls for the reader.
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader changed a control. `detail`: `{ name, value, state }`.
 *
 * @cssprop --attn-card - Card background. @cssprop --attn-border - Card border colour.
 */
export class AttnPositions extends LabElement {
  static properties = {
    view: { type: String },
    kind: { type: String },
    positional: { type: String },
    order: { type: String },
    length: { type: String },
    dModel: { type: String, attribute: 'd-model' },
    seed: { type: String },
    sentence: { type: String },
    controls: { type: Boolean },
    _cursor: { state: true },
  };

  static inputs = ['view', 'kind', 'positional', 'order', 'length', 'dModel', 'seed', 'sentence'];

  static styles = [sharedStyles, positionsStyles];

  static widthStep = 16;

  constructor() {
    super();
    this.controls = false;
    /** The highlighted cell: which picture (`key`) and where. Drives the read-out. */
    this._cursor = null;
    /** Canvas -> the tensor last drawn on it, so hovering never repaints the pictures. */
    this._drawn = new WeakMap();
  }

  get state() {
    const g = this._good;
    return {
      view: g?.view,
      kind: g?.kind,
      positional: g?.positional,
      order: g?.order,
      length: g?.length,
      dModel: g?.dModel,
      seed: g?.seed,
      sentence: this.sentence ?? DEFAULT_SENTENCE,
    };
  }

  compute(lab, t) {
    const view = parseChoice(t, 'view', this.view, VIEWS, 'table');
    const kind = parseChoice(t, 'kind', this.kind, KINDS, 'sinusoidal');
    const positional = parseChoice(t, 'positional', this.positional, POSITIONALS, 'none');
    const order = parseChoice(t, 'order', this.order, ORDERS, 'shuffle');
    const length = parseIntAttr(t, 'length', this.length, {
      min: 1,
      max: LENGTH_MAX,
      fallback: 32,
    });
    const dModel = parseIntAttr(t, 'd-model', this.dModel, {
      min: 2,
      max: D_MODEL_MAX,
      fallback: 16,
    });
    if (dModel % 2 !== 0) throw new AttributeError(t('attnPositionsOdd', 'd-model', dModel));
    const seed = parseIntAttr(t, 'seed', this.seed, { min: 0, max: SEED_MAX, fallback: 7 });
    const sentence = this.sentence ?? DEFAULT_SENTENCE;
    const good = { view, kind, positional, order, length, dModel, seed, sentence };

    if (view === 'shuffle') {
      good.shuffle = this._shuffle(lab, t, good);
      this._cursor = null;
      return good;
    }
    const kinds = view === 'compare' ? KINDS : [kind];
    good.maps = kinds.map((k) => {
      const r = lab.positionalEncoding({ kind: k, length, dModel, seed });
      return { kind: k, table: r.table, similarity: r.similarity };
    });
    this._cursor = this._clampCursor(good);
    return good;
  }

  /** Attention on the sentence and on its shuffled tokens; each token's two output rows. */
  _shuffle(lab, t, { sentence, positional, order, dModel, seed }) {
    const tokens = lab.tokenize(sentence);
    const n = tokens.length;
    const perm = permutation(n, seed, order);
    const shuffledTokens = perm.map((j) => tokens[j]);
    const shuffledSentence = n > 1 ? joinTokens(lab, shuffledTokens, t) : sentence;
    const options = { dModel, heads: HEADS, positional, seed };
    const a = lab.multiHeadAttention({ sentence, ...options });
    const b = lab.multiHeadAttention({ sentence: shuffledSentence, ...options });
    const d = a.output.shape[1];
    const where = new Array(n); // where[j]: the shuffled position of original token j
    perm.forEach((j, k) => (where[j] = k));
    const rows = tokens.map((token, j) => {
      const original = a.output.data.subarray(j * d, (j + 1) * d);
      const shuffled = b.output.data.subarray(where[j] * d, (where[j] + 1) * d);
      let diff = 0;
      for (let m = 0; m < d; m++) diff = Math.max(diff, Math.abs(original[m] - shuffled[m]));
      return { token, j, k: where[j], original, shuffled, diff };
    });
    const maxDiff = rows.reduce((m, r) => Math.max(m, r.diff), 0);
    const sameText = shuffledTokens.every((tok, k) => tok === tokens[k]);
    return {
      tokens,
      perm,
      shuffledTokens,
      shuffledSentence,
      rows,
      maxDiff,
      sameText,
      range: rangeOf(a.output.data, b.output.data),
    };
  }

  /** Keeps the highlighted cell on a picture that exists, inside it; a default cell first. */
  _clampCursor(g) {
    const keys = g.maps.flatMap((_, i) => [`${i}:table`, `${i}:similarity`]);
    const wanted = g.view === 'similarity' ? '0:similarity' : '0:table';
    let { key, r, c } = this._cursor ?? {};
    if (!keys.includes(key) || (g.view !== 'compare' && key !== wanted)) {
      key = wanted;
      // Defaults the lesson talks about: PE(3, 0) = sin 3, and positions 3 and 7.
      r = 3;
      c = key.endsWith('similarity') ? 7 : 0;
    }
    const cols = key.endsWith('similarity') ? g.length : g.dModel;
    return { key, r: Math.min(r, g.length - 1), c: Math.min(c, cols - 1) };
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

  _segmented(name, legend, values, current, labels) {
    return html`<fieldset class="segmented" data-picker=${name}>
      <legend>${legend}</legend>
      <span class="options">
        ${values.map(
          (v) =>
            html`<label
              ><input
                type="radio"
                name=${name}
                value=${v}
                .checked=${v === current}
                @change=${() => this.userSet(name, v)}
              /><span>${labels[v]}</span></label
            >`,
        )}
      </span>
    </fieldset>`;
  }

  _number(name, label, value, min, max, step = 1) {
    return html`<label
      >${label}
      <input
        type="number"
        name=${name}
        min=${min}
        max=${max}
        step=${step}
        inputmode="numeric"
        .value=${String(value)}
        @change=${(e) => this.userSet(name, e.target.value)}
    /></label>`;
  }

  _renderControls(t, g) {
    return html`<div class="controls">
      ${this._segmented('view', t('attnPositionsView'), VIEWS, g.view, t('attnPositionsViews'))}
      ${
        g.view === 'shuffle'
          ? nothing
          : this._number('length', t('attnPositionsLength'), g.length, 1, LENGTH_MAX)
      }
      ${this._number('d-model', t('attnPositionsDModel'), g.dModel, 2, D_MODEL_MAX, 2)}
      <span class="field">
        ${this._number('seed', t('seed'), g.seed, 0, SEED_MAX)}
        <button type="button" class="new-seed" @click=${this._newSeed}>${t('newSeed')}</button>
      </span>
    </div>`;
  }

  _randomSeed() {
    return crypto.getRandomValues(new Uint32Array(1))[0];
  }

  _newSeed() {
    this.userSet('seed', this._randomSeed());
  }

  async _shuffleAgain() {
    // "Again" must look different: skip seeds whose order is the one on screen (with 3 tokens a
    // random draw repeats it one time in six). Read it before switching to 'shuffle', which
    // recomputes with the old seed: from 'reverse', the reversal is what the learner sees.
    const shown = JSON.stringify(this._good?.shuffle?.perm);
    const n = this._good?.shuffle?.tokens.length ?? 0;
    if (this._good?.order !== 'shuffle') await this.userSet('order', 'shuffle');
    let seed = this._randomSeed();
    for (let tries = 0; n > 1 && tries < 20; tries++) {
      if (JSON.stringify(permutation(n, seed, 'shuffle')) !== shown) break;
      seed = this._randomSeed();
    }
    await this.userSet('seed', seed);
  }

  _renderBody(t, g) {
    const body =
      g.view === 'shuffle'
        ? this._renderShuffle(t, g)
        : g.view === 'compare'
          ? this._renderCompare(t, g)
          : this._renderSingle(t, g);
    return html`<section
      class="body ${this._error ? 'stale' : ''}"
      data-view=${g.view}
      aria-label=${t('attnPositionsLabel')}
    >
      ${body}
    </section>`;
  }

  // ---- Shuffle view ----------------------------------------------------------------------

  _renderShuffle(t, g) {
    const s = g.shuffle;
    const n = s.tokens.length;
    const verdict = s.maxDiff === 0 ? 'exact' : s.maxDiff < ROUNDING ? 'rounding' : 'changed';
    const shuffledName =
      g.order === 'reverse' ? t('attnPositionsReversed') : t('attnPositionsShuffled');
    return html`<div class="pickers">
        ${this._segmented(
          'positional',
          t('attnPositionsPositional'),
          POSITIONALS,
          g.positional,
          t('attnPositionsPositionals'),
        )}
        <span class="buttons">
          <button type="button" class="shuffle-again" @click=${this._shuffleAgain}>
            ${t('attnPositionsShuffleAgain')}
          </button>
          <button
            type="button"
            class="reverse"
            aria-pressed=${g.order === 'reverse' ? 'true' : 'false'}
            @click=${() => this.userSet('order', 'reverse')}
          >
            ${t('attnPositionsReverse')}
          </button>
        </span>
      </div>
      <div class="sentences">
        <div class="sent-row">
          <span class="sent-label">${t('attnPositionsOriginal')}</span>
          <span class="chips" data-tokens=${JSON.stringify(s.tokens)}>
            ${s.tokens.map(
              (tok, j) =>
                html`<span class="chip"
                  ><span class="idx">${j + 1}</span><span class="tok">${tok}</span></span
                >`,
            )}
          </span>
        </div>
        <div class="sent-row">
          <span class="sent-label">${shuffledName}</span>
          <span
            class="chips shuffled"
            data-tokens=${JSON.stringify(s.shuffledTokens)}
            data-sentence=${s.shuffledSentence}
            data-perm=${JSON.stringify(s.perm)}
          >
            ${s.shuffledTokens.map(
              (tok, k) =>
                html`<span class="chip"
                  ><span class="idx">${k + 1}</span><span class="tok">${tok}</span
                  ><span class="from">${t('attnPositionsFrom', s.perm[k] + 1)}</span></span
                >`,
            )}
          </span>
        </div>
      </div>
      ${n === 1 ? html`<p class="note">${t('attnPositionsOneToken')}</p>` : nothing}
      ${n > 1 && s.sameText ? html`<p class="note">${t('attnPositionsSameText')}</p>` : nothing}
      <p class="setup">${t('attnPositionsSetup', g.dModel, g.seed)}</p>
      <div
        class="verdict ${verdict}"
        role="status"
        data-max-diff=${String(s.maxDiff)}
        data-positional=${g.positional}
        data-verdict=${verdict}
      >
        <span>${t('attnPositionsMaxDiff')}</span>
        <strong class="num">${fmtDiff(s.maxDiff)}</strong>
        <span>${t('attnPositionsVerdict')[verdict]}</span>
      </div>
      <div class="scroll">
        <div class="out-table" role="table" aria-label=${t('attnPositionsRows')}>
          <div class="tr th" role="row">
            <span role="columnheader">${t('attnPositionsToken')}</span>
            <span role="columnheader">${t('attnPositionsRows')}</span>
            <span role="columnheader" class="diff">${t('attnPositionsDiff')}</span>
          </div>
          ${s.rows.map(
            (r) =>
              html`<div class="tr" role="row" data-token-index=${r.j} data-diff=${String(r.diff)}>
                <span role="cell" class="tok-cell"
                  ><span class="idx">${r.j + 1}</span> <span class="tok">${r.token}</span></span
                >
                <span role="cell" class="pair">
                  ${this._strip(r.original, s.range, t('attnPositionsRowIn', t('attnPositionsOriginal'), r.j + 1), 'original')}
                  ${this._strip(r.shuffled, s.range, t('attnPositionsRowIn', shuffledName, r.k + 1), 'shuffled')}
                </span>
                <span role="cell" class="diff num ${r.diff < ROUNDING ? 'same' : 'changed'}"
                  >${fmtDiff(r.diff)}</span
                >
              </div>`,
          )}
        </div>
      </div>
      <p class="legend">
        <span class="bar" style="background:${PUOR_GRADIENT}" aria-hidden="true"></span>
        ${t('attnPositionsLegend', fmt(s.range))}
      </p>`;
  }

  /** A vector as a thin strip of colour cells; exact values in data-values and each title. */
  _strip(values, range, label, name) {
    const list = Array.from(values);
    return html`<span
      class="mini-strip"
      role="img"
      aria-label="${label}: ${list.map((v) => fmt(v)).join(', ')}"
      data-name=${name}
      data-values=${JSON.stringify(list)}
      ><span class="strip-label" aria-hidden="true">${label}</span
      ><span class="cells" aria-hidden="true"
        >${list.map((v, m) => {
          const [r, gr, b] = divergingBytes(v, range);
          return html`<span
            class="c"
            style="background:rgb(${r} ${gr} ${b})"
            title="[${m}] ${fmtExact(v)}"
          ></span>`;
        })}</span
      ></span
    >`;
  }

  // ---- Table and similarity views --------------------------------------------------------

  _renderSingle(t, g) {
    const what = g.view === 'similarity' ? 'similarity' : 'table';
    const width = Math.max(260, (this._width || 720) - 30);
    return html`<div class="pickers">
        ${this._segmented('kind', t('attnPositionsKind'), KINDS, g.kind, t('attnPositionsKinds'))}
      </div>
      ${this._renderMap(t, g, 0, what, width, what === 'table' ? 420 : 460)}
      ${this._renderReadout(t, g)}`;
  }

  _renderCompare(t, g) {
    const width = this._width || 720;
    // Three columns from 660px up; one column (scrolling inside each picture) on phones.
    const columns = width >= 660 ? 3 : 1;
    const panel = Math.floor((width - 30 - (columns - 1) * 16) / columns);
    return html`<div class="compare" style="--columns:${columns}">
        ${g.maps.map(
          (m, i) =>
            html`<div class="panel" data-kind=${m.kind}>
              <h4 class="panel-title">${t('attnPositionsKinds')[m.kind]}</h4>
              ${this._renderMap(t, g, i, 'table', panel, 220, true)}
              ${this._renderMap(t, g, i, 'similarity', panel, 220, true)}
            </div>`,
        )}
      </div>
      ${this._renderReadout(t, g)}`;
  }

  /**
   * One picture: a canvas with one pixel per value (drawn in `updated`), scaled by CSS, with
   * tick labels and a highlighted cell. `maxHeight` caps the rows' height for long tables.
   */
  _renderMap(t, g, index, what, maxWidth, maxHeight, small = false) {
    const m = g.maps[index];
    const tensor = m[what];
    const [rows, cols] = tensor.shape;
    const key = `${index}:${what}`;
    const kindName = t('attnPositionsKinds')[m.kind];
    const tickWidth = 30;
    const room = Math.max(80, maxWidth - tickWidth - 14); // 14: the grid's right padding
    let cellW;
    let cellH;
    if (what === 'similarity') {
      // Square cells, shrunk to fit down to half a pixel per position (the browser averages
      // neighbouring positions); only past that does the picture scroll.
      cellW = cellH = Math.max(0.5, Math.min(24, Math.min(room, maxHeight + 60) / rows));
    } else {
      cellW = Math.max(2, Math.min(34, room / cols));
      cellH = Math.max(small ? 0.5 : 1, Math.min(24, maxHeight / rows));
    }
    const w = cols * cellW;
    const h = rows * cellH;
    const cursor = this._cursor?.key === key ? this._cursor : null;
    const title =
      what === 'table'
        ? t('attnPositionsTableTitle', kindName, rows, cols)
        : t('attnPositionsSimTitle', kindName, rows);
    const aria =
      what === 'table'
        ? t('attnPositionsTableAria', kindName, rows, cols)
        : t('attnPositionsSimAria', kindName, rows);
    const rowTicks = ticks(rows, cellH, 16);
    const colTicks = ticks(cols, cellW, small ? 26 : 22);
    return html`<figure
      class="map ${small ? 'small' : ''}"
      data-what=${what}
      data-kind=${m.kind}
      data-rows=${rows}
      data-cols=${cols}
    >
      <figcaption class="map-title">
        ${small ? t(what === 'table' ? 'attnPositionsTableShort' : 'attnPositionsSimShort') : title}
        <span class="axes"
          >${t('attnPositionsPosAxis')} ·
          ${what === 'table' ? t('attnPositionsColAxis') : t('attnPositionsPos2Axis')}</span
        >
      </figcaption>
      <div class="scroll">
        <div class="map-grid" style="grid-template-columns:${tickWidth}px ${w}px">
          <span></span>
          <span class="col-ticks" style="width:${w}px" aria-hidden="true">
            ${colTicks.map((c) => html`<span style="left:${(c + 0.5) * cellW}px">${c}</span>`)}
          </span>
          <span class="row-ticks" style="height:${h}px" aria-hidden="true">
            ${rowTicks.map((r) => html`<span style="top:${(r + 0.5) * cellH}px">${r}</span>`)}
          </span>
          <span class="map-wrap" style="width:${w}px;height:${h}px">
            <canvas
              data-key=${key}
              width=${cols}
              height=${rows}
              style="width:${w}px;height:${h}px"
              class=${cellW >= 1 && cellH >= 1 ? 'pixelated' : 'smooth'}
              tabindex="0"
              role="img"
              aria-label=${aria}
              @pointermove=${(e) => this._onPointer(e, key, rows, cols)}
              @pointerdown=${(e) => this._onPointer(e, key, rows, cols)}
              @focus=${() => this._onFocus(key, rows, cols)}
              @keydown=${(e) => this._onKey(e, key, rows, cols)}
            ></canvas>
            ${
              cursor
                ? html`<span
                    class="cursor"
                    aria-hidden="true"
                    style="left:${cursor.c * cellW}px;top:${cursor.r * cellH}px;width:${Math.max(
                      3,
                      cellW,
                    )}px;height:${Math.max(3, cellH)}px"
                  ></span>`
                : nothing
            }
          </span>
        </div>
      </div>
    </figure>`;
  }

  _renderReadout(t, g) {
    const cursor = this._cursor;
    if (!cursor) return nothing;
    const [index, what] = cursor.key.split(':');
    const m = g.maps[Number(index)];
    const tensor = m[what];
    const cols = tensor.shape[1];
    const { r, c } = cursor;
    const value = tensor.data[r * cols + c];
    const kindName = t('attnPositionsKinds')[m.kind];
    const range = what === 'similarity' ? 1 : rangeOf(tensor.data);
    const body =
      what === 'table' ? this._formula(t, g, m.kind, r, c, value) : this._band(t, m, r, c, value);
    return html`<div
        class="readout"
        aria-live="polite"
        data-kind=${m.kind}
        data-what=${what}
        data-row=${r}
        data-col=${c}
        data-value=${String(value)}
      >
        <span class="readout-kind">${kindName}</span> ${body}
      </div>
      <p class="legend">
        <span class="bar" style="background:${PUOR_GRADIENT}" aria-hidden="true"></span>
        ${t('attnPositionsLegend', fmt(range))}
        <span class="hint">${t('attnPositionsHint')}</span>
      </p>`;
  }

  /** PE[pos, col] with the formula and the numbers plugged in (the value is the core's). */
  _formula(t, g, kind, pos, col, value) {
    const d = g.dModel;
    const i = Math.floor(col / 2);
    const fn = col % 2 === 0 ? 'sin' : 'cos';
    const where = html`<span class="where">${t('attnPositionsCell', pos, col)}</span>`;
    const result = html`<strong class="num value">${fmtExact(value)}</strong>`;
    if (kind === 'learned') {
      return html`${where} <span class="math">PE<sub>(${pos}, ${col})</sub></span> = ${result}
        <span class="note-inline">(${t('attnPositionsLearnedNote')})</span>`;
    }
    // Display arithmetic for the formula; the value at the end is the core's.
    const denominator = 10000 ** ((2 * i) / d);
    const angle = pos / denominator;
    if (kind === 'sinusoidal') {
      return html`${where}
        <span class="math"
          >PE<sub>(${pos}, ${col})</sub> = ${fn}(${pos} / 10000<sup>${2 * i}/${d}</sup>) =
          ${fn}(${pos} / ${fmtNum(denominator)}) = ${fn}(${fmtNum(angle)}) = ${result}</span
        >`;
    }
    // RoPE: the pair (cos pθ_i, sin pθ_i) of the vector (1, 0, ...) rotated to position p.
    const rfn = col % 2 === 0 ? 'cos' : 'sin';
    return html`${where}
      <span class="math"
        >${rfn}(${pos} · θ<sub>${i}</sub>), θ<sub>${i}</sub> = 10000<sup>−${2 * i}/${d}</sup> =
        ${fmtNum(1 / denominator)} → ${rfn}(${fmtNum(angle)}) = ${result}</span
      >
      <span class="note-inline">(${t('attnPositionsRopeNote', i)})</span>`;
  }

  /** cos(PE_p, PE_q), and the spread of every pair at the same distance (from the core's map). */
  _band(t, m, p, q, value) {
    const { data, shape } = m.similarity;
    const n = shape[0];
    const delta = q - p;
    let min = Infinity;
    let max = -Infinity;
    let count = 0;
    for (let a = Math.max(0, -delta); a < n && a + delta < n; a++) {
      const v = data[a * n + a + delta];
      min = Math.min(min, v);
      max = Math.max(max, v);
      count++;
    }
    return html`<span class="where">${t('attnPositionsPair', p, q, Math.abs(delta))}</span>
      <span class="math">cos(PE<sub>${p}</sub>, PE<sub>${q}</sub>) = </span
      ><strong class="num value">${fmtExact(value)}</strong>
      <span
        class="band"
        data-count=${count}
        data-min=${String(min)}
        data-max=${String(max)}
        data-spread=${String(max - min)}
        >${t('attnPositionsBand', count, Math.abs(delta), fmtExact(min), fmtExact(max))}</span
      >`;
  }

  _setCursor(key, r, c) {
    const old = this._cursor;
    if (old && old.key === key && old.r === r && old.c === c) return;
    this._cursor = { key, r, c };
  }

  _onPointer(event, key, rows, cols) {
    const box = event.currentTarget.getBoundingClientRect();
    const c = Math.floor(((event.clientX - box.left) / box.width) * cols);
    const r = Math.floor(((event.clientY - box.top) / box.height) * rows);
    if (r < 0 || c < 0 || r >= rows || c >= cols) return;
    this._setCursor(key, r, c);
  }

  _onFocus(key, rows, cols) {
    if (this._cursor?.key === key) return;
    this._setCursor(
      key,
      Math.min(this._cursor?.r ?? 0, rows - 1),
      Math.min(this._cursor?.c ?? 0, cols - 1),
    );
  }

  /** Arrow keys move the highlighted cell; PageUp / PageDown jump 8 rows; Home / End a row's ends. */
  _onKey(event, key, rows, cols) {
    const cursor = this._cursor?.key === key ? this._cursor : { r: 0, c: 0 };
    let { r, c } = cursor;
    const moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
    if (moves[event.key]) {
      r += moves[event.key][0];
      c += moves[event.key][1];
    } else if (event.key === 'PageDown') r += 8;
    else if (event.key === 'PageUp') r -= 8;
    else if (event.key === 'Home') c = 0;
    else if (event.key === 'End') c = cols - 1;
    else return;
    event.preventDefault();
    this._setCursor(key, Math.min(rows - 1, Math.max(0, r)), Math.min(cols - 1, Math.max(0, c)));
  }

  updated() {
    const g = this._good;
    if (!g?.maps) return;
    for (const canvas of this.renderRoot.querySelectorAll('canvas[data-key]')) {
      const [index, what] = canvas.dataset.key.split(':');
      const tensor = g.maps[Number(index)]?.[what];
      if (!tensor || this._drawn.get(canvas) === tensor) continue;
      this._draw(canvas, tensor, what === 'similarity' ? 1 : rangeOf(tensor.data));
      this._drawn.set(canvas, tensor);
    }
  }

  /** One pixel per value, through a 256-colour lookup table (a 512 x 512 map is 262k pixels). */
  _draw(canvas, tensor, range) {
    const [rows, cols] = tensor.shape;
    const context = canvas.getContext('2d');
    if (!context) return;
    const lut = Array.from({ length: 256 }, (_, k) =>
      divergingBytes(((k / 255) * 2 - 1) * range, range),
    );
    const image = context.createImageData(cols, rows);
    const { data } = tensor;
    for (let p = 0; p < data.length; p++) {
      const x = Number.isFinite(data[p]) ? data[p] : 0;
      const k = Math.round(Math.min(1, Math.max(0, x / (2 * range) + 0.5)) * 255);
      const [r, g, b] = lut[k];
      image.data[p * 4] = r;
      image.data[p * 4 + 1] = g;
      image.data[p * 4 + 2] = b;
      image.data[p * 4 + 3] = 255;
    }
    if (canvas.width !== cols) canvas.width = cols;
    if (canvas.height !== rows) canvas.height = rows;
    context.putImageData(image, 0, 0);
  }
}
