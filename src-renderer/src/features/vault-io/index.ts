export { VaultJobDialog, type VaultJobKind } from './VaultJobDialog';
export { reportKindWords, reportCsv, formatBytes } from './report-words';
