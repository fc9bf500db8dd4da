// npm run fixtures -- [--port N] [--run ID]
// Starts the fixture server on 127.0.0.1 and prints the base URLs, so a person can open a scenario
// page in any browser. Ctrl-C stops it.

import { createFixtureServer } from './server.js';
import { isRunId } from './hosts.js';
import { DEFAULT_RUN } from './protocol.js';

const USAGE = `usage: npm run fixtures -- [--port N] [--run ID]
  --port N   port on 127.0.0.1 (default 8000; 0 picks a free one)
  --run ID   run whose origins to print (default "demo"; [a-z0-9]{1,40})
The server listens on 127.0.0.1 only.`;

function parseArgs(argv: string[]): { port: number; run: string } {
  let port = 8000;
  let run = 'demo';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const v = value();
        if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) fail(`--port must be an integer in 0..65535, got ${v}`);
        port = Number(v);
        break;
      }
      case '--run': {
        run = value();
        if (!isRunId(run)) fail(`--run must match [a-z0-9]{1,40}, got ${run}`);
        break;
      }
      case '--host':
        fail('the fixture server listens on 127.0.0.1 only; --host is not supported');
        break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        fail(`unknown argument ${arg}`);
    }
  }
  return { port, run };
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { port, run } = parseArgs(process.argv.slice(2));
const server = await createFixtureServer({ port }).catch((e: unknown) => {
  console.error(`cannot start the fixture server: ${(e as Error).message}`);
  process.exit(1);
});

console.log(`sw-conformance fixture server on ${server.url}
  control API      ${server.url}/__sw-conformance/
  run "${run}":
    origin a       ${server.baseUrl(run, 'a')}/index.html
    origin b       ${server.baseUrl(run, 'b')}/index.html
    insecure       ${server.baseUrl(run, 'insecure')}/index.html   (map *.test to 127.0.0.1, or use ${server.url} as an HTTP proxy)
    log            ${server.url}/__sw-conformance/runs/${run}/log
  plain loopback   http://localhost:${server.port}/index.html (run "${DEFAULT_RUN}", or ?__run=ID)
Any *.html path is an agent page (window.__swc.run(step)); PUT resources to the control API for the rest.
Ctrl-C to stop.`);

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
