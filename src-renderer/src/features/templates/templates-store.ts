import type { QuireApi, TemplateInfo } from '../../api/quire-api';

export interface TemplatesState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  templates: readonly TemplateInfo[];
}

/**
 * The note templates the host offers (`templates.list`), shared by the sidebar menu and the empty
 * state. They are built into the app, so one successful load lasts the session; a failed one is
 * retried the next time someone asks.
 */
export class TemplatesStore {
  private state: TemplatesState = { status: 'idle', templates: [] };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: QuireApi) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): TemplatesState => this.state;

  /** Loads the list unless it is loaded or on its way. */
  load(): void {
    if (this.state.status === 'loading' || this.state.status === 'ready') return;
    this.set({ status: 'loading', templates: this.state.templates });
    this.api.templates.list.query().then(
      (templates) => this.set({ status: 'ready', templates }),
      () => this.set({ status: 'error', templates: [] }),
    );
  }

  private set(state: TemplatesState): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener();
  }
}
