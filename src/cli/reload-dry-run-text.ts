// The text form of `tsgun reload --dry-run`, for people: what changes and how (by reload class),
// which listeners open and close, which workers boot and drain, which hooks run, then the verdict.
// A pure function of the plan, so that a test renders hand-made plans.

import type { ReloadClass } from '../config/registry.ts';
import { displayPath } from '../errors/report.ts';
import type { DryRunChange, DryRunPlan, PlannedHook } from './reload-dry-run.ts';

const CLASS: Readonly<Record<ReloadClass, string>> = {
  live: 'live',
  respawn: 'new generation',
  rebind: 'new generation, rebind',
  restart: 'refused: restart',
};

const MAX_VALUE = 60;

function value(v: unknown): string {
  const text = JSON.stringify(v) ?? 'null';
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function what(change: DryRunChange): string {
  if (change.from === '[function]' || change.to === '[function]') return change.from === null ? 'set' : change.to === null ? 'unset' : 'changed';
  if (change.env === undefined) return `${value(change.from)} -> ${value(change.to)}`;
  const { added, removed, changed } = change.env;
  const parts = [
    ...(added.length > 0 ? [`added ${added.join(', ')}`] : []),
    ...(removed.length > 0 ? [`removed ${removed.join(', ')}`] : []),
    ...(changed.length > 0 ? [`changed ${changed.join(', ')}`] : []),
  ];
  return `${parts.join('; ')} (values not shown)`;
}

/** Rows of cells as aligned columns, each line indented by two spaces. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`);
}

const times = (n: number): string => (n === 1 ? 'once' : `${n} times`);
const workers = (n: number): string => `${n} worker${n === 1 ? '' : 's'}`;

function hookRow(hook: PlannedHook): string[] {
  const whose = hook.config === 'live' ? 'running config' : hook.config === 'new' ? 'new config' : 'serving config';
  return [hook.name, `${hook.process}, ${whose}`, `${times(hook.runs)}: ${hook.when}`];
}

function verdict(plan: DryRunPlan): string {
  if (!plan.proceeds) return `The reload would be refused [${plan.code}]: ${plan.reason}.`;
  const what = plan.changes.length === 0 ? 'no setting changed' : `${plan.changes.length} setting${plan.changes.length === 1 ? '' : 's'} changed`;
  if (plan.boot === null) return `The reload would proceed (${what}): applied in place, no new worker.`;
  const drain = plan.drain === null ? '' : `, then generation ${plan.drain.generation} drains`;
  return `The reload would proceed (${what}): generation ${plan.boot.generation} boots ${workers(plan.boot.workers)}${drain}.`;
}

export function renderDryRun(plan: DryRunPlan, cwd: string): string {
  const lines: string[] = [];
  const file = plan.configFile === null ? 'the command-line config' : displayPath(plan.configFile, cwd);
  if (plan.master !== null) {
    const { pid, generation, running, configFile } = plan.master;
    const runs = configFile === null ? 'no config file' : displayPath(configFile, cwd);
    lines.push(`Reload plan for ${file}: the master (pid ${pid}) serves generation ${generation} with ${workers(running)}, from ${runs}.`, '');
  } else {
    lines.push(`Reload plan for ${file} (no master was asked: the config names no control socket).`, '');
  }
  if (plan.errors.length > 0) return `${[...lines, verdict(plan)].join('\n')}\n`;

  lines.push(plan.changes.length === 0 ? 'Changes: none' : 'Changes:');
  lines.push(...table(plan.changes.map((c) => [c.setting, CLASS[c.reload], what(c)])));
  if (plan.binds !== null && (plan.binds.open.length > 0 || plan.binds.close.length > 0)) {
    const drained = plan.drain === null ? 'the old workers' : `generation ${plan.drain.generation}'s workers`;
    lines.push('', 'Listeners:');
    lines.push(
      ...table([
        ...plan.binds.open.map((b) => ['open', b, 'before any worker boots (an address in use fails the reload there)']),
        ...plan.binds.close.map((b) => ['close', b, `once ${drained} are gone`]),
        ...plan.binds.keep.map((b) => ['keep', b, 'the same socket']),
      ]),
    );
  }
  if (plan.boot !== null) {
    const { generation, workers: n, batch } = plan.boot;
    lines.push('', 'Workers:');
    const rows = [['boot', `generation ${generation}`, `${workers(n)}, ${batch >= n ? 'all at once' : `${batch} at a time, retiring as many old ones after each batch`}`]];
    if (plan.drain !== null) rows.push(['drain', `generation ${plan.drain.generation}`, `${workers(plan.drain.workers)}, once every new worker is ready`]);
    lines.push(...table(rows));
  }
  if (plan.proceeds) {
    lines.push('', plan.hooks.length === 0 ? 'Hooks: none set that a reload runs' : 'Hooks:');
    lines.push(...table(plan.hooks.map(hookRow)));
  }
  if (plan.notes.length > 0) lines.push('', 'Notes:', ...plan.notes.map((n) => `  - ${n}`));
  lines.push('', verdict(plan));
  return `${lines.join('\n')}\n`;
}
