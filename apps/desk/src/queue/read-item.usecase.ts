import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { isUuid, NotFoundError } from '@app/contracts';
import type { Actor } from '../actor';
import { DeskItemsRepository, DutyDecisionView, NoteView, withoutContact } from './desk-items.repository';

/**
 * One desk item as the worker sees it: the item, the recommendation with its reasons, every duty decision
 * (each with the recommendation it answered) and the notes. A read of a child's record: audited.
 */
@Injectable()
export class ReadItemUseCase {
  constructor(
    private readonly items: DeskItemsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(contactId: string, actor: Actor) {
    if (!isUuid(contactId)) throw new NotFoundError('No such item on the desk');
    const item = await this.items.item(contactId);
    if (!item) throw new NotFoundError('No such item on the desk');
    const recommendation = await this.items.recommendationView(contactId);
    const dutyDecisions: DutyDecisionView[] = await this.items.dutyDecisionsOf([contactId]);
    const notes: NoteView[] = await this.items.notesOf([contactId]);
    await this.audit.record({
      actor: actor.username,
      actorRole: actor.role,
      action: 'desk_item.read',
      subjectType: 'contact',
      subjectId: contactId,
      childId: item.childId,
    });
    return {
      item: item.view,
      recommendation,
      dutyDecisions: dutyDecisions.map(withoutContact),
      notes: notes.map(withoutContact),
    };
  }
}
