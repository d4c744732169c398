// UI strings of <attn-shapes>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnShapes' so
// widgets never collide; both languages must have the same keys (a browser test checks).
export default {
  en: {},
  'zh-CN': {},
};
