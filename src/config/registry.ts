// The settings registry, read from schema/tsgun.schema.json: the one place that knows every setting,
// its default, CLI flag, env var and reload class. Everything else asks this module.

import { readFileSync } from 'node:fs';

export type ReloadClass = 'live' | 'respawn' | 'rebind' | 'restart';
export type HookProcess = 'master' | 'worker';

/** A JSON Schema node as tsgun's schema uses it (draft-07 plus the `x-tsgun` and `typeof` keywords). */
export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly anyOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly pattern?: string;
  readonly typeof?: string;
  readonly default?: unknown;
  readonly title?: string;
  readonly description?: string;
  readonly 'x-tsgun'?: SettingMeta;
}

/** The `x-tsgun` metadata of a setting. `false` for cli/env says explicitly that there is none. */
export interface SettingMeta {
  readonly section?: string;
  readonly reload?: ReloadClass;
  readonly cli: string | false;
  readonly env: string | false;
  readonly gunicorn: string | null;
  readonly arg?: string;
  readonly positional?: string;
  readonly required?: boolean;
  readonly meta?: boolean;
  readonly nestedFlags?: boolean;
  readonly envFormat?: string;
  readonly cliFormat?: string;
  readonly tsType?: string;
  readonly resolvedTsType?: string;
  /** `seconds`: a duration, a number of seconds or a string such as `'1m30s'` (units.ts parseDuration). */
  readonly unit?: 'seconds';
  readonly hook?: { readonly process: HookProcess; readonly signature: string };
}

export interface Setting {
  /** Dotted path: `workers`, `tls.cert`. */
  readonly name: string;
  readonly path: readonly string[];
  readonly schema: SchemaNode;
  readonly meta: SettingMeta;
  /** The reload class: nested settings inherit their parent's. */
  readonly reload: ReloadClass;
  readonly section: string;
  readonly isHook: boolean;
  readonly hasDefault: boolean;
  readonly default: unknown;
  /** The long flag (`--workers`), or null. */
  readonly flag: string | null;
  readonly shortFlag: string | null;
  readonly envVar: string | null;
}

export const schemaUrl = new URL('../../schema/tsgun.schema.json', import.meta.url);

export const schema: SchemaNode & { readonly properties: Readonly<Record<string, SchemaNode>> } = JSON.parse(readFileSync(schemaUrl, 'utf8'));

function makeSetting(path: string[], node: SchemaNode, parent: Setting | undefined): Setting {
  const meta = node['x-tsgun'];
  if (meta === undefined) throw new Error(`schema: ${path.join('.')} has no x-tsgun metadata`);
  const [short, long] = meta.cli === false ? [null, null] : parseFlag(meta.cli);
  const reload = meta.reload ?? parent?.reload;
  const section = meta.section ?? parent?.section;
  if (reload === undefined || section === undefined) throw new Error(`schema: ${path.join('.')} has no reload class or section`);
  return {
    name: path.join('.'),
    path,
    schema: node,
    meta,
    reload,
    section,
    isHook: meta.hook !== undefined,
    hasDefault: 'default' in node,
    default: node.default,
    flag: long,
    shortFlag: short,
    envVar: meta.env === false ? null : meta.env,
  };
}

function parseFlag(spec: string): [string | null, string] {
  const parts = spec.split(',').map((s) => s.trim());
  return parts.length === 2 ? [parts[0]!, parts[1]!] : [null, parts[0]!];
}

function buildRegistry(): { topLevel: Setting[]; all: Setting[] } {
  const topLevel: Setting[] = [];
  const all: Setting[] = [];
  for (const [key, node] of Object.entries(schema.properties)) {
    if (node['x-tsgun']?.meta === true) continue;
    const setting = makeSetting([key], node, undefined);
    topLevel.push(setting);
    all.push(setting);
    if (setting.meta.nestedFlags === true) {
      const objectBranch = (node.anyOf ?? [node]).find((b) => b.type === 'object');
      for (const [child, childNode] of Object.entries(objectBranch?.properties ?? {})) {
        all.push(makeSetting([key, child], childNode, setting));
      }
    }
  }
  return { topLevel, all };
}

const registry = buildRegistry();

/** Every top-level setting, in schema order. */
export const settings: readonly Setting[] = registry.topLevel;
/** Top-level settings and the nested ones that have their own flag or env var (`tls.cert`). */
export const allSettings: readonly Setting[] = registry.all;
export const settingsByName: ReadonlyMap<string, Setting> = new Map(registry.all.map((s) => [s.name, s]));
/** Keys a config file may use at the top level (settings plus `$schema`). */
export const topLevelKeys: readonly string[] = Object.keys(schema.properties);
