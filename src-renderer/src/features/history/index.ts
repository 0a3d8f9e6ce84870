/**
 * Version history: snapshots kept on this device and the versions the sync server kept (R11), in
 * one timeline with diffs; restorable as an ordinary edit.
 */
export { HistoryDialog } from './HistoryDialog';
