// Keeps docs/asyncapi.yaml true to the code of linecast.v1: frame types, fields, schemas, limits,
// query parameters, refusals and close codes are derived from the code and checked against it.
//
// Why a purpose-written YAML reader instead of a parser dependency or a JSON-style document: the
// document is ours, so it keeps to a small, regular subset of YAML (block mappings and sequences,
// `|` block scalars, one-line quoted or plain scalars, flow sequences of scalars, no anchors or
// inline comments), stated at its top. Readers and reviewers get ordinary block YAML; the reader
// below is ~80 lines and throws on anything outside the subset, so the layout cannot drift into
// something it would misread. It also rejects plain scalars that real YAML would read
// differently (`: ` or ` #` inside), so the file stays valid YAML for AsyncAPI tooling.
//
// The schemas are checked by validating real frames against them with a small JSON Schema
// validator that knows only the keywords the document uses (it throws on any other), first with
// frames built by every function in frames.ts, then with frames from a running server over
// WebSocket and Server-Sent Events.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, test } from 'node:test';
import type { ZodType } from 'zod';
import type { Alert, AlertChange } from '../../analytics/types.js';
import { readCredential } from '../../connections/credentials.js';
import { ERRORS, type ErrorCode } from '../../errors/catalogue.js';
import { validateSubscribe } from '../../hub/limits.js';
import type { Change, Quote, SportEvent } from '../../model/types.js';
import type { DialectDeps } from '../../seam/core.js';
import type { HandshakeRequest, SocketEndpoint } from '../../seam/dialect.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { staticDeps, staticReader } from '../../testing/dialect-deps.js';
import { arbItems, eventItems, quoteItems } from '../../testing/feed.js';
import { testEvent, testKey, testValue } from '../../testing/fixtures.js';
import { NativeClient } from '../../testing/native-client.js';
import { SseClient } from '../../testing/sse-client.js';
import { commandSchema, decodeCommand, filterSchema, subscriptionFromQuery } from './commands.js';
import * as frames from './frames.js';
import { nativeDialect } from './index.js';

// ---------------------------------------------------------------------------------------------
// The YAML subset reader.

type Node = Record<string, unknown>;

interface Line {
  indent: number;
  text: string;
  no: number;
}

function scalar(raw: string, no: number): unknown {
  const s = raw.trim();
  if (s.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(s)) throw new Error(`line ${no}: bad quoted scalar ${s}`);
    return s.slice(1, -1).replaceAll("''", "'");
  }
  if (s.startsWith('"')) return JSON.parse(s);
  if (s === '{}') return {};
  if (s.startsWith('[')) {
    if (!s.endsWith(']')) throw new Error(`line ${no}: unclosed flow sequence`);
    const inner = s.slice(1, -1).trim();
    if (inner === '') return [];
    const items = inner.match(/'(?:[^']|'')*'|[^,]+/g) ?? [];
    return items.map((i) => scalar(i, no));
  }
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^[`{&*!|>%@"'[\]]/.test(s) || s.includes(': ') || s.includes(' #') || s.endsWith(':')) {
    throw new Error(`line ${no}: plain scalar outside the subset: ${s}`);
  }
  return s;
}

function readYaml(text: string): Node {
  const lines: Line[] = [];
  text.split('\n').forEach((l, i) => {
    if (l.includes('\t')) throw new Error(`line ${i + 1}: tab`);
    if (l.trim() === '' || l.trim().startsWith('#'))
      lines.push({ indent: -1, text: '', no: i + 1 });
    else lines.push({ indent: l.length - l.trimStart().length, text: l.trim(), no: i + 1 });
  });
  let at = 0;
  const skipBlank = () => {
    while (at < lines.length && lines[at]!.indent === -1) at++;
  };
  const blockScalar = (parent: number): string => {
    const out: string[] = [];
    let base = -1;
    while (at < lines.length) {
      const l = lines[at]!;
      if (l.indent !== -1 && l.indent <= parent) break;
      if (l.indent === -1) out.push('');
      else {
        if (base === -1) base = l.indent;
        const raw = text.split('\n')[l.no - 1]!;
        out.push(raw.slice(base));
      }
      at++;
    }
    while (out.at(-1) === '') out.pop();
    return `${out.join('\n')}\n`;
  };
  const value = (rest: string, indent: number, no: number): unknown => {
    if (rest === '|') return blockScalar(indent);
    if (rest !== '') return scalar(rest, no);
    skipBlank();
    const next = lines[at];
    if (!next || next.indent <= indent) throw new Error(`line ${no}: empty value`);
    return block(next.indent);
  };
  const block = (indent: number): unknown => {
    skipBlank();
    const first = lines[at]!;
    if (first.text.startsWith('- ')) {
      const seq: unknown[] = [];
      for (skipBlank(); at < lines.length && lines[at]!.indent === indent; skipBlank()) {
        const l = lines[at]!;
        if (!l.text.startsWith('- ')) throw new Error(`line ${l.no}: expected "- "`);
        const item = l.text.slice(2);
        if (/^[^\s'"[{][^:]*:( |$)/.test(item)) {
          lines[at] = { indent: indent + 2, text: item, no: l.no };
          seq.push(block(indent + 2));
        } else {
          at++;
          seq.push(scalar(item, l.no));
        }
      }
      return seq;
    }
    const map: Node = {};
    for (skipBlank(); at < lines.length && lines[at]!.indent === indent; skipBlank()) {
      const l = lines[at]!;
      const m = /^([^\s'"[{][^:]*|'[^']*'):(?: (.*))?$/.exec(l.text);
      if (!m || l.text.startsWith('- ')) throw new Error(`line ${l.no}: expected "key:"`);
      const key = m[1]!.startsWith("'") ? m[1]!.slice(1, -1) : m[1]!;
      if (key in map) throw new Error(`line ${l.no}: duplicate key ${key}`);
      at++;
      map[key] = value((m[2] ?? '').trim(), indent, l.no);
    }
    skipBlank();
    if (at < lines.length && lines[at]!.indent > indent) {
      throw new Error(`line ${lines[at]!.no}: unexpected indentation`);
    }
    return map;
  };
  const doc = block(0) as Node;
  skipBlank();
  if (at < lines.length) throw new Error(`line ${lines[at]!.no}: not read`);
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Navigating the document.

const doc = readYaml(readFileSync(new URL('../../../docs/asyncapi.yaml', import.meta.url), 'utf8'));

function node(x: unknown, what: string): Node {
  assert.ok(x && typeof x === 'object' && !Array.isArray(x), `${what} is not a mapping`);
  return x as Node;
}

function list(x: unknown, what: string): unknown[] {
  assert.ok(Array.isArray(x), `${what} is not a sequence`);
  return x;
}

/** The node at a JSON pointer such as `#/components/schemas/Position`. */
function at(ref: string): Node {
  assert.ok(ref.startsWith('#/'), `unsupported $ref ${ref}`);
  let n: unknown = doc;
  for (const part of ref.slice(2).split('/')) n = node(n, ref)[part];
  return node(n, ref);
}

function deref(n: Node): Node {
  const ref = n['$ref'];
  return typeof ref === 'string' ? deref(at(ref)) : n;
}

const channel = (name: string) => node(node(doc['channels'], 'channels')[name], name);

/** Message type (the payload's `type` const) -> payload schema, for one channel. */
function channelMessages(name: string): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const [key, m] of Object.entries(node(channel(name)['messages'], `${name}.messages`))) {
    const payload = node(deref(node(m, key))['payload'], `${key}.payload`);
    const type = node(node(payload['properties'], key)['type'], `${key}.type`)['const'];
    assert.equal(type, key, `message ${key} of ${name} has payload type ${String(type)}`);
    out.set(key, payload);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A JSON Schema validator for the keywords the document uses, and only those.

const ANNOTATIONS = new Set(['description', 'default', 'examples', 'title']);
const KEYWORDS = new Set([
  '$ref',
  'allOf',
  'oneOf',
  'const',
  'enum',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'maxItems',
  'pattern',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function validate(schema: Node, v: unknown, path: string, errors: string[]): void {
  for (const k of Object.keys(schema)) {
    if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new Error(`${path}: keyword ${k} unknown`);
  }
  const fail = (msg: string) => errors.push(`${path}: ${msg}`);
  if (typeof schema['$ref'] === 'string') validate(at(schema['$ref']), v, path, errors);
  for (const s of (schema['allOf'] as Node[] | undefined) ?? []) validate(s, v, path, errors);
  if (schema['oneOf']) {
    const passing = list(schema['oneOf'], path).filter((s) => {
      const e: string[] = [];
      validate(node(s, path), v, path, e);
      return e.length === 0;
    });
    if (passing.length !== 1) fail(`matches ${passing.length} of oneOf`);
  }
  if ('const' in schema && v !== schema['const']) fail(`${JSON.stringify(v)} is not the const`);
  if (schema['enum'] && !list(schema['enum'], path).includes(v)) fail(`${String(v)} not in enum`);
  if (schema['type'] !== undefined) {
    const types = [schema['type']].flat() as string[];
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number')))
      fail(`${t} is not ${types.join('|')}`);
  }
  if (typeof v === 'number') {
    if (typeof schema['minimum'] === 'number' && v < schema['minimum']) fail(`${v} < minimum`);
    if (typeof schema['maximum'] === 'number' && v > schema['maximum']) fail(`${v} > maximum`);
  }
  if (typeof v === 'string') {
    if (typeof schema['minLength'] === 'number' && v.length < schema['minLength'])
      fail('too short');
    if (typeof schema['maxLength'] === 'number' && v.length > schema['maxLength']) fail('too long');
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern']).test(v))
      fail(`${v} does not match ${schema['pattern']}`);
  }
  if (Array.isArray(v)) {
    if (typeof schema['maxItems'] === 'number' && v.length > schema['maxItems'])
      fail('too many items');
    if (schema['items']) {
      const items = node(schema['items'], path);
      v.forEach((x, i) => {
        validate(items, x, `${path}[${i}]`, errors);
      });
    }
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const props = (schema['properties'] as Node | undefined) ?? {};
    for (const r of (schema['required'] as string[] | undefined) ?? []) {
      if (!(r in v)) fail(`required ${r} missing`);
    }
    for (const [k, x] of Object.entries(v)) {
      if (k in props) validate(node(props[k], k), x, `${path}.${k}`, errors);
      else if (schema['additionalProperties'] === false) fail(`field ${k} is not in the schema`);
    }
  }
}

function assertValid(schema: Node, v: unknown, what: string): void {
  const errors: string[] = [];
  validate(schema, v, what, errors);
  assert.deepEqual(errors, [], `${what}: ${JSON.stringify(v).slice(0, 300)}`);
}

// ---------------------------------------------------------------------------------------------
// Sample frames from every function in frames.ts.

const event: SportEvent = testEvent('nba-e1', {
  status: 'live',
  players: [{ id: 'jt', name: 'Jayson Tatum' }],
  live: { home: 50, away: 48, clock: 312, period: 2 },
});
const quotes: Quote[] = [
  { key: testKey(), value: testValue(-110) },
  {
    key: testKey({ market: 'spread', selection: 'home', line: -3.5 }),
    value: testValue(120, {
      price: { decimal: 2.2, american: 120, fractional: '6/5' },
      reason: 'moved',
      limit: 5_000,
    }),
  },
  { key: testKey({ book: 'pinnacle' }), value: testValue(-110, { price: null, status: 'closed' }) },
];
const position = { epoch: '9ce78e5525210750', seq: 42 };
const changes: Change[] = [
  {
    kind: 'quote',
    epoch: position.epoch,
    seq: 43,
    at: 1_700_000_000_000,
    id: 'k',
    key: quotes[1]!.key,
    before: null,
    after: quotes[1]!.value,
    sport: 'basketball',
    league: 'nba',
    inPlay: true,
  },
  {
    kind: 'event',
    epoch: position.epoch,
    seq: 44,
    at: 1_700_000_000_001,
    id: 'event:nba-e1',
    before: null,
    after: event,
    sport: 'basketball',
    league: 'nba',
    inPlay: true,
  },
];

const where = {
  event: 'nba-e1',
  market: 'spread',
  period: 'game',
  sport: 'basketball',
  league: 'nba',
} as const;
const cause = { epoch: position.epoch, seq: 43 };
const alerts: Alert[] = [
  {
    kind: 'ev',
    id: 'ev:x@43',
    phase: 'opened',
    at: 1_700_000_000_000,
    cause,
    ...where,
    quote: { book: 'fanduel', selection: 'home', line: -3.5, decimal: 2.2, american: 120 },
    fairProbability: 0.5,
    fairDecimal: 2,
    edge: 0.1,
    kelly: 0.0833,
  },
  {
    kind: 'arb',
    id: 'arb:x@43',
    phase: 'closed',
    reason: 'stale',
    at: 1_700_000_000_000,
    cause: null,
    ...where,
    legs: [
      { book: 'a', selection: 'home', line: -3.5, decimal: 2.1, stake: 500 },
      { book: 'b', selection: 'away', line: 3.5, decimal: 2.1, american: 110, stake: 500 },
    ],
    bankroll: 1000,
    impliedSum: 0.952,
    payout: 1050,
    profit: 50,
    profitShare: 0.05,
  },
  {
    kind: 'middle',
    id: 'middle:x@43',
    phase: 'updated',
    at: 1_700_000_000_000,
    cause,
    ...where,
    legs: [
      { book: 'a', selection: 'home', line: -3.5, decimal: 1.95, stake: 500, threshold: 3.5 },
      { book: 'b', selection: 'away', line: 5.5, decimal: 1.95, stake: 500, threshold: 5.5 },
    ],
    bankroll: 1000,
    width: 2,
    cost: 0.025,
    missPayout: 975,
    hitPayout: 1950,
  },
  {
    kind: 'steam',
    id: 'steam:x@43',
    phase: 'opened',
    at: 1_700_000_000_000,
    cause,
    ...where,
    move: 'price',
    selection: 'home',
    line: null,
    leader: { book: 'pinnacle', at: 1, from: 1.9, to: 1.8, size: -10 },
    followers: [{ book: 'a', at: 2, from: 1.9, to: 1.8, size: -10, lagMs: 1 }],
  },
  {
    kind: 'venue_gap',
    id: 'venue_gap:exchange|aec-nba-x@t1700000000000',
    phase: 'closed',
    reason: 'below_threshold',
    at: 1_700_000_000_000,
    cause: null,
    ...where,
    market: 'moneyline',
    venue: 'exchange',
    venueMarket: 'aec-nba-x',
    bid: 0.6,
    ask: 0.62,
    mid: 0.61,
    fairProbability: 0.55,
    gap: 0.06,
    books: ['pinnacle'],
  },
];
const alertChanges: AlertChange[] = alerts.map((alert, i) => ({ epoch: 'a1', seq: i + 1, alert }));

/** Frame function name -> the frames it builds for sample inputs (every variant of its output). */
const SAMPLES: Record<string, string[]> = {
  welcomeFrame: [
    frames.welcomeFrame({
      server: 'linecast/0.1.0',
      heartbeatMs: 5_000,
      position,
      limits: {
        maxFrameBytes: 65_536,
        maxSubscriptionsPerConnection: 100,
        maxFilterValues: 1_000,
        clientMessagesPerSecond: 50,
      },
    }),
  ],
  changeFrame: changes.map((c) => frames.changeFrame(c)),
  heartbeatFrame: [frames.heartbeatFrame(1_700_000_000_000, position)],
  subscribedFrame: (['snapshot', 'resumed', 'live'] as const).map((mode) =>
    frames.subscribedFrame('s1', { mode, recovered: mode !== 'snapshot', position }),
  ),
  snapshotFrames: [
    ...frames.snapshotFrames('s1', { position, events: [event], quotes }, 2),
    ...frames.snapshotFrames('s2', { position, events: [], quotes: [] }, 2),
  ],
  errorFrame: [
    frames.errorFrame('LC_ERR_PROTOCOL_BAD_FRAME', 'not JSON'),
    frames.errorFrame('LC_ERR_PROTOCOL_UNKNOWN_ID', 'No subscription with this id', 's1'),
  ],
  alertFrame: alertChanges.map((c) => frames.alertFrame(c)),
  alertSnapshotFrames: [
    ...frames.alertSnapshotFrames('a1', { epoch: 'a1', seq: 4 }, alertChanges, 3),
    ...frames.alertSnapshotFrames('a2', { epoch: 'a1', seq: 4 }, [], 3),
  ],
  unsubscribedFrame: [frames.unsubscribedFrame('s1')],
  pongFrame: [frames.pongFrame(), frames.pongFrame('p1')],
};

function sampleFrames(): Map<string, Node[]> {
  const byType = new Map<string, Node[]>();
  for (const text of Object.values(SAMPLES).flat()) {
    const f = JSON.parse(text) as Node;
    const type = f['type'] as string;
    byType.set(type, [...(byType.get(type) ?? []), f]);
  }
  return byType;
}

const clientTypes = commandSchema.options.map((o) => o.shape.type.value as string);
const sorted = (xs: Iterable<string>) => [...xs].sort();

// ---------------------------------------------------------------------------------------------
// Document against code, without a server.

test('asyncapi: the document is AsyncAPI 3.0.0 with the two channels at the code paths', () => {
  assert.equal(doc['asyncapi'], '3.0.0');
  const d = nativeDialect(fakeDeps(), nativeConfig);
  const byTransport = new Map(d.endpoints.map((e) => [e.transport ?? 'websocket', e.path]));
  assert.equal(channel('stream')['address'], byTransport.get('websocket'));
  assert.equal(channel('sse')['address'], byTransport.get('sse'));
  assert.deepEqual(sorted(Object.keys(node(doc['channels'], 'channels'))), ['sse', 'stream']);
  const protocols = Object.values(node(doc['servers'], 'servers')).map(
    (s) => node(s, 'server')['protocol'],
  );
  assert.deepEqual(sorted(protocols as string[]), ['http', 'https', 'ws', 'wss']);
});

test('asyncapi: every frame function in frames.ts has samples here', () => {
  const fns = Object.entries(frames)
    .filter(([, v]) => typeof v === 'function')
    .map(([k]) => k);
  assert.deepEqual(sorted(Object.keys(SAMPLES)), sorted(fns), 'add samples for new frames');
});

test('asyncapi: the WebSocket channel has exactly the server frames and the client commands', () => {
  const serverTypes = sorted(sampleFrames().keys());
  const documented = sorted(channelMessages('stream').keys());
  assert.deepEqual(documented, sorted([...serverTypes, ...clientTypes]));
  const sse = sorted(channelMessages('sse').keys());
  for (const type of sse)
    assert.ok(serverTypes.includes(type), `sse message ${type} is no server frame`);
  for (const type of clientTypes) assert.ok(!sse.includes(type), `sse takes no command (${type})`);
  assert.equal(
    frames.PROTOCOL,
    node(node(channelMessages('stream').get('welcome')!['properties'], 'welcome')['protocol'], 'p')[
      'const'
    ],
  );
});

test('asyncapi: operations send every server frame and receive every command', () => {
  const ops = Object.values(node(doc['operations'], 'operations')).map((o) => node(o, 'op'));
  for (const ch of ['stream', 'sse']) {
    const covered = new Map<string, string>();
    for (const op of ops) {
      const chRef = node(op['channel'], 'channel')['$ref'];
      if (chRef !== `#/channels/${ch}`) continue;
      for (const m of list(op['messages'], 'messages')) {
        const ref = node(m, 'message')['$ref'] as string;
        assert.ok(ref.startsWith(`#/channels/${ch}/messages/`), `${ref} is not of channel ${ch}`);
        at(ref);
        covered.set(ref.split('/').at(-1)!, op['action'] as string);
      }
      if (op['reply']) {
        for (const m of list(node(op['reply'], 'reply')['messages'], 'reply.messages'))
          at(node(m, 'reply message')['$ref'] as string);
      }
    }
    for (const type of channelMessages(ch).keys()) {
      const want = clientTypes.includes(type) ? 'receive' : 'send';
      assert.equal(covered.get(type), want, `${ch}: ${type} needs a ${want} operation`);
    }
  }
});

test('asyncapi: every sample frame validates against its message, and every field is sent', () => {
  const messages = channelMessages('stream');
  for (const [type, samples] of sampleFrames()) {
    const schema = messages.get(type)!;
    for (const f of samples) assertValid(schema, f, type);
    const props = Object.keys(node(schema['properties'], type));
    const sent = new Set(samples.flatMap((f) => Object.keys(f)));
    for (const p of props) assert.ok(sent.has(p), `${type}.${p} is documented but never sent`);
  }
  // The shared shapes against the model samples, field by field.
  const schemas = node(node(doc['components'], 'components')['schemas'], 'schemas');
  for (const q of quotes) assertValid(node(schemas['Quote'], 'Quote'), q, 'Quote');
  assertValid(node(schemas['SportEvent'], 'SportEvent'), event, 'SportEvent');
  for (const [name, sample] of [
    ['SportEvent', event],
    ['Price', quotes[1]!.value.price],
    ['QuoteKey', quotes[0]!.key],
    ['QuoteValue', quotes[1]!.value],
  ] as const) {
    const props = Object.keys(node(node(schemas[name], name)['properties'], name));
    assert.deepEqual(sorted(props), sorted(Object.keys(sample!)), `${name} fields`);
  }
});

test('asyncapi: commands have exactly the zod fields, required fields and defaults', () => {
  const messages = channelMessages('stream');
  for (const option of commandSchema.options) {
    const type = option.shape.type.value as string;
    const schema = messages.get(type)!;
    const props = node(schema['properties'], type);
    const shape = option.shape as unknown as Record<string, ZodType>;
    assert.deepEqual(sorted(Object.keys(props)), sorted(Object.keys(shape)), `${type} fields`);
    const required = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
    assert.deepEqual(sorted(list(schema['required'], type) as string[]), sorted(required), type);
    for (const k of Object.keys(shape)) {
      const dflt = shape[k]!.safeParse(undefined);
      const documented = node(props[k], k)['default'];
      assert.deepEqual(documented, dflt.success ? dflt.data : undefined, `${type}.${k} default`);
    }
    // additionalProperties: false is zod's strict().
    assert.equal(schema['additionalProperties'], false);
    const minimal = Object.fromEntries(required.map((k) => [k, k === 'type' ? type : 'x']));
    assert.ok(decodeCommand(JSON.stringify(minimal)).ok, `${type} minimal`);
    assert.ok(!decodeCommand(JSON.stringify({ ...minimal, extra: 1 })).ok, `${type} strict`);
  }
  // Examples are accepted by the code and by the schema.
  for (const [type, m] of Object.entries(
    node(node(doc['components'], 'components')['messages'], 'messages'),
  )) {
    for (const ex of (node(m, type)['examples'] as Node[] | undefined) ?? []) {
      const payload = node(ex, 'example')['payload'];
      assertValid(node(node(m, type)['payload'], type), payload, `${type} example`);
      if (clientTypes.includes(type)) {
        assert.ok(decodeCommand(JSON.stringify(payload)).ok, `${type} example is refused`);
      }
    }
  }
});

test('asyncapi: filter, position and id limits are the ones the code enforces', () => {
  const schemas = node(node(doc['components'], 'components')['schemas'], 'schemas');
  const filter = node(schemas['Filter'], 'Filter');
  const fprops = node(filter['properties'], 'Filter');
  assert.deepEqual(sorted(Object.keys(fprops)), sorted(Object.keys(filterSchema.shape)));
  const ok = (extra: Node) =>
    decodeCommand(JSON.stringify({ type: 'subscribe', id: 's', ...extra })).ok;
  for (const [k, p] of Object.entries(fprops)) {
    const s = deref(node(p, k));
    if (s['type'] === 'boolean') {
      assert.ok(ok({ filter: { [k]: true } }) && !ok({ filter: { [k]: 'yes' } }), k);
      continue;
    }
    const items = node(s['items'], k);
    const max = s['maxItems'] as number;
    const [minLen, maxLen] = [items['minLength'] as number, items['maxLength'] as number];
    assert.ok(ok({ filter: { [k]: Array(max).fill('a') } }), `${k}: ${max} items`);
    assert.ok(!ok({ filter: { [k]: Array(max + 1).fill('a') } }), `${k}: ${max + 1} items`);
    assert.ok(ok({ filter: { [k]: ['a'.repeat(maxLen)] } }), `${k}: maxLength`);
    assert.ok(!ok({ filter: { [k]: ['a'.repeat(maxLen + 1)] } }), `${k}: maxLength + 1`);
    assert.ok(ok({ filter: { [k]: ['a'.repeat(minLen)] } }), `${k}: minLength`);
    assert.ok(!ok({ filter: { [k]: ['a'.repeat(minLen - 1)] } }), `${k}: minLength - 1`);
  }
  const pos = node(node(schemas['Position'], 'Position')['properties'], 'Position');
  const epoch = node(pos['epoch'], 'epoch');
  const seq = node(pos['seq'], 'seq');
  const from = (e: string, s: number) => ok({ from: { epoch: e, seq: s } });
  assert.ok(from('e'.repeat(epoch['maxLength'] as number), 1));
  assert.ok(!from('e'.repeat((epoch['maxLength'] as number) + 1), 1));
  assert.ok(!from('e'.repeat((epoch['minLength'] as number) - 1), 1));
  assert.ok(from('e', seq['minimum'] as number) && !from('e', (seq['minimum'] as number) - 1));
  assert.ok(seq['type'] === 'integer' && !from('e', 1.5));
  const ping = node(channelMessages('stream').get('ping')!['properties'], 'ping');
  const pingMax = node(ping['id'], 'ping.id')['maxLength'] as number;
  assert.ok(decodeCommand(JSON.stringify({ type: 'ping', id: 'p'.repeat(pingMax) })).ok);
  assert.ok(!decodeCommand(JSON.stringify({ type: 'ping', id: 'p'.repeat(pingMax + 1) })).ok);

  // The hub's checks (id pattern, conflateMs range) with the documented limits.
  const sub = node(channelMessages('stream').get('subscribe')!['properties'], 'subscribe');
  const conflate = node(sub['conflateMs'], 'conflateMs');
  const idPattern = new RegExp(node(sub['id'], 'id')['pattern'] as string);
  const limits = {
    pingMs: 1,
    clientMessagesPerSecond: 1,
    maxSubscriptionsPerConnection: 10,
    maxFilterValues: 10,
    maxConflateMs: conflate['maximum'] as number,
    maxCatchUp: 0,
  };
  const hubAccepts = (id: string, conflateMs?: number) => {
    try {
      validateSubscribe(
        {
          id,
          filter: {},
          snapshot: true,
          onStart: () => {},
          ...(conflateMs === undefined ? {} : { conflateMs }),
        },
        new Map(),
        limits,
      );
      return true;
    } catch {
      return false;
    }
  };
  for (const id of ['s1', 'a.b:c-d_e', 'x'.repeat(64), 'x'.repeat(65), '', 'a b', 'ü', 'a/b']) {
    assert.equal(hubAccepts(id), idPattern.test(id), `id ${JSON.stringify(id)}`);
  }
  assert.ok(hubAccepts('s', conflate['minimum'] as number));
  assert.ok(!hubAccepts('s', (conflate['minimum'] as number) - 1));
  assert.ok(!hubAccepts('s', 1.5) && conflate['type'] === 'integer');
});

/** Records which query parameters and headers a handshake reads. */
function recordingRequest(query: string, headers: IncomingHttpHeaders = {}) {
  const params = new Set<string>();
  const heads = new Set<string>();
  class Recording extends URLSearchParams {
    override get(name: string) {
      params.add(name);
      return super.get(name);
    }
    override getAll(name: string) {
      params.add(name);
      return super.getAll(name);
    }
    override has(name: string) {
      params.add(name);
      return super.has(name);
    }
  }
  const req: HandshakeRequest = {
    path: '/',
    params: {},
    query: new Recording(query),
    headers: new Proxy(headers, {
      get(target, p, r) {
        if (typeof p === 'string') heads.add(p.toLowerCase());
        return Reflect.get(target, p, r);
      },
    }),
    secure: false,
    remoteAddress: '127.0.0.1',
  };
  return { req, params, heads };
}

const plan = {
  name: 'p',
  dialects: ['*'],
  maxConnections: 1,
  tiers: {},
  metered: false,
  credits: 0,
};

function fakeDeps(): DialectDeps {
  return staticDeps({
    reader: staticReader([], { position: () => position }),
    credits: { balance: () => 0, charge: () => false, usage: () => null },
    limits: {
      maxFrameBytes: 1,
      maxSubscriptionsPerConnection: 1,
      maxFilterValues: 1,
      clientMessagesPerSecond: 1,
      check: () => {},
    },
  });
}

const nativeConfig = {
  heartbeatMs: 5_000,
  budgetBytes: 1_000_000,
  snapshotSegment: 10,
  restAccess: 'open' as const,
  maxSnapshotQuotes: 1_000,
};

function endpointOf(transport: 'websocket' | 'sse'): SocketEndpoint {
  return nativeDialect(fakeDeps(), nativeConfig).endpoints.find(
    (e) => (e.transport ?? 'websocket') === transport,
  )!;
}

/** What admission reads of a request: every credential source, then the dialect's prepare. */
function admit(endpoint: SocketEndpoint, req: HandshakeRequest): void {
  readCredential(endpoint.admission.credentials, req);
  endpoint.admission.prepare?.(req, { principal: { keyId: 'k', account: 'a', plan: 'p' }, plan });
}

const lower = (xs: Iterable<string>) => sorted([...xs].map((x) => x.toLowerCase()));

test('asyncapi: the WebSocket binding names exactly the query and headers the handshake reads', async () => {
  const { req, params, heads } = recordingRequest('');
  admit(endpointOf('websocket'), req);
  const ws = node(node(channel('stream')['bindings'], 'bindings')['ws'], 'ws');
  const q = Object.keys(node(node(ws['query'], 'query')['properties'], 'query'));
  const h = Object.keys(node(node(ws['headers'], 'headers')['properties'], 'headers'));
  assert.deepEqual(sorted(params), sorted(q));
  assert.deepEqual(sorted(heads), lower(h));
});

const sseOp = node(node(doc['operations'], 'operations')['sendSse'], 'sendSse');
const sseQuery = node(node(node(sseOp['bindings'], 'b')['http'], 'http')['query'], 'query');
const sseParams = node(sseQuery['properties'], 'sse query');

test('asyncapi: the SSE binding names exactly the query and headers the handshake reads', async () => {
  const { req, params, heads } = recordingRequest('');
  admit(endpointOf('sse'), req);
  assert.deepEqual(sorted(params), sorted(Object.keys(sseParams)));
  const h = Object.keys(node(node(sseOp['x-request-headers'], 'h')['properties'], 'headers'));
  assert.deepEqual(sorted(heads), lower(h));
});

test('asyncapi: each SSE query parameter works as documented', () => {
  const run = (q: Record<string, string>, lastEventId?: string) =>
    subscriptionFromQuery(new URLSearchParams(q), lastEventId);
  const base = JSON.stringify(run({}));
  const refusals = new Map(
    list(channel('sse')['x-refusals'], 'x-refusals').map((r) => [
      node(r, 'refusal')['code'] as string,
      node(r, 'refusal')['status'] as number,
    ]),
  );
  for (const [name, p] of Object.entries(sseParams)) {
    if (name === 'key') continue;
    const s = node(p, name);
    for (const ex of list(s['examples'], `${name}.examples`)) {
      const r = run({ [name]: String(ex) });
      assert.ok(r.ok, `${name}=${String(ex)} is refused`);
      assert.notEqual(JSON.stringify(r), base, `${name}=${String(ex)} has no effect`);
    }
    for (const v of (s['enum'] as string[] | undefined) ?? []) assert.ok(run({ [name]: v }).ok);
    const bad = s['enum']
      ? 'perhaps'
      : s['type'] === 'integer'
        ? String((s['minimum'] as number) - 1)
        : s['pattern']
          ? 'no-position'
          : null;
    if (bad !== null) {
      const r = run({ [name]: bad });
      assert.ok(!r.ok, `${name}=${bad} is accepted`);
      assert.ok(refusals.has(r.code), `${r.code} is not among the SSE refusals`);
      assert.equal(refusals.get(r.code), ERRORS[r.code].status);
    }
  }
  const snapshotDefault = node(sseParams['snapshot'], 'snapshot')['default'];
  const r = run({});
  assert.ok(r.ok && String(r.command.snapshot) === snapshotDefault);
  // Last-Event-ID wins over from.
  const both = run({ from: 'a:1' }, 'b:2');
  assert.ok(both.ok && both.command.from?.epoch === 'b' && both.command.from.seq === 2);
  const header = node(node(sseOp['x-request-headers'], 'h')['properties'], 'headers');
  const pattern = new RegExp(node(header['Last-Event-ID'], 'lei')['pattern'] as string);
  for (const id of ['e:1', 'e:123456789012345', 'e:1234567890123456', 'e', ':1', 'a:b:1']) {
    assert.equal(run({}, id).ok, pattern.test(id), `Last-Event-ID ${id}`);
  }
});

test('asyncapi: refusals and close codes agree with the error catalogue', () => {
  for (const ch of ['stream', 'sse']) {
    for (const r of list(channel(ch)['x-refusals'], `${ch}.x-refusals`)) {
      const code = node(r, 'refusal')['code'] as ErrorCode;
      assert.ok(code in ERRORS, `${code} is not in the catalogue`);
      assert.equal(node(r, 'refusal')['status'], ERRORS[code].status, `${ch}: ${code}`);
    }
  }
  for (const c of list(channel('stream')['x-close-codes'], 'x-close-codes')) {
    const code = node(c, 'close')['code'] as ErrorCode | undefined;
    if (code === undefined) continue;
    assert.ok(code in ERRORS, `${code} is not in the catalogue`);
    assert.equal(node(c, 'close')['close'], ERRORS[code].close, code);
  }
  const text = readFileSync(new URL('../../../docs/asyncapi.yaml', import.meta.url), 'utf8');
  for (const code of text.match(/LC_ERR_[A-Z_]+/g) ?? []) {
    assert.ok(code in ERRORS, `${code} is mentioned but not in the catalogue`);
  }
});

// ---------------------------------------------------------------------------------------------
// Real frames from a running server.

let t: TestApp;
before(async () => {
  t = await startTestApp({ 'state.windowSize': 1_000, 'stream.heartbeatMs': 500 });
  await t.ingest(eventItems());
  await t.ingest(quoteItems(30, 1));
});
after(() => t.close());

test('asyncapi: a live WebSocket session sends only documented frames, valid against the schemas', async () => {
  const messages = channelMessages('stream');
  const sub = node(messages.get('subscribe')!['properties'], 'subscribe');
  const maxConflate = node(sub['conflateMs'], 'conflateMs')['maximum'] as number;
  const c = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  c.send({ type: 'subscribe', id: 's1', filter: { sports: ['basketball'] } });
  c.send({ type: 'subscribe', id: 's2', snapshot: false, conflateMs: maxConflate });
  c.send({ type: 'subscribe', id: 'a1', stream: 'alerts', kinds: ['arb'] });
  c.send({ type: 'subscribe', id: 's3', snapshot: false, conflateMs: maxConflate + 1 });
  c.send({ type: 'subscribe', id: 'bad id' });
  c.send({ type: 'subscribe', id: 's1' });
  c.send({ type: 'ping', id: 'p1' });
  c.send({ type: 'ping' });
  c.send({ type: 'teleport', id: 'x' });
  c.ws.send('garbage');
  c.ws.send(Buffer.from([1, 2, 3]));
  c.send({ type: 'unsubscribe', id: 'nope' });
  await c.until(() => c.of('pong').length === 2 && c.of('error').length >= 6);
  await t.ingest(quoteItems(30, 2));
  await t.ingest(eventItems(Date.UTC(2031, 0, 1)));
  await t.ingest(arbItems());
  await c.until(
    () => c.of('quote').length > 0 && c.of('event').length > 0 && c.of('alert').length > 0,
  );
  c.send({ type: 'unsubscribe', id: 's1' });
  await c.until(() => c.of('unsubscribed').length === 1 && c.of('heartbeat').length > 0);
  await c.close();

  const errs = new Map(c.of('error').map((f) => [f['id'], f['code']]));
  assert.equal(errs.get('s3'), 'LC_ERR_PROTOCOL_BAD_FILTER', 'conflateMs over the maximum');
  assert.equal(errs.get('bad id'), 'LC_ERR_PROTOCOL_BAD_FILTER', 'id outside the pattern');
  assert.equal(errs.get('s1'), 'LC_ERR_PROTOCOL_DUPLICATE_ID');
  assert.equal(errs.get('nope'), 'LC_ERR_PROTOCOL_UNKNOWN_ID');
  assert.ok(c.of('subscribed').some((f) => f['id'] === 's2' && f['mode'] === 'live'));
  for (const f of c.frames) {
    const schema = messages.get(f.type);
    assert.ok(schema && !clientTypes.includes(f.type), `undocumented frame ${f.type}`);
    assertValid(schema, f, `live ${f.type}`);
  }
  const seen = new Set(c.frames.map((f) => f.type));
  for (const type of messages.keys()) {
    if (!clientTypes.includes(type)) assert.ok(seen.has(type), `no live ${type} frame seen`);
  }
});

test('asyncapi: a live SSE stream sends documented frames, with ids where documented', async () => {
  const messages = channelMessages('sse');
  const idOn = list(channel('sse')['x-id-on'], 'x-id-on') as string[];
  const url = (q: string) => `${t.url}/v1/sse?key=${t.key}${q}`;
  const check = (c: SseClient) => {
    for (const e of c.events) {
      const f = JSON.parse(e.data) as Node;
      const type = f['type'] as string;
      const schema = messages.get(type);
      assert.ok(schema, `undocumented SSE frame ${type}`);
      assertValid(schema, f, `sse ${type}`);
      if (e.id === undefined) {
        const image = type === 'snapshot' || type === 'alert_snapshot';
        const lastPart = image && f['part'] === f['parts'];
        const live = type === 'subscribed' && f['mode'] === 'live';
        const sometimes = image || type === 'subscribed';
        assert.ok(!idOn.includes(type) || (sometimes && !lastPart && !live), `${type} without id`);
        continue;
      }
      if (type === 'snapshot' || type === 'alert_snapshot')
        assert.equal(f['part'], f['parts'], 'only the last part has an id');
      if (type === 'subscribed') assert.equal(f['mode'], 'live', 'only live subscribed has an id');
      assert.ok(idOn.includes(type), `${type} carries an id`);
      const data = type === 'quote' || type === 'event' || type === 'alert';
      const p = (data ? f : f['position']) as Position;
      assert.equal(e.id, `${p.epoch}:${p.seq}`, `${type} id`);
    }
  };
  type Position = { epoch: string; seq: number };
  const c = await SseClient.connect(url('&sport=basketball&conflateMs=0'));
  await c.until(() => c.of('snapshot').length > 0);
  await t.ingest(quoteItems(30, 3));
  await t.ingest(eventItems(Date.UTC(2032, 0, 1)));
  await c.until(() => c.of('quote').length > 0 && c.of('event').length > 0);
  await c.until(() => c.of('heartbeat').length > 0);
  const last = c.lastEventId!;
  await c.close();
  check(c);

  const resumed = await SseClient.connect(url('&sport=basketball'), { 'last-event-id': last });
  await resumed.until(() => resumed.of('subscribed').length === 1);
  assert.equal(resumed.of('subscribed')[0]!['mode'], 'resumed');
  await resumed.close();
  check(resumed);

  // The alert stream: an image of what is open, then phases, each with its own position.
  const a = await SseClient.connect(url('&stream=alerts&kind=arb'));
  await a.until(() => a.of('alert_snapshot').length > 0);
  await t.ingest(arbItems('nba-1'));
  await a.until(() => a.of('alert').length > 0);
  await a.close();
  check(a);

  // Subscription limits are checked before the stream starts: a coded 400, never an empty stream.
  await assert.rejects(SseClient.connect(url('&conflateMs=120001')), { status: 400 });
});
