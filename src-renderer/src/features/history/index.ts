/** Version history: the versions the sync server kept and the merges recorded here (E7), restorable. */
export { HistoryDialog } from './HistoryDialog';
