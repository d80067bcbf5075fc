import { describe, expect, it } from 'vitest';
import { firstLoadScripts } from '../vite.config.js';

describe('the first-load JS budget (vite.config.ts)', () => {
  it("counts index.html's module scripts and modulepreloads, not stylesheets or lazy chunks", () => {
    const html = `<!doctype html><html><head>
      <script type="module" crossorigin src="./assets/index-B1.js"></script>
      <link rel="modulepreload" crossorigin href="./assets/vendor-C2.js">
      <link href='/assets/react-D3.js' rel='modulepreload'>
      <link rel="stylesheet" crossorigin href="./assets/index-E4.css">
      <link rel="preload" href="./assets/font.woff2" as="font">
      <script>/* inline: nothing to fetch */</script>
      <SCRIPT SRC=assets/legacy-F5.js></SCRIPT>
      <link rel="modulepreload" data-src="x.js" href="./assets/index-B1.js">
    </head><body></body></html>`;
    expect(firstLoadScripts(html)).toEqual([
      'assets/index-B1.js',
      'assets/vendor-C2.js',
      'assets/react-D3.js',
      'assets/legacy-F5.js',
    ]);
  });
});
