import { css } from 'lit';

/**
 * Styles every widget shares: the card, messages, form controls, vector strips. Colours meet
 * WCAG AA on white; custom properties let a teacher's page restyle the card.
 */
export const sharedStyles = css`
  :host {
    display: block;
    margin: 1.25rem 0;
    color: var(--attn-ink, #1f2937);
    font-family: var(
      --attn-font,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Noto Sans',
      'PingFang SC',
      'Noto Sans CJK SC',
      'Microsoft YaHei',
      sans-serif
    );
    font-size: 0.9375rem;
    line-height: 1.45;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  .root {
    position: relative;
    background: var(--attn-card, #ffffff);
    border: 1px solid var(--attn-border, #d9dee7);
    border-radius: 12px;
    padding: 0.875rem;
    min-height: 4rem;
  }
  .loading {
    display: flex;
    align-items: center;
    gap: 0.6rem;
    color: #4b5563;
    padding: 0.5rem 0;
  }
  .spinner {
    width: 1rem;
    height: 1rem;
    border: 2px solid #c7d2fe;
    border-top-color: #3730a3;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  .message {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    margin: 0 0 0.75rem;
    padding: 0.55rem 0.75rem;
    border-radius: 8px;
    background: #fef2f2;
    border: 1px solid #fecaca;
    color: #991b1b;
    overflow-wrap: anywhere;
  }
  .message .icon {
    font-weight: 700;
  }
  .message .kept {
    display: block;
    color: #7f1d1d;
    font-size: 0.85em;
  }
  .stale {
    opacity: 0.55;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin: 0 0 0.75rem;
    font-size: 0.875rem;
  }
  .controls label,
  .controls .field {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
  }
  select,
  input,
  button {
    font: inherit;
    color: inherit;
  }
  select,
  input[type='number'] {
    padding: 0.25rem 0.4rem;
    border: 1px solid #9ca3af;
    border-radius: 6px;
    background: #fff;
    min-height: 2rem;
  }
  input[type='number'] {
    width: 8.5em;
  }
  button {
    cursor: pointer;
    padding: 0.3rem 0.7rem;
    min-height: 2rem;
    border: 1px solid #9ca3af;
    border-radius: 6px;
    background: #f9fafb;
  }
  button:hover:not(:disabled) {
    background: #eef2ff;
    border-color: #6366f1;
  }
  button:disabled {
    cursor: default;
    color: #6b7280;
    background: #f3f4f6;
    border-color: #d1d5db;
  }
  button[aria-pressed='true'],
  button[aria-current='step'] {
    background: #3730a3;
    border-color: #3730a3;
    color: #fff;
  }
  :focus-visible {
    outline: 3px solid #f59e0b;
    outline-offset: 2px;
  }
  .segmented {
    display: inline-flex;
    border: 0;
    margin: 0;
    padding: 0;
    gap: 0.4rem;
    align-items: center;
  }
  .segmented legend {
    float: left;
    padding: 0;
    margin-right: 0.4rem;
  }
  .segmented .options {
    display: inline-flex;
    border: 1px solid #9ca3af;
    border-radius: 6px;
    overflow: hidden;
  }
  .segmented .options label {
    gap: 0;
    position: relative;
  }
  .segmented input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
    cursor: pointer;
  }
  .segmented span {
    display: inline-block;
    padding: 0.3rem 0.6rem;
    background: #fff;
  }
  .segmented label + label span {
    border-left: 1px solid #9ca3af;
  }
  .segmented input:checked + span {
    background: #3730a3;
    color: #fff;
  }
  .segmented input:focus-visible + span {
    outline: 3px solid #f59e0b;
    outline-offset: -3px;
  }

  /* A vector as a strip of coloured cells, one per component. */
  .strip {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 1px;
    vertical-align: middle;
    max-width: 100%;
  }
  .strip .sc {
    min-width: 2.3rem;
    padding: 0.15rem 0.1rem;
    text-align: center;
    font-size: 0.72rem;
    font-variant-numeric: tabular-nums;
    border-radius: 2px;
  }
  .strip.compact .sc {
    min-width: 0.45rem;
    height: 1.3rem;
    padding: 0;
  }
  .num {
    font-variant-numeric: tabular-nums;
  }
  .math {
    font-family: 'Latin Modern Math', 'STIX Two Math', 'Cambria Math', 'Times New Roman', serif;
    font-size: 1.05em;
    white-space: nowrap;
  }
  .math var {
    font-style: italic;
  }
  .tok {
    display: inline-block;
    max-width: 12em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    vertical-align: bottom;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
`;
