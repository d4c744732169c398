// UI strings of <attn-train>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnTrain' so
// widgets never collide; both languages must have the same keys (a test checks). Messages from
// the core stay as the core wrote them, inside a translated sentence.

const TASKS_EN = {
  reverse: 'reverse the digits',
  copy: 'copy the digits',
  sort: 'sort the digits',
  pairs: 'your own pairs',
  text: 'your own text (next character)',
};
const TASKS_ZH = {
  reverse: '数字倒序',
  copy: '原样复制数字',
  sort: '数字排序',
  pairs: '自己的输入输出对',
  text: '自己的文本（预测下一个字符）',
};
const KINDS_EN = { encoder: 'encoder self', decoder: 'decoder self', cross: 'cross' };
const KINDS_ZH = { encoder: '编码器自注意力', decoder: '解码器自注意力', cross: '交叉注意力' };
const MODELS_EN = { 'encoder-decoder': 'encoder-decoder', 'decoder-only': 'decoder-only' };
const MODELS_ZH = { 'encoder-decoder': '编码器-解码器', 'decoder-only': '仅解码器' };

const range = (min, max, above) => (above ? `${min} < value ≤ ${max}` : `${min}..${max}`);
const rangeZh = (min, max, above) => (above ? `大于 ${min} 且不超过 ${max}` : `${min}..${max}`);

export default {
  en: {
    attnTrainLabel: 'Training a small Transformer',
    attnTrainToolbar: 'Training',
    attnTrainTrain: 'Train',
    attnTrainResume: 'Resume',
    attnTrainPause: 'Pause',
    attnTrainStepOnce: 'Step once',
    attnTrainPace: 'Speed',
    attnTrainFullSpeed: 'full',
    attnTrainPaceN: (n) => `${n} steps/s`,
    attnTrainReset: 'Reset',
    attnTrainSave: 'Save checkpoint',
    attnTrainLoad: 'Load checkpoint',
    attnTrainSaved: (name) => `Saved ${name} (weights, optimizer state and settings).`,
    attnTrainLoaded: (name, step) =>
      `Loaded ${name}: the model is back at step ${step}. The curves restart from here.`,
    attnTrainLoadCheckpointFailed: (name, message) =>
      `Could not load ${name}: ${message}. Nothing was changed.`,
    attnTrainCoreError: (message) => `The training core reported: ${message}`,
    attnTrainRefused: (message) => `These settings cannot be trained: ${message}`,
    attnTrainWorkerFailed: 'The training worker could not be started.',
    attnTrainStep: 'step',
    attnTrainSteps: 'Steps',
    attnTrainLoss: 'loss',
    attnTrainRate: 'steps/s',
    attnTrainTokenAcc: 'token accuracy',
    attnTrainExactAcc: 'exact match',
    attnTrainAccuracy: 'held-out accuracy',
    attnTrainEvalAt: (step, count) => `held-out: ${count} examples, at step ${step}`,
    attnTrainDone: (steps) =>
      `Done: ${steps} steps (the “Steps” setting). A larger value starts a new, longer run.`,
    attnTrainSummary: (step, loss) => `Paused at step ${step}, loss ${loss}.`,
    attnTrainDivergedTitle: 'Training diverged and has stopped.',
    attnTrainDivergedHelp:
      'The weights of the last good step are kept. Press Reset, or lower the learning rate.',
    attnTrainLossTitle: 'Training loss (cross-entropy, log scale)',
    attnTrainAccTitle: (count, text) =>
      text
        ? 'Held-out next-character accuracy (teacher-forced)'
        : `Held-out accuracy (greedy decoding, ${count} examples)`,
    attnTrainNoSteps: 'Press Train: the curve starts here.',
    attnTrainMapTitle: (kind, layer, step) =>
      `${kind === 'cross' ? 'Cross-attention' : kind === 'encoder' ? 'Encoder self-attention' : 'Decoder self-attention'}, layer ${layer}, at step ${step}`,
    attnTrainMapHelp: (kind, task) =>
      kind === 'cross'
        ? 'Rows: the decoder’s input (the target shifted right behind <begin>). Columns: the source. ' +
          (task === 'reverse'
            ? 'Watch for an anti-diagonal as the model learns to read the source backwards.'
            : 'Each row shows where that position reads the source.')
        : 'Rows are queries, columns are keys, each row sums to 1.',
    attnTrainKind: 'Attention',
    attnTrainKindName: (k) => KINDS_EN[k] ?? k,
    attnTrainKindShort: (k) => ({ encoder: 'encoder', decoder: 'decoder', cross: 'cross' })[k] ?? k,
    attnTrainLayer: 'Layer',
    attnTrainHead: 'Head',
    attnTrainAllHeads: 'all',
    attnTrainHeadN: (h) => `head ${h}`,
    attnTrainExample: 'Held-out example',
    attnTrainPrevExample: 'Previous example',
    attnTrainNextExample: 'Next example',
    attnTrainGridLabel: (kind, head) => `${KINDS_EN[kind] ?? kind} attention weights, head ${head}`,
    attnTrainKeyTitle: (j, token) => `key ${j}: ${token}`,
    attnTrainQueryTitle: (i, token) => `query ${i}: ${token}`,
    attnTrainLegend: 'weight 0 → 1',
    attnTrainPredsTitle: (step) => `Held-out predictions at step ${step}`,
    attnTrainPredsHelp: (text) =>
      text
        ? 'The next character at each position of the held-out end of the text, each predicted from the true text before it (teacher forcing). ✓ right, ✗ wrong (the expected character after the bar).'
        : 'Greedy decoding on examples the model never trained on. ✓ right token, ✗ wrong token (the expected one after the bar).',
    attnTrainIn: 'in',
    attnTrainOut: 'out',
    attnTrainRightToken: (i, token) => `position ${i}: ${token}, right`,
    attnTrainWrongToken: (i, got, want) =>
      `position ${i}: ${got ?? 'nothing'}, wrong, expected ${want ?? 'nothing'}`,
    attnTrainExactRight: 'exact',
    attnTrainExactWrong: 'not exact',
    attnTrainOwn: (task) =>
      task === 'text'
        ? 'Try your own start:'
        : task === 'pairs'
          ? 'Try your own input:'
          : 'Try your own digits:',
    attnTrainPredict: 'Predict',
    attnTrainAtStep: (step) => `(model at step ${step})`,
    attnTrainFacts: (f) =>
      `${MODELS_EN[f.model] ?? f.model}, ${f.layers} ${f.layers === 1 ? 'layer' : 'layers'}` +
      `${f.model === 'encoder-decoder' ? ' per stack' : ''}, d_model ${f.dModel}, ${f.heads} ` +
      `${f.heads === 1 ? 'head' : 'heads'}: ${f.parameters} trainable numbers. Vocabulary: ` +
      `${f.vocab} tokens. Training data: ` +
      `${f.trainSize > 0 ? `${f.trainSize} examples` : 'new random examples in every batch'}` +
      `${f.heldOut > 0 ? `; ${f.heldOut} held out` : ''}.` +
      `${f.model === 'decoder-only' && f.causal === false ? ' Causal mask: OFF.' : ''}` +
      ` Core: ${f.variant === 'simd' ? 'SIMD' : 'scalar'} WebAssembly, in a Web Worker.`,
    attnTrainSettings: 'Training settings',
    attnTrainTask: 'Task',
    attnTrainTaskName: (v) => TASKS_EN[v] ?? v,
    attnTrainLength: 'Length',
    attnTrainContext: 'Context',
    attnTrainModel: 'Model',
    attnTrainModelName: (m) => MODELS_EN[m] ?? m,
    attnTrainCausal: 'causal mask (decoder-only)',
    attnTrainPairsLabel: 'Your pairs, one per line: input -> output (each character is a token)',
    attnTrainTextLabel: 'Your text (the model learns to predict the next character)',
    attnTrainUseData: 'Train on this',
    attnTrainHeads: 'Heads',
    attnTrainLayers: 'Layers',
    attnTrainLr: 'Learning rate',
    attnTrainWarmup: 'Warm-up',
    attnTrainBatch: 'Batch',
    attnTrainAdvanced: 'More settings',
    attnTrainSchedule: 'Schedule',
    attnTrainScheduleName: (v) => (v === 'cosine' ? 'cosine decay' : 'constant'),
    attnTrainOptimizer: 'Optimizer',
    attnTrainWeightDecay: 'Weight decay',
    attnTrainClip: 'Gradient clip',
    attnTrainLabelSmoothing: 'Label smoothing',
    attnTrainPositional: 'Positions',
    attnTrainPositionalName: (v) =>
      ({ learned: 'learned', sinusoidal: 'sinusoidal', rope: 'RoPE' })[v] ?? v,
    attnTrainNorm: 'LayerNorm',
    attnTrainNormName: (v) => (v === 'pre' ? 'pre-norm' : 'post-norm'),
    attnTrainActivation: 'Activation',
    attnTrainHeldOut: 'Held out',
    attnTrainEvalEvery: 'Evaluate every',
    attnTrainBadNumber: (name, raw, min, max, above) =>
      `${name} “${raw}” is not a number: allowed ${range(min, max, above)}`,
    attnTrainNumberRange: (name, raw, min, max, above) =>
      `${name} ${raw} is out of range: allowed ${range(min, max, above)}`,
    attnTrainHeadsDivide: (heads, d, allowed) =>
      `heads ${heads} does not divide d-model ${d}: allowed ${allowed.join(', ')}`,
    attnTrainBadHead: (raw, heads) => `head “${raw}” is unknown: allowed all, 1..${heads}`,
    attnTrainBadExample: (example, count) =>
      `example ${example} is out of range: allowed 1..${count}`,
  },
  'zh-CN': {
    attnTrainLabel: '训练一个小 Transformer',
    attnTrainToolbar: '训练',
    attnTrainTrain: '开始训练',
    attnTrainResume: '继续训练',
    attnTrainPause: '暂停',
    attnTrainStepOnce: '单步',
    attnTrainPace: '速度',
    attnTrainFullSpeed: '全速',
    attnTrainPaceN: (n) => `每秒 ${n} 步`,
    attnTrainReset: '重置',
    attnTrainSave: '保存检查点',
    attnTrainLoad: '载入检查点',
    attnTrainSaved: (name) => `已保存 ${name}（权重、优化器状态和设置）。`,
    attnTrainLoaded: (name, step) => `已载入 ${name}：模型回到第 ${step} 步，曲线从这里重新画起。`,
    attnTrainLoadCheckpointFailed: (name, message) =>
      `无法载入 ${name}：${message}。什么都没有改变。`,
    attnTrainCoreError: (message) => `训练核心报告：${message}`,
    attnTrainRefused: (message) => `这组设置无法训练：${message}`,
    attnTrainWorkerFailed: '训练用的 Web Worker 无法启动。',
    attnTrainStep: '步数',
    attnTrainSteps: '训练步数',
    attnTrainLoss: '损失',
    attnTrainRate: '步/秒',
    attnTrainTokenAcc: '词元准确率',
    attnTrainExactAcc: '完全匹配率',
    attnTrainAccuracy: '留出集准确率',
    attnTrainEvalAt: (step, count) => `留出集：${count} 个样本，第 ${step} 步`,
    attnTrainDone: (steps) =>
      `已完成 ${steps} 步（“训练步数”的设置）。调大它会重新开始一次更长的训练。`,
    attnTrainSummary: (step, loss) => `已暂停，第 ${step} 步，损失 ${loss}。`,
    attnTrainDivergedTitle: '训练发散，已经停下。',
    attnTrainDivergedHelp: '保留的是最后一个正常步骤的权重。请按“重置”，或者调小学习率。',
    attnTrainLossTitle: '训练损失（交叉熵，对数坐标）',
    attnTrainAccTitle: (count, text) =>
      text ? '留出文本上的下一字符准确率（教师强制）' : `留出集准确率（贪心解码，${count} 个样本）`,
    attnTrainNoSteps: '按“开始训练”，曲线从这里开始。',
    attnTrainMapTitle: (kind, layer, step) =>
      `${kind === 'cross' ? '交叉注意力' : kind === 'encoder' ? '编码器自注意力' : '解码器自注意力'}，第 ${layer} 层，第 ${step} 步`,
    attnTrainMapHelp: (kind, task) =>
      kind === 'cross'
        ? '行：解码器的输入（目标序列右移一位，前面补 <begin>）。列：源序列。' +
          (task === 'reverse'
            ? '模型学会倒着读源序列时，留意一条反对角线的出现。'
            : '每一行表示这个位置去源序列的哪里读信息。')
        : '行是查询，列是键，每一行加起来等于 1。',
    attnTrainKind: '注意力',
    attnTrainKindName: (k) => KINDS_ZH[k] ?? k,
    attnTrainKindShort: (k) => ({ encoder: '编码器', decoder: '解码器', cross: '交叉' })[k] ?? k,
    attnTrainLayer: '层',
    attnTrainHead: '头',
    attnTrainAllHeads: '全部',
    attnTrainHeadN: (h) => `第 ${h} 个头`,
    attnTrainExample: '留出样本',
    attnTrainPrevExample: '上一个样本',
    attnTrainNextExample: '下一个样本',
    attnTrainGridLabel: (kind, head) => `${KINDS_ZH[kind] ?? kind}权重，第 ${head} 个头`,
    attnTrainKeyTitle: (j, token) => `键 ${j}：${token}`,
    attnTrainQueryTitle: (i, token) => `查询 ${i}：${token}`,
    attnTrainLegend: '权重 0 → 1',
    attnTrainPredsTitle: (step) => `第 ${step} 步时在留出样本上的预测`,
    attnTrainPredsHelp: (text) =>
      text
        ? '在文本末尾留出的部分上，逐个位置预测下一个字符，每次都以真实的前文为输入（教师强制）。✓ 正确，✗ 错误（竖线后是应有的字符）。'
        : '在模型从没训练过的样本上做贪心解码。✓ 词元正确，✗ 词元错误（竖线后是应有的词元）。',
    attnTrainIn: '输入',
    attnTrainOut: '输出',
    attnTrainRightToken: (i, token) => `第 ${i} 个位置：${token}，正确`,
    attnTrainWrongToken: (i, got, want) =>
      `第 ${i} 个位置：${got ?? '空'}，错误，应为 ${want ?? '空'}`,
    attnTrainExactRight: '完全匹配',
    attnTrainExactWrong: '不完全匹配',
    attnTrainOwn: (task) =>
      task === 'text'
        ? '自己写个开头试试：'
        : task === 'pairs'
          ? '自己输入试试：'
          : '自己输入数字试试：',
    attnTrainPredict: '预测',
    attnTrainAtStep: (step) => `（第 ${step} 步的模型）`,
    attnTrainFacts: (f) =>
      `${MODELS_ZH[f.model] ?? f.model}，${f.model === 'encoder-decoder' ? '每一侧 ' : ''}${f.layers} 层，` +
      `d_model ${f.dModel}，${f.heads} 个头：共 ${f.parameters} 个可训练的数。词表：${f.vocab} 个词元。` +
      `训练数据：${f.trainSize > 0 ? `${f.trainSize} 个样本` : '每个批次都现造新的随机样本'}` +
      `${f.heldOut > 0 ? `；留出 ${f.heldOut} 个` : ''}。` +
      `${f.model === 'decoder-only' && f.causal === false ? '因果掩码：关闭。' : ''}` +
      `核心：${f.variant === 'simd' ? 'SIMD' : '标量'} WebAssembly，运行在 Web Worker 里。`,
    attnTrainSettings: '训练设置',
    attnTrainTask: '任务',
    attnTrainTaskName: (v) => TASKS_ZH[v] ?? v,
    attnTrainLength: '长度',
    attnTrainContext: '上下文',
    attnTrainModel: '模型',
    attnTrainModelName: (m) => MODELS_ZH[m] ?? m,
    attnTrainCausal: '因果掩码（仅解码器模型）',
    attnTrainPairsLabel: '你的输入输出对，每行一个：输入 -> 输出（每个字符是一个词元）',
    attnTrainTextLabel: '你的文本（模型学习预测下一个字符）',
    attnTrainUseData: '用这些数据训练',
    attnTrainHeads: '头数',
    attnTrainLayers: '层数',
    attnTrainLr: '学习率',
    attnTrainWarmup: '预热步数',
    attnTrainBatch: '批大小',
    attnTrainAdvanced: '更多设置',
    attnTrainSchedule: '学习率调度',
    attnTrainScheduleName: (v) => (v === 'cosine' ? '余弦衰减' : '恒定'),
    attnTrainOptimizer: '优化器',
    attnTrainWeightDecay: '权重衰减',
    attnTrainClip: '梯度裁剪',
    attnTrainLabelSmoothing: '标签平滑',
    attnTrainPositional: '位置编码',
    attnTrainPositionalName: (v) =>
      ({ learned: '可学习', sinusoidal: '正弦', rope: 'RoPE' })[v] ?? v,
    attnTrainNorm: '层归一化',
    attnTrainNormName: (v) => (v === 'pre' ? '前置（pre-norm）' : '后置（post-norm）'),
    attnTrainActivation: '激活函数',
    attnTrainHeldOut: '留出样本数',
    attnTrainEvalEvery: '评估间隔（步）',
    attnTrainBadNumber: (name, raw, min, max, above) =>
      `${name} “${raw}” 不是数字：允许 ${rangeZh(min, max, above)}`,
    attnTrainNumberRange: (name, raw, min, max, above) =>
      `${name} ${raw} 超出范围：允许 ${rangeZh(min, max, above)}`,
    attnTrainHeadsDivide: (heads, d, allowed) =>
      `heads ${heads} 不能整除 d-model ${d}：允许 ${allowed.join('、')}`,
    attnTrainBadHead: (raw, heads) => `head “${raw}” 无效：允许 all 或 1..${heads}`,
    attnTrainBadExample: (example, count) => `example ${example} 超出范围：允许 1..${count}`,
  },
};
