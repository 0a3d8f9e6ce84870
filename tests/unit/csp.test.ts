import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererContentSecurityPolicy } from '../../src-shared/security/csp';
import { contentSecurityPolicy } from '../../src-main/web/static-files';

describe('renderer Content-Security-Policy', () => {
  it('the <meta> tag of index.html is the shared policy (with the dev/web WebSocket sources)', () => {
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../src-renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(
      rendererContentSecurityPolicy({ connectSources: ['ws://127.0.0.1:*', 'ws://localhost:*'] }),
    );
  });

  it('never allows inline or remote scripts, plugins or frames', () => {
    const policy = contentSecurityPolicy('ws://127.0.0.1:5177');
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/script-src[^;]*(unsafe|https?:)/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("connect-src 'self' ws://127.0.0.1:5177;");
  });
});
