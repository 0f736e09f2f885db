// Build time only: derives schema/tsgun.editor.schema.json, the JSON Schema that JSON and YAML
// configs point `$schema` at, from the registry (schema/tsgun.schema.json). The registry also
// validates JS/TS configs, so it holds what an editor must not offer: the hooks, which can only be set
// in JS/TS (`typeof: function` is no JSON Schema keyword, so an editor took `"onStarting": 42`), and
// tsgun's own `x-tsgun` metadata. The editor schema drops both, adds a pattern to `bind` items and a
// `markdownDescription` to every node that has a description (VS Code shows `description` as plain
// text, backticks and all).

import { schema, settingsByName, type SchemaNode } from '../src/config/registry.ts';

export const EDITOR_SCHEMA_ID = 'urn:tsgun:config:editor';

// The forms src/config/bind.ts parseBind accepts, as one regular expression (a test checks the two
// agree on a list of samples). Host names follow bind.ts's HOSTNAME (which covers dotted IPv4);
// IPv6 follows node:net isIP, zone id included.
const V4SEG = '(?:[0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])';
const V4 = `(?:${V4SEG}\\.){3}${V4SEG}`;
const V6SEG = '[0-9a-fA-F]{1,4}';
const V6 =
  '(?:' +
  [
    `(?:${V6SEG}:){7}(?:${V6SEG}|:)`,
    `(?:${V6SEG}:){6}(?:${V4}|:${V6SEG}|:)`,
    `(?:${V6SEG}:){5}(?::${V4}|(?::${V6SEG}){1,2}|:)`,
    `(?:${V6SEG}:){4}(?:(?::${V6SEG}){0,1}:${V4}|(?::${V6SEG}){1,3}|:)`,
    `(?:${V6SEG}:){3}(?:(?::${V6SEG}){0,2}:${V4}|(?::${V6SEG}){1,4}|:)`,
    `(?:${V6SEG}:){2}(?:(?::${V6SEG}){0,3}:${V4}|(?::${V6SEG}){1,5}|:)`,
    `(?:${V6SEG}:){1}(?:(?::${V6SEG}){0,4}:${V4}|(?::${V6SEG}){1,6}|:)`,
    `(?::(?:(?::${V6SEG}){0,5}:${V4}|(?::${V6SEG}){1,7}|:))`,
  ].join('|') +
  ')(?:%[0-9a-zA-Z.:-]+)?';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = `(?=[^:]{1,253}:)${LABEL}(?:\\.${LABEL})*`;
const PORT = '(?:[0-9]{1,4}|[0-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';
export const BIND_PATTERN = `^(?:unix:[^|]+(?:\\|0?[0-7]{3})?|fd://[0-9]{1,9}|\\[${V6}\\]:${PORT}|${HOST}:${PORT})$`;

const BIND_TITLE = 'HOST:PORT, [IPV6]:PORT, unix:PATH, unix:PATH|MODE or fd://N';

/** A node's description without Markdown code marks, for editors that show plain text. */
const plain = (markdown: string): string => markdown.replace(/`([^`]*)`/g, '$1');

/** The editor schema's text. */
export function generateEditorSchema(): string {
  const properties: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(schema.properties)) {
    const setting = settingsByName.get(key);
    if (setting?.isHook === true) continue;
    let out = forEditor(node);
    if (key === 'bind') out = { ...out, items: { ...(out['items'] as object), pattern: BIND_PATTERN, title: BIND_TITLE } };
    if (setting !== undefined) out = { ...out, markdownDescription: `${node.description ?? ''}\n\n${facts(key)}` };
    properties[key] = out;
  }
  const root = forEditor({ ...schema, properties: {} });
  const hooks = [...settingsByName.values()].filter((s) => s.isHook).map((s) => `\`${s.name}\``);
  const about =
    'The configuration of a tsgun server, for JSON and YAML configs (generated from schema/tsgun.schema.json; docs/settings.md documents every setting). ' +
    `Hooks (${hooks.join(', ')}) are functions: they can only be set in a JS or TS config.`;
  const editor = { ...root, $id: EDITOR_SCHEMA_ID, description: plain(about), markdownDescription: about, properties };
  return `${JSON.stringify(editor, null, 2)}\n`;
}

/** The line under a setting's description in a hover: default, flag and env var. */
function facts(name: string): string {
  const s = settingsByName.get(name)!;
  const parts: string[] = [];
  if (s.hasDefault) parts.push(`Default: \`${JSON.stringify(s.default)}\``);
  if (s.flag !== null) parts.push(`Flag: \`${s.flag}\``);
  if (s.envVar !== null) parts.push(`Env: \`${s.envVar}\``);
  parts.push(`Reload: ${s.reload}`);
  return parts.join(' · ');
}

/** A copy of a node without tsgun's own keywords, with a markdownDescription beside each description. */
function forEditor(node: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-tsgun' || key === 'typeof') continue;
    if (key === 'description' && typeof value === 'string') {
      out['description'] = plain(value);
      out['markdownDescription'] = value;
    } else if (key === 'properties') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, SchemaNode>).map(([k, v]) => [k, forEditor(v)]));
    } else if (key === 'anyOf') {
      out[key] = (value as SchemaNode[]).map(forEditor);
    } else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object' && value !== null) {
      out[key] = forEditor(value as SchemaNode);
    } else {
      out[key] = value;
    }
  }
  return out;
}
