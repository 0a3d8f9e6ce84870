/**
 * Attachments: the files of the vault that are not notes. The view lists them (which notes use
 * each, the unused ones for clean-up, delete only when asked), and `uploadFile` sends a pasted or
 * dropped file to the host in chunks.
 */
export { AttachmentsDialog } from './AttachmentsDialog';
export { uploadFile } from './upload-file';
