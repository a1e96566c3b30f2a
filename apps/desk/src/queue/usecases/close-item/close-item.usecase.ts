import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { Command, IsUuid } from '@app/contracts';
import { Injectable, Optional } from '@nestjs/common';
import { appendAudit } from '@app/audit';
import { Actor, IsActor } from '../../../actor';
import { QueueEvents } from '../../../live/queue-events';
import { ReferralRecorder } from '../../../referrals/referral-recorder';
import { DeskItemsRepository } from '../../desk-items.repository';
import { itemHeldBy, recommendationFor } from '../desk-item-rules';

export class CloseItemCommand extends Command {
  @IsUuid()
  contactId!: string;
  @IsActor()
  actor!: Actor;
  /** Checked by CloseBody against the county's close outcomes. */
  @IsString()
  @Length(1)
  outcome!: string;
  @IsBoolean()
  cinNoFurtherAction!: boolean;
  /** Absent: the criteria's suggestion. */
  @IsOptional()
  @IsString()
  primaryNeed?: string;
  @IsOptional()
  @IsString()
  note?: string;
}

/**
 * The holder closes a decided item with an outcome. A referral outcome makes or joins the child's referral
 * (statutory-returns.md) in the same transaction, and the referrer is told.
 */
@Injectable()
export class CloseItemUseCase {
  constructor(
    private readonly items: DeskItemsRepository,
    private readonly referrals: ReferralRecorder,
    @Optional() private readonly events?: QueueEvents,
  ) {}

  async execute(cmd: CloseItemCommand) {
    const { contactId, actor } = cmd;
    const closed = await this.items.transaction(async (m) => {
      const item = await itemHeldBy(this.items, m, contactId, actor, ['decided']);
      const rec = await recommendationFor(this.items, m, contactId);
      const id = await this.items.insertDutyDecision(m, {
        contactId,
        childId: item.childId,
        kind: 'close',
        actor,
        recommendation: rec,
        chosen: { needLevel: item.needLevel, route: item.route, team: item.team },
        outcome: cmd.outcome,
        cinNoFurtherAction: cmd.cinNoFurtherAction,
      });
      if (cmd.note !== undefined) await this.items.addNote(m, contactId, actor.username, cmd.note);
      const referral = await this.referrals.onClose(m, {
        contactId,
        outcome: cmd.outcome,
        noFurtherAction: cmd.cinNoFurtherAction,
        primaryNeed: cmd.primaryNeed ?? null,
        decidedAt: new Date(),
        team: item.team,
        worker: actor.username,
        imported: false,
      });
      await this.items.markClosed(m, contactId);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'decision.close',
        subjectType: 'contact',
        subjectId: contactId,
        childId: item.childId,
        details: {
          dutyDecisionId: id,
          outcome: cmd.outcome,
          cinNoFurtherAction: cmd.cinNoFurtherAction,
          ...(referral ? { referralId: referral.referralId, joinedReferral: referral.joined } : {}),
        },
      });
      return {
        dutyDecisionId: id,
        state: 'closed',
        ...(referral
          ? {
              referral: {
                id: referral.referralId,
                joined: referral.joined,
                primaryNeed: referral.primaryNeed,
              },
            }
          : {}),
      };
    });
    this.events?.publish('closed', contactId, actor.username);
    return closed;
  }
}
