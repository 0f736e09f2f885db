// Helpers for the reload end-to-end tests: a throwaway project directory whose files a test edits
// the way a deploy or an editor does (write a temp file, rename it over), app sources that answer
// with a version and their pid, and a bounded load that also records which version each worker
// answered, for "nothing was dropped and the old generation kept serving" assertions.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { repoRoot, tempDir } from './cli.ts';
import { getOnce } from './load.ts';
import type { LogLine, ServerProcess } from './server.ts';

export const fixtures = join(repoRoot, 'test/fixtures/reload');

export interface Project {
  readonly dir: string;
  path(name: string): string;
  /** Replaces a file atomically (temp file + rename), as editors and deploy tools do. */
  write(name: string, text: string): void;
  /** Copies a file from test/fixtures/reload into the project (atomically). */
  copy(fixture: string, name: string): void;
}

export function project(t: TestContext, files: Record<string, string> = {}): Project {
  const dir = tempDir(t, 'tsgun-reload-');
  let n = 0;
  const p: Project = {
    dir,
    path: (name) => join(dir, name),
    write(name, text) {
      const target = join(dir, name);
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.${n++}.tmp`;
      writeFileSync(temp, text);
      renameSync(temp, target);
    },
    copy(fixture, name) {
      const target = join(dir, name);
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.${n++}.tmp`;
      copyFileSync(join(fixtures, fixture), temp);
      renameSync(temp, target);
    },
  };
  for (const [name, text] of Object.entries(files)) p.write(name, text);
  return p;
}

/**
 * An app answering `<version> pid <pid>`. `gate`: its import waits until that file exists (a boot
 * the test holds open for as long as it needs, without timers); `before`: code run at import.
 */
export function appSource(version: string, options: { gate?: string; before?: string } = {}): string {
  const lines: string[] = [];
  if (options.before !== undefined) lines.push(options.before);
  if (options.gate !== undefined) {
    lines.push(
      "import { existsSync } from 'node:fs';",
      `await new Promise((resolve) => { const poll = setInterval(() => { if (existsSync(${JSON.stringify(options.gate)})) { clearInterval(poll); resolve(); } }, 20); });`,
    );
  }
  lines.push(`export default (req, res) => res.end(\`${version} pid \${process.pid}\\n\`);`, '');
  return lines.join('\n');
}

/** A tsgun.config.mjs: plain settings as JSON, plus `extra` source (hooks) inside the object. */
export function mjsConfig(settings: Record<string, unknown>, extra = '', prelude = ''): string {
  const body = Object.entries(settings).map(([k, v]) => `  ${k}: ${JSON.stringify(v)},`);
  return `${prelude}${prelude === '' ? '' : '\n'}export default {\n${body.join('\n')}\n${extra}};\n`;
}

/** Settings every reload test starts from: fast drains, short keep-alive, two workers on port 0. */
export const BASE = { app: './app.mjs', bind: ['127.0.0.1:0'], workers: 2, gracefulTimeout: 3, keepAlive: 1 } as const;

export interface VersionLoadResult {
  readonly ok: number;
  readonly statuses: Readonly<Record<number, number>>;
  readonly errors: readonly string[];
  /** pid → the versions (first word of the body) that worker answered with. */
  readonly versions: ReadonlyMap<number, ReadonlySet<string>>;
}

export interface VersionLoad {
  /** Requests that succeeded so far. */
  readonly ok: number;
  /** Resolves once at least `n` requests succeeded in total. */
  reached(n: number): Promise<void>;
  /** Resolves once `n` more requests than now succeeded. */
  more(n: number): Promise<void>;
  stop(): Promise<VersionLoadResult>;
  /** What was answered so far (live view). */
  readonly versions: ReadonlyMap<number, ReadonlySet<string>>;
}

/**
 * A bounded client loop like startLoad (N keep-alive connections, hard request/time bounds, every
 * failure recorded), which also records each worker's answer, so that a test can tell which
 * generation served what.
 */
export function startVersionLoad(url: string, options: { connections: number; maxMs?: number; maxRequests?: number; socketPath?: string } = { connections: 8 }): VersionLoad {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const deadline = Date.now() + (options.maxMs ?? 30_000);
  const maxRequests = options.maxRequests ?? 100_000;
  let stopped = false;
  let issued = 0;
  let ok = 0;
  const statuses: Record<number, number> = {};
  const errors: string[] = [];
  const versions = new Map<number, Set<string>>();
  let waiters: { n: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const client = async (): Promise<void> => {
    while (!stopped && issued < maxRequests && Date.now() < deadline) {
      issued++;
      try {
        const res = await getOnce(url, { agent, socketPath: options.socketPath });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status !== 200) {
          errors.push(`status ${res.status}: ${res.body.slice(0, 200)}`);
          continue;
        }
        ok++;
        const m = /^(\S+) pid (\d+)/.exec(res.body);
        if (m === null) errors.push(`unexpected body: ${res.body.slice(0, 200)}`);
        else {
          const pid = Number(m[2]);
          if (!versions.has(pid)) versions.set(pid, new Set());
          versions.get(pid)!.add(m[1]!);
        }
        waiters = waiters.filter((w) => {
          if (ok < w.n) return true;
          w.resolve();
          return false;
        });
      } catch (error) {
        errors.push(`${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message}`.trim());
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.connections }, client)).then(() => {
    agent.destroy();
    // A wait that can no longer be met must fail the test, not hang it.
    for (const w of waiters) w.reject(new Error(`the load ended after ${ok} successful requests, before ${w.n}; errors: ${errors.slice(0, 5).join('; ')}`));
    waiters = [];
    return { ok, statuses, errors, versions } as VersionLoadResult;
  });
  const reached = (n: number): Promise<void> => {
    if (ok >= n) return Promise.resolve();
    return new Promise((resolve, reject) => waiters.push({ n, resolve, reject }));
  };
  return {
    get ok() {
      return ok;
    },
    versions,
    reached,
    more: (n) => reached(ok + n),
    stop() {
      stopped = true;
      return done;
    },
  };
}

/** Nothing was dropped: no connection error, every status a 200, and some requests at all. */
export function assertNothingDropped(result: VersionLoadResult, atLeast = 1): void {
  assert.deepEqual(result.errors, [], 'no request failed');
  assert.deepEqual(Object.keys(result.statuses), ['200'], `only 200s: ${JSON.stringify(result.statuses)}`);
  assert.ok(result.ok >= atLeast, `at least ${atLeast} requests succeeded (${result.ok})`);
}

/** Every answer came from one of `pids`, with `version`. */
export function assertServedBy(result: { versions: ReadonlyMap<number, ReadonlySet<string>> }, pids: readonly number[], version: string): void {
  for (const [pid, seen] of result.versions) {
    assert.ok(pids.includes(pid), `pid ${pid} answered, but only ${pids.join(', ')} should have`);
    assert.deepEqual([...seen], [version], `pid ${pid} answered ${[...seen].join(', ')}`);
  }
}

/** Pids of a generation's workers, from worker.spawned events. */
export function generationPids(server: ServerProcess, generation: number): number[] {
  return server.events('worker.spawned').filter((l) => l.generation === generation).map((l) => l.pid!);
}

/** Index of the first log line matching, or -1. */
export function indexOf(server: ServerProcess, match: (l: LogLine) => boolean): number {
  return server.lines.findIndex(match);
}

/** One GET answered by the server: `{ version, pid }`. */
export async function ask(url: string, options: { socketPath?: string } = {}): Promise<{ version: string; pid: number }> {
  const res = await getOnce(url, { socketPath: options.socketPath });
  assert.equal(res.status, 200, res.body);
  const m = /^(\S+) pid (\d+)/.exec(res.body);
  assert.ok(m !== null, `unexpected body ${res.body}`);
  return { version: m[1]!, pid: Number(m[2]) };
}
