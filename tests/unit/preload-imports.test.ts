import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../src-shared/ipc/ipc-channels';
import { IPC_CHANNELS as FROM_PROTOCOL } from '../../src-shared/ipc/ipc-protocol';

/**
 * The preload runs in every page and is bundled whole (electron-vite, `externalizeDeps: false`),
 * so whatever it imports at run time ships with it. It must stay the bridge and nothing else:
 * `electron` plus the zod-free channel names. A runtime import of ipc-protocol.ts would bundle zod.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(ROOT, 'src-preload/index.ts');

/** Module specifiers a file imports or re-exports at run time (`import type`/`export type` are erased). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      const [specifier] = node.arguments;
      found.push(specifier && ts.isStringLiteral(specifier) ? specifier.text : '<computed>');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  const candidate = [base, `${base}.ts`, path.join(base, 'index.ts')].find(
    (file) => fs.existsSync(file) && fs.statSync(file).isFile(),
  );
  if (!candidate) throw new Error(`${path.relative(ROOT, from)}: cannot resolve ${specifier}`);
  return candidate;
}

/** Every file the preload bundle is made of, and every package it asks for. */
function preloadGraph(): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [ENTRY];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) pending.push(resolveRelative(file, specifier));
      else packages.add(specifier);
    }
  }
  return {
    files: [...files].map((file) => path.relative(ROOT, file)).sort(),
    packages: [...packages].sort(),
  };
}

describe('the preload bundle', () => {
  it('imports only electron and the zod-free channel names at run time', () => {
    expect(preloadGraph()).toEqual({
      files: ['src-preload/index.ts', 'src-shared/ipc/ipc-channels.ts'],
      packages: ['electron'],
    });
  });

  it('takes the channel names from the shared module, which the protocol re-exports', () => {
    expect(FROM_PROTOCOL).toBe(IPC_CHANNELS);
    expect(Object.values(IPC_CHANNELS).every((channel) => channel.startsWith('quire:'))).toBe(true);
    expect(runtimeImports(ENTRY)).toContain('../src-shared/ipc/ipc-channels');
  });
});
