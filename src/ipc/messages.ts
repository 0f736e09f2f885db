// Every message between the master and a worker, defined once as discriminated unions, with the
// parsers that check an incoming `unknown` before anyone switches on it. master/ and worker/ share
// nothing else.

import { parseWireConfig, type WireConfig } from './wire-config.ts';

/** An error as it crosses the process boundary. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly stack?: string;
  /** A finer reason where the code has several (TSG_APP_LOAD: module-not-found, export-missing, …). */
  readonly reason?: string;
}

/**
 * A bound listening socket, the one listener type of every layer: in the master the fd it bound
 * (sys/listeners.ts adds what only the master needs), in a worker the fd it inherited. `address` is
 * the real address (port 0 resolved) for logs and URLs.
 */
export interface BoundListener {
  readonly fd: number;
  readonly kind: 'tcp' | 'unix';
  readonly address: string;
}

/** What a worker needs to boot: its identity, its generation's resolved config, its listeners. */
export interface BootPayload {
  readonly id: number;
  readonly generation: number;
  /**
   * The generation's config as the master resolved it: app module pinned (symlinks resolved, so an
   * old generation keeps loading the old release), texts of the config as the master read them.
   */
  readonly config: WireConfig;
  readonly listeners: readonly BoundListener[];
  /** With balanceConnections: the inherited fd of the table the workers share (sys/balance-table.ts) and this worker's slot. */
  readonly balance?: { readonly fd: number; readonly slot: number };
}

export type MasterMessage =
  | { readonly type: 'boot'; readonly payload: BootPayload }
  /** Stop accepting, finish in-flight requests, exit. */
  | { readonly type: 'drain'; readonly timeoutMs: number }
  /** Fast stop (INT/QUIT): run workerInt, close everything, exit now. */
  | { readonly type: 'quit' }
  | { readonly type: 'reopen-logs' }
  /** A live `logLevel` change from a reload applied in place. */
  | { readonly type: 'log-level'; readonly level: string }
  /** The master gave up on the worker (missed heartbeats): run workerAbort if you still can, then exit. */
  | { readonly type: 'abort' };

/** What a worker reports with each heartbeat: its memory and how its event loop is doing. */
export interface WorkerMetrics {
  readonly rss: number;
  readonly heapUsed: number;
  /** Event-loop utilisation since the previous heartbeat, 0..1. */
  readonly elu: number;
  /** Event-loop delay since the previous heartbeat, in ms. */
  readonly delayP99Ms: number;
  readonly delayMaxMs: number;
  /** Requests served so far. */
  readonly requests: number;
}

/**
 * Upper bounds (seconds) of the request-duration histogram's buckets, shared by the worker that
 * counts into them and the master that exposes them (docs/metrics.md); a last bucket counts the rest.
 */
export const REQUEST_DURATION_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** The status classes requests are counted by: 1xx..5xx, then `none` (closed before any status was sent). */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'none'] as const;

/**
 * A worker's request counts since it started (totals, not deltas: a lost or late report is made
 * good by the next one). Only sent when `metricsBind` is set.
 */
export interface RequestStats {
  /** Finished requests by status class, in STATUS_CLASSES order. */
  readonly byClass: readonly number[];
  /** Finished requests by duration, one count per REQUEST_DURATION_BUCKETS bound plus one for the rest (not cumulative). */
  readonly buckets: readonly number[];
  /** The sum of their durations, in seconds. */
  readonly durationSum: number;
  /** Requests begun and not yet finished when the report was made. */
  readonly inFlight: number;
}

export type WorkerMessage =
  /**
   * The app is loaded, hooks ran, and the worker listens on every listener. Under `reload` only,
   * `modules` lists the app's local files its import loaded (what the master watches).
   */
  | { readonly type: 'ready'; readonly modules?: readonly string[] }
  /** `modules` as in `ready`: what was loaded before the failure, so that a fix to it is seen. */
  | { readonly type: 'boot-failed'; readonly error: WireError; readonly modules?: readonly string[] }
  /** Under `reload`: app files first loaded after `ready` (a lazy `import()` in a handler). */
  | { readonly type: 'modules'; readonly files: readonly string[] }
  /**
   * The event loop turned. With `metricsBind`, `stats` rides along when the counts changed since the
   * last report: one message per beat, so the master wakes once for both (a second message was a
   * second read, and often a second wake-up).
   */
  | { readonly type: 'heartbeat'; readonly metrics: WorkerMetrics | null; readonly stats?: RequestStats }
  /** The worker wants to be replaced (unhandledRejection: 'recycle'); the master spawns a successor first. */
  | { readonly type: 'recycle'; readonly reason: string }
  /** With `metricsBind`: the worker's last request counts, once, before it exits (while it serves they ride on its heartbeats). */
  | { readonly type: 'stats'; readonly stats: RequestStats };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

/** A `modules` field: kept only when it is a list of strings (a malformed one never costs a `ready`). */
const modulesOf = (v: unknown): { modules?: readonly string[] } => (isStringArray(v) ? { modules: v } : {});

function parseWireError(v: unknown): WireError | undefined {
  if (!isObject(v) || !isString(v['code']) || !isString(v['message'])) return undefined;
  return {
    code: v['code'],
    message: v['message'],
    ...(isString(v['stack']) ? { stack: v['stack'] } : {}),
    ...(isString(v['reason']) ? { reason: v['reason'] } : {}),
  };
}

/** A worker message, or undefined when `value` is not one (the caller logs and drops it). */
export function parseWorkerMessage(value: unknown): WorkerMessage | undefined {
  if (!isObject(value)) return undefined;
  switch (value['type']) {
    case 'ready':
      return { type: 'ready', ...modulesOf(value['modules']) };
    case 'heartbeat': {
      // Malformed counts are dropped, never the beat: liveness must not hang on a metrics field.
      const stats = value['stats'] === undefined ? undefined : parseStats(value['stats']);
      return { type: 'heartbeat', metrics: parseMetrics(value['metrics']), ...(stats === undefined ? {} : { stats }) };
    }
    case 'boot-failed': {
      const error = parseWireError(value['error']);
      return error === undefined ? undefined : { type: 'boot-failed', error, ...modulesOf(value['modules']) };
    }
    case 'modules':
      return isStringArray(value['files']) ? { type: 'modules', files: value['files'] } : undefined;
    case 'recycle':
      return isString(value['reason']) ? { type: 'recycle', reason: value['reason'] } : undefined;
    case 'stats': {
      const stats = parseStats(value['stats']);
      return stats === undefined ? undefined : { type: 'stats', stats };
    }
    default:
      return undefined;
  }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isCounts = (v: unknown, length: number): v is number[] => Array.isArray(v) && v.length === length && v.every(isCount);

/** Counts of the exact shape the master merges: a malformed report is dropped, never half-merged. */
function parseStats(v: unknown): RequestStats | undefined {
  if (!isObject(v)) return undefined;
  const { byClass, buckets, durationSum, inFlight } = v;
  if (!isCounts(byClass, STATUS_CLASSES.length) || !isCounts(buckets, REQUEST_DURATION_BUCKETS.length + 1) || !isCount(inFlight)) return undefined;
  if (typeof durationSum !== 'number' || !Number.isFinite(durationSum) || durationSum < 0) return undefined;
  return { byClass, buckets, durationSum, inFlight };
}

const LOG_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);
const METRIC_KEYS = ['rss', 'heapUsed', 'elu', 'delayP99Ms', 'delayMaxMs', 'requests'] as const;

function parseMetrics(v: unknown): WorkerMetrics | null {
  if (!isObject(v)) return null;
  for (const key of METRIC_KEYS) if (typeof v[key] !== 'number' || !Number.isFinite(v[key])) return null;
  return v as unknown as WorkerMetrics;
}

function parseListener(v: unknown): BoundListener | undefined {
  if (!isObject(v) || typeof v['fd'] !== 'number' || (v['kind'] !== 'tcp' && v['kind'] !== 'unix') || !isString(v['address'])) return undefined;
  return { fd: v['fd'], kind: v['kind'], address: v['address'] };
}

function parseBoot(v: unknown): BootPayload | undefined {
  if (!isObject(v)) return undefined;
  const { id, generation, listeners } = v;
  if (!Number.isInteger(id) || !Number.isInteger(generation) || !Array.isArray(listeners)) return undefined;
  const config = parseWireConfig(v['config']);
  const parsedListeners = listeners.map(parseListener);
  if (config === undefined || parsedListeners.some((l) => l === undefined)) return undefined;
  const boot = { id: id as number, generation: generation as number, config, listeners: parsedListeners as BoundListener[] };
  if (v['balance'] === undefined) return boot;
  const balance = v['balance'];
  if (!isObject(balance) || !Number.isInteger(balance['fd']) || !Number.isInteger(balance['slot'])) return undefined;
  return { ...boot, balance: { fd: balance['fd'] as number, slot: balance['slot'] as number } };
}

/** A master message, or undefined when `value` is not one. */
export function parseMasterMessage(value: unknown): MasterMessage | undefined {
  if (!isObject(value)) return undefined;
  switch (value['type']) {
    case 'boot': {
      const payload = parseBoot(value['payload']);
      return payload === undefined ? undefined : { type: 'boot', payload };
    }
    case 'drain':
      return typeof value['timeoutMs'] === 'number' ? { type: 'drain', timeoutMs: value['timeoutMs'] } : undefined;
    case 'quit':
      return { type: 'quit' };
    case 'reopen-logs':
      return { type: 'reopen-logs' };
    case 'log-level':
      return isString(value['level']) && LOG_LEVELS.has(value['level']) ? { type: 'log-level', level: value['level'] } : undefined;
    case 'abort':
      return { type: 'abort' };
    default:
      return undefined;
  }
}

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) {
    const e = error as Error & { code?: unknown; reason?: unknown };
    return {
      code: typeof e.code === 'string' ? e.code : 'TSG_INTERNAL',
      message: e.message,
      ...(e.stack === undefined ? {} : { stack: e.stack }),
      ...(typeof e.reason === 'string' ? { reason: e.reason } : {}),
    };
  }
  return { code: 'TSG_INTERNAL', message: String(error) };
}
