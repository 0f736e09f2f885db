// Loads the user's app module and turns whatever it exports into one node request listener:
// a `(req, res)` listener (Express, Connect, Next), a Fetch handler (Hono), a Koa app, a Fastify
// instance, or a (possibly async) factory returning one of these. Each failure has its own reason,
// because "could not load the app" alone sends people hunting.

import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppSpec } from '../config/resolved-config.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { describe } from './describe-value.ts';
import type { FetchHandler } from './fetch-bridge.ts';
import { http2Aware } from './express-h2.ts';

export type AppKind = 'listener' | 'fetch' | 'koa' | 'fastify';
export type AppLoadReason = 'module-not-found' | 'export-missing' | 'not-a-handler' | 'import-threw' | 'factory-threw' | 'on-boot-threw';
type Listener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
type Lifecycle = () => unknown;

export interface LoadedApp {
  readonly kind: AppKind;
  readonly listener: Listener;
  /** The module's `onBoot` export: run once per worker before it listens. */
  readonly onBoot?: Lifecycle | undefined;
  /** The module's `onShutdown` export: run once per worker after a graceful drain. */
  readonly onShutdown?: Lifecycle | undefined;
  /** Closes a framework instance (Fastify's onClose hooks). */
  readonly close?: (() => Promise<void>) | undefined;
}

export class AppLoadError extends TsgunError {
  readonly reason: AppLoadReason;

  constructor(reason: AppLoadReason, message: string, cause?: unknown) {
    super('TSG_APP_LOAD', message, { cause });
    this.reason = reason;
    // The stack of what the app threw is the useful one; ours says only "in the loader".
    if (cause instanceof Error && cause.stack !== undefined) this.stack = `${this.name}: ${message}\n  caused by: ${cause.stack}`;
  }
}

const DEFAULT_EXPORTS = ['default', 'app', 'handler', 'fetch'] as const;
const LIFECYCLE_EXPORTS = new Set(['onBoot', 'onShutdown']);

function moduleUrl(spec: AppSpec): string {
  if (spec.isFile) {
    if (!existsSync(spec.module)) throw new AppLoadError('module-not-found', `app module ${spec.module} does not exist`);
    return pathToFileURL(spec.module).href;
  }
  try {
    return pathToFileURL(createRequire(join(spec.baseDir, 'noop.js')).resolve(spec.module)).href;
  } catch (error) {
    throw new AppLoadError('module-not-found', `app package ${spec.module} cannot be resolved from ${spec.baseDir}: ${(error as Error).message.split('\n')[0]}`, error);
  }
}

function pickExport(spec: AppSpec, namespace: Record<string, unknown>): { name: string; value: unknown } {
  const names = Object.keys(namespace);
  if (spec.exportName !== null) {
    if (spec.exportName in namespace && namespace[spec.exportName] !== undefined) return { name: spec.exportName, value: namespace[spec.exportName] };
    const hint = didYouMean(spec.exportName, names);
    throw new AppLoadError(
      'export-missing',
      `${spec.module} has no export named "${spec.exportName}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; its exports are: ${names.join(', ') || '(none)'}`,
    );
  }
  for (const name of DEFAULT_EXPORTS) {
    if (namespace[name] !== undefined) return { name, value: namespace[name] };
  }
  throw new AppLoadError(
    'export-missing',
    `${spec.module} exports no app: tsgun looks for a default export, then one named ${DEFAULT_EXPORTS.slice(1).join(', ')}; its exports are: ${names.filter((n) => !LIFECYCLE_EXPORTS.has(n)).join(', ') || '(none)'}. Name the export with "${spec.module}#name".`,
  );
}

interface FastifyLike {
  routing: Listener;
  ready: () => PromiseLike<unknown>;
  close: () => PromiseLike<unknown>;
}
interface KoaLike {
  callback: () => Listener;
  use: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => (typeof v === 'object' && v !== null) || typeof v === 'function';
const isFastify = (v: unknown): v is FastifyLike => isObject(v) && typeof v.routing === 'function' && typeof v.ready === 'function' && typeof v.close === 'function';
const isKoa = (v: unknown): v is KoaLike => isObject(v) && typeof v.callback === 'function' && typeof v.use === 'function';
const hasFetch = (v: unknown): v is { fetch: FetchHandler } => isObject(v) && typeof v.fetch === 'function';

/** The Fetch bridge, imported only for a Fetch app: it loads undici (~12 MiB, ~45 ms), which a Node listener never needs. */
async function fetchListener(handler: FetchHandler): Promise<Listener> {
  return (await import('./fetch-bridge.ts')).fetchListener(handler);
}

/** Classifies an exported value. Factories are called once (their result is classified again). */
async function adapt(value: unknown, exportName: string, where: string, allowFactory: boolean): Promise<Omit<LoadedApp, 'onBoot' | 'onShutdown'>> {
  // Fastify and Koa instances are checked first: a Fastify instance is also callable-looking
  // in some versions, and a Koa app has no `fetch`.
  if (isFastify(value)) {
    await value.ready();
    return { kind: 'fastify', listener: (req, res) => value.routing(req, res), close: async () => void (await value.close()) };
  }
  if (isKoa(value)) return { kind: 'koa', listener: value.callback() };
  if (hasFetch(value)) {
    // Keep `this` bound: Hono's fetch is an arrow, but class-based apps use methods.
    const app = value;
    return { kind: 'fetch', listener: await fetchListener((request, ctx) => app.fetch(request, ctx)) };
  }
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    if (fn.length >= 2) return { kind: 'listener', listener: http2Aware(fn as Listener) };
    if (fn.length === 1 || exportName === 'fetch') return { kind: 'fetch', listener: await fetchListener(fn as FetchHandler) };
    if (allowFactory) {
      let produced: unknown;
      try {
        produced = await fn();
      } catch (error) {
        throw new AppLoadError('factory-threw', `the app factory ${where} threw: ${(error as Error)?.message ?? String(error)}`, error);
      }
      return adapt(produced, exportName, `returned by the factory ${where}`, false);
    }
  }
  throw new AppLoadError(
    'not-a-handler',
    `${where} is ${describe(value)}, which is not an app: export a (req, res) listener, an object with fetch(request), a function fetch(request), a Koa app, a Fastify instance, or a factory (a function of no parameters) returning one of these`,
  );
}

export async function loadApp(spec: AppSpec): Promise<LoadedApp> {
  const url = moduleUrl(spec);
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { url?: string };
    if (e.code === 'ERR_MODULE_NOT_FOUND' && !spec.isFile && e.url === undefined && e.message.includes(`'${spec.module}'`)) {
      throw new AppLoadError('module-not-found', `app package ${spec.module} was not found`, error);
    }
    throw new AppLoadError('import-threw', `importing ${spec.module} threw: ${e?.message ?? String(error)}`, error);
  }
  const picked = pickExport(spec, namespace);
  const adapted = await adapt(picked.value, picked.name, `export "${picked.name}" of ${spec.module}`, true);
  const lifecycle = (name: string): Lifecycle | undefined => {
    const fn = namespace[name];
    if (fn === undefined) return undefined;
    if (typeof fn !== 'function') throw new AppLoadError('not-a-handler', `export "${name}" of ${spec.module} is ${describe(fn)}, expected a function`);
    return fn as Lifecycle;
  };
  return { ...adapted, onBoot: lifecycle('onBoot'), onShutdown: lifecycle('onShutdown') };
}
