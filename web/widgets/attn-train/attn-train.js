import { html, nothing } from 'lit';
import * as Comlink from 'comlink';
import { messageOf } from '../shared/core.js';
import { fmt } from '../shared/format.js';
import { divisors } from '../shared/heads.js';
import { LabElement } from '../shared/lab-element.js';
import { userSetMany } from '../shared/heads.js';
import { sharedStyles } from '../shared/styles.js';
import {
  ACTIVATIONS,
  BATCHES,
  DIGIT_TASKS,
  D_FFS,
  D_MODELS,
  EVAL_LIMIT,
  MODELS,
  NORMS,
  OPTIMIZERS,
  POSITIONALS,
  SCHEDULES,
  SEED_MAX,
  TASKS,
  parseRunOptions,
  parseView,
} from './options.js';
import { Chart, accuracyOptions, loadUPlot, lossOptions, uplotStyles } from './plot.js';
import { trainStyles } from './styles.js';
import { installErrorTransfer } from './worker-errors.js';
import { attentionView, fmtLoss, fmtPercent, predictionsView } from './views.js';

// The worker's refusals keep their code and params, so they can be worded in the page's language.
installErrorTransfer();

/** Wall time one train() call should take: long enough to amortise the message round trip,
 *  short enough that Pause and Reset answer at once. */
const CHUNK_MS = 100;
const MAX_CHUNK = 500;
/** Held-out examples shown with their predictions. */
const SHOWN = 5;
/** Loss chart height, px; the accuracy chart has the same. */
const CHART_H = 190;

/** The attributes that define the run: changing one of them starts a new run. */
const RUN_INPUTS = [
  'task',
  'model',
  'length',
  'pairs',
  'text',
  'context',
  'dModel',
  'heads',
  'layers',
  'dFF',
  'activation',
  'norm',
  'positional',
  'causal',
  'lr',
  'warmup',
  'schedule',
  'batch',
  'steps',
  'optimizer',
  'weightDecay',
  'clip',
  'labelSmoothing',
  'seed',
  'heldOut',
];
/** The attributes that only change what is shown. */
const VIEW_INPUTS = ['kind', 'layer', 'head', 'example', 'evalEvery', 'pace'];
/** Choices of the speed menu, steps per second (0: as fast as the core goes). */
const PACES = [0, 30, 10, 3, 1];

/** Stands in for the page's core, which this widget does not need (its core is in the worker). */
const NO_PAGE_CORE = Object.freeze({ worker: true });

/**
 * @summary The training lab: a small Transformer (the C++ core, compiled to WebAssembly) learns a
 * toy task in a Web Worker while the page stays responsive. Live loss and held-out accuracy
 * curves, sample predictions with right and wrong tokens marked, the attention map of a held-out
 * example as it learns, steps per second, a "try your own input" box, and checkpoints to save and
 * load. The same attributes (and seed) give the same run, step for step.
 *
 * @attr task - reverse | copy | sort | pairs | text. Default reverse.
 * @attr model - encoder-decoder | decoder-only ('text' is always decoder-only). Default encoder-decoder.
 * @attr length - Digits per sequence for reverse / copy / sort, 2..16. Default 8.
 * @attr pairs - For 'pairs': "input -> output" lines, 4..5000. Default: a small upper-case list.
 * @attr text - For 'text': 20..100000 characters. Default: a short paragraph about attention.
 * @attr context - Characters of context for 'text', 4..128. Default 32.
 * @attr d-model - 8..256. Default 64.
 * @attr heads - Divides d-model. Default 4.
 * @attr layers - Layers per stack, 1..4. Default 2.
 * @attr d-ff - Feed-forward width, 8..1024. Default 128.
 * @attr activation - relu | gelu. Default relu.
 * @attr norm - post | pre (LayerNorm after or before each sub-layer). Default post.
 * @attr positional - learned | sinusoidal | rope. Default learned.
 * @attr causal - true | false: decoder-only's causal mask (false: the mask-leak experiment). Default true.
 * @attr lr - Learning rate, 0 < lr <= 10. Default 0.002.
 * @attr warmup - Steps of linear warm-up, 0..100000. Default 50.
 * @attr schedule - constant | cosine. Default constant.
 * @attr batch - Examples per step, 1..256. Default 32.
 * @attr steps - Steps to train (and the schedule's length), 1..100000. Default 2000.
 * @attr optimizer - adam | adamw. Default adam.
 * @attr weight-decay - 0..1. Default 0 (adam), 0.01 (adamw).
 * @attr clip - Largest global gradient norm, 0 (off)..1000. Default 1.
 * @attr label-smoothing - 0..0.5. Default 0.
 * @attr seed - Integer 0..4294967295: weights and data. Default 1.
 * @attr held-out - Held-out examples (digit and pair tasks), 1..2000. Default 500.
 * @attr eval-every - Evaluate on the held-out examples every this many steps, 1..100000. Default 100.
 * @attr pace - At most this many steps per second, 0..1000 (0: as fast as the core goes), to
 *   watch learning in slow motion. Default 0.
 * @attr kind - encoder | decoder | cross: which attention map. Default cross (decoder for decoder-only).
 * @attr layer - 1..layers: the map's layer. Default the last.
 * @attr head - all | 1..heads. Default all.
 * @attr example - Held-out example shown in the map, 1..held-out. Default 1.
 * @attr controls - Boolean: task, model, size and optimiser settings.
 * @attr lang - en | zh-CN; default: the closest ancestor's `lang`, then the document's.
 *
 * @event attn-change - The reader changed a setting. `detail`: `{ name, value, state }`.
 */
export class AttnTrain extends LabElement {
  static properties = {
    task: { type: String },
    model: { type: String },
    length: { type: String },
    pairs: { type: String },
    text: { type: String },
    context: { type: String },
    dModel: { type: String, attribute: 'd-model' },
    heads: { type: String },
    layers: { type: String },
    dFF: { type: String, attribute: 'd-ff' },
    activation: { type: String },
    norm: { type: String },
    positional: { type: String },
    causal: { type: String },
    lr: { type: String },
    warmup: { type: String },
    schedule: { type: String },
    batch: { type: String },
    steps: { type: String },
    optimizer: { type: String },
    weightDecay: { type: String, attribute: 'weight-decay' },
    clip: { type: String },
    labelSmoothing: { type: String, attribute: 'label-smoothing' },
    seed: { type: String },
    heldOut: { type: String, attribute: 'held-out' },
    evalEvery: { type: String, attribute: 'eval-every' },
    kind: { type: String },
    layer: { type: String },
    head: { type: String },
    example: { type: String },
    pace: { type: String },
    controls: { type: Boolean },
    // Internal state.
    _info: { state: true },
    _running: { state: true },
    _diverged: { state: true },
    _evaluation: { state: true },
    _attention: { state: true },
    _tick: { state: true },
    _notice: { state: true },
    _actionError: { state: true },
    _prediction: { state: true },
    _busy: { state: true },
  };

  static inputs = [...RUN_INPUTS, ...VIEW_INPUTS];

  static styles = [sharedStyles, uplotStyles, trainStyles];

  static widthStep = 20;

  constructor() {
    super();
    this.controls = false;
    // The page's core (LabElement loads it) is not needed: training runs in this widget's worker.
    this._lab = NO_PAGE_CORE;
    this._info = null;
    this._running = false;
    this._diverged = null;
    this._evaluation = null;
    this._attention = null;
    this._tick = 0;
    this._notice = null;
    this._actionError = null;
    this._prediction = null;
    this._busy = false;
    this._view = null;
    this._requested = '';
    this._stale = true;
    this._epoch = 0;
    this._history = emptyHistory();
    this._evals = emptyEvals();
    this._rate = [];
    this._chunk = 8;
    this._lossChart = new Chart(() => this.requestUpdate());
    this._accChart = new Chart(() => this.requestUpdate());
  }

  // ---- lifecycle: one worker per widget ----

  connectedCallback() {
    super.connectedCallback();
    loadUPlot().catch(() => {}); // in parallel with the worker's start
    if (!this._worker) this._spawn();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    // A widget taken off the page (another lesson, another language) frees its worker and run.
    this._stopLoop();
    this._worker?.terminate();
    this._worker = null;
    this._api = null;
    this._info = null;
    this._good = null;
    this._requested = '';
    this._stale = true;
    this._lossChart.destroy();
    this._accChart.destroy();
  }

  _spawn() {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    // A worker that fails to start never answers; its error event is the only sign.
    this._workerFailed = new Promise((resolve, reject) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault?.();
        const message = event.message || this.t('attnTrainWorkerFailed');
        this._loadError = message;
        reject(new Error(message));
      });
    });
    this._workerFailed.catch(() => {});
    this._worker = worker;
    this._api = Comlink.wrap(worker);
    this._stale = true;
    this._loading = Promise.race([this._api.load(), this._workerFailed]).then(
      (variant) => variant,
      (error) => {
        this._loadError = error;
        throw error;
      },
    );
    this._loading.catch(() => {});
    this.requestUpdate();
  }

  /** Calls the worker; fails at once if the worker died. */
  _call(method, ...args) {
    if (!this._api) return Promise.reject(new Error(this.t('attnTrainWorkerFailed')));
    return Promise.race([this._api[method](...args), this._workerFailed]);
  }

  /**
   * What this run has shown so far, for tests and teachers' scripts: the training loss of every
   * step (as the core reported it) and the held-out scores of every evaluation.
   */
  get trainingLog() {
    const h = this._history;
    const e = this._evals;
    return {
      step: this._info?.step ?? 0,
      steps: [...h.steps],
      loss: [...h.raw],
      evaluations: e.steps.map((step, i) => ({ step, ...e.raw[i] })),
      diverged: this._diverged,
    };
  }

  get status() {
    if (this._loadError) return 'error';
    if (!this._good) return this._error ? 'error' : 'loading';
    return this._error ? 'error' : 'ready';
  }

  /** The settings the attributes ask for (the permalink), the view, and the step reached. */
  get state() {
    const o = this._options ?? this._info?.options;
    return {
      ...(o ?? {}),
      step: this._info?.step ?? 0,
      kind: this._view?.kind,
      layer: this._view?.layer,
      head: this._view?.head,
      example: this._view?.example,
    };
  }

  willUpdate(changed) {
    const names = this.constructor.inputs;
    const dirty = this._stale || changed.has('_lang') || names.some((n) => changed.has(n));
    if (!dirty || !this._api) return;
    this._stale = false;
    let options;
    let view;
    try {
      options = parseRunOptions(this.t, this);
      view = parseView(this.t, this, options);
      if (this._info && view.example > this._info.heldOutSize) {
        throw new Error(this.t('attnTrainBadExample', view.example, this._info.heldOutSize));
      }
    } catch (error) {
      this._error = error;
      return;
    }
    const key = JSON.stringify(options);
    // Still asking for settings the core refused (e.g. only the language changed): keep saying so.
    this._error = this._refusal?.key === key ? this._refusal.message : null;
    this._options = options;
    const oldView = this._view;
    this._view = view;
    if (key !== this._requested) {
      this._requested = key;
      // Back to the settings of the run the worker has (after a refused change): keep that run.
      if (key !== this._runKey) this._create(options, key);
    } else if (
      this._info &&
      oldView &&
      (oldView.kind !== view.kind ||
        oldView.layer !== view.layer ||
        oldView.example !== view.example)
    ) {
      this._refreshAttention();
    }
  }

  // ---- the run ----

  async _create(options, key) {
    this._stopLoop();
    const epoch = ++this._epoch;
    this._busy = true;
    let info;
    try {
      await this._loading;
      info = await this._call('create', options);
    } catch (error) {
      if (this._loadError) return;
      // The core refused the settings: say so, and keep the run (and picture) it already has.
      if (epoch === this._epoch) {
        // Worded at render time, so a language switch re-words the core's refusal too.
        const message = (t, lang) => t('attnTrainRefused', messageOf(error, lang));
        this._refusal = { key, message };
        this._error = message;
        this._busy = false;
        // An earlier request that succeeded meanwhile left its run unevaluated.
        if (this._info && !this._evaluation) await this._refresh();
      }
      return;
    }
    this._runKey = key;
    this._refusal = null;
    // The worker now has this run. Answers come back in order: a newer request, still on its
    // way, replaces it when it answers.
    this._adopt(info);
    if (epoch !== this._epoch) return;
    this._notice = null;
    await this._refresh();
    if (epoch !== this._epoch) return;
    // Ready (data-status) only once the untrained model has been evaluated and mapped.
    this._good = { info };
    this._busy = false;
  }

  /** Takes a run's info as the current run, with empty curves. */
  _adopt(info) {
    this._info = info;
    this._history = emptyHistory();
    this._evals = emptyEvals();
    this._rate = [];
    this._diverged = null;
    this._evaluation = null;
    this._attention = null;
    this._prediction = null;
    this._actionError = null;
    this._chunk = 8;
    this._nextEval = info.step + (this._view?.evalEvery ?? 100);
    this._tick++;
  }

  get _done() {
    return !!this._info && this._info.step >= this._info.options.steps;
  }

  _canTrain() {
    return !!this._info && !this._diverged && !this._done && !this._busy;
  }

  /** Evaluates on the held-out examples and fetches the attention map, for the current step. */
  async _refresh() {
    const epoch = this._epoch;
    const info = this._info;
    if (!info) return;
    const stale = () => epoch !== this._epoch || this._info?.id !== info.id;
    const limit = Math.max(1, Math.min(info.heldOutSize || EVAL_LIMIT, EVAL_LIMIT));
    let evaluation;
    try {
      evaluation = await this._call('evaluate', { limit, show: SHOWN });
    } catch (error) {
      if (epoch === this._epoch)
        this._actionError = (t, lang) => t('attnTrainCoreError', messageOf(error, lang));
      return;
    }
    if (stale()) return;
    const step = this._info.step;
    this._evaluation = { ...evaluation, step };
    const e = this._evals;
    // A second evaluation at the same step (a pause right after one) replaces the first.
    if (e.steps[e.steps.length - 1] === step) {
      for (const list of Object.values(e)) list.pop();
    }
    e.steps.push(step);
    e.raw.push({
      tokenAccuracy: evaluation.tokenAccuracy,
      exactAccuracy: evaluation.exactAccuracy,
    });
    e.token.push(evaluation.tokenAccuracy * 100);
    e.exact.push(finiteOrNull(evaluation.exactAccuracy * 100));
    this._nextEval = step + (this._view?.evalEvery ?? 100);
    this._tick++;
    await this._refreshAttention();
  }

  async _refreshAttention() {
    const epoch = this._epoch;
    const v = this._view;
    const id = this._info?.id;
    if (!this._info || !v) return;
    const request = { index: v.example - 1, kind: v.kind, layer: v.layer - 1 };
    try {
      const maps = await this._call('attention', request);
      if (epoch !== this._epoch || this._info?.id !== id) return;
      this._attention = { ...maps, step: this._info.step, request };
    } catch (error) {
      if (epoch === this._epoch)
        this._actionError = (t, lang) => t('attnTrainCoreError', messageOf(error, lang));
    }
  }

  /** Adds one train() answer to the curves. */
  _absorb(p) {
    const h = this._history;
    for (let i = 0; i < p.steps.length; i++) {
      h.steps.push(p.steps[i]);
      h.raw.push(p.loss[i]);
      // The log scale cannot show 0 or a non-finite loss: those points are gaps.
      h.loss.push(p.loss[i] > 0 && Number.isFinite(p.loss[i]) ? p.loss[i] : null);
      h.lastLoss = p.loss[i];
    }
    if (p.steps.length > 0) {
      // Steps per second of the core over the last few calls (one call is too noisy).
      this._rate = [...this._rate.slice(-9), { steps: p.steps.length, ms: p.ms }];
      // Next chunk: about CHUNK_MS of work at the speed just measured.
      const perStep = p.ms / p.steps.length;
      this._chunk = Math.max(
        1,
        Math.min(MAX_CHUNK, Math.round(CHUNK_MS / Math.max(perStep, 0.05))),
      );
    }
    this._info = { ...this._info, step: p.step };
    if (p.diverged) this._diverged = p.diverged;
    this._tick++;
  }

  // ---- reader actions ----

  async _train() {
    if (this._running || !this._canTrain()) return;
    this._running = true;
    this._notice = null;
    this._actionError = null;
    const epoch = this._epoch;
    try {
      while (this._running && epoch === this._epoch && this._canTrain()) {
        const info = this._info;
        const pace = this._view?.pace ?? 0;
        const chunk = pace > 0 ? Math.max(1, Math.round((pace * CHUNK_MS) / 1000)) : this._chunk;
        const n = Math.max(
          1,
          Math.min(chunk, info.options.steps - info.step, this._nextEval - info.step),
        );
        const started = performance.now();
        const p = await this._call('train', n);
        if (epoch !== this._epoch) return;
        this._absorb(p);
        if (this._diverged) break;
        // The map follows every chunk (one forward pass); the held-out scores every eval-every.
        if (this._info.step >= this._nextEval || this._done) await this._refresh();
        else await this._refreshAttention();
        if (pace > 0) {
          const wait = (n * 1000) / pace - (performance.now() - started);
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    } catch (error) {
      if (epoch === this._epoch)
        this._actionError = (t, lang) => t('attnTrainCoreError', messageOf(error, lang));
    } finally {
      if (epoch === this._epoch) this._running = false;
    }
    // Paused, finished or diverged: show the model as it is now.
    if (epoch === this._epoch && this._evaluation?.step !== this._info?.step) await this._refresh();
  }

  _pause() {
    this._running = false;
  }

  _stopLoop() {
    this._running = false;
  }

  async _stepOnce() {
    if (this._running || !this._canTrain()) return;
    const epoch = this._epoch;
    this._busy = true;
    try {
      const p = await this._call('train', 1);
      if (epoch !== this._epoch) return;
      this._absorb(p);
      await this._refresh();
    } catch (error) {
      if (epoch === this._epoch)
        this._actionError = (t, lang) => t('attnTrainCoreError', messageOf(error, lang));
    } finally {
      if (epoch === this._epoch) this._busy = false;
    }
  }

  async _reset() {
    if (!this._info) return;
    this._stopLoop();
    const epoch = ++this._epoch;
    this._busy = true;
    try {
      const info = await this._call('reset');
      if (epoch !== this._epoch) return;
      this._adopt(info);
      await this._refresh();
    } catch (error) {
      if (epoch === this._epoch)
        this._actionError = (t, lang) => t('attnTrainCoreError', messageOf(error, lang));
    } finally {
      if (epoch === this._epoch) this._busy = false;
    }
  }

  async _save() {
    if (!this._info) return;
    try {
      const text = await this._call('saveCheckpoint');
      const o = this._info.options;
      const name = `attention-lab-${o.task}-step${this._info.step}.json`;
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.style.display = 'none';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      this._notice = this.t('attnTrainSaved', name);
      this._actionError = null;
    } catch (error) {
      this._actionError = (t, lang) => t('attnTrainCoreError', messageOf(error, lang));
    }
  }

  _chooseFile() {
    this.renderRoot.querySelector('input.load-file')?.click();
  }

  async _load(event) {
    const input = event.target;
    const file = input.files?.[0];
    input.value = '';
    if (!file || !this._info) return;
    this._stopLoop();
    let text;
    try {
      text = await file.text();
    } catch (error) {
      this._actionError = (t, lang) =>
        t('attnTrainLoadCheckpointFailed', file.name, messageOf(error, lang));
      return;
    }
    const epoch = this._epoch;
    this._busy = true;
    try {
      const info = await this._call('loadCheckpoint', text);
      if (epoch !== this._epoch) return;
      ++this._epoch;
      this._adopt(info);
      this._notice = this.t('attnTrainLoaded', file.name, info.step);
      await this._refresh();
    } catch (error) {
      // The core checks the whole file before it changes anything.
      if (epoch === this._epoch) {
        this._actionError = (t, lang) =>
          t('attnTrainLoadCheckpointFailed', file.name, messageOf(error, lang));
      }
    } finally {
      this._busy = false;
    }
  }

  async _predict(event) {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input.own-input')?.value ?? '';
    if (!this._info) return;
    try {
      const output = await this._call('predict', input, {});
      this._prediction = { input, output, step: this._info.step };
    } catch (error) {
      this._prediction = { input, error: messageOf(error) };
    }
  }

  /** A new d-model with a head count that no longer divides it: keep heads if they fit. */
  _setDModel(value) {
    const d = Number(value);
    const heads = this._info?.options.heads ?? 4;
    const pairs = [['d-model', d]];
    if (d % heads !== 0) pairs.push(['heads', Math.max(...divisors(d).filter((h) => h <= heads))]);
    userSetMany(this, pairs);
  }

  /** A model change drops the map's kind, which may not exist in the other model. */
  _setModel(value) {
    userSetMany(this, [
      ['model', value],
      ['kind', null],
    ]);
  }

  _setTask(value) {
    const pairs = [['task', value]];
    if (value === 'text') pairs.push(['kind', null]);
    userSetMany(this, pairs);
  }

  _applyData(name) {
    const box = this.renderRoot.querySelector(`textarea[name="${name}"]`);
    if (box) this.userSet(name, box.value);
  }

  _newSeed() {
    const [seed] = crypto.getRandomValues(new Uint32Array(1));
    this.userSet('seed', seed % (SEED_MAX + 1));
  }

  // ---- rendering ----

  render() {
    const t = this.t;
    const g = this._good;
    return this._renderFrame(
      t,
      g ? this._renderBody(t) : nothing,
      g && this.controls ? this._renderControls(t) : nothing,
    );
  }

  _renderBody(t) {
    const info = this._info;
    const o = info.options;
    return html`<section
      class="train ${this._error ? 'stale' : ''}"
      aria-label=${t('attnTrainLabel')}
    >
      ${this._renderToolbar(t, info)} ${this._renderStatus(t, info)}
      ${
        this._diverged
          ? html`<div class="diverged" role="alert" data-diverged="true">
              <span class="icon" aria-hidden="true">⚠</span>
              <span>
                <strong>${t('attnTrainDivergedTitle')}</strong>
                <span class="core-text">${this._diverged}</span>
                <span>${t('attnTrainDivergedHelp')}</span>
              </span>
            </div>`
          : nothing
      }
      ${this._actionError ? html`<p class="action-error" role="alert">${this._renderError(t, this._actionError)}</p>` : nothing}
      ${this._notice ? html`<p class="notice" role="status">${this._notice}</p>` : nothing}
      <div class="charts">
        <figure class="chart loss-chart">
          <figcaption>${t('attnTrainLossTitle')}</figcaption>
          <div class="plot" data-plot="loss"></div>
          ${
            this._history.steps.length === 0
              ? html`<p class="plot-empty">${t('attnTrainNoSteps')}</p>`
              : nothing
          }
        </figure>
        <figure class="chart acc-chart">
          <figcaption>
            ${t('attnTrainAccTitle', Math.min(info.heldOutSize || EVAL_LIMIT, EVAL_LIMIT), o.task === 'text')}
          </figcaption>
          <div class="plot" data-plot="accuracy"></div>
        </figure>
      </div>
      ${attentionView(this, t)} ${predictionsView(this, t)} ${this._renderOwn(t, info)}
      ${this._renderFacts(t, info)}
    </section>`;
  }

  _renderToolbar(t, info) {
    const can = this._canTrain();
    const running = this._running;
    return html`<div class="toolbar" role="group" aria-label=${t('attnTrainToolbar')}>
      ${
        running
          ? html`<button type="button" class="pause primary" @click=${this._pause}>
              ⏸ ${t('attnTrainPause')}
            </button>`
          : html`<button
              type="button"
              class="train-button primary"
              aria-disabled=${can ? 'false' : 'true'}
              @click=${() => this._train()}
            >
              ▶ ${info.step > 0 ? t('attnTrainResume') : t('attnTrainTrain')}
            </button>`
      }
      <button
        type="button"
        class="step-once"
        aria-disabled=${can && !running ? 'false' : 'true'}
        @click=${() => this._stepOnce()}
      >
        ${t('attnTrainStepOnce')}
      </button>
      <button
        type="button"
        class="reset"
        aria-disabled=${this._busy && !running ? 'true' : 'false'}
        @click=${() => this._reset()}
      >
        ↺ ${t('attnTrainReset')}
      </button>
      <label class="pace"
        >${t('attnTrainPace')}
        <select
          name="pace"
          @change=${(e) => this.userSet('pace', e.target.value === '0' ? null : e.target.value)}
        >
          ${(PACES.includes(this._view.pace) ? PACES : [...PACES, this._view.pace]).map(
            (v) =>
              html`<option value=${v} ?selected=${v === this._view.pace}>
                ${v === 0 ? t('attnTrainFullSpeed') : t('attnTrainPaceN', v)}
              </option>`,
          )}
        </select></label
      >
      <span class="sep" aria-hidden="true"></span>
      <button type="button" class="save" @click=${() => this._save()}>${t('attnTrainSave')}</button>
      <button type="button" class="load" @click=${() => this._chooseFile()}>
        ${t('attnTrainLoad')}
      </button>
      <input
        class="load-file"
        type="file"
        accept=".json,application/json"
        hidden
        aria-label=${t('attnTrainLoad')}
        @change=${(e) => this._load(e)}
      />
    </div>`;
  }

  _renderStatus(t, info) {
    const o = info.options;
    const h = this._history;
    const e = this._evaluation;
    const ms = this._rate.reduce((a, r) => a + r.ms, 0);
    const rate = ms > 0 ? (this._rate.reduce((a, r) => a + r.steps, 0) * 1000) / ms : 0;
    const lastLoss = h.steps.length ? h.lastLoss : null;
    return html`<div
      class="status"
      aria-live="off"
      data-step=${info.step}
      data-steps=${o.steps}
      data-loss=${lastLoss == null ? '' : String(lastLoss)}
      data-points=${h.steps.length}
      data-running=${this._running ? 'true' : 'false'}
      data-rate=${String(rate)}
      data-eval-step=${e ? e.step : ''}
      data-token-accuracy=${e ? String(e.tokenAccuracy) : ''}
      data-exact-accuracy=${e ? String(e.exactAccuracy) : ''}
      data-diverged=${this._diverged ? 'true' : 'false'}
      data-done=${this._done ? 'true' : 'false'}
    >
      <span class="stat"
        ><span class="k">${t('attnTrainStep')}</span>
        <span class="v num">${info.step} / ${o.steps}</span></span
      >
      <span class="stat"
        ><span class="k">${t('attnTrainLoss')}</span>
        <span class="v num">${lastLoss == null ? '–' : fmtLoss(lastLoss)}</span></span
      >
      <span class="stat"
        ><span class="k">${t('attnTrainRate')}</span>
        <span class="v num">${rate > 0 ? fmt(rate, rate < 10 ? 1 : 0) : '–'}</span></span
      >
      <span class="stat"
        ><span class="k">${t('attnTrainTokenAcc')}</span>
        <span class="v num">${e ? `${fmtPercent(e.tokenAccuracy)} %` : '–'}</span></span
      >
      ${
        o.task === 'text'
          ? nothing
          : html`<span class="stat"
              ><span class="k">${t('attnTrainExactAcc')}</span>
              <span class="v num"
                >${e && Number.isFinite(e.exactAccuracy) ? `${fmtPercent(e.exactAccuracy)} %` : '–'}</span
              ></span
            >`
      }
      <span class="stat small">${e ? t('attnTrainEvalAt', e.step, e.count) : ''}</span>
      ${this._done ? html`<span class="done-note">${t('attnTrainDone', o.steps)}</span>` : nothing}
      <span class="sr-only" aria-live="polite"
        >${this._running ? '' : t('attnTrainSummary', info.step, lastLoss == null ? '–' : fmtLoss(lastLoss))}</span
      >
    </div>`;
  }

  _renderOwn(t, info) {
    const o = info.options;
    const p = this._prediction;
    const placeholder = DIGIT_TASKS.includes(o.task)
      ? '31415926'.slice(0, o.length).padEnd(o.length, '7')
      : o.task === 'text'
        ? 'attention '
        : (o.pairs ?? '').split('\n')[0].split('->')[0].trim();
    return html`<form class="own" @submit=${(e) => this._predict(e)}>
      <label
        ><span class="own-label">${t('attnTrainOwn', o.task)}</span>
        <input
          class="own-input"
          type="text"
          autocomplete="off"
          spellcheck="false"
          .value=${p?.input ?? placeholder}
      /></label>
      <button type="submit">${t('attnTrainPredict')}</button>
      ${
        p?.error
          ? html`<span class="own-error" role="alert">${t('attnTrainCoreError', p.error)}</span>`
          : p
            ? html`<span
                class="own-output"
                aria-live="polite"
                data-output=${p.output.join('\u0001')}
                >→ ${p.output.map((tok) => html`<span class="tokchip">${tok}</span>`)}
                <span class="small">${t('attnTrainAtStep', p.step)}</span></span
              >`
            : nothing
      }
    </form>`;
  }

  _renderFacts(t, info) {
    const o = info.options;
    const n = new Intl.NumberFormat(this._lang);
    return html`<p class="facts">
      ${t('attnTrainFacts', {
        model: o.model,
        layers: o.layers,
        dModel: o.dModel,
        heads: o.heads,
        parameters: n.format(info.parameters),
        vocab: info.vocab.length,
        trainSize: info.trainSize,
        heldOut: info.heldOutSize,
        task: o.task,
        variant: info.variant,
        causal: o.causal,
      })}
    </p>`;
  }

  // ---- the settings panel (`controls`) ----

  _renderControls(t) {
    const o = this._info.options;
    const digits = DIGIT_TASKS.includes(o.task);
    const sel = (name, values, current, onChange, label = (v) => v) =>
      html`<select name=${name} @change=${(e) => onChange(e.target.value)}>
        ${(values.includes(current) ? values : [...values, current]).map(
          (v) => html`<option value=${v} ?selected=${v === current}>${label(v)}</option>`,
        )}
      </select>`;
    const set = (name) => (value) => this.userSet(name, value);
    const num = (name, value, { min, max, step = 1, wide = false }) =>
      html`<input
        type="number"
        name=${name}
        class=${wide ? 'wide' : ''}
        min=${min}
        max=${max}
        step=${step}
        .value=${String(value)}
        @change=${(e) => this.userSet(name, e.target.value)}
      />`;
    return html`<div class="settings" role="group" aria-label=${t('attnTrainSettings')}>
      <div class="controls">
        <label
          >${t('attnTrainTask')}
          ${sel(
            'task',
            TASKS,
            o.task,
            (v) => this._setTask(v),
            (v) => t('attnTrainTaskName', v),
          )}</label
        >
        ${digits ? html`<label>${t('attnTrainLength')} ${num('length', o.length, { min: 2, max: 16 })}</label>` : nothing}
        ${o.task === 'text' ? html`<label>${t('attnTrainContext')} ${num('context', o.context, { min: 4, max: 128 })}</label>` : nothing}
        <fieldset class="segmented model-picker" ?disabled=${o.task === 'text'}>
          <legend>${t('attnTrainModel')}</legend>
          <span class="options">
            ${MODELS.map(
              (m) =>
                html`<label
                  ><input
                    type="radio"
                    name="model"
                    value=${m}
                    .checked=${m === o.model}
                    @change=${() => this._setModel(m)}
                  /><span>${t('attnTrainModelName', m)}</span></label
                >`,
            )}
          </span>
        </fieldset>
        <label class="causal ${o.model === 'decoder-only' ? '' : 'off'}"
          ><input
            type="checkbox"
            name="causal"
            ?disabled=${o.model !== 'decoder-only'}
            .checked=${o.model !== 'decoder-only' || o.causal !== false}
            @change=${(e) => this.userSet('causal', e.target.checked ? null : 'false')}
          />
          ${t('attnTrainCausal')}</label
        >
      </div>
      ${
        o.task === 'pairs' || o.task === 'text'
          ? html`<div class="data-box">
              <label for="data-${o.task}"
                >${t(o.task === 'pairs' ? 'attnTrainPairsLabel' : 'attnTrainTextLabel')}</label
              >
              <textarea
                id="data-${o.task}"
                name=${o.task}
                rows="6"
                spellcheck="false"
                .value=${o.task === 'pairs' ? o.pairs : o.text}
              ></textarea>
              <button type="button" class="apply-data" @click=${() => this._applyData(o.task)}>
                ${t('attnTrainUseData')}
              </button>
            </div>`
          : nothing
      }
      <div class="controls">
        <label
          >d<sub>model</sub> ${sel('d-model', D_MODELS, o.dModel, (v) => this._setDModel(v))}</label
        >
        <label
          >${t('attnTrainHeads')}
          ${sel(
            'heads',
            divisors(o.dModel).filter((h) => h <= 16),
            o.heads,
            set('heads'),
          )}</label
        >
        <label
          >${t('attnTrainLayers')} ${sel('layers', [1, 2, 3, 4], o.layers, set('layers'))}</label
        >
        <label>d<sub>ff</sub> ${sel('d-ff', D_FFS, o.dFF, set('d-ff'))}</label>
      </div>
      <div class="controls">
        <label>${t('attnTrainLr')} ${num('lr', o.lr, { min: 0, max: 10, step: 'any' })}</label>
        <label>${t('attnTrainWarmup')} ${num('warmup', o.warmup, { min: 0, max: 100000 })}</label>
        <label>${t('attnTrainBatch')} ${sel('batch', BATCHES, o.batch, set('batch'))}</label>
        <label>${t('attnTrainSteps')} ${num('steps', o.steps, { min: 1, max: 100000 })}</label>
        <span class="field"
          ><label>${t('seed')} ${num('seed', o.seed, { min: 0, max: SEED_MAX, wide: true })}</label>
          <button type="button" class="new-seed" @click=${this._newSeed}>
            ${t('newSeed')}
          </button></span
        >
      </div>
      <details class="advanced">
        <summary>${t('attnTrainAdvanced')}</summary>
        <div class="controls">
          <label
            >${t('attnTrainSchedule')}
            ${sel('schedule', SCHEDULES, o.schedule, set('schedule'), (v) => t('attnTrainScheduleName', v))}</label
          >
          <label
            >${t('attnTrainOptimizer')}
            ${sel('optimizer', OPTIMIZERS, o.optimizer, set('optimizer'), (v) => (v === 'adam' ? 'Adam' : 'AdamW'))}</label
          >
          <label
            >${t('attnTrainWeightDecay')}
            ${num('weight-decay', o.weightDecay, { min: 0, max: 1, step: 'any' })}</label
          >
          <label
            >${t('attnTrainClip')} ${num('clip', o.clip, { min: 0, max: 1000, step: 'any' })}</label
          >
          <label
            >${t('attnTrainLabelSmoothing')}
            ${num('label-smoothing', o.labelSmoothing, { min: 0, max: 0.5, step: 0.05 })}</label
          >
          <label
            >${t('attnTrainPositional')}
            ${sel('positional', POSITIONALS, o.positional, set('positional'), (v) => t('attnTrainPositionalName', v))}</label
          >
          <label
            >${t('attnTrainNorm')}
            ${sel('norm', NORMS, o.normFirst ? 'pre' : 'post', set('norm'), (v) => t('attnTrainNormName', v))}</label
          >
          <label
            >${t('attnTrainActivation')}
            ${sel('activation', ACTIVATIONS, o.activation, set('activation'), (v) => (v === 'relu' ? 'ReLU' : 'GELU'))}</label
          >
          ${o.task === 'text' ? nothing : html`<label>${t('attnTrainHeldOut')} ${num('held-out', o.heldOut, { min: 1, max: 2000 })}</label>`}
          <label
            >${t('attnTrainEvalEvery')}
            ${num('eval-every', this._view?.evalEvery ?? 100, { min: 1, max: 100000 })}</label
          >
        </div>
      </details>
    </div>`;
  }

  updated() {
    this._drawCharts();
  }

  _drawCharts() {
    if (!this._good) return;
    const t = this.t;
    const width = Math.max(240, Math.floor(this._chartWidth()));
    const format = (v) => fmtLoss(v);
    const lossBox = this.renderRoot.querySelector('[data-plot="loss"]');
    const h = this._history;
    this._lossChart.draw(lossBox, {
      key: this._lang,
      width,
      height: CHART_H,
      options: lossOptions({
        stepLabel: t('attnTrainStep'),
        lossLabel: t('attnTrainLoss'),
        format,
      }),
      data: [h.steps, h.loss],
    });
    const accBox = this.renderRoot.querySelector('[data-plot="accuracy"]');
    const e = this._evals;
    this._accChart.draw(accBox, {
      key: `${this._lang}|${this._info.options.task === 'text'}`,
      width,
      height: CHART_H,
      options: accuracyOptions({
        stepLabel: t('attnTrainStep'),
        tokenLabel: t('attnTrainTokenAcc'),
        exactLabel: t('attnTrainExactAcc'),
        accuracyLabel: t('attnTrainAccuracy'),
        format: (v) => fmt(v, 1),
      }),
      data: [e.steps, e.token, e.exact],
    });
  }

  /** Two charts side by side when the widget is wide, else one under the other. */
  _chartWidth() {
    const inner = (this._width || this.getBoundingClientRect().width || 700) - 32;
    return inner >= 720 ? (inner - 16) / 2 : inner;
  }
}

function emptyHistory() {
  return { steps: [], loss: [], raw: [], lastLoss: null };
}

function emptyEvals() {
  return { steps: [], raw: [], token: [], exact: [] };
}

function finiteOrNull(x) {
  return Number.isFinite(x) ? x : null;
}
