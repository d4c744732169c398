// The loss and accuracy curves of <attn-train>, drawn with uPlot (canvas, fast enough to redraw
// ten times a second with thousands of points). uPlot itself is a chunk of its own, loaded the
// first time a training widget appears, so other pages never download it. Its stylesheet is
// imported as text and adopted by the widget's shadow root (a document-level <link> would never
// reach inside it).
import { unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

/** uPlot's own CSS, for the widget's `static styles`. */
export const uplotStyles = unsafeCSS(uplotCss);

export const LOSS_COLOUR = '#3730a3';
export const TOKEN_COLOUR = '#0072b2';
export const EXACT_COLOUR = '#d55e00';

const AXIS = { stroke: '#374151', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#d1d5db' } };
const FONT = '11px system-ui, sans-serif';
/** Steps are whole numbers: no tick at step 1.5. */
const STEP_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];

let uPlot = null;
let loading = null;

/** Loads uPlot once per page; resolves when charts can be drawn. */
export function loadUPlot() {
  loading ??= import('uplot').then(
    (module) => {
      uPlot = module.default;
    },
    (error) => {
      loading = null; // the next draw tries again
      throw error;
    },
  );
  return loading;
}

/** One uPlot in one container; re-created when the container or the `key` (language) changes. */
export class Chart {
  /** @param {() => void} onReady called once uPlot has loaded, to draw again */
  constructor(onReady) {
    this.onReady = onReady;
    this.plot = null;
    this.container = null;
    this.key = '';
    this.size = '';
  }

  /**
   * @param {HTMLElement | null} container
   * @param {{ key: string, width: number, height: number, options: object, data: unknown[][] }} spec
   */
  draw(container, { key, width, height, options, data }) {
    if (!container) return;
    if (!uPlot) {
      loadUPlot().then(
        () => this.onReady?.(),
        () => {}, // offline and not cached: the curves stay empty, the numbers stay right
      );
      return;
    }
    const size = `${width}x${height}`;
    if (!this.plot || this.container !== container || this.key !== key) {
      this.destroy();
      this.plot = new uPlot({ ...options, width, height }, data, container);
      this.container = container;
      this.key = key;
      this.size = size;
      return;
    }
    if (this.size !== size) {
      this.plot.setSize({ width, height });
      this.size = size;
    }
    this.plot.setData(data);
  }

  destroy() {
    this.plot?.destroy();
    this.plot = null;
    this.container = null;
  }
}

const cursor = { drag: { x: false, y: false }, points: { size: 6 } };

/** Training loss per step, on a log scale (it falls over orders of magnitude). */
export function lossOptions({ stepLabel, lossLabel, format }) {
  return {
    cursor,
    legend: { show: true, live: true },
    scales: { x: { time: false }, y: { distr: 3, log: 10 } },
    series: [
      { label: stepLabel, value: (u, v) => (v == null ? '–' : String(v)) },
      {
        label: lossLabel,
        stroke: LOSS_COLOUR,
        width: 1.25,
        points: { show: false },
        value: (u, v) => (v == null ? '–' : format(v)),
      },
    ],
    axes: [
      { ...AXIS, font: FONT, label: stepLabel, labelFont: FONT, labelSize: 18, incrs: STEP_INCRS },
      {
        ...AXIS,
        font: FONT,
        label: lossLabel,
        labelFont: FONT,
        labelSize: 18,
        size: 44,
        values: (u, ticks) => ticks.map((v) => (v == null ? '' : format(v))),
      },
    ],
  };
}

/** Held-out token and exact accuracy at each evaluation, 0..100 %. */
export function accuracyOptions({ stepLabel, tokenLabel, exactLabel, accuracyLabel, format }) {
  const series = (label, stroke, dash) => ({
    label,
    stroke,
    width: 1.75,
    dash,
    points: { show: true, size: 5, fill: stroke },
    value: (u, v) => (v == null ? '–' : `${format(v)} %`),
  });
  return {
    cursor,
    legend: { show: true, live: true },
    scales: { x: { time: false }, y: { range: [0, 100] } },
    series: [
      { label: stepLabel, value: (u, v) => (v == null ? '–' : String(v)) },
      series(tokenLabel, TOKEN_COLOUR, undefined),
      series(exactLabel, EXACT_COLOUR, [6, 3]),
    ],
    axes: [
      { ...AXIS, font: FONT, label: stepLabel, labelFont: FONT, labelSize: 18, incrs: STEP_INCRS },
      {
        ...AXIS,
        font: FONT,
        label: accuracyLabel,
        labelFont: FONT,
        labelSize: 18,
        size: 44,
        values: (u, ticks) => ticks.map((v) => (v == null ? '' : `${v} %`)),
      },
    ],
  };
}
