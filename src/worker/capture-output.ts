// The worker's side of captureOutput: installed as soon as the configured logger exists, before the
// postFork hook and the app's import, so that whatever they print becomes `output.printed` events
// carrying this worker's slot, pid and generation. The worker's own logger keeps fd 1 (the master's
// stdout, shared by every process, written through its destination), so capturing costs no pipe,
// no hop through the master and nothing per request: only a print does any work, in the worker
// that printed it.

import { captureOutput, capturesOutput, type CaptureSetting, type OutputCapture } from '../log/output-capture.ts';
import type { ProcessLogger } from '../log/logger.ts';

/** The capture, or null when `setting` leaves the output raw. */
export function captureWorkerOutput(setting: CaptureSetting, log: ProcessLogger): OutputCapture | null {
  if (!capturesOutput(setting, log.json)) return null;
  const capture = captureOutput(log.logger);
  // An app that calls process.exit() itself: its last partial line is logged before the logger's
  // own exit listener (registered earlier, by the bootstrap logger) writes out what is buffered.
  process.prependListener('exit', () => capture.flush());
  return capture;
}
