import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { systemScheduler } from '../../clock';
import { createHost, DataDirLockedError, type Host } from '../../host';
import { QuireError } from '../../errors';
import { defaultDataDir } from '../../vault/default-data-dir';
import { createFileSecretStore } from '../../secrets/file-secret-store';
import { createKeytarSecretStore, secretStoreAnswers, type SecretStore } from '../../secrets/secret-store';
import { describeReason } from '../../../src-shared/errors/reason-words';
import type { FailureReason } from '../../../src-shared/errors/reasons';

/**
 * A failure the CLI reports in its own, more specific words (naming the vault, listing the
 * candidates), with the reason `--json` gives scripts; `exitCode` 2 is bad usage, 1 anything else.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly reason: FailureReason,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const globalOptionsSchema = z.object({
  vault: z.string().trim().min(1).max(4096).optional(),
  json: z.boolean().default(false),
  secrets: z.enum(['auto', 'keychain', 'file']).default('auto'),
});
export type GlobalOptions = z.infer<typeof globalOptionsSchema>;

/** Parses a command's input with zod; a refusal is bad usage (exit 2). */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const words = parsed.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new CliError(words, 2, 'INVALID_INPUT');
}

export function vaultDir(options: GlobalOptions): string {
  return path.resolve(options.vault ?? process.env.QUIRE_VAULT ?? defaultDataDir());
}

export const SECRETS_FILE = 'cli-secrets.json';

/**
 * The sync token must outlive one invocation: the OS keychain when it answers, else a 0600 file in
 * the vault's data dir. A file already there wins, so a token kept in it is found again.
 */
async function chooseSecrets(dataDir: string, mode: GlobalOptions['secrets']): Promise<SecretStore> {
  const file = path.join(dataDir, SECRETS_FILE);
  if (mode === 'file') return createFileSecretStore(file);
  const keychain = createKeytarSecretStore();
  if (mode === 'keychain') return keychain;
  if (fs.existsSync(file)) return createFileSecretStore(file);
  return (await secretStoreAnswers(keychain, { scheduler: systemScheduler, timeoutMs: 2_000 }))
    ? keychain
    : createFileSecretStore(file);
}

/** Opens the vault for one command and always closes it (releasing the lock). */
export async function withHost<T>(options: GlobalOptions, run: (host: Host) => Promise<T>): Promise<T> {
  const dataDir = vaultDir(options);
  let host: Host;
  try {
    host = await createHost({
      dataDir,
      runtime: 'cli',
      secrets: await chooseSecrets(dataDir, options.secrets),
      deviceName: `${os.hostname()} (cli)`,
      // Plain words on stderr are the CLI's output; the log stays quiet unless asked for.
      logger: pino({ level: process.env.QUIRE_LOG_LEVEL ?? 'silent' }, pino.destination(2)),
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new CliError(
        `The vault at ${dataDir} is open in Quire. Close the app, or pick another vault with --vault.`,
        1,
        'VAULT_LOCKED',
      );
    }
    throw error;
  }
  try {
    const result = await run(host);
    await host.flush();
    return result;
  } finally {
    await host.close();
  }
}

/** Words for any failure: a QuireError by its reason, a CliError as it is, else the message. */
export function describeFailure(error: unknown): {
  message: string;
  exitCode: 1 | 2;
  reason: FailureReason;
} {
  if (error instanceof CliError)
    return { message: error.message, exitCode: error.exitCode, reason: error.reason };
  if (error instanceof QuireError) {
    return {
      message: describeReason(error.reason),
      exitCode: error.reason === 'INVALID_INPUT' ? 2 : 1,
      reason: error.reason,
    };
  }
  // Not an expected failure: the words say so, and the detail goes to the log, not the terminal.
  return { message: describeReason('INTERNAL_ERROR'), exitCode: 1, reason: 'INTERNAL_ERROR' };
}

export interface Output {
  json: boolean;
  /** The command's result: JSON on stdout with --json, else the given lines. */
  result(value: unknown, text: () => string): void;
  /** Remarks for a person (stderr), never mixed into the machine-readable stdout. */
  note(words: string): void;
}

export function output(options: GlobalOptions): Output {
  return {
    json: options.json,
    result(value, text) {
      if (options.json) process.stdout.write(`${JSON.stringify(value)}\n`);
      else {
        const lines = text();
        if (lines !== '') process.stdout.write(lines.endsWith('\n') ? lines : `${lines}\n`);
      }
    },
    note: (words) => process.stderr.write(`${words}\n`),
  };
}

/** At most this much from stdin: the largest note (1,000,000 characters) in UTF-8, with room. */
const STDIN_MAX_BYTES = 4_100_000;

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > STDIN_MAX_BYTES)
      throw new CliError('The text on stdin is too long for a note.', 1, 'DOCUMENT_TOO_LARGE');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const stdinIsTty = (): boolean => process.stdin.isTTY === true;
