// Helpers for the reload end-to-end tests: a throwaway project directory whose files a test edits
// the way a deploy or an editor does (write a temp file, rename it over), app sources that answer
// with a version and their pid (so that the load in load.ts can tell which generation served what),
// and the log lookups the reload tests share.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
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

/** Pids of a generation's workers, from worker.spawned events. */
export function generationPids(server: ServerProcess, generation: number): number[] {
  return server
    .events('worker.spawned')
    .filter((l) => l.generation === generation)
    .map((l) => l.pid!);
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
