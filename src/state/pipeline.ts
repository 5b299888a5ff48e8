// normalise -> state -> bus: the one path every source's updates take.
import type { Bus } from '../bus/bus.js';
import type { Change, Update } from '../model/types.js';
import type { Refusal, State } from './state.js';

export type ApplyOutcome = 'changed' | 'unchanged' | Refusal;

export interface ApplyResult {
  outcomes: ApplyOutcome[];
  changes: Change[];
}

export class Pipeline {
  constructor(
    private readonly state: State,
    private readonly bus: Bus,
    /** False while a downstream stage (history) is saturated: sources must wait or refuse. */
    readonly accepting: () => boolean,
  ) {}

  apply(updates: readonly Update[]): ApplyResult {
    const outcomes: ApplyOutcome[] = new Array(updates.length);
    const changes: Change[] = [];
    for (let i = 0; i < updates.length; i++) {
      const r = this.state.apply(updates[i]!);
      if (r === null) outcomes[i] = 'unchanged';
      else if (typeof r === 'string') outcomes[i] = r;
      else {
        outcomes[i] = 'changed';
        changes.push(r);
      }
    }
    this.bus.publish(changes);
    return { outcomes, changes };
  }
}
