import { CHECK_LABELS, LEGAL_BASIS_LABELS, PLACEMENT_TYPE_LABELS } from '@app/contracts/placement-labels';
import { labelOf } from '@app/contracts/labels';
import { useEffect, useState } from 'react';
import { PanelListItem, placementApi } from '../../api/placement';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Layout } from '../../components/Layout';
import { day, when } from '../../format';
import { onLinkClick } from '../../router';
import { who } from '../../session';
import { OutcomeTag, PlacementNav } from './common';
import { TableHead } from '../../components/TableHead';

const waiting = (i: PanelListItem) =>
  i.waitingDays > 0 ? `${i.waitingDays} ${i.waitingDays === 1 ? 'day' : 'days'}` : `${i.waitingHours} h`;

/**
 * The placement panel's list (its chairs: managers and heads of service): requests held for panel and
 * emergencies awaiting their retrospective review, in waiting order (oldest first), with what each lacks.
 */
export function PlacementPanel() {
  const user = who();
  const [items, setItems] = useState<PanelListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    placementApi
      .panel()
      .then((r) => setItems(r.items))
      .catch(setError);
  }, []);

  return (
    <Layout current="placements">
      <PlacementNav current="panel" who={user} />
      <ErrorSummary error={error} />
      <h1 className="govuk-heading-l">The placement panel&apos;s list</h1>
      <p className="govuk-body">
        Requests held for panel, and emergencies awaiting their retrospective review, oldest first. A deferred
        request comes back when its actions are done.
      </p>
      {items && items.length === 0 && (
        <p className="govuk-body" id="panel-empty">
          Nothing is awaiting the panel.
        </p>
      )}
      {items && items.length > 0 && (
        <table className="govuk-table app-placements" id="panel-list" data-loaded="true">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {items.length} {items.length === 1 ? 'request' : 'requests'} awaiting the panel
          </caption>
          <TableHead
            columns={['Waiting', 'Request', 'Gatekeeping', 'What it lacks', "The child's other records"]}
          />
          <tbody className="govuk-table__body">
            {items.map((i) => (
              <tr className="govuk-table__row" key={i.id} data-request-id={i.id}>
                <td className="govuk-table__cell waiting">
                  {waiting(i)}
                  <span className="app-secondary">since {when(i.receivedAt)}</span>
                </td>
                <td className="govuk-table__cell">
                  <a className="govuk-link open-request" href={`/placements/${i.id}`} onClick={onLinkClick}>
                    {labelOf(PLACEMENT_TYPE_LABELS, i.placementType)}
                  </a>
                  <span className="app-secondary">{labelOf(LEGAL_BASIS_LABELS, i.legalBasis)}</span>
                  <span className="app-secondary">Requested by {i.submittedBy}</span>
                </td>
                <td className="govuk-table__cell">
                  <OutcomeTag outcome={i.outcome} />
                  {i.reviewDueAt && <span className="app-secondary">Review due {when(i.reviewDueAt)}</span>}
                  {i.returnedAt && (
                    <span className="app-secondary">Back from deferral {day(i.returnedAt)}</span>
                  )}
                </td>
                <td className="govuk-table__cell">
                  <ul className="govuk-list lacks">
                    {i.lacks.map((l) => (
                      <li key={l.code} data-code={l.code}>
                        {labelOf(CHECK_LABELS, l.code)}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="govuk-table__cell">
                  {i.openDecisions.length} open{' '}
                  {i.openDecisions.length === 1 ? 'contact decision' : 'contact decisions'}
                  <span className="app-secondary">
                    {i.earlierRequests.length} earlier placement{' '}
                    {i.earlierRequests.length === 1 ? 'request' : 'requests'}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
