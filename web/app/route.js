// The URL hash is the page's state, so any view can be linked, bookmarked and shared:
//   #/en                         the lesson list
//   #/zh-CN/self-attention       a lesson
//   #/en/masking?s=the+cat+sat   a lesson on the learner's own sentence

const LANG = /^(en|zh-CN)$/i;

/** Parses a hash into { lang, lessonId, sentence }, or null if it is not a route (e.g. #main). */
export function parseHash(hash) {
  const match = /^#\/([^/?]*)(?:\/([^/?]*))?\/?(?:\?(.*))?$/.exec(hash ?? '');
  if (!match) return null;
  const [, rawLang, rawId, query] = match;
  const lang = LANG.test(rawLang) ? (rawLang.toLowerCase() === 'en' ? 'en' : 'zh-CN') : 'en';
  const lessonId = rawId ? decodeURIComponent(rawId) : null;
  const sentence = query ? new URLSearchParams(query).get('s') : null;
  return { lang, lessonId, sentence };
}

/** The hash for a state; the sentence is kept only on a lesson and only when it is the learner's. */
export function routeHash({ lang, lessonId, sentence = null }) {
  if (!lessonId) return `#/${lang}`;
  const query = sentence !== null ? `?${new URLSearchParams({ s: sentence })}` : '';
  return `#/${lang}/${encodeURIComponent(lessonId)}${query}`;
}
