import { useCallback, useEffect, useMemo, useState } from 'react';
import { isInFolder } from '../../../../src-shared/api/folders-api';
import { useServices } from '../../api/useServices';

export interface FolderFilter {
  /** The folder whose notes the list shows; null = every folder. */
  folder: string | null;
  /** With a folder: its subfolders' notes too (remembered on this device). */
  includeSubfolders: boolean;
  setFolder: (folder: string | null) => void;
  setIncludeSubfolders: (include: boolean) => void;
}

/** The note list's folder filter, set from the tree and cleared from the list header's chip. */
export function useFolderFilter(): FolderFilter {
  const { api } = useServices();
  const [folder, setFolder] = useState<string | null>(null);
  const [includeSubfolders, setInclude] = useState(false);
  useEffect(() => {
    api.folders.settings.query().then(
      (settings) => setInclude(settings.includeSubfolders),
      () => undefined,
    );
  }, [api]);
  const setIncludeSubfolders = useCallback(
    (include: boolean) => {
      setInclude(include);
      api.folders.setSettings.mutate({ includeSubfolders: include }).catch(() => undefined);
    },
    [api],
  );
  return { folder, includeSubfolders, setFolder, setIncludeSubfolders };
}

/** Search results narrowed to the folder filter, as the list is (the header chip says so). */
export function useInFolder<S extends { hits: readonly { folder: string }[] }>(
  search: S,
  filter: FolderFilter,
): S {
  const { folder, includeSubfolders } = filter;
  return useMemo(() => {
    if (folder === null) return search;
    const hits = search.hits.filter((hit) =>
      includeSubfolders ? isInFolder(hit.folder, folder) : hit.folder === folder,
    );
    return { ...search, hits };
  }, [search, folder, includeSubfolders]);
}
