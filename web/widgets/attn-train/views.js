// The two panels of <attn-train> under the curves: the attention map of a held-out example and
// the held-out predictions with right and wrong tokens marked. Display only: every number comes
// from the worker's run (evaluate() and attention() of wasm/js/train.js).
import { html, nothing } from 'lit';
import { BLUES_GRADIENT, sequential } from '../shared/colour.js';
import { fmt, fmtExact } from '../shared/format.js';
import { headColour } from '../shared/heads.js';

/** Loss with 3 significant digits (it spans 3 orders of magnitude in one run). */
export function fmtLoss(x) {
  if (!Number.isFinite(x)) return fmt(x);
  if (x >= 100) return fmt(x, 0);
  if (x >= 0.001) return Number(x.toPrecision(3)).toString();
  return x.toExponential(1).replace('-', '\u2212');
}

/** A fraction 0..1 as a percentage with one decimal. */
export function fmtPercent(x) {
  return fmt(x * 100, 1);
}

/** A token as shown in a chip: spaces made visible (a 'pairs' or 'text' token may be one). */
function shown(token) {
  return token === ' ' ? '␣' : token;
}

// ---- attention map ----

export function attentionView(host, t) {
  const info = host._info;
  const v = host._view;
  const a = host._attention;
  const o = info.options;
  const kinds = o.model === 'decoder-only' ? ['decoder'] : ['encoder', 'decoder', 'cross'];
  const heads = o.heads;
  const maxExample = Math.max(1, info.heldOutSize);
  const pick = (name, value) => host.userSet(name, value);
  const picker = html`<div class="map-controls">
    ${
      kinds.length > 1
        ? html`<fieldset class="segmented kind-picker">
            <legend>${t('attnTrainKind')}</legend>
            <span class="options">
              ${kinds.map(
                (k) =>
                  html`<label
                    ><input
                      type="radio"
                      name="kind"
                      value=${k}
                      .checked=${k === v.kind}
                      @change=${() => pick('kind', k)}
                    /><span title=${t('attnTrainKindName', k)}
                      >${t('attnTrainKindShort', k)}</span
                    ></label
                  >`,
              )}
            </span>
          </fieldset>`
        : nothing
    }
    ${
      o.layers > 1
        ? html`<label
            >${t('attnTrainLayer')}
            <select name="layer" @change=${(e) => pick('layer', e.target.value)}>
              ${Array.from({ length: o.layers }, (_, i) => i + 1).map(
                (l) => html`<option value=${l} ?selected=${l === v.layer}>${l}</option>`,
              )}
            </select></label
          >`
        : nothing
    }
    <fieldset class="segmented head-picker">
      <legend>${t('attnTrainHead')}</legend>
      <span class="options">
        ${['all', ...Array.from({ length: heads }, (_, i) => i + 1)].map(
          (h) =>
            html`<label
              ><input
                type="radio"
                name="head"
                value=${h}
                .checked=${h === v.head}
                @change=${() => pick('head', h)}
              /><span>${h === 'all' ? t('attnTrainAllHeads') : h}</span></label
            >`,
        )}
      </span>
    </fieldset>
    <span class="example-picker" role="group" aria-label=${t('attnTrainExample')}>
      <span>${t('attnTrainExample')}</span>
      <button
        type="button"
        class="prev-example"
        aria-label=${t('attnTrainPrevExample')}
        aria-disabled=${v.example <= 1 ? 'true' : 'false'}
        @click=${() => v.example > 1 && pick('example', v.example - 1)}
      >
        ‹
      </button>
      <span class="num example-number">${v.example}</span>
      <button
        type="button"
        class="next-example"
        aria-label=${t('attnTrainNextExample')}
        aria-disabled=${v.example >= maxExample ? 'true' : 'false'}
        @click=${() => v.example < maxExample && pick('example', v.example + 1)}
      >
        ›
      </button>
    </span>
  </div>`;
  let body = nothing;
  if (a) {
    const [h, nq, nk] = a.weights.shape;
    const list = v.head === 'all' ? Array.from({ length: h }, (_, i) => i + 1) : [v.head];
    const big = list.length === 1;
    // Room for the grids: the card's and the panel's padding take about 70 px; each grid needs
    // about 64 px for its row labels and the gap. Small multiples go as many to a row as keep
    // cells at least 10 px wide (a divisor of the head count, so the rows are full).
    const inner = (host._width || 700) - 70;
    let per = inner;
    if (!big) {
      const cols = [...Array(h).keys()]
        .map((i) => h - i)
        .filter((c) => h % c === 0)
        .find((c) => (inner / c - 64) / nk >= 10);
      per = inner / (cols ?? 1);
    }
    const cell = Math.max(8, Math.min(big ? 40 : 22, Math.floor((per - 64) / nk)));
    const numbers = big && cell >= 30;
    body = html`<div
      class="maps ${big ? 'one' : 'all'}"
      data-kind=${a.kind}
      data-layer=${v.layer}
      data-step=${a.step}
      data-queries=${nq}
      data-keys=${nk}
    >
      ${list.map((head) =>
        headGrid(t, a, head, { cell, numbers, nq, nk, kind: a.kind, showLabels: cell >= 12 }),
      )}
    </div>`;
  }
  return html`<div class="panel map-panel">
    <h3>${t('attnTrainMapTitle', v.kind, v.layer, a?.step ?? 0)}</h3>
    <p class="help">${t('attnTrainMapHelp', v.kind, o.task)}</p>
    ${picker} ${body}
    <div class="legend">
      <span
        ><span class="ramp-bar" style="background:${BLUES_GRADIENT}"></span
        >${t('attnTrainLegend')}</span
      >
    </div>
  </div>`;
}

function headGrid(t, a, head, { cell, numbers, nq, nk, kind, showLabels }) {
  const data = a.weights.data;
  const base = (head - 1) * nq * nk;
  return html`<figure class="head-map" data-head=${head}>
    <figcaption>
      <span class="swatch" style="background:${headColour(head)}"></span
      >${t('attnTrainHeadN', head)}
    </figcaption>
    <div class="grid-scroll">
      <div
        class="att"
        role="table"
        aria-label=${t('attnTrainGridLabel', kind, head)}
        style="--cols:${nk};--cell:${cell}px"
      >
        <span class="corner" role="presentation"></span>
        ${a.keys.map(
          (k, j) =>
            html`<span
              class="col-head"
              role="columnheader"
              data-token=${k}
              title=${t('attnTrainKeyTitle', j + 1, k)}
              >${showLabels ? shown(k) : ''}</span
            >`,
        )}
        ${a.queries.map(
          (q, i) =>
            html`<span
                class="row-head"
                role="rowheader"
                data-token=${q}
                title=${t('attnTrainQueryTitle', i + 1, q)}
                >${shown(q)}</span
              >${Array.from({ length: nk }, (_, j) => {
                const w = data[base + i * nk + j];
                const { bg, fg } = sequential(w);
                return html`<span
                  class="cell"
                  role="cell"
                  style="background:${bg};color:${fg}"
                  data-row=${i}
                  data-col=${j}
                  data-value=${String(w)}
                  title="${shown(q)} → ${shown(a.keys[j])}: ${fmtExact(w)}"
                  >${numbers ? fmt(w) : ''}</span
                >`;
              })}`,
        )}
      </div>
    </div>
  </figure>`;
}

// ---- predictions ----

export function predictionsView(host, t) {
  const e = host._evaluation;
  const o = host._info.options;
  if (!e) return html`<div class="panel preds-panel"></div>`;
  const text = o.task === 'text';
  return html`<div class="panel preds-panel">
    <h3>${t('attnTrainPredsTitle', e.step)}</h3>
    <p class="help">${t('attnTrainPredsHelp', text)}</p>
    <ol class="preds" data-step=${e.step}>
      ${e.examples.map((x, n) => predictionRow(t, x, n, text))}
    </ol>
  </div>`;
}

function predictionRow(t, x, n, text) {
  const length = Math.max(x.predicted.length, x.target.length);
  const exact =
    x.predicted.length === x.target.length && x.target.every((tok, i) => x.predicted[i] === tok);
  const marks = [];
  for (let i = 0; i < length; i++) {
    const got = x.predicted[i];
    const want = x.target[i];
    const right = i < x.target.length ? Boolean(x.correct[i]) : false;
    marks.push(
      html`<span
        class="ptok ${right ? 'right' : 'wrong'} ${got === undefined ? 'missing' : ''}"
        data-right=${right ? 'true' : 'false'}
        aria-label=${
          right
            ? t('attnTrainRightToken', i + 1, got)
            : t('attnTrainWrongToken', i + 1, got ?? null, want ?? null)
        }
        ><span class="mark" aria-hidden="true">${right ? '✓' : '✗'}</span
        ><span class="tokt" aria-hidden="true">${got === undefined ? '∅' : shown(got)}</span>${
          right
            ? nothing
            : html`<span class="want" aria-hidden="true"
                >${want === undefined ? '–' : shown(want)}</span
              >`
        }</span
      >`,
    );
  }
  return html`<li class="pred" data-exact=${exact ? 'true' : 'false'} data-index=${n + 1}>
    <span class="pred-in"
      ><span class="lbl">${t('attnTrainIn')}</span>
      ${x.input.map((tok) => html`<span class="tokchip">${shown(tok)}</span>`)}</span
    >
    <span class="pred-out"
      ><span class="lbl">${t('attnTrainOut')}</span>
      <span class="ptoks">${marks}</span>
      ${
        text
          ? nothing
          : html`<span class="verdict ${exact ? 'right' : 'wrong'}"
              >${exact ? `✓ ${t('attnTrainExactRight')}` : `✗ ${t('attnTrainExactWrong')}`}</span
            >`
      }</span
    >
  </li>`;
}
