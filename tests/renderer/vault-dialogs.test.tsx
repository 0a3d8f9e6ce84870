// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext } from '../../src-renderer/src/api/services-context';
import { VaultJobDialog, type VaultJobKind } from '../../src-renderer/src/features/vault-io';
import { reportCsv, reportKindWords } from '../../src-renderer/src/features/vault-io/report-words';
import { reportKindSchema } from '../../src-shared/api/vault-api';
import { describeReason } from '../../src-shared/errors/reason-words';
import { createFakeHost, hostError, type FakeHost } from './support/fake-host';
import { vaultJob } from './support/fake-vault';
import { settle } from './support/render-app';

afterEach(cleanup);

async function openDialog(kind: VaultJobKind, options: { folderPicker?: boolean } = {}): Promise<FakeHost> {
  const host = createFakeHost();
  host.vault.folderPicker.available = options.folderPicker ?? false;
  const connection = { getSnapshot: () => 'connected' as const, subscribe: () => () => undefined };
  render(
    <ServicesContext value={createServices(host.api, connection)}>
      <VaultJobDialog kind={kind} onClose={() => undefined} />
    </ServicesContext>,
  );
  await settle();
  return host;
}

async function start(path: string, button: string): Promise<void> {
  fireEvent.change(screen.getByLabelText('Folder on this computer'), { target: { value: path } });
  fireEvent.click(screen.getByRole('button', { name: button }));
  await settle();
}

describe('import dialog', () => {
  it('starts an import of the typed folder with the chosen options', async () => {
    const host = await openDialog('import');
    fireEvent.click(screen.getByLabelText(/Update them from the folder/));
    fireEvent.click(screen.getByLabelText(/Include hidden folders/));
    await start('/home/ada/Notes', 'Import');
    expect(host.vault.startImport).toHaveBeenCalledWith({
      dir: '/home/ada/Notes',
      includeHidden: true,
      onExisting: 'update',
    });
    expect(screen.getByRole('status').textContent).toContain('/home/ada/Notes');
  });

  it('asks for a path instead of calling the host with none', async () => {
    const host = await openDialog('import');
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await settle();
    expect(host.vault.startImport).not.toHaveBeenCalled();
    expect(screen.getByText('Type the folder’s full path.')).toBeTruthy();
  });

  it('shows progress from the job feed, then the summary and the report words', async () => {
    const host = await openDialog('import');
    host.vault.state.report = [
      { path: '.obsidian', kind: 'HIDDEN_SKIPPED' },
      { path: 'old/latin1.md', kind: 'NOT_UTF8' },
    ];
    await start('/home/ada/Notes', 'Import');
    act(() =>
      host.vault.emitJob(
        vaultJob({ state: 'running', filesTotal: 40, filesDone: 10, notes: 8, attachments: 2, etaMs: 3_000 }),
      ),
    );
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByTestId('vault-files').textContent).toBe('10 of 40');
    expect(screen.getByText('about 3 s left')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();

    act(() =>
      host.vault.emitJob(
        vaultJob({
          state: 'done',
          filesTotal: 40,
          filesDone: 40,
          notes: 30,
          attachments: 8,
          reported: 2,
          finishedAt: 9,
        }),
      ),
    );
    await settle();
    expect(screen.getByRole('status').textContent).toBe('Import finished: 30 notes and 8 attachments.');
    const report = screen.getByRole('region', { name: 'Report' });
    expect(within(report).getByText('old/latin1.md')).toBeTruthy();
    expect(within(report).getByText(reportKindWords('NOT_UTF8'))).toBeTruthy();
    expect(within(report).getByRole('button', { name: 'Save report…' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('cancels the running job', async () => {
    const host = await openDialog('import');
    await start('/home/ada/Notes', 'Import');
    act(() => host.vault.emitJob(vaultJob({ state: 'running', filesTotal: 5, filesDone: 1 })));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(host.vault.cancel).toHaveBeenCalledWith({ jobId: 'job-1' });
    expect(screen.getByRole('status').textContent).toContain('Import cancelled');
  });

  it('ignores updates of other jobs', async () => {
    const host = await openDialog('import');
    await start('/home/ada/Notes', 'Import');
    act(() => host.vault.emitJob(vaultJob({ jobId: 'other', state: 'done', notes: 99 })));
    expect(screen.getByTestId('vault-notes').textContent).toBe('0');
  });
});

describe('export dialog', () => {
  it('starts an export and says when nothing needed reporting', async () => {
    const host = await openDialog('export');
    await start('/tmp/out', 'Export');
    expect(host.vault.startExport).toHaveBeenCalledWith({ dir: '/tmp/out', allowNonEmpty: false });
    act(() =>
      host.vault.emitJob(
        vaultJob({ jobId: 'job-export', kind: 'export', state: 'done', notes: 3, finishedAt: 5 }),
      ),
    );
    await settle();
    expect(screen.getByText('Every file was kept as it is. Nothing to report.')).toBeTruthy();
  });
});

describe('choosing the folder', () => {
  it('web mode has no folder dialog: the path is typed', async () => {
    await openDialog('import');
    expect(screen.queryByRole('button', { name: 'Choose…' })).toBeNull();
    expect(screen.getByLabelText('Folder on this computer')).toBeTruthy();
  });

  it('with the shell’s folder dialog, Choose… fills the path, which stays editable', async () => {
    const host = await openDialog('import', { folderPicker: true });
    host.vault.pickFolder.mockResolvedValueOnce({ path: '/Users/ada/Obsidian Vault' });
    fireEvent.click(screen.getByRole('button', { name: 'Choose…' }));
    await settle();
    expect(host.vault.pickFolder).toHaveBeenCalledWith({ purpose: 'import' });
    const field = screen.getByLabelText<HTMLInputElement>('Folder on this computer');
    expect(field.value).toBe('/Users/ada/Obsidian Vault');
    await start('/Users/ada/Obsidian Vault/Work', 'Import');
    expect(host.vault.startImport).toHaveBeenCalledWith(
      expect.objectContaining({ dir: '/Users/ada/Obsidian Vault/Work' }),
    );
  });

  it('a cancelled folder dialog leaves the typed path alone', async () => {
    const host = await openDialog('export', { folderPicker: true });
    fireEvent.change(screen.getByLabelText('Folder on this computer'), { target: { value: '/tmp/typed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Choose…' }));
    await settle();
    expect(host.vault.pickFolder).toHaveBeenCalledWith({ purpose: 'export' });
    expect(screen.getByLabelText<HTMLInputElement>('Folder on this computer').value).toBe('/tmp/typed');
  });

  it('a failed folder dialog says why in the field', async () => {
    const host = await openDialog('import', { folderPicker: true });
    host.vault.pickFolder.mockRejectedValueOnce(hostError('INTERNAL_ERROR'));
    fireEvent.click(screen.getByRole('button', { name: 'Choose…' }));
    await settle();
    expect(screen.getByText(describeReason('INTERNAL_ERROR'))).toBeTruthy();
  });
});

describe('report words', () => {
  it('has distinct words for every report kind', () => {
    const words = reportKindSchema.options.map(reportKindWords);
    expect(new Set(words).size).toBe(reportKindSchema.options.length);
    for (const w of words) expect(w.length).toBeGreaterThan(5);
  });

  it('writes the report as CSV, quoting paths with commas and quotes', () => {
    const csv = reportCsv([
      { path: 'a, "b".md', kind: 'NAME_COLLISION', keptAs: 'a, "b" 1.md' },
      { path: 'plain.md', kind: 'UNREADABLE' },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'path,kind,what happened,kept as',
      `"a, ""b"".md",NAME_COLLISION,${reportKindWords('NAME_COLLISION')},"a, ""b"" 1.md"`,
      `plain.md,UNREADABLE,${reportKindWords('UNREADABLE')},`,
      '',
    ]);
  });
});
