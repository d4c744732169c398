import { css } from 'lit';

/** Layout of the training lab: toolbar, status line, curves, attention map, predictions. */
export const trainStyles = css`
  .settings {
    border: 1px solid #e5e7eb;
    border-radius: 8px;
    padding: 0.6rem 0.7rem 0.1rem;
    margin: 0 0 0.75rem;
    background: #fafbfc;
  }
  .settings .controls {
    margin-bottom: 0.55rem;
  }
  .settings input[type='number'] {
    width: 6.5em;
  }
  .settings input[type='number'].wide {
    width: 9em;
  }
  .settings fieldset[disabled] {
    opacity: 0.55;
  }
  .causal.off {
    color: #6b7280;
  }
  .advanced summary {
    cursor: pointer;
    font-size: 0.875rem;
    margin: 0 0 0.5rem;
  }
  .data-box {
    display: grid;
    gap: 0.3rem;
    margin: 0 0 0.6rem;
    font-size: 0.875rem;
  }
  .data-box textarea {
    font:
      0.85rem/1.35 ui-monospace,
      SFMono-Regular,
      Menlo,
      Consolas,
      monospace;
    width: 100%;
    border: 1px solid #9ca3af;
    border-radius: 6px;
    padding: 0.35rem 0.45rem;
    resize: vertical;
  }
  .data-box button {
    justify-self: start;
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
    margin: 0 0 0.6rem;
  }
  .toolbar .sep {
    flex: 0 0 0.5rem;
  }
  .toolbar button.primary {
    min-width: 7.5rem;
    font-weight: 600;
    background: #3730a3;
    border-color: #3730a3;
    color: #fff;
  }
  .toolbar button.primary:hover {
    background: #312e81;
  }
  button[aria-disabled='true'],
  .toolbar button.primary[aria-disabled='true'] {
    cursor: default;
    color: #6b7280;
    background: #f3f4f6;
    border-color: #d1d5db;
  }

  .status {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem 1.1rem;
    align-items: baseline;
    padding: 0.45rem 0.6rem;
    background: #f8fafc;
    border: 1px solid #e5e7eb;
    border-radius: 8px;
    margin: 0 0 0.6rem;
    font-size: 0.875rem;
  }
  .stat .k {
    color: #4b5563;
    margin-right: 0.3rem;
  }
  .stat .v {
    font-weight: 650;
  }
  .small {
    font-size: 0.78rem;
    color: #6b7280;
  }
  .done-note {
    font-size: 0.82rem;
    color: #065f46;
    background: #ecfdf5;
    border: 1px solid #a7f3d0;
    border-radius: 6px;
    padding: 0.1rem 0.45rem;
  }
  .diverged {
    display: flex;
    gap: 0.55rem;
    align-items: flex-start;
    margin: 0 0 0.6rem;
    padding: 0.6rem 0.75rem;
    border: 2px solid #b45309;
    background: #fffbeb;
    color: #78350f;
    border-radius: 8px;
  }
  .diverged .icon {
    font-size: 1.2rem;
    line-height: 1.2;
  }
  .diverged > span > * {
    display: block;
  }
  .diverged .core-text {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.82rem;
    margin: 0.15rem 0;
    overflow-wrap: anywhere;
  }
  .action-error {
    margin: 0 0 0.6rem;
    padding: 0.45rem 0.7rem;
    border-radius: 8px;
    background: #fef2f2;
    border: 1px solid #fecaca;
    color: #991b1b;
    overflow-wrap: anywhere;
  }
  .notice {
    margin: 0 0 0.6rem;
    font-size: 0.85rem;
    color: #1e3a8a;
  }

  .charts {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem;
    margin: 0 0 0.5rem;
  }
  .chart {
    margin: 0;
    position: relative;
    min-width: 0;
    max-width: 100%;
    overflow-x: auto;
  }
  .chart figcaption {
    font-size: 0.85rem;
    font-weight: 600;
    margin: 0 0 0.2rem;
  }
  .plot-empty {
    position: absolute;
    top: 45%;
    left: 0;
    right: 0;
    text-align: center;
    color: #6b7280;
    font-size: 0.85rem;
    margin: 0;
    pointer-events: none;
  }
  .uplot {
    font-family: inherit;
  }
  .u-legend {
    font-size: 0.78rem;
  }
  .u-legend .u-marker {
    width: 0.9em;
    height: 0.9em;
  }

  .panel {
    margin: 0.6rem 0 0;
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
  .map-controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 0.8rem;
    align-items: center;
    font-size: 0.82rem;
    margin: 0 0 0.5rem;
  }
  .map-controls .segmented span {
    padding: 0.2rem 0.45rem;
  }
  .example-picker {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
  }
  .example-picker button {
    min-height: 1.8rem;
    padding: 0.1rem 0.5rem;
  }
  .example-number {
    min-width: 1.6rem;
    text-align: center;
    font-weight: 600;
  }
  .maps {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6rem 0.75rem;
  }
  .head-map {
    margin: 0;
    min-width: 0;
    max-width: 100%;
  }
  .head-map figcaption {
    font-size: 0.75rem;
    color: #374151;
    display: flex;
    align-items: center;
    gap: 0.3rem;
    margin: 0 0 0.15rem;
  }
  .swatch {
    display: inline-block;
    width: 0.7rem;
    height: 0.7rem;
    border-radius: 2px;
  }
  .grid-scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  .att {
    display: grid;
    grid-template-columns: max-content repeat(var(--cols), var(--cell));
    grid-auto-rows: var(--cell);
    gap: 1px;
    width: max-content;
    font-size: 0.68rem;
  }
  .maps.all .att {
    font-size: 0.6rem;
  }
  .att .corner {
    min-width: 1px;
  }
  .att .col-head,
  .att .row-head {
    display: flex;
    align-items: center;
    justify-content: center;
    color: #374151;
    white-space: nowrap;
    overflow: hidden;
  }
  .att .row-head {
    justify-content: flex-end;
    padding-right: 0.25rem;
    max-width: 3.6rem;
  }
  .att .cell {
    display: flex;
    align-items: center;
    justify-content: center;
    font-variant-numeric: tabular-nums;
    border-radius: 1px;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    font-size: 0.75rem;
    color: #4b5563;
    margin-top: 0.4rem;
  }
  .ramp-bar {
    display: inline-block;
    width: 5rem;
    height: 0.6rem;
    border: 1px solid #d1d5db;
    border-radius: 2px;
    margin-right: 0.35rem;
    vertical-align: middle;
  }

  .preds {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 21rem), 1fr));
    gap: 0.45rem;
  }
  .pred {
    display: grid;
    gap: 0.15rem;
    padding: 0.3rem 0.4rem;
    border-radius: 6px;
    background: #f9fafb;
    min-width: 0;
  }
  .pred-in,
  .pred-out {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2rem;
    align-items: center;
    min-width: 0;
  }
  .lbl {
    font-size: 0.72rem;
    color: #4b5563;
    min-width: 2.6rem;
  }
  .ptoks {
    display: contents;
  }
  .tokchip,
  .ptok {
    display: inline-flex;
    align-items: baseline;
    gap: 0.1rem;
    padding: 0.05rem 0.3rem;
    border-radius: 4px;
    border: 1px solid #d1d5db;
    background: #fff;
    font:
      0.8rem/1.4 ui-monospace,
      SFMono-Regular,
      Menlo,
      Consolas,
      monospace;
    white-space: pre;
  }
  .ptok.right {
    background: #ecfdf5;
    border-color: #6ee7b7;
    color: #065f46;
  }
  .ptok.wrong {
    background: #fef2f2;
    border-color: #f87171;
    color: #991b1b;
    border-style: dashed;
  }
  .ptok .mark {
    font-size: 0.7rem;
    font-family: system-ui, sans-serif;
  }
  .ptok .want {
    font-size: 0.68rem;
    color: #4b5563;
    text-decoration: none;
    margin-left: 0.15rem;
    padding-left: 0.2rem;
    border-left: 1px solid #fca5a5;
  }
  .verdict {
    font-size: 0.75rem;
    margin-left: 0.3rem;
  }
  .verdict.right {
    color: #065f46;
  }
  .verdict.wrong {
    color: #991b1b;
  }

  .own {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 0.6rem;
    align-items: center;
    margin: 0.6rem 0 0.3rem;
    font-size: 0.875rem;
  }
  .own label {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
  }
  .own-input {
    padding: 0.25rem 0.45rem;
    border: 1px solid #9ca3af;
    border-radius: 6px;
    min-height: 2rem;
    width: 14rem;
    max-width: 100%;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  }
  .own-output {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.2rem;
    align-items: center;
  }
  .own-error {
    color: #991b1b;
    overflow-wrap: anywhere;
  }
  .facts {
    margin: 0.5rem 0 0;
    font-size: 0.78rem;
    color: #4b5563;
  }
`;
