// The lifecycle of alerts: a slot (what an alert is about, e.g. one quote's +EV or one group's
// arbitrage) is opened once, updated only when its value changes, and closed with a reason. An
// alert's id is fixed when it opens, so every phase of one alert carries the same id.
import type { Position } from '../model/types.js';
import type { Alert, CloseReason } from './types.js';

type Body<A> = A extends Alert ? Omit<A, 'id' | 'phase' | 'at' | 'cause' | 'reason'> : never;
export type AlertBody = Body<Alert>;

/**
 * When and why the engine is evaluating: a Change, or a clock tick or a venue (cause null). The
 * engine reuses one per kind of call and builds the cause only when an alert needs it: most
 * Changes cause no alert, and a Moment and a cause per Change were garbage to collect.
 */
export class Moment {
  at = 0;
  private epoch: string | null = null;
  private seq = 0;
  private built: Position | null = null;

  /** Now at a Change's position; `epoch` null: no Change caused it. */
  static of(at: number, epoch: string | null = null, seq = 0): Moment {
    return new Moment().reset(at, epoch, seq);
  }

  reset(at: number, epoch: string | null, seq: number): this {
    this.at = at;
    this.epoch = epoch;
    this.seq = seq;
    this.built = null;
    return this;
  }

  /** The Change that caused this moment; one object shared by every alert it causes. */
  get cause(): Position | null {
    if (this.epoch === null) return null;
    this.built ??= { epoch: this.epoch, seq: this.seq };
    return this.built;
  }
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
    if (this.slots.get(slot)?.sig === sig) return;
    // The body's spread first: V8 clones a leading spread on a fast path, any other is far slower.
    this.put(slot, { ...body, id: '', phase: 'opened', at: m.at, cause: null } as Alert, sig, m);
  }

  /**
   * As `set`, for an alert the caller built whole, its `id`, `phase` and `cause` left as
   * placeholders (in that order, last but `at`, so its JSON reads as `set`'s) and filled in here:
   * one object per phase instead of a body and its copy. The caller has checked that the value
   * changed (`unchanged` or `current`).
   */
  put(slot: string, alert: Alert, sig: string | number, m: Moment): void {
    const open = this.slots.get(slot);
    if (open) {
      alert.id = open.alert.id;
      alert.phase = 'updated';
      alert.cause = m.cause;
      open.alert = alert;
      open.sig = sig;
      this.emit(alert);
      return;
    }
    const cause = m.cause;
    alert.id = `${alert.kind}:${slot}@${cause ? cause.seq : `t${m.at}`}`;
    alert.phase = 'opened';
    alert.cause = cause;
    this.slots.set(slot, { alert, sig });
    let slots = this.byEvent.get(alert.event);
    if (!slots) {
      slots = new Set();
      this.byEvent.set(alert.event, slots);
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

  /** The slot's open alert as last emitted, if any. */
  current(slot: string): Alert | undefined {
    return this.slots.get(slot)?.alert;
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
