import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { isTextEntry } from '../../lib/keyboard';
import { IconButton } from '../../ui';
import { folderLegend, graphPalette, nodeColors, slotColor } from './graph-colors';
import {
  filterSuggestions,
  findNodes,
  nodeSize,
  NO_FILTERS,
  visibleNodes,
  type GraphFilters,
  type GraphModel,
} from './graph-model';
import type { CreateGraphScene, SceneLook } from './graph-scene';
import { loadSigmaScene } from './load-sigma-scene';
import { GraphCanvas, type GraphCanvasHandle, type LayoutState } from './GraphCanvas';
import { GraphFind } from './GraphFind';
import { GraphToolbar } from './GraphToolbar';
import { carryPositions } from './carry-positions';
import { startLayout as defaultStartLayout, type StartLayout } from './layout-runner';
import { useGraphData, type GraphTarget } from './useGraphData';
import { useDocumentTheme } from './useDocumentTheme';
import './graph.css';

export interface GraphViewProps {
  target: GraphTarget;
  onTargetChange: (target: GraphTarget) => void;
  /** The note open in the editor (for "Local"), or null. */
  currentNoteId: string | null;
  /** Opens a note in the editor and leaves the graph. */
  onOpenNote: (id: string) => void;
  onClose: () => void;
  /** Tests draw without WebGL and lay out without a worker. */
  createScene?: CreateGraphScene;
  startLayout?: StartLayout;
}

/** The graph tab: toolbar, canvas, legend, the hovered note's card. Replaces the editor while open. */
export function GraphView(props: GraphViewProps) {
  const { target, onTargetChange, onOpenNote, onClose } = props;
  const data = useGraphData(target);
  const theme = useDocumentTheme();
  const [filters, setFilters] = useState<GraphFilters>(NO_FILTERS);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [hovered, setHovered] = useState<number | null>(null);
  const [layout, setLayout] = useState<LayoutState>('running');
  const canvas = useRef<GraphCanvasHandle>(null);
  const lastPositions = useRef<{ model: GraphModel; positions: Float32Array } | null>(null);
  const root = useRef<HTMLDivElement>(null);

  const model = data.status === 'ready' ? data.model : null;
  const visible = useMemo(() => (model ? visibleNodes(model, filters) : new Uint8Array(0)), [model, filters]);
  const suggestions = useMemo(() => (model ? filterSuggestions(model) : { tags: [], folders: [] }), [model]);
  const legend = useMemo(() => (model ? folderLegend(model.groups) : []), [model]);
  const matches = useMemo(
    () =>
      model
        ? findNodes(model, query, visible).map((index) => ({
            index,
            title: model.data.nodes[index]?.title ?? '',
            folder: model.data.nodes[index]?.folder ?? '',
          }))
        : [],
    [model, query, visible],
  );
  const found = matches[active]?.index ?? null;
  const centre = model && target.scope === 'local' ? (model.indexOf.get(target.id) ?? null) : null;

  const look = useMemo<SceneLook | null>(() => {
    if (!model) return null;
    const count = model.data.nodes.length;
    return {
      colors: nodeColors(model.groups, legend, theme),
      sizes: model.data.nodes.map((node) => nodeSize(node.degree, count)),
      palette: graphPalette(theme),
      visible,
      marked: found ?? centre,
    };
  }, [model, legend, theme, visible, found, centre]);

  // The find box's pick is brought into view (after typing settles, not on every letter).
  useEffect(() => {
    if (found === null) return;
    const timer = setTimeout(() => canvas.current?.centreOn(found), 150);
    return () => clearTimeout(timer);
  }, [found]);

  // Keyboard first: once there is a graph, typing finds a note in it.
  const hasGraph = model !== null && model.data.nodes.length > 0;
  const focusedOnce = useRef(false);
  useEffect(() => {
    if (!hasGraph || focusedOnce.current) return;
    focusedOnce.current = true;
    root.current?.querySelector<HTMLInputElement>('.graph-find input')?.focus();
  }, [hasGraph]);

  const idAt = useCallback((index: number) => model?.data.nodes[index]?.id ?? null, [model]);
  const open = useCallback(
    (index: number) => {
      const id = idAt(index);
      if (id !== null) onOpenNote(id);
    },
    [idAt, onOpenNote],
  );
  const onClick = useCallback(
    (index: number) => {
      const id = idAt(index);
      if (id === null) return;
      // The local graph re-centres on the note clicked; its centre (or a double-click) opens it.
      if (target.scope === 'vault' || index === centre) return onOpenNote(id);
      onTargetChange({ ...target, id });
    },
    [idAt, target, centre, onOpenNote, onTargetChange],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.defaultPrevented) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (isTextEntry(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
    const action = { '+': 'zoomIn', '=': 'zoomIn', '-': 'zoomOut', '0': 'fit' }[event.key] as
      'zoomIn' | 'zoomOut' | 'fit' | undefined;
    if (action) {
      event.preventDefault();
      canvas.current?.[action]();
    }
  };

  const hoveredNode = hovered === null ? null : (model?.data.nodes[hovered] ?? null);
  const shown = visible.reduce((sum, v) => sum + v, 0);
  const title = target.scope === 'vault' ? 'Graph of the vault' : 'Local graph';

  return (
    <main className="graph-view" aria-label={title} ref={root} onKeyDown={onKeyDown}>
      <GraphToolbar
        target={target}
        currentNoteId={props.currentNoteId}
        onTargetChange={onTargetChange}
        filters={filters}
        onFiltersChange={setFilters}
        suggestions={suggestions}
        onClose={onClose}
      />
      <div className="graph-stage" data-layout={layout}>
        {data.status === 'loading' && (
          <div className="graph-message" role="status">
            Loading the graph…
          </div>
        )}
        {data.status === 'failed' && (
          <div className="graph-message" role="alert">
            <strong>The graph could not be loaded</strong>
            <span>{data.message}</span>
          </div>
        )}
        {model && look && model.data.nodes.length === 0 && (
          <div className="graph-message" role="status">
            <strong>No notes to show</strong>
            <span>Notes appear here once the vault has some; links between them draw the lines.</span>
          </div>
        )}
        {model && look && model.data.nodes.length > 0 && (
          <GraphCanvas
            ref={canvas}
            model={model}
            startFrom={(next) => carryPositions(lastPositions.current, next)}
            onPositions={(from, positions) => {
              lastPositions.current = { model: from, positions };
            }}
            look={look}
            focus={hovered}
            label={`${title}: ${shown.toLocaleString()} notes`}
            createScene={props.createScene ?? loadSigmaScene}
            startLayout={props.startLayout ?? defaultStartLayout}
            onHover={setHovered}
            onClick={onClick}
            onDoubleClick={open}
            onLayoutState={setLayout}
          />
        )}
        {model && model.data.nodes.length > 0 && (
          <>
            <ul className="graph-legend" aria-label="Colours by folder">
              {legend.map((entry) => (
                <li key={entry.folder ?? '\u0000other'}>
                  <span className="graph-swatch" style={{ background: slotColor(entry.slot, theme) }} />
                  <span className="graph-legend-label">{entry.label}</span>
                  <span className="graph-legend-count">{entry.count.toLocaleString()}</span>
                </li>
              ))}
            </ul>
            <div className="graph-zoom" role="group" aria-label="Zoom">
              <IconButton
                label="Zoom in"
                icon="plus"
                title="Zoom in (+)"
                onClick={() => canvas.current?.zoomIn()}
              />
              <IconButton
                label="Zoom out"
                icon="minus"
                title="Zoom out (−)"
                onClick={() => canvas.current?.zoomOut()}
              />
              <IconButton
                label="Fit the graph"
                icon="maximize"
                title="Fit (0)"
                onClick={() => canvas.current?.fit()}
              />
            </div>
            <p className="graph-status" aria-live="polite">
              {shown.toLocaleString()} of {model.data.nodes.length.toLocaleString()} notes ·{' '}
              {model.data.edges.length.toLocaleString()} links
              {model.data.truncated && ' · the best-linked notes only'}
              {layout === 'running' && <span className="graph-settling"> · arranging…</span>}
            </p>
          </>
        )}
        {model && model.data.nodes.length > 0 && (
          <GraphFind
            query={query}
            onQueryChange={setQuery}
            matches={matches}
            active={active}
            onActiveChange={setActive}
            onOpen={open}
          />
        )}
        {hoveredNode && (
          <div className="graph-card" role="status" data-testid="graph-hover-card">
            <strong>{hoveredNode.title || 'Untitled'}</strong>
            <span>
              {hoveredNode.folder === '' ? 'No folder' : hoveredNode.folder} · {hoveredNode.degree}{' '}
              {hoveredNode.degree === 1 ? 'link' : 'links'}
            </span>
            <span className="graph-card-hint">
              {target.scope === 'local' && hovered !== centre
                ? 'Click to centre · double-click to open'
                : 'Click to open'}
            </span>
          </div>
        )}
      </div>
    </main>
  );
}
