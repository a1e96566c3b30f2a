import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { Command, IsUuid, ROUTES, RuleBrokenError } from '@app/contracts';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { appendAudit } from '@app/audit';
import { SlaTimers } from '@app/decisions';
import { Actor, IsActor } from '../../../actor';
import { QueueEvents } from '../../../live/queue-events';
import { DeskItemsRepository } from '../../desk-items.repository';
import { itemHeldBy, recommendationFor } from '../desk-item-rules';

export class OverrideItemCommand extends Command {
  @IsUuid()
  contactId!: string;
  @IsActor()
  actor!: Actor;
  /** What changes (checked by OverrideBody: at least one, each valid); absent ones keep the recommendation's. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  needLevel?: number;
  @IsOptional()
  @IsIn(ROUTES)
  route?: string;
  /** null: no team. */
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  team?: string | null;
  /** Why (OverrideBody: at least 5 characters). */
  @IsString()
  @Length(1)
  reason!: string;
}

/**
 * The holder disagrees with the recommendation: level, route or team changed, with a reason. The
 * recommendation itself is never changed; the duty decision keeps a copy of what it overrode.
 */
@Injectable()
export class OverrideItemUseCase {
  constructor(
    private readonly items: DeskItemsRepository,
    @Inject(SlaTimers) private readonly timers: SlaTimers,
    @Optional() private readonly events?: QueueEvents,
  ) {}

  async execute(cmd: OverrideItemCommand) {
    const { contactId, actor } = cmd;
    const reason = cmd.reason.trim();
    const result = await this.items.transaction(async (m) => {
      const item = await itemHeldBy(this.items, m, contactId, actor, ['awaiting']);
      const rec = await recommendationFor(this.items, m, contactId);
      const chosen = {
        needLevel: cmd.needLevel ?? rec.needLevel,
        route: cmd.route ?? rec.route,
        team: cmd.team !== undefined ? cmd.team : rec.team,
      };
      if (chosen.needLevel === rec.needLevel && chosen.route === rec.route && chosen.team === rec.team)
        throw new RuleBrokenError([
          { path: '', message: 'the override is the same as the recommendation: confirm it instead' },
        ]);
      const id = await this.items.insertDutyDecision(m, {
        contactId,
        childId: item.childId,
        kind: 'override',
        actor,
        recommendation: rec,
        chosen,
        reason,
      });
      await this.items.markDecided(m, contactId, chosen);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'decision.override',
        subjectType: 'contact',
        subjectId: contactId,
        childId: item.childId,
        details: {
          dutyDecisionId: id,
          recommendationId: rec.id,
          recommended: { needLevel: rec.needLevel, route: rec.route, team: rec.team },
          decided: chosen,
        },
      });
      return { dutyDecisionId: id, state: 'decided', ...chosen };
    });
    await this.timers.cancel(contactId);
    this.events?.publish('decided', contactId, actor.username);
    return result;
  }
}
