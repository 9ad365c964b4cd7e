// The README's screenshots of the HTML report: `folio demo --format html` (the simulator's synthetic
// prices, on a pinned date) opened in Debian's Chromium at 1280 and 390 px.
// Usage: npm run build && node scripts/report-screenshots.mjs [chromium path]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const executablePath = process.argv[2] ?? process.env.FOLIO_CHROMIUM ?? '/usr/bin/chromium';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-shots-'));
const page = path.join(tmp, 'report.html');

try {
  execFileSync(
    process.execPath,
    [path.join(root, 'bin', 'folio.js'), 'demo', '--format', 'html', '--output', page],
    {
      env: {
        ...process.env,
        FOLIO_CONFIG_DIR: tmp,
        FOLIO_NOW: '2026-11-27T22:00:00Z',
        NO_COLOR: '1',
        TZ: 'UTC',
      },
      stdio: ['ignore', 'inherit', 'ignore'],
    },
  );
  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const tab = await context.newPage();
  await tab.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort(),
  );
  const docs = path.join(root, 'docs');
  fs.mkdirSync(docs, { recursive: true });

  await tab.setViewportSize({ width: 1280, height: 1400 });
  await tab.goto(pathToFileURL(page).href);
  await tab.screenshot({ path: path.join(docs, 'report.png') });
  await tab.locator('section.charts').screenshot({ path: path.join(docs, 'report-charts.png') });

  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(pathToFileURL(page).href);
  await phone.screenshot({ path: path.join(docs, 'report-phone.png') });
  const chart = phone.locator('section.charts figure').nth(1);
  await chart.screenshot({ path: path.join(docs, 'report-phone-chart.png') });
  await context.close();
  process.stdout.write(
    'wrote docs/report.png, docs/report-charts.png, docs/report-phone.png, docs/report-phone-chart.png\n',
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
