import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { envSchema, parseConfig } from '../../sync-server/config';
import {
  BEGIN_MARKER,
  configVariables,
  END_MARKER,
  README_PATH,
  renderConfigTable,
  withConfigTable,
} from '../../sync-server/config-reference';

describe('the configuration reference in sync-server/README.md', () => {
  it('is the table generated from the schema (run `npm run docs:config` when this fails)', async () => {
    const readme = fs.readFileSync(README_PATH, 'utf8');
    const block = readme.slice(
      readme.indexOf(BEGIN_MARKER) + BEGIN_MARKER.length,
      readme.indexOf(END_MARKER),
    );
    expect(block.trim()).toBe(await renderConfigTable());
    expect(await withConfigTable(readme)).toBe(readme);
  });

  it('has one row per variable the server reads, each described', async () => {
    const table = await renderConfigTable();
    const keys = Object.keys(envSchema.shape);
    expect(keys.length).toBeGreaterThan(30);
    expect(configVariables().map((variable) => variable.name)).toEqual(keys);
    for (const key of keys) expect(table).toMatch(new RegExp(`^\\| \`${key}\` +\\|`, 'm'));
  });

  it('refuses a variable without a description', () => {
    const schema = z.object({ DESCRIBED: z.string().meta({ description: 'yes' }), BARE: z.string() });
    expect(() => configVariables(schema)).toThrow(/describe BARE/);
  });

  it('documents defaults and values the server accepts', () => {
    for (const variable of configVariables()) {
      const samples = [...(variable.default === null ? [] : [variable.default]), ...(variable.values ?? [])];
      for (const value of samples) {
        // A bucket named, as BLOB_STORE=s3 requires; it changes nothing for the others.
        const result = parseConfig({ S3_BUCKET: 'quire', [variable.name]: value });
        expect(result.ok ? 'ok' : result.problems.join('; '), `${variable.name}=${value}`).toBe('ok');
      }
    }
  });

  it('the example deployment sets only variables the server reads, each to a value it accepts', () => {
    const deploy = path.resolve(import.meta.dirname, '../../sync-server/deploy');
    const compose = z
      .object({ services: z.object({ server: z.object({ environment: z.record(z.string(), z.string()) }) }) })
      .parse(parseYaml(fs.readFileSync(path.join(deploy, 'compose.yaml'), 'utf8')));
    const keys = Object.keys(envSchema.shape);
    const environment = compose.services.server.environment;
    expect(Object.keys(environment).filter((key) => !keys.includes(key))).toEqual([]);
    // Each `${VAR:-default}` as compose fills it with an empty .env, plus the required password.
    const filled = Object.fromEntries(
      Object.entries(environment).map(([key, value]) => [
        key,
        value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*)|:\?[^}]*)\}/g, (_, name: string, fallback?: string) =>
          name === 'POSTGRES_PASSWORD' ? 'secret' : (fallback ?? ''),
        ),
      ]),
    );
    const result = parseConfig(filled);
    expect(result.ok ? 'ok' : result.problems.join('; ')).toBe('ok');
    const example = fs.readFileSync(path.join(deploy, 'env.example'), 'utf8');
    for (const [, name] of example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm))
      if (name !== 'POSTGRES_PASSWORD') expect(keys, name).toContain(name);
  });

  it('fails loudly when the markers are gone', async () => {
    await expect(withConfigTable('# README without the markers\n')).rejects.toThrow(/markers/);
  });
});
