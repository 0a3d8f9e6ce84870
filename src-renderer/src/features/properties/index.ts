/**
 * The properties panel: a note's frontmatter edited as typed fields (Obsidian's Properties view),
 * every change the smallest text edit through the editor.
 */
export { PropertiesPanel, type PropertiesPanelProps } from './PropertiesPanel';
export { frontmatterOfState } from './frontmatter-of-state';
