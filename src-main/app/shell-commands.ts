import { Subject, type Observable } from 'rxjs';
import type { ShellCommand } from '../../src-shared/api/app-shell-api';

/**
 * Menu items of the shell reach the window through the router (`app.shellCommands`), not a
 * channel of their own: the IPC link stays the only bridge, and a test drives it in Node.
 */
export interface ShellCommands {
  send(command: ShellCommand): void;
  readonly commands$: Observable<ShellCommand>;
  close(): void;
}

export function createShellCommands(): ShellCommands {
  const commands = new Subject<ShellCommand>();
  return {
    send: (command) => {
      if (!commands.closed) commands.next(command);
    },
    commands$: commands.asObservable(),
    close: () => commands.complete(),
  };
}
