import type { BulkWriteRow } from 'rxdb';

/** Attachment payloads of one bulkWrite, already read into bytes, keyed by the payload object. */
export type AttachmentBytes = ReadonlyMap<unknown, Buffer>;

export const NO_ATTACHMENT_BYTES: AttachmentBytes = new Map();

/**
 * Payloads (RxDB 17 passes a Blob in `_attachments[id].data`) that a bulkWrite brings along.
 * Reading a Blob is asynchronous while the write transaction is synchronous, so bulkWrite reads
 * them first and the transaction only looks the bytes up.
 */
export function attachmentPayloads<RxDocType>(rows: readonly BulkWriteRow<RxDocType>[]): unknown[] {
  const payloads: unknown[] = [];
  for (const row of rows) {
    const attachments = row.document._attachments as Record<string, { data?: unknown }> | undefined;
    if (!attachments) continue;
    for (const attachment of Object.values(attachments)) {
      if (attachment.data !== undefined) payloads.push(attachment.data);
    }
  }
  return payloads;
}

async function toBuffer(payload: unknown): Promise<Buffer> {
  if (payload instanceof Blob) return Buffer.from(await payload.arrayBuffer());
  if (payload instanceof Uint8Array) return Buffer.from(payload);
  if (payload instanceof ArrayBuffer) return Buffer.from(new Uint8Array(payload));
  // Older RxDB versions and some plugins pass base64 strings.
  if (typeof payload === 'string') return Buffer.from(payload, 'base64');
  throw new TypeError('SQLite storage: unsupported attachment payload');
}

export async function readAttachmentBytes(payloads: readonly unknown[]): Promise<AttachmentBytes> {
  const buffers = await Promise.all(payloads.map(toBuffer));
  return new Map(payloads.map((payload, i) => [payload, buffers[i] as Buffer]));
}
