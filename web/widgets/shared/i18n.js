// UI translations for the widgets and the shell. Two languages, both bundled: together they are
// a few KB, and a widget must be able to switch language without a network round trip.
import en from '../../i18n/en.js';
import zhCN from '../../i18n/zh-CN.js';

export const LANGUAGES = { en, 'zh-CN': zhCN };

/** Maps any BCP 47 tag to a language we ship: zh, zh-Hans, zh-CN... -> 'zh-CN'; others -> 'en'. */
export function normalizeLang(tag) {
  return /^zh\b/i.test(tag ?? '') ? 'zh-CN' : 'en';
}

/**
 * Returns `t(key, ...args)` for a language. A missing key falls back to English, then to the
 * key itself, so a half-translated build still shows something readable.
 */
export function translator(lang) {
  const table = LANGUAGES[normalizeLang(lang)];
  return (key, ...args) => {
    const entry = table[key] ?? en[key] ?? key;
    return typeof entry === 'function' ? entry(...args) : entry;
  };
}

/**
 * The language an element should speak: its own `lang` attribute, else the closest ancestor
 * with one (crossing shadow roots), else the document's.
 */
export function langOf(element) {
  let node = element;
  while (node) {
    if (node.nodeType === Node.ELEMENT_NODE && node.hasAttribute('lang')) {
      return normalizeLang(node.getAttribute('lang'));
    }
    node = node.parentNode ?? node.host;
  }
  return normalizeLang(document.documentElement.lang);
}

// One observer for the whole page instead of one per widget: any `lang` change anywhere asks
// every connected widget to re-check its language.
const listeners = new Set();
let observer;

/** Calls `callback` whenever a `lang` attribute changes anywhere in the document. */
export function onLangChange(callback) {
  listeners.add(callback);
  if (!observer) {
    observer = new MutationObserver(() => listeners.forEach((fn) => fn()));
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['lang'],
      subtree: true,
    });
  }
  return () => listeners.delete(callback);
}
