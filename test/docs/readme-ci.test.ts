// The README's "Lint in CI" snippets are tested: each YAML block parses, every `npx tsgun` command a
// job runs is one the CLI accepts (run here, in-process, on examples/hello/tsgun.config.ts, whose
// directory stands for the user's repository root), the SARIF the GitHub job uploads is valid, and
// the pre-commit hook shown is the one .pre-commit-hooks.yaml ships, whose `files` are exactly the
// config names tsgun searches for (but package.json).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { SEARCH_PLACES } from '../../src/config/load-file.ts';
import { repoRoot } from '../helpers/cli.ts';
import { runCliInProcess } from '../helpers/cli-in-process.ts';
import { sarifSchemaErrors } from '../helpers/sarif.ts';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const exampleDir = join(repoRoot, 'examples/hello');

function lintSection(): string {
  const start = readme.indexOf('\n## Lint in CI\n');
  assert.notEqual(start, -1, 'the README has a "Lint in CI" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The ```yaml blocks of the section, parsed, keyed by the file named in their first-line comment. */
function yamlSnippets(): Map<string, unknown> {
  const snippets = new Map<string, unknown>();
  for (const match of lintSection().matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const text = match[1]!;
    const name = /^# (\S+)\n/.exec(text)?.[1];
    assert.ok(name !== undefined, `each YAML snippet names its file in a first-line comment:\n${text}`);
    snippets.set(name, parse(text) as unknown);
  }
  return snippets;
}

interface TsgunCommand {
  readonly argv: readonly string[];
  /** The file its stdout is redirected to (`> tsgun.sarif`), if any. */
  readonly redirect: string | undefined;
}

/** `npx tsgun ARGS [> FILE]` as argv; anything a plain word split would get wrong fails the test. */
function tsgunCommand(line: string): TsgunCommand {
  assert.doesNotMatch(line, /["'`|;&$\\]/, `a simple command: ${line}`);
  const words = line.trim().split(/\s+/);
  const arrow = words.indexOf('>');
  const redirect = arrow === -1 ? undefined : words[arrow + 1];
  const argv = arrow === -1 ? words : words.slice(0, arrow);
  const [npx, ...rest] = argv;
  assert.equal(npx, 'npx', line);
  // `npx --no tsgun …` (the pre-commit entry) never installs; it runs the project's tsgun alike.
  const tsgunAt = rest[0] === '--no' ? 1 : 0;
  assert.equal(rest[tsgunAt], 'tsgun', line);
  return { argv: rest.slice(tsgunAt + 1), redirect };
}

const isTsgun = (line: unknown): line is string => typeof line === 'string' && /^npx (--no )?tsgun\b/.test(line);

test('the GitHub Actions job: its tsgun commands pass on a valid config, and it uploads the SARIF it wrote', async () => {
  const workflow = yamlSnippets().get('.github/workflows/tsgun.yml') as {
    jobs: Record<string, { permissions?: Record<string, string>; steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }>;
  };
  assert.ok(workflow !== undefined, 'a GitHub Actions workflow');
  const [job] = Object.values(workflow.jobs);
  assert.ok(job !== undefined);
  assert.equal(job.permissions?.['security-events'], 'write', 'uploading SARIF needs security-events: write');
  const commands = job.steps
    .map((s) => s.run)
    .filter(isTsgun)
    .map(tsgunCommand);
  assert.deepEqual(
    commands.map((c) => c.argv.includes('--format') && c.argv[c.argv.indexOf('--format') + 1]),
    ['github', 'sarif'],
  );
  for (const command of commands) {
    const r = await runCliInProcess(command.argv, { cwd: exampleDir });
    assert.equal(r.code, 0, `${command.argv.join(' ')}\n${r.stdout}${r.stderr}`);
    assert.equal(r.stderr, '');
    if (command.argv.includes('github')) assert.equal(r.stdout, 'tsgun check: 1 config file checked, all passed (0 errors, 0 warnings)\n');
    if (command.redirect !== undefined) assert.equal(sarifSchemaErrors(JSON.parse(r.stdout)), '', 'the uploaded file is a valid SARIF log');
  }
  const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload !== undefined, 'a github/codeql-action/upload-sarif step');
  assert.equal(upload.with?.['sarif_file'], commands.find((c) => c.redirect !== undefined)?.redirect, 'it uploads the file the sarif step wrote');
});

test('the GitLab CI job: its tsgun command passes on a valid config and fails on an invalid one', async () => {
  const gitlab = yamlSnippets().get('.gitlab-ci.yml') as Record<string, { image?: string; script: string[] }>;
  assert.ok(gitlab !== undefined, 'a GitLab CI job');
  const [job] = Object.values(gitlab);
  assert.ok(job !== undefined && Array.isArray(job.script));
  const commands = job.script.filter(isTsgun).map(tsgunCommand);
  assert.equal(commands.length, 1);
  const ok = await runCliInProcess(commands[0]!.argv, { cwd: exampleDir });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'tsgun.config.ts: config is valid (app ./app.ts, 1 bind, 2 workers)\n');
  const bad = await runCliInProcess(commands[0]!.argv, { cwd: exampleDir, env: { TSGUN_WORKERS: 'many' } });
  assert.equal(bad.code, 1, 'a failing check fails the job');
});

test('the pre-commit snippet is the shipped hook, and its files are the config names tsgun searches for', async () => {
  const config = yamlSnippets().get('.pre-commit-config.yaml') as { repos: { repo: string; hooks: Record<string, unknown>[] }[] };
  assert.ok(config !== undefined, 'a pre-commit config');
  const shown = config.repos[0]?.hooks[0];
  const [shipped] = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
  assert.ok(shown !== undefined && shipped !== undefined);
  for (const key of ['id', 'name', 'entry', 'language', 'files']) assert.equal(shown[key], shipped[key], `hook ${key}`);
  assert.equal(shipped['pass_filenames'], true);

  const files = new RegExp(shipped['files'] as string);
  const names = SEARCH_PLACES.filter((name) => name !== 'package.json');
  for (const name of names) {
    assert.match(name, files);
    assert.match(`api/${name}`, files);
  }
  for (const other of ['package.json', 'notes.yaml', 'tsgun.config.ts.bak', 'my-tsgun.config.ts', 'tsgun.config.tsx', '.tsgunrc.toml']) assert.doesNotMatch(other, files);

  // pre-commit appends the staged files to the entry (--no-app here: importing the app takes a child process).
  const entry = tsgunCommand(shipped['entry'] as string);
  const r = await runCliInProcess([...entry.argv, '--no-app', 'tsgun.config.ts'], { cwd: exampleDir });
  assert.equal(r.code, 0, r.stderr);
});
