// The open-loop schedule: message i is due at start + i / rate, whatever happened before.
// Each message carries its scheduled time, so a lagging publisher or server shows up as
// latency instead of silently lowering the offered rate.

export interface Schedule {
  /** Microseconds on the shared clock. */
  startUs: number;
  /** Messages per second. */
  rate: number;
  durationUs: number;
}

export function totalMessages(s: Schedule): number {
  return Math.floor((s.durationUs * s.rate) / 1e6);
}

export function scheduledAt(s: Pick<Schedule, 'startUs' | 'rate'>, index: number): number {
  return s.startUs + Math.floor((index * 1e6) / s.rate);
}

/** How many messages are due by `nowUs` in total (sent or not), capped at the step's total. */
export function dueBy(s: Schedule, nowUs: number): number {
  if (nowUs < s.startUs) return 0;
  // Message i is due once floor(i * 1e6 / rate) <= elapsed, i.e. i < (elapsed + 1) * rate / 1e6.
  const due = Math.ceil(((nowUs - s.startUs + 1) * s.rate) / 1e6);
  return Math.min(due, totalMessages(s));
}
