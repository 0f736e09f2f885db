// `tsgun print-config`: every resolved setting, its value and where the value came from, or with
// `--as-config` the same values as a config file tsgun loads back. The values of `env` entries that
// look like secrets are redacted unless asked for (`--show-secrets`): the output ends up in
// terminals, CI logs and bug reports. An invalid config asked for as JSON or YAML is reported in that
// format, in the shape of `tsgun check --format json` (docs/cli.md).

import { Document, isScalar, stringify, type Pair, type Scalar } from 'yaml';
import type { ResolvedConfig, ValueSource } from '../config/resolved-config.ts';
import { allSettings, settings as topSettings } from '../config/registry.ts';
import { displayPath, formatError } from '../errors/report.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { checkReportOf, exitCodeOfResult } from './check-format.ts';
import { requestConfig, type ConfigRequest } from './program.ts';

export interface PrintedSetting {
  readonly value: unknown;
  /** `default`, `file`, `env` or `cli`. */
  readonly source: ValueSource['kind'];
  /** `tsgun.config.ts`, `TSGUN_WORKERS`, `--workers`; absent for defaults. */
  readonly from?: string;
}

function from(source: ValueSource): string | undefined {
  switch (source.kind) {
    case 'default':
      return undefined;
    case 'file':
      return source.line === undefined ? source.file : `${source.file}:${source.line}:${source.column ?? 1}`;
    case 'env':
      return source.name;
    case 'cli':
      return source.flag;
  }
}

/** Names of env entries whose values are hidden: any name containing one of these words, in any case. */
export const SECRET_NAME_WORDS = ['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'KEY', 'CREDENTIAL', 'PRIVATE', 'AUTH'] as const;
const SECRET_NAME = new RegExp(SECRET_NAME_WORDS.join('|'), 'i');
export const REDACTED = '[redacted]';

/**
 * A value with its secrets hidden: the whole value of a secret-looking name, and the password of
 * a URL with credentials under any name (`DATABASE_URL=postgres://app:pw@db/app`).
 */
function redactEnvValue(name: string, value: string): string {
  if (SECRET_NAME.test(name)) return REDACTED;
  return value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s/@]*@/gi, `$1${REDACTED}@`);
}

function redactEnv(env: unknown): unknown {
  if (env === null || typeof env !== 'object') return env;
  return Object.fromEntries(Object.entries(env as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? redactEnvValue(k, v) : v]));
}

function printable(value: unknown): unknown {
  return typeof value === 'function' ? `[function ${value.name || 'anonymous'}]` : value;
}

export interface DescribeOptions {
  /** Print `env` values in clear, secrets included. */
  readonly showSecrets?: boolean;
}

export function describeConfig(config: ResolvedConfig, options: DescribeOptions = {}): { configFile: string | null; settings: Record<string, PrintedSetting> } {
  const settings: Record<string, PrintedSetting> = {};
  const values = config.settings as unknown as Record<string, unknown>;
  for (const s of allSettings) {
    if (s.path.length !== 1) continue;
    const source = config.sources[s.name] ?? { kind: 'default' };
    const origin = from(source);
    const value = s.name === 'env' && options.showSecrets !== true ? redactEnv(values[s.name]) : values[s.name];
    settings[s.name] = { value: printable(value ?? null), source: source.kind, ...(origin === undefined ? {} : { from: origin }) };
  }
  return { configFile: config.configFile, settings };
}

export function runPrintConfig(config: ResolvedConfig, format: 'yaml' | 'json', options: DescribeOptions = {}): string {
  const described = describeConfig(config, options);
  return format === 'json' ? `${JSON.stringify(described, null, 2)}\n` : stringify(described, { lineWidth: 0 });
}

export interface PrintConfigOptions extends DescribeOptions {
  readonly format: 'yaml' | 'json';
  /** The format was asked for (`--format`), not taken by default: errors are then printed in it too. */
  readonly formatGiven: boolean;
  /** Print a config file that loads back (`--as-config`), not the values with their sources. */
  readonly asConfig: boolean;
}

/** The whole command: resolve, print, and the exit code of `check` (0, 1 invalid, 2 nothing to print). */
export async function printConfigCommand(request: ConfigRequest, options: PrintConfigOptions): Promise<number> {
  const { io } = request;
  let config: ResolvedConfig;
  try {
    config = await requestConfig(request, 'print-config');
  } catch (error) {
    // A script that asked for JSON or YAML parses stdout whatever the outcome: the errors come in
    // that format, as `check --format json` prints them, and stderr stays empty. A person who took
    // the default gets the text report on stderr, as from every other command.
    const tsgunError = error instanceof TsgunError ? error : new TsgunError('TSG_INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
    const result = { configFile: tsgunError.file ?? null, config: null, error: tsgunError };
    if (!options.formatGiven) io.stderr(formatError(error, io.cwd));
    else {
      const report = checkReportOf(result, false, io.cwd);
      io.stdout(options.format === 'json' ? `${JSON.stringify(report)}\n` : stringify(report, { lineWidth: 0 }));
    }
    return exitCodeOfResult(result, false);
  }
  if (!options.asConfig) {
    io.stdout(runPrintConfig(config, options.format, options));
    return 0;
  }
  const printed = configFileOf(config, options);
  io.stdout(options.format === 'json' ? `${JSON.stringify(printed.values, null, 2)}\n` : yamlConfig(config, printed, io.cwd));
  if (printed.redacted) io.stderr('tsgun: env values that look like secrets print as "[redacted]"; add --show-secrets to print a config that keeps them\n');
  return 0;
}

/** What editors validate a printed JSON or YAML config against, relative to a project's root. */
export const EDITOR_SCHEMA_PATH = './node_modules/tsgun/schema/tsgun.editor.schema.json';

interface PrintedConfig {
  /** `$schema`, then every setting but the hooks, in registry order. */
  readonly values: Record<string, unknown>;
  readonly redacted: boolean;
  readonly hooks: readonly string[];
}

/**
 * The resolved values as a config: what the file, env vars and flags set, and the defaults, so that
 * loading it back gives the same values wherever it runs from. A default `workers: auto` stays
 * `auto` (not this machine's CPU count); durations are in seconds; hooks cannot be written in JSON or
 * YAML and are left out.
 */
function configFileOf(config: ResolvedConfig, options: DescribeOptions): PrintedConfig {
  const values: Record<string, unknown> = { $schema: EDITOR_SCHEMA_PATH };
  const resolved = config.settings as unknown as Record<string, unknown>;
  const hooks: string[] = [];
  let redacted = false;
  for (const s of topSettings) {
    const source = config.sources[s.name] ?? { kind: 'default' };
    if (s.isHook) {
      if (resolved[s.name] !== undefined) hooks.push(s.name);
      continue;
    }
    let value = source.kind === 'default' && s.hasDefault ? s.default : resolved[s.name];
    if (s.name === 'env' && options.showSecrets !== true) {
      value = redactEnv(value);
      redacted = JSON.stringify(value).includes(REDACTED);
    }
    values[s.name] = value ?? null;
  }
  return { values, redacted, hooks };
}

/** The config as YAML, with where each value that is not a default came from as a comment. */
function yamlConfig(config: ResolvedConfig, printed: PrintedConfig, cwd: string): string {
  const doc = new Document(printed.values);
  const header = [
    ` tsgun config printed by \`tsgun print-config --as-config\`${config.configFile === null ? '' : ` from ${displayPath(config.configFile, cwd)}`}.`,
    ' Every resolved value; a comment names where a value that is not a default came from.',
  ];
  if (printed.hooks.length > 0) header.push(` Hooks are left out (only a JS or TS config can set them): ${printed.hooks.join(', ')}.`);
  doc.commentBefore = header.join('\n');
  for (const item of (doc.contents as { items: Pair<Scalar<string>, unknown>[] }).items) {
    const name = item.key.value;
    const source = config.sources[name];
    const notes: string[] = [];
    if (source !== undefined && source.kind !== 'default') notes.push(`from ${from(source.kind === 'file' ? { ...source, file: displayPath(source.file, cwd) } : source)!}`);
    if (name === 'env' && printed.redacted) notes.push('values named like secrets are redacted: print with --show-secrets to keep them');
    if (notes.length === 0) continue;
    if (isScalar(item.value)) item.value.comment = ` ${notes.join('; ')}`;
    else item.key.commentBefore = ` ${notes.join('; ')}`;
  }
  return doc.toString({ lineWidth: 0 });
}
