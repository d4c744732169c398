import { html } from 'lit';
import { diverging } from './colour.js';
import { fmt, fmtExact } from './format.js';

/** Strips longer than this are drawn as colour only; numbers appear in the tooltip. */
const MAX_NUMBERED = 24;

/**
 * A vector as a row of coloured cells with its numbers. `data-values` carries the exact floats
 * (JSON) so tests and teachers' scripts can read what the core returned.
 * @param {ArrayLike<number>} values
 * @param {{ range: number, label: string, name?: string, opacity?: number }} options
 */
export function strip(values, { range, label, name = '', opacity = 1 }) {
  const list = Array.from(values);
  const numbered = list.length <= MAX_NUMBERED;
  return html`<span
    class="strip ${numbered ? '' : 'compact'}"
    role="img"
    aria-label="${label}: ${list.map((v) => fmt(v)).join(', ')}"
    data-name=${name}
    data-values=${JSON.stringify(list)}
    style=${opacity === 1 ? '' : `opacity:${opacity}`}
    >${list.map((v, m) => {
      const { bg, fg } = diverging(v, range);
      return html`<span
        class="sc"
        style="background:${bg};color:${fg}"
        title="[${m}] ${fmtExact(v)}"
        aria-hidden="true"
        >${numbered ? fmt(v) : ''}</span
      >`;
    })}</span
  >`;
}

/** The largest |value| over several vectors, for one shared colour range; never 0. */
export function rangeOf(...arrays) {
  let max = 0;
  for (const values of arrays) {
    for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  }
  return max || 1;
}
