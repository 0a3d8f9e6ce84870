import { useEffect, useState } from 'react';
import { useServices } from '../../api/useServices';

/**
 * Whether the shell offers an OS folder dialog (`app.capabilities`): the Electron app does; web
 * mode does not, since the host may run on another machine than the browser. Until the answer
 * comes (or if the question fails) there is none, and the typed path is all the dialog offers.
 */
export function useFolderPicker(): boolean {
  const { api } = useServices();
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let live = true;
    api.app.capabilities.query().then(
      (capabilities) => live && setAvailable(capabilities.folderPicker),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return available;
}
