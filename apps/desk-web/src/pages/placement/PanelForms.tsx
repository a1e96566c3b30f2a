import {
  DECISIONS_WITH_ACTIONS,
  DIVERSIONS,
  FINAL_OUTCOMES,
  PANEL_ACTIONS,
  PANEL_DECISIONS,
  PLACEMENT_TYPES,
  PROVIDERS,
} from '@app/contracts/placement-vocabulary';
import {
  DIVERSION_LABELS,
  FINAL_OUTCOME_LABELS,
  PANEL_ACTION_LABELS,
  PANEL_DECISION_LABELS,
  PLACEMENT_TYPE_LABELS,
  PROVIDER_LABELS,
} from '@app/contracts/placement-labels';
import { FormEvent, useState } from 'react';
import type { OutcomeBody, PanelDecisionBody } from '../../api/placement';
import { fieldError, FieldIds } from '../../components/ErrorSummary';
import { CheckboxField, given, options, SelectField, TextareaField, TextField } from './common';
import { emptyEvidence, EvidenceFields, evidenceBody, evidenceFieldIds } from './EvidenceFields';

/** A form's submit: resolves true when the desk accepted it (the page shows errors and reloads itself). */
export type Submit<T> = (body: T, fields: FieldIds) => Promise<boolean>;

function Radios({
  name,
  legend,
  value,
  onChange,
  choices,
  error,
  path,
}: {
  name: string;
  legend: string;
  value: string;
  onChange: (v: string) => void;
  choices: { value: string; label: string }[];
  error: unknown;
  path: string;
}) {
  const message = fieldError(error, path);
  return (
    <div className={`govuk-form-group${message ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={message ? `${name}-error` : undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {message && (
          <p className="govuk-error-message" id={`${name}-error`}>
            <span className="govuk-visually-hidden">Error:</span> {message}
          </p>
        )}
        <div className="govuk-radios govuk-radios--small govuk-radios--inline" id={name}>
          {choices.map((c, i) => (
            <div className="govuk-radios__item" key={c.value}>
              <input
                className="govuk-radios__input"
                id={i === 0 ? `${name}-input` : `${name}-${c.value}`}
                name={name}
                type="radio"
                value={c.value}
                checked={value === c.value}
                onChange={() => onChange(c.value)}
              />
              <label
                className="govuk-label govuk-radios__label"
                htmlFor={i === 0 ? `${name}-input` : `${name}-${c.value}`}
              >
                {c.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

interface ActionDraft {
  action: string;
  owner: string;
  dueBy: string;
}
const newAction = (): ActionDraft => ({ action: PANEL_ACTIONS[0], owner: '', dueBy: '' });

/** The panel's decision: a reason and, for a deferral or conditions, actions each with an owner and a due date. */
export function DecisionForm({ error, onSubmit }: { error: unknown; onSubmit: Submit<PanelDecisionBody> }) {
  const [decision, setDecision] = useState<string>('deferred');
  const [reason, setReason] = useState('');
  const [actions, setActions] = useState<ActionDraft[]>([newAction()]);
  const [busy, setBusy] = useState(false);
  const setAction = (i: number, k: keyof ActionDraft) => (v: string) =>
    setActions(actions.map((a, j) => (j === i ? { ...a, [k]: v } : a)));
  const fields: FieldIds = {
    decision: 'decision-input',
    reason: 'decision-reason',
    actions: 'action-type-0',
  };
  actions.forEach((_, i) => {
    fields[`actions[${i}].action`] = `action-type-${i}`;
    fields[`actions[${i}].owner`] = `action-owner-${i}`;
    fields[`actions[${i}].dueBy`] = `action-due-${i}`;
  });

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    // A row left empty is not an action; a row partly filled is sent, so the desk names what it lacks.
    const filled = actions.filter((a) => a.owner.trim() || a.dueBy);
    const ok = await onSubmit(
      {
        decision: decision as PanelDecisionBody['decision'],
        reason,
        ...(filled.length ? { actions: filled as PanelDecisionBody['actions'] } : {}),
      },
      fields,
    );
    setBusy(false);
    if (ok) {
      setReason('');
      setActions([newAction()]);
    }
  };

  return (
    <form onSubmit={submit} noValidate id="decision-form" aria-labelledby="decision-title">
      <h2 className="govuk-heading-m" id="decision-title">
        Record the panel&apos;s decision
      </h2>
      <Radios
        name="decision"
        legend="Decision"
        value={decision}
        onChange={setDecision}
        choices={options(PANEL_DECISIONS, PANEL_DECISION_LABELS)}
        error={error}
        path="decision"
      />
      <TextareaField
        id="decision-reason"
        label="Reason"
        path="reason"
        error={error}
        value={reason}
        onChange={setReason}
      />
      <h3 className="govuk-heading-s">Actions</h3>
      <p className="govuk-hint">
        {DECISIONS_WITH_ACTIONS.map((d) => PANEL_DECISION_LABELS[d]).join(' and ')} need at least one action.
      </p>
      {fieldError(error, 'actions') && (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {fieldError(error, 'actions')}
        </p>
      )}
      {actions.map((a, i) => (
        <fieldset className="govuk-fieldset app-action-row" key={i} data-index={i}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Action {i + 1}</legend>
          <div className="app-filters">
            <SelectField
              id={`action-type-${i}`}
              label="What"
              path={`actions[${i}].action`}
              error={error}
              value={a.action}
              onChange={setAction(i, 'action')}
              choices={options(PANEL_ACTIONS, PANEL_ACTION_LABELS)}
            />
            <TextField
              id={`action-owner-${i}`}
              label="Owner"
              hint="A username or a name"
              path={`actions[${i}].owner`}
              error={error}
              value={a.owner}
              onChange={setAction(i, 'owner')}
            />
            <TextField
              id={`action-due-${i}`}
              type="date"
              label="Due by"
              path={`actions[${i}].dueBy`}
              error={error}
              value={a.dueBy}
              onChange={setAction(i, 'dueBy')}
            />
            {actions.length > 1 && (
              <div className="govuk-form-group">
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                  onClick={() => setActions(actions.filter((_, j) => j !== i))}
                >
                  Remove<span className="govuk-visually-hidden"> action {i + 1}</span>
                </button>
              </div>
            )}
          </div>
        </fieldset>
      ))}
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          id="add-action"
          onClick={() => setActions([...actions, newAction()])}
        >
          Add another action
        </button>
        <button type="submit" className="govuk-button" id="decision-submit" disabled={busy}>
          Record the decision
        </button>
      </div>
    </form>
  );
}

/** New evidence: only the items filled in change, and the checks run again at once. */
export function EvidenceForm({
  error,
  onSubmit,
}: {
  error: unknown;
  onSubmit: Submit<ReturnType<typeof evidenceBody>>;
}) {
  const [draft, setDraft] = useState(emptyEvidence);
  const [busy, setBusy] = useState(false);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    const ok = await onSubmit(evidenceBody(draft), evidenceFieldIds('ev', ''));
    setBusy(false);
    if (ok) setDraft(emptyEvidence());
  };
  return (
    <form onSubmit={submit} noValidate id="evidence-form" aria-labelledby="evidence-title">
      <h2 className="govuk-heading-m" id="evidence-title">
        Add evidence
      </h2>
      <p className="govuk-hint">
        The checks run again at once. Only the items you fill in change; dates are checked against the day the
        request was received.
      </p>
      <EvidenceFields
        idPrefix="ev"
        pathPrefix=""
        emptyLabel="No change"
        value={draft}
        onChange={setDraft}
        error={error}
      />
      <button type="submit" className="govuk-button" id="evidence-submit" disabled={busy}>
        Add the evidence
      </button>
    </form>
  );
}

/** What finally happened: placed (type, provider, out of county, start, weekly cost), diverted (how) or withdrawn. */
export function OutcomeForm({ error, onSubmit }: { error: unknown; onSubmit: Submit<OutcomeBody> }) {
  const [o, setO] = useState({
    outcome: 'placed',
    placementType: '',
    provider: '',
    outOfCounty: false,
    startDate: '',
    weeklyCost: '',
    how: '',
    reason: '',
  });
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof o) => (v: string | boolean) => setO({ ...o, [k]: v });
  const fields: FieldIds = {
    outcome: 'outcome-input',
    placementType: 'placed-type',
    provider: 'placed-provider',
    outOfCounty: 'placed-ooc',
    startDate: 'placed-start',
    weeklyCost: 'placed-cost',
    how: 'diverted-how',
    reason: 'withdrawn-reason',
  };
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    const cost = given(o.weeklyCost);
    const body: OutcomeBody =
      o.outcome === 'placed'
        ? {
            outcome: 'placed',
            placementType: (given(o.placementType) as OutcomeBody['placementType']) ?? undefined,
            provider: (given(o.provider) as OutcomeBody['provider']) ?? undefined,
            outOfCounty: o.outOfCounty,
            startDate: given(o.startDate),
            // A number when it reads as one; otherwise sent as typed, so the desk names the field.
            weeklyCost: (cost !== undefined && !Number.isNaN(Number(cost)) ? Number(cost) : cost) as number,
          }
        : o.outcome === 'diverted'
          ? { outcome: 'diverted', how: (given(o.how) as OutcomeBody['how']) ?? undefined }
          : { outcome: 'withdrawn', reason: given(o.reason) };
    await onSubmit(body, fields);
    setBusy(false);
  };
  return (
    <form onSubmit={submit} noValidate id="outcome-form" aria-labelledby="outcome-title">
      <h2 className="govuk-heading-m" id="outcome-title">
        Record what happened
      </h2>
      <Radios
        name="outcome"
        legend="Outcome"
        value={o.outcome}
        onChange={set('outcome')}
        choices={options(FINAL_OUTCOMES, FINAL_OUTCOME_LABELS)}
        error={error}
        path="outcome"
      />
      {o.outcome === 'placed' && (
        <div className="app-filters" id="placed-fields">
          <SelectField
            id="placed-type"
            label="Placement type"
            path="placementType"
            error={error}
            value={o.placementType}
            onChange={set('placementType')}
            empty="Choose"
            choices={options(PLACEMENT_TYPES, PLACEMENT_TYPE_LABELS)}
          />
          <SelectField
            id="placed-provider"
            label="Provider"
            path="provider"
            error={error}
            value={o.provider}
            onChange={set('provider')}
            empty="Choose"
            choices={options(PROVIDERS, PROVIDER_LABELS)}
          />
          <TextField
            id="placed-start"
            type="date"
            label="Start date"
            path="startDate"
            error={error}
            value={o.startDate}
            onChange={set('startDate')}
          />
          <TextField
            id="placed-cost"
            label="Weekly cost"
            prefix="£"
            width="5"
            inputMode="decimal"
            path="weeklyCost"
            error={error}
            value={o.weeklyCost}
            onChange={set('weeklyCost')}
          />
          <CheckboxField
            id="placed-ooc"
            label="Out of county"
            checked={o.outOfCounty}
            onChange={set('outOfCounty')}
          />
        </div>
      )}
      {o.outcome === 'diverted' && (
        <SelectField
          id="diverted-how"
          label="How"
          hint="The family-based alternative found instead"
          path="how"
          error={error}
          value={o.how}
          onChange={set('how')}
          empty="Choose"
          choices={options(DIVERSIONS, DIVERSION_LABELS)}
        />
      )}
      {o.outcome === 'withdrawn' && (
        <TextareaField
          id="withdrawn-reason"
          label="Why"
          path="reason"
          error={error}
          value={o.reason}
          onChange={set('reason')}
          rows={2}
        />
      )}
      <button type="submit" className="govuk-button" id="outcome-submit" disabled={busy}>
        Record what happened
      </button>
    </form>
  );
}
