import type { ResolvedAttachment } from '../../../api/quire-api';
import { mediaTypeOf } from '../../../../../src-shared/attachments/media-types';

/**
 * One attachment embed as preview HTML: an image, a player, a link card, or a placeholder that
 * says why the file is not shown. Pure; the sanitiser still checks everything this writes.
 */

/** A target's attachment, `null` when the vault has none, `undefined` while it is being looked up. */
export type AttachmentLookup = (target: string) => ResolvedAttachment | null | undefined;

export interface EmbedSize {
  width?: number;
  height?: number;
}

export interface EmbedRequest extends EmbedSize {
  /** As the note wrote it (`assets/a%20b.png`); shown, decoded, when the file is not there. */
  target: string;
  alt?: string;
  title?: string;
}

export type EmbedKind = 'image' | 'audio' | 'video' | 'pdf' | 'file';

/** What the preview can show inline; the web host and the shell serve exactly these types inline. */
const IMAGE_TYPES = /^image\/(?:png|jpeg|gif|webp|avif|bmp|x-icon|svg\+xml)$/;
const AUDIO_TYPES = /^audio\/(?:mpeg|mp4|wav|x-wav|ogg|flac|webm)$/;
const VIDEO_TYPES = /^video\/(?:mp4|webm|quicktime|ogg)$/;

export function embedKind(attachment: Pick<ResolvedAttachment, 'mediaType' | 'path'>): EmbedKind {
  // An upload's type may be unknown; the file name then says what it is.
  const recorded = attachment.mediaType.toLowerCase();
  const type = recorded === 'application/octet-stream' ? mediaTypeOf(attachment.path) : recorded;
  if (IMAGE_TYPES.test(type)) return 'image';
  if (AUDIO_TYPES.test(type)) return 'audio';
  if (VIDEO_TYPES.test(type)) return 'video';
  if (type === 'application/pdf') return 'pdf';
  return 'file';
}

/** `300` → width, `300x200` → width and height, as Obsidian's `![[a.png|300x200]]`; else null. */
export function parseEmbedSize(text: string): EmbedSize | null {
  const match = /^\s*(\d{1,5})(?:\s*x\s*(\d{1,5}))?\s*$/.exec(text);
  if (!match) return null;
  const width = Number(match[1]);
  const height = match[2] === undefined ? undefined : Number(match[2]);
  if (width === 0 || height === 0) return null;
  return height === undefined ? { width } : { width, height };
}

/** 1.2 MB, 340 KB, 12 B: decimal units, as file managers show them. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function sizeAttrs(size: EmbedSize): string {
  return (
    (size.width === undefined ? '' : ` width="${size.width}"`) +
    (size.height === undefined ? '' : ` height="${size.height}"`)
  );
}

export function embedHtml(
  request: EmbedRequest,
  attachment: ResolvedAttachment | null | undefined,
  src: (hash: string) => string,
): string {
  const written = safeDecode(request.target.trim());
  if (attachment === undefined)
    return `<span class="attachment-embed is-pending">${escapeHtml(baseName(written))}</span>`;
  if (attachment === null)
    return `<span class="attachment-embed is-missing">${escapeHtml(`${written} is not in this vault`)}</span>`;
  const name = baseName(attachment.path);
  if (!attachment.local)
    return `<span class="attachment-embed is-downloading">${escapeHtml(`Downloading ${name}…`)}</span>`;

  const url = escapeHtml(src(attachment.hash));
  const title = escapeHtml(request.title ?? name);
  switch (embedKind(attachment)) {
    case 'image':
      // SVG too, and only ever through <img>: an image document runs none of the file's scripts.
      return `<img class="attachment-embed" src="${url}" alt="${escapeHtml(request.alt || name)}" title="${title}"${sizeAttrs(request)}>`;
    case 'audio':
      return `<audio class="attachment-embed" controls preload="metadata" src="${url}" title="${title}">${escapeHtml(name)}</audio>`;
    case 'video':
      return `<video class="attachment-embed" controls preload="metadata" src="${url}" title="${title}"${sizeAttrs(request)}>${escapeHtml(name)}</video>`;
    case 'pdf':
    case 'file':
      // The renderer's CSP allows no frames or plugins, so a PDF is a card that opens it outside.
      return (
        `<a class="attachment-card" href="${url}" title="${escapeHtml(`Open ${name}`)}">` +
        `<span class="attachment-card-name">${escapeHtml(name)}</span>` +
        `<span class="attachment-card-meta"> · ${formatSize(attachment.size)} · </span>` +
        `<span class="attachment-card-open">Open</span></a>`
      );
  }
}

/**
 * A link to an attachment (`[[report.pdf]]`, `[[report.pdf|the report]]`, `[the report](report.pdf)`):
 * the note's words, opening the file where it is here; why not, when it is not.
 */
export function attachmentLinkHtml(
  request: { target: string; label: string },
  attachment: ResolvedAttachment | null | undefined,
  src: (hash: string) => string,
): string {
  const label = escapeHtml(request.label);
  if (attachment === undefined) return `<span class="attachment-link is-pending">${label}</span>`;
  if (attachment === null) {
    const why = `${safeDecode(request.target.trim())} is not in this vault`;
    return `<span class="attachment-link is-missing" title="${escapeHtml(why)}">${label}</span>`;
  }
  const name = baseName(attachment.path);
  if (!attachment.local)
    return `<span class="attachment-link is-downloading" title="${escapeHtml(`Downloading ${name}…`)}">${label}</span>`;
  return `<a class="attachment-link" href="${escapeHtml(src(attachment.hash))}" title="${escapeHtml(`Open ${name}`)}">${label}</a>`;
}
