import { css } from 'lit';

/**
 * Styles shared by <attn-decoder> and <attn-kvcache>: token rows, the stepper, panels, the
 * probability bars and small attention grids. Both widgets step through generation, so they
 * look alike on purpose.
 */
export const generationStyles = css`
  .seq {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
    align-items: center;
    margin: 0 0 0.5rem;
  }
  .seq-label {
    font-size: 0.8rem;
    color: #374151;
    font-weight: 600;
    min-width: 7.5rem;
  }
  .chip {
    display: inline-flex;
    align-items: baseline;
    gap: 0.25rem;
    padding: 0.1rem 0.45rem;
    border: 1px solid #c7d2fe;
    background: #eef2ff;
    border-radius: 999px;
    font-size: 0.85rem;
    max-width: 12em;
  }
  .chip.source {
    border-color: #d1d5db;
    background: #f9fafb;
  }
  .chip.special {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.78rem;
  }
  .chip.new {
    background: #3730a3;
    border-color: #3730a3;
    color: #fff;
  }
  .chip.new .idx {
    color: #e0e7ff;
  }
  .chip .idx,
  .idx {
    font-size: 0.7rem;
    color: #6b7280;
    font-variant-numeric: tabular-nums;
  }
  .arrow {
    color: #4b5563;
    font-size: 0.85rem;
    margin: 0 0.15rem;
  }
  .stepper {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
    margin: 0.6rem 0;
    padding: 0.5rem 0;
    border-top: 1px solid #e5e7eb;
    border-bottom: 1px solid #e5e7eb;
  }
  .stepper button[aria-disabled='true'] {
    cursor: default;
    color: #6b7280;
    background: #f3f4f6;
    border-color: #d1d5db;
  }
  .stepper .where {
    font-size: 0.85rem;
    color: #374151;
    font-variant-numeric: tabular-nums;
    margin-left: 0.3rem;
  }
  .stop-note {
    font-size: 0.85rem;
    color: #92400e;
    background: #fffbeb;
    border: 1px solid #fde68a;
    border-radius: 6px;
    padding: 0.15rem 0.5rem;
  }
  .keys-help {
    font-size: 0.75rem;
    color: #6b7280;
    flex-basis: 100%;
  }
  .note {
    margin: 0 0 0.6rem;
    font-size: 0.85rem;
    color: #92400e;
  }
  .honest {
    margin: 0.75rem 0 0;
    font-size: 0.8rem;
    color: #4b5563;
    border-left: 3px solid #f59e0b;
    padding: 0.2rem 0.6rem;
    background: #fffbeb;
    border-radius: 0 4px 4px 0;
  }
  .panels {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 17rem), 1fr));
    gap: 0.75rem;
    margin: 0.5rem 0;
  }
  .panel {
    border: 1px solid #e5e7eb;
    border-radius: 8px;
    padding: 0.55rem 0.65rem;
    min-width: 0;
  }
  .panel h3 {
    font-size: 0.9rem;
    margin: 0 0 0.15rem;
  }
  .panel .help {
    font-size: 0.78rem;
    color: #4b5563;
    margin: 0 0 0.45rem;
  }
  .empty {
    font-size: 0.85rem;
    color: #6b7280;
    font-style: italic;
  }
  /* Probability bars: token, bar, percentage. */
  .probs {
    display: grid;
    grid-template-columns: minmax(3rem, max-content) minmax(4rem, 1fr) max-content;
    gap: 0.2rem 0.5rem;
    align-items: center;
  }
  .prob {
    display: contents;
  }
  .prob .bar-track {
    height: 0.9rem;
    background: #f3f4f6;
    border: 1px solid #e5e7eb;
    border-radius: 3px;
    overflow: hidden;
  }
  .prob .bar-fill {
    display: block;
    height: 100%;
    background: #93c5fd;
  }
  .prob[data-chosen='true'] .bar-fill {
    background: #3730a3;
  }
  .prob[data-chosen='true'] .tok {
    font-weight: 700;
  }
  .prob .pct {
    font-size: 0.8rem;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .chosen-mark {
    color: #3730a3;
    font-weight: 600;
  }
  /* A small attention grid: a header row of tokens and rows of cells. */
  .grid-scroll {
    overflow-x: auto;
    max-width: 100%;
    padding-bottom: 0.2rem;
  }
  .att {
    display: grid;
    grid-template-columns: max-content repeat(var(--cols), minmax(2.6rem, max-content));
    gap: 2px;
    align-items: stretch;
    width: max-content;
  }
  .att .col-head {
    font-size: 0.75rem;
    text-align: center;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    padding: 0 0.15rem;
    align-self: end;
    max-width: 6.5rem;
  }
  .att .row-head {
    font-size: 0.78rem;
    padding-right: 0.4rem;
    white-space: nowrap;
    display: flex;
    gap: 0.3rem;
    align-items: center;
    max-width: 16rem;
    overflow: hidden;
  }
  .att .cell {
    font-size: 0.72rem;
    text-align: center;
    font-variant-numeric: tabular-nums;
    padding: 0.2rem 0;
    border-radius: 2px;
    min-height: 1.4rem;
  }
  .att .newest > .cell,
  .att .cell.newest {
    outline: 2px solid #f59e0b;
    outline-offset: -1px;
  }
  .att .row-head.newest {
    font-weight: 700;
  }
  .row-wrap {
    display: contents;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 1rem;
    align-items: center;
    font-size: 0.75rem;
    color: #4b5563;
    margin-top: 0.35rem;
  }
  .ramp-bar {
    display: inline-block;
    width: 5rem;
    height: 0.6rem;
    border: 1px solid #d1d5db;
    border-radius: 2px;
    vertical-align: middle;
    margin-right: 0.3rem;
  }
  .controls input[type='number'] {
    width: 6em;
  }
  @media (max-width: 560px) {
    .seq-label {
      min-width: 0;
      flex-basis: 100%;
    }
  }
`;
