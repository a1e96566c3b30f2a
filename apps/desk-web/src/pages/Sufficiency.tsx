import { labelOf } from '@app/contracts/labels';
import {
  DIVERSION_LABELS,
  LEGAL_BASIS_LABELS,
  PANEL_DECISION_LABELS,
  PLACEMENT_TYPE_LABELS,
  PROVIDER_LABELS,
} from '@app/contracts/placement-labels';
import { FormEvent, useCallback, useEffect, useState } from 'react';
import { insights, Range, Sufficiency as Figures } from '../api/insights';
import { ErrorSummary, fieldError } from '../components/ErrorSummary';
import {
  count,
  download,
  Figure,
  InsightsTabs,
  isForbidden,
  money,
  NoAccess,
  pct,
  RANGE_FIELDS,
  RangeInputs,
  rangeFromUrl,
} from '../components/InsightsParts';
import { Layout } from '../components/Layout';
import { TableHead } from '../components/TableHead';

type Row = { heading: string } | { key: string; label: string; count?: string; share?: string };

const share = (x: { count: number; share: number | null }) => ({
  count: count(x.count),
  share: pct(x.share),
});

/**
 * Every figure of GET /v1/insights/placements in reading order, under headings. Each row's key is the figure's
 * path in the answer (as the CSV names it), for tests and for anyone matching the two.
 */
function rowsOf(s: Figures): Row[] {
  const out: Row[] = [];
  const heading = (text: string) => out.push({ heading: text });
  const row = (key: string, label: string, values: { count?: string; share?: string }) =>
    out.push({ key, label, ...values });
  const each = (
    prefix: string,
    obj: Record<string, number | undefined>,
    labels: Record<string, string>,
    lead = '',
  ) =>
    Object.entries(obj).forEach(([k, n]) =>
      row(`${prefix}.${k}`, lead + labelOf(labels, k), { count: count(n) }),
    );

  heading('Requests');
  row('requests.total', 'Requests received', { count: count(s.requests.total) });
  each('requests.byType', s.requests.byType, PLACEMENT_TYPE_LABELS, 'Type: ');
  each('requests.byLegalBasis', s.requests.byLegalBasis, LEGAL_BASIS_LABELS, 'Legal basis: ');
  heading('Gatekeeping on arrival');
  row('gatekeeping.held', 'Held for panel', share(s.gatekeeping.held));
  row('gatekeeping.cleared', 'Cleared', share(s.gatekeeping.cleared));
  row('gatekeeping.emergency', 'Emergency', share(s.gatekeeping.emergency));
  row('gatekeeping.repeats', 'Repeats linked to an open request', { count: count(s.gatekeeping.repeats) });
  row('gatekeeping.clearedLaterByEvidence', 'Cleared later by new evidence', {
    count: count(s.gatekeeping.clearedLaterByEvidence),
  });
  heading('Placement panel');
  each('panel.decisions', s.panel.decisions, PANEL_DECISION_LABELS);
  row('panel.requestsDecided', 'Requests decided', { count: count(s.panel.requestsDecided) });
  const d = s.panel.daysToDecision;
  row('panel.daysToDecision', 'Days from request to decision (median, mean, longest)', {
    count: d.median === null ? '–' : `${d.median}, ${d.mean}, ${d.max}`,
  });
  heading('What happened');
  row('outcomes.placed', 'Placed', { count: count(s.outcomes.placed) });
  row('outcomes.diverted', 'Diverted to a family-based alternative', { count: count(s.outcomes.diverted) });
  each('outcomes.divertedHow', s.outcomes.divertedHow, DIVERSION_LABELS, 'Of which: ');
  row('outcomes.withdrawn', 'Withdrawn', { count: count(s.outcomes.withdrawn) });
  row('outcomes.open', 'No outcome yet', { count: count(s.outcomes.open) });
  row('outcomes.diversionRate', 'Diversion rate (of requests that ended)', {
    share: pct(s.outcomes.diversionRate),
  });
  heading('Placements');
  row('placements.count', 'Placements made', { count: count(s.placements.count) });
  Object.entries(s.placements.byProvider).forEach(([k, p]) =>
    row(`placements.byProvider.${k}`, labelOf(PROVIDER_LABELS, k), share(p)),
  );
  row('placements.outOfCounty', 'Out of county', share(s.placements.outOfCounty));
  each('placements.byType', s.placements.byType, PLACEMENT_TYPE_LABELS, 'Type: ');
  row('placements.weeklyCostCommitted', 'Weekly cost committed', {
    count: money(s.placements.weeklyCostCommitted),
  });
  row('placements.meanWeeklyCost', 'Mean weekly cost', { count: money(s.placements.meanWeeklyCost) });
  row('placements.highestWeeklyCost', 'Highest weekly cost', {
    count: money(s.placements.highestWeeklyCost),
  });
  return out;
}

/** Placement sufficiency (placement-gatekeeping.md, "Sufficiency"): the figures scrutiny asks for, and their CSV. */
export function Sufficiency() {
  const [draft, setDraft] = useState<Range>(rangeFromUrl);
  const [range, setRange] = useState<Range>(draft);
  const [figures, setFigures] = useState<Figures | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [forbidden, setForbidden] = useState<unknown>(null);

  const load = useCallback(async (r: Range) => {
    try {
      setFigures(await insights.placements(r));
      setError(null);
    } catch (e) {
      if (isForbidden(e)) setForbidden(e);
      else setError(e);
    }
  }, []);

  useEffect(() => {
    void load(range);
  }, [range, load]);

  const apply = (ev: FormEvent) => {
    ev.preventDefault();
    history.replaceState(null, '', `/sufficiency?${new URLSearchParams({ ...draft })}`);
    setRange({ ...draft });
  };

  const exportCsv = async () => {
    try {
      // The desk's own CSV (figure,value), so the file and the JSON read can never disagree.
      const csv = await insights.placementsCsv(range);
      download(csv, `placement-sufficiency-${range.from}-${range.to}.csv`);
    } catch (e) {
      if (isForbidden(e)) setForbidden(e);
      else setError(e);
    }
  };

  if (forbidden) return <NoAccess error={forbidden} current="dashboard" />;
  const s = figures;
  return (
    <Layout current="dashboard">
      <ErrorSummary error={error} fields={RANGE_FIELDS} />
      <h1 className="govuk-heading-l">Placement sufficiency</h1>
      <InsightsTabs current="sufficiency" range={range} />
      <p className="govuk-body">
        Placement requests received in the range and what became of them, straight from the requests: the
        figures a scrutiny committee asks for.
      </p>
      <form onSubmit={apply} className="app-filters" aria-label="Choose the range" noValidate>
        <RangeInputs range={draft} onChange={setDraft} errorFor={(p) => fieldError(error, p)} />
        <div className="govuk-form-group">
          <div className="govuk-button-group govuk-!-margin-bottom-0">
            <button type="submit" className="govuk-button govuk-!-margin-bottom-0">
              Show
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              id="sufficiency-export"
              onClick={() => void exportCsv()}
            >
              Export CSV
            </button>
          </div>
        </div>
      </form>
      <section id="sufficiency" data-state={s ? 'loaded' : 'loading'} aria-labelledby="headline-title">
        <h2 className="govuk-heading-m" id="headline-title">
          {s ? `Requests received ${s.from} to ${s.to}` : 'Loading the figures…'}
        </h2>
        <dl className="app-figures">
          <Figure name="requests" label="Requests received" value={count(s?.requests.total)} />
          <Figure name="held" label="Held for panel" value={pct(s?.gatekeeping.held.share)} />
          <Figure name="diversion-rate" label="Diversion rate" value={pct(s?.outcomes.diversionRate)} />
          <Figure name="placements" label="Placements made" value={count(s?.placements.count)} />
          <Figure name="out-of-county" label="Out of county" value={pct(s?.placements.outOfCounty.share)} />
          <Figure
            name="unregistered"
            label="Unregistered"
            warn={Boolean(s?.placements.unregistered.count)}
            value={pct(s?.placements.unregistered.share)}
          />
          <Figure
            name="weekly-cost"
            label="Weekly cost committed"
            value={money(s?.placements.weeklyCostCommitted)}
          />
        </dl>
        {s && (
          <table className="govuk-table app-insights-table" id="sufficiency-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Every figure</caption>
            <TableHead
              columns={[
                'Figure',
                { label: 'Count', className: 'govuk-table__header--numeric' },
                { label: 'Share', className: 'govuk-table__header--numeric' },
              ]}
            />
            <tbody className="govuk-table__body">
              {rowsOf(s).map((r, i) =>
                'heading' in r ? (
                  <tr className="govuk-table__row app-row-heading" key={i}>
                    <th scope="colgroup" colSpan={3} className="govuk-table__header">
                      {r.heading}
                    </th>
                  </tr>
                ) : (
                  <tr className="govuk-table__row" key={i} data-figure={r.key}>
                    <th scope="row" className="govuk-table__header app-figure-name">
                      {r.label}
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric count">{r.count ?? ''}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric share">{r.share ?? ''}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}
