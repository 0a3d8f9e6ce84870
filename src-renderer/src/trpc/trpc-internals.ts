/**
 * The only place in the repo that imports tRPC internals (`unstable-core-do-not-import`,
 * `@trpc/client/unstable-internals`). tRPC has no public export for decoding a result envelope
 * or for normalising a link's `transformer` option, which every custom terminating link needs.
 * tests/unit/trpc-internals.test.ts pins the behaviour relied on here, so a tRPC release that
 * changes it fails that test instead of the IPC transport at run time.
 */
export { getTransformer, type TransformerOptions } from '@trpc/client/unstable-internals';
export { transformResult } from '@trpc/server/unstable-core-do-not-import';
