import { passwordSchema } from '../../src-shared/sync/account';
import { CliUsageError } from './cli-errors';

/**
 * A password for `admin create`, `users create` and `users reset-password`: typed at a prompt
 * that does not echo when stdin is a terminal (twice, to catch a typo), else the first line of
 * stdin, so a script can pipe it (`printf '%s\n' "$PW" | npm run server -- admin create …`).
 * Never an argument: those end up in shell history and `ps`.
 */

const STDIN_MAX = 4096;

function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let typed = '';
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    const done = (error: Error | null): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done(null);
        if (char === '\u0003') return done(new CliUsageError('cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (typed.length < STDIN_MAX) typed += char;
      }
    };
    stdin.on('data', onData);
  });
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin as AsyncIterable<Buffer | string>) {
    text += chunk.toString();
    if (text.includes('\n') || text.length > STDIN_MAX) break;
  }
  process.stdin.pause();
  const line = text.split(/\r?\n/)[0] ?? '';
  if (!line)
    throw new CliUsageError('no password: type one at the prompt, or give it as the first line of stdin');
  return line;
}

export async function readNewPassword(): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await promptHidden('New password: ');
    const again = await promptHidden('Again: ');
    if (again !== password) throw new CliUsageError('the two passwords differ');
  } else {
    password = await firstLineOfStdin();
  }
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success)
    throw new CliUsageError(`password: ${parsed.error.issues[0]?.message ?? 'not allowed'}`);
  return parsed.data;
}
