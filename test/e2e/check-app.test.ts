// `tsgun check` imports the app as a worker would, in a throwaway process (src/cli/app-probe.ts):
// a throw on import reported at the app's own line, a missing export with a did-you-mean, an export
// that is no handler, a hang killed at bootTimeout (and gone when check returns), the workers' env,
// directory and user; `--no-app` imports nothing. The real CLI, as a child process.

import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.ts';
import { scaled } from '../helpers/time.ts';

/** A project with `app.mjs` (and any other files) and a YAML config naming `app`. */
function project(t: TestContext, files: Record<string, string>, config: string): string {
  const dir = tempDir(t, 'tsgun-check-app-');
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'tsgun.config.yaml'), `bind: ["127.0.0.1:0"]\n${config}`);
  return dir;
}

/** The problem lines of a failed check (after the headline). */
const problemLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('  '));

test("a throw on import is reported at the app's own line, not tsgun's", async (t) => {
  const dir = project(t, { 'app.mjs': 'const ready = true;\n\nthrow new Error("no DATABASE_URL");\nexport default (req, res) => res.end();\n' }, 'app: ./app.mjs\n');
  const r = await runCli(['check'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(problemLines(r.stderr), ['  tsgun.config.yaml:2:6: app: importing app.mjs threw: no DATABASE_URL (at app.mjs:3:7)']);
});

test('a throw in a module the app imports, a syntax error and a throwing factory each name their line', async (t) => {
  const dir = project(
    t,
    {
      'app.mjs': 'import { db } from "./db.mjs";\nexport default (req, res) => res.end(db);\n',
      'db.mjs': 'export const db = "x";\nnull.connect();\n',
      'syntax.mjs': 'export default (req, res) => {\n  res.end(;\n};\n',
      'factory.mjs': 'export default function create() {\n  throw new TypeError("no config for the router");\n}\n',
    },
    'app: ./app.mjs\n',
  );
  const imported = await runCli(['check'], { cwd: dir });
  assert.match(problemLines(imported.stderr)[0]!, /^ {2}tsgun\.config\.yaml:2:6: app: importing app\.mjs threw: Cannot read properties of null \(reading 'connect'\) \(at db\.mjs:2:6\)$/);
  const syntax = await runCli(['check', '--app', './syntax.mjs'], { cwd: dir });
  assert.deepEqual(problemLines(syntax.stderr), ["  flag --app: app: importing syntax.mjs threw: Unexpected token ';' (at syntax.mjs:2:11)"]);
  const factory = await runCli(['check', '--app', './factory.mjs'], { cwd: dir });
  assert.deepEqual(problemLines(factory.stderr), ['  flag --app: app: the app factory export "default" of factory.mjs threw: no config for the router (at factory.mjs:2:9)']);
});

test("a missing export gets a did-you-mean over the module's exports; an export that is no handler says what is", async (t) => {
  const dir = project(t, { 'app.mjs': 'export const handler = (req, res) => res.end();\nexport const port = 8000;\n' }, 'app: "./app.mjs#handlr"\n');
  const missing = await runCli(['check', '--format', 'json'], { cwd: dir });
  assert.equal(missing.code, 1);
  const report = JSON.parse(missing.stdout) as { errors: { code: string; path: string; message: string }[] };
  assert.deepEqual(
    report.errors.map((e) => [e.code, e.path]),
    [['TSG_APP_LOAD', 'app']],
  );
  assert.equal(report.errors[0]!.message, 'app.mjs has no export named "handlr" (did you mean "handler"?); its exports are: handler, port');

  const number = await runCli(['check', '--app', './app.mjs#port'], { cwd: dir });
  assert.equal(number.code, 1);
  assert.match(problemLines(number.stderr)[0]!, /^ {2}flag --app: app: export "port" of app\.mjs is number 8000, which is not an app: export a \(req, res\) listener/);
});

test('an import that hangs is killed at bootTimeout and reported; the process is gone when check returns', async (t) => {
  // Long enough for the probe to reach the app's first line on a loaded machine (it then writes its pid).
  const bootTimeout = Math.max(3, Math.round(scaled(3000) / 1000));
  const dir = project(
    t,
    {
      'app.mjs':
        'import { writeFileSync } from "node:fs";\nwriteFileSync("probe.pid", String(process.pid));\nawait new Promise((resolve) => setTimeout(resolve, 1e9));\nexport default (req, res) => res.end();\n',
      'busy.mjs': 'import { writeFileSync } from "node:fs";\nwriteFileSync("busy.pid", String(process.pid));\nwhile (true) {}\n',
    },
    `app: ./app.mjs\nbootTimeout: ${bootTimeout}\n`,
  );
  for (const [app, pidFile] of [
    ['./app.mjs', 'probe.pid'],
    ['./busy.mjs', 'busy.pid'],
  ] as const) {
    const r = await runCli(['check', '--app', app], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(problemLines(r.stderr), [
      `  flag --app: app: importing ${app.slice(2)} did not finish within bootTimeout (${bootTimeout}s); the check killed it, as the master would kill a worker`,
    ]);
    const pid = Number(readFileSync(join(dir, pidFile), 'utf8'));
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `the probe ${pid} outlived the check`);
  }
});

test('--no-app imports nothing: an app that would throw passes', async (t) => {
  const dir = project(t, { 'app.mjs': 'throw new Error("side effect");\n' }, 'app: ./app.mjs\n');
  const r = await runCli(['check', '--no-app'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /config is valid/);
});

test('valid apps pass: an Express-like (req, res, next) app, a Fetch app, a named factory', async (t) => {
  const dir = project(
    t,
    {
      'express.mjs': 'function app(req, res, next) { res.end("ok"); }\napp.use = () => app;\napp.listen = () => {};\nexport default app;\n',
      'fetch.mjs': 'export default { fetch: (request) => new Response("ok") };\n',
      'factory.mjs': 'export const build = async () => (req, res) => res.end("ok");\n',
      'server.ts': 'import type { IncomingMessage, ServerResponse } from "node:http";\nexport default (req: IncomingMessage, res: ServerResponse): void => void res.end("ok");\n',
    },
    'app: ./express.mjs\n',
  );
  for (const app of ['./express.mjs', './fetch.mjs', './factory.mjs#build', './server.ts']) {
    const r = await runCli(['check', '--app', app], { cwd: dir });
    assert.equal(r.code, 0, `${app}: ${r.stderr}`);
    assert.match(r.stdout, /config is valid/);
  }
});

test("the app is imported with the workers' environment and directory: the config's env, after chdir", async (t) => {
  const dir = project(
    t,
    {
      'app.mjs':
        'if (process.env.FROM_CONFIG !== "yes") throw new Error(`env: ${process.env.FROM_CONFIG}`);\nif (!process.cwd().endsWith("/release")) throw new Error(`cwd: ${process.cwd()}`);\nexport default (req, res) => res.end();\n',
    },
    'app: ./app.mjs\nchdir: ./release\nenv:\n  FROM_CONFIG: "yes"\n',
  );
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'release'));
  const r = await runCli(['check'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
});

test('as root with `user`: the app is imported as that user, as a worker would', { skip: process.geteuid?.() !== 0 && 'needs root' }, async (t) => {
  const dir = project(t, { 'app.mjs': 'if (process.getuid() !== 65534) throw new Error(`uid ${process.getuid()}`);\nexport default (req, res) => res.end();\n' }, 'app: ./app.mjs\nuser: nobody\n');
  chmodSync(dir, 0o755);
  const r = await runCli(['check'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  // A file only root may read: the worker would fail the same way.
  chmodSync(join(dir, 'app.mjs'), 0o600);
  const denied = await runCli(['check'], { cwd: dir });
  assert.equal(denied.code, 1);
  assert.match(problemLines(denied.stderr)[0]!, /app: importing app\.mjs threw: EACCES/);
});
