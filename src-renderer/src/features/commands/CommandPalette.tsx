import { useEffect, useMemo, useState } from 'react';
import { useServices } from '../../api/useServices';
import { shortcutSpec } from '../../app/shortcuts';
import { Kbd } from '../../ui';
import { isEnabled, type AppCommand } from './command-types';
import { useCommands } from './CommandsProvider';
import { Highlighted } from './Highlighted';
import { paletteRows, type PaletteRow } from './palette-order';
import { Picker, PickerDialog, type PickerHint } from './PickerDialog';

const HINTS: PickerHint[] = [
  { keys: ['ArrowUp', 'ArrowDown'], label: 'to move' },
  { keys: ['Enter'], label: 'to run' },
  { keys: ['Escape'], label: 'to close' },
];

interface CommandPaletteProps {
  open: boolean;
  onClose: () => void;
}

/** Every command of the window, by name: recently used first, its shortcut beside it. */
export function CommandPalette({ open, onClose }: CommandPaletteProps) {
  return (
    <PickerDialog open={open} onClose={onClose} title="Command palette">
      <PaletteContent onClose={onClose} />
    </PickerDialog>
  );
}

function PaletteContent({ onClose }: { onClose: () => void }) {
  const { api } = useServices();
  const commands = useCommands();
  const [query, setQuery] = useState('');
  const [recent, setRecent] = useState<readonly string[]>([]);

  useEffect(() => {
    let live = true;
    // Without the host's list the palette still works, in its plain order.
    api.recent.commands.query().then(
      (ids) => live && setRecent(ids),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  const rows = useMemo(() => paletteRows(commands, query, recent), [commands, query, recent]);

  const run = (command: AppCommand): void => {
    onClose();
    api.recent.commandUsed.mutate({ id: command.id }).catch(() => undefined);
    // After the dialog has closed and given the focus back, so the command may move it.
    requestAnimationFrame(() => command.run());
  };

  return (
    <Picker<PaletteRow>
      title="Command palette"
      placeholder="Type a command…"
      icon="chevronRight"
      query={query}
      onQueryChange={setQuery}
      items={rows}
      itemKey={(row) => row.command.id}
      isDisabled={(row) => !isEnabled(row.command)}
      onPick={(row) => run(row.command)}
      empty={<p>No command matches “{query.trim()}”</p>}
      hints={HINTS}
      renderItem={({ command, ranges }) => (
        <>
          <span className="picker-option-main">
            <span className="picker-option-title">
              <Highlighted text={command.label} ranges={ranges} />
            </span>
          </span>
          <span className="picker-option-aside">{command.group}</span>
          {command.shortcut && (
            <span className="picker-option-keys">
              <Kbd combo={shortcutSpec(command.shortcut).keys[0]!} />
            </span>
          )}
        </>
      )}
    />
  );
}
