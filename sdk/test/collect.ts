// Reads a subscription in the background into an array, so tests can wait on what arrived.
import { Waiters } from '../../src/testing/waiters.js';
import type { Client } from '../src/client.js';
import type { Transition } from '../src/state.js';
import type { Subscription, SubscriptionMessage } from '../src/subscription.js';

export class Collected {
  readonly messages: SubscriptionMessage[] = [];
  error: unknown = null;
  ended = false;
  private readonly waiters = new Waiters();

  constructor(sub: Subscription) {
    void (async () => {
      try {
        for await (const m of sub) {
          this.messages.push(m);
          this.waiters.wake();
        }
      } catch (e) {
        this.error = e;
      }
      this.ended = true;
      this.waiters.wake();
    })();
  }

  until(pred: (c: this) => boolean): Promise<void> {
    return this.waiters.until(
      () => pred(this),
      20_000,
      () => `${this.messages.length} messages, ended ${this.ended}`,
    );
  }

  /** Seqs of the Changes (not images) received, in order. */
  seqs(): number[] {
    return this.messages.flatMap((m) => (m.type === 'image' ? [] : [m.position.seq]));
  }
}

/** Every transition of a client, as `to:reason`. */
export function transitions(client: Client): { log: string[]; list: Transition[] } {
  const out = { log: [] as string[], list: [] as Transition[] };
  client.on('state', (t) => {
    out.list.push(t);
    out.log.push(`${t.to}:${t.reason}`);
  });
  return out;
}
