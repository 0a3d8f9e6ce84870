/**
 * Attachment links as notes write them, and how they resolve to a vault path, following
 * Obsidian: `![[image.png]]`, `![[image.png|300]]`, `[[file.pdf]]`, `![alt](relative/path%20x.png)`.
 * Runtime-neutral: the host counts which notes use an attachment, the preview resolves embeds.
 */

const WIKI_EMBED = /!?\[\[([^\][|#^\n]+)(?:[#^][^\]|\n]*)?(?:\|[^\]\n]*)?\]\]/g;
const MARKDOWN_LINK = /!?\[[^\]\n]*\]\(\s*(<[^>\n]+>|[^)\s]+)(?:\s+"[^"\n]*")?\s*\)/g;
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/** The link targets of a note's text that could name an attachment (not URLs, not anchors). */
export function attachmentTargets(body: string): string[] {
  const targets = new Set<string>();
  for (const match of body.matchAll(WIKI_EMBED)) {
    const target = match[1]!.trim();
    // A wikilink without an extension names a note, not a file.
    if (/\.[^./]+$/.test(target) && !/\.md$/i.test(target)) targets.add(target);
  }
  for (const match of body.matchAll(MARKDOWN_LINK)) {
    let target = match[1]!.trim();
    if (target.startsWith('<')) target = target.slice(1, -1);
    if (EXTERNAL.test(target) || target.startsWith('#')) continue;
    target = target.replace(/[?#].*$/, '');
    if (target !== '' && !/\.md$/i.test(safeDecode(target))) targets.add(target);
  }
  return [...targets];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `a/./b/../c` → `a/c`; null when it climbs above the vault root. */
function normalizePath(parts: string[]): string | null {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/**
 * The vault path a target names, from a note in `fromFolder`: the exact path relative to the
 * note's folder, then the exact vault path, then the shortest path ending with the target
 * (case-sensitive first, then ignoring case). Null when nothing matches.
 */
export function resolveAttachmentTarget(
  paths: readonly string[],
  fromFolder: string,
  rawTarget: string,
): string | null {
  const target = safeDecode(rawTarget.trim()).replace(/^\/+/, '');
  if (target === '') return null;
  const known = new Set(paths);
  const relative = normalizePath([...fromFolder.split('/'), ...target.split('/')]);
  if (relative !== null && known.has(relative)) return relative;
  const absolute = normalizePath(target.split('/'));
  if (absolute === null) return null;
  if (known.has(absolute)) return absolute;
  for (const fold of [false, true]) {
    const wanted = fold ? absolute.toLowerCase() : absolute;
    const matches = paths.filter((candidate) => {
      const name = fold ? candidate.toLowerCase() : candidate;
      return name === wanted || name.endsWith(`/${wanted}`);
    });
    if (matches.length === 0) continue;
    // Shortest first; among equally short, the first by path, so every device picks the same one.
    matches.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
    return matches[0]!;
  }
  return null;
}
