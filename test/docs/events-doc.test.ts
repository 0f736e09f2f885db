// Keeps docs/events.md, the log-event contract, in step with the code: every event name logged in
// src/ (`{ event: 'worker.exited', … }`) has a `### \`name\`` heading and a row in the index table,
// with the level it is logged at, and the doc lists no event the code no longer emits. Adding an
// event without documenting it fails here.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/cli.ts';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

interface Emitted {
  readonly name: string;
  /** `src/master/arbiter.ts:175` */
  readonly where: string;
  /** The pino method it is logged with, when the call names it (`this.#log[x ? 'info' : 'warn']` does not). */
  readonly level: string | null;
}

interface Documented {
  readonly headings: ReadonlySet<string>;
  /** Event name → the index row's Level cell. */
  readonly index: ReadonlyMap<string, string>;
}

function sourceFiles(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (entry.name.endsWith('.ts')) out.set(relative(repoRoot, path), readFileSync(path, 'utf8'));
  }
  return out;
}

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/**
 * Event names logged in the given sources: `event: 'x.y'` with any quote (a template literal only
 * without `${}`). A value that is not a literal (`event: name`) is returned as a problem, because
 * it could not be checked; type annotations (`event: MasterEvent`) start with a capital and pass.
 */
export function eventsInSource(files: ReadonlyMap<string, string>): { emitted: Emitted[]; problems: string[] } {
  const emitted: Emitted[] = [];
  const problems: string[] = [];
  const literal = /\bevent\s*:\s*(['"`])([^'"`$\n]+)\1/g;
  const computed = /\bevent\s*:\s*(?!['"`])([a-z_$][\w$.]*)/g;
  const levelBefore = new RegExp(`\\.(${LEVELS.join('|')})(?:\\?\\.)?\\(\\s*\\{\\s*$`);
  for (const [file, text] of files) {
    for (const m of text.matchAll(literal)) {
      const before = text.slice(Math.max(0, m.index - 200), m.index);
      emitted.push({ name: m[2]!, where: `${file}:${lineOf(text, m.index)}`, level: levelBefore.exec(before)?.[1] ?? null });
    }
    for (const m of text.matchAll(computed)) {
      problems.push(`${file}:${lineOf(text, m.index)}: the event name is not a literal (event: ${m[1]}), so it cannot be checked against docs/events.md`);
    }
  }
  return { emitted, problems };
}

/** `### \`name\`` headings, and the first column of the table under `## Index`. */
export function eventsInDoc(markdown: string): Documented {
  const headings = new Set<string>();
  const index = new Map<string, string>();
  let section = '';
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const heading = /^###\s+`([^`]+)`\s*$/.exec(line);
    if (heading !== null) headings.add(heading[1]!);
    if (section === 'Index') {
      const row = /^\|\s*`([^`]+)`\s*\|([^|]*)\|([^|]*)\|/.exec(line);
      if (row !== null) index.set(row[1]!, row[3]!.trim());
    }
  }
  return { headings, index };
}

/** Everything that is out of step, one message each; empty when the doc matches the code. */
export function compare(emitted: readonly Emitted[], doc: Documented): string[] {
  const problems: string[] = [];
  const names = new Map<string, Emitted[]>();
  for (const e of emitted) names.set(e.name, [...(names.get(e.name) ?? []), e]);
  for (const [name, uses] of names) {
    const at = uses.map((u) => u.where).join(', ');
    if (!doc.headings.has(name)) problems.push(`event "${name}" (${at}) has no "### \`${name}\`" heading in docs/events.md`);
    const level = doc.index.get(name);
    if (level === undefined) {
      problems.push(`event "${name}" (${at}) has no row in the Index table of docs/events.md`);
      continue;
    }
    for (const use of uses) {
      if (use.level !== null && !level.split(/[^a-z]+/).includes(use.level)) {
        problems.push(`event "${name}" is logged at ${use.level} (${use.where}) but the Index says "${level}"`);
      }
    }
  }
  for (const name of doc.headings) if (!names.has(name)) problems.push(`docs/events.md documents "${name}" (heading), which nothing in src/ emits any more`);
  for (const name of doc.index.keys()) if (!names.has(name)) problems.push(`docs/events.md lists "${name}" in the Index, which nothing in src/ emits any more`);
  return problems;
}

const sources = sourceFiles(join(repoRoot, 'src'));
const docText = readFileSync(join(repoRoot, 'docs/events.md'), 'utf8');

test('every event logged in src/ is documented in docs/events.md, and nothing else is', () => {
  const { emitted, problems } = eventsInSource(sources);
  assert.ok(emitted.length > 20, `found only ${emitted.length} event literals in src/: has the logging pattern changed?`);
  assert.deepEqual([...problems, ...compare(emitted, eventsInDoc(docText))], []);
});

// The two tests below run the real check on the real src/ and docs/events.md, changed in memory
// only, and look at what the change adds to the check's findings.
const baseline = new Set(compare(eventsInSource(sources).emitted, eventsInDoc(docText)));
const added = (problems: readonly string[]): string[] => problems.filter((p) => !baseline.has(p));

test('the check fails for an event added to the code without documentation', () => {
  const withNew = new Map(sources);
  withNew.set('src/worker/imaginary.ts', "logger.warn({ event: 'worker.imagined', pid }, 'not real');\n");
  const problems = added(compare(eventsInSource(withNew).emitted, eventsInDoc(docText)));
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0]!, /"worker\.imagined" \(src\/worker\/imaginary\.ts:1\) has no "### `worker\.imagined`" heading/);
  assert.match(problems[1]!, /"worker\.imagined" .* no row in the Index/);
});

test('the check fails for a documented event the code no longer emits', () => {
  const { emitted } = eventsInSource(sources);
  const doc = eventsInDoc(`${docText}\n### \`worker.retired-long-ago\`\n`);
  assert.deepEqual(added(compare(emitted, doc)), ['docs/events.md documents "worker.retired-long-ago" (heading), which nothing in src/ emits any more']);
  const withoutOne = emitted.filter((e) => e.name !== 'worker.drained');
  assert.deepEqual(added(compare(withoutOne, eventsInDoc(docText))), [
    'docs/events.md documents "worker.drained" (heading), which nothing in src/ emits any more',
    'docs/events.md lists "worker.drained" in the Index, which nothing in src/ emits any more',
  ]);
});

test('the scanner sees every quoting style, reads the level, and refuses computed names', () => {
  const files = new Map([
    [
      'src/x.ts',
      [
        "log.info({ event: 'a.single' });",
        'log.error?.({ event: "a.double", err });',
        'this.#log.warn(\n  { event: `a.template`, worker: 1 },\n  "msg",\n);',
        "this.#log[x ? 'info' : 'warn']({ event: 'a.computed-level' });",
        'log.info({ event: name });',
        'function handle(event: MasterEvent) {}',
      ].join('\n'),
    ],
  ]);
  const { emitted, problems } = eventsInSource(files);
  assert.deepEqual(
    emitted.map((e) => [e.name, e.level, e.where]),
    [
      ['a.single', 'info', 'src/x.ts:1'],
      ['a.double', 'error', 'src/x.ts:2'],
      ['a.template', 'warn', 'src/x.ts:4'],
      ['a.computed-level', null, 'src/x.ts:7'],
    ],
  );
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /src\/x\.ts:8: the event name is not a literal \(event: name\)/);
});

test('a level that disagrees with the Index is reported', () => {
  const doc = eventsInDoc('## Index\n\n| Event | Process | Level | Group |\n|---|---|---|---|\n| `a.b` | master | info | x |\n\n## A\n\n### `a.b`\n');
  assert.deepEqual(compare([{ name: 'a.b', where: 'src/x.ts:1', level: 'info' }], doc), []);
  assert.deepEqual(compare([{ name: 'a.b', where: 'src/x.ts:1', level: 'warn' }], doc), ['event "a.b" is logged at warn (src/x.ts:1) but the Index says "info"']);
});
