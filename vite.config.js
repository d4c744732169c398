// Vite builds two things into web/dist/ from one config:
//   - the site (web/index.html: the lesson shell, renderer and widgets), and
//   - widgets.js, the embeddable bundle a teacher loads with one <script type="module"> tag.
// Both share chunks and the core's wasm assets, so a page that loads both still gets one copy
// of each file, and one core instance (see web/widgets/shared/core.js).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('.', import.meta.url));
const web = `${repo}web/`;

export default defineConfig({
  root: web,
  // Relative URLs everywhere: the dist folder works from any sub-path (a teacher's course site,
  // a USB stick, GitHub Pages) and the wasm is found next to the chunk that asks for it.
  base: './',
  publicDir: false,
  resolve: {
    alias: [
      // Lessons live outside the site root, in lessons/NN-slug/{en,zh-CN}.md.
      // markdown-it-texmath is CommonJS and has a `require('katex')` fallback, which would bundle
      // katex's CJS build next to the ESM one we import (600 KB twice). One copy for both.
      { find: /^katex$/, replacement: `${repo}node_modules/katex/dist/katex.mjs` },
      // Lessons live outside the site root, in lessons/NN-slug/{en,zh-CN}.md.
      { find: '@lessons', replacement: `${repo}lessons` },
    ],
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // The site imports the lessons and the core (wasm/) from outside web/.
    fs: { allow: [repo] },
  },
  preview: { host: '127.0.0.1', port: 5173 },
  // The training widget's worker is a module worker that code-splits (Comlink, the training
  // module's facade); the default 'iife' format cannot split.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The wasm binary must stay a separate file (never inlined as base64): it is large and the
    // facade streams it with WebAssembly.instantiateStreaming.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
    rollupOptions: {
      input: {
        index: `${web}index.html`,
        widgets: `${web}widgets/index.js`,
      },
      // Keep widgets.js's exports (the element classes) for teachers who import them.
      preserveEntrySignatures: 'allow-extension',
      output: {
        // A stable, unhashed name so a teacher's <script src=".../widgets.js"> keeps working
        // across releases; everything else is content-hashed for caching.
        entryFileNames: (chunk) =>
          chunk.name === 'widgets' ? 'widgets.js' : 'assets/[name]-[hash].js',
      },
    },
  },
});
