import type { FolderPurpose, PickFolderResult } from '../../src-shared/api/app-shell-api';

/**
 * The OS "choose a folder" dialog, provided by the shell around the host (Electron:
 * src-main/electron/folder-picker.ts). Web mode, the CLI and tests have none: the host is then
 * given `null`, `app.capabilities` says so and the UI keeps its typed path.
 */
export interface FolderPicker {
  pick(purpose: FolderPurpose): Promise<PickFolderResult>;
}
