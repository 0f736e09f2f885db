// What the master tells `tsgun reload --dry-run` about the config it runs (the control socket's
// `{"command":"config"}`): its settings as the reload plan compares them, plus what the plan needs
// beyond settings (generation numbers, the worker count TTIN/TTOU left, the binds). The settings are
// JSON-safe and carry no secret in clear: a hook is a digest of the form planReload compares it in
// (its source), each `env` value a digest keyed by the client's nonce. The client digests its new
// config the same way (`plannableSettings`), so that the master's own plan decides what changed.

import { createHmac } from 'node:crypto';
import type { BindAddress } from '../config/bind.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { comparableForm } from './reload-plan.ts';

/** The reply to `{"command":"config","nonce":"…"}` (docs/reload.md). */
export interface LiveConfig {
  readonly pid: number;
  /** The config file the master re-reads on a reload (the one it started with), or null. */
  readonly configFile: string | null;
  /** The serving generation. */
  readonly generation: number;
  /** The number a reload's new generation gets. */
  readonly nextGeneration: number;
  /** The worker count the serving generation aims at (its config's, or what TTIN/TTOU made it). */
  readonly workers: number;
  /** Workers of the serving generation that a commit would drain. */
  readonly running: number;
  /** A reload is in progress: one asked for now follows it. */
  readonly reloading: boolean;
  /** The master's working directory, against which a relative unix bind is resolved. */
  readonly cwd: string;
  /** systemd socket activation: the binds are the sockets systemd passed, for the master's whole life. */
  readonly activated: boolean;
  readonly binds: readonly BindAddress[];
  /** Every setting, as plannableSettings makes it. */
  readonly settings: Readonly<Record<string, unknown>>;
}

export type LiveState = Omit<LiveConfig, 'configFile' | 'binds' | 'settings'>;

function digest(nonce: string, text: string): string {
  return `sha256:${createHmac('sha256', nonce).update(text).digest('hex')}`;
}

/**
 * The settings as they cross the control socket, and as the client compares its new config with
 * them: a hook becomes `function:` and a digest of its comparable form, each `env` value a digest;
 * anything else is already JSON (the schema allows no other kind of value).
 */
export function plannableSettings(config: ResolvedConfig, nonce: string): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config.settings)) {
    if (typeof value === 'function') settings[name] = `function:${digest(nonce, comparableForm(value) ?? '')}`;
    else if (name === 'env' && typeof value === 'object' && value !== null) {
      settings[name] = Object.fromEntries(Object.entries(value as Record<string, string>).map(([key, v]) => [key, digest(nonce, v)]));
    } else settings[name] = value;
  }
  // Through JSON, as the master's copy came: both sides then hold the same kinds of value.
  return JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
}

/** In the master: the answer to a config query. */
export function liveConfigOf(config: ResolvedConfig, state: LiveState, nonce: string): LiveConfig {
  return { ...state, configFile: config.configFile, binds: config.binds, settings: plannableSettings(config, nonce) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isBind = (v: unknown): boolean => isObject(v) && typeof v['text'] === 'string' && (v['kind'] === 'tcp' || v['kind'] === 'fd' || (v['kind'] === 'unix' && typeof v['path'] === 'string'));

/** In the client: the master's answer, or undefined when it is not one (an older or a foreign master). */
export function parseLiveConfig(v: unknown): LiveConfig | undefined {
  if (!isObject(v)) return undefined;
  const { pid, configFile, generation, nextGeneration, workers, running, reloading, cwd, activated, binds, settings } = v;
  if (![pid, generation, nextGeneration, workers, running].every(isCount)) return undefined;
  if (!(configFile === null || typeof configFile === 'string') || typeof cwd !== 'string') return undefined;
  if (typeof reloading !== 'boolean' || typeof activated !== 'boolean') return undefined;
  if (!Array.isArray(binds) || !binds.every(isBind) || !isObject(settings)) return undefined;
  return v as unknown as LiveConfig;
}
