// How a browser on another machine reaches this machine's fixture server. The fixture server
// listens on 127.0.0.1 only (fixtures-server/server.ts), and every scenario URL is on
// `<run>.localhost:<port>` or `<run>.insecure.test:<port>`, names the remote machine would resolve
// to its own loopback. Playwright's remote browsers tunnel them back through their connection
// (exposeNetwork); a remote WebKitWebDriver has no such tunnel. So the remote MiniBrowser gets
// this relay as its HTTP proxy for every request: a TCP relay on an address the remote machine can
// reach, forwarding each connection, unchanged, to the fixture server, which already serves
// absolute-form (proxy) requests for its own origins (it does so for a local WebKitGTK's *.test).
//
// The relay is opened only when SWC_REMOTE_WEBKIT is set, on the address this machine uses to
// reach the remote driver (or on SWC_REMOTE_WEBKIT_RELAY=host:port, e.g. behind NAT or for an
// `ssh -R` tunnel), and closed with the worker's browser. Whatever can reach that address can
// then reach the fixture server: its runs' origins, nothing else on this machine.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { EngineUnavailableError } from './types.js';

export interface Relay {
  /** The proxy URL the remote browser uses: http://host:port. */
  url: string;
  /** Connections relayed so far. */
  connections(): number;
  close(): Promise<void>;
}

/** The local address of a TCP connection to host:port: the address the other side can reach us on (in most networks). */
export function localAddressTowards(host: string, port: number, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new EngineUnavailableError(`webkit: cannot reach the remote WebDriver at ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      const address = socket.localAddress;
      socket.destroy();
      if (address) resolve(address.replace(/^::ffff:/, ''));
      else reject(new EngineUnavailableError(`webkit: no local address towards ${host}:${port}`));
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(new EngineUnavailableError(`webkit: cannot reach the remote WebDriver at ${host}:${port}: ${e.message}`));
    });
  });
}

/** SWC_REMOTE_WEBKIT_RELAY's "host:port" (port 0: any free one). */
export function parseRelayAddress(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new EngineUnavailableError(`webkit: SWC_REMOTE_WEBKIT_RELAY must be host:port, e.g. 10.0.0.5:9400 (got "${text}")`);
  return { host: (m[1] ?? m[2])!, port };
}

/** Relay connections on host:port to the fixture server on 127.0.0.1:fixturePort. */
export async function openRelay(listen: { host: string; port: number }, fixturePort: number): Promise<Relay> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((client) => {
    count++;
    const upstream = connect({ host: '127.0.0.1', port: fixturePort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new EngineUnavailableError(`webkit: the relay for the remote browser cannot listen on ${listen.host}:${listen.port}: ${e.message}`)));
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${host}:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
