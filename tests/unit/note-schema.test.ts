import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { noteRxSchema, noteSchema } from '../../src-shared/schema/note';

/** The RxDB JSON schema is written by hand for its indexes; it must agree with the zod contract. */
describe('note schema', () => {
  const json = z.toJSONSchema(noteSchema) as {
    properties: Record<string, { type?: string; maxLength?: number; maxItems?: number }>;
    required: string[];
  };

  it('has the same fields and required set as the zod contract', () => {
    expect(Object.keys(noteRxSchema.properties).sort()).toEqual(Object.keys(json.properties).sort());
    expect([...noteRxSchema.required].sort()).toEqual([...json.required].sort());
  });

  it('has the same types and limits field by field', () => {
    for (const [field, rx] of Object.entries(noteRxSchema.properties)) {
      const zodField = json.properties[field]!;
      expect(rx.type, field).toBe(zodField.type);
      if ('maxLength' in rx && zodField.maxLength !== undefined)
        expect(rx.maxLength, field).toBe(zodField.maxLength);
      if ('maxItems' in rx) expect(rx.maxItems, field).toBe(zodField.maxItems);
    }
  });

  it('indexes only required, bounded fields (RxDB needs a maxLength or range on each)', () => {
    for (const index of noteRxSchema.indexes) {
      for (const field of index) {
        const rx = noteRxSchema.properties[field as keyof typeof noteRxSchema.properties];
        expect(noteRxSchema.required, field).toContain(field);
        expect('maxLength' in rx || 'maximum' in rx, field).toBe(true);
      }
    }
  });
});
