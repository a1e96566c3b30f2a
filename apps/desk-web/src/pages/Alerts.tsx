import {
  ALERT_CHANNEL_LABELS,
  DELIVERY_STATUS_LABELS,
  STAFF_ROLE_LABELS,
  labelOf,
} from '@app/contracts/labels';
import { FormEvent, useCallback, useEffect, useState } from 'react';
import { Alert, alertsApi } from '../api/alerts';
import { ErrorSummary, fieldError } from '../components/ErrorSummary';
import { Layout } from '../components/Layout';
import './records.css';
import { when } from '../format';
import { useLive, useLiveState } from '../live';
import { who } from '../session';

/** Who may acknowledge an alert (alerts-feed.controller.ts ACKNOWLEDGERS). */
const ACKNOWLEDGERS = ['duty_manager', 'manager', 'head_of_service', 'admin'];

const roleName = (r: string) => labelOf(STAFF_ROLE_LABELS, r).toLowerCase();

function Deliveries({ alert }: { alert: Alert }) {
  const s = alert.deliveryStatus;
  if (!alert.deliveries.length)
    return <p className="govuk-body-s deliveries app-secondary">Delivery: not yet planned.</p>;
  const inProgress = s.pending + s.retrying;
  return (
    <details className="govuk-details deliveries govuk-!-margin-bottom-0" open={s.failed > 0}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Delivery: {s.delivered} delivered
          {inProgress ? `, ${inProgress} in progress` : ''}
          {s.failed ? `, ${s.failed} failed` : ''}
        </span>
      </summary>
      <div className="govuk-details__text">
        <ul className="govuk-list">
          {alert.deliveries.map((d, i) => (
            <li key={i} data-channel={d.channel}>
              {labelOf(ALERT_CHANNEL_LABELS, d.channel)} to{' '}
              {d.recipient.startsWith('role:') ? roleName(d.recipient.slice(5)) : d.recipient}:{' '}
              <strong className={`st-${d.status}`}>{labelOf(DELIVERY_STATUS_LABELS, d.status)}</strong> (
              {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
              {d.deliveredAt ? `, ${when(d.deliveredAt)}` : ''}
              {d.lastError ? `, last error: ${d.lastError}` : ''})
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

function AlertCard({
  alert,
  canAcknowledge,
  error,
  onAcknowledge,
}: {
  alert: Alert;
  canAcknowledge: boolean;
  error: unknown;
  onAcknowledge: (note: string) => void;
}) {
  const [note, setNote] = useState('');
  const noteError = fieldError(error, 'note');
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    onAcknowledge(note);
  };
  return (
    <article
      className={`app-alert${alert.acknowledgedAt ? ' acknowledged' : ''}`}
      id={`alert-${alert.id}`}
      data-kind={alert.kind}
      aria-labelledby={`alert-${alert.id}-title`}
    >
      <h2 className="govuk-heading-m govuk-!-margin-bottom-1" id={`alert-${alert.id}-title`}>
        {alert.acknowledgedAt ? (
          <strong className="govuk-tag govuk-tag--grey app-tag">Acknowledged</strong>
        ) : (
          <strong className="govuk-tag govuk-tag--red app-tag">New</strong>
        )}{' '}
        {alert.title}
      </h2>
      <p className="govuk-body-s app-secondary">
        Raised {when(alert.raisedAt)}, for {alert.recipientRoles.map(roleName).join(', ')}
      </p>
      <p className="govuk-body app-concern">{alert.body}</p>
      {alert.relatedAlertId && (
        <p className="govuk-body">
          Escalation of{' '}
          <a className="govuk-link" href={`#alert-${alert.relatedAlertId}`}>
            an earlier alert
          </a>
        </p>
      )}
      {alert.subjectType === 'placement_request' && alert.subjectId && (
        <p className="govuk-body">
          <a className="govuk-link" href={`/placements/${alert.subjectId}`}>
            Open the placement request
          </a>
        </p>
      )}
      {alert.resolvedAt && (
        <p className="govuk-body resolved" data-resolved-at={alert.resolvedAt}>
          No longer applies ({when(alert.resolvedAt)}){alert.resolution ? `: ${alert.resolution}` : ''}
        </p>
      )}
      {alert.acknowledgedAt ? (
        <p className="govuk-body ack">
          Acknowledged by {alert.acknowledgedBy}, {when(alert.acknowledgedAt)}: “{alert.acknowledgementNote}”
        </p>
      ) : (
        canAcknowledge && (
          <form className="ack-form" onSubmit={submit} noValidate>
            <div className={`govuk-form-group${noteError ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label" htmlFor={`note-${alert.id}`}>
                Note (what was done)
              </label>
              {noteError && (
                <p className="govuk-error-message" id={`note-${alert.id}-error`}>
                  <span className="govuk-visually-hidden">Error:</span> {noteError}
                </p>
              )}
              <input
                className="govuk-input govuk-!-width-two-thirds"
                id={`note-${alert.id}`}
                maxLength={2000}
                value={note}
                aria-describedby={noteError ? `note-${alert.id}-error` : undefined}
                onChange={(e) => setNote(e.target.value)}
              />
            </div>
            <button type="submit" className="govuk-button govuk-!-margin-bottom-2">
              Acknowledge<span className="govuk-visually-hidden">: {alert.title}</span>
            </button>
          </form>
        )
      )}
      <Deliveries alert={alert} />
    </article>
  );
}

export function Alerts() {
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [error, setError] = useState<{ alertId: string | null; error: unknown } | null>(null);
  const live = useLiveState();
  const user = who();
  const canAcknowledge = ACKNOWLEDGERS.includes(user?.role ?? '');

  const load = useCallback(async () => {
    try {
      const feed = await alertsApi.list(onlyOpen);
      setAlerts(feed.items);
      setCount(feed.unacknowledged);
    } catch (e) {
      setError({ alertId: null, error: e });
    }
  }, [onlyOpen]);

  useEffect(() => {
    void load();
  }, [load]);

  const upsert = (a: Alert) =>
    setAlerts((list) => {
      const rest = (list ?? []).filter((x) => x.id !== a.id);
      if (onlyOpen && a.acknowledgedAt) return rest;
      const at = (list ?? []).findIndex((x) => x.id === a.id);
      if (at < 0) return [a, ...rest];
      const next = [...(list ?? [])];
      next[at] = a;
      return next;
    });

  useLive((e) => {
    if (e.type === 'alert') {
      upsert(e.alert);
      setCount(e.unacknowledged);
    }
    if (e.type === 'feed') setCount(e.unacknowledged);
    // Anything missed while the stream was down.
    if (e.type === 'open' && e.reconnected) void load();
  });

  const acknowledge = async (a: Alert, note: string) => {
    try {
      upsert(await alertsApi.acknowledge(a.id, note));
      setError(null);
      setCount((await alertsApi.list(true, 1)).unacknowledged);
    } catch (e) {
      setError({ alertId: a.id, error: e });
    }
  };

  return (
    <Layout current="alerts">
      <ErrorSummary
        error={error?.error ?? null}
        fields={error?.alertId ? { note: `note-${error.alertId}` } : {}}
      />
      <h1 className="govuk-heading-l">Alerts</h1>
      <p className="govuk-body">
        <strong className="govuk-!-font-weight-bold" id="unacknowledged-count" aria-live="polite">
          {count === null ? 'Loading…' : `${count} unacknowledged`}
        </strong>{' '}
        <span className="app-secondary-inline" id="stream-state">
          {live === 'live' ? '· updates live' : live === 'reconnecting' ? '· reconnecting…' : '· connecting…'}
        </span>
      </p>
      <div className="govuk-form-group">
        <div className="govuk-checkboxes govuk-checkboxes--small">
          <div className="govuk-checkboxes__item">
            <input
              className="govuk-checkboxes__input"
              id="only-open"
              type="checkbox"
              checked={onlyOpen}
              onChange={(e) => setOnlyOpen(e.target.checked)}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor="only-open">
              Unacknowledged only
            </label>
          </div>
        </div>
      </div>
      <div id="feed">
        {alerts === null ? null : alerts.length === 0 ? (
          <p className="govuk-body" id="empty">
            No alerts.
          </p>
        ) : (
          alerts.map((a) => (
            <AlertCard
              key={a.id}
              alert={a}
              canAcknowledge={canAcknowledge}
              error={error?.alertId === a.id ? error.error : null}
              onAcknowledge={(note) => void acknowledge(a, note)}
            />
          ))
        )}
      </div>
    </Layout>
  );
}
