/** Time is injected so tests can move it (e.g. invite expiry, last-seen throttling). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type IdGenerator = () => string;

export const randomId: IdGenerator = () => crypto.randomUUID();
