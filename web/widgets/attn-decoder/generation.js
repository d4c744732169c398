// Helpers shared by <attn-decoder> and <attn-kvcache>: their base class (step, play, new seed),
// attribute checks the shared attrs.js does not have (decimals, heads dividing d-model), a memo so
// that stepping through a generation does not run the model again, and the Reset / Back / Step /
// Play bar with its keyboard shortcuts.
import { html, nothing } from 'lit';
import { AttributeError, parseIntAttr } from '../shared/attrs.js';
import { divisors } from '../shared/heads.js';
import { LabElement } from '../shared/lab-element.js';

/**
 * Parses a decimal attribute in [min, max]. Absent or blank -> `fallback`.
 * @param {(key: string, ...args: unknown[]) => string} t
 */
export function parseFloatAttr(t, name, raw, { min, max, fallback }) {
  if (raw == null || String(raw).trim() === '') return fallback;
  const text = String(raw).trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) {
    throw new AttributeError(t('attnDecoderBadNumber', name, text, min, max));
  }
  const value = Number(text);
  if (value < min || value > max) throw new AttributeError(t('outOfRange', name, text, min, max));
  return value;
}

/**
 * The model sizes every generation widget takes: d-model (even, 2..256), heads (dividing
 * d-model), layers (1..6), seed. `prefix` picks the widget's own translated messages.
 */
export function parseModelAttrs(t, el, prefix, fallbacks = {}) {
  const dModel = parseIntAttr(t, 'd-model', el.dModel, {
    min: 2,
    max: 256,
    fallback: fallbacks.dModel ?? 16,
  });
  if (dModel % 2 !== 0) throw new AttributeError(t(`${prefix}Even`, dModel));
  const heads = parseIntAttr(t, 'heads', el.heads, {
    min: 1,
    max: dModel,
    fallback: fallbacks.heads ?? 2,
  });
  if (dModel % heads !== 0) {
    throw new AttributeError(t(`${prefix}HeadsDivide`, heads, dModel, divisors(dModel)));
  }
  const layers = parseIntAttr(t, 'layers', el.layers, {
    min: 1,
    max: 6,
    fallback: fallbacks.layers ?? 1,
  });
  const seed = parseIntAttr(t, 'seed', el.seed, { min: 0, max: 4294967295, fallback: 7 });
  return { dModel, heads, layers, seed };
}

/**
 * Remembers the last few generations by their options, so a step change (which re-runs
 * `compute`) shows the same run instead of generating again. Small: a page has few widgets and
 * each keeps its own memo.
 */
export class RunMemo {
  constructor(size = 4) {
    this.size = size;
    this.entries = new Map();
  }

  get(options, run) {
    const key = JSON.stringify(options);
    if (this.entries.has(key)) return this.entries.get(key);
    const value = run(options);
    this.entries.set(key, value);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value);
    return value;
  }
}

/** Milliseconds between steps while playing. */
export const PLAY_MS = 750;

/**
 * The stepper bar. `host` is the widget: it provides `_goTo(step)`, `_togglePlay()` and
 * `_playing`; `first`/`last` bound the steps; `extra` is shown after the position.
 */
export function stepperBar(host, t, prefix, { step, first, last, extra = nothing }) {
  // aria-disabled rather than disabled: a button that becomes disabled under the keyboard focus
  // (Step at the last step, End pressed) would drop the focus and end keyboard stepping.
  const button = (cls, label, target, off) =>
    html`<button
      type="button"
      class=${cls}
      aria-disabled=${off ? 'true' : 'false'}
      @click=${() => {
        if (!off) target();
      }}
    >
      ${label}
    </button>`;
  const playOff = !host._playing && step >= last;
  return html`<div
    class="stepper"
    role="group"
    aria-label=${t(`${prefix}Stepper`)}
    @keydown=${(e) => stepperKeys(host, e, step, first, last)}
  >
    ${button('reset', `⏮ ${t(`${prefix}Reset`)}`, () => host._goTo(first), step <= first)}
    ${button('back', `← ${t(`${prefix}Back`)}`, () => host._goTo(step - 1), step <= first)}
    ${button('step', `${t(`${prefix}Step`)} →`, () => host._goTo(step + 1), step >= last)}
    <button
      type="button"
      class="play"
      aria-pressed=${host._playing ? 'true' : 'false'}
      aria-disabled=${playOff ? 'true' : 'false'}
      @click=${() => {
        if (!playOff) host._togglePlay();
      }}
    >
      ${host._playing ? `⏸ ${t(`${prefix}Pause`)}` : `▶ ${t(`${prefix}Play`)}`}
    </button>
    <span class="where" aria-live="polite">${t(`${prefix}StepOf`, step, last)}</span>
    ${extra}
    <span class="keys-help">${t(`${prefix}Keys`)}</span>
  </div>`;
}

/** ← / → step, Home / End jump; only when the focus is on the stepper's buttons. */
function stepperKeys(host, event, step, first, last) {
  const go = {
    ArrowRight: step + 1,
    ArrowLeft: step - 1,
    Home: first,
    End: last,
  }[event.key];
  if (go === undefined) return;
  event.preventDefault();
  host._goTo(Math.min(last, Math.max(first, go)));
}

/** A token chip. `special` tokens (<begin>, <end>) are set in a code font. */
export function chip(token, { index, cls = '', name = '' } = {}) {
  const special = /^<[a-z]+>$/.test(token);
  return html`<span
    class="chip ${cls} ${special ? 'special' : ''}"
    data-token=${token}
    data-name=${name}
    title=${token}
    >${index === undefined ? nothing : html`<span class="idx">${index}</span>`}<span class="tok"
      >${token}</span
    ></span
  >`;
}

/**
 * Base of the widgets that step through one generation: `compute` returns a state with `step`
 * and `last`; the reader moves with `_goTo`, plays with `_togglePlay`, draws new weights with
 * `_newSeed`. Subclasses render `_renderBody(t, g)` and `_renderControls(t, g)`.
 */
export class GenerationElement extends LabElement {
  static properties = { _playing: { state: true } };

  constructor() {
    super();
    this.controls = false;
    this._playing = false;
    this._memo = new RunMemo();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this._stopPlay();
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

  _goTo(step) {
    this.userSet('step', step);
  }

  _togglePlay() {
    if (this._playing) {
      this._stopPlay();
      return;
    }
    this._playing = true;
    this._timer = setInterval(() => {
      const g = this._good;
      if (!g || this._error || g.step >= g.last) {
        this._stopPlay();
        return;
      }
      this.userSet('step', g.step + 1);
      if (g.step + 1 >= g.last) this._stopPlay();
    }, PLAY_MS);
  }

  _stopPlay() {
    clearInterval(this._timer);
    this._timer = 0;
    this._playing = false;
  }

  _newSeed() {
    const [seed] = crypto.getRandomValues(new Uint32Array(1));
    this.userSet('seed', seed);
  }
}
