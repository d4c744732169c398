// UI strings of <attn-steps>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnSteps' so
// widgets never collide; both languages must have the same keys (a browser test checks).
export default {
  en: {},
  'zh-CN': {},
};
