import { ATTACHMENTS_PAGE_MAX } from '../../../../../src-shared/api/attachments-api';
import type { QuireApi } from '../../../api/quire-api';
import { attachmentSrc } from '../preview-embeds/attachment-src';
import type { AttachmentSource } from './embeds';

/** The host's `attachments.resolve` and `attachments.changes`, from the note's current folder. */
export function createAttachmentSource(
  api: Pick<QuireApi, 'attachments'>,
  fromFolder: () => string,
): AttachmentSource {
  return {
    async resolve(targets) {
      const batches: string[][] = [];
      for (let i = 0; i < targets.length; i += ATTACHMENTS_PAGE_MAX)
        batches.push(targets.slice(i, i + ATTACHMENTS_PAGE_MAX));
      const folder = fromFolder();
      const answers = await Promise.all(
        batches.map((batch) => api.attachments.resolve.query({ fromFolder: folder, targets: batch })),
      );
      return new Map(answers.flatMap((answer) => Object.entries(answer)));
    },
    watch(onChange) {
      let opened = false;
      const subscription = api.attachments.changes.subscribe(undefined, {
        // The first event only says the subscription is open; nothing was resolved before it.
        onData: ({ ids }) => {
          if (opened) onChange(ids);
          opened = true;
        },
        onError: () => undefined,
      });
      return () => subscription.unsubscribe();
    },
    src: attachmentSrc,
  };
}
