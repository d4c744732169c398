import { html, nothing } from 'lit';
import { LabElement } from '../shared/lab-element.js';
import {
  DEFAULT_SENTENCE,
  D_MODEL_MAX,
  MASKS,
  MAX_TOKENS,
  SEED_MAX,
  parseChoice,
  parseIntAttr,
} from '../shared/attrs.js';
import { diverging, divergingBytes, sequential } from '../shared/colour.js';
import { fmt, fmtExact, fmtSig, row } from '../shared/format.js';
import { rangeOf, strip } from '../shared/strip.js';
import { sharedStyles } from '../shared/styles.js';
import { stepsStyles } from './styles.js';

const STEPS = 5;

/** x_{i} as HTML: a math variable with a subscript (and optional superscript). */
const v = (name, subscript, sup) =>
  html`<var>${name}</var>${
      subscript === undefined ? nothing : html`<sub>${subscript}</sub>`
    }${sup ? html`<sup>${sup}</sup>` : nothing}`;

/**
 * @summary Self-attention for one query token, one step at a time: its query, the scores
 * against every key, the mask, softmax, and the weighted sum of the values. Every number comes
 * from the WebAssembly core for the reader's sentence.
 *
 * @attr sentence - The text to tokenize (1..64 tokens). Default "robot must obey orders".
 * @attr query - 0-based index of the query token (0..63). Default 0. Past the last token, the
 *   last token is shown. (On screen, positions are numbered from 1, as in the lessons' maths.)
 * @attr mask - none | causal | padding | causal+padding. Default none.
 * @attr d-model - Embedding width, integer 1..256. Default 16.
 * @attr seed - Integer 0..4294967295. Default 7.
 * @attr step - 1 query, 2 scores, 3 mask, 4 softmax, 5 output. Default 1.
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader picked a token or a step. `detail`: `{ name, value, state }`.
 */
export class AttnSteps extends LabElement {
  static properties = {
    sentence: { type: String },
    query: { type: String },
    mask: { type: String },
    dModel: { type: String, attribute: 'd-model' },
    seed: { type: String },
    step: { type: String },
  };

  static inputs = ['sentence', 'query', 'mask', 'dModel', 'seed', 'step'];

  static styles = [sharedStyles, stepsStyles];

  get state() {
    const g = this._good;
    return {
      sentence: this.sentence ?? DEFAULT_SENTENCE,
      query: g?.query,
      mask: g?.mask,
      dModel: g?.dModel,
      seed: g?.seed,
      step: g?.step,
    };
  }

  compute(lab, t) {
    const mask = parseChoice(t, 'mask', this.mask, MASKS, 'none');
    const dModel = parseIntAttr(t, 'd-model', this.dModel, {
      min: 1,
      max: D_MODEL_MAX,
      fallback: 16,
    });
    const seed = parseIntAttr(t, 'seed', this.seed, { min: 0, max: SEED_MAX, fallback: 7 });
    const asked = parseIntAttr(t, 'query', this.query, {
      min: 0,
      max: MAX_TOKENS - 1,
      fallback: 0,
    });
    const step = parseIntAttr(t, 'step', this.step, { min: 1, max: STEPS, fallback: 1 });
    const sentence = this.sentence ?? DEFAULT_SENTENCE;
    const result = lab.selfAttention({ sentence, dModel, mask, seed });
    // The sentence box can shorten the sentence under a widget whose query was set for a longer
    // one: follow along with the last token rather than freezing the widget on an error.
    const query = Math.min(asked, result.tokens.length - 1);
    return { result, mask, dModel, seed, step, query, asked };
  }

  render() {
    const t = this.t;
    const g = this._good;
    return this._renderFrame(t, g ? this._renderBody(t, g) : nothing);
  }

  _renderBody(t, g) {
    const { tokens } = g.result;
    const titles = t('stepTitles');
    return html`<section class=${this._error ? 'stale' : ''} aria-label=${t('stepsLabel')}>
      <div class="picker" role="group" aria-label=${t('queryToken')}>
        <span class="picker-label" aria-hidden="true">${t('queryToken')}</span>
        ${tokens.map(
          (tok, i) =>
            html`<button
              type="button"
              class="token"
              data-index=${i}
              aria-pressed=${i === g.query ? 'true' : 'false'}
              @click=${() => this.userSet('query', i)}
            >
              <span class="tok">${tok}</span><span class="idx">${i + 1}</span>
            </button>`,
        )}
      </div>
      ${
        g.asked !== g.query
          ? html`<p class="note">${t('queryClamped', g.asked, tokens.length)}</p>`
          : nothing
      }
      <nav class="stepper" aria-label=${t('stepOf', g.step, STEPS)}>
        <ol>
          ${titles.map(
            (title, k) =>
              html`<li>
                <button
                  type="button"
                  class="step-tab"
                  data-step=${k + 1}
                  aria-current=${k + 1 === g.step ? 'step' : 'false'}
                  @click=${() => this.userSet('step', k + 1)}
                >
                  <span class="step-no">${k + 1}</span> ${title}
                </button>
              </li>`,
          )}
        </ol>
      </nav>
      <div class="step-body" data-step=${g.step} aria-live="polite">
        <h3 class="step-title">${t('stepOf', g.step, STEPS)} · ${titles[g.step - 1]}</h3>
        ${this._renderStep(t, g)}
      </div>
      <div class="nav">
        <button
          type="button"
          class="prev"
          ?disabled=${g.step <= 1}
          @click=${() => this.userSet('step', g.step - 1)}
        >
          ← ${t('prev')}
        </button>
        <span class="where">${t('stepOf', g.step, STEPS)}</span>
        <button
          type="button"
          class="next"
          ?disabled=${g.step >= STEPS}
          @click=${() => this.userSet('step', g.step + 1)}
        >
          ${t('next')} →
        </button>
      </div>
    </section>`;
  }

  _renderStep(t, g) {
    switch (g.step) {
      case 1:
        return this._stepQuery(t, g);
      case 2:
        return this._stepScores(t, g);
      case 3:
        return this._stepMask(t, g);
      case 4:
        return this._stepSoftmax(t, g);
      default:
        return this._stepOutput(t, g);
    }
  }

  /** Step 1: q_i = x_i W_q^T. */
  _stepQuery(t, g) {
    const r = g.result;
    const i = g.query;
    const p = i + 1; // positions are shown 1-based, as in the lessons' maths
    const x = row(r.x, i);
    const q = row(r.q, i);
    const range = rangeOf(x, q);
    const [dK, dModel] = r.wQ.shape;
    return html`<p>${t('step1Intro', r.tokens[i], p)}</p>
      <p class="formula math">
        ${v('q', p)} = ${v('x', p)} ${v('W', 'q', '⊤')}
        <span class="shape">(1 × ${dModel}) · (${dModel} × ${dK}) → (1 × ${dK})</span>
      </p>
      <div class="vec-rows">
        <div class="vec-row">
          <span class="vec-name math">${v('x', p)}</span>
          <span class="vec-what">${t('embedding')}</span>
          ${strip(x, { range, label: `x${p}`, name: 'x' })}
        </div>
        <div class="vec-row">
          <span class="vec-name math">${v('W', 'q', '⊤')}</span>
          <span class="vec-what">${dModel} × ${dK}</span>
          <canvas
            class="matrix"
            width=${dK}
            height=${dModel}
            role="img"
            aria-label="W_q (${dK} × ${dModel})"
            data-matrix="wQ"
          ></canvas>
        </div>
        <div class="vec-row result">
          <span class="vec-name math">= ${v('q', p)}</span>
          <span class="vec-what">${t('query')}</span>
          ${strip(q, { range, label: `q${p}`, name: 'q' })}
        </div>
      </div>`;
  }

  /** Step 2: every key k_j and s_ij = q_i . k_j / sqrt(d_k). */
  _stepScores(t, g) {
    const r = g.result;
    const i = g.query;
    const p = i + 1; // positions are shown 1-based, as in the lessons' maths
    const n = r.tokens.length;
    const dK = r.q.shape[1];
    const root = Math.sqrt(dK);
    const q = row(r.q, i);
    const scores = row(r.scores, i);
    const keys = r.tokens.map((_, j) => row(r.k, j));
    const range = rangeOf(q, ...keys);
    const sRange = rangeOf(scores);
    // Term by term for the query's own key: the dot product spelled out once.
    const own = keys[i];
    const terms = Array.from(q, (qm, m) => qm * own[m]);
    return html`<p>${t('step2Intro', r.tokens[i])}</p>
      <p class="formula math">
        ${v('k', 'j')} = ${v('x', 'j')} ${v('W', 'k', '⊤')}, ${v('s', `${p}j`)} = ${v('q', p)} ·
        ${v('k', 'j')} / √${v('d', 'k')}
        <span class="shape">${v('d', 'k')} = ${dK}, √${v('d', 'k')} = ${fmt(root, 3)}</span>
      </p>
      <div class="vec-row">
        <span class="vec-name math">${v('q', p)}</span>
        <span class="vec-what">${t('query')}</span>
        ${strip(q, { range, label: `q${p}`, name: 'q' })}
      </div>
      <div class="table ${n > 12 ? 'long' : ''}" role="table">
        <div class="tr th" role="row">
          <span role="columnheader">${t('token')}</span>
          <span role="columnheader">${t('key')} ${v('k', 'j')}</span>
          <span role="columnheader">${t('score')} ${v('s', `${p}j`)}</span>
        </div>
        ${keys.map((k, j) => {
          const s = scores[j];
          const { bg, fg } = diverging(s, sRange);
          return html`<div class="tr" role="row" data-key=${j}>
            <span role="cell" class="tok-cell"
              ><span class="idx">${j + 1}</span> <span class="tok">${r.tokens[j]}</span></span
            >
            <span role="cell">${strip(k, { range, label: `k${j + 1}`, name: 'k' })}</span>
            <span role="cell" class="math calc">
              ${fmt(s * root, 3)} / ${fmt(root, 2)} =
              <span class="pill" style="background:${bg};color:${fg}" data-score=${String(s)}
                >${fmt(s, 3)}</span
              >
            </span>
          </div>`;
        })}
      </div>
      <details class="expand">
        <summary>${t('step2Expand')}: ${v('q', p)} · ${v('k', p)}</summary>
        <p class="math terms">
          ${terms.map(
            (term, m) =>
              html`<span class="term">(${fmt(q[m])})(${fmt(own[m])})</span
                >${m < terms.length - 1 ? ' + ' : ''}`,
          )}
          =
          ${fmt(
            terms.reduce((a, b) => a + b, 0),
            3,
          )}
        </p>
      </details>`;
  }

  /** Step 3: the mask row for query i; blocked scores become -inf. */
  _stepMask(t, g) {
    const r = g.result;
    const i = g.query;
    const p = i + 1; // positions are shown 1-based, as in the lessons' maths
    const maskRow = row(r.mask, i);
    const scores = row(r.scores, i);
    const masked = row(r.maskedScores, i);
    const any = maskRow.some((m) => m === 0);
    return html`<p>${t('step3Intro')[any ? 'masked' : 'none']}</p>
      <p class="formula math">
        ${v('s̃', `${p}j`)} = ${v('s', `${p}j`)} + ${v('M', `${p}j`)}, ${v('M', `${p}j`)} ∈ {0, −∞}
        <span class="shape">${t('mask')}: ${t('maskNames')[g.mask]}</span>
      </p>
      <div class="table ${r.tokens.length > 12 ? 'long' : ''}" role="table">
        <div class="tr th three" role="row">
          <span role="columnheader">${t('token')}</span>
          <span role="columnheader">${t('mask')}</span>
          <span role="columnheader">${v('s', `${p}j`)} → ${v('s̃', `${p}j`)}</span>
        </div>
        ${r.tokens.map((tok, j) => {
          const blocked = maskRow[j] === 0;
          return html`<div
            class="tr three ${blocked ? 'blocked' : ''}"
            role="row"
            data-key=${j}
            data-masked=${blocked ? 'true' : 'false'}
          >
            <span role="cell" class="tok-cell"
              ><span class="idx">${j + 1}</span> <span class="tok">${tok}</span></span
            >
            <span role="cell" class="mask-cell">
              ${blocked ? html`✕ ${t('blocked')}` : html`✓ ${t('allowed')}`}
            </span>
            <span role="cell" class="math calc">
              ${fmt(scores[j], 3)} →
              <strong data-score=${String(masked[j])}>${fmt(masked[j], 3)}</strong>
            </span>
          </div>`;
        })}
      </div>`;
  }

  /** Step 4: softmax. exp() here is display arithmetic on the core's masked scores. */
  _stepSoftmax(t, g) {
    const r = g.result;
    const i = g.query;
    const p = i + 1; // positions are shown 1-based, as in the lessons' maths
    const masked = row(r.maskedScores, i);
    const weights = row(r.weights, i);
    const exps = Array.from(masked, (s) => Math.exp(s));
    const total = exps.reduce((a, b) => a + b, 0);
    const weightSum = weights.reduce((a, b) => a + b, 0);
    return html`<p>${t('step4Intro')}</p>
      <p class="formula math">
        ${v('α', `${p}j`)} = exp(${v('s̃', `${p}j`)}) / Σ<sub>${v('k')}</sub>
        exp(${v('s̃', `${p}k`)})
      </p>
      <div class="table ${r.tokens.length > 12 ? 'long' : ''}" role="table">
        <div class="tr th four" role="row">
          <span role="columnheader">${t('token')}</span>
          <span role="columnheader">${v('s̃', `${p}j`)}</span>
          <span role="columnheader">exp(${v('s̃', `${p}j`)}) / Σ</span>
          <span role="columnheader">${t('weight')} ${v('α', `${p}j`)}</span>
        </div>
        ${r.tokens.map((tok, j) => {
          const w = weights[j];
          const { bg } = sequential(w);
          return html`<div class="tr four" role="row" data-key=${j}>
            <span role="cell" class="tok-cell"
              ><span class="idx">${j + 1}</span> <span class="tok">${tok}</span></span
            >
            <span role="cell" class="math num">${fmt(masked[j], 3)}</span>
            <span role="cell" class="math num">${fmtSig(exps[j])} / ${fmtSig(total)}</span>
            <span role="cell" class="weight-cell">
              <span class="bar-track" aria-hidden="true"
                ><span class="bar-fill" style="width:${w * 100}%;background:${bg}"></span
              ></span>
              <strong class="num" data-weight=${String(w)}>${fmt(w, 3)}</strong>
            </span>
          </div>`;
        })}
        <div class="tr four total" role="row">
          <span role="cell">${t('total')}</span>
          <span role="cell"></span>
          <span role="cell" class="math num">Σ = ${fmtSig(total)}</span>
          <span role="cell" class="weight-cell"
            ><strong class="num" data-weight-sum=${String(weightSum)}
              >Σ = ${fmt(weightSum, 2)}</strong
            ></span
          >
        </div>
      </div>`;
  }

  /** Step 5: o_i = sum_j a_ij v_j. The scaled rows are display arithmetic; o_i is the core's. */
  _stepOutput(t, g) {
    const r = g.result;
    const i = g.query;
    const p = i + 1; // positions are shown 1-based, as in the lessons' maths
    const weights = row(r.weights, i);
    const values = r.tokens.map((_, j) => row(r.v, j));
    const scaled = values.map((vj, j) => Array.from(vj, (x) => x * weights[j]));
    const out = row(r.output, i);
    const range = rangeOf(out, ...scaled);
    return html`<p>${t('step5Intro', r.tokens[i])}</p>
      <p class="formula math">
        ${v('v', 'j')} = ${v('x', 'j')} ${v('W', 'v', '⊤')}, ${v('b', p)} = Σ<sub>${v('j')}</sub>
        ${v('α', `${p}j`)} ${v('v', 'j')}
      </p>
      <div class="table ${r.tokens.length > 12 ? 'long' : ''}" role="table">
        <div class="tr th" role="row">
          <span role="columnheader">${t('token')}</span>
          <span role="columnheader">${v('α', `${p}j`)} ${v('v', 'j')}</span>
          <span role="columnheader">${t('weight')}</span>
        </div>
        ${scaled.map(
          (sv, j) =>
            html`<div class="tr ${weights[j] === 0 ? 'blocked' : ''}" role="row" data-key=${j}>
              <span role="cell" class="tok-cell"
                ><span class="idx">${j + 1}</span> <span class="tok">${r.tokens[j]}</span></span
              >
              <span role="cell"
                >${strip(sv, { range, label: `α${p},${j + 1} v${j + 1}`, name: 'av' })}</span
              >
              <span role="cell" class="math num">× ${fmt(weights[j], 3)}</span>
            </div>`,
        )}
        <div class="tr total" role="row">
          <span role="cell" class="math">= ${v('b', p)}</span>
          <span role="cell" class="output"
            >${strip(out, { range, label: `b${p}`, name: 'output' })}</span
          >
          <span role="cell">${t('output')}</span>
        </div>
      </div>`;
  }

  updated() {
    // W_q as a tiny image: one pixel per entry, scaled up by CSS. Far cheaper than d_k x d_model
    // elements when d_model is 256.
    const canvas = this.renderRoot.querySelector('canvas[data-matrix="wQ"]');
    const g = this._good;
    if (!canvas || !g) return;
    const { data, shape } = g.result.wQ;
    const [rows, cols] = shape;
    const context = canvas.getContext('2d');
    if (!context) return;
    // W_q is (d_k, d_model); drawn transposed, as W_q^T (d_model, d_k), the way the formula
    // multiplies it: pixel (x = a, y = b) is W_q[a][b].
    const image = context.createImageData(rows, cols);
    const range = rangeOf(data);
    for (let a = 0; a < rows; a++) {
      for (let b = 0; b < cols; b++) {
        image.data.set([...divergingBytes(data[a * cols + b], range), 255], (b * rows + a) * 4);
      }
    }
    canvas.width = rows;
    canvas.height = cols;
    context.putImageData(image, 0, 0);
    canvas.title = `W_q: ${fmtExact(data[0])}, …`;
  }
}
