// A config that awaits a promise nothing can settle any more (a `resolve` never called, with no
// timer, socket or file operation left pending): Node would end a process whose event loop empties
// like that with exit code 13 and a warning about an unsettled top-level await, and a reader process
// (kept alive by its IPC channel) would wait for ever. tsgun reports it as TSG_CONFIG_LOAD instead,
// in `check`, `print-config` and at start (regression: check exited 13; serve hung without a word).

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.ts';

const CASES = {
  'a config function': 'export default async () => { await new Promise(() => {}); return { app: "./app.mjs" }; };\n',
  'a top-level await in the config module': 'await new Promise(() => {});\nexport default { app: "./app.mjs" };\n',
};

for (const [what, source] of Object.entries(CASES)) {
  test(`${what} that never settles is reported as TSG_CONFIG_LOAD by check, print-config and serve`, async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'tsgun.config.mjs'), source);
    writeFileSync(join(dir, 'app.mjs'), 'export default (req, res) => res.end("ok");\n');
    for (const args of [['check'], ['print-config'], ['--bind', '127.0.0.1:0']]) {
      const r = await runCli(args, { cwd: dir });
      const said = `${args.join(' ')}: code ${r.code}, stderr ${r.stderr}, stdout ${r.stdout}`;
      assert.equal(r.signal, null, said);
      assert.notEqual(r.code, 0, said);
      assert.notEqual(r.code, 13, said);
      assert.match(r.stdout + r.stderr, /TSG_CONFIG_LOAD/, said);
      assert.match(r.stdout + r.stderr, /never settles/, said);
      assert.doesNotMatch(r.stderr, /unsettled top-level await/, said);
    }
  });
}
