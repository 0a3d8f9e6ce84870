import type { ServerResponse } from 'node:http';

/**
 * Sent on every response of the web host (W5): no other window may keep a handle on the app's
 * (COOP), no other site may embed its bytes (CORP), and the page gets no device it never uses.
 * The CSP stays per HTML page (static-files.ts).
 */
export const HOST_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), midi=(), payment=(), display-capture=(), xr-spatial-tracking=()',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function setHostHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(HOST_RESPONSE_HEADERS)) res.setHeader(name, value);
}

/**
 * What a browser gets at the app's address without the launch cookie (W3): words that say where
 * the working link is, and nothing of the vault.
 */
export const LOCKED_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Quire: open the link from the terminal</title></head>
<body>
<h1>Open Quire from the link printed in the terminal</h1>
<p>For your vault's safety this page only opens from the link that <code>npm run web</code> prints
when it starts (it looks like <code>http://127.0.0.1:5177/?key=…</code>). Each start makes a new
link; a link from an earlier start no longer works.</p>
</body>
</html>
`;
