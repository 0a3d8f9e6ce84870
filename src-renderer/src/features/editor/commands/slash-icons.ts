import type { SlashIconName } from './slash-items';

/** Stroke icons on the app's 24-unit grid (as in ui/Icon.tsx); headings are letters instead. */
const PATHS: Record<Exclude<SlashIconName, 'heading1' | 'heading2' | 'heading3'>, string> = {
  bullet: 'M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01',
  numbered: 'M10 6h10M10 12h10M10 18h10M4 5l1.5-1v5M3.5 14.5a1.5 1.5 0 1 1 2.5 1.2L3.5 19H6',
  task: 'M4 4h16v16H4zM8 12l3 3 5-6',
  table: 'M3 5h18v14H3zM3 10h18M3 15h18M9 5v14M15 5v14',
  code: 'M8 7l-5 5 5 5M16 7l5 5-5 5M13.5 5l-3 14',
  callout: 'M12 8v4M12 16h.01M4 4h16v13H8l-4 4z',
  quote: 'M5 8h5v6a4 4 0 0 1-4 4M14 8h5v6a4 4 0 0 1-4 4',
  divider: 'M3 12h18M8 6h8M8 18h8',
  template:
    'M4 5a1 1 0 0 1 1-1h14a1 1 0 0 1 1 1v3a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1zM4 14a1 1 0 0 1 1-1h5a1 1 0 0 1 1 1v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1zM15 14h5M15 17h5M15 20h5',
};

const SVG = 'http://www.w3.org/2000/svg';

/** The icon tile in front of a slash menu option. */
export function slashIcon(name: SlashIconName): HTMLElement {
  const tile = document.createElement('span');
  tile.className = 'cm-slash-icon';
  tile.setAttribute('aria-hidden', 'true');
  if (name === 'heading1' || name === 'heading2' || name === 'heading3') {
    tile.textContent = `H${name.slice(-1)}`;
    tile.classList.add('is-text');
    return tile;
  }
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '1.8');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.append(path);
  tile.append(svg);
  return tile;
}
