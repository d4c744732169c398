// Lesson lint: every lesson exists in English and Simplified Chinese, and the two versions use
// the same widgets with the same attributes, the same maths (which KaTeX must render), the same
// front-matter metadata, and the glossary's terms.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { test } from 'node:test';

import yaml from 'js-yaml';
import katex from 'katex';

const root = new URL('../../lessons/', import.meta.url);
const KNOWN_WIDGETS = [
  'attn-heatmap',
  'attn-steps',
  'attn-shapes',
  'attn-positions',
  'attn-mask-editor',
  'attn-block',
  'attn-decoder',
  'attn-kvcache',
  'attn-pooling',
  'attn-train',
];
const REQUIRED = ['id', 'order', 'title', 'summary', 'sentence', 'widgets', 'sources'];

function parse(path) {
  const text = readFileSync(path, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(match, `${path} starts with front-matter between --- lines`);
  return { meta: yaml.load(match[1]), body: match[2] };
}

// Widget tags with their attributes, in document order.
function widgets(body) {
  return [...body.matchAll(/<(attn-[a-z-]+)([^>]*)>/g)].map((m) => `${m[1]}${m[2]}`);
}

// Display maths ($$...$$) and inline maths ($...$), in document order, code spans removed.
function maths(body) {
  const text = body.replace(/`[^`]*`/g, '');
  const display = [...text.matchAll(/\$\$([\s\S]+?)\$\$/g)].map((m) => m[1].trim());
  const inline = [...text.replace(/\$\$[\s\S]+?\$\$/g, '').matchAll(/\$([^$\n]+?)\$/g)].map((m) =>
    m[1].trim(),
  );
  return { display, inline };
}

const folders = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => d.name);

test('there are lessons', () => assert.ok(folders.length >= 2));

for (const folder of folders) {
  test(`${folder}: en and zh-CN match`, () => {
    const en = new URL(`${folder}/en.md`, root);
    const zh = new URL(`${folder}/zh-CN.md`, root);
    assert.ok(existsSync(en), `${folder}/en.md exists`);
    assert.ok(existsSync(zh), `${folder}/zh-CN.md exists`);
    const a = parse(en);
    const b = parse(zh);
    for (const key of REQUIRED) {
      assert.ok(a.meta[key] !== undefined, `en.md has ${key}`);
      assert.ok(b.meta[key] !== undefined, `zh-CN.md has ${key}`);
    }
    assert.equal(a.meta.order, Number(folder.slice(0, 2)), 'order matches the folder number');
    for (const key of ['id', 'order', 'widgets', 'sources'])
      assert.deepEqual(b.meta[key], a.meta[key], key);
    assert.deepEqual(widgets(b.body), widgets(a.body), 'same widgets and attributes, same order');
    assert.deepEqual(maths(b.body).display, maths(a.body).display, 'same display maths');
    assert.deepEqual(maths(b.body).inline.sort(), maths(a.body).inline.sort(), 'same inline maths');
    const used = new Set(widgets(a.body).map((w) => w.split(/\s/)[0]));
    for (const w of used) {
      assert.ok(KNOWN_WIDGETS.includes(w), `${w} is a known widget`);
      assert.ok(a.meta.widgets.includes(w), `front-matter lists ${w}`);
    }
  });

  test(`${folder}: every formula renders in KaTeX`, () => {
    for (const lang of ['en', 'zh-CN']) {
      const { display, inline } = maths(parse(new URL(`${folder}/${lang}.md`, root)).body);
      for (const tex of display)
        katex.renderToString(tex, { displayMode: true, throwOnError: true });
      for (const tex of inline) katex.renderToString(tex, { throwOnError: true });
    }
  });
}

test('glossary: complete entries, and zh-CN lessons use its terms', () => {
  const glossary = yaml.load(readFileSync(new URL('glossary.yaml', root), 'utf8'));
  assert.ok(Array.isArray(glossary) && glossary.length >= 20);
  for (const entry of glossary) {
    for (const key of ['en', 'zh', 'note_en', 'note_zh'])
      assert.ok(entry[key], `${entry.en}: ${key}`);
  }
  const core = [
    'token',
    'embedding',
    'query',
    'key',
    'value',
    'softmax',
    'causal mask',
    'padding mask',
  ];
  for (const folder of folders) {
    const en = parse(new URL(`${folder}/en.md`, root)).body.toLowerCase();
    const zh = parse(new URL(`${folder}/zh-CN.md`, root)).body;
    for (const term of core) {
      const entry = glossary.find((e) => e.en === term);
      assert.ok(entry, `glossary has ${term}`);
      if (new RegExp(`\\b${term}s?\\b`).test(en)) {
        assert.ok(zh.includes(entry.zh), `${folder}/zh-CN.md says ${entry.zh} for "${term}"`);
      }
    }
  }
});
