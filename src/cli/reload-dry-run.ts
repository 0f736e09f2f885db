// `tsgun reload --dry-run`: the plan a reload would follow, and no reload (`terraform plan` for a
// server). The new config is read and validated here, strictly; the config it is compared with is
// the one the master runs, asked over the control socket (live-config.ts), never re-read from disk:
// the master may run an older file than the one on disk. What changed, and so what the reload does,
// is decided by the master's own plan (reload-plan.ts); this module only describes it.
// Exit 0: the reload would proceed (nothing changed included); 7: it would be refused; 2: no master.

import { randomBytes } from 'node:crypto';
import { settingsByName, type HookProcess, type ReloadClass } from '../config/registry.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { formatError, jsonProblems, type JsonProblem } from '../errors/report.ts';
import { isTsgunError, TsgunError } from '../errors/tsgun-error.ts';
import { listenerKey } from '../master/listener-pool.ts';
import { parseLiveConfig, plannableSettings, type LiveConfig } from '../master/live-config.ts';
import { planSettings, reloadBatchSize, reloadTarget } from '../master/reload-plan.ts';
import { renderDryRun } from './reload-dry-run-text.ts';
import { askMaster, masterAddress, noMasterConfigured } from './control-client.ts';
import type { LenientLoad } from '../config/load-config.ts';
import { requestConfig, type ConfigRequest } from './program.ts';

export interface DryRunChange {
  readonly setting: string;
  readonly reload: ReloadClass;
  /** The value the master runs and the new one (a hook: `"[function]"` or null). Absent for `env`, whose values are secret. */
  readonly from?: unknown;
  readonly to?: unknown;
  /** `env` only: the names of the variables added, removed and changed (their values are compared by digest). */
  readonly env?: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] };
}

export interface PlannedHook {
  readonly name: string;
  readonly process: HookProcess;
  /** Whose function runs: the running config's, the new one's, or the one serving at that moment. */
  readonly config: 'live' | 'new' | 'serving';
  readonly runs: number;
  readonly when: string;
}

/** The documented shape of `tsgun reload --dry-run --format json` (docs/reload.md). */
export interface DryRunPlan {
  readonly proceeds: boolean;
  /** Why it would not: TSG_RELOAD_REFUSED, or the invalid config's code; null when it proceeds. */
  readonly code: string | null;
  readonly reason: string | null;
  /** The new config file, absolute, or null. */
  readonly configFile: string | null;
  readonly master: Omit<LiveConfig, 'settings' | 'binds' | 'cwd' | 'activated' | 'nextGeneration'> | null;
  /** Every setting whose value differs from the running one, with its reload class. */
  readonly changes: readonly DryRunChange[];
  /** Settings only a restart applies (`restart` class): any makes the reload refused. */
  readonly refused: readonly string[];
  /** Whether the reload boots a new generation (false: the changes apply in place). */
  readonly newGeneration: boolean;
  /** Bind texts: listeners opened before any worker boots, closed once the old workers are gone, and kept. Null when refused. */
  readonly binds: { readonly open: readonly string[]; readonly close: readonly string[]; readonly keep: readonly string[]; readonly activated: boolean } | null;
  /** The generation booted, how many workers, how many at a time. */
  readonly boot: { readonly generation: number; readonly workers: number; readonly batch: number } | null;
  /** The generation drained after the commit, and its workers. */
  readonly drain: { readonly generation: number; readonly workers: number } | null;
  /** The user hooks the reload runs, in order. */
  readonly hooks: readonly PlannedHook[];
  /** The new config's problems when it is invalid (the shape of `tsgun check --format json`). */
  readonly errors: readonly JsonProblem[];
  readonly notes: readonly string[];
}

const TRIGGER = 'control';

function displayValue(setting: string, value: unknown): unknown {
  if (settingsByName.get(setting)?.isHook === true) return typeof value === 'string' ? '[function]' : null;
  return value ?? null;
}

function envDiff(before: unknown, after: unknown): NonNullable<DryRunChange['env']> {
  const a = (before ?? {}) as Record<string, string>;
  const b = (after ?? {}) as Record<string, string>;
  return {
    added: Object.keys(b).filter((k) => !(k in a)),
    removed: Object.keys(a).filter((k) => !(k in b)),
    changed: Object.keys(b).filter((k) => k in a && a[k] !== b[k]),
  };
}

/** Set in plannable settings: a hook is a digest string there, an unset one null or absent. */
const isSet = (settings: Readonly<Record<string, unknown>>, hook: string): boolean => typeof settings[hook] === 'string';

/** The hooks a reload that boots `boot` runs, as reload-transaction.ts, the fleet and the workers run them. */
function hooksOf(live: LiveConfig, after: Readonly<Record<string, unknown>>, boot: DryRunPlan['boot'], drain: DryRunPlan['drain']): PlannedHook[] {
  const hooks: PlannedHook[] = [];
  const before = live.settings;
  // Master hooks are the serving generation's functions: the running config's until the commit.
  if (isSet(before, 'onReload'))
    hooks.push({
      name: 'onReload',
      process: 'master',
      config: 'live',
      runs: 1,
      when: 'after the new config is read, before any listener opens or worker boots; a throw or hookTimeout rolls the reload back',
    });
  if (boot !== null) {
    if (isSet(before, 'preFork')) hooks.push({ name: 'preFork', process: 'master', config: 'live', runs: boot.workers, when: `before each worker of generation ${boot.generation} is forked` });
    if (isSet(after, 'postFork'))
      hooks.push({ name: 'postFork', process: 'worker', config: 'new', runs: boot.workers, when: 'in each new worker, before the app loads; a throw rolls the reload back' });
    if (isSet(after, 'postWorkerInit'))
      hooks.push({ name: 'postWorkerInit', process: 'worker', config: 'new', runs: boot.workers, when: 'in each new worker, once the app is loaded; a throw rolls the reload back' });
  }
  if (drain !== null && drain.workers > 0) {
    if (isSet(before, 'workerExit')) hooks.push({ name: 'workerExit', process: 'worker', config: 'live', runs: drain.workers, when: `in each worker of generation ${drain.generation} as it drains` });
    if (isSet(before, 'childExit') || isSet(after, 'childExit')) {
      hooks.push({
        name: 'childExit',
        process: 'master',
        config: 'serving',
        runs: drain.workers,
        when: `as each worker of generation ${drain.generation} exits (the running config's before the commit, the new one's after)`,
      });
    }
  }
  const workers = boot?.workers ?? (after['workers'] as number);
  if (workers !== live.workers && isSet(after, 'nworkersChanged'))
    hooks.push({ name: 'nworkersChanged', process: 'master', config: 'new', runs: 1, when: `after the commit: ${live.workers} -> ${workers} workers` });
  return hooks;
}

/** The plan for a valid new config, decided by the master's own planSettings. */
export function planDryRun(live: LiveConfig, next: ResolvedConfig, nonce: string): DryRunPlan {
  const after = plannableSettings(next, nonce);
  const plan = planSettings(live.settings, after, TRIGGER);
  const changes = plan.changes.map(({ setting, reload }): DryRunChange => {
    if (setting === 'env') return { setting, reload, env: envDiff(live.settings[setting], after[setting]) };
    return { setting, reload, from: displayValue(setting, live.settings[setting]), to: displayValue(setting, after[setting]) };
  });
  const master = { pid: live.pid, configFile: live.configFile, generation: live.generation, workers: live.workers, running: live.running, reloading: live.reloading };
  const notes: string[] = [];
  if (live.configFile !== next.configFile) {
    notes.push(`the master re-reads ${live.configFile ?? 'no config file'} on a reload, not ${next.configFile ?? 'the command-line config'}: this plan is for a config the master would not read`);
  }
  if (live.reloading) notes.push('a reload is in progress: this one would follow it, planned against the config that reload leaves');
  if (plan.refused.length > 0) {
    const reason = `the new config changes ${plan.refused.join(', ')}, which only a restart of tsgun can apply; nothing would change`;
    return {
      proceeds: false,
      code: 'TSG_RELOAD_REFUSED',
      reason,
      configFile: next.configFile,
      master,
      changes,
      refused: plan.refused,
      newGeneration: false,
      binds: null,
      boot: null,
      drain: null,
      hooks: [],
      errors: [],
      notes,
    };
  }
  const liveKeys = new Map(live.binds.map((b) => [listenerKey(b, live.cwd), b.text]));
  const nextKeys = new Map(next.binds.map((b) => [listenerKey(b, live.cwd), b.text]));
  const binds = live.activated
    ? { open: [], close: [], keep: [...liveKeys.values()], activated: true }
    : {
        open: [...nextKeys].filter(([key]) => !liveKeys.has(key)).map(([, text]) => text),
        close: [...liveKeys].filter(([key]) => !nextKeys.has(key)).map(([, text]) => text),
        keep: [...nextKeys].filter(([key]) => liveKeys.has(key)).map(([, text]) => text),
        activated: false,
      };
  if (live.activated && plan.rebind) notes.push("the binds come from systemd socket activation for the master's whole life: a changed `bind` opens and closes nothing");
  if (plan.newGeneration && changes.every((c) => c.reload === 'live')) {
    const what = changes.length === 0 ? 'no setting changed' : 'only live settings changed (a config save under `watch: true` applies those in place)';
    notes.push(`${what}, but \`tsgun reload\` (like HUP) always boots a new generation: the code on disk may have changed`);
  }
  let boot: DryRunPlan['boot'] = null;
  let drain: DryRunPlan['drain'] = null;
  if (plan.newGeneration) {
    const workers = reloadTarget(live.settings['workers'] as number, next.settings.workers, live.workers);
    boot = { generation: live.nextGeneration, workers, batch: reloadBatchSize(next.settings.reloadBatch, workers) };
    drain = { generation: live.generation, workers: live.running };
  }
  const hooks = hooksOf(live, after, boot, drain);
  if (boot !== null) notes.push(`not tried here: opening new listeners, onReload and booting the new workers; a failure there rolls the reload back and generation ${live.generation} keeps serving`);
  return { proceeds: true, code: null, reason: null, configFile: next.configFile, master, changes, refused: [], newGeneration: plan.newGeneration, binds, boot, drain, hooks, errors: [], notes };
}

/** The plan for a new config that does not validate: the master would refuse it. */
export function invalidPlan(live: LiveConfig | null, error: TsgunError): DryRunPlan {
  return {
    proceeds: false,
    code: error.code,
    reason: 'the new config is invalid; nothing would change',
    configFile: error.file ?? null,
    master: live === null ? null : { pid: live.pid, configFile: live.configFile, generation: live.generation, workers: live.workers, running: live.running, reloading: live.reloading },
    changes: [],
    refused: [],
    newGeneration: false,
    binds: null,
    boot: null,
    drain: null,
    hooks: [],
    errors: jsonProblems(error),
    notes: [],
  };
}

async function liveConfig(controlSocket: string, nonce: string): Promise<LiveConfig> {
  const { reply } = await askMaster(controlSocket, { command: 'config', nonce }, 30_000);
  const live = reply?.ok === true ? parseLiveConfig(reply.config) : undefined;
  if (live === undefined) {
    const why = reply?.ok === true ? 'a malformed config' : (reply?.error ?? 'no config');
    throw new TsgunError('TSG_CONTROL', `the master on ${controlSocket} cannot tell its config (${why}); is it an older tsgun? A plain \`tsgun reload\` still works`);
  }
  return live;
}

/** `lenient` loads the config as `tsgun reload` does, only to find the master when the config is invalid. */
export async function runReloadDryRun(request: ConfigRequest, format: 'text' | 'json', lenient: () => Promise<LenientLoad>): Promise<number> {
  const { io } = request;
  let next: ResolvedConfig | null = null;
  let invalid: TsgunError | null = null;
  let settings: Readonly<Record<string, unknown>>;
  try {
    next = await requestConfig(request, 'reload');
    settings = next.settings as unknown as Record<string, unknown>;
  } catch (error) {
    if (!isTsgunError(error) || !(error.code === 'TSG_CONFIG_INVALID' || error.code === 'TSG_CONFIG_LOAD')) throw error;
    invalid = error;
    // Where the master is, as far as the invalid config still tells (as `tsgun reload` finds it).
    settings = (await lenient()).settings;
  }
  const { controlSocket, pidfile } = masterAddress(settings);
  // The key of the digests of secrets: the master's and this side's must be made with the same one.
  const nonce = randomBytes(16).toString('hex');
  let live: LiveConfig | null = null;
  if (controlSocket !== null) live = await liveConfig(controlSocket, nonce);
  else if (invalid === null) {
    if (pidfile === null) throw noMasterConfigured();
    throw new TsgunError(
      'TSG_USAGE',
      'tsgun reload --dry-run asks the master for the config it runs over its control socket, and the config sets only a pidfile; set `controlSocket` (a restart applies it)',
    );
  }
  const plan = invalid !== null ? invalidPlan(live, invalid) : planDryRun(live!, next!, nonce);
  if (format === 'json') io.stdout(`${JSON.stringify(plan, null, 2)}\n`);
  else if (invalid !== null) io.stderr(`${formatError(invalid, io.cwd)}${renderDryRun(plan, io.cwd)}`);
  else io.stdout(renderDryRun(plan, io.cwd));
  return plan.proceeds ? ExitCode.OK : ExitCode.RELOAD_ROLLED_BACK;
}
