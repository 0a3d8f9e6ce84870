import { useSyncExternalStore } from 'react';
import { toasts, type Toast } from './toast-store';

export function useToasts(): readonly Toast[] {
  return useSyncExternalStore(toasts.subscribe, toasts.getSnapshot);
}
