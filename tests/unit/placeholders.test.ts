import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../src-shared/markdown/placeholders';

describe('template placeholders', () => {
  const now = new Date(2026, 0, 5, 9, 7);

  it('fills title, date, time and the literal YYYY-MM-DD', () => {
    expect(
      fillPlaceholders('# {{ title }}\n{{date}} {{time}} updated: YYYY-MM-DD', { title: 'Plan', now }),
    ).toBe('# Plan\n2026-01-05 09:07 updated: 2026-01-05');
  });

  it('puts a title in as written, dollar signs included', () => {
    expect(fillPlaceholders('# {{title}}!', { title: "Costs $& $' $1", now })).toBe("# Costs $& $' $1!");
  });
});
