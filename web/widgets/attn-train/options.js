// Attributes of <attn-train> -> the core's TrainOptions (wasm/js/train.d.ts) and the view state.
// Every range here is the contract's; a bad value throws an AttributeError whose translated
// message names the attribute, the value and what is allowed. Checks that need the core (a pairs
// line without "->", a text that is too short) are left to the core, whose message is shown.
import { AttributeError, D_FF_MAX, SEED_MAX, parseChoice, parseIntAttr } from '../shared/attrs.js';
import { divisors } from '../shared/heads.js';

export { TASKS } from '../../../wasm/js/train.js';
import { TASKS } from '../../../wasm/js/train.js';

export const MODELS = ['encoder-decoder', 'decoder-only'];
export const DIGIT_TASKS = ['reverse', 'copy', 'sort'];
export const KINDS = ['encoder', 'decoder', 'cross'];
export const D_MODELS = [8, 16, 32, 64, 128, 256];
export const D_FFS = [8, 16, 32, 64, 128, 256, 512, 1024];
export const BATCHES = [1, 4, 8, 16, 32, 64, 128, 256];
export const SCHEDULES = ['constant', 'cosine'];
export const OPTIMIZERS = ['adam', 'adamw'];
export const POSITIONALS = ['learned', 'sinusoidal', 'rope'];
export const ACTIVATIONS = ['relu', 'gelu'];
export const NORMS = ['post', 'pre'];
export { SEED_MAX };
/** Held-out examples scored at each evaluation (the design's "500 held-out sequences"). */
export const EVAL_LIMIT = 500;

/** A few "input -> output" lines for the 'pairs' task: lower case to upper case, letter by letter. */
export const DEFAULT_PAIRS = [
  'cat -> CAT',
  'dog -> DOG',
  'bird -> BIRD',
  'fish -> FISH',
  'lion -> LION',
  'wolf -> WOLF',
  'bear -> BEAR',
  'duck -> DUCK',
  'frog -> FROG',
  'goat -> GOAT',
  'horse -> HORSE',
  'zebra -> ZEBRA',
  'quick -> QUICK',
  'jump -> JUMP',
  'vex -> VEX',
  'king -> KING',
  'pony -> PONY',
  'yak -> YAK',
  'mix -> MIX',
  'owl -> OWL',
  'crab -> CRAB',
  'seal -> SEAL',
  'moth -> MOTH',
  'wasp -> WASP',
  'lamb -> LAMB',
  'mole -> MOLE',
  'newt -> NEWT',
  'hare -> HARE',
  'deer -> DEER',
  'swan -> SWAN',
  'crow -> CROW',
  'dove -> DOVE',
  'lynx -> LYNX',
  'puma -> PUMA',
  'mink -> MINK',
  'toad -> TOAD',
  'worm -> WORM',
  'slug -> SLUG',
  'tick -> TICK',
  'flea -> FLEA',
  'gnat -> GNAT',
  'ibis -> IBIS',
  'kiwi -> KIWI',
  'emu -> EMU',
  'orca -> ORCA',
  'pike -> PIKE',
  'carp -> CARP',
  'tuna -> TUNA',
  'bass -> BASS',
].join('\n');

/** The default text of the 'text' task (written for this lab). */
export const DEFAULT_TEXT =
  'attention lets every token look at every other token and decide how much each one ' +
  'matters. a query meets the keys, the scores go through softmax, and the weights mix ' +
  'the values. a decoder writes one token at a time and never looks ahead. a model that ' +
  'is trained on this text learns which letter tends to follow which, and then it writes ' +
  'text that looks a little like this text. the more it trains, the more it remembers.';

/**
 * Parses a decimal attribute. Absent or blank -> `fallback`. `above` makes the lower bound
 * exclusive (a learning rate must be more than 0).
 */
export function parseDecimal(t, name, raw, { min, max, fallback, above = false }) {
  if (raw == null || String(raw).trim() === '') return fallback;
  const text = String(raw).trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    throw new AttributeError(t('attnTrainBadNumber', name, text, min, max, above));
  }
  const value = Number(text);
  if (value > max || value < min || (above && value <= min)) {
    throw new AttributeError(t('attnTrainNumberRange', name, text, min, max, above));
  }
  return value;
}

/** A boolean written as an attribute value: absent -> fallback; "", "true" -> true; "false" -> false. */
export function parseFlag(t, name, raw, fallback) {
  if (raw == null) return fallback;
  const text = String(raw).trim().toLowerCase();
  if (text === '' || text === 'true') return true;
  if (text === 'false') return false;
  throw new AttributeError(t('badChoice', name, raw, ['true', 'false']));
}

/**
 * The run's options from the element's attributes: only the keys that matter for the task and
 * model, so two attribute sets that make the same run give the same options.
 * @returns {import('../../../wasm/js/train.js').TrainOptions}
 */
export function parseRunOptions(t, el) {
  const task = parseChoice(t, 'task', el.task, TASKS, 'reverse');
  const model =
    task === 'text' ? 'decoder-only' : parseChoice(t, 'model', el.model, MODELS, 'encoder-decoder');
  const o = { task, model };
  if (DIGIT_TASKS.includes(task)) {
    o.length = parseIntAttr(t, 'length', el.length, { min: 2, max: 16, fallback: 8 });
  }
  if (task === 'pairs') o.pairs = el.pairs ?? DEFAULT_PAIRS;
  if (task === 'text') {
    o.text = el.text ?? DEFAULT_TEXT;
    o.context = parseIntAttr(t, 'context', el.context, { min: 4, max: 128, fallback: 32 });
  }
  o.dModel = parseIntAttr(t, 'd-model', el.dModel, { min: 8, max: 256, fallback: 64 });
  o.heads = parseIntAttr(t, 'heads', el.heads, { min: 1, max: o.dModel, fallback: 4 });
  if (o.dModel % o.heads !== 0) {
    throw new AttributeError(t('attnTrainHeadsDivide', o.heads, o.dModel, divisors(o.dModel)));
  }
  o.layers = parseIntAttr(t, 'layers', el.layers, { min: 1, max: 4, fallback: 2 });
  o.dFF = parseIntAttr(t, 'd-ff', el.dFF, { min: 8, max: D_FF_MAX, fallback: 128 });
  o.activation = parseChoice(t, 'activation', el.activation, ACTIVATIONS, 'relu');
  o.normFirst = parseChoice(t, 'norm', el.norm, NORMS, 'post') === 'pre';
  o.positional = parseChoice(t, 'positional', el.positional, POSITIONALS, 'learned');
  if (model === 'decoder-only') o.causal = parseFlag(t, 'causal', el.causal, true);
  else parseFlag(t, 'causal', el.causal, true); // still checked, so a typo is reported
  o.batch = parseIntAttr(t, 'batch', el.batch, { min: 1, max: 256, fallback: 32 });
  o.lr = parseDecimal(t, 'lr', el.lr, { min: 0, max: 10, fallback: 0.002, above: true });
  o.warmup = parseIntAttr(t, 'warmup', el.warmup, { min: 0, max: 100000, fallback: 50 });
  o.schedule = parseChoice(t, 'schedule', el.schedule, SCHEDULES, 'constant');
  o.steps = parseIntAttr(t, 'steps', el.steps, { min: 1, max: 100000, fallback: 2000 });
  o.optimizer = parseChoice(t, 'optimizer', el.optimizer, OPTIMIZERS, 'adam');
  const decay = parseDecimal(t, 'weight-decay', el.weightDecay, { min: 0, max: 1 });
  if (decay !== undefined) o.weightDecay = decay;
  o.clip = parseDecimal(t, 'clip', el.clip, { min: 0, max: 1000, fallback: 1 });
  o.labelSmoothing = parseDecimal(t, 'label-smoothing', el.labelSmoothing, {
    min: 0,
    max: 0.5,
    fallback: 0,
  });
  o.seed = parseIntAttr(t, 'seed', el.seed, { min: 0, max: SEED_MAX, fallback: 1 });
  if (task !== 'text') {
    o.heldOut = parseIntAttr(t, 'held-out', el.heldOut, { min: 1, max: 2000, fallback: 500 });
  }
  return o;
}

/**
 * What the widget shows, which never changes the run: the attention map's kind, layer, head and
 * held-out example, and how often to evaluate.
 */
export function parseView(t, el, options) {
  const kinds = options.model === 'decoder-only' ? ['decoder'] : KINDS;
  const kind = parseChoice(t, 'kind', el.kind, kinds, kinds[kinds.length - 1]);
  const layer = parseIntAttr(t, 'layer', el.layer, {
    min: 1,
    max: options.layers,
    fallback: options.layers,
  });
  let head = 'all';
  if (el.head != null && String(el.head).trim() !== '' && String(el.head).trim() !== 'all') {
    const text = String(el.head).trim();
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > options.heads) {
      throw new AttributeError(t('attnTrainBadHead', text, options.heads));
    }
    head = Number(text);
  }
  const example = parseIntAttr(t, 'example', el.example, { min: 1, max: 2000, fallback: 1 });
  const evalEvery = parseIntAttr(t, 'eval-every', el.evalEvery, {
    min: 1,
    max: 100000,
    fallback: 100,
  });
  const pace = parseIntAttr(t, 'pace', el.pace, { min: 0, max: 1000, fallback: 0 });
  return { kind, layer, head, example, evalEvery, pace };
}
