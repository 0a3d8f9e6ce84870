import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from '../../src-shared/format/byte-size';

describe('byte sizes', () => {
  it.each([
    ['5GB', 5e9],
    ['500 MB', 5e8],
    ['1.5gb', 1.5e9],
    ['1024', 1024],
    ['12 kb', 12_000],
    ['0', 0],
  ])('parses %s', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', 'GB', '-1GB', '5 GiB', '1e9', '5 XB', '9999999999 TB'])('refuses %j', (text) => {
    expect(parseByteSize(text)).toBeNull();
  });

  it.each([
    [1e9, '1.0 GB'],
    [999, '999 B'],
    [512e6, '512 MB'],
    [999.96e6, '1.0 GB'],
    [12_345, '12 KB'],
    [2.5e12, '2.5 TB'],
  ])('formats %d as %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });
});
