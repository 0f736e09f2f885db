// The control commands' own logic, in process: the scale argument and the status table.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScaleArgument } from '../../src/cli/scale.ts';
import { duration, renderStatus } from '../../src/cli/status.ts';
import type { StatusReport, WorkerStatus } from '../../src/ipc/control-protocol.ts';
import { describeUpgrade } from '../../src/cli/upgrade.ts';

test('scale takes N, +N or -N, and nothing else', () => {
  assert.deepEqual(parseScaleArgument('4'), { workers: 4, relative: false });
  assert.deepEqual(parseScaleArgument('+2'), { workers: 2, relative: true });
  assert.deepEqual(parseScaleArgument('-1'), { workers: -1, relative: true });
  assert.deepEqual(parseScaleArgument('+0'), { workers: 0, relative: true });
  for (const bad of ['0', '', '+', '-', 'four', '2.5', '1e3', '++1', '0x10', '1234567890']) {
    assert.throws(() => parseScaleArgument(bad), { code: 'TSG_USAGE' }, bad);
  }
});

test('durations in the status table', () => {
  assert.deepEqual([0, 59_999, 60_000, 3_599_000, 3_600_000, 90_061_000].map(duration), ['0s', '59s', '1m00s', '59m59s', '1h00m', '1d01h']);
});

const worker = (fields: Partial<WorkerStatus>): WorkerStatus => ({
  id: 1,
  pid: 100,
  generation: 1,
  state: 'ready',
  leaving: null,
  ageMs: 65_000,
  requests: 12,
  rssBytes: 52_428_800,
  heapUsedBytes: 1,
  elu: 0.125,
  delayP99Ms: 1.25,
  delayMaxMs: 9,
  heartbeatAgeMs: 300,
  ...fields,
});

test('the status table: the master, the serving generation, the last reload, one row per worker', () => {
  const report: StatusReport = {
    master: { pid: 42, startedAt: '2026-01-01T00:00:00.000Z', uptimeMs: 3_700_000, state: 'running' },
    generation: 1,
    targetWorkers: 2,
    reloading: true,
    workers: [
      worker({}),
      worker({ id: 2, pid: 101, state: 'draining', leaving: 'max-requests' }),
      worker({ id: 1, pid: 102, generation: 2, state: 'booting', ageMs: 500, requests: null, rssBytes: null, elu: null, delayP99Ms: null, delayMaxMs: null, heartbeatAgeMs: null }),
    ],
    lastReload: { ok: false, trigger: 'signal', startedAt: '2026-01-01T00:01:00.000Z', finishedAt: '2026-01-01T00:01:02.000Z', generation: 2, code: 'TSG_APP_LOAD', reason: 'boom' },
  };
  assert.equal(
    renderStatus(report),
    [
      'master 42, running, up 1h01m (since 2026-01-01T00:00:00.000Z)',
      'generation 1 serving: 1 of 2 workers ready; a reload is in progress',
      'last reload: rolled back at 2026-01-01T00:01:02.000Z (signal) [TSG_APP_LOAD]: boom',
      '',
      'WORKER  PID  GEN  STATE                    AGE    REQUESTS  RSS       ELU   DELAY p99/max',
      '1       100  1    ready                    1m05s  12        50.0 MiB  0.13  1.3/9.0 ms',
      '2       101  1    draining (max-requests)  1m05s  12        50.0 MiB  0.13  1.3/9.0 ms',
      '1       102  2    booting                  0s     -         -         -     -',
      '',
    ].join('\n'),
  );
});

test('an upgrade given up because the master is stopping does not say the master keeps serving (it said both)', () => {
  assert.equal(
    describeUpgrade({ ok: false, pid: 42, reason: 'abandoned', message: 'this master is stopping' }),
    'upgrade rolled back (new master 42): this master is stopping; the running master is stopping\n',
  );
  assert.equal(
    describeUpgrade({ ok: false, pid: 42, reason: 'timeout', message: 'not ready within bootTimeout' }),
    'upgrade rolled back (new master 42): not ready within bootTimeout; the running master keeps serving\n',
  );
});
