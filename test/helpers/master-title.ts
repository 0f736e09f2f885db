// A pidfile names a running master only if that process is one (src/sys/pidfile.ts reads its title
// from /proc): a unit test that has its own pid stand for a running master takes a master's title
// for the test's length.

import type { TestContext } from 'node:test';

export function actAsMaster(t: TestContext): void {
  const title = process.title;
  process.title = 'tsgun: master [test]';
  t.after(() => {
    process.title = title;
  });
}
