// `tsgun print-config`: every resolved setting, its value and where the value came from.

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

function printable(value: unknown): unknown {
  return typeof value === 'function' ? `[function ${value.name || 'anonymous'}]` : value;
}

export function describeConfig(config: ResolvedConfig): { configFile: string | null; settings: Record<string, PrintedSetting> } {
  const settings: Record<string, PrintedSetting> = {};
  const values = config.settings as unknown as Record<string, unknown>;
  for (const s of allSettings) {
    if (s.path.length !== 1) continue;
    const source = config.sources[s.name] ?? { kind: 'default' };
    const origin = from(source);
    settings[s.name] = { value: printable(values[s.name] ?? null), source: source.kind, ...(origin === undefined ? {} : { from: origin }) };
  }
  return { configFile: config.configFile, settings };
}

export function runPrintConfig(config: ResolvedConfig, format: 'yaml' | 'json'): string {
  const described = describeConfig(config);
  return format === 'json' ? `${JSON.stringify(described, null, 2)}\n` : stringify(described, { lineWidth: 0 });
}
