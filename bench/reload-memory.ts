// The master's memory across reloads of a TS config that imports a large local module (~1.2 MB of
// generated data) and a package from node_modules: starts tsgun from source in a temporary project,
// sends SIGHUP N times (each only once the previous reload has committed), and prints the master's
// RSS (VmRSS from /proc) before the first reload, every --every reloads, and after the last.
// ES modules cannot be unloaded, so whatever a reload re-imports stays in the master for good.
//
//   node bench/reload-memory.ts [--reloads 60] [--every 20] [--data-kb 1200] [--edit]
//
// --edit changes the config file itself before each reload (an operator editing it), so that every
// reload really has something new to read.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mib, rssKiB } from './proc-memory.ts';

const root = new URL('../', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    reloads: { type: 'string', default: '60' },
    every: { type: 'string', default: '20' },
    'data-kb': { type: 'string', default: '1200' },
    edit: { type: 'boolean', default: false },
  },
});
const reloads = Number(values.reloads);
const every = Number(values.every);
const dataKb = Number(values['data-kb']);
const READY_TIMEOUT_MS = 60_000;
const RELOAD_TIMEOUT_MS = 30_000;

if (!(reloads > 0) || !(every > 0) || !(dataKb > 0)) {
  console.error('usage: node bench/reload-memory.ts [--reloads 60] [--every 20] [--data-kb 1200] [--edit]');
  process.exit(2);
}

/** A project with a config that imports a large local data module and a small package. */
function makeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsgun-reload-memory-'));
  mkdirSync(join(dir, 'node_modules', 'bench-pkg'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', 'tsgun'), 'dir');
  writeFileSync(join(dir, 'node_modules', 'bench-pkg', 'package.json'), JSON.stringify({ name: 'bench-pkg', type: 'module', exports: './index.js' }));
  // A package of a few hundred kB, as a real dependency of a config might be (a validation library).
  const pkgRows = Array.from({ length: 4000 }, (_, i) => `  { id: ${i}, name: 'package row ${i}', tags: ['a${i % 7}', 'b${i % 11}'] },`);
  writeFileSync(join(dir, 'node_modules', 'bench-pkg', 'index.js'), `export const rows = [\n${pkgRows.join('\n')}\n];\n`);
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < dataKb * 1024; i++) {
    const row = `  { id: ${i}, host: 'host-${i}.internal.example', weight: ${i % 100}, zone: 'zone-${i % 13}' },`;
    rows.push(row);
    size += row.length + 1;
  }
  writeFileSync(join(dir, 'upstreams.ts'), `export interface Upstream { id: number; host: string; weight: number; zone: string }\nexport const upstreams: Upstream[] = [\n${rows.join('\n')}\n];\n`);
  writeFileSync(join(dir, 'app.mjs'), "export default (req, res) => res.end('ok');\n");
  writeConfig(dir, 0);
  return dir;
}

function writeConfig(dir: string, edit: number): void {
  writeFileSync(
    join(dir, 'tsgun.config.ts'),
    [
      "import { defineConfig } from 'tsgun';",
      "import { rows } from 'bench-pkg';",
      "import { upstreams } from './upstreams.ts';",
      `// edit ${edit}`,
      "export default defineConfig({ app: './app.mjs', bind: ['127.0.0.1:0'], workers: 1, accessLog: null, logLevel: 'info', logFormat: 'json', env: { UPSTREAMS: String(upstreams.length + rows.length) } });",
      '',
    ].join('\n'),
  );
}

interface LogLine {
  readonly event?: string;
  readonly [key: string]: unknown;
}

function rssMiB(pid: number): number {
  return Math.round(mib(rssKiB(pid)) * 10) / 10;
}

function start(dir: string): { child: ChildProcess; next: (match: (l: LogLine) => boolean, timeoutMs: number) => Promise<LogLine> } {
  const child = spawn(process.execPath, ['--conditions=tsgun-source', join(root, 'src/cli/main.ts'), '--config', 'tsgun.config.ts'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) !== -1) {
      let line: LogLine;
      try {
        line = JSON.parse(buffer.slice(0, nl)) as LogLine;
      } catch {
        line = {};
      }
      buffer = buffer.slice(nl + 1);
      for (const w of waiters.splice(0)) {
        if (w.match(line)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  const next = (match: (l: LogLine) => boolean, timeoutMs: number): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  return { child, next };
}

const dir = makeProject();
const { child, next } = start(dir);
const cleanup = (): void => {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // gone
  }
  rmSync(dir, { recursive: true, force: true });
};
process.on('SIGINT', () => (cleanup(), process.exit(130)));
try {
  await next((l) => l.event === 'server.ready', READY_TIMEOUT_MS);
  const before = rssMiB(child.pid!);
  console.log(`local data module ${Math.round(Buffer.byteLength(readFileSync(join(dir, 'upstreams.ts'))) / 1024)} kB, ${reloads} reloads${values.edit ? ' (config edited before each)' : ''}`);
  console.log(`master RSS before: ${before} MiB`);
  let rolledBack = 0;
  for (let n = 1; n <= reloads; n++) {
    if (values.edit) writeConfig(dir, n);
    const done = next((l) => l.event === 'reload.committed' || l.event === 'reload.rolled-back', RELOAD_TIMEOUT_MS);
    process.kill(child.pid!, 'SIGHUP');
    if ((await done).event === 'reload.rolled-back') rolledBack++;
    if (n % every === 0 && n !== reloads) console.log(`master RSS after ${n}: ${rssMiB(child.pid!)} MiB`);
  }
  const after = rssMiB(child.pid!);
  console.log(
    `master RSS after ${reloads}: ${after} MiB (${after - before >= 0 ? '+' : ''}${Math.round((after - before) * 10) / 10} MiB, ${Math.round(((after - before) / reloads) * 1000) / 1000} MiB per reload)${rolledBack > 0 ? `; ${rolledBack} reloads rolled back` : ''}`,
  );
  process.kill(child.pid!, 'SIGTERM');
  await once(child, 'exit');
} finally {
  cleanup();
}
