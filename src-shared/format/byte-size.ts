/**
 * Byte sizes as people write and read them: "5GB", "500 MB", "1.5gb", "1024". Decimal units
 * (1 GB = 1,000,000,000 bytes), as disks and cloud storage count; one parser and one formatter
 * for the server's settings, the admin CLI and console, and the desktop app's messages.
 */

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
};

/** Sizes above this are refused: they are typos, and past 2^53 they stop being exact numbers. */
export const BYTE_SIZE_MAX = 1e15;

/** Bytes, or null when the text is not a size. */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d{1,15}(?:\.\d{1,6})?)\s*([kmgt]?b)?\s*$/i.exec(text);
  if (!match) return null;
  const unit = UNITS[(match[2] ?? 'b').toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.round(Number(match[1]) * unit);
  return Number.isSafeInteger(bytes) && bytes <= BYTE_SIZE_MAX ? bytes : null;
}

/** "1.0 GB", "512 MB", "12 KB", "900 B": one decimal below 10 of a unit, none above. */
export function formatByteSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return `${Math.max(0, Math.round(bytes || 0))} B`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'] as const;
  let value = bytes;
  let index = -1;
  while (value >= 1000 && index < units.length - 1) {
    value /= 1000;
    index += 1;
  }
  // Rounding 999.95 up to "1000.0 MB" would read wrong: step up a unit instead.
  if (value >= 999.95 && index < units.length - 1) {
    value /= 1000;
    index += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[index]}`;
}
