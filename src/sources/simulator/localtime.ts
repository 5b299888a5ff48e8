// Local calendar days and wall-clock times in a league's time zone, so kick-offs follow the
// local clock across daylight-saving changes. Days are counted from 1970-01-01 (day 0, a Thursday).

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(tz, f);
  }
  return f;
}

/** How far `tz`'s wall clock is ahead of UTC at instant `utcMs`. */
export function zoneOffsetMs(tz: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of format(tz).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    parts['year'] ?? 1970,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** The local calendar day in `tz` at instant `utcMs`. */
export function localDay(tz: string, utcMs: number): number {
  return Math.floor((utcMs + zoneOffsetMs(tz, utcMs)) / DAY_MS);
}

/** The instant of `minutes` past local midnight on `day` in `tz`. */
export function localTime(tz: string, day: number, minutes: number): number {
  const wall = day * DAY_MS + minutes * 60_000;
  let t = wall - zoneOffsetMs(tz, wall);
  const again = zoneOffsetMs(tz, t);
  if (wall - again !== t) t = wall - again;
  return t;
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function dayOf(year: number, month: number, date: number): number {
  return Math.floor(Date.UTC(year, month - 1, date) / DAY_MS);
}

export function ymd(day: number): { year: number; month: number; date: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

/** The `n`th (1-based) `wd` weekday of a month. */
export function nthWeekday(year: number, month: number, wd: number, n: number): number {
  const first = dayOf(year, month, 1);
  return first + ((wd - weekday(first) + 7) % 7) + (n - 1) * 7;
}

/** `HH:MM` to minutes past midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}
