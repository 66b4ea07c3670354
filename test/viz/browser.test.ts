/**
 * The report in a real browser: Debian's Chromium driven by playwright-core. Where Chromium is
 * missing these tests say so and skip, except in CI (CI set), where that is a failure. Screenshots
 * go to artifacts/ for people to look at; nothing here compares pixels.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../sim/trace.js';
import { buildReport } from '../../viz/build.js';
import { bundlePage } from '../../viz/bundle.js';
import { chromiumPath, launchChromium } from '../../viz/chromium.js';
import { buildModel } from '../../viz/layout/model.js';
import { legibleOps } from '../../viz/layout/window.js';
import { reportData } from '../../viz/report.js';
import { corrupted, inputOf, pbRun, raftRun, smallRun } from './support.js';
import type { ReportInput } from '../../viz/build.js';

const CHROMIUM = chromiumPath();
const ARTIFACTS = resolve('artifacts');

/** Runs computed once for the whole file: several tests open the same run. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
const small5 = once(() => smallRun(5));
const raft2 = once(() => raftRun(2));
const pb3 = once(() => pbRun(3));

describe('Chromium for the browser tests', () => {
  it('is installed (required when CI is set)', () => {
    if (CHROMIUM === undefined) {
      const message = 'viz browser tests SKIPPED: Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH)';
      if (process.env['CI']) throw new Error(`${message}; CI requires it`);
      console.warn(message);
    }
  });
});

describe.skipIf(CHROMIUM === undefined)('the report in Chromium', () => {
  let browser: Browser;
  let script: string;

  beforeAll(async () => {
    [browser, script] = await Promise.all([launchChromium(), bundlePage()]);
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  interface Opened {
    readonly page: Page;
    /** Page errors, console errors and any request for something other than the file itself. */
    readonly problems: string[];
  }

  /** Writes the report, opens it, and waits until the page says it is ready. */
  async function open(name: string, input: ReportInput, hash = ''): Promise<Opened> {
    const file = resolve(ARTIFACTS, `viz-${name}.html`);
    writeFileSync(file, buildReport(input, { script }));
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const problems: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (r.url().split('#')[0] !== url) problems.push(`request: ${r.url()}`);
    });
    await page.goto(url + hash);
    await page.waitForSelector('#app[data-state="ready"]', { timeout: 60_000 });
    return { page, problems };
  }

  const attr = (page: Page, name: string): Promise<string | null> => page.getAttribute('#app', name);
  /** Polls an expression until it is true (waitForFunction would need eval, which the CSP forbids). */
  async function until(page: Page, expression: string): Promise<void> {
    await expect.poll(() => page.evaluate(expression), { timeout: 10_000 }).toBe(true);
  }
  /** Waits two frames: the store notifies on the next one. */
  const settle = (page: Page): Promise<unknown> => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');

  it('opens a run with no errors or requests, and draws one mark per thing in the trace', async () => {
    const input = inputOf(small5());
    const model = buildModel(reportData(input));
    const { page, problems } = await open('small', input);
    expect(await page.getAttribute('[data-testid=notice]', 'data-aggregated')).toBe('false');
    const marks = async (selector: string): Promise<number> => page.locator(`#diagram ${selector}`).count();
    expect(await marks('line.msg')).toBe(model.arrows.length);
    expect(await marks('line.msg.dropped')).toBe(model.arrows.filter((a) => a.status === 'dropped').length);
    expect(await marks('path.drop-x')).toBe(model.arrows.filter((a) => a.status === 'dropped').length);
    expect(await marks('line.msg.duplicate')).toBe(model.arrows.filter((a) => a.status === 'duplicate').length);
    expect(await marks('g.glyph')).toBe(model.lifecycle.glyphs.length);
    expect(await marks('g.glyph.crash')).toBe(input.trace.filter((e) => e.kind === 'node.crash').length);
    expect(await marks('g.glyph.crash')).toBeGreaterThan(0);
    expect(await marks('rect.status.down')).toBe(model.lifecycle.segments.filter((s) => s.status === 'down').length);
    expect(await marks('rect.status.paused')).toBe(model.lifecycle.segments.filter((s) => s.status === 'paused').length);
    expect(await marks('g.band')).toBe(model.bands.length);
    expect(await marks('g.band')).toBeGreaterThan(0);
    expect(await marks('g.role')).toBe(model.roles.length);
    expect(await marks('rect.op')).toBe(input.history.filter((op) => op.type === 'invoke').length);
    // The run is linearizable: every op the checker placed has its point.
    const placed = model.linearization.reduce((n, c) => n + c.ops.filter((i) => model.bars.has(i)).length, 0);
    expect(placed).toBeGreaterThan(0);
    expect(await marks('circle.lp')).toBe(placed);
    expect(await page.locator('[data-testid=event-count]').textContent()).toBe(`${input.trace.length} of ${input.trace.length} events`);
    await page.screenshot({ path: resolve(ARTIFACTS, 'viz-small.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows markup from the run as text', async () => {
    const run = small5();
    const evil = '</script><b class="pwned">bold</b><img src=x>';
    const sendId = run.trace.find((e) => e.kind === 'net.send')?.['id'];
    const trace: TraceEvent[] = run.trace.map((e) => ((e.kind === 'net.send' || e.kind === 'net.deliver') && e['id'] === sendId ? { ...e, msg: evil } : e));
    const { page, problems } = await open('markup', { ...inputOf(run, evil), trace, plan: { ...run.plan, name: evil } });
    expect(await page.locator('[data-testid=scenario]').textContent()).toBe(evil);
    expect(await page.locator('[data-testid=replay]').textContent()).toBe(evil);
    expect(await page.locator('[data-testid=legend]').textContent()).toContain(evil);
    expect(await page.locator('.pwned').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    await page.keyboard.press('End');
    await page.locator('[data-testid=filter-text]').fill('pwned');
    await until(page, 'document.querySelector("[data-testid=event-count]").textContent.startsWith("2 of")');
    expect(await page.locator('.pwned').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('steps with the keyboard and keeps the moment in the URL', async () => {
    const input = inputOf(small5());
    const { page, problems } = await open('keys', input);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await settle(page);
    expect(await attr(page, 'data-cursor')).toBe(String(input.trace[5]?.seq));
    expect(await page.locator('[data-testid=cursor-summary]').textContent()).toContain(`#${input.trace[5]?.seq}`);
    expect(await page.evaluate('location.hash')).toContain(`e=${input.trace[5]?.seq}`);
    // n steps along the selected lane: select n2 (the second lane) first.
    await page.keyboard.press('j');
    await page.keyboard.press('n');
    await settle(page);
    expect(await attr(page, 'data-lane')).toBe('n2');
    const onLane = Number(await attr(page, 'data-cursor-index'));
    expect(input.trace[onLane]?.node).toBe('n2');
    expect(onLane).toBe(input.trace.findIndex((e, i) => i > 5 && e.node === 'n2'));
    // f jumps to the next fault.
    await page.keyboard.press('f');
    await settle(page);
    const fault = input.trace[Number(await attr(page, 'data-cursor-index'))];
    expect(fault?.kind).toMatch(/^(net\.(partition|heal|configure)|node\.(crash|pause|restart|resume)|nemesis\.)/);
    // A link restores the moment, on a hash change and on load.
    const target = input.trace[40] as TraceEvent;
    await page.evaluate(`location.hash = '#e=${target.seq}&lane=n3'`);
    await until(page, `document.getElementById('app').dataset.cursor === '${target.seq}'`);
    expect(await attr(page, 'data-lane')).toBe('n3');
    await page.close();
    const again = await open('keys', input, `#e=${target.seq}&lane=n3&axis=time`);
    expect(await attr(again.page, 'data-cursor')).toBe(String(target.seq));
    expect(await attr(again.page, 'data-axis')).toBe('time');
    // ? shows the keys; Escape hides them.
    await again.page.keyboard.press('?');
    expect(await again.page.locator('[data-testid=help]').isVisible()).toBe(true);
    expect(await again.page.locator('[data-testid=help]').textContent()).toContain('next event on the selected node');
    await again.page.keyboard.press('Escape');
    expect(await again.page.locator('[data-testid=help]').isVisible()).toBe(false);
    expect([...problems, ...again.problems]).toEqual([]);
    await again.page.close();
  });

  it('links the event table and the diagram both ways, with filters', async () => {
    const input = inputOf(small5());
    const { page, problems } = await open('table', input);
    // A mark moves the cursor, and the table shows its row.
    const crash = page.locator('#diagram g.glyph.crash').first();
    const at = Number(await crash.getAttribute('data-at'));
    await crash.click();
    await settle(page);
    expect(await attr(page, 'data-cursor-index')).toBe(String(at));
    expect(await page.locator('[data-testid=event-row].cur').getAttribute('data-index')).toBe(String(at));
    // A row moves the cursor.
    // Rows are rebuilt as the table scrolls, so name the row by its event, not its position.
    const index = await page.locator('[data-testid=event-row]').nth(3).getAttribute('data-index');
    await page.locator(`[data-testid=event-row][data-index="${index ?? ''}"]`).click();
    await settle(page);
    expect(await attr(page, 'data-cursor-index')).toBe(index);
    // Filters by node, kind and text.
    await page.selectOption('[data-testid=filter-node]', 'n3');
    await page.selectOption('[data-testid=filter-kind]', 'net.*');
    const expected = input.trace.filter((e) => e.node === 'n3' && e.kind.startsWith('net.')).length;
    expect(await page.locator('[data-testid=event-count]').textContent()).toBe(`${expected} of ${input.trace.length} events`);
    await page.locator('[data-testid=filter-text]').fill('partition');
    const text = input.trace.filter((e) => e.node === 'n3' && e.kind.startsWith('net.') && JSON.stringify(e).includes('partition')).length;
    await until(page, `document.querySelector('[data-testid=event-count]').textContent === '${text} of ${input.trace.length} events'`);
    expect(text).toBeGreaterThan(0);
    expect(await page.locator('#diagram text.section', { hasText: 'kubernetes' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a Kubernetes section only when the trace has k8s events', async () => {
    const run = small5();
    const last = run.trace[run.trace.length - 1] as TraceEvent;
    const k8s: TraceEvent[] = [
      { seq: last.seq + 1, t: last.t + 1, kind: 'k8s.leader', node: 'scheduler-1', lease: 'kube-scheduler', holder: 'scheduler-1' },
      { seq: last.seq + 2, t: last.t + 2, kind: 'k8s.bind', node: 'scheduler-1', pod: 'web-1' },
      { seq: last.seq + 3, t: last.t + 3, kind: 'k8s.evict', component: 'controller-manager', pod: 'web-1' },
    ];
    const { page, problems } = await open('k8s', { ...inputOf(run), trace: [...run.trace, ...k8s] });
    expect(await page.locator('#diagram text.section', { hasText: 'kubernetes' }).count()).toBe(1);
    expect(await page.locator('#diagram text.lane-label[data-lane=scheduler-1]').count()).toBe(1);
    expect(await page.locator('#diagram text.lane-label[data-lane=controller-manager]').count()).toBe(1);
    expect(await page.locator('#diagram g.glyph.k8s').count()).toBe(3);
    expect(await page.locator('#diagram g.lease').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a Raft replica’s role, term and log at the cursor', async () => {
    const input = inputOf(raft2());
    const model = buildModel(reportData(input));
    const leaders = model.events.flatMap((e, i) => (e.kind === 'replica.state' && e['role'] === 'leader' && Number(e['commit']) > 0 ? [i] : []));
    const leader = leaders[leaders.length - 1] ?? -1;
    expect(leader).toBeGreaterThan(0);
    const e = input.trace[leader] as TraceEvent;
    const { page, problems } = await open('raft', input, `#e=${e.seq}&lane=${e.node ?? ''}`);
    expect(await page.locator('#diagram g.role.leader').count()).toBeGreaterThan(0);
    expect(await page.locator(`[data-testid=cluster] tr[data-lane=${e.node ?? ''}]`).textContent()).toContain('leader');
    expect(await page.locator('[data-testid=log] .e').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=log] .e.applied').count()).toBeGreaterThan(0);
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await settle(page);
    await page.screenshot({ path: resolve(ARTIFACTS, 'viz-raft.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('jumps to the first violation, landing on the op the checker could not place', async () => {
    const bad = corrupted(pb3());
    const { page, problems } = await open('violation', inputOf(bad.result));
    expect(await page.locator('[data-testid=verdict]').textContent()).toContain('violation');
    await page.click('[data-testid=jump-violation]');
    await settle(page);
    expect(await attr(page, 'data-selection')).toBe(`op:${bad.op}`);
    const op = page.locator(`#diagram rect.op.sel`);
    expect(await op.count()).toBe(1);
    expect(await op.getAttribute('data-index')).toBe(String(bad.op));
    expect(await op.getAttribute('class')).toContain('cx');
    expect(await op.isVisible()).toBe(true);
    const label = (await page.locator(`#diagram text.cx-label[data-index="${bad.op}"]`).boundingBox()) as { x: number; width: number };
    const plot = (await page.locator('#diagram').boundingBox()) as { x: number; width: number };
    expect(label.x).toBeGreaterThanOrEqual(plot.x + 84);
    expect(label.x + label.width).toBeLessThanOrEqual(plot.x + plot.width - 18);
    expect(await page.locator('[data-testid=op-detail]').textContent()).toContain('could not be placed');
    expect(await page.locator('#diagram circle.lp').count()).toBeGreaterThan(0);
    await page.screenshot({ path: resolve(ARTIFACTS, 'viz-violation.png'), fullPage: true });
    // v from the start lands on the same op.
    await page.keyboard.press('Home');
    await page.keyboard.press('Escape');
    await page.keyboard.press('v');
    await settle(page);
    expect(await attr(page, 'data-selection')).toBe(`op:${bad.op}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws every fault on the nemesis lane, with a fault list linked to the cursor, and the roles seen in the legend', async () => {
    const run = small5();
    const input = inputOf(run);
    const model = buildModel(reportData(input));
    const { page, problems } = await open('faults', input);
    const count = (selector: string): Promise<number> => page.locator(`#diagram ${selector}`).count();
    // Crashes and pauses are on the nemesis lane as well as on their node's lane.
    expect(await count('rect.fault-span.crash')).toBe(input.trace.filter((e) => e.kind === 'node.crash').length);
    expect(await count('rect.fault-span.crash')).toBeGreaterThan(0);
    expect(await count('rect.fault-span.pause')).toBe(input.trace.filter((e) => e.kind === 'node.pause').length);
    expect(await count('rect.fault-span.partition')).toBe(1);
    expect(await page.locator('#diagram text.fault-row-label').allTextContents()).toEqual(model.faultLane.rows.map((r) => r.row));
    // A partition's label is whole, not cut to its band.
    expect(await page.locator('#diagram text.fault-label.partition').textContent()).toBe('n1 | n2 n3');
    // The fault list: one row per action of the nemesis, the same count as the header's.
    const rows = page.locator('[data-testid=faults] tr');
    expect(await rows.count()).toBe(run.faults.length + run.undone.length);
    expect(await page.locator('[data-testid=meta]').textContent()).toContain(`faults ${run.faults.length}`);
    const crash = run.faults.findIndex((f) => f.fault.kind === 'crash');
    await rows.nth(crash).click();
    await settle(page);
    expect(input.trace[Number(await attr(page, 'data-cursor-index'))]?.kind).toBe('node.crash');
    expect(await rows.nth(crash).getAttribute('class')).toContain('current');
    // Moving the cursor moves the highlight.
    await page.keyboard.press('End');
    await settle(page);
    expect(await rows.nth(crash).getAttribute('class')).toContain('past');
    // A fixed primary's legend lists the roles its replicas had: no candidates.
    const legend = (await page.locator('[data-testid=legend]').textContent()) ?? '';
    expect(legend).toContain('leader');
    expect(legend).toContain('follower');
    expect(legend).not.toContain('candidate');
    await page.screenshot({ path: resolve(ARTIFACTS, 'viz-faults.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws every kind of fault a random nemesis injects', async () => {
    const input = inputOf(pbRun(4, { duration: 3_000_000 }));
    const model = buildModel(reportData(input));
    const { page, problems } = await open('every-fault', input);
    const kinds: Record<string, string> = { 'node.crash': 'crash', 'node.pause': 'pause', 'net.partition': 'partition', 'clock.rate': 'clock', 'clock.skew': 'clock', 'disk.latency': 'disk', 'disk.stall': 'disk', 'net.configure': 'network' };
    const quiesce = input.trace.findIndex((e) => e.kind === 'nemesis.quiesce');
    const rows = new Set(input.trace.filter((e, i) => i < quiesce && kinds[e.kind] !== undefined).map((e) => kinds[e.kind] as string));
    expect(rows.size).toBeGreaterThanOrEqual(5);
    for (const row of rows) expect(await page.locator(`#diagram .fault-span.${row}, #diagram .fault-point.${row}`).count(), row).toBeGreaterThan(0);
    expect(await page.locator('#diagram line.faults-end').count()).toBe(1);
    expect(model.faultLane.spans.every((s) => s.start < quiesce)).toBe(true);
    await page.screenshot({ path: resolve(ARTIFACTS, 'viz-every-fault.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('puts the failing operation and its whole label inside the viewport after v, on its client\'s row and lane', async () => {
    // The first failing op is checked by the jump test above; the last read of the run is the one
    // a window ending with the run would push to the right edge.
    for (const [name, bad] of [['late', corrupted(pb3(), 'last')]] as const) {
      const { page, problems } = await open(`v-${name}`, inputOf(bad.result));
      await page.keyboard.press('v');
      await settle(page);
      await settle(page);
      expect(await attr(page, 'data-selection')).toBe(`op:${bad.op}`);
      const label = page.locator(`#diagram text.cx-label[data-index="${bad.op}"]`);
      expect(await label.count(), `${name}: the failing op's label`).toBe(1);
      const box = (await label.boundingBox()) as { x: number; y: number; width: number; height: number };
      const svg = (await page.locator('#diagram').boundingBox()) as { x: number; width: number };
      const viewport = page.viewportSize() as { width: number; height: number };
      // wholly inside the plot (between the lane labels and the right margin) and the viewport
      expect(box.x, name).toBeGreaterThanOrEqual(svg.x + 84);
      expect(box.x + box.width, name).toBeLessThanOrEqual(svg.x + svg.width - 18);
      expect(box.x + box.width, name).toBeLessThanOrEqual(viewport.width);
      expect(box.y, name).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, name).toBeLessThanOrEqual(viewport.height);
      // The op's client lane is the selected one, and its history row is named after it.
      const client = bad.result.history[bad.op]?.client as string;
      expect(client).toMatch(/^c\d$/);
      expect(await attr(page, 'data-lane')).toBe(client);
      expect(await page.locator('[data-testid=op-detail]').textContent()).toContain(`client${client}`);
      // and the event table names the client of the op's client.* event under the cursor
      expect(await page.locator('[data-testid=event-row].cur span').nth(2).textContent()).toBe(client);
      await page.screenshot({ path: resolve(ARTIFACTS, `viz-v-${name}.png`) });
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('keeps the zoom when t switches between event order and virtual time', async () => {
    const input = inputOf(small5());
    const { page, problems } = await open('axis', input, `#e=${input.trace[40]?.seq ?? 0}`);
    for (let i = 0; i < 4; i++) await page.keyboard.press('+');
    await settle(page);
    const before = await page.locator('#diagram line.msg').count();
    expect(before).toBeLessThan(input.trace.filter((e) => e.kind === 'net.send').length);
    await page.keyboard.press('t');
    await settle(page);
    expect(await attr(page, 'data-axis')).toBe('time');
    expect(await page.evaluate('location.hash')).toMatch(/win=/);
    // still zoomed in, with the cursor in view
    const cursor = Number(await page.locator('#diagram line.cursor').getAttribute('x1'));
    const svg = (await page.locator('#diagram').boundingBox()) as { width: number };
    expect(cursor).toBeGreaterThan(84);
    expect(cursor).toBeLessThan(svg.width - 18);
    expect(await page.locator('#diagram line.msg').count()).toBeLessThan(input.trace.filter((e) => e.kind === 'net.send').length);
    await page.keyboard.press('t');
    await settle(page);
    expect(await page.evaluate('location.hash')).toMatch(/win=/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps role names clear of crashes and drop crosses, and never wraps a number in the cluster table', async () => {
    const raft = inputOf(raft2());
    const crash = raft.trace.findIndex((e) => e.kind === 'node.crash');
    const { page, problems } = await open('roles', raft, `#e=${raft.trace[crash]?.seq ?? 0}`);
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    await settle(page);
    const overlaps = await page.evaluate(`(() => {
      const boxes = (sel) => [...document.querySelectorAll(sel)].map((n) => n.getBoundingClientRect());
      const labels = boxes('#diagram text.role-label');
      const marks = [...boxes('#diagram path.drop-x'), ...boxes('#diagram g.glyph.crash path')];
      const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      return { labels: labels.length, marks: marks.length, overlaps: marks.filter((m) => labels.some((l) => hit(l, m))).length };
    })()`);
    expect(overlaps).toMatchObject({ overlaps: 0 });
    expect((overlaps as { labels: number }).labels).toBeGreaterThan(0);
    expect((overlaps as { marks: number }).marks).toBeGreaterThan(0);
    // Role names are drawn after (above) messages and glyphs.
    expect(await page.evaluate(`[...document.querySelectorAll('#diagram g.plot > g')].map((g) => g.getAttribute('class')).join(' ')`)).toMatch(/arrows glyphs role-labels/);
    await page.screenshot({ path: resolve(ARTIFACTS, 'viz-roles.png') });
    await page.close();
    // No number in the cluster table is split across lines, even with long logs in a narrow inspector.
    const big = { ...raft, trace: raft.trace.map((e) => (e.kind === 'replica.state' ? { ...e, era: Number(e['era']) + 12, commit: Number(e['commit']) + 123_456, applied: Number(e['applied']) + 123_456, last: Number(e['last']) + 123_456, log: undefined } : e)) };
    const wide = await open('cluster', big, `#e=${raft.trace[crash]?.seq ?? 0}`);
    await wide.page.addStyleTag({ content: '#main{grid-template-columns:minmax(0,1fr) 260px}' });
    await settle(wide.page);
    expect(await wide.page.locator('[data-testid=cluster]').textContent()).toContain('log 123486 c123486 a123486');
    const split = await wide.page.evaluate(`[...document.querySelectorAll('[data-testid=cluster] td')].flatMap((td) => {
      const text = td.firstChild;
      if (!text || text.nodeType !== 3) return [];
      return [...text.textContent.matchAll(/\\d+/g)].filter((m) => {
        const r = document.createRange();
        r.setStart(text, m.index);
        r.setEnd(text, m.index + m[0].length);
        return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size > 1;
      }).map((m) => m[0]);
    })`);
    expect(split).toEqual([]);
    await wide.page.close();
    expect([...problems, ...wide.problems]).toEqual([]);
  });

  it('aggregates a crowded client history instead of drawing a band of marks, and names its rows by client', async () => {
    const bad = corrupted(pbRun(3, { duration: 4_000_000, workload: { kind: 'register', clients: 6, rate: 2_000, keys: 2, mix: { read: 2, write: 1, cas: 1 }, timeout: 200_000 } }));
    const { page, problems } = await open('crowded', inputOf(bad.result));
    const width = ((await page.locator('#diagram').boundingBox()) as { width: number }).width;
    expect(bad.result.history.filter((op) => op.type === 'invoke').length).toBeGreaterThan(legibleOps(width - 84 - 18, 6));
    expect(await page.locator('#diagram rect.op-density').count()).toBeGreaterThan(0);
    // at most the end of the counterexample's prefix
    expect(await page.locator('#diagram circle.lp').count()).toBeLessThanOrEqual(3);
    expect(await page.locator('[data-testid=notice]').textContent()).toContain('Client history aggregated');
    expect(await page.locator('#diagram text.proc-label').allTextContents()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    await settle(page);
    expect(await page.locator('#diagram rect.op').count()).toBeGreaterThan(0);
    await page.screenshot({ path: resolve(ARTIFACTS, 'viz-crowded.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens a 200,000-event run, says it aggregates, and stays responsive', async () => {
    const run = pbRun(11, { duration: 31_000_000, workload: { kind: 'register', clients: 16, rate: 1_000, keys: 8, mix: { read: 2, write: 1, cas: 1 }, timeout: 200_000 } });
    expect(run.trace.length).toBeGreaterThan(150_000);
    const started = Date.now();
    const { page, problems } = await open('large', inputOf(run));
    // Generous bounds: CI runs suites in parallel; bench/viz.ts measures the real figures.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await page.getAttribute('[data-testid=notice]', 'data-aggregated')).toBe('true');
    expect(await page.locator('[data-testid=notice]').textContent()).toContain('Aggregated');
    expect(await page.locator('#diagram line.msg').count()).toBe(0);
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await settle(page);
    expect(await attr(page, 'data-cursor')).toBe(String(run.trace[10]?.seq));
    for (let i = 0; i < 12; i++) await page.keyboard.press('+');
    await settle(page);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(await page.getAttribute('[data-testid=notice]', 'data-aggregated')).toBe('false');
    expect(await page.locator('#diagram line.msg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: resolve(ARTIFACTS, 'viz-large-zoomed.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});
