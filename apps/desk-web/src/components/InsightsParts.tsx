import { ReactNode } from 'react';
import { ApiError } from '../api';
import type { Range } from '../api/insights';
import { onLinkClick } from '../router';
import { ErrorSummary } from './ErrorSummary';
import { Layout } from './Layout';
import './insights.css';

/** The API's range fields, each mapped to the input that answers it in the error summary. */
export const RANGE_FIELDS = { 'query:from': 'range-from', 'query:to': 'range-to' };

const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
/** YYYY-MM-DD of the Europe/London day `daysAgo` days before today. */
export const isoDay = (daysAgo = 0) => londonDay.format(new Date(Date.now() - daysAgo * 86_400_000));

/** The range in the address, or the last 90 days. */
export function rangeFromUrl(): Range {
  const q = new URLSearchParams(location.search);
  return { from: q.get('from') || isoDay(89), to: q.get('to') || isoDay(0) };
}

export const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${Math.round(x * 1000) / 10}%`;

export const money = (x: number | null | undefined) =>
  x === null || x === undefined
    ? '–'
    : `£${x.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const count = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : n.toLocaleString('en-GB');

/** Saves text as a file in the browser (the CSV exports). */
export function download(text: string, filename: string, type = 'text/csv'): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** True for the API's "your role may not do this". */
export const isForbidden = (e: unknown) => e instanceof ApiError && e.status === 403;

/** What a worker whose role may not read these figures sees: a plain page, the desk's answer in the summary. */
export function NoAccess({ error, current }: { error: unknown; current: string }) {
  return (
    <Layout current={current}>
      <ErrorSummary error={error} />
      <h1 className="govuk-heading-l">You do not have access</h1>
      <p className="govuk-body">
        These figures are for duty managers, managers, heads of service and administrators. Ask your manager
        if you need them.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href="/" onClick={onLinkClick}>
          Go to the duty queue
        </a>
      </p>
    </Layout>
  );
}

/** Demand and placement sufficiency: two pages of one dashboard, the range carried between them. */
export function InsightsTabs({ current, range }: { current: 'dashboard' | 'sufficiency'; range: Range }) {
  const qs = `?from=${range.from}&to=${range.to}`;
  const item = (page: typeof current, href: string, label: string) => (
    <li className="moj-sub-navigation__item">
      <a
        className="moj-sub-navigation__link"
        href={href + qs}
        onClick={onLinkClick}
        aria-current={page === current ? 'page' : undefined}
      >
        {label}
      </a>
    </li>
  );
  return (
    <nav className="moj-sub-navigation" aria-label="Dashboard pages">
      <ul className="moj-sub-navigation__list">
        {item('dashboard', '/dashboard', 'Demand')}
        {item('sufficiency', '/sufficiency', 'Placement sufficiency')}
      </ul>
    </nav>
  );
}

/** From and To, GOV.UK inputs with the API's own error beside each. */
export function RangeInputs({
  range,
  onChange,
  errorFor,
}: {
  range: Range;
  onChange: (r: Range) => void;
  errorFor: (path: string) => string | null;
}) {
  const field = (key: keyof Range, label: string) => {
    const id = `range-${key}`;
    const error = errorFor(`query:${key}`);
    return (
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--s" htmlFor={id}>
          {label}
        </label>
        {error && (
          <p className="govuk-error-message" id={`${id}-error`}>
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <input
          className={`govuk-input govuk-input--width-10${error ? ' govuk-input--error' : ''}`}
          type="date"
          id={id}
          name={key}
          value={range[key]}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange({ ...range, [key]: e.target.value })}
        />
      </div>
    );
  };
  return (
    <>
      {field('from', 'From')}
      {field('to', 'To')}
    </>
  );
}

/** A headline figure: its label, and its value large. */
export function Figure({
  label,
  value,
  name,
  warn = false,
}: {
  label: string;
  value: ReactNode;
  name: string;
  warn?: boolean;
}) {
  return (
    <div className={`app-figure${warn ? ' app-figure--warn' : ''}`} data-figure={name}>
      <dt className="app-figure__label">{label}</dt>
      <dd className="app-figure__value">{value}</dd>
    </div>
  );
}
