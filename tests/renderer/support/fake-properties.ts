import { vi } from 'vitest';
import type { Note, PropertyInfo, PropertyType, QuireApi } from '../../../src-renderer/src/api/quire-api';
import { readProperties } from '../../../src-shared/markdown/frontmatter-edit';
import { notePropertyTypes, summarizeCatalog } from '../../../src-shared/markdown/property-types';

export interface FakeProperties {
  api: QuireApi['properties'];
  /** Types chosen with `properties.setType`, as the host keeps them in its settings. */
  explicit: Record<string, PropertyType>;
  catalog: ReturnType<typeof vi.fn<() => Promise<PropertyInfo[]>>>;
  setType: ReturnType<
    typeof vi.fn<(input: { name: string; type: PropertyType | null }) => Promise<PropertyInfo[]>>
  >;
}

/** `properties.*` over the fake host's notes, with the host's own catalog rules (property-types.ts). */
export function createFakeProperties(notes: ReadonlyMap<string, Note>): FakeProperties {
  const explicit: Record<string, PropertyType> = {};
  const summarize = (): PropertyInfo[] => {
    const perNote = [...notes.values()]
      .filter((note) => note.trashedAt === 0)
      .map((note) => readProperties(note.body))
      .flatMap((read) =>
        read.kind === 'properties'
          ? [notePropertyTypes(Object.fromEntries(read.properties.map((p) => [p.key, p.value])))]
          : [],
      );
    return summarizeCatalog(perNote, explicit);
  };
  const catalog = vi.fn(() => Promise.resolve(summarize()));
  const setType = vi.fn(({ name, type }: { name: string; type: PropertyType | null }) => {
    if (type === null) Reflect.deleteProperty(explicit, name);
    else explicit[name] = type;
    return Promise.resolve(summarize());
  });
  return {
    api: { catalog: { query: catalog }, setType: { mutate: setType } },
    explicit,
    catalog,
    setType,
  };
}
