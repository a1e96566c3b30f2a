import { CHECK_TEXT, LEGAL_BASES, OUTCOME_TEXT, PLACEMENT_TYPES } from '@app/contracts/placement-vocabulary';
import { LEGAL_BASIS_LABELS, PLACEMENT_TYPE_LABELS } from '@app/contracts/placement-labels';
import { labelOf } from '@app/contracts/labels';
import { FormEvent, useState } from 'react';
import { placementApi, PlacementRequest } from '../../api/placement';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Layout } from '../../components/Layout';
import { when } from '../../format';
import { onLinkClick } from '../../router';
import { who } from '../../session';
import {
  CheckboxField,
  given,
  OutcomeTag,
  options,
  PlacementNav,
  SelectField,
  TextareaField,
  TextField,
} from './common';
import { emptyEvidence, EvidenceFields, evidenceBody, evidenceFieldIds } from './EvidenceFields';

const FIELDS = {
  'child.id': 'new-child-id',
  child: 'new-child-id',
  placementType: 'new-placement-type',
  legalBasis: 'new-legal-basis',
  emergency: 'new-emergency',
  'requestedBy.name': 'new-rb-name',
  'requestedBy.role': 'new-rb-role',
  'requestedBy.team': 'new-rb-team',
  reason: 'new-reason',
  ...evidenceFieldIds('new', 'evidence.'),
};

/** The gatekeeping checks' answer to a new request: the outcome, what is missing, who was alerted. */
function Result({ r }: { r: PlacementRequest }) {
  const g = r.gatekeeping;
  return (
    <div className="govuk-!-margin-bottom-6" id="result" tabIndex={-1}>
      <h2 className="govuk-heading-m">The gatekeeping checks&apos; answer</h2>
      <p className="govuk-body-l">
        <OutcomeTag outcome={g.outcome} id="outcome" />{' '}
        <span id="outcome-text">{labelOf(OUTCOME_TEXT, g.outcome)}</span>
      </p>
      {g.failedChecks.length > 0 ? (
        <>
          <h3 className="govuk-heading-s">What is missing</h3>
          <ul className="govuk-list govuk-list--bullet" id="failed-checks">
            {g.failedChecks.map((c) => (
              <li key={c} data-code={c}>
                {labelOf(CHECK_TEXT, c)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="govuk-body">Every check passed.</p>
      )}
      {g.reviewDueAt && <p className="govuk-body">Retrospective review due by {when(g.reviewDueAt)}.</p>}
      {r.linkedTo && (
        <p className="govuk-body">
          A request for this child and placement type is already open: this one is linked to{' '}
          <a className="govuk-link" href={`/placements/${r.linkedTo}`} onClick={onLinkClick}>
            that request
          </a>{' '}
          and raises no second alert.
        </p>
      )}
      <p className="govuk-body" id="alerted">
        {r.alerts.length
          ? 'The duty manager and the head of service have been alerted.'
          : 'No alert: nothing is missing.'}
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/placements/${r.id}`} onClick={onLinkClick} id="open-request">
          Open the request
        </a>{' '}
        (received {when(r.receivedAt)})
      </p>
    </div>
  );
}

/** Raising a placement request (social workers and managers): gatekept at once. */
export function PlacementNew({ childId }: { childId: string | null }) {
  const user = who();
  const [f, setF] = useState({
    childId: childId ?? '',
    placementType: 'ifa_foster',
    legalBasis: 's20',
    emergency: false,
    rbName: '',
    rbRole: 'Social worker',
    rbTeam: '',
    reason: '',
  });
  const [evidence, setEvidence] = useState(emptyEvidence);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<PlacementRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (v: string | boolean) => setF({ ...f, [k]: v });

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    try {
      const r = await placementApi.create({
        child: { id: f.childId.trim() },
        placementType: f.placementType,
        legalBasis: f.legalBasis,
        emergency: f.emergency,
        ...(given(f.rbName) || given(f.rbTeam)
          ? { requestedBy: { name: given(f.rbName), role: given(f.rbRole), team: given(f.rbTeam) } }
          : {}),
        ...(given(f.reason) ? { reason: f.reason } : {}),
        evidence: evidenceBody(evidence),
      });
      setError(null);
      setResult(r);
      requestAnimationFrame(() => document.getElementById('result')?.focus());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Layout current="placements">
      <PlacementNav current="new" who={user} />
      <ErrorSummary error={error} fields={FIELDS} />
      <h1 className="govuk-heading-l">Raise a placement request</h1>
      {result ? (
        <>
          <Result r={result} />
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => setResult(null)}
          >
            Raise another request
          </button>
        </>
      ) : (
        <form onSubmit={submit} noValidate id="placement-form">
          <p className="govuk-body">
            A child comes into care only when family-based alternatives are exhausted. A request made before
            that is not refused: it is held for the placement panel, and the duty manager and head of service
            are alerted at once.
          </p>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
              The child and the request
            </legend>
            <TextField
              id="new-child-id"
              label="Child's id"
              hint="From the contact's decision or the child's record"
              path="child.id"
              error={error}
              value={f.childId}
              onChange={set('childId')}
              width="30"
            />
            <div className="app-filters">
              <SelectField
                id="new-placement-type"
                label="Placement type"
                path="placementType"
                error={error}
                value={f.placementType}
                onChange={set('placementType')}
                choices={options(PLACEMENT_TYPES, PLACEMENT_TYPE_LABELS)}
              />
              <SelectField
                id="new-legal-basis"
                label="Legal basis"
                path="legalBasis"
                error={error}
                value={f.legalBasis}
                onChange={set('legalBasis')}
                choices={options(LEGAL_BASES, LEGAL_BASIS_LABELS)}
              />
            </div>
            <CheckboxField
              id="new-emergency"
              label="Emergency"
              hint="The placement may go ahead; a retrospective review follows within 3 working days."
              checked={f.emergency}
              onChange={set('emergency')}
            />
            <div className="app-filters">
              <TextField
                id="new-rb-name"
                label="Requested by (name)"
                path="requestedBy.name"
                error={error}
                value={f.rbName}
                onChange={set('rbName')}
              />
              <TextField
                id="new-rb-role"
                label="Their role"
                path="requestedBy.role"
                error={error}
                value={f.rbRole}
                onChange={set('rbRole')}
              />
              <TextField
                id="new-rb-team"
                label="Their team"
                path="requestedBy.team"
                error={error}
                value={f.rbTeam}
                onChange={set('rbTeam')}
              />
            </div>
            <TextareaField
              id="new-reason"
              label="Reason"
              path="reason"
              error={error}
              value={f.reason}
              onChange={set('reason')}
            />
          </fieldset>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
              Evidence: the alternatives tried
            </legend>
            <EvidenceFields
              idPrefix="new"
              pathPrefix="evidence."
              emptyLabel="Not recorded"
              value={evidence}
              onChange={setEvidence}
              error={error}
            />
          </fieldset>
          <button type="submit" className="govuk-button" id="submit" disabled={busy}>
            Submit the request
          </button>
        </form>
      )}
    </Layout>
  );
}
