import yaml from 'js-yaml';

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Splits `---` front-matter (YAML) from the Markdown body. Kept apart from the renderer so the
 * lesson list needs only js-yaml, not markdown-it and KaTeX.
 * @returns {{ meta: Record<string, unknown>, body: string }}
 */
export function splitFrontMatter(source) {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { meta: {}, body: source };
  // JSON_SCHEMA: plain data only (no dates or custom types); nothing in a lesson's metadata
  // can construct objects.
  const meta = yaml.load(match[1], { schema: yaml.JSON_SCHEMA }) ?? {};
  if (typeof meta !== 'object' || Array.isArray(meta)) {
    throw new Error('front-matter must be a YAML mapping (key: value lines)');
  }
  return { meta, body: source.slice(match[0].length) };
}
