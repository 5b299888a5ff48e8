// Client frames (spec 2.1): camelCase or snake_case field names, enum names or their numbers
// (numbers are per endpoint: 1 is MARKET_DATA on the markets socket and ORDER on the private one).
// Whatever arrives becomes a typed command or the error text of spec 2.4. Pure.

export const MARKET_TYPES = [
  'SUBSCRIPTION_TYPE_MARKET_DATA',
  'SUBSCRIPTION_TYPE_MARKET_DATA_LITE',
  'SUBSCRIPTION_TYPE_TRADE',
] as const;
export const PRIVATE_TYPES = [
  'SUBSCRIPTION_TYPE_ORDER',
  'SUBSCRIPTION_TYPE_ORDER_SNAPSHOT',
  'SUBSCRIPTION_TYPE_POSITION',
  'SUBSCRIPTION_TYPE_ACCOUNT_BALANCE',
] as const;
export type MarketType = (typeof MARKET_TYPES)[number];
export type PrivateType = (typeof PRIVATE_TYPES)[number];

/** Spec 4.1: the integers of each endpoint, index = number (0 is UNSPECIFIED). */
const NUMBERS = {
  markets: [null, ...MARKET_TYPES],
  private: [null, ...PRIVATE_TYPES, 'SUBSCRIPTION_TYPE_RFQ'],
} as const;

export type Command<T extends string> =
  | { kind: 'subscribe'; requestId: string; type: T; slugs: string[]; debounced: boolean }
  | { kind: 'unsubscribe'; requestId: string }
  | { kind: 'error'; error: string; requestId?: string; type?: string };

/** A field by its camelCase name or its snake_case twin. */
function field(o: Record<string, unknown>, camel: string): unknown {
  if (camel in o) return o[camel];
  return o[camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function typeName(raw: unknown, endpoint: 'markets' | 'private'): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isInteger(raw)) return NUMBERS[endpoint][raw] ?? null;
  return null;
}

export function decode<T extends string>(
  text: string,
  endpoint: 'markets' | 'private',
  allowed: readonly T[],
): Command<T> {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { kind: 'error', error: 'invalid request' };
  }
  if (!isObject(msg)) return { kind: 'error', error: 'invalid request' };
  if (isObject(msg['unsubscribe'])) {
    const requestId = field(msg['unsubscribe'], 'requestId');
    if (typeof requestId !== 'string' || requestId === '')
      return { kind: 'error', error: 'requestId is required' };
    return { kind: 'unsubscribe', requestId };
  }
  if (!isObject(msg['subscribe'])) return { kind: 'error', error: 'invalid request' };
  const sub = msg['subscribe'];
  const requestId = field(sub, 'requestId');
  if (typeof requestId !== 'string' || requestId === '')
    return { kind: 'error', error: 'requestId is required' };
  const name = typeName(field(sub, 'subscriptionType'), endpoint);
  if (name === null || !(allowed as readonly string[]).includes(name)) {
    return {
      kind: 'error',
      error: 'invalid subscription type',
      requestId,
      ...(name !== null ? { type: name } : {}),
    };
  }
  const type = name as T;
  const rawSlugs = field(sub, 'marketSlugs') ?? [];
  if (!Array.isArray(rawSlugs) || !rawSlugs.every((s) => typeof s === 'string' && s !== ''))
    return { kind: 'error', error: 'marketSlugs must be a list of slugs', requestId, type };
  const debounced = field(sub, 'responsesDebounced') ?? false;
  if (typeof debounced !== 'boolean')
    return { kind: 'error', error: 'responsesDebounced must be a boolean', requestId, type };
  return {
    kind: 'subscribe',
    requestId,
    type,
    slugs: [...new Set(rawSlugs as string[])],
    debounced,
  };
}
