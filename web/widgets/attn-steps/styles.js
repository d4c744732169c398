import { css } from 'lit';

/** Layout of the step-through: token picker, stepper, a table per step, Prev / Next. */
export const stepsStyles = css`
  .picker {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
    align-items: center;
    margin-bottom: 0.75rem;
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
  .token .idx,
  .idx {
    font-size: 0.72rem;
    color: #6b7280;
    font-variant-numeric: tabular-nums;
  }
  .token[aria-pressed='true'] .idx {
    color: #e0e7ff;
  }
  .note {
    margin: 0 0 0.6rem;
    font-size: 0.85rem;
    color: #92400e;
  }
  .stepper ol {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
    margin: 0 0 0.75rem;
    padding: 0;
  }
  .step-tab {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    font-size: 0.85rem;
  }
  .step-no {
    display: inline-grid;
    place-items: center;
    width: 1.3rem;
    height: 1.3rem;
    border-radius: 50%;
    background: #e0e7ff;
    color: #312e81;
    font-size: 0.75rem;
    font-weight: 600;
  }
  .step-tab[aria-current='step'] .step-no {
    background: #fff;
  }
  .step-body {
    border-top: 1px solid #e5e7eb;
    padding-top: 0.6rem;
  }
  .step-title {
    font-size: 1rem;
    margin: 0 0 0.4rem;
  }
  .step-body p {
    margin: 0 0 0.6rem;
  }
  .formula {
    padding: 0.4rem 0.6rem;
    background: #f8fafc;
    border-left: 3px solid #6366f1;
    border-radius: 4px;
    white-space: normal;
  }
  .shape {
    display: inline-block;
    margin-left: 0.6rem;
    font-family: inherit;
    font-size: 0.8rem;
    color: #4b5563;
  }
  .vec-rows {
    display: grid;
    gap: 0.5rem;
  }
  .vec-row {
    display: grid;
    grid-template-columns: 5.5rem 1fr;
    grid-template-areas: 'name strip' 'what strip';
    align-items: center;
    column-gap: 0.6rem;
    margin-bottom: 0.4rem;
  }
  .vec-row > :last-child {
    grid-area: strip;
  }
  .vec-name {
    grid-area: name;
    align-self: end;
  }
  .vec-what {
    grid-area: what;
    align-self: start;
    font-size: 0.78rem;
    color: #4b5563;
  }
  .matrix {
    width: 8rem;
    height: auto;
    image-rendering: pixelated;
    border: 1px solid #d1d5db;
    border-radius: 2px;
  }
  .table {
    display: grid;
    grid-template-columns: minmax(5rem, max-content) minmax(0, 1fr) max-content;
    gap: 0.15rem 0.75rem;
    align-items: center;
    margin: 0.4rem 0;
  }
  .table.long {
    max-height: 26rem;
    overflow-y: auto;
    padding-right: 0.25rem;
  }
  .table:has(.four) {
    grid-template-columns: minmax(5rem, max-content) max-content max-content minmax(8rem, 1fr);
  }
  .table:has(.three) {
    grid-template-columns: minmax(5rem, max-content) max-content minmax(0, 1fr);
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
  .calc {
    font-size: 0.95rem;
  }
  .pill {
    display: inline-block;
    padding: 0.05rem 0.4rem;
    border-radius: 4px;
    font-variant-numeric: tabular-nums;
  }
  .blocked .tok-cell,
  .blocked .calc,
  .blocked .mask-cell {
    color: #6b7280;
  }
  .blocked .mask-cell {
    background: repeating-linear-gradient(135deg, #e5e7eb 0 2px, #f9fafb 2px 6px);
    border-radius: 4px;
    padding: 0 0.3rem;
  }
  .mask-cell {
    font-size: 0.85rem;
    white-space: nowrap;
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
  .expand {
    margin-top: 0.5rem;
    font-size: 0.85rem;
  }
  .expand summary {
    cursor: pointer;
    color: #3730a3;
  }
  .terms {
    white-space: normal;
    line-height: 1.8;
  }
  .term {
    white-space: nowrap;
  }
  .nav {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem;
    margin-top: 0.75rem;
    border-top: 1px solid #e5e7eb;
    padding-top: 0.6rem;
  }
  .where {
    font-size: 0.8rem;
    color: #4b5563;
  }
  /* On a phone each row of a table becomes a wrapped line: token, then its vector, then the
     arithmetic, instead of columns that would push the page sideways. */
  @media (max-width: 560px) {
    .vec-row {
      grid-template-columns: 1fr;
      grid-template-areas: 'name' 'what' 'strip';
    }
    .table,
    .table:has(.four),
    .table:has(.three) {
      display: block;
    }
    .tr {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.6rem;
      padding: 0.35rem 0;
      border-bottom: 1px solid #f3f4f6;
    }
    .tr.th {
      display: none;
    }
    .tr > * {
      max-width: 100%;
    }
    .weight-cell {
      flex: 1 1 8rem;
    }
  }
`;
