// Finds the line and column of a key path in a JS or TS config module, so that its problems point at
// the spot as those of JSON and YAML configs do (locate.ts). Node's own type stripping blanks the
// types out and keeps every offset; acorn then parses the JavaScript. Both run on the first `locate`
// only: a valid config never pays for them (measured: acorn ~25 ms and ~4 MiB to load).

import { createRequire, stripTypeScriptTypes } from 'node:module';
import type * as Acorn from 'acorn';
import type { Locator, Position } from './locate.ts';

type Node = Acorn.AnyNode;
type Path = readonly (string | number)[];

/** What a name stands for in a scope: a declarator's initial value or a function declaration. */
interface Scope {
  readonly names: ReadonlyMap<string, Node>;
  readonly parent: Scope | undefined;
}

interface Model {
  /** The exported expression (`export default X`, `module.exports = X`). */
  readonly root: Node;
  readonly scope: Scope;
  /** The local names of `defineConfig` (imported under another name, say). */
  readonly identities: ReadonlySet<string>;
  readonly lineStarts: readonly number[];
}

interface Found {
  /** How many segments of the path were found in the source. */
  readonly depth: number;
  readonly offset: number;
}

const TS_EXTENSION = /\.[mc]?ts$/;
/** Deep enough for defineConfig(fn) → a returned variable → its object; a cycle (`const a = b, b = a`) stops here. */
const MAX_HOPS = 16;

/**
 * A locator for a config module's source `text`. The path is searched from the default export (or
 * `module.exports`) through object and array literals, the variables and functions they name, the
 * object a config function returns, and the only argument of a call (`defineConfig({ ... })`). A
 * value computed at run time is located at the property that holds it, else at the export.
 */
export function createModuleLocator(file: string, text: string): Locator {
  let model: Model | null | undefined;
  return {
    lazy: true,
    locate(path, atKey) {
      if (model === undefined) model = parseModule(file, text);
      if (model === null) return undefined;
      const found = search(model, model.root, model.scope, path, 0, atKey, model.root.start, 0);
      return toPosition(model.lineStarts, found.offset);
    },
  };
}

function parseModule(file: string, text: string): Model | null {
  const code = TS_EXTENSION.test(file) ? strip(text) : text;
  // Types are blanked, never removed; a stripper that shifted offsets would give wrong positions,
  // and no position is better than a wrong one.
  if (code === null || code.length !== text.length) return null;
  const program = parseJs(code, file.endsWith('.cjs') ? ['commonjs', 'module'] : ['module', 'commonjs']);
  if (program === null) return null;
  const scope = scopeOf(program.body, undefined);
  const root = exportedNode(program);
  if (root === undefined) return null;
  const identities = new Set(['defineConfig']);
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration') continue;
    for (const spec of statement.specifiers) if (spec.type === 'ImportSpecifier' && nameOf(spec.imported) === 'defineConfig') identities.add(spec.local.name);
  }
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return { root, scope, identities, lineStarts };
}

function strip(text: string): string | null {
  // The API warns once per process that it is experimental; that warning is about tsgun's own call,
  // not something the user can act on, so it is not shown. Other warnings pass through.
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const message = typeof warning === 'string' ? warning : warning.message;
    if (message.startsWith('stripTypeScriptTypes')) return;
    return (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return stripTypeScriptTypes(text, { mode: 'strip' });
  } catch {
    return null; // syntax Node cannot strip (an enum): the module did not load either
  } finally {
    process.emitWarning = emit;
  }
}

function parseJs(code: string, sourceTypes: readonly ('module' | 'commonjs')[]): Acorn.Program | null {
  // Loaded here, on the first located problem: see the file's opening comment.
  const acorn = createRequire(import.meta.url)('acorn') as typeof Acorn;
  for (const sourceType of sourceTypes) {
    try {
      return acorn.parse(code, { ecmaVersion: 'latest', sourceType, allowHashBang: true });
    } catch {
      // A .js file is ESM or CommonJS depending on package.json: try the other.
    }
  }
  return null;
}

/** The node the module exports as its config; the last one wins, as it does at run time. */
function exportedNode(program: Acorn.Program): Node | undefined {
  let root: Node | undefined;
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration') root = statement.declaration;
    else if (statement.type === 'ExportNamedDeclaration' && statement.source == null) {
      for (const spec of statement.specifiers) if (nameOf(spec.exported) === 'default') root = spec.local;
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression' && isModuleExports(statement.expression.left)) {
      root = statement.expression.right;
    }
  }
  return root;
}

function isModuleExports(node: Node): boolean {
  return node.type === 'MemberExpression' && !node.computed && nameOf(node.object) === 'module' && nameOf(node.property) === 'exports';
}

function nameOf(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  return undefined;
}

/** The names a block declares at its top level (nested blocks are not followed). */
function scopeOf(body: readonly Node[], parent: Scope | undefined): Scope {
  const names = new Map<string, Node>();
  for (const item of body) {
    const statement = item.type === 'ExportNamedDeclaration' && item.declaration != null ? item.declaration : item;
    if (statement.type === 'FunctionDeclaration' && statement.id != null) names.set(statement.id.name, statement);
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations) if (d.id.type === 'Identifier' && d.init != null) names.set(d.id.name, d.init);
    }
  }
  return { names, parent };
}

function lookup(scope: Scope | undefined, name: string): { node: Node; scope: Scope } | undefined {
  for (let s = scope; s !== undefined; s = s.parent) {
    const node = s.names.get(name);
    if (node !== undefined) return { node, scope: s };
  }
  return undefined;
}

/**
 * Searches `path` from segment `i` in the value `node`, whose property starts at `holder`. Returns
 * the deepest segment found with its offset: the key or the value at the end of the path, else
 * the literal the path leaves, else the property that holds a computed value.
 */
function search(model: Model, node: Node, scope: Scope, path: Path, i: number, atKey: boolean, holder: number, hops: number): Found {
  if (i === path.length) return { depth: i, offset: node.start };
  let best: Found = { depth: i, offset: holder };
  let first = true;
  for (const literal of literalsOf(model, node, scope, hops)) {
    const found = searchIn(model, literal.node, literal.scope, path, i, atKey, literal.hops);
    if (first || found.depth > best.depth) best = found;
    first = false;
  }
  return best;
}

function searchIn(model: Model, node: Acorn.ObjectExpression | Acorn.ArrayExpression, scope: Scope, path: Path, i: number, atKey: boolean, hops: number): Found {
  const seg = path[i]!;
  const last = i === path.length - 1;
  if (node.type === 'ObjectExpression') {
    // Of two equal keys the last one counts, as at run time.
    const prop = node.properties.findLast((p): p is Acorn.Property => p.type === 'Property' && keyOf(p) === String(seg));
    if (prop === undefined) {
      // Not written here: it may come from a spread (`...base`), the likeliest source.
      const spread = node.properties.findLast((p) => p.type === 'SpreadElement');
      return { depth: i, offset: (spread ?? node).start };
    }
    const keyStart = prop.computed ? prop.start : prop.key.start;
    if (last && atKey) return { depth: i + 1, offset: keyStart };
    // A method's value is its parameter list: point at its name instead.
    if (last && (prop.method || prop.kind !== 'init')) return { depth: i + 1, offset: keyStart };
    return search(model, prop.value, scope, path, i + 1, atKey, prop.start, hops);
  }
  const index = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
  const spreadBefore = node.elements.slice(0, index + 1).some((e) => e?.type === 'SpreadElement');
  const element = index === -1 || spreadBefore ? undefined : node.elements[index];
  if (element == null) return { depth: i, offset: node.start };
  return search(model, element, scope, path, i + 1, atKey, element.start, hops);
}

function isIdentity(model: Model, callee: Node): boolean {
  if (callee.type === 'Identifier') return model.identities.has(callee.name);
  if (callee.type !== 'MemberExpression' || callee.computed) return false;
  const name = nameOf(callee.property);
  return name === 'defineConfig' || (name === 'freeze' && nameOf(callee.object) === 'Object');
}

function keyOf(prop: Acorn.Property): string | undefined {
  const key = prop.key;
  if (!prop.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

interface LiteralSite {
  readonly node: Acorn.ObjectExpression | Acorn.ArrayExpression;
  readonly scope: Scope;
  readonly hops: number;
}

/** The object or array literals a value stands for, through the names, calls and functions that lead to them. */
function literalsOf(model: Model, node: Node, scope: Scope, hops: number): LiteralSite[] {
  if (hops > MAX_HOPS) return [];
  const next = (n: Node | null | undefined, s: Scope = scope): LiteralSite[] => (n == null ? [] : literalsOf(model, n, s, hops + 1));
  switch (node.type) {
    case 'ObjectExpression':
    case 'ArrayExpression':
      return [{ node, scope, hops }];
    case 'Identifier': {
      const bound = lookup(scope, node.name);
      return bound === undefined ? [] : next(bound.node, bound.scope);
    }
    case 'CallExpression': {
      // defineConfig({ ... }) and Object.freeze({ ... }) return their argument; any other call
      // computes its value, and its arguments are not the config.
      const [only, ...more] = node.arguments;
      if (only === undefined || more.length > 0 || only.type === 'SpreadElement' || !isIdentity(model, node.callee)) return [];
      return next(only);
    }
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'FunctionDeclaration': {
      if (node.body.type !== 'BlockStatement') return next(node.body);
      const inner = scopeOf(node.body.body, scope);
      return returnsOf(node.body).flatMap((r) => next(r, inner));
    }
    case 'ConditionalExpression':
      return [...next(node.consequent), ...next(node.alternate)];
    case 'AwaitExpression':
    case 'ChainExpression':
      return next(node.type === 'AwaitExpression' ? node.argument : node.expression);
    default:
      return [];
  }
}

/** The values a function body returns, not counting those of the functions nested in it. */
function returnsOf(body: Node): Node[] {
  const found: Node[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'ReturnStatement') {
      if (node.argument != null) found.push(node.argument);
      return;
    }
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ClassBody') return;
    for (const child of childrenOf(node)) visit(child);
  };
  for (const child of childrenOf(body)) visit(child);
  return found;
}

function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'range') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== null && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string') children.push(item as Node);
    }
  }
  return children;
}

/** Lines and columns count from 1, columns in UTF-16 units: the convention of the yaml locator. */
function toPosition(lineStarts: readonly number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 };
}
