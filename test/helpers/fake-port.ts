// A fake MasterPort for arbiter tests: spawns are records, children record what they were sent and
// which signals they got, and time is a number that only moves when a test calls advance(), which
// feeds the due timers to the arbiter one at a time, in order, as the real event queue would (or
// stall(), which moves it without firing anything). Effects (config reads, hooks) run for real;
// deliver() hands the arbiter an event and then the results of the effects that settled meanwhile,
// while one that never settles stays pending, as a hung config function or hook would.

import type { MasterMessage } from '../../src/ipc/messages.ts';
import type { Logger } from '../../src/log/logger.ts';
import { runEffect, type Effect } from '../../src/master/effects.ts';
import type { EffectEvent, MasterEvent, Timer, TimerKind } from '../../src/master/events.ts';
import type { ChildHandle, MasterPort, SpawnRequest } from '../../src/master/port.ts';

export class FakeChild implements ChildHandle {
  readonly pid: number;
  readonly sent: MasterMessage[] = [];
  readonly signals: NodeJS.Signals[] = [];

  constructor(pid: number) {
    this.pid = pid;
  }

  send(message: MasterMessage): void {
    this.sent.push(message);
  }

  kill(signal: NodeJS.Signals): void {
    this.signals.push(signal);
  }

  /** The message types it was sent, in order. */
  get types(): string[] {
    return this.sent.map((m) => m.type);
  }
}

export interface Spawned {
  readonly key: number;
  readonly id: number;
  readonly generation: number;
  readonly pid: number;
  readonly at: number;
  readonly request: SpawnRequest;
  readonly child: FakeChild;
}

export interface FakeTimer {
  readonly seq: number;
  readonly setAt: number;
  readonly ms: number;
  readonly dueAt: number;
  readonly kind: TimerKind;
  readonly timer: Timer;
  cancelled: boolean;
  fired: boolean;
}

export class FakePort implements MasterPort {
  readonly spawns: Spawned[] = [];
  readonly timers: FakeTimer[] = [];
  #now = 0;
  #pid = 1000;
  #seq = 0;
  /** Every effect started, in order, with its result once it settled. */
  readonly effects: { readonly effect: Effect; result: EffectEvent | null }[] = [];
  /** Effect results not handed to the arbiter yet. */
  readonly #settled: EffectEvent[] = [];
  /** Where due timers go: the arbiter's handle(). Set by the test after constructing the arbiter. */
  handle: (event: MasterEvent) => Promise<void> = async () => {};

  spawnWorker(request: SpawnRequest): ChildHandle {
    const child = new FakeChild(++this.#pid);
    this.spawns.push({ key: request.key, id: request.payload.id, generation: request.payload.generation, pid: child.pid, at: this.#now, request, child });
    return child;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, timer: Timer): () => void {
    const fake: FakeTimer = { seq: this.#seq++, setAt: this.#now, ms, dueAt: this.#now + ms, kind: timer.kind, timer, cancelled: false, fired: false };
    this.timers.push(fake);
    return () => {
      fake.cancelled = true;
    };
  }

  runEffect(effect: Effect): void {
    const record: { effect: Effect; result: EffectEvent | null } = { effect, result: null };
    this.effects.push(record);
    runEffect(effect, (event) => {
      record.result = event;
      this.#settled.push(event);
    });
  }

  /** Hands `event` to the arbiter, then every effect result that comes in meanwhile, until none does. */
  async deliver(event: MasterEvent): Promise<void> {
    await this.handle(event);
    await this.settle();
  }

  /** Lets started effects run (a macrotask turn) and hands their results over, until none is left. */
  async settle(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = this.#settled.shift();
      if (next === undefined) return;
      await this.handle(next);
    }
  }

  /** Timers still waiting to fire, optionally of one kind. */
  pending(kind?: TimerKind): FakeTimer[] {
    return this.timers.filter((t) => !t.cancelled && !t.fired && (kind === undefined || t.kind === kind));
  }

  /** Moves the clock by `ms`, firing every timer that falls due on the way (timers they set included). */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      const due = this.pending()
        .filter((t) => t.dueAt <= target)
        .sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq)[0];
      if (due === undefined) break;
      // An overdue timer (after stall()) fires at the current time, as libuv fires it late.
      this.#now = Math.max(this.#now, due.dueAt);
      due.fired = true;
      await this.deliver({ type: 'timer', ...due.timer });
    }
    this.#now = target;
  }

  /**
   * The master does not run for `ms` (SIGSTOP, a VM pause, swap): the clock moves and no timer
   * fires. The next advance() fires the overdue ones first, at the new time, as libuv does on
   * resume before it reads the pipes: feed the messages the workers sent meanwhile after that.
   */
  stall(ms: number): void {
    this.#now += ms;
  }

  /** The spawn record of a worker key. */
  spawn(key: number): Spawned {
    const s = this.spawns.find((x) => x.key === key);
    if (s === undefined) throw new Error(`no worker with key ${key}`);
    return s;
  }
}

export interface LogRecord {
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  readonly msg: string | undefined;
  readonly event?: string;
  readonly [field: string]: unknown;
}

/** A pino-shaped logger that keeps `{ level, msg, ...fields }` for every call. */
export function recordingLogger(): { logger: Logger; records: LogRecord[]; events: (name: string) => LogRecord[] } {
  const records: LogRecord[] = [];
  const at =
    (level: LogRecord['level']) =>
    (obj: unknown, msg?: string): void => {
      if (typeof obj === 'string') records.push({ level, msg: obj });
      else records.push({ ...(obj as Record<string, unknown>), level, msg });
    };
  const logger = {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => logger,
  };
  return { logger: logger as unknown as Logger, records, events: (name) => records.filter((r) => r.event === name) };
}
