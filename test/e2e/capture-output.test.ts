// captureOutput: what the app and the hooks print (console.log, console.error, process.stdout.write)
// becomes output.printed events, so that tsgun's stdout stays one JSON object per line and the
// README's jq recipe keeps working on a server whose app prints; `false` leaves the output raw; on a
// terminal the pretty lines take one line per event.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { cleanEnv, cliEntry, repoRoot, tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { getOnce } from '../helpers/load.ts';
import { startServer, type LogLine } from '../helpers/server.ts';

const CONFIG = 'test/fixtures/capture/printing.config.mjs';
const LONG = `long:${'x'.repeat(5000)}é${'y'.repeat(3000)}:end`;

const printed = (lines: readonly LogLine[], stream?: string): LogLine[] => lines.filter((l) => l.event === 'output.printed' && (stream === undefined || l['stream'] === stream));

test('what the app and the hooks print becomes JSON events with the printing process and the text; every stdout line is JSON under 4 KiB', async (t) => {
  const server = await startServer(t, { args: ['--config', CONFIG, '--bind', '127.0.0.1:0'] });
  const url = await server.url();
  const workerPid = server.events('worker.spawned')[0]!.pid!;
  assert.equal((await getOnce(url, { path: '/print' })).body, 'ok');
  await server.waitFor((l) => l.event === 'output.printed' && l.msg === 'format and 50 percent');
  // A partial line is logged when the worker exits, here by process.exit() (a crash).
  await getOnce(url, { path: '/crash' }).catch(() => undefined);
  await server.waitFor((l) => l.event === 'worker.exited' && l['reason'] === 'crashed');
  await server.waitForCount('worker.ready', 2);
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);

  for (const text of server.raw) {
    assert.doesNotThrow(() => JSON.parse(text), `a JSON line: ${text.slice(0, 200)}`);
    assert.ok(Buffer.byteLength(text) < 4096, `${Buffer.byteLength(text)} bytes: under the 4 KiB written at once`);
  }
  assert.equal(server.stderr, '', 'nothing raw on stderr');

  const fromWorker = printed(server.lines).filter((l) => l.pid === workerPid);
  for (const line of fromWorker) assert.deepEqual([line.role, line.worker, line.generation], ['worker', 1, 1]);
  const text = (stream: string) => printed(fromWorker, stream).map((l) => l.msg);
  assert.deepEqual(text('stderr'), ['postFork on stderr', 'oops from the app']);
  assert.deepEqual(
    printed(fromWorker, 'stderr').map((l) => l.level),
    ['warn', 'warn'],
  );
  const stdout = printed(fromWorker, 'stdout');
  assert.ok(stdout.every((l) => l.level === 'info'));
  const parts = stdout.filter((l) => l['part'] !== undefined);
  assert.deepEqual(
    parts.map((l) => [l['part'], l['more']]),
    [
      [1, true],
      [2, true],
      [3, false],
    ],
  );
  assert.equal(parts.map((l) => l.msg).join(''), LONG, 'the long line, cut into parts, joins back');
  assert.deepEqual(
    stdout.filter((l) => l['part'] === undefined).map((l) => l.msg),
    [
      'postFork of worker 1',
      'app imported',
      'hello from the app',
      'first line',
      'second line',
      'third line',
      'half é cut',
      'a partial line completed',
      'format and 50 percent',
      'last words without a newline',
    ],
  );
  const crashed = server.events('worker.exited').find((l) => l['reason'] === 'crashed')!;
  assert.equal(crashed.pid, workerPid, 'the crashed worker is the one that printed its last words');

  const replacement = server.events('worker.spawned')[1]!.pid!;
  assert.deepEqual(
    printed(server.lines)
      .filter((l) => l.pid === replacement)
      .map((l) => l.msg),
    ['postFork of worker 1', 'postFork on stderr', 'app imported'],
  );
  const master = printed(server.lines).filter((l) => l.role === 'master');
  assert.deepEqual(
    master.map((l) => [l['stream'], l.level, l.msg, l['masterPid']]),
    [
      ['stdout', 'info', 'onStarting in the master', server.pid],
      ['stderr', 'warn', 'whenReady in the master, on stderr', server.pid],
    ],
  );
});

test('a partial line is logged when a worker drains and exits', async (t) => {
  const server = await startServer(t, { args: ['--config', CONFIG, '--bind', '127.0.0.1:0'] });
  assert.equal((await getOnce(await server.url(), { path: '/pending' })).body, 'ok');
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);
  const exited = server.lines.findIndex((l) => l.event === 'worker.exited');
  const partial = server.lines.findIndex((l) => l.event === 'output.printed' && l.msg === 'left without a newline');
  assert.ok(partial !== -1 && partial < exited, 'logged by the worker before it exited');
});

test('captureOutput false leaves the output raw on stdout and stderr', async (t) => {
  const server = await startServer(t, { args: ['--config', CONFIG, '--bind', '127.0.0.1:0', '--capture-output', 'false'] });
  assert.equal((await getOnce(await server.url(), { path: '/print' })).body, 'ok');
  await server.waitForText(/^format and 50 percent$/);
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);
  assert.equal(printed(server.lines).length, 0);
  for (const raw of ['onStarting in the master', 'postFork of worker 1', 'app imported', 'hello from the app', 'first line', 'third line', LONG]) assert.ok(server.raw.includes(raw), raw);
  for (const raw of ['postFork on stderr', 'oops from the app', 'whenReady in the master, on stderr']) assert.ok(server.stderr.split('\n').includes(raw), raw);
});

/** The README's jq recipe, as the README writes it. */
function readmeRecipe(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const match = /^tsgun 2>&1 \| (jq .+)$/m.exec(readme);
  assert.ok(match, 'the README has a `tsgun 2>&1 | jq …` recipe');
  return match[1]!;
}

/**
 * Waits until a worker serves on `socket`: the master binds it but only workers listen, so until the
 * first one does a connection is refused. These runs have no JSON stream to wait on (jq filters it,
 * or it is pretty), so the wait is a request that prints nothing.
 */
async function served(socket: string, detail: () => string): Promise<void> {
  await eventually(
    () =>
      existsSync(socket) &&
      getOnce('http://localhost/', { socketPath: socket }).then(
        (r) => r.body === 'ok',
        () => false,
      ),
    { what: 'a worker serves', timeoutMs: 30_000, detail },
  );
}

const hasJq = spawnSync('jq', ['--version']).status === 0;

/** `tsgun … 2>&1 | <recipe>`, with a worker that prints and one that crashes; what jq printed and how it exited. */
async function runRecipe(t: TestContext, extra: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = tempDir(t);
  const socket = join(dir, 'app.sock');
  const pidfile = join(dir, 'tsgun.pid');
  const tsgun = [process.execPath, '--conditions=tsgun-source', cliEntry, '--config', CONFIG, '--bind', `unix:${socket}`, '--pidfile', pidfile, ...extra];
  const quoted = tsgun.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  const child = spawn('sh', ['-c', `${quoted} 2>&1 | ${readmeRecipe()}`], { cwd: repoRoot, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  t.after(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await served(socket, () => stderr);
  assert.equal((await getOnce('http://localhost/', { socketPath: socket, path: '/print' })).body, 'ok');
  await getOnce('http://localhost/', { socketPath: socket, path: '/crash' }).catch(() => undefined);
  // The crash is logged by the master; the replacement's boot proves the log went on past it.
  assert.equal((await getOnce('http://localhost/', { socketPath: socket, path: '/' })).body, 'ok');
  process.kill(Number(readFileSync(pidfile, 'utf8')), 'SIGTERM');
  return { code: await exited, stdout, stderr };
}

test("the README's jq recipe works on a server whose app and hooks print", { skip: hasJq ? false : 'jq is not installed' }, async (t) => {
  const { code, stdout, stderr } = await runRecipe(t, []);
  assert.equal(code, 0, `jq exits 0\n${stderr}`);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, stdout);
  const crashed = JSON.parse(lines[0]!) as LogLine;
  assert.deepEqual([crashed.event, crashed['reason'], crashed['code']], ['worker.exited', 'crashed', 1]);
});

test('without capturing, the same recipe fails at the first line the app prints (why captureOutput exists)', { skip: hasJq ? false : 'jq is not installed' }, async (t) => {
  const { code, stderr } = await runRecipe(t, ['--capture-output', 'false']);
  assert.notEqual(code, 0);
  assert.match(stderr, /parse error/);
});

const hasScript = spawnSync('script', ['--version']).status === 0;

test('on a terminal, pretty output takes one line per event, captured lines included', { skip: hasScript ? false : 'script (util-linux) is not installed' }, async (t) => {
  const dir = tempDir(t);
  const socket = join(dir, 'app.sock');
  const pidfile = join(dir, 'tsgun.pid');
  const tsgun = [process.execPath, '--conditions=tsgun-source', cliEntry, '--config', CONFIG, '--bind', `unix:${socket}`, '--pidfile', pidfile, '--capture-output', 'true'];
  const quoted = tsgun.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  // script(1) runs tsgun on a pseudo-terminal: stdout is a TTY, so logFormat auto is pretty.
  const child = spawn('script', ['-qec', quoted, '/dev/null'], { cwd: repoRoot, env: cleanEnv({ TERM: 'xterm' }), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  t.after(() => {
    // script(1) starts tsgun in a session of its own: killing script's group leaves the master and
    // its workers running (seen: a master left serving for hours after a failed run). So the
    // master's own group goes too.
    for (const group of [child.pid!, groupOf(masterPid(pidfile))]) {
      try {
        if (group !== null) process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await served(socket, () => out);
  assert.equal((await getOnce('http://localhost/', { socketPath: socket, path: '/print' })).body, 'ok');
  await eventually(() => out.includes('format and 50 percent'), { what: 'the last printed line', detail: () => out });
  process.kill(Number(readFileSync(pidfile, 'utf8')), 'SIGTERM');
  assert.equal(await exited, 0);

  // eslint-disable-next-line no-control-regex
  const lines = out
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const event = /^\[\d\d:\d\d:\d\d\.\d{3}\] (INFO|WARN|ERROR|DEBUG|FATAL)( \(\d+\))?: (master|worker \d+ g\d+) \S/;
  for (const line of lines) assert.match(line, event, 'every line is an event of its own');
  const find = (text: string) => lines.filter((l) => l.includes(text));
  assert.equal(find('shutdown.completed').length, 1);
  assert.match(find('worker.exited')[0]!, /\(\d+\): master worker\.exited worker 1 exited \(code 0\) \{.*"reason":"shutdown"\}$/);
  assert.match(find('listening on unix:')[0]!, /"addresses":\[".*app\.sock"\]/);
  assert.match(find('oops from the app')[0]!, /WARN \(\d+\): worker 1 g1 stderr> oops from the app$/);
  assert.match(find('onStarting in the master')[0]!, /INFO: master stdout> onStarting in the master$/);
  assert.equal(find('worker 1 g1 stdout> ').length, 12, 'postFork, the import, 7 printed lines, the long one in 3 parts');
});

/** The pid in the pidfile, or null before the master wrote it. */
function masterPid(pidfile: string): number | null {
  try {
    const pid = Number(readFileSync(pidfile, 'utf8'));
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The process group of `pid` (field 5 of /proc/PID/stat), or null. */
function groupOf(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    return Number.isSafeInteger(group) && group > 1 ? group : null;
  } catch {
    return null;
  }
}
