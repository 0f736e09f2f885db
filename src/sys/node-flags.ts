// The Node flags a process started by tsgun (a worker, the app probe of `tsgun check`) takes from
// the one that starts it: the same conditions, loaders and V8 options, but not a second inspector
// on the same port, nor the flags a test runner or `node --watch` passes to the file it runs.

const NOT_INHERITED = /^--(inspect|debug|test|watch)/;

export function inheritedExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  return execArgv.filter((flag) => !NOT_INHERITED.test(flag));
}
