// The control socket's protocol on its own (no socket): framing with its byte limit, requests as the
// master parses them (malformed, unknown, out of range), and replies as the client checks them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTROL_COMMANDS, encodeLine, LineReader, MAX_REQUEST_BYTES, parseReply, parseReplyLine, parseRequest, parseStopProgress, type StatusReport } from '../../src/ipc/control-protocol.ts';

test('LineReader splits lines across chunks, keeps the rest, and counts bytes, not characters', () => {
  const reader = new LineReader(16);
  assert.deepEqual(reader.push('{"a"'), []);
  assert.deepEqual(reader.push(':1}\n{"b":2}\n{"c'), ['{"a":1}', '{"b":2}']);
  assert.equal(reader.rest, '{"c');
  // A line of 6 three-byte characters is 18 bytes: over 16, though only 6 characters.
  const bytes = new LineReader(16);
  assert.equal(bytes.push('€€€€€€'), null);
  assert.equal(bytes.overflowed, true);
  assert.equal(bytes.push('\n'), null, 'nothing more is accepted');
  // A multi-byte character cut between two chunks is decoded whole.
  const cut = new LineReader(16);
  const euro = Buffer.from('€\n');
  assert.deepEqual(cut.push(euro.subarray(0, 1)), []);
  assert.deepEqual(cut.push(euro.subarray(1)), ['€']);
});

test('LineReader refuses a line over the limit whether or not its newline has come', () => {
  const max = new LineReader(MAX_REQUEST_BYTES);
  assert.deepEqual(max.push(`${'x'.repeat(MAX_REQUEST_BYTES)}\n`), ['x'.repeat(MAX_REQUEST_BYTES)]);
  const over = new LineReader(MAX_REQUEST_BYTES);
  assert.equal(over.push(`${'x'.repeat(MAX_REQUEST_BYTES + 1)}\n`), null);
  const endless = new LineReader(MAX_REQUEST_BYTES);
  for (let i = 0; i < 4; i++) assert.deepEqual(endless.push('x'.repeat(1024)), []);
  assert.equal(endless.push('x'), null, 'a request that never ends is cut at the limit');
});

test('parseRequest: every command with its fields', () => {
  assert.deepEqual(parseRequest('{"command":"status"}'), { ok: true, value: { command: 'status' } });
  assert.deepEqual(parseRequest('{"command":"reload","extra":1}'), { ok: true, value: { command: 'reload' } }, 'unknown fields are dropped');
  assert.deepEqual(parseRequest('{"command":"reopen-logs"}'), { ok: true, value: { command: 'reopen-logs' } });
  const nonce = '0123456789abcdef';
  assert.deepEqual(parseRequest(JSON.stringify({ command: 'config', nonce })), { ok: true, value: { command: 'config', nonce } });
  assert.deepEqual(parseRequest('{"command":"scale","workers":4,"relative":false}'), { ok: true, value: { command: 'scale', workers: 4, relative: false } });
  assert.deepEqual(parseRequest('{"command":"scale","workers":-2,"relative":true}'), { ok: true, value: { command: 'scale', workers: -2, relative: true } });
  assert.deepEqual(parseRequest('{"command":"stop"}'), { ok: true, value: { command: 'stop', fast: false } });
  assert.deepEqual(parseRequest('{"command":"stop","fast":true}'), { ok: true, value: { command: 'stop', fast: true } });
});

test('parseRequest refuses malformed input, unknown commands and invalid fields, with a message for the client', () => {
  const refused = (line: string, error: RegExp): void => {
    const parsed = parseRequest(line);
    assert.equal(parsed.ok, false, line);
    if (!parsed.ok) assert.match(parsed.error, error, line);
  };
  refused('', /not JSON/);
  refused('{"command":', /not JSON/);
  refused('status', /not JSON/);
  for (const notObject of ['null', '[]', '"status"', '42']) refused(notObject, /a JSON object such as \{"command":"status"\}/);
  refused('{}', /unknown command undefined; expected status, reload, config, scale, stop, reopen-logs/);
  refused('{"command":"launch"}', /unknown command "launch"/);
  refused('{"command":"STATUS"}', /unknown command "STATUS"/);
  refused('{"command":["status"]}', /unknown command \["status"\]/);
  refused('{"command":"__proto__"}', /unknown command "__proto__"/);
  refused('{"command":"config"}', /config needs a nonce: 16 to 128 lowercase hex digits/);
  refused('{"command":"config","nonce":"ABCDEF0123456789"}', /nonce/);
  refused(`{"command":"config","nonce":"${'a'.repeat(129)}"}`, /nonce/);
  refused('{"command":"scale","workers":"4","relative":false}', /scale needs "workers" \(an integer\)/);
  refused('{"command":"scale","workers":1.5,"relative":false}', /scale needs/);
  refused('{"command":"scale","workers":1e300,"relative":false}', /scale needs/);
  refused('{"command":"scale","workers":4}', /"relative" \(true or false\)/);
  refused('{"command":"scale","workers":0,"relative":false}', /at least one worker/);
  refused('{"command":"stop","fast":"yes"}', /stop takes "fast": true or false/);
  assert.deepEqual(CONTROL_COMMANDS, ['status', 'reload', 'config', 'scale', 'stop', 'reopen-logs']);
});

const STATUS: StatusReport = {
  master: { pid: 10, startedAt: '2026-01-01T00:00:00.000Z', uptimeMs: 1000, state: 'running' },
  generation: 2,
  targetWorkers: 1,
  reloading: true,
  workers: [
    {
      id: 1,
      pid: 11,
      generation: 1,
      state: 'ready',
      leaving: null,
      ageMs: 900,
      requests: 3,
      rssBytes: 5e7,
      heapUsedBytes: 1e7,
      elu: 0.02,
      delayP99Ms: 1.1,
      delayMaxMs: 2,
      heartbeatAgeMs: 100,
    },
    {
      id: 1,
      pid: 12,
      generation: 2,
      state: 'booting',
      leaving: null,
      ageMs: 50,
      requests: null,
      rssBytes: null,
      heapUsedBytes: null,
      elu: null,
      delayP99Ms: null,
      delayMaxMs: null,
      heartbeatAgeMs: null,
    },
  ],
  lastReload: { ok: false, trigger: 'signal', startedAt: '2026-01-01T00:00:01.000Z', finishedAt: '2026-01-01T00:00:02.000Z', generation: 2, code: 'TSG_APP_LOAD', reason: 'boom' },
};

test('parseReplyLine and parseReply: a reply is checked against its command, through JSON as it travels', () => {
  const line = (value: unknown) => {
    const parsed = parseReplyLine(encodeLine(value).trimEnd());
    assert.ok(parsed.ok, JSON.stringify(value));
    return parsed.value;
  };
  const final = line({ ok: true, status: STATUS });
  assert.equal(final.kind, 'final');
  if (final.kind !== 'final') return;
  assert.deepEqual(parseReply('status', final.reply), { ok: true, value: { ok: true, status: STATUS } });
  // The same payload is no reply to another command.
  assert.deepEqual(parseReply('scale', final.reply), { ok: false, error: 'not a reply to scale' });

  const outcome = { ok: true, generation: 2, durationMs: 10, newGeneration: true };
  const reload = line({ ok: true, outcome });
  if (reload.kind === 'final') assert.equal(parseReply('reload', reload.reply).ok, true);
  const scale = line({ ok: true, scale: { previous: 2, workers: 4, ready: 4, durationMs: 900 } });
  if (scale.kind === 'final') assert.equal(parseReply('scale', scale.reply).ok, true);
  const stopped = line({ ok: true, stopped: { pid: 10, exitCode: 0 } });
  if (stopped.kind === 'final') assert.equal(parseReply('stop', stopped.reply).ok, true);

  const progress = line({ progress: { stopping: { pid: 10, mode: 'graceful', gracefulTimeoutMs: 30000, hookTimeoutMs: 30000 } } });
  assert.equal(progress.kind, 'progress');
  if (progress.kind === 'progress') assert.deepEqual(parseStopProgress(progress.progress), { pid: 10, mode: 'graceful', gracefulTimeoutMs: 30000, hookTimeoutMs: 30000 });
  assert.equal(parseStopProgress({ stopping: { pid: 10, mode: 'slow', gracefulTimeoutMs: 1, hookTimeoutMs: 1 } }), undefined);

  // A refusal is a reply to any command, with its code when there is one.
  const refused = line({ ok: false, error: 'no', code: 'TSG_SCALE_REFUSED' });
  if (refused.kind === 'final') assert.deepEqual(parseReply('scale', refused.reply), { ok: true, value: { ok: false, error: 'no', code: 'TSG_SCALE_REFUSED' } });
});

test('parseReplyLine and parseReply refuse what a master of another version or a stranger might send', () => {
  for (const text of ['', 'hello', '[]', 'null', '{}', '{"ok":"yes"}', '{"ok":false}', '{"progress":1}']) assert.equal(parseReplyLine(text).ok, false, text);
  const reply = (value: Record<string, unknown>) => value;
  assert.equal(parseReply('status', reply({ ok: true, status: { ...STATUS, workers: [{ ...STATUS.workers[0], state: 'sleeping' }] } })).ok, false);
  assert.equal(parseReply('status', reply({ ok: true, status: { ...STATUS, master: { pid: -1 } } })).ok, false);
  assert.equal(parseReply('status', reply({ ok: true, status: { ...STATUS, lastReload: { ok: true } } })).ok, false);
  assert.equal(parseReply('status', reply({ ok: true, status: { ...STATUS, workers: [{ ...STATUS.workers[0], rssBytes: '50 MB' }] } })).ok, false);
  assert.equal(parseReply('reload', reply({ ok: true, outcome: { ok: false, generation: 1 } })).ok, false);
  assert.equal(parseReply('scale', reply({ ok: true, scale: { previous: 1, workers: 2, ready: 2 } })).ok, false);
  assert.equal(parseReply('stop', reply({ ok: true, stopped: { pid: 1, exitCode: 'zero' } })).ok, false);
  assert.equal(parseReply('reopen-logs', reply({ ok: true })).ok, false);
});
