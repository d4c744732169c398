/**
 * The core's errors in the page's language. Every AttnLabError carries a stable `code` and
 * named `params` (all text; the table is in core/include/attnlab/errors.h); here each code has
 * an English and a zh-CN sentence built from those params.
 *
 *     errorText(error, 'zh-CN'); // "d_model 的值 0 超出范围：允许 1..256"
 *
 * English pages show the core's own message (it is the reference wording). 'invalid',
 * 'internal', an unknown code, or a template whose params are missing fall back to that English
 * message, so an error is never blank.
 */

/** Names of options and tensors ('what') as a Chinese reader knows them; others stay as is. */
const WHAT_ZH = {
  dModel: '模型维度 dModel',
  d_model: '模型维度 d_model',
  'd-model': '模型维度 d-model',
  heads: '头数 heads',
  d_ff: '前馈层宽度 d_ff',
  dFF: '前馈层宽度 dFF',
  'd-ff': '前馈层宽度 d-ff',
  layers: '层数 layers',
  layer: '层 layer',
  sentence: '句子',
  'sentence length in bytes': '句子长度（字节）',
  'sequence length': '序列长度',
  steps: '训练步数',
  'total steps': '总步数',
  lr: '学习率 lr',
  'learning rate': '学习率',
  'warm-up steps': '预热步数',
  'batch size': '批大小',
  seed: '随机种子 seed',
  length: '长度',
  positions: '位置数',
  pairs: '样本对数',
  context: '上下文长度',
  'text length in characters': '文本长度（字符数）',
  'example length': '样例长度',
  'held-out examples': '留出样本数',
  top_k: 'top_k',
  temperature: '温度 temperature',
  max_new_tokens: '生成的词元数 max_new_tokens',
  'tokens to generate': '要生成的词元数',
  mask: '掩码 mask',
  'window radius': '窗口半径',
  'prefix length': '前缀长度',
  vocab: '词表',
  'vocabulary size': '词表大小',
  'token id': '词元编号',
  query: '查询 query',
  weights: '权重文件',
  checkpoint: '检查点',
  activation: '激活函数 activation',
  norm: '归一化 norm',
  positional: '位置编码 positional',
  task: '任务 task',
  model: '模型 model',
  optimizer: '优化器 optimizer',
  schedule: '学习率调度 schedule',
  strategy: '解码策略 strategy',
};

/** Each code's sentence, per language, as a function of its params (undefined if missing). */
const TEMPLATES = {
  en: {
    out_of_range: (p) => `${p.what} ${p.value} is out of range: allowed ${p.min}..${p.max}`,
    too_large: (p) => `${p.what} ${p.value} is too large: at most ${p.max}`,
    not_finite: (p) =>
      `${p.what} has a value that is not a finite number at ${p.index}: ${p.value}`,
    unknown_choice: (p) => `${p.what} '${p.value}' is unknown: allowed ${p.allowed}`,
    not_divisible: (p) => `${p.what} ${p.value} is not divisible by ${p.divisor}`,
    shape_mismatch: (p) => `${p.what} has shape ${p.got}, expected ${p.expected}`,
    work_budget: (p) => `${p.what} needs ${p.work} operations: at most ${p.max} per call`,
    bad_file: (p) => `the ${p.what} file cannot be loaded: ${p.detail}`,
    diverged: (p) =>
      `training diverged at step ${p.step} (loss ${p.loss}, first loss ${p.first_loss}, ` +
      `learning rate ${p.lr}): the weights of step ${p.kept_step} are kept`,
  },
  'zh-CN': {
    out_of_range: (p) => `${p.what} 的值 ${p.value} 超出范围：允许 ${p.min}..${p.max}`,
    too_large: (p) => `${p.what} 的值 ${p.value} 太大：最多 ${p.max}`,
    not_finite: (p) => `${p.what} 在 ${p.index} 处不是有限数：${p.value}`,
    unknown_choice: (p) => `${p.what} 不认识 '${p.value}'：可选 ${p.allowed}`,
    not_divisible: (p) => `${p.what} 的值 ${p.value} 不能被 ${p.divisor} 整除`,
    shape_mismatch: (p) => `${p.what} 的形状是 ${p.got}，应为 ${p.expected}`,
    work_budget: (p) => `${p.what} 需要 ${p.work} 次运算：每次调用最多 ${p.max}`,
    bad_file: (p) => `无法加载${p.what}：${p.detail}`,
    diverged: (p) =>
      `训练在第 ${p.step} 步发散（损失 ${p.loss}，初始损失 ${p.first_loss}，学习率 ${p.lr}）：` +
      `保留第 ${p.kept_step} 步的权重`,
  },
};

/** The params each code's template reads: all must be present, else the English message. */
const REQUIRED = {
  out_of_range: ['what', 'value', 'min', 'max'],
  too_large: ['what', 'value', 'max'],
  not_finite: ['what', 'index', 'value'],
  unknown_choice: ['what', 'value', 'allowed'],
  not_divisible: ['what', 'value', 'divisor'],
  shape_mismatch: ['what', 'got', 'expected'],
  work_budget: ['what', 'work', 'max'],
  bad_file: ['what', 'detail'],
  diverged: ['step', 'loss', 'first_loss', 'kept_step', 'lr'],
};

/** The English message of anything thrown (an Error, a string, a plain { message } object). */
export function englishMessage(error) {
  if (error && typeof error.message === 'string' && error.message) return error.message;
  return String(error);
}

/**
 * `error` as a sentence in `lang` ('en' or 'zh-CN'; other tags as normalised by the caller).
 * @param {unknown} error an AttnLabError ({ message, code, params }) or anything thrown
 * @param {string} lang
 * @returns {string}
 */
export function errorText(error, lang) {
  const message = englishMessage(error);
  if (lang !== 'zh-CN') return message;
  const code = error?.code;
  const params = error?.params;
  const template = Object.hasOwn(TEMPLATES['zh-CN'], code) ? TEMPLATES['zh-CN'][code] : null;
  if (!template || !params || typeof params !== 'object') return message;
  if (!REQUIRED[code].every((name) => typeof params[name] === 'string' && params[name] !== '')) {
    return message;
  }
  const what = Object.hasOwn(WHAT_ZH, params.what) ? WHAT_ZH[params.what] : params.what;
  return template({ ...params, what });
}

/** The templates, for tests that check every code has both languages. */
export { TEMPLATES as ERROR_TEMPLATES };
