import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { isUuid, NotFoundError } from '@app/contracts';
import type { Actor } from '../actor';
import { DeskItemsRepository, withoutContact } from '../queue/desk-items.repository';
import { ReferralReadsRepository } from '../referrals/referral-reads.repository';
import { ReferralsRepository } from '../referrals/referrals.repository';
import { ChildDecisionRow, ChildRecordRepository } from './child-record.repository';

const iso = (v: Date | string | null) => (v === null || v === undefined ? null : new Date(v).toISOString());

/**
 * The child's view: every contact about the child (who sent it, what it said), every decision made about
 * each (with the picture and history the criteria used, and the contacts it linked), the duty desk's own
 * decisions and notes, and the possible matches still to be confirmed or rejected. Every read is audited.
 */
@Injectable()
export class ReadChildUseCase {
  constructor(
    private readonly records: ChildRecordRepository,
    private readonly desk: DeskItemsRepository,
    private readonly referralRecords: ReferralsRepository,
    private readonly referralReads: ReferralReadsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(requestedId: string, actor: Actor) {
    if (!isUuid(requestedId)) throw new NotFoundError('No such child');
    const childId = await this.records.survivor(requestedId);
    if (!childId) throw new NotFoundError('No such child');
    const createdAt = await this.records.createdAt(childId);
    const mergedFrom = await this.records.mergedInto(childId);
    const contacts = await this.records.contacts(childId);
    const ids = contacts.map((c) => c.id);
    const decisions = await this.records.decisions(ids);
    const duty = await this.desk.dutyDecisionsOf(ids);
    const notes = await this.desk.notesOf(ids);
    const possibleMatches = await this.possibleMatches(childId, decisions);
    const referrals = await this.referralReads.ofChild(this.referralReads.manager, childId);
    const characteristics = await this.referralRecords.characteristics(this.referralRecords.manager, childId);

    await this.audit.record({
      actor: actor.username,
      actorRole: actor.role,
      action: 'child.read',
      subjectType: 'child',
      subjectId: childId,
      childId,
      details: { contacts: ids.length, possibleMatchChildIds: possibleMatches.map((p) => p.childId) },
    });

    return {
      childId,
      ...(requestedId !== childId ? { requestedChildId: requestedId, note: 'merged into this child' } : {}),
      createdAt: iso(createdAt),
      mergedFrom,
      referrals,
      characteristics,
      contacts: contacts.map((c) => ({
        id: c.id,
        receivedAt: iso(c.receivedAt),
        status: c.status,
        imported: c.imported,
        agency: c.agency,
        cinCode: c.cinCode,
        locality: c.locality,
        sentBy: {
          partner: c.partnerName,
          organisation: c.body.source?.organisation ?? null,
          referrer: c.body.source?.referrer ?? null,
        },
        child: c.body.child,
        concerns: c.body.concerns,
        consent: c.body.consent,
        occurredAt: c.body.occurredAt ?? null,
        deskItem: c.deskItem ? { ...c.deskItem, dueAt: iso(c.deskItem.dueAt) } : null,
        decisions: decisions
          .filter((d) => d.contactId === c.id)
          .map((d) => ({
            id: d.id,
            current: d.isCurrent,
            triagedAt: iso(d.triagedAt),
            triggeredBy: d.triggeredBy,
            criteriaVersion: d.criteriaVersion,
            needLevel: d.needLevel,
            route: d.route,
            team: d.team,
            priority: d.priority,
            dueAt: iso(d.dueAt),
            strategyDiscussion: d.strategyDiscussion,
            consentRequired: d.consentRequired,
            reasons: d.reasons,
            picture: d.picture,
            history: d.history,
            linkedContactIds: d.linkedContactIds,
            possibleMatches: d.possibleMatches,
          })),
        dutyDecisions: duty.filter((d) => d.contactId === c.id).map(withoutContact),
        notes: notes.filter((n) => n.contactId === c.id).map(withoutContact),
      })),
      possibleMatches,
    };
  }

  /**
   * Possible matches from each contact's current decision, not yet confirmed or rejected, and recorded
   * against another child: side by side for the worker to confirm or reject.
   */
  private async possibleMatches(childId: string, decisions: ChildDecisionRow[]) {
    const reviewed = await this.records.reviewedMatches(childId);
    const possible = new Map<string, { contactId: string; reason: string; foundBy: string }>();
    for (const d of decisions.filter((x) => x.isCurrent)) {
      for (const pm of d.possibleMatches ?? []) {
        if (!reviewed.has(pm.contactId) && !possible.has(pm.contactId))
          possible.set(pm.contactId, { contactId: pm.contactId, reason: pm.reason, foundBy: d.contactId });
      }
    }
    const others = await this.records.otherContacts([...possible.keys()]);
    return others
      .filter((o) => o.childId && o.childId !== childId)
      .map((o) => ({
        ...possible.get(o.id)!,
        childId: o.childId as string,
        receivedAt: iso(o.receivedAt),
        agency: o.agency,
        sentBy: o.partnerName,
        child: o.child,
      }));
  }
}
