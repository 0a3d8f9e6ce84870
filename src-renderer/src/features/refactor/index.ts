/**
 * Renames as one undoable operation (docs/sync-protocol.md E10): `useRefactor` for the folder
 * tree, the tag pane and the title field (toast with Undo, failures in the reason's words), the
 * title field's rename flow, the heading-rename offer, and the "Undo last rename" command.
 */
export { useRefactor, createRefactorActions, type RefactorActions } from './useRefactor';
export { useTitleRename, type TitleRename } from './useTitleRename';
export { useHeadingRenameOffer, type HeadingSource } from './useHeadingRenameOffer';
export { useRefactorCommands } from './useRefactorCommands';
export { resultMessage, undoMessage } from './refactor-words';
export { renamedHeading } from './heading-changes';
