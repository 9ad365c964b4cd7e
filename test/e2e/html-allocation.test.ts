// The HTML report's Allocation and Targets sections through the built CLI against the simulator: the
// same groups as the JSON's, each value and weight formatted as the table formats them (Intl here,
// independently of folio's formatter), in the terminal's order (after the holdings, before returns).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { cleanupTempDirs, tempDir, writeHoldings } from './helpers.js';
import { headingsOf, textOf } from './html-page.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const HOLDINGS = `symbol,shares,cost,date,account,class
VTI,40,300,2026-01-05,IRA,US stocks
BND,60,75,2026-01-05,IRA,Bonds
VOD.L,3000,90,2026-01-05,ISA,International
SAP.DE,15,200,2026-01-05,Brokerage,International
`;
const TARGETS = 'group,target\nclass:US stocks,0.5\nclass:Bonds,0.3\nclass:International,0.2\n';

interface Slice {
  name: string;
  value: number | null;
  weight: number | null;
}
interface Doc {
  allocation: Record<'byClass' | 'byType' | 'byCurrency' | 'byAccount' | 'byRegion', Slice[]>;
  targets: { groups: { group: string; target: number; weight: number }[] };
}

const money = (x: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** The rows (cell texts) of the section under the heading `title`. */
function sectionRows(html: string, title: string): string[][] {
  const start = html.indexOf(`<h2>${title}</h2>`);
  expect(start, title).toBeGreaterThan(-1);
  const body = html.slice(start, html.indexOf('</section>', start));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
    .map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1]!)))
    .filter((cells) => cells.length > 0 && cells[0] !== 'Group');
}

let sim: Simulator;
let html: string;
let doc: Doc;

beforeAll(async () => {
  sim = await startSim();
  const dir = tempDir();
  const file = writeHoldings(dir, 'h.csv', HOLDINGS);
  const targets = writeHoldings(dir, 'targets.csv', TARGETS);
  const args = ['report', file, '--targets', targets];
  const h = await runFolio([...args, '--format', 'html'], { dir, sim });
  expect(h.code, h.stderr).toBe(0);
  html = h.stdout;
  const j = await runFolio([...args, '--format', 'json'], { dir, sim });
  expect(j.code, j.stderr).toBe(0);
  doc = JSON.parse(j.stdout) as Doc;
}, 120_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('the HTML report with an allocation and targets', () => {
  it('comes after the holdings figures and before Returns and risk, as in the terminal', () => {
    const headings = headingsOf(html);
    const at = headings.indexOf('Allocation (values in USD)');
    expect(at).toBeGreaterThan(headings.indexOf('Holdings (values in USD)'));
    expect(headings[at + 1]).toMatch(/^Targets \(/);
    expect(headings[at + 2]).toBe('Returns and risk');
  });

  it('shows every group of every breakdown with the JSON value and weight', () => {
    const rows = sectionRows(html, 'Allocation (values in USD)');
    const expected = Object.values(doc.allocation).flatMap((slices) =>
      slices.map((s) => [s.name, money(s.value!), pct(s.weight!)]),
    );
    expect(rows).toEqual(expected);
    expect(doc.allocation.byClass.map((s) => s.name).sort()).toEqual(['Bonds', 'International', 'US stocks']);
  });

  it('shows each target group with its target and weight', () => {
    const rows = sectionRows(html, html.match(/<h2>(Targets \([^<]*\))<\/h2>/)![1]!);
    expect(rows.map((r) => r.slice(0, 3))).toEqual(
      doc.targets.groups.map((g) => [g.group, pct(g.target), pct(g.weight)]),
    );
  });
});
