// A promise that can no longer settle, told apart from one that is slow. When the event loop empties
// while `work` is pending, nothing is left (no timer, socket, file operation or child process) that
// could ever settle it: Node would end the process with exit code 13 and a warning about an
// unsettled top-level await, which names neither the culprit nor the cure, and a process kept alive
// by something else (an IPC channel) would wait for ever. Node emits 'beforeExit' at that moment.

/**
 * `work`, or a rejection with `hang()` once the event loop empties while it is still pending. Only
 * meaningful where nothing unrelated keeps the loop alive meanwhile (else a hang just waits).
 */
export function settledOrIdle<T>(work: Promise<T>, hang: () => Error): Promise<T> {
  let onIdle!: () => void;
  const idle = new Promise<never>((_, reject) => {
    onIdle = () => reject(hang());
  });
  process.once('beforeExit', onIdle);
  return Promise.race([work, idle]).finally(() => process.off('beforeExit', onIdle));
}
