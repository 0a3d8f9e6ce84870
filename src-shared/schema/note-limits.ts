/** Limits enforced at every boundary (router, import, sync). */
export const NOTE_LIMITS = {
  idMaxLength: 64,
  titleMaxLength: 300,
  /** Characters, not bytes: ~1 MB of Markdown is far beyond any hand-written note. */
  bodyMaxLength: 1_000_000,
  tagMaxLength: 100,
  tagsMax: 100,
  // Index keys are padded to maxLength: every extra character here costs bytes per note on disk.
  // An imported vault's nested folders can be long (Linux allows 4,096 bytes per path).
  folderMaxLength: 1024,
  /** One file name on disk: 255 bytes on every common filesystem, so at most 255 characters. */
  fileNameMaxLength: 255,
} as const;
