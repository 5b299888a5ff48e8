// How `linecast tail` and `linecast snapshot` print prices: pure text, colour only when asked.
import type { Change, Image } from '@linecast/sdk';
import { decimalToAmerican } from '../model/odds.js';
import type { Price, QuoteKey, QuoteValue } from '../model/types.js';

const ANSI = { green: 32, red: 31, yellow: 33, dim: 2 } as const;
type Colour = keyof typeof ANSI;

function paint(on: boolean, colour: Colour, text: string): string {
  return on ? `\u001b[${ANSI[colour]}m${text}\u001b[0m` : text;
}

function american(p: Price): string {
  const a = p.american ?? decimalToAmerican(p.decimal);
  return a > 0 ? `+${a}` : String(a);
}

/** `-110 (1.91)`, or the status when there is no open price (`suspended`, `off board`). */
export function priceText(v: QuoteValue | null): string {
  if (v === null) return '-';
  if (v.status !== 'open' || v.price === null) {
    const status = v.status === 'off_board' ? 'off board' : v.status;
    return v.price ? `${status} ${american(v.price)}` : status;
  }
  return `${american(v.price)} (${v.price.decimal.toFixed(2)})`;
}

export function keyText(k: QuoteKey): string {
  const line = k.line === null ? '' : ` ${k.line > 0 ? '+' : ''}${k.line}`;
  return `${k.event} ${k.market}/${k.period} ${k.book} ${k.selection}${line}`;
}

/** Up when the decimal price lengthens, down when it shortens, `*` for a new quote. */
export function arrow(before: QuoteValue | null, after: QuoteValue): '▲' | '▼' | '=' | '*' {
  if (before?.price == null) return '*';
  if (after.price === null) return '=';
  if (after.price.decimal > before.price.decimal) return '▲';
  if (after.price.decimal < before.price.decimal) return '▼';
  return '=';
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

/** One human line per Change. */
export function changeLine(c: Change, colour: boolean): string {
  if (c.type === 'event') {
    const e = c.after;
    const score = e.live ? ` ${e.live.home}-${e.live.away} P${e.live.period}` : '';
    return `${paint(colour, 'dim', clock(c.at))} ${e.id} ${paint(colour, 'yellow', e.status)}${score}`;
  }
  const a = arrow(c.before, c.after);
  const colourOf: Colour = a === '▲' ? 'green' : a === '▼' ? 'red' : 'yellow';
  const move = `${priceText(c.before)} -> ${priceText(c.after)}`;
  return `${paint(colour, 'dim', clock(c.at))} ${keyText(c.key)}  ${paint(colour, colourOf, `${a} ${move}`)}`;
}

/** One NDJSON line per Change; an image is summarised (its quotes are for `snapshot`). */
export function jsonLine(m: Change | Image): string {
  if (m.type !== 'image') return JSON.stringify(m);
  const { type, cause, recovered, position, events, quotes } = m;
  return JSON.stringify({
    type,
    cause,
    recovered,
    position,
    events: events.length,
    quotes: quotes.length,
  });
}
