// UI strings of <attn-pooling>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnPooling'
// so widgets never collide; both languages must have the same keys (a browser test checks).
export default {
  en: {
    attnPoolingLabel: 'Attention pooling: Nadaraya–Watson kernel regression',
    attnPoolingBadNumber: (name, raw, min, max) =>
      `${name} “${raw}” is not a number: allowed ${min}..${max}`,
    attnPoolingOpenRange: (name, raw, min, max) =>
      `${name} ${raw} is out of range: allowed ${min} < ${name} <= ${max}`,
    attnPoolingWidthControl: 'Width w',
    attnPoolingPoints: 'Points',
    attnPoolingNoise: 'Noise',
    attnPoolingNewData: 'New data',
    attnPoolingAverage: (n) =>
      `w = 0: every score is 0, so each of the ${n} points gets weight 1/${n} and f(x) is the ` +
      'plain average of all yᵢ, wherever the query is.',
    attnPoolingReadout: (q, f, truth, w) =>
      `Query x\u00a0=\u00a0${q} → f(x)\u00a0=\u00a0${f} (true curve ${truth}), w\u00a0=\u00a0${w}`,
    attnPoolingPlotLabel: (n) =>
      `Scatter plot of ${n} training points with the prediction curve; below it, the attention ` +
      'weights of the dragged query over the training points.',
    attnPoolingLaneTitle: (sum, max) => `weights α(x, xᵢ) of the query: sum ${sum}, largest ${max}`,
    attnPoolingPointTitle: (i, x, y, a) => `point ${i}: x = ${x}, y = ${y}, weight ${a}`,
    attnPoolingBarTitle: (i, x, a) => `key ${i} (x = ${x}): weight ${a}`,
    attnPoolingQuery: 'Query x',
    attnPoolingQueryValue: (q, f) => `x = ${q}, prediction ${f}`,
    attnPoolingLegendData: 'training points (xᵢ, yᵢ): the bigger and darker, the more weight',
    attnPoolingLegendPrediction: 'prediction f(x)',
    attnPoolingLegendTruth: 'true curve 2 sin x + x^0.8',
    attnPoolingLegendQuery: 'query',
    attnPoolingQueryHelp:
      'Drag across the plot to move the query, or focus the orange handle and use ← → ' +
      '(Shift for small steps, Page Up / Page Down for big ones).',
    attnPoolingHeatTitle: 'Every query at once',
    attnPoolingHeatHelp: (cols) =>
      `Each row is one query x, from 0 (top) to 5 (bottom); each column one of the ${cols} ` +
      'training points, sorted by xᵢ. A row is the weight strip of that query; every row sums to 1.',
    attnPoolingHeatLabel: (rows, cols) =>
      `Heatmap of attention weights: ${rows} queries (rows) by ${cols} training points (columns)`,
    attnPoolingHeatCols: 'keys xᵢ, sorted →',
    attnPoolingHeatLegend: 'weight (0 to the largest in this picture)',
    attnPoolingCell: (q, j, xj, v) => `query x = ${q}, key ${j} (x = ${xj}): weight ${v}`,
    attnPoolingHeatHint: 'Point at a cell to read its weight; click a row to move the query there.',
    attnPoolingTrainTitle: 'Learning w with Adam',
    attnPoolingTrainHelp:
      'The loss predicts every training point from the other points (its own key left out) and ' +
      'averages the squared errors. Each Adam step moves w against the loss’s derivative.',
    attnPoolingTrain: (n) => `Train ${n} steps`,
    attnPoolingPause: 'Pause',
    attnPoolingReset: 'Reset w',
    attnPoolingLr: 'Learning rate',
    attnPoolingTrainState: (s, w, loss, initial, grad) =>
      s === 0
        ? `Not trained yet: w = ${w}, loss ${loss}.`
        : `After ${s} ${s === 1 ? 'step' : 'steps'}: w = ${w}, loss ${loss} (from ${initial}), ` +
          `dloss/dw = ${grad}.`,
    attnPoolingDiverged: (s) =>
      `Training stopped after ${s} steps: the next step sent w out of −100..100. Try a smaller ` +
      'learning rate.',
    attnPoolingAtMax: (max) => `This widget stops at ${max} steps; Reset w to start again.`,
    attnPoolingLossChart: 'Leave-one-out loss',
    attnPoolingWChart: 'Width w',
    attnPoolingChartLabel: (title, steps, first, last) =>
      `${title} over ${steps} Adam steps: from ${first} to ${last}.`,
    attnPoolingStepAxis: 'Adam step',
    attnPoolingMathsTitle: 'Show the maths with these numbers',
    attnPoolingMathsScore:
      'The score of a key is minus half the squared, w-scaled distance to the query. For the key ' +
      'with the largest weight:',
    attnPoolingMathsSoftmax: 'Softmax over all keys turns the scores into weights:',
    attnPoolingMathsScoreCol: 'score sᵢ',
    attnPoolingMathsRest: (k, rest) =>
      `The last number, ${rest}, adds up αᵢ yᵢ over the other ${k} keys.`,
  },
  'zh-CN': {
    attnPoolingLabel: '注意力汇聚：Nadaraya–Watson 核回归',
    attnPoolingBadNumber: (name, raw, min, max) =>
      `${name}“${raw}”不是一个数：允许的范围是 ${min}..${max}`,
    attnPoolingOpenRange: (name, raw, min, max) =>
      `${name} ${raw} 超出范围：要求 ${min} < ${name} <= ${max}`,
    attnPoolingWidthControl: '宽度 w',
    attnPoolingPoints: '数据点',
    attnPoolingNoise: '噪声',
    attnPoolingNewData: '换一组数据',
    attnPoolingAverage: (n) =>
      `w = 0：所有分数都是 0，${n} 个点的权重都是 1/${n}，` +
      '所以不管查询在哪里，f(x) 都只是全部 yᵢ 的平均值。',
    attnPoolingReadout: (q, f, truth, w) =>
      `查询 x\u00a0=\u00a0${q} → f(x)\u00a0=\u00a0${f}（真实曲线 ${truth}），w\u00a0=\u00a0${w}`,
    attnPoolingPlotLabel: (n) =>
      `${n} 个训练点的散点图和预测曲线；下方是被拖动的查询对各个训练点的注意力权重。`,
    attnPoolingLaneTitle: (sum, max) => `该查询的权重 α(x, xᵢ)：合计 ${sum}，最大 ${max}`,
    attnPoolingPointTitle: (i, x, y, a) => `第 ${i} 个点：x = ${x}，y = ${y}，权重 ${a}`,
    attnPoolingBarTitle: (i, x, a) => `第 ${i} 个键（x = ${x}）：权重 ${a}`,
    attnPoolingQuery: '查询 x',
    attnPoolingQueryValue: (q, f) => `x = ${q}，预测值 ${f}`,
    attnPoolingLegendData: '训练点 (xᵢ, yᵢ)，越大越深表示权重越大',
    attnPoolingLegendPrediction: '预测 f(x)',
    attnPoolingLegendTruth: '真实曲线 2 sin x + x^0.8',
    attnPoolingLegendQuery: '查询',
    attnPoolingQueryHelp:
      '在图上横向拖动即可移动查询；也可以让橙色把手获得焦点后按 ← →' +
      '（按住 Shift 走小步，Page Up / Page Down 走大步）。',
    attnPoolingHeatTitle: '所有查询一起看',
    attnPoolingHeatHelp: (cols) =>
      `每一行是一个查询 x，从 0（上）到 5（下）；每一列是 ${cols} 个训练点之一，按 xᵢ 排好序。` +
      '每一行就是那个查询的权重条，每行加起来都等于 1。',
    attnPoolingHeatLabel: (rows, cols) =>
      `注意力权重热力图：${rows} 个查询（行）× ${cols} 个训练点（列）`,
    attnPoolingHeatCols: '键 xᵢ，已排序 →',
    attnPoolingHeatLegend: '权重（从 0 到图中的最大值）',
    attnPoolingCell: (q, j, xj, v) => `查询 x = ${q}，第 ${j} 个键（x = ${xj}）：权重 ${v}`,
    attnPoolingHeatHint: '把指针移到格子上可读出权重；点击某一行，查询就移到那里。',
    attnPoolingTrainTitle: '用 Adam 学习 w',
    attnPoolingTrainHelp:
      '损失函数用其余的点去预测每个训练点（把它自己的键留出去），再对平方误差取平均。' +
      'Adam 每走一步，都让 w 沿着损失导数的反方向移动。',
    attnPoolingTrain: (n) => `训练 ${n} 步`,
    attnPoolingPause: '暂停',
    attnPoolingReset: '重置 w',
    attnPoolingLr: '学习率',
    attnPoolingTrainState: (s, w, loss, initial, grad) =>
      s === 0
        ? `尚未训练：w = ${w}，损失 ${loss}。`
        : `训练 ${s} 步后：w = ${w}，损失 ${loss}（起点 ${initial}），dloss/dw = ${grad}。`,
    attnPoolingDiverged: (s) =>
      `训练在第 ${s} 步后停止：下一步会把 w 推出 −100..100。请调小学习率。`,
    attnPoolingAtMax: (max) => `这个小部件最多训练 ${max} 步；点“重置 w”可以重新开始。`,
    attnPoolingLossChart: '留一法损失',
    attnPoolingWChart: '宽度 w',
    attnPoolingChartLabel: (title, steps, first, last) =>
      `${title}，共 ${steps} 步 Adam：从 ${first} 到 ${last}。`,
    attnPoolingStepAxis: 'Adam 步数',
    attnPoolingMathsTitle: '用这些数字展开公式',
    attnPoolingMathsScore:
      '一个键的分数，是它到查询的距离乘以 w 之后平方、再取负的一半。以权重最大的键为例：',
    attnPoolingMathsSoftmax: '对所有键做 softmax，分数就变成了权重：',
    attnPoolingMathsScoreCol: '分数 sᵢ',
    attnPoolingMathsRest: (k, rest) => `最后一个数 ${rest} 是其余 ${k} 个键的 αᵢ yᵢ 之和。`,
  },
};
