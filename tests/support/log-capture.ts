import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pino from 'pino';

/**
 * T3 (docs/sync-protocol.md): the whole server suite can run with every server logging at
 * `trace` into one file, while the tests register each secret they use (passwords, tokens, invite
 * codes, cookies, note texts); the file is then searched for all of them.
 *
 * `QUIRE_TEST_LOG_FILE` turns it on: tests/support/sync-server.ts gives in-process servers a
 * trace logger on that file, tests/support/sync-server-process.ts starts processes at trace and
 * appends what they print, and `registerSecret` appends to `<file>.secrets`. Run it all with
 * `npm run test:log-secrets` (this file as a script).
 */

export const LOG_FILE_ENV = 'QUIRE_TEST_LOG_FILE';

export function testLogFile(): string | null {
  return process.env[LOG_FILE_ENV] || null;
}

/** A pino destination appending to the shared log file, or null when the capture is off. */
export function testLogDestination(): pino.DestinationStream | null {
  const file = testLogFile();
  // Synchronous: vitest workers end abruptly, and a buffered tail would be lost.
  return file ? pino.destination({ dest: file, append: true, sync: true }) : null;
}

/** Appends what a server process printed to the shared log file (no-op when the capture is off). */
export function appendServerOutput(chunk: Buffer | string): void {
  const file = testLogFile();
  if (file) fs.appendFileSync(file, chunk);
}

/** Shorter than this, a value is not distinctive enough to search for (a device name, "x"). */
const MIN_SECRET_LENGTH = 8;

/** Records a value no log line may contain; a no-op when the capture is off. */
export function registerSecret(given: string | null | undefined, kind = 'secret'): void {
  let value = given;
  const file = testLogFile();
  if (!file || !value || value.length < MIN_SECRET_LENGTH) return;
  // A multi-megabyte filler ("x" × 4 MB) is no secret text; a long distinctive one is kept by its start.
  if (new Set(value.slice(0, 200)).size < 5) return;
  value = value.slice(0, 2_000);
  fs.appendFileSync(`${file}.secrets`, `${JSON.stringify({ kind, value })}\n`);
}

/**
 * The forms a secret could take in a JSON log line: as is, JSON-escaped (a quote, a newline or a
 * non-ASCII character written as an escape), and a distinctive middle part (a truncated or
 * re-encoded copy still shows it).
 */
export function secretForms(value: string): string[] {
  const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
  const ascii = JSON.stringify(value)
    .slice(1, -1)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  forms.add(ascii);
  if (value.length >= 24)
    forms.add(value.slice(Math.floor(value.length / 2) - 8, Math.floor(value.length / 2) + 8));
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

export interface SecretFinding {
  kind: string;
  /** The secret's first characters only: a report must not spread it further. */
  secret: string;
  line: string;
}

/** Every log line that contains a form of a secret (at most `limit` findings). */
export function findSecrets(
  logText: string,
  secrets: { kind: string; value: string }[],
  limit = 50,
): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const lines = logText.split('\n');
  for (const { kind, value } of secrets) {
    const forms = secretForms(value);
    for (const line of lines) {
      if (forms.some((form) => line.includes(form))) {
        findings.push({ kind, secret: `${value.slice(0, 6)}…`, line: line.slice(0, 400) });
        if (findings.length >= limit) return findings;
        break;
      }
    }
  }
  return findings;
}

export function readSecrets(file: string): { kind: string; value: string }[] {
  if (!fs.existsSync(file)) return [];
  const unique = new Map<string, { kind: string; value: string }>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const entry = JSON.parse(line) as { kind: string; value: string };
    unique.set(entry.value, entry);
  }
  return [...unique.values()];
}

/**
 * `npm run test:log-secrets`: the integration tests of the server at trace into a fresh file,
 * then the search. Exits 1 when a secret is found (or nothing was logged or registered: then the
 * search proved nothing).
 */
function main(): number {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const file = path.resolve(process.argv[2] ?? path.join(root, 'out', 'test-logs', 'server-trace.log'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.secrets`, { force: true });
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'integration', 'tests/server'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, [LOG_FILE_ENV]: file },
  });
  const log = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const secrets = readSecrets(`${file}.secrets`);
  const lines = log.split('\n').filter(Boolean).length;
  console.log(
    `\n${lines} log lines in ${file}; ${secrets.length} registered secrets; tests exited ${run.status}`,
  );
  if (lines === 0 || secrets.length === 0) {
    console.error('Nothing to search: the servers logged nothing, or no test registered a secret.');
    return 1;
  }
  const findings = findSecrets(log, secrets);
  for (const finding of findings) console.error(`${finding.kind} ${finding.secret} in: ${finding.line}`);
  console.log(
    findings.length === 0
      ? 'No registered secret appears in any log line.'
      : `${findings.length} secrets found in the log.`,
  );
  return findings.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  process.exitCode = main();
