// The lesson catalogue: every lessons/NN-slug/{en,zh-CN}.md, bundled at build time (the site
// works offline, so there is nothing to fetch). Front-matter is parsed up front for the list;
// bodies are rendered on first view and cached. The renderer (markdown-it, KaTeX, DOMPurify) is
// the biggest part of the site's JavaScript, so it loads on first use, in its own chunk.
import { splitFrontMatter } from '../lesson/front-matter.js';

const files = import.meta.glob('@lessons/*/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export const LANGS = ['en', 'zh-CN'];

/**
 * @typedef {{ id: string, folder: string, order: number,
 *             sources: Record<string, { meta: Record<string, any>, text: string }> }} Lesson
 */

/** @type {Lesson[]} sorted by front-matter `order` */
export const lessons = buildCatalogue();

function buildCatalogue() {
  const byFolder = new Map();
  for (const [path, text] of Object.entries(files)) {
    const match = /([^/]+)\/([^/]+)\.md$/.exec(path);
    if (!match || !LANGS.includes(match[2])) continue;
    const [, folder, lang] = match;
    let meta;
    try {
      meta = splitFrontMatter(text).meta;
    } catch (error) {
      // A broken front-matter must not take the whole site down: list it, show the error.
      meta = { title: folder, summary: String(error.message ?? error) };
    }
    if (!byFolder.has(folder)) byFolder.set(folder, { folder, sources: {} });
    byFolder.get(folder).sources[lang] = { meta, text };
  }
  const list = [];
  for (const entry of byFolder.values()) {
    const first = entry.sources.en ?? Object.values(entry.sources)[0];
    const id = String(first.meta.id ?? entry.folder.replace(/^\d+-/, ''));
    const order = Number(first.meta.order ?? parseInt(entry.folder, 10)) || 0;
    list.push({ ...entry, id, order });
  }
  return list.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export function findLesson(id) {
  return lessons.find((lesson) => lesson.id === id) ?? null;
}

/** The lesson's text in `lang`, falling back to English; `fallback` says whether it did. */
export function lessonIn(lesson, lang) {
  const actual = lesson.sources[lang]
    ? lang
    : lesson.sources.en
      ? 'en'
      : Object.keys(lesson.sources)[0];
  return { lang: actual, fallback: actual !== lang, ...lesson.sources[actual] };
}

const rendered = new Map();

/**
 * Sanitised HTML of a lesson body (cached). A broken file renders as a message, not a crash.
 * @returns {Promise<string>}
 */
export async function lessonHtml(lesson, lang) {
  const key = `${lesson.folder}/${lang}`;
  if (!rendered.has(key)) {
    const { text } = lessonIn(lesson, lang);
    try {
      const { renderLesson } = await import('../lesson/render.js');
      rendered.set(key, renderLesson(text).html);
    } catch (error) {
      const message = document.createElement('p');
      message.className = 'render-error';
      message.textContent = String(error.message ?? error);
      return message.outerHTML;
    }
  }
  return rendered.get(key);
}
