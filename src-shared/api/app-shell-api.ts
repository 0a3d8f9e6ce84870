import { z } from 'zod';

/** `app.capabilities` and `app.pickFolder`: what the shell around the host can do for the UI. */

export const folderPurposeSchema = z.enum(['import', 'export']);
export type FolderPurpose = z.infer<typeof folderPurposeSchema>;

export const pickFolderInput = z.object({ purpose: folderPurposeSchema });

/** An absolute path on the machine running the host; bounded like the vault dialogs' typed path. */
export const pickFolderOutput = z.union([
  z.object({ path: z.string().min(1).max(4096) }),
  z.object({ cancelled: z.literal(true) }),
]);
export type PickFolderResult = z.infer<typeof pickFolderOutput>;

export const appCapabilitiesSchema = z.object({
  /**
   * The OS folder dialog exists (the Electron shell). Web mode has none: the host may run on
   * another machine than the browser, so the path is typed.
   */
  folderPicker: z.boolean(),
});
export type AppCapabilities = z.infer<typeof appCapabilitiesSchema>;

/**
 * What the shell's own menu asks of the window (Electron's File menu): the renderer opens the
 * dialog, exactly as its shortcut or sidebar button would. Web mode has no such menu.
 */
export const shellCommandSchema = z.enum(['importFolder', 'exportVault', 'openAttachments']);
export type ShellCommand = z.infer<typeof shellCommandSchema>;
