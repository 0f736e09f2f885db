// Express over HTTP/2. Express gives each request and response its own prototype
// (`Object.setPrototypeOf(req, app.request)` in app.handle), and those are built on
// http.IncomingMessage and http.ServerResponse: an HTTP/2 request (Node's compatibility API,
// Http2ServerRequest) given that prototype loses its own methods, and its first read threw inside
// IncomingMessage#_read, an uncaught exception that took the worker down (measured with Express 5.1;
// expressjs/express has no HTTP/2 support of its own). For an HTTP/2 request the app is handed, for
// that one synchronous call, prototypes with the same Express methods built on the HTTP/2 classes.

import type { IncomingMessage, ServerResponse } from 'node:http';

type Listener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

interface ExpressLike {
  (req: IncomingMessage, res: ServerResponse): void | Promise<void>;
  request: object;
  response: object;
  handle: unknown;
  set: unknown;
}

const isExpress = (fn: Listener): fn is Listener & ExpressLike => {
  const app = fn as Partial<ExpressLike>;
  return typeof app.handle === 'function' && typeof app.set === 'function' && typeof app.request === 'object' && typeof app.response === 'object';
};

/** `app.request` (or `app.response`) rebuilt on `base`: Express's own layer and the app's, same descriptors. */
function rebase(appObject: object, base: object): object {
  const expressLayer = Object.getPrototypeOf(appObject) as object;
  const layer = Object.create(base, Object.getOwnPropertyDescriptors(expressLayer)) as object;
  return Object.create(layer, Object.getOwnPropertyDescriptors(appObject)) as object;
}

/** The listener itself, or for an Express app one that gives HTTP/2 requests HTTP/2-based prototypes. */
export function http2Aware(listener: Listener): Listener {
  if (!isExpress(listener)) return listener;
  const app = listener;
  let h2: { request: object; response: object } | null = null;
  return (req, res) => {
    if (req.httpVersionMajor !== 2 || (req as IncomingMessage & { stream?: unknown }).stream === undefined) return app(req, res);
    // Built at the first HTTP/2 request, after the app has set up its own app.request additions.
    // The response's own class: tsgun's (http2-server.ts), which drops the fields HTTP/2 forbids.
    const { Http2ServerRequest } = process.getBuiltinModule('node:http2');
    h2 ??= { request: rebase(app.request, Http2ServerRequest.prototype), response: rebase(app.response, Object.getPrototypeOf(res) as object) };
    const { request, response } = app;
    app.request = h2.request;
    app.response = h2.response;
    try {
      // app.handle reads them synchronously, before any middleware runs.
      return app(req, res);
    } finally {
      app.request = request;
      app.response = response;
    }
  };
}
