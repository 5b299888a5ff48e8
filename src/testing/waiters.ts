// Promises that resolve once a condition over received frames holds, for test clients.
export class Waiters {
  private list: { pred: () => boolean; resolve: () => void }[] = [];

  /** Call after every new frame: resolves the waits whose condition now holds. */
  wake(): void {
    this.list = this.list.filter((w) => {
      if (!w.pred()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves when `pred()` holds; rejects after `timeoutMs` with `describe()` in the message. */
  until(pred: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; ${describe()}`)), timeoutMs);
      this.list.push({
        pred,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}
