import { html, nothing } from 'lit';
import { LabElement } from '../shared/lab-element.js';
import {
  AttributeError,
  DEFAULT_SENTENCE,
  D_FF_MAX,
  D_MODEL_MAX,
  SEED_MAX,
  parseChoice,
  parseIntAttr,
} from '../shared/attrs.js';
import { PUOR_GRADIENT, divergingBytes, sequential } from '../shared/colour.js';
import { fmt, fmtExact, fmtSig, row } from '../shared/format.js';
import { rangeOf, strip } from '../shared/strip.js';
import { sharedStyles } from '../shared/styles.js';
import { blockStyles } from './styles.js';

export const NORMS = ['post', 'pre'];
export const ACTIVATIONS = ['relu', 'gelu'];
export const POSITIONALS = ['none', 'sinusoidal', 'learned', 'rope'];
/** The pre-norm stack's last LayerNorm, after the last layer (EncoderResult.finalNorm). */
export const FINAL_NORM = 'final-norm';
const LAYERS_MAX = 6;
/** Below this card width (CSS px) the diagram turns into a row of chips above the panel. */
const NARROW = 620;
/** Tensors up to this many numbers carry their exact values in `data-values` (JSON). */
const MAX_DATA_VALUES = 4096;
/** ReLU's exact zeros are grey, apart from the colour scale (whose 0 is near-white). */
const ZERO_GREY = [209, 213, 219];
/** 'rgb(r g b)' -> [r, g, b]. */
const cssBytes = (colour) => colour.match(/\d+/g).map(Number);

/** What a stage is, from its name in EncoderLayerTrace.steps. */
export function kindOf(name) {
  if (name === 'input') return 'input';
  if (name === 'self-attention') return 'attention';
  if (name === 'ffn-hidden') return 'hidden';
  if (name === 'ffn') return 'ffn';
  if (name === FINAL_NORM || /^norm\d$/.test(name)) return 'norm';
  if (/^add\d$/.test(name)) return 'add';
  return 'other';
}

/**
 * The residual stream that an add step adds its sub-layer's output to. Post-norm
 * (x <- LN(x + F(x))): add1 = input + attention, add2 = norm1 + FFN. Pre-norm
 * (x <- x + F(LN(x))): add1 = input + attention, add2 = add1 + FFN.
 */
function residualOf(name, norm) {
  if (name === 'add1') return 'input';
  if (name === 'add2') return norm === 'pre' ? 'add1' : 'norm1';
  return null;
}

/** Stages drawn as one box in the diagram: "Add & Norm" (post-norm) and "Feed Forward". */
function groupOf(name, norm) {
  if (name === 'ffn-hidden' || name === 'ffn') return 'ffn';
  if (norm === 'post' && /^(add|norm)\d$/.test(name)) return `addnorm${name.slice(-1)}`;
  return name;
}

const divisorsOf = (d) => Array.from({ length: d }, (_, i) => i + 1).filter((h) => d % h === 0);

/** x_{i} as HTML: a math variable with a subscript (and optional superscript). */
const v = (name, subscript, sup) =>
  html`<var>${name}</var>${
      subscript === undefined ? nothing : html`<sub>${subscript}</sub>`
    }${sup ? html`<sup>${sup}</sup>` : nothing}`;

/**
 * @summary Walks a sentence through a Transformer encoder block, stage by stage: multi-head
 * attention, the residual add, LayerNorm, the feed-forward network, and again add and norm,
 * drawn post-norm (Vaswani et al. 2017) or pre-norm (Xiong et al. 2020), for a stack of 1..6
 * layers. The selected stage shows its tensor as a heatmap (tokens down, features across) with
 * each token's mean and standard deviation; LayerNorm stages show the statistics before and
 * after, and what BatchNorm would average instead. Every number comes from the WebAssembly core.
 *
 * @attr sentence - The text to tokenize (1..64 tokens). Default "robot must obey orders".
 * @attr d-model - Width of every token's vector, 2..256 (even for sinusoidal and rope). Default 16.
 * @attr heads - Attention heads, 1..d-model, must divide d-model. Default 2.
 * @attr d-ff - The feed-forward network's hidden width, 1..1024. Default 4 × d-model.
 * @attr layers - Encoder layers in the stack, 1..6. Default 1.
 * @attr layer - The layer shown, 1..6 (numbered from 1; past the last layer: the last). Default 1.
 * @attr norm - post | pre. Default post.
 * @attr activation - relu | gelu. Default relu.
 * @attr positional - none | sinusoidal | learned | rope. Default sinusoidal.
 * @attr seed - Seeds the embeddings and every weight; integer 0..4294967295. Default 7.
 * @attr step - The selected stage: input, self-attention, add1, norm1, ffn-hidden, ffn, add2,
 *   norm2, and final-norm (pre-norm only). Default input.
 * @attr batchnorm - Boolean: on LayerNorm stages, also show the per-feature (column) statistics
 *   that BatchNorm would use.
 * @attr controls - Boolean: give the reader norm / activation / layers / heads / d-ff / seed
 *   controls.
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader picked a stage or a layer or changed a control. `detail`:
 *   `{ name, value, state }`.
 *
 * @csspart diagram - The block diagram. @csspart panel - The selected stage's details.
 * @cssprop --attn-card - Card background. @cssprop --attn-border - Card border colour.
 */
export class AttnBlock extends LabElement {
  static properties = {
    sentence: { type: String },
    dModel: { type: String, attribute: 'd-model' },
    heads: { type: String },
    dFF: { type: String, attribute: 'd-ff' },
    layers: { type: String },
    layer: { type: String },
    norm: { type: String },
    activation: { type: String },
    positional: { type: String },
    seed: { type: String },
    step: { type: String },
    batchnorm: { type: Boolean },
    controls: { type: Boolean },
    _token: { state: true },
  };

  static inputs = [
    'sentence',
    'dModel',
    'heads',
    'dFF',
    'layers',
    'layer',
    'norm',
    'activation',
    'positional',
    'seed',
    'step',
    'batchnorm',
  ];

  static styles = [sharedStyles, blockStyles];

  static widthStep = 16;

  constructor() {
    super();
    this.batchnorm = false;
    this.controls = false;
    /** The token whose numbers are spelled out (0-based; shown from 1). */
    this._token = 0;
    /** The last encoder result and the options that produced it. */
    this._cache = null;
    /** Canvases to paint after render: key -> view. */
    this._paint = new Map();
  }

  get state() {
    const g = this._good;
    return {
      sentence: this.sentence ?? DEFAULT_SENTENCE,
      dModel: g?.dModel,
      heads: g?.heads,
      dFF: g?.dFF,
      layers: g?.layers,
      layer: g?.layer,
      norm: g?.norm,
      activation: g?.activation,
      positional: g?.positional,
      seed: g?.seed,
      step: g?.step,
      batchnorm: this.batchnorm,
    };
  }

  compute(lab, t) {
    const dModel = parseIntAttr(t, 'd-model', this.dModel, {
      min: 2,
      max: D_MODEL_MAX,
      fallback: 16,
    });
    const heads = parseIntAttr(t, 'heads', this.heads, { min: 1, max: dModel, fallback: 2 });
    if (dModel % heads !== 0) {
      throw new AttributeError(t('attnBlockHeadsDivide', heads, dModel, divisorsOf(dModel)));
    }
    const dFF = parseIntAttr(t, 'd-ff', this.dFF, { min: 1, max: D_FF_MAX, fallback: 4 * dModel });
    const layers = parseIntAttr(t, 'layers', this.layers, {
      min: 1,
      max: LAYERS_MAX,
      fallback: 1,
    });
    const askedLayer = parseIntAttr(t, 'layer', this.layer, {
      min: 1,
      max: LAYERS_MAX,
      fallback: 1,
    });
    const norm = parseChoice(t, 'norm', this.norm, NORMS, 'post');
    const activation = parseChoice(t, 'activation', this.activation, ACTIVATIONS, 'relu');
    const positional = parseChoice(t, 'positional', this.positional, POSITIONALS, 'sinusoidal');
    if ((positional === 'sinusoidal' || positional === 'rope') && dModel % 2 !== 0) {
      throw new AttributeError(t('attnBlockEvenDModel', dModel, positional));
    }
    const seed = parseIntAttr(t, 'seed', this.seed, { min: 0, max: SEED_MAX, fallback: 7 });
    const sentence = this.sentence ?? DEFAULT_SENTENCE;

    const options = {
      sentence,
      dModel,
      heads,
      dFF,
      layers,
      normFirst: norm === 'pre',
      activation,
      positional,
      seed,
    };
    const key = JSON.stringify(options);
    const result = this._cache?.key === key ? this._cache.result : lab.encoder(options);
    this._cache = { key, result };

    // Past the last layer (a teacher lowered `layers`): show the last one, as attn-steps does.
    const layer = Math.min(askedLayer, result.layers.length);
    const trace = result.layers[layer - 1];
    const names = trace.steps.map((s) => s.name);
    const allowed = result.finalNorm ? [...names, FINAL_NORM] : names;
    const step = parseChoice(t, 'step', this.step, allowed, names[0]);

    const n = result.tokens.length;
    if (this._token >= n) this._token = 0;
    const detail = this._detail(lab, result, layer, step, norm);
    return {
      result,
      dModel,
      heads,
      dFF,
      layers,
      layer,
      askedLayer,
      norm,
      activation,
      positional,
      seed,
      step,
      names,
      detail,
    };
  }

  /**
   * Everything the panel shows for one stage, as data. The statistics of every tensor come from
   * the core: lab.layerNorm() returns each row's mean and variance and each column's too.
   */
  _detail(lab, result, layer, step, norm) {
    const tokens = result.tokens;
    const trace = result.layers[layer - 1];
    const byName = (name) => trace.steps.find((s) => s.name === name);
    const isFinal = step === FINAL_NORM;
    const stage = isFinal ? result.finalNorm : byName(step);
    const index = isFinal ? -1 : trace.steps.indexOf(stage);
    const kind = kindOf(step);
    const view = (key, tensor, extra = {}) => {
      const ln = lab.layerNorm({ x: tensor });
      return {
        key,
        tensor,
        tokens,
        mean: ln.mean.data,
        std: Array.from(ln.variance.data, Math.sqrt),
        columnMean: ln.columnMean.data,
        columnStd: Array.from(ln.columnVariance.data, Math.sqrt),
        normalised: ln.y,
        ...extra,
      };
    };
    const detail = { kind, stage, index };

    if (kind === 'norm') {
      // A LayerNorm's input is the step before it: the last layer's final add for final-norm.
      const input = isFinal ? result.layers.at(-1).steps.at(-1) : trace.steps[index - 1];
      const before = view('before', input.value, { from: input.name });
      // lab.layerNorm with γ = 1, β = 0 gives x̂ = (x − μ)·rstd, the normalised rows.
      const hat = view('hat', before.normalised, { unit: true });
      const after = view('after', stage.value, { main: true });
      detail.input = input;
      detail.views = [before, hat, after];
    } else if (kind === 'add') {
      const residual = byName(residualOf(step, norm));
      const sublayer = trace.steps[index - 1];
      detail.residual = residual;
      detail.sublayer = sublayer;
      detail.views = [
        view('residual', residual.value, { from: residual.name }),
        view('sublayer', sublayer.value, { from: sublayer.name }),
        view('sum', stage.value, { main: true }),
      ];
    } else if (kind === 'hidden') {
      // Counting exact zeros (ReLU) and negatives (GELU) is display arithmetic on the core's tensor.
      const [n, dFF] = stage.value.shape;
      const zeros = Array.from({ length: n }, (_, i) =>
        row(stage.value, i).reduce((c, x) => c + (x === 0 ? 1 : 0), 0),
      );
      const negatives = Array.from({ length: n }, (_, i) =>
        row(stage.value, i).reduce((c, x) => c + (x < 0 ? 1 : 0), 0),
      );
      detail.zeros = zeros.reduce((a, b) => a + b, 0);
      detail.negatives = negatives.reduce((a, b) => a + b, 0);
      detail.total = n * dFF;
      detail.views = [view('hidden', stage.value, { main: true, zeros, markZeros: true })];
    } else {
      detail.views = [view(step, stage.value, { main: true })];
      if (kind === 'attention') detail.weights = trace.selfMeanWeights;
    }
    return detail;
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

  // ---- controls ---------------------------------------------------------------------------

  _renderControls(t, g) {
    const segmented = (name, legend, options, current, labels) =>
      html`<fieldset class="segmented">
        <legend>${legend}</legend>
        <span class="options">
          ${options.map(
            (o) =>
              html`<label
                ><input
                  type="radio"
                  name=${name}
                  value=${o}
                  .checked=${o === current}
                  @change=${() => this._setControl(name, o)}
                /><span>${labels[o]}</span></label
              >`,
          )}
        </span>
      </fieldset>`;
    const ffOptions = [...new Set([g.dModel, 2 * g.dModel, 4 * g.dModel, 8 * g.dModel, g.dFF])]
      .filter((d) => d <= D_FF_MAX)
      .sort((a, b) => a - b);
    return html`<div class="controls">
      ${segmented('norm', t('attnBlockNorm'), NORMS, g.norm, t('attnBlockNormNames'))}
      ${segmented(
        'activation',
        t('attnBlockActivation'),
        ACTIVATIONS,
        g.activation,
        t('attnBlockActivationNames'),
      )}
      <label
        >${t('attnBlockLayers')}
        <select @change=${(e) => this._setControl('layers', e.target.value)}>
          ${Array.from(
            { length: LAYERS_MAX },
            (_, i) =>
              html`<option value=${i + 1} ?selected=${i + 1 === g.layers}>${i + 1}</option>`,
          )}
        </select></label
      >
      <label
        >${t('attnBlockHeads')}
        <select @change=${(e) => this._setControl('heads', e.target.value)}>
          ${divisorsOf(g.dModel).map(
            (h) => html`<option value=${h} ?selected=${h === g.heads}>${h}</option>`,
          )}
        </select></label
      >
      <label
        ><span class="math">${v('d', 'ff')}</span>
        <select @change=${(e) => this._setControl('d-ff', e.target.value)}>
          ${ffOptions.map(
            (d) =>
              html`<option value=${d} ?selected=${d === g.dFF}>
                ${d}${d % g.dModel === 0 ? ` (${d / g.dModel} × ${g.dModel})` : ''}
              </option>`,
          )}
        </select></label
      >
      <label
        >${t('attnBlockPositional')}
        <select @change=${(e) => this._setControl('positional', e.target.value)}>
          ${POSITIONALS.map(
            (p) =>
              html`<option value=${p} ?selected=${p === g.positional}>
                ${t('attnBlockPositionalNames')[p]}
              </option>`,
          )}
        </select></label
      >
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
            @change=${(e) => this._setControl('seed', e.target.value)}
        /></label>
        <button type="button" @click=${this._newSeed}>${t('newSeed')}</button>
      </span>
    </div>`;
  }

  _setControl(name, value) {
    const g = this._good;
    // The final LayerNorm exists only in pre-norm: leaving pre-norm moves to the last norm.
    if (name === 'norm' && value === 'post' && g?.step === FINAL_NORM) {
      this.setAttribute('step', 'norm2');
    }
    this.userSet(name, value);
  }

  _newSeed() {
    const [seed] = crypto.getRandomValues(new Uint32Array(1));
    this.userSet('seed', seed);
  }

  // ---- navigation -------------------------------------------------------------------------

  /** Every (layer, stage) of the stack in run order, then the final LayerNorm (pre-norm). */
  _sequence(g) {
    const list = [];
    for (let l = 1; l <= g.result.layers.length; l++) {
      for (const name of g.result.layers[l - 1].steps.map((s) => s.name)) {
        list.push({ layer: l, step: name });
      }
    }
    if (g.result.finalNorm) list.push({ layer: g.result.layers.length, step: FINAL_NORM });
    return list;
  }

  _position(g) {
    return this._sequence(g).findIndex(
      (s) => s.step === g.step && (s.step === FINAL_NORM || s.layer === g.layer),
    );
  }

  /** Selects a stage (and its layer), reporting `step` in attn-change. */
  async _go(layer, step, focus = false) {
    if (this._good && layer !== this._good.layer) this.setAttribute('layer', String(layer));
    await this.userSet('step', step);
    if (focus) this.renderRoot.querySelector(`.stage[data-stage="${step}"]`)?.focus();
  }

  _move(delta, focus = false) {
    const g = this._good;
    if (!g) return;
    const list = this._sequence(g);
    const at = this._position(g);
    const next = list[Math.min(list.length - 1, Math.max(0, at + delta))];
    if (next && at + delta >= 0 && at + delta < list.length) this._go(next.layer, next.step, focus);
  }

  _onDiagramKey(event) {
    const keys = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    const g = this._good;
    if (!g) return;
    if (keys[event.key]) {
      event.preventDefault();
      this._move(keys[event.key], true);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      const stages = this._stages(g);
      this._go(g.layer, event.key === 'Home' ? stages[0] : stages.at(-1), true);
    }
  }

  /** The stages drawn in the diagram, in run order. */
  _stages(g) {
    return g.result.finalNorm ? [...g.names, FINAL_NORM] : g.names;
  }

  // ---- body -------------------------------------------------------------------------------

  _renderBody(t, g) {
    const sequence = this._sequence(g);
    const at = this._position(g);
    const narrow = this._width > 0 && this._width < NARROW;
    this._paint.clear();
    return html`<section
      class="block ${this._error ? 'stale' : ''} ${narrow ? 'narrow' : ''}"
      aria-label=${t('attnBlockLabel')}
      data-norm=${g.norm}
      data-layers=${g.layers}
      data-layer=${g.layer}
      data-step=${g.step}
    >
      ${g.layers > 1 ? this._renderLayerPicker(t, g) : nothing}
      ${
        g.askedLayer !== g.layer
          ? html`<p class="note">${t('attnBlockLayerClamped', g.askedLayer, g.layers)}</p>`
          : nothing
      }
      <div class="split">
        ${this._renderDiagram(t, g)}
        <div class="panel" part="panel" data-step=${g.step}>
          ${this._renderPanel(t, g)}
          <div class="nav">
            <button type="button" class="prev" ?disabled=${at <= 0} @click=${() => this._move(-1)}>
              ← ${t('prev')}
            </button>
            <span class="where">${t('attnBlockStageOf', at + 1, sequence.length)}</span>
            <button
              type="button"
              class="next"
              ?disabled=${at >= sequence.length - 1}
              @click=${() => this._move(1)}
            >
              ${t('next')} →
            </button>
          </div>
        </div>
      </div>
    </section>`;
  }

  _renderLayerPicker(t, g) {
    return html`<div class="layers" role="group" aria-label=${t('attnBlockLayerPicker')}>
      <span class="picker-label" aria-hidden="true">${t('attnBlockLayerPicker')}</span>
      ${g.result.layers.map(
        (_, i) =>
          html`<button
            type="button"
            class="layer-button"
            data-layer=${i + 1}
            aria-pressed=${i + 1 === g.layer && g.step !== FINAL_NORM ? 'true' : 'false'}
            aria-label=${t('attnBlockLayerOf', i + 1, g.layers)}
            @click=${() => this._pickLayer(i + 1)}
          >
            ${i + 1}
          </button>`,
      )}
    </div>`;
  }

  async _pickLayer(layer) {
    const g = this._good;
    // The final LayerNorm is not part of any layer: picking a layer goes to that layer's input.
    if (g?.step === FINAL_NORM) this.setAttribute('step', 'input');
    await this.userSet('layer', layer);
  }

  _stageLabel(t, g, name) {
    const labels = t('attnBlockStageNames');
    if (name === 'input')
      return g.layer === 1 ? labels.input : t('attnBlockInputFrom', g.layer - 1);
    if (name === 'ffn-hidden') return labels[g.activation === 'gelu' ? 'hiddenGelu' : 'hidden'];
    const numbered = /^(add|norm)(\d)$/.exec(name);
    if (numbered) return `${labels[numbered[1]]} ${numbered[2]}`;
    return labels[name] ?? name;
  }

  _stageNote(t, g, name) {
    const kind = kindOf(name);
    if (kind === 'attention') return t('attnBlockHeadsNote', g.heads, g.dModel / g.heads);
    if (kind === 'hidden') return html`<span class="math">${v('d', 'ff')}</span> = ${g.dFF}`;
    if (kind === 'add') return `+ ${this._stageLabel(t, g, residualOf(name, g.norm))}`;
    if (name === FINAL_NORM) return t('attnBlockAfterLayer', g.layers);
    return '';
  }

  _renderDiagram(t, g) {
    // Consecutive stages of one group share a box: "Add & Norm" and "Feed Forward".
    const groups = [];
    for (const name of g.names) {
      const id = groupOf(name, g.norm);
      if (groups.at(-1)?.id === id) groups.at(-1).names.push(name);
      else groups.push({ id, names: [name] });
    }
    const stageButton = (name) => {
      const selected = name === g.step;
      const note = this._stageNote(t, g, name);
      return html`<button
        type="button"
        class="stage kind-${kindOf(name)}"
        data-stage=${name}
        aria-current=${selected ? 'step' : 'false'}
        tabindex=${selected ? '0' : '-1'}
        @click=${() => this._go(name === FINAL_NORM ? g.layers : g.layer, name)}
      >
        <span class="stage-name">${this._stageLabel(t, g, name)}</span>
        ${note ? html`<span class="stage-note">${note}</span>` : nothing}
      </button>`;
    };
    const rails = g.names
      .filter((name) => kindOf(name) === 'add')
      .map(
        (name, lane) =>
          html`<span
            class="rail lane-${lane % 2}"
            data-from=${residualOf(name, g.norm)}
            data-to=${name}
            aria-hidden="true"
          ></span>`,
      );
    const groupTitle = (id) => {
      if (id === 'ffn') return t('attnBlockGroupFfn');
      if (id.startsWith('addnorm')) return t('attnBlockGroupAddNorm');
      return null;
    };
    return html`<nav
      class="diagram"
      part="diagram"
      aria-label=${t('attnBlockDiagramLabel', g.layer, g.layers)}
      @keydown=${this._onDiagramKey}
    >
      <div class="frame">
        <div class="frame-label">
          ${t('attnBlockLayerOf', g.layer, g.layers)}
          <span class="times">${t('attnBlockTimes', g.layers)}</span>
        </div>
        <ol class="flow">
          ${groups.map((group) => {
            const title = groupTitle(group.id);
            return html`<li class="group ${group.names.length > 1 ? 'joined' : ''}">
              ${title ? html`<span class="group-title">${title}</span>` : nothing}
              ${group.names.map(stageButton)}
            </li>`;
          })}
        </ol>
        ${rails}
      </div>
      ${
        g.result.finalNorm
          ? html`<ol class="flow final">
              <li class="group">${stageButton(FINAL_NORM)}</li>
            </ol>`
          : nothing
      }
      <p class="hint">${t('attnBlockKeysHint')}</p>
    </nav>`;
  }

  _renderPanel(t, g) {
    const d = g.detail;
    const [n, width] = d.stage.value.shape;
    const title = this._stageLabel(t, g, g.step);
    const where =
      g.step === FINAL_NORM
        ? t('attnBlockAfterLayer', g.layers)
        : t('attnBlockLayerOf', g.layer, g.layers);
    return html`<h3 class="stage-title" aria-live="polite">
        <span class="where-layer">${where}</span> · ${title}
        <span class="shape" data-shape=${`${n}x${width}`}>(${n} × ${width})</span>
      </h3>
      ${this._renderStage(t, g, d)}`;
  }

  _renderStage(t, g, d) {
    switch (d.kind) {
      case 'norm':
        return this._stageNorm(t, g, d);
      case 'add':
        return this._stageAdd(t, g, d);
      case 'hidden':
        return this._stageHidden(t, g, d);
      case 'ffn':
        return this._stageFfn(t, g, d);
      case 'attention':
        return this._stageAttention(t, g, d);
      default:
        return this._stageInput(t, g, d);
    }
  }

  /** The picked token's row of the stage's tensor, as numbers. */
  _spelledOne(t, g, view, name) {
    const i = this._token;
    const values = row(view.tensor, i);
    return html`<div class="spelled" data-token=${i}>
      <p class="spelled-title">${t('attnBlockTokenNumbers', g.result.tokens[i], i + 1)}</p>
      <div class="vec-row">
        <span class="vec-name math">${name(i + 1)}</span>
        ${strip(values, { range: rangeOf(values), label: `${view.key} ${i + 1}`, name: view.key })}
      </div>
    </div>`;
  }

  _stageInput(t, g, d) {
    const intro =
      g.layer === 1
        ? t('attnBlockInputIntro', g.positional)
        : t('attnBlockInputLater', g.layer - 1);
    return html`<p>${intro}</p>
      ${this._tensorView(t, g, d.views[0], t('attnBlockViewX'))}
      ${this._spelledOne(t, g, d.views[0], (p) => v('x', p))}`;
  }

  _stageAttention(t, g, d) {
    const dK = g.dModel / g.heads;
    return html`<p>${t('attnBlockAttentionIntro', g.heads, dK)}</p>
      <p class="formula math">
        MultiHead(${v('x')}) = Concat(${v('head', 1)}, …, ${v('head', 'h')}) ${v('W', 'O')}
        <span class="shape"
          >${v('h')} = ${g.heads}, ${v('d', 'k')} = ${g.dModel} / ${g.heads} = ${dK}</span
        >
      </p>
      ${this._tensorView(t, g, d.views[0], t('attnBlockViewAttention'))}
      ${this._spelledOne(t, g, d.views[0], (p) => v('a', p))}
      <details class="expand">
        <summary>${t('attnBlockWeightsSummary')}</summary>
        ${this._weightsView(t, g, d.weights)}
      </details>`;
  }

  _stageAdd(t, g, d) {
    const i = this._token;
    const p = i + 1;
    const [residual, sublayer, sum] = d.views;
    const rLabel = this._stageLabel(t, g, d.residual.name);
    const sLabel = this._stageLabel(t, g, d.sublayer.name);
    const r = row(residual.tensor, i);
    const s = row(sublayer.tensor, i);
    const o = row(sum.tensor, i);
    const range = rangeOf(r, s, o);
    // A check, not a computation: the largest gap between x + F(x) (in double) and the core's
    // float32 sum is float32 rounding only.
    let gap = 0;
    for (let k = 0; k < sum.tensor.data.length; k++) {
      gap = Math.max(
        gap,
        Math.abs(residual.tensor.data[k] + sublayer.tensor.data[k] - sum.tensor.data[k]),
      );
    }
    return html`<p>${t('attnBlockAddIntro', rLabel, sLabel)}</p>
      <p class="formula math">
        ${v('x')} + ${v('F')}(${v('x')}) <span class="shape">${t('attnBlockAddShape')}</span>
      </p>
      ${this._tensorView(t, g, residual, html`${v('x')} (${rLabel})`)}
      <div class="op" aria-hidden="true">+</div>
      ${this._tensorView(t, g, sublayer, html`${v('F')}(${v('x')}) (${sLabel})`)}
      <div class="op" aria-hidden="true">=</div>
      ${this._tensorView(t, g, sum, t('attnBlockViewSum'))}
      <div class="spelled" data-token=${i}>
        <p class="spelled-title">${t('attnBlockTokenNumbers', g.result.tokens[i], p)}</p>
        <div class="vec-row">
          <span class="vec-name math">${v('x', p)}</span>
          ${strip(r, { range, label: `x${p}`, name: 'residual' })}
        </div>
        <div class="vec-row">
          <span class="vec-name math">+ ${v('F', p)}</span>
          ${strip(s, { range, label: `F${p}`, name: 'sublayer' })}
        </div>
        <div class="vec-row result">
          <span class="vec-name math">=</span>
          ${strip(o, { range, label: `sum ${p}`, name: 'sum' })}
        </div>
        <p class="check" data-gap=${String(gap)}>${t('attnBlockAddCheck', fmtSig(gap))}</p>
      </div>`;
  }

  _stageNorm(t, g, d) {
    const i = this._token;
    const p = i + 1;
    const [before, hat, after] = d.views;
    const fromLabel = this._stageLabel(t, g, d.input.name);
    const mu = d.stage.mean?.data[i];
    const rstd = d.stage.rstd?.data[i];
    const x = row(before.tensor, i);
    const xh = row(hat.tensor, i);
    const y = row(after.tensor, i);
    const range = rangeOf(x, xh, y);
    return html`<p>${t('attnBlockNormIntro', fromLabel)}</p>
      <p class="formula math">
        <span class="line"
          >${v('μ', 'i')} = (1/${v('d')}) Σ<sub>${v('j')}</sub> ${v('x', 'ij')}, ${v('σ', 'i', '2')}
          = (1/${v('d')}) Σ<sub>${v('j')}</sub> (${v('x', 'ij')} − ${v('μ', 'i')})²</span
        >
        <span class="line"
          >${v('x̂', 'ij')} = (${v('x', 'ij')} − ${v('μ', 'i')}) / √(${v('σ', 'i', '2')} + ε),
          ${v('y', 'ij')} = ${v('γ', 'j')} ${v('x̂', 'ij')} + ${v('β', 'j')}</span
        >
        <span class="shape">${v('d')} = ${g.dModel}, ε = 10⁻⁵</span>
      </p>
      <div class="bn-toggle">
        <button
          type="button"
          class="batchnorm"
          aria-pressed=${this.batchnorm ? 'true' : 'false'}
          @click=${() => this.userSet('batchnorm', !this.batchnorm)}
        >
          ${t('attnBlockBatchNormToggle')}
        </button>
      </div>
      ${this.batchnorm ? html`<p class="bn-note">${t('attnBlockBatchNormNote', g.result.tokens.length)}</p>` : nothing}
      ${this._tensorView(t, g, before, html`${v('x')}: ${t('attnBlockViewBefore', fromLabel)}`, {
        columns: this.batchnorm,
      })}
      <div class="op" aria-hidden="true">↓</div>
      ${this._tensorView(t, g, hat, html`${v('x̂')}: ${t('attnBlockViewHat')}`, {
        columns: this.batchnorm,
      })}
      <div class="op" aria-hidden="true">↓</div>
      ${this._tensorView(t, g, after, html`${v('y')}: ${t('attnBlockViewAfter')}`)}
      <div class="spelled" data-token=${i}>
        <p class="spelled-title">${t('attnBlockTokenNumbers', g.result.tokens[i], p)}</p>
        <p class="math plugged">
          ${v('μ', p)} = <span class="num" data-core-mean=${String(mu)}>${fmt(mu, 3)}</span>,
          ${v('σ', p)} = <span class="num">${fmt(before.std[i], 3)}</span>, 1 / √(${v('σ', p, '2')}
          + ε) =
          <span class="num" data-core-rstd=${String(rstd)}>${fmt(rstd, 3)}</span>
        </p>
        <div class="vec-row">
          <span class="vec-name math">${v('x', p)}</span>
          ${strip(x, { range, label: `x${p}`, name: 'x' })}
        </div>
        <div class="vec-row">
          <span class="vec-name math">${v('x̂', p)}</span>
          ${strip(xh, { range, label: `x̂${p}`, name: 'hat' })}
        </div>
        <div class="vec-row result">
          <span class="vec-name math">${v('y', p)}</span>
          ${strip(y, { range, label: `y${p}`, name: 'y' })}
        </div>
      </div>`;
  }

  _stageHidden(t, g, d) {
    const share = d.total ? Math.round((100 * d.zeros) / d.total) : 0;
    const relu = g.activation === 'relu';
    return html`<p>${t('attnBlockHiddenIntro', g.dFF, g.dModel)}</p>
      <p class="formula math">
        ${v('h')} = ${relu ? 'ReLU' : 'GELU'}(${v('x')} ${v('W', 1)} + ${v('b', 1)})
        <span class="shape"
          >(${g.result.tokens.length} × ${g.dModel}) · (${g.dModel} × ${g.dFF}) →
          (${g.result.tokens.length} × ${g.dFF})</span
        >
      </p>
      <p class="zeros" data-zeros=${d.zeros} data-negatives=${d.negatives} data-total=${d.total}>
        ${
          relu
            ? t('attnBlockReluZeros', d.zeros, d.total, share)
            : t('attnBlockGeluNegatives', d.negatives, d.total, d.zeros)
        }
      </p>
      ${this._tensorView(t, g, d.views[0], html`${v('h')}: ${t('attnBlockViewHidden', g.dFF)}`)}
      ${this._spelledOne(t, g, d.views[0], (p) => v('h', p))}`;
  }

  _stageFfn(t, g, d) {
    const n = g.result.tokens.length;
    return html`<p>${t('attnBlockFfnIntro')}</p>
      <p class="formula math">
        FFN(${v('x')}) = ${g.activation === 'relu' ? 'ReLU' : 'GELU'}(${v('x')} ${v('W', 1)} +
        ${v('b', 1)}) ${v('W', 2)} + ${v('b', 2)}
        <span class="shape">(${n} × ${g.dModel}) → (${n} × ${g.dFF}) → (${n} × ${g.dModel})</span>
      </p>
      ${this._tensorView(t, g, d.views[0], t('attnBlockViewFfn'))}
      ${this._spelledOne(t, g, d.views[0], (p) => v('f', p))}`;
  }

  // ---- tensors ----------------------------------------------------------------------------

  /** Pixel sizes of a heatmap's cells for `cols` columns in the panel's width. */
  _cellSize(cols, n, extra) {
    // In CSS pixels (1rem = 16px): the card's padding and border, then the diagram and the gap
    // beside it on wide cards; then the token labels (--tok-w), the statistics (--stat-w each) and
    // the grid's gaps (0.4rem).
    const width = this._width || 720;
    const narrow = width < NARROW;
    const panel = width - 30 - (narrow ? 0 : 232);
    const [tokW, statW] = narrow ? [72, 43] : [96, 53];
    const room = panel - tokW - extra * statW - (extra + 1) * 6.4 - 6;
    // Quarter pixels: a 64-wide hidden layer still fits beside its statistics.
    const cell = Math.max(2, Math.min(28, Math.floor((4 * room) / cols) / 4));
    const rowH = n <= 16 ? 22 : n <= 32 ? 16 : 12;
    return { cell, rowH };
  }

  /**
   * A tensor as a heatmap (tokens down, features across) with each token's mean and standard
   * deviation beside it, and (columns) each feature's mean and std below it.
   */
  _tensorView(t, g, view, label, { columns = false } = {}) {
    const { tensor, tokens } = view;
    const [n, cols] = tensor.shape;
    const { cell, rowH } = this._cellSize(cols, n, view.zeros ? 3 : 2);
    const range = rangeOf(tensor.data);
    const paintKey = `${view.key}`;
    this._paint.set(paintKey, { view, cell, rowH, range });
    if (columns) {
      this._paint.set(`${paintKey}-columns`, {
        view: { ...view, columnRows: [view.columnMean, view.columnStd] },
        cell,
        rowH: 18,
        columnsOnly: true,
      });
    }
    const values =
      tensor.data.length <= MAX_DATA_VALUES ? JSON.stringify(Array.from(tensor.data)) : '';
    const zeros = view.zeros;
    return html`<figure
      class="tensor"
      data-name=${view.key}
      data-main=${view.main ? 'true' : 'false'}
      data-from=${view.from ?? ''}
    >
      <figcaption class="tensor-label">
        <span class="tensor-name">${label}</span> <span class="shape">(${n} × ${cols})</span>
        <span class="legend"
          ><span class="bar" style="background:${PUOR_GRADIENT}" aria-hidden="true"></span
          >${fmt(-range)} … ${fmt(range)}</span
        >
      </figcaption>
      <div class="scroll">
        <div
          class="tgrid"
          style="--rows:${n};--row-h:${rowH}px;--map-w:${cols * cell}px;--extra:${zeros ? 3 : 2}"
        >
          <span class="th tok-head">${t('token')}</span>
          <span class="th map-head">${t('attnBlockFeaturesAxis', cols)}</span>
          <span class="th stat-head">${t('attnBlockMean')}</span>
          <span class="th stat-head">${t('attnBlockStd')}</span>
          ${zeros ? html`<span class="th stat-head">${t('attnBlockZeros')}</span>` : nothing}
          ${tokens.map(
            (tok, i) =>
              html`<button
                type="button"
                class="tok-label"
                style="grid-row:${i + 2}"
                data-token=${i}
                aria-pressed=${i === this._token ? 'true' : 'false'}
                aria-label=${t('attnBlockPickToken', i + 1, tok)}
                tabindex=${i === this._token ? '0' : '-1'}
                title=${tok}
                @click=${() => (this._token = i)}
                @keydown=${this._onTokenKey}
              >
                <span class="idx">${i + 1}</span> <span class="tok">${tok}</span>
              </button>`,
          )}
          <canvas
            class="map"
            data-paint=${paintKey}
            data-values=${values}
            data-shape=${tensor.shape.join('x')}
            style="grid-row: 2 / span ${n};width:${cols * cell}px;height:${n * rowH}px"
            role="img"
            aria-label=${t('attnBlockMapLabel', n, cols, fmt(-range), fmt(range))}
            @pointermove=${(e) => this._onMapPointer(e, view, cell, rowH)}
            @pointerleave=${this._hideTip}
          ></canvas>
          ${tokens.map((_, i) => {
            const mean = view.mean[i];
            const std = view.std[i];
            const unit = view.unit && Math.abs(mean) < 1e-3 && Math.abs(std - 1) < 1e-2;
            return html`<span
                class="stat num ${unit ? 'unit' : ''} ${i === this._token ? 'picked' : ''}"
                style="grid-row:${i + 2};grid-column:3"
                data-row=${i}
                data-mean=${String(mean)}
                title=${fmtExact(mean)}
                >${fmt(mean, 2)}</span
              ><span
                class="stat num ${unit ? 'unit' : ''} ${i === this._token ? 'picked' : ''}"
                style="grid-row:${i + 2};grid-column:4"
                data-row=${i}
                data-std=${String(std)}
                title=${fmtExact(std)}
                >${fmt(std, 2)}</span
              >${
                zeros
                  ? html`<span
                      class="stat num ${i === this._token ? 'picked' : ''}"
                      style="grid-row:${i + 2};grid-column:5"
                      data-row=${i}
                      data-zeros=${zeros[i]}
                      >${zeros[i]}</span
                    >`
                  : nothing
              }`;
          })}
          ${columns ? this._columnRows(t, view, paintKey, n, cols, cell) : nothing}
        </div>
      </div>
    </figure>`;
  }

  /** BatchNorm's view: each feature's mean and std over the tokens (columns), under the map. */
  _columnRows(t, view, paintKey, n, cols, cell) {
    const lo = (a) => Math.min(...a);
    const hi = (a) => Math.max(...a);
    return html`<span class="th col-stat-label" style="grid-row:${n + 2}">
        ${t('attnBlockColumnMean')}<br />${t('attnBlockColumnStd')}
      </span>
      <canvas
        class="map columns"
        data-paint=${`${paintKey}-columns`}
        data-column-mean=${JSON.stringify(Array.from(view.columnMean))}
        data-column-std=${JSON.stringify(view.columnStd)}
        style="grid-row:${n + 2};width:${cols * cell}px;height:36px"
        role="img"
        aria-label=${t('attnBlockColumnsLabel')}
        @pointermove=${(e) => this._onColumnPointer(e, view, cell)}
        @pointerleave=${this._hideTip}
      ></canvas>
      <span class="col-range" style="grid-row:${n + 3}">
        ${t(
          'attnBlockColumnRange',
          fmt(lo(view.columnMean)),
          fmt(hi(view.columnMean)),
          fmt(lo(view.columnStd)),
          fmt(hi(view.columnStd)),
        )}
      </span>`;
  }

  /** The attention weights averaged over heads, (n, n), as a small blue grid. */
  _weightsView(t, g, weights) {
    const tokens = g.result.tokens;
    const n = tokens.length;
    const size = n <= 8 ? 28 : n <= 16 ? 18 : 10;
    this._paint.set('weights', { weights, cell: size });
    return html`<div class="weights-wrap">
      <p class="small">${t('attnBlockWeightsNote')}</p>
      <div class="scroll">
        <div class="wgrid" style="--n:${n};--cell:${size}px">
          <span></span>
          <span class="keys-head">${t('keyAxis')}</span>
          ${tokens.map(
            (tok, i) =>
              html`<span class="wlabel" style="grid-row:${i + 2}" title=${tok}
                ><span class="idx">${i + 1}</span> <span class="tok">${tok}</span></span
              >`,
          )}
          <canvas
            class="map weights"
            data-paint="weights"
            data-values=${JSON.stringify(Array.from(weights.data))}
            style="grid-row: 2 / span ${n};width:${n * size}px;height:${n * size}px"
            role="img"
            aria-label=${t('attnBlockWeightsSummary')}
            @pointermove=${(e) => this._onWeightsPointer(e, g, weights, size)}
            @pointerleave=${this._hideTip}
          ></canvas>
        </div>
      </div>
    </div>`;
  }

  updated(changed) {
    super.updated?.(changed);
    this._placeRails();
    this._paintCanvases();
  }

  /** Residual arrows: from the middle of the stage they branch off to the middle of the add. */
  _placeRails() {
    const frame = this.renderRoot.querySelector('.frame');
    if (!frame) return;
    const box = frame.getBoundingClientRect();
    for (const rail of frame.querySelectorAll('.rail')) {
      const from = frame.querySelector(`.stage[data-stage="${rail.dataset.from}"]`);
      const to = frame.querySelector(`.stage[data-stage="${rail.dataset.to}"]`);
      if (!from || !to) continue;
      const a = from.getBoundingClientRect();
      const b = to.getBoundingClientRect();
      const top = a.top + a.height / 2 - box.top;
      const bottom = b.top + b.height / 2 - box.top;
      rail.style.top = `${top}px`;
      rail.style.height = `${Math.max(0, bottom - top)}px`;
      rail.style.left = `${Math.max(a.right, b.right) - box.left}px`;
    }
  }

  /**
   * Paints every heatmap: one pixel per number into an ImageData, scaled up without smoothing
   * (fast even for 64 x 1024), then white lines between rows (and columns when cells are wide),
   * and a stroke across each exact zero of the ReLU layer when cells are wide enough.
   */
  _paintCanvases() {
    const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
    for (const canvas of this.renderRoot.querySelectorAll('canvas[data-paint]')) {
      const job = this._paint.get(canvas.dataset.paint);
      const context = job && canvas.getContext('2d');
      if (!context) continue;
      if (job.weights) {
        this._paintWeights(canvas, context, job, ratio);
        continue;
      }
      const rows = job.columnsOnly ? job.view.columnRows : null;
      const [n, cols] = rows ? [2, rows[0].length] : job.view.tensor.shape;
      const { cell, rowH } = job;
      const data = job.view.tensor.data;
      const markZeros = Boolean(job.view.markZeros);
      // Column statistics get their own scales: means signed (PuOr), stds from 0 (Blues).
      const meanRange = rows ? rangeOf(rows[0]) : 0;
      const stdMax = rows ? rangeOf(rows[1]) : 0;
      const image = new ImageData(cols, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < cols; j++) {
          let rgb;
          if (rows) {
            rgb =
              i === 0
                ? divergingBytes(rows[0][j], meanRange)
                : cssBytes(sequential(rows[1][j] / stdMax).bg);
          } else {
            const value = data[i * cols + j];
            rgb = markZeros && value === 0 ? ZERO_GREY : divergingBytes(value, job.range);
          }
          const k = (i * cols + j) * 4;
          image.data[k] = rgb[0];
          image.data[k + 1] = rgb[1];
          image.data[k + 2] = rgb[2];
          image.data[k + 3] = 255;
        }
      }
      this._scratch ??= document.createElement('canvas');
      const scratch = this._scratch;
      scratch.width = cols;
      scratch.height = n;
      scratch.getContext('2d').putImageData(image, 0, 0);

      const width = cols * cell;
      const height = n * rowH;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.imageSmoothingEnabled = false;
      context.drawImage(scratch, 0, 0, width, height);
      context.fillStyle = '#ffffff';
      for (let i = 1; i < n; i++) context.fillRect(0, i * rowH - 1, width, 1);
      if (cell >= 8) for (let j = 1; j < cols; j++) context.fillRect(j * cell - 1, 0, 1, height);
      if (markZeros && cell >= 5) {
        context.strokeStyle = '#6b7280';
        context.lineWidth = 1;
        context.beginPath();
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < cols; j++) {
            if (data[i * cols + j] !== 0) continue;
            context.moveTo(j * cell, (i + 1) * rowH - 1);
            context.lineTo((j + 1) * cell - 1, i * rowH);
          }
        }
        context.stroke();
      }
    }
  }

  _paintWeights(canvas, context, job, ratio) {
    const { data, shape } = job.weights;
    const [n, m] = shape;
    const cell = job.cell;
    canvas.width = Math.round(m * cell * ratio);
    canvas.height = Math.round(n * cell * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        context.fillStyle = sequential(data[i * m + j]).bg;
        context.fillRect(j * cell, i * cell, cell - 1, cell - 1);
      }
    }
  }

  /** Up / Down / Home / End move between a heatmap's token labels (one tab stop per heatmap). */
  async _onTokenKey(event) {
    const n = this._good?.result.tokens.length ?? 0;
    const moves = { ArrowDown: 1, ArrowUp: -1 };
    let i = this._token;
    if (moves[event.key]) i = Math.min(n - 1, Math.max(0, i + moves[event.key]));
    else if (event.key === 'Home') i = 0;
    else if (event.key === 'End') i = n - 1;
    else return;
    event.preventDefault();
    const figure = event.currentTarget.closest('figure');
    this._token = i;
    await this.updateComplete;
    figure?.querySelector(`.tok-label[data-token="${i}"]`)?.focus();
  }

  // ---- tooltips ---------------------------------------------------------------------------

  _showTip(event, head, body) {
    const tip = this.renderRoot.querySelector('.tip');
    const root = this.renderRoot.querySelector('.root');
    if (!tip || !root) return;
    const title = document.createElement('div');
    title.className = 'tip-head';
    title.textContent = head;
    const value = document.createElement('div');
    value.className = 'num';
    value.textContent = body;
    tip.replaceChildren(title, value);
    const origin = root.getBoundingClientRect();
    const x = Math.min(origin.width - 90, Math.max(90, event.clientX - origin.left));
    tip.style.left = `${x}px`;
    tip.style.top = `${event.clientY - origin.top - 12}px`;
    tip.hidden = false;
  }

  _hideTip() {
    const tip = this.renderRoot.querySelector('.tip');
    if (tip) tip.hidden = true;
  }

  _onMapPointer(event, view, cell, rowH) {
    const [n, cols] = view.tensor.shape;
    const j = Math.floor(event.offsetX / cell);
    const i = Math.floor(event.offsetY / rowH);
    if (i < 0 || j < 0 || i >= n || j >= cols) return this._hideTip();
    const value = view.tensor.data[i * cols + j];
    this._showTip(
      event,
      `${i + 1} ${view.tokens[i]} · ${this.t('attnBlockFeature')} ${j + 1}`,
      fmtExact(value),
    );
  }

  _onColumnPointer(event, view, cell) {
    const j = Math.floor(event.offsetX / cell);
    if (j < 0 || j >= view.columnMean.length) return this._hideTip();
    const t = this.t;
    this._showTip(
      event,
      `${t('attnBlockFeature')} ${j + 1}`,
      `${t('attnBlockMean')} ${fmtExact(view.columnMean[j])} · ${t('attnBlockStd')} ${fmtExact(
        view.columnStd[j],
      )}`,
    );
  }

  _onWeightsPointer(event, g, weights, cell) {
    const [n, m] = weights.shape;
    const j = Math.floor(event.offsetX / cell);
    const i = Math.floor(event.offsetY / cell);
    if (i < 0 || j < 0 || i >= n || j >= m) return this._hideTip();
    const tokens = g.result.tokens;
    this._showTip(event, `${tokens[i]} → ${tokens[j]}`, fmtExact(weights.data[i * m + j]));
  }

  _renderFrame(t, body, head) {
    // The base frame plus one tooltip element for every canvas.
    return html`${super._renderFrame(
      t,
      html`${body}
        <div class="tip" role="tooltip" hidden></div>`,
      head,
    )}`;
  }
}
