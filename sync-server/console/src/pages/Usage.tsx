import { useMemo, useState } from 'react';
import { formatByteSize } from '../../../../src-shared/format/byte-size';
import {
  usageRangeSchema,
  type UsagePoint,
  type UsageRange,
  type usageSeriesSchema,
} from '../../../../src-shared/sync/admin';
import type { z } from 'zod';

type UsageSeries = z.output<typeof usageSeriesSchema>;
import { useConsole } from '../context';
import { useLoad } from '../hooks';
import { EmptyState, ErrorState, Loading } from '../ui';
import { Chart, type ChartSeries } from '../ui/Chart';

const RANGE_WORDS: Record<UsageRange, string> = {
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
  '365d': '365 days',
};

const count = (value: number) => Math.round(value).toLocaleString('en');
const rate = (value: number) => (value < 10 ? value.toFixed(1) : count(value));
const ms = (value: number) => `${Math.round(value)} ms`;
const bytes = (value: number) => formatByteSize(value);

function RangePicker({ value, onChange }: { value: UsageRange; onChange: (range: UsageRange) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Time range">
      {usageRangeSchema.options.map((range) => (
        <button
          key={range}
          type="button"
          role="radio"
          aria-checked={range === value}
          aria-label={RANGE_WORDS[range]}
          tabIndex={range === value ? 0 : -1}
          className={range === value ? 'segment is-on' : 'segment'}
          onClick={() => onChange(range)}
          onKeyDown={(event) => {
            const options = usageRangeSchema.options;
            const at = options.indexOf(value);
            const step =
              event.key === 'ArrowRight' || event.key === 'ArrowDown'
                ? 1
                : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
                  ? -1
                  : 0;
            if (!step) return;
            event.preventDefault();
            const next = options[(at + step + options.length) % options.length] ?? value;
            onChange(next);
            (
              event.currentTarget.parentElement?.querySelector(
                `[aria-label="${RANGE_WORDS[next]}"]`,
              ) as HTMLElement | null
            )?.focus();
          }}
        >
          {range}
        </button>
      ))}
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="card stat">
      <p className="card-label">{label}</p>
      <p className="card-figure">{value}</p>
    </div>
  );
}

const RANGE_MS: Record<UsageRange, number> = {
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  '30d': 30 * 24 * 3_600_000,
  '365d': 365 * 24 * 3_600_000,
};

function chartsOf(data: UsageSeries) {
  const points: UsagePoint[] = [...data.points, data.current];
  const times = points.map((p) => p.at);
  const one = (label: string, values: (number | null)[], color: string): ChartSeries[] => [
    { label, values, color },
  ];
  return {
    times,
    span: [data.current.at - RANGE_MS[data.range], data.current.at] as const,
    documents: one(
      'Documents',
      points.map((p) => p.documents),
      '--chart-1',
    ),
    bytes: one(
      'Storage',
      points.map((p) => p.bytes),
      '--chart-2',
    ),
    devices: one(
      'Active devices',
      points.map((p) => p.activeDevices),
      '--chart-3',
    ),
    traffic: [
      { label: 'Pushes/min', values: points.map((p) => p.pushesPerMinute), color: '--chart-1' },
      { label: 'Pulls/min', values: points.map((p) => p.pullsPerMinute), color: '--chart-4' },
    ],
    conflicts: one(
      'Conflicts merged',
      points.map((p) => p.conflictsMerged),
      '--chart-5',
    ),
    latency: one(
      'p95 push',
      points.map((p) => p.pushP95Ms),
      '--chart-6',
    ),
  };
}

export function UsagePage() {
  const { api } = useConsole();
  const [range, setRange] = useState<UsageRange>('7d');
  const usage = useLoad(() => api.usage.series(range), range);
  const data = usage.data;

  const charts = useMemo(() => (data ? chartsOf(data) : null), [data]);

  return (
    <section className="page" aria-labelledby="usage-title">
      <header className="page-header">
        <div>
          <h1 id="usage-title">Usage</h1>
          <p className="page-sub">How the server is used over the last {RANGE_WORDS[range]}.</p>
        </div>
        <div className="page-actions">
          <RangePicker value={range} onChange={setRange} />
        </div>
      </header>
      {usage.status === 'error' && <ErrorState reason={usage.reason} onRetry={usage.reload} />}
      {!data && usage.status === 'loading' && <Loading label="Loading usage…" />}
      {data && charts && usage.status !== 'error' && (
        <>
          <div className="cards">
            <Stat label="Users" value={count(data.current.users)} />
            <Stat label="Documents" value={count(data.current.documents)} />
            <Stat label="Storage" value={bytes(data.current.bytes)} />
            <Stat label="Active devices" value={count(data.current.activeDevices)} />
          </div>
          {data.points.length === 0 && (
            <EmptyState title="No history yet">
              The usage-snapshot job records a point on its schedule; the charts fill in as it runs. Run it
              from the Jobs page to record one now.
            </EmptyState>
          )}
          <div className="chart-grid">
            <Chart
              span={charts.span}
              title="Documents"
              times={charts.times}
              series={charts.documents}
              format={count}
              summary={`${count(data.current.documents)} now`}
            />
            <Chart
              span={charts.span}
              title="Storage"
              times={charts.times}
              series={charts.bytes}
              format={bytes}
              summary={`${bytes(data.current.bytes)} now`}
            />
            <Chart
              span={charts.span}
              title="Active devices"
              times={charts.times}
              series={charts.devices}
              format={count}
              summary={`${count(data.current.activeDevices)} now`}
            />
            <Chart
              span={charts.span}
              title="Pushes and pulls per minute"
              times={charts.times}
              series={charts.traffic}
              format={rate}
              summary={`${rate(data.current.pushesPerMinute)} pushes, ${rate(data.current.pullsPerMinute)} pulls per minute now`}
            />
            <Chart
              span={charts.span}
              title="Conflicts merged"
              times={charts.times}
              series={charts.conflicts}
              format={count}
              summary={`${count(data.current.conflictsMerged)} in the latest interval`}
            />
            <Chart
              span={charts.span}
              title="Push latency (p95)"
              times={charts.times}
              series={charts.latency}
              format={ms}
              summary={
                data.current.pushP95Ms === null ? 'No pushes lately' : `${ms(data.current.pushP95Ms)} now`
              }
            />
          </div>
        </>
      )}
    </section>
  );
}
