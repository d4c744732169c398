/**
 * The site shell: header, language switch, lesson list, lesson page with the "Your sentence"
 * box. State lives in the URL hash (#/zh-CN/self-attention?s=...) so every view is a link, and
 * the language and lesson are remembered in localStorage for the next visit.
 */
import './styles.css';
import '../widgets/index.js';
import { html, nothing, render } from 'lit';
import { WIDGET_ATTRIBUTES } from '../lesson/allow-list.js';
import { getLab, messageOf } from '../widgets/shared/core.js';
import { normalizeLang, translator } from '../widgets/shared/i18n.js';
import { LANGS, findLesson, lessonHtml, lessonIn, lessons } from './lessons.js';
import { parseHash, routeHash } from './route.js';

const STORE = { lang: 'attn-lab.lang', lesson: 'attn-lab.lesson' };
const LANG_NAMES = { en: 'English', 'zh-CN': '简体中文' };
const WIDGET_SELECTOR = Object.keys(WIDGET_ATTRIBUTES).join(',');
/** Typing pauses shorter than this do not recompute: enough to skip most keystrokes. */
const DEBOUNCE_MS = 120;

const app = document.getElementById('app');

const state = {
  lang: 'en',
  /** @type {string | null} null: the lesson list */
  lessonId: null,
  /** The learner's own sentence, or null to use the lesson's. */
  sentence: null,
};

/** Widgets of the current lesson that follow the sentence box (no `sentence` in the Markdown). */
let followers = [];
/** The <article> whose body is filled in, and which lesson/language it holds. */
let filled = { article: null, key: '' };
let lab = null;
let debounceTimer = 0;

function storage(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(key);
    localStorage.setItem(key, value);
  } catch {
    // Private mode or a sandboxed iframe: remembering is a convenience, not a requirement.
  }
  return null;
}

function initialRoute() {
  const fromHash = parseHash(location.hash);
  if (fromHash) return fromHash;
  const stored = storage(STORE.lang);
  const lang = stored ? normalizeLang(stored) : normalizeLang(navigator.language);
  const lessonId = storage(STORE.lesson) || null;
  return { lang, lessonId: lessonId && findLesson(lessonId) ? lessonId : null, sentence: null };
}

function lessonSentence(lesson, lang) {
  const { meta } = lessonIn(lesson, lang);
  return typeof meta.sentence === 'string' ? meta.sentence : 'robot must obey orders';
}

function currentSentence() {
  const lesson = state.lessonId && findLesson(state.lessonId);
  if (!lesson) return '';
  return state.sentence ?? lessonSentence(lesson, state.lang);
}

/** Applies a route: updates state, storage, the hash (without a history entry) and the page. */
function go(route, { replace = true, focus = false } = {}) {
  state.lang = LANGS.includes(route.lang) ? route.lang : 'en';
  state.lessonId = route.lessonId;
  state.sentence = route.sentence ?? null;
  storage(STORE.lang, state.lang);
  storage(STORE.lesson, state.lessonId ?? '');
  const hash = routeHash(state);
  if (location.hash !== hash) {
    if (replace) history.replaceState(null, '', hash);
    else history.pushState(null, '', hash);
  }
  update();
  if (focus) {
    document.querySelector('h1')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
}

function update() {
  const t = translator(state.lang);
  document.documentElement.lang = state.lang;
  const lesson = state.lessonId ? findLesson(state.lessonId) : null;
  document.title = lesson
    ? `${lessonIn(lesson, state.lang).meta.title ?? lesson.id} · ${t('labName')}`
    : t('labName');
  render(shell(t, lesson), app);
  if (lesson) attachLesson(lesson);
  else followers = [];
}

function shell(t, lesson) {
  return html`<a class="skip-link" href="#main" @click=${skipToMain}>${t('skipToContent')}</a>
    <header class="site-header">
      <div class="header-inner">
        <a class="brand" href=${routeHash({ lang: state.lang, lessonId: null })}>
          <span class="logo" aria-hidden="true"></span>${t('labName')}
        </a>
        <div class="lang-switch" role="group" aria-label=${t('language')}>
          ${LANGS.map(
            (lang) =>
              html`<button
                type="button"
                lang=${lang}
                data-lang=${lang}
                aria-pressed=${lang === state.lang ? 'true' : 'false'}
                @click=${() => switchLang(lang)}
              >
                ${LANG_NAMES[lang]}
              </button>`,
          )}
        </div>
      </div>
    </header>
    <main id="main" tabindex="-1">
      ${
        state.lessonId
          ? lesson
            ? lessonPage(t, lesson)
            : notFound(t, state.lessonId)
          : lessonList(t)
      }
    </main>
    <footer class="site-footer">
      <p>${t('footer')} <span class="variant">${lab ? t('coreVariant', lab.variant) : ''}</span></p>
    </footer>`;
}

function skipToMain(event) {
  // A plain #main link would replace the route in the hash.
  event.preventDefault();
  document.getElementById('main')?.focus();
}

function lessonList(t) {
  return html`<section class="lesson-index">
    <h1 tabindex="-1">${t('lessons')}</h1>
    <p class="lead">${t('lessonListIntro')}</p>
    ${
      lessons.length
        ? html`<ol class="lesson-list">
            ${lessons.map((lesson) => {
              const { meta, lang } = lessonIn(lesson, state.lang);
              return html`<li data-lesson=${lesson.id} data-order=${lesson.order}>
                <a href=${routeHash({ lang: state.lang, lessonId: lesson.id })} lang=${lang}>
                  <span class="num" aria-hidden="true">${lesson.order}</span>
                  <span class="text">
                    <span class="eyebrow">${t('lessonNumber', lesson.order)}</span>
                    <span class="title">${meta.title ?? lesson.id}</span>
                    ${meta.summary ? html`<span class="summary">${meta.summary}</span>` : nothing}
                  </span>
                </a>
              </li>`;
            })}
          </ol>`
        : html`<p>${t('noLessons')}</p>`
    }
  </section>`;
}

function notFound(t, id) {
  return html`<section class="lesson-index">
    <h1 tabindex="-1">${t('notFoundTitle')}</h1>
    <p>${t('notFound', id)}</p>
    <p><a href=${routeHash({ lang: state.lang, lessonId: null })}>← ${t('allLessons')}</a></p>
  </section>`;
}

function lessonPage(t, lesson) {
  const { meta, lang, fallback } = lessonIn(lesson, state.lang);
  const index = lessons.indexOf(lesson);
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  const sentence = currentSentence();
  const link = (other) => routeHash({ lang: state.lang, lessonId: other.id });
  return html`<nav class="crumbs" aria-label=${t('lessons')}>
      <a href=${routeHash({ lang: state.lang, lessonId: null })}>← ${t('allLessons')}</a>
    </nav>
    <header class="lesson-head" lang=${lang}>
      <p class="eyebrow">${t('lessonNumber', lesson.order)}</p>
      <h1 tabindex="-1">${meta.title ?? lesson.id}</h1>
      ${meta.summary ? html`<p class="lead">${meta.summary}</p>` : nothing}
    </header>
    ${fallback ? html`<p class="notice" role="note">${t('fallbackNotice')}</p>` : nothing}
    <section class="sentence-box" aria-labelledby="sentence-label">
      <label id="sentence-label" for="sentence">${t('yourSentence')}</label>
      <div class="sentence-row">
        <input
          id="sentence"
          type="text"
          autocomplete="off"
          spellcheck="false"
          aria-describedby="sentence-help sentence-tokens"
          .value=${sentence}
          @input=${onSentenceInput}
        />
        <button
          type="button"
          class="reset"
          title=${t('resetSentenceLabel')}
          aria-label=${t('resetSentenceLabel')}
          ?disabled=${state.sentence === null}
          @click=${resetSentence}
        >
          ↺ ${t('resetSentence')}
        </button>
      </div>
      <p id="sentence-help" class="help">${t('sentenceHelp')}</p>
      <p id="sentence-tokens" class="tokens" aria-live="polite"></p>
    </section>
    <article class="lesson-body" lang=${lang} data-lesson=${lesson.id} aria-busy="true"></article>
    ${sources(t, meta.sources)}
    <nav class="pager" aria-label=${t('lessons')}>
      ${
        prev
          ? html`<a class="prev" href=${link(prev)}
              ><span>${t('previousLesson')}</span>${lessonIn(prev, state.lang).meta.title}</a
            >`
          : html`<span></span>`
      }
      ${
        next
          ? html`<a class="next" href=${link(next)}
              ><span>${t('nextLesson')}</span>${lessonIn(next, state.lang).meta.title}</a
            >`
          : nothing
      }
    </nav>`;
}

/** Front-matter `sources`: strings, or { title, url, author, year, note } objects. */
function sources(t, list) {
  if (!Array.isArray(list) || list.length === 0) return nothing;
  const safeUrl = (url) => (typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null);
  const item = (source) => {
    if (typeof source === 'string') return source;
    if (!source || typeof source !== 'object') return String(source);
    const title = source.title ?? source.name ?? source.url ?? '';
    const url = safeUrl(source.url ?? source.link);
    const rest = [source.author ?? source.authors, source.year, source.note ?? source.where]
      .filter(Boolean)
      .join(', ');
    return html`${url ? html`<a href=${url} rel="noopener">${title}</a>` : title}${
      rest ? html` — ${rest}` : nothing
    }`;
  };
  return html`<section class="sources">
    <h2>${t('sources')}</h2>
    <ul>
      ${list.map((source) => html`<li>${item(source)}</li>`)}
    </ul>
  </section>`;
}

/**
 * Fills the lesson body (rendered Markdown, sanitised) and finds the widgets that follow the
 * sentence box. The body is managed here, not by Lit, so typing never re-creates the widgets.
 */
async function attachLesson(lesson) {
  const article = app.querySelector('article.lesson-body');
  const key = `${lesson.folder}/${article.lang}`;
  if (filled.article !== article || filled.key !== key) {
    filled = { article, key };
    article.setAttribute('aria-busy', 'true');
    const body = await lessonHtml(lesson, article.lang);
    // The learner may have moved on while the renderer loaded.
    if (filled.article !== article || filled.key !== key) return;
    article.innerHTML = body;
    article.removeAttribute('aria-busy');
    // Only widgets whose Markdown gave no sentence follow the box; theirs is set right away,
    // before their first render, so they never flash the default sentence.
    followers = [...article.querySelectorAll(WIDGET_SELECTOR)].filter(
      (widget) => !widget.hasAttribute('sentence'),
    );
  }
  applySentence(currentSentence());
}

function applySentence(sentence) {
  for (const widget of followers) {
    if (widget.getAttribute('sentence') !== sentence) widget.setAttribute('sentence', sentence);
  }
  showTokens(sentence);
}

/** The core's own tokenizer shows what the widgets will see (or its error message). */
function showTokens(sentence) {
  const out = app.querySelector('#sentence-tokens');
  if (!out) return;
  if (!lab) {
    out.textContent = '';
    return;
  }
  const t = translator(state.lang);
  try {
    const tokens = lab.tokenize(sentence);
    render(
      html`<span class="count">${t('tokenCount', tokens.length)}</span>
        ${tokens.map((token) => html`<span class="chip">${token}</span>`)}`,
      out,
    );
    out.classList.remove('error');
  } catch (error) {
    render(html`<span class="count">!</span> ${messageOf(error)}`, out);
    out.classList.add('error');
  }
}

function onSentenceInput(event) {
  const value = event.target.value;
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(() => {
    const lesson = findLesson(state.lessonId);
    if (!lesson) return;
    state.sentence = value === lessonSentence(lesson, state.lang) ? null : value;
    history.replaceState(null, '', routeHash(state));
    applySentence(value);
    const reset = app.querySelector('.reset');
    if (reset) reset.disabled = state.sentence === null;
  }, DEBOUNCE_MS);
}

function resetSentence() {
  go({ ...state, sentence: null });
  const input = app.querySelector('#sentence');
  if (input) {
    input.value = currentSentence();
    input.focus();
  }
}

function switchLang(lang) {
  // The learner's own sentence stays; a lesson's default sentence follows the language.
  go({ ...state, lang });
}

window.addEventListener('hashchange', () => {
  const route = parseHash(location.hash);
  if (!route) return; // #main and other in-page anchors are not routes
  const changedPage = route.lessonId !== state.lessonId;
  go(route, { focus: changedPage });
});

go(initialRoute());

getLab().then(
  (loaded) => {
    lab = loaded;
    update();
  },
  () => {
    // Each widget shows the load error itself; the shell stays usable for reading.
  },
);
