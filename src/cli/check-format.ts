// How `tsgun check` reports the files of one run: text for people, JSON Lines for scripts, GitHub
// workflow commands for annotations, one SARIF 2.1.0 log for code scanning (docs/cli.md). Pure: it
// returns what to print and the exit code; check.ts collects and prints.

import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorCodes, type ErrorCode } from '../errors/codes.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { displayPath, formatError, problemLine, type JsonProblem } from '../errors/report.ts';
import { formatOrigin, TsgunError, type ConfigProblem, type ProblemOrigin } from '../errors/tsgun-error.ts';
import type { CheckedFile } from './check-collect.ts';
import { exitCodeOf, type CheckOptions } from './program.ts';

export interface RenderContext {
  readonly format: CheckOptions['format'];
  readonly strict: boolean;
  readonly cwd: string;
  /** tsgun's version, for the SARIF tool. */
  readonly version: string;
}

/** What to print, in order (text interleaves a file's valid line on stdout with another's errors on stderr). */
export type Output = readonly (readonly ['stdout' | 'stderr', string])[];

export interface Rendered {
  readonly output: Output;
  /** 0 when every file passed, else the worst file's: 1 invalid, 2 could not be checked. */
  readonly exitCode: number;
}

/** A JSON problem whose file origin also says where the file is relative to the working directory. */
export type JsonCheckProblem = Omit<JsonProblem, 'origin'> & { readonly origin: (ProblemOrigin & { readonly relativePath?: string }) | null };

/** One line of `tsgun check --format json`: the documented, stable shape (docs/cli.md). */
export interface CheckReport {
  readonly valid: boolean;
  readonly configFile: string | null;
  readonly errors: readonly JsonCheckProblem[];
  readonly warnings: readonly JsonCheckProblem[];
}

/** One problem with its code and severity settled: an error without problems becomes one. */
interface Finding {
  readonly code: ErrorCode;
  readonly severity: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
  readonly origin: ProblemOrigin | undefined;
  /** The absolute file a problem-less error's message names (a config file not found), shown relative in CI formats. */
  readonly file?: string | undefined;
}

interface FileOutcome {
  readonly result: CheckedFile;
  readonly exitCode: number;
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
}

export function renderCheck(results: readonly CheckedFile[], ctx: RenderContext): Rendered {
  const outcomes = results.map((result) => outcomeOf(result, ctx.strict));
  const exitCode = Math.max(ExitCode.OK, ...outcomes.map((o) => o.exitCode));
  switch (ctx.format) {
    case 'text':
      return { output: renderText(outcomes, ctx), exitCode };
    case 'json':
      return { output: [['stdout', outcomes.map((o) => `${JSON.stringify(jsonReport(o, ctx.cwd))}\n`).join('')]], exitCode };
    case 'github':
      return { output: [['stdout', renderGithub(outcomes, ctx.cwd)]], exitCode };
    case 'sarif':
      return { output: [['stdout', `${JSON.stringify(sarifLog(outcomes, ctx), null, 2)}\n`]], exitCode };
  }
}

/** The exit code for one file: warnings pass unless `strict`; `exitCodeOf` decides between 1 and 2. */
export function exitCodeOfResult(result: CheckedFile, strict: boolean): number {
  const { error } = result;
  if (error === null) return ExitCode.OK;
  const onlyWarnings = error.problems.length > 0 && error.problems.every((p) => severityOf(p) === 'warning');
  if (onlyWarnings) return strict ? ExitCode.CONFIG_INVALID : ExitCode.OK;
  return exitCodeOf(error);
}

const severityOf = (problem: ConfigProblem): 'error' | 'warning' => problem.severity ?? 'error';

function outcomeOf(result: CheckedFile, strict: boolean): FileOutcome {
  const { error } = result;
  const findings: Finding[] =
    error === null
      ? []
      : error.problems.length === 0
        ? [{ code: error.code, severity: 'error', path: '', message: error.message, origin: undefined, file: error.file }]
        : error.problems.map((p) => ({ code: p.code ?? error.code, severity: severityOf(p), path: p.path, message: p.message, origin: p.origin }));
  return {
    result,
    exitCode: exitCodeOfResult(result, strict),
    errors: findings.filter((f) => f.severity === 'error'),
    warnings: findings.filter((f) => f.severity === 'warning'),
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A path relative to the working directory with `/` separators, as CI tools and SARIF want it. */
export function relativePosix(file: string, cwd: string): string {
  return relative(cwd, file).split(sep).join('/');
}

// --- text ------------------------------------------------------------------------------------

/** `LOCATION: warning: PATH: MESSAGE [CODE]`; a warning without an origin is located at its file. */
function warningLine(w: Finding, configFile: string | null, cwd: string): string {
  const body = problemLine({ path: w.path, message: w.message }, cwd);
  const origin = w.origin ?? (configFile === null ? undefined : ({ kind: 'file', file: configFile } as const));
  const where = origin === undefined ? '' : `${formatOrigin(origin.kind === 'file' ? { ...origin, file: displayPath(origin.file, cwd) } : origin)}: `;
  return `${where}warning: ${body} [${w.code}]`;
}

function renderText(outcomes: readonly FileOutcome[], ctx: RenderContext): Output {
  const output: ['stdout' | 'stderr', string][] = [];
  const print = (stream: 'stdout' | 'stderr', text: string): void => void (text === '' || output.push([stream, text]));
  for (const o of outcomes) {
    const { result } = o;
    const where = result.configFile === null ? 'the command-line config' : displayPath(result.configFile, ctx.cwd);
    const warnings = o.warnings.map((w) => warningLine(w, result.configFile, ctx.cwd));
    if (o.errors.length > 0 && result.error !== null) {
      // The error block is the one every command prints (its text is pinned by the corpus); the
      // warnings follow it, indented like its problems.
      const error = result.error;
      const errorsOnly = o.warnings.length === 0 ? error : new TsgunError(error.code, error.message, { problems: error.problems.filter((p) => severityOf(p) === 'error'), file: error.file });
      print('stderr', formatError(errorsOnly, ctx.cwd) + warnings.map((line) => `  ${line}\n`).join(''));
    } else if (o.exitCode !== ExitCode.OK) {
      print('stderr', `tsgun: ${where} has ${plural(warnings.length, 'warning')}, which fail the check with --strict\n${warnings.map((line) => `  ${line}\n`).join('')}`);
    } else {
      const config = result.config;
      const summary = config === null ? '' : ` (app ${config.settings.app}, ${plural(config.binds.length, 'bind')}, ${config.settings.workers} workers)`;
      print('stdout', `${where}: config is valid${summary}\n`);
      print('stderr', warnings.map((line) => `${line}\n`).join(''));
    }
  }
  return output;
}

// --- json ------------------------------------------------------------------------------------

function jsonProblem(f: Finding, cwd: string): JsonCheckProblem {
  const origin = f.origin === undefined ? null : f.origin.kind === 'file' ? { ...f.origin, relativePath: relativePosix(f.origin.file, cwd) } : f.origin;
  return { code: f.code, path: f.path, message: f.message, origin };
}

/** One file's report in the stable JSON shape of `check --format json`, for other commands to print alike. */
export function checkReportOf(result: CheckedFile, strict: boolean, cwd: string): CheckReport {
  return jsonReport(outcomeOf(result, strict), cwd);
}

function jsonReport(o: FileOutcome, cwd: string): CheckReport {
  return {
    valid: o.exitCode === ExitCode.OK,
    configFile: o.result.configFile,
    errors: o.errors.map((f) => jsonProblem(f, cwd)),
    warnings: o.warnings.map((f) => jsonProblem(f, cwd)),
  };
}

// --- github ----------------------------------------------------------------------------------
// Workflow commands: `::error file=…,line=…,col=…,title=…::message`. The runner reads `%`, CR and
// LF as escapes in the message, and also `:` and `,` in property values (the rules of @actions/core).

export const escapeData = (s: string): string => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
export const escapeProperty = (s: string): string => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

/** `PATH: MESSAGE`, led by the env var or flag when the value came from one (it has no file to annotate). */
function messageOf(f: Finding, cwd: string): string {
  const message = f.file === undefined ? f.message : f.message.replace(f.file, relativePosix(f.file, cwd));
  const body = f.path === '' ? message : `${f.path}: ${message}`;
  return f.origin !== undefined && f.origin.kind !== 'file' ? `${formatOrigin(f.origin)}: ${body}` : body;
}

function githubCommand(f: Finding, cwd: string): string {
  const props: [string, string][] = [];
  if (f.origin?.kind === 'file') {
    props.push(['file', relativePosix(f.origin.file, cwd)]);
    if (f.origin.line !== undefined) props.push(['line', String(f.origin.line)]);
    if (f.origin.column !== undefined) props.push(['col', String(f.origin.column)]);
  }
  props.push(['title', f.code]);
  return `::${f.severity} ${props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',')}::${escapeData(messageOf(f, cwd))}\n`;
}

function renderGithub(outcomes: readonly FileOutcome[], cwd: string): string {
  const commands = outcomes.flatMap((o) => [...o.errors, ...o.warnings].map((f) => githubCommand(f, cwd)));
  const failed = outcomes.filter((o) => o.exitCode !== ExitCode.OK).length;
  const errors = outcomes.reduce((n, o) => n + o.errors.length, 0);
  const warnings = outcomes.reduce((n, o) => n + o.warnings.length, 0);
  const verdict = failed === 0 ? 'all passed' : `${failed} failed`;
  return `${commands.join('')}tsgun check: ${plural(outcomes.length, 'config file')} checked, ${verdict} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})\n`;
}

// --- sarif -----------------------------------------------------------------------------------
// One log, one run, every file of the run. GitHub code scanning reads ruleId, level, message.text
// and the first location; rules need a short and a full description and a help text.

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

function sarifRule(code: ErrorCode): object {
  const entry = errorCodes[code] as { summary: string; remedy: string } | undefined;
  const summary = entry?.summary ?? code;
  const remedy = entry?.remedy ?? summary;
  return { id: code, name: code, shortDescription: { text: summary }, fullDescription: { text: `${summary} ${remedy}` }, help: { text: remedy }, defaultConfiguration: { level: 'error' } };
}

function sarifLocations(f: Finding, cwd: string): object[] {
  // Only a file origin is a place in the repository; a value from an env var or a flag is named in the message.
  if (f.origin?.kind !== 'file') return [];
  const uri = relativePosix(f.origin.file, cwd).split('/').map(encodeURIComponent).join('/');
  const region = f.origin.line === undefined ? undefined : f.origin.column === undefined ? { startLine: f.origin.line } : { startLine: f.origin.line, startColumn: f.origin.column };
  return [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, ...(region === undefined ? {} : { region }) } }];
}

function sarifLog(outcomes: readonly FileOutcome[], ctx: RenderContext): object {
  const findings = outcomes.flatMap((o) => [...o.errors, ...o.warnings]);
  const codes = [...new Set(findings.map((f) => f.code))];
  const results = findings.map((f) => {
    const locations = sarifLocations(f, ctx.cwd);
    return { ruleId: f.code, ruleIndex: codes.indexOf(f.code), level: f.severity, message: { text: messageOf(f, ctx.cwd) }, ...(locations.length === 0 ? {} : { locations }) };
  });
  const root = pathToFileURL(ctx.cwd).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'tsgun', version: ctx.version, rules: codes.map(sarifRule) } },
        originalUriBaseIds: { '%SRCROOT%': { uri: root.endsWith('/') ? root : `${root}/` } },
        results,
      },
    ],
  };
}
