// The bus between state and its consumers (history, hub). In-process by default; a NATS
// JetStream bus can replace it without either side changing.
import type { Change } from '../model/types.js';

export type ChangeListener = (changes: readonly Change[]) => void;

export interface Bus {
  publish(changes: readonly Change[]): void;
  subscribe(listener: ChangeListener): () => void;
}

export class LocalBus implements Bus {
  private listeners: ChangeListener[] = [];

  publish(changes: readonly Change[]): void {
    if (changes.length === 0) return;
    for (const l of this.listeners) l(changes);
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}
