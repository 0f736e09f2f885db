// HTTP/2 load for "nothing was dropped" assertions: `streams` requests kept in flight over a few
// sessions, each sent as soon as the previous one on its lane is answered, until stopped or a bound
// is reached. A client does the least any client must do with GOAWAY: it finishes the streams it
// has and opens its next ones on a new session (never on one that said GOAWAY). It sends nothing
// again: a stream that fails, even one the server refused unprocessed (REFUSED_STREAM, which RFC
// 9113 sections 6.8 and 8.7 would let it retry), is recorded with its reason, as is every answer
// other than 200 `<version> pid <pid>`.
//
// One failure is the client's own and is counted apart (`unsent`): Node's client refuses itself,
// as REFUSED_STREAM, a request it had queued but not yet written when a GOAWAY arrived (nghttp2
// starts no stream after one: NGHTTP2_ERR_START_STREAM_NOT_ALLOWED, "frame type 1 was not sent,
// code: -516" under NODE_DEBUG_NATIVE=HTTP2SESSION). The server never saw it; no server can
// prevent it. It is told from a refusal by the server by the GOAWAY's last stream id: a stream at or
// below it was not refused by the server.

import http2, { type ClientHttp2Session } from 'node:http2';
import { scaled } from './time.ts';

export interface H2LoadOptions {
  /** Concurrent streams in total, spread over `sessions` sessions. */
  readonly streams: number;
  readonly sessions: number;
  readonly maxRequests?: number;
  /** Nominal, scaled by TSGUN_TEST_TIME_SCALE. */
  readonly maxMs?: number;
  readonly path?: string;
  /** For h2 over TLS: the server name to send (and the certificate is not checked). */
  readonly servername?: string;
}

export interface H2LoadResult {
  readonly ok: number;
  readonly errors: readonly string[];
  readonly rejected: readonly string[];
  /** GOAWAY frames the client sessions received. */
  readonly goaways: number;
  /** Of `errors`, the streams the server refused unprocessed (above a GOAWAY's last stream id). */
  readonly refused: number;
  /** Streams Node's client refused itself before sending them (not in `errors`; see above). */
  readonly unsent: number;
  readonly sessionsOpened: number;
  readonly versions: ReadonlyMap<number, ReadonlySet<string>>;
}

export interface H2Load {
  readonly ok: number;
  readonly goaways: number;
  /** Resolves once `n` more streams than now succeeded; rejects if the load ends first. */
  more(n: number): Promise<void>;
  stop(): Promise<H2LoadResult>;
}

/** A stream refused unprocessed (RFC 9113 section 8.7): safe to send again. */
export class RefusedStream extends Error {
  readonly streamId: number | undefined;
  constructor(message: string, streamId: number | undefined) {
    super(message);
    this.streamId = streamId;
  }
}

/** One GET over `session`: status and body, or a rejection with the stream's error (RefusedStream for REFUSED_STREAM). */
export function h2Get(session: ClientHttp2Session, path = '/', extra: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path, ...extra });
    let status = 0;
    let headers: Record<string, unknown> = {};
    let body = '';
    stream.on('response', (h) => {
      status = Number(h[':status']);
      headers = h;
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (body += chunk));
    stream.on('end', () => resolve({ status, body, headers }));
    stream.on('error', (error: Error) => reject(stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM ? new RefusedStream(error.message, stream.id) : error));
    stream.on('close', () => {
      if (stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM) reject(new RefusedStream('REFUSED_STREAM', stream.id));
      else if (stream.rstCode !== undefined && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) reject(new Error(`stream reset with code ${stream.rstCode}`));
      // Closed with no error and no end (its session closed under it): a failure, never a wait forever.
      // 'end' comes before 'close', so an answered stream has resolved already.
      else reject(new Error(`stream ${stream.id ?? '(unsent)'} closed without a complete response (status ${status}, rstCode ${stream.rstCode})`));
    });
  });
}

export function startH2Load(url: string, options: H2LoadOptions): H2Load {
  const maxRequests = options.maxRequests ?? 100_000;
  const deadline = Date.now() + scaled(options.maxMs ?? 30_000);
  const connectOptions = url.startsWith('https:') ? { rejectUnauthorized: false, ...(options.servername === undefined ? {} : { servername: options.servername }) } : {};
  let stopped = false;
  let issued = 0;
  let ok = 0;
  let goaways = 0;
  let opened = 0;
  let refused = 0;
  let unsent = 0;
  /** The lowest last stream id of the GOAWAYs each session received. */
  const lastStream = new WeakMap<ClientHttp2Session, number>();
  const errors: string[] = [];
  const rejected: string[] = [];
  const versions = new Map<number, Set<string>>();
  const all: ClientHttp2Session[] = [];
  let waiters: { n: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const usable = (s: ClientHttp2Session | null): s is ClientHttp2Session => s !== null && !s.closed && !s.destroyed && !(s as { goneAway?: boolean }).goneAway;
  const slots: (ClientHttp2Session | null)[] = Array.from({ length: options.sessions }, () => null);
  const sessionFor = (slot: number): ClientHttp2Session => {
    const current = slots[slot]!;
    if (usable(current)) return current;
    const session = http2.connect(url, connectOptions);
    opened++;
    all.push(session);
    session.on('goaway', (_code: number, last: number) => {
      goaways++;
      lastStream.set(session, Math.min(last, lastStream.get(session) ?? last));
      (session as { goneAway?: boolean }).goneAway = true;
    });
    // A session error also fails its streams, which record it.
    session.on('error', () => undefined);
    slots[slot] = session;
    return session;
  };
  const lane = async (index: number): Promise<void> => {
    while (!stopped && issued < maxRequests && Date.now() < deadline) {
      issued++;
      const session = sessionFor(index % options.sessions);
      try {
        const res = await h2Get(session, options.path ?? '/');
        const m = /^(\S+) pid (\d+)/.exec(res.body);
        if (res.status !== 200 || m === null) {
          rejected.push(`status ${res.status}: ${res.body.slice(0, 200)}`);
          continue;
        }
        ok++;
        const pid = Number(m[2]);
        if (!versions.has(pid)) versions.set(pid, new Set());
        versions.get(pid)!.add(m[1]!);
        waiters = waiters.filter((w) => (ok < w.n ? true : (w.resolve(), false)));
      } catch (error) {
        if (error instanceof RefusedStream) {
          const last = lastStream.get(session);
          if (last !== undefined && error.streamId !== undefined && error.streamId <= last) {
            unsent++;
            continue;
          }
          refused++;
        }
        errors.push(`${error instanceof RefusedStream ? 'REFUSED_STREAM' : ((error as NodeJS.ErrnoException).code ?? '')} ${(error as Error).message}`.trim());
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.streams }, (_, i) => lane(i))).then(() => {
    for (const session of all) session.close();
    for (const w of waiters) w.reject(new Error(`the h2 load ended after ${ok} streams, before ${w.n}; first errors: ${[...errors, ...rejected].slice(0, 5).join('; ') || 'none'}`));
    waiters = [];
    return { ok, errors, rejected, goaways, refused, unsent, sessionsOpened: opened, versions } satisfies H2LoadResult;
  });
  return {
    get ok() {
      return ok;
    },
    get goaways() {
      return goaways;
    },
    more(n) {
      const target = ok + n;
      return new Promise((resolve, reject) => waiters.push({ n: target, resolve, reject }));
    },
    stop() {
      stopped = true;
      return done;
    },
  };
}
