// Test guard: no test may reach the network beyond loopback. Any socket to another host
// fails loudly instead of hanging on this machine's closed network or, elsewhere, calling Yahoo.
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with apply() below
const originalConnect = net.Socket.prototype.connect;

function hostOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const options = first as { host?: string; path?: string };
    if (options.path !== undefined) return undefined; // unix socket
    return options.host ?? 'localhost';
  }
  if (Array.isArray(first)) return hostOf(first as unknown[]);
  if (typeof first === 'number') return typeof second === 'string' ? second : 'localhost';
  return undefined; // unix socket path
}

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host !== undefined && !LOOPBACK.has(host)) {
    throw new Error(`test network guard: connection to ${host} refused (tests may only use loopback)`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
