// One core per page: every widget, the shell and a second copy of widgets.js share the instance
// that the facade's load() memoises on a global symbol.
import { load } from '../../../wasm/js/index.js';
import { errorText } from '../../i18n/errors.js';

const KEY = Symbol.for('attention-lab.core');

/**
 * Resolves to the shared AttentionLab (see wasm/js/index.d.ts). The facade's load() already keeps
 * one instance per page (and forgets a failed load so the next call retries); this also publishes
 * the promise on `globalThis[Symbol.for('attention-lab.core')]`, so a page that only has
 * widgets.js can reach the same core.
 * @returns {Promise<import('../../../wasm/js/index.js').AttentionLab>}
 */
export function getLab() {
  const pending = load();
  globalThis[KEY] = pending;
  return pending;
}

/**
 * The message for an error in the page's language: the core's own English message on an English
 * page, the zh-CN sentence built from its code and params on a zh-CN page (web/i18n/errors.js).
 * Keep the error object and call this at render time, so a language switch re-words it.
 * @param {unknown} error anything thrown; AttnLabErrors carry code and params
 * @param {string} [lang] 'en' (default) or 'zh-CN'
 */
export function messageOf(error, lang = 'en') {
  return errorText(error, lang);
}
