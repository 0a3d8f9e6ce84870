import { useState } from 'react';
import type { FolderPurpose } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { Button, FormField } from '../../ui';
import { useFolderPicker } from './useFolderPicker';

interface FolderFieldProps {
  purpose: FolderPurpose;
  value: string;
  onChange: (path: string) => void;
  placeholder: string;
  hint: string;
  /** The form's own error (no path typed, the host refused the folder). */
  error: string | null;
}

/**
 * The folder of an import or export: always a path field (web mode has nothing else, and a path
 * can be pasted), plus "Choose…" opening the OS folder dialog when the shell has one.
 */
export function FolderField({ purpose, value, onChange, placeholder, hint, error }: FolderFieldProps) {
  const { api } = useServices();
  const hasPicker = useFolderPicker();
  const [picking, setPicking] = useState(false);
  const [pickError, setPickError] = useState<string | null>(null);

  const choose = async (): Promise<void> => {
    if (picking) return;
    setPicking(true);
    setPickError(null);
    try {
      const result = await api.app.pickFolder.mutate({ purpose });
      if ('path' in result) onChange(result.path);
    } catch (failure) {
      setPickError(describeFailure(failure));
    } finally {
      setPicking(false);
    }
  };

  return (
    <FormField
      label="Folder on this computer"
      value={value}
      onChange={(next) => {
        setPickError(null);
        onChange(next);
      }}
      placeholder={placeholder}
      hint={hint}
      error={pickError ?? error ?? undefined}
      autoFocusOnOpen
      spellCheck={false}
      autoComplete="off"
      trailing={
        hasPicker && (
          <span className="vault-choose">
            <Button busy={picking} spinner onClick={() => void choose()}>
              Choose…
            </Button>
          </span>
        )
      }
    />
  );
}
