/**
 * The report's HTML around the page script: the content-security policy, the skeleton the script
 * fills, the stylesheet, and the two inline scripts (data, then code). Nothing here varies but
 * the arguments, so equal inputs give equal bytes.
 */
import { STYLE } from './style.js';

/** Forbids every fetch: the page can run its inline script and style and nothing else. */
export const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** What varies between reports. */
export interface TemplateInput {
  readonly title: string;
  /** gzip + base64 of the payload JSON. */
  readonly data: string;
  /** The bundled page script. */
  readonly script: string;
}

/** Text for an HTML text or attribute context. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Keeps an inline script from ending early or opening a comment: `</script` and `<!--` cannot
 * appear in it. `\x3C` means `<` inside JS strings, regexes (with or without the u flag) and
 * templates, which are the only places a minified bundle can contain those sequences.
 */
export function escapeScript(code: string): string {
  return code.replace(/<(\/script|!--)/gi, '\\x3C$1');
}

/** The whole page, with the title escaped and the script made safe to inline. */
export function renderHtml(input: TemplateInput): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ensemble">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div id="app" data-testid="app" data-cursor="" data-selection="" data-lane="" data-state="loading">
<header id="header">
  <div class="title-row">
    <span class="brand">Ensemble</span>
    <h1 id="scenario" data-testid="scenario"></h1>
    <span id="verdict" class="verdict" data-testid="verdict"></span>
    <span class="spacer"></span>
    <button id="jump-violation" data-testid="jump-violation" hidden>Jump to first violation <kbd>v</kbd></button>
    <button id="help-button" data-testid="help-button" title="Keyboard shortcuts">?</button>
  </div>
  <div id="meta" class="meta-row" data-testid="meta"></div>
  <div class="replay-row"><span class="label">replay</span><code id="replay" data-testid="replay"></code><button id="copy-replay">copy</button></div>
  <div id="violations" class="violations" data-testid="violations" hidden></div>
  <div id="notice" class="notice" data-testid="notice" hidden></div>
  <div id="legend" class="legend" data-testid="legend"></div>
</header>
<main id="main">
  <section id="timeline" class="panel">
    <div id="toolbar" class="toolbar"></div>
    <div id="diagram-wrap"><svg id="diagram" data-testid="diagram" role="img" aria-label="space-time diagram"></svg></div>
  </section>
  <aside id="inspector" class="panel" data-testid="inspector"></aside>
  <section id="events" class="panel" data-testid="events"></section>
</main>
<div id="tooltip" class="tooltip" hidden></div>
<div id="help" class="overlay" data-testid="help" hidden></div>
<noscript><p class="noscript">This report needs JavaScript to draw the run.</p></noscript>
<p id="loading" class="loading">Decoding the run…</p>
</div>
<script type="application/octet-stream" id="ensemble-data" data-encoding="gzip+base64">${input.data}</script>
<script>${escapeScript(input.script)}</script>
</body>
</html>
`;
}
