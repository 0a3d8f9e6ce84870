import type { PropertyType } from '../../../../src-shared/markdown/property-types';

/** Lucide-style outlines, one per property type (Obsidian shows the type beside each name). */
const PATHS: Record<PropertyType | 'tags', string> = {
  text: 'M4 7V5h16v2M9 19h6M12 5v14',
  list: 'M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01',
  number: 'M4 9h16M4 15h16M10 3 8 21M16 3l-2 18',
  checkbox: 'M4 4h16v16H4zM8 12l3 3 5-6',
  date: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4',
  datetime: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2',
  link: 'M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7',
  tags: 'M3 12V4h8l9 9-8 8zM7.5 7.5h.01',
};

export function TypeIcon({ type }: { type: PropertyType | 'tags' }) {
  return (
    <svg
      className="property-type-icon"
      width={15}
      height={15}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[type]} />
    </svg>
  );
}
