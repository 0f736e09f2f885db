// The harness of the arbiter's unit tests: an Arbiter on a fake port, fed MasterEvents through
// port.deliver (which also hands back the results of the config reads and hooks it started), with
// helpers to send worker messages, exits, signals and reloads and to read what it did.

import type { ResolvedConfig } from '../../src/config/resolved-config.ts';
import type { BoundListener, WorkerMetrics } from '../../src/ipc/messages.ts';
import { Arbiter, type ArbiterOptions } from '../../src/master/arbiter.ts';
import type { ReloadOutcome } from '../../src/master/events.ts';
import type { MasterSignal } from '../../src/master/signals.ts';
import type { Lifecycle } from '../../src/master/systemd-notifier.ts';
import { resolvedConfig } from '../helpers/config.ts';
import { FakePort, recordingLogger } from '../helpers/fake-port.ts';

const config = resolvedConfig;

const listeners: BoundListener[] = [{ fd: 10, kind: 'tcp', address: '127.0.0.1:8000' }];

export async function harness(settings: Record<string, unknown>, extra: Pick<ArbiterOptions, 'upgrader'> = {}) {
  const port = new FakePort();
  const { logger, records, events } = recordingLogger();
  const initial = config(settings);
  /** What readConfig returns (or throws, or a promise of it), one entry per call; the initial config when empty. */
  const next: (ResolvedConfig | Error | Promise<ResolvedConfig>)[] = [];
  const calls = { readConfig: 0, acquireListeners: 0 };
  const stopped: number[] = [];
  const changed: ResolvedConfig[] = [];
  /** What the arbiter reported for systemd, in order. */
  const lifecycle: Lifecycle[] = [];
  let bindError: Error | null = null;
  const arbiter = new Arbiter({
    config: initial,
    listeners,
    port,
    logger,
    cwd: '/srv/app',
    baseEnv: { PATH: '/usr/bin' },
    workerCwd: '/srv/app',
    readConfig: async () => {
      calls.readConfig++;
      const value = await (next.shift() ?? initial);
      if (value instanceof Error) throw value;
      return value;
    },
    acquireListeners: async () => {
      calls.acquireListeners++;
      if (bindError !== null) throw bindError;
      return listeners;
    },
    retainListeners: () => [],
    onConfigChanged: (c) => changed.push(c),
    onStopped: async (code) => {
      stopped.push(code);
    },
    onReopenLogs: () => {},
    onLifecycle: (change) => lifecycle.push(change),
    upgrader: extra.upgrader,
  });
  port.handle = (event) => arbiter.handle(event);
  await arbiter.start();
  await port.settle();

  const h = {
    arbiter,
    port,
    records,
    events,
    next,
    calls,
    stopped,
    changed,
    lifecycle,
    failBind(error: Error) {
      bindError = error;
    },
    ready: (key: number) => port.deliver({ type: 'worker-message', key, message: { type: 'ready' } }),
    heartbeat: (key: number, metrics: WorkerMetrics | null = null) => port.deliver({ type: 'worker-message', key, message: { type: 'heartbeat', metrics } }),
    recycle: (key: number) => port.deliver({ type: 'worker-message', key, message: { type: 'recycle', reason: 'max-requests' } }),
    bootFailed: (key: number, code = 'TSG_APP_LOAD') => port.deliver({ type: 'worker-message', key, message: { type: 'boot-failed', error: { code, message: 'cannot import ./app.mjs' } } }),
    exit: (key: number, code: number | null = 0, signal: NodeJS.Signals | null = null) => port.deliver({ type: 'worker-exit', key, code, signal }),
    signal: (signal: MasterSignal) => port.deliver({ type: 'signal', signal }),
    /** Starts a reload and returns the outcomes its reply received. */
    async reload(trigger: 'signal' | 'control' | 'watch' = 'signal'): Promise<ReloadOutcome[]> {
      const outcomes: ReloadOutcome[] = [];
      await port.deliver({ type: 'reload', trigger, reply: (o) => outcomes.push(o) });
      return outcomes;
    },
    child: (key: number) => port.spawn(key).child,
    keysOf: (generation: number) => port.spawns.filter((s) => s.generation === generation).map((s) => s.key),
    /** Workers serving: ready and not on their way out. */
    serving: () => arbiter.view().workers.filter((w) => w.state === 'ready' && w.exitReason === null).length,
    drained: () => port.spawns.filter((s) => s.child.sent.some((m) => m.type === 'drain')).map((s) => s.key),
  };
  return h;
}

export type Harness = Awaited<ReturnType<typeof harness>>;

export async function readyAll(h: Harness, keys: readonly number[]): Promise<void> {
  for (const key of keys) await h.ready(key);
}
