// The control socket's protocol, shared by the master (master/control.ts) and the CLI (cli/): the
// requests and replies as typed unions, the framing (JSON lines, bounded) and the parsers that check
// what arrives from the other side before anyone trusts it. Documented in docs/cli.md (control socket).
//
// Framing: the client sends one request line (at most MAX_REQUEST_BYTES). The master answers with
// zero or more progress lines (`{"progress":{…}}`, only `stop` sends one) and then one final line
// (`{"ok":true,…}` or `{"ok":false,"error":…}`), and closes the connection.

/** A request longer than this is refused (`request too large`) without being parsed. */
export const MAX_REQUEST_BYTES = 4096;
/** A reply line longer than this is refused by the client (a status of ~1,000 workers fits). */
export const MAX_REPLY_BYTES = 4 << 20;

/** A nonce the master accepts for `config`: hex, so that it cannot carry anything else into the digests. */
export const NONCE = /^[0-9a-f]{16,128}$/;

export const CONTROL_COMMANDS = ['status', 'reload', 'config', 'scale', 'stop', 'reopen-logs'] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];

export type ControlRequest =
  | { readonly command: 'status' }
  | { readonly command: 'reload' }
  /** `nonce`: the key of the digests of secrets (master/live-config.ts), chosen by the client. */
  | { readonly command: 'config'; readonly nonce: string }
  /** `relative`: `workers` is a signed change of the target (`+2`, `-1`), else the new target. */
  | { readonly command: 'scale'; readonly workers: number; readonly relative: boolean }
  /** `fast`: SIGINT/SIGQUIT semantics; else SIGTERM's graceful stop. */
  | { readonly command: 'stop'; readonly fast: boolean }
  | { readonly command: 'reopen-logs' };

/** How a reload ended, for whoever asked for it (`tsgun reload` waits for this). */
export type ReloadOutcome =
  | { readonly ok: true; readonly generation: number; readonly durationMs: number; readonly newGeneration: boolean }
  | { readonly ok: false; readonly generation: number | null; readonly code: string; readonly reason: string };

/** One worker in `tsgun status --format json` (docs/cli.md). Heartbeat figures are null until its first heartbeat. */
export interface WorkerStatus {
  /** The slot, 1..workers (what logs and hooks call the worker id). */
  readonly id: number;
  readonly pid: number;
  readonly generation: number;
  readonly state: 'booting' | 'ready' | 'draining' | 'exited';
  /** Why the master is retiring or replacing it (`retired`, `shutdown`, `max-requests`…), null while it simply serves. */
  readonly leaving: string | null;
  readonly ageMs: number;
  readonly requests: number | null;
  readonly rssBytes: number | null;
  readonly heapUsedBytes: number | null;
  /** Event-loop utilisation over the last heartbeat interval, 0..1. */
  readonly elu: number | null;
  readonly delayP99Ms: number | null;
  readonly delayMaxMs: number | null;
  /** Milliseconds since its last heartbeat (ready counts as the first). */
  readonly heartbeatAgeMs: number | null;
}

/** The last reload the master finished, whoever asked for it. */
export interface LastReload {
  readonly ok: boolean;
  /** `signal`, `control`, `watch`, `reload` (docs/reload.md). */
  readonly trigger: string;
  /** ISO 8601 times of the request and of the outcome. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly generation: number | null;
  /** The error code and reason when it was refused or rolled back, else null. */
  readonly code: string | null;
  readonly reason: string | null;
}

/** The reply to `status`: the stable shape of `tsgun status --format json` (docs/cli.md). */
export interface StatusReport {
  readonly master: { readonly pid: number; readonly startedAt: string; readonly uptimeMs: number; readonly state: string };
  /** The serving generation. */
  readonly generation: number;
  /** The worker count the serving generation aims at (its config's, or what scale/TTIN/TTOU made it). */
  readonly targetWorkers: number;
  readonly reloading: boolean;
  /** Every worker process of every generation (during a reload, both), oldest generation first. */
  readonly workers: readonly WorkerStatus[];
  readonly lastReload: LastReload | null;
}

/** The reply to `scale` once the new workers are ready or the surplus ones have exited. */
export interface ScaleOutcome {
  readonly previous: number;
  readonly workers: number;
  /** Ready workers of the serving generation when it settled. */
  readonly ready: number;
  readonly durationMs: number;
}

/** The progress line of `stop`: the stop has begun, with the master's own timeouts to wait by. */
export interface StopProgress {
  readonly pid: number;
  readonly mode: 'graceful' | 'fast';
  readonly gracefulTimeoutMs: number;
  readonly hookTimeoutMs: number;
}

/** Each command's final `ok: true` reply (its payload under one key, as `reload` has always answered). */
export interface ReplyOf {
  readonly status: { readonly status: StatusReport };
  readonly reload: { readonly outcome: ReloadOutcome };
  /** master/live-config.ts's LiveConfig, checked by its own parser in the client. */
  readonly config: { readonly config: unknown };
  readonly scale: { readonly scale: ScaleOutcome };
  /** Sent as the master exits: its exit code. */
  readonly stop: { readonly stopped: { readonly pid: number; readonly exitCode: number } };
  readonly 'reopen-logs': { readonly reopened: { readonly pid: number } };
}

export type ControlFailure = { readonly ok: false; readonly error: string; readonly code?: string };
export type ControlReply<C extends ControlCommand> = ({ readonly ok: true } & ReplyOf[C]) | ControlFailure;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNullable = <T>(v: unknown, is: (x: unknown) => x is T): boolean => v === null || is(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

// ---- framing ------------------------------------------------------------------------------------

/** One JSON line. */
export function encodeLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/**
 * Splits a byte stream into lines, refusing one longer than `max` bytes (counted before decoding, so
 * a flood of multi-byte characters cannot slip past). `push` returns the complete lines so far, or
 * null once the limit was passed (nothing more is accepted).
 */
export class LineReader {
  readonly #max: number;
  #pending: Buffer[] = [];
  #length = 0;
  #overflowed = false;

  constructor(max: number) {
    this.#max = max;
  }

  get overflowed(): boolean {
    return this.#overflowed;
  }

  /** What arrived after the last newline (the client's reply line when the master closed without one). */
  get rest(): string {
    return Buffer.concat(this.#pending).toString('utf8');
  }

  push(chunk: Buffer | string): string[] | null {
    if (this.#overflowed) return null;
    let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const lines: string[] = [];
    for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a)) {
      if (this.#length + nl > this.#max) return this.#overflow();
      this.#pending.push(data.subarray(0, nl));
      lines.push(Buffer.concat(this.#pending).toString('utf8'));
      this.#pending = [];
      this.#length = 0;
      data = data.subarray(nl + 1);
    }
    if (this.#length + data.length > this.#max) return this.#overflow();
    if (data.length > 0) {
      this.#pending.push(data);
      this.#length += data.length;
    }
    return lines;
  }

  #overflow(): null {
    this.#overflowed = true;
    this.#pending = [];
    return null;
  }
}

// ---- requests (parsed by the master) -------------------------------------------------------------

/** A request line as the master receives it: anything malformed is refused with a message for the client. */
export function parseRequest(line: string): Parsed<ControlRequest> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return fail('not JSON');
  }
  if (!isObject(value)) return fail('a request is a JSON object such as {"command":"status"}');
  const command = value['command'];
  switch (command) {
    case 'status':
    case 'reload':
    case 'reopen-logs':
      return { ok: true, value: { command } };
    case 'config': {
      const nonce = value['nonce'];
      if (!isString(nonce) || !NONCE.test(nonce)) return fail('config needs a nonce: 16 to 128 lowercase hex digits');
      return { ok: true, value: { command, nonce } };
    }
    case 'scale': {
      const { workers, relative } = value;
      if (!Number.isSafeInteger(workers) || typeof relative !== 'boolean') return fail('scale needs "workers" (an integer) and "relative" (true or false)');
      if (!relative && (workers as number) < 1) return fail('scale to at least one worker');
      return { ok: true, value: { command, workers: workers as number, relative } };
    }
    case 'stop': {
      const fast = value['fast'] ?? false;
      if (typeof fast !== 'boolean') return fail('stop takes "fast": true or false');
      return { ok: true, value: { command, fast } };
    }
    default:
      return fail(`unknown command ${JSON.stringify(command) ?? 'undefined'}; expected ${CONTROL_COMMANDS.join(', ')}`);
  }
}

// ---- replies (parsed by the client) --------------------------------------------------------------

/** One line of the master's answer: a progress line, or the final reply (its payload checked by the command's parser). */
export type ReplyLine = { readonly kind: 'progress'; readonly progress: Record<string, unknown> } | { readonly kind: 'final'; readonly reply: Record<string, unknown> };

export function parseReplyLine(line: string): Parsed<ReplyLine> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return fail('not JSON');
  }
  if (!isObject(value)) return fail('not a JSON object');
  if ('progress' in value) return isObject(value['progress']) ? { ok: true, value: { kind: 'progress', progress: value['progress'] } } : fail('a progress line without an object');
  if (value['ok'] === false) return isString(value['error']) ? { ok: true, value: { kind: 'final', reply: value } } : fail('a failure without an error message');
  if (value['ok'] !== true) return fail('neither "ok" nor "progress"');
  return { ok: true, value: { kind: 'final', reply: value } };
}

function parseOutcome(v: unknown): ReloadOutcome | undefined {
  if (!isObject(v)) return undefined;
  if (v['ok'] === true) return isCount(v['generation']) && isNumber(v['durationMs']) && typeof v['newGeneration'] === 'boolean' ? (v as unknown as ReloadOutcome) : undefined;
  if (v['ok'] === false) return isNullable(v['generation'], isCount) && isString(v['code']) && isString(v['reason']) ? (v as unknown as ReloadOutcome) : undefined;
  return undefined;
}

const WORKER_STATES: readonly string[] = ['booting', 'ready', 'draining', 'exited'];

function isWorkerStatus(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (![v['id'], v['pid'], v['generation']].every(isCount) || !isNumber(v['ageMs'])) return false;
  if (!WORKER_STATES.includes(v['state'] as string) || !isNullable(v['leaving'], isString)) return false;
  return ['requests', 'rssBytes', 'heapUsedBytes', 'elu', 'delayP99Ms', 'delayMaxMs', 'heartbeatAgeMs'].every((k) => isNullable(v[k], isNumber));
}

function isLastReload(v: unknown): boolean {
  if (v === null) return true;
  if (!isObject(v) || typeof v['ok'] !== 'boolean' || !isString(v['trigger']) || !isString(v['startedAt']) || !isString(v['finishedAt'])) return false;
  return isNullable(v['generation'], isCount) && isNullable(v['code'], isString) && isNullable(v['reason'], isString);
}

function parseStatus(v: unknown): StatusReport | undefined {
  if (!isObject(v) || !isObject(v['master'])) return undefined;
  const { pid, startedAt, uptimeMs, state } = v['master'];
  if (!isCount(pid) || !isString(startedAt) || !isNumber(uptimeMs) || !isString(state)) return undefined;
  if (!isCount(v['generation']) || !isCount(v['targetWorkers']) || typeof v['reloading'] !== 'boolean') return undefined;
  if (!Array.isArray(v['workers']) || !v['workers'].every(isWorkerStatus) || !isLastReload(v['lastReload'])) return undefined;
  return v as unknown as StatusReport;
}

function parseScale(v: unknown): ScaleOutcome | undefined {
  if (!isObject(v) || ![v['previous'], v['workers'], v['ready']].every(isCount) || !isNumber(v['durationMs'])) return undefined;
  return v as unknown as ScaleOutcome;
}

/** `stop`'s progress line. */
export function parseStopProgress(v: Record<string, unknown>): StopProgress | undefined {
  const s = v['stopping'];
  if (!isObject(s) || !isCount(s['pid']) || (s['mode'] !== 'graceful' && s['mode'] !== 'fast')) return undefined;
  if (!isCount(s['gracefulTimeoutMs']) || !isCount(s['hookTimeoutMs'])) return undefined;
  return s as unknown as StopProgress;
}

const PAYLOADS: { readonly [C in ControlCommand]: (reply: Record<string, unknown>) => boolean } = {
  status: (r) => parseStatus(r['status']) !== undefined,
  reload: (r) => parseOutcome(r['outcome']) !== undefined,
  config: (r) => isObject(r['config']),
  scale: (r) => parseScale(r['scale']) !== undefined,
  stop: (r) => isObject(r['stopped']) && isCount(r['stopped']['pid']) && Number.isInteger(r['stopped']['exitCode']),
  'reopen-logs': (r) => isObject(r['reopened']) && isCount(r['reopened']['pid']),
};

/** A final reply to `command`, checked: a failure as it came, a success only with that command's payload. */
export function parseReply<C extends ControlCommand>(command: C, reply: Record<string, unknown>): Parsed<ControlReply<C>> {
  if (reply['ok'] === false) return { ok: true, value: { ok: false, error: String(reply['error']), ...(isString(reply['code']) ? { code: reply['code'] } : {}) } };
  if (reply['ok'] !== true || !PAYLOADS[command](reply)) return fail(`not a reply to ${command}`);
  return { ok: true, value: reply as unknown as ControlReply<C> };
}
