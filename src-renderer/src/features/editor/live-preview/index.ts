export { livePreview, type LivePreviewOptions } from './live-preview';
export type { AttachmentSource } from './embeds';
export { createAttachmentSource } from './attachment-source';
export { createEditorMode, type EditorModeSwitch } from './editor-mode';
export { codeBlockLines } from './code-lines';
export { lineTextDirection } from './text-direction';
export { toggleTask } from './lists';
