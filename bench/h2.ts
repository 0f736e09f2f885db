// The h2 rows of bench/throughput.ts: tsgun serving the hello app over TLS with httpProtocols
// ['h2', 'h1'] against a bare node:cluster of http2.createSecureServer workers (bench/h2-peer.ts),
// loaded by h2load (nghttp2-client) with streams multiplexed on each connection, A B then B A.

import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, Server, spawnTracked, tsgunEntry } from './servers.ts';
import { medianWithInterval } from './stats.ts';

export interface H2Options {
  readonly rounds: number;
  readonly seconds: number;
  readonly connections: number;
  /** Concurrent streams per connection (h2load -m). */
  readonly streams: number;
  readonly workers: number;
  readonly nextHost: () => string;
}

export function hasH2load(): boolean {
  return spawnSync('h2load', ['--version']).error === undefined;
}

/** A throwaway self-signed certificate for localhost. */
function certificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', key, '-out', cert], {
    stdio: 'ignore',
  });
  return { cert, key };
}

async function h2load(url: string, o: H2Options, seconds: number): Promise<{ rps: number; errors: string }> {
  const args = ['-c', String(o.connections), '-m', String(o.streams), '-D', String(seconds), url];
  const child = spawnTracked('h2load', args);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), (seconds + 30) * 1000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  const rps = Number(/finished in [\d.]+\w*, ([\d.]+) req\/s/.exec(out)?.[1] ?? NaN);
  if (code !== 0 || Number.isNaN(rps)) throw new Error(`h2load ${args.join(' ')} exited with ${code}:\n${out}`);
  const requests = /requests: .*/.exec(out)?.[0] ?? '';
  const failed = /(\d+) failed, (\d+) errored, (\d+) timeout/.exec(requests);
  const protocol = /Application protocol: (\S+)/.exec(out)?.[1] ?? '?';
  return { rps, errors: `(${protocol}${failed !== null && failed.slice(1).some((n) => n !== '0') ? `; ${failed[0]}` : ''})` };
}

function spawnH2(kind: 'tsgun' | 'cluster', host: string, workers: number, tls: { cert: string; key: string }): Server {
  const child =
    kind === 'tsgun'
      ? spawnTracked(process.execPath, [
          ...tsgunEntry(),
          '--config',
          'bench/hello.config.ts',
          '-w',
          String(workers),
          '-b',
          `${host}:0`,
          '--tls-cert',
          tls.cert,
          '--tls-key',
          tls.key,
          '--http-protocols',
          'h2',
          '--http-protocols',
          'h1',
        ])
      : spawnTracked(process.execPath, ['bench/h2-peer.ts'], { WORKERS: String(workers), HOST: host, PORT: '0', TLS_CERT: tls.cert, TLS_KEY: tls.key });
  return new Server(kind, child, host);
}

export async function runH2(o: H2Options): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tsgun-bench-h2-'));
  try {
    const tls = certificate(dir);
    const ratios: number[] = [];
    console.log(`\nh2 (TLS, ALPN): h2load -c ${o.connections} -m ${o.streams} -D ${o.seconds}, ${o.workers} workers, ${o.rounds} rounds`);
    for (let round = 1; round <= o.rounds; round++) {
      const results: Record<string, number> = {};
      const order = round % 2 === 1 ? (['cluster', 'tsgun'] as const) : (['tsgun', 'cluster'] as const);
      for (const name of order) {
        const server = spawnH2(name, o.nextHost(), o.workers, tls);
        let result: { rps: number; errors: string };
        try {
          await server.ready();
          const url = `https://${server.host}:${server.port}/`;
          await h2load(url, o, 1); // warm-up
          result = await h2load(url, o, o.seconds);
        } finally {
          await server.stop();
        }
        results[name] = result.rps;
        console.log(`  round ${round} ${name.padEnd(7)} ${result.rps.toFixed(0).padStart(8)} req/s ${result.errors}`);
      }
      ratios.push(results.tsgun! / results.cluster!);
    }
    console.log(`  ratio tsgun/cluster: median ${medianWithInterval(ratios)} (rounds: ${ratios.map((r) => r.toFixed(3)).join(', ')})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
