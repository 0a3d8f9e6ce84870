/** The sidebar's folder tree, its drag and drop, and the pieces the other sidebar panes share. */
export { FolderTree, type FolderTreeProps } from './FolderTree';
export { SidebarSection } from './SidebarSection';
export { ContextMenu, type MenuEntry } from './ContextMenu';
export { useLiveQuery, type LiveQuery } from './useLiveQuery';
export { startDrag, endDrag } from './drag-state';
export { useFolderFilter, useInFolder, type FolderFilter } from './useFolderFilter';
export { FolderFilterChip } from './FolderFilterChip';
