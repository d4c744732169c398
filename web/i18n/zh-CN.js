/**
 * 简体中文界面文字：外壳与小部件。课程正文在 lessons/ 中，不在这里。
 * Same keys as en.js; terms follow the course's usage (查询 query, 键 key, 值 value, 掩码 mask).
 */
import attnHeatmapStrings from '../widgets/attn-heatmap/i18n.js';
import attnStepsStrings from '../widgets/attn-steps/i18n.js';
import attnShapesStrings from '../widgets/attn-shapes/i18n.js';
import attnPositionsStrings from '../widgets/attn-positions/i18n.js';
import attnMaskEditorStrings from '../widgets/attn-mask-editor/i18n.js';
import attnBlockStrings from '../widgets/attn-block/i18n.js';
import attnDecoderStrings from '../widgets/attn-decoder/i18n.js';
import attnKvcacheStrings from '../widgets/attn-kvcache/i18n.js';
import attnPoolingStrings from '../widgets/attn-pooling/i18n.js';
import attnTrainStrings from '../widgets/attn-train/i18n.js';

export default {
  // Each widget's own strings (web/widgets/<tag>/i18n.js).
  ...attnHeatmapStrings['zh-CN'],
  ...attnStepsStrings['zh-CN'],
  ...attnShapesStrings['zh-CN'],
  ...attnPositionsStrings['zh-CN'],
  ...attnMaskEditorStrings['zh-CN'],
  ...attnBlockStrings['zh-CN'],
  ...attnDecoderStrings['zh-CN'],
  ...attnKvcacheStrings['zh-CN'],
  ...attnPoolingStrings['zh-CN'],
  ...attnTrainStrings['zh-CN'],

  // Shell
  labName: '注意力实验室',
  tagline: '在浏览器里实时计算的 Transformer。',
  skipToContent: '跳到正文',
  language: '语言',
  lessons: '课程',
  allLessons: '全部课程',
  lessonNumber: (n) => `第 ${n} 课`,
  lessonListIntro:
    '课程中的每一个数字，都由编译成 WebAssembly 的 C++ Transformer 内核，' +
    '在你输入的句子上实时算出。没有任何数据发送到服务器。',
  yourSentence: '你的句子',
  sentenceHelp: '下面所有没有自带句子的小部件都会跟随这个句子。',
  resetSentence: '重置',
  resetSentenceLabel: '恢复本课的默认句子',
  tokenCount: (n) => `${n} 个词元：`,
  previousLesson: '上一课',
  nextLesson: '下一课',
  sources: '参考资料',
  notFoundTitle: '找不到这一课',
  notFound: (id) => `没有名为“${id}”的课程。`,
  fallbackNotice: '这一课还没有翻译，下面显示英文版。',
  noLessons: '没有找到课程。',
  footer: '注意力实验室完全在你的浏览器中运行，加载后即可离线使用。',
  coreVariant: (v) => `内核：WebAssembly（${v === 'simd' ? 'SIMD' : '标量'}版本）。`,

  // Widgets, shared
  loading: '正在加载内核…',
  coreFailed: '内核加载失败：',
  errorKeptLast: '下面保留上一次的正确结果。',
  badInteger: (name, raw, min, max) => `${name}“${raw}”不是整数：允许 ${min}..${max}`,
  outOfRange: (name, raw, min, max) => `${name} ${raw} 超出范围：允许 ${min}..${max}`,
  badChoice: (name, raw, allowed) => `${name}“${raw}”无法识别：允许 ${allowed.join('、')}`,
  mask: '掩码',
  maskNames: {
    none: '无',
    causal: '因果',
    padding: '填充',
    'causal+padding': '因果 + 填充',
  },
  seed: '随机种子',
  newSeed: '换一个种子',
  showValues: '显示数值',
  masked: '已屏蔽',
  queryAxis: '查询（行）',
  keyAxis: '键（列）→',

  // <attn-heatmap>
  heatmapLabel: (view) => `自注意力${view}：行是查询，列是键`,
  view: '视图',
  viewNames: { weights: '权重', scores: '分数', 'masked-scores': '掩码后的分数' },
  rowSum: '行和 Σ',
  rowSumHelp: '每一行权重之和：总是 1.00（所有键都被屏蔽的行为 0）。',
  cellLabel: (q, qi, k, ki, value) => `查询 ${q}（${qi}），键 ${k}（${ki}）：${value}`,
  legendWeights: '权重 0 → 1',
  legendScores: (max) => `分数 −${max} → 0 → +${max}`,
  legendMasked: '已屏蔽（softmax 前为 −∞，之后为 0）',
  legendWillMask: '将被屏蔽',
  scoresNote: '这是加掩码之前的分数：带斜线的格子将被设为 −∞。',

  // <attn-steps>
  stepsLabel: '逐步计算一个查询词元的自注意力',
  queryToken: '查询词元',
  stepOf: (s, n) => `第 ${s} 步，共 ${n} 步`,
  prev: '上一步',
  next: '下一步',
  stepTitles: ['查询', '分数', '掩码', 'Softmax', '输出'],
  queryClamped: (q, n) =>
    `query ${q} 超出了这个 ${n} 个词元的句子（允许 0..${n - 1}）；显示最后一个词元。`,
  step1Intro: (tok, i) =>
    `词元“${tok}”（位置 ${i}）有一个嵌入向量 x${sub(i)}。把它乘以查询矩阵，` +
    '就得到它的查询向量：这个词元在“寻找”什么。',
  step2Intro: (tok) =>
    '每个词元都有一个键，由它的嵌入乘以第二个矩阵得到：它向别人“提供”什么。' +
    `每个键对“${tok}”的分数，是它与查询的点积，再除以维度的平方根，这样分数不会随维度变大。`,
  step2Expand: '逐项展开点积',
  step3Intro: {
    none: '没有掩码：每个键都可见，分数原样通过。',
    masked: '掩码屏蔽了一些键：它们的分数变成 −∞，softmax 之后权重恰好为 0。',
  },
  allowed: '可见',
  blocked: '屏蔽',
  step4Intro:
    'Softmax 把分数变成权重：每个分数的指数除以所有指数之和。每个权重都在 0 和 1 之间，' +
    '加起来等于 1。',
  step5Intro: (tok) =>
    '每个词元还有一个值，由第三个矩阵得到：被选中时它交出什么。' +
    `“${tok}”的输出是所有值按各自权重缩放后的和：它所关注的词元的混合。`,
  embedding: '嵌入',
  query: '查询',
  key: '键',
  value: '值',
  score: '分数',
  weight: '权重',
  output: '输出',
  total: '合计',
  token: '词元',
};

/** A position index as Unicode subscript digits (x₁₂), for plain-text sentences. */
function sub(i) {
  return String(i).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);
}
