import { TRPCClientError, type TRPCLink } from '@trpc/client';
import type { AnyTRPCRouter, inferTRPCClientTypes } from '@trpc/server';
import { observable } from '@trpc/server/observable';
import {
  IPC_PROTOCOL_VERSION,
  type IpcInvokeResponse,
  type IpcServerMessage,
  type QuireIpcBridge,
} from '../../../src-shared/ipc/ipc-protocol';
import { getTransformer, transformResult, type TransformerOptions } from './trpc-internals';

/**
 * A tRPC v11 terminating link over the preload's `quireIpc` bridge. Queries and mutations are one
 * invoke each; a subscription is 'start', a stream of messages for its id, and 'stop' when the
 * caller unsubscribes. It takes the bridge as an argument (no `window` here) so tests can run it.
 */
export type IpcLinkOptions<TRouter extends AnyTRPCRouter> = {
  bridge: QuireIpcBridge;
} & TransformerOptions<inferTRPCClientTypes<TRouter>>;

type WireResponse = Parameters<typeof transformResult>[0];

export function ipcLink<TRouter extends AnyTRPCRouter>(options: IpcLinkOptions<TRouter>): TRPCLink<TRouter> {
  const { bridge } = options;
  const transformer = getTransformer(options.transformer);
  const streams = new Map<number, (message: IpcServerMessage) => void>();
  let lastId = 0;

  // A reloaded page starts its ids at 1 again; main must drop the previous page's subscriptions
  // first. IPC from one page is ordered, so this reaches main before any 'start' below.
  bridge.send({ v: IPC_PROTOCOL_VERSION, kind: 'reset' });
  // One listener for the page's lifetime; messages for ids we no longer hold are late and dropped.
  bridge.onMessage((message) => streams.get(message.id)?.(message));

  const decode = (response: IpcInvokeResponse | IpcServerMessage) =>
    transformResult(response as WireResponse, transformer.output);

  return () =>
    ({ op }) =>
      observable((observer) => {
        const abortReason = (): Error => {
          const reason: unknown = op.signal?.reason;
          return reason instanceof Error ? reason : new Error('The request was aborted');
        };

        const { type } = op;
        if (type !== 'subscription') {
          let settled = false;
          const onAbort = (): void => {
            settled = true;
            observer.error(TRPCClientError.from(abortReason()));
          };
          const call = async () => {
            const response = await bridge.invoke({
              v: IPC_PROTOCOL_VERSION,
              type,
              path: op.path,
              input: transformer.input.serialize(op.input),
            });
            return decode(response);
          };
          if (op.signal?.aborted) onAbort();
          else {
            op.signal?.addEventListener('abort', onAbort, { once: true });
            call().then(
              (decoded) => {
                if (settled) return;
                settled = true;
                if (!decoded.ok) return observer.error(TRPCClientError.from(decoded.error));
                observer.next({ result: decoded.result });
                observer.complete();
              },
              (cause: unknown) => {
                if (settled) return;
                settled = true;
                observer.error(
                  TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause))),
                );
              },
            );
          }
          // Invoke cannot be cancelled on main; a late reply is simply ignored.
          return () => {
            settled = true;
            op.signal?.removeEventListener('abort', onAbort);
          };
        }

        const id = ++lastId;
        const onAbort = (): void => observer.complete();
        streams.set(id, (message) => {
          try {
            const decoded = decode(message);
            if (!decoded.ok) {
              streams.delete(id);
              return observer.error(TRPCClientError.from(decoded.error));
            }
            observer.next({ result: decoded.result });
            if (decoded.result.type === 'stopped') {
              streams.delete(id);
              observer.complete();
            }
          } catch (cause) {
            observer.error(TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause))));
          }
        });
        try {
          bridge.send({
            v: IPC_PROTOCOL_VERSION,
            kind: 'start',
            id,
            path: op.path,
            input: transformer.input.serialize(op.input),
          });
          if (op.signal?.aborted) onAbort();
          else op.signal?.addEventListener('abort', onAbort, { once: true });
        } catch (cause) {
          // Typically an input structured clone cannot carry.
          streams.delete(id);
          observer.error(TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause))));
        }
        return () => {
          op.signal?.removeEventListener('abort', onAbort);
          // Still registered = main is still streaming it; ended streams need no 'stop'.
          if (streams.delete(id)) bridge.send({ v: IPC_PROTOCOL_VERSION, kind: 'stop', id });
        };
      });
}
