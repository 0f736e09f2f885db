// Resolution: defaults < config file < TSGUN_* env < CLI flags, then the cross-field rules, into one
// deep-frozen ResolvedConfig that remembers where every value came from. A pure function: all input
// (file contents, env, argv values, CPU count, cwd) arrives as arguments.

import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { TsgunError, type ConfigProblem, type ProblemOrigin } from '../errors/tsgun-error.ts';
import { deepFreeze } from '../util/deep-freeze.ts';
import { isPlainObject } from '../util/is-plain-object.ts';
import { readCliLayer, readEnvLayer, readFileLayer, fileOrigin, type Assignment, type CliValue, type FileLayerInput } from './layers.ts';
import { allSettings, settings as topSettings } from './registry.ts';
import type { BindAddress } from './bind.ts';
import type { AppSpec, Durations, ResolvedConfig, ResolvedPaths, ValueSource } from './resolved-config.ts';
import { parseAccessLogFormat, type AccessLogFormat } from './access-log-format.ts';
import { checkRules } from './rules.ts';
import type { Settings } from './settings.generated.ts';
import { parseDuration, parseSize, parseUmask } from './units.ts';

export interface ResolveInput {
  readonly file: (FileLayerInput & { readonly dependencies: readonly string[]; readonly texts?: Readonly<Record<string, string>> }) | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cli: readonly CliValue[];
  /** What `workers: 'auto'` means: os.availableParallelism() in production. */
  readonly cpus: number;
  readonly cwd: string;
}

export type ResolveResult =
  | { readonly ok: true; readonly config: ResolvedConfig }
  | {
      readonly ok: false;
      readonly problems: readonly ConfigProblem[];
      /** Every setting that did resolve, with its default where its value was invalid (unvalidated as a whole). */
      readonly partial: Readonly<Record<string, unknown>>;
      /**
       * The config as far as it resolved: an invalid value is left out (the layer below, else the
       * default, stands in), so the checks of the settings that are valid can still run (load-config.ts
       * skips those that depend on a setting with a problem). Never started.
       */
      readonly provisional: ResolvedConfig | null;
    };

export function resolveConfig(input: ResolveInput): ResolveResult {
  const layers = [input.file === null ? { assignments: [], problems: [] } : readFileLayer(input.file), readEnvLayer(input.env), readCliLayer(input.cli)];
  // Invalid values were left out of the layers, so the rules below still run on the rest and every
  // problem is reported at once; rule findings about a setting that is itself invalid are dropped.
  const layerProblems = layers.flatMap((l) => l.problems);
  const brokenSettings = new Set(layerProblems.map((p) => p.path.split(/[.[]/)[0]));

  const merged: Record<string, unknown> = {};
  const sources: Record<string, ValueSource> = {};
  for (const s of allSettings) {
    if (s.path.length === 1) {
      if (s.hasDefault) merged[s.name] = structuredClone(s.default);
      sources[s.name] = { kind: 'default' };
    }
  }
  const applied: Assignment[] = layers.flatMap((l) => l.assignments);
  for (const a of applied) apply(merged, sources, a);

  const originOf = (path: readonly (string | number)[]): ProblemOrigin | undefined => {
    const own = sources[path.filter((p) => typeof p === 'string').join('.')] ?? sources[String(path[0])];
    if (own === undefined || own.kind === 'default') return undefined;
    if (own.kind === 'file' && input.file !== null) return fileOrigin(input.file, path, false);
    return own;
  };
  const rules = checkRules({ settings: merged, originOf });
  const format = accessFormatOf(merged['accessLogFormat'] as string, originOf);
  const checked = [...rules.problems, ...format.problems].filter((p) => !brokenSettings.has(p.path.split(/[.[]/)[0]));
  const problems = [...layerProblems, ...checked];
  if (problems.length > 0 || format.parsed === null) return { ok: false, problems, partial: deepFreeze(merged), provisional: provisionalConfig(input, merged, sources, rules.binds) };
  return { ok: true, config: buildConfig(input, merged, sources, rules.binds, format.parsed) };
}

/** The config of an invalid input, for the checks of its valid settings; null if even that cannot be built. */
function provisionalConfig(input: ResolveInput, merged: Record<string, unknown>, sources: Record<string, ValueSource>, binds: readonly BindAddress[]): ResolvedConfig | null {
  try {
    return buildConfig(input, merged, sources, binds, null);
  } catch {
    return null;
  }
}

function buildConfig(input: ResolveInput, merged: Record<string, unknown>, sources: Record<string, ValueSource>, binds: readonly BindAddress[], accessFormat: AccessLogFormat | null): ResolvedConfig {
  // '' and the JSON access format stand in for a missing app and a broken format in a provisional config.
  const appText = (merged['app'] as string | undefined) ?? '';
  const appSource = sources['app']!;
  const baseDir = appSource.kind === 'file' && input.file !== null ? dirname(input.file.file) : input.cwd;
  const settings = { ...merged, workers: merged['workers'] === 'auto' ? input.cpus : merged['workers'], ...inSeconds(merged) } as unknown as Settings;
  const config: ResolvedConfig = {
    settings,
    sources,
    configFile: input.file?.file ?? null,
    dependencies: input.file?.dependencies ?? [],
    texts: input.file?.texts ?? {},
    binds,
    app: parseAppSpec(appText, baseDir),
    maxMemoryBytes: merged['maxMemory'] === null ? null : parseSize(merged['maxMemory'] as number | string),
    umaskValue: merged['umask'] === null ? null : parseUmask(merged['umask'] as number | string),
    ms: durationsOf(settings),
    paths: pathsOf(settings, baseDir, input.file === null ? input.cwd : dirname(input.file.file), input.cwd),
    accessFormat: accessFormat ?? { kind: 'json' },
  };
  return deepFreeze(config);
}

/** `accessLogFormat` parsed, or its problem located where the value came from. */
function accessFormatOf(format: string, originOf: (path: readonly (string | number)[]) => ProblemOrigin | undefined): { parsed: AccessLogFormat | null; problems: ConfigProblem[] } {
  try {
    return { parsed: parseAccessLogFormat(format), problems: [] };
  } catch (error) {
    if (!(error instanceof TsgunError)) throw error;
    const origin = originOf(['accessLogFormat']);
    return { parsed: null, problems: error.problems.map((p) => (origin === undefined ? p : { ...p, origin })) };
  }
}

const toMs = (seconds: number): number => Math.round(seconds * 1000);

/**
 * The duration settings as resolved settings hold them: in seconds, whether written as a number or
 * as a string with units (`'1m30s'` → 90), so that `settings.timeout` is one type and a reload that
 * only rewrites `5` as `'5s'` changes nothing.
 */
function inSeconds(merged: Readonly<Record<string, unknown>>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const s of topSettings) if (s.meta.unit === 'seconds') out[s.name] = merged[s.name] === null ? null : parseDuration(merged[s.name] as number | string);
  return out;
}

/** The duration settings (in seconds, see inSeconds) in milliseconds: the only place that converts them. */
function durationsOf(s: Settings): Durations {
  return {
    timeout: toMs(s.timeout),
    bootTimeout: toMs(s.bootTimeout),
    gracefulTimeout: toMs(s.gracefulTimeout),
    requestTimeout: s.requestTimeout === null ? null : toMs(s.requestTimeout),
    hookTimeout: toMs(s.hookTimeout),
    keepAlive: toMs(s.keepAlive),
    headersTimeout: toMs(s.headersTimeout),
    bodyTimeout: toMs(s.bodyTimeout),
    sendTimeout: toMs(s.sendTimeout),
  };
}

/**
 * The path settings made absolute: the only place that decides what a relative path is relative
 * to. `chdir` and TLS files: the app's base directory (the config file's, else the working
 * directory); log files, pidfile and control socket: the directory the processes run in (after
 * `chdir`); `reloadExtraFiles`: the config file's directory.
 */
function pathsOf(s: Settings, baseDir: string, configDir: string, cwd: string): ResolvedPaths {
  const chdir = s.chdir === null ? null : resolvePath(baseDir, s.chdir);
  const workDir = chdir ?? cwd;
  const inWorkDir = (path: string | null): string | null => (path === null || path === '-' ? path : resolvePath(workDir, path));
  const tlsFile = (path: string | undefined): string | null => (path === undefined ? null : resolvePath(baseDir, path));
  return {
    workDir,
    chdir,
    errorLog: inWorkDir(s.errorLog)!,
    accessLog: inWorkDir(s.accessLog),
    pidfile: inWorkDir(s.pidfile),
    controlSocket: inWorkDir(s.controlSocket),
    tls: s.tls === null ? null : { cert: tlsFile(s.tls.cert), key: tlsFile(s.tls.key), ca: tlsFile(s.tls.ca), sni: sniFiles(s.tls.sni, baseDir) },
    reloadExtraFiles: s.reloadExtraFiles.map((file) => resolvePath(configDir, file)),
  };
}

/** `tls.sni`'s files, absolute like `tls.cert`'s. */
function sniFiles(sni: NonNullable<Settings['tls']>['sni'], baseDir: string): Record<string, { cert: string; key: string }> {
  const out: Record<string, { cert: string; key: string }> = {};
  for (const [name, files] of Object.entries(sni ?? {})) out[name] = { cert: resolvePath(baseDir, files.cert), key: resolvePath(baseDir, files.key) };
  return out;
}

/** Writes one assignment into the merged object; a nested one (`tls.cert`) creates its parent. */
function apply(merged: Record<string, unknown>, sources: Record<string, ValueSource>, a: Assignment): void {
  const [top, child] = a.path as [string, string | undefined];
  if (child === undefined) {
    merged[top] = a.value;
    sources[top] = a.origin;
    // A whole object replaces its parts: their source is the object's.
    for (const s of allSettings) if (s.path.length === 2 && s.path[0] === top) sources[s.name] = a.origin;
    return;
  }
  const parent = isPlainObject(merged[top]) ? { ...(merged[top] as Record<string, unknown>) } : {};
  parent[child] = a.value;
  merged[top] = parent;
  sources[top] = a.origin;
  sources[`${top}.${child}`] = a.origin;
}

/** `./app.ts#handler` → the module and the export; files are made absolute against `baseDir`. */
export function parseAppSpec(text: string, baseDir: string): AppSpec {
  const hash = text.lastIndexOf('#');
  const modulePart = hash > 0 ? text.slice(0, hash) : text;
  const exportName = hash > 0 ? text.slice(hash + 1) : null;
  // `app.mjs` and `dist/server.js` mean files, as they would to a Gunicorn user; a bare name
  // without a script extension (`my-app`, `@acme/api/server`) is a package specifier.
  const isFile = modulePart.startsWith('.') || isAbsolute(modulePart) || modulePart.startsWith('file:') || (!modulePart.startsWith('@') && SCRIPT_EXTENSION.test(modulePart));
  const module = !isFile ? modulePart : modulePart.startsWith('file:') ? new URL(modulePart).pathname : resolvePath(baseDir, modulePart);
  return { module, exportName: exportName === '' ? null : exportName, isFile, baseDir };
}

const SCRIPT_EXTENSION = /\.[cm]?[jt]s$/;

/** The names of the top-level settings, for callers that list them (print-config). */
export const settingOrder: readonly string[] = topSettings.map((s) => s.name);
