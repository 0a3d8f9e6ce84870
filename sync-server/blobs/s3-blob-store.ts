import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { SyncServerError } from '../errors';
import {
  BlobMeter,
  blobAddress,
  checkMaxBytes,
  checkStart,
  isBlobHash,
  meteringStream,
  type BlobListEntry,
  type BlobStore,
} from './blob-store';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Put before every key, e.g. `quire/`; empty by default. */
  prefix?: string;
  /** For S3-compatible services (MinIO, R2, Ceph…); unset means AWS. */
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key` (most non-AWS services). */
  forcePathStyle?: boolean;
  /**
   * `WHEN_REQUIRED` for services that do not understand the SDK's default CRC checksums on
   * uploads (aws-chunked bodies); the SHA-256 check of every blob does not depend on them.
   */
  checksums?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /** Bytes per multipart part (at least 5 MiB, S3's minimum). */
  partSize?: number;
  /**
   * Parts in flight at once (default 1): each upload holds about partSize × (queueSize + 2) of
   * memory, and a server takes many uploads at once, so throughput per upload gives way.
   */
  queueSize?: number;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;

/**
 * Blobs as S3 objects, keyed `<prefix><vault>/<hash>`.
 *
 * Uploads stream through a metering pass-through into lib-storage's `Upload`, straight to the
 * final key, and never to a temporary key. That is safe because of how S3 makes objects visible:
 * a multipart upload shows nothing under its key until CompleteMultipartUpload, and a blob
 * smaller than one part is sent with a single PutObject, only after its body has ended. The
 * meter fails the stream *before it ends* when the size passes the limit or the hash does not
 * match, so neither call is made and `Upload` aborts the multipart upload. A temporary key plus
 * CopyObject would cost a second copy of every blob (and CopyObject stops at 5 GB). A crash
 * mid-upload can leave invisible parts behind: give the bucket a lifecycle rule that aborts
 * incomplete multipart uploads after a day.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { bucket } = options;
  const prefix = options.prefix ?? '';
  const partSize = Math.max(MIN_PART_SIZE, options.partSize ?? MIN_PART_SIZE);
  const queueSize = Math.max(1, options.queueSize ?? 1);
  const config: S3ClientConfig = {
    region: options.region,
    forcePathStyle: options.forcePathStyle ?? false,
    requestChecksumCalculation: options.checksums ?? 'WHEN_SUPPORTED',
    responseChecksumValidation: options.checksums ?? 'WHEN_SUPPORTED',
  };
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.credentials !== undefined) config.credentials = options.credentials;
  const client = new S3Client(config);
  const keyOf = (vault: string, hash: string) => `${prefix}${vault}/${hash}`;

  async function head(vault: string, hash: string): Promise<{ size: number } | null> {
    try {
      const result = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(vault, hash) }));
      return { size: result.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  return {
    async has(vault, hash) {
      const address = blobAddress(vault, hash);
      return (await head(address.vault, address.hash)) !== null;
    },

    async stat(vault, hash) {
      const address = blobAddress(vault, hash);
      return head(address.vault, address.hash);
    },

    async put(vault, hash, source, { maxBytes }) {
      const address = blobAddress(vault, hash);
      checkMaxBytes(maxBytes);
      const meter = new BlobMeter(address.hash, maxBytes);
      const body = meteringStream(meter);
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: keyOf(address.vault, address.hash), Body: body },
        partSize,
        queueSize,
        leavePartsOnError: false,
      });
      // If the service fails, the upload stops reading: end the feed too, or it would wait forever.
      const uploading = upload.done().catch((error: unknown) => {
        body.destroy();
        throw error;
      });
      const feeding = pipeline(source, body);
      try {
        const [uploaded, fed] = await Promise.allSettled([uploading, feeding]);
        // The meter's refusal is the reason; the upload's failure is then only its consequence.
        if (fed.status === 'rejected' && fed.reason instanceof SyncServerError) throw fed.reason;
        if (uploaded.status === 'rejected') throw uploaded.reason;
        if (fed.status === 'rejected') throw fed.reason;
        return meter.finish();
      } catch (error) {
        source.destroy();
        body.destroy();
        await upload.abort().catch(() => undefined);
        throw error;
      }
    },

    async get(vault, hash, getOptions) {
      const address = blobAddress(vault, hash);
      const start = checkStart(getOptions?.start);
      const Key = keyOf(address.vault, address.hash);
      try {
        const result = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key, ...(start > 0 ? { Range: `bytes=${start}-` } : {}) }),
        );
        if (!(result.Body instanceof Readable))
          throw new Error('S3 returned a body that is not a Node stream');
        return result.Body;
      } catch (error) {
        if (isNotFound(error)) return null;
        // 416: the range starts at or past the end of an object that exists.
        if (statusOf(error) === 416)
          return (await head(address.vault, address.hash)) ? Readable.from([]) : null;
        throw error;
      }
    },

    async delete(vault, hash) {
      const address = blobAddress(vault, hash);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(address.vault, address.hash) }));
    },

    async *list(vault): AsyncGenerator<BlobListEntry> {
      const address = blobAddress(vault, '0'.repeat(64));
      const vaultPrefix = `${prefix}${address.vault}/`;
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: vaultPrefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          const name = object.Key?.slice(vaultPrefix.length) ?? '';
          if (isBlobHash(name)) yield { hash: name, size: object.Size ?? 0 };
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    },

    async check() {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    },

    close() {
      client.destroy();
      return Promise.resolve();
    },
  };
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}
