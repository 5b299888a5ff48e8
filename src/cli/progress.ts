// Progress of a long command, on one rewritten line of a terminal; nothing when piped, so logs
// and scripts see only the result.

export interface Progress {
  /** Shows `text` (at most a few times a second). */
  update(text: string): void;
  /** Clears the line. */
  done(): void;
}

interface Out {
  isTTY?: boolean;
  write(s: string): boolean;
}

export function progress(out: Out, label: string, everyMs = 200): Progress {
  if (!out.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      shown = true;
      out.write(`\r\x1b[2K${label}: ${text}`);
    },
    done() {
      if (shown) out.write('\r\x1b[2K');
    },
  };
}
