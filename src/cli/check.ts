// `tsgun check [FILE...]`: check each config, then report every file of the run in the format asked
// for. What is checked is check-collect.ts's; how it is printed, check-format.ts's.

import { collectCheck, type CheckedFile } from './check-collect.ts';
import { renderCheck } from './check-format.ts';
import type { CheckOptions, ConfigRequest } from './program.ts';
import { version } from './version.ts';

export async function runCheck(requests: readonly ConfigRequest[], options: CheckOptions): Promise<number> {
  const results: CheckedFile[] = [];
  // One file at a time: a config module is imported into this process, and SARIF needs them all.
  for (const request of requests) results.push(await collectCheck(request, options));
  const io = requests[0]?.io;
  if (io === undefined) return 0;
  const { output, exitCode } = renderCheck(results, { format: options.format, strict: options.strict, cwd: io.cwd, version: version() });
  for (const [stream, text] of output) io[stream](text);
  return exitCode;
}
