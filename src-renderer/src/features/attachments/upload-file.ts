import { UPLOAD_CHUNK_BYTES_MAX } from '../../../../src-shared/api/attachments-api';
import type { Attachment, QuireApi } from '../../api/quire-api';

/** The host's limit on a file's name (`beginUploadInput`). */
const NAME_MAX = 255;

/** A name the host takes: never empty, at most 255 characters, its extension kept. */
export function uploadName(name: string): string {
  const trimmed = name.trim() === '' ? 'Pasted file' : name;
  if (trimmed.length <= NAME_MAX) return trimmed;
  const dot = trimmed.lastIndexOf('.');
  const ext = dot > 0 && trimmed.length - dot <= 16 ? trimmed.slice(dot) : '';
  return trimmed.slice(0, NAME_MAX - ext.length) + ext;
}

/** Base64 of some bytes, built in slices so a 1 MB chunk never spreads into one call's arguments. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Sends one file to the host in order, one chunk in memory at a time (read from the File as it
 * goes), and answers what `finishUpload` stored: the attachment, its name made unique by the host,
 * and the link text in the style the attachments settings ask for. A failed upload is cancelled so
 * the host drops its temporary file at once.
 */
export async function uploadFile(
  api: Pick<QuireApi, 'attachments'>,
  file: File,
  noteFolder: string,
  chunkBytes: number = UPLOAD_CHUNK_BYTES_MAX,
): Promise<{ attachment: Attachment; link: string }> {
  const { uploadId } = await api.attachments.beginUpload.mutate({
    name: uploadName(file.name),
    size: file.size,
    ...(file.type !== '' ? { mediaType: file.type.slice(0, 127) } : {}),
    noteFolder,
  });
  try {
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
      await api.attachments.uploadChunk.mutate({ uploadId, offset, data: toBase64(bytes) });
    }
    return await api.attachments.finishUpload.mutate({ uploadId });
  } catch (error) {
    api.attachments.cancelUpload.mutate({ uploadId }).catch(() => undefined);
    throw error;
  }
}
