import { useEffect, useState } from 'react';
import type { VaultJob } from '../../api/quire-api';
import { useServices } from '../../api/useServices';

/**
 * The live state of one job (the caller remounts per job), from `vault.jobs` (which replays every job first, then updates).
 */
export function useVaultJob(initial: VaultJob | null): VaultJob | null {
  const { api } = useServices();
  const [job, setJob] = useState<VaultJob | null>(initial);
  const jobId = initial?.jobId ?? null;

  useEffect(() => {
    if (jobId === null) return;
    const subscription = api.vault.jobs.subscribe(undefined, {
      onData: (update) => {
        if (update.jobId !== jobId) return;
        // Updates may overtake each other; a finished job never goes back to running.
        setJob((current) => (current && isFinished(current) && !isFinished(update) ? current : update));
      },
      onError: () => {
        // The feed dropped (reconnecting): ask for the state once so a finished job still shows.
        api.vault.job.query({ jobId }).then(setJob, () => undefined);
      },
    });
    return () => subscription.unsubscribe();
  }, [api, jobId]);

  return job;
}

export function isFinished(job: VaultJob): boolean {
  return job.state === 'done' || job.state === 'cancelled' || job.state === 'failed';
}
