#!/usr/bin/env node
// Serves the built site (web/dist) on http://127.0.0.1:5173 (PORT overrides the port).
// A small static server on node's http module: correct MIME types (application/wasm, so
// WebAssembly.instantiateStreaming works), no directory listings, nothing outside the root.
// The browser tests import `startServer` to serve the same files on an ephemeral port.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// ATTNLAB_DIST serves another build (e.g. `vite build --outDir /tmp/x`), so two people can test
// two builds at once without overwriting each other's web/dist.
export const DIST = resolve(
  process.env.ATTNLAB_DIST ?? fileURLToPath(new URL('../web/dist', import.meta.url)),
);

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * Starts a static server over `root`.
 * @param {{ root?: string, host?: string, port?: number }} [options] port 0 = any free port
 * @returns {Promise<{ server: import('node:http').Server, url: string, close: () => Promise<void> }>}
 */
export function startServer({ root = DIST, host = '127.0.0.1', port = 5173 } = {}) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      let file = normalize(join(base, decodeURIComponent(pathname)));
      // normalize() has resolved every "..": anything not under the root is refused.
      if (file !== base && !file.startsWith(base + sep)) {
        response.writeHead(403).end('Forbidden');
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      response.writeHead(200, {
        'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        // Hashed assets never change; the HTML and widgets.js (stable names) must revalidate.
        'Cache-Control': /[-.][A-Za-z0-9_-]{8}\.\w+$/.test(file)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
    } catch {
      if (!response.headersSent) response.writeHead(400);
      response.end();
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolvePromise({
        server,
        url: `http://${host}:${address.port}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

async function main() {
  const port = Number(process.env.PORT ?? 5173);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT ${process.env.PORT} is out of range: allowed 0..65535`);
    process.exit(1);
  }
  const info = await stat(join(DIST, 'index.html')).catch(() => null);
  if (!info) {
    console.error(`${DIST}/index.html is missing: build the site first (npm run build).`);
    process.exit(1);
  }
  try {
    const { url } = await startServer({ port });
    console.log(`Attention Lab: ${url}`);
    console.log(`Embeddable widgets: ${url}widgets.js  (Ctrl+C to stop)`);
  } catch (error) {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${port} is in use: set another with PORT=8080 npm start`
        : error.message,
    );
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
