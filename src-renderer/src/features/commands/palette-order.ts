import { SHORTCUT_GROUPS } from '../../app/shortcuts';
import { isEnabled, type AppCommand } from './command-types';
import { fuzzyMatch, type MatchRanges } from './fuzzy';

export interface PaletteRow {
  command: AppCommand;
  /** The label's matched letters. */
  ranges: MatchRanges;
}

const groupRank = (group: string): number => {
  const index = (SHORTCUT_GROUPS as readonly string[]).indexOf(group);
  return index < 0 ? SHORTCUT_GROUPS.length : index;
};

/**
 * The palette's rows: the commands matching `query` (label first, then group and keywords),
 * best kind of match first; within a kind, the recently used (`recent`, newest first) first;
 * commands that cannot run now last. With no query, the recent ones lead and the rest follow
 * by group.
 */
export function paletteRows(
  commands: readonly AppCommand[],
  query: string,
  recent: readonly string[],
): PaletteRow[] {
  const recency = new Map(recent.map((id, index) => [id, index]));
  const scored = commands.flatMap((command, order) => {
    const onLabel = fuzzyMatch(query, command.label);
    const onRest = onLabel ? null : fuzzyMatch(query, `${command.group} ${command.keywords ?? ''}`);
    const match = onLabel ?? onRest;
    if (!match) return [];
    // A match only on the group or keywords ranks below every label match.
    const tier = onLabel ? match.tier : match.tier + 10;
    const { score } = match;
    return [{ command, ranges: onLabel?.ranges ?? [], tier, score, order, recent: recency.get(command.id) }];
  });
  const browsing = query.trim() === '';
  scored.sort((a, b) => {
    const enabled = Number(isEnabled(b.command)) - Number(isEnabled(a.command));
    if (enabled !== 0) return enabled;
    if (!browsing && a.tier !== b.tier) return a.tier - b.tier;
    const ra = a.recent ?? Infinity;
    const rb = b.recent ?? Infinity;
    if (ra !== rb) return ra - rb;
    if (!browsing && a.score !== b.score) return b.score - a.score;
    if (browsing) {
      const groups = groupRank(a.command.group) - groupRank(b.command.group);
      if (groups !== 0) return groups;
    }
    return a.order - b.order;
  });
  return scored.map(({ command, ranges }) => ({ command, ranges }));
}
