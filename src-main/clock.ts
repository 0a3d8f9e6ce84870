/** Time and ids are injected so tests and benchmarks are deterministic. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type IdGenerator = () => string;

export const randomId: IdGenerator = () => crypto.randomUUID();
