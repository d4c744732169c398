import { css } from 'lit';

/** Layout of the KV-cache lab: the two cache tables, the work table, the chart. */
export const kvcacheStyles = css`
  .caches {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 15rem), 1fr));
    gap: 0.75rem;
  }
  .cache h4 {
    font-size: 0.82rem;
    margin: 0 0 0.3rem;
    font-weight: 600;
  }
  .cache-scroll {
    max-height: 18rem;
    overflow: auto;
    border: 1px solid #e5e7eb;
    border-radius: 4px;
    padding: 0.25rem;
  }
  .cache-body {
    display: grid;
    grid-template-columns: max-content max-content;
    column-gap: 0.4rem;
    align-items: start;
  }
  .cache-labels {
    display: flex;
    flex-direction: column;
  }
  .cache-row {
    height: var(--row-h);
    line-height: var(--row-h);
    font-size: 0.72rem;
    white-space: nowrap;
    max-width: 9rem;
    overflow: hidden;
    text-overflow: ellipsis;
    padding: 0 0.3rem;
    border-radius: 3px;
  }
  .cache-row.new {
    background: #fef3c7;
    font-weight: 700;
  }
  .cache-row.generated .tok {
    color: #3730a3;
  }
  .cache-canvas {
    display: block;
    image-rendering: pixelated;
    image-rendering: crisp-edges;
  }
  .canvas-wrap {
    position: relative;
  }
  .new-outline {
    position: absolute;
    left: -2px;
    right: -2px;
    border: 2px solid #f59e0b;
    border-radius: 2px;
    pointer-events: none;
  }
  .cache-size {
    font-size: 0.8rem;
    color: #374151;
    margin: 0.45rem 0 0;
  }
  .work {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.85rem;
    font-variant-numeric: tabular-nums;
  }
  .work th,
  .work td {
    padding: 0.25rem 0.45rem;
    text-align: right;
    border-bottom: 1px solid #f3f4f6;
    white-space: nowrap;
  }
  .work th:first-child,
  .work td:first-child {
    text-align: left;
    white-space: normal;
  }
  .work thead th {
    font-size: 0.78rem;
    color: #4b5563;
    border-bottom: 1px solid #d1d5db;
  }
  .swatch {
    display: inline-block;
    width: 0.8rem;
    height: 0.8rem;
    border-radius: 2px;
    vertical-align: -0.1rem;
    margin-right: 0.3rem;
  }
  .swatch.off {
    background: #e08214;
  }
  .swatch.on {
    background: #3730a3;
  }
  .ratio {
    margin: 0.5rem 0 0;
    font-size: 0.9rem;
  }
  .ratio strong {
    font-size: 1.05rem;
    font-variant-numeric: tabular-nums;
  }
  .chart {
    width: 100%;
    height: auto;
    display: block;
  }
  .chart text {
    font-size: 11px;
    fill: #4b5563;
    font-family: inherit;
  }
  .chart .axis {
    stroke: #9ca3af;
    stroke-width: 1;
  }
  .chart .grid-line {
    stroke: #eef0f3;
    stroke-width: 1;
  }
  .stack {
    display: grid;
    gap: 0.75rem;
    margin: 0.5rem 0;
  }
  .chart path.line {
    fill: none;
    stroke-width: 2.2;
  }
  .chart .future {
    stroke-dasharray: 3 3;
    opacity: 0.35;
  }
  .chart .off {
    stroke: #e08214;
  }
  .chart .on {
    stroke: #3730a3;
  }
  .chart circle.off {
    fill: #e08214;
  }
  .chart circle.on {
    fill: #3730a3;
  }
  .chart .marker {
    stroke: #f59e0b;
    stroke-width: 1.5;
  }
  .same {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 1.2rem;
    font-size: 0.85rem;
    margin: 0.2rem 0 0;
  }
  .same .ok {
    color: #166534;
    font-weight: 600;
  }
  .same .bad {
    color: #991b1b;
    font-weight: 600;
  }
`;
