import { CHECK_TEXT } from '@app/contracts/placement-vocabulary';
import {
  CHECK_LABELS,
  CHECK_PASSED_TEXT,
  DIVERSION_LABELS,
  EVIDENCE_LABELS,
  FINAL_OUTCOME_LABELS,
  GATEKEEPING_OUTCOME_LABELS,
  LEGAL_BASIS_LABELS,
  PANEL_ACTION_LABELS,
  PANEL_DECISION_LABELS,
  PLACEMENT_STATUS_LABELS,
  PLACEMENT_TIMELINE_LABELS,
  PLACEMENT_TYPE_LABELS,
  PROVIDER_LABELS,
} from '@app/contracts/placement-labels';
import { labelOf, STAFF_ROLE_LABELS } from '@app/contracts/labels';
import { useCallback, useEffect, useState } from 'react';
import { placementApi, PlacementTimeline } from '../../api/placement';
import { ErrorSummary, FieldIds } from '../../components/ErrorSummary';
import { Layout } from '../../components/Layout';
import { day, when } from '../../format';
import { onLinkClick } from '../../router';
import { who } from '../../session';
import { chairs, mayCompleteActions, mayUpdate, OutcomeTag, PlacementNav, Row, Success } from './common';
import { DecisionForm, EvidenceForm, OutcomeForm } from './PanelForms';
import { TableHead } from '../../components/TableHead';

type Detail = PlacementTimeline['request'];
type Entry = PlacementTimeline['timeline'][number];

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** One evidence item in words: its status, then its dates and service. */
function evidenceText(
  key: keyof typeof EVIDENCE_LABELS,
  item: Record<string, string | undefined> | undefined,
) {
  if (!item?.status) return 'Not recorded';
  const parts = [labelOf(EVIDENCE_LABELS[key].statuses, item.status)];
  if (item.service) parts.push(item.service);
  if (item.from) parts.push(`from ${day(item.from)}${item.to ? ` to ${day(item.to)}` : ' (still going on)'}`);
  if (item.date) parts.push(day(item.date));
  return parts.join(', ');
}

const failedWords = (codes: string[]) =>
  codes.length
    ? `still lacks: ${codes.map((c) => labelOf(CHECK_LABELS, c).toLowerCase()).join('; ')}`
    : 'every check passes';

/** What a timeline entry says, in words, from the request's own records (the entry's text when none). */
function describe(e: Entry, t: PlacementTimeline): string {
  const r = t.request;
  switch (e.kind) {
    case 'received':
      return `${labelOf(PLACEMENT_TYPE_LABELS, r.placementType)}, ${labelOf(LEGAL_BASIS_LABELS, r.legalBasis)}${r.emergency ? ', emergency' : ''}.`;
    case 'evidence_updated': {
      const u = t.evidenceUpdates.find((x) => x.id === e.ref);
      if (!u) break;
      const items = Object.keys(u.evidence).map(
        (k) => EVIDENCE_LABELS[k as keyof typeof EVIDENCE_LABELS]?.label ?? k,
      );
      return `${items.join(', ')}: ${labelOf(GATEKEEPING_OUTCOME_LABELS, u.outcomeBefore)} to ${labelOf(GATEKEEPING_OUTCOME_LABELS, u.outcomeAfter)}; ${failedWords(u.failedAfter)}.`;
    }
    case 'panel_decision': {
      const d = r.panelDecisions.find((x) => x.id === e.ref);
      if (!d) break;
      const actions = d.actions.map(
        (a) => `${labelOf(PANEL_ACTION_LABELS, a.action)} (${a.owner}, by ${day(a.dueBy)})`,
      );
      return `${labelOf(PANEL_DECISION_LABELS, d.decision)}. ${d.reason}${actions.length ? ` Actions: ${actions.join('; ')}.` : ''}`;
    }
    case 'action_done': {
      const a = r.panelDecisions.flatMap((d) => d.actions).find((x) => x.id === e.ref);
      if (!a) break;
      return `${labelOf(PANEL_ACTION_LABELS, a.action)}${a.doneNote ? `: ${a.doneNote}` : ''}`;
    }
    case 'outcome': {
      const o = r.finalOutcome;
      if (!o) break;
      if (o.outcome === 'placed')
        return `${labelOf(FINAL_OUTCOME_LABELS, 'placed')}: ${labelOf(PLACEMENT_TYPE_LABELS, o.placementType)}, ${labelOf(PROVIDER_LABELS, o.provider)}${o.outOfCounty ? ', out of county' : ''}, from ${day(o.startDate)}, ${money.format(o.weeklyCost ?? 0)} a week.`;
      if (o.outcome === 'diverted')
        return `${labelOf(FINAL_OUTCOME_LABELS, 'diverted')}: ${labelOf(DIVERSION_LABELS, o.how)}.`;
      return `${labelOf(FINAL_OUTCOME_LABELS, 'withdrawn')}: ${o.reason ?? ''}`;
    }
    default:
      // An alert's own words: its title, note or resolution (the alert's code is not for the worker).
      return e.text.replace(/^Alert [A-Z0-9_]+( acknowledged| resolved)?: /, '');
  }
  return e.text;
}

/** The request's history as the MoJ timeline, newest first. */
function Timeline({ t }: { t: PlacementTimeline }) {
  const entries = [...t.timeline].reverse();
  return (
    <div className="moj-timeline" id="timeline">
      {entries.map((e, i) => (
        <div className="moj-timeline__item" key={`${e.kind}-${e.ref ?? ''}-${i}`} data-kind={e.kind}>
          <div className="moj-timeline__header">
            <h3 className="moj-timeline__title">{labelOf(PLACEMENT_TIMELINE_LABELS, e.kind)}</h3>
            {e.by && <p className="moj-timeline__byline">by {e.by}</p>}
          </div>
          <p className="moj-timeline__date">
            <time dateTime={e.at}>{when(e.at)}</time>
          </p>
          <div className="moj-timeline__description">{describe(e, t)}</div>
        </div>
      ))}
    </div>
  );
}

function requestedBy(r: Detail): string {
  const rb = (r.requestedBy ?? null) as { name?: string; role?: string; team?: string } | null;
  const named = rb ? [rb.name, rb.role, rb.team].filter(Boolean).join(', ') : '';
  return named ? `${named} (raised by ${r.submittedBy})` : r.submittedBy;
}

/** A placement request: its checks, evidence, actions and timeline, and the forms its reader's role may use. */
export function PlacementRequest({ id }: { id: string }) {
  const user = who();
  const [t, setT] = useState<PlacementTimeline | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<FieldIds>({});
  /** Which form the error answers: only its fields show the messages (two forms may share a path). */
  const [errorForm, setErrorForm] = useState('');
  const [done, setDone] = useState('');

  const load = useCallback(async () => {
    try {
      setT(await placementApi.timeline(id));
    } catch (e) {
      setError(e);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  /** A change to the request: on success the request reloads; errors go to the summary, linked to the form. */
  const act = async (what: () => Promise<unknown>, message: string, form = '', formFields: FieldIds = {}) => {
    try {
      await what();
      await load();
      setError(null);
      setDone(message);
      return true;
    } catch (e) {
      setDone('');
      setFields(formFields);
      setErrorForm(form);
      setError(e);
      return false;
    }
  };

  if (!t)
    return (
      <Layout current="placements">
        <PlacementNav current={null} who={user} />
        <ErrorSummary error={error} />
        {!error && <p className="govuk-body">Loading the request…</p>}
      </Layout>
    );

  const r = t.request;
  const open = !r.finalOutcome;
  const actions = r.panelDecisions.flatMap((d) => d.actions);
  // On the panel's list: held or under review, and not deferred with actions still to do.
  const last = r.panelDecisions[r.panelDecisions.length - 1];
  const deferredWaiting = last?.decision === 'deferred' && last.actions.some((a) => !a.doneAt);
  const awaitingPanel = open && (r.status === 'held' || r.status === 'under_review') && !deferredWaiting;
  const mayDo = (a: (typeof actions)[number]) =>
    !a.doneAt &&
    mayCompleteActions(user) &&
    (chairs(user) || a.owner === user?.username || r.submittedBy === user?.username);
  const e = (r.evidence ?? {}) as Record<string, Record<string, string | undefined> | undefined>;

  return (
    <Layout current="placements">
      <PlacementNav current={null} who={user} />
      <ErrorSummary error={error} fields={fields} />
      <Success message={done} />
      <span className="govuk-caption-l">Placement request, received {when(r.receivedAt)}</span>
      <h1 className="govuk-heading-l" id="request-title" data-request-id={r.id}>
        {labelOf(PLACEMENT_TYPE_LABELS, r.placementType)}
      </h1>
      <p className="govuk-body" id="request-status">
        <OutcomeTag outcome={r.gatekeeping.outcome} id="request-outcome" />{' '}
        <strong className="govuk-tag govuk-tag--grey" id="request-state" data-status={r.status}>
          {labelOf(PLACEMENT_STATUS_LABELS, r.status)}
        </strong>{' '}
        {r.finalOutcome && (
          <strong
            className="govuk-tag govuk-tag--blue"
            id="request-final"
            data-final={r.finalOutcome.outcome}
          >
            {labelOf(FINAL_OUTCOME_LABELS, r.finalOutcome.outcome)}
          </strong>
        )}
      </p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <dl className="govuk-summary-list" id="request-summary">
            <Row label="Received">{when(r.receivedAt)}</Row>
            <Row label="Legal basis">
              {labelOf(LEGAL_BASIS_LABELS, r.legalBasis)}
              {r.emergency ? ' (emergency)' : ''}
            </Row>
            <Row label="Requested by">{requestedBy(r)}</Row>
            <Row label="Child's id">{r.childId}</Row>
            {r.reason && <Row label="Reason">{r.reason}</Row>}
            {r.gatekeeping.reviewDueAt && <Row label="Review due">{when(r.gatekeeping.reviewDueAt)}</Row>}
            {r.linkedTo && (
              <Row label="Linked to">
                <a className="govuk-link" href={`/placements/${r.linkedTo}`} onClick={onLinkClick}>
                  The open request for this child and placement type
                </a>
              </Row>
            )}
            {r.finalOutcome && (
              <Row label="Outcome recorded">
                by {r.finalOutcome.recordedBy}, {when(r.finalOutcome.recordedAt)}
              </Row>
            )}
          </dl>

          <h2 className="govuk-heading-m">Checks</h2>
          <ul className="govuk-list" id="checks">
            {t.checks.map((c) => (
              <li key={c.code} data-code={c.code} data-passed={String(c.passed)}>
                <strong className={`govuk-tag ${c.passed ? 'govuk-tag--green' : 'govuk-tag--red'}`}>
                  {!c.applies ? 'Does not apply' : c.passed ? 'Passed' : 'Missing'}
                </strong>{' '}
                {!c.applies
                  ? `${labelOf(CHECK_LABELS, c.code)}: not checked for this type of placement.`
                  : c.passed
                    ? labelOf(CHECK_PASSED_TEXT, c.code)
                    : labelOf(CHECK_TEXT, c.code)}
              </li>
            ))}
          </ul>

          <h2 className="govuk-heading-m">Evidence</h2>
          <dl className="govuk-summary-list" id="evidence-summary">
            {(Object.keys(EVIDENCE_LABELS) as (keyof typeof EVIDENCE_LABELS)[]).map((k) => (
              <Row key={k} label={EVIDENCE_LABELS[k].label}>
                {evidenceText(k, e[k])}
              </Row>
            ))}
          </dl>

          <h2 className="govuk-heading-m">Panel actions</h2>
          {actions.length === 0 ? (
            <p className="govuk-body" id="actions">
              No actions.
            </p>
          ) : (
            <table className="govuk-table" id="actions">
              <TableHead columns={['Action', 'Owner', 'Due by', 'Done']} />
              <tbody className="govuk-table__body">
                {actions.map((a) => (
                  <tr
                    className="govuk-table__row"
                    key={a.id}
                    data-action-id={a.id}
                    data-done={String(Boolean(a.doneAt))}
                  >
                    <td className="govuk-table__cell">{labelOf(PANEL_ACTION_LABELS, a.action)}</td>
                    <td className="govuk-table__cell">
                      {a.owner}
                      {a.ownerRole && (
                        <span className="app-secondary">{labelOf(STAFF_ROLE_LABELS, a.ownerRole)}</span>
                      )}
                    </td>
                    <td className="govuk-table__cell">
                      {day(a.dueBy)}
                      {!a.doneAt && a.overdue && <span className="app-overdue">Overdue</span>}
                    </td>
                    <td className="govuk-table__cell">
                      {a.doneAt ? (
                        `${a.doneBy ?? ''}, ${when(a.doneAt)}`
                      ) : mayDo(a) ? (
                        <button
                          type="button"
                          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 action-done"
                          onClick={() =>
                            act(() => placementApi.actionDone(r.id, a.id), 'Action marked done.')
                          }
                        >
                          Mark done
                          <span className="govuk-visually-hidden">
                            : {labelOf(PANEL_ACTION_LABELS, a.action)}
                          </span>
                        </button>
                      ) : (
                        'Not yet'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          {chairs(user) && awaitingPanel && (
            <DecisionForm
              error={errorForm === 'decision' ? error : null}
              onSubmit={(body, f) =>
                act(() => placementApi.decide(r.id, body), 'Decision recorded.', 'decision', f)
              }
            />
          )}
          {mayUpdate(user) && open && ['held', 'under_review', 'linked'].includes(r.status) && (
            <EvidenceForm
              error={errorForm === 'evidence' ? error : null}
              onSubmit={(body, f) =>
                act(
                  () => placementApi.evidence(r.id, body),
                  'Evidence added; the checks ran again.',
                  'evidence',
                  f,
                )
              }
            />
          )}
          {mayUpdate(user) && open && (
            <OutcomeForm
              error={errorForm === 'outcome' ? error : null}
              onSubmit={(body, f) =>
                act(() => placementApi.outcome(r.id, body), 'Outcome recorded.', 'outcome', f)
              }
            />
          )}
        </div>
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">What happened</h2>
          <Timeline t={t} />
        </div>
      </div>
    </Layout>
  );
}
