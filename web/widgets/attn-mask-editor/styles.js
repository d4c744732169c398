import { css } from 'lit';

/**
 * Three matrices (mask, scores, weights) that share their row order and cell size, side by side
 * when the card is wide enough and stacked otherwise; each scrolls sideways inside the card
 * rather than pushing the page. Then the row-by-row table (a list of wrapped lines on phones).
 */
export const maskEditorStyles = css`
  .controls {
    align-items: center;
  }
  .terms {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem;
  }
  .group-label {
    margin-right: 0.1rem;
  }
  .term-with-number {
    display: inline-flex;
    align-items: center;
    gap: 0.2rem;
  }
  input.term-number {
    width: 4.2em;
  }
  .memory,
  .spec {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
  }
  input[type='text'] {
    padding: 0.25rem 0.4rem;
    border: 1px solid #9ca3af;
    border-radius: 6px;
    background: #fff;
    min-height: 2rem;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.85rem;
  }
  .memory-box {
    width: 18em;
    max-width: 100%;
  }
  .spec-box {
    width: 13em;
    max-width: 100%;
  }
  .help {
    font-size: 0.78rem;
    color: #4b5563;
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 1rem;
    align-items: baseline;
    margin: 0 0 0.6rem;
    font-size: 0.875rem;
  }
  .summary code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    background: #eef2ff;
    color: #312e81;
    padding: 0.05rem 0.35rem;
    border-radius: 4px;
  }
  .allowed {
    color: #065f46;
  }
  .custom-note {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 0.8rem;
    align-items: center;
    margin: 0 0 0.6rem;
    padding: 0.4rem 0.6rem;
    background: #fffbeb;
    border: 1px solid #fde68a;
    border-radius: 6px;
    font-size: 0.85rem;
  }

  /* ---- the three matrices ---- */
  /* Side by side, the panels line up at the bottom: their grids have the same rows and cell
     size, so the rows align whatever the captions above them wrap to. */
  .panels {
    display: flex;
    gap: 1.1rem;
    align-items: flex-end;
  }
  .panels.stacked {
    flex-direction: column;
    align-items: flex-start;
    gap: 0.9rem;
  }
  /* A panel is as wide as its grid: its caption wraps under the grid instead of widening it. */
  .panel {
    margin: 0;
    min-width: 0;
    width: min-content;
    max-width: 100%;
  }
  .panels.side .panel {
    flex: 0 1 auto;
  }
  .panel-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.2rem 0.5rem;
    min-height: 2rem;
    margin-bottom: 0.2rem;
  }
  .panel-title {
    font-weight: 600;
    font-size: 0.9rem;
  }
  .panel-sub {
    font-size: 0.75rem;
    color: #4b5563;
  }
  .scores-switch {
    display: inline-flex;
    gap: 0.2rem;
  }
  button.small {
    white-space: nowrap;
    min-height: 1.6rem;
    padding: 0.05rem 0.45rem;
    font-size: 0.75rem;
  }
  .scroll {
    overflow-x: auto;
    max-width: 100%;
    padding-bottom: 0.2rem;
  }
  .grid {
    display: grid;
    grid-template-columns: max-content repeat(var(--m), var(--cell));
    gap: 1px;
    font-size: 13px;
  }
  .grid.with-sum {
    grid-template-columns: max-content repeat(var(--m), var(--cell)) max-content;
  }
  .row {
    display: contents;
  }
  .corner {
    display: flex;
    align-items: flex-end;
    justify-content: flex-end;
    padding: 0 0.35rem 0.15rem 0;
    font-size: 0.7rem;
    color: #4b5563;
  }
  .axis::after {
    content: ' ↓';
  }
  .col-label {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: flex-end;
    min-width: 0;
    overflow: hidden;
    white-space: nowrap;
    padding-bottom: 0.15rem;
    color: #111827;
  }
  .col-label .tok {
    max-width: 100%;
  }
  .col-label.small .tok {
    font-size: 10px;
  }
  .grid.rotate .col-label {
    flex-direction: row;
    justify-content: flex-start;
    align-items: center;
    gap: 0.2rem;
    /* Top to bottom: Chinese characters stay upright, Latin words turn. */
    writing-mode: vertical-rl;
    max-height: 6.5rem;
    padding: 0.15rem 0;
  }
  .grid.rotate .col-label .idx {
    order: -1;
  }
  .grid.rotate .col-label .tok {
    max-width: none;
    max-height: 5.5rem;
  }
  .idx {
    color: #6b7280;
    font-size: 0.8em;
    font-variant-numeric: tabular-nums;
  }
  .row-label {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: 0.3rem;
    padding-right: 0.35rem;
    max-width: var(--row-label);
    white-space: nowrap;
    overflow: hidden;
    cursor: pointer;
  }
  .row-label .tok {
    max-width: 7.5rem;
  }
  .row-label.short {
    min-width: 1.3rem;
  }
  .row.current .row-label {
    color: #3730a3;
    font-weight: 700;
  }
  .row.current .row-label .idx {
    color: #3730a3;
  }
  .cell {
    width: var(--cell);
    height: var(--cell);
    display: flex;
    align-items: center;
    justify-content: center;
    font-size: clamp(8px, calc(var(--cell) * 0.27), 12px);
    font-variant-numeric: tabular-nums;
    border-radius: 2px;
    overflow: hidden;
    line-height: 1;
    cursor: pointer;
    user-select: none;
  }
  .cell.current {
    box-shadow:
      inset 0 2px 0 #f59e0b,
      inset 0 -2px 0 #f59e0b;
  }
  .cell:hover {
    box-shadow: inset 0 0 0 2px #111827;
  }
  .cell:focus-visible {
    outline: 3px solid #f59e0b;
    outline-offset: 0;
    position: relative;
    z-index: 1;
  }
  .cell.allowed,
  .swatch.allowed {
    background: #3730a3;
    color: #ffffff;
  }
  .cell.blocked,
  .swatch.blocked {
    background: repeating-linear-gradient(135deg, #cbd0d8 0 2px, #f1f3f6 2px 6px);
    color: #374151;
  }
  .cell.edited {
    outline: 2px dashed #d97706;
    outline-offset: -3px;
  }
  .grid.editable .cell:hover {
    box-shadow: inset 0 0 0 2px #f59e0b;
  }
  .cell.will-block {
    background-image: repeating-linear-gradient(
      135deg,
      rgb(255 255 255 / 0.55) 0 2px,
      transparent 2px 6px
    );
  }
  .sum-label {
    display: flex;
    align-items: flex-end;
    justify-content: center;
    padding: 0 0.3rem 0.15rem;
    font-weight: 600;
    font-size: 0.75rem;
  }
  .sum {
    display: flex;
    align-items: center;
    justify-content: center;
    padding: 0 0.3rem;
    margin-left: 0.25rem;
    font-variant-numeric: tabular-nums;
    font-size: 11px;
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
    gap: 0.35rem 1.1rem;
    margin-top: 0.5rem;
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
    width: 4.5rem;
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
  .hint {
    flex-basis: 100%;
    color: #4b5563;
  }

  /* ---- row by row ---- */
  .by-row {
    margin-top: 0.9rem;
    border-top: 1px solid #e5e7eb;
    padding-top: 0.6rem;
  }
  .by-row-title {
    font-size: 1rem;
    margin: 0 0 0.5rem;
  }
  .picker {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
    align-items: center;
    margin-bottom: 0.6rem;
  }
  .picker-label {
    font-size: 0.85rem;
    color: #374151;
    margin-right: 0.25rem;
  }
  .token {
    display: inline-flex;
    align-items: baseline;
    gap: 0.3rem;
    padding: 0.2rem 0.55rem;
    border-radius: 999px;
  }
  .token[aria-pressed='true'] .idx {
    color: #e0e7ff;
  }
  .note {
    margin: 0.3rem 0 0.6rem;
    font-size: 0.85rem;
    color: #92400e;
  }
  .formula {
    padding: 0.4rem 0.6rem;
    background: #f8fafc;
    border-left: 3px solid #6366f1;
    border-radius: 4px;
    white-space: normal;
    margin: 0 0 0.5rem;
  }
  .row-intro {
    margin: 0 0 0.4rem;
    font-size: 0.875rem;
  }
  .table {
    display: grid;
    grid-template-columns:
      minmax(4.5rem, max-content) max-content max-content max-content max-content
      minmax(8rem, 1fr);
    gap: 0.15rem 0.8rem;
    align-items: center;
  }
  .table.long {
    max-height: 24rem;
    overflow-y: auto;
    padding-right: 0.25rem;
  }
  .tr {
    display: contents;
  }
  .th > span {
    font-size: 0.78rem;
    color: #4b5563;
    font-weight: 600;
    border-bottom: 1px solid #e5e7eb;
    padding-bottom: 0.2rem;
    position: sticky;
    top: 0;
    background: var(--attn-card, #fff);
    z-index: 1;
  }
  .tok-cell {
    display: inline-flex;
    gap: 0.35rem;
    align-items: baseline;
    min-width: 0;
  }
  .mask-cell {
    font-size: 0.85rem;
    white-space: nowrap;
  }
  .blocked .tok-cell,
  .blocked .num {
    color: #6b7280;
  }
  .blocked .mask-cell {
    background: repeating-linear-gradient(135deg, #e5e7eb 0 2px, #f9fafb 2px 6px);
    border-radius: 4px;
    padding: 0 0.3rem;
    color: #374151;
  }
  .weight-cell {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .bar-track {
    flex: 1;
    height: 0.8rem;
    min-width: 3rem;
    background: #f3f4f6;
    border-radius: 3px;
    overflow: hidden;
    border: 1px solid #e5e7eb;
  }
  .bar-fill {
    display: block;
    height: 100%;
  }
  .total > span {
    border-top: 1px solid #9ca3af;
    padding-top: 0.3rem;
    font-weight: 600;
  }
  @media (max-width: 560px) {
    .table {
      display: block;
    }
    .tr {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.2rem 0.7rem;
      padding: 0.35rem 0;
      border-bottom: 1px solid #f3f4f6;
    }
    .tr.th {
      display: none;
    }
    .tr [data-label]::before {
      content: attr(data-label) ' ';
      color: #6b7280;
      font-size: 0.8em;
    }
    .total > span:empty {
      display: none;
    }
    .weight-cell {
      flex: 1 1 8rem;
    }
  }
`;
