// The TLS files as a worker will use them: `tls.cert` and `tls.ca` must hold PEM certificates,
// `tls.key` an unencrypted PEM private key that belongs to the certificate (tsgun has no passphrase
// setting), and the certificate must not have expired; each pair of `tls.sni` the same way. Without these checks each fault surfaced
// only when the workers booted, as an OpenSSL error from inside node:tls.

import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConfigProblem } from '../errors/tsgun-error.ts';
import type { CheckContext, SettingPath } from './check-context.ts';
import type { ResolvedConfig } from './resolved-config.ts';

/** A certificate that expires within this many days is a warning. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PEM_PRIVATE_KEY = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/**
 * `now`: the time expiry is judged at, or null not to judge it. `serve` and reloads pass null: an
 * expired certificate still serves clients that do not verify it, and a restart during a failed
 * renewal should not take the server down (nginx and Gunicorn start with one too); `check` says it.
 */
export function verifyTls(config: ResolvedConfig, context: CheckContext, now: Date | null = new Date()): ConfigProblem[] {
  const files = config.paths.tls;
  // Each file on its own: a problem with `tls.clientCert` leaves the certificate worth checking.
  if (files === null || context.broken.has('tls')) return [];
  const problems: ConfigProblem[] = [];
  const fail = (key: 'cert' | 'key' | 'ca', message: string): void => void problems.push(context.problem(['tls', key], 'TSG_TLS_INVALID', message));

  let caOk = true;
  if (files.ca !== null && !context.isBroken(['tls', 'ca'])) {
    const read = readText(files.ca);
    const parsed = read.ok ? certificates(read.text, files.ca) : read;
    if (!parsed.ok) fail('ca', parsed.message);
    caOk = parsed.ok;
  }
  const tls = config.settings.tls!;
  const pairs = [{ cert: files.cert, key: files.key, path: ['tls'] as SettingPath }, ...Object.entries(files.sni).map(([name, pair]) => ({ ...pair, path: ['tls', 'sni', name] as SettingPath }))];
  for (const pair of pairs) {
    const found = verifyPair({ file: pair.cert, path: [...pair.path, 'cert'] }, { file: pair.key, path: [...pair.path, 'key'] }, context, now);
    problems.push(...found);
    // What the checks above do not see (a chain whose last block is cut off, a key too small for
    // OpenSSL's security level, ciphers that match none): the context a worker makes, made here.
    const { cert, key } = pair;
    if (cert === null || key === null || !caOk || context.isBroken([...pair.path, 'cert']) || context.isBroken([...pair.path, 'key'])) continue;
    if (!found.some((p) => p.severity !== 'warning')) {
      const made = secureContextProblem(cert, key, files.ca, tls.ciphers, tls.minVersion ?? 'TLSv1.2');
      if (made !== null) problems.push(context.problem(made.ciphers ? ['tls', 'ciphers'] : [...pair.path, 'cert'], 'TSG_TLS_INVALID', made.message));
    }
  }
  return problems;
}

/** Why node:tls cannot make the worker's context from these files and settings, or null. */
function secureContextProblem(cert: string, key: string, ca: string | null, ciphers: string | undefined, minVersion: string): { readonly ciphers: boolean; readonly message: string } | null {
  try {
    process.getBuiltinModule('node:tls').createSecureContext({
      cert: readFileSync(cert),
      key: readFileSync(key),
      ...(ca === null ? {} : { ca: readFileSync(ca) }),
      ...(ciphers === undefined ? {} : { ciphers }),
      minVersion: minVersion as 'TLSv1.2' | 'TLSv1.3',
    });
    return null;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ERR_SSL_NO_CIPHER_MATCH') return { ciphers: true, message: `${JSON.stringify(ciphers)} names no cipher this Node's OpenSSL has (${code}); see \`openssl ciphers -v\`` };
    return { ciphers: false, message: `a TLS context cannot be made from ${cert} and ${key}: ${message}${code === undefined ? '' : ` (${code})`}` };
  }
}

/** A certificate file and its key: each parses, they belong together, the certificate has not expired. */
function verifyPair(
  certFile: { readonly file: string | null; readonly path: SettingPath },
  keyFile: { readonly file: string | null; readonly path: SettingPath },
  context: CheckContext,
  now: Date | null,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const fail = (path: SettingPath, message: string): void => void problems.push(context.problem(path, 'TSG_TLS_INVALID', message));
  let cert: X509Certificate | null = null;
  if (certFile.file !== null && !context.isBroken(certFile.path)) {
    const read = readText(certFile.file);
    const parsed = read.ok ? certificates(read.text, certFile.file) : read;
    if (!parsed.ok) fail(certFile.path, parsed.message);
    else {
      cert = parsed.certificates[0]!;
      if (now !== null) problems.push(...expiryProblems(cert, certFile.file, certFile.path, context, now));
    }
  }
  let key: KeyObject | null = null;
  if (keyFile.file !== null && !context.isBroken(keyFile.path)) {
    const read = readText(keyFile.file);
    const parsed = read.ok ? privateKey(read.text, keyFile.file) : read;
    if (!parsed.ok) fail(keyFile.path, parsed.message);
    else key = parsed.key;
  }
  if (cert !== null && key !== null && !cert.checkPrivateKey(key)) {
    fail(keyFile.path, `the private key in ${keyFile.file} does not belong to the certificate in ${certFile.file} (${subjectOf(cert)}); pair the key with its certificate`);
  }
  return problems;
}

function expiryProblems(cert: X509Certificate, file: string, path: SettingPath, context: CheckContext, now: Date): ConfigProblem[] {
  const expires = cert.validToDate ?? new Date(cert.validTo);
  if (expires.getTime() <= now.getTime()) return [context.problem(path, 'TSG_TLS_INVALID', `the certificate in ${file} (${subjectOf(cert)}) expired on ${day(expires)}; renew it`)];
  const days = Math.floor((expires.getTime() - now.getTime()) / DAY_MS);
  if (days >= EXPIRY_WARNING_DAYS) return [];
  const when = days === 0 ? 'in less than a day' : `in ${days} day${days === 1 ? '' : 's'}`;
  return [context.problem(path, 'TSG_TLS_EXPIRING', `the certificate in ${file} (${subjectOf(cert)}) expires ${when}, on ${day(expires)}; renew it`, 'warning')];
}

type Failure = { readonly ok: false; readonly message: string };

function readText(file: string): { readonly ok: true; readonly text: string } | Failure {
  try {
    return { ok: true, text: readFileSync(file, 'latin1') };
  } catch (error) {
    return { ok: false, message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}

/** Every PEM certificate in the text (a chain, or a CA bundle); node:tls takes PEM only, not DER. */
function certificates(text: string, file: string): { readonly ok: true; readonly certificates: X509Certificate[] } | Failure {
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    const hint = PEM_PRIVATE_KEY.test(text)
      ? ' (it holds a private key: is it tls.key?)'
      : text.startsWith('0')
        ? ' (it looks like DER: convert it with `openssl x509 -inform der -in FILE -out FILE.pem`)'
        : '';
    return { ok: false, message: `${file} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")${hint}` };
  }
  const parsed: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    try {
      parsed.push(new X509Certificate(block));
    } catch (error) {
      return { ok: false, message: `certificate ${i + 1} in ${file} does not parse: ${(error as Error).message}` };
    }
  }
  return { ok: true, certificates: parsed };
}

function privateKey(text: string, file: string): { readonly ok: true; readonly key: KeyObject } | Failure {
  if (!PEM_PRIVATE_KEY.test(text)) {
    const hint = text.includes('-----BEGIN CERTIFICATE-----') ? ' (it holds a certificate: is it tls.cert?)' : '';
    return { ok: false, message: `${file} holds no PEM private key ("-----BEGIN PRIVATE KEY-----")${hint}` };
  }
  try {
    return { ok: true, key: createPrivateKey(text) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_MISSING_PASSPHRASE' || text.includes('ENCRYPTED')) {
      return {
        ok: false,
        message: `the private key in ${file} is encrypted and tsgun has no passphrase setting; decrypt it (\`openssl pkey -in KEY -out KEY.plain\`) and protect the file by its mode`,
      };
    }
    return { ok: false, message: `the private key in ${file} does not parse: ${e.message}` };
  }
}

function subjectOf(cert: X509Certificate): string {
  const cn = /^CN=(.*)$/m.exec(cert.subject)?.[1];
  return cn === undefined ? cert.subject.replaceAll('\n', ', ') : `CN=${cn}`;
}

const day = (date: Date): string => date.toISOString().slice(0, 10);
