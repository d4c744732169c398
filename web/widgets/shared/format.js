// Number formatting for display only: the numbers themselves always come from the core.

const MINUS = '\u2212'; // a real minus sign lines up with digits, unlike a hyphen

/** Fixed decimals with a typographic minus; -Infinity -> "−∞". Never prints "-0.00". */
export function fmt(x, digits = 2) {
  if (x === -Infinity) return `${MINUS}∞`;
  if (x === Infinity) return '∞';
  if (Number.isNaN(x)) return 'NaN';
  const text = x.toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return text.replace('-', MINUS);
}

/** Compact form for small cells: "0.25", ".25" is not used (it reads badly in Chinese text). */
export function fmtShort(x) {
  return fmt(x, Math.abs(x) >= 10 ? 1 : 2);
}

/** Up to 6 significant digits for tooltips: the "exact" value a learner asks for. */
export function fmtExact(x) {
  if (!Number.isFinite(x)) return fmt(x);
  return Number(x.toPrecision(6)).toString().replace('-', MINUS);
}

/** exp() values for the softmax step span many magnitudes: 3 significant digits. */
export function fmtSig(x) {
  if (!Number.isFinite(x)) return fmt(x);
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) {
    const [mantissa, exponent] = x.toExponential(2).split('e');
    return `${mantissa.replace('-', MINUS)}×10${superscript(exponent)}`;
  }
  return Number(x.toPrecision(3)).toString().replace('-', MINUS);
}

/** Row `i` of a row-major (rows, cols) tensor, as a typed-array view (no copy). */
export function row(tensor, i) {
  const cols = tensor.shape[1];
  return tensor.data.subarray(i * cols, (i + 1) * cols);
}

function superscript(exponent) {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return exponent
    .replace('+', '')
    .replace('-', '⁻')
    .replace(/\d/g, (d) => digits[d]);
}
