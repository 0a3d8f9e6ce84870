/**
 * The graph view: the vault's notes and links (or one note's neighbourhood) on sigma.js, laid
 * out by ForceAtlas2 in a worker. `useGraphView` is the opener the sidebar, the shortcut and the
 * palette share; `GraphView` is what replaces the editor while it is open.
 */
export { GraphView, type GraphViewProps } from './GraphView';
export { useGraphView, type GraphOpener } from './useGraphView';
export type { GraphTarget } from './useGraphData';
export { useGraphCommands } from './useGraphCommands';
