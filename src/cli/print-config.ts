// `tsgun print-config`: every resolved setting, its value and where the value came from. The values
// of `env` entries that look like secrets are redacted unless asked for (`--show-secrets`): the
// output ends up in terminals, CI logs and bug reports.

import { stringify } from 'yaml';
import type { ResolvedConfig, ValueSource } from '../config/resolved-config.ts';
import { allSettings } from '../config/registry.ts';

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
