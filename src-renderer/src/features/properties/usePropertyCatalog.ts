import { useCallback, useEffect, useMemo, useState } from 'react';
import { useServices } from '../../api/useServices';
import { describeFailure } from '../../api/failures';
import type { PropertyInfo, PropertyType } from '../../api/quire-api';
import { toasts } from '../../ui';

export interface PropertyCatalog {
  infos: readonly PropertyInfo[];
  typeOf: (name: string) => PropertyType | undefined;
  /** Asks the host again (the add menu opens: names may have come and gone). */
  refresh: () => void;
  /** Chooses the name's type for the whole vault. */
  setType: (name: string, type: PropertyType) => void;
}

/** The vault's property names and types (`properties.catalog`), asked once per note shown. */
export function usePropertyCatalog(): PropertyCatalog {
  const { api } = useServices();
  const [infos, setInfos] = useState<readonly PropertyInfo[]>([]);
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    let current = true;
    api.properties.catalog
      .query()
      .then((next) => {
        if (current) setInfos(next);
      })
      // The panel works without the catalog: types are then inferred from this note's values.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [api, asked]);

  const byName = useMemo(() => new Map(infos.map((info) => [info.name, info.type])), [infos]);
  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  const setType = useCallback(
    (name: string, type: PropertyType) => {
      // Shown at once; the host's answer then replaces the whole catalog.
      setInfos((old) =>
        old.some((info) => info.name === name)
          ? old.map((info) => (info.name === name ? { ...info, type } : info))
          : [...old, { name, type, count: 1 }],
      );
      api.properties.setType
        .mutate({ name, type })
        .then(setInfos)
        .catch((error: unknown) =>
          toasts.show({
            tone: 'error',
            message: `Couldn’t keep the type of “${name}”: ${describeFailure(error)}`,
          }),
        );
    },
    [api],
  );
  return { infos, typeOf: (name) => byName.get(name), refresh, setType };
}
