import { LitElement, html, nothing } from 'lit';
import { getLab, messageOf } from './core.js';
import { langOf, onLangChange, translator } from './i18n.js';

/**
 * Base class of every widget: finds the shared core, follows the page's language, and reports
 * user changes. Subclasses implement `compute(lab, t)`, which reads the attributes, calls the
 * core and returns the new good state; if it throws, the message is shown and the last good
 * state stays on screen.
 */
export class LabElement extends LitElement {
  static properties = {
    _lab: { state: true },
    _lang: { state: true },
    _loadError: { state: true },
    _error: { state: true },
    _good: { state: true },
    _width: { state: true },
  };

  constructor() {
    super();
    this._lab = null;
    this._lang = 'en';
    this._loadError = null;
    this._error = null;
    /** The last state that computed without error; never cleared by a bad input. */
    this._good = null;
    /** Own width in px, rounded to `widthStep` (0 until measured, or if the widget opts out). */
    this._width = 0;
  }

  /** Widgets that lay out by their own width set this (px): `_width` then follows the element's
   *  width in steps this big, so a resize re-renders only when the layout could change. */
  static widthStep = 0;

  /** Reactive properties that feed `compute`; subclasses list theirs. */
  static inputs = [];

  connectedCallback() {
    super.connectedCallback();
    const step = this.constructor.widthStep;
    if (step > 0) {
      this._resize ??= new ResizeObserver(([entry]) => {
        const width = Math.round(entry.contentRect.width / step) * step;
        if (width !== this._width) this._width = width;
      });
      this._resize.observe(this);
    }
    this._syncLang();
    this._stopLang = onLangChange(() => this._syncLang());
    if (!this._lab) {
      getLab().then(
        (lab) => {
          this._lab = lab;
          this._loadError = null;
        },
        (error) => {
          this._loadError = error;
        },
      );
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this._resize?.disconnect();
    this._stopLang?.();
  }

  _syncLang() {
    const lang = langOf(this);
    if (lang !== this._lang) this._lang = lang;
  }

  /** Translator for the widget's current language. */
  get t() {
    return translator(this._lang);
  }

  willUpdate(changed) {
    const inputs = this.constructor.inputs;
    const dirty =
      changed.has('_lab') || changed.has('_lang') || inputs.some((name) => changed.has(name));
    if (this._lab && dirty) {
      try {
        this._good = this.compute(this._lab, this.t);
        this._error = null;
      } catch (error) {
        // The error itself, not its text: the message is worded at render time, in the
        // language of the moment (a language switch re-words it).
        this._error = error;
      }
    }
  }

  /** 'loading' | 'error' | 'ready': exposed as data-status on the root for tests and styling. */
  get status() {
    if (this._loadError || (this._error && !this._good)) return 'error';
    if (!this._lab || !this._good) return 'loading';
    return this._error ? 'error' : 'ready';
  }

  /**
   * Sets an attribute (the widget's public state) on a user's action, then tells the page with
   * `attn-change` once the widget has re-rendered, so `detail.state` and the DOM are current.
   */
  async userSet(name, value) {
    if (value === null || value === false) this.removeAttribute(name);
    else this.setAttribute(name, value === true ? '' : String(value));
    await this.updateComplete;
    this.dispatchEvent(
      new CustomEvent('attn-change', {
        detail: { name, value, state: this.state },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /**
   * The frame every widget draws: status attributes for tests and assistive tech, `head` (e.g.
   * controls), the error message, then `body` once a good result exists, or a spinner before.
   */
  _renderFrame(t, body, head = nothing) {
    return html`<div
      class="root"
      data-status=${this.status}
      lang=${this._lang}
      aria-busy=${this.status === 'loading' ? 'true' : 'false'}
    >
      ${head} ${this._renderMessage(t)}
      ${
        this._good
          ? body
          : this._loadError || this._error
            ? nothing
            : html`<div class="loading" role="status">
                <span class="spinner" aria-hidden="true"></span>${t('loading')}
              </div>`
      }
    </div>`;
  }

  _renderMessage(t) {
    const text = this._loadError
      ? `${t('coreFailed')} ${messageOf(this._loadError, this._lang)}`
      : this._error && this._renderError(t, this._error);
    if (!text) return nothing;
    return html`<div class="message" role="alert">
      <span class="icon" aria-hidden="true">!</span>
      <span
        ><span class="text">${text}</span>${
          this._good ? html`<span class="kept">${t('errorKeptLast')}</span>` : nothing
        }</span
      >
    </div>`;
  }

  /**
   * The text of an error kept in state: anything thrown (worded by messageOf in the widget's
   * language), or a function (t, lang) => text for a widget's own sentence around one.
   */
  _renderError(t, error) {
    return typeof error === 'function' ? error(t, this._lang) : messageOf(error, this._lang);
  }

  /** The widget's attributes as an object (subclasses override). */
  get state() {
    return {};
  }
}
