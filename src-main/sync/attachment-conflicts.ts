import type { RxConflictHandler } from 'rxdb';
import type { Attachment } from '../../src-shared/schema/attachment';
import { toReplicatedAttachment, type ReplicatedAttachment } from '../../src-shared/sync/protocol';
import { jsonEqual } from '../../src-shared/json-equal';

export interface AttachmentConflictHandlerOptions {
  /**
   * B10: this device's version gave the record other bytes than another device's did, and the
   * server's stays on the record: `ours` must be kept as an attachment of its own (a new id, its
   * path, its bytes, which are here), which the path settlement then moves beside the server's.
   */
  keepAside(ours: Attachment): void;
}

const live = (doc: ReplicatedAttachment): boolean => !doc._deleted && doc.deletedAt === 0;

/**
 * The attachments collection's RxDB conflict handler (B10). RxDB's default takes the server's
 * version, which would drop this device's rename of a record someone else only touched, or its
 * new bytes for it. Instead, each side's change survives field by field, against the master the
 * device had assumed: the path from whichever side moved it (the server's if both did), the bytes
 * likewise, and when both sides gave the record different bytes, the server's stay on the record
 * and this device's are kept aside as another attachment. Never an overwrite.
 */
export function createAttachmentConflictHandler(
  options: AttachmentConflictHandlerOptions,
): RxConflictHandler<Attachment> {
  // A push retried after this resolution must not keep the same bytes aside twice.
  const keptAside = new Set<string>();
  return {
    isEqual(a, b) {
      return jsonEqual(toReplicatedAttachment(a), toReplicatedAttachment(b));
    },
    resolve({ newDocumentState, realMasterState, assumedMasterState }) {
      const ours = toReplicatedAttachment(newDocumentState);
      const theirs = toReplicatedAttachment(realMasterState);
      const base = assumedMasterState ? toReplicatedAttachment(assumedMasterState) : null;
      const oursMoved = base === null || ours.path !== base.path;
      const theirsMoved = base === null || theirs.path !== base.path;
      const oursBytes = base === null || ours.hash !== base.hash;
      const theirsBytes = base === null || theirs.hash !== base.hash;
      if (live(ours) && oursBytes && theirsBytes && ours.hash !== theirs.hash) {
        const key = `${ours.id} ${ours.hash}`;
        if (!keptAside.has(key)) {
          keptAside.add(key);
          const { _deleted, ...attachment } = ours;
          options.keepAside(attachment);
        }
      }
      const bytes = oursBytes && !theirsBytes ? ours : theirs;
      const path = oursMoved && !theirsMoved ? ours : theirs;
      // A delete that saw the other side's version wins; one that did not, loses to an edit.
      const deletedAt =
        ours.deletedAt !== 0 && !theirsMoved && !theirsBytes ? ours.deletedAt : theirs.deletedAt;
      const { renamedFrom: _theirsRenamedFrom, ...rest } = theirs;
      return Promise.resolve({
        ...rest,
        path: path.path,
        ...(path.renamedFrom === undefined ? {} : { renamedFrom: path.renamedFrom }),
        hash: bytes.hash,
        size: bytes.size,
        mediaType: bytes.mediaType,
        updatedAt: Math.max(ours.updatedAt, theirs.updatedAt),
        deletedAt,
      });
    },
  };
}
