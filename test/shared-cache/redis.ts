// A real redis-server for the shared-cache tests: a free loopback port (redis has no `--port 0`, so one
// is found by binding 127.0.0.1:0 first), a temporary directory, no persistence; stopped after.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The redis-server binary, or null when this machine has none. */
function findRedisServer(): string | null {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const p = found.stdout.trim();
  return found.status === 0 && p !== '' ? p : null;
}

/**
 * Whether the Redis tests can run here. In CI (CI=true) a missing server is a failure, never a skip:
 * `.ci/run` installs it.
 */
export function redisAvailable(): boolean {
  const bin = findRedisServer();
  if (bin === null && process.env.CI === 'true')
    throw new Error(
      'redis-server not found: the shared-cache tests need it (apt-get install -y redis-server)',
    );
  return bin !== null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:<port>/0` (or with the password, when one was set). */
  url: string;
  /** Stops it (SIGTERM, then waits); idempotent. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Runs redis-cli against it and returns its output. */
  cli(...args: string[]): string;
}

export async function startRedis(options: { password?: string } = {}): Promise<RedisServer> {
  const bin = findRedisServer();
  if (bin === null) throw new Error('redis-server not found');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-redis-'));
  for (let attempt = 0; ; attempt += 1) {
    const port = await freePort();
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ];
    if (options.password !== undefined) args.push('--requirepass', options.password);
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const ready = await new Promise<boolean>((resolve) => {
      let out = '';
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) resolve(true);
      };
      child.stdout.on('data', onData);
      child.on('exit', () => resolve(false));
      setTimeout(() => resolve(false), 10_000).unref();
    });
    if (!ready) {
      child.kill('SIGKILL');
      if (attempt < 3) continue; // the port was taken in between
      throw new Error('redis-server did not start');
    }
    return makeHandle(child, port, dir, options.password);
  }
}

function makeHandle(
  child: ChildProcess,
  port: number,
  dir: string,
  password: string | undefined,
): RedisServer {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const auth = password === undefined ? '' : `default:${encodeURIComponent(password)}@`;
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}/0`,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    cli: (...args: string[]) => {
      const pass = password === undefined ? [] : ['-a', password, '--no-auth-warning'];
      const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...pass, ...args], {
        encoding: 'utf8',
      });
      return r.stdout;
    },
  };
}
