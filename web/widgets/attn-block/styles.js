import { css } from 'lit';

/**
 * The block diagram on the left (one box per stage, residual arrows drawn on its right), the
 * selected stage's panel on the right; stacked on narrow screens, where the diagram becomes a
 * row of wrapping chips. Heatmaps are canvases sized in CSS pixels; their token labels and
 * statistics sit in the same CSS grid rows, so they line up at any size.
 */
export const blockStyles = css`
  .note {
    margin: 0 0 0.6rem;
    font-size: 0.85rem;
    color: #92400e;
  }
  .layers {
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
  .layer-button {
    min-width: 2.2rem;
    border-radius: 999px;
  }
  .split {
    display: grid;
    grid-template-columns: 13.5rem minmax(0, 1fr);
    gap: 1rem;
    align-items: start;
  }

  /* ---- diagram ---- */
  .diagram {
    font-size: 0.82rem;
  }
  .frame {
    position: relative;
    border: 1.5px dashed #9ca3af;
    border-radius: 10px;
    padding: 1.7rem 2.3rem 0.6rem 0.55rem;
  }
  .frame-label {
    position: absolute;
    top: 0.3rem;
    left: 0.6rem;
    right: 0.6rem;
    display: flex;
    justify-content: space-between;
    font-size: 0.75rem;
    color: #374151;
    font-weight: 600;
  }
  .times {
    font-weight: 400;
    color: #4b5563;
  }
  .flow {
    position: relative;
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
  }
  /* The data path: a line behind the boxes, seen in the gaps between them. */
  .flow::before {
    content: '';
    position: absolute;
    left: 50%;
    top: 0.5rem;
    bottom: 0.5rem;
    border-left: 2px solid #6b7280;
  }
  .flow.final {
    margin: 0.6rem 2.3rem 0 0.55rem;
  }
  .flow.final::before {
    top: -0.6rem;
    bottom: 50%;
  }
  .group {
    position: relative;
    display: flex;
    flex-direction: column;
    border-radius: 8px;
  }
  .group.joined {
    border: 1px solid #4b5563;
    overflow: hidden;
    background: #fff;
  }
  .group-title {
    font-size: 0.68rem;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    text-align: center;
    color: #374151;
    background: #f3f4f6;
    border-bottom: 1px solid #9ca3af;
    padding: 0.05rem 0;
  }
  .stage {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: center;
    width: 100%;
    min-height: 2.3rem;
    padding: 0.25rem 0.45rem;
    border: 1px solid #4b5563;
    border-radius: 8px;
    line-height: 1.2;
    text-align: center;
    color: #111827;
  }
  .group.joined .stage {
    border: 0;
    border-radius: 0;
  }
  .group.joined .stage + .stage {
    border-top: 1px dashed #6b7280;
  }
  .stage-name {
    font-weight: 600;
  }
  .stage-note {
    font-size: 0.72rem;
    color: #374151;
  }
  .kind-input {
    background: #f3f4f6;
  }
  .kind-attention {
    background: #fde3c8;
  }
  .kind-add {
    background: #dcefd3;
  }
  .kind-norm {
    background: #fbf1b8;
  }
  .kind-hidden,
  .kind-ffn {
    background: #d4e8f6;
  }
  .stage:hover:not([aria-current='step']) {
    box-shadow: inset 0 0 0 2px #6366f1;
  }
  .stage[aria-current='step'] {
    background: #3730a3;
    color: #fff;
  }
  .stage[aria-current='step'] .stage-note {
    color: #e0e7ff;
  }
  .stage:focus-visible {
    outline: 3px solid #f59e0b;
    outline-offset: -3px;
    z-index: 1;
  }
  /* A residual connection: leaves one stage on the right and comes back into the add. */
  .rail {
    position: absolute;
    width: 0.9rem;
    border: 2px solid #4b5563;
    border-left: 0;
    border-radius: 0 8px 8px 0;
    pointer-events: none;
  }
  .rail.lane-1 {
    width: 1.55rem;
  }
  .rail::after {
    content: '';
    position: absolute;
    left: -1px;
    bottom: -6px;
    border-style: solid;
    border-width: 5px 7px 5px 0;
    border-color: transparent #4b5563 transparent transparent;
  }
  .hint {
    margin: 0.4rem 0 0;
    font-size: 0.72rem;
    color: #4b5563;
  }

  /* ---- panel ---- */
  .panel {
    min-width: 0;
  }
  .stage-title {
    font-size: 1rem;
    margin: 0 0 0.4rem;
  }
  .where-layer {
    color: #4b5563;
    font-weight: 500;
  }
  .panel p {
    margin: 0 0 0.6rem;
  }
  .formula {
    padding: 0.4rem 0.6rem;
    background: #f8fafc;
    border-left: 3px solid #6366f1;
    border-radius: 4px;
    white-space: normal;
    overflow-x: auto;
  }
  .shape {
    display: inline-block;
    margin-left: 0.5rem;
    font-family: inherit;
    font-size: 0.8rem;
    font-weight: 400;
    color: #4b5563;
  }
  .formula .line {
    display: block;
  }
  .zeros {
    font-weight: 600;
  }
  .bn-toggle {
    margin: 0 0 0.6rem;
  }
  .bn-note {
    padding: 0.4rem 0.6rem;
    background: #fff7ed;
    border-left: 3px solid #ea580c;
    border-radius: 4px;
    font-size: 0.88rem;
  }
  .small {
    font-size: 0.82rem;
    color: #374151;
  }
  .op {
    text-align: left;
    padding-left: 7.5rem;
    font-size: 1.1rem;
    font-weight: 700;
    color: #4b5563;
    line-height: 1;
    margin: -0.2rem 0 0.2rem;
  }

  /* ---- one tensor ---- */
  .tensor {
    margin: 0 0 0.6rem;
  }
  .tensor-label {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.2rem 0.4rem;
    font-size: 0.85rem;
    margin-bottom: 0.2rem;
  }
  .tensor-label .shape {
    margin-left: 0;
  }
  .legend {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    margin-left: auto;
    font-size: 0.72rem;
    color: #4b5563;
    font-variant-numeric: tabular-nums;
  }
  .legend .bar {
    display: inline-block;
    width: 4rem;
    height: 0.55rem;
    border-radius: 2px;
  }
  .scroll {
    overflow-x: auto;
    padding-bottom: 0.2rem;
  }
  .tgrid {
    --tok-w: 6rem;
    --stat-w: 3.3rem;
    display: grid;
    grid-template-columns: var(--tok-w) var(--map-w) repeat(var(--extra), var(--stat-w));
    grid-template-rows: auto repeat(var(--rows), var(--row-h));
    grid-auto-rows: auto;
    column-gap: 0.4rem;
    align-items: center;
    width: max-content;
  }
  .th {
    font-size: 0.7rem;
    color: #4b5563;
    white-space: nowrap;
  }
  .tok-head {
    grid-column: 1;
    grid-row: 1;
    text-align: right;
  }
  .map-head {
    grid-column: 2;
    grid-row: 1;
  }
  .stat-head {
    grid-row: 1;
    text-align: right;
  }
  .tok-label {
    grid-column: 1;
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: 0.3rem;
    height: var(--row-h);
    min-height: 0;
    padding: 0 0.3rem;
    border: 0;
    border-radius: 4px;
    background: transparent;
    font-size: min(0.8rem, calc(var(--row-h) - 3px));
    overflow: hidden;
    white-space: nowrap;
  }
  .tok-label .tok {
    max-width: 4.4rem;
  }
  .tok-label[aria-pressed='true'] {
    background: #e0e7ff;
    color: #1e1b4b;
  }
  .tok-label[aria-pressed='true'] .idx {
    color: #3730a3;
  }
  .idx {
    font-size: 0.72rem;
    color: #6b7280;
    font-variant-numeric: tabular-nums;
  }
  .map {
    grid-column: 2;
    display: block;
    align-self: start;
    cursor: crosshair;
  }
  .stat {
    text-align: right;
    font-size: min(0.78rem, calc(var(--row-h) - 3px));
    padding: 0 0.2rem;
    border-radius: 3px;
    line-height: var(--row-h);
  }
  .stat.picked {
    background: #eef2ff;
  }
  .stat.unit {
    color: #166534;
    font-weight: 600;
  }
  .col-stat-label {
    grid-column: 1;
    text-align: right;
    line-height: 18px;
    font-size: 0.68rem;
    color: #9a3412;
    align-self: start;
    margin-top: 0.3rem;
  }
  .map.columns {
    margin-top: 0.3rem;
    outline: 1px solid #fdba74;
  }
  .col-range {
    grid-column: 2 / -1;
    grid-row: auto;
    font-size: 0.75rem;
    color: #9a3412;
    white-space: normal;
    max-width: 32rem;
  }

  /* ---- one token spelled out ---- */
  .spelled {
    border-top: 1px solid #e5e7eb;
    padding-top: 0.5rem;
    margin-top: 0.4rem;
  }
  .spelled-title {
    font-size: 0.85rem;
    font-weight: 600;
  }
  .plugged {
    white-space: normal;
  }
  .vec-row {
    display: grid;
    grid-template-columns: 2.6rem minmax(0, 1fr);
    align-items: center;
    column-gap: 0.5rem;
    margin-bottom: 0.35rem;
  }
  .check {
    font-size: 0.8rem;
    color: #166534;
  }
  .expand summary {
    cursor: pointer;
    font-size: 0.88rem;
    color: #3730a3;
  }
  .wgrid {
    display: grid;
    grid-template-columns: max-content max-content;
    grid-template-rows: auto repeat(var(--n), var(--cell));
    column-gap: 0.4rem;
    align-items: center;
    width: max-content;
  }
  .keys-head {
    grid-column: 2;
    grid-row: 1;
    font-size: 0.72rem;
    color: #4b5563;
  }
  .wlabel {
    grid-column: 1;
    font-size: min(0.8rem, calc(var(--cell) - 4px));
    text-align: right;
    white-space: nowrap;
  }
  .map.weights {
    grid-column: 2;
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
    font-size: 0.85rem;
    color: #4b5563;
  }

  .tip {
    position: absolute;
    z-index: 5;
    transform: translate(-50%, -100%);
    background: #111827;
    color: #fff;
    padding: 0.3rem 0.5rem;
    border-radius: 6px;
    font-size: 0.75rem;
    pointer-events: none;
    white-space: nowrap;
  }
  .tip-head {
    color: #e5e7eb;
  }

  /* ---- narrow: the diagram becomes a row of chips above the panel ---- */
  .narrow .split {
    grid-template-columns: minmax(0, 1fr);
  }
  .narrow .frame {
    padding: 1.6rem 0.5rem 0.5rem;
  }
  .narrow .flow {
    flex-direction: row;
    flex-wrap: wrap;
    gap: 0.35rem;
  }
  .narrow .flow.final {
    margin: 0.4rem 0 0;
  }
  .narrow .flow::before,
  .narrow .rail,
  .narrow .stage-note,
  .narrow .group-title {
    display: none;
  }
  .narrow .group.joined {
    flex-direction: row;
  }
  .narrow .stage {
    width: auto;
    min-height: 2rem;
  }
  .narrow .group.joined .stage + .stage {
    border-top: 0;
    border-left: 1px dashed #6b7280;
  }
  .narrow .tgrid {
    --tok-w: 4.5rem;
    --stat-w: 2.7rem;
  }
  .narrow .tok-label .tok {
    max-width: 3rem;
  }
  .narrow .op {
    padding-left: 3rem;
  }
`;
