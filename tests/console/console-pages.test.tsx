// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { createFakeApi, refuse } from './support/fake-api';
import { renderConsole } from './support/render-console';

// uPlot draws on a canvas, which happy-dom does not have: record what each chart is given instead.
const charts = vi.hoisted(() => [] as { title: string | undefined; series: unknown[] }[]);
vi.mock('uplot', () => ({
  default: class {
    constructor(options: { series: { label?: string }[] }, _data: unknown, element: HTMLElement) {
      charts.push({
        title: element.closest('figure')?.querySelector('.chart-title')?.textContent ?? undefined,
        series: options.series.slice(1).map((s) => s.label),
      });
    }
    setSize() {}
    destroy() {}
  },
}));

afterEach(() => {
  cleanup();
  charts.length = 0;
});

describe('User detail', () => {
  it('lists the user’s devices and revokes one through admin.devices.revoke', async () => {
    const { api } = renderConsole('/admin/users/u1');
    expect(await screen.findByRole('heading', { level: 1, name: /grace@example.com/ })).toBeTruthy();
    await waitFor(() => expect(api.users.get).toHaveBeenCalledWith('u1'));
    const laptop = (await screen.findByText('Work laptop')).closest('tr');
    if (!laptop) throw new Error('no device row');
    for (const text of ['linux', '0.1.0', '10.0.4.17', '5 min ago'])
      expect(within(laptop).getByText(text)).toBeTruthy();
    const old = screen.getByText('Old desktop').closest('tr');
    expect(old && within(old).getByText('Revoked')).toBeTruthy();
    fireEvent.click(within(laptop).getByRole('button', { name: 'Revoke…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke “Work laptop”?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke device' }));
    await waitFor(() => expect(api.devices.revoke).toHaveBeenCalledWith('d1'));
    expect(await screen.findByText('Work laptop is signed out.')).toBeTruthy();
  });

  it('shows USER_NOT_FOUND in words', async () => {
    const api = createFakeApi();
    api.users.get.mockRejectedValue(refuse('USER_NOT_FOUND'));
    renderConsole('/admin/users/nobody', api);
    expect((await screen.findByRole('alert')).textContent).toContain(REASON_WORDS.USER_NOT_FOUND.words);
  });
});

describe('Quotas', () => {
  it('shows the defaults as sizes and saves what is typed', async () => {
    const { api } = renderConsole('/admin/quotas');
    const quota = await screen.findByLabelText<HTMLInputElement>('Storage quota per user');
    expect(quota.value).toBe('5.0 GB');
    expect(screen.getByLabelText<HTMLInputElement>('Largest file').value).toBe('100 MB');
    fireEvent.change(quota, { target: { value: '20 GB' } });
    fireEvent.change(screen.getByLabelText('Largest file'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save defaults' }));
    await waitFor(() =>
      expect(api.quotas.setDefaults).toHaveBeenCalledWith({ quotaBytes: 2e10, maxFileBytes: null }),
    );
  });
});

describe('Audit log', () => {
  it('lists entries, filters by action, and links the CSV export for the same filter', async () => {
    const { api } = renderConsole('/admin/audit');
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const entry = within(table).getByText('Quota changed').closest('tr');
    if (!entry) throw new Error('no entry row');
    for (const text of ['ada@example.com', 'grace@example.com', '192.168.1.20', 'quota: 5.0 GB'])
      expect(within(entry).getByText(text)).toBeTruthy();
    expect(within(table).getByText('Console sign-in failed')).toBeTruthy();
    expect(screen.getByText(/kept for 365 days/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'device_revoked' } });
    await waitFor(() =>
      expect(api.audit.list).toHaveBeenLastCalledWith({
        query: '',
        offset: 0,
        limit: 50,
        action: 'device_revoked',
      }),
    );
    const link = screen.getByRole('link', { name: 'Export CSV' });
    expect(link.getAttribute('href')).toBe('/admin/api/audit.csv?query=&action=device_revoked');
    fireEvent.change(screen.getByLabelText('Search the audit log'), { target: { value: '10.0.0.1' } });
    await waitFor(() =>
      expect(api.audit.list).toHaveBeenLastCalledWith({
        query: '10.0.0.1',
        offset: 0,
        limit: 50,
        action: 'device_revoked',
      }),
    );
  });
});

describe('Jobs', () => {
  it('shows each job’s schedule, last run, duration, result and next run, and runs one now', async () => {
    const { api } = renderConsole('/admin/jobs');
    const snapshot = (await screen.findByText('usage-snapshot')).closest('tr');
    if (!snapshot) throw new Error('no job row');
    for (const text of ['*/15 * * * *', '10 min ago', '312 ms', 'OK', 'recorded 1 point', 'In 5 min'])
      expect(within(snapshot).getByText(text)).toBeTruthy();
    const purge = screen.getByText('user-purge').closest('tr');
    expect(purge && within(purge).getByText('Not run yet')).toBeTruthy();
    fireEvent.click(within(snapshot).getByRole('button', { name: 'Run now' }));
    await waitFor(() => expect(api.jobs.runNow).toHaveBeenCalledWith('usage-snapshot'));
    await waitFor(() => expect(api.jobs.list).toHaveBeenCalledTimes(2));
  });

  it('tells why a run could not start, in words', async () => {
    const api = createFakeApi();
    api.jobs.runNow.mockRejectedValue(refuse('RATE_LIMITED'));
    renderConsole('/admin/jobs', api);
    fireEvent.click((await screen.findAllByRole('button', { name: 'Run now' }))[0]!);
    expect(await screen.findByText(REASON_WORDS.RATE_LIMITED.words)).toBeTruthy();
  });
});

describe('Health', () => {
  it('shows each dependency with its verdict and detail', async () => {
    renderConsole('/admin/health');
    const bus = (await screen.findByRole('heading', { name: 'Change bus' })).closest('.check');
    if (!(bus instanceof HTMLElement)) throw new Error('no bus card');
    expect(within(bus).getByText('Problem')).toBeTruthy();
    expect(within(bus).getByText('Redis did not answer in 2 s')).toBeTruthy();
    expect(screen.getByText('812 GB free of 1.0 TB')).toBeTruthy();
    expect(screen.getByText('Schema 4, current')).toBeTruthy();
    expect(
      screen.getByText(/Quire server 0\.1\.0 · protocol 3 · Node v20\.19\.4 · up 3 days 0 h/),
    ).toBeTruthy();
  });
});

describe('Usage', () => {
  it('draws the six charts and asks for another range when picked', async () => {
    const { api } = renderConsole('/admin/usage');
    await screen.findByRole('heading', { level: 1, name: 'Usage' });
    await waitFor(() => expect(charts.length).toBeGreaterThanOrEqual(6));
    expect(charts.map((chart) => chart.title)).toEqual(
      expect.arrayContaining([
        'Documents',
        'Storage',
        'Active devices',
        'Pushes and pulls per minute',
        'Conflicts merged',
        'Push latency (p95)',
      ]),
    );
    expect(charts.find((chart) => chart.title === 'Pushes and pulls per minute')?.series).toEqual([
      'Pushes/min',
      'Pulls/min',
    ]);
    expect(screen.getByText('1,350 now')).toBeTruthy();
    expect(api.usage.series).toHaveBeenCalledWith('7d');
    fireEvent.click(screen.getByRole('radio', { name: '30 days' }));
    await waitFor(() => expect(api.usage.series).toHaveBeenLastCalledWith('30d'));
    expect(screen.getByRole('radio', { name: '30 days' }).getAttribute('aria-checked')).toBe('true');
  });
});
