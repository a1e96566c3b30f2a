import { PRIMARY_NEEDS } from '@app/contracts/cin-codes';
import { CLOSE_OUTCOMES } from '@app/contracts/outcomes';
import {
  CLOSE_OUTCOME_LABELS,
  MATCH_REASON_LABELS,
  NEED_LEVEL_LABELS,
  ROUTE_LABELS,
  STAFF_ROLE_LABELS,
  agencyLabel,
  indicatorLabel,
  labelOf,
  levelLabel,
  outcomeLabel,
  priorityLabel,
  routeLabel,
  DESK_ITEM_STATE_LABELS,
  PRIMARY_NEED_LABELS,
  primaryNeedLabel,
} from '@app/contracts/labels';
import { FormEvent, ReactNode, useCallback, useEffect, useState } from 'react';
import { api, ChildContact, ChildIdentity, ChildRecord, ItemDetail, PossibleMatch } from '../api';
import { childApi, ReferralPreview } from '../api/child';
import { ErrorSummary, fieldError } from '../components/ErrorSummary';
import { Layout } from '../components/Layout';
import { day, timeLeft, when } from '../format';
import { useLive } from '../live';
import { onLinkClick } from '../router';
import { canDecide, who } from '../session';
import { TableHead } from '../components/TableHead';

const PICTURE_DAYS = 30;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

export const nameOf = (c: ChildIdentity | undefined) =>
  [c?.firstName, c?.lastName].filter(Boolean).join(' ') || 'Name not given';

/** The identity fields compared for a possible match, in words. */
const IDENTITY: [string, (c: ChildIdentity) => string][] = [
  ['First name', (c) => c.firstName ?? ''],
  ['Last name', (c) => c.lastName ?? ''],
  ['Date of birth', (c) => c.dateOfBirth ?? (c.expectedDateOfBirth ? `Due ${c.expectedDateOfBirth}` : '')],
  ['Gender', (c) => c.gender ?? ''],
  ['NHS number', (c) => c.nhsNumber ?? ''],
  ['Pupil number (UPN)', (c) => c.upn ?? ''],
  ['Postcode', (c) => c.address?.postcode ?? ''],
];

export function Match({
  mine,
  match,
  onReview,
  children,
}: {
  mine: ChildIdentity;
  match: PossibleMatch;
  onReview?: (m: PossibleMatch, same: boolean) => void;
  /** Shown above the buttons (the child's record asks why). */
  children?: ReactNode;
}) {
  return (
    <div className="govuk-!-margin-bottom-6" data-match-contact-id={match.contactId}>
      <table className="govuk-table app-match">
        <caption className="govuk-table__caption govuk-table__caption--s">
          Possible match: {labelOf(MATCH_REASON_LABELS, match.reason)} (sent by {agencyLabel(match.agency)},{' '}
          {day(match.receivedAt)})
        </caption>
        <TableHead columns={['Detail', 'This child', 'Possible match']} />
        <tbody className="govuk-table__body">
          {IDENTITY.map(([label, read]) => {
            const a = read(mine);
            const b = read(match.child ?? {});
            const differs = a.trim().toLowerCase() !== b.trim().toLowerCase();
            return (
              <tr className="govuk-table__row" key={label} data-differs={differs ? 'true' : undefined}>
                <th scope="row" className="govuk-table__header">
                  {label}
                </th>
                <td className={`govuk-table__cell${differs ? ' app-differs' : ''}`}>
                  {a || 'Not given'}
                  {differs && <span className="govuk-visually-hidden"> (differs)</span>}
                </td>
                <td className={`govuk-table__cell${differs ? ' app-differs' : ''}`}>
                  {b || 'Not given'}
                  {differs && <span className="govuk-visually-hidden"> (differs)</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {children}
      {onReview && (
        <div className="govuk-button-group">
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => onReview(match, true)}
          >
            Same child: merge the records
          </button>
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => onReview(match, false)}
          >
            Not the same child
          </button>
        </div>
      )}
    </div>
  );
}

/** Every contact about the child in the 30 days to this one, grouped by agency, indicators in words. */
export function Picture({ contacts, upTo }: { contacts: ChildContact[]; upTo: string }) {
  const end = new Date(upTo).getTime();
  const start = end - PICTURE_DAYS * 86400_000;
  const inWindow = contacts.filter((c) => {
    const t = new Date(c.receivedAt).getTime();
    return t >= start && t <= end;
  });
  const byAgency = new Map<string, ChildContact[]>();
  for (const c of inWindow) byAgency.set(c.agency, [...(byAgency.get(c.agency) ?? []), c]);
  if (inWindow.length === 0) return <p className="govuk-body">No contacts in the 30 days to this one.</p>;
  return (
    <table className="govuk-table" id="picture">
      <caption className="govuk-table__caption govuk-table__caption--m">
        Multi-agency picture: {inWindow.length} {inWindow.length === 1 ? 'contact' : 'contacts'} in{' '}
        {PICTURE_DAYS} days, from {byAgency.size} {byAgency.size === 1 ? 'agency' : 'agencies'}
      </caption>
      <TableHead columns={['Agency', 'Received', 'Indicators']} />
      <tbody className="govuk-table__body">
        {[...byAgency.entries()].flatMap(([agency, list]) =>
          list.map((c, i) => (
            <tr className="govuk-table__row" key={c.id}>
              {i === 0 && (
                <th scope="rowgroup" rowSpan={list.length} className="govuk-table__header">
                  {agencyLabel(agency)}
                </th>
              )}
              <td className="govuk-table__cell">
                {when(c.receivedAt)}
                {c.sentBy.organisation && <span className="app-secondary">{c.sentBy.organisation}</span>}
              </td>
              <td className="govuk-table__cell">
                {(c.concerns?.indicators ?? []).length === 0
                  ? 'None given'
                  : (c.concerns.indicators ?? []).map((code) => (
                      <span key={code} className="app-secondary">
                        {indicatorLabel(code)}
                      </span>
                    ))}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

export function Item({ contactId }: { contactId: string }) {
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [child, setChild] = useState<ChildRecord | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [override, setOverride] = useState({ needLevel: '', route: '', team: '', reason: '' });
  const [close, setClose] = useState({ outcome: '', nfa: false, note: '', primaryNeed: '' });
  const [preview, setPreview] = useState<ReferralPreview | null>(null);
  const [note, setNote] = useState('');
  const user = who();

  const load = useCallback(async () => {
    try {
      const d = await api.item(contactId);
      setDetail(d);
      setChild(await api.child(d.item.childId));
    } catch (e) {
      setError(e);
    }
  }, [contactId]);

  useEffect(() => {
    void load();
  }, [load]);

  // Once decided, the close form offers the primary need the criteria suggest (statutory-returns.md).
  const decided = detail?.item.state === 'decided';
  useEffect(() => {
    if (!decided) return;
    childApi
      .referralPreview(contactId)
      .then((p) => {
        setPreview(p);
        setClose((c) => (c.primaryNeed ? c : { ...c, primaryNeed: p.suggestedPrimaryNeed ?? '' }));
      })
      .catch(() => setPreview(null));
  }, [contactId, decided]);

  useLive((e) => {
    if (e.type === 'queue' && e.contactId === contactId) void load();
  });

  const act = async (what: () => Promise<unknown>, message: string) => {
    try {
      await what();
      await load();
      setError(null);
      setDone(message);
    } catch (e) {
      setDone('');
      setError(e);
    }
  };

  if (!detail)
    return (
      <Layout current="queue">
        <ErrorSummary error={error} />
        <p className="govuk-body">Loading the item…</p>
      </Layout>
    );

  const { item, recommendation, dutyDecisions, notes } = detail;
  const contact = child?.contacts.find((c) => c.id === contactId);
  const mine = contact?.child ?? {};
  const held = item.claimedBy === user?.username;
  const decider = canDecide(user);
  const left = timeLeft(item.dueAt);
  const earlier =
    child?.contacts.filter((c) => new Date(c.receivedAt) < new Date(item.receivedAt)).length ?? 0;
  const matches = child?.possibleMatches ?? [];

  const submitOverride = (ev: FormEvent) => {
    ev.preventDefault();
    void act(
      () =>
        api.override(contactId, {
          ...(override.needLevel ? { needLevel: Number(override.needLevel) } : {}),
          ...(override.route ? { route: override.route } : {}),
          ...(override.team ? { team: override.team } : {}),
          reason: override.reason,
        }),
      'Override recorded.',
    );
  };
  // Primary need is asked for a referral outcome (or always, when the desk could not say which those are).
  const asksNeed = !preview || preview.referralOutcomes.includes(close.outcome);
  const submitClose = (ev: FormEvent) => {
    ev.preventDefault();
    void act(
      () =>
        api.close(contactId, {
          outcome: close.outcome,
          cinNoFurtherAction: close.nfa,
          ...(asksNeed && close.primaryNeed ? { primaryNeed: close.primaryNeed } : {}),
          ...(close.note ? { note: close.note } : {}),
        }),
      'Item closed.',
    );
  };
  const submitNote = (ev: FormEvent) => {
    ev.preventDefault();
    void act(() => api.note(contactId, note), 'Note added.').then(() => setNote(''));
  };
  const review = (m: PossibleMatch, same: boolean) =>
    void act(
      () =>
        same
          ? api.confirmMatch(item.childId, m.contactId, 'Confirmed from the item view')
          : api.rejectMatch(item.childId, m.contactId, 'Rejected from the item view'),
      same ? 'Records merged.' : 'Marked as not the same child.',
    );

  const timeline = [
    ...dutyDecisions.map((d) => ({
      at: d.at,
      by: d.by,
      role: d.role,
      title:
        d.kind === 'confirm'
          ? 'Recommendation confirmed'
          : d.kind === 'override'
            ? 'Recommendation overridden'
            : d.kind === 'close'
              ? `Closed: ${outcomeLabel(d.outcome ?? '')}`
              : d.kind,
      text:
        d.kind === 'close'
          ? d.cinNoFurtherAction
            ? 'No further action (CIN census)'
            : ''
          : `${levelLabel(d.decided.needLevel ?? 0)}, ${routeLabel(d.decided.route ?? '')}${d.reason ? `. Reason: ${d.reason}` : ''}`,
    })),
    ...notes.map((n) => ({ at: n.at, by: n.author, role: '', title: 'Note', text: n.text })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  return (
    <Layout current="queue">
      <ErrorSummary
        error={error}
        fields={{
          reason: 'override-reason',
          needLevel: 'override-level',
          route: 'override-route',
          team: 'override-team',
          outcome: 'close-outcome',
          cinNoFurtherAction: 'close-nfa',
          primaryNeed: 'close-primary-need',
          text: 'note-text',
        }}
      />
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
      <span className="govuk-caption-l">
        {agencyLabel(item.agency)}
        {contact?.sentBy.organisation ? `, ${contact.sentBy.organisation}` : ''}, received{' '}
        {when(item.receivedAt)}
      </span>
      <h1 className="govuk-heading-l">{nameOf(mine)}</h1>
      <p className="govuk-body">
        <a className="govuk-link" href={`/children/${item.childId}`} onClick={onLinkClick}>
          Open the child&apos;s record
        </a>
      </p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <dl className="govuk-summary-list">
            <Row label="Status">{DESK_ITEM_STATE_LABELS[item.state as 'awaiting'] ?? item.state}</Row>
            <Row label="Priority">
              {priorityLabel(item.priority)}
              {item.state === 'awaiting' && (
                <span className={left.overdue ? 'app-overdue' : 'app-secondary'}>{left.text}</span>
              )}
            </Row>
            <Row label="Level">{levelLabel(item.needLevel)}</Row>
            <Row label="Route">{routeLabel(item.route)}</Row>
            <Row label="Held by">{item.claimedBy ?? 'Not held'}</Row>
          </dl>
          <h2 className="govuk-heading-m">Concern as sent</h2>
          <p className="govuk-body app-concern" id="concern">
            {contact?.concerns?.summary ?? ''}
          </p>
          <dl className="govuk-summary-list">
            <Row label="Indicators">
              {(contact?.concerns?.indicators ?? []).map((c) => (
                <span key={c} className="app-secondary">
                  {indicatorLabel(c)}
                </span>
              ))}
            </Row>
            <Row label="Immediate risk">{contact?.concerns?.immediateRisk ? 'Yes' : 'No'}</Row>
            <Row label="Alleged perpetrator has access">
              {contact?.concerns?.allegedPerpetratorHasAccess ? 'Yes' : 'No'}
            </Row>
            <Row label="Referrer">
              {[
                contact?.sentBy.referrer?.name,
                contact?.sentBy.referrer?.role,
                contact?.sentBy.referrer?.phone,
              ]
                .filter(Boolean)
                .join(', ') || 'Not given'}
            </Row>
          </dl>
          <h2 className="govuk-heading-m">Why this was recommended</h2>
          {recommendation ? (
            <>
              <p className="govuk-body">
                {levelLabel(recommendation.needLevel)}, {routeLabel(recommendation.route)},{' '}
                {priorityLabel(recommendation.priority).toLowerCase()} (criteria{' '}
                {recommendation.criteriaVersion})
              </p>
              <ul className="govuk-list govuk-list--bullet" id="reasons">
                {recommendation.reasons.map((r) => (
                  <li key={r.code}>{r.text}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="govuk-body">No recommendation yet.</p>
          )}
          <h2 className="govuk-heading-m">History</h2>
          <p className="govuk-body" id="history">
            {earlier === 0
              ? 'No earlier contacts about this child.'
              : `${earlier} earlier ${earlier === 1 ? 'contact' : 'contacts'} about this child.`}
          </p>
        </div>
        <div className="govuk-grid-column-one-half">
          {decider && (
            <>
              <h2 className="govuk-heading-m">Actions</h2>
              {item.state !== 'closed' && !held && (
                <button
                  type="button"
                  className="govuk-button"
                  onClick={() => act(() => api.claim(contactId), 'Item claimed.')}
                >
                  Claim this item
                </button>
              )}
              {held && item.state !== 'closed' && (
                <div className="govuk-button-group">
                  {item.state === 'awaiting' && (
                    <button
                      type="button"
                      className="govuk-button"
                      id="confirm"
                      onClick={() => act(() => api.confirm(contactId), 'Recommendation confirmed.')}
                    >
                      Confirm recommendation
                    </button>
                  )}
                  <button
                    type="button"
                    className="govuk-button govuk-button--secondary"
                    onClick={() => act(() => api.release(contactId), 'Item released.')}
                  >
                    Release
                  </button>
                </div>
              )}
              {held && item.state === 'awaiting' && (
                <form onSubmit={submitOverride} noValidate>
                  <fieldset className="govuk-fieldset">
                    <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
                      Override with a reason
                    </legend>
                    <OverrideChoice
                      id="override-level"
                      label="Level"
                      keep={levelLabel(item.needLevel)}
                      labels={NEED_LEVEL_LABELS}
                      value={override.needLevel}
                      onChange={(needLevel) => setOverride({ ...override, needLevel })}
                    />
                    <OverrideChoice
                      id="override-route"
                      label="Route"
                      keep={routeLabel(item.route)}
                      labels={ROUTE_LABELS}
                      value={override.route}
                      onChange={(route) => setOverride({ ...override, route })}
                    />
                    <div className="govuk-form-group">
                      <label className="govuk-label" htmlFor="override-team">
                        Team (optional)
                      </label>
                      <input
                        className="govuk-input govuk-input--width-20"
                        id="override-team"
                        value={override.team}
                        onChange={(e) => setOverride({ ...override, team: e.target.value })}
                      />
                    </div>
                    <div
                      className={`govuk-form-group${fieldError(error, 'reason') ? ' govuk-form-group--error' : ''}`}
                    >
                      <label className="govuk-label" htmlFor="override-reason">
                        Reason (required)
                      </label>
                      {fieldError(error, 'reason') && (
                        <p className="govuk-error-message" id="override-reason-error">
                          <span className="govuk-visually-hidden">Error:</span> {fieldError(error, 'reason')}
                        </p>
                      )}
                      <textarea
                        className="govuk-textarea"
                        id="override-reason"
                        rows={3}
                        value={override.reason}
                        aria-describedby={fieldError(error, 'reason') ? 'override-reason-error' : undefined}
                        onChange={(e) => setOverride({ ...override, reason: e.target.value })}
                      />
                    </div>
                    <button type="submit" className="govuk-button govuk-button--warning">
                      Override with reason
                    </button>
                  </fieldset>
                </form>
              )}
              {held && item.state === 'decided' && (
                <form onSubmit={submitClose} noValidate>
                  <fieldset className="govuk-fieldset">
                    <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
                      Close with an outcome
                    </legend>
                    <div
                      className={`govuk-form-group${fieldError(error, 'outcome') ? ' govuk-form-group--error' : ''}`}
                    >
                      <label className="govuk-label" htmlFor="close-outcome">
                        Outcome
                      </label>
                      {fieldError(error, 'outcome') && (
                        <p className="govuk-error-message" id="close-outcome-error">
                          <span className="govuk-visually-hidden">Error:</span> {fieldError(error, 'outcome')}
                        </p>
                      )}
                      <select
                        className="govuk-select"
                        id="close-outcome"
                        value={close.outcome}
                        aria-describedby={fieldError(error, 'outcome') ? 'close-outcome-error' : undefined}
                        onChange={(e) => setClose({ ...close, outcome: e.target.value })}
                      >
                        <option value="">Choose an outcome</option>
                        {CLOSE_OUTCOMES.map((o) => (
                          <option key={o} value={o}>
                            {CLOSE_OUTCOME_LABELS[o]}
                          </option>
                        ))}
                      </select>
                    </div>
                    {asksNeed && (
                      <div
                        className={`govuk-form-group${fieldError(error, 'primaryNeed') ? ' govuk-form-group--error' : ''}`}
                      >
                        <label className="govuk-label" htmlFor="close-primary-need">
                          Primary need (CIN census)
                        </label>
                        <div className="govuk-hint" id="close-primary-need-hint">
                          {preview?.suggestedPrimaryNeed
                            ? `Suggested from the indicators: ${primaryNeedLabel(preview.suggestedPrimaryNeed)}.`
                            : 'The indicators suggest none: choose the main reason the child needs help.'}
                          {preview?.joins &&
                            ` This contact joins the child's open referral of ${day(preview.joins.referralDate)}.`}
                        </div>
                        {fieldError(error, 'primaryNeed') && (
                          <p className="govuk-error-message" id="close-primary-need-error">
                            <span className="govuk-visually-hidden">Error:</span>{' '}
                            {fieldError(error, 'primaryNeed')}
                          </p>
                        )}
                        <select
                          className="govuk-select"
                          id="close-primary-need"
                          value={close.primaryNeed}
                          aria-describedby={`close-primary-need-hint${fieldError(error, 'primaryNeed') ? ' close-primary-need-error' : ''}`}
                          onChange={(e) => setClose({ ...close, primaryNeed: e.target.value })}
                        >
                          <option value="">Not recorded</option>
                          {PRIMARY_NEEDS.map((n) => (
                            <option key={n} value={n}>
                              {PRIMARY_NEED_LABELS[n]} ({n})
                            </option>
                          ))}
                        </select>
                      </div>
                    )}
                    <div className="govuk-form-group">
                      <div className="govuk-checkboxes govuk-checkboxes--small">
                        <div className="govuk-checkboxes__item">
                          <input
                            className="govuk-checkboxes__input"
                            id="close-nfa"
                            type="checkbox"
                            checked={close.nfa}
                            onChange={(e) => setClose({ ...close, nfa: e.target.checked })}
                          />
                          <label className="govuk-label govuk-checkboxes__label" htmlFor="close-nfa">
                            No further action (for the CIN census)
                          </label>
                        </div>
                      </div>
                    </div>
                    <div className="govuk-form-group">
                      <label className="govuk-label" htmlFor="close-note">
                        Note (optional)
                      </label>
                      <textarea
                        className="govuk-textarea"
                        id="close-note"
                        rows={2}
                        value={close.note}
                        onChange={(e) => setClose({ ...close, note: e.target.value })}
                      />
                    </div>
                    <button type="submit" className="govuk-button" id="close-submit">
                      Close item
                    </button>
                  </fieldset>
                </form>
              )}
              <form onSubmit={submitNote} noValidate>
                <div
                  className={`govuk-form-group${fieldError(error, 'text') ? ' govuk-form-group--error' : ''}`}
                >
                  <label className="govuk-label govuk-label--s" htmlFor="note-text">
                    Add a note
                  </label>
                  <textarea
                    className="govuk-textarea"
                    id="note-text"
                    rows={2}
                    value={note}
                    onChange={(e) => setNote(e.target.value)}
                  />
                </div>
                <button type="submit" className="govuk-button govuk-button--secondary">
                  Add note
                </button>
              </form>
            </>
          )}
          <h2 className="govuk-heading-m">Who did what</h2>
          {timeline.length === 0 ? (
            <p className="govuk-body">Nothing recorded yet.</p>
          ) : (
            <div className="moj-timeline" id="audit">
              {timeline.map((t, i) => (
                <div className="moj-timeline__item" key={i}>
                  <div className="moj-timeline__header">
                    <h3 className="moj-timeline__title">{t.title}</h3>
                    <p className="moj-timeline__byline">
                      by {t.by}
                      {t.role ? ` (${labelOf(STAFF_ROLE_LABELS, t.role)})` : ''}
                    </p>
                  </div>
                  <p className="moj-timeline__date">
                    <time dateTime={t.at}>{when(t.at)}</time>
                  </p>
                  {t.text && (
                    <div className="moj-timeline__description">
                      <p className="govuk-body">{t.text}</p>
                    </div>
                  )}
                </div>
              ))}
            </div>
          )}
        </div>
      </div>
      {child && contact && <Picture contacts={child.contacts} upTo={contact.receivedAt} />}
      {matches.length > 0 && (
        <>
          <h2 className="govuk-heading-m">Possible matches</h2>
          {matches.map((m) => (
            <Match key={m.contactId} mine={mine} match={m} onReview={decider ? review : undefined} />
          ))}
        </>
      )}
    </Layout>
  );
}

/** One of the override's choices: keep the recommendation's value, or pick another by its label. */
function OverrideChoice(props: {
  id: string;
  label: string;
  keep: string;
  labels: Readonly<Record<string, string>>;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label" htmlFor={props.id}>
        {props.label}
      </label>
      <select
        className="govuk-select"
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">Keep {props.keep}</option>
        {Object.entries(props.labels).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
