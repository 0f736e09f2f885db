// Reads the three user layers (config file, TSGUN_* env vars, CLI flags) into one shape: a list of
// assignments, each with the setting it sets, the typed value and where it came from, after schema
// validation. Problems found on the way are returned, never thrown.

import type { ConfigProblem, ProblemOrigin } from '../errors/tsgun-error.ts';
import { suggestion } from '../util/did-you-mean.ts';
import { coerceText, parseKeyValues } from './coerce.ts';
import type { Locator } from './locate.ts';
import { allSettings, settingsByName, type Setting } from './registry.ts';
import { formatPath, validateConfigObject, validateValue, type SchemaProblem } from './validate.ts';

export interface Assignment {
  /** Path from the config root: ['workers'] or ['tls', 'cert']. */
  readonly path: readonly string[];
  readonly value: unknown;
  readonly origin: ProblemOrigin;
}

export interface LayerResult {
  readonly assignments: readonly Assignment[];
  readonly problems: readonly ConfigProblem[];
}

export interface FileLayerInput {
  readonly file: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly locator: Locator | undefined;
}

/** A value given on the command line, as commander parsed it. */
export interface CliValue {
  readonly setting: string;
  readonly flag: string;
  /** Text for options with an argument, a list for repeatable ones, a boolean for switches. */
  readonly raw: string | readonly string[] | boolean;
}

/**
 * Env vars that are tsgun's but not settings: TSGUN_CONFIG (the config file), TSGUN_UPGRADE (an old
 * master tells a new one it is an upgrade, src/sys/listeners.ts), TSGUN_MASTER_V8 (the master's V8
 * flags, src/sys/lean-v8.ts). test/config/env-names.test.ts checks that every one src/ reads is here.
 */
export const NON_SETTING_ENV = new Set(['TSGUN_CONFIG', 'TSGUN_UPGRADE', 'TSGUN_MASTER_V8']);

export function fileOrigin(input: FileLayerInput, path: readonly (string | number)[], atKey: boolean): ProblemOrigin {
  const pos = input.locator?.locate(path, atKey);
  return pos === undefined ? { kind: 'file', file: input.file } : { kind: 'file', file: input.file, line: pos.line, column: pos.column };
}

/**
 * The origin of a value the file sets. Every value gets one and print-config shows them; a lazy
 * locator (a JS/TS config) would parse the file for each, so its position is looked up only when
 * read. The getters live on the prototype: freezing the resolved config, sending it to a worker as
 * JSON or spreading the origin never calls them (the worker's copy has no position).
 */
class DeferredFileOrigin {
  readonly kind = 'file' as const;
  readonly file: string;
  readonly #locator: Locator;
  readonly #path: readonly string[];

  constructor(file: string, locator: Locator, path: readonly string[]) {
    this.file = file;
    this.#locator = locator;
    this.#path = path;
  }

  get line(): number | undefined {
    return this.#locator.locate(this.#path, false)?.line;
  }

  get column(): number | undefined {
    return this.#locator.locate(this.#path, false)?.column;
  }
}

function assignmentOrigin(input: FileLayerInput, path: readonly string[]): ProblemOrigin {
  return input.locator?.lazy === true ? new DeferredFileOrigin(input.file, input.locator, path) : fileOrigin(input, path, false);
}

export function readFileLayer(input: FileLayerInput): LayerResult {
  const problems = validateConfigObject(input.config as Record<string, unknown>).map((p): ConfigProblem => ({
    path: formatPath(p.path),
    message: p.message,
    origin: fileOrigin(input, p.path, p.atKey),
  }));
  const assignments: Assignment[] = [];
  const broken = new Set(problems.map((p) => p.path.split(/[.[]/)[0]));
  for (const [key, value] of Object.entries(input.config)) {
    if (key === '$schema' || !settingsByName.has(key) || broken.has(key)) continue;
    assignments.push({ path: [key], value, origin: assignmentOrigin(input, [key]) });
  }
  return { assignments, problems };
}

const envSettings = new Map(allSettings.filter((s) => s.envVar !== null).map((s) => [s.envVar!, s]));

export function readEnvLayer(env: Readonly<Record<string, string | undefined>>): LayerResult {
  const assignments: Assignment[] = [];
  const problems: ConfigProblem[] = [];
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith('TSGUN_') || text === undefined || NON_SETTING_ENV.has(name)) continue;
    const origin: ProblemOrigin = { kind: 'env', name };
    const setting = envSettings.get(name);
    if (setting === undefined) {
      problems.push({ path: '', message: `${name} is not a tsgun environment variable.${suggestion(name, [...envSettings.keys(), ...NON_SETTING_ENV])}`, origin });
      continue;
    }
    const coerced = coerceText(setting.schema, text, 'comma');
    take(setting, coerced, origin, assignments, problems);
  }
  return { assignments, problems };
}

export function readCliLayer(values: readonly CliValue[]): LayerResult {
  const assignments: Assignment[] = [];
  const problems: ConfigProblem[] = [];
  for (const { setting: name, flag, raw } of values) {
    const setting = settingsByName.get(name);
    if (setting === undefined) throw new Error(`CLI value for unknown setting ${name}`);
    const origin: ProblemOrigin = { kind: 'cli', flag };
    if (typeof raw === 'boolean') {
      take(setting, { ok: true, value: raw }, origin, assignments, problems);
    } else if (typeof raw === 'string') {
      take(setting, coerceText(setting.schema, raw, 'none'), origin, assignments, problems);
    } else if (name === 'env') {
      take(setting, parseKeyValues(raw), origin, assignments, problems);
    } else {
      take(setting, { ok: true, value: [...raw] }, origin, assignments, problems);
    }
  }
  return { assignments, problems };
}

function take(setting: Setting, coerced: ReturnType<typeof coerceText>, origin: ProblemOrigin, assignments: Assignment[], problems: ConfigProblem[]): void {
  if (!coerced.ok) {
    problems.push({ path: setting.name, message: coerced.reason, origin });
    return;
  }
  const found: SchemaProblem[] = validateValue(setting.schema, coerced.value, [...setting.path]);
  if (found.length > 0) {
    problems.push(...found.map((p) => ({ path: formatPath(p.path), message: p.message, origin })));
    return;
  }
  assignments.push({ path: setting.path, value: coerced.value, origin });
}
