// The throwaway process the master reads its config in (config-reader.ts spawns it): the one read
// `tsgun check` and `print-config` do in their own process, for `serve`. It reports the resolved
// config (or every problem) over IPC, then exits; the master kills it at the read's deadline, and
// it leaves by itself should the master die first.
//
//   node config-reader-child.js [COMPILE_CACHE_DIR]

import { readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { isTsgunError } from '../errors/tsgun-error.ts';
import { enableCompileCache } from '../sys/compile-cache.ts';
import { parseReadRequest, type ReadReply } from './config-reader.ts';

// The master's cache: this process loads the config machinery and the config itself at every read.
enableCompileCache(process.argv[2] ?? null);

let replied = false;
function reply(message: ReadReply): void {
  if (replied) return;
  replied = true;
  process.channel?.ref();
  // Exit once the reply is out: a config that opened a timer or a socket keeps no reader alive.
  process.send?.(message, () => process.exit(0));
}

function crashed(error: unknown): ReadReply {
  const message = error instanceof Error ? error.message : `the config threw ${String(error)}`;
  return { type: 'crashed', message, stack: error instanceof Error ? (error.stack ?? message) : message };
}

// What a config function set off without awaiting it (a rejection, a throw in a timer) is its fault too.
process.on('uncaughtException', (error) => reply(crashed(error)));
process.on('unhandledRejection', (reason) => reply(crashed(reason)));
process.on('disconnect', () => process.exit(0));

// Loaded while the request is on its way: the master sends it right after the spawn.
const machinery = Promise.all([import('../config/load-config.ts'), import('../sys/privileges.ts'), import('../ipc/wire-config.ts')]);
machinery.catch(() => undefined);

process.once('message', (raw: unknown) => {
  const request = parseReadRequest(raw);
  if (request === undefined) return reply(crashed(new Error('the config reader got a malformed request')));
  // While the config loads, only what it waits on keeps this process alive, as it would `tsgun
  // check`: a config that awaits what nothing can settle any more empties the event loop, and the
  // read reports it (util/settled-or-idle.ts) rather than wait for ever. The master's death still
  // ends it ('disconnect').
  process.channel?.unref();
  read(request.inputs).then(reply, (error: unknown) => reply(refusal(error)));
});

async function read(inputs: Parameters<typeof import('../config/load-config.ts').loadOptionsFor>[0]): Promise<ReadReply> {
  const [{ loadConfig, loadOptionsFor }, { verifyAccounts }, { toWireConfig }] = await machinery;
  const config = await loadConfig(loadOptionsFor(inputs, 'serve', verifyAccounts));
  const hooks = Object.entries(config.settings)
    .filter(([, value]) => typeof value === 'function')
    .map(([name]) => name);
  // Without hooks nothing imports the config again, so its texts stay here (toWireConfig drops them
  // for a config without worker-side hooks): a master whose config imports a 1.2 MB local module
  // took 80 MiB and swung between 89 and 119 MiB over 80 reloads when it received them.
  const wire = { ...toWireConfig(config), texts: hooks.length === 0 ? {} : config.texts, ...tlsFilesOf(config) };
  return { type: 'read', config: wire, hooks, runnable: hooks.length === 0 ? {} : await stripped(config.texts) };
}

/** The TLS files as they are now, just checked (ResolvedConfig.tlsFiles); none without `tls`. */
function tlsFilesOf(config: ResolvedConfig): { tlsFiles?: Record<string, string> } {
  const files = config.paths.tls;
  if (files === null) return {};
  const paths = [files.cert, files.key, files.ca, ...Object.values(files.sni).flatMap((pair) => [pair.cert, pair.key])];
  const tlsFiles: Record<string, string> = {};
  // latin1: byte for byte, whatever the file holds (PEM is ASCII).
  for (const path of paths) if (path !== null) tlsFiles[path] ??= readFileSync(path, 'latin1');
  return { tlsFiles };
}

/** The pinned TypeScript files with their types stripped: the master imports them as JavaScript. */
async function stripped(texts: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const { stripTypeScriptTypes } = await import('node:module');
  const runnable: Record<string, string> = {};
  for (const [path, text] of Object.entries(texts)) {
    if (!/\.m?ts$/.test(path)) continue;
    try {
      runnable[path] = stripTypeScriptTypes(text, { mode: 'strip' });
    } catch {
      // Left to the master's loader, which reports it as it would have here.
    }
  }
  return runnable;
}

/** A TsgunError crosses as its parts (the master builds it again); anything else is a bug, with its stack. */
function refusal(error: unknown): ReadReply {
  if (!isTsgunError(error)) return crashed(error);
  return { type: 'invalid', code: error.code, message: error.message, problems: error.problems, file: error.file ?? null };
}
