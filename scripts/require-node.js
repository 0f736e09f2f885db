// Fails loudly when the project's scripts run on a Node older than the one they are pinned to.
// Plain JavaScript on purpose: it must run (and explain) on the old Node it rejects.
'use strict';
const [major, minor] = process.versions.node.split('.').map(Number);
const ok = major >= 24 || (major === 22 && minor >= 22);
if (!ok) {
  console.error(
    '\n  tsgun needs Node ^22.22 || >=24 to build and test, but this is Node ' +
      process.version +
      ' (' +
      process.execPath +
      ').\n' +
      '  The project pins Node 24 as a devDependency: run `npm ci` so that node_modules/.bin/node exists,\n' +
      '  and run scripts through npm (`npm test`), which puts it first on PATH.\n',
  );
  process.exit(1);
}
