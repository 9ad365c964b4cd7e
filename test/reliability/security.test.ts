// Security, through the built CLI and the simulator's request log: symbols are validated
// before they reach a URL and encoded when they do; nothing from a holdings file changes a request's
// host or path or travels in it; Yahoo's text is neutralised for terminals, markdown and spreadsheets;
// --debug shows no crumb or cookie; folio's fetch refuses any host but Yahoo's.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_COOKIE_NAME, SIM_CRUMB, type Simulator } from '../../src/sim/index.js';
import { createFolioFetch } from '../../src/prices/yahoo/client.js';
import { RunStatsCollector } from '../../src/prices/stats.js';
import { cliEnv, hasStackTrace, tempDir } from './helpers.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const SLOW = 240_000;
let sim: Simulator;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  sim = await startSim();
  tmp = tempDir('security');
});
afterAll(async () => {
  await sim.close();
  tmp.remove();
});

function write(name: string, text: string): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Splits a logged request path into its raw path and its decoded query parameters. */
function parse(logged: string): { path: string; query: [string, string][] } {
  const q = logged.indexOf('?');
  const rawPath = q < 0 ? logged : logged.slice(0, q);
  return { path: rawPath, query: [...new URLSearchParams(q < 0 ? '' : logged.slice(q + 1))] };
}

const CHART_PARAMS = ['events', 'includePrePost', 'interval', 'lang', 'period1', 'period2', 'useYfid'];

describe('symbols in URLs', () => {
  it(
    'BRK-B, ^GSPC and EURUSD=X reach Yahoo encoded: exact chart paths, exact quote symbols',
    async () => {
      const file = write(
        'special.csv',
        'symbol,shares,cost,date\nBRK-B,3,300,2026-02-02\n^GSPC,1,5000,2026-03-02\nEURUSD=X,1000,1.05,2026-04-01\n',
      );
      sim.resetCounters();
      const run = await runFolio(['report', file, '--benchmarks', 'SPY', '--format', 'json'], {
        env: cliEnv({ dir: path.join(tmp.dir, 'special'), yahooUrl: sim.url }),
      });
      expect(run.code, run.stderr).toBe(0);
      const requests = sim.counters.log.map((e) => ({ method: e.method, ...parse(e.path) }));
      const charts = requests.filter((r) => r.path.startsWith('/v8/finance/chart/'));
      expect(charts.map((r) => r.path).sort()).toEqual([
        '/v8/finance/chart/%5EGSPC',
        '/v8/finance/chart/BRK-B',
        '/v8/finance/chart/EURUSD%3DX',
        '/v8/finance/chart/SPY',
      ]);
      for (const c of charts) {
        expect(c.query.map(([k]) => k).sort()).toEqual(CHART_PARAMS);
        const q = Object.fromEntries(c.query);
        expect(q).toMatchObject({
          interval: '1d',
          events: 'div|split',
          includePrePost: 'true',
          lang: 'en-US',
          useYfid: 'true',
        });
        expect(q.period1).toMatch(/^\d{10}$/);
        expect(q.period2).toMatch(/^\d{10}$/);
      }
      const quotes = requests.filter((r) => r.path === '/v7/finance/quote');
      expect(quotes).toHaveLength(1);
      expect(quotes[0]!.query.map(([k]) => k).sort()).toEqual(['crumb', 'symbols']);
      expect(Object.fromEntries(quotes[0]!.query).symbols!.split(',').sort()).toEqual([
        'BRK-B',
        'EURUSD=X',
        'SPY',
        '^GSPC',
      ]);
      // The raw query is encoded too: no bare ^ or = inside the symbols value.
      const rawQuote = sim.counters.log.find((e) => e.path.startsWith('/v7/finance/quote'))!.path;
      expect(rawQuote).toContain('%5EGSPC');
      expect(rawQuote).toContain('EURUSD%3DX');
      expect(requests.every((r) => r.method === 'GET')).toBe(true);
    },
    SLOW,
  );

  it.each([
    ['../x', 'contains "/"'],
    ['AAPL?x=1', 'contains "?"'],
    ['%2F', 'contains "%"'],
    ['a/b', 'contains "/"'],
    ['AAPL#frag', 'contains "#"'],
    ['http://evil.example/', 'contains ":"'],
    ['..', 'must contain a letter or a digit'],
    ['AAPL&symbols=MSFT', 'contains "&"'],
  ])(
    'a holdings symbol %j is refused at input (exit 3) and no request is sent',
    async (symbol, reason) => {
      const file = write('hostile.csv', `symbol,shares\nMSFT,1\n"${symbol}",2\n`);
      sim.resetCounters();
      const run = await runFolio(['report', file], {
        env: cliEnv({ dir: path.join(tmp.dir, 'hostile'), yahooUrl: sim.url }),
      });
      expect(run.code, run.stderr).toBe(3);
      expect(hasStackTrace(run.stderr)).toBe(false);
      expect(run.stderr.split('\n')[0]).toBe(
        `folio: ${file}:3: symbol ${JSON.stringify(symbol)}: ${reason}${reason.startsWith('contains "') ? ', which is not allowed in a symbol (letters, digits and . ^ = - only)' : ''}`,
      );
      expect(sim.counters.total).toBe(0);
    },
    SLOW,
  );

  it(
    'a symbol with a CR LF (header injection) is refused at input',
    async () => {
      const file = write('crlf.csv', 'symbol,shares\n"AAPL\r\nHost: evil.example",2\n');
      sim.resetCounters();
      const run = await runFolio(['report', file], {
        env: cliEnv({ dir: path.join(tmp.dir, 'crlf'), yahooUrl: sim.url }),
      });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/^folio: .*crlf\.csv:2: symbol .*: contains a (control character|space)\n$/);
      expect(sim.counters.total).toBe(0);
    },
    SLOW,
  );
  it.each([
    ['an 8-bit CSI (C1 control)', 'AAPL\u009b31m'],
    ['a right-to-left override', 'AAPL\u202eLPAA'],
  ])(
    'a symbol with %s is refused, and the error line carries it escaped, not raw',
    async (_name, symbol) => {
      const file = write('c1.csv', `symbol,shares\n${symbol},2\n`);
      const run = await runFolio(['report', file], {
        env: cliEnv({ dir: path.join(tmp.dir, 'c1'), yahooUrl: sim.url }),
      });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      const escaped = `\\u${symbol.charCodeAt(4).toString(16).padStart(4, '0')}`;
      expect(run.stderr).toContain(`symbol "AAPL${escaped}`);
    },
    SLOW,
  );
});

describe('what folio sends', () => {
  it(
    'only symbols and date ranges: no share count, cost, account, note or name of the file in any request',
    async () => {
      const sample = fs.readFileSync('fixtures/sample-portfolio.csv', 'utf8');
      sim.resetCounters();
      const run = await runFolio(['report', 'fixtures/sample-portfolio.csv', '--format', 'json', '--debug'], {
        env: cliEnv({ dir: path.join(tmp.dir, 'sends'), yahooUrl: sim.url }),
      });
      expect(run.code, run.stderr).toBe(0);
      expect(sim.counters.total).toBeGreaterThan(15);
      // The file's own values, read here with a plain split: everything but the symbol column.
      const rows = sample.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
      const header = rows[0]!.split(',');
      const secrets = new Set<string>();
      for (const row of rows.slice(1)) {
        const cells = row.split(',');
        header.forEach((h, i) => {
          const v = cells[i]?.trim() ?? '';
          if (h !== 'symbol' && h !== 'currency' && v !== '') secrets.add(v);
        });
      }
      expect(secrets.size).toBeGreaterThan(20);
      const symbolPattern = /^[A-Z0-9.^=-]{1,20}$/;
      for (const entry of sim.counters.log) {
        const { path: p, query } = parse(entry.path);
        const decodedPath = decodeURIComponent(p);
        expect(entry.method).toBe('GET');
        if (p.startsWith('/v8/finance/chart/')) {
          expect(decodedPath.slice('/v8/finance/chart/'.length)).toMatch(symbolPattern);
          expect(query.map(([k]) => k).sort()).toEqual(CHART_PARAMS);
        } else if (p === '/v7/finance/quote') {
          expect(query.map(([k]) => k).sort()).toEqual(['crumb', 'symbols']);
          for (const s of Object.fromEntries(query).symbols!.split(',')) expect(s).toMatch(symbolPattern);
        } else {
          // The cookie and crumb handshake: fixed paths without a query.
          expect(['/quote/AAPL', '/v1/test/getcrumb', '/']).toContain(p);
          expect(query).toEqual([]);
        }
        for (const [key, value] of query) {
          if (key === 'symbols' || key === 'crumb') continue;
          expect(secrets.has(value), `${key}=${value}`).toBe(false);
        }
        for (const secret of secrets)
          if (secret.length > 3 && !/^\d+$/.test(secret)) expect(decodedPath).not.toContain(secret);
      }
      // --debug printed the requests, with the crumb and cookie redacted.
      expect(run.stderr).toMatch(/debug: quote .*crumb=REDACTED/);
      expect(run.stderr).not.toContain(SIM_CRUMB);
      expect(run.stderr).not.toContain('AQABBFolioSim');
      expect(run.stderr).not.toMatch(new RegExp(`${SIM_COOKIE_NAME}=`));
    },
    SLOW,
  );

  it(
    '--debug on the quote command redacts the crumb too',
    async () => {
      const run = await runFolio(['--debug', 'quote', 'AAPL', 'MSFT', '--refresh'], {
        env: cliEnv({ dir: path.join(tmp.dir, 'debug-quote'), yahooUrl: sim.url }),
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/crumb=REDACTED/);
      expect(run.stderr).not.toContain(SIM_CRUMB);
      expect(run.stderr).not.toContain('AQABBFolioSim');
    },
    SLOW,
  );

  it.each([
    ['another host', 'https://evil.example/v7/finance/quote?symbols=AAPL'],
    ['a look-alike suffix', 'https://finance.yahoo.com.evil.example/quote/AAPL'],
    ['a look-alike prefix', 'https://evilyahoo.com/v8/finance/chart/AAPL'],
    ['user info before another host', 'https://finance.yahoo.com@evil.example/'],
    ['loopback', 'http://127.0.0.1:9/v8/finance/chart/AAPL'],
  ])("folio's fetch refuses %s and sends nothing", async (_name, url) => {
    const sent: string[] = [];
    const folioFetch = createFolioFetch({
      timeoutMs: 1000,
      stats: new RunStatsCollector(),
      baseFetch: (input) => {
        sent.push(input instanceof Request ? input.url : input.toString());
        return Promise.resolve(new Response('{}'));
      },
    });
    await expect(folioFetch(url)).rejects.toThrow(/refuses to send a request/);
    expect(sent).toEqual([]);
  });

  it("folio's fetch sends Yahoo's URLs to FOLIO_YAHOO_URL's origin with path and query unchanged", async () => {
    const sent: string[] = [];
    const folioFetch = createFolioFetch({
      origin: new URL('http://127.0.0.1:8080'),
      timeoutMs: 1000,
      stats: new RunStatsCollector(),
      baseFetch: (input) => {
        sent.push(input instanceof Request ? input.url : input.toString());
        return Promise.resolve(new Response('{}'));
      },
    });
    await folioFetch('https://query2.finance.yahoo.com/v8/finance/chart/%5EGSPC?interval=1d');
    expect(sent).toEqual(['http://127.0.0.1:8080/v8/finance/chart/%5EGSPC?interval=1d']);
  });
});

describe("Yahoo's text", () => {
  const HOSTILE: Record<string, { longName?: string; exchangeName?: string }> = {
    NVDA: {
      longName: 'Evil\u001b]8;;http://x\u0007Corp\u001b[31m',
      exchangeName: 'Nasdaq\u001b[2J\u009b31m\u0000GS',
    },
    MSFT: { longName: '=HYPERLINK("http://x")' },
    TSLA: { longName: "+cmd|' /C calc'!A0" },
    AMZN: { longName: '@SUM(1+1)' },
    GOOGL: { longName: '-2+3 | <b>bold</b> `code`' },
  };
  const file = (): string =>
    write(
      'names.csv',
      `symbol,shares,cost,date\n${Object.keys(HOSTILE)
        .map((s, i) => `${s},${i + 1},100,2026-0${i + 2}-02`)
        .join('\n')}\n`,
    );
  // Anything a terminal would act on: ESC, C1 controls, BEL, NUL and other C0 besides newline.
  const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

  it(
    'is stripped of escape sequences and control characters in the table, quote and markdown output, escaped in markdown, neutralised in CSV',
    async () => {
      sim.configure({ names: HOSTILE });
      try {
        const env = cliEnv({ dir: path.join(tmp.dir, 'names'), yahooUrl: sim.url });
        const holdings = file();
        const table = await runFolio(['report', holdings, '--benchmarks', 'SPY', '--width', '160'], { env });
        expect(table.code, table.stderr).toBe(0);
        const quote = await runFolio(['quote', ...Object.keys(HOSTILE)], { env });
        expect(quote.code, quote.stderr).toBe(0);
        const markdown = await runFolio(['report', holdings, '--benchmarks', 'SPY', '--format', 'markdown'], {
          env,
        });
        expect(markdown.code, markdown.stderr).toBe(0);
        const csv = await runFolio(['report', holdings, '--benchmarks', 'SPY', '--format', 'csv'], { env });
        expect(csv.code, csv.stderr).toBe(0);

        for (const [name, out] of [
          ['table', table.stdout],
          ['quote', quote.stdout],
          ['markdown', markdown.stdout],
        ] as const) {
          expect(out, name).not.toMatch(TERMINAL_CONTROL);
          expect(out, name).not.toContain('http://x\u0007');
        }
        // The text around the sequences is kept (the quote table shows no names).
        expect(table.stdout).toContain('EvilCorp');
        expect(markdown.stdout).toContain('EvilCorp');
        for (const run of [table, quote, markdown, csv]) expect(run.stderr).not.toMatch(TERMINAL_CONTROL);
        // Markdown: the table's structure survives a | and HTML in a name.
        const md = markdown.stdout;
        expect(md).toContain('-2+3 \\| \\<b\\>bold\\</b\\> \\`code\\`');
        expect(md).not.toContain('<b>');

        // CSV: parse the records (RFC 4180) and look at every text cell.
        const records = parseCsv(csv.stdout);
        expect(records.length).toBeGreaterThan(Object.keys(HOSTILE).length);
        const cells = records.flat();
        expect(cells.join('\n')).not.toMatch(TERMINAL_CONTROL);
        for (const cell of cells) {
          // A cell a spreadsheet would evaluate starts with = + - @ and is not a plain number.
          if (/^[=+\-@]/.test(cell))
            expect(cell, 'formula-like cell').toMatch(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i);
        }
        expect(cells).toContain('\'=HYPERLINK("http://x")');
        expect(cells).toContain("'+cmd|' /C calc'!A0");
        expect(cells).toContain("'@SUM(1+1)");
        expect(cells.some((c) => c.startsWith("'-2+3"))).toBe(true);
        expect(cells).toContain('EvilCorp');
      } finally {
        sim.configure({ names: undefined });
      }
    },
    SLOW,
  );
});

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}
