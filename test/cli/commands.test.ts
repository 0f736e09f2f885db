// The guess main.ts makes before commander loads (src/cli/commands.ts): whether the command line runs
// `serve`, so that its config reader can start at once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksLikeServe } from '../../src/cli/commands.ts';

test('serve, given or by default, looks like serve; another command, help or version does not', () => {
  for (const argv of [[], ['--config', 'tsgun.config.ts'], ['app.js', '-w', '4'], ['serve', '-b', ':8000'], ['-c', 'x.ts', 'serve']]) assert.equal(looksLikeServe(argv), true, argv.join(' '));
  for (const argv of [['check'], ['status', '--pidfile', 'p'], ['--config', 'x.ts', 'reload'], ['help'], ['--help'], ['serve', '-h'], ['-v'], ['--app', 'check']])
    assert.equal(looksLikeServe(argv), false, argv.join(' '));
});
