// Helpers that <attn-shapes> and <attn-heatmap> share for multi-head attention: one colour per
// head, so "head 2" looks the same in both, the head counts a width allows, and setting several
// attributes as one change.

/**
 * Okabe & Ito's colour-blind-safe qualitative palette (2008) without its black, and with its
 * yellow darkened so it shows on white; past 7 heads the colours repeat and the head numbers
 * tell the heads apart.
 */
export const HEAD_COLOURS = [
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#c9b400',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
];

/** The colour of head k (1-based). */
export function headColour(k) {
  return HEAD_COLOURS[(k - 1) % HEAD_COLOURS.length];
}

/** The numbers that divide `d` exactly: the head counts that a width d_model allows. */
export function divisors(d) {
  const list = [];
  for (let k = 1; k <= d; k++) if (d % k === 0) list.push(k);
  return list;
}

/**
 * Sets several attributes of a widget at once, so no half-changed state is ever computed (a new
 * d-model with the old heads may not divide), then reports each with `attn-change` after the
 * re-render, as LabElement.userSet does for one. `null` removes an attribute.
 * @param {import('../shared/lab-element.js').LabElement} element
 * @param {Array<[string, unknown]>} pairs
 */
export async function userSetMany(element, pairs) {
  for (const [name, value] of pairs) {
    if (value === null || value === false) element.removeAttribute(name);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  await element.updateComplete;
  for (const [name, value] of pairs) {
    element.dispatchEvent(
      new CustomEvent('attn-change', {
        detail: { name, value, state: element.state },
        bubbles: true,
        composed: true,
      }),
    );
  }
}
