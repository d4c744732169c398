/**
 * The widget tags a lesson may use, and the attributes each accepts: on a widget tag nothing
 * else survives sanitising. Keep in step with the widgets' documented attributes (a browser
 * test compares this list with each element's observed attributes).
 */
export const WIDGET_ATTRIBUTES = {
  'attn-heatmap': [
    'sentence',
    'mask',
    'view',
    'd-model',
    'seed',
    'show-values',
    'controls',
    'lang',
  ],
  'attn-steps': ['sentence', 'query', 'mask', 'd-model', 'seed', 'step', 'lang'],
  'attn-shapes': ['lang'],
  'attn-positions': ['lang'],
  'attn-mask-editor': ['lang'],
  'attn-block': ['lang'],
  'attn-decoder': ['lang'],
  'attn-kvcache': ['lang'],
};
