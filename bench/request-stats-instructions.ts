// Instructions per request that metricsBind's counting adds (RequestCounter.track and the count at
// close), by callgrind: each side (with, without) run for N and 3N requests, the difference divided
// by 2N, so that Node's start cancels out. Instruction counts repeat on a loaded machine where CPU
// time and requests/s do not. By default the counting alone, on responses made in a loop
// (bench/request-stats-cost.ts); `--server`, whole keep-alive requests through a node:http server
// and client in one process (bench/request-stats-server.ts).
//
//   node bench/request-stats-instructions.ts [--requests 20000] [--server]

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './servers.ts';

const { values } = parseArgs({ options: { requests: { type: 'string' }, server: { type: 'boolean', default: false } } });
const script = values.server ? 'bench/request-stats-server.ts' : 'bench/request-stats-cost.ts';
const n = Number(values.requests ?? (values.server ? '2000' : '20000'));

async function instructions(only: 'with' | 'without', requests: number): Promise<number> {
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--conditions=tsgun-source', join(root, script), '--only', only, '--requests', String(requests)];
  const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const m = /Collected : (\d+)/.exec(err);
  if (code !== 0 || m === null) throw new Error(`callgrind failed (${code}): ${err.slice(-500)}`);
  return Number(m[1]);
}

const perRequest = async (only: 'with' | 'without'): Promise<number> => ((await instructions(only, 3 * n)) - (await instructions(only, n))) / (2 * n);
const without = await perRequest('without');
const withStats = await perRequest('with');
console.log(`instructions per request: without ${without.toFixed(0)}, with track ${withStats.toFixed(0)}, added ${(withStats - without).toFixed(0)}`);
