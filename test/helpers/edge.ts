// A tsgun serving one of the edge fixture apps (test/fixtures/edge/), which write a line per call to
// a file: what the app was called with, to tell a refused request from one that reached the app.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { tempDir } from './cli.ts';
import { startServer, type ServerProcess } from './server.ts';

export interface Edge {
  readonly server: ServerProcess;
  readonly port: number;
  /** What the app was called with so far, one line per call. */
  calls(): string[];
}

/** One worker on 127.0.0.1:0 at debug level (refusals are logged there), with `args` after. */
export async function startEdge(t: TestContext, app: string, args: readonly string[] = []): Promise<Edge> {
  const dir = tempDir(t);
  const file = join(dir, 'calls.txt');
  writeFileSync(file, '');
  const server = await startServer(t, { args: [app, '-b', '127.0.0.1:0', '-w', '1', '--log-level', 'debug', ...args], env: { EDGE_TEST_CALLS: file } });
  const port = Number(new URL(await server.url()).port);
  return {
    server,
    port,
    calls: () =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
  };
}
