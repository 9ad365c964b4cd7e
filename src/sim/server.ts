// A Yahoo-compatible HTTP server on loopback that the real yahoo-finance2 client talks to unchanged
// (its requests are re-routed by a fetch wrapper, see src/prices/routing.ts). It serves the four
// endpoints the library uses (endpoints.ts) from the deterministic market in market.ts, records what
// it was asked (counters.ts), and injects the faults folio must survive: latency, 500s, 429s, truncated
// JSON (faults.ts), outages, a failing crumb, too many symbols, missing quotes, null bars and 100x-off
// prices.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

import { type SimCounters, countRequest, emptyCounters, resetCounters } from './counters.js';
import { serveChart, serveCookie, serveCrumb, serveQuote } from './endpoints.js';
import type { SimEndpoint } from './endpoints.js';
import { DataFaults } from './faults.js';
import { checkSimOptions } from './options.js';
import type { SimOptions } from './options.js';
import { serveSearch } from './search.js';
import { type Reply, html, yahooError } from './replies.js';

export { SIM_COOKIE_NAME, SIM_CRUMB } from './endpoints.js';
export type { SimCounters, SimOptions };

export interface Simulator {
  url: string;
  port: number;
  counters: SimCounters;
  options: Readonly<SimOptions>;
  configure(patch: Partial<SimOptions>): void;
  resetCounters(): void;
  close(): Promise<void>;
}

/** Delays before responses, all cut short when the simulator closes. */
class Delays {
  private readonly pending = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.pending.add(entry);
    });
  }

  cancelAll(): void {
    for (const p of this.pending) {
      clearTimeout(p.timer);
      p.resolve();
    }
    this.pending.clear();
  }
}

/** The reply to a request that was let through (not refused, delayed and gated already). */
function answer(
  opts: SimOptions,
  faults: DataFaults,
  request: {
    endpoint: SimEndpoint;
    req: http.IncomingMessage;
    url: URL;
    quoteSymbols: string[];
    chartSymbol: string;
  },
  gate: void | 'fail',
): Reply {
  const { endpoint, req, url, quoteSymbols, chartSymbol } = request;
  if (opts.down === true) return html(503, 'Service Unavailable');
  if (gate === 'fail') return html(500, 'Internal Server Error');
  const isData = endpoint === 'quote' || endpoint === 'chart';
  const fault = isData
    ? faults.dataFault(opts)
    : endpoint === 'cookie' || endpoint === 'crumb'
      ? faults.sessionFault(opts, endpoint)
      : undefined;
  let reply: Reply;
  if (fault !== undefined) reply = fault;
  else if (endpoint === 'cookie') reply = serveCookie();
  else if (endpoint === 'crumb') reply = serveCrumb(opts, req);
  else if (endpoint === 'quote') reply = serveQuote(opts, url, quoteSymbols);
  else if (endpoint === 'chart') reply = serveChart(opts, url, chartSymbol);
  else if (url.pathname === '/v1/finance/search') reply = serveSearch(url);
  else reply = yahooError(404, 'finance', 'Not Found', 'HTTP 404 Not Found');
  return isData ? faults.truncated(opts, reply) : reply;
}

async function listen(server: http.Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startSimulator(
  options: SimOptions & { port?: number; host?: string } = {},
): Promise<Simulator> {
  const { port: wantedPort = 0, host = '127.0.0.1', ...initial } = options;
  const problem = checkSimOptions(initial);
  if (problem !== undefined) throw new RangeError(problem);
  let opts: SimOptions = { ...initial };
  const counters = emptyCounters();
  const faults = new DataFaults(opts.seed ?? 1);
  const delays = new Delays();
  let closed = false;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const url = new URL(path, 'http://127.0.0.1');
    const { endpoint, quoteSymbols, chartSymbol } = countRequest(counters, url);
    const record = (status: number): void => {
      counters.byStatus[String(status)] = (counters.byStatus[String(status)] ?? 0) + 1;
      counters.log.push({ at: Date.now(), method, path, status });
    };

    if (opts.down === 'refuse') {
      record(0);
      req.socket.destroy();
      return;
    }
    const delay = (opts.latencyMs ?? 0) + (opts.hangMs ?? 0);
    if (delay > 0) await delays.sleep(delay);
    const gate =
      (endpoint === 'chart' || endpoint === 'quote') && opts.gate !== undefined
        ? await opts.gate({ endpoint, symbols: endpoint === 'chart' ? [chartSymbol] : quoteSymbols })
        : undefined;
    if (closed || res.destroyed) return;

    const reply = answer(opts, faults, { endpoint, req, url, quoteSymbols, chartSymbol }, gate);
    record(reply.status);
    res.writeHead(reply.status, {
      ...reply.headers,
      'content-length': String(Buffer.byteLength(reply.body)),
    });
    res.end(reply.body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the simulator must show up as a 500 with the reason, not a hung request.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator error: ${error instanceof Error ? error.stack : String(error)}`);
      }
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await listen(server, wantedPort, host);
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    counters,
    get options(): Readonly<SimOptions> {
      return Object.freeze({ ...opts });
    },
    configure(patch) {
      const problem = checkSimOptions(patch);
      if (problem !== undefined) throw new RangeError(problem);
      opts = { ...opts, ...patch };
      if (patch.seed !== undefined) faults.reseed(patch.seed);
      if (patch.rateLimit !== undefined) faults.clearRateWindow();
      if (patch.sessionFaults !== undefined) faults.clearSessionCounts();
    },
    resetCounters() {
      resetCounters(counters);
    },
    async close() {
      if (closed) return;
      closed = true;
      delays.cancelAll();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await done;
    },
  };
}
