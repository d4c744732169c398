// UI strings of <attn-block>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnBlock' so
// widgets never collide; both languages must have the same keys (a browser test checks).
export default {
  en: {
    attnBlockLabel: 'An encoder block, stage by stage',
    attnBlockHeadsDivide: (heads, dModel, divisors) =>
      `heads ${heads} does not divide d-model ${dModel}: allowed ${divisors.join(', ')}`,
    attnBlockEvenDModel: (dModel, positional) =>
      `d-model ${dModel} must be even with ${positional} positions (they pair up columns): ` +
      'allowed 2, 4, …, 256',
    attnBlockNorm: 'LayerNorm',
    attnBlockNormNames: { post: 'post-norm (2017)', pre: 'pre-norm' },
    attnBlockActivation: 'Activation',
    attnBlockActivationNames: { relu: 'ReLU', gelu: 'GELU' },
    attnBlockLayers: 'Layers',
    attnBlockHeads: 'Heads',
    attnBlockPositional: 'Positions',
    attnBlockPositionalNames: {
      none: 'none',
      sinusoidal: 'sinusoidal',
      learned: 'learned',
      rope: 'RoPE',
    },
    attnBlockLayerPicker: 'Layer',
    attnBlockLayerOf: (l, n) => `Layer ${l} of ${n}`,
    attnBlockTimes: (n) => `× ${n}`,
    attnBlockLayerClamped: (asked, n) =>
      `layer ${asked} is past the end of this ${n}-layer stack (allowed 1..${n}); ` +
      'showing the last layer.',
    attnBlockStageOf: (i, n) => `Stage ${i} of ${n}`,
    attnBlockDiagramLabel: (l, n) => `Encoder layer ${l} of ${n}: pick a stage`,
    attnBlockKeysHint: 'Click a stage, or use the arrow keys.',
    attnBlockStageNames: {
      input: 'Input x',
      'self-attention': 'Multi-Head Attention',
      add: 'Add',
      norm: 'LayerNorm',
      hidden: 'Hidden + ReLU',
      hiddenGelu: 'Hidden + GELU',
      ffn: 'Output',
      'final-norm': 'Final LayerNorm',
    },
    attnBlockInputFrom: (k) => `Output of layer ${k}`,
    attnBlockHeadsNote: (h, dK) => `${h} ${h === 1 ? 'head' : 'heads'} of width ${dK}`,
    attnBlockAfterLayer: (n) => `after layer ${n}`,
    attnBlockGroupFfn: 'Feed Forward',
    attnBlockGroupAddNorm: 'Add & Norm',
    attnBlockInputIntro: (positional) =>
      ({
        none: 'The block’s input: one row per token, the token embeddings with no positions.',
        sinusoidal:
          'The block’s input: one row per token, each token’s embedding plus its sinusoidal ' +
          'positional encoding.',
        learned:
          'The block’s input: one row per token, each token’s embedding plus a learned ' +
          'position vector.',
        rope:
          'The block’s input: one row per token, the token embeddings. RoPE adds nothing ' +
          'here: it rotates the queries and keys inside attention.',
      })[positional],
    attnBlockInputLater: (k) =>
      `The output of layer ${k} is this layer’s input: every layer reads and writes the same ` +
      'shape, so layers stack.',
    attnBlockViewX: 'x: the block’s input',
    attnBlockAttentionIntro: (h, dK) =>
      `Each token gathers information from the others: ${h} ${h === 1 ? 'head' : 'heads'} ` +
      `attend in parallel on ${dK}-wide slices, their outputs are concatenated and projected ` +
      'back to d_model. This is the only stage where tokens mix.',
    attnBlockViewAttention: 'the attention output, MultiHead(x)',
    attnBlockWeightsSummary: 'Show who attends to whom (weights averaged over the heads)',
    attnBlockWeightsNote: 'Row i: how much token i takes from each token. Rows sum to 1.',
    attnBlockAddIntro: (residual, sublayer) =>
      `The residual connection adds the sub-layer’s output to its input, number by number: ` +
      `“${residual}” + “${sublayer}”. The sub-layer only has to learn a correction, and ` +
      'gradients flow straight through the addition.',
    attnBlockAddShape: 'both (n × d_model): the shapes must match',
    attnBlockViewSum: 'the sum',
    attnBlockTokenNumbers: (tok, p) => `Token ${p} “${tok}” in numbers`,
    attnBlockAddCheck: (gap) =>
      `Check: the largest difference between x + F(x) and the core’s sum, over every ` +
      `number, is ${gap} (float32 rounding).`,
    attnBlockNormIntro: (from) =>
      `LayerNorm takes each token’s row (here “${from}”) on its own: it subtracts the row’s ` +
      'mean and divides by its standard deviation, so every row comes out with mean 0 and ' +
      'standard deviation 1. Then γ and β (learned, one per feature) scale and shift each ' +
      'column.',
    attnBlockBatchNormToggle: 'What BatchNorm would average',
    attnBlockBatchNormNote: (n) =>
      'BatchNorm takes statistics down each column instead: one mean and one standard ' +
      `deviation per feature, over the ${n} tokens here (over a whole batch in training). ` +
      'They depend on the other tokens and sentences in the batch. LayerNorm’s statistics ' +
      'depend on nothing but the token itself. Note that after LayerNorm the columns are not ' +
      'at mean 0 and std 1: only the rows are.',
    attnBlockViewBefore: (from) => `before (${from})`,
    attnBlockViewHat: 'normalised, (x − μ) / √(σ² + ε)',
    attnBlockViewAfter: 'after γ and β: the stage’s output',
    attnBlockHiddenIntro: (dFF, dModel) =>
      `The feed-forward network first widens every token from ${dModel} to d_ff = ${dFF} ` +
      `numbers` +
      (dFF % dModel === 0 ? ` (${dFF / dModel} × d_model)` : '') +
      ', then applies the activation. Each token goes through on its own, with the same ' +
      'weights: no mixing between tokens here.',
    attnBlockReluZeros: (zeros, total, share) =>
      `ReLU set ${zeros} of the ${total} hidden values to exactly 0 (${share}%): ` +
      'the grey cells.',
    attnBlockGeluNegatives: (negatives, total, zeros) =>
      `GELU keeps small negative values instead of zeros: ${negatives} of the ${total} ` +
      `hidden values are negative, ${zeros} exactly 0.`,
    attnBlockViewHidden: (dFF) => `hidden layer, d_ff = ${dFF}`,
    attnBlockFfnIntro:
      'The second linear layer brings every token back to d_model numbers. The same two ' +
      'layers are applied at every position, which is the same as two convolutions of kernel ' +
      'size 1 sliding along the sentence.',
    attnBlockViewFfn: 'the FFN’s output, FFN(x)',
    attnBlockFeaturesAxis: (d) => `features 1..${d} →`,
    attnBlockFeature: 'feature',
    attnBlockPickToken: (p, tok) => `Pick token ${p} “${tok}”`,
    attnBlockMean: 'mean',
    attnBlockStd: 'std',
    attnBlockZeros: 'zeros',
    attnBlockMapLabel: (n, d, lo, hi) =>
      `Heatmap: ${n} tokens (rows) by ${d} features (columns), colours from ${lo} to ${hi}`,
    attnBlockColumnMean: 'column mean',
    attnBlockColumnStd: 'column std',
    attnBlockColumnsLabel: 'Per-feature mean and standard deviation over the tokens',
    attnBlockColumnRange: (meanLo, meanHi, stdLo, stdHi) =>
      `BatchNorm’s per-feature statistics: means from ${meanLo} to ${meanHi}, standard ` +
      `deviations from ${stdLo} to ${stdHi}.`,
  },
  'zh-CN': {
    attnBlockLabel: '逐个阶段走一遍编码器块',
    attnBlockHeadsDivide: (heads, dModel, divisors) =>
      `heads ${heads} 不能整除 d-model ${dModel}：允许 ${divisors.join('、')}`,
    attnBlockEvenDModel: (dModel, positional) =>
      `使用 ${positional} 位置编码时 d-model ${dModel} 必须是偶数（它把列两两配对）：` +
      '允许 2、4、…、256',
    attnBlockNorm: '层归一化',
    attnBlockNormNames: { post: '后置归一化（2017）', pre: '前置归一化' },
    attnBlockActivation: '激活函数',
    attnBlockActivationNames: { relu: 'ReLU', gelu: 'GELU' },
    attnBlockLayers: '层数',
    attnBlockHeads: '头数',
    attnBlockPositional: '位置编码',
    attnBlockPositionalNames: {
      none: '无',
      sinusoidal: '正弦',
      learned: '可学习',
      rope: 'RoPE',
    },
    attnBlockLayerPicker: '层',
    attnBlockLayerOf: (l, n) => `第 ${l} 层（共 ${n} 层）`,
    attnBlockTimes: (n) => `× ${n}`,
    attnBlockLayerClamped: (asked, n) =>
      `layer ${asked} 超出了这个 ${n} 层的堆叠（允许 1..${n}）；下面显示最后一层。`,
    attnBlockStageOf: (i, n) => `第 ${i} 步，共 ${n} 步`,
    attnBlockDiagramLabel: (l, n) => `编码器第 ${l} 层（共 ${n} 层）：选择一个阶段`,
    attnBlockKeysHint: '点击某个阶段，或用方向键切换。',
    attnBlockStageNames: {
      input: '输入 x',
      'self-attention': '多头注意力',
      add: '相加',
      norm: '层归一化',
      hidden: '隐藏层 + ReLU',
      hiddenGelu: '隐藏层 + GELU',
      ffn: '输出',
      'final-norm': '最终层归一化',
    },
    attnBlockInputFrom: (k) => `第 ${k} 层的输出`,
    attnBlockHeadsNote: (h, dK) => `${h} 个头，每个宽 ${dK}`,
    attnBlockAfterLayer: (n) => `第 ${n} 层之后`,
    attnBlockGroupFfn: '前馈网络',
    attnBlockGroupAddNorm: '相加与归一化',
    attnBlockInputIntro: (positional) =>
      ({
        none: '块的输入：每个词元一行，只有词元嵌入，没有位置信息。',
        sinusoidal: '块的输入：每个词元一行，是词元嵌入加上它的正弦位置编码。',
        learned: '块的输入：每个词元一行，是词元嵌入加上一个可学习的位置向量。',
        rope: '块的输入：每个词元一行，只有词元嵌入。RoPE 不在这里相加，而是在注意力内部旋转查询和键。',
      })[positional],
    attnBlockInputLater: (k) =>
      `第 ${k} 层的输出就是这一层的输入：每一层读进和写出的形状完全相同，所以层可以一层层叠上去。`,
    attnBlockViewX: 'x：块的输入',
    attnBlockAttentionIntro: (h, dK) =>
      `每个词元从其他词元那里收集信息：${h} 个头在各自宽 ${dK} 的切片上并行做注意力，` +
      '输出拼接起来，再投影回 d_model。整个块里只有这一步让词元之间互相交流。',
    attnBlockViewAttention: '多头注意力的输出 MultiHead(x)',
    attnBlockWeightsSummary: '看看谁在关注谁（各个头的权重取平均）',
    attnBlockWeightsNote: '第 i 行：词元 i 从每个词元取多少。每行之和为 1。',
    attnBlockAddIntro: (residual, sublayer) =>
      `残差连接把子层的输出逐个数地加到子层的输入上：“${residual}” + “${sublayer}”。` +
      '子层只需学习一个修正量，梯度也能沿着这条加法直通下去。',
    attnBlockAddShape: '两者都是 (n × d_model)：形状必须一致',
    attnBlockViewSum: '和',
    attnBlockTokenNumbers: (tok, p) => `第 ${p} 个词元“${tok}”的具体数值`,
    attnBlockAddCheck: (gap) =>
      `核对：在所有数上，x + F(x) 与内核算出的和之间的最大差值是 ${gap}（float32 舍入误差）。`,
    attnBlockNormIntro: (from) =>
      `层归一化对每个词元的那一行（这里是“${from}”）单独处理：减去这一行的均值，` +
      '再除以它的标准差，于是每一行出来都是均值 0、标准差 1。然后 γ 和 β' +
      '（可学习，每个特征一个）再对每一列做缩放和平移。',
    attnBlockBatchNormToggle: '批归一化会对什么求平均',
    attnBlockBatchNormNote: (n) =>
      '批归一化则是沿着每一列统计：每个特征一个均值、一个标准差，这里是对 ' +
      `${n} 个词元求（训练时是对整个批次）。这些统计量取决于批次里的其他词元和句子；` +
      '层归一化的统计量只取决于这个词元自己。注意：层归一化之后，各列并不是均值 0、' +
      '标准差 1，只有各行是。',
    attnBlockViewBefore: (from) => `归一化之前（${from}）`,
    attnBlockViewHat: '归一化后，(x − μ) / √(σ² + ε)',
    attnBlockViewAfter: '乘 γ 加 β 之后：这一步的输出',
    attnBlockHiddenIntro: (dFF, dModel) =>
      `前馈网络先把每个词元从 ${dModel} 个数扩展到 d_ff = ${dFF} 个数` +
      (dFF % dModel === 0 ? `（${dFF / dModel} × d_model）` : '') +
      '，再过激活函数。每个词元各走各的，用的是同一套权重：这里词元之间不交流。',
    attnBlockReluZeros: (zeros, total, share) =>
      `ReLU 把 ${total} 个隐藏值中的 ${zeros} 个变成了恰好 0（${share}%）：就是灰色的格子。`,
    attnBlockGeluNegatives: (negatives, total, zeros) =>
      `GELU 不会产生成片的 0，而是保留一些小的负值：${total} 个隐藏值中有 ${negatives} ` +
      `个是负数，恰好为 0 的有 ${zeros} 个。`,
    attnBlockViewHidden: (dFF) => `隐藏层，d_ff = ${dFF}`,
    attnBlockFfnIntro:
      '第二个线性层把每个词元变回 d_model 个数。同样的两层作用在每一个位置上，' +
      '这就相当于两个沿句子滑动、核大小为 1 的卷积。',
    attnBlockViewFfn: '前馈网络的输出 FFN(x)',
    attnBlockFeaturesAxis: (d) => `特征 1..${d} →`,
    attnBlockFeature: '特征',
    attnBlockPickToken: (p, tok) => `选中第 ${p} 个词元“${tok}”`,
    attnBlockMean: '均值',
    attnBlockStd: '标准差',
    attnBlockZeros: '0 的个数',
    attnBlockMapLabel: (n, d, lo, hi) =>
      `热力图：${n} 个词元（行）× ${d} 个特征（列），颜色从 ${lo} 到 ${hi}`,
    attnBlockColumnMean: '列均值',
    attnBlockColumnStd: '列标准差',
    attnBlockColumnsLabel: '每个特征在所有词元上的均值和标准差',
    attnBlockColumnRange: (meanLo, meanHi, stdLo, stdHi) =>
      `批归一化用的逐特征统计量：均值从 ${meanLo} 到 ${meanHi}，` +
      `标准差从 ${stdLo} 到 ${stdHi}。`,
  },
};
