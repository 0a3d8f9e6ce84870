// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GraphInput, GraphOutput } from '../../src-shared/api/link-index-api';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext } from '../../src-renderer/src/api/services-context';
import { GraphView, type GraphTarget } from '../../src-renderer/src/features/graph';
import {
  WebGLUnavailableError,
  type CreateGraphScene,
  type SceneCallbacks,
  type SceneLook,
} from '../../src-renderer/src/features/graph/graph-scene';
import type { StartLayout } from '../../src-renderer/src/features/graph/layout-runner';
import type { LayoutFrame, LayoutStart } from '../../src-renderer/src/features/graph/layout-protocol';
import { createFakeHost, hostError } from './support/fake-host';
import { settle } from './support/render-app';

afterEach(cleanup);

const node = (id: string, title: string, folder: string, tags: string[], degree: number) => ({
  id,
  title,
  folder,
  tags,
  degree,
});

/** Alpha–Beta–Gamma in a row, Orphan alone. */
const VAULT: GraphOutput = {
  nodes: [
    node('a', 'Alpha', 'Work/Projects', ['project'], 1),
    node('b', 'Beta', 'Work', ['project'], 2),
    node('c', 'Gamma', 'Home', ['home'], 1),
    node('d', 'Orphan', '', [], 0),
  ],
  edges: [
    [0, 1],
    [1, 2],
  ],
  truncated: false,
};

interface SceneRecord {
  looks: SceneLook[];
  focus: (number | null)[];
  centred: number[];
  positions: Float32Array[];
  calls: string[];
  killed: boolean;
  callbacks: SceneCallbacks;
}

/** A scene that draws nothing and records what the view asked of it. */
function fakeScene() {
  const scenes: SceneRecord[] = [];
  const create: CreateGraphScene = (_container, _model, _positions, look, callbacks) => {
    const scene: SceneRecord = {
      looks: [look],
      focus: [],
      centred: [],
      positions: [],
      calls: [],
      killed: false,
      callbacks,
    };
    scenes.push(scene);
    return {
      setPositions: (p) => scene.positions.push(p),
      setLook: (l) => scene.looks.push(l),
      setFocus: (f) => scene.focus.push(f),
      zoomIn: () => scene.calls.push('zoomIn'),
      zoomOut: () => scene.calls.push('zoomOut'),
      fit: () => scene.calls.push('fit'),
      centreOn: (i) => scene.centred.push(i),
      kill: () => {
        scene.killed = true;
      },
    };
  };
  const last = () => {
    const scene = scenes.at(-1);
    if (!scene) throw new Error('no scene');
    return scene;
  };
  const look = () => last().looks.at(-1) as SceneLook;
  return { create, scenes, last, look, shown: () => [...look().visible].flatMap((v, i) => (v ? [i] : [])) };
}

function fakeLayout() {
  const runs: { start: LayoutStart; emit: (frame: LayoutFrame) => void; stopped: boolean }[] = [];
  const start: StartLayout = (request, onFrame) => {
    const run = { start: request, emit: onFrame, stopped: false };
    runs.push(run);
    return {
      stop: () => {
        run.stopped = true;
      },
    };
  };
  return { start, runs };
}

function setup(options: { target?: GraphTarget; currentNoteId?: string | null; answer?: GraphOutput } = {}) {
  const host = createFakeHost();
  const graphQuery = vi.fn((input: GraphInput) => {
    void input;
    return Promise.resolve(options.answer ?? VAULT);
  });
  const api = { ...host.api, linkIndex: { ...host.api.linkIndex, graph: { query: graphQuery } } };
  const connection = { getSnapshot: () => 'connected' as const, subscribe: () => () => undefined };
  const scene = fakeScene();
  const layout = fakeLayout();
  const onOpenNote = vi.fn<(id: string) => void>();
  const onClose = vi.fn<() => void>();
  const targets: GraphTarget[] = [];
  function Harness() {
    const [target, setTarget] = useState<GraphTarget>(options.target ?? { scope: 'vault' });
    return (
      <GraphView
        target={target}
        onTargetChange={(next) => {
          targets.push(next);
          setTarget(next);
        }}
        currentNoteId={options.currentNoteId ?? null}
        onOpenNote={onOpenNote}
        onClose={onClose}
        createScene={scene.create}
        startLayout={layout.start}
      />
    );
  }
  const view = render(
    <ServicesContext value={createServices(api, connection)}>
      <Harness />
    </ServicesContext>,
  );
  return { host, view, graphQuery, scene, layout, onOpenNote, onClose, targets };
}

describe('graph view', () => {
  it('asks for the vault graph and shows its notes, links and a legend by top-level folder', async () => {
    const { graphQuery, scene } = setup();
    await settle();
    expect(graphQuery).toHaveBeenCalledWith({ scope: 'vault', limit: 20_000 });
    expect(scene.shown()).toEqual([0, 1, 2, 3]);
    expect(screen.getByText(/4 of 4 notes · 2 links/)).toBeTruthy();
    const legend = within(screen.getByRole('list', { name: 'Colours by folder' }));
    expect(legend.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Work2',
      'No folder1',
      'Home1',
    ]);
    // Node size grows with degree.
    expect(scene.look().sizes[1]).toBeGreaterThan(scene.look().sizes[0] ?? Infinity);
  });

  it('filters by tag and folder (with suggestions) and hides orphans', async () => {
    const { scene } = setup();
    await settle();
    const tag = screen.getByRole('combobox', { name: 'Filter by tag' });
    const suggestions = document.getElementById(tag.getAttribute('list') ?? '');
    expect([...(suggestions?.querySelectorAll('option') ?? [])].map((o) => o.value)).toEqual([
      'project',
      'home',
    ]);
    fireEvent.change(tag, { target: { value: '#project' } });
    expect(scene.shown()).toEqual([0, 1]);
    fireEvent.change(tag, { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by folder' }), {
      target: { value: 'Home' },
    });
    expect(scene.shown()).toEqual([2]);
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by folder' }), { target: { value: '' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Orphans' }));
    expect(scene.shown()).toEqual([0, 1, 2]);
    expect(screen.getByText(/3 of 4 notes/)).toBeTruthy();
  });

  it('the find box marks and centres the best match; arrows move it; Enter opens it', async () => {
    const { scene, onOpenNote } = setup();
    await settle();
    const find = screen.getByRole('combobox', { name: 'Find a note in the graph' });
    expect(document.activeElement).toBe(find);
    fireEvent.change(find, { target: { value: 'a' } });
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'AlphaWork/Projects',
      'BetaWork',
      'GammaHome',
      'Orphan',
    ]);
    expect(scene.look().marked).toBe(0);
    // Centred once typing pauses.
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(scene.last().centred).toEqual([0]);
    fireEvent.keyDown(find, { key: 'ArrowDown' });
    expect(scene.look().marked).toBe(1);
    expect(screen.getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(find, { key: 'Enter' });
    expect(onOpenNote).toHaveBeenCalledWith('b');
  });

  it('says so when nothing matches, and the first Esc clears the box, the next closes the graph', async () => {
    const { onClose } = setup();
    await settle();
    const find = screen.getByRole('combobox', { name: 'Find a note in the graph' });
    fireEvent.change(find, { target: { value: 'zzz' } });
    expect(screen.getByText('No note in the graph has that name')).toBeTruthy();
    fireEvent.keyDown(find, { key: 'Escape' });
    expect((find as HTMLInputElement).value).toBe('');
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.keyDown(find, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('hovering a node focuses its neighbourhood and shows its card; clicking it opens the note', async () => {
    const { scene, onOpenNote } = setup();
    await settle();
    act(() => scene.last().callbacks.onHover(1));
    expect(scene.last().focus.at(-1)).toBe(1);
    const card = screen.getByTestId('graph-hover-card');
    expect(card.textContent).toContain('Beta');
    expect(card.textContent).toContain('Work · 2 links');
    act(() => scene.last().callbacks.onHover(null));
    expect(screen.queryByTestId('graph-hover-card')).toBeNull();
    act(() => scene.last().callbacks.onClick(2));
    expect(onOpenNote).toHaveBeenCalledWith('c');
  });

  it('the local graph asks for the note at its depth; a click re-centres, the centre or a double-click opens', async () => {
    const { graphQuery, scene, onOpenNote, targets } = setup({
      target: { scope: 'local', id: 'b', depth: 1 },
    });
    await settle();
    expect(graphQuery).toHaveBeenLastCalledWith({ scope: 'local', id: 'b', depth: 1, limit: 20_000 });
    expect(scene.look().marked).toBe(1);
    fireEvent.click(screen.getByRole('radio', { name: 'Depth 2' }));
    await settle();
    expect(graphQuery).toHaveBeenLastCalledWith({ scope: 'local', id: 'b', depth: 2, limit: 20_000 });
    act(() => scene.last().callbacks.onClick(0));
    await settle();
    expect(targets.at(-1)).toEqual({ scope: 'local', id: 'a', depth: 2 });
    expect(onOpenNote).not.toHaveBeenCalled();
    act(() => scene.last().callbacks.onClick(0));
    expect(onOpenNote).toHaveBeenLastCalledWith('a');
    act(() => scene.last().callbacks.onDoubleClick(2));
    expect(onOpenNote).toHaveBeenLastCalledWith('c');
  });

  it('Local needs an open note; with one it switches to that note’s graph at depth 1', async () => {
    setup();
    await settle();
    expect(screen.getByRole<HTMLButtonElement>('radio', { name: 'Local' }).disabled).toBe(true);
    cleanup();
    const { targets } = setup({ currentNoteId: 'c' });
    await settle();
    fireEvent.click(screen.getByRole('radio', { name: 'Local' }));
    expect(targets).toEqual([{ scope: 'local', id: 'c', depth: 1 }]);
  });

  it('zoom and fit from the toolbar and the keyboard', async () => {
    const { scene } = setup();
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    fireEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    fireEvent.click(screen.getByRole('button', { name: 'Fit the graph' }));
    fireEvent.keyDown(screen.getByTestId('graph-canvas'), { key: '+' });
    fireEvent.keyDown(screen.getByTestId('graph-canvas'), { key: '0' });
    expect(scene.last().calls).toEqual(['zoomIn', 'zoomOut', 'fit', 'zoomIn', 'fit']);
  });

  it('draws the layout’s frames, says when it settled, and on close stops the layout and frees the scene', async () => {
    const { scene, layout, view } = setup();
    await settle();
    const run = layout.runs[0];
    expect(run?.start.nodeCount).toBe(4);
    expect([...(run?.start.edges ?? [])]).toEqual([0, 1, 1, 2]);
    const stage = document.querySelector('.graph-stage');
    expect(stage?.getAttribute('data-layout')).toBe('running');
    const positions = new Float32Array(8).fill(3);
    act(() => run?.emit({ type: 'positions', positions, iterations: 30, settled: true }));
    await settle();
    expect(scene.last().positions.at(-1)).toBe(positions);
    expect(stage?.getAttribute('data-layout')).toBe('settled');
    view.unmount();
    expect(run?.stopped).toBe(true);
    expect(scene.last().killed).toBe(true);
  });

  it('refetches after notes change: the same answer leaves the drawing alone, a new one keeps the places', async () => {
    const { host, graphQuery, scene, layout } = setup();
    await settle();
    const moved = new Float32Array([10, 10, 20, 20, 30, 30, 40, 40]);
    act(() => layout.runs[0]?.emit({ type: 'positions', positions: moved, iterations: 5, settled: false }));
    const wait = () => act(() => new Promise((resolve) => setTimeout(resolve, 1_000)));
    act(() => host.emitChange(['a']));
    await wait();
    expect(graphQuery).toHaveBeenCalledTimes(2);
    expect(scene.scenes).toHaveLength(1);

    graphQuery.mockResolvedValueOnce({
      ...VAULT,
      nodes: [...VAULT.nodes, node('e', 'Epsilon', 'Home', [], 1)],
      edges: [...VAULT.edges, [4, 2]],
    });
    act(() => host.emitChange(['e']));
    await wait();
    expect(scene.scenes).toHaveLength(2);
    expect(scene.scenes[0]?.killed).toBe(true);
    expect(layout.runs[0]?.stopped).toBe(true);
    expect([...(layout.runs[1]?.start.positions.slice(0, 8) ?? [])]).toEqual([...moved]);
  });

  it('without WebGL it says so instead of showing a blank area', async () => {
    const failing: CreateGraphScene = () => {
      throw new WebGLUnavailableError();
    };
    const host = createFakeHost();
    const services = createServices(
      { ...host.api, linkIndex: { ...host.api.linkIndex, graph: { query: () => Promise.resolve(VAULT) } } },
      { getSnapshot: () => 'connected', subscribe: () => () => undefined },
    );
    render(
      <ServicesContext value={services}>
        <GraphView
          target={{ scope: 'vault' }}
          onTargetChange={() => undefined}
          currentNoteId={null}
          onOpenNote={() => undefined}
          onClose={() => undefined}
          createScene={failing}
          startLayout={fakeLayout().start}
        />
      </ServicesContext>,
    );
    await settle();
    expect(screen.getByRole('alert').textContent).toContain(
      'The graph needs WebGL, which is turned off in this browser',
    );
  });

  it('a failed answer is shown in the words of its reason', async () => {
    const host = createFakeHost();
    const api = {
      ...host.api,
      linkIndex: {
        ...host.api.linkIndex,
        graph: { query: () => Promise.reject(hostError('NOTE_NOT_FOUND')) },
      },
    };
    render(
      <ServicesContext
        value={createServices(api, { getSnapshot: () => 'connected', subscribe: () => () => undefined })}
      >
        <GraphView
          target={{ scope: 'local', id: 'gone', depth: 1 }}
          onTargetChange={() => undefined}
          currentNoteId={null}
          onOpenNote={() => undefined}
          onClose={() => undefined}
          createScene={fakeScene().create}
          startLayout={fakeLayout().start}
        />
      </ServicesContext>,
    );
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('The graph could not be loaded');
  });
});
