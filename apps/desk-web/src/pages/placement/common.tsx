import './placement.css';
import { PLACEMENT_ROLES } from '@app/contracts/placement-vocabulary';
import { GATEKEEPING_OUTCOME_LABELS } from '@app/contracts/placement-labels';
import { labelOf } from '@app/contracts/labels';
import { ChangeEvent, ReactNode } from 'react';
import { fieldError } from '../../components/ErrorSummary';
import { onLinkClick } from '../../router';
import type { Who } from '../../session';

/** What the worker's role may do with placement requests (the desk enforces the same lists). */
const has = (list: readonly string[], u: Who | null) => Boolean(u && list.includes(u.role));
export const mayRequest = (u: Who | null) => has(PLACEMENT_ROLES.requesters, u);
export const chairs = (u: Who | null) => has(PLACEMENT_ROLES.chairs, u);
export const mayUpdate = (u: Who | null) => has(PLACEMENT_ROLES.updaters, u);
export const mayCompleteActions = (u: Who | null) => has(PLACEMENT_ROLES.actionCompleters, u);

/** Options of a select: the vocabulary's codes in order, each with its words. */
export const options = (codes: readonly string[], labels: Readonly<Record<string, string>>) =>
  codes.map((c) => ({ value: c, label: labels[c] ?? c }));

/** The pages of the placement section, as the MoJ sub navigation, only those the role may use. */
export function PlacementNav({
  current,
  who,
}: {
  current: 'list' | 'new' | 'panel' | null;
  who: Who | null;
}) {
  const links = [
    {
      key: 'list',
      href: '/placements',
      label: who?.role === 'social_worker' ? 'My requests' : 'All requests',
    },
    ...(mayRequest(who) ? [{ key: 'new', href: '/placements/new', label: 'Raise a request' }] : []),
    ...(chairs(who) ? [{ key: 'panel', href: '/placements/panel', label: "The panel's list" }] : []),
  ];
  return (
    <nav className="moj-sub-navigation" aria-label="Placement requests">
      <ul className="moj-sub-navigation__list">
        {links.map((l) => (
          <li className="moj-sub-navigation__item" key={l.key}>
            <a
              className="moj-sub-navigation__link"
              href={l.href}
              onClick={onLinkClick}
              aria-current={current === l.key ? 'page' : undefined}
            >
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const TAG_COLOUR: Record<string, string> = {
  CLEARED: 'govuk-tag--green',
  HELD_FOR_PANEL: 'govuk-tag--red',
  RETROSPECTIVE_REVIEW: 'govuk-tag--orange',
};

/** The gatekeeping outcome as a tag: cleared green, held red, retrospective review orange. */
export function OutcomeTag({ outcome, id }: { outcome: string; id?: string }) {
  return (
    <strong className={`govuk-tag ${TAG_COLOUR[outcome] ?? ''}`} id={id} data-outcome={outcome}>
      {labelOf(GATEKEEPING_OUTCOME_LABELS, outcome)}
    </strong>
  );
}

export function Success({ message }: { message: string }) {
  if (!message) return null;
  return (
    <div
      className="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby="placement-done-title"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="placement-done-title">
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{message}</p>
      </div>
    </div>
  );
}

export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  /** The API's path for this field: its error from the problem shows beside it. */
  path: string;
  error: unknown;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
}

/** A GOV.UK form group: label, hint, the API's error for the field, then the control. */
function Group({
  id,
  label,
  hint,
  message,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  message: string | null;
  children: ReactNode;
}) {
  return (
    <div className={`govuk-form-group${message ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {message && (
        <p className="govuk-error-message" id={`${id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {message}
        </p>
      )}
      {children}
    </div>
  );
}

const describedBy = (id: string, hint: unknown, message: unknown) =>
  [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function TextField(
  props: FieldProps & { type?: 'text' | 'date'; width?: string; inputMode?: 'decimal'; prefix?: string },
) {
  const { id, label, path, error, hint, value, onChange, type = 'text', width, inputMode, prefix } = props;
  const message = fieldError(error, path);
  const input = (
    <input
      className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${message ? ' govuk-input--error' : ''}`}
      id={id}
      type={type}
      inputMode={inputMode}
      value={value}
      aria-describedby={describedBy(id, hint, message)}
      onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
    />
  );
  return (
    <Group id={id} label={label} hint={hint} message={message}>
      {prefix ? (
        <div className="govuk-input__wrapper">
          <div className="govuk-input__prefix" aria-hidden="true">
            {prefix}
          </div>
          {input}
        </div>
      ) : (
        input
      )}
    </Group>
  );
}

export function TextareaField(props: FieldProps & { rows?: number }) {
  const { id, label, path, error, hint, value, onChange, rows = 3 } = props;
  const message = fieldError(error, path);
  return (
    <Group id={id} label={label} hint={hint} message={message}>
      <textarea
        className={`govuk-textarea${message ? ' govuk-textarea--error' : ''}`}
        id={id}
        rows={rows}
        value={value}
        aria-describedby={describedBy(id, hint, message)}
        onChange={(e) => onChange(e.target.value)}
      />
    </Group>
  );
}

export function SelectField(
  props: FieldProps & { choices: { value: string; label: string }[]; empty?: string },
) {
  const { id, label, path, error, hint, value, onChange, choices, empty } = props;
  const message = fieldError(error, path);
  return (
    <Group id={id} label={label} hint={hint} message={message}>
      <select
        className={`govuk-select${message ? ' govuk-select--error' : ''}`}
        id={id}
        value={value}
        aria-describedby={describedBy(id, hint, message)}
        onChange={(e) => onChange(e.target.value)}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </Group>
  );
}

export function CheckboxField({
  id,
  label,
  checked,
  onChange,
  hint,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: string;
}) {
  return (
    <div className="govuk-form-group">
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={id}
            type="checkbox"
            checked={checked}
            aria-describedby={hint ? `${id}-hint` : undefined}
            onChange={(e) => onChange(e.target.checked)}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
          {hint && (
            <div className="govuk-hint govuk-checkboxes__hint" id={`${id}-hint`}>
              {hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** An optional text: undefined when blank, so the body leaves it out. */
export const given = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
