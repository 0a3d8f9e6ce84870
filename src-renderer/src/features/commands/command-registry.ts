import type { AppCommand } from './command-types';

/**
 * The window's commands, from every part of the app that registers some. An external store:
 * the palette and the sheet subscribe, the shortcut handler reads it at the moment of a key.
 */
export interface CommandRegistry {
  /**
   * Replaces what `source` registered before, in its place (a source keeps its position, so the
   * order does not shuffle as lists are replaced); the returned function takes that list out.
   */
  register: (source: string, commands: readonly AppCommand[]) => () => void;
  /** Takes out whatever `source` registered. */
  unregister: (source: string) => void;
  /** Every command once (a later source wins an id), in registration order. */
  list: () => readonly AppCommand[];
  subscribe: (listener: () => void) => () => void;
}

export function createCommandRegistry(): CommandRegistry {
  const sources = new Map<string, readonly AppCommand[]>();
  const listeners = new Set<() => void>();
  let snapshot: readonly AppCommand[] = [];
  const rebuild = (): void => {
    const byId = new Map<string, AppCommand>();
    for (const commands of sources.values()) for (const command of commands) byId.set(command.id, command);
    snapshot = [...byId.values()];
    for (const listener of listeners) listener();
  };
  return {
    register(source, commands) {
      sources.set(source, commands);
      rebuild();
      return () => {
        if (sources.get(source) !== commands) return;
        sources.delete(source);
        rebuild();
      };
    },
    unregister(source) {
      if (sources.delete(source)) rebuild();
    },
    list: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
