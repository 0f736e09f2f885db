// Cross-field rules: what the schema cannot say about one value alone. Pure: no file system access
// (see verify-paths.ts for the checks that need it).

import type { ConfigProblem, ProblemOrigin } from '../errors/tsgun-error.ts';
import { ALLOW_ENTRY_EXPECTED, parseAllowEntry } from './allow-list.ts';
import { bindKey, parseBind, type BindAddress } from './bind.ts';
import { settings as topSettings, type SchemaNode } from './registry.ts';
import { parseDuration } from './units.ts';

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

  const metricsBind = settings['metricsBind'] as string | null;
  if (metricsBind !== null) {
    const parsed = parseBind(metricsBind);
    if (!parsed.ok || parsed.address.kind !== 'tcp') {
      problem(['metricsBind'], 'metricsBind', `${JSON.stringify(metricsBind)} is not a TCP address: expected HOST:PORT or [IPV6]:PORT (the master serves /metrics, /livez and /readyz there)`);
    } else if (parsed.address.port !== 0 && seen.has(bindKey(parsed.address))) {
      problem(['metricsBind'], 'metricsBind', `${JSON.stringify(metricsBind)} is also in bind; the metrics listener needs an address of its own`);
    }
  }

  const tls = settings['tls'] as { cert?: string; key?: string; ca?: string; clientCert?: string; sni?: Record<string, unknown> } | null;
  if (tls !== null) {
    // Server names compare without letter case (and without a trailing dot, which the schema
    // refuses): two entries for one name would leave one of them silently unused.
    const names = new Map<string, string>();
    for (const name of Object.keys(tls.sni ?? {})) {
      const first = names.get(name.toLowerCase());
      if (first !== undefined) problem(['tls', 'sni', name], `tls.sni[${JSON.stringify(name)}]`, `names the same server as tls.sni[${JSON.stringify(first)}] (names ignore letter case); keep one`);
      else names.set(name.toLowerCase(), name);
    }
    if (tls.cert === undefined) problem(['tls'], 'tls.cert', 'is required when tls is set: the path of the PEM certificate');
    if (tls.key === undefined) problem(['tls'], 'tls.key', 'is required when tls is set: the path of the PEM private key that goes with tls.cert');
    if (tls.clientCert === 'require' && tls.ca === undefined) {
      problem(['tls', 'clientCert'], 'tls.ca', 'is required when tls.clientCert is "require": the CA certificates that client certificates are checked against');
    }
    if (binds.length > 0 && binds.every((b) => b.kind === 'unix')) {
      problem(['tls'], 'tls', 'is set but every bind is a unix socket; TLS applies to TCP listeners only');
    }
  }

  // HTTP/2 by ALPN needs a TLS listener; h2c, a plain one (a unix socket, or TCP without tls).
  const protocols = settings['httpProtocols'] as readonly string[];
  if (protocols.includes('h2') && tls === null && !protocols.includes('h2c')) {
    problem(['httpProtocols'], 'httpProtocols', 'lists h2 (HTTP/2 over TLS, by ALPN) but tls is not set; set tls, or list h2c for cleartext HTTP/2 from a proxy');
  }
  if (protocols.includes('h2c') && tls !== null && binds.length > 0 && binds.every((b) => b.kind === 'tcp')) {
    problem(['httpProtocols'], 'httpProtocols', 'lists h2c (cleartext HTTP/2) but every listener is TLS (tls is set and no bind is a unix socket); list h2 instead');
  }

  const maxRequests = settings['maxRequests'] as number;
  const jitter = settings['maxRequestsJitter'] as number;
  if (jitter > 0 && maxRequests === 0) {
    problem(['maxRequestsJitter'], 'maxRequestsJitter', `is ${jitter} but maxRequests is 0 (recycling off); set maxRequests too, or remove the jitter`);
  }

  for (const s of durationSettings) {
    const written = settings[s.name] as number | string | null;
    if (typeof written !== 'string') continue;
    const bound = durationBound(s.schema, parseDuration(written));
    if (bound !== null) problem([s.name], s.name, `must be ${bound} (got ${JSON.stringify(written)})`);
  }

  // Compared as parsed: `keepAlive: '1m'` against `gracefulTimeout: 30`.
  const keepAlive = parseDuration(settings['keepAlive'] as number | string);
  const graceful = parseDuration(settings['gracefulTimeout'] as number | string);
  if (keepAlive > 0 && graceful > 0 && keepAlive >= graceful) {
    problem(
      ['keepAlive'],
      'keepAlive',
      `(${seconds(settings['keepAlive'])}) must be shorter than gracefulTimeout (${seconds(settings['gracefulTimeout'])}): a draining worker waits up to keepAlive for idle connections before it closes them, and would be killed first`,
    );
  }

  return { problems, binds };
}

const durationSettings = topSettings.filter((s) => s.meta.unit === 'seconds');

/**
 * A duration string's value in seconds against the bounds of its setting's number branch (the schema
 * checks them for numbers; a string's value is known only once parsed): what it must be, or null.
 */
function durationBound(node: SchemaNode, seconds: number): string | null {
  const numeric = (node.anyOf ?? []).find((b) => b.type === 'number');
  if (numeric === undefined) return null;
  if (numeric.exclusiveMinimum !== undefined && seconds <= numeric.exclusiveMinimum) return `longer than ${numeric.exclusiveMinimum} seconds`;
  if (numeric.minimum !== undefined && seconds < numeric.minimum) return `at least ${numeric.minimum} seconds`;
  if (numeric.maximum !== undefined && seconds > numeric.maximum) return `at most ${numeric.maximum} seconds`;
  return null;
}

/** `30s` for a number of seconds, `2m = 120s` for a duration string in other units. */
function seconds(written: unknown): string {
  const inSeconds = `${parseDuration(written as number | string)}s`;
  return typeof written === 'string' && written.trim() !== inSeconds ? `${written} = ${inSeconds}` : inSeconds;
}
