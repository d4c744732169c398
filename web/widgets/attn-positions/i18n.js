// UI strings of <attn-positions>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnPositions' so
// widgets never collide; both languages must have the same keys (a browser test checks).
export default {
  en: {
    attnPositionsLabel: 'Positional encoding',
    attnPositionsView: 'View',
    attnPositionsViews: {
      shuffle: 'Shuffle test',
      table: 'Table',
      similarity: 'Similarity',
      compare: 'Side by side',
    },
    attnPositionsKind: 'Kind',
    attnPositionsKinds: { sinusoidal: 'sinusoidal', learned: 'learned', rope: 'RoPE' },
    attnPositionsPositional: 'Positions',
    attnPositionsPositionals: {
      none: 'none',
      sinusoidal: 'sinusoidal',
      learned: 'learned',
      rope: 'RoPE',
    },
    attnPositionsLength: 'Length',
    attnPositionsDModel: 'Width d_model',
    attnPositionsOdd: (name, raw) =>
      `${name} ${raw} is odd: sin/cos positions pair up columns, so it must be even (2..256)`,
    attnPositionsJoinFailed: (text) =>
      `the shuffled tokens could not be written as a sentence that splits back into the same ` +
      `tokens (“${text}”)`,

    // Shuffle view
    attnPositionsShuffleAgain: 'Shuffle again',
    attnPositionsReverse: 'Reverse',
    attnPositionsOriginal: 'Original',
    attnPositionsShuffled: 'Shuffled',
    attnPositionsReversed: 'Reversed',
    attnPositionsFrom: (k) => `was ${k}`,
    attnPositionsSetup: (d, seed) =>
      `One attention layer (one head, d_model = ${d}, seed ${seed}) runs on both sentences. ` +
      'Each token’s output row in the original is compared with the same token’s row in the ' +
      'shuffled sentence.',
    attnPositionsOneToken: 'Only one token: there is nothing to shuffle. Type a longer sentence.',
    attnPositionsSameText:
      'The shuffled tokens read exactly like the original (only repeated tokens swapped places).',
    attnPositionsMaxDiff: 'Largest difference, after matching each token with itself:',
    attnPositionsVerdict: {
      exact: 'exactly 0. Every output row is identical, only moved along with its token.',
      rounding:
        'rounding only. The same numbers were added in another order; position plays no part.',
      changed: 'the outputs changed. With positions, the layer can tell the two orders apart.',
    },
    attnPositionsToken: 'Token',
    attnPositionsRows: 'Output row: original, then shuffled',
    attnPositionsDiff: 'max |diff|',
    attnPositionsRowIn: (where, k) => `${where}, row ${k}`,

    // Table, similarity, compare
    attnPositionsTableTitle: (kind, length, d) =>
      `${kind} table: ${length} positions × ${d} columns`,
    attnPositionsSimTitle: (kind, length) =>
      `${kind}: cosine similarity of ${length} × ${length} positions`,
    attnPositionsTableShort: 'table',
    attnPositionsSimShort: 'similarity',
    attnPositionsPosAxis: 'position pos ↓',
    attnPositionsColAxis: 'column →',
    attnPositionsPos2Axis: 'position →',
    attnPositionsTableAria: (kind, length, d) =>
      `${kind} positional table, ${length} positions by ${d} columns. Arrow keys move the ` +
      'highlighted cell; its value and formula are read out below.',
    attnPositionsSimAria: (kind, length) =>
      `Cosine similarity between the ${kind} vectors of ${length} positions. Arrow keys move ` +
      'the highlighted cell; its value is read out below.',
    attnPositionsHint: 'Hover a cell, or focus the picture and use the arrow keys.',
    attnPositionsCell: (p, c) => `pos ${p}, column ${c}:`,
    attnPositionsLearnedNote:
      'a row of the learned table: random N(0, 1) numbers until training shapes them',
    attnPositionsRopeNote: (i) =>
      `the vector (1, 0, 1, 0, …) rotated to this position; pair i = ${i} turns by θ${i} per position`,
    attnPositionsPair: (p, q, d) => `positions ${p} and ${q} (distance ${d}):`,
    attnPositionsBand: (count, d, min, max) =>
      `All ${count} ${count === 1 ? 'pair' : 'pairs'} at distance ${d}: from ${min} to ${max}.`,
    attnPositionsLegend: (r) => `−${r} → 0 → +${r}`,
  },
  'zh-CN': {
    attnPositionsLabel: '位置编码',
    attnPositionsView: '视图',
    attnPositionsViews: {
      shuffle: '打乱实验',
      table: '编码表',
      similarity: '相似度',
      compare: '并排比较',
    },
    attnPositionsKind: '类型',
    attnPositionsKinds: { sinusoidal: '正弦', learned: '可学习', rope: 'RoPE' },
    attnPositionsPositional: '位置编码',
    attnPositionsPositionals: {
      none: '无',
      sinusoidal: '正弦',
      learned: '可学习',
      rope: 'RoPE',
    },
    attnPositionsLength: '长度',
    attnPositionsDModel: '宽度 d_model',
    attnPositionsOdd: (name, raw) =>
      `${name} ${raw} 是奇数：正弦/余弦位置编码把列两两配对，所以它必须是偶数（2..256）`,
    attnPositionsJoinFailed: (text) =>
      `打乱后的词元无法拼回一句能重新切分成同样词元的话（“${text}”）`,

    attnPositionsShuffleAgain: '再打乱一次',
    attnPositionsReverse: '倒序',
    attnPositionsOriginal: '原句',
    attnPositionsShuffled: '打乱后',
    attnPositionsReversed: '倒序后',
    attnPositionsFrom: (k) => `原第 ${k} 个`,
    attnPositionsSetup: (d, seed) =>
      `同一层注意力（一个头，d_model = ${d}，随机种子 ${seed}）分别在两句话上运行。` +
      '每个词元在原句中的输出行，都和同一个词元在打乱后句子中的输出行做比较。',
    attnPositionsOneToken: '只有一个词元，没什么可打乱的。请输入长一点的句子。',
    attnPositionsSameText: '打乱后的词元读起来和原句完全一样（只是重复的词元互换了位置）。',
    attnPositionsMaxDiff: '把每个词元和它自己配对后，输出行之间的最大差值：',
    attnPositionsVerdict: {
      exact: '恰好为 0。每个输出行都一模一样，只是跟着自己的词元换了位置。',
      rounding: '只有舍入误差。同样的数换了个顺序相加而已，位置没有起任何作用。',
      changed: '输出变了。有了位置信息，这一层就能分清两种顺序。',
    },
    attnPositionsToken: '词元',
    attnPositionsRows: '输出行：上为原句，下为打乱后',
    attnPositionsDiff: '最大差值',
    attnPositionsRowIn: (where, k) => `${where}，第 ${k} 行`,

    attnPositionsTableTitle: (kind, length, d) => `${kind}编码表：${length} 个位置 × ${d} 列`,
    attnPositionsSimTitle: (kind, length) =>
      `${kind}：${length} × ${length} 个位置之间的余弦相似度`,
    attnPositionsTableShort: '编码表',
    attnPositionsSimShort: '相似度',
    attnPositionsPosAxis: '位置 pos ↓',
    attnPositionsColAxis: '列 →',
    attnPositionsPos2Axis: '位置 →',
    attnPositionsTableAria: (kind, length, d) =>
      `${kind}位置编码表，${length} 个位置 × ${d} 列。方向键移动高亮的格子，下方读出它的值和公式。`,
    attnPositionsSimAria: (kind, length) =>
      `${length} 个位置的${kind}向量两两之间的余弦相似度。方向键移动高亮的格子，下方读出它的值。`,
    attnPositionsHint: '把鼠标停在格子上，或者让图获得焦点后用方向键移动。',
    attnPositionsCell: (p, c) => `位置 pos = ${p}，第 ${c} 列：`,
    attnPositionsLearnedNote: '可学习表中的一行：训练之前只是服从 N(0, 1) 的随机数',
    attnPositionsRopeNote: (i) =>
      `把向量 (1, 0, 1, 0, …) 旋转到这个位置；第 i = ${i} 对每过一个位置转 θ${i}`,
    attnPositionsPair: (p, q, d) => `位置 ${p} 和 ${q}（距离 ${d}）：`,
    attnPositionsBand: (count, d, min, max) =>
      `距离为 ${d} 的全部 ${count} 对位置：最小 ${min}，最大 ${max}。`,
    attnPositionsLegend: (r) => `−${r} → 0 → +${r}`,
  },
};
