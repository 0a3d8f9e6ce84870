import { jsonEqual } from '../../json-equal';

/** A three-way merge of one value: a side that kept the base yields; both changed → M5. */
export function pick3<T>(base: T, ours: T, theirs: T, oursWins: boolean): T {
  if (jsonEqual(ours, theirs) || jsonEqual(theirs, base)) return ours;
  if (jsonEqual(ours, base)) return theirs;
  return oursWins ? ours : theirs;
}
