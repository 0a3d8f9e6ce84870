import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './support/fixtures';
import { connectToHost } from './support/host-client';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
/** One second of 8 kHz, 8-bit mono silence: the smallest sound every Chromium decodes. */
function silentWav(): Buffer {
  const samples = 8000;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 128)]);
}

// Script and a handler that would show a dialog if either ever ran.
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" onload="alert(\'svg onload\')">' +
  '<script>alert("svg script")</script><rect width="20" height="10" fill="red"/></svg>';

test('an imported note shows its images and plays its sound from the vault; an SVG never runs its script', async ({
  app,
  host,
  page,
}) => {
  const alerts: string[] = [];
  page.on('dialog', (dialog) => {
    alerts.push(dialog.message());
    void dialog.dismiss();
  });

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-attachments-'));
  try {
    fs.mkdirSync(path.join(folder, 'assets', 'with space'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'assets', 'pixel.png'), PNG);
    fs.writeFileSync(path.join(folder, 'assets', 'with space', 'second pixel.png'), PNG);
    fs.writeFileSync(path.join(folder, 'drawing.svg'), SVG);
    fs.writeFileSync(path.join(folder, 'silence.wav'), silentWav());
    fs.writeFileSync(
      path.join(folder, 'Gallery.md'),
      '# Gallery\n\n![[pixel.png|40]]\n\n![second](assets/with%20space/second%20pixel.png)\n\n![[drawing.svg]]\n\n![[absent.png]]\n\n![[silence.wav]]\n',
    );

    const client = connectToHost(host);
    try {
      const job = await client.api.vault.startImport.mutate({ dir: folder });
      await expect
        .poll(async () => (await client.api.vault.job.query({ jobId: job.jobId })).state, { timeout: 20_000 })
        .toBe('done');
    } finally {
      await client.close();
    }

    await app.openNote('Gallery');
    await app.openPreview();
    const images = app.preview.locator('img.attachment-embed');
    await expect(images).toHaveCount(3);
    for (const image of await images.all()) {
      await expect(image).toHaveAttribute('src', /^\/attachments\/[0-9a-f]{64}$/);
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    }
    await expect(images.first()).toHaveAttribute('width', '40');
    await expect(app.preview).toContainText('absent.png is not in this vault');
    // The player reads the file's header through the media CSP and the byte route.
    const audio = app.preview.locator('audio.attachment-embed');
    await expect(audio).toHaveAttribute('controls', '');
    await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => Math.round(el.duration))).toBe(1);

    // Opened on its own, the SVG is a document of the app's origin: its CSP still runs nothing.
    const svgUrl = new URL((await images.nth(2).getAttribute('src'))!, host.url).toString();
    const direct = await page.context().newPage();
    direct.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    const response = await direct.goto(svgUrl);
    expect(response?.headers()['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    await expect(direct.locator('rect')).toHaveCount(1);
    await direct.close();
    expect(alerts).toEqual([]);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
