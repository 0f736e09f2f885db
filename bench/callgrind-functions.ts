// Where two callgrind dumps differ, function by function: the exclusive instructions per request of
// each function in dump A and dump B (bench/frameworks-instructions.ts --keep writes them), largest
// difference first. Code V8 compiled at run time has no symbol; callgrind names it by address. With
// `--perf-map` on that bench, each process also wrote Node's --perf-basic-prof map (start, size,
// name of every code object), kept beside its dump as perf-<pid>.map: such addresses are then named
// `JS <tier><function> <file>:<line>` (tier `*` optimized, `+` baseline, `~` interpreted).
//
//   node bench/callgrind-functions.ts --requests 5000 [--top 40] A/cg.<pid>.1 B/cg.<pid>.1

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

/** Exclusive instructions (Ir) by function name, from a callgrind dump's cost lines. */
export function exclusiveCosts(text: string): Map<string, number> {
  const names = new Map<string, string>();
  const costs = new Map<string, number>();
  // Names are compressed: `fn=(12) name` the first time, `fn=(12)` after; `cfn=` lines define them too.
  const named = (spec: string): string => {
    const m = /^\((\d+)\)(?: (.*))?$/.exec(spec);
    if (m === null) return spec;
    if (m[2] !== undefined) names.set(m[1]!, m[2]);
    return names.get(m[1]!) ?? spec;
  };
  let fn: string | null = null;
  // The cost line after `calls=` is the call's inclusive cost, charged to the callee.
  let callLine = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('fn=')) fn = named(line.slice(3));
    else if (line.startsWith('cfn=')) named(line.slice(4));
    else if (line.startsWith('calls=')) callLine = true;
    else if (fn !== null && /^[0-9+\-*]/.test(line)) {
      if (callLine) {
        callLine = false;
        continue;
      }
      const ir = Number(line.split(' ')[1]);
      if (Number.isFinite(ir)) costs.set(fn, (costs.get(fn) ?? 0) + ir);
    }
  }
  return costs;
}

interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** A --perf-basic-prof map (`start size name` in hex), sorted by start. */
export function readPerfMap(text: string): CodeRange[] {
  const ranges: CodeRange[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/i.exec(line);
    if (m === null) continue;
    const start = Number.parseInt(m[1]!, 16);
    ranges.push({ start, end: start + Number.parseInt(m[2]!, 16), name: m[3]! });
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** The code object holding `address`, by binary search; later entries for the same start win. */
export function nameAt(ranges: readonly CodeRange[], address: number): string | null {
  let lo = 0;
  let hi = ranges.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]!.start <= address) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const range = found === -1 ? undefined : ranges[found];
  return range !== undefined && address < range.end ? range.name : null;
}

/** Per-request costs of one dump, run-time code named from the perf map beside it when there is one. */
export function functionCosts(dumpPath: string, requests: number): Map<string, number> {
  const pid = /^cg\.(\d+)/.exec(basename(dumpPath))?.[1];
  const mapPath = pid === undefined ? null : join(dirname(dumpPath), `perf-${pid}.map`);
  const ranges = mapPath !== null && existsSync(mapPath) ? readPerfMap(readFileSync(mapPath, 'utf8')) : [];
  const out = new Map<string, number>();
  for (const [fn, ir] of exclusiveCosts(readFileSync(dumpPath, 'utf8'))) {
    const address = /^0x([0-9a-f]+)/i.exec(fn);
    // Node's map names code `JS:*'name file:line:col` (or without the quote for an anonymous one).
    const js = address === null ? null : nameAt(ranges, Number.parseInt(address[1]!, 16));
    const name = address === null ? fn.replace(/ \[.*\]$/, '') : js === null ? 'run-time code, unnamed' : `JS ${js.replace(/^JS:(.)'?/, '$1')}`;
    out.set(name, (out.get(name) ?? 0) + ir / requests);
  }
  return out;
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({ options: { requests: { type: 'string' }, top: { type: 'string', default: '40' } }, allowPositionals: true });
  if (values.requests === undefined || positionals.length !== 2) {
    console.error('usage: node bench/callgrind-functions.ts --requests N [--top 40] A/cg.<pid>.1 B/cg.<pid>.1');
    process.exit(2);
  }
  const requests = Number(values.requests);
  const [a, b] = positionals.map((path) => functionCosts(path, requests)) as [Map<string, number>, Map<string, number>];
  const total = (m: Map<string, number>): number => [...m.values()].reduce((x, y) => x + y, 0);
  console.log(`instructions per request: A ${total(a).toFixed(0)}, B ${total(b).toFixed(0)}, A − B ${(total(a) - total(b)).toFixed(0)}\n`);
  console.log('  A − B         A         B  function (exclusive)');
  const names = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => Math.abs((a.get(y) ?? 0) - (b.get(y) ?? 0)) - Math.abs((a.get(x) ?? 0) - (b.get(x) ?? 0)));
  for (const name of names.slice(0, Number(values.top))) {
    const x = a.get(name) ?? 0;
    const y = b.get(name) ?? 0;
    console.log(`${(x - y).toFixed(1).padStart(7)} ${x.toFixed(1).padStart(9)} ${y.toFixed(1).padStart(9)}  ${name.slice(0, 140)}`);
  }
}
