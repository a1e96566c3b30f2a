import { IsOptional, IsString } from 'class-validator';
import { Command, IsUuid } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@app/audit';
import { Actor, IsActor } from '../../../actor';
import { MatchReviewsRepository } from '../../match-reviews.repository';
import { childOfferedAsMatch } from '../match-offer';

export class RejectMatchCommand extends Command {
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

/** A worker says a possible match is not this child: recorded, audited, and no longer offered. */
@Injectable()
export class RejectMatchUseCase {
  constructor(private readonly reviews: MatchReviewsRepository) {}

  async execute({ childId, otherContactId, actor, reason }: RejectMatchCommand) {
    return this.reviews.transaction(async (m) => {
      await childOfferedAsMatch(this.reviews, m, childId, otherContactId);
      await this.reviews.recordVerdict(m, {
        childId,
        otherContactId,
        verdict: 'rejected',
        by: actor.username,
        reason,
      });
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'child.match_rejected',
        subjectType: 'child',
        subjectId: childId,
        childId,
        details: { otherContactId },
      });
      return { childId, verdict: 'rejected' };
    });
  }
}
