// Generates, from schema/tsgun.schema.json and the error-code table: the TypeScript config types,
// the schema validator compiled by ajv (scripts/validator-code.ts), the JSON Schema for editors
// (scripts/editor-schema.ts), docs/settings.md, docs/errors.md and the settings table in README.md. With --check it writes nothing and fails if any generated
// file is stale (run by `npm test`).

import { readFileSync, writeFileSync } from 'node:fs';
import { errorCodes } from '../src/errors/codes.ts';
import { ExitCode } from '../src/errors/exit-codes.ts';
import { schema, settings, type SchemaNode, type Setting } from '../src/config/registry.ts';
import { generateEditorSchema } from './editor-schema.ts';
import { generateValidatorModule } from './validator-code.ts';

const root = new URL('../', import.meta.url);
const HEADER = '// GENERATED from schema/tsgun.schema.json by scripts/generate.ts. Do not edit; run `npm run generate`.';

function tsType(node: SchemaNode, resolved: boolean): string {
  const meta = node['x-tsgun'];
  if (resolved && meta?.resolvedTsType !== undefined) return meta.resolvedTsType;
  if (meta?.tsType !== undefined) return meta.tsType;
  if (meta?.hook !== undefined) return meta.hook.signature;
  if (node.anyOf !== undefined) return node.anyOf.map((b) => tsType(b, resolved)).join(' | ');
  if ('const' in node) return JSON.stringify(node.const);
  if (node.enum !== undefined) return node.enum.map((v) => JSON.stringify(v)).join(' | ');
  const types = node.type === undefined ? [] : typeof node.type === 'string' ? [node.type] : [...node.type];
  return types
    .map((t) => {
      if (t === 'integer' || t === 'number') return 'number';
      if (t === 'array') return `readonly ${tsType(node.items ?? {}, resolved)}[]`;
      if (t === 'object') return 'Record<string, string>';
      return t;
    })
    .join(' | ');
}

function jsdoc(node: SchemaNode, indent: string, extra: string[] = []): string {
  const lines = (node.description ?? '').match(/.{1,100}(\s|$)/g)?.map((l) => l.trimEnd()) ?? [];
  const all = [...lines, ...extra];
  return `${indent}/**\n${all.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

function defaultTag(setting: Setting): string[] {
  if (setting.isHook) return [`Runs in the ${setting.meta.hook!.process} process.`];
  if (!setting.hasDefault) return [setting.meta.required === true ? 'Required.' : ''];
  return [`@default ${JSON.stringify(setting.default)}`];
}

function generateTypes(): string {
  const tls = (schema.properties['tls']!.anyOf ?? []).find((b) => b.type === 'object')!;
  const tlsFields = Object.entries(tls.properties ?? {})
    .map(([k, n]) => `${jsdoc(n, '  ')}  readonly ${k}?: ${tsType(n, false)};`)
    .join('\n');
  const user = settings.map((s) => `${jsdoc(s.schema, '  ', defaultTag(s))}  readonly ${s.name}?: ${tsType(s.schema, false)};`).join('\n');
  const resolved = settings.map((s) => `  readonly ${s.name}${s.isHook ? '?' : ''}: ${tsType(s.schema, true)};`).join('\n');
  return `${HEADER}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MasterHookContext, ReloadHookContext, WorkerExitInfo, WorkerInfo } from './hook-types.ts';

/**
 * A duration with units, for the settings that take seconds: \`'500ms'\`, \`'30s'\`, \`'2m'\`, \`'1h'\`,
 * \`'1m30s'\`. Units largest first, each at most once; a plain number is seconds.
 */
export type DurationString =
  | \`\${number}ms\`
  | \`\${number}s\`
  | \`\${number}m\`
  | \`\${number}h\`
  | \`\${number}h\${number}m\`
  | \`\${number}m\${number}s\`
  | \`\${number}h\${number}m\${number}s\`
  | \`\${number}s\${number}ms\`;

export interface TlsSettings {
${tlsFields}
}

/** A tsgun config as the user writes it: every setting optional. */
export interface UserConfig {
  /** Path or URL of the JSON Schema, for editors. Ignored by tsgun. */
  readonly $schema?: string;
${user}
}

/** Every setting after resolution: defaults filled in, \`workers: 'auto'\` turned into a number. */
export interface Settings {
${resolved}
}

export const settingNames = [
${settings.map((s) => `  '${s.name}',`).join('\n')}
] as const;

export type SettingName = (typeof settingNames)[number];
`;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');
const code = (s: string | null | false | undefined): string => (s === null || s === false || s === undefined ? '—' : `\`${cell(s)}\``);

function settingRow(s: Setting): string {
  const def = s.hasDefault ? code(JSON.stringify(s.default)) : s.meta.required === true ? 'required' : '—';
  return `| [\`${s.name}\`](docs/settings.md#${s.name.toLowerCase()}) | ${def} | ${code(s.meta.cli)} | ${code(s.envVar)} | ${s.reload} |`;
}

function generateSettingsDoc(): string {
  const sections = [...new Set(settings.map((s) => s.section))];
  const out: string[] = [
    '<!-- GENERATED from schema/tsgun.schema.json by scripts/generate.ts. Do not edit; run `npm run generate`. -->',
    '# tsgun settings reference',
    '',
    'Every setting, from the registry in `schema/tsgun.schema.json`. Precedence, lowest first: default <',
    'config file < `TSGUN_*` environment variable < command-line flag. `tsgun print-config` shows each',
    'resolved value and where it came from.',
    '',
    '**Reload class** says what a changed value needs on `kill -HUP` / `tsgun reload`: `live` applies',
    'without new workers; `respawn` boots a new generation of workers; `rebind` opens the new listeners',
    'first (a busy port fails the reload before anything changes); `restart` cannot be changed by a',
    'reload and needs a full restart of the master.',
    '',
    '**Durations** (the settings typed `number | DurationString`) are a number of seconds (`30`, `0.5`) or',
    'a string with units: `500ms`, `30s`, `2m`, `1h`, or parts combined largest unit first (`1m30s`,',
    '`1h30m`, `1s500ms`). The same strings work in `TSGUN_*` variables and flags (`--timeout 2m`). A',
    "setting's bounds apply to the value in seconds (`bootTimeout: 0s` is refused as `bootTimeout: 0`",
    'is). The resolved config holds seconds: `print-config` shows `timeout: 2m` as `120`.',
    '',
    'JSON and YAML configs can point `$schema` at `node_modules/tsgun/schema/tsgun.editor.schema.json`',
    '(generated from the registry): it offers every setting but the hooks, which only a JS or TS config',
    'can set.',
    '',
  ];
  for (const section of sections) {
    out.push(`## ${section}`, '');
    for (const s of settings.filter((x) => x.section === section)) {
      out.push(`### ${s.name}`, '', s.schema.description ?? '', '');
      const rows: [string, string][] = [['Type', code(tsType(s.schema, false))]];
      if (s.isHook) rows.push(['Runs in', `the ${s.meta.hook!.process} process`]);
      else rows.push(['Default', s.hasDefault ? code(JSON.stringify(s.default)) : s.meta.required === true ? 'none (required)' : '—']);
      rows.push([
        'CLI flag',
        s.meta.cli === false
          ? 'none'
          : code(`${s.meta.cli}${s.meta.arg === undefined ? '' : ` ${s.meta.arg}`}`) +
            (s.meta.positional !== undefined ? ` or the positional \`${s.meta.positional}\`` : '') +
            (s.meta.cliFormat !== undefined ? ` (${s.meta.cliFormat})` : ''),
      ]);
      rows.push(['Env var', s.envVar === null ? 'none' : code(s.envVar) + (s.meta.envFormat !== undefined ? ` (${s.meta.envFormat})` : '')]);
      rows.push(['Reload class', `\`${s.reload}\``]);
      rows.push(['Gunicorn', s.meta.gunicorn === null ? 'no equivalent' : code(s.meta.gunicorn)]);
      out.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), '');
      if (s.meta.nestedFlags === true) {
        const branch = (s.schema.anyOf ?? []).find((b) => b.type === 'object')!;
        out.push('| Key | Type | Description | CLI flag | Env var | Gunicorn |', '|---|---|---|---|---|---|');
        for (const [k, n] of Object.entries(branch.properties ?? {})) {
          const m = n['x-tsgun']!;
          out.push(
            `| \`${k}\` | ${code(tsType(n, false))} | ${cell(n.description ?? '')} | ${code(m.cli === false ? null : `${m.cli} ${m.arg ?? ''}`.trim())} | ${code(m.env)} | ${code(m.gunicorn)} |`,
          );
        }
        out.push('');
      }
    }
  }
  return out.join('\n');
}

function generateErrorsDoc(): string {
  const out = [
    '<!-- GENERATED from src/errors/codes.ts by scripts/generate.ts. Do not edit; run `npm run generate`. -->',
    '# tsgun errors and exit codes',
    '',
    'Every error tsgun reports carries one of these stable codes (in text output in brackets, in JSON',
    'output as `code`).',
    '',
    '| Code | Meaning | What to do |',
    '|---|---|---|',
    ...Object.entries(errorCodes).map(([c, e]) => `| \`${c}\` | ${cell(e.summary)} | ${cell(e.remedy)} |`),
    '',
    '## Exit codes',
    '',
    '| Code | Name |',
    '|---|---|',
    ...Object.entries(ExitCode).map(([name, value]) => `| ${value} | \`${name}\` |`),
    '',
  ];
  return out.join('\n');
}

function readmeWithTable(current: string): string {
  const start = '<!-- settings:start -->';
  const end = '<!-- settings:end -->';
  const a = current.indexOf(start);
  const b = current.indexOf(end);
  if (a === -1 || b === -1) throw new Error('README.md lacks the settings:start / settings:end markers');
  const table = [
    start,
    '<!-- GENERATED from schema/tsgun.schema.json by scripts/generate.ts. -->',
    '| Setting | Default | CLI flag | Env var | Reload class |',
    '|---|---|---|---|---|',
    ...settings.map(settingRow),
    '',
  ].join('\n');
  return current.slice(0, a) + table + current.slice(b);
}

const targets: [URL, (current: string) => string][] = [
  [new URL('src/config/settings.generated.ts', root), () => generateTypes()],
  [new URL('src/config/schema-validator.generated.ts', root), () => generateValidatorModule()],
  [new URL('schema/tsgun.editor.schema.json', root), () => generateEditorSchema()],
  [new URL('docs/settings.md', root), () => generateSettingsDoc()],
  [new URL('docs/errors.md', root), () => generateErrorsDoc()],
  [new URL('README.md', root), readmeWithTable],
];

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [url, make] of targets) {
  let current = '';
  try {
    current = readFileSync(url, 'utf8');
  } catch {
    // a missing file is stale
  }
  const next = make(current);
  if (next === current) continue;
  if (check) stale.push(url.pathname.slice(root.pathname.length));
  else writeFileSync(url, next);
}
if (stale.length > 0) {
  console.error(`generated files are stale: ${stale.join(', ')}\nrun \`npm run generate\` and commit the result`);
  process.exit(1);
}
