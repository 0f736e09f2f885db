// The tsgun command line: `tsgun [serve] [APP]`, `tsgun check`, `tsgun print-config`. Builds the
// commander program; each command's work lives in its own module. Returns an exit code, never exits.
// A command's modules (config loading, the master, yaml…) are imported only when it runs, so that
// `tsgun --help` or a usage error loads little more than commander and the settings registry.

import { Command, CommanderError, Option } from 'commander';
import type { LenientLoad, LoadConfigOptions } from '../config/load-config.ts';
import type { CliValue } from '../config/layers.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { formatError } from '../errors/report.ts';
import { COMMANDS } from './commands.ts';
import { addSettingOptions, readSettingOptions } from './setting-options.ts';
import { version } from './version.ts';

export interface CliIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * `stdout` is this process's own (main.ts): what a config loaded in this process prints is then
   * sent to stderr while it loads (printing-to-stderr.ts). Not for a CLI run inside another program
   * (a test), whose stdout is not the report's.
   */
  readonly ownsProcessStdout?: boolean;
}

/** The options of `tsgun check` (docs/cli.md). */
export interface CheckOptions {
  readonly format: 'text' | 'json' | 'github' | 'sarif';
  /** Warnings fail the check too. */
  readonly strict: boolean;
  /** 'ci': only the checks that do not depend on the machine the config will run on. */
  readonly target: 'machine' | 'ci';
  /** false with --no-app: the app is not imported. */
  readonly app: boolean;
}

/** Everything a command needs to resolve the config the way the user asked. */
export interface ConfigRequest {
  readonly configPath: string | undefined;
  readonly cli: CliValue[];
  readonly io: CliIo;
}

/**
 * The settings `reload` and `upgrade` read themselves: where the master is, how long to wait for it.
 * Any other (and an APP) is the master's config's: the master reads its config file again with the
 * flags it was started with, so such a flag changed nothing while the command said 'committed'.
 */
const OWN_FLAGS = new Set(['controlSocket', 'pidfile', 'bootTimeout', 'hookTimeout', 'gracefulTimeout']);

function refuseSettingFlags(request: ConfigRequest, name: string): void {
  const given = request.cli.filter((v) => !OWN_FLAGS.has(v.setting)).map((v) => v.flag);
  if (given.length === 0) return;
  throw new TsgunError(
    'TSG_USAGE',
    `tsgun ${name} does not apply ${[...new Set(given)].join(', ')}: the master reads its config file again, with the flags it was started with; change the config file (or restart tsgun with the flag)`,
  );
}

async function loadOptions(request: ConfigRequest, command: 'serve' | 'check' | 'print-config' | 'reload'): Promise<LoadConfigOptions> {
  const [{ loadOptionsFor }, { verifyAccounts }] = await Promise.all([import('../config/load-config.ts'), import('../sys/privileges.ts')]);
  return loadOptionsFor({ configPath: request.configPath, cwd: request.io.cwd, env: request.io.env, cli: request.cli }, command, verifyAccounts);
}

export async function requestConfig(request: ConfigRequest, command: 'serve' | 'check' | 'print-config' | 'reload'): Promise<ResolvedConfig> {
  const [{ loadConfig }, { printingToStderr }] = await Promise.all([import('../config/load-config.ts'), import('./printing-to-stderr.ts')]);
  const options = await loadOptions(request, command);
  return printingToStderr(request.io, () => loadConfig(options));
}

function configRequest(command: Command, app: string | undefined, io: CliIo): ConfigRequest {
  const cli = readSettingOptions(command);
  if (app !== undefined) cli.push({ setting: 'app', flag: 'APP', raw: app });
  return { configPath: command.opts<{ config?: string }>().config, cli, io };
}

export async function runCli(io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.OK;
  const program = new Command('tsgun')
    .description('A configuration-first, pre-fork HTTP server for Node.js apps.')
    .version(version(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run `tsgun --help` for usage)');

  const withConfig = (command: Command): Command =>
    addSettingOptions(command.argument('[APP]', 'the app module (same as --app)').option('-c, --config <path>', 'the config file (default: searched from the working directory) [TSGUN_CONFIG]'));

  let served: number = ExitCode.OK;
  withConfig(program.command('serve', { isDefault: true }).description('Start the server (the default command).')).action(async (app: string | undefined, _opts: unknown, command: Command) => {
    exitCode = await reporting(io, async () => {
      const misspelt = app === undefined ? undefined : misspeltCommand(app, io.cwd);
      if (misspelt !== undefined) throw new TsgunError('TSG_USAGE', `unknown command "${app}". Did you mean "${misspelt}"?`);
      const request = configRequest(command, app, io);
      // Read in a throwaway process (master/config-reader.ts): the master never loads the config
      // machinery. What the config prints is held until the master captures its output.
      const { printHere, readConfig } = await import('../master/config-reader.ts');
      const printed: { stream: 'stdout' | 'stderr'; chunk: Buffer }[] = [];
      const reading = readConfig({ configPath: request.configPath, cwd: io.cwd, env: io.env, cli: request.cli }, { printed: (stream, chunk) => printed.push({ stream, chunk }) });
      // The master's own modules load while the reader works, on the other core (the reader is
      // spawned first: Node loads an import's files before it returns).
      const master = import('../master/run-master.ts');
      master.catch(() => undefined);
      let config;
      try {
        config = await reading;
      } catch (error) {
        for (const { stream, chunk } of printed) printHere(stream, chunk);
        throw error;
      }
      const { runMaster } = await master;
      served = await runMaster(config, { env: io.env, cli: request.cli, cwd: io.cwd, printed });
    });
    if (exitCode === ExitCode.OK) exitCode = served;
  });

  addSettingOptions(
    program
      .command('check')
      .description(
        'Check config files and exit: 0 valid, 1 invalid, 2 could not check. FILE... are config files, each checked on its own (as lint-staged and pre-commit call a linter); none: --config, else the one found from the working directory.',
      )
      .argument('[FILE...]', 'config files to check, one by one')
      .option('-c, --config <path>', 'the config file (default: searched from the working directory) [TSGUN_CONFIG]'),
  )
    .addOption(
      new Option('--format <format>', 'output format: text for people, json (stable), github (workflow commands), sarif (SARIF 2.1.0)').choices(['text', 'json', 'github', 'sarif']).default('text'),
    )
    .option('--strict', 'warnings fail the check too (exit 1)')
    .addOption(
      new Option('--target <target>', 'machine: every check, as on the machine that will run it; ci: only the checks that do not depend on that machine (no file system, accounts or app import)')
        .choices(['machine', 'ci'])
        .default('machine'),
    )
    // `--no-app` would share commander's attribute with the setting flag `--app <module>` (the last
    // one given would win): argvFor() renames it to this hidden switch before parsing.
    .option('--no-app', 'do not import the app to check it (importing an app can have side effects)')
    .addOption(new Option(SKIP_APP_FLAG).hideHelp())
    .action(async (files: string[], opts: Omit<CheckOptions, 'app'> & { config?: string; skipAppImport?: boolean }, command: Command) => {
      const base = configRequest(command, undefined, io);
      if (files.length > 0 && opts.config !== undefined) {
        exitCode = await reporting(io, async () => {
          throw new TsgunError('TSG_USAGE', 'give config files either as arguments or with --config, not both');
        });
        return;
      }
      const requests = files.length === 0 ? [base] : files.map((file) => ({ ...base, configPath: file }));
      const { runCheck } = await import('./check.ts');
      exitCode = await runCheck(requests, { format: opts.format, strict: opts.strict === true, target: opts.target, app: opts.skipAppImport !== true });
    });

  withConfig(program.command('print-config').description('Print every resolved setting with where its value came from (--as-config: as a config file that loads back).'))
    .addOption(new Option('--format <format>', 'output format; an invalid config is then reported in it too, on stdout').choices(['yaml', 'json']).default('yaml'))
    .option('--as-config', 'print the resolved values as a config file tsgun loads back (with $schema; in YAML, sources as comments)')
    .option('--show-secrets', 'print `env` values whose names look like secrets (*PASSWORD*, *TOKEN*, *KEY*, …) and URL passwords in clear')
    .action(async (app: string | undefined, opts: { format: 'yaml' | 'json'; asConfig?: boolean; showSecrets?: boolean }, command: Command) => {
      const { printConfigCommand } = await import('./print-config.ts');
      const options = { format: opts.format, formatGiven: command.getOptionValueSource('format') === 'cli', asConfig: opts.asConfig === true, showSecrets: opts.showSecrets === true };
      exitCode = await printConfigCommand(configRequest(command, app, io), options);
    });

  withConfig(program.command('reload').description('Reload the running master and wait for the outcome: 0 committed, 7 rolled back, 2 no master.'))
    .option('--dry-run', 'print the plan the master would follow (changes by reload class, listeners, workers, hooks) and change nothing: 0 it would proceed, 7 refused, 2 no master')
    .addOption(new Option('--format <format>', 'output format of --dry-run: text for people, json (stable)').choices(['text', 'json']).default('text'))
    .action(async (app: string | undefined, opts: { dryRun?: boolean; format: 'text' | 'json' }, command: Command) => {
      let reloaded: number = ExitCode.OK;
      exitCode = await reporting(io, async () => {
        const request = configRequest(command, app, io);
        refuseSettingFlags(request, opts.dryRun === true ? 'reload --dry-run' : 'reload');
        const lenient = async () => (await import('../config/load-config.ts')).loadConfigLeniently(await loadOptions(request, 'reload'));
        if (opts.dryRun === true) {
          // Validated here, strictly: the plan is for a config the master would accept.
          const { runReloadDryRun } = await import('./reload-dry-run.ts');
          reloaded = await runReloadDryRun(request, opts.format, lenient);
          return;
        }
        if (command.getOptionValueSource('format') === 'cli') throw new TsgunError('TSG_USAGE', '--format is the output format of --dry-run; a reload prints one line');
        // Not validated here: the master re-reads the config and reports its problems as a
        // rolled-back reload (exit 7). This process only needs to find the master.
        const { runReload } = await import('./reload.ts');
        reloaded = await runReload(await lenient(), io);
      });
      if (exitCode === ExitCode.OK) exitCode = reloaded;
    });

  withConfig(
    program.command('upgrade').description('Start a new master from the installed tsgun and Node on the same sockets (SIGUSR2) and wait: 0 it took over, 7 refused or rolled back, 2 no master.'),
  ).action(async (app: string | undefined, _opts: unknown, command: Command) => {
    let upgraded: number = ExitCode.OK;
    exitCode = await reporting(io, async () => {
      // Not validated here, as for reload: the new master loads the config itself, and a config it
      // cannot start with is a rolled-back upgrade (exit 7).
      const request = configRequest(command, app, io);
      refuseSettingFlags(request, 'upgrade');
      const { loadConfigLeniently } = await import('../config/load-config.ts');
      const { runUpgrade } = await import('./upgrade.ts');
      upgraded = await runUpgrade(await loadConfigLeniently(await loadOptions(request, 'reload')), io);
    });
    if (exitCode === ExitCode.OK) exitCode = upgraded;
  });

  // The commands that steer a running master (control-client.ts finds it): each loads the config
  // leniently, only to find the master, as `tsgun reload` does.
  const steering = (name: string, description: string): Command =>
    addSettingOptions(program.command(name).description(description).option('-c, --config <path>', 'the config file (default: searched from the working directory) [TSGUN_CONFIG]'));
  const steer = async (command: Command, run: (loaded: LenientLoad) => Promise<number>): Promise<void> => {
    let result: number = ExitCode.OK;
    exitCode = await reporting(io, async () => {
      const request = configRequest(command, undefined, io);
      result = await run(await (await import('../config/load-config.ts')).loadConfigLeniently(await loadOptions(request, 'reload')));
    });
    if (exitCode === ExitCode.OK) exitCode = result;
  };

  steering('status', 'Show the running master and its workers (needs the control socket): 0 answered, 2 no master.')
    .addOption(new Option('--format <format>', 'output format: text for people, json (stable, docs/cli.md)').choices(['text', 'json']).default('text'))
    .action(async (opts: { format: 'text' | 'json' }, command: Command) => {
      await steer(command, async (loaded) => (await import('./status.ts')).runStatus(loaded, opts.format, io));
    });

  steering('scale', 'Set the worker count (4) or change it (+2, -1), as TTIN/TTOU do, and wait until the workers have settled (needs the control socket): 0 done, 2 refused or no master.')
    .argument('<count>', 'N, +N or -N')
    // `-1` is a count, not an option: unknown options are taken as the argument.
    .allowUnknownOption()
    .action(async (count: string, _opts: unknown, command: Command) => {
      await steer(command, async (loaded) => {
        const scale = await import('./scale.ts');
        return scale.runScale(loaded, scale.parseScaleArgument(count), io);
      });
    });

  steering('stop', 'Stop the running master (SIGTERM, or SIGINT with --fast) and wait until it has exited: 0 stopped, 2 no master or still running at the deadline.')
    .option('--fast', 'close connections now instead of letting in-flight requests finish (SIGINT)')
    .action(async (opts: { fast?: boolean }, command: Command) => {
      await steer(command, async (loaded) => (await import('./stop.ts')).runStop(loaded, opts.fast === true, io));
    });

  steering('reopen-logs', 'Reopen the log files after rotation (SIGUSR1): 0 asked, 2 no master.').action(async (_opts: unknown, command: Command) => {
    await steer(command, async (loaded) => (await import('./reopen-logs.ts')).runReopenLogs(loaded, io));
  });

  try {
    await program.parseAsync(argvFor(io.argv), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return benign ? ExitCode.OK : ExitCode.USAGE;
    }
    throw error;
  }
  return exitCode;
}

const SKIP_APP_FLAG = '--skip-app-import';

/** `tsgun check … --no-app …` with `--no-app` renamed (see the check command), up to a `--`. */
function argvFor(argv: readonly string[]): string[] {
  if (argv[0] !== 'check') return [...argv];
  const end = argv.indexOf('--');
  return argv.map((arg, i) => (arg === '--no-app' && (end === -1 || i < end) ? SKIP_APP_FLAG : arg));
}

/** Runs a command body; a thrown error is printed and becomes the exit code. */
export async function reporting(io: CliIo, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return ExitCode.OK;
  } catch (error) {
    io.stderr(formatError(error, io.cwd));
    return exitCodeOf(error);
  }
}

export function exitCodeOf(error: unknown): number {
  if (!(error instanceof TsgunError)) return ExitCode.USAGE;
  switch (error.code) {
    case 'TSG_CONFIG_INVALID':
    case 'TSG_CONFIG_LOAD':
      return ExitCode.CONFIG_INVALID;
    default:
      return ExitCode.USAGE;
  }
}

/** `tsgun chek` is a typo for a command, not an app called "chek", unless such a file exists. */
function misspeltCommand(app: string, cwd: string): string | undefined {
  if (/[./:#\\]/.test(app)) return undefined;
  const candidate = didYouMean(app, COMMANDS);
  if (candidate === undefined) return undefined;
  try {
    process.getBuiltinModule('node:fs').statSync(`${cwd}/${app}`);
    return undefined;
  } catch {
    return candidate;
  }
}
