import { describe, expect, it } from 'vitest';
import {
  createMemorySecretStore,
  secretStoreAnswers,
  type SecretStore,
} from '../../src-main/secrets/secret-store';
import { createFakeScheduler } from '../support/fake-scheduler';

/** A keychain whose Secret Service never replies (a locked or absent daemon). */
const silentStore: SecretStore = {
  get: () => new Promise<never>(() => undefined),
  set: () => new Promise<never>(() => undefined),
  delete: () => new Promise<never>(() => undefined),
};

describe('secretStoreAnswers', () => {
  it('is true for a store that answers, and leaves no timer behind', async () => {
    const scheduler = createFakeScheduler();
    expect(await secretStoreAnswers(createMemorySecretStore(), { scheduler })).toBe(true);
    expect(scheduler.pending()).toEqual([]);
  });

  it('is false for a store that throws', async () => {
    const broken: SecretStore = { ...silentStore, get: () => Promise.reject(new Error('no keytar')) };
    expect(await secretStoreAnswers(broken, { scheduler: createFakeScheduler() })).toBe(false);
  });

  it('gives up on a store that never answers once the timeout falls due, not before', async () => {
    const scheduler = createFakeScheduler();
    let answer: boolean | null = null;
    const probing = secretStoreAnswers(silentStore, { scheduler, timeoutMs: 3_000 }).then((value) => {
      answer = value;
    });
    scheduler.advance(2_999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answer).toBeNull();
    scheduler.advance(1);
    await probing;
    expect(answer).toBe(false);
  });
});
