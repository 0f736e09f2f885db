#!/usr/bin/env node
// The installed `tsgun` command. Runs the compiled CLI from dist/ (Node does not strip types of
// files under node_modules), after checking the Node version in a way old Nodes can still report.
const [major, minor] = process.versions.node.split('.').map(Number);
if (!(major >= 24 || (major === 22 && minor >= 22))) {
  process.stderr.write(`tsgun: needs Node ^22.22 || >=24, this is ${process.version}\n`);
  process.exit(2);
}
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('/dist/cli/main.js')) {
    process.stderr.write('tsgun: dist/ is missing; run `npm run build` (npm ci does it through `prepare`)\n');
    process.exit(2);
  }
  throw error;
}
