// Request bodies of the signed REST routes (spec 5, SDK 0.1.1 types): JSON objects whose fields
// may come camelCase or snake_case; enum values as names. Shape errors are 400 with a `message`
// (the SDK reads it); values the engine judges (price bounds, tick, quantity, funds) go to the
// engine, which rejects on the ORDER stream as the vendor does (spec 4.7 note).
import type {
  ModifyRequest,
  OrderAction,
  OrderIntent,
  OrderRequest,
  OrderType,
  OutcomeSide,
  TimeInForce,
} from '../../exchange/api.js';
import type { HttpRequest } from '../../seam/http.js';

export class BadBody extends Error {}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Object keys in camelCase, recursively. */
function camelize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelize);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), camelize(x)]));
}

/** The body as an object; an empty body reads as `{}` (0.1 C12). */
export function parseBody(req: HttpRequest): Obj {
  const text = req.body.toString('utf8').trim();
  if (text === '') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
    // Inside the try: a body nested deeper than the stack is a bad body too.
    if (isObject(raw)) return camelize(raw) as Obj;
  } catch {
    throw new BadBody('invalid JSON body');
  }
  throw new BadBody('body must be a JSON object');
}

function oneOf<T extends string>(o: Obj, name: string, values: readonly T[]): T | undefined {
  const v = o[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  throw new BadBody(`${name}: unknown value ${JSON.stringify(v)}`);
}

function num(o: Obj, name: string): number | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new BadBody(`${name} must be a number`);
  return n;
}

/** An `Amount` (`{value: "0.55", currency: "USD"}`) or a bare number, as dollars. */
function amount(o: Obj, name: string): number | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  if (isObject(v)) {
    const n = num(v, 'value');
    if (n === undefined) throw new BadBody(`${name}.value is required`);
    return n;
  }
  return num(o, name);
}

export function bool(o: Obj, name: string): boolean | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new BadBody(`${name} must be a boolean`);
  return v;
}

function timestamp(o: Obj, name: string): number | undefined {
  const v = o[name];
  if (v === undefined || v === null || v === '') return undefined;
  const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) throw new BadBody(`${name} must be an RFC 3339 time`);
  return ms;
}

export function requiredSlug(o: Obj): string {
  const slug = o['marketSlug'];
  if (typeof slug !== 'string' || slug === '') throw new BadBody('marketSlug is required');
  return slug;
}

const INTENTS = [
  'ORDER_INTENT_BUY_LONG',
  'ORDER_INTENT_SELL_LONG',
  'ORDER_INTENT_BUY_SHORT',
  'ORDER_INTENT_SELL_SHORT',
] as const satisfies readonly OrderIntent[];
const TIFS = [
  'TIME_IN_FORCE_DAY',
  'TIME_IN_FORCE_GOOD_TILL_CANCEL',
  'TIME_IN_FORCE_GOOD_TILL_DATE',
  'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
  'TIME_IN_FORCE_FILL_OR_KILL',
] as const satisfies readonly TimeInForce[];
const TYPES = ['ORDER_TYPE_LIMIT', 'ORDER_TYPE_MARKET'] as const satisfies readonly OrderType[];
const OUTCOMES = ['OUTCOME_SIDE_YES', 'OUTCOME_SIDE_NO'] as const satisfies readonly OutcomeSide[];
const ACTIONS = ['ORDER_ACTION_BUY', 'ORDER_ACTION_SELL'] as const satisfies readonly OrderAction[];

export function slippage(o: Obj): OrderRequest['slippageTolerance'] {
  const s = o['slippageTolerance'];
  if (s === undefined || s === null) return undefined;
  if (!isObject(s)) throw new BadBody('slippageTolerance must be an object');
  const currentPrice = amount(s, 'currentPrice');
  if (currentPrice === undefined) throw new BadBody('slippageTolerance.currentPrice is required');
  const bips = num(s, 'bips');
  const ticks = num(s, 'ticks');
  return {
    currentPrice,
    ...(bips !== undefined ? { bips } : {}),
    ...(ticks !== undefined ? { ticks } : {}),
  };
}

/** Drops absent fields, so the engine sees only what the client sent. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function orderRequest(o: Obj): OrderRequest {
  return defined<OrderRequest>({
    marketSlug: requiredSlug(o),
    intent: oneOf(o, 'intent', INTENTS),
    outcomeSide: oneOf(o, 'outcomeSide', OUTCOMES),
    action: oneOf(o, 'action', ACTIONS),
    type: oneOf(o, 'type', TYPES),
    price: amount(o, 'price'),
    quantity: num(o, 'quantity'),
    cashOrderQty: amount(o, 'cashOrderQty'),
    tif: oneOf(o, 'tif', TIFS),
    goodTillTime: timestamp(o, 'goodTillTime'),
    postOnly: bool(o, 'participateDontInitiate'),
    slippageTolerance: slippage(o),
  });
}

export function modifyRequest(o: Obj): ModifyRequest {
  return defined<ModifyRequest>({
    price: amount(o, 'price'),
    quantity: num(o, 'quantity'),
    tif: oneOf(o, 'tif', TIFS),
    goodTillTime: timestamp(o, 'goodTillTime'),
    postOnly: bool(o, 'participateDontInitiate'),
  });
}

/** Repeated (`?slugs=a&slugs=b`) or comma-separated query values. */
export function listQuery(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** A body list of strings (`{"slugs": […]}`). */
export function stringList(o: Obj, name: string): string[] | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
    throw new BadBody(`${name} must be a list of strings`);
  return v as string[];
}
