// `tsgun check` imports the app the way a worker would, in a throwaway process (app-probe-child.ts):
// the same Node and flags, the workers' environment (the caller's plus the config's `env`), their
// working directory (after `chdir`) and `bootTimeout`. A hang is killed at the deadline; the probe
// never outlives the check (it is killed and reaped before this returns, and leaves by itself if
// the check dies first).

import { spawn } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { ErrorCode } from '../errors/codes.ts';
import { displayPath } from '../errors/report.ts';
import { workerEnvOf } from '../master/generation.ts';
import { parseProbeReply, type ProbeReply, type ProbeRequest } from './app-probe-messages.ts';
import { inheritedExecArgv } from '../sys/node-flags.ts';

/** What the probe found wrong, or null when the app loaded. */
export interface AppFault {
  readonly code: Extract<ErrorCode, 'TSG_APP_LOAD' | 'TSG_APP_TIMEOUT'>;
  readonly message: string;
}

const here = fileURLToPath(import.meta.url);
// src/ runs .ts through type stripping, dist/ runs .js: the child entry has the same extension.
const probeEntry = fileURLToPath(new URL(`./app-probe-child${extname(here)}`, import.meta.url));
/** Node's flags as a worker gets them (`--conditions`, `--import`…). */
const inherited = inheritedExecArgv();
const STDERR_KEPT = 2_000;

export function probeApp(config: ResolvedConfig, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<AppFault | null> {
  const shown = (text: string): string => text.replaceAll(config.app.module, displayPath(config.app.module, cwd));
  const timeoutMs = config.ms.bootTimeout;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...inherited, probeEntry], {
      cwd: config.paths.workDir,
      env: workerEnvOf(env, config),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => void (stderr = (stderr + chunk).slice(-STDERR_KEPT)));
    let reply: ProbeReply | undefined;
    let timedOut = false;
    let spawnError: Error | null = null;
    const kill = (): void => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
    // The probe must not outlive this process, whatever ends it.
    process.once('exit', kill);
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    child.on('message', (raw: unknown) => {
      reply ??= parseProbeReply(raw);
      // It exits by itself once the reply is out; an app that blocks exit is not waited for.
      if (reply !== undefined) kill();
    });
    child.on('error', (error) => {
      spawnError = error;
      kill();
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', kill);
      if (reply?.type === 'loaded') return resolve(null);
      if (reply?.type === 'failed') return resolve({ code: 'TSG_APP_LOAD', message: shown(failureMessage(reply, cwd)) });
      if (timedOut) {
        return resolve({
          code: 'TSG_APP_TIMEOUT',
          message: `importing ${shown(config.app.module)} did not finish within bootTimeout (${timeoutMs / 1000}s); the check killed it, as the master would kill a worker`,
        });
      }
      if (spawnError !== null) return resolve({ code: 'TSG_APP_LOAD', message: `could not start a process to import the app: ${(spawnError as Error).message}` });
      const how = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
      const said = stderr.trim() === '' ? '' : `; its last output: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      resolve({ code: 'TSG_APP_LOAD', message: `the process importing ${shown(config.app.module)} ${how} before the app loaded (did the app call process.exit?)${said}` });
    });
    const request: ProbeRequest = { type: 'probe', app: config.app, user: config.settings.user, group: config.settings.group, umask: config.umaskValue };
    child.send(request, (error) => error && kill());
  });
}

function failureMessage(reply: Extract<ProbeReply, { type: 'failed' }>, cwd: string): string {
  if (reply.frame === null) return reply.message;
  const { file, line, column } = reply.frame;
  return `${reply.message} (at ${displayPath(file, cwd)}:${line}${column === null ? '' : `:${column}`})`;
}
