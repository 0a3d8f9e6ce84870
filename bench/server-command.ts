import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The server as `npm run server` starts it: scripts/build-server.mjs, then Node with the
 * script's own flags on out/server/main.mjs. Benchmarks measure that server, not a test build.
 */
export function serverCommand(bench: string): { build: string[]; nodeArgs: string[]; entry: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = pkg.scripts.server ?? '';
  const match = /^node (scripts\/build-server\.mjs) && node ((?:--\S+ )*)(out\/server\/main\.mjs)$/.exec(
    script,
  );
  if (!match?.[1] || match[2] === undefined || !match[3]) {
    throw new Error(`${bench} does not know how to run the "server" script: ${script}`);
  }
  return {
    build: [path.join(root, match[1])],
    nodeArgs: match[2].split(' ').filter(Boolean),
    entry: path.join(root, match[3]),
  };
}

/** Runs the server's build script once, before the bench starts the server. */
export function buildServer(command: { build: string[] }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, command.build, { stdio: ['ignore', 'inherit', 'inherit'] });
    build.on('error', reject);
    build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`server build failed (${code})`))));
  });
}
