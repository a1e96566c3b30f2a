import { IsOptional, IsString, Length } from 'class-validator';
import { Command, IsUuid } from '@app/contracts';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { appendAudit } from '@app/audit';
import { SlaTimers } from '@app/decisions';
import { Actor, IsActor } from '../../../actor';
import { QueueEvents } from '../../../live/queue-events';
import { DeskItemsRepository } from '../../desk-items.repository';
import { itemHeldBy, recommendationFor } from '../desk-item-rules';

export class ConfirmItemCommand extends Command {
  @IsUuid()
  contactId!: string;
  @IsActor()
  actor!: Actor;
  /** Checked by ConfirmBody: 1 to 8000 characters. */
  @IsOptional()
  @IsString()
  @Length(1, 8000)
  note?: string;
}

/**
 * The holder agrees with the recommendation: the item is decided as triage recommended, its SLA timer
 * stops. Taken under the child's lock so a concurrent re-triage of the same child waits.
 */
@Injectable()
export class ConfirmItemUseCase {
  constructor(
    private readonly items: DeskItemsRepository,
    @Inject(SlaTimers) private readonly timers: SlaTimers,
    @Optional() private readonly events?: QueueEvents,
  ) {}

  async execute({ contactId, actor, note }: ConfirmItemCommand) {
    const result = await this.items.transaction(async (m) => {
      const item = await itemHeldBy(this.items, m, contactId, actor, ['awaiting']);
      const rec = await recommendationFor(this.items, m, contactId);
      const chosen = { needLevel: rec.needLevel, route: rec.route, team: rec.team };
      const id = await this.items.insertDutyDecision(m, {
        contactId,
        childId: item.childId,
        kind: 'confirm',
        actor,
        recommendation: rec,
        chosen,
      });
      await this.items.markDecided(m, contactId, chosen);
      if (note !== undefined) await this.items.addNote(m, contactId, actor.username, note);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'decision.confirm',
        subjectType: 'contact',
        subjectId: contactId,
        childId: item.childId,
        details: { dutyDecisionId: id, recommendationId: rec.id, needLevel: rec.needLevel, route: rec.route },
      });
      return { dutyDecisionId: id, state: 'decided' };
    });
    await this.timers.cancel(contactId);
    this.events?.publish('decided', contactId, actor.username);
    return result;
  }
}
