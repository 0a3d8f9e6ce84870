import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { folderSchema, noteTitleSchema } from '../../../src-shared/schema/note';
import { SEARCH_QUERY_MAX, type NoteWriteResult } from '../../../src-shared/api/notes-api';
import { fillPlaceholders } from '../../../src-shared/markdown/placeholders';
import { normalizeTagFilter, tagMatches } from '../../../src-shared/markdown/inline-tags';
import type { Host } from '../../host';
import type { NoteVersion } from '../../../src-shared/api/notes-api';
import { CliError, output, parseInput, readStdin, stdinIsTty, withHost, type GlobalOptions } from './context';
import { allNotes, notePath, resolveNote } from './resolve-note';

type Globals = (command: Command) => GlobalOptions;

const noteArg = z.string().min(1).max(2048);

function mergeWords(result: NoteWriteResult): string | null {
  if (!result.merge) return null;
  return result.merge.conflicted
    ? 'The note had changed meanwhile: both versions are kept between conflict markers; review it.'
    : 'The note had changed meanwhile: the changes were merged.';
}

async function replaceBody(host: Host, note: NoteVersion, body: string): Promise<NoteWriteResult> {
  return host.services.notes.update({ id: note.id, base: note, body });
}

export function registerNoteCommands(program: Command, globals: Globals): void {
  program
    .command('list')
    .description('list notes (newest first)')
    .option('--folder <folder>', 'only this folder (exact)')
    .option('--tag <tag>', 'only notes with this tag or one nested under it (any case)')
    .option('--trash', 'list the trash instead')
    .action(async (raw: unknown, command: Command) => {
      const options = globals(command);
      const input = parseInput(
        z.object({
          folder: folderSchema.optional(),
          tag: z.string().min(1).max(100).transform(normalizeTagFilter).optional(),
          trash: z.boolean().default(false),
        }),
        raw,
      );
      await withHost(options, async (host) => {
        const items = (
          await allNotes(host.services.notes, input.trash ? 'trash' : 'notes', input.folder)
        ).filter((note) => !input.tag || note.tags.some((tag) => tagMatches(tag, input.tag ?? '')));
        output(options).result(items, () =>
          items
            .map((note) => [note.id, notePath(note), ...note.tags.map((tag) => `#${tag}`)].join('\t'))
            .join('\n'),
        );
      });
    });

  program
    .command('show <note>')
    .description("print a note's text exactly (NOTE: id, path or title)")
    .action(async (given: string, _raw: unknown, command: Command) => {
      const options = globals(command);
      const ref = parseInput(noteArg, given);
      await withHost(options, async (host) => {
        const note = await resolveNote(host.services.notes, ref);
        if (options.json) output(options).result(note, () => '');
        else process.stdout.write(note.body);
      });
    });

  program
    .command('new')
    .description('create a note; its text comes from stdin when piped')
    .requiredOption('--title <title>', 'the title')
    .option('--template <name>', 'start from a template (id or name)')
    .option('--folder <folder>', 'the folder', '')
    .action(async (raw: unknown, command: Command) => {
      const options = globals(command);
      const input = parseInput(
        z.object({
          title: noteTitleSchema.pipe(z.string().min(1)),
          template: z.string().min(1).max(200).optional(),
          folder: folderSchema,
        }),
        raw,
      );
      const piped = stdinIsTty() ? '' : await readStdin();
      await withHost(options, async (host) => {
        let body = piped;
        if (input.template !== undefined) {
          const { templates, clock } = host.createContext();
          const wanted = input.template.toLowerCase();
          const info = templates
            .list()
            .find((t) => t.id.toLowerCase() === wanted || t.name.toLowerCase() === wanted);
          if (!info) {
            const names = templates
              .list()
              .map((t) => `  ${t.id}  (${t.name})`)
              .join('\n');
            throw new CliError(
              `No template is called "${input.template}". Templates:\n${names}`,
              1,
              'TEMPLATE_NOT_FOUND',
            );
          }
          // Piped text follows the template's, as if typed into the new note.
          const filled = fillPlaceholders(templates.get(info.id).body, {
            title: input.title,
            now: new Date(clock.now()),
          });
          body = piped === '' ? filled : `${filled}${filled.endsWith('\n') ? '' : '\n'}${piped}`;
        }
        const note = await host.services.notes.create({ title: input.title, body, folder: input.folder });
        output(options).result(note, () => note.id);
      });
    });

  program
    .command('write <note>')
    .description("replace a note's text with stdin")
    .action(async (given: string, _raw: unknown, command: Command) => {
      const options = globals(command);
      const ref = parseInput(noteArg, given);
      if (stdinIsTty())
        throw new CliError(
          'Pipe the new text into `quire write`, e.g. `quire write NOTE < file.md`.',
          2,
          'INVALID_INPUT',
        );
      const body = await readStdin();
      await withHost(options, async (host) => {
        const result = await replaceBody(host, await resolveNote(host.services.notes, ref), body);
        const words = mergeWords(result);
        if (words) output(options).note(words);
        output(options).result(result, () => '');
      });
    });

  program
    .command('edit <note>')
    .description('edit a note in $EDITOR (or $VISUAL); saved when the editor exits')
    .action(async (given: string, _raw: unknown, command: Command) => {
      const options = globals(command);
      const ref = parseInput(noteArg, given);
      await withHost(options, async (host) => {
        const note = await resolveNote(host.services.notes, ref);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-edit-'));
        try {
          const safe = note.title.replace(/[^\p{L}\p{N} _-]/gu, '_').slice(0, 80) || 'note';
          const file = path.join(dir, `${safe}.md`);
          fs.writeFileSync(file, note.body, { mode: 0o600 });
          const editor = process.env.EDITOR || process.env.VISUAL || 'vi';
          // Like git: the editor setting may carry arguments ("code --wait"), the path is quoted.
          const run =
            process.platform === 'win32'
              ? spawnSync(`${editor} "${file}"`, { stdio: 'inherit', shell: true })
              : spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
          if (run.error || run.status !== 0) {
            throw new CliError(
              `The editor (${editor}) did not finish cleanly; nothing was saved.`,
              1,
              'EDITOR_FAILED',
            );
          }
          const edited = fs.readFileSync(file, 'utf8');
          if (edited === note.body) {
            output(options).note('No changes.');
            output(options).result({ note, merge: null, changed: false }, () => '');
            return;
          }
          const result = await replaceBody(host, note, edited);
          const words = mergeWords(result);
          if (words) output(options).note(words);
          output(options).result({ ...result, changed: true }, () => '');
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    });

  program
    .command('search <query>')
    .description('full-text search')
    .option('--limit <n>', 'at most this many results', '50')
    .action(async (query: string, raw: { limit: string }, command: Command) => {
      const options = globals(command);
      const input = parseInput(
        z.object({
          query: z.string().trim().min(1).max(SEARCH_QUERY_MAX),
          limit: z.coerce.number().int().min(1).max(100),
        }),
        { query, limit: raw.limit },
      );
      await withHost(options, async (host) => {
        await host.flush();
        // flush() waited for the index, so this is the complete answer, never a rebuild's.
        const { hits } = await host.services.notes.search(input);
        output(options).result(hits, () =>
          hits.map((hit) => `${hit.id}\t${notePath(hit)}\t${hit.snippet.replace(/\s+/g, ' ')}`).join('\n'),
        );
      });
    });
}
