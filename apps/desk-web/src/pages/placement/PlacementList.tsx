import {
  CHECK_LABELS,
  FINAL_OUTCOME_LABELS,
  PLACEMENT_STATUS_LABELS,
  PLACEMENT_TYPE_LABELS,
} from '@app/contracts/placement-labels';
import { labelOf } from '@app/contracts/labels';
import { useEffect, useState } from 'react';
import { placementApi, PlacementRequestDetail } from '../../api/placement';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Layout } from '../../components/Layout';
import { when } from '../../format';
import { onLinkClick } from '../../router';
import { who } from '../../session';
import { mayRequest, OutcomeTag, PlacementNav } from './common';
import { TableHead } from '../../components/TableHead';

/** Placement requests, newest first: a social worker's own ("my requests"), everyone's for the other readers. */
export function PlacementList() {
  const user = who();
  const own = user?.role === 'social_worker';
  const [items, setItems] = useState<PlacementRequestDetail[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    placementApi
      .list({ limit: '100' })
      .then((r) => setItems(r.items))
      .catch(setError);
  }, []);

  return (
    <Layout current="placements">
      <PlacementNav current="list" who={user} />
      <ErrorSummary error={error} />
      <h1 className="govuk-heading-l">{own ? 'My placement requests' : 'Placement requests'}</h1>
      {mayRequest(user) && (
        <a
          className="govuk-button"
          href="/placements/new"
          onClick={onLinkClick}
          role="button"
          draggable="false"
        >
          Raise a placement request
        </a>
      )}
      {items && items.length === 0 && (
        <p className="govuk-body" id="no-requests">
          {own ? 'You have not raised a placement request.' : 'No placement requests yet.'}
        </p>
      )}
      {items && items.length > 0 && (
        <table className="govuk-table app-placements" id="requests" data-loaded="true">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {own ? 'The requests you raised' : 'Every request'}, newest first
          </caption>
          <TableHead
            columns={[
              'Received',
              'Placement type',
              'Gatekeeping',
              'What it lacks',
              'Where it stands',
              ...(own ? [] : ['Requested by']),
            ]}
          />
          <tbody className="govuk-table__body">
            {items.map((r) => (
              <tr className="govuk-table__row" key={r.id} data-request-id={r.id}>
                <td className="govuk-table__cell">
                  <a className="govuk-link" href={`/placements/${r.id}`} onClick={onLinkClick}>
                    {when(r.receivedAt)}
                  </a>
                </td>
                <td className="govuk-table__cell">{labelOf(PLACEMENT_TYPE_LABELS, r.placementType)}</td>
                <td className="govuk-table__cell">
                  <OutcomeTag outcome={r.gatekeeping.outcome} />
                </td>
                <td className="govuk-table__cell">
                  {r.gatekeeping.failedChecks.length === 0
                    ? 'Nothing'
                    : r.gatekeeping.failedChecks.map((c) => (
                        <span key={c} className="app-secondary" data-code={c}>
                          {labelOf(CHECK_LABELS, c)}
                        </span>
                      ))}
                </td>
                <td className="govuk-table__cell">
                  {r.finalOutcome
                    ? labelOf(FINAL_OUTCOME_LABELS, r.finalOutcome.outcome)
                    : labelOf(PLACEMENT_STATUS_LABELS, r.status)}
                </td>
                {!own && <td className="govuk-table__cell">{r.submittedBy}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
