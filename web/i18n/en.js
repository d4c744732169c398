/**
 * English UI strings: the shell and the widgets. Lesson prose lives in lessons/, not here.
 * A value is a string, or a function of its arguments when the sentence needs numbers or names.
 * zh-CN.js has exactly the same keys (a browser test checks it).
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
  ...attnHeatmapStrings['en'],
  ...attnStepsStrings['en'],
  ...attnShapesStrings['en'],
  ...attnPositionsStrings['en'],
  ...attnMaskEditorStrings['en'],
  ...attnBlockStrings['en'],
  ...attnDecoderStrings['en'],
  ...attnKvcacheStrings['en'],
  ...attnPoolingStrings['en'],
  ...attnTrainStrings['en'],

  // Shell
  labName: 'Attention Lab',
  tagline: 'Transformers, computed live in your browser.',
  skipToContent: 'Skip to content',
  language: 'Language',
  lessons: 'Lessons',
  allLessons: 'All lessons',
  lessonNumber: (n) => `Lesson ${n}`,
  lessonListIntro:
    'Every number in these lessons is computed live, on the sentence you type, by a C++ ' +
    'Transformer core compiled to WebAssembly. Nothing is sent to a server.',
  yourSentence: 'Your sentence',
  sentenceHelp: 'Every widget below that has no sentence of its own follows this one.',
  resetSentence: 'Reset',
  resetSentenceLabel: 'Reset to the lesson’s sentence',
  tokenCount: (n) => `${n} ${n === 1 ? 'token' : 'tokens'}:`,
  previousLesson: 'Previous lesson',
  nextLesson: 'Next lesson',
  sources: 'Sources',
  notFoundTitle: 'Lesson not found',
  notFound: (id) => `There is no lesson “${id}”.`,
  fallbackNotice: 'This lesson is not translated yet; showing the English version.',
  noLessons: 'No lessons found.',
  footer: 'Attention Lab runs entirely in your browser and works offline once loaded.',
  coreVariant: (v) => `Core: WebAssembly (${v === 'simd' ? 'SIMD' : 'scalar'} build).`,

  // Widgets, shared
  loading: 'Loading the core…',
  coreFailed: 'The core could not be loaded:',
  errorKeptLast: 'Showing the last good result.',
  badInteger: (name, raw, min, max) => `${name} “${raw}” is not an integer: allowed ${min}..${max}`,
  outOfRange: (name, raw, min, max) => `${name} ${raw} is out of range: allowed ${min}..${max}`,
  badChoice: (name, raw, allowed) => `${name} “${raw}” is unknown: allowed ${allowed.join(', ')}`,
  mask: 'Mask',
  maskNames: {
    none: 'none',
    causal: 'causal',
    padding: 'padding',
    'causal+padding': 'causal + padding',
  },
  seed: 'Seed',
  newSeed: 'New seed',
  showValues: 'Show values',
  masked: 'masked',
  queryAxis: 'queries (rows)',
  keyAxis: 'keys (columns) →',

  // <attn-heatmap>
  heatmapLabel: (view) => `Self-attention ${view}: rows are queries, columns are keys`,
  view: 'View',
  viewNames: { weights: 'weights', scores: 'scores', 'masked-scores': 'masked scores' },
  rowSum: 'Σ row',
  rowSumHelp: 'The sum of each row of weights: always 1.00 (a row with every key masked is 0).',
  cellLabel: (q, qi, k, ki, value) => `query ${q} (${qi}), key ${k} (${ki}): ${value}`,
  legendWeights: 'weight 0 → 1',
  legendScores: (max) => `score −${max} → 0 → +${max}`,
  legendMasked: 'masked (−∞ before softmax, 0 after)',
  legendWillMask: 'will be masked',
  scoresNote: 'Scores before the mask: hatched cells will be set to −∞.',

  // <attn-steps>
  stepsLabel: 'Self-attention for one query token, step by step',
  queryToken: 'Query token',
  stepOf: (s, n) => `Step ${s} of ${n}`,
  prev: 'Previous',
  next: 'Next',
  stepTitles: ['Query', 'Scores', 'Mask', 'Softmax', 'Output'],
  queryClamped: (q, n) =>
    `query ${q} is past the end of this ${n}-token sentence (allowed 0..${n - 1}); ` +
    'showing the last token.',
  step1Intro: (tok, i) =>
    `Token “${tok}” (position ${i}) has an embedding x${sub(i)}. Multiplying it by the ` +
    'query matrix gives its query: what this token is looking for.',
  step2Intro: (tok) =>
    'Every token has a key, made from its embedding by a second matrix: what it offers to the ' +
    `others. The score of each key for “${tok}” is its dot product with the query, scaled down ` +
    'by the square root of the width so that scores do not grow with it.',
  step2Expand: 'Show the dot product term by term',
  step3Intro: {
    none: 'No mask: every key stays visible, so the scores pass through unchanged.',
    masked: 'The mask blocks some keys: their scores become −∞, so softmax gives them exactly 0.',
  },
  allowed: 'visible',
  blocked: 'blocked',
  step4Intro:
    'Softmax turns the scores into weights: the exponential of each score over the sum of the ' +
    'exponentials. Every weight is between 0 and 1, and together they sum to 1.',
  step5Intro: (tok) =>
    'Every token also has a value, made by a third matrix: what it hands over when picked. ' +
    `The output for “${tok}” is the sum of the values, each scaled by its weight: a blend of ` +
    'the tokens it attends to.',
  embedding: 'embedding',
  query: 'query',
  key: 'key',
  value: 'value',
  score: 'score',
  weight: 'weight',
  output: 'output',
  total: 'sum',
  token: 'token',
};

/** A position index as Unicode subscript digits (x₁₂), for plain-text sentences. */
function sub(i) {
  return String(i).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);
}
