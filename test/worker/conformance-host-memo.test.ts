// The Host check's memo (issue 13, item 3): the last valid Host value is not checked again. It may
// only skip work: a bad Host after a good one, a good one after a bad one, and a copy of the good
// one (the parser makes a new string for every request) all get the verdict a fresh check gives.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHUNKED, checkRequest, type RequestHead, type RequestLimits } from '../../src/worker/conformance.ts';

const LIMITS: RequestLimits = { requestLine: 4094, fields: 100, fieldSize: 8190, headersSize: 32768 };

/** A string with the content of `s` made from bytes, as llhttp's are: its own copy, not interned. */
const copy = (s: string): string => Buffer.from(s, 'latin1').toString('latin1');

const reason = (host: string): string | null => {
  const head: RequestHead = { method: 'GET', url: '/', httpVersionMajor: 1, httpVersionMinor: 1, rawHeaders: ['Host', host] };
  const verdict = checkRequest(head, LIMITS);
  return verdict === null || verdict === CHUNKED ? verdict : verdict.reason;
};

test('the remembered Host changes no verdict, in any order', () => {
  const sequence: [string, string | null][] = [
    ['example.com:8080', null],
    [copy('example.com:8080'), null],
    ['exa mple.com', 'invalid-host'],
    [copy('example.com:8080'), null],
    ['example.com:99999', 'invalid-host'],
    ['example.com:99999', 'invalid-host'],
    ['[::1]:80', null],
    ['[::1', 'invalid-host'],
    ['', null],
    ['%zz', 'invalid-host'],
    [copy('[::1]:80'), null],
  ];
  for (const [host, expected] of sequence) assert.equal(reason(host), expected, JSON.stringify(host));
});

test('an origin-form target of one character needs no fragment search; longer ones still get it', () => {
  const target = (url: string): string | null => {
    const verdict = checkRequest({ method: 'GET', url, httpVersionMajor: 1, httpVersionMinor: 1, rawHeaders: ['Host', 'a'] }, LIMITS);
    return verdict === null || verdict === CHUNKED ? verdict : verdict.reason;
  };
  assert.equal(target('/'), null);
  assert.equal(target('/#'), 'invalid-target');
  assert.equal(target('/a#b'), 'invalid-target');
});
