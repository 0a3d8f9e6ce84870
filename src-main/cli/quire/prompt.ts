import readline from 'node:readline';
import { CliError, readStdin, stdinIsTty } from './context';

/** The password: typed at a hidden prompt on a TTY, or the first line of piped stdin. Never an argument. */
export async function readPassword(label = 'Password: '): Promise<string> {
  if (!stdinIsTty()) {
    const line = (await readStdin()).split(/\r?\n/)[0] ?? '';
    if (line === '') throw new CliError('No password on stdin.', 2, 'INVALID_INPUT');
    return line;
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Echo nothing but the label while the password is typed.
  const writable = rl as unknown as { _writeToOutput: (text: string) => void };
  let asked = false;
  writable._writeToOutput = (text: string) => {
    if (!asked) {
      asked = true;
      process.stderr.write(text);
    }
  };
  try {
    const answer = await new Promise<string>((resolve) => rl.question(label, resolve));
    process.stderr.write('\n');
    if (answer === '') throw new CliError('No password given.', 2, 'INVALID_INPUT');
    return answer;
  } finally {
    rl.close();
  }
}
