import { css } from 'lit';

/**
 * Layout of the shape tracer: a summary line, a rail of stage tabs (name, shape, thumbnail)
 * that wraps on narrow screens, the selected stage in full, and Prev / Next. Matrices are
 * canvases with one pixel per entry, scaled up without smoothing; wide ones scroll sideways
 * inside the card, never the page.
 */
export const shapesStyles = css`
  .summary {
    margin: 0 0 0.6rem;
    font-size: 0.9rem;
  }
  .summary .aside {
    color: #4b5563;
    font-size: 0.85em;
  }
  .heads-picker legend {
    display: inline-flex;
    gap: 0.3rem;
  }
  .rail {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(7.6rem, 1fr));
    gap: 0.4rem;
    margin: 0 0 0.75rem;
  }
  /* Phones: one line of stages that scrolls sideways inside the card. */
  .rail.narrow {
    display: flex;
    overflow-x: auto;
    padding-bottom: 0.3rem;
    scroll-snap-type: x proximity;
  }
  .rail.narrow .stage-tab {
    flex: 0 0 7.6rem;
    scroll-snap-align: start;
  }
  .stage-tab {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.15rem;
    padding: 0.35rem 0.45rem 0.45rem;
    text-align: left;
    border-radius: 8px;
    background: #f9fafb;
    min-width: 0;
  }
  .stage-tab[aria-selected='true'] {
    background: #eef2ff;
    border-color: #3730a3;
    box-shadow: inset 0 0 0 1px #3730a3;
  }
  .tab-head {
    display: flex;
    align-items: flex-start;
    gap: 0.3rem;
    font-size: 0.8rem;
    font-weight: 600;
    line-height: 1.2rem;
    max-width: 100%;
  }
  .stage-name {
    overflow-wrap: anywhere;
  }
  .step-no {
    display: inline-grid;
    place-items: center;
    flex: none;
    width: 1.2rem;
    height: 1.2rem;
    border-radius: 50%;
    background: #e0e7ff;
    color: #312e81;
    font-size: 0.7rem;
  }
  .stage-tab[aria-selected='true'] .step-no {
    background: #3730a3;
    color: #fff;
  }
  .shape-sym {
    font-size: 0.85rem;
    color: #374151;
  }
  .shape-num {
    font-size: 0.8rem;
    color: #111827;
  }
  .thumb {
    display: block;
    margin-top: 0.2rem;
    max-width: 100%;
    overflow: hidden;
  }
  .detail {
    border-top: 1px solid #e5e7eb;
    padding-top: 0.6rem;
  }
  .stage-title {
    font-size: 1rem;
    margin: 0 0 0.3rem;
  }
  .shape-line {
    margin: 0 0 0.3rem;
  }
  .formula {
    display: block;
    margin: 0 0 0.5rem;
    padding: 0.35rem 0.6rem;
    background: #f8fafc;
    border-left: 3px solid #6366f1;
    white-space: normal;
  }
  .explain {
    margin: 0 0 0.6rem;
  }
  .tensors {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1.5rem;
    overflow-x: auto;
    padding-bottom: 0.3rem;
  }
  .tensor {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
  }
  .tensor-name {
    font-size: 0.95rem;
    font-weight: 600;
  }
  .tensor-grid {
    display: flex;
    align-items: flex-start;
  }
  .row-labels {
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    padding-right: 0.35rem;
    flex: none;
  }
  .row-labels > span {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: 0.25rem;
    line-height: 1;
    max-width: 100%;
    white-space: nowrap;
    overflow: hidden;
  }
  .row-labels .tok {
    max-width: 6.5rem;
  }
  .row-labels .idx {
    color: #6b7280;
    font-size: 0.8em;
    font-variant-numeric: tabular-nums;
  }
  .blocks {
    display: flex;
    align-items: flex-start;
  }
  .block {
    position: relative;
    display: flex;
    flex-direction: column;
  }
  .band {
    background: var(--head);
    color: #fff;
    font-size: 0.7rem;
    font-weight: 600;
    line-height: 16px;
    text-align: center;
    white-space: nowrap;
    overflow: hidden;
    border-radius: 3px 3px 0 0;
    text-shadow: 0 0 2px rgb(0 0 0 / 0.6);
  }
  .tensor.split.full .block canvas {
    outline: 2px solid var(--head);
    outline-offset: 0;
  }
  canvas {
    display: block;
    image-rendering: pixelated;
  }
  canvas:focus-visible {
    outline: 3px solid #f59e0b;
    outline-offset: 2px;
  }
  .cursor {
    position: absolute;
    box-shadow:
      0 0 0 2px #111827,
      0 0 0 3px #fff;
    pointer-events: none;
  }
  .cursor[hidden] {
    display: none;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 1.2rem;
    margin: 0.6rem 0 0;
    font-size: 0.8rem;
    color: #374151;
  }
  .ramp {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
  }
  .bar {
    display: inline-block;
    width: 5rem;
    height: 0.7rem;
    border-radius: 2px;
    border: 1px solid #d1d5db;
  }
  .swatch {
    display: inline-block;
    width: 0.9rem;
    height: 0.9rem;
    border-radius: 2px;
    border: 1px solid #9ca3af;
  }
  .swatch.blocked {
    background: rgb(209 213 219);
  }
  .head-chip {
    display: inline-grid;
    place-items: center;
    min-width: 1.2rem;
    height: 1.2rem;
    padding: 0 0.2rem;
    border-radius: 3px;
    background: var(--head);
    color: #fff;
    font-size: 0.7rem;
    font-weight: 600;
    text-shadow: 0 0 2px rgb(0 0 0 / 0.6);
  }
  .nav {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin-top: 0.75rem;
  }
  .where {
    font-size: 0.85rem;
    color: #4b5563;
  }
  .tip {
    position: absolute;
    transform: translate(-50%, -100%);
    z-index: 2;
    pointer-events: none;
    background: #111827;
    color: #fff;
    padding: 0.35rem 0.55rem;
    border-radius: 6px;
    font-size: 0.8rem;
    line-height: 1.35;
    white-space: nowrap;
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.18);
  }
  .tip[hidden] {
    display: none;
  }
  .tip-head {
    color: #d1d5db;
  }
`;
