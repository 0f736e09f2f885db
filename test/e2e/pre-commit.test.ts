// The shipped pre-commit hook (.pre-commit-hooks.yaml) in a real pre-commit run: a project repository
// whose .pre-commit-config.yaml uses this repository's hook, with tsgun installed in the project as
// `npm install tsgun` would (node_modules/tsgun and its bin). A valid config passes, an invalid one
// fails with tsgun's message, through `pre-commit run` and through the git hook it installs.
// pre-commit comes from the distribution's package (.ci/run installs it). Without it the test fails
// in CI (CI set), so that CI cannot pass without having run it, and skips with a message elsewhere.

import assert from 'node:assert/strict';
import { execFile, type ExecFileException } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, linkTsgun, repoRoot, tempDir } from '../helpers/cli.ts';
import { scaled } from '../helpers/time.ts';

interface Run {
  readonly code: number;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, timeout: scaled(120_000) }, (error: ExecFileException | null, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') return reject(error);
      resolve({ code: error === null ? 0 : (error.code as number), output: `${stdout}${stderr}` });
    });
  });
}

test('the tsgun-check pre-commit hook passes a valid config and fails an invalid one with its message', async (t) => {
  assert.ok(existsSync(join(repoRoot, 'dist/cli/main.js')), 'dist/ is built by `npm ci` (prepare) or `npm run build`');
  const root = tempDir(t, 'tsgun-pre-commit-');
  const env = {
    ...cleanEnv(),
    // This test's Node first: the hook's `npx` and tsgun's bin run on it (the system one may be too old).
    PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
    PRE_COMMIT_HOME: join(root, 'pre-commit-home'),
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'tsgun test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'tsgun test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
  };
  const version = await run('pre-commit', ['--version'], root, env).catch((error: unknown) => ({ code: -1, output: String(error) }));
  if (version.code !== 0) {
    const missing = `pre-commit is not installed (apt-get install pre-commit; .ci/run installs it): ${version.output}`;
    if (process.env['CI'] !== undefined && process.env['CI'] !== '') assert.fail(missing);
    t.skip(missing);
    return;
  }

  // The hook repository: this checkout's .pre-commit-hooks.yaml, committed (pre-commit clones a rev).
  const hooks = join(root, 'hooks');
  mkdirSync(hooks);
  copyFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), join(hooks, '.pre-commit-hooks.yaml'));
  const git = async (cwd: string, ...args: string[]): Promise<Run> => {
    const r = await run('git', args, cwd, env);
    assert.equal(r.code, 0, `git ${args.join(' ')}: ${r.output}`);
    return r;
  };
  await git(hooks, 'init', '-q');
  await git(hooks, 'add', '.pre-commit-hooks.yaml');
  await git(hooks, 'commit', '-q', '-m', 'hooks');
  const rev = (await git(hooks, 'rev-parse', 'HEAD')).output.trim();

  // The user's project, with tsgun installed.
  const project = join(root, 'project');
  mkdirSync(project);
  await git(project, 'init', '-q');
  linkTsgun(project);
  mkdirSync(join(project, 'node_modules/.bin'));
  symlinkSync('../tsgun/bin/tsgun.js', join(project, 'node_modules/.bin/tsgun'));
  writeFileSync(join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: tsgun-check\n`);
  writeFileSync(join(project, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(join(project, 'app.mjs'), 'export default (req, res) => res.end("ok");\n');
  writeFileSync(join(project, 'tsgun.config.ts'), "import { defineConfig } from 'tsgun';\n\nexport default defineConfig({ app: './app.mjs', workers: 2 });\n");
  await git(project, 'add', '.pre-commit-config.yaml', 'package.json', 'app.mjs', 'tsgun.config.ts');

  const passing = await run('pre-commit', ['run'], project, env);
  assert.equal(passing.code, 0, passing.output);
  assert.match(passing.output, /tsgun check\.+Passed/);
  await run('pre-commit', ['install'], project, env);
  const committed = await run('git', ['commit', '-q', '-m', 'a valid config'], project, env);
  assert.equal(committed.code, 0, `the git hook lets a valid config through: ${committed.output}`);

  // A second config, in a sub-project, with a typo: staged, it fails the hook and the commit.
  mkdirSync(join(project, 'api'));
  writeFileSync(join(project, 'api/tsgun.config.yaml'), 'app: ../app.mjs\nwokers: 2\n');
  await git(project, 'add', 'api/tsgun.config.yaml');
  const failing = await run('pre-commit', ['run'], project, env);
  assert.equal(failing.code, 1, failing.output);
  assert.match(failing.output, /tsgun check\.+Failed/);
  assert.match(
    failing.output,
    /tsgun: invalid config in api\/tsgun\.config\.yaml \(1 problem\) \[TSG_CONFIG_INVALID\]\n {2}api\/tsgun\.config\.yaml:2:1: wokers: not a setting\. Did you mean "workers"\?/,
  );
  const refused = await run('git', ['commit', '-q', '-m', 'a typo'], project, env);
  assert.notEqual(refused.code, 0, `the git hook refuses the commit: ${refused.output}`);
  assert.match(refused.output, /wokers: not a setting/);

  // Files that are not configs are not passed to tsgun.
  writeFileSync(join(project, 'notes.yaml'), 'wokers: 2\n');
  await git(project, 'reset', '-q', 'api/tsgun.config.yaml');
  await git(project, 'add', 'notes.yaml');
  const unrelated = await run('pre-commit', ['run'], project, env);
  assert.equal(unrelated.code, 0, unrelated.output);
  assert.match(unrelated.output, /tsgun check\.+\(no files to check\)Skipped/);
});
