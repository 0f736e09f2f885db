// The invalid-config corpus: each directory under test/fixtures/invalid/ holds one broken config (TS,
// JSON or YAML), the exact stderr `tsgun check` must print for it (expected.txt, the case's directory
// written as <dir>), the problems of `check --format json` as code and key path (expected.json), the
// exact `--format github` output (expected.github.txt) and the exact `--format sarif` log
// (expected.sarif.json, tsgun's version written as <version>), which must also be valid against the
// SARIF 2.1.0 schema. Every case must exit 1 in every format. The CLI runs in this process (its
// injectable I/O), four runs per case, with --no-app: importing the app takes a child process.
//
// After a deliberate change to a message, regenerate the expected files and review the diff:
//   UPDATE_CORPUS=1 node --conditions=tsgun-source --test test/cli/invalid-corpus.test.ts
// A normal run only asserts.

import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { JsonProblem } from '../../src/errors/report.ts';
import { SEARCH_PLACES } from '../../src/config/load-file.ts';
import { linkTsgun, repoRoot, tempDir } from '../helpers/cli.ts';
import { runCliInProcess } from '../helpers/cli-in-process.ts';
import { sarifSchemaErrors } from '../helpers/sarif.ts';

const corpusDir = join(repoRoot, 'test/fixtures/invalid');
const update = process.env['UPDATE_CORPUS'] === '1';

interface Case {
  readonly name: string;
  /** The case's config file name, one of the searched names. */
  readonly configName: string;
  /** The temporary copy the CLI runs in. */
  readonly dir: string;
}

/** The expected.json entry for one problem: enough to pin what failed without repeating the text. */
interface ExpectedProblem {
  readonly code: string;
  readonly path: string;
}

function configNameOf(caseDir: string): string {
  const found = SEARCH_PLACES.filter((name) => existsSync(join(caseDir, name)));
  assert.equal(found.length, 1, `${caseDir} must hold exactly one config file (found ${found.join(', ') || 'none'})`);
  return found[0]!;
}

const normalize = (text: string, dir: string): string => text.replaceAll(dir, '<dir>');

/** The SARIF log as pinned: pretty-printed, the case's directory as <dir>, tsgun's version as <version>. */
function normalizeSarif(log: { runs: { tool: { driver: { version?: string } } }[] }, dir: string): string {
  for (const run of log.runs) run.tool.driver.version = '<version>';
  return normalize(`${JSON.stringify(log, null, 2)}\n`, dir);
}

test('every invalid config in the corpus fails `tsgun check` with its exact message and exit 1', async (t) => {
  // Cases run from a copy outside the repository, as a user's project would: inside it, a config
  // counts as tsgun's own code and a throw in it loses its location.
  const root = realpathSync(tempDir(t, 'tsgun-corpus-'));
  linkTsgun(root);
  writeFileSync(join(root, 'package.json'), '{ "private": true, "type": "module" }\n');

  const names = readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  assert.ok(names.length >= 28, `the corpus has ${names.length} cases`);
  const cases: Case[] = names.map((name) => {
    const dir = join(root, name);
    cpSync(join(corpusDir, name), dir, { recursive: true });
    return { name, configName: configNameOf(dir), dir };
  });

  // One run at a time: they share this process and its module loader.
  for (const c of cases) {
    await t.test(c.name, async () => {
      const check = (format: 'text' | 'json' | 'github' | 'sarif') => runCliInProcess(['check', '--no-app', '--config', c.configName, '--format', format], { cwd: c.dir });
      const text = await check('text');
      const json = await check('json');
      const github = await check('github');
      const sarif = await check('sarif');
      const fixture = join(corpusDir, c.name);

      assert.equal(text.code, 1, `text exit code; stderr:\n${text.stderr}`);
      assert.equal(text.stdout, '');
      const stderr = normalize(text.stderr, c.dir);

      assert.equal(json.code, 1, `json exit code; stdout:\n${json.stdout}\nstderr:\n${json.stderr}`);
      assert.equal(json.stderr, '');
      const report = JSON.parse(json.stdout) as { valid: unknown; configFile: unknown; errors: JsonProblem[] };
      assert.equal(report.valid, false);
      assert.equal(report.configFile, join(c.dir, c.configName));
      assert.ok(Array.isArray(report.errors) && report.errors.length > 0, 'errors is a non-empty list');
      for (const problem of report.errors) {
        assert.match(problem.code, /^TSG_[A-Z_]+$/, JSON.stringify(problem));
        assert.ok(typeof problem.message === 'string' && problem.message !== '', `every problem has a message: ${JSON.stringify(problem)}`);
        assert.equal(typeof problem.path, 'string');
      }
      const problems: ExpectedProblem[] = report.errors.map(({ code, path }) => ({ code, path }));

      assert.equal(github.code, 1, `github exit code; stdout:\n${github.stdout}\nstderr:\n${github.stderr}`);
      assert.equal(github.stderr, '');
      const annotations = normalize(github.stdout, c.dir);

      assert.equal(sarif.code, 1, `sarif exit code; stdout:\n${sarif.stdout}\nstderr:\n${sarif.stderr}`);
      assert.equal(sarif.stderr, '');
      const log = JSON.parse(sarif.stdout) as Parameters<typeof normalizeSarif>[0];
      assert.equal(sarifSchemaErrors(log), '', 'the SARIF log is valid against the SARIF 2.1.0 schema');
      const sarifText = normalizeSarif(log, c.dir);

      if (update) {
        writeFileSync(join(fixture, 'expected.txt'), stderr);
        writeFileSync(join(fixture, 'expected.json'), `[\n${problems.map((p) => `  ${JSON.stringify(p)}`).join(',\n')}\n]\n`);
        writeFileSync(join(fixture, 'expected.github.txt'), annotations);
        writeFileSync(join(fixture, 'expected.sarif.json'), sarifText);
        return;
      }
      assert.equal(stderr, readFileSync(join(fixture, 'expected.txt'), 'utf8'));
      assert.deepEqual(problems, JSON.parse(readFileSync(join(fixture, 'expected.json'), 'utf8')));
      assert.equal(annotations, readFileSync(join(fixture, 'expected.github.txt'), 'utf8'));
      assert.equal(sarifText, readFileSync(join(fixture, 'expected.sarif.json'), 'utf8'));
    });
  }
});
