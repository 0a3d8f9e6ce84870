import { formatFullTime } from '../lib/relative-time';
import { Icon } from './Icon';

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
        <button type="button" className="button" onClick={onRestore}>
          <Icon name="restore" size={14} />
          Restore
        </button>
        <button type="button" className="button danger" onClick={onDeleteForever}>
          Delete forever
        </button>
      </span>
    </div>
  );
}
