// Cross-field rules: what the schema cannot say about one value alone. Pure: no file system access
// (see verify-paths.ts for the checks that need it).

import type { ConfigProblem, ProblemOrigin } from '../errors/tsgun-error.ts';
import { ALLOW_ENTRY_EXPECTED, parseAllowEntry } from './allow-list.ts';
import { bindKey, parseBind, type BindAddress } from './bind.ts';

export interface RuleInput {
  /** The merged settings (defaults filled in), already schema-valid. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Where a value came from; `path` may go below a setting (`bind[2]`, `tls.key`). */
  readonly originOf: (path: readonly (string | number)[]) => ProblemOrigin | undefined;
}

export interface RuleOutput {
  readonly problems: ConfigProblem[];
  readonly binds: BindAddress[];
}

export function checkRules({ settings, originOf }: RuleInput): RuleOutput {
  const problems: ConfigProblem[] = [];
  const problem = (path: (string | number)[], display: string, message: string): void => {
    problems.push({ path: display, message, origin: originOf(path) });
  };

  if (settings['app'] === undefined) {
    problem(['app'], 'app', 'is required: name the module that exports your app, in the config (`app: "./app.ts"`) or as `tsgun APP`');
  }

  for (const setting of ['forwardedAllowIps', 'proxyAllowIps'] as const) {
    (settings[setting] as readonly string[]).forEach((entry, i) => {
      if (entry !== '*' && parseAllowEntry(entry) === null) problem([setting, i], `${setting}[${i}]`, `${JSON.stringify(entry)} is not a peer address: ${ALLOW_ENTRY_EXPECTED}`);
    });
  }

  const binds: BindAddress[] = [];
  const seen = new Map<string, number>();
  (settings['bind'] as readonly string[]).forEach((text, i) => {
    const parsed = parseBind(text);
    if (!parsed.ok) {
      problem(['bind', i], `bind[${i}]`, `${JSON.stringify(text)} is not a bind address: ${parsed.reason}`);
      return;
    }
    const key = bindKey(parsed.address);
    const first = seen.get(key);
    if (first !== undefined) {
      problem(['bind', i], `bind[${i}]`, `${JSON.stringify(text)} repeats bind[${first}]; each address may be bound once`);
      return;
    }
    seen.set(key, i);
    binds.push(parsed.address);
  });

  const tls = settings['tls'] as { cert?: string; key?: string; ca?: string; clientCert?: string } | null;
  if (tls !== null) {
    if (tls.cert === undefined) problem(['tls'], 'tls.cert', 'is required when tls is set: the path of the PEM certificate');
    if (tls.key === undefined) problem(['tls'], 'tls.key', 'is required when tls is set: the path of the PEM private key that goes with tls.cert');
    if (tls.clientCert === 'require' && tls.ca === undefined) {
      problem(['tls', 'clientCert'], 'tls.ca', 'is required when tls.clientCert is "require": the CA certificates that client certificates are checked against');
    }
    if (binds.length > 0 && binds.every((b) => b.kind === 'unix')) {
      problem(['tls'], 'tls', 'is set but every bind is a unix socket; TLS applies to TCP listeners only');
    }
  }

  const maxRequests = settings['maxRequests'] as number;
  const jitter = settings['maxRequestsJitter'] as number;
  if (jitter > 0 && maxRequests === 0) {
    problem(['maxRequestsJitter'], 'maxRequestsJitter', `is ${jitter} but maxRequests is 0 (recycling off); set maxRequests too, or remove the jitter`);
  }

  const keepAlive = settings['keepAlive'] as number;
  const graceful = settings['gracefulTimeout'] as number;
  if (keepAlive > 0 && graceful > 0 && keepAlive >= graceful) {
    problem(
      ['keepAlive'],
      'keepAlive',
      `(${keepAlive}s) must be shorter than gracefulTimeout (${graceful}s): a draining worker waits up to keepAlive for idle connections before it closes them, and would be killed first`,
    );
  }

  return { problems, binds };
}
