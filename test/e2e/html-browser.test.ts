// The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core (which
// downloads no browser of its own). The page must load with no console error and no request but the
// file itself, show every holding and the market value, draw its charts, fit a phone's width, and
// render to screenshots that are not blank at 1280 and 390 px, in the light and the dark theme.
// Without Chromium these tests FAIL and say how to install it: a report nobody opened is not tested.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { SAMPLE_CSV, cleanupTempDirs, tempDir } from './helpers.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const CHROMIUM = process.env.FOLIO_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const EVIL = `symbol,shares,cost,currency,date,account
AAPL,10,150,USD,2025-03-03,<script>document.title="pwned"</script>
MSFT,5,280,USD,2024-06-01,<img src=x onerror="document.title='pwned'">
`;

interface Doc {
  summary: { marketValue: number };
  holdings: { symbol: string; marketValue: number }[];
}

const money = (x: number): string =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x);

let sim: Simulator;
let context: BrowserContext | undefined;
let launchError = '';
let json: Doc;
const pages = { sample: '', evil: '' };

beforeAll(async () => {
  sim = await startSim();
  const dir = tempDir('folio-browser-');
  pages.sample = path.join(dir, 'sample.html');
  pages.evil = path.join(dir, 'evil.html');
  const evilCsv = path.join(dir, 'evil.csv');
  fs.writeFileSync(evilCsv, EVIL);
  const j = await runFolio(['report', SAMPLE_CSV, '--format', 'json'], { dir, sim });
  json = JSON.parse(j.stdout) as Doc;
  const runs = [
    ['report', SAMPLE_CSV, '--format', 'html', '--lots', '--output', pages.sample],
    ['report', evilCsv, '--format', 'html', '--lots', '--benchmarks', 'SPY', '--output', pages.evil],
  ];
  for (const args of runs) {
    const res = await runFolio(args, { dir, sim });
    if (res.code !== 0) throw new Error(`folio ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
  }
  try {
    context = await chromium.launchPersistentContext(tempDir('folio-chromium-profile-'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      timeout: 90_000,
    });
  } catch (error) {
    launchError = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
}, 180_000);

afterAll(async () => {
  await context?.close();
  await sim.close();
  cleanupTempDirs();
});

function browser(): BrowserContext {
  if (context === undefined)
    throw new Error(
      `Chromium could not start from ${CHROMIUM} (${launchError}). Install it (Debian: apt-get install -y chromium) or point FOLIO_CHROMIUM at a Chromium binary.`,
    );
  return context;
}

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
}

/** Opens a page, recording every request it makes (all but the file itself are refused). */
async function open(file: string, width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Opened> {
  const url = pathToFileURL(file).href;
  const page = await browser().newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors };
}

// Runs in the page (this file is compiled without the DOM's types, hence a string): decodes a PNG given
// in base64 and returns its width, the variance of its luminance and the share of pixels that differ
// from the top-left one.
const PIXEL_STATS = `async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  let sum = 0, sumSq = 0, inked = 0;
  for (let i = 0; i < d.length; i += 4) {
    const l = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
    sum += l;
    sumSq += l * l;
    if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 30) inked++;
  }
  const n = d.length / 4;
  return { width: bitmap.width, variance: sumSq / n - (sum / n) ** 2, inked: inked / n };
}`;

async function pixelStats(png: Buffer): Promise<{ width: number; variance: number; inked: number }> {
  const page = await browser().newPage();
  try {
    return await page.evaluate<{ width: number; variance: number; inked: number }>(
      `(${PIXEL_STATS})(${JSON.stringify(png.toString('base64'))})`,
    );
  } finally {
    await page.close();
  }
}

/** A CSS property of the first element matching `selector`, as computed. */
function computed(page: Page, selector: string, property: string): Promise<string> {
  return page.evaluate<string>(
    `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)})`,
  );
}

// Full-page screenshots take seconds each on a loaded 2-core machine.
describe('the HTML report in Chromium', { timeout: 120_000 }, () => {
  it('starts Chromium (the other tests need it)', () => {
    expect(browser()).toBeDefined();
  });

  it('loads with no console error and no request but the file itself', async () => {
    for (const file of [pages.sample, pages.evil]) {
      const { page, requests, errors } = await open(file, 1280);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      await page.close();
    }
  });

  it('would see a request or an error if a page made one (the check of the check)', async () => {
    const file = path.join(tempDir('folio-browser-'), 'fetching.html');
    fs.writeFileSync(file, '<!DOCTYPE html><title>x</title><img src="http://127.0.0.1:9/x.png"><p>x</p>');
    const { page, requests, errors } = await open(file, 1280);
    expect(requests).toContain('http://127.0.0.1:9/x.png');
    await page.evaluate("console.error('boom')");
    expect(errors).toContain('error: boom');
    await page.close();
  });

  it('shows every holding, its value and the market value', async () => {
    const { page } = await open(pages.sample, 1280);
    const symbols = await page.locator('table.holdings tr.holding th').allInnerTexts();
    expect(symbols.sort()).toEqual(json.holdings.map((h) => h.symbol).sort());
    const text = await page.locator('body').innerText();
    for (const h of json.holdings) expect(text).toContain(money(h.marketValue));
    const total = await page.locator('table.holdings tr.total').innerText();
    expect(total).toContain(money(json.summary.marketValue));
    expect(await page.locator('section', { hasText: 'Summary' }).first().innerText()).toContain(
      `${money(json.summary.marketValue)} USD`,
    );
    await page.close();
  });

  it('runs no script from the holdings file: it shows as text', async () => {
    const { page } = await open(pages.evil, 1280);
    expect(await page.title()).not.toBe('pwned');
    const lots = await page.locator('tr.lot th').allInnerTexts();
    expect(lots).toContain('↳ 2025-03-03 <script>document.title="pwned"</script>');
    expect(lots).toContain(`↳ 2024-06-01 <img src=x onerror="document.title='pwned'">`);
    expect(await page.locator('img, script').count()).toBe(0);
    await page.close();
  });

  it('draws the three charts with their lines, axes and legends, wide at 1280 px', async () => {
    const { page } = await open(pages.sample, 1280);
    const wide = page.locator('.chart-wide svg.chart');
    expect(await wide.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const svg = wide.nth(i);
      expect(await svg.isVisible()).toBe(true);
      const box = (await svg.boundingBox())!;
      expect(box.width).toBeGreaterThan(1000);
      const line = (await svg.locator('path.line').first().boundingBox())!;
      expect(line.width).toBeGreaterThan(box.width * 0.8);
      expect(line.height).toBeGreaterThan(20);
      expect(await svg.locator('g.x-axis text').count()).toBeGreaterThanOrEqual(3);
      expect(await svg.locator('g.y-axis text').count()).toBeGreaterThanOrEqual(3);
      expect(await svg.locator('g.legend text').count()).toBeGreaterThanOrEqual(1);
    }
    const legend = await wide.nth(1).locator('g.legend text').allTextContents();
    expect(legend.map((t) => t.split(' ')[0])).toEqual(['Portfolio', 'SPY', 'QQQ', 'VTI']);
    expect(await page.locator('.chart-narrow svg.chart').first().isVisible()).toBe(false);
    await page.close();
  });

  it('fits a 390 px phone: narrow charts, tables scroll inside their box', async () => {
    const { page } = await open(pages.sample, 390);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const narrow = page.locator('.chart-narrow svg.chart');
    expect(await narrow.count()).toBe(3);
    for (let i = 0; i < 3; i++) expect(await narrow.nth(i).isVisible()).toBe(true);
    expect(await page.locator('.chart-wide svg.chart').first().isVisible()).toBe(false);
    // Chart text stays readable: the axis labels are at least 10 px high on screen.
    const label = (await narrow.first().locator('g.y-axis text').first().boundingBox())!;
    expect(label.height).toBeGreaterThanOrEqual(10);
    await page.close();
  });

  it.each([
    [1280, 'light'],
    [390, 'light'],
    [1280, 'dark'],
  ] as const)('renders a screenshot at %i px (%s) that is not blank', async (width, scheme) => {
    const { page } = await open(pages.sample, width, scheme);
    const png = await page.screenshot({ fullPage: true });
    const stats = await pixelStats(png);
    expect(stats.width).toBe(width);
    expect(stats.variance).toBeGreaterThan(100);
    expect(stats.inked).toBeGreaterThan(0.02);
    if (scheme === 'dark') {
      const bg = await computed(page, 'body', 'background-color');
      expect(bg).toBe('rgb(24, 24, 27)');
    }
    await page.close();
  });

  it('prints on A4 and Letter, table heads repeated, wide charts', async () => {
    const { page } = await open(pages.sample, 1280);
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    expect(await computed(page, 'body', 'background-color')).toBe('rgb(255, 255, 255)');
    expect(await computed(page, 'table.holdings thead', 'display')).toBe('table-header-group');
    expect(await computed(page, 'table.holdings tr', 'break-inside')).toBe('avoid');
    expect(await computed(page, 'figure', 'break-inside')).toBe('avoid');
    expect(await page.locator('.chart-wide svg.chart').first().isVisible()).toBe(true);
    // A4 less the page's 12 mm margins is 186 mm, 703 CSS px: the holdings with their lots fit across.
    await page.setViewportSize({ width: 703, height: 1000 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(703);
    for (const format of ['A4', 'Letter']) {
      const pdf = await page.pdf({ format });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(20_000);
    }
    await page.close();
  });
});
