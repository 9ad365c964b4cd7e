// `--fail-if` on the command line, in process: a condition folio cannot read is exit 2 with one line
// before any file is read or price requested; a weight of a symbol no holdings file names is exit 2
// once the files are read (still before any price). Then, against the simulator in this process, a
// readable condition decides the exit code: 5 when it holds, 0 when it does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAIL_IF_METRICS } from '../../../src/cli/failif.js';
import { type Simulator, startSimulator } from '../../../src/sim/index.js';
import { type InProcessHome, inProcessHome } from '../../support/run-in-process.js';

const NOW = '2026-11-27T22:00:00Z';
const HOLDINGS = 'symbol,shares,cost,date\nAAPL,10,150,2024-01-02\nMSFT,5,300,2024-01-02\n';

const usage = (text: string) =>
  `folio: --fail-if ${JSON.stringify(text)}: expected <metric><op><number>, e.g. maxDrawdown<-0.2 or weight.TSLA>0.25 (metrics: ${FAIL_IF_METRICS.join(', ')}, weight.<SYMBOL>; ops < <= > >=)\n`;

describe('a --fail-if folio cannot read is exit 2, before any file is read', () => {
  const home = inProcessHome({ FOLIO_NOW: NOW });
  afterAll(() => home.remove());
  // The file does not exist: reading it would be exit 3, so exit 2 shows the condition came first.
  const missing = `${home.dir}/no-such-holdings.csv`;

  it.each([
    ['bogus'],
    ['maxDrawdown'],
    ['maxDrawdown<'],
    ['maxDrawdown<abc'],
    ['maxDrawdown=-0.2'],
    ['maxdrawdown<-0.2'],
    ['summary.maxDrawdown<-0.2'],
    ['maxDrawdown<-0.2 or beta>1'],
    ['weight.>0.25'],
  ])('report --fail-if %j', async (text) => {
    expect(await home.run(['report', missing, '--fail-if', text])).toEqual({
      code: 2,
      stdout: '',
      stderr: usage(text),
    });
  });

  it('digest and a later --fail-if of several: the bad one is named', async () => {
    const r = await home.run(['digest', missing, '--fail-if', 'beta>1', '--fail-if', 'alpha>1']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: usage('alpha>1') });
  });

  it.each(['weight>0.25', 'weight.!!>0.25'])('a weight without a symbol: %j', async (text) => {
    expect(await home.run(['report', missing, '--fail-if', text])).toEqual({
      code: 2,
      stdout: '',
      stderr: `folio: --fail-if ${JSON.stringify(text)}: weight needs a symbol, e.g. weight.TSLA>0.25\n`,
    });
  });

  it('a weight of a symbol the holdings file does not name, once the file is read', async () => {
    const file = home.file('two.csv', HOLDINGS);
    // No FOLIO_YAHOO_URL and no simulator: a price request would fail with another message.
    for (const command of ['report', 'digest']) {
      const r = await home.run([
        command,
        file,
        '--fail-if',
        'weight.tsla>0.25',
        '--fail-if',
        'weight.AAPL>0.5',
      ]);
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: 'folio: --fail-if "weight.tsla>0.25": TSLA is not in the holdings file\n',
      });
    }
  });
});

describe('a readable --fail-if decides the exit code', () => {
  let sim: Simulator;
  let home: InProcessHome;
  let file: string;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, today: '2026-11-27', now: () => Date.parse(NOW) });
    home = inProcessHome({ FOLIO_NOW: NOW, FOLIO_YAHOO_URL: sim.url });
    file = home.file('two.csv', HOLDINGS);
  });
  afterAll(async () => {
    await sim.close();
    home.remove();
  });

  it('exit 5 when it holds, 0 when it does not; the report is written either way', async () => {
    const holds = await home.run(['report', file, '--format', 'json', '--fail-if', 'holdingsCount>=2']);
    expect(holds.code).toBe(5);
    expect((JSON.parse(holds.stdout) as { summary: { holdingsCount: number } }).summary.holdingsCount).toBe(
      2,
    );
    expect(holds.stderr).toMatch(/holdingsCount>=2/);
    const not = await home.run(['report', file, '--format', 'json', '--fail-if', 'holdingsCount>2']);
    expect(not.code).toBe(0);
    expect(not.stderr).toBe('');
    expect((JSON.parse(not.stdout) as { summary: { holdingsCount: number } }).summary.holdingsCount).toBe(2);
  });
});
