// The two messages between `tsgun check` and its app probe process (app-probe.ts, app-probe-child.ts),
// parsed from unknown like every IPC message, and the reading of a stack that finds the app's frame.

import { fileURLToPath } from 'node:url';
import type { AppSpec } from '../config/resolved-config.ts';
import type { AppLoadReason } from '../worker/app-adapter.ts';

/** check → probe: what to load, as whom. */
export interface ProbeRequest {
  readonly type: 'probe';
  readonly app: AppSpec;
  readonly user: string | number | null;
  readonly group: string | number | null;
  readonly umask: number | null;
}

export interface StackFrame {
  readonly file: string;
  readonly line: number;
  /** Null when unknown (a syntax error without a code frame). */
  readonly column: number | null;
}

/** probe → check: the app loaded (and as what), or why not. */
export type ProbeReply =
  { readonly type: 'loaded'; readonly kind: string } | { readonly type: 'failed'; readonly reason: AppLoadReason | 'uncaught'; readonly message: string; readonly frame: StackFrame | null };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isId = (v: unknown): v is string | number | null => v === null || typeof v === 'string' || typeof v === 'number';

export function parseProbeRequest(raw: unknown): ProbeRequest | undefined {
  if (!isRecord(raw) || raw['type'] !== 'probe' || !isRecord(raw['app'])) return undefined;
  const app = raw['app'];
  const validApp =
    typeof app['module'] === 'string' && (app['exportName'] === null || typeof app['exportName'] === 'string') && typeof app['isFile'] === 'boolean' && typeof app['baseDir'] === 'string';
  if (!validApp || !isId(raw['user']) || !isId(raw['group']) || !(raw['umask'] === null || typeof raw['umask'] === 'number')) return undefined;
  return raw as unknown as ProbeRequest;
}

export function parseProbeReply(raw: unknown): ProbeReply | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw['type'] === 'loaded' && typeof raw['kind'] === 'string') return { type: 'loaded', kind: raw['kind'] };
  if (raw['type'] !== 'failed' || typeof raw['reason'] !== 'string' || typeof raw['message'] !== 'string') return undefined;
  const frame = raw['frame'];
  const validFrame = frame === null || (isRecord(frame) && typeof frame['file'] === 'string' && typeof frame['line'] === 'number' && (frame['column'] === null || typeof frame['column'] === 'number'));
  return validFrame ? (raw as unknown as ProbeReply) : undefined;
}

/**
 * The first frame of `stack` in the app's code: a file outside tsgun (`tsgunDir`) and Node's
 * internals, preferring one outside node_modules (the app's own line over the library it called).
 * A syntax error has no frames; Node puts its location first (`file:///srv/app.mjs:3`).
 */
export function appFrame(stack: string, tsgunDir: string): StackFrame | null {
  const header = /^(file:\/\/\/[^\n]+?|\/[^\n]+?):(\d+)\n/.exec(stack);
  if (header !== null) {
    // Its code frame marks the column with `^`.
    const caret = /^( *)\^+ *$/m.exec(stack);
    return { file: toPath(header[1]!), line: Number(header[2]), column: caret === null ? null : caret[1]!.length + 1 };
  }
  const frames: StackFrame[] = [];
  for (const match of stack.matchAll(/^\s+at (?:.*?\()?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?$/gm)) {
    const file = toPath(match[1]!);
    if (file.startsWith(tsgunDir)) continue;
    frames.push({ file, line: Number(match[2]), column: Number(match[3]) });
  }
  return frames.find((f) => !f.file.includes('/node_modules/')) ?? frames[0] ?? null;
}

const toPath = (location: string): string => (location.startsWith('file://') ? fileURLToPath(location) : location);
