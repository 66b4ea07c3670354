import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../viz/build.js';
import { bundlePage } from '../../viz/bundle.js';
import { reportData } from '../../viz/report.js';
import { CSP, escapeHtml, escapeScript } from '../../viz/template.js';
import { inputOf, smallRun } from './support.js';

let script = '';
beforeAll(async () => {
  script = await bundlePage();
});

/** The embedded run, decoded as the page decodes it. */
function payloadOf(html: string): unknown {
  const m = /<script type="application\/octet-stream" id="ensemble-data" data-encoding="gzip\+base64">([A-Za-z0-9+/=]*)<\/script>/.exec(html);
  if (!m) throw new Error('no data block');
  return JSON.parse(gunzipSync(Buffer.from(m[1] as string, 'base64')).toString('utf8'));
}

describe('buildReport', () => {
  it('gives the same bytes for the same seed, and different ones for another', () => {
    const a = buildReport(inputOf(smallRun(5)), { script });
    const b = buildReport(inputOf(smallRun(5)), { script });
    const c = buildReport(inputOf(smallRun(6)), { script });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('embeds the whole run, compressed, and reads back unchanged', () => {
    const input = inputOf(smallRun(5));
    expect(payloadOf(buildReport(input, { script }))).toEqual(JSON.parse(JSON.stringify(reportData(input))));
  });

  it('can fetch nothing: a CSP of default-src none, and no external resource in the markup', () => {
    const html = buildReport(inputOf(smallRun(5)), { script });
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(CSP).toMatch(/^default-src 'none';/);
    expect(CSP).not.toMatch(/connect-src|https?:/);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('keeps markup in run data out of the markup', () => {
    const run = smallRun(5);
    const evil = '</script><b>x</b><!--';
    const html = buildReport({ ...inputOf(run, evil), plan: { ...run.plan, name: evil } }, { script });
    expect(html).not.toContain(evil);
    expect(html).toContain(`<title>${escapeHtml(evil)}`);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });

  it('escapes script-ending sequences in the inlined code', () => {
    expect(escapeScript('a="</script>";b="<!--"')).toBe('a="\\x3C/script>";b="\\x3C!--"');
    expect(escapeScript(script)).not.toMatch(/<\/script|<!--/i);
  });

  it('stays small: bundle under 200 kB', () => {
    expect(script.length).toBeLessThan(200_000);
  });
});
