// UI strings of <attn-shapes>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnShapes' so
// widgets never collide; both languages must have the same keys (a browser test checks).
export default {
  en: {
    attnShapesLabel: 'Multi-head attention, stage by stage, with the shape of every tensor',
    attnShapesStages: [
      'Input',
      'Q, K, V',
      'Split into heads',
      'Scores',
      'Weights',
      'Head outputs',
      'Concat',
      'Output',
    ],
    attnShapesStepOf: (s, n) => `Step ${s} of ${n}`,
    attnShapesPrev: 'Previous',
    attnShapesNext: 'Next',
    attnShapesHeads: 'Heads',
    attnShapesDModel: 'Width',
    attnShapesTokens: (n) => `${n} ${n === 1 ? 'token' : 'tokens'}`,
    attnShapesHead: (k) => `head ${k}`,
    attnShapesNotDivisor: (heads, dModel, allowed) =>
      `heads ${heads} does not divide d-model ${dModel}: allowed ${allowed.join(', ')}`,
    attnShapesExplain: [
      (n, d) =>
        `Your sentence has ${n} ${n === 1 ? 'token' : 'tokens'}, and each one is a vector of ` +
        `${d} numbers: X has one row per token.`,
      (n, d, h, dK) =>
        `Three ${d} × ${d} weight matrices turn X into queries, keys and values, each with ` +
        `${d} columns. The colours mark the columns each of the ${h} heads will get: ` +
        `${dK} apiece.`,
      (n, d, h, dK) =>
        `Cut the ${d} columns into ${h} blocks of d_k = ${d} / ${h} = ${dK}. Nothing is ` +
        `computed: the same numbers are regrouped, and head k takes block k. ` +
        'K and V are cut the same way.',
      (n, d, h, dK, root) =>
        `Each head scores its own queries against its own keys and divides by ` +
        `√d_k = √${dK} = ${root}: one ${n} × ${n} matrix per head.`,
      (n, d, h) =>
        `Softmax, row by row, in each of the ${h} heads: the shape stays the same, and every ` +
        'row now sums to 1.',
      (n, d, h, dK) =>
        `Each head multiplies its weights (${n} × ${n}) by its values (${n} × ${dK}) and gets ` +
        `${n} × ${dK}: a small answer for every token.`,
      (n, d, h, dK) =>
        `The heads go back side by side, in order: head 1 fills the first ${dK} columns, ` +
        `head ${h} the last ${dK}. ${h} × ${dK} = ${d} columns: the width of X again.`,
      (n, d) =>
        `One last ${d} × ${d} matrix W_o, plus a bias, mixes the heads: every output column ` +
        `draws on every head, so the head colours are gone. The output has the shape of X, ` +
        `(${n}, ${d}), ready for the next layer.`,
    ],
    attnShapesMaskNote: 'Grey cells are blocked by the mask: they become −∞ before softmax.',
    attnShapesLegendValues: 'value: negative → 0 → positive',
    attnShapesLegendWeights: 'weight 0 → 1',
    attnShapesLegendMasked: 'blocked by the mask',
    attnShapesLegendHeads: 'Heads:',
    attnShapesRow: (tok, i) => `row ${i}: ${tok}`,
    attnShapesColumn: (c) => `column ${c}`,
    attnShapesKeyColumn: (tok, j) => `key ${j}: ${tok}`,
    attnShapesMatrixLabel: (name, rows, cols) =>
      `${name}, ${rows} × ${cols}. Arrow keys read its numbers.`,
    attnShapesKeysHelp: 'Arrow keys move between the stages.',
  },
  'zh-CN': {
    attnShapesLabel: '多头注意力的各个阶段，以及每个张量的形状',
    attnShapesStages: [
      '输入',
      'Q、K、V',
      '拆分成多个头',
      '分数',
      '权重',
      '各头输出',
      '拼接',
      '输出',
    ],
    attnShapesStepOf: (s, n) => `第 ${s} 步，共 ${n} 步`,
    attnShapesPrev: '上一步',
    attnShapesNext: '下一步',
    attnShapesHeads: '头数',
    attnShapesDModel: '宽度',
    attnShapesTokens: (n) => `${n} 个词元`,
    attnShapesHead: (k) => `头 ${k}`,
    attnShapesNotDivisor: (heads, dModel, allowed) =>
      `heads ${heads} 不能整除 d-model ${dModel}：允许 ${allowed.join('、')}`,
    attnShapesExplain: [
      (n, d) => `你的句子有 ${n} 个词元，每个词元是一个 ${d} 维向量：X 的每一行对应一个词元。`,
      (n, d, h, dK) =>
        `三个 ${d} × ${d} 的权重矩阵把 X 变成查询、键和值，每个都有 ${d} 列。` +
        `颜色标出了 ${h} 个头各自将分到哪些列：每个头 ${dK} 列。`,
      (n, d, h, dK) =>
        `把 ${d} 列切成 ${h} 块，每块 d_k = ${d} / ${h} = ${dK} 列。这一步不做任何计算：` +
        '同一批数只是重新分组，第 k 个头拿第 k 块。K 和 V 也照样切分。',
      (n, d, h, dK, root) =>
        `每个头用自己的查询去比对自己的键，再除以 √d_k = √${dK} = ${root}：` +
        `每个头得到一个 ${n} × ${n} 的矩阵。`,
      (n, d, h) => `在 ${h} 个头里分别逐行做 softmax：形状不变，每一行之和变成 1。`,
      (n, d, h, dK) =>
        `每个头用自己的权重（${n} × ${n}）乘以自己的值（${n} × ${dK}），得到 ${n} × ${dK}：` +
        '每个词元一份小结果。',
      (n, d, h, dK) =>
        `按顺序把各个头并排放回去：头 1 占前 ${dK} 列，头 ${h} 占最后 ${dK} 列。` +
        `${h} × ${dK} = ${d} 列，又回到了 X 的宽度。`,
      (n, d) =>
        `最后一个 ${d} × ${d} 的矩阵 W_o（再加一个偏置）把各个头融合起来：每个输出列都用到了` +
        `所有头的结果，所以头的颜色消失了。输出和 X 形状相同，为 (${n}, ${d})，可以直接送进下一层。`,
    ],
    attnShapesMaskNote: '灰色格子被掩码屏蔽：在 softmax 之前它们变成 −∞。',
    attnShapesLegendValues: '数值：负 → 0 → 正',
    attnShapesLegendWeights: '权重 0 → 1',
    attnShapesLegendMasked: '被掩码屏蔽',
    attnShapesLegendHeads: '各个头：',
    attnShapesRow: (tok, i) => `第 ${i} 行：${tok}`,
    attnShapesColumn: (c) => `第 ${c} 列`,
    attnShapesKeyColumn: (tok, j) => `键 ${j}：${tok}`,
    attnShapesMatrixLabel: (name, rows, cols) =>
      `${name}，${rows} × ${cols}。用方向键读取其中的数值。`,
    attnShapesKeysHelp: '用方向键在各个阶段之间移动。',
  },
};
