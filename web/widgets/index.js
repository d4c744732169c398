/**
 * Registers every Attention Lab widget. This file is also the entry of the embeddable bundle
 * (dist/widgets.js): a teacher's page needs only
 *
 *     <script type="module" src=".../widgets.js"></script>
 *     <attn-heatmap sentence="robot must obey orders" mask="causal"></attn-heatmap>
 *
 * Safe to load twice (the site's bundle and widgets.js, or two copies from two CDNs): a tag
 * that is already defined is left alone, and both copies share one core (shared/core.js).
 */
import { AttnHeatmap } from './attn-heatmap/attn-heatmap.js';
import { AttnSteps } from './attn-steps/attn-steps.js';
import { AttnShapes } from './attn-shapes/attn-shapes.js';
import { AttnPositions } from './attn-positions/attn-positions.js';
import { AttnMaskEditor } from './attn-mask-editor/attn-mask-editor.js';
import { AttnBlock } from './attn-block/attn-block.js';
import { AttnDecoder } from './attn-decoder/attn-decoder.js';
import { AttnKvcache } from './attn-kvcache/attn-kvcache.js';
import { AttnPooling } from './attn-pooling/attn-pooling.js';
import { AttnTrain } from './attn-train/attn-train.js';

export {
  AttnHeatmap,
  AttnSteps,
  AttnShapes,
  AttnPositions,
  AttnMaskEditor,
  AttnBlock,
  AttnDecoder,
  AttnKvcache,
  AttnPooling,
  AttnTrain,
};
export { getLab } from './shared/core.js';

/** Every widget tag and its class; the lesson renderer's allow-list mirrors these tags. */
export const WIDGETS = {
  'attn-heatmap': AttnHeatmap,
  'attn-steps': AttnSteps,
  'attn-shapes': AttnShapes,
  'attn-positions': AttnPositions,
  'attn-mask-editor': AttnMaskEditor,
  'attn-block': AttnBlock,
  'attn-decoder': AttnDecoder,
  'attn-kvcache': AttnKvcache,
  'attn-pooling': AttnPooling,
  'attn-train': AttnTrain,
};

for (const [tag, element] of Object.entries(WIDGETS)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
