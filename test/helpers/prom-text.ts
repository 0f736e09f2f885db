// A strict parser of the Prometheus text exposition format 0.0.4 (what prom-client writes and a
// Prometheus server scrapes), for tests: it throws, naming the line, on anything the format does
// not allow, where a lenient scraper would guess. prom-client ships no parser, and the npm ones are
// unmaintained. Checked: the grammar of HELP, TYPE and sample lines (names, label escapes, values,
// timestamps), one TYPE and one HELP per family, before its samples, families not interleaved, no
// series twice, and a histogram's shape (`le` buckets cumulative, ending in +Inf = _count, a _sum).

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  type: string;
  help: string | null;
  readonly samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, where: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`${where}: ${JSON.stringify(text)} is not a sample value`);
  return Number(text);
}

/** The family a sample name belongs to: `x_bucket`, `x_sum`, `x_count` are a histogram's (or summary's) `x`. */
function familyOf(name: string, families: ReadonlyMap<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = families.get(base)?.type;
    if (type === 'histogram' || (type === 'summary' && suffix !== '_bucket')) return base;
  }
  return name;
}

function parseLabels(text: string, where: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1; // after '{'
  for (;;) {
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (name === undefined) throw new Error(`${where}: a label name expected at ${JSON.stringify(text.slice(i, i + 20))}`);
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    i += name.length;
    if (text[i] !== '=' || text[i + 1] !== '"') throw new Error(`${where}: label ${name} must be followed by ="`);
    i += 2;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error(`${where}: label ${name}'s value is not closed`);
      if (c === '"') break;
      if (c === '\n') throw new Error(`${where}: a raw newline in label ${name}'s value`);
      if (c === '\\') {
        const e = text[i + 1];
        if (e === '\\') value += '\\';
        else if (e === '"') value += '"';
        else if (e === 'n') value += '\n';
        else throw new Error(`${where}: invalid escape \\${e ?? ''} in label ${name}'s value`);
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    labels[name] = value;
    i++;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new Error(`${where}: , or } expected after label ${name}`);
  }
}

function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name === `${family.name}_bucket`) {
      if (le === undefined) throw new Error(`histogram ${family.name}: a bucket without le`);
      entry.buckets.push([parseValue(le, `histogram ${family.name} le`), s.value]);
    } else if (s.name === `${family.name}_sum`) entry.sum = s.value;
    else if (s.name === `${family.name}_count`) entry.count = s.value;
    else throw new Error(`histogram ${family.name}: unexpected sample ${s.name}`);
  }
  for (const entry of series.values()) {
    for (let i = 1; i < entry.buckets.length; i++) {
      const [le0, n0] = entry.buckets[i - 1]!;
      const [le1, n1] = entry.buckets[i]!;
      if (!(le1 > le0)) throw new Error(`histogram ${family.name}: buckets not in increasing le order`);
      if (n1 < n0) throw new Error(`histogram ${family.name}: bucket le=${le1} (${n1}) below le=${le0} (${n0}): not cumulative`);
    }
    const last = entry.buckets.at(-1);
    if (last === undefined || last[0] !== Infinity) throw new Error(`histogram ${family.name}: no le="+Inf" bucket`);
    if (entry.count === undefined || entry.sum === undefined) throw new Error(`histogram ${family.name}: _count or _sum missing`);
    if (last[1] !== entry.count) throw new Error(`histogram ${family.name}: +Inf bucket ${last[1]} != _count ${entry.count}`);
  }
}

/** Parses `text` strictly; throws on the first violation. */
export function parsePrometheusText(text: string): Map<string, Family> {
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the exposition does not end with a newline');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: string | null = null;
  const family = (name: string): Family => {
    let f = families.get(name);
    if (f === undefined) {
      f = { name, type: 'untyped', help: null, samples: [] };
      families.set(name, f);
    }
    if (current !== name) {
      if (closed.has(name)) throw new Error(`family ${name}: its lines are not together`);
      if (current !== null) closed.add(current);
      current = name;
    }
    return f;
  };
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line === '' || /^\s+$/.test(line)) return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (m === null) return; // a plain comment
      const [, kind, name, rest = ''] = m;
      if (METRIC_NAME.exec(name!)?.[0] !== name) throw new Error(`${where}: ${JSON.stringify(name)} is not a metric name`);
      const f = family(name!);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type ${JSON.stringify(rest)}`);
        if (f.samples.length > 0) throw new Error(`${where}: TYPE of ${name} after its samples`);
        if (f.type !== 'untyped' || seen.has(`TYPE ${name}`)) throw new Error(`${where}: a second TYPE for ${name}`);
        seen.add(`TYPE ${name}`);
        f.type = rest;
      } else {
        if (f.help !== null) throw new Error(`${where}: a second HELP for ${name}`);
        if (/\\[^\\n]|\\$/.test(rest)) throw new Error(`${where}: invalid escape in HELP`);
        f.help = rest.replace(/\\(\\|n)/g, (_, e: string) => (e === 'n' ? '\n' : '\\'));
      }
      return;
    }
    const name = METRIC_NAME.exec(line)?.[0];
    if (name === undefined) throw new Error(`${where}: a metric name expected: ${JSON.stringify(line.slice(0, 40))}`);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, where));
    const parts = rest.split(' ');
    if (parts[0] !== '' || parts.length < 2 || parts.length > 3) throw new Error(`${where}: expected " VALUE [TIMESTAMP]" after the name and labels, got ${JSON.stringify(rest)}`);
    const value = parseValue(parts[1]!, where);
    if (parts[2] !== undefined && !/^-?\d+$/.test(parts[2])) throw new Error(`${where}: ${JSON.stringify(parts[2])} is not a timestamp in ms`);
    const series = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(series)) throw new Error(`${where}: the series ${name}${JSON.stringify(labels)} twice`);
    seen.add(series);
    const f = family(familyOf(name, families));
    if (f.type === 'counter' && !(value >= 0)) throw new Error(`${where}: counter ${name} is ${value}`);
    f.samples.push({ name, labels, value });
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

/** The value of the one sample of `name` whose labels include `labels`; throws when there is not exactly one. */
export function sampleValue(families: ReadonlyMap<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const found = [...families.values()].flatMap((f) => f.samples).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name}${JSON.stringify(labels)}`);
  return found[0]!.value;
}
