import {
  FAMILY_SUPPORT_STATUSES,
  FGC_STATUSES,
  IN_HOUSE_SEARCH_STATUSES,
  KINSHIP_STATUSES,
} from '@app/contracts/placement-vocabulary';
import { EVIDENCE_LABELS } from '@app/contracts/placement-labels';
import type { Evidence } from '../../api/placement';
import type { FieldIds } from '../../components/ErrorSummary';
import { given, options, SelectField, TextField } from './common';

/** The evidence of the alternatives tried, as typed: every value a string, '' for not given. */
export interface EvidenceDraft {
  fgcStatus: string;
  fgcDate: string;
  kinStatus: string;
  kinDate: string;
  fsStatus: string;
  fsService: string;
  fsFrom: string;
  fsTo: string;
  fsDate: string;
  searchStatus: string;
  searchDate: string;
}

export const emptyEvidence = (): EvidenceDraft => ({
  fgcStatus: '',
  fgcDate: '',
  kinStatus: '',
  kinDate: '',
  fsStatus: '',
  fsService: '',
  fsFrom: '',
  fsTo: '',
  fsDate: '',
  searchStatus: '',
  searchDate: '',
});

/** Each draft field: its input's id suffix and its path in the request's `evidence`. */
const FIELDS: Record<keyof EvidenceDraft, [string, string]> = {
  fgcStatus: ['fgc-status', 'familyGroupConference.status'],
  fgcDate: ['fgc-date', 'familyGroupConference.date'],
  kinStatus: ['kin-status', 'kinshipAssessment.status'],
  kinDate: ['kin-date', 'kinshipAssessment.date'],
  fsStatus: ['fs-status', 'familySupport.status'],
  fsService: ['fs-service', 'familySupport.service'],
  fsFrom: ['fs-from', 'familySupport.from'],
  fsTo: ['fs-to', 'familySupport.to'],
  fsDate: ['fs-date', 'familySupport.date'],
  searchStatus: ['search-status', 'inHouseFosterSearch.status'],
  searchDate: ['search-date', 'inHouseFosterSearch.date'],
};

/** The inputs answering each API path, for the error summary's links. */
export function evidenceFieldIds(idPrefix: string, pathPrefix: string): FieldIds {
  const ids: FieldIds = {};
  for (const [suffix, path] of Object.values(FIELDS)) ids[pathPrefix + path] = `${idPrefix}-${suffix}`;
  return ids;
}

/** Only the items whose status is chosen, each with the details given. */
export function evidenceBody(d: EvidenceDraft): Evidence {
  const body: Evidence = {};
  if (d.fgcStatus) body.familyGroupConference = { status: d.fgcStatus as never, date: given(d.fgcDate) };
  if (d.kinStatus) body.kinshipAssessment = { status: d.kinStatus as never, date: given(d.kinDate) };
  if (d.fsStatus)
    body.familySupport = {
      status: d.fsStatus as never,
      service: given(d.fsService),
      from: given(d.fsFrom),
      to: given(d.fsTo),
      date: given(d.fsDate),
    };
  if (d.searchStatus)
    body.inHouseFosterSearch = { status: d.searchStatus as never, date: given(d.searchDate) };
  return body;
}

/**
 * The evidence of the alternatives tried: family group conference, kinship assessment, family support and the
 * in-house foster carer search. One component for a new request (paths under `evidence.`) and for new evidence
 * on a request (paths at the top: PATCH .../evidence), where an item left alone does not change.
 */
export function EvidenceFields({
  idPrefix,
  pathPrefix,
  emptyLabel,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  pathPrefix: string;
  emptyLabel: string;
  value: EvidenceDraft;
  onChange: (d: EvidenceDraft) => void;
  error: unknown;
}) {
  const field = (key: keyof EvidenceDraft) => ({
    id: `${idPrefix}-${FIELDS[key][0]}`,
    path: pathPrefix + FIELDS[key][1],
    error,
    value: value[key],
    onChange: (v: string) => onChange({ ...value, [key]: v }),
  });
  const item = (key: keyof typeof EVIDENCE_LABELS, children: React.ReactNode) => (
    <fieldset className="govuk-fieldset app-evidence-item" data-evidence={key}>
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
        {EVIDENCE_LABELS[key].label}
      </legend>
      <div className="app-filters">{children}</div>
    </fieldset>
  );
  const L = EVIDENCE_LABELS;
  return (
    <>
      {item(
        'familyGroupConference',
        <>
          <SelectField
            {...field('fgcStatus')}
            label="Status"
            empty={emptyLabel}
            choices={options(FGC_STATUSES, L.familyGroupConference.statuses)}
          />
          <TextField {...field('fgcDate')} type="date" label="Date held or declined" />
        </>,
      )}
      {item(
        'kinshipAssessment',
        <>
          <SelectField
            {...field('kinStatus')}
            label="Status"
            empty={emptyLabel}
            choices={options(KINSHIP_STATUSES, L.kinshipAssessment.statuses)}
          />
          <TextField {...field('kinDate')} type="date" label="Date of the assessment" />
        </>,
      )}
      {item(
        'familySupport',
        <>
          <SelectField
            {...field('fsStatus')}
            label="Status"
            empty={emptyLabel}
            choices={options(FAMILY_SUPPORT_STATUSES, L.familySupport.statuses)}
          />
          <TextField {...field('fsService')} label="Service" width="10" />
          <TextField {...field('fsFrom')} type="date" label="Provided from" />
          <TextField {...field('fsTo')} type="date" label="Provided to" hint="Empty: still going on" />
          <TextField {...field('fsDate')} type="date" label="Declined on" />
        </>,
      )}
      {item(
        'inHouseFosterSearch',
        <>
          <SelectField
            {...field('searchStatus')}
            label="Status"
            empty={emptyLabel}
            choices={options(IN_HOUSE_SEARCH_STATUSES, L.inHouseFosterSearch.statuses)}
          />
          <TextField {...field('searchDate')} type="date" label="Date of the search" />
        </>,
      )}
    </>
  );
}
