// The worker process, loaded by the entry (main.ts): one Worker (worker.ts) and the process's events wired to its verbs. It
// acts only on the master's messages: signals sent to a worker by mistake (a terminal's Ctrl-C
// reaches the whole process group) are logged and ignored, so they cannot cut in-flight requests.

import { parseMasterMessage, type WorkerMessage } from '../ipc/messages.ts';
import { assertNever } from '../util/assert-never.ts';
import { Worker } from './worker.ts';

const IGNORED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGTTIN', 'SIGTTOU', 'SIGWINCH'];

const worker = new Worker({
  send(message: WorkerMessage) {
    if (process.connected) process.send?.(message);
  },
  exit: (code) => process.exit(code),
});

// First, so that nothing thrown from here on is lost: the worker logs it as a JSON line.
process.on('uncaughtException', (error) => void worker.uncaught(error));
process.on('unhandledRejection', (reason) => worker.unhandledRejection(reason));

process.on('message', (raw: unknown) => {
  const message = parseMasterMessage(raw);
  if (message === undefined) {
    worker.logger.warn({ event: 'ipc.invalid' }, 'dropped a malformed message from the master');
    return;
  }
  switch (message.type) {
    case 'boot':
      return void worker.boot(message.payload);
    case 'drain':
      return void worker.stop(false, message.timeoutMs);
    case 'quit':
      return void worker.stop(true, 0);
    case 'log-level':
      return worker.setLevel(message.level);
    case 'reopen-logs':
      return worker.reopenLogs();
    case 'abort':
      return void worker.abort();
    default:
      assertNever(message);
  }
});

// The master is gone (killed, crashed): finish what is in flight and leave. A worker still booting
// serves nothing yet and leaves at once: a boot that hangs (an import waiting on the network) would
// otherwise keep the inherited listening socket for ever, and a restarted tsgun could not bind it.
process.on('disconnect', () => void worker.stop(worker.state === 'booting', null));

for (const signal of IGNORED_SIGNALS) {
  process.on(signal, () => worker.logger.warn({ event: 'worker.signal-ignored', signal }, `ignored ${signal}: workers are controlled by the master; signal the master instead`));
}
