/**
 * The lesson renderer: Markdown with front-matter and TeX maths in, safe HTML out.
 *
 *     const { meta, html } = renderLesson(source);   // meta: the front-matter object
 *     article.innerHTML = html;                      // widgets in it upgrade on insertion
 *
 * Lessons may hold raw HTML (widget tags on their own lines), so the output of markdown-it goes
 * through DOMPurify. The allow-list is DOMPurify's default (no scripts, no event handlers, no
 * javascript: URLs) plus our widget tags with exactly their attributes, and minus the tags
 * that could take over the page (iframe, style, form...). Runs in a browser (DOMPurify needs a
 * DOM).
 */
import MarkdownIt from 'markdown-it';
import texmath from 'markdown-it-texmath';
import katex from 'katex';
import createDOMPurify from 'dompurify';
import 'katex/dist/katex.min.css';
import { WIDGET_ATTRIBUTES } from './allow-list.js';
import { splitFrontMatter } from './front-matter.js';

export { WIDGET_ATTRIBUTES, splitFrontMatter };

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: true }).use(texmath, {
  engine: katex,
  delimiters: 'dollars',
  // A TeX typo shows KaTeX's red error text in place instead of breaking the whole lesson.
  katexOptions: { throwOnError: false, strict: 'ignore' },
});

let purifier;

/** One private DOMPurify instance so our hooks never touch another library's sanitiser. */
function getPurifier() {
  if (purifier) return purifier;
  purifier = createDOMPurify(window);
  purifier.addHook('uponSanitizeAttribute', (node, data) => {
    const allowed = WIDGET_ATTRIBUTES[node.nodeName.toLowerCase()];
    if (!allowed) return;
    // On a widget, exactly its attributes survive, whatever DOMPurify would otherwise allow
    // (id, class, style, on*...). Values are plain text to the widget, never markup or URLs.
    data.keepAttr = allowed.includes(data.attrName);
    data.forceKeepAttr = data.keepAttr;
  });
  return purifier;
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
  FORBID_ATTR: ['srcset', 'formaction'],
  ALLOW_DATA_ATTR: false,
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
