import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import cliProgress from 'cli-progress';
import { onExistingSchema, type VaultJob } from '../../../src-shared/api/vault-api';
import { listAttachmentsInput, type AttachmentSummary } from '../../../src-shared/api/attachments-api';
import { describeReason } from '../../../src-shared/errors/reason-words';
import type { Host } from '../../host';
import { CliError, output, parseInput, withHost, type GlobalOptions } from './context';

type Globals = (command: Command) => GlobalOptions;

/** Waits for a job, with a progress bar on a TTY only (none when piped or with --json). */
async function followJob(host: Host, job: VaultJob, options: GlobalOptions): Promise<VaultJob> {
  const vault = host.services.vault;
  const bar =
    process.stderr.isTTY && !options.json
      ? new cliProgress.SingleBar(
          { format: `${job.kind} [{bar}] {value}/{total} files`, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(Math.max(job.filesTotal, 1), job.filesDone);
  const subscription = vault.jobs().subscribe((update) => {
    if (update.jobId !== job.jobId || !bar) return;
    bar.setTotal(Math.max(update.filesTotal, 1));
    bar.update(update.filesDone);
  });
  try {
    return await vault.whenFinished(job.jobId);
  } finally {
    subscription.unsubscribe();
    bar?.stop();
  }
}

function finish(host: Host, job: VaultJob, options: GlobalOptions): void {
  const report = host.services.vault.report({ jobId: job.jobId });
  output(options).result({ job, report }, () =>
    [
      `${job.kind === 'import' ? 'Imported' : 'Exported'} ${job.notes} note(s) and ${job.attachments} attachment(s).`,
      ...report.entries.map(
        (entry) => `  ${entry.kind}\t${entry.path}${entry.keptAs ? ` → ${entry.keptAs}` : ''}`,
      ),
    ].join('\n'),
  );
  if (job.state !== 'done') {
    const reason = job.reason ?? (job.state === 'cancelled' ? 'JOB_CANCELLED' : 'INTERNAL_ERROR');
    throw new CliError(`The ${job.kind} did not finish: ${describeReason(reason)}`, 1, reason);
  }
}

const dirArg = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .transform((dir) => path.resolve(dir));

export function registerVaultCommands(program: Command, globals: Globals): void {
  program
    .command('import <dir>')
    .description('import a folder of Markdown files and attachments')
    .option('--include-hidden', 'also import hidden folders (.obsidian, .git…)')
    .option('--on-existing <mode>', 'skip | update | keep-both', 'skip')
    .action(async (dir: string, raw: unknown, command: Command) => {
      const options = globals(command);
      const input = parseInput(
        z.object({
          dir: dirArg,
          includeHidden: z.boolean().default(false),
          onExisting: z
            .enum(['skip', 'update', 'keep-both'])
            .transform((mode) => onExistingSchema.parse(mode === 'keep-both' ? 'keepBoth' : mode)),
        }),
        { ...(raw as object), dir },
      );
      await withHost(options, async (host) => {
        const job = await followJob(host, await host.services.vault.startImport(input), options);
        finish(host, job, options);
      });
    });

  program
    .command('export <dir>')
    .description('export every note and attachment to a folder')
    .option('--allow-non-empty', 'export into a folder that already holds files')
    .action(async (dir: string, raw: unknown, command: Command) => {
      const options = globals(command);
      const input = parseInput(z.object({ dir: dirArg, allowNonEmpty: z.boolean().default(false) }), {
        ...(raw as object),
        dir,
      });
      await withHost(options, async (host) => {
        const job = await followJob(host, await host.services.vault.startExport(input), options);
        finish(host, job, options);
      });
    });

  program
    .command('attachments')
    .description('list attachments, with the notes that use them')
    .option('--unused', 'only attachments no note links to')
    .action(async (raw: { unused?: boolean }, command: Command) => {
      const options = globals(command);
      const filter = raw.unused ? 'unused' : 'all';
      await withHost(options, async (host) => {
        const items: AttachmentSummary[] = [];
        for (let offset = 0; ;) {
          const page = await host.services.attachments.list(
            parseInput(listAttachmentsInput, { filter, offset, limit: 500 }),
          );
          items.push(...page.items);
          offset += page.items.length;
          if (page.items.length === 0 || offset >= page.total) break;
        }
        output(options).result(items, () =>
          items
            .map(
              (item) =>
                `${item.path}\t${item.size} B\tused by ${item.usedBy.length}${item.local ? '' : '\t(not downloaded)'}`,
            )
            .join('\n'),
        );
      });
    });
}
