// The master reads its config in a throwaway process (config-reader-child.ts), at start and on each
// reload, and keeps only the result. Why not in the master itself:
// - memory: discovery, the validator, the rules, file checks, YAML and Node's TypeScript stripper
//   stay in the master for good once loaded (ES modules cannot be unloaded): a hello master went
//   from 73 to 89 MiB RSS at its first reload of a .ts config. The reader takes them with it.
// - user code: a config function that hangs or spins is killed at its deadline, rather than
//   abandoned to run on inside the master for ever.
// The reader sends the resolved config as JSON (ipc/wire-config.ts) with the names of the hooks it
// sets. Only a config with hooks is imported again, here, to pick them (config/pick-hooks.ts); its
// TypeScript files then come already stripped, so the master never loads the stripper either.

import { spawn, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigInputs } from '../config/load-config.ts';
import { withHooks } from '../config/pick-hooks.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { errorCodes, type ErrorCode } from '../errors/codes.ts';
import { TsgunError, type ConfigProblem } from '../errors/tsgun-error.ts';
import { parseWireConfig, type WireConfig } from '../ipc/wire-config.ts';
import { activeCompileCacheDir } from '../sys/compile-cache.ts';
import { inheritedExecArgv } from '../sys/node-flags.ts';

/** master → reader: what to resolve the config from (the CLI's inputs, or the reload's same ones). */
export interface ReadRequest {
  readonly type: 'read';
  readonly inputs: ConfigInputs;
}

/** reader → master: the config, or why there is none. */
export type ReadReply =
  | {
      readonly type: 'read';
      readonly config: WireConfig;
      /** Every hook the config sets (the wire config leaves the functions out). */
      readonly hooks: readonly string[];
      /** Its TypeScript files stripped of their types, when it sets hooks (config/pick-hooks.ts). */
      readonly runnable: Readonly<Record<string, string>>;
    }
  | { readonly type: 'invalid'; readonly code: ErrorCode; readonly message: string; readonly problems: readonly ConfigProblem[]; readonly file: string | null }
  | { readonly type: 'crashed'; readonly message: string; readonly stack: string };

export interface ReadOptions {
  /** Killed at this deadline (the reload's bootTimeout); none at start, where the user is waiting. */
  readonly timeoutMs?: number | undefined;
  /** Aborted (a reload given up, a timeout elsewhere): the reader is killed. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Where what the config prints goes; by default the master's own stdout and stderr, which
   * captureOutput captures once it is set up (serve holds the first read's until then).
   */
  readonly printed?: ((stream: PrintStream, chunk: Buffer) => void) | undefined;
}

export type PrintStream = 'stdout' | 'stderr';

/** Writes a chunk a config printed to this process's stream of the same name. */
export function printHere(stream: PrintStream, chunk: Buffer): void {
  (stream === 'stdout' ? process.stdout : process.stderr).write(chunk);
}

const here = fileURLToPath(import.meta.url);
// src/ runs .ts through type stripping, dist/ runs .js: the child entry has the same extension.
const readerEntry = fileURLToPath(new URL(`./config-reader-child${extname(here)}`, import.meta.url));
// Node's own flags as a worker gets them; the reader strips types itself with a Node API that warns.
const readerArgv = [...inheritedExecArgv(), '--disable-warning=ExperimentalWarning'];
const STDERR_KEPT = 2_000;
/** How long a reader that replied may take to exit by itself (its exit handlers run) before it is killed. */
const EXIT_GRACE_MS = 1_000;

/**
 * Resolves the config from `inputs` in a reader process, with the hooks it sets picked here. Rejects
 * with the TsgunError the read gave (TSG_CONFIG_INVALID, TSG_CONFIG_LOAD, …), TSG_CONFIG_LOAD when
 * the reader died or missed its deadline, or an Error for a bug in the reader.
 */
export async function readConfig(inputs: ConfigInputs, options: ReadOptions = {}): Promise<ResolvedConfig> {
  const reply = await readInChild(inputs, options);
  if (reply.type === 'invalid') throw new TsgunError(reply.code, reply.message, { problems: reply.problems, ...(reply.file === null ? {} : { file: reply.file }) });
  if (reply.type === 'crashed') throw Object.assign(new Error(reply.message), { stack: reply.stack });
  const { workerHooks: _, ...config } = reply.config;
  return withHooks(config as ResolvedConfig, { file: config.configFile, texts: config.texts, names: reply.hooks, runnable: reply.runnable, who: 'master' });
}

/** A reader started before its request was known (startReaderEarly), with what it was started in. */
let early: { readonly child: ChildProcess; readonly cwd: string; readonly env: ConfigInputs['env'] } | null = null;

// The config function reads process.env and process.cwd(): they are the inputs'.
function spawnReader(cwd: string, env: ConfigInputs['env']): ChildProcess {
  const cacheDir = activeCompileCacheDir();
  return spawn(process.execPath, [...readerArgv, readerEntry, ...(cacheDir === null ? [] : [cacheDir])], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
}

/**
 * Starts the reader of the next readConfig() now, in `cwd` with `env`: `tsgun serve` calls it before
 * it even parses its command line, so that the reader's Node starts meanwhile. The reader waits for
 * its request; a read with other inputs, or none (the command turned out to be another), does not
 * use it, and it exits with this process.
 */
export function startReaderEarly(cwd: string, env: ConfigInputs['env']): void {
  if (early !== null) return;
  const child = spawnReader(cwd, env);
  // A failed spawn reports before any read listens: readerFor() then starts another.
  child.on('error', () => undefined);
  early = { child, cwd, env };
}

/** The early reader, if it was started for these inputs and is still there; else a new one. */
function readerFor(inputs: ConfigInputs): ChildProcess {
  const started = early;
  early = null;
  const alive = started !== null && started.child.pid !== undefined && started.child.exitCode === null && started.child.signalCode === null;
  if (alive && started.cwd === inputs.cwd && started.env === inputs.env) return started.child;
  started?.child.kill('SIGKILL');
  return spawnReader(inputs.cwd, inputs.env);
}

function readInChild(inputs: ConfigInputs, { timeoutMs, signal, printed = printHere }: ReadOptions): Promise<ReadReply> {
  return new Promise((resolve, reject) => {
    const child = readerFor(inputs);
    child.stdout?.on('data', (chunk: Buffer) => printed('stdout', chunk));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      printed('stderr', chunk);
      stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT);
    });
    let reply: ReadReply | undefined;
    let stopped: string | null = null;
    const kill = (why: string): void => {
      stopped ??= why;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const onExit = (): void => kill('the master exited');
    const onAbort = (): void => kill('the read was given up');
    process.once('exit', onExit);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted === true) onAbort();
    let timer = timeoutMs === undefined ? null : setTimeout(() => kill(`it did not finish within ${timeoutMs} ms`), timeoutMs);
    child.on('message', (raw: unknown) => {
      if (reply !== undefined) return;
      reply = parseReadReply(raw);
      if (reply === undefined) return;
      // It exits by itself once the reply is out (whatever timers the config keeps), running its
      // exit handlers (NODE_V8_COVERAGE's, say); one that does not is killed. The read ends at its
      // close, once all it printed has come in.
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => kill('done'), EXIT_GRACE_MS);
    });
    child.on('error', (error) => kill(`it could not start: ${error.message}`));
    child.on('close', (code, exitSignal) => {
      if (timer !== null) clearTimeout(timer);
      process.off('exit', onExit);
      signal?.removeEventListener('abort', onAbort);
      if (reply !== undefined) return resolve(reply);
      const how = stopped ?? (exitSignal === null ? `it exited with code ${code}` : `it was killed by ${exitSignal}`);
      const said = stderr.trim() === '' ? '' : `; its last output: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      reject(new TsgunError('TSG_CONFIG_LOAD', `the process reading the config gave no config: ${how} (did the config call process.exit?)${said}`, { file: inputs.configPath }));
    });
    const request: ReadRequest = { type: 'read', inputs: { configPath: inputs.configPath, cwd: inputs.cwd, env: inputs.env, cli: inputs.cli } };
    child.send(request, (error) => error && kill(`it could not be sent the request: ${error.message}`));
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isTextMap = (v: unknown): boolean => isRecord(v) && Object.values(v).every((s) => typeof s === 'string');
const CODES = new Set<string>(Object.keys(errorCodes));

export function parseReadReply(raw: unknown): ReadReply | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw['type']) {
    case 'read':
      return parseWireConfig(raw['config']) !== undefined && isStrings(raw['hooks']) && isTextMap(raw['runnable']) ? (raw as unknown as ReadReply) : undefined;
    case 'invalid':
      return typeof raw['code'] === 'string' &&
        CODES.has(raw['code']) &&
        typeof raw['message'] === 'string' &&
        Array.isArray(raw['problems']) &&
        (raw['file'] === null || typeof raw['file'] === 'string')
        ? (raw as unknown as ReadReply)
        : undefined;
    case 'crashed':
      return typeof raw['message'] === 'string' && typeof raw['stack'] === 'string' ? (raw as unknown as ReadReply) : undefined;
    default:
      return undefined;
  }
}

export function parseReadRequest(raw: unknown): ReadRequest | undefined {
  if (!isRecord(raw) || raw['type'] !== 'read' || !isRecord(raw['inputs'])) return undefined;
  const { configPath, cwd, env, cli } = raw['inputs'];
  if (!(configPath === undefined || typeof configPath === 'string') || typeof cwd !== 'string' || !isRecord(env) || !Array.isArray(cli)) return undefined;
  return raw as unknown as ReadRequest;
}
