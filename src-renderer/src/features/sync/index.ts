/**
 * Sync and the account: the live sync status, signing in or up, the account and its devices, the
 * sidebar's status, and the banner over a note sync set aside (R10, R16).
 */
export { SignInDialog } from './SignInDialog';
export { SyncAccountDialog } from './SyncAccountDialog';
export { SyncStatusIndicator } from './SyncStatusIndicator';
export { SyncBlockedBanner } from './SyncBlockedBanner';
export { SyncProgress } from './SyncProgress';
export { SyncStatusFeed } from './sync-status-feed';
export { useSyncStatus } from './useSyncStatus';
export { useDevices } from './useDevices';
