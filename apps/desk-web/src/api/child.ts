import type { StaffComponents } from '@app/sdk';
import { ChildContact, ChildRecord, send } from '../api';

type Schemas = StaffComponents['schemas'];

/** One decision triage made about a contact, as the child's view gives it. */
export interface TriageDecision {
  id: string;
  current: boolean;
  triagedAt: string;
  criteriaVersion: string;
  needLevel: number;
  route: string;
  team: string | null;
  priority: string;
  dueAt: string;
  reasons: { code: string; text: string }[];
  history: number;
  linkedContactIds: string[];
}

export interface Referral {
  id: string;
  contactId: string;
  referralDate: string;
  outcome: string;
  noFurtherAction: boolean;
  primaryNeed: string | null;
  suggestedNeed: string | null;
  closedOn: string | null;
  closureReason: string | null;
  reReferral: boolean;
  referralsInLast12Months: number;
  imported: boolean;
}

/** The child's view (GET /v1/children/{childId}): every contact, its decisions, referrals, matches. */
export interface ChildView extends Omit<ChildRecord, 'contacts'> {
  requestedChildId?: string;
  createdAt: string;
  mergedFrom: string[];
  referrals: Referral[];
  characteristics: {
    sex: string | null;
    ethnicity: string | null;
    disabilities: string[] | null;
    upn: string | null;
  } | null;
  contacts: (Omit<ChildContact, 'deskItem' | 'decisions'> & {
    deskItem: (NonNullable<ChildContact['deskItem']> & { overdue: boolean; team: string | null }) | null;
    decisions: TriageDecision[];
  })[];
}

export type ReferralPreview = Schemas['ReferralPreviewView'];

export const childApi = {
  read: (childId: string) => send<ChildView>('GET', '/v1/children/{childId}', { path: { childId } }),
  /** What closing an item would do for the returns: the suggested primary need, the referral it joins. */
  referralPreview: (contactId: string) =>
    send<ReferralPreview>('GET', '/v1/queue/{contactId}/referral-preview', { path: { contactId } }),
};
