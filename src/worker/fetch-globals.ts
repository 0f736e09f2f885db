// What a worker serving a Fetch app changes in its globals, once, when the app is found to be one:
// `Response` becomes the LightResponse (a known body is written in one call), and `Request` and
// `fetch` accept the LazyRequest the app was given wherever a native Request is accepted (the
// native ones read private fields a stand-in cannot have: Hono's bodyLimit does
// `new Request(c.req.raw, init)`, a proxy `fetch(c.req.raw)`). Native Requests and Responses (from
// fetch(), or made before the swap) stay instances of the globals. @hono/node-server swaps
// `Request` and `Response` the same way by default.

import { LazyRequest } from './lazy-request.ts';
import { LightResponse } from './light-response.ts';

let installed = false;

export function installFetchGlobals(): void {
  if (installed) return;
  installed = true;
  const NativeRequest = globalThis.Request;
  const nativeFetch = globalThis.fetch;

  class Request extends NativeRequest {
    constructor(input: ConstructorParameters<typeof NativeRequest>[0], init?: RequestInit) {
      super(LazyRequest.unwrap(input) ?? input, init);
    }

    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof NativeRequest;
    }
  }

  const fetch = function fetch(input: ConstructorParameters<typeof NativeRequest>[0], init?: RequestInit): Promise<Response> {
    return nativeFetch(LazyRequest.unwrap(input) ?? input, init);
  };

  const replace = (name: 'Request' | 'Response' | 'fetch', value: unknown): void => {
    const old = Object.getOwnPropertyDescriptor(globalThis, name);
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: old?.enumerable ?? false });
  };
  replace('Request', Request);
  replace('Response', LightResponse);
  replace('fetch', fetch);
}
