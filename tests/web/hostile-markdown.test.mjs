// The lesson renderer (web/lesson/render.js, as shipped) against a lesson made of hostile
// Markdown, rendered into the live page: no script runs, nothing restyles the page, no request
// leaves 127.0.0.1, no id/name clobbers a global, and KaTeX's boxes stay small.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DIST } from '../../scripts/serve.mjs';
import { SCREENSHOTS, newPage, openLab } from './harness.mjs';

let lab;

before(async () => {
  lab = await openLab();
});

after(async () => {
  await lab?.close();
});

const OFF_SITE = 'https://evil.example';

const HOSTILE = [
  '---',
  'title: Hostile',
  'order: 99',
  '---',
  '# Title',
  '',
  'See [the section](#target) and a [bad link](javascript:window.__pwned=1).',
  '',
  '## Target {#target}',
  '',
  '<h2 id="target">Target</h2>',
  '',
  '<script>window.__pwned = 2</script>',
  '',
  '<img src="x" onerror="window.__pwned = 3">',
  '',
  '<a href="javascript:window.__pwned=4">click</a> <a href="JaVaScRiPt&colon;alert(1)">x</a>',
  '',
  '<div style="position:fixed;inset:0;width:100vw;height:100vh;z-index:99999;background:red" id="overlay">overlay</div>',
  '',
  '<p style="background:url(https://evil.example/style-attr.png)">styled</p>',
  '',
  '<style>body { display: none } @import url(https://evil.example/import.css); p { background: url(https://evil.example/style.png) }</style>',
  '',
  '<svg><style>svg { background: url(https://evil.example/svg-style.png) }</style><image href="https://evil.example/svg-image.png" width="10" height="10"></image><image xlink:href="https://evil.example/svg-xlink.png"></image></svg>',
  '',
  '<img id="off1" src="https://evil.example/img.png"> <img srcset="https://evil.example/srcset.png 2x" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">',
  '',
  '<picture><source srcset="https://evil.example/source.png"><img src="//evil.example/protocol-relative.png"></picture>',
  '',
  '<a id="lab">clobber</a> <img name="getElementById"> <form name="cookie"></form> <a id="__attnlabFlag" name="__attnlabFlag">x</a>',
  '',
  '<button onclick="window.__pwned = 5" autofocus onfocus="window.__pwned = 6">b</button>',
  '',
  '<details open ontoggle="window.__pwned = 7">d</details>',
  '',
  '<svg><script>window.__pwned = 8</script><a href="javascript:window.__pwned=9"><text>t</text></a><animate onbegin="window.__pwned = 10" attributeName="x" dur="1s"></animate></svg>',
  '',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned = 11"></style></mglyph></table></mtext></math>',
  '',
  '<attn-heatmap sentence="robot must" style="position:fixed;inset:0" onclick="window.__pwned = 12" id="lab"></attn-heatmap>',
  '',
  'Huge rule: $\\rule{100000em}{100000em}$ and kern $a\\kern{100000em}b$.',
  '',
  // A self-reference, and a 10^4-fold fan-out that would print 10,000 x's (past maxExpand).
  'Macro bomb: $\\def\\a{\\a\\a}\\a$ and $\\def\\e{x}\\def\\d{\\e\\e\\e\\e\\e\\e\\e\\e\\e\\e}\\def\\c{\\d\\d\\d\\d\\d\\d\\d\\d\\d\\d}\\def\\b{\\c\\c\\c\\c\\c\\c\\c\\c\\c\\c}\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b$',
  '',
  'Trust: $\\href{javascript:window.__pwned=13}{x}$ $\\url{https://evil.example/u}$ $\\htmlStyle{position:fixed;inset:0;background:red}{y}$ $\\includegraphics{https://evil.example/g.png}$',
  '',
  'Real maths still renders: $q_i = x_i W_q^\\top$ and $\\frac{e^{x_i}}{\\sum_j e^{x_j}}$.',
  '',
  '<p id="after">Plain <strong>HTML</strong> prose stays.</p>',
].join('\n');

describe('hostile Markdown, rendered into the live page', { timeout: 90000 }, () => {
  test('no script, no restyling, no off-site request, no clobbering, small KaTeX', async () => {
    const page = await newPage(lab.browser);
    const offSite = [];
    const dialogs = [];
    page.on('request', (request) => {
      if (new URL(request.url()).hostname !== '127.0.0.1' && !request.url().startsWith('data:')) {
        offSite.push(request.url());
      }
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    });
    // Off-site requests must never happen; abort them fast so the test cannot hang on DNS.
    await page.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    await page.goto(`${lab.url}#/en`);
    await page.locator('main').first().waitFor();
    const assets = readdirSync(`${DIST}/assets`);
    const chunk = assets.find((f) => /^render-.*\.js$/.test(f));
    assert.ok(chunk, 'a render-*.js chunk in dist/assets');
    // Importing the chunk by hand skips Vite's CSS preload: add KaTeX's styles as the site does.
    const css = assets.find((f) => /^render-.*\.css$/.test(f));
    await page.addStyleTag({ url: `${lab.url}assets/${css}` });
    const before = await page.evaluate(() => ({
      body: document.body.getBoundingClientRect().toJSON(),
      display: getComputedStyle(document.body).display,
      sheets: document.styleSheets.length,
    }));

    const html = await page.evaluate(
      async ([chunk, source]) => {
        const { renderLesson } = await import(`/assets/${chunk}`);
        const { html } = renderLesson(source);
        const article = document.createElement('article');
        article.id = 'hostile';
        article.innerHTML = html;
        document.querySelector('main').prepend(article);
        return html;
      },
      [chunk, HOSTILE],
    );
    // Let images, SVG, autofocus, <details> toggles and animations fire whatever they would.
    await page.waitForTimeout(1500);
    await page.locator('#hostile').screenshot({ path: `${SCREENSHOTS}hostile-lesson.png` });

    const r = await page.evaluate(() => {
      const article = document.querySelector('#hostile');
      const all = [...article.querySelectorAll('*')];
      const box = (el) => el.getBoundingClientRect();
      const katexBoxes = [...article.querySelectorAll('.katex')].map((k) => {
        const b = box(k);
        return { w: Math.round(b.width), h: Math.round(b.height), tex: k.textContent.slice(-40) };
      });
      return {
        pwned: window.__pwned,
        // Clobbering: window.lab / document.getElementById / document.cookie keep their nature.
        labGlobal: typeof window.lab,
        getElementById: typeof document.getElementById,
        cookie: typeof document.cookie,
        flag: typeof window.__attnlabFlag,
        ids: all.map((el) => el.id).filter(Boolean),
        names: all.map((el) => el.getAttribute('name')).filter(Boolean),
        styled: all
          .filter((el) => el.hasAttribute('style') && !el.closest('.katex, .katex-error'))
          .map((el) => el.outerHTML.slice(0, 80)),
        styleElements: article.querySelectorAll('style').length,
        scripts: article.querySelectorAll('script').length,
        handlers: all.flatMap((el) => el.getAttributeNames().filter((n) => /^on/i.test(n))),
        jsUrls: all.flatMap((el) =>
          el
            .getAttributeNames()
            .map((n) => el.getAttribute(n))
            .filter((v) => /^\s*javascript:/i.test(v)),
        ),
        offSiteAttrs: all.flatMap((el) =>
          el
            .getAttributeNames()
            .filter((n) => /^(src|srcset|href|xlink:href)$/i.test(n))
            .map((n) => el.getAttribute(n))
            .filter((v) => /evil\.example/.test(v)),
        ),
        overlay: document.querySelector('#overlay, #user-content-overlay')
          ? box(document.querySelector('#overlay, #user-content-overlay')).toJSON()
          : null,
        fixed: all.filter((el) => getComputedStyle(el).position === 'fixed').length,
        heatmapAttrs: article.querySelector('attn-heatmap')?.getAttributeNames().sort(),
        katexBoxes,
        katexErrors: [...article.querySelectorAll('.katex-error')].map((e) => e.title),
        anchor: article.querySelector('a[href*="target"]')?.getAttribute('href'),
        anchorTarget: [...article.querySelectorAll('h2')].map((h) => h.id),
        prose: article.querySelector('strong')?.textContent,
        body: document.body.getBoundingClientRect().toJSON(),
        display: getComputedStyle(document.body).display,
        sheets: document.styleSheets.length,
        width: document.documentElement.scrollWidth,
      };
    });

    assert.equal(r.pwned, undefined, 'no script ran');
    assert.deepEqual(dialogs, [], 'no dialog');
    assert.equal(r.scripts, 0);
    assert.deepEqual(r.handlers, []);
    assert.deepEqual(r.jsUrls, []);
    // DOM clobbering: every id and name is prefixed, so none shadows a global.
    assert.equal(r.labGlobal, 'undefined', 'window.lab not clobbered');
    assert.equal(r.getElementById, 'function');
    assert.equal(r.cookie, 'string');
    assert.equal(r.flag, 'undefined');
    for (const id of [...r.ids, ...r.names]) {
      assert.match(id, /^user-content-/, `id/name ${id} is prefixed`);
    }
    // Nothing restyles the page: no style attributes outside KaTeX, no <style>, no fixed box.
    assert.deepEqual(r.styled, []);
    assert.equal(r.styleElements, 0);
    assert.equal(r.fixed, 0, 'no position: fixed element');
    assert.ok(!r.overlay || r.overlay.height < 100, `overlay box ${JSON.stringify(r.overlay)}`);
    assert.equal(r.display, before.display);
    assert.equal(r.sheets, before.sheets, 'no new style sheet');
    assert.ok(r.width <= 1200, `no horizontal overflow: ${r.width}`);
    // Off-site: nothing in the markup, nothing on the wire.
    assert.deepEqual(r.offSiteAttrs, []);
    assert.deepEqual(offSite, [], 'no request left 127.0.0.1');
    assert.doesNotMatch(html, /evil\.example\/(img|srcset|source|svg-|style|import|protocol)/);
    // Widgets keep exactly their allowed attributes.
    assert.deepEqual(r.heatmapAttrs, ['sentence']);
    // KaTeX: sizes clamped (maxSize), macro bombs and untrusted commands show its error text.
    for (const b of r.katexBoxes) {
      // 20 em (maxSize) at KaTeX's font size: a few hundred px, never a page-covering box.
      assert.ok(b.w < 1000 && b.h < 600 && b.w * b.h < 200000, `KaTeX box ${JSON.stringify(b)}`);
    }
    assert.ok(
      r.katexErrors.filter((e) => /expansion/i.test(e)).length === 2,
      `a macro bomb shows KaTeX's error text: ${JSON.stringify(r.katexErrors)}`,
    );
    assert.ok(r.katexBoxes.length >= 6, 'the real maths still renders');
    // In-page links follow the prefixed heading ids.
    assert.equal(r.anchor, '#user-content-target');
    assert.ok(r.anchorTarget.includes('user-content-target'), JSON.stringify(r.anchorTarget));
    assert.equal(r.prose, 'HTML');
    // <img src="x"> is a same-origin 404: harmless, and the only console error allowed.
    assert.deepEqual(
      page.errors.filter((e) => !/status of 404/.test(e)),
      [],
    );
    await page.context().close();
  });

  test('real lessons keep their maths intact (KaTeX layout styles survive)', async () => {
    const page = await newPage(lab.browser);
    for (const lang of ['en', 'zh-CN']) {
      await page.goto(`${lab.url}#/${lang}/self-attention`);
      await page.locator('article[data-lesson]:not([aria-busy]) .katex').first().waitFor();
      const r = await page.evaluate(() => {
        const katex = [...document.querySelectorAll('article .katex')];
        return {
          count: katex.length,
          errors: document.querySelectorAll('article .katex-error').length,
          styled: katex.filter((k) => k.querySelector('[style]')).length,
          // The MathML copy is visually hidden by KaTeX's CSS: nothing printed twice.
          mathmlHeight: Math.max(
            ...[...document.querySelectorAll('article .katex-mathml')].map(
              (m) => m.getBoundingClientRect().height,
            ),
          ),
        };
      });
      assert.ok(r.count > 5, `${lang}: ${r.count} formulas`);
      assert.equal(r.errors, 0, `${lang}: no KaTeX error in a real lesson`);
      assert.equal(r.styled, r.count, `${lang}: every formula keeps its layout styles`);
      assert.ok(r.mathmlHeight <= 1, `${lang}: MathML hidden`);
    }
    await page.context().close();
  });
});
