import { IsOptional, IsString } from 'class-validator';
import { Command, IsUuid } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { appendAudit } from '@app/audit';
import { CriteriaRegistry } from '@app/criteria';
import { decideAwaitingContacts, SlaTimers } from '@app/decisions';
import { Actor, IsActor } from '../../../actor';
import { MatchReviewsRepository } from '../../match-reviews.repository';
import { childOfferedAsMatch } from '../match-offer';

export class ConfirmMatchCommand extends Command {
  @IsUuid()
  childId!: string;
  @IsUuid()
  otherContactId!: string;
  @IsActor()
  actor!: Actor;
  @IsOptional()
  @IsString()
  reason?: string;
}

/**
 * A worker confirms a possible match: the two children become one (the older record is kept, as triage
 * merges) and every contact of the child still awaiting a duty decision is decided again with the joined
 * history, at the time of the latest contact known about the child (the shared rules of @app/decisions).
 * As in triage, a held item is never lowered and its holder is told when it is raised.
 */
@Injectable()
export class ConfirmMatchUseCase {
  constructor(
    private readonly reviews: MatchReviewsRepository,
    private readonly criteria: CriteriaRegistry,
    @Inject(SlaTimers) private readonly timers: SlaTimers,
  ) {}

  async execute({ childId, otherContactId, actor, reason }: ConfirmMatchCommand) {
    const { result, timers } = await this.reviews.transaction(async (m) => {
      const otherChild = await childOfferedAsMatch(this.reviews, m, childId, otherContactId);
      const { kept, gone, movedContactIds } = await this.reviews.merge(m, childId, otherChild);
      // One time for the audit entry and the decisions it makes: the replay oracle applies the merge then.
      const mergedAt = new Date();
      await this.reviews.recordVerdict(m, {
        childId: kept,
        otherContactId,
        verdict: 'confirmed',
        by: actor.username,
        reason,
      });
      await appendAudit(
        m,
        {
          actor: actor.username,
          actorRole: actor.role,
          action: 'child.merge',
          subjectType: 'child',
          subjectId: kept,
          childId: kept,
          // The contacts that joined (ids only): the replay oracle splits the children before the merge.
          details: { mergedChildId: gone, confirmedContactId: otherContactId, movedContactIds },
        },
        mergedAt,
      );
      const timers = await decideAwaitingContacts(m, this.criteria.current(), {
        trigger: await this.reviews.latestContact(m, kept),
        childId: kept,
        possibleMatches: [],
        includeTrigger: false,
        triagedAt: mergedAt,
      });
      return {
        result: { childId: kept, mergedChildId: gone, verdict: 'confirmed', retriaged: timers.length },
        timers,
      };
    });
    if (timers.length) await this.timers.schedule(timers);
    return result;
  }
}
