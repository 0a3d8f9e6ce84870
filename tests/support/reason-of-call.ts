import { TRPCError } from '@trpc/server';
import { reasonOf } from '../../src-main/trpc';

/** The reason a router call (through a server-side caller) was refused with; fails if it was not. */
export async function reasonOfCall(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return reasonOf(error);
    throw error;
  }
  throw new Error('expected a refusal');
}
