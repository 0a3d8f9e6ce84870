import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import { QuireError } from '../errors';
import { pickFolderInput, pickFolderOutput, type AppCapabilities } from '../../src-shared/api/app-shell-api';
import { subscribeAsIterable } from '../async-iterable';

export const appInfoRouter = router({
  info: publicProcedure.input(z.void()).query(({ ctx }) => ctx.appInfo),
  capabilities: publicProcedure
    .input(z.void())
    .query(({ ctx }): AppCapabilities => ({ folderPicker: ctx.folderPicker !== null })),
  /** The shell's folder dialog; the UI offers it only when `capabilities` says it exists. */
  pickFolder: publicProcedure
    .input(pickFolderInput)
    .output(pickFolderOutput)
    .mutation(({ ctx, input }) => {
      // Without a picker the procedure is as absent as an unknown one, which tRPC answers with
      // INVALID_INPUT too (see reasonOf): the caller asked for something this host does not serve.
      if (ctx.folderPicker === null) throw new QuireError('INVALID_INPUT');
      return ctx.folderPicker.pick(input.purpose);
    }),
  /** Live: the shell's menu items as they are chosen (none in web mode). */
  shellCommands: publicProcedure.input(z.void()).subscription(async function* ({ ctx, signal }) {
    const commands = subscribeAsIterable(ctx.shellCommands.commands$, signal);
    try {
      yield* commands;
    } finally {
      await commands.return(undefined);
    }
  }),
});
