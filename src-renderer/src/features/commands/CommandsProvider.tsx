import {
  createContext,
  use,
  useId,
  useLayoutEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { AppCommand } from './command-types';
import { createCommandRegistry, type CommandRegistry } from './command-registry';

const CommandsContext = createContext<CommandRegistry | null>(null);

/** Holds the window's command registry; everything that registers or lists commands sits inside. */
export function CommandsProvider({ children }: { children: ReactNode }) {
  const [registry] = useState(createCommandRegistry);
  return <CommandsContext value={registry}>{children}</CommandsContext>;
}

export function useCommandRegistry(): CommandRegistry {
  const registry = use(CommandsContext);
  if (!registry) throw new Error('useCommandRegistry outside <CommandsProvider>');
  return registry;
}

/**
 * Registers commands for as long as the caller is mounted. Pass a memoised array: each new
 * array replaces the previous one (so `run` and `enabled` are always the current ones). Outside
 * a provider (a component rendered on its own in a test) it registers nothing.
 */
export function useRegisterCommands(commands: readonly AppCommand[]): void {
  const registry = use(CommandsContext);
  const source = useId();
  // Before paint, so a shortcut pressed right after mounting finds the commands. A new list
  // replaces the old one in place; only unmounting takes the source out.
  useLayoutEffect(() => {
    registry?.register(source, commands);
  }, [registry, source, commands]);
  useLayoutEffect(() => () => registry?.unregister(source), [registry, source]);
}

const NONE: readonly AppCommand[] = [];
const noRegistry = { subscribe: () => () => undefined, list: () => NONE };

/** Every registered command, re-rendering when the list changes (none outside a provider). */
export function useCommands(): readonly AppCommand[] {
  const registry = use(CommandsContext) ?? noRegistry;
  return useSyncExternalStore(registry.subscribe, registry.list, registry.list);
}
