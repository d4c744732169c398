// Colour scales for cells and vector strips. Interpolated in linear RGB between a few stops of
// ColorBrewer schemes (colour-blind safe): Blues for weights in [0, 1], PuOr for signed values.

const BLUES = [
  '#f7fbff',
  '#deebf7',
  '#c6dbef',
  '#9ecae1',
  '#6baed6',
  '#4292c6',
  '#2171b5',
  '#08519c',
  '#08306b',
];
// Purple for negative, white for zero, orange for positive.
const PUOR = [
  '#2d004b',
  '#542788',
  '#8073ac',
  '#b2abd2',
  '#d8daeb',
  '#f7f7f7',
  '#fee0b6',
  '#fdb863',
  '#e08214',
  '#b35806',
  '#7f3b08',
];

const toRgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const toLinear = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toSrgb = (c) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const prepare = (stops) => stops.map((hex) => toRgb(hex).map(toLinear));
const BLUES_LIN = prepare(BLUES);
const PUOR_LIN = prepare(PUOR);

function sample(stops, t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return stops[i].map((c, k) => c + (stops[i + 1][k] - c) * f);
}

const bytes = (linear) => linear.map((c) => Math.round(toSrgb(c) * 255));

function css(linear) {
  const [r, g, b] = bytes(linear);
  return `rgb(${r} ${g} ${b})`;
}

// WCAG relative luminance; text is dark on light cells and white on dark ones. 0.205 is where
// both inks give the same contrast, so every cell gets the better of the two.
function ink(linear) {
  const y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  return y > 0.205 ? '#111827' : '#ffffff';
}

/** Background and text colour for a weight in [0, 1]. */
export function sequential(t) {
  const c = sample(BLUES_LIN, t);
  return { bg: css(c), fg: ink(c) };
}

/** Background and text colour for a signed value, scaled so that +-range hits the ends. */
export function diverging(value, range) {
  const c = sample(PUOR_LIN, range > 0 ? 0.5 + value / (2 * range) : 0.5);
  return { bg: css(c), fg: ink(c) };
}

/** The diverging colour as [r, g, b] bytes, for drawing on a canvas. */
export function divergingBytes(value, range) {
  return bytes(sample(PUOR_LIN, range > 0 ? 0.5 + value / (2 * range) : 0.5));
}

/** CSS gradients for legends. */
export const BLUES_GRADIENT = `linear-gradient(to right, ${BLUES.join(', ')})`;
export const PUOR_GRADIENT = `linear-gradient(to right, ${PUOR.join(', ')})`;
