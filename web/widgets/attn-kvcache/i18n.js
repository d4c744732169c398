// UI strings of <attn-kvcache>, merged into web/i18n/{en,zh-CN}.js. Keys start with 'attnKvcache' so
// widgets never collide; both languages must have the same keys (a browser test checks).
export default {
  en: {
    attnKvcacheLabel: 'Generation with and without the KV cache, step by step',
    attnKvcachePrompt: 'Prompt and continuation',
    attnKvcacheStepper: 'Step through the generation',
    attnKvcacheReset: 'Reset',
    attnKvcacheBack: 'Back',
    attnKvcacheStep: 'Step',
    attnKvcachePlay: 'Play',
    attnKvcachePause: 'Pause',
    attnKvcacheStepOf: (k, n) => `Step ${k} of ${n}`,
    attnKvcacheKeys: 'Keys: ← → one step, Home / End the first / last step.',
    attnKvcacheStoppedEnd: 'Stopped: the model wrote <end>.',
    attnKvcacheStoppedAtOnce:
      'Stopped at once: this random model wrote <end> first. Try another seed or prompt.',
    attnKvcacheStoppedMax: (n) => `Done: max-new-tokens (${n}) reached.`,
    attnKvcacheStepClamped: (asked, n) =>
      `step ${asked} is past the end: this run stopped after ${n} ` +
      `${n === 1 ? 'step' : 'steps'}, so the last step is shown.`,
    attnKvcacheCacheTitle: (k) => `The KV cache after step ${k} (last layer)`,
    attnKvcacheCacheHelp: (k, added) =>
      k === 1
        ? `Step 1 read the whole prompt, so it stored ${added} ${added === 1 ? 'row' : 'rows'} ` +
          'at once (outlined). The token it wrote joins the cache at the next step.'
        : `This step fed back one token and stored its key and value: ${added} new ` +
          `${added === 1 ? 'row' : 'rows'} (outlined). Earlier rows never change.`,
    attnKvcacheK: 'K cache',
    attnKvcacheV: 'V cache',
    attnKvcacheLegend: 'negative → 0 → positive',
    attnKvcacheSize: (layers, rows, d, numbers, kb) =>
      `Cache size: 2 × ${layers} ${layers === 1 ? 'layer' : 'layers'} × ${rows} tokens × ` +
      `${d} = ${numbers} numbers (${kb} KB as 32-bit floats).`,
    attnKvcacheWorkTitle: (k) => `Work at step ${k}`,
    attnKvcacheWorkHelp: (runs) =>
      'Multiply-adds are counted exactly by the core. Times are measured, so they vary from run ' +
      `to run${runs > 1 ? `; each mode ran ${runs} times and the fastest run is shown` : ''}.`,
    attnKvcacheCoarseClock:
      'This browser’s clock ticks every 100 µs, so a step faster than that can read 0; the ' +
      'totals are more telling.',
    attnKvcacheOff: 'cache off',
    attnKvcacheOn: 'cache on',
    attnKvcacheMacsStep: 'Multiply-adds, this step',
    attnKvcacheTimeStep: 'Time, this step (µs)',
    attnKvcacheMacsTotal: (k) => `Multiply-adds, ${k === 1 ? 'step 1' : `steps 1–${k}`}`,
    attnKvcacheTimeTotal: (k) => `Time, ${k === 1 ? 'step 1' : `steps 1–${k}`} (µs)`,
    attnKvcacheRatio: (k) =>
      `Multiply-adds without the cache ÷ with it, ${k === 1 ? 'step 1' : `steps 1–${k}`}:`,
    attnKvcacheSameTokens: 'Same tokens in both runs:',
    attnKvcacheYes: 'yes',
    attnKvcacheNo: 'no',
    attnKvcacheMaxDiff: (n) => `Largest logit difference over all ${n} steps:`,
    attnKvcacheChartTitle: 'Multiply-adds per generated token',
    attnKvcacheChartHelp:
      'Without the cache each step redoes every earlier token, so its cost climbs with the ' +
      'length. With the cache a step handles one token; only its attention over the cached keys ' +
      'grows.',
    attnKvcacheChartLabel: (k, off, on) =>
      `Chart of multiply-adds per step; at step ${k}: ${off} without the cache, ${on} with it.`,
    attnKvcacheChartX: 'generation step',
    attnKvcacheRandom: (seed, vocab) =>
      `These weights are random (seed ${seed}), not trained: the continuation is an arbitrary ` +
      `pick from a vocabulary of ${vocab} tokens (<begin>, <end> and the prompt’s tokens). ` +
      'Watch the work, not the words; lesson 11 trains a model.',
    attnKvcachePastEnd:
      'It wrote <end> somewhere, and this widget carries on regardless, so that the work can be ' +
      'measured over the full length.',
    attnKvcacheMaxNew: 'Max new tokens',
    attnKvcacheLayers: 'Layers',
    attnKvcacheHeads: 'Heads',
    attnKvcacheEven: (d) => `d-model ${d} must be even: allowed 2, 4, 6 … 256`,
    attnKvcacheHeadsDivide: (h, d, allowed) =>
      `heads ${h} does not divide d-model ${d}: allowed ${allowed.join(', ')}`,
  },
  'zh-CN': {
    attnKvcacheLabel: '开和关 KV 缓存时的逐步生成',
    attnKvcachePrompt: '提示词和续写',
    attnKvcacheStepper: '逐步查看生成过程',
    attnKvcacheReset: '重置',
    attnKvcacheBack: '上一步',
    attnKvcacheStep: '下一步',
    attnKvcachePlay: '播放',
    attnKvcachePause: '暂停',
    attnKvcacheStepOf: (k, n) => `第 ${k} 步，共 ${n} 步`,
    attnKvcacheKeys: '键盘：← → 走一步，Home / End 跳到第一步 / 最后一步。',
    attnKvcacheStoppedEnd: '已停止：模型写出了 <end>。',
    attnKvcacheStoppedAtOnce:
      '一开始就停止了：这个随机模型第一个就写出了 <end>。换个种子或提示词试试。',
    attnKvcacheStoppedMax: (n) => `完成：已达到 max-new-tokens（${n}）。`,
    attnKvcacheStepClamped: (asked, n) =>
      `step ${asked} 超出了范围：这次生成在 ${n} 步后就停止了，所以显示最后一步。`,
    attnKvcacheCacheTitle: (k) => `第 ${k} 步之后的 KV 缓存（最后一层）`,
    attnKvcacheCacheHelp: (k, added) =>
      k === 1
        ? `第 1 步读入了整段提示词，所以一次存下 ${added} 行（加框的部分）。它写出的词元要到下一步才进入缓存。`
        : `这一步把一个词元喂回模型，并存下它的键和值：新增 ${added} 行（加框的部分）。之前的行永远不变。`,
    attnKvcacheK: 'K 缓存',
    attnKvcacheV: 'V 缓存',
    attnKvcacheLegend: '负 → 0 → 正',
    attnKvcacheSize: (layers, rows, d, numbers, kb) =>
      `缓存大小：2 × ${layers} 层 × ${rows} 个词元 × ${d} = ${numbers} 个数（按 32 位浮点数约 ${kb} KB）。`,
    attnKvcacheWorkTitle: (k) => `第 ${k} 步的工作量`,
    attnKvcacheWorkHelp: (runs) =>
      '乘加次数由核心精确计数。时间是实测的，每次运行都会有波动' +
      `${runs > 1 ? `；每种模式各跑了 ${runs} 次，这里显示最快的一次` : ''}。`,
    attnKvcacheCoarseClock:
      '这个浏览器的时钟每 100 微秒才走一格，比这更快的步骤可能显示为 0；看总时间更能说明问题。',
    attnKvcacheOff: '关缓存',
    attnKvcacheOn: '开缓存',
    attnKvcacheMacsStep: '乘加次数（本步）',
    attnKvcacheTimeStep: '时间（本步，微秒）',
    attnKvcacheMacsTotal: (k) => `乘加次数（${k === 1 ? '第 1 步' : `第 1–${k} 步`}）`,
    attnKvcacheTimeTotal: (k) => `时间（${k === 1 ? '第 1 步' : `第 1–${k} 步`}，微秒）`,
    attnKvcacheRatio: (k) =>
      `关缓存与开缓存的乘加次数之比（${k === 1 ? '第 1 步' : `第 1–${k} 步`}）：`,
    attnKvcacheSameTokens: '两遍写出的词元相同：',
    attnKvcacheYes: '是',
    attnKvcacheNo: '否',
    attnKvcacheMaxDiff: (n) => `全部 ${n} 步中 logits 的最大差值：`,
    attnKvcacheChartTitle: '每生成一个词元的乘加次数',
    attnKvcacheChartHelp:
      '不用缓存时，每一步都要把之前的词元全部重做一遍，所以开销随长度往上爬。用了缓存，每步只处理一个词元，只有它对缓存中各个键的注意力在增长。',
    attnKvcacheChartLabel: (k, off, on) =>
      `每步乘加次数的图表；第 ${k} 步：关缓存 ${off} 次，开缓存 ${on} 次。`,
    attnKvcacheChartX: '生成步数',
    attnKvcacheRandom: (seed, vocab) =>
      `这些权重是随机的（种子 ${seed}），没有训练过：续写的内容只是从 ${vocab} 个词元的词表` +
      '（<begin>、<end> 和提示词里的词元）中随便挑的。请看工作量，别看字面；第 11 课会训练一个模型。',
    attnKvcachePastEnd:
      '它在某一步写出了 <end>，但这个小部件不理会，继续往下生成，好在整个长度上量出工作量。',
    attnKvcacheMaxNew: '最多新词元数',
    attnKvcacheLayers: '层数',
    attnKvcacheHeads: '注意力头数',
    attnKvcacheEven: (d) => `d-model ${d} 必须是偶数：允许 2、4、6 … 256`,
    attnKvcacheHeadsDivide: (h, d, allowed) =>
      `heads ${h} 不能整除 d-model ${d}：允许 ${allowed.join('、')}`,
  },
};
