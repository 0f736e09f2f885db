// Runs the real tsgun CLI (from source) as a child process and collects what it printed.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { scaled } from './time.ts';

export const repoRoot = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
export const cliEntry = join(repoRoot, 'src/cli/main.ts');

const SYSTEMD_VARS = new Set(['NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID']);

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Added to a clean environment (no inherited TSGUN_* variables). */
  readonly env?: Record<string, string>;
  /** Nominal (scaled by TSGUN_TEST_TIME_SCALE); the process is killed past it. Default 30 s. */
  readonly timeoutMs?: number;
}

/**
 * The environment without TSGUN_* variables, so that the developer's shell cannot leak into a test
 * (nor the runner's own TSGUN_TEST_TIME_SCALE into the config, whose validator rejects unknown TSGUN_* names),
 * and without systemd's notification variables: tests run under a systemd unit must not notify it.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TSGUN_') && !SYSTEMD_VARS.has(k)) env[k] = v;
  return { ...env, ...extra };
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=tsgun-source', cliEntry, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: scaled(options.timeoutMs ?? 30_000),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A fresh temporary directory, removed when the test ends. */
export function tempDir(t: TestContext, prefix = 'tsgun-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Makes `import ... from 'tsgun'` work in a temporary project, as an installed tsgun would. */
export function linkTsgun(dir: string): void {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(repoRoot, join(dir, 'node_modules', 'tsgun'), 'dir');
}
