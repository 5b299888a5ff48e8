// How a subscription starts: a fresh image, a resume from the in-memory window, a resume from
// history, or, when none can prove it is gap-free, a fresh image flagged recovered: false.

import type { CompiledFilter } from '../model/filter.js';
import { matchesChange } from '../model/filter.js';
import type { Change, Position, Snapshot } from '../model/types.js';
import type { SubscribeRequest } from '../seam/dialect.js';
import type { Subscription } from './subscription.js';

export interface CatchUpPorts {
  snapshot(f: CompiledFilter): Snapshot;
  position(): Position;
  /** Changes after `from` from memory, or null if memory cannot prove it has all of them. */
  windowSince(from: Position): Change[] | null;
  /** Changes after `from` from history (ascending, at most `limit`). */
  historySince(from: Position, limit: number): Promise<Change[]>;
  maxCatchUp: number;
}

export interface StartHooks {
  /** The subscription's frame for a Change (null: nothing to send). */
  encode(change: Change): Buffer | null;
  /** False once the client unsubscribed or left while history was being read. */
  isCurrent(): boolean;
  /** Puts the subscription into the index: live Changes flow from here on. */
  activate(): void;
}

function replay(sub: Subscription, changes: readonly Change[], hooks: StartHooks): void {
  for (const c of changes) {
    if (!matchesChange(sub.filter, c)) continue;
    const frame = hooks.encode(c);
    if (frame !== null) sub.replay(frame);
  }
}

function fresh(
  ports: CatchUpPorts,
  sub: Subscription,
  req: SubscribeRequest,
  hooks: StartHooks,
  recovered: boolean,
) {
  if (req.snapshot || req.from) {
    const snap = ports.snapshot(sub.filter);
    req.onStart({ mode: 'snapshot', recovered, position: snap.position, snapshot: snap });
  } else {
    req.onStart({ mode: 'live', recovered, position: ports.position() });
  }
  hooks.activate();
}

/** Everything between reading and activating happens in one synchronous run: no Change can slip between. */
export function startSubscription(
  ports: CatchUpPorts,
  sub: Subscription,
  req: SubscribeRequest,
  hooks: StartHooks,
): void {
  const from = req.from;
  if (!from) {
    fresh(ports, sub, req, hooks, true);
    return;
  }
  const missed = ports.windowSince(from);
  if (missed !== null && missed.length <= ports.maxCatchUp) {
    req.onStart({ mode: 'resumed', recovered: true, position: from });
    replay(sub, missed, hooks);
    hooks.activate();
    return;
  }
  void catchUpFromHistory(ports, sub, req, hooks, from);
}

async function catchUpFromHistory(
  ports: CatchUpPorts,
  sub: Subscription,
  req: SubscribeRequest,
  hooks: StartHooks,
  from: Position,
): Promise<void> {
  const collected: Change[] = [];
  let at = from;
  try {
    if (from.epoch === ports.position().epoch && from.seq <= ports.position().seq) {
      while (collected.length <= ports.maxCatchUp) {
        const batch = await ports.historySince(at, 5_000);
        if (!hooks.isCurrent()) return;
        // The first row must follow `at` exactly, or history has pruned what we need.
        if (batch.length === 0 || batch[0]!.seq !== at.seq + 1) break;
        for (const c of batch) if (matchesChange(sub.filter, c)) collected.push(c);
        at = { epoch: at.epoch, seq: batch.at(-1)!.seq };
        const rest = ports.windowSince(at);
        if (rest !== null) {
          req.onStart({ mode: 'resumed', recovered: true, position: from });
          replay(sub, collected, hooks);
          replay(sub, rest, hooks);
          hooks.activate();
          return;
        }
      }
    }
  } catch (e) {
    if (!hooks.isCurrent()) return;
    req.onError?.('LC_ERR_SERVER_INTERNAL', `history: ${(e as Error).message}`);
  }
  if (hooks.isCurrent()) fresh(ports, sub, req, hooks, false);
}
