import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { ReactNode, useEffect, useRef } from 'react';

// Only what the dashboard draws, so the bundle carries no more of chart.js than it needs.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
);

/**
 * A chart.js chart with its text alternative: the canvas is an image named by a one-line summary, and the same
 * figures follow as a table in a GOV.UK details component, for screen readers, keyboard and copying.
 */
export function InsightsChart({
  id,
  config,
  summary,
  table,
  tableLabel = 'Show the figures as a table',
  small = false,
}: {
  id: string;
  config: ChartConfiguration;
  summary: string;
  table: ReactNode;
  tableLabel?: string;
  small?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { animation: false, maintainAspectRatio: false, ...config.options },
    } as ChartConfiguration);
    return () => chart.destroy();
  }, [config]);
  return (
    <>
      <p className="govuk-body-s app-secondary">{summary}</p>
      <div className={`app-chart${small ? ' app-chart--small' : ''}`}>
        <canvas ref={canvas} id={id} role="img" aria-label={summary} />
      </div>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">{tableLabel}</span>
        </summary>
        <div className="govuk-details__text">{table}</div>
      </details>
    </>
  );
}

/** The GOV.UK colour palette, in an order that keeps neighbours apart. */
export const CHART_COLOURS = [
  '#1d70b8',
  '#d4351c',
  '#00703c',
  '#f47738',
  '#4c2c92',
  '#6f72af',
  '#b58840',
  '#912b88',
  '#28a197',
  '#505a5f',
];
