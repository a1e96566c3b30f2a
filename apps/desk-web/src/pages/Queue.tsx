import {
  DESK_ITEM_STATE_LABELS,
  LOCALITY_LABELS,
  NEED_LEVEL_LABELS,
  ROUTE_LABELS,
  agencyLabel,
  levelLabel,
  priorityLabel,
  routeLabel,
} from '@app/contracts/labels';
import { PRIORITIES } from '@app/contracts/duty-vocabulary';
import { FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, QueueQuery, QueueRow } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { Layout } from '../components/Layout';
import { childLine, timeLeft } from '../format';
import { useLive } from '../live';
import { navigate, onLinkClick } from '../router';
import { canDecide, who } from '../session';

type SortKey = 'due' | 'child' | 'from' | 'level' | 'route' | 'holder';
const PRIORITY_RANK = new Map<string, number>(PRIORITIES.map((p, i) => [p, i]));

const SORTS: Record<SortKey, (a: QueueRow, b: QueueRow) => number> = {
  due: (a, b) =>
    a.dueAt.localeCompare(b.dueAt) ||
    (PRIORITY_RANK.get(a.priority) ?? 9) - (PRIORITY_RANK.get(b.priority) ?? 9),
  child: (a, b) => a.childName.localeCompare(b.childName),
  from: (a, b) => agencyLabel(a.agency).localeCompare(agencyLabel(b.agency)),
  level: (a, b) => a.needLevel - b.needLevel,
  route: (a, b) => routeLabel(a.route).localeCompare(routeLabel(b.route)),
  holder: (a, b) => (a.claimedBy ?? '').localeCompare(b.claimedBy ?? ''),
};

const PAGE_SIZE = '200';
const FILTER_KEYS = ['status', 'level', 'route', 'locality', 'team', 'overdue', 'claimedBy'] as const;

function filtersFromUrl(): QueueQuery {
  const q = new URLSearchParams(location.search);
  const f: QueueQuery = {};
  for (const k of FILTER_KEYS) {
    const v = q.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export function Queue() {
  const [filters, setFilters] = useState<QueueQuery>(filtersFromUrl);
  const [draft, setDraft] = useState<QueueQuery>(filters);
  const [rows, setRows] = useState<QueueRow[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [totalCapped, setTotalCapped] = useState(false);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'due', dir: 1 });
  const [now, setNow] = useState(Date.now());
  const [notice, setNotice] = useState('');
  const user = who();

  // A decider's queue leaves out what colleagues hold, unless they ask for everyone's (claimedBy=anyone).
  const decider = canDecide(user);
  const query = useMemo((): QueueQuery => {
    const { claimedBy, ...rest } = filters;
    if (claimedBy === 'anyone') return rest;
    return { ...rest, ...(claimedBy ? { claimedBy } : decider ? { claimedBy: 'available' } : {}) };
  }, [filters, decider]);
  // Only the latest read counts: an older one answering late must not bring back a row taken meanwhile.
  const reads = useRef(0);

  const load = useCallback(async () => {
    const read = ++reads.current;
    try {
      const page = await api.queue({ ...query, limit: PAGE_SIZE });
      if (read !== reads.current) return;
      setRows(page.items);
      setTotal(page.total);
      setTotalCapped(page.totalCapped === true);
      setCursor(page.nextCursor);
      setError(null);
      setNow(Date.now());
    } catch (e) {
      setError(e);
    }
  }, [query]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  // A colleague's claim or a decision: drop the row at once where this view leaves it out; then re-read the
  // page (new items, changed rows, counts), once for a burst of events.
  const reread = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(reread.current), []);
  useLive((event) => {
    if (event.type === 'open' && event.reconnected) void load();
    if (event.type !== 'queue') return;
    const takenByOther = event.change === 'claimed' && event.by !== user?.username;
    const awaitingOnly = !filters.status || filters.status === 'awaiting';
    if (
      (takenByOther && query.claimedBy) ||
      (awaitingOnly &&
        event.change !== 'claimed' &&
        event.change !== 'released' &&
        event.change !== 'triaged')
    )
      setRows((rs) => rs.filter((r) => r.contactId !== event.contactId));
    clearTimeout(reread.current);
    reread.current = setTimeout(() => void load(), 200);
  });

  const apply = (ev: FormEvent) => {
    ev.preventDefault();
    const next: QueueQuery = {};
    for (const k of FILTER_KEYS) if (draft[k]) next[k] = draft[k];
    const qs = new URLSearchParams(next as Record<string, string>).toString();
    history.replaceState(null, '', qs ? `/?${qs}` : '/');
    setFilters(next);
  };

  const more = async () => {
    if (!cursor) return;
    try {
      const page = await api.queue({ ...query, limit: PAGE_SIZE, after: cursor });
      setRows((rs) => [...rs, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    }
  };

  const claimNext = async () => {
    try {
      const item = await api.claimNext({ team: filters.team, locality: filters.locality });
      navigate(`/items/${item.contactId}`);
    } catch (e) {
      setError(e);
    }
  };

  const sorted = useMemo(() => {
    const s = [...rows].sort(SORTS[sort.key]);
    return sort.dir === 1 ? s : s.reverse();
  }, [rows, sort]);

  const header = (key: SortKey, label: string, className: string) => {
    const active = sort.key === key;
    return (
      <th
        scope="col"
        className={`govuk-table__header ${className}`}
        aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
      >
        <button
          type="button"
          className="app-sort-button"
          data-sort={key}
          onClick={() => {
            setSort({ key, dir: active ? (sort.dir === 1 ? -1 : 1) : 1 });
            setNotice(`Sorted by ${label}, ${active && sort.dir === 1 ? 'descending' : 'ascending'}`);
          }}
        >
          {label}
        </button>
      </th>
    );
  };

  const select = (key: keyof QueueQuery, label: string, options: [string, string][], anyLabel = 'Any') => (
    <div className="govuk-form-group">
      <label className="govuk-label govuk-label--s" htmlFor={`filter-${key}`}>
        {label}
      </label>
      <select
        className="govuk-select"
        id={`filter-${key}`}
        value={draft[key] ?? ''}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      >
        <option value="">{anyLabel}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <Layout current="queue">
      <ErrorSummary error={error} fields={Object.fromEntries(FILTER_KEYS.map((k) => [k, `filter-${k}`]))} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Duty queue</h1>
        </div>
        <div className="govuk-grid-column-one-third">
          {canDecide(user) && (
            <button
              type="button"
              className="govuk-button govuk-!-margin-bottom-2"
              onClick={claimNext}
              id="claim-next"
            >
              Claim next item
            </button>
          )}
        </div>
      </div>
      <form onSubmit={apply} className="app-filters" aria-label="Filter the queue">
        {select(
          'status',
          'Status',
          [...Object.entries(DESK_ITEM_STATE_LABELS), ['all', 'All']],
          'Awaiting decision',
        )}
        {select('level', 'Level', Object.entries(NEED_LEVEL_LABELS))}
        {select('route', 'Route', Object.entries(ROUTE_LABELS))}
        {select('locality', 'Locality', Object.entries(LOCALITY_LABELS))}
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="filter-team">
            Team
          </label>
          <input
            className="govuk-input govuk-input--width-10"
            id="filter-team"
            value={draft.team ?? ''}
            onChange={(e) => setDraft({ ...draft, team: e.target.value })}
          />
        </div>
        {select('overdue', 'Due', [
          ['true', 'Overdue only'],
          ['false', 'Not overdue'],
        ])}
        {decider
          ? select(
              'claimedBy',
              'Held by',
              [
                ['me', 'Me'],
                ['anyone', 'Anyone'],
              ],
              'No one or me',
            )
          : select('claimedBy', 'Held by', [['me', 'Me']], 'Anyone')}
        <div className="govuk-form-group">
          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
            Apply filters
          </button>
        </div>
      </form>
      <p className="govuk-body" aria-live="polite" id="queue-count">
        {total === null
          ? 'Loading the queue…'
          : `${totalCapped ? 'More than ' : ''}${total.toLocaleString('en-GB')} ${total === 1 ? 'item' : 'items'}`}
        {rows.length < (total ?? 0) ? `, showing ${rows.length.toLocaleString('en-GB')}` : ''}
      </p>
      <p className="govuk-visually-hidden" aria-live="polite">
        {notice}
      </p>
      <table className="govuk-table app-queue" id="queue">
        <caption className="govuk-table__caption govuk-visually-hidden">
          Items on the duty queue, soonest due first
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {header('child', 'Child', 'app-col-child')}
            {header('from', 'From', 'app-col-from')}
            <th scope="col" className="govuk-table__header app-col-concern">
              Concern
            </th>
            {header('due', 'Priority and time left', 'app-col-priority')}
            {header('level', 'Level', 'app-col-level')}
            {header('route', 'Route', 'app-col-route')}
            {header('holder', 'Held by', 'app-col-holder')}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {sorted.map((r) => {
            const left = timeLeft(r.dueAt, now);
            const overdue = r.overdue || (r.state === 'awaiting' && left.overdue);
            return (
              <tr className="govuk-table__row" key={r.contactId} data-contact-id={r.contactId}>
                <td className="govuk-table__cell">
                  <a className="govuk-link" href={`/items/${r.contactId}`} onClick={onLinkClick}>
                    {r.childName || 'Name not given'}
                  </a>
                  <span className="app-secondary">{childLine(r)}</span>
                  <span className="app-secondary">
                    <a className="govuk-link" href={`/children/${r.childId}`} onClick={onLinkClick}>
                      Child&apos;s record<span className="govuk-visually-hidden">: {r.childName}</span>
                    </a>
                  </span>
                </td>
                <td className="govuk-table__cell">
                  {agencyLabel(r.agency)}
                  {r.organisation && <span className="app-secondary">{r.organisation}</span>}
                </td>
                <td className="govuk-table__cell">{r.concernFirstLine}</td>
                <td className="govuk-table__cell">
                  {priorityLabel(r.priority)}
                  <span className={overdue ? 'app-overdue' : 'app-secondary'}>
                    {r.state === 'awaiting'
                      ? left.text
                      : (DESK_ITEM_STATE_LABELS[r.state as 'decided'] ?? r.state)}
                  </span>
                </td>
                <td className="govuk-table__cell">{levelLabel(r.needLevel)}</td>
                <td className="govuk-table__cell">{routeLabel(r.route)}</td>
                <td className="govuk-table__cell">
                  {r.claimedBy ?? <span className="app-secondary">Not held</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {cursor && (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={more}>
          Show more items
        </button>
      )}
    </Layout>
  );
}
