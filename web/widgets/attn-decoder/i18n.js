// UI strings of <attn-decoder>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnDecoder' so
// widgets never collide; both languages must have the same keys (a browser test checks).
export default {
  en: {
    attnDecoderLabel: 'An encoder-decoder writing its output one token at a time',
    attnDecoderSource: 'Encoder reads',
    attnDecoderInput: 'Decoder input',
    attnDecoderChose: 'and chooses',
    attnDecoderStepper: 'Step through the generation',
    attnDecoderReset: 'Reset',
    attnDecoderBack: 'Back',
    attnDecoderStep: 'Step',
    attnDecoderPlay: 'Play',
    attnDecoderPause: 'Pause',
    attnDecoderStepOf: (k, n) => `Step ${k} of ${n}`,
    attnDecoderKeys: 'Keys: ← → one step, Home / End the first / last step.',
    attnDecoderStoppedEnd: 'Stopped: the decoder wrote <end>.',
    attnDecoderStoppedAtOnce:
      'Stopped at once: this random model wrote <end> first. Try another seed or sentence.',
    attnDecoderStoppedMax: (n) => `Stopped: reached max-new-tokens (${n}) without <end>.`,
    attnDecoderStepClamped: (asked, n) =>
      `step ${asked} is past the end: this run stopped after ${n} ` +
      `${n === 1 ? 'step' : 'steps'}, so the last step is shown.`,
    attnDecoderNotStarted: 'Nothing chosen yet: the decoder holds only <begin>. Press Step.',
    attnDecoderHead: 'Head',
    attnDecoderMean: 'mean',
    attnDecoderMeanNote: (h) => `Mean over the ${h} heads of the last layer.`,
    attnDecoderHeadNote: (h) => `Head ${h} of the last layer.`,
    attnDecoderProbs: 'Next-token probabilities',
    attnDecoderProbsHelp: (strategy, temperature, topK, vocab) =>
      strategy === 'greedy'
        ? `Greedy: the most likely of the ${vocab} vocabulary tokens is chosen.`
        : `Sampled at temperature ${temperature}` +
          `${topK > 0 ? `, from the ${topK} most likely tokens` : ''} ` +
          `(vocabulary: ${vocab} tokens; seeded, so the draw repeats).`,
    attnDecoderChosen: 'chosen',
    attnDecoderSelf: (pos) => `Masked self-attention of the newest query (position ${pos})`,
    attnDecoderSelfHelp:
      'Only the tokens written so far exist, so there is nothing to mask away: one cell per ' +
      'token read, summing to 1.',
    attnDecoderCross: 'Cross-attention: queries from the decoder, keys and values from the encoder',
    attnDecoderCrossHelp:
      'Rows: decoder steps (the query’s token → the token it chose). Columns: the source tokens. ' +
      'Each row sums to 1.',
    attnDecoderLegend: 'weight 0 → 1',
    attnDecoderRandom: (seed, vocab) =>
      `These weights are random (seed ${seed}), not trained: the words are arbitrary picks from ` +
      `a vocabulary of ${vocab} tokens (<begin>, <end> and the sentence’s tokens). Watch the ` +
      'process, not the words; lesson 11 trains a model.',
    attnDecoderStrategy: 'Strategy',
    attnDecoderStrategies: { greedy: 'greedy', sample: 'sample' },
    attnDecoderSampleOnly: 'Used when sampling',
    attnDecoderTemperature: 'Temperature',
    attnDecoderTopK: 'Top-k (0 = all)',
    attnDecoderMaxNew: 'Max new tokens',
    attnDecoderLayers: 'Layers',
    attnDecoderHeads: 'Heads',
    attnDecoderBadNumber: (name, raw, min, max) =>
      `${name} “${raw}” is not a number: allowed ${min}..${max}`,
    attnDecoderEven: (d) => `d-model ${d} must be even: allowed 2, 4, 6 … 256`,
    attnDecoderHeadsDivide: (h, d, allowed) =>
      `heads ${h} does not divide d-model ${d}: allowed ${allowed.join(', ')}`,
    attnDecoderBadHead: (raw, heads) => `head “${raw}” is unknown: allowed mean, 1..${heads}`,
    attnDecoderTopKTooBig: (k, vocab) =>
      `top-k ${k} is more than the vocabulary of ${vocab} tokens: allowed 0..${vocab}`,
  },
  'zh-CN': {
    attnDecoderLabel: '编码器-解码器一次写出一个词元',
    attnDecoderSource: '编码器读入',
    attnDecoderInput: '解码器输入',
    attnDecoderChose: '选出',
    attnDecoderStepper: '逐步查看生成过程',
    attnDecoderReset: '重置',
    attnDecoderBack: '上一步',
    attnDecoderStep: '下一步',
    attnDecoderPlay: '播放',
    attnDecoderPause: '暂停',
    attnDecoderStepOf: (k, n) => `第 ${k} 步，共 ${n} 步`,
    attnDecoderKeys: '键盘：← → 走一步，Home / End 跳到第一步 / 最后一步。',
    attnDecoderStoppedEnd: '已停止：解码器写出了 <end>。',
    attnDecoderStoppedAtOnce:
      '一开始就停止了：这个随机模型第一个就写出了 <end>。换个种子或句子试试。',
    attnDecoderStoppedMax: (n) => `已停止：达到 max-new-tokens（${n}），没有写出 <end>。`,
    attnDecoderStepClamped: (asked, n) =>
      `step ${asked} 超出了范围：这次生成在 ${n} 步后就停止了，所以显示最后一步。`,
    attnDecoderNotStarted: '还没有选出任何词元：解码器手里只有 <begin>。请按“下一步”。',
    attnDecoderHead: '注意力头',
    attnDecoderMean: '平均',
    attnDecoderMeanNote: (h) => `最后一层 ${h} 个注意力头的平均。`,
    attnDecoderHeadNote: (h) => `最后一层的第 ${h} 个注意力头。`,
    attnDecoderProbs: '下一个词元的概率',
    attnDecoderProbsHelp: (strategy, temperature, topK, vocab) =>
      strategy === 'greedy'
        ? `贪心解码：从词表的 ${vocab} 个词元中选概率最大的那个。`
        : `按温度 ${temperature} 采样` +
          `${topK > 0 ? `，只从最可能的 ${topK} 个词元中抽` : ''}` +
          `（词表共 ${vocab} 个词元；抽样带种子，结果可复现）。`,
    attnDecoderChosen: '选中',
    attnDecoderSelf: (pos) => `最新查询（位置 ${pos}）的带掩码自注意力`,
    attnDecoderSelfHelp:
      '只有已经写下的词元存在，所以没有什么需要遮挡：每个已读入的词元一格，加起来等于 1。',
    attnDecoderCross: '交叉注意力：查询来自解码器，键和值来自编码器',
    attnDecoderCrossHelp:
      '行：解码器的各步（查询所在的词元 → 它选出的词元）。列：源句子的词元。每行之和为 1。',
    attnDecoderLegend: '权重 0 → 1',
    attnDecoderRandom: (seed, vocab) =>
      `这些权重是随机的（种子 ${seed}），没有训练过：写出的字只是从 ${vocab} 个词元的词表` +
      '（<begin>、<end> 和句子里的词元）中随便挑的。请看过程，别看字面；第 11 课会训练一个模型。',
    attnDecoderStrategy: '策略',
    attnDecoderStrategies: { greedy: '贪心', sample: '采样' },
    attnDecoderSampleOnly: '采样时才用到',
    attnDecoderTemperature: '温度',
    attnDecoderTopK: 'Top-k（0 表示全部）',
    attnDecoderMaxNew: '最多新词元数',
    attnDecoderLayers: '层数',
    attnDecoderHeads: '注意力头数',
    attnDecoderBadNumber: (name, raw, min, max) => `${name}“${raw}”不是数字：允许 ${min}..${max}`,
    attnDecoderEven: (d) => `d-model ${d} 必须是偶数：允许 2、4、6 … 256`,
    attnDecoderHeadsDivide: (h, d, allowed) =>
      `heads ${h} 不能整除 d-model ${d}：允许 ${allowed.join('、')}`,
    attnDecoderBadHead: (raw, heads) => `head“${raw}”无法识别：允许 mean、1..${heads}`,
    attnDecoderTopKTooBig: (k, vocab) =>
      `top-k ${k} 超过了词表的 ${vocab} 个词元：允许 0..${vocab}`,
  },
};
