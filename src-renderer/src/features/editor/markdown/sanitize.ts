import createDOMPurify from 'dompurify';
import { ATTACHMENT_URL_PATTERN } from '../../../../../src-shared/attachments/attachment-url';

/**
 * Markdown notes may embed raw HTML, and notes can arrive from anywhere (sync, import, paste), so
 * everything the preview shows passes through here. The policy: text formatting, links, images,
 * tables, and players for the vault's own audio and video. Nothing that runs code, loads a
 * document, submits data or restyles the app.
 */
const FORBIDDEN_TAGS = [
  'style',
  'link',
  'meta',
  'base',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'button',
  'textarea',
  'select',
  'option',
  'optgroup',
  'fieldset',
  'dialog',
  'track',
  'picture',
  'canvas',
  'map',
  'area',
  'marquee',
];

// `style` could restyle or overlay the app; `id`/`name` could clobber globals or spoof anchors.
const FORBIDDEN_ATTRIBUTES = ['style', 'id', 'name', 'srcset', 'action', 'formaction', 'target', 'ping'];

/** Classes are kept only when they are ours or a code-fence language, so a note cannot borrow app styles. */
const ALLOWED_CLASS =
  /^(?:language-[\w+#.-]+|tok-[a-zA-Z]+|code-block|wikilink|is-unresolved|tag-chip|attachment-(?:embed|link)|is-(?:pending|missing|downloading|cycle)|attachment-card(?:-name|-meta|-open)?|note-embed(?:-header|-title|-body|-more)?)$/;

/** Media elements keep these and nothing else: no autoplay, loop, poster, srcset, handlers… */
const MEDIA_TAGS = new Set(['IMG', 'AUDIO', 'VIDEO', 'SOURCE']);
const MEDIA_ATTRIBUTES = new Set(['src', 'controls', 'width', 'height', 'alt', 'title', 'preload', 'class']);
const PLAYERS = new Set(['AUDIO', 'VIDEO', 'SOURCE']);
const TEXT_BLOCKS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'TD',
  'TH',
  'DT',
  'DD',
]);

/** Keeps only the attributes a media element needs; players may play the vault's attachments only. */
function sanitizeMedia(node: Element): void {
  for (const name of node.getAttributeNames()) {
    if (!MEDIA_ATTRIBUTES.has(name)) node.removeAttribute(name);
  }
  for (const name of ['width', 'height']) {
    if (!/^\d{1,5}$/.test(node.getAttribute(name) ?? '0')) node.removeAttribute(name);
  }
  const preload = node.getAttribute('preload');
  if (preload !== null && preload !== 'none' && preload !== 'metadata') node.removeAttribute('preload');
  if (!PLAYERS.has(node.tagName)) return;
  const src = node.getAttribute('src');
  if (src !== null && !ATTACHMENT_URL_PATTERN.test(src)) node.removeAttribute('src');
  // A player without visible controls could play sound the user cannot stop.
  if (node.tagName !== 'SOURCE') node.setAttribute('controls', '');
}

function createSanitizer(): (html: string) => string {
  // A private instance: hooks added to the default export would leak into every other user of it.
  const purify = createDOMPurify(window);

  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    // DOMPurify's URL check does not know the attachment scheme; exactly our URLs pass it.
    if (
      (data.attrName === 'src' || data.attrName === 'href') &&
      ATTACHMENT_URL_PATTERN.test(data.attrValue)
    ) {
      data.forceKeepAttr = true;
      return;
    }
    if (data.attrName !== 'class') return;
    const kept = data.attrValue
      .split(/\s+/)
      .filter((name) => ALLOWED_CLASS.test(name))
      .join(' ');
    data.attrValue = kept;
    data.keepAttr = kept !== '';
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    if (MEDIA_TAGS.has(node.tagName)) sanitizeMedia(node);
    // Each paragraph takes its direction from its own first strong character: RTL text reads right.
    if (TEXT_BLOCKS.has(node.tagName) && !node.hasAttribute('dir')) node.setAttribute('dir', 'auto');
    switch (node.tagName) {
      case 'A': {
        const href = node.getAttribute('href');
        // Our wikilinks always point at "#". On a note's own <a href="https://…"> these would make
        // a click open a note (or a made-up id) while the link shows an outside address.
        if (href !== '#') {
          node.removeAttribute('data-wikilink');
          node.removeAttribute('data-note-id');
          node.removeAttribute('data-heading');
        }
        // Wikilinks and in-page anchors stay in the app; everything else opens outside it.
        if (href !== null && !node.hasAttribute('data-wikilink') && !href.startsWith('#')) {
          node.setAttribute('target', '_blank');
          node.setAttribute('rel', 'noopener noreferrer');
        }
        break;
      }
      case 'IMG':
        node.setAttribute('loading', 'lazy');
        node.setAttribute('referrerpolicy', 'no-referrer');
        break;
      case 'INPUT':
        // GFM task lists render checkboxes; any other input is a form control in disguise. Only a
        // task the render placed (with its source offset) may be ticked, and the preview checks
        // the offset against that render's tasks before it changes any text.
        if (node.getAttribute('type') !== 'checkbox') node.remove();
        else if (!/^\d{1,9}$/.test(node.getAttribute('data-task') ?? '')) {
          node.removeAttribute('data-task');
          node.setAttribute('disabled', '');
        }
        break;
    }
  });

  const sanitize = (html: string): string =>
    purify.sanitize(html, {
      USE_PROFILES: { html: true },
      FORBID_TAGS: FORBIDDEN_TAGS,
      FORBID_ATTR: FORBIDDEN_ATTRIBUTES,
      ALLOW_DATA_ATTR: false,
      // data-tag: an inline #tag chip's tag (a click filters the list by it);
      // data-line: a block's source line (scroll sync); data-task: a task box's source offset;
      // data-language: a code block's language, shown in its corner.
      ADD_ATTR: [
        'data-wikilink',
        'data-note-id',
        'data-heading',
        'data-tag',
        'data-line',
        'data-task',
        'data-language',
      ],
      ALLOW_UNKNOWN_PROTOCOLS: false,
    });

  // DOMPurify returns its input untouched where it thinks the DOM is unsupported, and some DOM
  // emulations fool it into keeping everything. Prove it works here, or show notes as plain text.
  // (No inline handler in the probe: merely parsing one makes Chromium log a CSP violation.)
  const probe = sanitize(
    '<p style="x"><script>1</script><form><button>b</button></form><a href="javascript:1">a</a></p>',
  );
  if (!purify.isSupported || /<script|<form|<button|style=|javascript:/i.test(probe)) {
    console.error(
      'Quire: the HTML sanitiser does not work in this environment; the preview shows plain text.',
    );
    return escapeAll;
  }
  return sanitize;
}

/** Tags dropped, entities kept (they are already escaped text), any stray angle bracket escaped. */
function escapeAll(html: string): string {
  const text = html.replace(/<[^>]*>/g, '').replace(/[<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<pre>${text}</pre>`;
}

let sanitizer: ((html: string) => string) | undefined;

/** Sanitises preview HTML. Built on first use so importing this module needs no DOM. */
export function sanitizeHtml(html: string): string {
  sanitizer ??= createSanitizer();
  return sanitizer(html);
}
