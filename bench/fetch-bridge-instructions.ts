// Instructions per request through a Fetch adapter, counted by callgrind: bench/fetch-bridge-cost.ts
// run twice per adapter (N and 3N requests), the difference divided by 2N, so that the start of
// Node and of the app cancels out. Instruction counts repeat on a loaded machine where wall-clock
// figures do not (valgrind serialises the threads and counts, it does not time).
//
//   node bench/fetch-bridge-instructions.ts [--requests 500] [--adapters tsgun,hono-node] [--root DIR]
//
// --root runs bench/fetch-bridge-cost.ts of another checkout (a "before" tree with node_modules).

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './servers.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '500' },
    adapters: { type: 'string', default: 'tsgun,hono-node' },
    root: { type: 'string', default: root },
    path: { type: 'string', default: '/' },
  },
});
const n = Number(values.requests);

async function instructions(adapter: string, requests: number): Promise<number> {
  const args = [
    '--tool=callgrind',
    '--smc-check=all-non-file',
    '--callgrind-out-file=/dev/null',
    process.execPath,
    join(values.root, 'bench/fetch-bridge-cost.ts'),
    '--adapter',
    adapter,
    '--requests',
    String(requests),
    '--path',
    values.path,
  ];
  const child = spawn('valgrind', args, { cwd: values.root, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  const collected = /Collected : (\d+)/.exec(err);
  if (code !== 0 || collected === null) throw new Error(`valgrind ${args.join(' ')} exited with ${code}:\n${err.slice(-2000)}`);
  return Number(collected[1]);
}

for (const adapter of values.adapters.split(',')) {
  const [small, large] = await Promise.all([instructions(adapter, n), instructions(adapter, 3 * n)]);
  console.log(`${adapter.padEnd(10)} ${((large - small) / (2 * n)).toFixed(0).padStart(8)} instructions per request (${n} and ${3 * n} requests: ${small} and ${large})`);
}
