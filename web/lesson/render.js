/**
 * The lesson renderer: Markdown with front-matter and TeX maths in, safe HTML out.
 *
 *     const { meta, html } = renderLesson(source);   // meta: the front-matter object
 *     article.innerHTML = html;                      // widgets in it upgrade on insertion
 *
 * Lessons may hold raw HTML (widget tags on their own lines), so the output of markdown-it goes
 * through DOMPurify. The allow-list is DOMPurify's default (no scripts, no event handlers, no
 * javascript: URLs) plus our widget tags with exactly their attributes, and minus what could
 * take over the page: tags such as iframe, style, form; style attributes (except KaTeX's own
 * layout); off-site images (src, srcset, SVG <image>); ids and names that would clobber
 * globals (prefixed 'user-content-'). KaTeX runs with trust: false and bounded sizes and macro
 * expansion. Runs in a browser (DOMPurify needs a DOM).
 */
import MarkdownIt from 'markdown-it';
import texmath from 'markdown-it-texmath';
import katex from 'katex';
import createDOMPurify from 'dompurify';
import 'katex/dist/katex.min.css';
import { WIDGET_ATTRIBUTES } from './allow-list.js';
import { splitFrontMatter } from './front-matter.js';

export { WIDGET_ATTRIBUTES, splitFrontMatter };

/**
 * KaTeX with nothing a lesson could abuse: a TeX typo, or a formula over the limits, shows
 * KaTeX's red error text in place instead of breaking the lesson or drawing a huge box.
 */
export const KATEX_OPTIONS = {
  throwOnError: false,
  strict: 'ignore',
  // No \href, \url, \includegraphics, \htmlClass/\htmlStyle/\htmlData: markup stays maths.
  trust: false,
  // Any size (\rule, \kern, \rule{100000em}{100000em}...) is clamped to 10 em (about 150 px):
  // more than any real formula's rule or space needs, far from a page-covering box.
  maxSize: 10,
  // A macro that expands itself (\def\a{\a\a}) stops after this many expansions.
  maxExpand: 1000,
};

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: true }).use(texmath, {
  engine: katex,
  delimiters: 'dollars',
  katexOptions: KATEX_OPTIONS,
});

let purifier;

/** One private DOMPurify instance so our hooks never touch another library's sanitiser. */
function getPurifier() {
  if (purifier) return purifier;
  purifier = createDOMPurify(window);
  purifier.addHook('uponSanitizeAttribute', (node, data) => {
    // Only KaTeX's own layout styles survive (sizes in em, colours), and nothing else anywhere:
    // a lesson cannot restyle the page (a full-viewport overlay) or fetch a url() from CSS.
    if (data.attrName === 'style') {
      data.keepAttr =
        Boolean(node.closest?.('.katex, .katex-error')) && isSafeKatexStyle(data.attrValue);
      return;
    }
    const allowed = WIDGET_ATTRIBUTES[node.nodeName.toLowerCase()];
    if (!allowed) return;
    // On a widget, exactly its attributes survive, whatever DOMPurify would otherwise allow
    // (id, class, style, on*...). Values are plain text to the widget, never markup or URLs.
    data.keepAttr = allowed.includes(data.attrName);
    data.forceKeepAttr = data.keepAttr;
  });
  purifier.addHook('afterSanitizeAttributes', (node) => {
    // SANITIZE_NAMED_PROPS prefixed every id with 'user-content-'; in-page links follow it so
    // a heading's anchor still works. '#/...' hashes are the site's routes, left alone.
    const href = node.nodeName.toLowerCase() === 'a' ? node.getAttribute('href') : null;
    if (href && /^#[^/]/.test(href) && !href.startsWith(`#${NAMED_PREFIX}`)) {
      node.setAttribute('href', `#${NAMED_PREFIX}${href.slice(1)}`);
    }
    // Images come from the site itself or inline data: no off-site request (a tracking pixel,
    // a reader's IP address sent elsewhere) from a lesson.
    for (const name of ['src', 'href', 'xlink:href']) {
      if (!node.hasAttribute(name)) continue;
      const isImage = ['img', 'image', 'source', 'video', 'audio', 'use'].includes(
        node.nodeName.toLowerCase(),
      );
      if (isImage && !isLocalResource(node.getAttribute(name))) node.removeAttribute(name);
    }
  });
  return purifier;
}

/** DOMPurify's prefix for ids and names under SANITIZE_NAMED_PROPS. */
const NAMED_PREFIX = 'user-content-';

/**
 * The largest length (em) an inline style may give: KaTeX's own layout stays well under it (a
 * tall matrix's struts reach ~15 em), and a forged class="katex" box stays off-page-covering.
 */
const MAX_STYLE_EM = 30;

/** The CSS properties KaTeX's HTML output sets inline. */
const KATEX_STYLE_PROPERTIES = new Set([
  'height',
  'width',
  'min-width',
  'max-width',
  'vertical-align',
  'top',
  'bottom',
  'margin-left',
  'margin-right',
  'margin-top',
  'margin-bottom',
  'padding-left',
  'padding-right',
  'border-top-width',
  'border-bottom-width',
  'border-right-width',
  'border-left-width',
  'border-style',
  'border-color',
  'color',
  'background-color',
]);

/**
 * True for a style KaTeX could have written: known properties, values of numbers, units, colour
 * names or #hex only (no parentheses, so no url() and no expression()), and no length beyond
 * MAX_STYLE_EM, so even a forged class="katex" cannot draw a page-covering box.
 */
export function isSafeKatexStyle(style) {
  const declarations = String(style)
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  return declarations.every((declaration) => {
    const match = /^([a-z-]+)\s*:\s*([-+#a-z0-9. %]+)$/i.exec(declaration);
    if (!match || !KATEX_STYLE_PROPERTIES.has(match[1].toLowerCase())) return false;
    const numbers = match[2].match(/[-+]?\d*\.?\d+/g) ?? [];
    return numbers.every((n) => Math.abs(Number(n)) <= MAX_STYLE_EM);
  });
}

/** True for a URL that resolves to this site (same origin) or is inline data:image. */
export function isLocalResource(url) {
  const text = String(url).trim();
  if (/^data:image\/(png|gif|jpeg|webp);/i.test(text)) return true;
  try {
    return new URL(text, document.baseURI).origin === location.origin;
  } catch {
    return false;
  }
}

const PURIFY_CONFIG = {
  // eq / eqn: markdown-it-texmath's wrappers around inline and display maths.
  ADD_TAGS: [...Object.keys(WIDGET_ATTRIBUTES), 'eq', 'eqn'],
  // Beyond DOMPurify's defaults: nothing that restyles the page, embeds another page, or asks
  // the reader to type something (a lesson has no business collecting input; widgets do that).
  FORBID_TAGS: [
    'style',
    'link',
    'base',
    'meta',
    'iframe',
    'frame',
    'object',
    'embed',
    'form',
    'input',
    'textarea',
    'select',
    'button',
  ],
  // srcset and ping could name off-site URLs the src check never sees; style is handled by the
  // hook above (KaTeX's own layout only).
  FORBID_ATTR: ['srcset', 'formaction', 'ping', 'background', 'poster'],
  ALLOW_DATA_ATTR: false,
  // id="lab" or name="location" must not shadow globals or document properties (DOM
  // clobbering): every id and name gets the 'user-content-' prefix.
  SANITIZE_NAMED_PROPS: true,
};

/** Markdown (with TeX) to sanitised HTML. */
export function renderMarkdown(body) {
  return getPurifier().sanitize(markdown.render(body), PURIFY_CONFIG);
}

/**
 * A whole lesson file to its metadata and sanitised HTML.
 * @returns {{ meta: Record<string, unknown>, html: string }}
 */
export function renderLesson(source) {
  const { meta, body } = splitFrontMatter(source);
  return { meta, html: renderMarkdown(body) };
}
