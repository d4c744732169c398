import { html, nothing } from 'lit';
import { AttributeError, DEFAULT_SENTENCE, parseChoice, parseIntAttr } from '../shared/attrs.js';
import { BLUES_GRADIENT, sequential } from '../shared/colour.js';
import { fmt, fmtExact } from '../shared/format.js';
import { divisors } from '../shared/heads.js';
import { sharedStyles } from '../shared/styles.js';
import {
  chip,
  GenerationElement,
  parseFloatAttr,
  parseModelAttrs,
  stepperBar,
} from './generation.js';
import { generationStyles } from './styles.js';

const STRATEGIES = ['greedy', 'sample'];
const MAX_NEW = 64;
/** How many of the most likely tokens get a bar. */
const TOP_BARS = 5;

/**
 * @summary An encoder-decoder Transformer writing its output one token at a time, computed live
 * by the WebAssembly core: the decoder's input so far (from `<begin>`), the probabilities of the
 * next token, the newest query's masked self-attention row, and the cross-attention map (rows:
 * decoder steps, columns: source tokens), step by step until `<end>` or the token limit. The
 * model's weights are random (seeded), so the words are arbitrary: the widget shows the process.
 *
 * @attr source - The sentence the encoder reads (1..64 tokens). Default: `sentence`, else
 *   "robot must obey orders".
 * @attr sentence - Set by the lesson page's sentence box; used when `source` is absent.
 * @attr max-new-tokens - Stop after this many tokens if `<end>` has not come, 1..64. Default 8.
 * @attr strategy - greedy | sample. Default greedy.
 * @attr temperature - Sampling temperature, 0.05..10. Default 1.
 * @attr top-k - Sample from the k most likely tokens only; 0 = all. 0..66. Default 0.
 * @attr d-model - Model width, even, 2..256. Default 16.
 * @attr heads - Attention heads, 1..d-model, must divide d-model. Default 2.
 * @attr layers - Encoder and decoder layers, 1..6. Default 1.
 * @attr seed - Seeds the weights and the sampler; integer 0..4294967295. Default 7.
 * @attr step - How many tokens have been generated on screen, 0..64 (0: only `<begin>`).
 *   Past the end of the run, the last step is shown. Default 1.
 * @attr head - mean | 1..heads: which head the attention panels show. Default mean.
 * @attr controls - Boolean: strategy, temperature, top-k, token limit, layers, heads and seed
 *   controls for the reader.
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader stepped or changed a control. `detail`: `{ name, value, state }`.
 */
export class AttnDecoder extends GenerationElement {
  static properties = {
    source: { type: String },
    sentence: { type: String },
    maxNewTokens: { type: String, attribute: 'max-new-tokens' },
    strategy: { type: String },
    temperature: { type: String },
    topK: { type: String, attribute: 'top-k' },
    dModel: { type: String, attribute: 'd-model' },
    heads: { type: String },
    layers: { type: String },
    seed: { type: String },
    step: { type: String },
    head: { type: String },
    controls: { type: Boolean },
  };

  static inputs = [
    'source',
    'sentence',
    'maxNewTokens',
    'strategy',
    'temperature',
    'topK',
    'dModel',
    'heads',
    'layers',
    'seed',
    'step',
    'head',
  ];

  static styles = [sharedStyles, generationStyles];

  get state() {
    const g = this._good;
    return {
      source: g?.source,
      maxNewTokens: g?.options.maxNewTokens,
      strategy: g?.options.strategy,
      temperature: g?.options.temperature,
      topK: g?.options.topK,
      dModel: g?.options.dModel,
      heads: g?.options.heads,
      layers: g?.options.layers,
      seed: g?.options.seed,
      step: g?.step,
      head: g?.head,
    };
  }

  compute(lab, t) {
    const { dModel, heads, layers, seed } = parseModelAttrs(t, this, 'attnDecoder');
    const maxNewTokens = parseIntAttr(t, 'max-new-tokens', this.maxNewTokens, {
      min: 1,
      max: MAX_NEW,
      fallback: 8,
    });
    const strategy = parseChoice(t, 'strategy', this.strategy, STRATEGIES, 'greedy');
    const temperature = parseFloatAttr(t, 'temperature', this.temperature, {
      min: 0.05,
      max: 10,
      fallback: 1,
    });
    const topK = parseIntAttr(t, 'top-k', this.topK, { min: 0, max: MAX_NEW + 2, fallback: 0 });
    const asked = parseIntAttr(t, 'step', this.step, { min: 0, max: MAX_NEW, fallback: 1 });
    const head = parseHead(t, this.head, heads);
    const source = this.source ?? this.sentence ?? DEFAULT_SENTENCE;
    const options = {
      model: 'encoder-decoder',
      source,
      maxNewTokens,
      strategy,
      temperature,
      topK,
      dModel,
      heads,
      layers,
      seed,
      useCache: true,
    };
    if (strategy === 'sample' && topK > 0) {
      // The vocabulary of a random model is <begin>, <end> and the source's distinct tokens
      // (index.d.ts); a larger k gets a translated message here rather than the core's.
      const vocab = 2 + new Set(lab.tokenize(source)).size;
      if (topK > vocab) throw new AttributeError(t('attnDecoderTopKTooBig', topK, vocab));
    }
    // Greedy decoding ignores top-k, so the core is not asked to check it.
    const run = { ...options, topK: strategy === 'sample' ? topK : 0 };
    const result = this._memo.get(run, (o) => lab.generate(o));
    const last = result.steps.length;
    const step = Math.min(asked, last);
    return { options, source, result, step, asked, last, head };
  }

  // ---- reader actions ----

  _setHeads(value) {
    // A head number chosen for the old count may not exist in the new one.
    this.removeAttribute('head');
    this.userSet('heads', value);
  }

  // ---- rendering ----

  _renderControls(t, g) {
    const o = g.options;
    const sampling = o.strategy === 'sample';
    return html`<div class="controls">
      <fieldset class="segmented">
        <legend>${t('attnDecoderStrategy')}</legend>
        <span class="options">
          ${STRATEGIES.map(
            (s) =>
              html`<label
                ><input
                  type="radio"
                  name="strategy"
                  value=${s}
                  .checked=${s === o.strategy}
                  @change=${() => this.userSet('strategy', s)}
                /><span>${t('attnDecoderStrategies')[s]}</span></label
              >`,
          )}
        </span>
      </fieldset>
      <label title=${sampling ? '' : t('attnDecoderSampleOnly')}
        >${t('attnDecoderTemperature')}
        <input
          type="number"
          name="temperature"
          min="0.05"
          max="10"
          step="0.05"
          .value=${String(o.temperature)}
          ?disabled=${!sampling}
          @change=${(e) => this.userSet('temperature', e.target.value)}
      /></label>
      <label title=${sampling ? '' : t('attnDecoderSampleOnly')}
        >${t('attnDecoderTopK')}
        <input
          type="number"
          name="top-k"
          min="0"
          max=${g.result.vocab.length}
          step="1"
          .value=${String(o.topK)}
          ?disabled=${!sampling}
          @change=${(e) => this.userSet('top-k', e.target.value)}
      /></label>
      <label
        >${t('attnDecoderMaxNew')}
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
        >${t('attnDecoderLayers')}
        <select name="layers" @change=${(e) => this.userSet('layers', e.target.value)}>
          ${[1, 2, 3, 4, 5, 6].map(
            (n) => html`<option value=${n} ?selected=${n === o.layers}>${n}</option>`,
          )}
        </select></label
      >
      <label
        >${t('attnDecoderHeads')}
        <select name="heads" @change=${(e) => this._setHeads(e.target.value)}>
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
    const r = g.result;
    const k = g.step;
    // The decoder's input at step k: <begin> and the tokens written before this step.
    const input = [...r.promptTokens, ...r.tokens.slice(0, Math.max(0, k - 1))];
    const current = k > 0 ? r.steps[k - 1] : null;
    return html`<section
      class=${this._error ? 'stale' : ''}
      aria-label=${t('attnDecoderLabel')}
      data-step=${k}
      data-last=${g.last}
    >
      ${
        g.asked > g.last
          ? html`<p class="note">${t('attnDecoderStepClamped', g.asked, g.last)}</p>`
          : nothing
      }
      <div class="seq source-row">
        <span class="seq-label">${t('attnDecoderSource')}</span>
        ${r.sourceTokens.map((tok, j) => chip(tok, { index: j + 1, cls: 'source', name: 'source' }))}
      </div>
      <div class="seq decoder-input">
        <span class="seq-label">${t('attnDecoderInput')}</span>
        ${input.map((tok, i) => chip(tok, { index: i + 1, name: 'input' }))}
        ${
          current
            ? html`<span class="arrow" aria-hidden="true">→</span>
                <span class="sr-only">${t('attnDecoderChose')}</span>
                ${chip(current.token, { cls: 'new', name: 'new' })}`
            : nothing
        }
      </div>
      ${stepperBar(this, t, 'attnDecoder', {
        step: k,
        first: 0,
        last: g.last,
        extra: this._stopNote(t, g),
      })}
      ${this._renderHeadPicker(t, g)}
      <div class="panels">
        ${this._renderProbs(t, g, current)} ${this._renderSelf(t, g, current, input)}
      </div>
      ${this._renderCross(t, g)}
      <p class="honest">${t('attnDecoderRandom', g.options.seed, r.vocab.length)}</p>
    </section>`;
  }

  _stopNote(t, g) {
    if (g.step < g.last) return nothing;
    const r = g.result;
    const ended = r.tokens[r.tokens.length - 1] === '<end>';
    if (g.step === 0 && g.last > 0) return nothing;
    return html`<span class="stop-note" data-reason=${ended ? 'end' : 'max'}
      >${
        ended
          ? t(g.last === 1 ? 'attnDecoderStoppedAtOnce' : 'attnDecoderStoppedEnd')
          : t('attnDecoderStoppedMax', g.options.maxNewTokens)
      }</span
    >`;
  }

  _renderHeadPicker(t, g) {
    const heads = g.options.heads;
    const choices = ['mean', ...Array.from({ length: heads }, (_, h) => h + 1)];
    return html`<fieldset class="segmented head-picker">
      <legend>${t('attnDecoderHead')}</legend>
      <span class="options">
        ${choices.map(
          (c) =>
            html`<label
              ><input
                type="radio"
                name="head"
                value=${c}
                .checked=${c === g.head}
                @change=${() => this.userSet('head', c)}
              /><span>${c === 'mean' ? t('attnDecoderMean') : c}</span></label
            >`,
        )}
      </span>
    </fieldset>`;
  }

  _renderProbs(t, g, current) {
    const r = g.result;
    let body;
    if (!current) {
      body = html`<p class="empty">${t('attnDecoderNotStarted')}</p>`;
    } else {
      const p = current.probabilities.data;
      // Display only: which entries are the largest, and the chosen one if it is not among them.
      const order = Array.from(p, (_, i) => i).sort((a, b) => p[b] - p[a]);
      const shown = order.slice(0, TOP_BARS);
      if (!shown.includes(current.tokenId)) shown.push(current.tokenId);
      body = html`<div class="probs" role="list">
        ${shown.map((id) => {
          const chosen = id === current.tokenId;
          return html`<div
            class="prob"
            role="listitem"
            data-token=${r.vocab[id]}
            data-p=${String(p[id])}
            data-chosen=${chosen ? 'true' : 'false'}
          >
            <span class="tok" title=${r.vocab[id]}>${r.vocab[id]}</span>
            <span class="bar-track" aria-hidden="true"
              ><span class="bar-fill" style="width:${p[id] * 100}%"></span
            ></span>
            <span class="pct"
              >${fmt(p[id] * 100, 1)}%${
                chosen
                  ? html` <span class="chosen-mark">✓ ${t('attnDecoderChosen')}</span>`
                  : nothing
              }</span
            >
          </div>`;
        })}
      </div>`;
    }
    const o = g.options;
    return html`<div class="panel probs-panel">
      <h3>${t('attnDecoderProbs')}</h3>
      <p class="help">
        ${t('attnDecoderProbsHelp', o.strategy, o.temperature, o.topK, r.vocab.length)}
      </p>
      ${body}
    </div>`;
  }

  /** Per-head row `h` (0-based) of a (heads, n) tensor, or the mean over heads. */
  _headRow(tensor, head) {
    const [heads, n] = tensor.shape;
    const data = tensor.data;
    if (head !== 'mean') return data.subarray((head - 1) * n, head * n);
    const mean = new Float32Array(n);
    for (let h = 0; h < heads; h++) for (let j = 0; j < n; j++) mean[j] += data[h * n + j] / heads;
    return mean;
  }

  _renderSelf(t, g, current, input) {
    let body;
    if (!current) {
      body = html`<p class="empty">${t('attnDecoderNotStarted')}</p>`;
    } else {
      const w = this._headRow(current.selfWeights, g.head);
      body = html`<div class="grid-scroll">
        <div class="att self" style="--cols:${w.length}" role="table">
          <span></span>
          ${input.map(
            (tok, j) =>
              html`<span class="col-head" role="columnheader" title=${tok}
                ><span class="idx">${j + 1}</span> ${tok}</span
              >`,
          )}
          <span class="row-head" role="rowheader">q<sub>${current.position + 1}</sub></span>
          ${Array.from(w, (v, j) => {
            const { bg, fg } = sequential(v);
            return html`<span
              class="cell self-cell"
              role="cell"
              style="background:${bg};color:${fg}"
              data-value=${String(v)}
              title="${input[j]}: ${fmtExact(v)}"
              >${fmt(v)}</span
            >`;
          })}
        </div>
      </div>`;
    }
    return html`<div class="panel self-panel">
      <h3>${t('attnDecoderSelf', current ? current.position + 1 : 1)}</h3>
      <p class="help">${t('attnDecoderSelfHelp')}</p>
      ${body}
    </div>`;
  }

  _renderCross(t, g) {
    const r = g.result;
    const src = r.sourceTokens;
    const decoderTokens = [...r.promptTokens, ...r.tokens];
    const rows = r.steps.slice(0, g.step);
    return html`<div class="panel cross-panel">
      <h3>${t('attnDecoderCross')}</h3>
      <p class="help">${t('attnDecoderCrossHelp')}</p>
      ${rows.length === 0 ? html`<p class="empty">${t('attnDecoderNotStarted')}</p>` : nothing}
      <div class="grid-scroll">
        <div
          class="att cross"
          style="--cols:${src.length}"
          role="table"
          aria-label=${t('attnDecoderCross')}
          data-rows=${rows.length}
          data-cols=${src.length}
        >
          <span class="corner"></span>
          ${src.map(
            (tok, j) =>
              html`<span
                class="col-head cross-col"
                role="columnheader"
                data-token=${tok}
                title=${tok}
                ><span class="idx">${j + 1}</span> ${tok}</span
              >`,
          )}
          ${rows.map((s, i) => {
            const w = this._headRow(s.crossWeights, g.head);
            const newest = i === rows.length - 1;
            return html`<div
              class="row-wrap cross-row ${newest ? 'newest' : ''}"
              role="row"
              data-step=${i + 1}
            >
              <span class="row-head ${newest ? 'newest' : ''}" role="rowheader"
                ><span class="idx">${i + 1}</span> ${decoderTokens[s.position]} → ${s.token}</span
              >
              ${Array.from(w, (v, j) => {
                const { bg, fg } = sequential(v);
                return html`<span
                  class="cell cross-cell ${newest ? 'newest' : ''}"
                  role="cell"
                  style="background:${bg};color:${fg}"
                  data-value=${String(v)}
                  title="${decoderTokens[s.position]} → ${src[j]}: ${fmtExact(v)}"
                  >${fmt(v)}</span
                >`;
              })}
            </div>`;
          })}
        </div>
      </div>
      <div class="legend">
        <span
          ><span class="ramp-bar" style="background:${BLUES_GRADIENT}"></span
          >${t('attnDecoderLegend')}</span
        >
        <span
          >${g.head === 'mean' ? t('attnDecoderMeanNote', g.options.heads) : t('attnDecoderHeadNote', g.head)}</span
        >
      </div>
    </div>`;
  }
}

/** 'mean' or a head number 1..heads. */
function parseHead(t, raw, heads) {
  if (raw == null || String(raw).trim() === '' || String(raw).trim().toLowerCase() === 'mean') {
    return 'mean';
  }
  const text = String(raw).trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > heads) {
    throw new AttributeError(t('attnDecoderBadHead', text, heads));
  }
  return Number(text);
}
