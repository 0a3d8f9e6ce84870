/** Time and ids are injected so tests and benchmarks are deterministic. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type IdGenerator = () => string;

export const randomId: IdGenerator = () => crypto.randomUUID();

/** A uniform draw in [0, 1), as `Math.random`; injected where jitter must be reproducible. */
export type Random = () => number;

export const systemRandom: Random = () => Math.random();
