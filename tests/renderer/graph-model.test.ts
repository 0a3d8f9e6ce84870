import { describe, expect, it } from 'vitest';
import type { GraphOutput } from '../../src-shared/api/link-index-api';
import {
  buildGraphModel,
  filterSuggestions,
  findNodes,
  nodeSize,
  NO_FILTERS,
  sameGraph,
  topFolder,
  visibleNodes,
} from '../../src-renderer/src/features/graph/graph-model';
import {
  folderLegend,
  graphPalette,
  nodeColors,
  slotColor,
} from '../../src-renderer/src/features/graph/graph-colors';
import { carryPositions } from '../../src-renderer/src/features/graph/carry-positions';
import { createLayoutLoop } from '../../src-renderer/src/features/graph/layout-loop';
import { MAX_ITERATIONS } from '../../src-renderer/src/features/graph/layout-protocol';
import { seedPositions } from '../../src-shared/graph/graph-layout';

const node = (id: string, title: string, folder = '', tags: string[] = [], degree = 0) => ({
  id,
  title,
  folder,
  tags,
  degree,
});

/** a–b–c linked in a row, d alone; folders Work/Projects, Work, Home, root. */
const DATA: GraphOutput = {
  nodes: [
    node('a', 'Alpha', 'Work/Projects', ['project/quire'], 1),
    node('b', 'Beta', 'Work', ['project'], 2),
    node('c', 'Gamma ray', 'Home', ['home'], 1),
    node('d', 'Alphabet', '', [], 0),
  ],
  edges: [
    [0, 1],
    [1, 2],
  ],
  truncated: false,
};

const shown = (mask: Uint8Array): number[] => [...mask].flatMap((v, i) => (v === 1 ? [i] : []));

describe('graph model', () => {
  it('derives neighbours, top-level folders and the id index', () => {
    const model = buildGraphModel(DATA);
    expect(model.neighbours).toEqual([[1], [0, 2], [1], []]);
    expect(model.groups).toEqual(['Work', 'Work', 'Home', '']);
    expect(model.indexOf.get('c')).toBe(2);
    expect(topFolder('a/b/c')).toBe('a');
  });

  it('filters by tag (nested tags match their parent, # and case ignored) and by folder (and below)', () => {
    const model = buildGraphModel(DATA);
    expect(shown(visibleNodes(model, NO_FILTERS))).toEqual([0, 1, 2, 3]);
    expect(shown(visibleNodes(model, { ...NO_FILTERS, tag: '#Project' }))).toEqual([0, 1]);
    expect(shown(visibleNodes(model, { ...NO_FILTERS, tag: 'project/quire' }))).toEqual([0]);
    expect(shown(visibleNodes(model, { ...NO_FILTERS, folder: 'Work' }))).toEqual([0, 1]);
    expect(shown(visibleNodes(model, { ...NO_FILTERS, folder: 'Work/' }))).toEqual([0, 1]);
    expect(shown(visibleNodes(model, { ...NO_FILTERS, folder: 'Wor' }))).toEqual([]);
  });

  it('hides orphans, counting only links to notes the other filters keep', () => {
    const model = buildGraphModel(DATA);
    expect(shown(visibleNodes(model, { ...NO_FILTERS, orphans: false }))).toEqual([0, 1, 2]);
    // With only Home kept, Gamma's one neighbour is gone: it is an orphan now.
    expect(shown(visibleNodes(model, { tag: '', folder: 'Home', orphans: false }))).toEqual([]);
  });

  it('suggests tags and every folder level, most used first', () => {
    const suggestions = filterSuggestions(buildGraphModel(DATA));
    expect(suggestions.folders).toEqual(['Work', 'Home', 'Work/Projects']);
    expect(suggestions.tags).toEqual(['home', 'project', 'project/quire']);
  });

  it('finds titles: exact, prefix, word start, anywhere; better-linked first within a rank; hidden skipped', () => {
    const model = buildGraphModel(DATA);
    const all = visibleNodes(model, NO_FILTERS);
    expect(findNodes(model, 'alpha', all)).toEqual([0, 3]);
    expect(findNodes(model, 'ALPH', all)).toEqual([0, 3]);
    expect(findNodes(model, 'ray', all)).toEqual([2]);
    expect(findNodes(model, 'a', all)).toEqual([0, 3, 1, 2]);
    expect(findNodes(model, '  ', all)).toEqual([]);
    expect(findNodes(model, 'alpha', visibleNodes(model, { ...NO_FILTERS, orphans: false }))).toEqual([0]);
  });

  it('sizes nodes by degree, smaller on crowded graphs, within a cap', () => {
    expect(nodeSize(9, 100)).toBeGreaterThan(nodeSize(1, 100));
    expect(nodeSize(9, 10_000)).toBeLessThan(nodeSize(9, 100));
    expect(nodeSize(1_000_000, 100)).toBe(nodeSize(2_000_000, 100));
  });
});

describe('graph colours', () => {
  it('gives each top-level folder a slot by size, the rest "Other"', () => {
    const groups = ['b', 'a', 'a', 'c', 'a', 'b', ...'defghijk'.split('')];
    const legend = folderLegend(groups);
    expect(legend.slice(0, 3).map((e) => [e.label, e.count, e.slot])).toEqual([
      ['a', 3, 0],
      ['b', 2, 1],
      ['c', 1, 2],
    ]);
    // 11 folders, 9 slots: 8 named, then "Other" with the remaining 3 notes.
    expect(legend).toHaveLength(9);
    expect(legend.at(-1)).toEqual({ folder: null, label: 'Other', count: 3, slot: -1 });
    expect(folderLegend([''])[0]?.label).toBe('No folder');
  });

  it('colours nodes from the legend in both themes, distinct per folder', () => {
    const groups = ['x', 'y', 'x'];
    const legend = folderLegend(groups);
    for (const theme of ['light', 'dark'] as const) {
      const colors = nodeColors(groups, legend, theme);
      expect(colors[0]).toBe(colors[2]);
      expect(colors[0]).not.toBe(colors[1]);
      expect(colors[0]).toBe(slotColor(0, theme));
    }
    expect(slotColor(0, 'light')).not.toBe(slotColor(0, 'dark'));
    expect(slotColor(-1, 'dark')).toBe(graphPalette('dark').other);
    expect(graphPalette('light').background).not.toBe(graphPalette('dark').background);
  });
});

describe('positions carried to a new answer', () => {
  it('keeps known notes in place and starts a new one near a known neighbour', () => {
    const before = buildGraphModel(DATA);
    const positions = new Float32Array([0, 0, 100, 0, 200, 0, 300, 300]);
    const after = buildGraphModel({
      ...DATA,
      nodes: [...DATA.nodes, node('e', 'Epsilon')],
      edges: [...DATA.edges, [4, 2]],
    });
    const carried = carryPositions({ model: before, positions }, after);
    expect(carried?.slice(0, 8)).toEqual(positions);
    const ex = carried?.[8] ?? NaN;
    const ey = carried?.[9] ?? NaN;
    expect(Math.hypot(ex - 200, ey - 0)).toBeLessThanOrEqual(6.01);
  });

  it('starts afresh when little is shared, or for the same answer', () => {
    const before = buildGraphModel(DATA);
    const positions = new Float32Array(8);
    const other = buildGraphModel({
      nodes: [node('x', 'X'), node('y', 'Y'), node('a', 'Alpha')],
      edges: [],
      truncated: false,
    });
    expect(carryPositions({ model: before, positions }, other)).toBeNull();
    expect(carryPositions({ model: before, positions }, before)).toBeNull();
    expect(carryPositions(null, before)).toBeNull();
  });
});

describe('refetched answers', () => {
  it('an answer equal to the last one is the same graph; any changed title, link or tag is not', () => {
    const copy = (): GraphOutput => structuredClone(DATA);
    expect(sameGraph(DATA, copy())).toBe(true);
    const renamed = copy();
    renamed.nodes[0]!.title = 'Alpha 2';
    expect(sameGraph(DATA, renamed)).toBe(false);
    const relinked = copy();
    relinked.edges[1] = [0, 2];
    expect(sameGraph(DATA, relinked)).toBe(false);
    const retagged = copy();
    retagged.nodes[2]!.tags = ['home', 'garden'];
    expect(sameGraph(DATA, retagged)).toBe(false);
    expect(sameGraph(DATA, { ...copy(), truncated: true })).toBe(false);
  });
});

describe('layout loop (worker and fallback)', () => {
  /** A clock that moves 1 ms each time it is read. */
  const ticking = () => {
    let t = 0;
    return () => t++;
  };
  const start = (nodeCount: number, edges: number[]) => ({
    type: 'start' as const,
    nodeCount,
    edges: new Uint32Array(edges),
    positions: seedPositions(
      { nodes: Array.from({ length: nodeCount }, (_, i) => ({ id: String(i) })), edges: pairs(edges) },
      1,
    ),
    seed: 1,
  });
  const pairs = (flat: number[]): [number, number][] =>
    Array.from({ length: flat.length / 2 }, (_, i) => [flat[i * 2] ?? 0, flat[i * 2 + 1] ?? 0]);

  it('runs iterations for its time budget, then hands over positions', () => {
    const loop = createLayoutLoop(start(4, [0, 1, 1, 2, 2, 3]), ticking());
    const frame = loop.slice(5);
    // The clock is read when the slice begins and after each iteration: a 5 ms budget is 5 here.
    expect(frame.iterations).toBe(5);
    expect(frame.positions).toHaveLength(8);
    expect(loop.slice(5).iterations).toBe(10);
  });

  it('says it settled once nodes stop moving, and never runs past its cap', () => {
    const loop = createLayoutLoop(start(6, [0, 1, 1, 2, 2, 0, 3, 4, 4, 5, 5, 3, 0, 3]), ticking());
    let frame = loop.slice(50);
    while (!frame.settled) frame = loop.slice(50);
    expect(frame.iterations).toBeLessThanOrEqual(MAX_ITERATIONS);
    expect(frame.settled).toBe(true);
  });

  it('an empty graph is settled at once', () => {
    expect(createLayoutLoop(start(0, []), ticking()).slice(5).settled).toBe(true);
  });
});
