// UI strings of <attn-mask-editor>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnMaskEditor' so
// widgets never collide; both languages must have the same keys (a browser test checks).
export default {
  en: {
    attnMaskEditorLabel: 'Mask editor: the mask, the scores and the weights, then one row',
    attnMaskEditorAttention: 'Attention',
    attnMaskEditorKinds: { self: 'self', cross: 'cross (keys from a memory)' },
    attnMaskEditorMemory: 'Memory',
    attnMaskEditorDefaultMemory: 'the robot must obey orders <pad>',
    attnMaskEditorTerms: 'Mask terms',
    attnMaskEditorTermNames: {
      causal: 'causal',
      padding: 'padding',
      prefix: 'prefix P',
      window: 'window R',
    },
    attnMaskEditorPrefixLabel: 'Prefix length P',
    attnMaskEditorWindowLabel: 'Window radius R',
    attnMaskEditorSpec: 'Spec',
    attnMaskEditorSpecHelp: 'terms joined by +, e.g. causal+window:2 or prefix:3+padding',
    attnMaskEditorMaskIs: 'Mask:',
    attnMaskEditorCustomName: 'custom',
    attnMaskEditorShapeSelf: (n) => `self-attention, ${n} × ${n}`,
    attnMaskEditorShapeCross: (n, m) => `cross-attention, ${n} queries × ${m} keys`,
    attnMaskEditorAllowed: (allowed, total) => `${allowed} of ${total} cells may attend`,
    attnMaskEditorCustom: (changed, spec) =>
      `A custom mask: ${changed} ${changed === 1 ? 'cell differs' : 'cells differ'} from “${spec}”.`,
    attnMaskEditorResetCells: 'Back to the spec',
    attnMaskEditorEditHint:
      'Click a cell of the mask (or focus it and press Space) to open or block it; click a row ' +
      'of the other two to follow that query below.',
    attnMaskEditorPanels: { mask: 'Mask', scores: 'Scores', weights: 'Weights' },
    attnMaskEditorPanelNotes: {
      mask: '1 = may attend (M\u00a0=\u00a00), 0 = blocked (M\u00a0=\u00a0−∞)',
      weights: 'softmax of each row',
    },
    attnMaskEditorScoresViews: { before: 'before mask', after: 'after mask' },
    attnMaskEditorQueries: 'queries',
    attnMaskEditorLegendAllowed: 'may attend',
    attnMaskEditorLegendBlocked: 'blocked: −∞ before softmax, 0 after',
    attnMaskEditorCellLabel: (q, qi, k, ki) => `query ${q} (${qi}), key ${k} (${ki})`,
    attnMaskEditorCellAllowed: ': may attend',
    attnMaskEditorCellBlocked: ': blocked',
    attnMaskEditorCellToggle: ' (Space toggles)',
    attnMaskEditorRowTitle: 'Row by row',
    attnMaskEditorQueryPicker: 'Query',
    attnMaskEditorQueryClamped: (q, n) =>
      `query ${q} is past the end of this ${n}-token sentence (allowed 0..${n - 1}); ` +
      'showing the last row.',
    attnMaskEditorRowIntro: (tok, i) =>
      `Row ${i}, the query “${tok}”: each key’s score, the score after the mask, its exponential, ` +
      'and its weight, which is the exponential divided by the sum of them all. Blocked keys ' +
      'have exp(−∞) = 0, so the weights of the others still add up to 1.',
    attnMaskEditorRowHeads: { key: 'key', mask: 'M', weight: 'weight' },
    attnMaskEditorAllBlocked:
      'Every key in this row is blocked, so there is nothing to share out: with −∞ everywhere ' +
      'softmax would be 0/0, and the core returns a row of zeros instead.',
    attnMaskEditorBadCells: (raw) =>
      `cells “${raw}” is not a mask: allowed rows of 0 and 1 joined by /, e.g. 100/110/111`,
    attnMaskEditorCellsShape: (rows, cols, n, m) =>
      `cells has ${rows} rows of ${cols} but the mask is ${n} × ${m}: allowed ${n} rows of ${m} ` +
      'digits (use “Back to the spec”)',
  },
  'zh-CN': {
    attnMaskEditorLabel: '掩码编辑器：掩码、分数、权重，再逐行查看',
    attnMaskEditorAttention: '注意力',
    attnMaskEditorKinds: { self: '自注意力', cross: '交叉注意力（键来自记忆）' },
    attnMaskEditorMemory: '记忆（编码器句子）',
    attnMaskEditorDefaultMemory: '机器人必须服从命令 <pad>',
    attnMaskEditorTerms: '掩码项',
    attnMaskEditorTermNames: {
      causal: '因果',
      padding: '填充',
      prefix: '前缀 P',
      window: '窗口 R',
    },
    attnMaskEditorPrefixLabel: '前缀长度 P',
    attnMaskEditorWindowLabel: '窗口半径 R',
    attnMaskEditorSpec: '掩码写法',
    attnMaskEditorSpecHelp: '用 + 连接各项，例如 causal+window:2 或 prefix:3+padding',
    attnMaskEditorMaskIs: '掩码：',
    attnMaskEditorCustomName: '自定义',
    attnMaskEditorShapeSelf: (n) => `自注意力，${n} × ${n}`,
    attnMaskEditorShapeCross: (n, m) => `交叉注意力，${n} 个查询 × ${m} 个键`,
    attnMaskEditorAllowed: (allowed, total) => `${total} 格中有 ${allowed} 格可以关注`,
    attnMaskEditorCustom: (changed, spec) => `自定义掩码：与“${spec}”相比改动了 ${changed} 格。`,
    attnMaskEditorResetCells: '恢复为写法对应的掩码',
    attnMaskEditorEditHint:
      '点击掩码中的格子（或聚焦后按空格键）可以放行或挡住它；点击另外两张图中的某一行，' +
      '下方就会跟着显示这个查询。',
    attnMaskEditorPanels: { mask: '掩码', scores: '分数', weights: '权重' },
    attnMaskEditorPanelNotes: {
      mask: '1 = 可以关注（M\u00a0=\u00a00），0 = 挡住（M\u00a0=\u00a0−∞）',
      weights: '每一行做 softmax',
    },
    attnMaskEditorScoresViews: { before: '掩码前', after: '掩码后' },
    attnMaskEditorQueries: '查询',
    attnMaskEditorLegendAllowed: '可以关注',
    attnMaskEditorLegendBlocked: '挡住：softmax 前为 −∞，之后为 0',
    attnMaskEditorCellLabel: (q, qi, k, ki) => `查询 ${q}（${qi}），键 ${k}（${ki}）`,
    attnMaskEditorCellAllowed: '：可以关注',
    attnMaskEditorCellBlocked: '：挡住',
    attnMaskEditorCellToggle: '（空格键切换）',
    attnMaskEditorRowTitle: '逐行查看',
    attnMaskEditorQueryPicker: '查询',
    attnMaskEditorQueryClamped: (q, n) =>
      `查询 ${q} 超出了这个 ${n} 个词元的句子（允许 0..${n - 1}），这里显示最后一行。`,
    attnMaskEditorRowIntro: (tok, i) =>
      `第 ${i} 行，查询“${tok}”：每个键的分数、加上掩码后的分数、它的指数，以及权重——` +
      '权重就是这个指数除以所有指数之和。被挡住的键 exp(−∞) = 0，所以其余键的权重加起来仍是 1。',
    attnMaskEditorRowHeads: { key: '键', mask: 'M', weight: '权重' },
    attnMaskEditorAllBlocked:
      '这一行的所有键都被挡住了，没有可分配的对象：全是 −∞ 时 softmax 会得到 0/0，' +
      '所以内核直接返回一整行 0。',
    attnMaskEditorBadCells: (raw) =>
      `cells“${raw}”不是一个掩码：只允许由 0 和 1 组成、用 / 分隔的行，例如 100/110/111`,
    attnMaskEditorCellsShape: (rows, cols, n, m) =>
      `cells 有 ${rows} 行、每行 ${cols} 位，但掩码是 ${n} × ${m}：需要 ${n} 行、每行 ${m} 位` +
      '（可点“恢复为写法对应的掩码”）',
  },
};
