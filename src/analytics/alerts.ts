// The lifecycle of alerts: a slot (what an alert is about, e.g. one quote's +EV or one group's
// arbitrage) is opened once, updated only when its value changes, and closed with a reason. An
// alert's id is fixed when it opens, so every phase of one alert carries the same id.
import type { Position } from '../model/types.js';
import type { Alert, CloseReason } from './types.js';

type Body<A> = A extends Alert ? Omit<A, 'id' | 'phase' | 'at' | 'cause' | 'reason'> : never;
export type AlertBody = Body<Alert>;

/** When and why the engine is evaluating: a Change, or a clock tick (cause null). */
export interface Moment {
  at: number;
  cause: Position | null;
}

interface Slot {
  alert: Alert;
  sig: string | number;
}

export class Alerts {
  private readonly slots = new Map<string, Slot>();
  private readonly byEvent = new Map<string, Set<string>>();

  constructor(private readonly emit: (a: Alert) => void) {}

  /** Opens the slot's alert, or updates it when `sig` (a digest of its value) changed. */
  set(slot: string, body: AlertBody, sig: string | number, m: Moment): void {
    const open = this.slots.get(slot);
    if (open) {
      if (open.sig === sig) return;
      // The body's spread first: V8 clones a leading spread on a fast path, any other is far slower.
      const alert = { ...body, id: open.alert.id, phase: 'updated', at: m.at, cause: m.cause };
      open.alert = alert as Alert;
      open.sig = sig;
      this.emit(open.alert);
      return;
    }
    const origin = m.cause ? `${m.cause.seq}` : `t${m.at}`;
    const id = `${body.kind}:${slot}@${origin}`;
    const alert = { ...body, id, phase: 'opened', at: m.at, cause: m.cause } as Alert;
    this.slots.set(slot, { alert, sig });
    let slots = this.byEvent.get(body.event);
    if (!slots) {
      slots = new Set();
      this.byEvent.set(body.event, slots);
    }
    slots.add(slot);
    this.emit(alert);
  }

  /** Closes the slot's alert if one is open; the closing phase repeats its last value. */
  clear(slot: string, reason: CloseReason, m: Moment): void {
    const open = this.slots.get(slot);
    if (!open) return;
    this.slots.delete(slot);
    this.byEvent.get(open.alert.event)?.delete(slot);
    this.emit({ ...open.alert, phase: 'closed', at: m.at, cause: m.cause, reason });
  }

  /** Whether the slot's open alert already has this value: the caller can skip building a body. */
  unchanged(slot: string, sig: string | number): boolean {
    return this.slots.get(slot)?.sig === sig;
  }

  /** Closes every alert about one event. */
  clearEvent(event: string, reason: CloseReason, m: Moment): void {
    for (const slot of [...(this.byEvent.get(event) ?? [])]) this.clear(slot, reason, m);
    this.byEvent.delete(event);
  }

  /** The alerts open now, as last emitted: what a new subscriber's snapshot holds. */
  open(): Alert[] {
    return [...this.slots.values()].map((s) => s.alert);
  }

  get size(): number {
    return this.slots.size;
  }
}
