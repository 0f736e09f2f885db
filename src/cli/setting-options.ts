// The CLI flags of every setting, built from the registry (so a new setting gets its flag for free),
// and the reading of parsed flags back into CliValues for resolution.

import { Option, type Command } from 'commander';
import type { CliValue } from '../config/layers.ts';
import { allSettings, type SchemaNode, type Setting } from '../config/registry.ts';

interface FlagBinding {
  readonly setting: Setting;
  readonly option: Option;
  readonly negated: boolean;
}

const isBoolean = (node: SchemaNode): boolean => node.type === 'boolean';
const isList = (node: SchemaNode): boolean => node.type === 'array' || node.type === 'object';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function shortDescription(setting: Setting): string {
  const first = (setting.schema.description ?? '').split(/(?<=\.)\s/)[0] ?? '';
  return `${first} [${setting.envVar ?? 'no env var'}; reload: ${setting.reload}]`;
}

function bindingsFor(setting: Setting): FlagBinding[] {
  const spec = setting.meta.cli;
  if (spec === false) return [];
  const description = shortDescription(setting);
  if (isBoolean(setting.schema)) {
    return [
      { setting, option: new Option(spec, description), negated: false },
      { setting, option: new Option(`--no-${setting.flag!.slice(2)}`, `Turn ${setting.flag} off`).hideHelp(), negated: true },
    ];
  }
  const option = new Option(`${spec} ${setting.meta.arg ?? '<value>'}`, description);
  if (isList(setting.schema)) option.argParser(collect);
  return [{ setting, option, negated: false }];
}

const bindings: readonly FlagBinding[] = allSettings.flatMap(bindingsFor);

/** Adds every setting's flag to a command. */
export function addSettingOptions(command: Command): Command {
  for (const { option } of bindings) command.addOption(option);
  return command;
}

/** The setting values given as flags, in the order of the registry. */
export function readSettingOptions(command: Command): CliValue[] {
  const values: CliValue[] = [];
  const opts = command.opts<Record<string, unknown>>();
  const seen = new Set<string>();
  for (const { setting, option } of bindings) {
    const key = option.attributeName();
    if (seen.has(key) || command.getOptionValueSource(key) !== 'cli') continue;
    seen.add(key);
    const raw = opts[key];
    // `tsgun check --no-app` (do not import the app) shares its attribute with `--app <module>`:
    // false is then that command option's, never a value of a setting that is not a boolean.
    if (raw === false && !isBoolean(setting.schema)) continue;
    if (typeof raw === 'boolean' || typeof raw === 'string' || Array.isArray(raw)) {
      values.push({ setting: setting.name, flag: setting.flag!, raw: raw as CliValue['raw'] });
    }
  }
  return values;
}
