import { StateEffect, StateField } from '@codemirror/state';
import { Decoration, WidgetType } from '@codemirror/view';
import type { ResolvedAttachment } from '../../../api/quire-api';
import { sanitizeHtml } from '../markdown/sanitize';
import { embedHtml, parseEmbedSize, type EmbedRequest } from '../preview-embeds/embed-html';
import type { Collector } from './collector';

/**
 * Embedded attachments (`![[x.png|300]]`, `![alt](path.png)`, remote images): the preview's own
 * embed HTML (image, player, file card, "not in this vault"), shown in place of the syntax, and
 * under it while the cursor is on its line. Attachments are resolved through the host and kept in
 * the state, so widgets are pure functions of it.
 */

/** Where the live preview finds attachments: the host's resolver, from the note's folder. */
export interface AttachmentSource {
  resolve(targets: readonly string[]): Promise<ReadonlyMap<string, ResolvedAttachment | null>>;
  /** Calls back with the changed attachments' ids (none: anything may have changed); returns a stop. */
  watch(onChange: (ids: readonly string[]) => void): () => void;
  src(hash: string): string;
}

export type ResolvedMap = ReadonlyMap<string, ResolvedAttachment | null>;

export const attachmentsResolved = StateEffect.define<ResolvedMap>();

/** Every target resolved so far: `null` when the vault has none. Missing keys are still pending. */
export const resolvedAttachments = StateField.define<ResolvedMap>({
  create: () => new Map(),
  update(value, tr) {
    let next = value;
    for (const effect of tr.effects) {
      if (!effect.is(attachmentsResolved)) continue;
      const merged = new Map(next);
      for (const [target, attachment] of effect.value) merged.set(target, attachment);
      next = merged;
    }
    return next;
  },
});

function sameAttachment(a: ResolvedAttachment | null | undefined, b: ResolvedAttachment | null | undefined) {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.hash === b.hash && a.local === b.local && a.path === b.path && a.mediaType === b.mediaType;
}

class EmbedWidget extends WidgetType {
  constructor(
    readonly request: EmbedRequest,
    readonly attachment: ResolvedAttachment | null | undefined,
    readonly src: (hash: string) => string,
  ) {
    super();
  }

  override eq(other: EmbedWidget): boolean {
    return (
      other.request.target === this.request.target &&
      other.request.alt === this.request.alt &&
      other.request.width === this.request.width &&
      other.request.height === this.request.height &&
      sameAttachment(other.attachment, this.attachment)
    );
  }

  toDOM(): HTMLElement {
    const wrap = document.createElement('span');
    wrap.className = 'cm-lp-embed markdown';
    wrap.innerHTML = sanitizeHtml(embedHtml(this.request, this.attachment, this.src));
    return wrap;
  }

  override get estimatedHeight(): number {
    return this.request.height ?? -1;
  }
}

/** A remote image (`![](https://…)`): the CSP allows https images; the browser loads it. */
class RemoteImageWidget extends WidgetType {
  constructor(
    readonly url: string,
    readonly alt: string,
    readonly width: number | undefined,
  ) {
    super();
  }

  override eq(other: RemoteImageWidget): boolean {
    return other.url === this.url && other.alt === this.alt && other.width === this.width;
  }

  toDOM(): HTMLElement {
    const wrap = document.createElement('span');
    wrap.className = 'cm-lp-embed markdown';
    const image = document.createElement('img');
    image.className = 'attachment-embed';
    image.src = this.url;
    image.alt = this.alt;
    if (this.width !== undefined) image.width = this.width;
    wrap.append(image);
    return wrap;
  }
}

/** `alt|300` → alt and size, as Obsidian reads the text after an embed's target. */
export function altAndSize(text: string): Pick<EmbedRequest, 'alt' | 'width' | 'height'> {
  const parts = text === '' ? [] : text.split('|');
  const last = parts.at(-1);
  const size = last === undefined ? null : parseEmbedSize(last);
  const alt = (size ? parts.slice(0, -1) : parts).join('|').trim();
  return { ...(alt === '' ? {} : { alt }), ...size };
}

/** Shows an embed for `from..to`: instead of the syntax, or after it on the cursor's line. */
export function decorateEmbed(
  c: Collector,
  from: number,
  to: number,
  request: EmbedRequest,
  source: AttachmentSource | null,
): void {
  const resolved = c.state.field(resolvedAttachments, false);
  const attachment = resolved?.get(request.target);
  if (attachment === undefined && source) c.needAttachment(request.target);
  const src = source ? (hash: string) => source.src(hash) : () => '';
  const widget = new EmbedWidget(request, source ? attachment : null, src);
  placeWidget(c, from, to, widget);
}

export function decorateRemoteImage(c: Collector, from: number, to: number, url: string, alt: string): void {
  const { alt: shown, width } = altAndSize(alt);
  placeWidget(c, from, to, new RemoteImageWidget(url, shown ?? '', width));
}

function placeWidget(c: Collector, from: number, to: number, widget: WidgetType): void {
  if (c.revealed(from, to)) c.add(Decoration.widget({ widget, side: 1 }).range(to));
  else c.add(Decoration.replace({ widget }).range(from, to));
}
