// `tsgun status`: what the running master reports over its control socket: the master, the serving
// generation, every worker (during a reload, both generations) with its heartbeat figures, and the
// last reload. A table for people (`--format text`), or the report as JSON (`--format json`, the
// stable shape of ipc/control-protocol.ts StatusReport, docs/cli.md). Only the control socket can
// answer this: a pidfile names a pid, not a state. Exit 0, or 2 when no master answers.

import type { LenientLoad } from '../config/load-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import type { StatusReport, WorkerStatus } from '../ipc/control-protocol.ts';
import { addressOf, askMaster, noMasterConfigured, succeeded } from './control-client.ts';
import type { CliIo } from './program.ts';

/** Long enough for a master still running onStarting (requests wait for it) on a loaded machine. */
const STATUS_TIMEOUT_MS = 30_000;

export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${String(Math.floor(s / 3600) % 24).padStart(2, '0')}h`;
}

function mib(bytes: number | null): string {
  return bytes === null ? '-' : `${(bytes / 1048576).toFixed(1)} MiB`;
}

const num = (v: number | null, digits = 0): string => (v === null ? '-' : v.toFixed(digits));

function row(w: WorkerStatus): string[] {
  const state = w.leaving === null ? w.state : `${w.state} (${w.leaving})`;
  const delay = w.delayP99Ms === null ? '-' : `${num(w.delayP99Ms, 1)}/${num(w.delayMaxMs, 1)} ms`;
  return [String(w.id), String(w.pid), String(w.generation), state, duration(w.ageMs), num(w.requests), mib(w.rssBytes), num(w.elu, 2), delay];
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** The report as a table for people. */
export function renderStatus(report: StatusReport): string {
  const { master } = report;
  const ready = report.workers.filter((w) => w.generation === report.generation && w.state === 'ready').length;
  const lines = [
    `master ${master.pid}, ${master.state}, up ${duration(master.uptimeMs)} (since ${master.startedAt})`,
    `generation ${report.generation} serving: ${ready} of ${report.targetWorkers} workers ready${report.reloading ? '; a reload is in progress' : ''}`,
  ];
  const last = report.lastReload;
  if (last === null) lines.push('last reload: none');
  else if (last.ok) lines.push(`last reload: committed generation ${last.generation} at ${last.finishedAt} (${last.trigger})`);
  else lines.push(`last reload: rolled back at ${last.finishedAt} (${last.trigger}) [${last.code}]: ${last.reason}`);
  lines.push('');
  lines.push(table([['WORKER', 'PID', 'GEN', 'STATE', 'AGE', 'REQUESTS', 'RSS', 'ELU', 'DELAY p99/max'], ...report.workers.map(row)]));
  return `${lines.join('\n')}\n`;
}

export async function runStatus(loaded: LenientLoad, format: 'text' | 'json', io: CliIo): Promise<number> {
  const { controlSocket } = addressOf(loaded);
  if (controlSocket === null) throw noMasterConfigured('tsgun status', 'socket');
  const { status } = succeeded('status', await askMaster(controlSocket, { command: 'status' }, STATUS_TIMEOUT_MS));
  io.stdout(format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status));
  return ExitCode.OK;
}
