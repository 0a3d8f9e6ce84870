import { formatFullTime } from '../../lib/relative-time';
import { Button, Icon } from '../../ui';

interface TrashBannerProps {
  trashedAt: number;
  onRestore: () => void;
  onDeleteForever: () => void;
}

/** Shown over a trashed note, which is read-only until restored. */
export function TrashBanner({ trashedAt, onRestore, onDeleteForever }: TrashBannerProps) {
  return (
    <div className="trash-banner" role="note">
      <Icon name="trash" size={14} />
      <span className="trash-banner-text">
        In the trash since {formatFullTime(trashedAt)}. Restore it to edit.
      </span>
      <span className="trash-banner-actions">
        <Button icon="restore" onClick={onRestore}>
          Restore
        </Button>
        <Button variant="danger" onClick={onDeleteForever}>
          Delete forever
        </Button>
      </span>
    </div>
  );
}
