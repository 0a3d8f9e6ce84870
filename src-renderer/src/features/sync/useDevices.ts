import { useCallback, useEffect, useState } from 'react';
import type { DeviceSession } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';

export interface DevicesState {
  status: 'loading' | 'ready' | 'error';
  /** The account's signed-in devices, this one first; kept on screen while a reload runs. */
  devices: DeviceSession[];
  error: string | null;
  reload: () => void;
  /** Signs another device out; rejects (describeFailure says why) if the server refuses. */
  revoke: (deviceId: string) => Promise<void>;
}

function thisDeviceFirst(devices: DeviceSession[]): DeviceSession[] {
  return [...devices].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt);
}

/** The devices signed in to this account (`sync.devices`), loaded when the hook mounts. */
export function useDevices(): DevicesState {
  const { api } = useServices();
  const [state, setState] = useState<Pick<DevicesState, 'status' | 'devices' | 'error'>>({
    status: 'loading',
    devices: [],
    error: null,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    api.sync.devices.query().then(
      (devices) => {
        if (active) setState({ status: 'ready', devices: thisDeviceFirst(devices), error: null });
      },
      (error: unknown) => {
        if (!active) return;
        setState((s) => ({ ...s, status: 'error', error: describeFailure(error) }));
      },
    );
    return () => {
      active = false;
    };
  }, [api, attempt]);

  const reload = useCallback(() => {
    setState((s) => ({ ...s, status: 'loading', error: null }));
    setAttempt((n) => n + 1);
  }, []);

  const revoke = useCallback(
    async (deviceId: string) => {
      const devices = await api.sync.revokeDevice.mutate({ deviceId });
      setState({ status: 'ready', devices: thisDeviceFirst(devices), error: null });
    },
    [api],
  );

  return { ...state, reload, revoke };
}
