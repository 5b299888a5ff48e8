// Time is passed in, never read deep inside, so tests can drive it.

/** Milliseconds since the epoch. */
export type Clock = () => number;
