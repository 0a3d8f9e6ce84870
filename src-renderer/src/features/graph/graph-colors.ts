/**
 * Colours of the graph: one per top-level folder (the most used folders first), the rest
 * "Other", in a palette per theme chosen to stay distinct on its background.
 */

export type GraphTheme = 'light' | 'dark';

const PALETTES: Record<GraphTheme, readonly string[]> = {
  light: ['#5561c9', '#d9822b', '#2f9e6e', '#c2417a', '#2d8fc4', '#8a5cc7', '#b59a16', '#d0493d', '#3f9aa0'],
  dark: ['#8c95ff', '#f2a65a', '#5cd0a0', '#f07aae', '#5cb8ef', '#b79af0', '#e2c84f', '#f27a6e', '#6fd0d6'],
};

/** Everything the canvas draws, per theme (sigma takes colours, not CSS variables). */
export interface GraphPalette {
  background: string;
  edge: string;
  edgeHighlight: string;
  label: string;
  labelHalo: string;
  dimmed: string;
  other: string;
  /** The found or centred note's ring. */
  accent: string;
}

const THEMES: Record<GraphTheme, GraphPalette> = {
  light: {
    background: '#ffffff',
    edge: '#d9dae0',
    edgeHighlight: '#8a90c8',
    label: '#2a2c31',
    labelHalo: '#ffffff',
    dimmed: '#ececef',
    other: '#9a9ca5',
    accent: '#5561c9',
  },
  dark: {
    background: '#17181b',
    edge: '#34363d',
    edgeHighlight: '#7b82d8',
    label: '#dcdde1',
    labelHalo: '#17181b',
    dimmed: '#26272c',
    other: '#7c7f88',
    accent: '#838cff',
  },
};

export function graphPalette(theme: GraphTheme): GraphPalette {
  return THEMES[theme];
}

export interface LegendEntry {
  /** The top-level folder ('' = notes at the root; null = every folder without a colour). */
  folder: string | null;
  label: string;
  count: number;
  /** Index into the theme's palette; -1 for "Other". */
  slot: number;
}

/**
 * The legend: top-level folders by how many notes they hold (ties by name), one palette slot
 * each while slots last, then a single "Other" entry for the rest.
 */
export function folderLegend(groups: readonly string[]): LegendEntry[] {
  const counts = new Map<string, number>();
  for (const group of groups) counts.set(group, (counts.get(group) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const slots = PALETTES.light.length;
  const named = sorted.slice(0, sorted.length > slots ? slots - 1 : slots);
  const entries: LegendEntry[] = named.map(([folder, count], slot) => ({
    folder,
    label: folder === '' ? 'No folder' : folder,
    count,
    slot,
  }));
  const rest = sorted.slice(named.length).reduce((sum, [, count]) => sum + count, 0);
  if (rest > 0) entries.push({ folder: null, label: 'Other', count: rest, slot: -1 });
  return entries;
}

export function slotColor(slot: number, theme: GraphTheme): string {
  return slot < 0
    ? THEMES[theme].other
    : (PALETTES[theme][slot % PALETTES[theme].length] ?? THEMES[theme].other);
}

/** Each node's colour from its group and the legend. */
export function nodeColors(
  groups: readonly string[],
  legend: readonly LegendEntry[],
  theme: GraphTheme,
): string[] {
  const slotOf = new Map<string, number>();
  for (const entry of legend) if (entry.folder !== null) slotOf.set(entry.folder, entry.slot);
  return groups.map((group) => slotColor(slotOf.get(group) ?? -1, theme));
}
