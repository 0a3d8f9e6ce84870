import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: readonly (number | null)[];
  /** A CSS colour or a custom property name ("--chart-1"). */
  color: string;
}

function cssColor(value: string, element: Element): string {
  if (!value.startsWith('--')) return value;
  return getComputedStyle(element).getPropertyValue(value).trim() || '#888';
}

/**
 * One time series chart (uPlot, drawn on a canvas): as wide as its container, redrawn on resize
 * and on a switch between light and dark. The figure's caption says the latest value in words,
 * for screen readers and for anyone who does not read charts.
 */
export function Chart({
  title,
  times,
  series,
  format,
  summary,
  span,
  height = 180,
}: {
  title: string;
  /** Epoch milliseconds, ascending. */
  times: readonly number[];
  series: readonly ChartSeries[];
  format: (value: number) => string;
  summary: string;
  /** The x axis spans this, epoch milliseconds (the picked range), however few the points. */
  span: readonly [number, number];
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let plot: uPlot | null = null;
    const draw = () => {
      plot?.destroy();
      const axisColor = cssColor('--text-faint', element);
      const gridColor = cssColor('--border', element);
      const axis = {
        stroke: axisColor,
        grid: { stroke: gridColor, width: 1 },
        ticks: { stroke: gridColor, width: 1 },
        font: '11px system-ui, sans-serif',
      };
      plot = new uPlot(
        {
          width: Math.max(240, element.clientWidth),
          height,
          // The figure names its series itself (below), so the legend is not uPlot's.
          legend: { show: false },
          cursor: { points: { size: 6 } },
          scales: { x: { time: true, range: () => [span[0] / 1000, span[1] / 1000] } },
          axes: [
            axis,
            { ...axis, size: 64, values: (_u: uPlot, ticks: number[]) => ticks.map((tick) => format(tick)) },
          ],
          series: [
            {},
            ...series.map((s) => ({
              label: s.label,
              stroke: cssColor(s.color, element),
              width: 1.75,
              ...(series.length === 1 ? { fill: `${cssColor(s.color, element)}22` } : {}),
              value: (_u: uPlot, value: number | null) => (value === null ? '—' : format(value)),
              spanGaps: false,
            })),
          ],
        },
        [times.map((t) => t / 1000), ...series.map((s) => [...s.values])] as uPlot.AlignedData,
        element,
      );
    };
    draw();
    const resize = new ResizeObserver(() =>
      plot?.setSize({ width: Math.max(240, element.clientWidth), height }),
    );
    resize.observe(element);
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', draw);
    return () => {
      resize.disconnect();
      scheme.removeEventListener('change', draw);
      plot?.destroy();
    };
  }, [times, series, format, height, span]);

  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="chart-summary">{summary}</span>
      </figcaption>
      <div ref={box} className="chart-canvas" aria-hidden="true" />
      {series.length > 1 && (
        <ul className="chart-legend" aria-hidden="true">
          {series.map((s) => (
            <li key={s.label}>
              <span className={`swatch swatch-${s.color.replace(/^--/, '')}`} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
