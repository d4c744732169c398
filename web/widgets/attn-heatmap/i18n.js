// UI strings of <attn-heatmap>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnHeatmap' so
// widgets never collide; both languages must have the same keys (a browser test checks).
// (The single-head strings came first and live in web/i18n/*.js without the prefix.)
export default {
  en: {
    attnHeatmapHeads: 'Heads',
    attnHeatmapShow: 'Show',
    attnHeatmapAllHeads: 'every head',
    attnHeatmapMean: 'mean of the heads',
    attnHeatmapHead: (k) => `head ${k}`,
    attnHeatmapMeanTitle: (h) => `mean over ${h} heads`,
    attnHeatmapGridLabel: (title, view) => `${title}, ${view}: rows are queries, columns are keys`,
    attnHeatmapHeadCount: (h) => `${h} ${h === 1 ? 'head' : 'heads'}`,
    attnHeatmapNotDivisor: (heads, dModel, allowed) =>
      `heads ${heads} does not divide d-model ${dModel}: allowed ${allowed.join(', ')}`,
    attnHeatmapBadHead: (raw, h) => `head “${raw}” is unknown: allowed all, mean, 1..${h}`,
    attnHeatmapMeanNeedsWeights: (view) =>
      `head “mean” averages the weights only; view “${view}” needs head “all” or a head number`,
    attnHeatmapEachRow: 'In every head, each row of weights sums to 1.',
    attnHeatmapMeanHelp:
      'The average of the heads’ weights, what PyTorch’s nn.MultiheadAttention returns by ' +
      'default: it hides what each head does.',
  },
  'zh-CN': {
    attnHeatmapHeads: '头数',
    attnHeatmapShow: '显示',
    attnHeatmapAllHeads: '每个头',
    attnHeatmapMean: '各头的平均',
    attnHeatmapHead: (k) => `头 ${k}`,
    attnHeatmapMeanTitle: (h) => `${h} 个头的平均`,
    attnHeatmapGridLabel: (title, view) => `${title}，${view}：行是查询，列是键`,
    attnHeatmapHeadCount: (h) => `${h} 个头`,
    attnHeatmapNotDivisor: (heads, dModel, allowed) =>
      `heads ${heads} 不能整除 d-model ${dModel}：允许 ${allowed.join('、')}`,
    attnHeatmapBadHead: (raw, h) => `head“${raw}”无法识别：允许 all、mean、1..${h}`,
    attnHeatmapMeanNeedsWeights: (view) =>
      `head“mean”只对权重取平均；视图“${view}”需要 head 为“all”或某个头的编号`,
    attnHeatmapEachRow: '每个头里，每一行权重之和都是 1。',
    attnHeatmapMeanHelp:
      '各个头权重的平均值，也就是 PyTorch 的 nn.MultiheadAttention 默认返回的结果：' +
      '它看不出每个头各自在做什么。',
  },
};
