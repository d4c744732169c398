import { css } from 'lit';

/**
 * The grid is a CSS grid whose rows use `display: contents`, so cells line up across rows while
 * the markup keeps ARIA's row structure. Cells are square and shrink with n (down to 12px for
 * 64 tokens); past that the grid scrolls sideways inside the card instead of squashing.
 */
export const heatmapStyles = css`
  .figure {
    margin: 0;
  }
  /* Multi-head: one grid per head, side by side at a fixed cell size, wrapping to new lines. */
  .panels.many {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1rem;
    align-items: flex-start;
  }
  .panel {
    min-width: 0;
    max-width: 100%;
  }
  .panel-title {
    display: flex;
    align-items: center;
    gap: 0.35rem;
    margin: 0 0 0.2rem;
    font-size: 0.85rem;
    font-weight: 600;
    color: #312e81;
  }
  /* Small multiples name their axes once, in the line above them. */
  .panels.many .axis-queries {
    display: none;
  }
  .panels.many .axis-keys {
    visibility: hidden;
    height: 0;
    overflow: hidden;
  }
  .sizes .axes {
    margin-left: 0.75rem;
    color: #4b5563;
    font-size: 0.8rem;
  }
  .swatch.head-swatch {
    border: 0;
  }
  /* Compact heads: pictures with one pixel per cell, a cursor for the keyboard. */
  .mini-holder {
    position: relative;
  }
  canvas.mini {
    display: block;
    image-rendering: pixelated;
    box-shadow: 0 0 0 1px #e5e7eb;
  }
  canvas.mini:focus-visible {
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
  .sizes {
    margin: 0 0 0.5rem;
    font-size: 0.85rem;
    color: #374151;
  }
  /* A fixed-size grid sizes itself from its cells, so it must not be a size container. */
  .scroll.fixed {
    container-type: normal;
  }
  .scroll.fixed .cell,
  .scroll.fixed .sum {
    font-size: var(--cell-font);
  }
  .scroll {
    overflow-x: auto;
    padding-bottom: 0.25rem;
    container-type: inline-size;
  }
  .axis-keys {
    font-size: 0.75rem;
    color: #4b5563;
    text-align: center;
    white-space: nowrap;
  }
  .grid {
    --cell-min: 12px;
    --cell-max: 3.5rem;
    display: grid;
    grid-template-columns: max-content repeat(var(--n), minmax(var(--cell-min), var(--cell-max)));
    gap: 1px;
    font-size: var(--label-size);
  }
  .grid.with-sum {
    grid-template-columns:
      max-content repeat(var(--n), minmax(var(--cell-min), var(--cell-max)))
      max-content;
  }
  .row {
    display: contents;
  }
  .corner {
    display: flex;
    align-items: flex-end;
    justify-content: flex-end;
    padding: 0 0.4rem 0.2rem 0;
    font-size: 0.72rem;
    color: #4b5563;
  }
  .axis-queries::after {
    content: ' ↓';
  }
  .col-label,
  .row-label,
  .sum-label {
    color: #111827;
    white-space: nowrap;
    overflow: hidden;
  }
  .col-label {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: flex-end;
    padding-bottom: 0.2rem;
    min-width: 0;
  }
  .col-label .tok {
    max-width: 100%;
  }
  /* Sideways labels read bottom to top, index first, like a chart's rotated axis. */
  .grid.rotate .col-label {
    flex-direction: row;
    justify-content: flex-start;
    align-items: center;
    gap: 0.25rem;
    writing-mode: vertical-rl; /* fallback: reads top to bottom */
    writing-mode: sideways-lr;
    max-height: 8rem;
    padding: 0.2rem 0;
  }
  .grid.rotate .col-label .idx {
    order: -1;
    margin: 0;
  }
  .grid.rotate .col-label .tok {
    max-width: none;
    max-height: 7rem;
  }
  .idx {
    color: #6b7280;
    font-size: 0.8em;
    font-variant-numeric: tabular-nums;
  }
  .col-label .idx {
    margin-top: 0.1rem;
  }
  .row-label {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: 0.3rem;
    padding-right: 0.4rem;
    max-width: 10rem;
  }
  .row-label .tok {
    max-width: 8rem;
  }
  .cell {
    aspect-ratio: 1;
    display: flex;
    align-items: center;
    justify-content: center;
    font-size: clamp(7px, calc((100cqi - 9rem) / var(--n) * 0.3), 13px);
    font-variant-numeric: tabular-nums;
    border-radius: 2px;
    overflow: hidden;
    min-width: 0;
    line-height: 1;
  }
  .cell:focus-visible {
    outline: 3px solid #f59e0b;
    outline-offset: 0;
    position: relative;
    z-index: 1;
  }
  .cell:hover {
    box-shadow: inset 0 0 0 2px #111827;
  }
  .masked,
  .swatch.masked {
    background: repeating-linear-gradient(135deg, #cbd0d8 0 2px, #f1f3f6 2px 6px);
    color: #374151;
  }
  .will-mask,
  .swatch.will-mask {
    background-image: repeating-linear-gradient(
      135deg,
      rgb(255 255 255 / 0.55) 0 2px,
      transparent 2px 6px
    );
  }
  .swatch.will-mask {
    background-color: #b2abd2;
  }
  .sum-label {
    display: flex;
    align-items: flex-end;
    justify-content: center;
    padding: 0 0.35rem 0.2rem;
    font-weight: 600;
    font-size: 0.75rem;
  }
  .sum {
    display: flex;
    align-items: center;
    justify-content: center;
    padding: 0 0.35rem;
    margin-left: 0.35rem;
    font-variant-numeric: tabular-nums;
    font-size: clamp(9px, calc((100cqi - 9rem) / var(--n) * 0.3), 13px);
    color: #92400e;
    border-left: 2px solid #e5e7eb;
  }
  .sum.one {
    color: #065f46;
    font-weight: 600;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 1.2rem;
    margin-top: 0.6rem;
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
    border: 1px solid #d1d5db;
  }
  .sum-help {
    flex-basis: 100%;
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
  .tip.below {
    transform: translate(-50%, 0);
  }
  .tip[hidden] {
    display: none;
  }
  .tip-head {
    color: #d1d5db;
  }
`;
