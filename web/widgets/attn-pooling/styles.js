import { css } from 'lit';

/** Layout of the attention-pooling lab: the plot with its weights lane, the heatmap, training. */
export const poolingStyles = css`
  .figures {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.9rem;
    align-items: start;
  }
  .figures.wide {
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
  }
  .panel h3 {
    font-size: 0.9rem;
    margin: 0 0 0.3rem;
    font-weight: 600;
  }
  .help {
    font-size: 0.8rem;
    color: #4b5563;
    margin: 0 0 0.45rem;
  }
  .readout {
    margin: 0 0 0.4rem;
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
    min-height: 1.3em;
  }
  .readout strong {
    color: #b45309;
  }
  .note {
    font-size: 0.82rem;
    color: #4b5563;
    background: #f9fafb;
    border-left: 3px solid #9ca3af;
    padding: 0.3rem 0.55rem;
    margin: 0 0 0.5rem;
  }
  svg.plot {
    display: block;
    width: 100%;
    height: auto;
    touch-action: pan-y;
    user-select: none;
    -webkit-user-select: none;
    cursor: ew-resize;
  }
  svg text {
    font-size: 11px;
    fill: #4b5563;
    font-family: inherit;
  }
  .grid-line {
    stroke: #eef0f4;
  }
  .axis {
    stroke: #9ca3af;
  }
  .truth {
    fill: none;
    stroke: #6b7280;
    stroke-width: 1.5;
    stroke-dasharray: 5 4;
  }
  .prediction {
    fill: none;
    stroke: #3730a3;
    stroke-width: 2.2;
  }
  .point {
    stroke: #1f2937;
    stroke-width: 0.8;
  }
  .query-line {
    stroke: #b45309;
    stroke-width: 1.5;
    stroke-dasharray: 3 3;
  }
  .query-dot {
    fill: #f59e0b;
    stroke: #78350f;
    stroke-width: 1.5;
  }
  .handle {
    cursor: ew-resize;
  }
  .handle .knob {
    fill: #f59e0b;
    stroke: #78350f;
    stroke-width: 1.5;
  }
  .handle:focus {
    outline: none;
  }
  .handle:focus-visible .knob,
  .handle.active .knob {
    stroke: #111827;
    stroke-width: 3;
  }
  .bar {
    stroke: #1e3a8a;
    stroke-width: 0.5;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    font-size: 0.78rem;
    color: #374151;
    margin: 0.35rem 0 0;
  }
  .legend .key {
    display: inline-block;
    width: 1.4rem;
    height: 0;
    vertical-align: middle;
    margin-right: 0.3rem;
    border-top: 2.2px solid #3730a3;
  }
  .legend .key.truth-key {
    border-top: 1.5px dashed #6b7280;
  }
  .legend .key.dot-key {
    width: 0.7rem;
    height: 0.7rem;
    border: 1px solid #1f2937;
    border-radius: 50%;
    background: #6baed6;
  }
  .legend .key.query-key {
    width: 0;
    height: 0.9rem;
    border-top: 0;
    border-left: 1.5px dashed #b45309;
  }
  .heat-wrap {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    grid-template-rows: auto auto;
    column-gap: 0.3rem;
  }
  .heat-rows {
    position: relative;
    font-size: 0.7rem;
    color: #4b5563;
    width: 1.6rem;
    text-align: right;
  }
  .heat-rows span {
    position: absolute;
    right: 0;
    transform: translateY(-50%);
    font-variant-numeric: tabular-nums;
  }
  .heat-box {
    position: relative;
    cursor: crosshair;
    touch-action: pan-y;
  }
  .heat-canvas {
    display: block;
    width: 100%;
    image-rendering: pixelated;
    image-rendering: crisp-edges;
    border: 1px solid #d1d5db;
  }
  .heat-marker {
    position: absolute;
    left: -4px;
    right: -4px;
    height: 0;
    border-top: 2px solid #b45309;
    pointer-events: none;
  }
  .heat-cols {
    grid-column: 2;
    display: flex;
    justify-content: space-between;
    font-size: 0.7rem;
    color: #4b5563;
    margin-top: 0.15rem;
  }
  .heat-legend {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    font-size: 0.75rem;
    color: #374151;
    margin: 0.4rem 0 0;
  }
  .ramp-bar {
    display: inline-block;
    width: 5rem;
    height: 0.6rem;
    border: 1px solid #d1d5db;
  }
  .cell-readout {
    font-size: 0.78rem;
    color: #374151;
    min-height: 1.2em;
    margin: 0.25rem 0 0;
    font-variant-numeric: tabular-nums;
  }
  .train {
    margin-top: 0.9rem;
    border-top: 1px solid #e5e7eb;
    padding-top: 0.75rem;
  }
  .train-bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: center;
    margin: 0 0 0.5rem;
  }
  .train-bar .go[aria-pressed='true'] {
    background: #3730a3;
    color: #fff;
  }
  .train-state {
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
    margin: 0 0 0.5rem;
  }
  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 15rem), 1fr));
    gap: 0.75rem;
  }
  .charts h4 {
    margin: 0 0 0.2rem;
    font-size: 0.82rem;
    font-weight: 600;
  }
  svg.chart {
    display: block;
    width: 100%;
    height: auto;
  }
  .chart .line {
    fill: none;
    stroke-width: 2;
  }
  .chart .line.loss {
    stroke: #b45309;
  }
  .chart .line.width {
    stroke: #3730a3;
  }
  .chart .now.loss {
    fill: #b45309;
  }
  .chart .now.width {
    fill: #3730a3;
  }
  details.maths {
    margin-top: 0.8rem;
    font-size: 0.85rem;
  }
  details.maths summary {
    cursor: pointer;
    font-weight: 600;
  }
  .maths-body {
    overflow-x: auto;
    padding: 0.4rem 0 0;
  }
  .maths-body p {
    margin: 0.35rem 0;
  }
  table.terms {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
    font-size: 0.82rem;
  }
  table.terms th,
  table.terms td {
    padding: 0.2rem 0.5rem;
    text-align: right;
    border-bottom: 1px solid #f3f4f6;
    white-space: nowrap;
  }
  table.terms thead th {
    color: #4b5563;
    border-bottom: 1px solid #d1d5db;
    font-weight: 600;
  }
  .controls input[type='range'] {
    width: 9rem;
  }
  .controls input[type='number'].short {
    width: 5.5em;
  }
`;
