import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CLOSE_OUTCOMES, partnerResponse, PartnerResponse, Topic } from '@app/contracts';
import { enqueueEvents } from '@app/messaging';
import { DecisionsRepository } from './decisions.repository';

const decisions = new DecisionsRepository();

/** What a referrer hears became of its contact (contact-api.md, "Reading a contact"). */
export interface PartnerOutcome {
  decidedAt: string;
  response: PartnerResponse;
  team: string | null;
}

/** A duty decision as the outcome is worked out from it (duty_decisions, oldest first). */
export interface DutyDecisionFact {
  kind: 'confirm' | 'override' | 'close';
  route: string | null;
  team: string | null;
  outcome: string | null;
  cinNoFurtherAction: boolean | null;
  createdAt: Date;
}

const NFA: (typeof CLOSE_OUTCOMES)[number] = 'NO_FURTHER_ACTION';

/** A close with no further action: the outcome NO_FURTHER_ACTION or the CIN census NFA flag. */
export const closedWithNoFurtherAction = (d: Pick<DutyDecisionFact, 'outcome' | 'cinNoFurtherAction'>) =>
  d.outcome === NFA || d.cinNoFurtherAction === true;

/**
 * The partner's `outcome` after a contact's duty decisions: the response from the latest decision's final
 * route or how it was closed (partnerResponse), its team, and `decidedAt`, the moment the outcome became
 * what it is. A later decision that leaves response and team as they were (a close that only confirms the
 * route) does not move `decidedAt`, so the outcome, and the feedback webhook, change only when what the
 * referrer is told changes. Null while no decision gives a response (none yet, or DUTY_REVIEW).
 */
export function partnerOutcomeOf(decisions: readonly DutyDecisionFact[]): PartnerOutcome | null {
  let current: PartnerOutcome | null = null;
  for (const d of decisions) {
    const response = partnerResponse(
      d.route,
      d.kind === 'close' ? { noFurtherAction: closedWithNoFurtherAction(d), outcome: d.outcome } : null,
    );
    if (response === null) {
      current = null;
      continue;
    }
    if (current && current.response === response && current.team === d.team) continue;
    current = { decidedAt: new Date(d.createdAt).toISOString(), response, team: d.team };
  }
  return current;
}

/** Each contact's partner outcome (null where there is none yet). */
export async function readPartnerOutcomes(
  m: EntityManager,
  contactIds: readonly string[],
): Promise<Map<string, PartnerOutcome | null>> {
  const out = new Map<string, PartnerOutcome | null>(contactIds.map((id) => [id, null]));
  if (!contactIds.length) return out;
  const byContact = new Map<string, DutyDecisionFact[]>();
  for (const { contactId, ...fact } of await decisions.dutyDecisionFacts(m, contactIds)) {
    const list = byContact.get(contactId) ?? [];
    list.push(fact);
    byContact.set(contactId, list);
  }
  for (const [id, list] of byContact) out.set(id, partnerOutcomeOf(list));
  return out;
}

/** The feedback webhook's body: the contact id, its status and exactly the partner view's `outcome`. */
export interface PartnerFeedbackBody {
  contactId: string;
  status: 'decided' | 'closed';
  outcome: PartnerOutcome;
}

/**
 * Called in the duty decision's own transaction (after the decision row is written): when the contact's
 * partner outcome is now set or different from the last feedback owed to its partner, and the partner has
 * a callback, records the feedback and its `partner.feedback.v1` event. So feedback exists if and only if
 * the decision committed, and a decision that changes nothing the referrer is told owes nothing.
 */
export async function recordPartnerFeedback(
  m: EntityManager,
  contactId: string,
  status: PartnerFeedbackBody['status'],
): Promise<string | null> {
  const contact = await decisions.partnerOf(m, contactId);
  if (!contact?.hasCallback) return null;
  const outcome = (await readPartnerOutcomes(m, [contactId])).get(contactId) ?? null;
  if (!outcome) return null;
  const last = await decisions.lastFeedback(m, contactId);
  if (last && sameOutcome(last.outcome, outcome)) return null;
  const id = randomUUID();
  const body: PartnerFeedbackBody = { contactId, status, outcome };
  await decisions.addFeedback(m, { id, partnerId: contact.partnerId, contactId, body });
  await enqueueEvents(m, [
    { topic: Topic.PartnerFeedback, key: contactId, payload: { feedbackId: id, contactId } },
  ]);
  return id;
}

const sameOutcome = (a: PartnerOutcome, b: PartnerOutcome) =>
  a.decidedAt === b.decidedAt && a.response === b.response && a.team === b.team;
