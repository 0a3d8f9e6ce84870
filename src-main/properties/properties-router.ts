import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import { setPropertyTypeInput } from '../../src-shared/api/properties-api';

/** `properties.*`: the vault's property names and types, for the properties panel. */
export const propertiesRouter = router({
  catalog: publicProcedure.input(z.void()).query(({ ctx }) => ctx.properties.catalog()),
  setType: publicProcedure
    .input(setPropertyTypeInput)
    .mutation(({ ctx, input }) => ctx.properties.setType(input.name, input.type)),
});
