import { describe, expect, it } from 'vitest';
import { useSignedInPairs } from './support/signed-in-pair';
import { waitFor, waitForConvergence } from './support/sync-devices';
import { editNote } from '../support/edit-note';
import { createCallerFactory } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';

const createCaller = createCallerFactory(appRouter);

describe('a rename refactor between devices (real server process)', () => {
  const { pair } = useSignedInPairs();

  it('E10: a rename on device A reaches device B as ordinary edits, and so does its undo', async () => {
    const [a, b] = await pair();
    const notes = a.host.services.notes;
    const plan = await notes.create({ title: 'Plan', body: 'the plan' });
    const linking = await notes.create({
      title: 'Linking',
      body: 'See [[Plan]] and [[Plan#Goals|goals]].\n',
    });
    await waitForConvergence([a, b]);

    const api = createCaller(a.host.createContext());
    const { operationId } = await api.refactor.renameNote({ id: plan.id, title: 'Roadmap' });
    await waitForConvergence([a, b]);
    expect((await b.host.services.notes.get(plan.id)).title).toBe('Roadmap');
    expect((await b.host.services.notes.get(linking.id)).body).toBe(
      'See [[Roadmap]] and [[Roadmap#Goals|goals]].\n',
    );

    // An edit on B since the rename is merged by A's undo, not lost (E3, E10).
    await editNote(b.host.services.notes, {
      id: linking.id,
      body: 'See [[Roadmap]] and [[Roadmap#Goals|goals]].\nAdded on b.\n',
    });
    await waitFor(
      async () => (await notes.get(linking.id)).body.includes('Added on b.'),
      () => 'the edit on b did not reach a',
    );
    await api.refactor.undo({ operationId });
    await waitForConvergence([a, b]);
    expect((await b.host.services.notes.get(linking.id)).body).toBe(
      'See [[Plan]] and [[Plan#Goals|goals]].\nAdded on b.\n',
    );
    expect((await b.host.services.notes.get(plan.id)).title).toBe('Plan');
  });
});
