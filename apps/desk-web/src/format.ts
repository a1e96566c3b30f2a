import { localityLabel } from '@app/contracts/labels';

/** "2 h 10 min", "3 days 4 h": a duration a worker reads at a glance. */
export function duration(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} ${d === 1 ? 'day' : 'days'} ${h % 24} h` : `${d} ${d === 1 ? 'day' : 'days'}`;
}

/** Time left to the due time, or how long overdue. */
export function timeLeft(dueAt: string, now = Date.now()): { text: string; overdue: boolean } {
  const ms = new Date(dueAt).getTime() - now;
  return ms <= 0
    ? { text: `Overdue by ${duration(-ms)}`, overdue: true }
    : { text: `${duration(ms)} left`, overdue: false };
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

export const when = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '');
export const day = (iso: string | null | undefined) => (iso ? dateOnly.format(new Date(iso)) : '');

export function ageText(row: { childAge: number | null; unborn: boolean }): string {
  if (row.unborn) return 'unborn';
  if (row.childAge === null) return 'age not known';
  return row.childAge === 1 ? '1 year' : `${row.childAge} years`;
}

export const childLine = (row: { childAge: number | null; unborn: boolean; locality: string }) =>
  `${ageText(row)}, ${localityLabel(row.locality)}`;
