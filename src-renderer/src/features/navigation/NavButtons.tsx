import { shortcutLabel } from '../../lib/keyboard';
import { IconButton } from '../../ui';
import './navigation.css';

interface NavButtonsProps {
  canGoBack: boolean;
  canGoForward: boolean;
  onBack: () => void;
  onForward: () => void;
  /** The shortcuts to name in the tooltips (the first of each). */
  backKey: string;
  forwardKey: string;
}

/** ← → in the editor's toolbar: back and forward between the notes visited. */
export function NavButtons({
  canGoBack,
  canGoForward,
  onBack,
  onForward,
  backKey,
  forwardKey,
}: NavButtonsProps) {
  return (
    <span className="nav-buttons" role="group" aria-label="Navigation">
      <IconButton
        label="Back"
        icon="arrowLeft"
        title={`Back (${shortcutLabel(backKey)})`}
        disabled={!canGoBack}
        onClick={onBack}
      />
      <IconButton
        label="Forward"
        icon="arrowRight"
        title={`Forward (${shortcutLabel(forwardKey)})`}
        disabled={!canGoForward}
        onClick={onForward}
      />
    </span>
  );
}
