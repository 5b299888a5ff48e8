// When each league plays: season phases, the local kick-off times of a typical week, and how far
// ahead books list games. Dates follow the leagues' usual rules (NFL week 1 after Labor Day, MLB's
// All-Star break, European winter breaks); numbers of games follow a typical week of the real
// league, thinned to the teams the catalog has.
import { dayOf, nthWeekday, weekday, ymd } from './localtime.js';

export interface Phase {
  /** Whether this phase schedules games on local day `day`. */
  covers: (day: number) => boolean;
  /** Local kick-off times per weekday, Sunday first; one entry per game. */
  week: readonly (readonly string[])[];
}

export interface Season {
  /** The time zone the league's kick-off times are published in. */
  tz: string;
  /**
   * `day`: teams are paired afresh every day (each plays at most once a day); `week`: one round
   * per week, Tuesday to Monday, so each team plays at most once in it.
   */
  round: 'day' | 'week';
  /** Days after today whose games are already listed pre-match. */
  horizonDays: number;
  /** The first phase covering a day decides its games; no phase: no games. */
  phases: readonly Phase[];
}

const rep = (time: string, n: number): string[] => Array.from({ length: n }, () => time);
const days = (
  sun: string[],
  mon: string[],
  tue: string[],
  wed: string[],
  thu: string[],
  fri: string[],
  sat: string[],
) => [sun, mon, tue, wed, thu, fri, sat];
const every = (times: string[]) => days(times, times, times, times, times, times, times);
const none: string[] = [];

/** `MM-DD` to MM*100+DD. */
const md = (s: string) => Number(s.slice(0, 2)) * 100 + Number(s.slice(3, 5));
function monthDay(day: number): number {
  const d = ymd(day);
  return d.month * 100 + d.date;
}

/** Days from `from` to `to` (`MM-DD`, inclusive); a window may run over the new year. */
function window(from: string, to: string): (day: number) => boolean {
  const a = md(from);
  const b = md(to);
  return (day) => {
    const x = monthDay(day);
    return a <= b ? x >= a && x <= b : x >= a || x <= b;
  };
}

function and(...tests: ((day: number) => boolean)[]): (day: number) => boolean {
  return (day) => tests.every((t) => t(day));
}
const not = (test: (day: number) => boolean) => (day: number) => !test(day);

const thanksgiving = (day: number) => day === nthWeekday(ymd(day).year, 11, 4, 4);
const christmasEve = window('12-24', '12-24');
const christmas = window('12-25', '12-25');

/** The NFL season a day belongs to: week 1 kicks off the Thursday after Labor Day. */
function nfl(day: number) {
  const { year, month } = ymd(day);
  const season = month >= 3 ? year : year - 1;
  const laborDay = nthWeekday(season, 9, 1, 1);
  const lastSunday = laborDay + 6 + 17 * 7;
  return { kickoff: laborDay + 3, lastSunday };
}
const nflDays =
  (from: number, to: number, key: 'kickoff' | 'lastSunday' = 'lastSunday') =>
  (day: number) => {
    const base = nfl(day)[key];
    return day >= base + from && day <= base + to;
  };

/** MLB's All-Star Game is the first Tuesday on or after 12 July; no games Monday to Thursday. */
function allStarBreak(day: number): boolean {
  const { year } = ymd(day);
  const jul12 = dayOf(year, 7, 12);
  const game = jul12 + ((2 - weekday(jul12) + 7) % 7);
  return day >= game - 1 && day <= game + 2;
}

/** In World Cup years (2026, 2030) MLS pauses from late May to mid July. */
function worldCupPause(day: number): boolean {
  const { year } = ymd(day);
  return year % 4 === 2 && window('05-25', '07-16')(day);
}

/** The Champions League plays Tuesday and Wednesday of every other week. */
function uclWeek(day: number): boolean {
  const tuesday = day - ((weekday(day) - 2 + 7) % 7);
  return Math.floor(tuesday / 7) % 2 === 0;
}

/** UFC numbered and Fight Night cards: three Saturdays in four. */
const ufcWeek = (day: number) => Math.floor(day / 7) % 4 !== 3;

const NBA_WEEK = days(
  ['15:30', '18:00', '19:00', '19:30', '21:00'],
  ['19:00', '19:00', '19:30', '20:00', '20:00', '21:00', '22:00', '22:30'],
  ['19:00', '19:30', '20:00', '22:00', '22:00'],
  ['19:00', '19:00', '19:30', '19:30', '20:00', '20:00', '21:00', '21:30', '22:00', '22:00'],
  ['19:30', '20:00', '22:00'],
  ['19:00', '19:00', '19:30', '20:00', '20:00', '21:00', '22:00', '22:30'],
  ['15:00', '17:00', '19:00', '19:30', '20:00', '20:30', '22:00'],
);

const NHL_WEEK = days(
  ['13:00', '15:00', '17:00', '19:00', '19:30'],
  ['19:00', '19:30', '21:00', '22:00'],
  [...rep('19:00', 4), '19:30', '19:30', '20:00', '21:00', '22:00'],
  ['19:00', '19:30', '20:00', '22:00'],
  [...rep('19:00', 4), '19:30', '19:30', '20:00', '21:00', '22:00', '22:30'],
  ['19:00', '19:00', '20:00', '21:00', '22:00'],
  ['13:00', '15:00', '16:00', '17:00', ...rep('19:00', 4), '20:00', '21:00', '22:00', '22:00'],
);

const MLB_DAY = [
  '13:05',
  '18:40',
  '19:05',
  '19:05',
  '19:10',
  '19:10',
  '19:40',
  '19:45',
  '20:10',
  '20:10',
  '21:38',
  '21:40',
  '22:05',
  '22:10',
  '22:15',
];
const MLB_WEEKEND = [
  ...rep('13:35', 4),
  '13:40',
  '14:10',
  '14:10',
  '15:10',
  '16:05',
  '16:10',
  '16:10',
  '19:15',
  '19:15',
  '22:10',
  '22:10',
];

const SOCCER_PHASE = (
  from: string,
  to: string,
  week: string[][],
  off = (_day: number) => false,
) => ({
  covers: and(window(from, to), not(off)),
  week,
});

export const SEASONS: Readonly<Record<string, Season>> = {
  nfl: {
    tz: 'America/New_York',
    round: 'week',
    horizonDays: 7,
    phases: [
      {
        covers: thanksgiving,
        week: days(none, none, none, none, ['12:30', '16:30', '20:20'], none, none),
      },
      {
        covers: (day) => day >= nfl(day).kickoff && day <= nfl(day).lastSunday,
        week: days(
          [...rep('13:00', 9), '16:05', '16:05', '16:25', '16:25', '20:20'],
          ['20:15'],
          none,
          none,
          ['20:15'],
          none,
          none,
        ),
      },
      // Wild card, divisional and conference rounds, then the Super Bowl two weeks later.
      {
        covers: nflDays(6, 8),
        week: days(['13:00', '16:30', '20:15'], ['20:15'], none, none, none, none, [
          '16:30',
          '20:15',
        ]),
      },
      {
        covers: nflDays(13, 14),
        week: days(['15:00', '18:30'], none, none, none, none, none, ['16:30', '20:15']),
      },
      {
        covers: nflDays(21, 21),
        week: days(['15:00', '18:30'], none, none, none, none, none, none),
      },
      { covers: nflDays(35, 35), week: days(['18:30'], none, none, none, none, none, none) },
    ],
  },
  ncaaf: {
    tz: 'America/New_York',
    round: 'week',
    horizonDays: 7,
    phases: [
      {
        // Week 0 (the last Saturday of August) to the conference championships (first Saturday of December).
        covers: (day) => {
          const { year } = ymd(day);
          const sep1 = dayOf(year, 9, 1);
          const week0 = sep1 - ((weekday(sep1) + 1) % 7 || 7);
          return day >= week0 - 2 && day <= nthWeekday(year, 12, 6, 1);
        },
        week: days(
          none,
          none,
          none,
          none,
          ['19:30'],
          ['20:00'],
          ['12:00', '12:00', '15:30', '15:30', '19:00', '19:30', '20:00', '22:30'],
        ),
      },
      {
        // Bowl season, then the playoff semi-finals and the title game (third Monday of January).
        covers: window('12-19', '01-02'),
        week: days(
          ['12:00', '19:30'],
          ['15:00'],
          ['19:00'],
          ['19:30'],
          ['19:30'],
          ['16:00', '19:30'],
          ['12:00', '15:30', '19:00', '21:00'],
        ),
      },
      {
        covers: (day) => {
          const { year, month } = ymd(day);
          return month === 1 && day === nthWeekday(year, 1, 1, 3);
        },
        week: days(none, ['19:30'], none, none, none, none, none),
      },
    ],
  },
  nba: {
    tz: 'America/New_York',
    round: 'day',
    horizonDays: 2,
    phases: [
      { covers: (day) => thanksgiving(day) || christmasEve(day), week: every(none) },
      { covers: christmas, week: every(['12:00', '14:30', '17:00', '20:00', '22:30']) },
      { covers: window('10-21', '04-12'), week: NBA_WEEK },
      {
        covers: window('04-14', '05-18'),
        week: days(
          ['13:00', '15:30', '18:00', '20:30'],
          ['19:00', '21:30'],
          ['19:00', '21:30'],
          ['19:00', '21:30'],
          ['19:00', '21:30'],
          ['19:00', '21:30'],
          ['13:00', '15:30', '18:00', '20:30'],
        ),
      },
      { covers: window('05-19', '06-20'), week: every(['20:30']) },
    ],
  },
  ncaab: {
    tz: 'America/New_York',
    round: 'day',
    horizonDays: 2,
    phases: [
      { covers: (day) => thanksgiving(day) || window('12-24', '12-26')(day), week: every(none) },
      {
        covers: (day) => {
          const { year, month } = ymd(day);
          return month >= 11 ? day >= nthWeekday(year, 11, 1, 1) : window('01-01', '03-15')(day);
        },
        week: days(
          ['12:00', '14:00', '16:00', '18:00'],
          ['19:00', '21:00', '21:00'],
          ['19:00', '19:00', '20:00', '21:00', '21:00', '23:00'],
          ['19:00', '19:00', '20:00', '21:00', '21:00', '22:00'],
          ['19:00', '21:00', '21:00', '23:00'],
          ['19:00', '21:00', '21:00'],
          ['12:00', '12:00', '14:00', '16:00', '18:00', '20:00', '22:00'],
        ),
      },
      {
        covers: window('03-17', '04-07'),
        week: days(
          ['14:00', '17:00', '19:30', '21:45'],
          ['21:00'],
          none,
          none,
          ['12:15', '14:45', '19:10', '21:40'],
          ['12:15', '14:45', '19:10', '21:40'],
          ['12:00', '14:30', '18:00', '20:30'],
        ),
      },
    ],
  },
  wnba: {
    tz: 'America/New_York',
    round: 'day',
    horizonDays: 2,
    phases: [
      {
        covers: window('05-15', '09-14'),
        week: days(
          ['13:00', '15:00', '18:00', '21:00'],
          ['19:30', '22:00'],
          ['19:00', '19:30', '22:00'],
          ['12:00', '19:30', '22:00'],
          ['19:30', '20:00', '22:00'],
          ['19:30', '20:00', '22:00', '22:00'],
          ['13:00', '15:00', '20:00'],
        ),
      },
      { covers: window('09-17', '10-20'), week: every(['19:00', '21:30']) },
    ],
  },
  mlb: {
    tz: 'America/New_York',
    round: 'day',
    horizonDays: 2,
    phases: [
      { covers: allStarBreak, week: every(none) },
      {
        covers: window('03-26', '09-27'),
        week: days(
          MLB_WEEKEND,
          MLB_DAY.slice(0, 9),
          MLB_DAY,
          MLB_DAY,
          MLB_DAY.slice(0, 9),
          MLB_DAY,
          MLB_WEEKEND,
        ),
      },
      { covers: window('09-29', '10-03'), week: every(['13:08', '15:08', '18:08', '20:08']) },
      { covers: window('10-04', '10-22'), week: every(['16:08', '20:08']) },
      { covers: window('10-23', '11-01'), week: every(['20:00']) },
    ],
  },
  nhl: {
    tz: 'America/New_York',
    round: 'day',
    horizonDays: 2,
    phases: [
      { covers: (day) => thanksgiving(day) || window('12-24', '12-26')(day), week: every(none) },
      { covers: window('10-07', '04-16'), week: NHL_WEEK },
      { covers: window('04-18', '05-20'), week: every(['19:00', '19:30', '21:30', '22:00']) },
      { covers: window('05-21', '06-20'), week: every(['20:00']) },
    ],
  },
  mls: {
    tz: 'America/New_York',
    round: 'week',
    horizonDays: 7,
    phases: [
      {
        covers: and(window('02-21', '10-18'), not(worldCupPause)),
        week: days(['18:00', '21:00'], none, none, none, none, none, [
          ...rep('19:30', 5),
          '20:30',
          '21:30',
          '22:30',
        ]),
      },
      {
        covers: window('10-24', '12-06'),
        week: days(['15:00', '20:00'], none, none, none, none, none, ['17:00', '19:30']),
      },
    ],
  },
  epl: {
    tz: 'Europe/London',
    round: 'week',
    horizonDays: 7,
    phases: [
      SOCCER_PHASE(
        '08-15',
        '05-24',
        days(
          ['14:00', '14:00', '16:30'],
          ['20:00'],
          none,
          none,
          none,
          ['20:00'],
          ['12:30', '15:00', '15:00', '15:00', '17:30'],
        ),
      ),
    ],
  },
  laliga: {
    tz: 'Europe/Madrid',
    round: 'week',
    horizonDays: 7,
    phases: [
      SOCCER_PHASE(
        '08-16',
        '05-24',
        days(
          ['14:00', '16:15', '18:30', '21:00'],
          ['21:00'],
          none,
          none,
          none,
          ['21:00'],
          ['14:00', '16:15', '18:30', '21:00'],
        ),
        window('12-22', '01-01'),
      ),
    ],
  },
  bundesliga: {
    tz: 'Europe/Berlin',
    round: 'week',
    horizonDays: 7,
    phases: [
      SOCCER_PHASE(
        '08-28',
        '05-22',
        days(
          ['15:30', '17:30', '19:30'],
          none,
          none,
          none,
          none,
          ['20:30'],
          [...rep('15:30', 5), '18:30'],
        ),
        window('12-21', '01-08'),
      ),
    ],
  },
  seriea: {
    tz: 'Europe/Rome',
    round: 'week',
    horizonDays: 7,
    phases: [
      SOCCER_PHASE(
        '08-23',
        '05-24',
        days(
          ['12:30', '15:00', '15:00', '18:00', '20:45'],
          ['20:45'],
          none,
          none,
          none,
          ['20:45'],
          ['15:00', '18:00', '20:45'],
        ),
      ),
    ],
  },
  ligue1: {
    tz: 'Europe/Paris',
    round: 'week',
    horizonDays: 7,
    phases: [
      SOCCER_PHASE(
        '08-15',
        '05-16',
        days(
          ['15:00', '17:15', '17:15', '20:45'],
          none,
          none,
          none,
          none,
          ['20:45'],
          ['17:00', '19:00', '21:05'],
        ),
        window('12-21', '01-02'),
      ),
    ],
  },
  ucl: {
    tz: 'Europe/Paris',
    round: 'week',
    horizonDays: 7,
    phases: [
      {
        covers: and(uclWeek, not(window('12-14', '01-18')), (day) => window('09-15', '05-06')(day)),
        week: days(
          none,
          none,
          ['18:45', '21:00', '21:00', '21:00'],
          ['18:45', '21:00', '21:00', '21:00'],
          none,
          none,
          none,
        ),
      },
      {
        // The final: the last Saturday of May.
        covers: (day) => {
          const { month, date } = ymd(day);
          return month === 5 && weekday(day) === 6 && date > 24;
        },
        week: days(none, none, none, none, none, none, ['21:00']),
      },
    ],
  },
  atp: {
    tz: 'Europe/Paris',
    round: 'day',
    horizonDays: 1,
    // Paris time; January's matches are the Australian swing, hence the early hours.
    phases: [
      {
        covers: window('12-29', '02-01'),
        week: every(['01:00', '03:00', '05:00', '09:00', '10:00']),
      },
      { covers: window('11-08', '11-22'), week: every(['14:00', '20:30']) },
      {
        covers: window('02-02', '11-07'),
        week: every(['11:00', '13:00', '15:00', '17:00', '19:00', '20:30']),
      },
    ],
  },
  wta: {
    tz: 'Europe/Paris',
    round: 'day',
    horizonDays: 1,
    phases: [
      { covers: window('12-29', '02-01'), week: every(['02:00', '04:00', '06:00', '08:00']) },
      { covers: window('11-01', '11-08'), week: every(['14:00', '20:30']) },
      {
        covers: window('02-02', '10-31'),
        week: every(['11:00', '13:00', '15:00', '17:00', '19:00']),
      },
    ],
  },
  ufc: {
    tz: 'America/New_York',
    round: 'week',
    horizonDays: 7,
    phases: [
      {
        covers: and(ufcWeek, not(window('12-21', '01-10'))),
        week: days(none, none, none, none, none, none, [
          '19:00',
          '19:30',
          '20:00',
          '22:00',
          '22:30',
          '23:00',
          '23:30',
        ]),
      },
    ],
  },
};
