import { z } from 'zod';
import { PROPERTY_LIMITS, PROPERTY_TYPES } from '../markdown/property-types';

export const propertyTypeSchema = z.enum(PROPERTY_TYPES);

/** `properties.setType`: the type a name keeps across the vault; null returns it to the inferred one. */
export const setPropertyTypeInput = z.object({
  name: z.string().trim().min(1).max(PROPERTY_LIMITS.nameMaxLength),
  type: propertyTypeSchema.nullable(),
});
export type SetPropertyTypeInput = z.infer<typeof setPropertyTypeInput>;

export const propertyInfoSchema = z.object({
  name: z.string(),
  type: propertyTypeSchema,
  count: z.number().int().nonnegative(),
});
