// `tsgun check` output formats (text, json, github, sarif) with exact outputs: through the CLI in
// this process for real configs, and through the renderer with hand-made results for warnings
// and characters that need escaping. `--no-app` throughout: importing the app takes a child process,
// which this tier does not start.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectCheck, type CheckedFile } from '../../src/cli/check-collect.ts';
import { checkReportOf, escapeData, escapeProperty, renderCheck, type RenderContext } from '../../src/cli/check-format.ts';
import { version } from '../../src/cli/version.ts';
import { TsgunError, type ConfigProblem } from '../../src/errors/tsgun-error.ts';
import { repoRoot, tempDir } from '../helpers/cli.ts';
import { runCliInProcess } from '../helpers/cli-in-process.ts';
import { sarifSchemaErrors } from '../helpers/sarif.ts';

const hello = join(repoRoot, 'examples/hello/tsgun.config.ts');

/** A project with one invalid YAML config (two problems) and an app, in a fresh directory. */
function project(t: Parameters<typeof tempDir>[0]): string {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  writeFileSync(join(dir, 'bad.tsgun.yaml'), 'app: ./app.mjs\nwokers: 2\nworkers: many\n');
  writeFileSync(join(dir, 'good.yaml'), 'app: ./app.mjs\nbind: [127.0.0.1:0]\nworkers: 2\n');
  return dir;
}

/** The valid example with warnings added, as check-collect reports a config that resolved with warnings. */
async function helloWithWarnings(warnings: readonly ConfigProblem[]): Promise<CheckedFile> {
  const io = { argv: [], env: {}, cwd: repoRoot, stdout: () => {}, stderr: () => {} };
  const clean = await collectCheck({ configPath: hello, cli: [], io }, { target: 'machine', app: false });
  assert.equal(clean.error, null);
  return { ...clean, error: new TsgunError('TSG_CONFIG_INVALID', `warnings in ${hello}`, { problems: warnings, file: hello }) };
}

const expiring: ConfigProblem = {
  path: 'tls.cert',
  message: 'the certificate expires in 12 days (2027-01-01)',
  origin: { kind: 'file', file: hello, line: 7, column: 9 },
  code: 'TSG_CONFIG_INVALID',
  severity: 'warning',
};

const ctx = (format: RenderContext['format'], strict = false): RenderContext => ({ format, strict, cwd: repoRoot, version: version() });
const streams = (output: ReturnType<typeof renderCheck>['output']) => ({
  stdout: output
    .filter(([s]) => s === 'stdout')
    .map(([, text]) => text)
    .join(''),
  stderr: output
    .filter(([s]) => s === 'stderr')
    .map(([, text]) => text)
    .join(''),
});

test('several FILE arguments, mixed results: each reported, exit code of the worst (1 invalid, 2 not found)', async (t) => {
  const dir = project(t);
  const invalid = await runCliInProcess(['check', '--no-app', 'good.yaml', 'bad.tsgun.yaml'], { cwd: dir });
  assert.equal(invalid.code, 1);
  assert.equal(invalid.stdout, 'good.yaml: config is valid (app ./app.mjs, 1 bind, 2 workers)\n');
  assert.equal(
    invalid.stderr,
    [
      'tsgun: invalid config in bad.tsgun.yaml (2 problems) [TSG_CONFIG_INVALID]',
      '  bad.tsgun.yaml:2:1: wokers: not a setting. Did you mean "workers"?',
      '  bad.tsgun.yaml:3:10: workers: must be an integer from 1 to 1024 or "auto" (got "many")',
      '',
    ].join('\n'),
  );
  const missing = await runCliInProcess(['check', '--no-app', 'good.yaml', 'missing.yaml', 'bad.tsgun.yaml'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /config file not found: missing\.yaml \[TSG_CONFIG_NOT_FOUND\]/);
  const valid = await runCliInProcess(['check', '--no-app', 'good.yaml', hello], { cwd: dir });
  assert.equal(valid.code, 0, valid.stderr);
  assert.equal(valid.stdout.split('\n').filter((line) => line.includes('config is valid')).length, 2);
});

test('--format json: one JSON object per line (JSON Lines), warnings and relativePath added to the stable shape', async (t) => {
  const dir = project(t);
  const r = await runCliInProcess(['check', '--no-app', '--format', 'json', 'good.yaml', 'bad.tsgun.yaml'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const lines = r.stdout.split('\n');
  assert.equal(lines.pop(), '', 'ends in a newline');
  assert.deepEqual(
    lines.map((line) => JSON.parse(line) as unknown),
    [
      { valid: true, configFile: join(dir, 'good.yaml'), errors: [], warnings: [] },
      {
        valid: false,
        configFile: join(dir, 'bad.tsgun.yaml'),
        errors: [
          {
            code: 'TSG_CONFIG_INVALID',
            path: 'wokers',
            message: 'not a setting. Did you mean "workers"?',
            origin: { kind: 'file', file: join(dir, 'bad.tsgun.yaml'), line: 2, column: 1, relativePath: 'bad.tsgun.yaml' },
          },
          {
            code: 'TSG_CONFIG_INVALID',
            path: 'workers',
            message: 'must be an integer from 1 to 1024 or "auto" (got "many")',
            origin: { kind: 'file', file: join(dir, 'bad.tsgun.yaml'), line: 3, column: 10, relativePath: 'bad.tsgun.yaml' },
          },
        ],
        warnings: [],
      },
    ],
  );
});

test('--format github: one workflow command per problem, relative paths, env problems without file=, a summary', async (t) => {
  const dir = project(t);
  const r = await runCliInProcess(['check', '--no-app', '--format', 'github', 'good.yaml', 'bad.tsgun.yaml', 'missing.yaml'], { cwd: dir, env: { TSGUN_LOG_LEVEL: 'loud' } });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, '');
  const logLevel = '::error title=TSG_CONFIG_INVALID::env TSGUN_LOG_LEVEL: logLevel: must be one of "trace", "debug", "info", "warn", "error", "fatal", "silent" (got "loud")';
  assert.equal(
    r.stdout,
    [
      logLevel,
      '::error file=bad.tsgun.yaml,line=2,col=1,title=TSG_CONFIG_INVALID::wokers: not a setting. Did you mean "workers"?',
      '::error file=bad.tsgun.yaml,line=3,col=10,title=TSG_CONFIG_INVALID::workers: must be an integer from 1 to 1024 or "auto" (got "many")',
      logLevel,
      '::error title=TSG_CONFIG_NOT_FOUND::config file not found: missing.yaml',
      'tsgun check: 3 config files checked, 3 failed (5 errors, 0 warnings)',
      '',
    ].join('\n'),
  );
});

test('--format github escapes data (% CR LF) and properties (also : and ,) as the runner requires', async () => {
  assert.equal(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
  assert.equal(escapeProperty('dir:a,b/50%\n'), 'dir%3Aa%2Cb/50%25%0A');
  const file = join(repoRoot, 'odd dir,1:2/tsgun.config.json');
  const result: CheckedFile = {
    configFile: file,
    config: null,
    error: new TsgunError('TSG_CONFIG_INVALID', 'invalid', {
      file,
      problems: [{ path: 'accessLogFormat', message: 'bad token "%(x)s"\nsecond line\r', origin: { kind: 'file', file, line: 4, column: 22 } }],
    }),
  };
  assert.equal(
    streams(renderCheck([result], ctx('github')).output).stdout,
    '::error file=odd dir%2C1%3A2/tsgun.config.json,line=4,col=22,title=TSG_CONFIG_INVALID::accessLogFormat: bad token "%25(x)s"%0Asecond line%0D\n' +
      'tsgun check: 1 config file checked, 1 failed (1 error, 0 warnings)\n',
  );
});

test('a warning: exit 0 with the valid line and the warning; with --strict exit 1, in every format', async () => {
  const result = await helloWithWarnings([expiring]);
  const text = renderCheck([result], ctx('text'));
  assert.equal(text.exitCode, 0);
  assert.deepEqual(streams(text.output), {
    stdout: 'examples/hello/tsgun.config.ts: config is valid (app ./app.ts, 1 bind, 2 workers)\n',
    stderr: 'examples/hello/tsgun.config.ts:7:9: warning: tls.cert: the certificate expires in 12 days (2027-01-01) [TSG_CONFIG_INVALID]\n',
  });
  const strict = renderCheck([result], ctx('text', true));
  assert.equal(strict.exitCode, 1);
  assert.deepEqual(streams(strict.output), {
    stdout: '',
    stderr:
      'tsgun: examples/hello/tsgun.config.ts has 1 warning, which fail the check with --strict\n' +
      '  examples/hello/tsgun.config.ts:7:9: warning: tls.cert: the certificate expires in 12 days (2027-01-01) [TSG_CONFIG_INVALID]\n',
  });

  for (const strictly of [false, true]) {
    const json = renderCheck([result], ctx('json', strictly));
    assert.equal(json.exitCode, strictly ? 1 : 0);
    assert.deepEqual(JSON.parse(streams(json.output).stdout), {
      valid: !strictly,
      configFile: hello,
      errors: [],
      warnings: [
        {
          code: 'TSG_CONFIG_INVALID',
          path: 'tls.cert',
          message: 'the certificate expires in 12 days (2027-01-01)',
          origin: { kind: 'file', file: hello, line: 7, column: 9, relativePath: 'examples/hello/tsgun.config.ts' },
        },
      ],
    });
    assert.deepEqual(checkReportOf(result, strictly, repoRoot), JSON.parse(streams(json.output).stdout), 'the same report for other commands');
    const github = renderCheck([result], ctx('github', strictly));
    assert.equal(github.exitCode, strictly ? 1 : 0);
    assert.equal(
      streams(github.output).stdout,
      '::warning file=examples/hello/tsgun.config.ts,line=7,col=9,title=TSG_CONFIG_INVALID::tls.cert: the certificate expires in 12 days (2027-01-01)\n' +
        `tsgun check: 1 config file checked, ${strictly ? '1 failed' : 'all passed'} (0 errors, 1 warning)\n`,
    );
  }
});

test('an invalid file with a warning: the error block unchanged, the warning under it', async () => {
  const result = await helloWithWarnings([
    { path: 'workers', message: 'must be an integer from 1 to 1024 or "auto" (got "many")', origin: { kind: 'file', file: hello, line: 5, column: 12 } },
    { ...expiring, origin: { kind: 'env', name: 'TSGUN_CERT' } },
  ]);
  const text = renderCheck([{ ...result, config: null }], ctx('text'));
  assert.equal(text.exitCode, 1);
  assert.deepEqual(streams(text.output), {
    stdout: '',
    stderr:
      'tsgun: warnings in examples/hello/tsgun.config.ts [TSG_CONFIG_INVALID]\n' +
      '  examples/hello/tsgun.config.ts:5:12: workers: must be an integer from 1 to 1024 or "auto" (got "many")\n' +
      '  env TSGUN_CERT: warning: tls.cert: the certificate expires in 12 days (2027-01-01) [TSG_CONFIG_INVALID]\n',
  });
});

test('--format sarif: one SARIF 2.1.0 log for every file of the run, valid against the schema', async (t) => {
  const dir = project(t);
  const r = await runCliInProcess(['check', '--no-app', '--format', 'sarif', 'good.yaml', 'bad.tsgun.yaml'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const log = JSON.parse(r.stdout) as unknown;
  assert.equal(sarifSchemaErrors(log), '');
  const rule = {
    id: 'TSG_CONFIG_INVALID',
    name: 'TSG_CONFIG_INVALID',
    shortDescription: { text: 'The config was read but breaks the schema or a cross-field rule.' },
    fullDescription: {
      text: 'The config was read but breaks the schema or a cross-field rule. Each listed problem names the setting, where it came from (file, env var or flag) and what is allowed.',
    },
    help: { text: 'Each listed problem names the setting, where it came from (file, env var or flag) and what is allowed.' },
    defaultConfiguration: { level: 'error' },
  };
  const at = (startLine: number, startColumn: number) => [{ physicalLocation: { artifactLocation: { uri: 'bad.tsgun.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine, startColumn } } }];
  assert.deepEqual(log, {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'tsgun', version: version(), rules: [rule] } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${dir}/` } },
        results: [
          { ruleId: 'TSG_CONFIG_INVALID', ruleIndex: 0, level: 'error', message: { text: 'wokers: not a setting. Did you mean "workers"?' }, locations: at(2, 1) },
          { ruleId: 'TSG_CONFIG_INVALID', ruleIndex: 0, level: 'error', message: { text: 'workers: must be an integer from 1 to 1024 or "auto" (got "many")' }, locations: at(3, 10) },
        ],
      },
    ],
  });

  const clean = await runCliInProcess(['check', '--no-app', '--format', 'sarif', 'good.yaml'], { cwd: dir });
  assert.equal(clean.code, 0);
  const empty = JSON.parse(clean.stdout) as { runs: { tool: { driver: { rules: unknown[] } }; results: unknown[] }[] };
  assert.deepEqual([empty.runs[0]?.tool.driver.rules, empty.runs[0]?.results], [[], []]);
  assert.equal(sarifSchemaErrors(empty), '');
});

test('--format sarif: a warning is level "warning", an env problem has no location, a missing file none either', async () => {
  const result = await helloWithWarnings([expiring, { path: 'logLevel', message: 'bad', origin: { kind: 'env', name: 'TSGUN_LOG_LEVEL' } }]);
  const missing: CheckedFile = { configFile: null, config: null, error: new TsgunError('TSG_CONFIG_NOT_FOUND', `config file not found: ${repoRoot}/x.yaml`, { file: `${repoRoot}/x.yaml` }) };
  const rendered = renderCheck([result, missing], ctx('sarif', true));
  assert.equal(rendered.exitCode, 2);
  const log = JSON.parse(streams(rendered.output).stdout) as { runs: { results: unknown[]; tool: { driver: { rules: { id: string }[] } } }[] };
  assert.equal(sarifSchemaErrors(log), '');
  assert.deepEqual(
    log.runs[0]?.tool.driver.rules.map((r) => r.id),
    ['TSG_CONFIG_INVALID', 'TSG_CONFIG_NOT_FOUND'],
  );
  assert.deepEqual(log.runs[0]?.results, [
    { ruleId: 'TSG_CONFIG_INVALID', ruleIndex: 0, level: 'error', message: { text: 'env TSGUN_LOG_LEVEL: logLevel: bad' } },
    {
      ruleId: 'TSG_CONFIG_INVALID',
      ruleIndex: 0,
      level: 'warning',
      message: { text: 'tls.cert: the certificate expires in 12 days (2027-01-01)' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'examples/hello/tsgun.config.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 9 } } }],
    },
    { ruleId: 'TSG_CONFIG_NOT_FOUND', ruleIndex: 1, level: 'error', message: { text: 'config file not found: x.yaml' } },
  ]);
});

test('the SARIF schema check is not a rubber stamp: it rejects a log without runs and a result without message', () => {
  assert.notEqual(sarifSchemaErrors({ version: '2.1.0' }), '');
  assert.notEqual(sarifSchemaErrors({ version: '2.1.0', runs: [{ tool: { driver: { name: 'tsgun' } }, results: [{ ruleId: 'X' }] }] }), '');
  assert.equal(sarifSchemaErrors({ version: '2.1.0', runs: [{ tool: { driver: { name: 'tsgun' } }, results: [{ ruleId: 'X', message: { text: 'm' } }] }] }), '');
});

test('regression: `check --no-app` was read as the app setting set to false ("flag --app: app: must be a non-empty string")', async () => {
  const r = await runCliInProcess(['check', '--no-app', '--format', 'json', 'examples/hello/tsgun.config.ts']);
  assert.equal(r.code, 0, r.stdout);
  assert.deepEqual(JSON.parse(r.stdout), { valid: true, configFile: hello, errors: [], warnings: [] });
});
