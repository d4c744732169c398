import { css } from 'lit';

/**
 * Layout of <attn-positions>: pickers, the shuffle test's token rows and output strips, and the
 * canvas heatmaps (one pixel per value, scaled up by CSS) with their tick labels and read-out.
 * Wide pictures scroll inside the card, never the page.
 */
export const positionsStyles = css`
  .body {
    min-width: 0;
    container-type: inline-size;
  }
  /* Pickers wrap on phones instead of pushing the card wider than the screen. */
  .segmented {
    flex-wrap: wrap;
    max-width: 100%;
  }
  .segmented .options {
    flex-wrap: wrap;
  }
  .pickers {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin: 0 0 0.75rem;
    font-size: 0.875rem;
  }
  .buttons {
    display: inline-flex;
    gap: 0.4rem;
  }
  .scroll {
    overflow-x: auto;
    max-width: 100%;
    padding-bottom: 0.25rem;
  }
  .idx {
    color: #6b7280;
    font-size: 0.75em;
    font-variant-numeric: tabular-nums;
  }

  /* Shuffle view */
  .sentences {
    display: grid;
    gap: 0.35rem;
    margin-bottom: 0.6rem;
  }
  .sent-row {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
    flex-wrap: wrap;
  }
  .sent-label {
    min-width: 5rem;
    font-size: 0.85rem;
    color: #374151;
  }
  .chips {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.3rem;
    min-width: 0;
  }
  .chip {
    display: inline-flex;
    align-items: baseline;
    gap: 0.25rem;
    padding: 0.1rem 0.5rem;
    border: 1px solid #d1d5db;
    border-radius: 999px;
    background: #f9fafb;
    max-width: 100%;
  }
  .chips.shuffled .chip {
    background: #eef2ff;
    border-color: #c7d2fe;
  }
  .chip .from {
    font-size: 0.7rem;
    color: #4b5563;
  }
  .note {
    margin: 0 0 0.5rem;
    font-size: 0.85rem;
    color: #92400e;
  }
  .setup {
    margin: 0 0 0.5rem;
    font-size: 0.85rem;
    color: #374151;
  }
  .verdict {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2rem 0.5rem;
    align-items: baseline;
    padding: 0.55rem 0.75rem;
    border-radius: 8px;
    margin-bottom: 0.75rem;
    border: 1px solid #a7f3d0;
    background: #ecfdf5;
    color: #065f46;
  }
  .verdict.changed {
    border-color: #fcd34d;
    background: #fffbeb;
    color: #92400e;
  }
  .verdict strong {
    font-size: 1.15rem;
  }
  .out-table {
    display: grid;
    grid-template-columns: max-content minmax(12rem, 1fr) max-content;
    gap: 0.35rem 0.75rem;
    align-items: center;
    min-width: 20rem;
  }
  .tr {
    display: contents;
  }
  .th span {
    font-size: 0.78rem;
    color: #4b5563;
  }
  .tok-cell {
    white-space: nowrap;
  }
  .pair {
    display: grid;
    gap: 2px;
    min-width: 0;
  }
  .mini-strip {
    display: grid;
    grid-template-columns: 6.5rem 1fr;
    align-items: center;
    gap: 0.4rem;
    min-width: 0;
  }
  .strip-label {
    font-size: 0.7rem;
    color: #6b7280;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .cells {
    display: flex;
    gap: 1px;
    max-width: 30rem;
  }
  .cells .c {
    flex: 1 1 0;
    min-width: 1px;
    height: 0.95rem;
    border-radius: 1px;
  }
  .diff {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .diff.same {
    color: #065f46;
  }
  .diff.changed {
    color: #92400e;
    font-weight: 600;
  }

  /* Heatmaps */
  .map {
    margin: 0 0 0.75rem;
  }
  .map-title {
    font-size: 0.85rem;
    font-weight: 600;
    margin-bottom: 0.3rem;
    display: flex;
    flex-wrap: wrap;
    gap: 0.2rem 0.75rem;
    align-items: baseline;
  }
  .axes {
    font-weight: 400;
    font-size: 0.75rem;
    color: #4b5563;
  }
  .map-grid {
    display: grid;
    grid-template-rows: auto auto;
    width: max-content;
    padding-right: 0.8rem; /* room for the last column's tick label */
  }
  .col-ticks {
    position: relative;
    height: 1rem;
  }
  .row-ticks {
    position: relative;
  }
  .col-ticks span,
  .row-ticks span {
    position: absolute;
    font-size: 0.65rem;
    color: #4b5563;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    line-height: 1;
  }
  .col-ticks span {
    bottom: 0.15rem;
    transform: translateX(-50%);
  }
  .row-ticks span {
    right: 0.3rem;
    transform: translateY(-50%);
  }
  .map-wrap {
    position: relative;
    display: block;
  }
  canvas {
    display: block;
    cursor: crosshair;
    border-radius: 2px;
  }
  canvas.pixelated {
    image-rendering: pixelated;
  }
  canvas:focus-visible {
    outline: 3px solid #f59e0b;
    outline-offset: 2px;
  }
  .cursor {
    position: absolute;
    pointer-events: none;
    box-shadow:
      0 0 0 2px #111827,
      0 0 0 3px #ffffff;
  }
  .compare {
    display: grid;
    grid-template-columns: repeat(var(--columns), minmax(0, 1fr));
    gap: 0.5rem 1rem;
  }
  .panel {
    min-width: 0;
  }
  .panel-title {
    margin: 0 0 0.4rem;
    font-size: 0.95rem;
  }
  .map.small .map-title {
    font-weight: 400;
    font-size: 0.78rem;
  }
  .readout {
    padding: 0.5rem 0.7rem;
    border-radius: 8px;
    background: #f3f4f6;
    font-size: 0.875rem;
    line-height: 1.6;
    overflow-wrap: anywhere;
  }
  .readout .math {
    white-space: normal;
  }
  .readout-kind {
    display: inline-block;
    padding: 0 0.4rem;
    border-radius: 4px;
    background: #3730a3;
    color: #fff;
    font-size: 0.75rem;
  }
  .readout .value {
    font-size: 1.05rem;
  }
  .note-inline,
  .band {
    color: #4b5563;
    font-size: 0.8rem;
  }
  .band {
    display: block;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem 0.8rem;
    margin: 0.5rem 0 0;
    font-size: 0.8rem;
    color: #374151;
  }
  .legend .bar {
    display: inline-block;
    width: 5rem;
    height: 0.7rem;
    border-radius: 2px;
    border: 1px solid #d1d5db;
  }
  .hint {
    color: #6b7280;
  }
  /* Narrow cards: each strip's label goes above its cells. */
  @container (max-width: 560px) {
    .mini-strip {
      grid-template-columns: minmax(0, 1fr);
      gap: 0;
    }
    .out-table {
      min-width: 0;
      grid-template-columns: max-content minmax(0, 1fr) max-content;
      gap: 0.35rem 0.5rem;
    }
  }
`;
