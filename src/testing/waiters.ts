// Promises that resolve once a condition over received frames holds, for test clients.
//
// `timeoutMs` bounds a stall, not the whole wait: every frame that arrives restarts it. On a
// loaded machine a stream may take many times longer than on an idle one, and that is not a
// failure; a stream that stops moving short of the condition is.

interface Wait {
  pred: () => boolean;
  resolve: () => void;
  /** Restarts the stall timer. */
  progress: () => void;
}

export class Waiters {
  private list: Wait[] = [];

  /** Call after every new frame: resolves the waits whose condition now holds. */
  wake(): void {
    this.list = this.list.filter((w) => {
      if (!w.pred()) {
        w.progress();
        return true;
      }
      w.resolve();
      return false;
    });
  }

  /**
   * Resolves when `pred()` holds; rejects when `timeoutMs` pass without a new frame, with
   * `describe()` in the message.
   */
  until(pred: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const fail = () => {
        this.list = this.list.filter((w) => w !== wait);
        reject(new Error(`timed out: no new frame for ${timeoutMs} ms; ${describe()}`));
      };
      let timer = setTimeout(fail, timeoutMs);
      const wait: Wait = {
        pred,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        progress: () => {
          clearTimeout(timer);
          timer = setTimeout(fail, timeoutMs);
        },
      };
      this.list.push(wait);
    });
  }
}
