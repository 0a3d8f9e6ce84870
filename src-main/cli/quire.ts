import { Command, CommanderError, Option } from 'commander';
import { describeFailure, globalOptionsSchema, parseInput, type GlobalOptions } from './quire/context';
import { registerNoteCommands } from './quire/notes-commands';
import { registerSyncCommands } from './quire/sync-commands';
import { registerVaultCommands } from './quire/vault-commands';

/** `quire`: the vault from a terminal, on the same host core as the app. Exit 0 ok, 1 failed, 2 bad usage. */
function buildProgram(): Command {
  const program = new Command('quire')
    .description('Quire from the command line')
    .version('0.1.0')
    .option('--vault <dir>', 'the vault data directory (default: the app’s; env QUIRE_VAULT)')
    .option('--json', 'machine-readable output on stdout')
    .addOption(
      new Option('--secrets <where>', 'where the sync sign-in is kept')
        .choices(['auto', 'keychain', 'file'])
        .default('auto'),
    )
    .exitOverride()
    .showHelpAfterError('(run `quire --help` for usage)');
  const globals = (command: Command): GlobalOptions =>
    parseInput(globalOptionsSchema, command.optsWithGlobals());
  registerVaultCommands(program, globals);
  registerNoteCommands(program, globals);
  registerSyncCommands(program, globals);
  // Every subcommand exits through the same override, so usage errors become exit 2.
  const override = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes('--json');
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; commander has printed the usage error already.
      return error.exitCode === 0 ? 0 : 2;
    }
    const failure = describeFailure(error);
    process.stderr.write(`quire: ${failure.message}\n`);
    if (wantsJson)
      process.stdout.write(
        `${JSON.stringify({ error: { reason: failure.reason, message: failure.message } })}\n`,
      );
    return failure.exitCode;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
