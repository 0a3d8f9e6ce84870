/**
 * Property types, as Obsidian has them: a property name keeps one type across the vault. The
 * vault's catalog decides it: a type the user chose for the name (stored in the host's settings)
 * wins; otherwise the type most notes' values have (ties: the earlier type in PROPERTY_TYPES).
 * A value is never rewritten to fit its type; the panel only offers the editor for it.
 */
export const PROPERTY_TYPES = ['text', 'list', 'number', 'checkbox', 'date', 'datetime', 'link'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const PROPERTY_TYPE_LABELS: Record<PropertyType, string> = {
  text: 'Text',
  list: 'List',
  number: 'Number',
  checkbox: 'Checkbox',
  date: 'Date',
  datetime: 'Date & time',
  link: 'Link',
};

/** A frontmatter value the panel edits: YAML scalars and lists of them. */
export type PropertyScalar = string | number | boolean | null;
export type PropertyValue = PropertyScalar | readonly PropertyScalar[];

/** One name in the vault's catalog: its type and how many notes use it. */
export interface PropertyInfo {
  name: string;
  type: PropertyType;
  count: number;
}

export const PROPERTY_LIMITS = {
  /** The longest property name the host accepts (Obsidian has none; a line this long is a mistake). */
  nameMaxLength: 200,
  /** How many names `properties.catalog` answers with, most used first. */
  catalogMax: 500,
} as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const LINK = /^\[\[[^[\]]+\]\]$/;

/** The type a value looks like; null when it says nothing (empty, or a nested mapping). */
export function inferType(value: unknown): PropertyType | null {
  if (typeof value === 'boolean') return 'checkbox';
  if (typeof value === 'number') return 'number';
  if (Array.isArray(value)) return 'list';
  if (typeof value !== 'string' || value === '') return null;
  if (DATE.test(value)) return 'date';
  if (DATETIME.test(value)) return 'datetime';
  if (LINK.test(value.trim())) return 'link';
  return 'text';
}

/** Whether the editor of `type` can show `value` without losing any of it. */
export function fitsType(value: unknown, type: PropertyType): boolean {
  if (value === null || value === undefined || value === '') return true;
  const inferred = inferType(value);
  if (inferred === type) return true;
  // Any single string reads as text; a date-looking text stays editable as text.
  return type === 'text' && typeof value === 'string';
}

/** The type the panel edits `value` with: the vault's type for the name when the value fits it. */
export function effectiveType(value: unknown, vaultType: PropertyType | undefined): PropertyType {
  if (vaultType && fitsType(value, vaultType)) return vaultType;
  return inferType(value) ?? vaultType ?? 'text';
}

function scalarText(value: PropertyScalar): string {
  return value === null ? '' : String(value);
}

/** `[[Note]]` → `Note`, `[[Note|alias]]` → `Note`; null when the text is not one wikilink. */
export function linkTarget(value: string): string | null {
  const match = /^\[\[([^[\]|#]+)(?:#[^[\]|]*)?(?:\|[^[\]]*)?\]\]$/.exec(value.trim());
  return match?.[1]?.trim() ?? null;
}

/**
 * `value` as a value of `type`, for "change type": what carries over is kept (the text of a
 * number, the date part of a date-time), what cannot becomes empty (null).
 */
export function coerceValue(value: PropertyValue, type: PropertyType): PropertyValue {
  const items: readonly PropertyScalar[] = Array.isArray(value)
    ? value
    : value === null
      ? []
      : [value as PropertyScalar];
  const first = items.find((item) => scalarText(item).trim() !== '') ?? null;
  const text = first === null ? '' : scalarText(first).trim();
  switch (type) {
    case 'list':
      return items.map(scalarText).filter((item) => item.trim() !== '');
    case 'text':
      return Array.isArray(value) ? items.map(scalarText).join(', ') : scalarText(value as PropertyScalar);
    case 'number': {
      const number = typeof first === 'number' ? first : Number(text);
      return text !== '' && Number.isFinite(number) ? number : null;
    }
    case 'checkbox':
      return first === true || text.toLowerCase() === 'true';
    case 'date': {
      const date = /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0];
      return date ?? null;
    }
    case 'datetime': {
      if (DATETIME.test(text)) return text;
      return DATE.test(text) ? `${text}T00:00` : null;
    }
    case 'link':
      if (text === '') return null;
      return LINK.test(text) ? text : `[[${text}]]`;
  }
}

/** The empty value a new property of `type` starts with. */
export function emptyValue(type: PropertyType): PropertyValue {
  if (type === 'list') return [];
  if (type === 'checkbox') return false;
  return null;
}

/** What one note says about each of its property names (null: nothing about the type). */
export type NotePropertyTypes = ReadonlyMap<string, PropertyType | null>;

export function notePropertyTypes(data: Record<string, unknown>): Map<string, PropertyType | null> {
  return new Map(Object.entries(data).map(([name, value]) => [name, inferType(value)]));
}

/**
 * The catalog from every note's names and types: count per name, the type chosen by `explicit`
 * or else the most common inferred one; most used first (then by name), at most `limit`.
 */
export function summarizeCatalog(
  notes: Iterable<NotePropertyTypes>,
  explicit: Readonly<Record<string, PropertyType>>,
  limit: number = PROPERTY_LIMITS.catalogMax,
): PropertyInfo[] {
  const byName = new Map<string, { count: number; votes: Map<PropertyType, number> }>();
  for (const note of notes) {
    for (const [name, type] of note) {
      let entry = byName.get(name);
      if (!entry) {
        entry = { count: 0, votes: new Map() };
        byName.set(name, entry);
      }
      entry.count += 1;
      if (type) entry.votes.set(type, (entry.votes.get(type) ?? 0) + 1);
    }
  }
  const infos: PropertyInfo[] = [...byName].map(([name, { count, votes }]) => {
    let type: PropertyType = 'text';
    let best = 0;
    for (const candidate of PROPERTY_TYPES) {
      const n = votes.get(candidate) ?? 0;
      if (n > best) [type, best] = [candidate, n];
    }
    return { name, type: Object.hasOwn(explicit, name) ? explicit[name]! : type, count };
  });
  infos.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return infos.slice(0, limit);
}
