import {
  agencyLabel,
  DESK_ITEM_STATE_LABELS,
  labelOf,
  levelLabel,
  LOCALITY_LABELS,
  NEED_LEVEL_LABELS,
  routeLabel,
} from '@app/contracts/labels';
import { SOURCE_GROUP_LABELS, SOURCE_GROUPS } from '@app/contracts/agencies';
import { NEED_LEVELS } from '@app/contracts/duty-vocabulary';
import type { ChartConfiguration } from 'chart.js';
import { FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import {
  DailyPoint,
  insights,
  InsightsSummary,
  PartnerFigures,
  Range,
  Spike,
  SpikeContacts,
  SpikeExplanation,
} from '../api/insights';
import { ErrorSummary, fieldError } from '../components/ErrorSummary';
import { CHART_COLOURS, InsightsChart } from '../components/InsightsChart';
import {
  count,
  csvCell,
  download,
  Figure,
  InsightsTabs,
  isForbidden,
  NoAccess,
  pct,
  RANGE_FIELDS,
  RangeInputs,
  rangeFromUrl,
} from '../components/InsightsParts';
import { Layout } from '../components/Layout';

type Breakdown = 'source_group' | 'locality';

/** Every series the dashboard offers (insights-api.md "Series"), named in words from libs/contracts. */
const SERIES: [string, string][] = [
  ['total', 'All contacts'],
  ...SOURCE_GROUPS.map((g): [string, string] => [`source_group:${g}`, SOURCE_GROUP_LABELS[g]]),
  ...Object.entries(LOCALITY_LABELS).map(([l, label]): [string, string] => [`locality:${l}`, label]),
];
const SERIES_LABEL = Object.fromEntries(SERIES);
const seriesLabel = (name: string) => labelOf(SERIES_LABEL, name);
const localityOf = (code: string) => labelOf(LOCALITY_LABELS, code);
const sourceOf = (code: string) => labelOf(SOURCE_GROUP_LABELS, code);

interface Filters extends Range {
  series: string;
  breakdown: Breakdown;
}

function filtersFromUrl(): Filters {
  const q = new URLSearchParams(location.search);
  const series = q.get('series') ?? 'total';
  return {
    ...rangeFromUrl(),
    series: SERIES_LABEL[series] ? series : 'total',
    breakdown: q.get('breakdown') === 'locality' ? 'locality' : 'source_group',
  };
}

interface Loaded {
  filters: Filters;
  daily: Record<string, DailyPoint[]>;
  spikes: Spike[];
  summary: InsightsSummary;
}

const num = (v: number | null) => (v === null ? '–' : String(v));
const signed = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : ''}${v}`);

function age(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

/** A plain GOV.UK table: a caption, column headings, and rows of text (the first cell heads its row). */
function Table({
  id,
  caption,
  head,
  rows,
  empty,
  numeric = [],
}: {
  id: string;
  caption: string;
  head: string[];
  rows: (string | React.ReactNode)[][];
  empty?: string;
  numeric?: number[];
}) {
  return (
    <table className="govuk-table app-insights-table" id={id}>
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {head.map((h, i) => (
            <th
              key={i}
              scope="col"
              className={`govuk-table__header${numeric.includes(i) ? ' govuk-table__header--numeric' : ''}`}
            >
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.length === 0 && empty ? (
          <tr className="govuk-table__row">
            <td className="govuk-table__cell" colSpan={head.length}>
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((cells, r) => (
            <tr className="govuk-table__row" key={r}>
              {cells.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="govuk-table__header">
                    {c}
                  </th>
                ) : (
                  <td
                    key={i}
                    className={`govuk-table__cell${numeric.includes(i) ? ' govuk-table__cell--numeric' : ''}`}
                  >
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** The numbers on screen as CSV: the daily series (with the band and spike flags), then the range's breakdowns. */
function dashboardCsv({ daily, spikes, summary: s }: Loaded): string {
  const flagged = new Set(spikes.map((x) => `${x.date}|${x.series}`));
  const lines = ['date,series,count,expected,upper,spike'];
  for (const [name, points] of Object.entries(daily))
    for (const p of points)
      lines.push(
        [p.date, name, p.count, p.expected, p.upper, flagged.has(`${p.date}|${name}`) ? 1 : 0]
          .map(csvCell)
          .join(','),
      );
  lines.push('', 'measure,key,value');
  const add = (measure: string, obj: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(obj)) lines.push([measure, k, v].map(csvCell).join(','));
  };
  add('source_group', s.bySourceGroup);
  add('locality', s.byLocality);
  add('level', s.conversion.byLevel);
  add('route', s.conversion.byRoute);
  add('timeliness', { met: s.timeliness.met, missed: s.timeliness.missed });
  add('referrals', {
    count: s.referrals.count,
    reReferrals: s.referrals.reReferrals,
    noFurtherAction: s.referrals.noFurtherAction,
  });
  add('queue', s.queue);
  add('dead_letters', s.deadLetters);
  return lines.join('\n') + '\n';
}

export function Dashboard() {
  const [draft, setDraft] = useState<Filters>(filtersFromUrl);
  const [filters, setFilters] = useState<Filters>(draft);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [partners, setPartners] = useState<PartnerFigures | null>(null);
  const [partnersNote, setPartnersNote] = useState<string | null>(null);
  const [explained, setExplained] = useState<SpikeExplanation | null>(null);
  const [contacts, setContacts] = useState<SpikeContacts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [forbidden, setForbidden] = useState<unknown>(null);

  const load = useCallback(async (f: Filters) => {
    const breakdown = SERIES.map(([s]) => s).filter((s) => s.startsWith(`${f.breakdown}:`));
    const wanted = [f.series, ...breakdown.filter((s) => s !== f.series)];
    const range = { from: f.from, to: f.to };
    setError(null);
    // Per-partner figures are read by fewer roles: a table of their own, so the rest still shows.
    insights.partners(range).then(
      (p) => {
        setPartners(p);
        setPartnersNote(null);
      },
      (e) => {
        setPartners(null);
        setPartnersNote(isForbidden(e) ? 'Not shown to your role.' : (e as Error).message);
      },
    );
    try {
      const [daily, spikes, summary] = await Promise.all([
        insights.daily(range, wanted),
        insights.spikes(range),
        insights.summary(range),
      ]);
      setLoaded({ filters: f, daily: daily.series, spikes: spikes.spikes, summary });
      setExplained(null);
      setContacts(null);
    } catch (e) {
      if (isForbidden(e)) setForbidden(e);
      else setError(e);
    }
  }, []);

  useEffect(() => {
    void load(filters);
  }, [filters, load]);

  const apply = (ev: FormEvent) => {
    ev.preventDefault();
    const q = new URLSearchParams({ ...draft });
    history.replaceState(null, '', `/dashboard?${q}`);
    setFilters({ ...draft });
  };

  const explain = async (s: Spike) => {
    try {
      setContacts(null);
      setExplained(await insights.explain(s.date, s.series));
      setError(null);
      requestAnimationFrame(() => document.getElementById('spike-explain')?.focus());
    } catch (e) {
      setError(e);
    }
  };

  const listContacts = async () => {
    if (!explained) return;
    try {
      setContacts(await insights.spikeContacts(explained.date, explained.series));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };

  const charts = useMemo(() => (loaded ? chartsOf(loaded) : null), [loaded]);

  if (forbidden) return <NoAccess error={forbidden} current="dashboard" />;

  const s = loaded?.summary;
  const f = loaded?.filters ?? filters;
  const dlqTotal = s ? Object.values(s.deadLetters).reduce<number>((t, n) => t + (n ?? 0), 0) : 0;
  const dlqUnknown = s ? Object.values(s.deadLetters).some((n) => n === null) : false;
  return (
    <Layout current="dashboard">
      <ErrorSummary error={error} fields={RANGE_FIELDS} />
      <h1 className="govuk-heading-l">Demand dashboard</h1>
      <InsightsTabs current="dashboard" range={filters} />
      <form onSubmit={apply} className="app-filters" aria-label="Filter the dashboard" noValidate>
        <RangeInputs
          range={draft}
          onChange={(r) => setDraft({ ...draft, ...r })}
          errorFor={(p) => fieldError(error, p)}
        />
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="dash-series">
            Series
          </label>
          <select
            className="govuk-select"
            id="dash-series"
            value={draft.series}
            onChange={(e) => setDraft({ ...draft, series: e.target.value })}
          >
            {SERIES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="dash-breakdown">
            Breakdown
          </label>
          <select
            className="govuk-select"
            id="dash-breakdown"
            value={draft.breakdown}
            onChange={(e) => setDraft({ ...draft, breakdown: e.target.value as Breakdown })}
          >
            <option value="source_group">By source</option>
            <option value="locality">By locality</option>
          </select>
        </div>
        <div className="govuk-form-group">
          <div className="govuk-button-group govuk-!-margin-bottom-0">
            <button type="submit" className="govuk-button govuk-!-margin-bottom-0">
              Show
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              id="dash-export"
              disabled={!loaded}
              onClick={() => loaded && download(dashboardCsv(loaded), `insights-${f.from}-to-${f.to}.csv`)}
            >
              Export CSV
            </button>
          </div>
        </div>
      </form>

      <div aria-live="polite" className="govuk-visually-hidden">
        {loaded ? `Showing ${f.from} to ${f.to}` : 'Loading the figures…'}
      </div>

      <section aria-labelledby="live-title" data-state={loaded ? 'loaded' : 'loading'} id="dashboard">
        <h2 className="govuk-heading-m" id="live-title">
          The range and the live picture
        </h2>
        <dl className="app-figures">
          <Figure name="total" label="Contacts in range" value={count(s?.total)} />
          <Figure
            name="levels34"
            label="Levels 3 and 4 (of triaged)"
            value={pct(s?.conversion.levels3and4Share)}
          />
          <Figure
            name="recontacts"
            label="Re-contacts (12 months)"
            value={s ? `${count(s.recontacts.count)} (${pct(s.recontacts.share)})` : '–'}
          />
          <Figure
            name="referrals"
            label="Referrals (re-referral rate)"
            value={s ? `${count(s.referrals.count)} (${pct(s.referrals.reReferralRate)})` : '–'}
          />
          <Figure
            name="timeliness"
            label="Decided in time"
            value={
              s ? `${pct(s.timeliness.metShare)} of ${count(s.timeliness.met + s.timeliness.missed)}` : '–'
            }
          />
          <Figure
            name="queue"
            label="Awaiting decision"
            warn={Boolean(s?.queue.overdue)}
            value={
              s
                ? `${count(s.queue.depth)}${s.queue.overdue ? ` (${count(s.queue.overdue)} overdue)` : ''}`
                : '–'
            }
          />
          <Figure name="oldest" label="Oldest waiting" value={s ? age(s.queue.oldestAgeSeconds) : '–'} />
          <Figure
            name="dead-letters"
            label="Dead letters"
            warn={dlqTotal > 0}
            value={s ? (dlqUnknown && !dlqTotal ? 'unknown' : count(dlqTotal)) : '–'}
          />
        </dl>
      </section>

      {loaded && charts && (
        <>
          <section className="app-panel" aria-labelledby="series-title">
            <h2 className="govuk-heading-m" id="series-title">
              {seriesLabel(f.series)}: contacts per day
            </h2>
            <p className="govuk-body-s">
              The shaded band runs from the expected count to the alarm limit of the spike detection method;
              red triangles mark the days it flagged.
            </p>
            <InsightsChart
              id="series-chart"
              config={charts.series}
              summary={charts.seriesSummary}
              table={
                <Table
                  id="series-table"
                  caption={`${seriesLabel(f.series)} per day`}
                  head={['Date', 'Contacts', 'Expected', 'Alarm limit', 'Spike']}
                  numeric={[1, 2, 3]}
                  rows={(loaded.daily[f.series] ?? []).map((p) => [
                    p.date,
                    String(p.count),
                    num(p.expected),
                    num(p.upper),
                    charts.spikeDays.has(p.date) ? 'Spike' : '',
                  ])}
                />
              }
            />
          </section>

          <div className="app-grid">
            <section className="app-panel" aria-labelledby="breakdown-title">
              <h2 className="govuk-heading-m" id="breakdown-title">
                {f.breakdown === 'locality' ? 'By locality' : 'By source'}
              </h2>
              <InsightsChart
                id="breakdown-chart"
                config={charts.breakdown}
                summary={charts.breakdownSummary}
                table={
                  <Table
                    id="breakdown-table"
                    caption={`Contacts in the range ${f.breakdown === 'locality' ? 'by locality' : 'by source'}`}
                    head={[f.breakdown === 'locality' ? 'Locality' : 'Source', 'Contacts']}
                    numeric={[1]}
                    rows={charts.breakdownTotals.map(([name, n]) => [seriesLabel(name), count(n)])}
                  />
                }
              />
            </section>
            <section className="app-panel" aria-labelledby="level-title">
              <h2 className="govuk-heading-m" id="level-title">
                Conversion by level
              </h2>
              <InsightsChart
                id="level-chart"
                small
                config={charts.levels}
                summary={charts.levelSummary}
                table={
                  <Table
                    id="level-table"
                    caption="Triaged contacts by need level"
                    head={['Level', 'Contacts']}
                    numeric={[1]}
                    rows={NEED_LEVELS.map((l) => [levelLabel(l), count(s!.conversion.byLevel[l] ?? 0)])}
                  />
                }
              />
              <Table
                id="route-table"
                caption="By route"
                head={['Route', 'Contacts']}
                numeric={[1]}
                empty="None triaged in this range."
                rows={Object.entries(s!.conversion.byRoute).map(([r, n]) => [routeLabel(r), count(n)])}
              />
            </section>
          </div>
        </>
      )}

      <section className="app-panel" aria-labelledby="partner-title">
        <h2 className="govuk-heading-m" id="partner-title">
          Feedback to referrers
        </h2>
        <p className="govuk-body-s">
          Per partner, of the contacts it sent in the range: first duty decision within one working day,
          closed with no further action, and closed with a referral outcome.
        </p>
        <Table
          id="partner-table"
          caption="Partners with a contact in the range, most contacts first"
          head={[
            'Partner',
            'Agency',
            'Contacts sent',
            'Decided within 1 working day',
            'No further action',
            'Referrals',
          ]}
          numeric={[2, 3, 4, 5]}
          empty={partnersNote ?? (partners ? 'No contacts from partners in this range.' : 'Loading…')}
          rows={(partners?.partners ?? []).map((p) => [
            p.organisation || p.name,
            agencyLabel(p.agency),
            count(p.contactsSent),
            pct(p.decidedWithinOneWorkingDay.share),
            pct(p.noFurtherAction.share),
            pct(p.referrals.share),
          ])}
        />
      </section>

      {loaded && (
        <section className="app-panel" aria-labelledby="spikes-title">
          <h2 className="govuk-heading-m" id="spikes-title">
            Spikes detected
          </h2>
          <Table
            id="spike-table"
            caption="Every series and day the method flagged in the range"
            head={['Date', 'Series', 'Contacts', 'Expected', 'Alarm limit', 'Explain']}
            numeric={[2, 3, 4]}
            empty="No spikes in this range."
            rows={loaded.spikes.map((x) => [
              x.date,
              seriesLabel(x.series),
              String(x.count),
              num(x.expected),
              num(x.upper),
              <button
                key="explain"
                type="button"
                className="app-sort-button"
                aria-label={`Explain ${seriesLabel(x.series)} on ${x.date}`}
                onClick={() => void explain(x)}
              >
                Explain
              </button>,
            ])}
          />
        </section>
      )}

      {explained && (
        <section className="app-panel" id="spike-explain" tabIndex={-1} aria-labelledby="spike-explain-title">
          <h2 className="govuk-heading-m" id="spike-explain-title">
            {seriesLabel(explained.series)} on {explained.date}: what drove it
          </h2>
          <p className="govuk-body" id="spike-explain-summary">
            {explained.count} contacts against{' '}
            {explained.expected === null
              ? 'no expectation yet'
              : `${explained.expected} expected (alarm limit ${num(explained.upper)})`}
            ; school calendar: {explained.schoolPeriod.replace('_', ' ')}.
          </p>
          <div className="app-grid app-grid--three">
            <Table
              id="explain-source"
              caption="By source"
              head={['Source', 'Contacts', 'Expected', 'Excess']}
              numeric={[1, 2, 3]}
              empty="None."
              rows={explained.bySource.map((d) => [
                sourceOf(d.key),
                String(d.count),
                num(d.expected),
                signed(d.excess),
              ])}
            />
            <Table
              id="explain-locality"
              caption="By locality"
              head={['Locality', 'Contacts', 'Expected', 'Excess']}
              numeric={[1, 2, 3]}
              empty="None."
              rows={explained.byLocality.map((d) => [
                localityOf(d.key),
                String(d.count),
                num(d.expected),
                signed(d.excess),
              ])}
            />
            <Table
              id="explain-level"
              caption="By need level (triaged)"
              head={['Level', 'Contacts', 'Expected', 'Excess']}
              numeric={[1, 2, 3]}
              empty="None triaged."
              rows={explained.byLevel.map((d) => [
                labelOf(NEED_LEVEL_LABELS, d.key),
                String(d.count),
                num(d.expected),
                signed(d.excess),
              ])}
            />
          </div>
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            id="spike-contacts-button"
            onClick={listContacts}
          >
            List the day&rsquo;s contacts
          </button>
          <p className="govuk-body-s">Listing the contacts is recorded in the audit trail.</p>
          {contacts && (
            <Table
              id="spike-contacts"
              caption={`Contacts on ${contacts.date}`}
              head={['Received', 'Contact', 'Agency', 'Locality', 'Level', 'Route', 'Status']}
              empty="No contacts."
              rows={contacts.contacts.map((c) => [
                c.receivedAt.slice(11, 16),
                c.contactId.slice(0, 8),
                agencyLabel(c.agency),
                localityOf(c.locality),
                c.needLevel === null ? '–' : levelLabel(c.needLevel),
                c.route ? routeLabel(c.route) : '–',
                labelOf(DESK_ITEM_STATE_LABELS, c.status) + (c.imported ? ' (imported)' : ''),
              ])}
            />
          )}
        </section>
      )}

      {loaded && (
        <section className="app-panel" aria-labelledby="dlq-title">
          <h2 className="govuk-heading-m" id="dlq-title">
            Dead-letter topics
          </h2>
          <Table
            id="dlq-table"
            caption="Messages held on each dead-letter topic"
            head={['Topic', 'Messages']}
            numeric={[1]}
            rows={Object.entries(loaded.summary.deadLetters).map(([t, n]) => [
              t,
              n === null ? 'unknown' : count(n),
            ])}
          />
        </section>
      )}
    </Layout>
  );
}

/** The three charts of a loaded range, with the one-line summaries that name them for screen readers. */
function chartsOf({ filters: f, daily, spikes, summary: s }: Loaded) {
  const points = daily[f.series] ?? [];
  const flagged = spikes.filter((x) => x.series === f.series);
  const spikeDays = new Set(flagged.map((x) => x.date));
  const series: ChartConfiguration = {
    type: 'line',
    data: {
      labels: points.map((p) => p.date),
      datasets: [
        {
          label: 'Expected',
          data: points.map((p) => p.expected),
          borderColor: '#505a5f',
          borderDash: [4, 4],
          pointRadius: 0,
          borderWidth: 1,
          fill: false,
        },
        {
          label: 'Alarm limit (expected band)',
          data: points.map((p) => p.upper),
          borderColor: 'rgba(29,112,184,0.35)',
          backgroundColor: 'rgba(29,112,184,0.15)',
          pointRadius: 0,
          borderWidth: 1,
          fill: '-1',
        },
        {
          label: 'Contacts',
          data: points.map((p) => p.count),
          borderColor: '#0b0c0c',
          pointRadius: points.length > 120 ? 0 : 2,
          borderWidth: 1.5,
          fill: false,
        },
        {
          label: 'Spike',
          type: 'scatter',
          data: points.filter((p) => spikeDays.has(p.date)).map((p) => ({ x: p.date, y: p.count })),
          pointStyle: 'triangle',
          pointRadius: 8,
          backgroundColor: '#d4351c',
          borderColor: '#d4351c',
        },
      ],
    } as ChartConfiguration['data'],
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: { x: { type: 'category', ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true } },
    },
  };
  const total = points.reduce((t, p) => t + p.count, 0);
  const peak = points.reduce<DailyPoint | null>((m, p) => (!m || p.count > m.count ? p : m), null);
  const seriesSummary =
    `${seriesLabel(f.series)}: ${count(total)} contacts over ${points.length} days` +
    (peak ? `, most on ${peak.date} (${peak.count})` : '') +
    `; ${flagged.length === 0 ? 'no spikes' : flagged.length === 1 ? '1 spike' : `${flagged.length} spikes`} flagged` +
    (flagged.length ? ` (${flagged.map((x) => x.date).join(', ')})` : '') +
    '.';

  const names = Object.keys(daily).filter((n) => n.startsWith(`${f.breakdown}:`));
  const breakdownTotals: [string, number][] = names.map((n) => [
    n,
    daily[n].reduce((t, p) => t + p.count, 0),
  ]);
  const breakdown: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: (daily[names[0]] ?? points).map((p) => p.date),
      datasets: names.map((n, i) => ({
        label: seriesLabel(n),
        data: daily[n].map((p) => p.count),
        backgroundColor: CHART_COLOURS[i % CHART_COLOURS.length],
        stack: 'all',
      })),
    },
    options: {
      scales: { x: { stacked: true, ticks: { maxTicksLimit: 12 } }, y: { stacked: true, beginAtZero: true } },
    },
  };
  const breakdownSummary = `Contacts per day, stacked ${f.breakdown === 'locality' ? 'by locality' : 'by source'}: ${breakdownTotals
    .map(([n, t]) => `${seriesLabel(n)} ${count(t)}`)
    .join(', ')}.`;

  const levels: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: NEED_LEVELS.map((l) => `Level ${l}`),
      datasets: [
        {
          label: 'Triaged contacts',
          data: NEED_LEVELS.map((l) => s.conversion.byLevel[l] ?? 0),
          backgroundColor: ['#85994b', '#1d70b8', '#f47738', '#d4351c'],
        },
      ],
    },
    options: { plugins: { legend: { display: false } } },
  };
  const levelSummary = `Triaged contacts by need level: ${NEED_LEVELS.map(
    (l) => `level ${l} ${count(s.conversion.byLevel[l] ?? 0)}`,
  ).join(', ')}.`;
  return {
    series,
    seriesSummary,
    spikeDays,
    breakdown,
    breakdownSummary,
    breakdownTotals,
    levels,
    levelSummary,
  };
}
