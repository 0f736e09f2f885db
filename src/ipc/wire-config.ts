// The resolved config of a generation as it crosses to a worker (DESIGN.md section 2, "resolved
// once, in the master"): JSON-safe, so the hook functions stay behind and only the names of the
// worker-side ones that are set travel. The worker runs no discovery, validation or file checks;
// it imports the generation's pinned config only when one of those hooks must be picked.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { Settings } from '../config/settings.generated.ts';

/** The hooks that run in a worker (the schema's `x-tsgun.hook.process: worker`; a test keeps them in step). */
export const WORKER_HOOKS = ['postFork', 'postWorkerInit', 'workerInt', 'workerAbort', 'preRequest', 'postRequest', 'workerExit'] as const;

export type WorkerHookName = (typeof WORKER_HOOKS)[number];

type HookName = { [K in keyof Settings]-?: NonNullable<Settings[K]> extends (...args: never[]) => unknown ? K : never }[keyof Settings];

/** The settings without any hook function. */
export type WireSettings = Omit<Settings, HookName>;

export interface WireConfig extends Omit<ResolvedConfig, 'settings'> {
  readonly settings: WireSettings;
  /** The worker-side hooks this config sets: the worker picks exactly these from the pinned config. */
  readonly workerHooks: readonly WorkerHookName[];
}

/** In the master: what a worker of this config's generation receives. */
export function toWireConfig(config: ResolvedConfig): WireConfig {
  const settings: Record<string, unknown> = {};
  // Only hooks are functions (the schema allows no other); none can cross a process boundary.
  for (const [name, value] of Object.entries(config.settings)) if (typeof value !== 'function') settings[name] = value;
  const workerHooks = WORKER_HOOKS.filter((name) => typeof config.settings[name] === 'function');
  // The pinned texts serve only to pick hooks: a worker that has none gets none (a config importing
  // a large local module would otherwise cross the pipe with every boot).
  return { ...config, settings: settings as unknown as WireSettings, workerHooks, texts: workerHooks.length === 0 ? {} : config.texts };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isMs = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const WORKER_HOOK_SET = new Set<string>(WORKER_HOOKS);
const MS_KEYS = ['timeout', 'bootTimeout', 'gracefulTimeout', 'hookTimeout', 'keepAlive', 'headersTimeout', 'bodyTimeout', 'sendTimeout'] as const;
/** The settings a worker reads directly, each with the check of its type. */
const SETTING_CHECKS: Readonly<Record<string, (v: unknown) => boolean>> = {
  app: isString,
  backlog: (v) => Number.isInteger(v),
  maxRequests: (v) => Number.isInteger(v),
  maxRequestsJitter: (v) => Number.isInteger(v),
  logLevel: isString,
  logFormat: (v) => v === 'auto' || v === 'pretty' || v === 'json',
  errorLog: isString,
  accessLog: isStringOrNull,
  unhandledRejection: (v) => v === 'log' || v === 'recycle',
  env: isObject,
};

const ATOM_KEYS = ['letter', 'requestHeader', 'responseHeader', 'env'];
const isAccessPart = (v: unknown): boolean => isString(v) || (isObject(v) && Object.keys(v).length === 1 && ATOM_KEYS.some((key) => isString(v[key])));

/**
 * The config of a boot message, or undefined when it lacks what a worker relies on. The master
 * validated every value against the schema; this checks the shape that crossed the pipe, so that a
 * malformed message is dropped at the boundary like any other, never half-used.
 */
export function parseWireConfig(v: unknown): WireConfig | undefined {
  if (!isObject(v)) return undefined;
  const { settings, sources, configFile, dependencies, texts, binds, app, ms, paths, accessFormat, workerHooks } = v;
  if (!isObject(settings) || !isObject(sources) || !isStringOrNull(configFile)) return undefined;
  for (const [name, check] of Object.entries(SETTING_CHECKS)) if (!check(settings[name])) return undefined;
  if (!Array.isArray(dependencies) || !dependencies.every(isString) || !isObject(texts) || !Object.values(texts).every(isString)) return undefined;
  if (!Array.isArray(binds) || !binds.every(isObject)) return undefined;
  if (!isObject(app) || !isString(app['module']) || !isStringOrNull(app['exportName']) || typeof app['isFile'] !== 'boolean' || !isString(app['baseDir'])) return undefined;
  if (!isObject(ms) || !MS_KEYS.every((key) => isMs(ms[key])) || !(ms['requestTimeout'] === null || isMs(ms['requestTimeout']))) return undefined;
  if (!isObject(paths) || !isString(paths['workDir']) || !isString(paths['errorLog']) || !isStringOrNull(paths['accessLog'])) return undefined;
  if (!(paths['tls'] === null || (isObject(paths['tls']) && ['cert', 'key', 'ca'].every((key) => isStringOrNull((paths['tls'] as Record<string, unknown>)[key]))))) return undefined;
  if (!isObject(accessFormat) || !(accessFormat['kind'] === 'json' || (accessFormat['kind'] === 'line' && Array.isArray(accessFormat['parts']) && accessFormat['parts'].every(isAccessPart))))
    return undefined;
  if (!Array.isArray(workerHooks) || !workerHooks.every((name) => isString(name) && WORKER_HOOK_SET.has(name))) return undefined;
  const tlsFiles = v['tlsFiles'];
  if (!(tlsFiles === undefined || (isObject(tlsFiles) && Object.values(tlsFiles).every(isString)))) return undefined;
  if (!(v['maxMemoryBytes'] === null || isMs(v['maxMemoryBytes'])) || !(v['umaskValue'] === null || isMs(v['umaskValue']))) return undefined;
  return v as unknown as WireConfig;
}
