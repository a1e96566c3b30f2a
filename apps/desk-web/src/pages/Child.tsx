import {
  AGENCY_LABELS,
  CLOSURE_REASON_LABELS,
  CONSENT_LABELS,
  DESK_ITEM_STATE_LABELS,
  DISABILITY_LABELS,
  GENDER_LABELS,
  SEX_LABELS,
  STAFF_ROLE_LABELS,
  agencyLabel,
  indicatorLabel,
  labelOf,
  levelLabel,
  localityLabel,
  outcomeLabel,
  primaryNeedLabel,
  priorityLabel,
  routeLabel,
} from '@app/contracts/labels';
import { FormEvent, ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { api, ChildIdentity, PossibleMatch } from '../api';
import { childApi, ChildView } from '../api/child';
import { ErrorSummary } from '../components/ErrorSummary';
import { Layout } from '../components/Layout';
import './records.css';
import { day, timeLeft, when } from '../format';
import { useLive } from '../live';
import { navigate, onLinkClick } from '../router';
import { canDecide, who } from '../session';
import { Match, nameOf, Picture } from './Item';
import { TableHead } from '../components/TableHead';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

/** Whole years from a date of birth to now; "unborn" before an expected date. */
function ageOf(c: ChildIdentity): string {
  if (!c.dateOfBirth)
    return c.expectedDateOfBirth ? `Unborn, due ${day(c.expectedDateOfBirth)}` : 'Not given';
  const born = new Date(c.dateOfBirth);
  const now = new Date();
  let years = now.getFullYear() - born.getFullYear();
  if (
    now.getMonth() < born.getMonth() ||
    (now.getMonth() === born.getMonth() && now.getDate() < born.getDate())
  )
    years--;
  return `${day(c.dateOfBirth)} (${years === 1 ? '1 year' : `${years} years`})`;
}

const entries = (n: number) => (n === 1 ? '1 entry' : `${n} entries`);

/** Opening a record by its id, for a worker who has one from elsewhere (a referral, a return's query). */
function FindChild() {
  const [id, setId] = useState('');
  const [wrong, setWrong] = useState(false);
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!UUID.test(id.trim())) return setWrong(true);
    navigate(`/children/${id.trim()}`);
  };
  return (
    <Layout>
      <h1 className="govuk-heading-l">Open a child&apos;s record</h1>
      <form onSubmit={submit} noValidate>
        <div className={`govuk-form-group${wrong ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label" htmlFor="child-id">
            Child&apos;s id
          </label>
          <div className="govuk-hint" id="child-id-hint">
            36 characters, as the queue or a return shows it
          </div>
          {wrong && (
            <p className="govuk-error-message" id="child-id-error">
              <span className="govuk-visually-hidden">Error:</span> Enter a child&apos;s id of 36 characters
            </p>
          )}
          <input
            className="govuk-input govuk-input--width-30"
            id="child-id"
            value={id}
            aria-describedby={`child-id-hint${wrong ? ' child-id-error' : ''}`}
            onChange={(e) => setId(e.target.value)}
          />
        </div>
        <button type="submit" className="govuk-button">
          Open the record
        </button>
      </form>
    </Layout>
  );
}

export function Child({ childId }: { childId: string | null }) {
  if (!childId) return <FindChild />;
  return <ChildRecordPage childId={childId} />;
}

/** The message a merge leaves for the record it moves to (the page is mounted afresh for that child). */
let flash = '';

function ChildRecordPage({ childId }: { childId: string }) {
  const [view, setView] = useState<ChildView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(() => {
    const message = flash;
    flash = '';
    return message;
  });
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [agency, setAgency] = useState('');
  const user = who();

  const load = useCallback(async () => {
    try {
      setView(await childApi.read(childId));
    } catch (e) {
      setError(e);
    }
  }, [childId]);

  useEffect(() => {
    void load();
  }, [load]);

  // A change to one of this child's items (claimed, decided, closed, re-triaged) is read again.
  useLive((e) => {
    if (e.type === 'queue' && view?.contacts.some((c) => c.id === e.contactId)) void load();
  });

  const contacts = useMemo(() => [...(view?.contacts ?? [])].reverse(), [view]);
  const shown = agency ? contacts.filter((c) => c.agency === agency) : contacts;
  const agencies = useMemo(() => [...new Set(contacts.map((c) => c.agency))].sort(), [contacts]);

  if (!view)
    return (
      <Layout>
        <ErrorSummary error={error} />
        {!error && <p className="govuk-body">Loading the child&apos;s record…</p>}
      </Layout>
    );

  const latest = contacts[0];
  const me = latest?.child ?? {};
  const open = contacts.filter((c) => c.deskItem && c.deskItem.state !== 'closed');
  const ch = view.characteristics;

  const review = async (m: PossibleMatch, same: boolean) => {
    const reason = reasons[m.contactId]?.trim() || undefined;
    try {
      const r = (await (same
        ? api.confirmMatch(view.childId, m.contactId, reason as string)
        : api.rejectMatch(view.childId, m.contactId, reason as string))) as { childId: string };
      setError(null);
      const message = same
        ? 'Match confirmed: the records are merged and the awaiting contacts triaged again.'
        : 'Match rejected: these are different children.';
      if (r.childId !== view.childId) {
        flash = message;
        navigate(`/children/${r.childId}`, true);
      } else {
        setDone(message);
        await load();
      }
    } catch (e) {
      setDone('');
      setError(e);
    }
  };

  return (
    <Layout>
      <ErrorSummary error={error} />
      {done && (
        <div
          className="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          aria-labelledby="done-title"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="done-title">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{done}</p>
          </div>
        </div>
      )}
      <span className="govuk-caption-l">Child&apos;s record</span>
      <h1 className="govuk-heading-l">{nameOf(me)}</h1>
      <p className="govuk-body app-secondary">
        Every time this record is opened, the read is recorded in the audit trail.
      </p>
      {view.requestedChildId && (
        <div className="govuk-inset-text">The record asked for was merged into this one.</div>
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <h2 className="govuk-heading-m">About the child</h2>
          <dl className="govuk-summary-list" id="about">
            <Row label="Date of birth">{ageOf(me)}</Row>
            <Row label="Gender">{me.gender ? labelOf(GENDER_LABELS, me.gender) : 'Not given'}</Row>
            <Row label="NHS number">{me.nhsNumber ?? 'Not given'}</Row>
            <Row label="Postcode">{me.address?.postcode ?? 'Not given'}</Row>
            <Row label="Locality">{latest ? localityLabel(latest.locality) : ''}</Row>
            <Row label="Child's id">{view.childId}</Row>
            <Row label="Merged from">{view.mergedFrom.join(', ') || 'No other records'}</Row>
          </dl>
        </div>
        <div className="govuk-grid-column-one-half">
          <h2 className="govuk-heading-m">Recorded for the returns</h2>
          <dl className="govuk-summary-list" id="characteristics">
            <Row label="Sex">{ch?.sex ? labelOf(SEX_LABELS, ch.sex) : 'Not recorded'}</Row>
            <Row label="Ethnicity (DfE code)">{ch?.ethnicity ?? 'Not recorded'}</Row>
            <Row label="Disability">
              {ch?.disabilities?.length
                ? ch.disabilities.map((d) => labelOf(DISABILITY_LABELS, d)).join(', ')
                : 'Not recorded'}
            </Row>
            <Row label="Pupil number (UPN)">{ch?.upn ?? me.upn ?? 'Not recorded'}</Row>
          </dl>
          <h2 className="govuk-heading-m">On the desk now</h2>
          {open.length === 0 ? (
            <p className="govuk-body">No open items.</p>
          ) : (
            <ul className="govuk-list" id="open-items">
              {open.map((c) => (
                <li key={c.id}>
                  <a className="govuk-link" href={`/items/${c.id}`} onClick={onLinkClick}>
                    {agencyLabel(c.agency)}, {when(c.receivedAt)}
                  </a>
                  <span className="app-secondary">
                    {labelOf(DESK_ITEM_STATE_LABELS, c.deskItem!.state)},{' '}
                    {priorityLabel(c.deskItem!.priority).toLowerCase()}
                    {c.deskItem!.claimedBy ? `, held by ${c.deskItem!.claimedBy}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>

      {view.possibleMatches.length > 0 && (
        <>
          <h2 className="govuk-heading-m">Possible matches to check</h2>
          {view.possibleMatches.map((m) => (
            <Match
              key={m.contactId}
              mine={me}
              match={m}
              onReview={canDecide(user) ? (x, same) => void review(x, same) : undefined}
            >
              {canDecide(user) && (
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor={`match-reason-${m.contactId}`}>
                    Why (optional)
                  </label>
                  <input
                    className="govuk-input"
                    id={`match-reason-${m.contactId}`}
                    value={reasons[m.contactId] ?? ''}
                    onChange={(e) => setReasons({ ...reasons, [m.contactId]: e.target.value })}
                  />
                </div>
              )}
            </Match>
          ))}
        </>
      )}

      {latest && <Picture contacts={view.contacts} upTo={latest.receivedAt} />}

      <h2 className="govuk-heading-m">Referrals</h2>
      {view.referrals.length === 0 ? (
        <p className="govuk-body">No referrals to children&apos;s social care.</p>
      ) : (
        <table className="govuk-table app-fixed" id="referrals">
          <caption className="govuk-table__caption govuk-visually-hidden">Referrals, oldest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {['Referral date', 'Outcome', 'Primary need', 'Further action', 'Closed'].map((h) => (
                <th scope="col" className="govuk-table__header" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {view.referrals.map((r) => (
              <tr className="govuk-table__row" key={r.id} data-referral-id={r.id}>
                <td className="govuk-table__cell">
                  {day(r.referralDate)}
                  {r.reReferral && <span className="app-secondary">Re-referral within 12 months</span>}
                </td>
                <td className="govuk-table__cell">{outcomeLabel(r.outcome)}</td>
                <td className="govuk-table__cell">
                  {r.primaryNeed ? primaryNeedLabel(r.primaryNeed) : 'Not recorded'}
                </td>
                <td className="govuk-table__cell">{r.noFurtherAction ? 'No further action' : 'Yes'}</td>
                <td className="govuk-table__cell">
                  {r.closedOn
                    ? `${day(r.closedOn)}${r.closureReason ? `: ${labelOf(CLOSURE_REASON_LABELS, r.closureReason)}` : ''}`
                    : 'Open'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 className="govuk-heading-m" id="contacts-heading">
        Every contact, newest first
      </h2>
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="contacts-agency">
          From
        </label>
        <select
          className="govuk-select"
          id="contacts-agency"
          value={agency}
          onChange={(e) => setAgency(e.target.value)}
        >
          <option value="">Every agency</option>
          {agencies.map((a) => (
            <option key={a} value={a}>
              {labelOf(AGENCY_LABELS, a)}
            </option>
          ))}
        </select>
      </div>
      <p className="govuk-body" id="contacts-count" aria-live="polite">
        {shown.length === contacts.length
          ? `${contacts.length} ${contacts.length === 1 ? 'contact' : 'contacts'}`
          : `${shown.length} of ${contacts.length} contacts`}
      </p>
      <table className="govuk-table app-fixed app-contacts" id="contacts" aria-labelledby="contacts-heading">
        <TableHead
          columns={[
            { label: 'Received', className: 'app-col-received' },
            { label: 'From', className: 'app-col-from' },
            { label: 'Concern', className: 'app-col-concern' },
            { label: 'Decision', className: 'app-col-desk' },
            { label: 'History', className: 'app-col-history' },
          ]}
        />
        <tbody className="govuk-table__body">
          {shown.map((c) => {
            const current = c.decisions.find((d) => d.current) ?? c.decisions[c.decisions.length - 1];
            const desk = c.deskItem;
            const referrer = [c.sentBy.referrer?.name, c.sentBy.referrer?.role].filter(Boolean).join(', ');
            const left = desk ? timeLeft(desk.dueAt) : null;
            return (
              <tr className="govuk-table__row" key={c.id} data-contact-id={c.id}>
                <td className="govuk-table__cell">
                  {when(c.receivedAt)}
                  {c.imported && <span className="app-secondary">From the history import</span>}
                </td>
                <td className="govuk-table__cell">
                  {agencyLabel(c.agency)}
                  {c.sentBy.organisation && <span className="app-secondary">{c.sentBy.organisation}</span>}
                  {referrer && <span className="app-secondary">{referrer}</span>}
                </td>
                <td className="govuk-table__cell">
                  <span className="app-concern">{c.concerns?.summary ?? ''}</span>
                  {(c.concerns?.indicators ?? []).map((code) => (
                    <span key={code} className="app-secondary">
                      {indicatorLabel(code)}
                    </span>
                  ))}
                  <span className="app-secondary">
                    {[
                      c.concerns?.immediateRisk ? 'Immediate risk' : null,
                      c.concerns?.allegedPerpetratorHasAccess ? 'Alleged perpetrator has access' : null,
                      c.consent ? labelOf(CONSENT_LABELS, c.consent) : null,
                    ]
                      .filter(Boolean)
                      .join('. ')}
                  </span>
                </td>
                <td className="govuk-table__cell">
                  {desk ? (
                    <>
                      <a className="govuk-link" href={`/items/${c.id}`} onClick={onLinkClick}>
                        {labelOf(DESK_ITEM_STATE_LABELS, desk.state)}
                        <span className="govuk-visually-hidden">: the item of {when(c.receivedAt)}</span>
                      </a>
                      <span className="app-secondary">
                        {levelLabel(desk.needLevel)}, {routeLabel(desk.route)}
                      </span>
                      <span
                        className={
                          desk.state === 'awaiting' && left?.overdue ? 'app-overdue' : 'app-secondary'
                        }
                      >
                        {priorityLabel(desk.priority)}
                        {desk.state === 'awaiting' && left ? `, ${left.text.toLowerCase()}` : ''}
                      </span>
                      {desk.claimedBy && <span className="app-secondary">Held by {desk.claimedBy}</span>}
                    </>
                  ) : current ? (
                    <>
                      {levelLabel(current.needLevel)}
                      <span className="app-secondary">{routeLabel(current.route)}</span>
                    </>
                  ) : (
                    'Not triaged'
                  )}
                </td>
                <td className="govuk-table__cell">
                  {c.decisions.length + c.dutyDecisions.length + c.notes.length === 0 ? (
                    'Nothing recorded'
                  ) : (
                    <details className="govuk-details govuk-!-margin-bottom-0">
                      <summary className="govuk-details__summary">
                        <span className="govuk-details__summary-text">
                          {entries(c.decisions.length + c.dutyDecisions.length + c.notes.length)}
                        </span>
                      </summary>
                      <div className="govuk-details__text">
                        <ul className="govuk-list app-history">
                          {c.decisions.map((d) => (
                            <li key={d.id}>
                              <strong>{d.current ? 'Triage (current)' : 'Earlier triage'}</strong>,{' '}
                              {when(d.triagedAt)}: {levelLabel(d.needLevel)}, {routeLabel(d.route)},{' '}
                              {priorityLabel(d.priority).toLowerCase()} (criteria {d.criteriaVersion},{' '}
                              {d.history} earlier {d.history === 1 ? 'contact' : 'contacts'})
                              <ul className="govuk-list govuk-list--bullet">
                                {d.reasons.map((r) => (
                                  <li key={r.code}>{r.text}</li>
                                ))}
                              </ul>
                            </li>
                          ))}
                          {c.dutyDecisions.map((d) => (
                            <li key={d.id}>
                              <strong>
                                {d.kind === 'confirm'
                                  ? 'Confirmed'
                                  : d.kind === 'override'
                                    ? 'Overridden'
                                    : `Closed: ${outcomeLabel(d.outcome ?? '')}`}
                              </strong>{' '}
                              by {d.by} ({labelOf(STAFF_ROLE_LABELS, d.role)}), {when(d.at)}
                              {d.kind === 'override' &&
                                `: ${levelLabel(d.decided.needLevel ?? 0)}, ${routeLabel(d.decided.route ?? '')}`}
                              {d.reason ? `. Reason: ${d.reason}` : ''}
                              {d.cinNoFurtherAction ? '. No further action (CIN census)' : ''}
                            </li>
                          ))}
                          {c.notes.map((n) => (
                            <li key={n.id}>
                              <strong>Note</strong> by {n.author}, {when(n.at)}: {n.text}
                            </li>
                          ))}
                        </ul>
                      </div>
                    </details>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Layout>
  );
}
