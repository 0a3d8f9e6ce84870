/**
 * jsdom lays nothing out and answers no media queries, while CodeMirror (cursor, tooltips), the
 * preview's scroll sync and the theme ask for both. These give empty answers instead of throwing.
 */
export function stubTextLayout(): void {
  Range.prototype.getClientRects = () => ({
    length: 0,
    item: () => null,
    [Symbol.iterator]: [][Symbol.iterator],
  });
  Range.prototype.getBoundingClientRect = () => new DOMRect();
}

export function stubMatchMedia(): void {
  window.matchMedia ??= (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
